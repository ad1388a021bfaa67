from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..lib.groups import LIVECHAT_MANAGER_GROUP


class LivechatContactNote(models.Model):
    """A note an agent writes on the visitor's contact from a chat. It lasts: it shows in
    every later chat with that contact, can be edited (each edit is tracked in the
    chatter: who, when, the previous text) but never deleted; a live chat manager may
    archive it. It goes with its contact only: when the contact is deleted, or erased
    (``res.partner._livechat_erase_personal_data``)."""

    _name = "livechat_iconic.contact.note"
    _description = "Live Chat Contact Note"
    _inherit = ["mail.thread"]
    _order = "create_date desc, id desc"
    _rec_name = "partner_id"

    partner_id = fields.Many2one(
        "res.partner",
        string="Contact",
        required=True,
        index=True,
        # never blocks deleting the contact (res.partner._unlink_livechat_contact_notes
        # deletes the notes with their edit history first)
        ondelete="cascade",
        tracking=True,
    )
    body = fields.Text("Note", required=True, tracking=True)
    author_id = fields.Many2one("res.users", string="Author", related="create_uid")
    channel_id = fields.Many2one(
        "discuss.channel",
        string="Written in Chat",
        ondelete="set null",
        readonly=True,
        domain=[("channel_type", "=", "livechat")],
    )
    active = fields.Boolean(default=True, tracking=True)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not vals.get("active", True):
                self._livechat_check_may_archive()
            if not (vals.get("body") or "").strip():
                raise UserError(_("A note needs a text."))
        return super().create(vals_list)

    def write(self, vals):
        if "active" in vals:
            self._livechat_check_may_archive()
        if "partner_id" in vals and any(note.partner_id.id != vals["partner_id"] for note in self):
            raise UserError(_("A note stays on the contact it was written on."))
        if "body" in vals and not (vals["body"] or "").strip():
            raise UserError(_("A note cannot be emptied: archive it instead (managers)."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        if self.env.su and self.env.context.get("livechat_iconic_erase"):
            return  # their contact is deleted or erased (res.partner), as the system does
        raise UserError(
            _(
                "Notes on a contact cannot be deleted, not even by their author; "
                "a live chat manager may archive them."
            )
        )

    def _livechat_check_may_archive(self):
        if not (self.env.su or self.env.user.has_group(LIVECHAT_MANAGER_GROUP)):
            raise UserError(_("Only a live chat manager may archive or restore a contact note."))

    def _livechat_panel_data(self):
        """What the chat's side panel shows of these notes."""
        return [
            {
                "id": note.id,
                "body": note.body,
                "author": note.author_id.name or "",
                "create_date": fields.Datetime.to_string(note.create_date),
                "write_date": fields.Datetime.to_string(note.write_date),
                "edited": note.write_date != note.create_date,
            }
            for note in self
        ]
