from datetime import timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.tests import TransactionCase, new_test_user, tagged

from .common import AGENT_GROUPS

#: the most queries one assignment of the dispatch may cost (issue 19: it was ~43)
QUERIES_PER_ASSIGNMENT = 20


@tagged("post_install", "-at_install")
class TestDispatchBatch(TransactionCase):
    """The dispatch cron assigns queued sessions in batches: a bounded number of queries
    per assignment, fewer per assignment as the batch grows, each session getting all an
    assignment gives (agent member, operator, WAITING, the agent's notice), and in a
    scheduled run one committed transaction per batch."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agents = cls.env["res.users"].union(
            *(
                new_test_user(
                    cls.env, login=f"iconic_dispatch_{i}", groups=AGENT_GROUPS, name=f"Agent {i}"
                )
                for i in range(4)
            )
        )
        cls.queue = cls.env["im_livechat.channel"].create(
            {
                "name": "Dispatch batch queue",
                "user_ids": [Command.set(cls.agents.ids)],
                "max_sessions_mode": "unlimited",
            }
        )
        cls.env["ir.config_parameter"].sudo().set_param("livechat_iconic.max_parallel_chats", 0)
        cls.queue_partner = cls.env["discuss.channel"]._livechat_queue_partner()
        cls.cron = cls.env.ref("livechat_iconic.ir_cron_livechat_dispatch")
        # only this test's sessions are queued in assigned queues
        cls.env["discuss.channel"].search(
            [("channel_type", "=", "livechat"), ("livechat_state", "=", "in_queue")]
        ).write({"livechat_state": "closed"})

    def queued(self, count):
        """``count`` sessions IN QUEUE, created as the widget creates them when nobody is
        available (the queue stands in as operator), while the agents are offline."""
        guests = self.env["mail.guest"].create([{"name": f"Visitor {i}"} for i in range(count)])
        sessions = self.env["discuss.channel"].create(
            [
                {
                    "name": guest.name,
                    "channel_type": "livechat",
                    "livechat_channel_id": self.queue.id,
                    "livechat_operator_id": self.queue_partner.id,
                    "channel_member_ids": [
                        Command.create({"guest_id": guest.id, "livechat_member_type": "visitor"})
                    ],
                    "livechat_question": f"Question {guest.name}",
                    "livechat_held": False,  # its visitor wrote: announced
                }
                for guest in guests
            ]
        )
        self.assertEqual(set(sessions.mapped("livechat_state")), {"in_queue"})
        return sessions

    def dispatch(self, **kwargs):
        """Run the cron as its scheduled action does (from a clean cache); returns
        ``(queries, {session: user})``."""
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        done = self.env["im_livechat.channel"]._cron_livechat_dispatch(**kwargs)
        self.env.flush_all()
        return self.env.cr.sql_log_count - before, done

    def assertAssigned(self, sessions, done):
        """Every session got all an assignment gives."""
        self.assertEqual(set(done), set(sessions))
        for session, user in done.items():
            self.assertEqual(session.livechat_state, "waiting")
            self.assertEqual(session.livechat_operator_id, user.partner_id)
            member = session.channel_member_ids.filtered(
                lambda m, partner=user.partner_id: m.partner_id == partner
            )
            self.assertEqual(member.livechat_member_type, "agent")
            self.assertIn(
                "invited",
                "".join(session.message_ids.mapped("body")),
                "the visitor reads that the agent joined",
            )

    def test_queries_per_assignment_bounded_and_falling(self):
        for agent in self.agents:
            self.env["mail.presence"]._update_presence(agent)
        small = self.queued(10)
        with self.assertQueryCount(QUERIES_PER_ASSIGNMENT * 10):  # 160 here
            small_count, small_done = self.dispatch()
        self.assertAssigned(small, small_done)
        big = self.queued(30)
        with self.assertQueryCount(12 * 30):  # 320 here: 8 per further assignment
            big_count, big_done = self.dispatch()
        self.assertAssigned(big, big_done)
        # the run's fixed costs (routing reads, hooks, triggers) are shared
        self.assertLess(big_count / 30, small_count / 10)
        # the chats spread: 40 over 4 agents of the same priority
        users = [*small_done.values(), *big_done.values()]
        self.assertEqual([users.count(a) for a in self.agents], [10] * 4)
        # each agent is told of each chat, at commit
        self.env.cr.precommit.run()
        alerts = self.env["bus.bus"].search_count(
            [("message", "like", "A chat was assigned to you")]
        )
        self.assertGreaterEqual(alerts, 40)

    def test_batches_plan_as_one_pass(self):
        """Batches of 3 give each session the agent one pass over all of them gives."""
        for agent in self.agents:
            self.env["mail.presence"]._update_presence(agent)
        sessions = self.queued(10)
        # the member history written in a test is stamped with the test's transaction start
        # (PostgreSQL's now()); the routing counts an assignment within the last 2 minutes:
        # a minute after that start, whatever the suite's pace before this test
        moment = freeze_time(self.env.cr.now() + timedelta(minutes=1))
        with moment, self.env.cr.savepoint() as savepoint:
            _count, one_pass = self.dispatch(batch_size=100)
            self.assertAssigned(sessions, one_pass)
            expected = {s.id: u.id for s, u in one_pass.items()}
            savepoint.rollback()
        self.env.invalidate_all()
        with moment:
            _count, batched = self.dispatch(batch_size=3)
        self.assertAssigned(sessions, batched)
        self.assertEqual({s.id: u.id for s, u in batched.items()}, expected)

    def test_scheduled_run_commits_each_batch(self):
        for agent in self.agents:
            self.env["mail.presence"]._update_presence(agent)
        sessions = self.queued(5)
        with self.enter_registry_test_mode(), self.registry.cursor() as cr:
            cron = self.cron.with_env(self.cron.env(cr=cr, context={"cron_id": self.cron.id}))
            cron, progress = cron._add_progress()
            done = cron.env["im_livechat.channel"]._cron_livechat_dispatch(batch_size=2)
            self.assertEqual(len(done), 5)
            self.assertEqual(progress.done, 5, "each batch's assignments counted as done")
            self.assertEqual(progress.remaining, 0)
        sessions.invalidate_recordset()
        self.assertEqual(set(sessions.mapped("livechat_state")), {"waiting"})
