from odoo import fields, models


class LivechatSlaEscalation(models.Model):
    """A chat whose supervisors were told it was about to miss its first-response target
    (once per chat). Kept apart from the session's row, so that the escalation cron
    neither locks nor writes the row a visitor's message writes (``last_interest_dt``):
    the visitor's message never waits on it nor fails for it."""

    _name = "livechat_iconic.sla.escalation"
    _description = "Live Chat First-Response Escalation"
    _log_access = False

    channel_id = fields.Many2one(
        "discuss.channel", "Session", required=True, readonly=True, ondelete="cascade"
    )
    escalated_dt = fields.Datetime("Supervisors Told On", required=True, readonly=True)

    _channel_uniq = models.Constraint(
        "UNIQUE(channel_id)", "The supervisors are told once per chat."
    )
