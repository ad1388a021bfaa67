from odoo import _, fields, models
from odoo.exceptions import UserError


class LivechatCloseTags(models.TransientModel):
    """Asks the agent for the chat's tags before it is closed, when its queue wants them."""

    _name = "livechat_iconic.close.tags"
    _description = "Tag a Chat Before Closing It"

    channel_id = fields.Many2one("discuss.channel", "Chat", required=True, ondelete="cascade")
    tag_ids = fields.Many2many(
        "im_livechat.conversation.tag",
        string="Tags",
        help="At least one: what the chat was about.",
    )
    mode = fields.Selection(
        [
            ("close", "Close (the board)"),
            ("leave", "Leave (the chat window)"),
            ("take", "Take (tags at the start)"),
        ],
        default="close",
        required=True,
        help="Close: the chat is closed here. Leave: the chat window leaves the chat once "
        "the tags are set. Take: the chat was just taken, it stays open.",
    )

    def action_confirm(self):
        """Tag the chat, then close it (board) or let the chat window leave it; a chat
        just taken stays open."""
        self.ensure_one()
        if not self.tag_ids:
            if self.mode == "take":
                raise UserError(_("Choose at least one tag."))
            raise UserError(_("Choose at least one tag to close the chat."))
        # the agent must be able to see the chat they tag (the record rules apply)
        channel = self.env["discuss.channel"].search([("id", "=", self.channel_id.id)])
        if not channel or channel.channel_type != "livechat":
            raise UserError(_("This chat is no longer available."))
        self.tag_ids.check_access("read")
        # sudo: the agent sees the chat and may use these tags, as Odoo's
        # /im_livechat/conversation/update_tags lets them tag it
        channel.sudo().livechat_conversation_tag_ids = [(4, tag.id) for tag in self.tag_ids]
        if self.mode == "take":
            return {"type": "ir.actions.act_window_close"}
        if self.mode == "close":
            channel.action_livechat_close()
            return {"type": "ir.actions.act_window_close"}
        return {"type": "ir.actions.act_window_close", "infos": {"livechat_tagged": True}}
