from odoo import fields, models

from ..lib.groups import LIVECHAT_USER_GROUP
from ..tools.prefetch import DETAIL_PREFETCH


class DiscussChannel(models.Model):
    _inherit = "discuss.channel"

    livechat_topic_id = fields.Many2one(
        "livechat_iconic.topic",
        "Topic",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
        help="The topic the visitor picked before the chat started.",
        groups=LIVECHAT_USER_GROUP,
        prefetch=DETAIL_PREFETCH,
    )
