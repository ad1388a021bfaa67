from odoo import fields, models


class MailPresence(models.Model):
    _inherit = "mail.presence"

    livechat_offline_dt = fields.Datetime(
        "Offline Since",
        readonly=True,
        help="When this user or guest went offline; empty while online or away. Odoo's "
        "last_poll is no heartbeat (it moves at connect and on status events), so the "
        "moment of going offline is recorded here, when it happens.",
    )

    def write(self, vals):
        # in this order: who comes back online (mail_presence_routing.py), read before the
        # write; the moment of going offline; Odoo's write; then queued chats may be
        # dispatched to the agents who came back
        came = self._livechat_coming_back(vals)
        going_offline = vals.get("status") == "offline"
        if "status" in vals and not going_offline:
            vals = {**vals, "livechat_offline_dt": False}
        result = super().write(vals)
        if going_offline:
            # the first moment of a continuous absence is kept
            self.filtered(
                lambda p: not p.livechat_offline_dt
            ).livechat_offline_dt = fields.Datetime.now()
        came._livechat_dispatch_if_agent_came()
        return result
