import uuid
from datetime import timedelta

import psycopg2.errors

from odoo import Command, api, fields
from odoo.tests import tagged

from .real_transactions import RealTransactionsCase

# a request that had to wait for a lock fails at once instead: no wait, no timing
NO_WAIT = "SET LOCAL lock_timeout = '50ms'"


@tagged("post_install", "-at_install")
class TestCronConcurrency(RealTransactionsCase):
    """A scheduled action's batch and a visitor's message on the same sessions, each in
    its own transaction on PostgreSQL, as a cron worker and an HTTP worker run them.

    A lock another transaction would wait for makes the waiting statement fail at once
    (``lock_timeout``): a message that goes through proves it waited for no lock, and
    its commit proves it was not refused for a concurrent update (REPEATABLE READ).
    The data must be committed for two connections to see it: this test commits its own
    records and removes them afterwards.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with cls._cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            cls.first_trigger_id = (
                env["ir.cron.trigger"].search([], order="id desc", limit=1).id or 0
            ) + 1
            cls.first_bus_id = (env["bus.bus"].search([], order="id desc", limit=1).id or 0) + 1
            groups = [
                env.ref("base.group_user").id,
                env.ref("im_livechat.im_livechat_group_user").id,
            ]
            agent = env["res.users"].create(
                {
                    "name": "Cron Race Agent",
                    "login": f"iconic_cron_race_{uuid.uuid4().hex[:8]}",
                    "group_ids": [Command.set(groups)],
                }
            )
            queue = env["im_livechat.channel"].create(
                {
                    "name": "Cron race queue",
                    "user_ids": [Command.set(agent.ids)],
                    "livechat_reminder_mode": "propose",
                    "livechat_agent_answer_seconds": 0,
                    "livechat_first_response_target": 120,
                    "livechat_escalate_before": 30,
                }
            )
            cls.agent_id, cls.queue_id = agent.id, queue.id
            cls.public_user_id = env.ref("base.public_user").id
        cls.addClassCleanup(cls._remove_committed_records)

    @classmethod
    def _remove_committed_records(cls):
        with cls._cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            env["ir.cron.trigger"].search([("id", ">=", cls.first_trigger_id)]).unlink()
            # the notifications the committed cron runs sent (other tests read the bus)
            env["bus.bus"].search([("id", ">=", cls.first_bus_id)]).unlink()
            sessions = env["discuss.channel"].search([("livechat_channel_id", "=", cls.queue_id)])
            guests = sessions.channel_member_ids.guest_id
            sessions.unlink()
            guests.unlink()
            env["im_livechat.channel"].browse(cls.queue_id).unlink()
            env["res.users"].browse(cls.agent_id).action_archive()

    def _session(self, state, **vals):
        """A committed session of the queue, in ``state``, with ``vals`` written after."""
        with self._cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            agent = env["res.users"].browse(self.agent_id)
            guest = env["mail.guest"].create({"name": "Racing visitor"})
            members = [Command.create({"guest_id": guest.id, "livechat_member_type": "visitor"})]
            if state != "in_queue":
                members.append(
                    Command.create(
                        {"partner_id": agent.partner_id.id, "livechat_member_type": "agent"}
                    )
                )
            operator = (
                env["discuss.channel"]._livechat_queue_partner()
                if state == "in_queue"
                else agent.partner_id
            )
            channel = env["discuss.channel"].create(
                {
                    "name": "Racing visitor",
                    "channel_type": "livechat",
                    "livechat_channel_id": self.queue_id,
                    "livechat_operator_id": operator.id,
                    "channel_member_ids": members,
                    "livechat_held": False,  # announced (its visitor wrote)
                }
            )
            if channel.livechat_state != state:
                channel._livechat_set_state(state)
            channel.write(vals)
            return channel.id, guest.id

    def _visitor_posts(self, cr, channel_id, guest_id, body="Still there?"):
        """The visitor's message, as Odoo's /mail/message/post writes it (flushed: its
        row locks are taken), in ``cr``, which waits for no lock."""
        cr.execute(NO_WAIT)
        env = api.Environment(cr, self.public_user_id, {})
        guest = env["mail.guest"].sudo().browse(guest_id)
        channel = env["discuss.channel"].with_context(guest=guest).sudo().browse(channel_id)
        message = channel.message_post(
            body=body, message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        env.flush_all()
        self.assertEqual(message.author_guest_id.id, guest_id, "the visitor's own message")

    def _env(self, cr):
        return api.Environment(cr, api.SUPERUSER_ID, {})

    # -- the inactivity cron ----------------------------------------------------------------
    def test_inactivity_skips_a_session_a_visitor_holds_without_waiting(self):
        now = fields.Datetime.now()
        silent_id, guest_id = self._session(
            "chatting", livechat_visitor_silent_dt=now - timedelta(minutes=10)
        )
        with self._cursor() as visitor:
            self._visitor_posts(visitor, silent_id, guest_id)
            with self._cursor() as cron_cr:
                cron_cr.execute(NO_WAIT)
                env = self._env(cron_cr)
                with self.assertNoLogs("odoo.sql_db", "ERROR"):
                    env["discuss.channel"]._cron_livechat_inactivity()
                session = env["discuss.channel"].browse(silent_id)
                self.assertFalse(session.livechat_reminder_state, "held: left for a retry")
                retry = env["ir.cron.trigger"].search_count(
                    [
                        ("cron_id", "=", env.ref("livechat_iconic.ir_cron_livechat_timers").id),
                        ("call_at", ">", now),
                        ("call_at", "<=", now + timedelta(minutes=2)),
                    ]
                )
                self.assertTrue(retry, "woken again within a minute")
                cron_cr.commit()
            visitor.commit()  # not refused: the cron wrote nothing of the session
        with self._cursor() as cron_cr:
            env = self._env(cron_cr)
            env["discuss.channel"]._cron_livechat_inactivity()
            session = env["discuss.channel"].browse(silent_id)
            # the next run sees that the visitor answered: no reminder to propose
            self.assertFalse(session.livechat_visitor_silent_dt)
            self.assertFalse(session.livechat_reminder_state)

    def test_a_visitor_posts_at_once_while_an_inactivity_batch_is_open(self):
        now = fields.Datetime.now()
        silent_id, _silent_guest = self._session(
            "chatting", livechat_visitor_silent_dt=now - timedelta(minutes=10)
        )
        quiet_id, quiet_guest = self._session(
            "chatting", livechat_visitor_silent_dt=now - timedelta(seconds=30)
        )
        with self._cursor() as cron_cr:
            env = self._env(cron_cr)
            # one batch, not committed yet: it holds what it locked
            env["discuss.channel"]._cron_livechat_inactivity()
            self.assertEqual(
                env["discuss.channel"].browse(silent_id).livechat_reminder_state, "proposed"
            )
            # the visitor of a session the batch read but does not change: at once
            with self._cursor() as visitor:
                self._visitor_posts(visitor, quiet_id, quiet_guest)
                visitor.commit()
            # the session the batch changes is the one locked (until the batch commits)
            with self._cursor() as visitor:
                visitor.execute(NO_WAIT)
                with self.assertRaises(psycopg2.errors.LockNotAvailable):
                    visitor.execute(
                        "UPDATE discuss_channel SET last_interest_dt = now() WHERE id = %s",
                        [silent_id],
                        log_exceptions=False,
                    )
            cron_cr.commit()
        with self._cursor() as cr:
            quiet = self._env(cr)["discuss.channel"].browse(quiet_id)
            self.assertFalse(quiet.livechat_visitor_silent_dt, "the visitor's answer stayed")

    def test_a_message_meets_a_batch_s_committed_change_at_its_start(self):
        """A batch changes a session (the agent did not answer: a pass-on) and commits
        while a visitor's request, begun before, is about to post there: the post fails
        at its first statement on the session, before any work, with no error in the log
        (Odoo retries such a request on a fresh snapshot, as it does for any concurrent
        update), and the retried post goes through."""
        waiting_id, guest_id = self._session("waiting")
        with self._cursor() as visitor:
            # the request has begun: its snapshot predates the batch's commit
            self._env(visitor)["discuss.channel"].browse(waiting_id).livechat_state  # noqa: B018
            with self._cursor() as cron_cr:
                self._env(cron_cr)["discuss.channel"].browse(waiting_id).write(
                    {"livechat_reassigned_dt": fields.Datetime.now()}
                )
                cron_cr.commit()
            with (
                self.assertNoLogs("odoo.sql_db", "ERROR"),
                self.assertRaises(psycopg2.errors.SerializationFailure),
            ):
                self._visitor_posts(visitor, waiting_id, guest_id)
            visitor.rollback()
        with self._cursor() as retried:
            self._visitor_posts(retried, waiting_id, guest_id, body="Again")
            retried.commit()
        with self._cursor() as cr:
            session = self._env(cr)["discuss.channel"].browse(waiting_id)
            self.assertIn("Again", session.message_ids[0].body)

    # -- the first-response escalation --------------------------------------------------------
    def test_a_visitor_posts_at_once_while_the_escalation_tells_the_supervisors(self):
        now = fields.Datetime.now()
        # breach in 10 s: the supervisors are told now
        queued_id, guest_id = self._session(
            "in_queue", livechat_in_queue_dt=now - timedelta(seconds=110)
        )
        with self._cursor() as cron_cr:
            env = self._env(cron_cr)
            env["discuss.channel"]._cron_livechat_sla_escalation()
            self.assertTrue(env["discuss.channel"].browse(queued_id).livechat_sla_escalated)
            # the batch is open on this very session: the visitor's message goes through
            with self._cursor() as visitor:
                self._visitor_posts(visitor, queued_id, guest_id)
                cron_cr.commit()
                visitor.commit()  # not refused: the cron did not write the session's row
        with self._cursor() as cr:
            env = self._env(cr)
            session = env["discuss.channel"].browse(queued_id)
            self.assertTrue(session.livechat_sla_escalated)
            self.assertIn("Still there?", session.message_ids[0].body)

    def test_the_escalation_does_not_wait_for_a_visitor_s_message(self):
        now = fields.Datetime.now()
        queued_id, guest_id = self._session(
            "in_queue", livechat_in_queue_dt=now - timedelta(seconds=110)
        )
        with self._cursor() as visitor:
            self._visitor_posts(visitor, queued_id, guest_id)
            with self._cursor() as cron_cr:
                cron_cr.execute(NO_WAIT)
                env = self._env(cron_cr)
                with self.assertNoLogs("odoo.sql_db", "ERROR"):
                    env["discuss.channel"]._cron_livechat_sla_escalation()
                self.assertTrue(env["discuss.channel"].browse(queued_id).livechat_sla_escalated)
                cron_cr.commit()
            visitor.commit()

    def test_a_take_committed_during_the_escalation_fails_nothing(self):
        """An agent takes the chat while the escalation's batch is open: the take locks the
        session without its key (NO KEY UPDATE), so the escalation's record, which refers
        to the session, is made all the same, without a "bad query" (the load bench's
        answer run logged them when the take locked FOR UPDATE)."""
        now = fields.Datetime.now()
        queued_id, _guest_id = self._session(
            "in_queue", livechat_in_queue_dt=now - timedelta(seconds=110)
        )
        with self._cursor() as cron_cr:
            cron_cr.execute("SELECT 1 FROM discuss_channel LIMIT 1")  # the batch's snapshot
            with self._cursor() as agent_cr:
                agent = api.Environment(agent_cr, self.agent_id, {})
                agent["discuss.channel"].browse(queued_id).action_livechat_take()
                agent_cr.commit()
            env = self._env(cron_cr)
            with self.assertNoLogs("odoo.sql_db", "ERROR"):
                env["discuss.channel"]._cron_livechat_sla_escalation()
            self.assertTrue(env["discuss.channel"].browse(queued_id).livechat_sla_escalated)
            cron_cr.commit()

    def test_a_key_lock_committed_during_the_escalation_leaves_the_session_for_later(self):
        """Another transaction locked the session's row with its key (FOR UPDATE) and
        changed it after the batch began: the escalation's reference to the session fails
        to lock it. No error in the log, no notice without its record: the session is told
        once, by a later run."""
        now = fields.Datetime.now()
        queued_id, _guest_id = self._session(
            "in_queue", livechat_in_queue_dt=now - timedelta(seconds=110)
        )
        with self._cursor() as cron_cr:
            cron_cr.execute("SELECT COALESCE(MAX(id), 0) FROM bus_bus")  # the batch's snapshot
            [last_bus_id] = cron_cr.fetchone()
            with self._cursor() as other:
                other.execute("SELECT 1 FROM discuss_channel WHERE id = %s FOR UPDATE", [queued_id])
                other.execute(
                    "UPDATE discuss_channel SET write_date = now() WHERE id = %s", [queued_id]
                )
                other.commit()
            env = self._env(cron_cr)
            with self.assertNoLogs("odoo.sql_db", "ERROR"):
                env["discuss.channel"]._cron_livechat_sla_escalation()
            self.assertFalse(env["discuss.channel"].browse(queued_id).livechat_sla_escalated)
            cron_cr.precommit.run()  # the notices are written at commit
            self.assertFalse(
                env["bus.bus"].search_count(
                    [
                        ("id", ">", last_bus_id),
                        ("message", "like", "about to miss its first-response target"),
                    ]
                ),
                "no notice without its record",
            )
            cron_cr.commit()
        with self._cursor() as cron_cr:
            env = self._env(cron_cr)
            env["discuss.channel"]._cron_livechat_sla_escalation()
            self.assertTrue(env["discuss.channel"].browse(queued_id).livechat_sla_escalated)
            cron_cr.commit()

    # -- the presence watch ---------------------------------------------------------------------
    def test_a_visitor_posts_at_once_while_a_watch_batch_is_open(self):
        chatting_id, guest_id = self._session("chatting")
        with self._cursor() as cron_cr:
            env = self._env(cron_cr)
            # the visitor's presence is unknown: the batch reads the session, changes nothing
            env["discuss.channel"]._cron_livechat_watch_visitors()
            with self._cursor() as visitor:
                self._visitor_posts(visitor, chatting_id, guest_id)
                visitor.commit()
            cron_cr.commit()
