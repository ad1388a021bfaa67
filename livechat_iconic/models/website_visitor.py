from odoo import _, models
from odoo.exceptions import UserError


class WebsiteVisitor(models.Model):
    _inherit = "website.visitor"

    def action_send_chat_request(self):
        """A visitor another agent invited is theirs until that agent releases it."""
        # sudo: reading who invited these visitors, to tell the agent
        invited = (
            self.env["discuss.channel"]
            .sudo()
            .search(
                [
                    ("livechat_visitor_id", "in", self.ids),
                    ("livechat_state", "=", "invited"),
                    ("livechat_operator_id", "!=", self.env.user.partner_id.id),
                ],
                limit=1,
            )
        )
        if invited:
            raise UserError(
                _(
                    "%(agent)s invited this visitor; they must release the invitation first.",
                    agent=invited.livechat_operator_id.name,
                )
            )
        # an invisible agent opens no chat of an assigned queue (im_livechat_channel_routing.py)
        for queue in self.website_id.channel_id:
            queue._livechat_routing_check_may_take()
        result = super().action_send_chat_request()
        self._livechat_type_invited_members()
        return result

    def _livechat_type_invited_members(self):
        """Odoo types every member it adds to an invitation as an agent, the invited
        visitor's guest included; the visitor is the visitor, so that their first reply
        is seen as theirs (and the session becomes CHATTING)."""
        # sudo: setting the member type of the invitations just created
        sessions = (
            self.env["discuss.channel"]
            .sudo()
            .search([("livechat_visitor_id", "in", self.ids), ("livechat_state", "=", "invited")])
        )
        for member in sessions.channel_member_ids:
            visitor = member.channel_id.livechat_visitor_id
            if member.guest_id or (visitor.partner_id and member.partner_id == visitor.partner_id):
                member.livechat_member_type = "visitor"
