from odoo import fields, models


class LivechatAgentAlert(models.Model):
    """When an agent last got the "visitors are waiting" e-mail, so that they get at most
    one per interval (``livechat_iconic.alert_mail_interval_minutes``), and whether
    visitors came due for one while the interval ran (told by the next). One row per
    agent, written only by the alert scheduled action (``_cron_livechat_alert_operators``),
    never the user's own row: the action neither locks nor waits for ``res_users``."""

    _name = "livechat_iconic.agent.alert"
    _description = "Live Chat Agent Alert E-mails"
    _rec_name = "user_id"
    _log_access = False

    user_id = fields.Many2one(
        "res.users", "Agent", required=True, readonly=True, ondelete="cascade"
    )
    mail_dt = fields.Datetime("Last Alert E-mail", required=True, readonly=True)
    mail_held = fields.Boolean(
        "E-mail Held Back",
        readonly=True,
        help="Visitors came due for an e-mail while the interval ran: the agent is told "
        "when it ends, if they still wait.",
    )

    _user_uniq = models.Constraint("UNIQUE(user_id)", "One alert time per agent.")
