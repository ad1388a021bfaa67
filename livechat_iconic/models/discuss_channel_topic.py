from odoo import fields, models


class DiscussChannel(models.Model):
    _inherit = "discuss.channel"

    livechat_topic_id = fields.Many2one(
        "livechat_iconic.topic",
        "Topic",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
        help="The topic the visitor picked before the chat started.",
    )
