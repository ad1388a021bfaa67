from odoo import _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.mail.tools.discuss import Store

from ..lib.groups import LIVECHAT_USER_GROUP


class DiscussChannel(models.Model):
    _inherit = "discuss.channel"

    livechat_contact_note_ids = fields.One2many(
        "livechat_iconic.contact.note",
        compute="_compute_livechat_contact_note_ids",
        string="Contact Notes",
        groups=LIVECHAT_USER_GROUP,
        help="The notes on the contact this chat belongs to, written in this or earlier chats. "
        "Never the notes of a contact an anonymous visitor merely claims to be.",
    )

    @api.depends("livechat_partner_id.livechat_contact_note_ids")
    def _compute_livechat_contact_note_ids(self):
        for channel in self:
            channel.livechat_contact_note_ids = (
                channel.livechat_partner_id.livechat_contact_note_ids
            )

    def _livechat_contact_notes_store_fields(self):
        """Called by ``_get_livechat_session_fields_to_store`` (discuss_channel.py): the
        side panel's notes, for those who may read them."""
        if not self.env["livechat_iconic.contact.note"].has_access("read"):
            return []
        return [
            Store.Attr("livechat_contact_notes", lambda channel: channel._livechat_contact_notes())
        ]

    def _livechat_contact_notes(self):
        """The side panel's data: the chat's contact and its notes, False when the chat
        belongs to no contact (an anonymous visitor, whatever e-mail they typed)."""
        self.ensure_one()
        partner = self.livechat_partner_id
        if not partner:
            return False
        return {
            "partner_id": partner.id,
            "partner_name": partner.display_name,
            "notes": self.livechat_contact_note_ids._livechat_panel_data(),
        }

    def livechat_add_contact_note(self, body):
        """Write a note on this chat's contact (the side panel's Add button)."""
        self.ensure_one()
        if self.channel_type != "livechat" or not self.livechat_partner_id:
            raise UserError(_("This chat belongs to no contact: confirm who the visitor is first."))
        note = self.env["livechat_iconic.contact.note"].create(
            {"partner_id": self.livechat_partner_id.id, "body": body, "channel_id": self.id}
        )
        return note._livechat_panel_data()[0]
