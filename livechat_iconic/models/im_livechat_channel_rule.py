from odoo import fields, models


class ImLivechatChannelRule(models.Model):
    _inherit = "im_livechat.channel.rule"

    livechat_target_channel_id = fields.Many2one(
        "im_livechat.channel",
        "Route to Queue",
        ondelete="set null",
        help="Visitors this rule matches (by their country, through GeoIP, and the page) "
        "chat in this queue instead: a region's queue. When nobody there can answer, the "
        "queue's Fallback Queue takes them.",
    )
