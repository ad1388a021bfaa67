from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from ..lib import alert_digest, miss_cause, routing
from ..lib.groups import LIVECHAT_USER_GROUP
from ..tools.prefetch import DETAIL_PREFETCH
from .discuss_channel_inactivity import RETRY_AFTER
from .livechat_iconic_session_followup import MAIL_INTERVAL_PARAM

MISS_CAUSES = [
    (miss_cause.VISITOR_LEFT, "Visitor left at once"),
    (miss_cause.OUTSIDE_HOURS, "Outside opening hours"),
    (miss_cause.NOBODY_ONLINE, "Nobody online"),
    (miss_cause.ALL_BUSY, "Everyone at capacity"),
    (miss_cause.TAKEN_NOT_ANSWERED, "Taken, not answered"),
    (miss_cause.ALERT_NOT_DELIVERED, "Alert not delivered"),
    (miss_cause.ALERT_NOT_TAKEN, "Alert seen, not taken"),
]
#: when the causes began to be recorded (an upgraded database: its older sessions have none)
MISS_CAUSES_SINCE_PARAM = "livechat_iconic.miss_causes_since"
#: the timers capture a waiting session's facts at most this often
FACTS_INTERVAL = timedelta(minutes=1)
#: the states in which a visitor waits for a person
WAITING_STATES = ("in_queue", "waiting")


class DiscussChannel(models.Model):
    """No silent miss: every visitor who asked for a person and waited beyond the queue's
    first-response target gets one recorded cause (``lib/miss_cause.py``), from facts
    captured while they waited: the queue's agents online and free (at the visitor's ask,
    then at each run of the timers scheduled action, the most kept), whether the queue
    was closed, the agents' browsers that acknowledged the waiting-visitor alert; and the
    escalation of an alert nobody acknowledged (desktop, Slack, e-mail: on record)."""

    _inherit = "discuss.channel"

    livechat_wait_agents_online = fields.Integer(
        "Agents Online While Waiting",
        readonly=True,
        copy=False,
        help="The most agents of the queue shown online (able to get the chat) at any check "
        "while the visitor waited for a first answer.",
        groups=LIVECHAT_USER_GROUP,
        prefetch=DETAIL_PREFETCH,
    )
    livechat_wait_agents_free = fields.Integer(
        "Agents Free While Waiting",
        readonly=True,
        copy=False,
        help="Of them, the most under their capacity at any check.",
        groups=LIVECHAT_USER_GROUP,
        prefetch=DETAIL_PREFETCH,
    )
    livechat_wait_outside_hours = fields.Boolean(
        "Closed While Waiting",
        readonly=True,
        copy=False,
        help="The queue was outside its opening hours at a check while the visitor waited.",
        groups=LIVECHAT_USER_GROUP,
        prefetch=DETAIL_PREFETCH,
    )
    livechat_wait_checked_dt = fields.Datetime(
        "Wait Facts Checked On",
        readonly=True,
        copy=False,
        help="When the facts of the wait (agents online and free, opening hours) were last "
        "captured: the timers capture them at most once a minute per session.",
        groups=LIVECHAT_USER_GROUP,
        prefetch=DETAIL_PREFETCH,
    )
    livechat_alert_dt = fields.Datetime(
        "Agents Alerted On",
        readonly=True,
        copy=False,
        help="When the agents were first sent the waiting-visitor notice.",
        groups=LIVECHAT_USER_GROUP,
        prefetch=DETAIL_PREFETCH,
    )
    livechat_miss_cause = fields.Selection(
        MISS_CAUSES,
        "Miss Cause",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Why the visitor waited beyond the queue's first-response target (empty: "
        "answered in time, or did not wait for a person).",
        groups=LIVECHAT_USER_GROUP,
        prefetch=DETAIL_PREFETCH,
    )
    livechat_wait_seconds = fields.Integer(
        "Wait (s)",
        readonly=True,
        copy=False,
        aggregator="avg",
        help="Of a missed or late chat: seconds from asking for a person to the first "
        "answer, or to the end of the wait when nobody answered.",
        groups=LIVECHAT_USER_GROUP,
        prefetch=DETAIL_PREFETCH,
    )
    livechat_wait_hour = fields.Integer(
        "Hour Asked",
        readonly=True,
        copy=False,
        aggregator=False,
        help="Of a missed or late chat: the hour of the day the visitor asked for a person "
        "(in the queue's opening hours' time zone, else UTC).",
        groups=LIVECHAT_USER_GROUP,
        prefetch=DETAIL_PREFETCH,
    )
    livechat_wait_ended = fields.Boolean(
        "Wait Ended Late",
        readonly=True,
        copy=False,
        help="The visitor's wait for a first answer ended beyond the queue's target: it has "
        "a miss cause.",
        groups=LIVECHAT_USER_GROUP,
        prefetch=DETAIL_PREFETCH,
    )
    livechat_alert_acknowledged = fields.Boolean(
        "Alert Acknowledged",
        compute="_compute_livechat_alert_acknowledged",
        help="An agent's browser showed the waiting-visitor notice of this chat.",
        groups=LIVECHAT_USER_GROUP,
    )
    livechat_alert_escalation_ids = fields.One2many(
        "livechat_iconic.alert.escalation",
        "channel_id",
        "Alert Escalations",
        readonly=True,
        groups=LIVECHAT_USER_GROUP,
    )

    def _compute_livechat_alert_acknowledged(self):
        counts = self._livechat_ack_counts()
        for channel in self:
            channel.livechat_alert_acknowledged = bool(counts.get(channel.id))

    def _livechat_ack_counts(self):
        """``{session id: agents whose browser acknowledged its notice}``. One query."""
        if not self.ids:
            return {}
        self.env.cr.execute(
            SQL(
                "SELECT channel_id, count(*) FROM livechat_iconic_alert_ack "
                "WHERE channel_id = ANY(%s) GROUP BY channel_id",
                self.ids,
            )
        )
        return dict(self.env.cr.fetchall())

    # -- the agent's browser acknowledges a notice it showed ---------------------------------
    @api.model
    def livechat_ack_alerts(self, session_ids):
        """The waiting alert service showed the notice of ``session_ids`` (one session's,
        or a digest's): recorded once per session and agent. Agents only; at most
        ``miss_cause.ACK_MAX_SESSIONS`` ids; ids of other records are ignored. One query."""
        if not self.env.user.has_group(LIVECHAT_USER_GROUP) or self.env.user.share:
            raise AccessError(self.env._("Only live chat agents acknowledge waiting alerts."))
        if not isinstance(session_ids, list) or len(session_ids) > miss_cause.ACK_MAX_SESSIONS:
            raise UserError(self.env._("Too many or malformed alert acknowledgements."))
        ids = sorted({i for i in session_ids if isinstance(i, int) and not isinstance(i, bool)})
        if not ids:
            return 0
        self.env.cr.execute(
            SQL(
                "INSERT INTO livechat_iconic_alert_ack (channel_id, user_id, shown_dt) "
                "SELECT id, %s, %s FROM discuss_channel "
                "WHERE id = ANY(%s) AND channel_type = 'livechat' "
                "ON CONFLICT (channel_id, user_id) DO NOTHING",
                self.env.uid,
                fields.Datetime.now(),
                ids,
            )
        )
        return self.env.cr.rowcount

    # -- the facts of a wait ------------------------------------------------------------------
    def _livechat_miss_capture(self, facts=None):
        """Capture the facts of these waiting sessions now: their queue's agents shown
        online and free, and whether the queue is closed; each session keeps the most
        seen during its wait. ``facts``: ``_livechat_miss_queue_facts`` of their queues,
        read already (the timers read them once per run). One update per queue."""
        # sudo: the facts are read and kept by the system, whoever acts
        sessions = self.sudo().filtered(
            lambda c: (
                c.channel_type == "livechat"
                and c.livechat_state in WAITING_STATES
                and c.livechat_channel_id
            )
        )
        if not sessions:
            return
        now = fields.Datetime.now()
        if facts is None:
            facts = self._livechat_miss_queue_facts(sessions.livechat_channel_id, now)
        fact_fields = [
            "livechat_wait_agents_online",
            "livechat_wait_agents_free",
            "livechat_wait_outside_hours",
            "livechat_wait_checked_dt",
        ]
        self.env["discuss.channel"].flush_model(fact_fields)
        for queue in sessions.livechat_channel_id:
            online, free, closed = facts[queue.id]
            self.env.cr.execute(
                SQL(
                    """UPDATE discuss_channel
                          SET livechat_wait_agents_online
                                  = GREATEST(livechat_wait_agents_online, %s),
                              livechat_wait_agents_free = GREATEST(livechat_wait_agents_free, %s),
                              livechat_wait_outside_hours
                                  = livechat_wait_outside_hours IS TRUE OR %s,
                              livechat_wait_checked_dt = %s
                        WHERE id = ANY(%s)""",
                    online,
                    free,
                    closed,
                    now,
                    sessions.filtered(lambda c, q=queue: c.livechat_channel_id == q).ids,
                )
            )
        sessions.invalidate_recordset(fact_fields)

    @api.model
    def _livechat_miss_queue_facts(self, queues, now):
        """``{queue id: (agents shown online, of them under their capacity, closed)}``
        now: the routing's own view of the agents (``_livechat_routing_candidates``), for
        all the queues at once: a fixed number of queries."""
        # sudo: the agents' presence and loads, read as the routing reads them
        queues = queues.sudo()
        candidates = queues._livechat_routing_candidates(to_choose=False)
        facts = {}
        for queue in queues:
            mode = queue.livechat_routing_mode or routing.ASSIGNED
            serving = [
                c for c in candidates.get(queue, []) if c.status in routing.SERVING_STATUSES[mode]
            ]
            free = [c for c in serving if c.has_room()]
            facts[queue.id] = (len(serving), len(free), not queue._livechat_is_open(now))
        return facts

    def _livechat_miss_assigned(self):
        """These sessions were given to an agent (WAITING): one agent was online and
        free at that moment, which their facts keep without reading anyone's presence.
        One query for all (the dispatch gives many at once)."""
        livechats = self.filtered(lambda c: c.channel_type == "livechat")
        if not livechats:
            return
        self.env["discuss.channel"].flush_model(
            ["livechat_wait_agents_online", "livechat_wait_agents_free"]
        )
        self.env.cr.execute(
            SQL(
                "UPDATE discuss_channel SET "
                "livechat_wait_agents_online = GREATEST(livechat_wait_agents_online, 1), "
                "livechat_wait_agents_free = GREATEST(livechat_wait_agents_free, 1) "
                "WHERE id = ANY(%s)",
                livechats.ids,
            )
        )
        livechats.invalidate_recordset(["livechat_wait_agents_online", "livechat_wait_agents_free"])

    @api.model
    def _cron_livechat_miss_facts(self):
        """Part of the timers scheduled action: the facts of every visitor still waiting
        for a first answer and not checked in the last minute (the agents' presence and
        loads read once for the run), in committed batches, the rows locked with SKIP
        LOCKED (a session a visitor's transaction holds is seen on the next run)."""
        now = fields.Datetime.now()
        batch_size = self._livechat_cron_batch_size()
        self.env.flush_all()
        facts, last_id = {}, 0
        while True:
            self.env.cr.execute(
                SQL(
                    "SELECT id FROM discuss_channel WHERE channel_type = 'livechat' "
                    "AND livechat_breach_dt IS NOT NULL AND id > %s "
                    "AND (livechat_wait_checked_dt IS NULL OR livechat_wait_checked_dt <= %s) "
                    "ORDER BY id LIMIT %s",
                    last_id,
                    now - FACTS_INTERVAL,
                    batch_size,
                )
            )
            batch = self.browse([row[0] for row in self.env.cr.fetchall()])
            if not batch:
                return True
            last_id = batch.ids[-1]
            locked = batch._livechat_try_lock()
            # sudo: the queues' agents, read by the system
            new_queues = locked.sudo().livechat_channel_id.filtered(lambda q: q.id not in facts)
            if new_queues:
                facts.update(self._livechat_miss_queue_facts(new_queues, now))
            locked._livechat_all_safely(lambda s: s._livechat_miss_capture(facts), "miss facts")
            if not self._livechat_cron_commit(len(batch)):
                self._livechat_cron_unfinished(self._livechat_timers_cron())
                return False

    # -- the cause, when the wait ends --------------------------------------------------------
    def _livechat_miss_on_create(self):
        """Called by ``create``: a session created with its wait over (an import, a
        copy of history) gets its cause at once. No query for a new visitor's session."""
        # sudo: the session's times are the agents' fields, whoever created it
        self.sudo().filtered(
            lambda c: (
                c.channel_type == "livechat" and (c.livechat_first_answer_dt or c.livechat_end_dt)
            )
        )._livechat_miss_record()

    def _livechat_miss_on_announce(self):
        """Called by ``_livechat_announce``: the visitor asked; the facts of the moment
        (of a visitor given to an agent at once, that an agent was online and free)."""
        # sudo: the state is the agents' field, whoever wrote the first message
        queued = self.sudo().filtered(lambda c: c.livechat_state == "in_queue")
        queued._livechat_miss_capture()
        (self.sudo() - queued).filtered(
            lambda c: c.livechat_state == "waiting"
        )._livechat_miss_assigned()

    def _livechat_miss_on_state(self, new_state):
        """Called by ``_livechat_set_state`` after the change: a visitor who starts waiting
        for a person (their facts now), a wait that ended unanswered (its cause)."""
        if new_state == "in_queue":
            self.filtered(lambda c: not c.sudo().livechat_held)._livechat_miss_capture()
        elif new_state == "waiting":
            self._livechat_miss_assigned()
        elif new_state in ("left", "closed"):
            self._livechat_miss_record()

    def _livechat_miss_on_write(self, vals):
        """Called by ``write`` after it wrote ``vals``: a first answer ends the wait."""
        if vals.get("livechat_first_answer_dt"):
            self._livechat_miss_record()

    def _livechat_miss_wait(self, now, acks):
        """``(miss_cause.Wait, since)`` of this session's wait for a person, or
        ``(None, None)`` when the visitor never waited for one or still waits."""
        self.ensure_one()
        starts = [d for d in (self.livechat_in_queue_dt, self.livechat_waiting_dt) if d]
        if not starts:
            return None, None
        since = min(starts)
        answered = self.livechat_first_answer_dt
        ended = None if answered else self.livechat_end_dt or None
        if not (answered or ended):
            return None, None  # still waiting (a dropped connection may come back)
        waited = miss_cause.waited_seconds(since, answered, ended, now)
        return (
            miss_cause.Wait(
                waited=waited,
                answered=bool(answered),
                left_after=waited if ended else None,
                outside_hours=self.livechat_wait_outside_hours,
                agents_online=self.livechat_wait_agents_online,
                agents_free=self.livechat_wait_agents_free,
                alerts_acknowledged=acks.get(self.id, 0),
                taken=bool(self.livechat_waiting_dt or self.livechat_chatting_dt),
            ),
            since,
        )

    def _livechat_miss_record(self):
        """Record the cause of these sessions' waits that ended beyond their queue's
        first-response target (once: a recorded cause stays). Two queries for all."""
        # sudo: the cause is the system's record, whoever ended the wait
        sessions = self.sudo().filtered(
            lambda c: (
                c.channel_type == "livechat"
                and not c.livechat_wait_ended
                and c.livechat_channel_id
                and (c.livechat_in_queue_dt or c.livechat_waiting_dt)
            )
        )
        if not sessions:
            return
        now = fields.Datetime.now()
        acks = sessions._livechat_ack_counts()
        for session in sessions:
            queue = session.livechat_channel_id
            wait, since = session._livechat_miss_wait(now, acks)
            found = wait and miss_cause.cause(
                wait, queue.livechat_first_response_target, queue.livechat_miss_grace_seconds
            )
            if not found:
                continue
            session.write(
                {
                    "livechat_wait_ended": True,
                    "livechat_miss_cause": found,
                    "livechat_wait_seconds": round(wait.waited),
                    "livechat_wait_hour": queue._livechat_local_hour(since),
                }
            )

    # -- an alert nobody acknowledged escalates ------------------------------------------------
    def _livechat_alert_escalation_sql(self):
        """``(id, due_at, step)`` of each session IN QUEUE whose first notice went out, that
        no agent's browser acknowledged, with an escalation step left: when its next step
        is due (``miss_cause.next_escalation_at`` in SQL)."""
        return SQL(
            """
            SELECT c.id, c.livechat_alert_dt + make_interval(
                       secs => q.livechat_alert_ack_limit * (e.done + 1)) AS due_at,
                   e.done
              FROM discuss_channel c
              JOIN im_livechat_channel q ON q.id = c.livechat_channel_id
              CROSS JOIN LATERAL (
                  SELECT count(*) AS done FROM livechat_iconic_alert_escalation x
                   WHERE x.channel_id = c.id
              ) e
             WHERE c.channel_type = 'livechat'
               AND c.livechat_breach_dt IS NOT NULL
               AND c.livechat_state = 'in_queue'
               AND c.livechat_alert_dt IS NOT NULL
               AND q.livechat_alert_ack_limit > 0
               AND e.done < %s
               AND NOT EXISTS (
                   SELECT 1 FROM livechat_iconic_alert_ack a WHERE a.channel_id = c.id
               )
            """,
            len(miss_cause.ESCALATION_STEPS),
        )

    @api.model
    def _cron_livechat_alert_escalation(self):
        """Part of the timers scheduled action: each waiting-visitor alert no agent's
        browser acknowledged within its queue's limit escalates one step per limit (the
        supervisors' desktop notice, a Slack direct message, an e-mail), each on record
        (``livechat_iconic.alert.escalation``); in committed batches, one savepoint per
        session, the session's row neither locked nor written. Then wakes the action for
        the next step due."""
        now = fields.Datetime.now()
        batch_size = self._livechat_cron_batch_size()
        escalations = self._livechat_alert_escalation_sql()
        self.env.flush_all()
        skipped = [0]
        while True:
            self.env.cr.execute(
                SQL(
                    "SELECT id, done FROM (%s) t WHERE due_at <= %s AND id != ALL(%s) "
                    "ORDER BY due_at, id LIMIT %s",
                    escalations,
                    now,
                    skipped,
                    batch_size,
                )
            )
            rows = self.env.cr.fetchall()
            if not rows:
                break
            step_of = {sid: miss_cause.ESCALATION_STEPS[done] for sid, done in rows}
            batch = self.browse(list(step_of))
            retry = batch._livechat_all_safely(
                lambda b, steps=step_of: b._livechat_alert_escalate(steps, now),
                "alert escalation",
            )
            skipped += retry.ids
            if not self._livechat_cron_commit(len(batch)):
                self._livechat_cron_unfinished(self._livechat_timers_cron())
                return False
        self.env.cr.execute(
            SQL("SELECT MIN(due_at) FROM (%s) t WHERE due_at > %s", escalations, now)
        )
        next_at = self.env.cr.fetchone()[0]
        if len(skipped) > 1:
            next_at = min(filter(None, (next_at, now + RETRY_AFTER)))
        if next_at:
            self._livechat_wake_timers_once(next_at)
        return True

    def _livechat_alert_escalate(self, step_of, now):
        """Take the escalation step due for each of these sessions (``step_of``: ``{session
        id: step}``) and put each on record. Bounded whatever the number of sessions: the
        sessions of one queue at one step make one message to each supervisor (a digest),
        and the Slack and e-mail steps reach a queue's supervisors at most once per alert
        e-mail interval (``livechat_iconic.alert_mail_interval_minutes``, as the agents'
        alert e-mails): a session escalated within it is on record with nobody reached, the
        digest sent before having counted it."""
        groups = {}
        for session in self:
            key = (session.livechat_channel_id, step_of[session.id])
            groups[key] = groups.get(key, self.browse()) | session
        interval = alert_digest.mail_interval(
            self.env["ir.config_parameter"].sudo().get_param(MAIL_INTERVAL_PARAM)
        )
        # sudo: the escalations' records are the system's
        Escalation = self.env["livechat_iconic.alert.escalation"].sudo()
        records = []
        for (queue, step), sessions in groups.items():
            count = sessions._livechat_alert_escalate_queue(queue, step, now, interval)
            records += [
                {"channel_id": s.id, "step": step, "escalated_dt": now, "recipient_count": count}
                for s in sessions
            ]
        Escalation.create(records)

    def _livechat_alert_escalate_queue(self, queue, step, now, interval):
        """Escalation ``step`` for these sessions of ``queue``: one message to each of its
        supervisors about all of them. Returns how many were reached (0 for the Slack and
        e-mail steps when the queue's supervisors got one within ``interval``)."""
        supervisors = queue._livechat_supervisors()
        if step != miss_cause.ESCALATION_DESKTOP and self.env[
            "livechat_iconic.alert.escalation"
        ].sudo().search_count(
            [
                ("channel_id.livechat_channel_id", "=", queue.id),
                ("step", "=", step),
                ("recipient_count", ">", 0),
                ("escalated_dt", ">", now - interval),
            ],
            limit=1,
        ):
            return 0
        longest = self.sorted(lambda s: (s.livechat_sla_since_dt or now, s.id))[0]
        title = self.env._("Nobody has seen a waiting visitor's alert")
        waited = round(miss_cause.waited_seconds(longest.livechat_sla_since_dt, None, None, now))
        if len(self) == 1:
            body = self.env._(
                "%(visitor)s has been waiting in %(queue)s for %(waited)s s; no agent's "
                "browser showed the alert.",
                visitor=longest.livechat_visitor_name,
                queue=queue.name,
                waited=waited,
            )
        else:
            body = self.env._(
                "%(count)s visitors have been waiting in %(queue)s, the longest for "
                "%(waited)s s; no agent's browser showed their alerts.",
                count=len(self),
                queue=queue.name,
                waited=waited,
            )
        if step == miss_cause.ESCALATION_DESKTOP:
            queue._livechat_notify_supervisors(longest, title, body)
            return len(supervisors)
        if step == miss_cause.ESCALATION_SLACK:
            return longest._livechat_alert_slack_dm(supervisors, f"{title}: {body}")
        return longest._livechat_alert_email(supervisors, title, body)

    def _livechat_alert_slack_dm(self, supervisors, text):
        """The Slack step: a direct message to each of ``supervisors``. Returns how many
        were reached. Without the Slack addon nobody is (livechat_iconic_slack sends
        them)."""
        return 0

    def _livechat_alert_email(self, supervisors, title, body):
        """The e-mail step: one e-mail to each of ``supervisors`` with an address, queued
        for Odoo's mail cron. Returns how many."""
        recipients = supervisors.filtered("email")
        url = f"{self.get_base_url().rstrip('/')}/livechat/waiting/{self.id}"
        if recipients:
            # sudo: queued by the system for the mail cron
            self.env["mail.mail"].sudo().create(
                [
                    {
                        "subject": title,
                        "body_html": Markup("<p>%s</p><p><a href='%s'>%s</a></p>")
                        % (body, url, url),
                        "email_to": user.email_formatted,
                        "auto_delete": True,
                    }
                    for user in recipients
                ]
            )
        return len(recipients)

    # -- the targets dashboard ----------------------------------------------------------------
    @api.model
    def _livechat_misses_without_cause_sql(self, start, end):
        """The count of the sessions started in [``start``, ``end``) whose wait for a
        person ended beyond the queue's target (answered late, or ended unanswered after
        it) and that have no recorded cause: must be 0. An SQL expression, read with the
        targets dashboard's other numbers in its one query. Counted from
        ``livechat_iconic.miss_causes_since`` when later than ``start`` (set when a
        database was upgraded to the version that records the causes: its older
        sessions have none)."""
        # sudo: a moment, not a secret (ormcached)
        since = self.env["ir.config_parameter"].sudo().get_param(MISS_CAUSES_SINCE_PARAM)
        since = since and fields.Datetime.to_datetime(since)
        if since and since > start:
            start = since
        return SQL(
            """
            (SELECT count(*) FROM discuss_channel c
               JOIN im_livechat_channel q ON q.id = c.livechat_channel_id
              WHERE c.channel_type = 'livechat'
                AND c.livechat_miss_cause IS NULL
                AND q.livechat_first_response_target > 0
                AND COALESCE(c.livechat_first_answer_dt, c.livechat_end_dt)
                    - LEAST(c.livechat_in_queue_dt, c.livechat_waiting_dt)
                    > make_interval(secs => q.livechat_first_response_target)
                AND c.create_date >= %s AND c.create_date < %s)
            """,
            start,
            end,
        )
