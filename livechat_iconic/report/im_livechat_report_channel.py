from odoo import fields, models
from odoo.tools import SQL

from ..lib import session_state as lifecycle
from . import kpi_sql


class ImLivechatReportChannel(models.Model):
    """Odoo's sessions report (Live Chat ▸ Reporting ▸ Sessions) with this addon's KPIs:
    queue time, first response, chat length, missed chats, ratings of rated chats, the
    outcome and final state, the agent, and the hour and day in the reader's time zone.
    Every column is an SQL expression over stored fields (report/kpi_sql.py)."""

    _inherit = "im_livechat.report.channel"

    # Odoo's column is the session's operator: the queue's stand-in or a bot too
    partner_id = fields.Many2one(string="Operator")
    agent_id = fields.Many2one(
        "res.partner",
        readonly=True,
        help="The agent who had the session last; empty while it is queued or a bot had it.",
    )
    livechat_state = fields.Selection(lifecycle.STATES, "Visitor State", readonly=True)
    livechat_outcome = fields.Selection(
        selection="_selection_livechat_outcome", string="Outcome", readonly=True
    )
    queue_seconds = fields.Float(
        "Queue Time (s)",
        digits=(16, 0),
        aggregator="avg",
        readonly=True,
        help="Seconds the visitor waited In Queue (until taken, or until the end); "
        "sessions never queued are left out of the average.",
    )
    first_response_seconds = fields.Float(
        "First Response (s)",
        digits=(16, 0),
        aggregator="avg",
        readonly=True,
        help="Seconds from the moment the visitor needed a person (queued or assigned) to "
        "an agent's first answer; unanswered sessions are left out of the average (they "
        "are counted as missed chats).",
    )
    chat_seconds = fields.Float(
        "Chat Length (s)",
        digits=(16, 0),
        aggregator="avg",
        readonly=True,
        help="Seconds from the start of the conversation with an agent (Chatting) to the "
        "end of the session; sessions that never reached Chatting are left out.",
    )
    nbr_missed = fields.Integer(
        "Missed Chats",
        aggregator="sum",
        readonly=True,
        help="A chat is missed when the visitor waited for a person (In Queue or Waiting) "
        "and the session ended before any agent answered, or the first answer came later "
        "than the queue's longest wait. The supervisors' target is zero a month. An agent's "
        "assignment passed on unanswered is no missed chat (see Not Answered by Agents).",
    )
    nbr_rated = fields.Integer("Rated Chats", aggregator="sum", readonly=True)
    rating_score = fields.Float(
        "Rating Score (1-5)",
        digits=(16, 2),
        aggregator="avg",
        readonly=True,
        help="The visitors' rating, 1 (unhappy), 3 (neutral) or 5 (happy), over the "
        "rated chats only.",
    )
    satisfaction = fields.Float(
        "Satisfaction (%)",
        digits=(16, 1),
        aggregator="avg",
        readonly=True,
        help="Share of the rated chats rated happy.",
    )
    suggestion_used = fields.Float(
        "Suggestion Used (%)",
        digits=(16, 1),
        aggregator="avg",
        readonly=True,
        help="Share of the chats in which an agent inserted a reply suggestion and then "
        "sent a message.",
    )
    local_hour = fields.Selection(
        kpi_sql.HOURS,
        "Hour of Day",
        readonly=True,
        help="The hour the session started, in your time zone.",
    )
    local_weekday = fields.Selection(
        kpi_sql.WEEKDAYS,
        "Weekday",
        readonly=True,
        help="The day of week the session started, in your time zone.",
    )

    def _selection_livechat_outcome(self):
        return (
            self.env["discuss.channel"]._fields["livechat_outcome"]._description_selection(self.env)
        )

    def _livechat_iconic_tz(self):
        return self.env.context.get("tz") or self.env.user.tz or "UTC"

    def _select(self) -> SQL:
        tz_name = self._livechat_iconic_tz()
        now = fields.Datetime.now()  # the Python computes' now (and tests' frozen time)
        queue_partner_id = self.env["discuss.channel"]._livechat_queue_partner().id
        return SQL(
            """%s,
                %s AS agent_id,
                C.livechat_state AS livechat_state,
                C.livechat_outcome AS livechat_outcome,
                %s AS queue_seconds,
                %s AS first_response_seconds,
                %s AS chat_seconds,
                %s AS nbr_missed,
                %s AS nbr_rated,
                %s AS rating_score,
                %s AS satisfaction,
                CASE WHEN C.livechat_suggestion_used THEN 100.0 ELSE 0.0 END AS suggestion_used,
                %s AS local_hour,
                %s AS local_weekday
            """,
            super()._select(),
            kpi_sql.agent(queue_partner_id),
            kpi_sql.queue_seconds(now),
            kpi_sql.FIRST_RESPONSE_SECONDS,
            kpi_sql.chat_seconds(now),
            kpi_sql.MISSED,
            kpi_sql.RATED,
            kpi_sql.RATING_SCORE,
            kpi_sql.SATISFACTION,
            kpi_sql.local_hour(tz_name),
            kpi_sql.local_weekday(tz_name),
        )
