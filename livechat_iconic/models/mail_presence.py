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
        if "status" in vals:
            offline = vals["status"] == "offline"
            if offline:
                # keep the first moment of a continuous absence
                going = self.filtered(lambda p: p.status != "offline" or not p.livechat_offline_dt)
                others = self - going
                result = super(MailPresence, going).write(
                    {**vals, "livechat_offline_dt": fields.Datetime.now()}
                )
                if others:
                    super(MailPresence, others).write(vals)
                return result
            vals = {**vals, "livechat_offline_dt": False}
        return super().write(vals)
