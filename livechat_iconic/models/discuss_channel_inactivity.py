import logging
from collections import defaultdict
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, plaintext2html

from odoo.addons.mail.tools.discuss import Store

from ..lib import inactivity, routing
from ..lib import session_state as lifecycle
from ..lib.groups import LIVECHAT_USER_GROUP
from ..tools.prefetch import DETAIL_PREFETCH

_logger = logging.getLogger(__name__)

REMINDER_NOTIFICATION = "livechat_iconic.reminder/propose"
# set while the courtesy reminder is posted: it does not restart the visitor's clock
REMINDER_CONTEXT = "livechat_iconic_reminder"
# a session another transaction holds is tried again this much later
RETRY_AFTER = timedelta(minutes=1)
# how a chat closed for its visitor's silence ends
INACTIVE_END = {"livechat_end_reason": "visitor_inactive"}
VISITOR_CLOCK = {
    "livechat_visitor_silent_dt": False,
    "livechat_reminder_dt": False,
    "livechat_reminder_state": False,
}


class DiscussChannel(models.Model):
    """Inactivity timers of live chat sessions (rules: ``lib/inactivity.py``).

    The visitor does not answer the agent: a courtesy reminder, proposed to the agent or
    sent, then the chat is closed as "visitor inactive". The agent does not answer a chat
    given to them: it goes to the next agent, or back to the queue; in a broadcast queue,
    a chat nobody takes is told to the supervisors. The timers scheduled action does both
    (then the SLA escalation), woken with ``_trigger()`` when the next timer is due.
    """

    _inherit = "discuss.channel"

    livechat_visitor_silent_dt = fields.Datetime(
        "Visitor Silent Since",
        readonly=True,
        copy=False,
        help="Time of the agent's last message, while the visitor has not answered it.",
        groups=LIVECHAT_USER_GROUP,
    )
    livechat_reminder_dt = fields.Datetime(
        "Reminder On",
        readonly=True,
        copy=False,
        help="When the courtesy reminder was proposed to the agent or sent to the visitor.",
        groups=LIVECHAT_USER_GROUP,
    )
    livechat_reminder_state = fields.Selection(
        [("proposed", "Proposed"), ("sent", "Sent")],
        "Reminder",
        readonly=True,
        copy=False,
        groups=LIVECHAT_USER_GROUP,
        prefetch=DETAIL_PREFETCH,
    )
    livechat_reassigned_dt = fields.Datetime(
        "Given to the Next Agent On",
        readonly=True,
        copy=False,
        help="When the chat last went to another agent because its agent did not answer.",
        groups=LIVECHAT_USER_GROUP,
    )
    livechat_supervisors_alerted_dt = fields.Datetime(
        "Supervisors Told On",
        readonly=True,
        copy=False,
        help="When the supervisors were told that nobody took this chat.",
        groups=LIVECHAT_USER_GROUP,
    )
    # the inactivity timers' filter (_livechat_inactivity_timers_sql): the open sessions
    _livechat_open_idx = models.Index(
        "(livechat_channel_id) WHERE channel_type = 'livechat' "
        "AND livechat_state IN ('chatting', 'in_queue', 'waiting')"
    )
    livechat_missed_assignment_ids = fields.One2many(
        "livechat_iconic.missed.assignment",
        "channel_id",
        "Not Answered By Agents",
        readonly=True,
        groups=LIVECHAT_USER_GROUP,
    )
    livechat_missed_by = fields.Char(
        "Not Answered By",
        compute="_compute_livechat_missed_by",
        store=True,
        help="The agents who were given this chat and did not answer it in time.",
        groups=LIVECHAT_USER_GROUP,
        prefetch=DETAIL_PREFETCH,
    )
    livechat_missed_by_count = fields.Integer(
        "Agents Who Did Not Answer",
        compute="_compute_livechat_missed_by",
        store=True,
        groups=LIVECHAT_USER_GROUP,
        prefetch=DETAIL_PREFETCH,
    )

    @api.depends("livechat_missed_assignment_ids.user_id.name")
    def _compute_livechat_missed_by(self):
        for channel in self:
            # sudo: the names of the agents, shown on the board to every agent
            users = channel.sudo().livechat_missed_assignment_ids.sorted("id").user_id
            channel.livechat_missed_by = ", ".join(users.mapped("name")) or False
            channel.livechat_missed_by_count = len(channel.sudo().livechat_missed_assignment_ids)

    # -- where the clocks start and stop (called by discuss_channel.py) ----------------------
    def _livechat_inactivity_on_create(self):
        """Called by ``create``: a new session's inactivity and first-response timers, one
        wake-up."""
        self.filtered(lambda c: c.channel_type == "livechat")._livechat_schedule_timers()

    def _livechat_inactivity_on_state(self, new_state, dropped):
        """Called by ``_livechat_set_state`` after the transition."""
        ends = new_state == "left" or (new_state == "closed" and not dropped)
        # sudo: the system's timers of sessions whose state was just changed
        channels = self.sudo()
        if ends or new_state == "in_queue":
            # no human agent chats any more: the visitor's clock stops
            channels.filtered(
                lambda c: c.livechat_visitor_silent_dt or c.livechat_reminder_dt
            ).write(VISITOR_CLOCK)
        if lifecycle.is_active(new_state):
            # an agent reconnects a chat closed for inactivity: it is not over any more
            channels.filtered(lambda c: c.livechat_end_reason == "visitor_inactive").write(
                {"livechat_end_reason": False}
            )
        if new_state in ("waiting", "in_queue", "chatting"):
            self._livechat_schedule_timers()

    def _livechat_inactivity_on_message(self, message):
        """Called by ``_livechat_on_message`` after the session's own clocks."""
        author_type = self._livechat_author_type(message)
        # sudo: the system's timers, moved on by a member's message
        channel = self.sudo()
        if author_type == "visitor":
            if channel.livechat_visitor_silent_dt or channel.livechat_reminder_dt:
                channel.write(VISITOR_CLOCK)  # the visitor answered
        elif author_type == "agent" and not self.env.context.get(REMINDER_CONTEXT):
            # the agent's last message: the visitor's silence is counted from here
            channel.write({**VISITOR_CLOCK, "livechat_visitor_silent_dt": fields.Datetime.now()})
            self._livechat_schedule_timers()

    # -- timers ----------------------------------------------------------------------------
    def _livechat_inactivity_timer(self):
        """The session's next inactivity timer (``inactivity.Timer``), or None: none while
        the chat is handed over to a colleague (discuss_channel_transfer.py)."""
        if self._livechat_transfer_stops_timers():
            return None
        self.ensure_one()
        queue = self.livechat_channel_id
        if self.channel_type != "livechat" or not queue:
            return None
        has_agent = bool(self.livechat_agent_id)
        remind_after, close_after = queue._livechat_reminder_delays()
        timer = inactivity.visitor_timer(
            state=self.livechat_state,
            has_agent=has_agent,
            silent_since=self.livechat_visitor_silent_dt or None,
            reminded_at=self.livechat_reminder_dt or None,
            remind_after=remind_after,
            close_after=close_after,
            close_silent_after=queue._livechat_silent_close_delay(),
        ) or inactivity.reply_timer(
            state=self.livechat_state,
            has_agent=has_agent,
            unanswered_since=self.livechat_unanswered_dt or None,
            reply_within=queue._livechat_reply_limit(),
            chatting_since=self.livechat_state_dt or None,
        )
        if timer or self.livechat_held:
            # a held session (no visitor message yet): no agent is expected to answer it
            return timer
        return inactivity.agent_timer(
            state=self.livechat_state,
            mode=queue._livechat_timer_settings()["livechat_routing_mode"] or routing.ASSIGNED,
            has_agent=has_agent,
            # the agent's time counts from when they got the chat, or from the visitor's
            # first question when it came later: a chat is announced to its agent at the
            # visitor's first message (a held chat is shown to nobody before)
            assigned_at=inactivity.latest(
                self.livechat_waiting_dt or None,
                self.livechat_reassigned_dt or None,
                self.livechat_unanswered_dt or None,
            ),
            queued_at=self.livechat_in_queue_dt or None,
            alerted_at=self.livechat_supervisors_alerted_dt or None,
            answer_within=queue._livechat_answer_limit(),
            waiting_for_reply=self.livechat_waiting_reply,
            agent_away=self.livechat_state == "waiting" and self._livechat_agent_away(),
        )

    def _livechat_agent_away(self):
        """Whether the session's agent chose Break or Invisible (the timers put an agent
        who missed a chat on Break: their other chats are passed on by the next batches)."""
        self.ensure_one()
        # sudo: the agent's chosen status, read by the timers
        user = self.livechat_agent_id.sudo().with_context(active_test=False).user_ids[:1]
        return (
            bool(user)
            and routing.agent_status(routing.ONLINE, user.manual_im_status)
            not in routing.SHOWN_ONLINE
        )

    @api.model
    def _livechat_inactivity_timers_sql(self):
        """``(id, due_at)`` of every session with an inactivity timer running: the rules
        of ``lib/inactivity.py`` in SQL, so that a run reads only the sessions due (and the
        next moment one is), served by the partial index ``_livechat_open_idx``. A bound
        only: each session read is checked again with ``_livechat_inactivity_timer``."""
        return SQL(
            """
            SELECT c.id, CASE
                -- the earlier of the reminder (or the close after it) and the close
                -- without a reminder; LEAST ignores the one that is off (NULL)
                WHEN c.livechat_state = 'chatting' THEN LEAST(
                    CASE
                    WHEN q.livechat_reminder_minutes <= 0 THEN NULL
                    WHEN c.livechat_reminder_dt IS NULL
                        OR c.livechat_reminder_dt < c.livechat_visitor_silent_dt
                    THEN c.livechat_visitor_silent_dt
                        + make_interval(mins => q.livechat_reminder_minutes)
                    WHEN q.livechat_inactive_close_minutes > 0
                    THEN c.livechat_reminder_dt
                        + make_interval(mins => q.livechat_inactive_close_minutes)
                    END,
                    CASE
                    WHEN q.livechat_silent_close_minutes > 0
                    THEN c.livechat_visitor_silent_dt
                        + make_interval(mins => q.livechat_silent_close_minutes)
                    END,
                    -- the visitor waits for a reply (reply_timer)
                    CASE
                    WHEN q.livechat_reply_wait_seconds > 0
                    THEN GREATEST(c.livechat_unanswered_dt, c.livechat_state_dt)
                        + make_interval(secs => q.livechat_reply_wait_seconds)
                    END)
                -- an agent on Break or Invisible: at once (agent_timer's agent_away)
                WHEN c.livechat_state = 'waiting' AND EXISTS (
                    SELECT FROM res_users u
                     WHERE u.partner_id = c.livechat_operator_id
                       AND u.manual_im_status IN %(away)s)
                THEN GREATEST(c.livechat_waiting_dt, c.livechat_reassigned_dt,
                              c.livechat_unanswered_dt)
                WHEN c.livechat_state = 'waiting'
                THEN GREATEST(c.livechat_waiting_dt, c.livechat_reassigned_dt,
                              c.livechat_unanswered_dt)
                    + make_interval(secs => q.livechat_agent_answer_seconds)
                ELSE c.livechat_in_queue_dt
                    + make_interval(secs => q.livechat_agent_answer_seconds)
                END AS due_at
              FROM discuss_channel c
              JOIN im_livechat_channel q ON q.id = c.livechat_channel_id
             WHERE c.channel_type = 'livechat'
               AND c.livechat_state IN ('chatting', 'in_queue', 'waiting')
               AND (
                    (c.livechat_state = 'chatting'
                     AND c.livechat_visitor_silent_dt IS NOT NULL
                     AND (q.livechat_reminder_minutes > 0
                          OR q.livechat_silent_close_minutes > 0))
                 OR (c.livechat_state = 'chatting'
                     AND c.livechat_unanswered_dt IS NOT NULL
                     AND q.livechat_reply_wait_seconds > 0)
                 OR (c.livechat_state = 'waiting'
                     AND c.livechat_held IS NOT TRUE
                     AND c.livechat_waiting_reply IS NOT TRUE
                     AND COALESCE(q.livechat_routing_mode, %(assigned)s) = %(assigned)s
                     AND q.livechat_agent_answer_seconds > 0)
                 OR (c.livechat_state = 'in_queue'
                     AND c.livechat_held IS NOT TRUE
                     AND q.livechat_routing_mode = %(broadcast)s
                     AND q.livechat_agent_answer_seconds > 0
                     AND (c.livechat_supervisors_alerted_dt IS NULL
                          OR c.livechat_supervisors_alerted_dt < c.livechat_in_queue_dt))
               )
            """,
            assigned=routing.ASSIGNED,
            broadcast=routing.BROADCAST,
            away=(
                routing.MANUAL_IM_STATUS[routing.BREAK],
                routing.MANUAL_IM_STATUS[routing.INVISIBLE],
            ),
        )

    @api.model
    def _cron_livechat_inactivity(self):
        """Do what the inactivity timers say is due now, in batches of sessions (each
        committed when run as the scheduled action, rows locked with SKIP LOCKED, one
        savepoint per session), then wake again when the next timer is due. A session
        another transaction holds is tried again a minute later. Returns whether every
        due session was seen (False: out of time, the action is woken again at once)."""
        now = fields.Datetime.now()
        batch_size = self._livechat_cron_batch_size()
        timers = self._livechat_inactivity_timers_sql()
        self.env.flush_all()  # the queries below read the tables
        last_id, handled, retry = 0, 0, False
        while True:
            self.env.cr.execute(
                SQL(
                    "SELECT id FROM (%s) t WHERE due_at <= %s AND id > %s ORDER BY id LIMIT %s",
                    timers,
                    now,
                    last_id,
                    batch_size,
                )
            )
            ids = [row[0] for row in self.env.cr.fetchall()]
            if not ids:
                break
            last_id = ids[-1]
            batch = self.browse(ids)
            locked = batch._livechat_try_lock()
            busy = locked._livechat_inactivity_batch(now)
            retry = retry or busy or len(locked) < len(batch)
            handled += len(locked) - len(busy)
            if not self._livechat_cron_commit(len(batch)):
                self._livechat_cron_unfinished(self._livechat_timers_cron())
                return False
        self.env.cr.execute(SQL("SELECT MIN(due_at) FROM (%s) t WHERE due_at > %s", timers, now))
        next_due = self.env.cr.fetchone()[0]
        if retry:
            next_due = min(filter(None, (next_due, now + RETRY_AFTER)))
        self._livechat_wake_timers_once(next_due)
        if handled:
            _logger.info("Live chat inactivity: %s sessions handled", handled)
        return True

    def _livechat_inactivity_batch(self, now):
        """One batch of the inactivity cron, on sessions already locked: what is due for
        each. Returns the sessions to retry."""
        due = [
            (session, timer)
            for session in self
            if (timer := session._livechat_inactivity_timer()) and timer.is_due(now)
        ]
        by_action = defaultdict(lambda: self.browse())
        for session, timer in due:
            by_action[timer.action] |= session
        what = "inactivity"
        retry = self.browse()
        retry |= by_action[inactivity.REMIND]._livechat_each_safely(
            lambda s: s._livechat_remind_visitor(now), what
        )[1]
        retry |= by_action[inactivity.CLOSE]._livechat_each_safely(
            lambda s: s._livechat_close_inactive(), what
        )[1]
        retry |= by_action[inactivity.REASSIGN]._livechat_all_safely(
            lambda s: s._livechat_pass_on_missed(now), what
        )
        retry |= by_action[inactivity.ALERT_SUPERVISORS]._livechat_each_safely(
            lambda s: s._livechat_tell_supervisors_unanswered(now), what
        )[1]
        waiting = by_action[inactivity.REPLY_OVERDUE]
        if waiting:
            # all at once: one state change, one board message (discuss_channel_step_in.py)
            retry |= waiting._livechat_all_safely(lambda s: s._livechat_wait_for_reply(), what)
        return retry

    # -- the visitor does not answer --------------------------------------------------------
    def _livechat_visitor_lang(self):
        self.ensure_one()
        # sudo: the visitor's language, as Odoo reads the visitor's time zone
        customer = self.sudo().livechat_customer_history_ids[:1]
        return customer.partner_id.lang or customer.guest_id.lang or None

    def _livechat_remind_visitor(self, now):
        """The visitor has not answered for the queue's time: send the reminder in the
        agent's name, or propose it to the agent (queue option)."""
        self.ensure_one()
        if self.livechat_channel_id.livechat_reminder_mode == "send":
            self._livechat_post_reminder(author=self.livechat_agent_id)
        else:
            # sudo: the system's timer
            self.sudo().write({"livechat_reminder_dt": now, "livechat_reminder_state": "proposed"})
            self._livechat_propose_reminder()
        self._livechat_schedule_timers()

    def _livechat_post_reminder(self, author=None):
        """Post the courtesy reminder in the visitor's language: as ``author`` (the
        session's agent) when given, else as the current user; the close delay counts
        from now."""
        self.ensure_one()
        body = plaintext2html(
            self.livechat_channel_id.sudo()._livechat_reminder_body(self._livechat_visitor_lang())
        )
        post = {"body": body, "message_type": "comment", "subtype_xmlid": "mail.mt_comment"}
        channel = self.with_context(**{REMINDER_CONTEXT: True})
        if author:
            # sudo: the system posts the reminder in the name of the session's agent
            channel.sudo().message_post(author_id=author.id, **post)
        else:
            channel.message_post(**post)
        # sudo: the system's timer
        self.sudo().write(
            {"livechat_reminder_dt": fields.Datetime.now(), "livechat_reminder_state": "sent"}
        )

    def _livechat_propose_reminder(self):
        """Tell the agent that the visitor is silent, with a button that sends the reminder
        (``action_livechat_send_reminder``)."""
        self.ensure_one()
        # sudo: the agent's user, to reach their notices
        user = self.livechat_agent_id.sudo().with_context(active_test=False).user_ids[:1]
        if not user:
            return
        channel = self.with_context(lang=user.lang)
        queue = self.livechat_channel_id
        payload = queue._livechat_alert_payload(
            self,
            channel.env._("%(visitor)s has not answered", visitor=self.livechat_visitor_name),
            channel.env._(
                "No answer for %(minutes)s minutes in %(queue)s. Send the courtesy reminder?",
                minutes=queue.livechat_reminder_minutes,
                queue=queue.name,
            ),
        )
        payload["reminder"] = queue.sudo()._livechat_reminder_body(self._livechat_visitor_lang())
        user.partner_id._bus_send(REMINDER_NOTIFICATION, payload)

    def action_livechat_send_reminder(self):
        """Send the courtesy reminder to a silent visitor (one click on the proposal), as
        the current agent."""
        self.ensure_one()
        self._livechat_check_agent()
        self._livechat_lock()
        # sudo: reading the members and timers of a session the agent can see
        channel = self.sudo()
        if self.env.user.partner_id not in channel.channel_member_ids.partner_id:
            raise UserError(_("Only an agent in this chat can send it the reminder."))
        if channel.livechat_state != "chatting":
            raise UserError(_("This chat is not going on any more."))
        if not channel.livechat_visitor_silent_dt:
            raise UserError(_("The visitor has answered: no reminder is needed."))
        if (
            channel.livechat_reminder_state == "sent"
            and channel.livechat_reminder_dt >= channel.livechat_visitor_silent_dt
        ):
            raise UserError(_("The reminder was sent already."))
        self._livechat_post_reminder()
        self._livechat_schedule_timers()
        return True

    def _livechat_close_inactive(self):
        """The visitor did not answer the reminder either: close the chat (outcome
        Visitor Inactive; a chat an agent made a ticket keeps its outcome Ticket), say so
        in the conversation and tell the visitor's widget."""
        self.ensure_one()
        lang = self._livechat_visitor_lang()
        channel = self.with_context(lang=lang) if lang else self
        channel._livechat_post_notice(
            channel.env._("The visitor did not answer: the chat was closed for inactivity.")
        )
        self._livechat_set_state(
            "closed",
            lambda c: {} if c.livechat_end_reason == "ticket" else INACTIVE_END,
        )
        self._livechat_tell_widget_ended()

    # -- the agent does not answer ----------------------------------------------------------
    def _livechat_routing_excluded(self):
        """``{session id: frozenset of user ids}``: the agents the routing must not give
        these sessions: those who were given them and did not answer, and the agent a
        session waits for. One query."""
        # sudo: who did not answer, read by the routing only
        groups = (
            self.env["livechat_iconic.missed.assignment"]
            .sudo()
            ._read_group([("channel_id", "in", self.ids)], ["channel_id"], ["user_id:array_agg"])
        )
        excluded = {channel.id: frozenset(user_ids) for channel, user_ids in groups}
        for channel in self.filtered(lambda c: c.livechat_state == "waiting"):
            agent = channel.livechat_agent_id.sudo().with_context(active_test=False).user_ids
            excluded[channel.id] = excluded.get(channel.id, frozenset()) | set(agent.ids)
        return excluded

    def _livechat_pass_on_missed(self, now):
        """The agents of these chats did not answer them in time. Each agent still shown
        online goes on Break first (the setting of ``res.users._livechat_break_after_miss``).
        These chats are passed on here: their next agents in one pass of the routing rule,
        without the agents who did not answer them, then every pass-on at once, as the
        dispatch assigns. The other chats given to an agent put on Break and not answered
        yet are due at once by their timers (``_livechat_agent_away``): the next batches
        pass them on, each committed, instead of one long transaction for every chat of
        every agent who went on Break."""
        agents = self.livechat_agent_id.with_context(active_test=False).user_ids
        agents._livechat_break_after_miss()
        rest = self.filtered(lambda s: s.livechat_state == "waiting")
        if rest:
            plan, _unassigned = rest.livechat_channel_id._livechat_dispatch_plan(rest, now)
            rest._livechat_pass_on(plan, now)

    def _livechat_pass_on(self, plan, now):
        """The agents of these chats did not answer them in time: each is recorded as
        having missed their chat and leaves it; the chat goes to its next agent in
        ``plan`` (``{session id: user id}``, the routing's choice) or, when nobody else can
        take it, back to the queue, where the visitor keeps their place, and the queue's
        supervisors are told. All the sessions together, as the dispatch assigns
        (``_livechat_assign_agents``): the cost of one pass-on falls as the batch grows."""
        # sudo: the routing moves the sessions; the agents serve their queues
        sessions = self.sudo()
        agent_of = {s: s.livechat_agent_id for s in sessions}
        users = self.env["res.users"].browse([plan[s.id] for s in sessions if plan.get(s.id)])
        user_of = {s: users.browse(plan[s.id]) for s in sessions if plan.get(s.id)}
        self.env["livechat_iconic.missed.assignment"].sudo().create(
            [s._livechat_missed_vals(agent_of[s], user_of.get(s), now) for s in sessions]
        )
        given = sessions.filtered(lambda s: s in user_of)
        queued = sessions - given
        if given:
            given._livechat_add_agents(user_of)
            for session in given:
                session.write(
                    {
                        "livechat_operator_id": user_of[session].partner_id.id,
                        "livechat_reassigned_dt": now,
                    }
                )
        if queued:
            queue_partner = self._livechat_queue_partner()
            first_wait = {
                s.id: inactivity.waiting_since(
                    s.livechat_in_queue_dt or None,
                    s.livechat_waiting_dt or None,
                    s.livechat_chatting_dt or None,
                )
                or now
                for s in queued
            }
            queued._livechat_set_state(
                "in_queue",
                lambda s: {
                    "livechat_operator_id": queue_partner.id,
                    # the visitor has waited for a person since then: they keep their place
                    "livechat_in_queue_dt": first_wait[s.id],
                    "livechat_dequeued_dt": False,
                },
            )
        sessions._livechat_drop_agents(agent_of)
        # what the notices below read, for all the sessions at once
        sessions.mapped("livechat_visitor_name")
        missed = ["livechat_missed_by", "livechat_missed_by_count"]
        if given:
            given._livechat_notify_board(["livechat_operator_id", *missed])
            for session in given:
                session._livechat_tell_assigned(user_of[session])
            given._livechat_schedule_timers()
        if queued:
            queued._livechat_notify_board(missed)
            queued._livechat_post_queue_notice()
            queued._livechat_tell_supervisors_queued(agent_of, now)

    def _livechat_missed_vals(self, agent, next_user, now):
        """The values of the ``livechat_iconic.missed.assignment`` of this chat, which
        ``agent`` (a partner) did not answer by ``now``; ``next_user``: who gets it next
        (none: back to the queue)."""
        self.ensure_one()
        since = inactivity.latest(
            self.livechat_waiting_dt or None, self.livechat_reassigned_dt or None
        )
        return {
            "channel_id": self.id,
            "user_id": agent.with_context(active_test=False).user_ids[:1].id,
            "assigned_dt": since,
            "missed_dt": now,
            "wait_seconds": int((now - since).total_seconds()),
            "result": "reassigned" if next_user else "queued",
            "next_user_id": next_user.id if next_user else False,
        }

    def _livechat_tell_supervisors_queued(self, agent_of, now):
        """These chats went back to the queue because their agents (``agent_of``:
        ``{session: partner}``) did not answer and nobody else can take them: a supervisor
        may step in. One notice per queue and supervisor, whatever the number of chats (a
        crowd nobody answers would otherwise make one per chat): the chat's own when it
        is alone, else a digest that names the agents, the chat waiting longest first."""
        for queue in self.livechat_channel_id:
            sessions = self.filtered(lambda c, q=queue: c.livechat_channel_id == q)
            first = sessions.sorted(lambda c: (c.livechat_in_queue_dt or now, c.id))[0]
            agents = ", ".join(sorted({agent_of[s].name for s in sessions if agent_of[s]}))
            if len(sessions) == 1:
                title = self.env._("A chat went back to the queue")
                body = self.env._(
                    "%(agent)s did not answer %(visitor)s in %(queue)s and no other agent can "
                    "take the chat.",
                    agent=agents,
                    visitor=first.livechat_visitor_name,
                    queue=queue.name,
                )
            else:
                title = self.env._("%(count)s chats went back to the queue", count=len(sessions))
                body = self.env._(
                    "%(agents)s did not answer %(count)s visitors in %(queue)s and no other "
                    "agent can take their chats.",
                    agents=agents,
                    count=len(sessions),
                    queue=queue.name,
                )
            queue._livechat_notify_supervisors(first, title, body)
        # sudo: the system's timer
        self.sudo().write({"livechat_supervisors_alerted_dt": now})

    def _livechat_drop_agent(self, agent):
        """``agent`` (a partner) leaves this chat silently (see ``_livechat_drop_agents``)."""
        self.ensure_one()
        self._livechat_drop_agents({self: agent})

    def _livechat_drop_agents(self, agent_of):
        """Each agent of ``agent_of`` (``{session: partner}``, who did not answer) leaves
        their session, silently, as Odoo's ``_action_unfollow`` makes a member leave, but
        without its end of the chat when the visitor stays alone: here the chat goes on.
        Their membership history goes too when they wrote nothing: they never served the
        chat, and Odoo would count its next agent as an escalation; the miss is recorded
        instead. All the sessions at once: one search, one unlink of each kind."""
        pairs = {(s.id, p.id) for s, p in agent_of.items() if p}
        if not pairs:
            return
        sessions = self.browse({session_id for session_id, _partner in pairs})
        partner_ids = list({partner_id for _session, partner_id in pairs})
        # sudo: the agents leave the chats the system moves
        followers = (
            self.env["mail.followers"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", sessions.ids),
                    ("partner_id", "in", partner_ids),
                ]
            )
        )
        followers.filtered(lambda f: (f.res_id, f.partner_id.id) in pairs).unlink()
        members = sessions.sudo().channel_member_ids.filtered(
            lambda m: (m.channel_id.id, m.partner_id.id) in pairs
        )
        histories = sessions.sudo().livechat_channel_member_history_ids.filtered(
            lambda h: (
                (h.channel_id.id, h.partner_id.id) in pairs and h.livechat_member_type == "agent"
            )
        )
        for member in members:
            Store(bus_channel=member._bus_channel()).add(
                member.channel_id, {"close_chat_window": True, "isLocallyPinned": False}
            ).bus_send()
        channel_of = {member: member.channel_id for member in members}
        members.unlink()
        sessions.mapped("member_count")  # for all the sessions at once
        for member, channel in channel_of.items():
            Store(bus_channel=channel).add(
                channel,
                [Store.Many("channel_member_ids", [], mode="DELETE", value=member), "member_count"],
            ).bus_send()
        histories.filtered(lambda h: not h.message_count).unlink()

    def _livechat_tell_supervisors_unanswered(self, now):
        """Nobody took this chat of a broadcast queue in time: its supervisors are told,
        once for this stay in the queue."""
        self.ensure_one()
        queue = self.livechat_channel_id
        waited = int((now - self.livechat_in_queue_dt).total_seconds())
        queue._livechat_notify_supervisors(
            self,
            _("Nobody took a chat"),
            _(
                "%(visitor)s has waited %(seconds)s seconds in %(queue)s and no agent took "
                "the chat.",
                visitor=self.livechat_visitor_name,
                seconds=waited,
                queue=queue.name,
            ),
        )
        # sudo: the system's timer
        self.sudo().write({"livechat_supervisors_alerted_dt": now})
