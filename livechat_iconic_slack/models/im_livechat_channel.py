from odoo import fields, models


class ImLivechatChannel(models.Model):
    _inherit = "im_livechat.channel"

    livechat_slack_channel = fields.Char(
        "Slack Channel",
        help="Slack channel (name or ID) where this queue's new visitors are announced. "
        "Empty: the default channel of the Live Chat settings.",
    )
