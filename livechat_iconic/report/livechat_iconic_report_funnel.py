from odoo import fields, models
from odoo.tools import SQL

from ..lib import session_state as lifecycle
from . import kpi_sql

# The steps before the conversation, in order; CHATTING is the goal of the pre-chat
# funnel, CLOSED and LEFT how sessions end.
STEP_SEQUENCE = {state: index for index, state in enumerate(lifecycle.STATE_KEYS, start=1)}
CHATTING = STEP_SEQUENCE["chatting"]


class LivechatFunnelReport(models.Model):
    """The pre-chat funnel: one row per session and step of the life cycle it reached
    (LOADING → INVITED → IN QUEUE → WAITING → CHATTING → CLOSED / LEFT). A session reached a
    step when the step's timestamp is set. It abandoned at a step when it reached that step
    before Chatting, reached none of the later steps up to Chatting, and has ended (Closed or
    Left). An SQL view over the sessions' stored timestamps."""

    _name = "livechat_iconic.report.funnel"
    _description = "Live Chat Pre-Chat Funnel"
    _auto = False
    _order = "start_date desc, channel_id, step_sequence"
    _rec_name = "step"

    channel_id = fields.Many2one("discuss.channel", "Session", readonly=True)
    livechat_channel_id = fields.Many2one("im_livechat.channel", "Queue", readonly=True)
    agent_id = fields.Many2one(
        "res.partner", readonly=True, help="The agent who had the session last."
    )
    start_date = fields.Datetime("Session Start", readonly=True)
    local_hour = fields.Selection(
        kpi_sql.HOURS, "Hour of Day", readonly=True, help="In your time zone."
    )
    local_weekday = fields.Selection(
        kpi_sql.WEEKDAYS, "Weekday", readonly=True, help="In your time zone."
    )
    step = fields.Selection(lifecycle.STATES, readonly=True)
    step_sequence = fields.Integer("Step Order", readonly=True, aggregator=None)
    step_dt = fields.Datetime("Reached On", readonly=True)
    nbr_reached = fields.Integer(
        "Sessions Reaching", aggregator="sum", readonly=True, help="Sessions that reached it."
    )
    nbr_abandoned = fields.Integer(
        "Abandoned Here",
        aggregator="sum",
        readonly=True,
        help="Ended sessions whose furthest step before Chatting was this one.",
    )
    abandon_rate = fields.Float(
        "Abandon Rate (%)",
        digits=(16, 1),
        aggregator="avg",
        readonly=True,
        help="Share of the sessions reaching this step that abandoned here.",
    )

    @property
    def _table_query(self):
        tz_name = self.env["im_livechat.report.channel"]._livechat_iconic_tz()
        queue_partner_id = self.env["discuss.channel"]._livechat_queue_partner().id
        steps = SQL(", ").join(
            SQL("(%s, %s, C.%s)", sequence, state, SQL.identifier(f"livechat_{state}_dt"))
            for state, sequence in STEP_SEQUENCE.items()
        )
        furthest = SQL(
            "GREATEST(%s)",
            SQL(", ").join(
                SQL(
                    "CASE WHEN C.%s IS NOT NULL THEN %s END",
                    SQL.identifier(f"livechat_{state}_dt"),
                    sequence,
                )
                for state, sequence in STEP_SEQUENCE.items()
                if sequence <= CHATTING
            ),
        )
        abandoned = SQL(
            """CASE WHEN S.sequence < %(chatting)s AND S.sequence = %(furthest)s
                     AND C.livechat_state IN ('closed', 'left') THEN 1 ELSE 0 END""",
            chatting=CHATTING,
            furthest=furthest,
        )
        return SQL(
            """
            SELECT C.id * 10 + S.sequence AS id,
                   C.id AS channel_id,
                   C.livechat_channel_id AS livechat_channel_id,
                   %(agent)s AS agent_id,
                   C.create_date AS start_date,
                   %(hour)s AS local_hour,
                   %(weekday)s AS local_weekday,
                   S.step AS step,
                   S.sequence AS step_sequence,
                   S.step_dt AS step_dt,
                   1 AS nbr_reached,
                   %(abandoned)s AS nbr_abandoned,
                   %(abandoned)s * 100.0 AS abandon_rate
              FROM discuss_channel C
              CROSS JOIN LATERAL (VALUES %(steps)s) AS S(sequence, step, step_dt)
             WHERE C.channel_type = 'livechat' AND S.step_dt IS NOT NULL
            """,
            agent=kpi_sql.agent(queue_partner_id),
            hour=kpi_sql.local_hour(tz_name),
            weekday=kpi_sql.local_weekday(tz_name),
            abandoned=abandoned,
            steps=steps,
        )
