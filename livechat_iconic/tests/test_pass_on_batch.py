from datetime import timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.tests import TransactionCase, new_test_user, tagged

from .common import AGENT_GROUPS

#: the most queries one pass-on of the timers may cost in a batch (issue 19: one at a time,
#: 118 each to the next agent and 80 back to the queue, for the 17 pass-ons a second of a
#: crowd that no agent answers; back to the queue 32 each in a batch until the visitors'
#: places and the supervisors' notice were made once per batch, 30 until the notices'
#: mail defaults were read once per batch and the notices stopped locking the row again)
QUERIES_PER_PASS_ON = 30
QUERIES_PER_REQUEUE = 28


@tagged("post_install", "-at_install")
class TestPassOnBatch(TransactionCase):
    """The timers pass the chats their agents did not answer on in batches, as the
    dispatch assigns: a bounded number of queries per pass-on, fewer as the batch grows,
    each session getting all a pass-on gives (the miss on record, the agent out, the next
    agent in with the "invited" line, the operator, the next agent's notice)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agents = cls.env["res.users"].union(
            *(
                new_test_user(
                    cls.env, login=f"iconic_pass_on_{i}", groups=AGENT_GROUPS, name=f"Agent {i}"
                )
                for i in range(4)
            )
        )
        cls.queue = cls.env["im_livechat.channel"].create(
            {
                "name": "Pass-on batch queue",
                "user_ids": [Command.set(cls.agents.ids)],
                "max_sessions_mode": "unlimited",
                "livechat_agent_answer_seconds": 60,
            }
        )
        cls.env["ir.config_parameter"].sudo().set_param("livechat_iconic.max_parallel_chats", 0)
        # the agents keep their status after a miss: each chat passes to the next agent
        # (test_inactivity.py tests the Break an agent goes on after a miss)
        cls.env["ir.config_parameter"].sudo().set_param(
            "livechat_iconic.agent_missed_policy", "keep"
        )
        cls.queue_partner = cls.env["discuss.channel"]._livechat_queue_partner()
        # only this test's sessions have timers running
        cls.env["discuss.channel"].search(
            [
                ("channel_type", "=", "livechat"),
                ("livechat_state", "in", ["in_queue", "waiting", "chatting"]),
            ]
        ).write({"livechat_state": "closed"})

    def given(self, count, agents):
        """``count`` sessions given by the dispatch to ``agents`` (online), who never
        answer."""
        for agent in agents:
            self.env["mail.presence"]._update_presence(agent)
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
        sessions._livechat_dispatch()
        self.assertEqual(set(sessions.mapped("livechat_state")), {"waiting"})
        return sessions

    def run_timers(self):
        """The inactivity timers as the scheduled action runs them (from a clean cache);
        returns the queries."""
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        self.env["discuss.channel"]._cron_livechat_inactivity()
        self.env.flush_all()
        count = self.env.cr.sql_log_count - before
        self.env.invalidate_all()
        return count

    def assertPassedOn(self, sessions, before):
        """Every session went from its agent in ``before`` (``{session: partner}``) to
        another, with all a pass-on gives."""
        for session in sessions:
            old = before[session]
            self.assertEqual(session.livechat_state, "waiting")
            self.assertNotEqual(session.livechat_operator_id, old)
            members = session.channel_member_ids.partner_id
            self.assertIn(session.livechat_operator_id, members)
            self.assertNotIn(old, members, "who did not answer left the chat")
            self.assertEqual(session.livechat_missed_assignment_ids.user_id.partner_id, old)
            self.assertEqual(session.livechat_missed_by_count, 1)

    def test_queries_per_pass_on_bounded_and_falling(self):
        start = self.env.cr.now()
        with freeze_time(start):
            small = self.given(4, self.agents)
            before_small = {s: s.livechat_operator_id for s in small}
        with freeze_time(start + timedelta(seconds=61)):
            small_count = self.run_timers()
        self.assertPassedOn(small, before_small)
        with freeze_time(start + timedelta(minutes=5)):
            big = self.given(16, self.agents)
            before_big = {s: s.livechat_operator_id for s in big}
        with freeze_time(start + timedelta(minutes=6, seconds=1)):
            big_count = self.run_timers()
        self.assertPassedOn(big, before_big)
        self.assertLessEqual(big_count, QUERIES_PER_PASS_ON * 16, f"{big_count} queries")
        self.assertLess(big_count / 16, small_count / 4, "the run's fixed costs are shared")
        # each next agent is told, at commit
        self.env.cr.precommit.run()
        alerts = self.env["bus.bus"].search_count(
            [("message", "like", "A chat was assigned to you")]
        )
        self.assertGreaterEqual(alerts, 20 + 20)

    def test_nobody_left_back_to_the_queue_together(self):
        start = self.env.cr.now()
        with freeze_time(start):
            sessions = self.given(6, self.agents[:1])
        with freeze_time(start + timedelta(seconds=61)):
            count = self.run_timers()
        for session in sessions:
            self.assertEqual(session.livechat_state, "in_queue")
            self.assertEqual(session.livechat_operator_id, self.queue_partner)
            self.assertNotIn(self.agents[0].partner_id, session.channel_member_ids.partner_id)
            self.assertEqual(session.livechat_missed_assignment_ids.result, "queued")
        self.assertLessEqual(count, QUERIES_PER_REQUEUE * 6, f"{count} queries")
        # each visitor is told their own place
        for place, session in enumerate(sessions.sorted("id"), start=1):
            notice = session.message_ids.filtered(
                lambda m: "o_livechat_iconic_queued" in (m.body or "")
            )[:1]
            self.assertIn(f"You are number {place} in the queue", notice.body)
        # the supervisors get one notice for the six, not six
        self.env.cr.precommit.run()
        notices = self.env["bus.bus"].search([("message", "like", "went back to the queue")])
        self.assertEqual(len(notices), len(self.queue._livechat_supervisors()))
        self.assertIn("6 chats went back to the queue", notices[0].message)
        self.assertIn("did not answer 6 visitors in Pass-on batch queue", notices[0].message)
