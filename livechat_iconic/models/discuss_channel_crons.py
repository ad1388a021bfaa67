import logging
from contextlib import contextmanager

import psycopg2.errors

from odoo import api, fields, models
from odoo.tools import SQL

from ..lib import wake
from .discuss_channel_sla import ESCALATION_WINDOW

_logger = logging.getLogger(__name__)

TIMERS_CRON_XMLID = "livechat_iconic.ir_cron_livechat_timers"
BATCH_SIZE_PARAM = "livechat_iconic.cron_batch_size"
DEFAULT_BATCH_SIZE = 50
# a scheduled action starts no new batch with fewer seconds left in its run
# (ir.cron._commit_progress counts down from the run's start)
MIN_SECONDS_LEFT = 2.0


class DiscussChannel(models.Model):
    """What every scheduled action of live chat sessions shares: batches committed one by
    one, rows locked with SKIP LOCKED, one savepoint per session, and the one "timers"
    scheduled action (inactivity, then the SLA escalation) woken once per session.

    A session's row is locked only for a batch of the sessions a scheduled action changes
    now: a visitor's message on that session waits at most for the rest of that batch;
    on any other session it never waits. A session a visitor's transaction holds is
    skipped (SKIP LOCKED) and tried again on a later run.
    """

    _inherit = "discuss.channel"

    # -- batches ------------------------------------------------------------------------------
    @api.model
    def _livechat_cron_batch_size(self):
        """Sessions per batch (``livechat_iconic.cron_batch_size``, 50 by default)."""
        value = self.env["ir.config_parameter"].sudo().get_param(BATCH_SIZE_PARAM)
        try:
            size = int(value or DEFAULT_BATCH_SIZE)
        except ValueError:
            size = DEFAULT_BATCH_SIZE
        return min(max(size, 1), 1000)

    @api.model
    def _livechat_in_cron(self):
        """Run as the scheduled action (batches committed), not called directly (a test, a
        shell: the caller's transaction holds every batch)."""
        return bool(self.env.context.get("ir_cron_progress_id"))

    @api.model
    def _livechat_cron_commit(self, processed):
        """End of a batch of ``processed`` sessions: commit it when run as the scheduled
        action. Returns whether there is time left for another batch in this run."""
        if not self._livechat_in_cron():
            return True
        seconds_left = self.env["ir.cron"]._commit_progress(processed)
        return seconds_left >= MIN_SECONDS_LEFT

    @api.model
    def _livechat_cron_unfinished(self, cron):
        """Out of time with work left: ``cron`` is woken again now, so that the rest is
        done within the minute, in a new run. Nothing is reported as remaining: Odoo's
        cron runner would otherwise call the action again at once, up to ten times in the
        same run, one batch each, however long the run has already taken."""
        # sudo: waking a system cron
        cron.sudo()._trigger()

    def _livechat_try_lock(self):
        """Lock these sessions' rows for the batch (``FOR NO KEY UPDATE SKIP LOCKED``) and
        return those locked, in order. A row another transaction holds, or one changed
        since this transaction's snapshot (REPEATABLE READ), is left out: to be retried."""
        if not self:
            return self
        locked = set()
        try:
            # flush=False: a read-only lock, no commit hook to run before it
            with self.env.cr.savepoint(flush=False):
                # an expected outcome of a concurrent writer, handled: not a "bad query"
                self.env.cr.execute(
                    SQL(
                        "SELECT id FROM discuss_channel WHERE id IN %s "
                        "FOR NO KEY UPDATE SKIP LOCKED",
                        tuple(self.ids),
                    ),
                    log_exceptions=False,
                )
                locked.update(row[0] for row in self.env.cr.fetchall())
        except psycopg2.errors.SerializationFailure:
            # one of them changed since the snapshot: lock the others one by one
            for session in self:
                try:
                    with self.env.cr.savepoint(flush=False):
                        self.env.cr.execute(
                            SQL(
                                "SELECT id FROM discuss_channel WHERE id = %s "
                                "FOR NO KEY UPDATE SKIP LOCKED",
                                session.id,
                            ),
                            log_exceptions=False,
                        )
                        locked.update(row[0] for row in self.env.cr.fetchall())
                except psycopg2.errors.SerializationFailure:
                    continue
        return self.filtered(lambda s: s.id in locked)

    def _livechat_each_safely(self, action, what):
        """Run ``action(session)`` for each of these sessions on its own savepoint: one
        that fails is logged and left for a later run without stopping the others.
        Returns ``(done, retry)``: the sessions it ran for, and those to try again soon
        (changed under the action by another transaction).

        Each session's writes are flushed inside its savepoint, but the transaction's
        commit hooks (the bus notifications, the queue's new places) run once, when the
        batch commits: Odoo's flushing savepoint would run them after every session."""
        done = retry = self.browse()
        # nothing pending before a session's savepoint: a rolled back session's leftovers
        # are then all that clearing the cache discards
        self.env.flush_all()
        for session in self:
            try:
                with self._livechat_savepoint():
                    action(session)
                done |= session
            except psycopg2.errors.SerializationFailure:
                retry |= session
            except Exception:
                _logger.exception("Live chat %s: session %s failed", what, session.id)
        return done, retry

    def _livechat_all_safely(self, action, what):
        """Run ``action(sessions)`` once for all these sessions on one savepoint, so that
        what it does for many costs little more than for one; when it fails, each session
        is done on its own (``_livechat_each_safely``), so that one session's trouble
        neither stops nor drops the others. Returns the sessions to try again soon."""
        if not self:
            return self
        self.env.flush_all()
        try:
            with self._livechat_savepoint():
                action(self)
        except Exception:  # noqa: BLE001 - every session is tried again on its own
            return self._livechat_each_safely(action, what)[1]
        return self.browse()

    @contextmanager
    def _livechat_savepoint(self):
        """A savepoint whose writes are flushed inside it and which, when it fails, takes
        back with its rows the bus notices queued inside it (Odoo keeps them in the
        transaction's pre-commit data, which a rolled back savepoint does not touch): a
        session left for a later run tells nobody of what did not happen. The error is
        raised again, the cache of what was rolled back cleared."""
        pending = self.env.cr.precommit.data.get("bus.bus.values")
        queued = len(pending) if pending is not None else 0
        try:
            with self.env.cr.savepoint(flush=False):
                yield
                self.env.flush_all()
        except Exception:
            pending = self.env.cr.precommit.data.get("bus.bus.values")
            if pending is not None:
                del pending[queued:]
            self.env.transaction.clear()
            raise

    # -- the timers scheduled action ----------------------------------------------------------
    @api.model
    def _livechat_timers_cron(self):
        """The timers scheduled action, through Odoo's cached xmlid map: env.ref() would
        query its existence on every visitor's "start chat" and agent's message."""
        cron_id = self.env["ir.model.data"]._xmlid_to_res_id(
            TIMERS_CRON_XMLID, raise_if_not_found=False
        )
        return self.env["ir.cron"].browse(cron_id or [])

    def _livechat_schedule_timers(self):
        """A clock of these sessions started or moved: wake the timers scheduled action at
        each session's next moment, the earliest of its inactivity timer and its
        first-response escalation (a cron poll early): at most one trigger per session,
        where a trigger for each would be two, none when a wake-up before it is pending
        (``_livechat_wake_timers``); each run wakes the action for the next moment due
        (``_livechat_wake_timers_once``)."""
        now = fields.Datetime.now()
        moments = set()
        # sudo: the timers read the queue's settings and the agent, whoever acts
        for channel in self.sudo():
            timer = channel._livechat_inactivity_timer()
            escalate_at = channel._livechat_escalation_dt()
            candidates = [
                moment
                for moment in (
                    timer.due if timer else None,
                    escalate_at - ESCALATION_WINDOW if escalate_at else None,
                )
                if moment
            ]
            if candidates:
                moments.add(max(min(candidates), now))
        self._livechat_wake_timers(moments)

    @api.model
    def _livechat_wake_timers(self, moments):
        """Wake the timers scheduled action at each of ``moments`` that nothing wakes it
        for already (``lib/wake.py``): each run wakes the action again for the next moment
        due, so a pending wake-up before a moment far enough away covers it."""
        cron = self._livechat_timers_cron()
        if not cron or not moments:
            return
        now = fields.Datetime.now()
        pending = None
        if wake.needs_pending(moments, now):
            # sudo: the earliest of the system's pending wake-ups beyond the margin (one
            # query), read as _livechat_wake_timers_once reads them, whoever acts
            pending = (
                self.env["ir.cron.trigger"]
                .sudo()
                .search_fetch(
                    [("cron_id", "=", cron.id), ("call_at", ">", now + wake.MARGIN)],
                    ["call_at"],
                    order="call_at",
                    limit=1,
                )
                .call_at
            ) or None
        at_once, later = wake.wake_ups(moments, now, pending)
        # sudo: waking a system cron, whoever changed the session (a visitor, an agent).
        # Its triggers are written as ir.cron._trigger writes them, without reading the
        # cron's row first (whether it is active: a trigger of an inactive cron is
        # ignored anyway). A moment already come goes through _trigger, which wakes the
        # cron workers.
        if at_once:
            cron.sudo()._trigger(now)
        if later:
            self.env["ir.cron.trigger"].sudo().create(
                [{"cron_id": cron.id, "call_at": moment} for moment in later]
            )

    @api.model
    def _livechat_wake_timers_once(self, when):
        """Wake the timers scheduled action at ``when`` unless it is woken by then."""
        cron = self._livechat_timers_cron()
        if not cron or not when:
            return
        # sudo: the system's pending wake-ups
        pending = (
            self.env["ir.cron.trigger"]
            .sudo()
            .search_count(
                [
                    ("cron_id", "=", cron.id),
                    ("call_at", ">", fields.Datetime.now()),
                    ("call_at", "<=", when),
                ],
                limit=1,
            )
        )
        if not pending:
            cron.sudo()._trigger(when)

    @api.model
    def _cron_livechat_timers(self):
        """The timers scheduled action: the inactivity timers (silent visitors, chats
        their agents do not answer), then the first-response escalations, then the
        facts of the visitors waiting and the escalation of the alerts no agent's browser
        acknowledged, each in committed batches. Woken when the next of any is due."""
        self._cron_livechat_inactivity()
        self._cron_livechat_sla_escalation()
        # the miss causes: the facts of the visitors waiting, the unseen alerts escalated
        self._cron_livechat_miss_facts()
        self._cron_livechat_alert_escalation()
