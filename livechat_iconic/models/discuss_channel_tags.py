from odoo import _, models
from odoo.exceptions import UserError

from odoo.addons.mail.tools.discuss import Store


class DiscussChannel(models.Model):
    _inherit = "discuss.channel"

    # -- tags required when the agent closes ---------------------------------------------------
    def _livechat_untagged_on_close(self):
        """The live sessions of ``self`` whose queue asks for tags on close and that have
        none: an agent may not end them until they are tagged."""
        # sudo: reading the queue's option and the tags, to decide whether to ask
        return self.sudo().filtered(
            lambda c: (
                c.channel_type == "livechat"
                and not c.livechat_end_dt
                and c.livechat_channel_id.livechat_tags_required_on_close
                and not c.livechat_conversation_tag_ids
            )
        )

    def _livechat_check_tagged_before_close(self):
        """Refuse an agent's close of a session that must be tagged first (called first by
        ``action_livechat_close``, discuss_channel.py, and by ``action_unfollow``)."""
        untagged = self._livechat_untagged_on_close()
        if untagged:
            raise UserError(
                _(
                    "Tag the chat with %(visitor)s before closing it: its queue %(queue)s asks "
                    "for at least one tag.",
                    visitor=untagged[0].livechat_visitor_name or untagged[0].name,
                    queue=untagged[0].livechat_channel_id.name,
                )
            )

    def action_livechat_close_ask_tags(self):
        """The board's Close button: asks for tags first when the queue wants them."""
        self.ensure_one()
        if self._livechat_untagged_on_close():
            return self._livechat_close_tags_action("close")
        return self.action_livechat_close()

    def _livechat_close_tags_action(self, mode):
        return {
            "type": "ir.actions.act_window",
            "name": _("Tag the Chat") if mode == "take" else _("Tag the Chat Before Closing"),
            "res_model": "livechat_iconic.close.tags",
            "views": [[False, "form"]],
            "target": "new",
            "context": {"default_channel_id": self.id, "default_mode": mode},
        }

    # -- tags asked when the agent takes the chat ----------------------------------------------
    def _livechat_tags_on_take(self, result):
        """Called by ``action_livechat_take`` (discuss_channel.py) with the action it
        returns: when the queue asks for tags at the start and the chat has none, the
        conversation opens with the tags dialog (static/src/tags/take_tags_patch.js)."""
        # sudo: reading the queue's option and the tags of a chat the agent just took
        channel = self.sudo()
        if (
            isinstance(result, dict)
            and channel.livechat_channel_id.livechat_tags_asked_on_take
            and not channel.livechat_conversation_tag_ids
        ):
            result["context"] = {**result.get("context", {}), "livechat_iconic_ask_tags": True}
        return result

    def livechat_take_tags_action(self):
        """Asked by the chat the agent just took: the tags dialog (it tags, the chat stays
        open), or False when the chat is tagged already."""
        self.ensure_one()
        self._livechat_check_agent()
        # sudo: whether the chat the agent sees (checked above) has tags
        if self.sudo().livechat_conversation_tag_ids:
            return False
        return self._livechat_close_tags_action("take")

    def livechat_leave_tags_action(self):
        """Asked by the chat window before the agent leaves: the tags dialog when leaving
        would end an untagged chat whose queue wants tags, False otherwise."""
        self.ensure_one()
        if self._livechat_leaving_ends_chat() and self._livechat_untagged_on_close():
            return self._livechat_close_tags_action("leave")
        return False

    def _livechat_leaving_ends_chat(self):
        """Whether the current user leaving ends the chat, as Odoo ends it when the last
        agent leaves (``_action_unfollow``): they are its agent and only the visitor stays."""
        self.ensure_one()
        if self.channel_type != "livechat" or self.livechat_end_dt:
            return False
        # sudo: reading the members of a chat the user is leaving
        members = self.sudo().channel_member_ids
        mine = members.filtered(lambda m: m.partner_id == self.env.user.partner_id)
        return bool(mine) and mine.livechat_member_type == "agent" and len(members) <= 2

    def action_unfollow(self):
        # the agent leaving the chat window ends the chat: the tags come first. Not in
        # _action_unfollow, which the visitor's, the transfers' and the timeouts' ends use.
        if self._livechat_leaving_ends_chat():
            self._livechat_check_tagged_before_close()
        return super().action_unfollow()

    # -- the contact's tags in the side panel --------------------------------------------------
    def _livechat_contact_tags_store_fields(self):
        """Called by ``_get_livechat_session_fields_to_store`` (discuss_channel.py)."""
        return [
            Store.Attr("livechat_contact_tags", lambda channel: channel._livechat_contact_tags())
        ]

    def _livechat_contact_tags(self):
        """The side panel's contact tags (VIP, ...): those of the chat's contact, False when
        the chat belongs to no contact. Never the tags of a contact an anonymous visitor
        merely claims to be (see ``livechat_partner_id``)."""
        self.ensure_one()
        partner = self.livechat_partner_id
        if not partner:
            return False
        return {
            "partner_id": partner.id,
            "partner_name": partner.display_name,
            "tags": [
                {"id": tag.id, "name": tag.name, "color": tag.color} for tag in partner.category_id
            ],
        }
