import json
import logging
from datetime import timedelta

from odoo import api, fields, models, modules
from odoo.fields import Domain
from odoo.tools import SQL

from odoo.addons.im_livechat.models.discuss_channel import is_livechat_channel
from odoo.addons.mail.tools.discuss import Store

from ..lib import queue_wait, sla, value_order
from ..lib.groups import LIVECHAT_USER_GROUP
from ..tools.prefetch import DETAIL_PREFETCH
from .discuss_channel import QUEUE_INTERVAL, QUEUE_QUIET_INTERVAL
from .discuss_channel_inactivity import RETRY_AFTER
from .im_livechat_channel_staffing import SERVING_FIELDS

_logger = logging.getLogger(__name__)

# Odoo's cron thread looks for due triggers once a minute (ir.cron._trigger's precision):
# the escalation cron is woken this much before a session's escalation moment and tells the
# supervisors about every session due before its next possible run, so that they are told
# before the breach, not up to a minute after it.
ESCALATION_WINDOW = timedelta(seconds=60)
QUEUE_PENDING_KEY = "livechat_iconic.queue_pending"
# The visitor's widget reads this key of its thread: its status (_livechat_own_queue_statuses)
# or false
QUEUE_STORE_KEY = "livechat_iconic_queue"
# The queue's moves, on a subchannel of the queue its waiting visitors' widgets listen to
QUEUE_SUBCHANNEL = "LIVECHAT_ICONIC_QUEUE"
QUEUE_NOTIFICATION = "livechat_iconic.queue/moved"
# The board's order, the dispatch's order (sla.breach_key) for the sessions waiting for a
# first answer; the others follow, by their queue's priority then oldest first. Where a queue
# orders by value, search_fetch puts the queued sessions in the dispatch's order.
SLA_ORDER = "livechat_breach_dt, livechat_queue_priority desc, livechat_sla_since_dt, id"


class DiscussChannel(models.Model):
    """First-response SLA of live chat sessions: the stored breach moment that orders the
    Customers Waiting board like the dispatch, the supervisors told before a breach, and the
    queued visitor told their place and expected wait."""

    _inherit = "discuss.channel"

    livechat_sla_since_dt = fields.Datetime(
        "Waiting for an Answer Since",
        compute="_compute_livechat_sla",
        store=True,
        help="While the visitor waits for an agent's first answer (In Queue, or Waiting "
        "before the first answer): since when.",
        groups=LIVECHAT_USER_GROUP,
        prefetch=DETAIL_PREFETCH,
    )
    livechat_breach_dt = fields.Datetime(
        "First Response Due",
        compute="_compute_livechat_sla",
        store=True,
        index="btree_not_null",
        help="While the visitor waits for a first answer: when the queue's first-response "
        "target is breached (waiting since + target). The board and the dispatch serve the "
        "earliest first.",
        groups=LIVECHAT_USER_GROUP,
    )
    livechat_queue_priority = fields.Integer(
        "Queue Priority",
        related="livechat_channel_id.livechat_priority",
        store=True,
        groups=LIVECHAT_USER_GROUP,
        prefetch=DETAIL_PREFETCH,
    )
    livechat_first_answer_seconds = fields.Integer(
        "First Response Time (s)",
        compute="_compute_livechat_first_answer_seconds",
        store=True,
        aggregator="avg",
        help="Seconds from the moment the visitor started waiting for a person (queued or "
        "assigned) to the agent's first answer.",
        groups=LIVECHAT_USER_GROUP,
        prefetch=DETAIL_PREFETCH,
    )
    livechat_sla_escalated = fields.Boolean(
        "Supervisors Told",
        compute="_compute_livechat_sla_escalated",
        search="_search_livechat_sla_escalated",
        help="The queue's supervisors were told that this chat was about to miss its "
        "first-response target (once per session).",
        groups=LIVECHAT_USER_GROUP,
    )
    # the escalation's filter (_cron_livechat_sla_escalation): chats waiting for a first
    # answer (the Boolean index on livechat_breach_dt also has the chats answered since)
    _livechat_sla_idx = models.Index(
        "(livechat_breach_dt) WHERE channel_type = 'livechat' AND livechat_breach_dt IS NOT NULL"
    )
    livechat_queue_status = fields.Json(
        "Place in Queue",
        compute="_compute_livechat_queue_status",
        help="While In Queue: the visitor's place and expected wait in minutes.",
        groups=LIVECHAT_USER_GROUP,
    )

    @api.depends(
        "channel_type",
        "livechat_held",
        "livechat_state",
        "livechat_in_queue_dt",
        "livechat_waiting_dt",
        "livechat_first_answer_dt",
        "livechat_channel_id.livechat_first_response_target",
    )
    def _compute_livechat_sla(self):
        for channel in self:
            since = (
                sla.waiting_since(
                    channel.livechat_state,
                    channel.livechat_in_queue_dt,
                    channel.livechat_waiting_dt,
                    channel.livechat_first_answer_dt,
                )
                # a held session (no visitor message yet) waits for nothing: no escalation
                if channel.channel_type == "livechat" and not channel.livechat_held
                else None
            )
            channel.livechat_sla_since_dt = since or False
            channel.livechat_breach_dt = (
                sla.breach_at(channel.livechat_channel_id.livechat_first_response_target, since)
                or False
            )

    def _compute_livechat_sla_escalated(self):
        # sudo: whether the supervisors were told, a system record
        told = set(
            self.env["livechat_iconic.sla.escalation"]
            .sudo()
            .search_fetch([("channel_id", "in", self.ids)], ["channel_id"])
            .channel_id.ids
        )
        for channel in self:
            channel.livechat_sla_escalated = channel.id in told

    def _search_livechat_sla_escalated(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        told = SQL("(SELECT channel_id FROM livechat_iconic_sla_escalation)")
        positive = (operator == "in") == (True in value)
        return Domain("id", "in" if positive else "not in", told)

    # Only the first answer triggers it: the value is frozen then, whatever the session's
    # queue and waiting times become afterwards (a later transfer is no first answer).
    @api.depends("livechat_first_answer_dt")
    def _compute_livechat_first_answer_seconds(self):
        for channel in self:
            answer = channel.livechat_first_answer_dt
            starts = [
                start
                for start in (channel.livechat_in_queue_dt, channel.livechat_waiting_dt)
                if start and answer and start <= answer
            ]
            channel.livechat_first_answer_seconds = (
                (answer - min(starts)).total_seconds() if starts else 0
            )

    def _compute_livechat_queue_status(self):
        queued = self.filtered(
            lambda c: c.channel_type == "livechat" and c.livechat_state == "in_queue" and c.id
        )
        statuses = queued._livechat_own_queue_statuses() if queued else {}
        for channel in self:
            channel.livechat_queue_status = statuses.get(channel.id, False)

    # -- life cycle hooks (called by discuss_channel.py) ---------------------------------------
    def _livechat_sla_on_create(self):
        """Called by ``create``: the queue's waiting visitors learn their new place."""
        # sudo: whoever starts the chat, the queue's waiting visitors learn their new place
        livechats = self.sudo().filtered(lambda c: c.channel_type == "livechat")
        livechats.filtered(lambda c: c.livechat_state == "in_queue")._livechat_queue_moved()

    def _livechat_sla_on_write(self, vals):
        """Called by ``write`` after it wrote ``vals``."""
        if vals.get("livechat_first_answer_dt"):
            # a first answer: the queue's recent answer times, hence its estimates, change
            self._livechat_queue_moved(left=False)

    def _livechat_sla_before_state(self):
        """Called by ``_livechat_set_state`` before the change: the ids of the sessions
        IN QUEUE."""
        return {c.id for c in self if c.livechat_state == "in_queue"}

    def _livechat_sla_on_state(self, queued_before):
        """Called by ``_livechat_set_state`` after the change, with the ids that
        ``_livechat_sla_before_state`` gave: the queues whose line changed tell it."""
        self.filtered(
            lambda c: (c.id in queued_before) != (c.livechat_state == "in_queue")
        )._livechat_queue_moved()

    # -- supervisors told before the breach ----------------------------------------------------
    def _livechat_escalation_dt(self):
        """When the supervisors are to be told about this waiting session (None: it waits
        for no first answer). Whether they were told already is not read (a query): a
        wake-up for a session told already finds nothing to do."""
        self.ensure_one()
        if not self.livechat_breach_dt:
            return None
        queue = self.livechat_channel_id
        lead = queue and queue._livechat_timer_settings()["livechat_escalate_before"]
        return self.livechat_breach_dt - timedelta(seconds=lead or 0)

    @api.model
    def _livechat_escalation_batch_sql(self, escalations, due_by, skipped, batch_size):
        """The next batch of sessions to escalate by ``due_by`` (ids not in ``skipped``),
        most urgent first; ``escalations`` is ``_livechat_escalations_sql()``."""
        return SQL(
            "SELECT id FROM (%s) t WHERE escalate_at <= %s AND id != ALL(%s) "
            # a range of the index: no breach later than the longest lead
            "AND livechat_breach_dt <= %s + (SELECT make_interval(secs => "
            "COALESCE(MAX(livechat_escalate_before), 0)) FROM im_livechat_channel) "
            "ORDER BY livechat_breach_dt, livechat_queue_priority DESC, "
            "livechat_sla_since_dt, id LIMIT %s",
            escalations,
            due_by,
            skipped,
            due_by,
            batch_size,
        )

    def _livechat_escalations_sql(self):
        """``(id, escalate_at)`` of every session waiting for a first answer whose
        supervisors are not told yet, served by the partial index ``_livechat_sla_idx``."""
        return SQL(
            """
            SELECT c.id, c.livechat_breach_dt, c.livechat_queue_priority,
                   c.livechat_sla_since_dt,
                   c.livechat_breach_dt
                       - make_interval(secs => COALESCE(q.livechat_escalate_before, 0))
                       AS escalate_at
              FROM discuss_channel c
              LEFT JOIN im_livechat_channel q ON q.id = c.livechat_channel_id
             WHERE c.channel_type = 'livechat'
               AND c.livechat_breach_dt IS NOT NULL
               AND NOT EXISTS (
                   SELECT 1 FROM livechat_iconic_sla_escalation e WHERE e.channel_id = c.id
               )
            """
        )

    @api.model
    def _cron_livechat_sla_escalation(self):
        """Tell the supervisors about each chat still waiting for a first answer that would
        breach its queue's target within the queue's Escalate Before Breach (or before this
        cron can run again), once per chat: in batches (each committed when run as the
        scheduled action, one savepoint per session), the earliest breach first; then wake
        again for the next one. The sessions' rows are neither locked nor written (the
        escalation is recorded apart, ``livechat_iconic.sla.escalation``): a visitor's
        message never waits on this cron nor fails for it. Returns whether every due
        session was seen (False: out of time, the action is woken again at once)."""
        now = fields.Datetime.now()
        due_by = now + ESCALATION_WINDOW
        batch_size = self._livechat_cron_batch_size()
        escalations = self._livechat_escalations_sql()
        self.env.flush_all()  # the queries below read the tables
        skipped, escalated_count = [0], 0
        while True:
            self.env.cr.execute(
                self._livechat_escalation_batch_sql(escalations, due_by, skipped, batch_size)
            )
            batch = self.browse([row[0] for row in self.env.cr.fetchall()])
            if not batch:
                break
            # no lock on the sessions: what is written is the escalation record, on each
            # session's own savepoint, before its notice: the record's reference to the
            # session locks the session's key, which fails when another transaction
            # locked the key and changed the session since this batch began; the savepoint
            # then takes back the session's rows and notices, and the session is told at
            # a later run, once
            escalated, _retry = batch._livechat_each_safely(
                lambda s: s._livechat_record_and_escalate(now), "SLA escalation"
            )
            escalated_count += len(escalated)
            # failed: left for a later run
            skipped += (batch - escalated).ids
            if not self._livechat_cron_commit(len(batch)):
                self._livechat_cron_unfinished(self._livechat_timers_cron())
                return False
        self.env.cr.execute(
            SQL("SELECT MIN(escalate_at) FROM (%s) t WHERE escalate_at > %s", escalations, due_by)
        )
        next_at = self.env.cr.fetchone()[0]
        if len(skipped) > 1:
            next_at = min(filter(None, (next_at, now + RETRY_AFTER + ESCALATION_WINDOW)))
        if next_at:
            self._livechat_wake_timers_once(next_at - ESCALATION_WINDOW)
        if escalated_count:
            _logger.info("Live chat SLA: %s sessions escalated to supervisors", escalated_count)
        return True

    def _livechat_record_escalations(self, now):
        """These sessions' supervisors were told (once per session: a second record of a
        session is ignored). One query."""
        if not self:
            return
        self.env.cr.execute(
            SQL(
                "INSERT INTO livechat_iconic_sla_escalation (channel_id, escalated_dt) "
                "SELECT unnest(%s::int[]), %s ON CONFLICT (channel_id) DO NOTHING",
                self.ids,
                now,
            ),
            # a session changed since the batch began fails the reference's lock: expected,
            # the session is tried again (``_livechat_each_safely``), not a "bad query"
            log_exceptions=False,
        )
        self.invalidate_recordset(["livechat_sla_escalated"])

    def _livechat_record_and_escalate(self, now):
        """The escalation of this session: its record first (whose reference may fail on
        a concurrent change, see ``_cron_livechat_sla_escalation``), then its notice."""
        self._livechat_record_escalations(now)
        self._livechat_escalate(now)

    def _livechat_escalate(self, now):
        """Tell the queue's supervisors that this chat is about to miss its target."""
        self.ensure_one()
        queue = self.livechat_channel_id
        left = max(0, round((self.livechat_breach_dt - now).total_seconds()))
        title = self.env._("A chat is about to miss its first-response target")
        body = self.env._(
            "%(visitor)s in %(queue)s has had no answer for %(waited)s s: the %(target)s s "
            "target is reached in %(left)s s.",
            visitor=self.livechat_visitor_name,
            queue=queue.name,
            waited=round(sla.seconds_waited(self.livechat_sla_since_dt, now)),
            target=queue.livechat_first_response_target,
            left=left,
        )
        queue._livechat_notify_supervisors(self, title, body)

    # -- the board's order: the dispatch's ---------------------------------------------------
    @api.model
    def search_fetch(self, domain, field_names=None, offset=0, limit=None, order=None):
        """Listed in the Customers Waiting board's order (:data:`SLA_ORDER`, its views'
        default), the queued visitors come in the dispatch's order
        (``_livechat_board_serve_order``): the SLA order, and by value among the equally
        urgent where their queue asks for it. Any other order is the database's."""
        records = super().search_fetch(domain, field_names, offset=offset, limit=limit, order=order)
        if not records or not value_order.follows_order(order, SLA_ORDER):
            return records
        return records._livechat_board_serve_order(domain, order)

    def _livechat_board_serve_order(self, domain, order):
        """These sessions (a page of ``domain`` in the board's ``order``) with their queued
        places filled in the dispatch's order (``im_livechat.channel._livechat_serve_order``
        of all the queued sessions of ``domain``, so that the k-th queued place of the
        board shows the k-th visitor to serve, on whichever page or column:
        ``value_order.serve_slots``). No further query when no session of the page is
        queued; one when no queue orders by value (a visitor of another page may belong
        on this one)."""
        if not any(c.livechat_state == "in_queue" for c in self):
            return self
        # sudo: whether any queue orders by value, whichever the user can read
        Queue = self.env["im_livechat.channel"].sudo()
        if not Queue.search_count([("livechat_order_by_value", "=", True)], limit=1):
            return self
        # _search: the database's order (search_fetch would come back here)
        queued = self.browse(
            self._search(Domain(domain) & Domain("livechat_state", "=", "in_queue"), order=order)
        )
        # sudo: the stakes and queue settings only order the rows, as the dispatch does
        served = Queue._livechat_serve_order(queued.sudo(), fields.Datetime.now())
        return self.browse(value_order.serve_slots(self.ids, queued.ids, [w.id for w in served]))

    # -- the queued visitor's place and expected wait ------------------------------------------
    def _livechat_own_queue_statuses(self):
        """``{session id: status}`` of these sessions IN QUEUE, for their own visitors:
        ``position`` (1: next), ``wait_minutes`` (False without enough recent answers) and
        ``wait_range`` (``[low, high]`` minutes of the Erlang C model, False without chats
        being served or a recent handle time), and what the widget needs to follow the
        queue's moves by itself (``_livechat_send_queue_statuses``): ``queue_id``, its sort
        key ``since`` (the session's key is ``[since, id]``), ``median_seconds``,
        ``servers`` and ``handle_seconds`` (the model's inputs) and ``seq``, the last move
        numbered when this count was made (moves up to it are in the count already: the
        widget ignores them when the bus replays them). One query whatever the
        number of sessions in ``self`` or in their queues: each place is a count of the
        sessions ahead, never a read of the whole queue."""
        self.env["discuss.channel"].flush_model(
            [
                "channel_type",
                "livechat_state",
                "livechat_channel_id",
                "livechat_in_queue_dt",
                "livechat_first_answer_dt",
                "livechat_first_answer_seconds",
                "livechat_waiting_dt",
                "livechat_held",
                *SERVING_FIELDS,
            ]
        )
        now = fields.Datetime.now()
        window_start = now - timedelta(seconds=queue_wait.RECENT_WINDOW)
        # within one queue the SLA order (breach, priority, since, id) is (since, id):
        # every session shares the queue's target and priority
        self.env.cr.execute(
            SQL(
                """
                SELECT s.id, s.livechat_channel_id, s.livechat_in_queue_dt,
                       1 + (SELECT count(*) FROM discuss_channel o
                             WHERE o.channel_type = 'livechat'
                               AND o.livechat_state = 'in_queue'
                               AND o.livechat_held IS NOT TRUE
                               AND o.livechat_channel_id = s.livechat_channel_id
                               AND (o.livechat_in_queue_dt, o.id) < (s.livechat_in_queue_dt, s.id)),
                       (SELECT array_agg(a.livechat_first_answer_seconds) FROM discuss_channel a
                         WHERE a.livechat_channel_id = s.livechat_channel_id
                           AND a.livechat_first_answer_dt >= %(window_start)s
                           AND (a.livechat_in_queue_dt IS NOT NULL
                                OR a.livechat_waiting_dt IS NOT NULL)),
                       (SELECT CASE WHEN is_called THEN last_value ELSE 0 END
                          FROM livechat_iconic_queue_move_seq),
                       %(serving)s
                  FROM discuss_channel s
                 WHERE s.id = ANY(%(ids)s) AND s.livechat_state = 'in_queue'
                """,
                window_start=window_start,
                ids=self.ids,
                serving=self.env["im_livechat.channel"]._livechat_serving_sql(
                    SQL("s.livechat_channel_id")
                ),
            )
        )
        result = {}
        for row in self.env.cr.fetchall():
            session_id, queue_id, since, position, samples, seq, servers, handle = row
            handle = float(handle) if handle else None
            median = queue_wait.expected_wait(samples)
            waited = sla.seconds_waited(since, now)
            model = queue_wait.model_wait(position, servers, handle)
            result[session_id] = {
                "position": position,
                # the Erlang C model's median and range when it has something to go on,
                # else the queue's median time to a first answer less the time waited
                "wait_minutes": model[0]
                if model
                else queue_wait.human_minutes(None if median is None else max(0.0, median - waited))
                or False,
                "wait_range": list(model[1:]) if model else False,
                "queue_id": queue_id,
                "since": fields.Datetime.to_string(since),
                "median_seconds": median,
                "servers": servers,
                "handle_seconds": handle,
                "seq": seq,
            }
        return result

    def _livechat_queue_moved(self, left=True):
        """These sessions entered or left their queue (``left`` False: they got their first
        answer, which changes the queue's expected wait): the visitors waiting in those
        queues are told after commit, in at most one small message per queue every few seconds
        (``_livechat_send_queue_statuses``, ``_livechat_queue_flush``), and those of these sessions no longer in the
        queue that nothing is to be shown. A held session (no visitor message yet) is in
        nobody's way: it joins the queue at its visitor's first message
        (``_livechat_announce``)."""
        livechats = self.filtered(lambda c: c.channel_type == "livechat" and c.livechat_channel_id)
        if left:
            held = livechats - livechats._livechat_announced()
            # sudo: the visitor's own session is told it has no place any more
            for channel in held.sudo().filtered(lambda c: c.livechat_state != "in_queue"):
                Store(bus_channel=channel).add(channel, {QUEUE_STORE_KEY: False}).bus_send()
            livechats -= held
        if not livechats:
            return
        pending = self.env.cr.precommit.data.setdefault(QUEUE_PENDING_KEY, {})
        if not pending:
            self.env.cr.precommit.add(self._livechat_send_queue_statuses)
        for channel in livechats:
            moves = pending.setdefault(channel.livechat_channel_id.id, {})
            if not left or not channel.livechat_in_queue_dt:
                continue  # the queue's estimate changes: its message goes, with no move
            key = (fields.Datetime.to_string(channel.livechat_in_queue_dt), channel.id)
            move = "joined" if channel.livechat_state == "in_queue" else "left"
            if moves.get(channel.id, (None, None))[0] not in (None, move):
                del moves[channel.id]  # in and out (or out and in) within this transaction
            else:
                moves[channel.id] = (move, key)

    def _livechat_send_queue_statuses(self):
        """Precommit hook: one move per queue that moved, joined to the queue's pending
        moves (``livechat_iconic_queue_pending``) in this transaction, sent after commit
        by ``_livechat_queue_flush``, at most one message per queue every
        ``QUEUE_INTERVAL`` seconds, on the
        queue's subchannel that its waiting visitors' widgets listen to (``ir.websocket``).
        A move holds the sort keys ``[since, id]`` of the sessions that joined and left,
        the queue's median time to a first answer, the moment ``at`` and the move's number
        ``seq`` (a PostgreSQL sequence: it orders the moves against each visitor's own
        count, across transactions and Odoo processes). Each widget computes its own place
        (those ahead of its key that left or joined) and expected wait. A session that
        left the queue gets ``false`` on its own channel (the widget then shows nothing).
        The work and the bus rows grow with the change, not with the number of visitors
        waiting, and each visitor's websocket wakes at most once per interval for its queue.
        A move that changes no waiting visitor's place (``"news": false``: a visitor joins
        behind everyone, the last one leaves; ``queue_wait.moves_change_places``) waits for
        the next one that does, or ``QUEUE_QUIET_INTERVAL``: a crowd arriving behind a long
        queue wakes nobody.
        The queue's chats being served and recent handle time (``servers``,
        ``handle_seconds``) come along: the widget computes its expected wait's range from
        its new place (in the same query)."""
        pending = self.env.cr.precommit.data.pop(QUEUE_PENDING_KEY, None)
        if not pending:
            return
        self.env["discuss.channel"].flush_model(
            [
                "livechat_channel_id",
                "livechat_first_answer_seconds",
                "livechat_held",
                "livechat_in_queue_dt",
                "livechat_state",
                "livechat_waiting_dt",
                *SERVING_FIELDS,
            ]
        )
        last_waiting = self._livechat_queue_last_waiting(pending)
        window_start = fields.Datetime.now() - timedelta(seconds=queue_wait.RECENT_WINDOW)
        self.env.cr.execute(
            SQL(
                """
                SELECT q.id,
                       (SELECT array_agg(a.livechat_first_answer_seconds) FROM discuss_channel a
                         WHERE a.livechat_channel_id = q.id
                           AND a.livechat_first_answer_dt >= %(window_start)s
                           AND (a.livechat_in_queue_dt IS NOT NULL
                                OR a.livechat_waiting_dt IS NOT NULL)),
                       to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US'),
                       nextval('livechat_iconic_queue_move_seq'),
                       %(serving)s
                  FROM unnest(%(queue_ids)s::int[]) AS q(id)
                """,
                window_start=window_start,
                queue_ids=sorted(pending),
                serving=self.env["im_livechat.channel"]._livechat_serving_sql(SQL("q.id")),
            )
        )
        # the queues' subchannels carry sort keys and an estimate, nothing personal: the
        # widget of a visitor waiting in the queue listens to it (ir.websocket)
        left, moved = [], []
        for queue_id, samples, at, seq, servers, handle in self.env.cr.fetchall():
            moves = pending[queue_id]
            payload = {"queue_id": queue_id, "seq": seq, "at": at, "joined": [], "left": []}
            for session_id, (move, key) in sorted(moves.items()):
                payload[move].append(list(key))
                if move == "left":
                    left.append(session_id)
            payload["median_seconds"] = queue_wait.expected_wait(samples)
            payload["servers"] = servers
            payload["handle_seconds"] = float(handle) if handle else None
            # whether the move changes a waiting visitor's place (QUEUE_QUIET_INTERVAL)
            payload["news"] = queue_wait.moves_change_places(
                [key for _move, key in moves.values()], last_waiting.get(queue_id)
            )
            moved.append(SQL("(%s, %s)", queue_id, json.dumps(payload)))
        # the moves wait in this transaction for the next flush (_livechat_queue_flush):
        # every waiting visitor's websocket wakes for each message of its queue, so the
        # messages must not come at the pace of the transactions
        self.env.cr.execute(
            SQL(
                "INSERT INTO livechat_iconic_queue_pending (queue_id, payload) VALUES %s",
                SQL(", ").join(moved),
            )
        )
        if modules.module.current_test:
            self._livechat_queue_flush(interval=0)  # test cursors run no post-commit hook
        else:
            self._livechat_flush_after_commit()
        # sudo: each "no place any more" goes to the visitor of its own session only
        for channel in self.env["discuss.channel"].sudo().browse(left):
            Store(bus_channel=channel).add(channel, {QUEUE_STORE_KEY: False}).bus_send()

    def _livechat_queue_last_waiting(self, pending):
        """``{queue id: (since, id)}``: the sort key of the last visitor waiting in each
        queue of ``pending`` (this transaction's moves) among those the moves are not about,
        in the widget's terms (``since`` as Odoo writes it). A queue where nobody else waits
        is left out. One query."""
        queue_ids = sorted(queue_id for queue_id, moves in pending.items() if moves)
        if not queue_ids:
            return {}
        moved_ids = sorted({session_id for moves in pending.values() for session_id in moves})
        self.env.cr.execute(
            SQL(
                """SELECT DISTINCT ON (livechat_channel_id)
                          livechat_channel_id, livechat_in_queue_dt, id
                     FROM discuss_channel
                    WHERE livechat_channel_id = ANY(%s) AND livechat_state = 'in_queue'
                      AND livechat_held IS NOT TRUE AND livechat_in_queue_dt IS NOT NULL
                      AND id != ALL(%s)
                 ORDER BY livechat_channel_id, livechat_in_queue_dt DESC, id DESC""",
                queue_ids,
                moved_ids,
            )
        )
        return {
            queue_id: (fields.Datetime.to_string(since), session_id)
            for queue_id, since, session_id in self.env.cr.fetchall()
        }

    @api.model
    def _livechat_queue_flush(self, interval=QUEUE_INTERVAL):
        """Send the queues' pending moves: one ``livechat_iconic.queue/moved`` message per
        queue that moved, holding its moves in order (``moves``, each numbered as it
        committed), unless one was sent less than ``interval`` seconds ago, or none of them
        changes a waiting visitor's place and one was sent less than
        ``QUEUE_QUIET_INTERVAL`` seconds ago. Each waiting
        visitor's websocket wakes for every message of its queue: at most one message a
        queue per interval keeps that work bounded whatever the pace of the changes. The
        decision is PostgreSQL's (the clock row, locked with SKIP LOCKED), as for the
        boards (``_livechat_board_flush``): one flush sends at a time, on any process or
        node, and the pending rows taken (DELETE ... RETURNING) are sent once. Returns the
        number of queues told."""
        moves = {}
        taken = self._livechat_take_pending("queue", interval, QUEUE_QUIET_INTERVAL)
        for queue_id, payload in taken:
            payload.pop("news", None)  # the flush's concern, not the widget's
            moves.setdefault(queue_id, []).append(payload)
        # sudo: the queues' subchannels; the moves carry nothing personal
        queues = self.env["im_livechat.channel"].sudo().browse(sorted(moves)).exists()
        for queue in queues:
            self.env["bus.bus"]._sendone(
                (queue.sudo(False), QUEUE_SUBCHANNEL),
                QUEUE_NOTIFICATION,
                {"queue_id": queue.id, "moves": sorted(moves[queue.id], key=lambda m: m["seq"])},
            )
        return len(queues)

    def _livechat_sla_store_fields(self):
        """Part of ``_livechat_visitor_store_fields`` (discuss_channel.py)."""
        return [
            # sudo: the visitor's own place in the queue (the fields are the agents')
            Store.Attr(
                QUEUE_STORE_KEY,
                lambda c: c.sudo().livechat_queue_status,
                predicate=lambda c: (
                    is_livechat_channel(c) and c.sudo().livechat_state == "in_queue"
                ),
            ),
        ]
