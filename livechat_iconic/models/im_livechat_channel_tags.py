from odoo import fields, models


class ImLivechatChannel(models.Model):
    _inherit = "im_livechat.channel"

    livechat_tags_required_on_close = fields.Boolean(
        "Ask for Tags When Closing",
        help="An agent who ends a chat of this queue that has no tag is asked for at least "
        "one (the chat is not closed untagged). Chats the visitor closes, or that time out, "
        "are never held back.",
    )
    livechat_tags_asked_on_take = fields.Boolean(
        "Ask for Tags When Taking",
        help="An agent who takes an untagged chat of this queue is shown the tags dialog as "
        "the chat opens (tag your chats from the start); they may tag it later.",
    )
