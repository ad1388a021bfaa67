"""Staffing of a queue: its history per hour of the week, the agents its working calendars
schedule, the Erlang C model's expected wait told to visitors and the message form offered
up front when that wait is too long. The rules are in lib/staffing.py and lib/queue_wait.py."""

from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.tools import SQL

from ..lib import queue_wait, staffing

#: Seconds back from now whose answered chats give a queue's recent mean handle time.
HANDLE_WINDOW = 24 * 3600
#: The sessions' fields ``_livechat_serving_sql`` reads.
SERVING_FIELDS = [
    "channel_type",
    "livechat_state",
    "livechat_channel_id",
    "livechat_first_answer_dt",
    "livechat_end_dt",
    "livechat_stopped_dt",
]


class ImLivechatChannel(models.Model):
    _inherit = "im_livechat.channel"

    livechat_form_wait_minutes = fields.Integer(
        "Offer the Message Form Past (minutes)",
        help="When the expected wait of the next visitor (by the queue's agents serving now "
        "and its recent handle time) passes this many minutes, the widget offers the message "
        "form up front instead of a chat (0: never). Needs a Help Desk Team.",
    )

    _livechat_form_wait_minutes_positive = models.Constraint(
        "CHECK(livechat_form_wait_minutes >= 0)",
        "The expected wait past which the message form is offered cannot be negative.",
    )

    # -- the live model: who waits, how many chats are served, how long a chat lasts ---------
    @api.model
    def _livechat_serving_sql(self, queue_id):
        """Two SQL columns for the queue whose id is the SQL expression ``queue_id``: the
        chats an agent serves now (answered, not ended: each frees its place as it ends)
        and the mean handle time (first answer to end) of the chats answered within
        :data:`HANDLE_WINDOW` (NULL with fewer than ``queue_wait.MIN_SAMPLES``), for the
        queries that need them (``_livechat_wait_models``, the visitors' queue statuses).
        The caller flushes the sessions' fields first (:data:`SERVING_FIELDS`)."""
        return SQL(
            """
            (SELECT count(*) FROM discuss_channel c
              WHERE c.channel_type = 'livechat'
                AND c.livechat_state = 'chatting'
                AND c.livechat_end_dt IS NULL
                AND c.livechat_first_answer_dt IS NOT NULL
                AND c.livechat_channel_id = %(queue_id)s),
            (SELECT CASE WHEN count(*) >= %(min_samples)s
                         THEN avg(EXTRACT(EPOCH FROM
                                  COALESCE(h.livechat_end_dt, h.livechat_stopped_dt)
                                  - h.livechat_first_answer_dt))
                    END
               FROM discuss_channel h
              WHERE h.channel_type = 'livechat'
                AND h.livechat_channel_id = %(queue_id)s
                AND h.livechat_first_answer_dt >= %(since)s
                AND COALESCE(h.livechat_end_dt, h.livechat_stopped_dt)
                    >= h.livechat_first_answer_dt)
            """,
            queue_id=queue_id,
            min_samples=queue_wait.MIN_SAMPLES,
            since=fields.Datetime.now() - timedelta(seconds=HANDLE_WINDOW),
        )

    def _livechat_wait_models(self):
        """``{queue id: (waiting, servers, handle seconds)}`` for the queues in ``self``:
        the visitors IN QUEUE, then ``_livechat_serving_sql``'s chats being served and
        recent mean handle time (None without enough samples). One query whatever the
        number of queues."""
        if not self:
            return {}
        self.env["discuss.channel"].flush_model([*SERVING_FIELDS, "livechat_held"])
        self.env.cr.execute(
            SQL(
                """
                SELECT q.id,
                       (SELECT count(*) FROM discuss_channel w
                         WHERE w.channel_type = 'livechat'
                           AND w.livechat_state = 'in_queue'
                           AND w.livechat_held IS NOT TRUE
                           AND w.livechat_channel_id = q.id),
                       %(serving)s
                  FROM unnest(%(queue_ids)s::int[]) AS q(id)
                """,
                serving=self._livechat_serving_sql(SQL("q.id")),
                queue_ids=self.ids,
            )
        )
        return {
            queue_id: (waiting, servers, float(handle) if handle else None)
            for queue_id, waiting, servers, handle in self.env.cr.fetchall()
        }

    def _livechat_too_long_wait(self, available=False):
        """Whole minutes the next visitor of this queue would wait (their place: those
        waiting + 1; none when nobody waits and Odoo found an agent ``available``) when it
        passes the queue's limit (``livechat_form_wait_minutes``), else 0. No query for a
        queue without a limit."""
        self.ensure_one()
        if not self.livechat_form_wait_minutes:
            return 0
        waiting, servers, handle = self._livechat_wait_models()[self.id]
        seconds = queue_wait.next_visitor_wait(waiting, servers, handle, free=available)
        if seconds is None or seconds <= self.livechat_form_wait_minutes * 60:
            return 0
        return queue_wait.human_minutes(seconds)

    # -- the forecast's inputs: history and calendars -----------------------------------------
    def _livechat_staffing_tz(self):
        """The time zone the forecast's hours are told in: the first queue's opening hours,
        else the company's calendar, else the user's, else UTC."""
        calendar = self[:1].livechat_resource_calendar_id or self.env.company.resource_calendar_id
        return pytz.timezone(calendar.tz or self.env.user.tz or "UTC")

    def _livechat_staffing_profile(self, date_from, date_to, tz):
        """:func:`staffing.profile_from_totals` of these queues' sessions that asked for a
        person (queued, or given to an agent) in the local days ``[date_from, date_to]``:
        arrivals when they asked, handle time from the first answer to the end. One
        grouped query (at most 168 rows whatever the number of chats)."""
        start = datetime.combine(date_from, time.min)
        end = datetime.combine(date_to + timedelta(days=1), time.min)
        utc_start = tz.localize(start).astimezone(pytz.utc).replace(tzinfo=None)
        utc_end = tz.localize(end).astimezone(pytz.utc).replace(tzinfo=None)
        self.env["discuss.channel"].flush_model(
            [
                "channel_type",
                "livechat_channel_id",
                "livechat_in_queue_dt",
                "livechat_waiting_dt",
                "livechat_first_answer_dt",
                "livechat_end_dt",
                "livechat_stopped_dt",
            ]
        )
        self.env.cr.execute(
            SQL(
                """
                WITH chats AS (
                    SELECT (LEAST(s.livechat_in_queue_dt, s.livechat_waiting_dt)
                               AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s) AS arrived,
                           EXTRACT(EPOCH FROM COALESCE(s.livechat_end_dt, s.livechat_stopped_dt)
                                              - s.livechat_first_answer_dt) AS handle
                      FROM discuss_channel s
                     WHERE s.channel_type = 'livechat'
                       AND s.livechat_channel_id = ANY(%(queue_ids)s)
                       AND LEAST(s.livechat_in_queue_dt, s.livechat_waiting_dt) >= %(start)s
                       AND LEAST(s.livechat_in_queue_dt, s.livechat_waiting_dt) < %(end)s
                )
                SELECT EXTRACT(ISODOW FROM arrived)::int - 1, EXTRACT(HOUR FROM arrived)::int,
                       count(*), count(handle) FILTER (WHERE handle >= 0),
                       COALESCE(sum(handle) FILTER (WHERE handle >= 0), 0)
                  FROM chats
                 GROUP BY 1, 2
                """,
                tz=tz.zone,
                queue_ids=self.ids,
                start=utc_start,
                end=utc_end,
            )
        )
        totals = {
            (weekday, hour): (count, handled, float(handle_sum))
            for weekday, hour, count, handled, handle_sum in self.env.cr.fetchall()
        }
        return staffing.profile_from_totals(totals, start, end)

    def _livechat_scheduled_agents(self, tz):
        """``{(weekday, hour): agents}`` of a typical week: how many of these queues'
        agents their working calendar (a user without one: the company's) schedules at
        each hour, told in ``tz``. The week is the next one from Monday, attendances only
        (a typical week, not this week's holidays)."""
        company_calendar = self.env.company.resource_calendar_id
        today = fields.Date.context_today(self)
        monday = today + timedelta(days=7 - today.weekday())
        start = tz.localize(datetime.combine(monday, time.min))
        end = start + timedelta(days=7)
        scheduled = {}
        by_calendar = {}
        # sudo: the agents' working hours, read for the supervisor's forecast
        for user in self.sudo().user_ids:
            calendar = user.resource_calendar_id or company_calendar
            if calendar:
                by_calendar[calendar] = by_calendar.get(calendar, 0) + 1
        for calendar, agents in by_calendar.items():
            intervals = calendar._attendance_intervals_batch(start, end)[False]
            local = [
                (s.astimezone(tz).replace(tzinfo=None), e.astimezone(tz).replace(tzinfo=None))
                for s, e, _attendance in intervals
            ]
            for key in staffing.covered_hours(local):
                scheduled[key] = scheduled.get(key, 0) + agents
        return scheduled

    @api.model
    def _livechat_parallel_chats(self, queue):
        """Chats an agent serves at once in ``queue``: its Maximum Sessions when limited,
        else the global cap (Settings), else 1."""
        if queue.max_sessions_mode == "limited" and queue.max_sessions:
            return queue.max_sessions
        return self._livechat_global_cap() or 1
