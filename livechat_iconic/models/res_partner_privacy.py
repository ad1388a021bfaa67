from odoo import api, models
from odoo.fields import Domain


class ResPartner(models.Model):
    """Erasing what live chat keeps about a contact: the hook for privacy tools."""

    _inherit = "res.partner"

    def _livechat_sessions(self):
        """The live chat sessions whose visitor is one of these contacts: the chats that
        belong to them, and those they wrote in as the visitor (signed in)."""
        Channel = self.env["discuss.channel"]
        if not self:
            return Channel
        # sudo: every chat of the person, whoever may read it
        return Channel.sudo().search(
            Domain("channel_type", "=", "livechat")
            & (
                Domain("livechat_partner_id", "in", self.ids)
                | Domain(
                    "livechat_channel_member_history_ids",
                    "any",
                    Domain("partner_id", "in", self.ids)
                    & Domain("livechat_member_type", "=", "visitor"),
                )
            )
        )

    def _livechat_erase_personal_data(self):
        """Erase what live chat keeps about these contacts; the hook that privacy tools
        (OCA's privacy addons, a GDPR request handled by hand) call.

        Their chats (``discuss.channel._livechat_erase_personal_data``: messages, the
        visitor's details and context, the tickets' and leads' copies, the Slack
        notices), the visitor context of the tickets they sent from the widget, and the
        notes agents wrote on them. The contacts themselves stay: deleting or
        anonymising them is the caller's choice, and their notes never block it.
        Returns the sessions erased."""
        # sudo: the caller decided to erase (a manager's action, a privacy tool)
        partners = self.sudo()
        sessions = partners._livechat_sessions()._livechat_erase_personal_data()
        self.env["helpdesk.ticket"].sudo().with_context(active_test=False).search(
            [
                ("partner_id", "in", partners.ids),
                ("livechat_channel_id", "!=", False),
                ("livechat_session_id", "not in", sessions.ids),
            ]
        )._livechat_erase_personal_data()
        partners._livechat_unlink_contact_notes()
        return sessions

    def action_livechat_erase_visitor(self):
        """Erase these contacts' live chats (live chat managers only)."""
        self.env["discuss.channel"]._livechat_check_may_erase()
        self._livechat_erase_personal_data()
        return True

    @api.ondelete(at_uninstall=False)
    def _unlink_livechat_contact_notes(self):
        """A contact's notes never block deleting the contact: they go with it."""
        self._livechat_unlink_contact_notes()

    def _livechat_unlink_contact_notes(self):
        """Delete the notes on these contacts, archived ones and their edit history
        (their chatter) included: notes are never deleted otherwise."""
        # sudo: notes can be deleted by no user; the person's erasure deletes them
        notes = (
            self.env["livechat_iconic.contact.note"]
            .sudo()
            .with_context(active_test=False, livechat_iconic_erase=True)
            .search([("partner_id", "in", self.ids)])
        )
        notes.unlink()
