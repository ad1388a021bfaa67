from odoo import fields, models
from odoo.fields import Domain

DEFAULT_ESCALATE_BEFORE = 30  # seconds before the breach the supervisors are told


class ImLivechatChannel(models.Model):
    _inherit = "im_livechat.channel"

    livechat_escalate_before = fields.Integer(
        "Escalate Before Breach",
        default=DEFAULT_ESCALATE_BEFORE,
        help="Seconds before a waiting visitor's first-response target is breached at "
        "which the queue's supervisors are told, once, if no agent has answered yet.",
    )

    _livechat_escalate_before_positive = models.Constraint(
        "CHECK(livechat_escalate_before >= 0)",
        "The escalation lead time cannot be negative.",
    )

    def _livechat_sla_on_write(self, vals):
        """Called by ``write`` (im_livechat_channel.py) after it wrote ``vals``."""
        if {"livechat_first_response_target", "livechat_escalate_before"} & set(vals):
            # the waiting sessions' escalation moments moved: wake the cron in time again
            self.env["discuss.channel"].search(
                Domain("livechat_channel_id", "in", self.ids)
                & Domain("livechat_breach_dt", "!=", False)
                & Domain("livechat_sla_escalated", "=", False)
            )._livechat_schedule_timers()
