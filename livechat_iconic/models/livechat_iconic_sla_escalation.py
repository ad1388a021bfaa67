from odoo import fields, models
from odoo.tools import SQL, sql


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

    def init(self):
        """Upgrade: the chats marked "Supervisors Told" on the session's row (the stored
        column of earlier versions, left by Odoo) and still waiting for a first answer
        keep their mark, so that they are not escalated twice."""
        if not sql.column_exists(self.env.cr, "discuss_channel", "livechat_sla_escalated"):
            return
        self.env.cr.execute(
            SQL(
                "INSERT INTO livechat_iconic_sla_escalation (channel_id, escalated_dt) "
                "SELECT id, COALESCE(write_date, NOW() AT TIME ZONE 'UTC') "
                "FROM discuss_channel WHERE livechat_sla_escalated "
                "AND livechat_breach_dt IS NOT NULL "
                "ON CONFLICT (channel_id) DO NOTHING"
            )
        )
