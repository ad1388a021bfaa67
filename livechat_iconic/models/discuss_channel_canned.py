from odoo import models

from odoo.addons.im_livechat.models.discuss_channel import is_livechat_channel
from odoo.addons.mail.tools.discuss import Store


class DiscussChannel(models.Model):
    _inherit = "discuss.channel"

    def _livechat_canned_store_fields(self, target):
        """Called by ``_to_store_defaults`` (discuss_channel.py): for an internal user, the
        visitor's name that ``{visitor_name}`` of the canned responses fills in (a stored
        column of the row already read)."""
        if not target.is_internal(self.env):
            return []
        # sudo: the agents' field, for an employee in the chat without the agents' group
        return [
            Store.Attr(
                "livechat_visitor_name",
                lambda c: c.sudo().livechat_visitor_name,
                predicate=is_livechat_channel,
            )
        ]

    def _livechat_canned_on_take(self, result):
        """Called by ``action_livechat_take`` (discuss_channel.py) with the action it
        returns: the conversation opens with the canned-response picker when I have not
        written in this chat yet (static/src/canned/discuss_client_action_patch.js)."""
        if isinstance(result, dict) and not self._livechat_agent_has_written():
            result["context"] = {**result.get("context", {}), "livechat_iconic_canned_picker": True}
        return result

    def _livechat_agent_has_written(self):
        self.ensure_one()
        # sudo: whether my own messages exist in a chat I just took (access checked by take)
        return bool(
            self.env["mail.message"]
            .sudo()
            .search_count(
                [
                    ("model", "=", "discuss.channel"),
                    ("res_id", "=", self.id),
                    ("author_id", "=", self.env.user.partner_id.id),
                    ("message_type", "=", "comment"),
                ],
                limit=1,
            )
        )
