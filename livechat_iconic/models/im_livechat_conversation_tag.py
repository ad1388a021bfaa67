from odoo import _, fields, models


class ImLivechatConversationTag(models.Model):
    _inherit = "im_livechat.conversation.tag"

    livechat_chat_count = fields.Integer(
        "Chats", compute="_compute_livechat_chat_count", help="The chats with this tag."
    )

    def _compute_livechat_chat_count(self):
        counts = dict(
            self.env["discuss.channel"]._read_group(
                [
                    ("channel_type", "=", "livechat"),
                    ("livechat_conversation_tag_ids", "in", self.ids),
                ],
                ["livechat_conversation_tag_ids"],
                ["__count"],
            )
        )
        for tag in self:
            tag.livechat_chat_count = counts.get(tag, 0)

    def action_livechat_open_chats(self):
        """Every chat with this tag, in the archive (searchable further)."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "livechat_iconic.discuss_channel_action_archive"
        )
        action["name"] = _("Chats Tagged %(tag)s", tag=self.name)
        action["domain"] = [
            ("channel_type", "=", "livechat"),
            ("livechat_channel_id", "!=", False),
            ("livechat_conversation_tag_ids", "in", self.ids),
        ]
        return action
