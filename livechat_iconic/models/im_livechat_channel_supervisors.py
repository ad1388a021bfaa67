from odoo import api, fields, models

from ..lib.groups import LIVECHAT_MANAGER_GROUP

ALERT_NOTIFICATION = "livechat_iconic.alert"


class ImLivechatChannel(models.Model):
    _inherit = "im_livechat.channel"

    livechat_supervisor_ids = fields.Many2many(
        "res.users",
        "im_livechat_channel_supervisor_rel",
        "channel_id",
        "user_id",
        string="Supervisors",
        domain=lambda self: [("all_group_ids", "in", self.env.ref(LIVECHAT_MANAGER_GROUP).id)],
        help="Told when a chat of this queue is about to miss its first-response target or "
        "nobody answers it. Empty: every live chat manager.",
    )

    def _livechat_supervisors(self):
        """The users who supervise this queue: its supervisors, or else every live chat
        manager (internal, active)."""
        self.ensure_one()
        # sudo: reading who supervises the queue, to tell them; no data is returned
        supervisors = self.sudo().livechat_supervisor_ids.filtered("active")
        if not supervisors:
            supervisors = (
                self.env.ref(LIVECHAT_MANAGER_GROUP)
                .sudo()
                .all_user_ids.filtered(lambda u: u.active and not u.share)
            )
        return supervisors

    @api.model
    def _livechat_alert_payload(self, session, title, body):
        """The bus payload of ``livechat_iconic.alert`` (shown by the backend's waiting
        alert service: a notification with a button to the board, and a desktop one; with
        a sound when the visitor needs a person and the queue notifies at once)."""
        return {
            "id": session.id,
            "title": title,
            "body": body,
            "url": f"/livechat/waiting/{session.id}",
            "sound": session._livechat_alert_sound(),
        }

    def _livechat_notify_supervisors(self, session, title, body):
        """Tell this queue's supervisors about ``session`` (a bus notice, see
        ``_livechat_alert_payload``)."""
        self.ensure_one()
        payload = self._livechat_alert_payload(session, title, body)
        for user in self._livechat_supervisors():
            user.partner_id._bus_send(ALERT_NOTIFICATION, payload)
