"""The KPIs of a live chat session as SQL expressions over its stored fields.

One definition each, shared by the sessions report (``im_livechat.report.channel``), the
funnel report and the targets dashboard, so that a number on the dashboard is the number
the report shows when it is clicked. ``C`` is the alias of ``discuss_channel``.
"""

import pytz

from odoo.tools import SQL


def queue_seconds(now):
    """Seconds in the queue: from entering IN QUEUE until leaving it, or until the session
    stopped (closed or left), or until ``now`` while still queued; NULL when never queued.
    A "left the queue" time older than the "queued" time belongs to an earlier stay: the
    visitor is queued again. The same rule as lib/session_state.queue_seconds."""
    return SQL(
        """CASE WHEN C.livechat_in_queue_dt IS NOT NULL THEN GREATEST(0, EXTRACT(EPOCH FROM
        CASE WHEN C.livechat_dequeued_dt >= C.livechat_in_queue_dt THEN C.livechat_dequeued_dt
             ELSE COALESCE(C.livechat_stopped_dt, %s) END - C.livechat_in_queue_dt)) END""",
        now,
    )


def chat_seconds(now):
    """Seconds of conversation with an agent: from CHATTING until the session stopped, or
    until ``now`` while it goes on; NULL when it never reached CHATTING (the same rule as
    lib/session_state.chat_seconds)."""
    return SQL(
        """CASE WHEN C.livechat_chatting_dt IS NOT NULL THEN GREATEST(0, EXTRACT(EPOCH FROM
        CASE WHEN C.livechat_stopped_dt >= C.livechat_chatting_dt THEN C.livechat_stopped_dt
             ELSE %s END - C.livechat_chatting_dt)) END""",
        now,
    )


# Seconds from the moment the visitor needed a person (queued or assigned) to an agent's
# first answer, as stored when that answer came; NULL when nobody answered or the visitor
# never waited for a person (an agent's invitation answered by the visitor).
FIRST_RESPONSE_SECONDS = SQL(
    """CASE WHEN C.livechat_first_answer_dt IS NOT NULL
             AND COALESCE(C.livechat_in_queue_dt, C.livechat_waiting_dt) IS NOT NULL
        THEN C.livechat_first_answer_seconds END"""
)

# 1 for a missed chat (the stored livechat_missed: the visitor waited for a person and
# nobody answered before the end, or the answer came after the queue's longest wait).
MISSED = SQL("CASE WHEN C.livechat_missed THEN 1 ELSE 0 END")

# Odoo's ratings: 1 (unhappy), 3 (neutral), 5 (happy); 0 when the visitor did not rate
RATED = SQL("CASE WHEN C.rating_last_value >= 1 THEN 1 ELSE 0 END")
RATING_SCORE = SQL("CASE WHEN C.rating_last_value >= 1 THEN C.rating_last_value END")
SATISFACTION = SQL(
    "CASE WHEN C.rating_last_value >= 1 THEN (C.rating_last_value >= 5)::int * 100 END"
)


def agent(queue_partner_id):
    """The agent of the session: its operator when that is a user, not the queue's
    stand-in partner (a queued session) nor a bot."""
    return SQL(
        """CASE WHEN C.livechat_operator_id IS DISTINCT FROM %s AND EXISTS (
                SELECT 1 FROM res_users U WHERE U.partner_id = C.livechat_operator_id)
           THEN C.livechat_operator_id END""",
        queue_partner_id or 0,
    )


def safe_tz(tz_name):
    """``tz_name`` when PostgreSQL and pytz know it, else UTC."""
    return tz_name if tz_name in pytz.all_timezones_set else "UTC"


def local_start(tz_name):
    """When the session started, in the time zone ``tz_name`` (a naive timestamp)."""
    return SQL("(C.create_date AT TIME ZONE 'UTC' AT TIME ZONE %s)", safe_tz(tz_name))


def local_hour(tz_name):
    """The hour of day the session started, "00" to "23", in ``tz_name``."""
    return SQL("to_char(%s, 'HH24')", local_start(tz_name))


def local_weekday(tz_name):
    """The day of week the session started in ``tz_name``: "1" (Monday) to "7" (Sunday)."""
    return SQL("EXTRACT(ISODOW FROM %s)::int::text", local_start(tz_name))


HOURS = [(f"{hour:02d}", f"{hour:02d}:00") for hour in range(24)]
WEEKDAYS = [
    ("1", "Monday"),
    ("2", "Tuesday"),
    ("3", "Wednesday"),
    ("4", "Thursday"),
    ("5", "Friday"),
    ("6", "Saturday"),
    ("7", "Sunday"),
]
