from odoo import fields, models

from ..lib import miss_cause

ESCALATION_STEPS = [
    (miss_cause.ESCALATION_DESKTOP, "Supervisors' desktop notice"),
    (miss_cause.ESCALATION_SLACK, "Slack direct message"),
    (miss_cause.ESCALATION_EMAIL, "E-mail to the supervisors"),
]


class LivechatAlertAck(models.Model):
    """An agent's browser showed the "a visitor is waiting" notice of a session: the
    acknowledgement its waiting alert service sends back (``livechat_ack_alerts``). One
    row per session and agent, the first showing. Kept apart from the session's row, so
    that an acknowledgement neither locks nor waits for the row a visitor's message
    writes. Read when the wait ends (the miss cause: alert not delivered, or seen and
    not taken) and by the alert escalation (an alert nobody acknowledged)."""

    _name = "livechat_iconic.alert.ack"
    _description = "Live Chat Alert Acknowledgement"
    _log_access = False

    channel_id = fields.Many2one(
        "discuss.channel", "Session", required=True, readonly=True, ondelete="cascade"
    )
    user_id = fields.Many2one(
        "res.users", "Agent", required=True, readonly=True, ondelete="cascade"
    )
    shown_dt = fields.Datetime("Shown On", required=True, readonly=True)

    _channel_user_uniq = models.Constraint(
        "UNIQUE(channel_id, user_id)", "A notice is acknowledged once per agent."
    )


class LivechatAlertEscalation(models.Model):
    """A step of the escalation of a waiting-visitor alert that no agent's browser
    acknowledged within the queue's limit: the supervisors' desktop notice, then a Slack
    direct message, then an e-mail (``_cron_livechat_alert_escalation``). One row per
    session and step, on record."""

    _name = "livechat_iconic.alert.escalation"
    _description = "Live Chat Alert Escalation"
    _order = "escalated_dt, id"
    _log_access = False

    channel_id = fields.Many2one(
        "discuss.channel", "Session", required=True, readonly=True, ondelete="cascade"
    )
    step = fields.Selection(ESCALATION_STEPS, required=True, readonly=True)
    escalated_dt = fields.Datetime("Escalated On", required=True, readonly=True)
    recipient_count = fields.Integer(
        "Recipients",
        readonly=True,
        help="Supervisors this step reached (0: nobody could be reached this way, e.g. no "
        "Slack connection or no Slack member ID).",
    )

    _channel_step_uniq = models.Constraint(
        "UNIQUE(channel_id, step)", "Each escalation step is taken once per session."
    )
