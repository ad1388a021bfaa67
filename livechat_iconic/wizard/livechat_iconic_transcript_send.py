from odoo import _, fields, models
from odoo.exceptions import UserError

from ..lib import contact


class LivechatTranscriptSend(models.TransientModel):
    """An agent sends a session's transcript to any address (the envelope on a session)."""

    _name = "livechat_iconic.transcript.send"
    _description = "Send a Live Chat Transcript"

    session_id = fields.Many2one("discuss.channel", required=True, ondelete="cascade")
    email = fields.Char("Send To", required=True)

    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        session = self.env["discuss.channel"].browse(self.env.context.get("active_id"))
        if "session_id" in fields_list and session.channel_type == "livechat":
            values["session_id"] = session.id
            # sudo: the address the visitor gave, read by the agent sending the transcript
            values.setdefault("email", session.sudo().livechat_visitor_email or False)
        return values

    def action_send(self):
        self.ensure_one()
        self.session_id._livechat_check_agent()
        try:
            email = contact.clean_email(self.email)
        except contact.InvalidContact:
            raise UserError(_("This e-mail address is not valid.")) from None
        self.session_id._email_livechat_transcript(email)
        return {"type": "ir.actions.act_window_close"}
