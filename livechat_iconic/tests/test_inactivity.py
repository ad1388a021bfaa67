import json
from datetime import datetime, timedelta

from freezegun import freeze_time
from lxml import etree

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .common import AGENT_GROUPS, LivechatIconicCase

T0 = datetime(2026, 11, 2, 9, 0, 0)
REMINDER = "livechat_iconic.reminder/propose"
ALERT = "livechat_iconic.alert"


def at(**delta):
    return freeze_time(T0 + timedelta(**delta))


class InactivityCase(LivechatIconicCase):
    """Three agents, a supervisor, and helpers for the sessions' clocks (also used by the
    snooze tests)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent_carol = new_test_user(
            cls.env, login="iconic_carol", groups=AGENT_GROUPS, name="Carol Agent"
        )
        cls.supervisor = new_test_user(
            cls.env,
            login="iconic_sam",
            groups="base.group_user,im_livechat.im_livechat_group_manager",
            name="Sam Supervisor",
        )
        cls.livechat_channel.write(
            {
                "user_ids": [Command.link(cls.agent_carol.id)],
                "livechat_supervisor_ids": [Command.set(cls.supervisor.ids)],
            }
        )
        cls.env["ir.config_parameter"].sudo().set_param("livechat_iconic.max_parallel_chats", 0)
        # the first-response escalation far off: the wake-ups seen are the inactivity
        # timers' (one trigger per session, at the earliest of both)
        cls.livechat_channel.livechat_first_response_target = 3600
        cls.cron = cls.env.ref("livechat_iconic.ir_cron_livechat_timers")

    # -- helpers ----------------------------------------------------------------------------
    def online(self, *users):
        for user in users:
            self.env["mail.presence"]._update_presence(user)

    def run_cron(self):
        self.env["discuss.channel"]._cron_livechat_inactivity()
        self.env.invalidate_all()

    def bus(self, notification_type, user=None):
        """Payloads of ``notification_type`` bus messages (to ``user``'s partner)."""
        self.env.cr.precommit.run()  # the bus messages are written at commit
        found = []
        for row in self.env["bus.bus"].search([("message", "like", notification_type)]):
            if user and f'"res.partner",{user.partner_id.id}]' not in row.channel:
                continue
            found.append(json.loads(row.message)["payload"])
        return found

    def triggers_at(self, when):
        return self.env["ir.cron.trigger"].search(
            [("cron_id", "=", self.cron.id), ("call_at", "=", when)]
        )

    def agent_says(self, channel, body, agent=None):
        channel.with_user(agent or self.agent).message_post(
            body=body, message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        channel.invalidate_recordset()

    def chatting(self):
        """A visitor chatting with Alice, whose last message (at T0) they have not answered."""
        with at(minutes=-1):
            channel = self.start_visitor_chat("Do you sell tickets?")
            channel.with_user(self.agent).action_livechat_take()
        with at():
            self.agent_says(channel, "Hello! Which show?")
        self.assertEqual(channel.livechat_state, "chatting")
        self.assertEqual(channel.livechat_visitor_silent_dt, T0)
        return channel

    def comments(self, channel):
        return channel.message_ids.filtered(lambda m: m.message_type == "comment").sorted("id")


@tagged("post_install", "-at_install")
class TestInactivity(InactivityCase):
    """Silent visitors get a reminder then their chat closes; chats their agent does not
    answer go to the next agent or back to the queue; broadcast chats nobody takes are
    told to the supervisors. One scheduled action, woken when a timer is due."""

    # -- the visitor does not answer --------------------------------------------------------
    def test_reminder_proposed_at_3_minutes_then_closed_2_minutes_later(self):
        channel = self.chatting()
        self.assertTrue(self.triggers_at(T0 + timedelta(minutes=3)), "woken when it is due")
        with at(minutes=2, seconds=59):
            self.run_cron()
        self.assertFalse(channel.livechat_reminder_state)
        self.assertFalse(self.bus(REMINDER))
        with at(minutes=3):
            self.run_cron()
        self.assertEqual(channel.livechat_reminder_state, "proposed")
        self.assertEqual(channel.livechat_reminder_dt, T0 + timedelta(minutes=3))
        [proposal] = self.bus(REMINDER, self.agent)
        self.assertEqual(proposal["id"], channel.id)
        self.assertIn("Are you still there?", proposal["reminder"])
        self.assertIn("3 minutes", proposal["body"])
        self.assertEqual(len(self.comments(channel)), 2, "proposed, not sent")
        self.assertTrue(self.triggers_at(T0 + timedelta(minutes=5)))
        # the agent did not send it: the chat closes 2 minutes after the proposal
        with at(minutes=4, seconds=59):
            self.run_cron()
        self.assertEqual(channel.livechat_state, "chatting")
        self.env["bus.bus"].search([]).unlink()
        with at(minutes=5):
            self.run_cron()
        self.assertEqual(channel.livechat_state, "closed")
        self.assertEqual(channel.livechat_end_reason, "visitor_inactive")
        self.assertEqual(channel.livechat_outcome, "visitor_inactive")
        self.assertEqual(channel.livechat_end_dt, T0 + timedelta(minutes=5))
        self.assertFalse(channel.livechat_visitor_silent_dt, "the clock stopped")
        self.assertIn("closed for inactivity", channel.message_ids[0].body)
        # the visitor's widget is told (on the session's own bus channel)
        self.env.cr.precommit.run()  # the bus messages are written at commit
        ended = self.env["bus.bus"].search([("message", "like", "livechat_end_dt")])
        self.assertIn(f'"discuss.channel",{channel.id}]', "".join(ended.mapped("channel")))
        with at(minutes=9):
            self.run_cron()  # nothing more
        self.assertEqual(len(self.comments(channel)), 2)

    def test_a_changed_delay_is_read_at_once_from_the_cached_settings(self):
        channel = self.chatting()
        queue = self.livechat_channel
        self.assertTrue(self.triggers_at(T0 + timedelta(minutes=3)))
        self.assertEqual(queue._livechat_reminder_delays()[0], timedelta(minutes=3))
        queue.livechat_reminder_minutes = 7
        self.assertEqual(queue._livechat_reminder_delays()[0], timedelta(minutes=7))
        self.assertEqual(channel._livechat_inactivity_timer().due, T0 + timedelta(minutes=7))
        with at(minutes=3):
            self.run_cron()
        self.assertFalse(channel.livechat_reminder_state, "not due any longer")

    def test_a_wake_up_pending_before_a_later_reminder_covers_it(self):
        """Under a crowd every agent message moves a visitor's clock minutes ahead: when
        the timers are woken already before that moment (and far enough ahead for their
        run to see this change), no new wake-up; that run wakes them for the next one."""
        first = self.chatting()  # its reminder at T0 + 3 min
        with at(minutes=-1):
            self.opener.cookies.clear()
            second = self.start_visitor_chat("And parking?")
            second.with_user(self.agent).action_livechat_take()
        with at(seconds=30):
            self.agent_says(second, "Yes, there is a car park.")
        later = T0 + timedelta(minutes=3, seconds=30)
        self.assertFalse(self.triggers_at(later), "covered by the wake-up at 3 minutes")
        with at(minutes=3):
            self.run_cron()
        self.assertEqual(first.livechat_reminder_state, "proposed")
        self.assertFalse(second.livechat_reminder_state)
        self.assertTrue(self.triggers_at(later), "the run wakes the timers for the next one")
        with at(minutes=3, seconds=30):
            self.run_cron()
        self.assertEqual(second.livechat_reminder_state, "proposed")

    def test_a_moment_sooner_than_the_margin_gets_its_own_wake_up(self):
        """A pending wake-up within two minutes may start its run before this change is
        committed: the moments before it, and any within the margin, get their own."""
        Channel = self.env["discuss.channel"]
        with at():
            Channel._livechat_wake_timers({T0 + timedelta(minutes=5)})
            Channel._livechat_wake_timers({T0 + timedelta(minutes=4)})  # before: its own
            Channel._livechat_wake_timers({T0 + timedelta(minutes=6)})  # covered
        with at(minutes=3):
            # the pending wake-up at 4 minutes is within the margin now
            Channel._livechat_wake_timers({T0 + timedelta(minutes=7)})
        for minutes, woken in ((4, True), (5, True), (6, False), (7, True)):
            self.assertEqual(
                bool(self.triggers_at(T0 + timedelta(minutes=minutes))), woken, minutes
            )

    def test_the_agent_sends_the_proposed_reminder_in_one_click(self):
        channel = self.chatting()
        with at(minutes=3):
            self.run_cron()
        with at(minutes=3, seconds=30):
            self.assertTrue(channel.with_user(self.agent).action_livechat_send_reminder())
        reminder = self.comments(channel)[-1]
        self.assertEqual(reminder.author_id, self.agent.partner_id)
        self.assertIn("Are you still there?", reminder.body)
        self.assertEqual(channel.livechat_reminder_state, "sent")
        self.assertEqual(channel.livechat_visitor_silent_dt, T0, "the reminder is no new start")
        with self.assertRaisesRegex(UserError, "sent already"):
            channel.with_user(self.agent).action_livechat_send_reminder()
        with self.assertRaisesRegex(UserError, "Only an agent in this chat"):
            channel.with_user(self.agent_bob).action_livechat_send_reminder()
        # the close delay counts from the reminder actually sent
        with at(minutes=5, seconds=29):
            self.run_cron()
        self.assertEqual(channel.livechat_state, "chatting")
        with at(minutes=5, seconds=30):
            self.run_cron()
        self.assertEqual(channel.livechat_outcome, "visitor_inactive")

    def test_reminder_sent_automatically_when_the_queue_says_so(self):
        self.livechat_channel.livechat_reminder_mode = "send"
        self.livechat_channel.livechat_reminder_text = "Still with us?"
        channel = self.chatting()
        with at(minutes=3):
            self.run_cron()
        reminder = self.comments(channel)[-1]
        self.assertEqual(reminder.author_id, self.agent.partner_id, "in the agent's name")
        self.assertIn("Still with us?", reminder.body)
        self.assertEqual(channel.livechat_reminder_state, "sent")
        self.assertFalse(self.bus(REMINDER), "nothing to propose")
        with at(minutes=5):
            self.run_cron()
        self.assertEqual(channel.livechat_state, "closed")
        self.assertEqual(channel.livechat_outcome, "visitor_inactive")

    def test_a_visitor_reply_resets_the_clock(self):
        self.livechat_channel.livechat_reminder_mode = "send"
        channel = self.chatting()
        with at(minutes=2):
            self.visitor_post(channel, "Hamlet, on Friday")
        self.assertFalse(channel.livechat_visitor_silent_dt)
        with at(minutes=4):
            self.run_cron()
        self.assertFalse(channel.livechat_reminder_state)
        with self.assertRaisesRegex(UserError, "visitor has answered"):
            channel.with_user(self.agent).action_livechat_send_reminder()
        # the agent answers: the silence counts from that message
        with at(minutes=4):
            self.agent_says(channel, "Two seats left.")
        with at(minutes=6, seconds=59):
            self.run_cron()
        self.assertFalse(channel.livechat_reminder_state)
        with at(minutes=7):
            self.run_cron()
        self.assertEqual(channel.livechat_reminder_state, "sent")
        # an answer after the reminder: the chat is not closed
        with at(minutes=8):
            self.visitor_post(channel, "I'll take them")
        self.assertFalse(channel.livechat_reminder_state)
        with at(minutes=30):
            self.run_cron()
        self.assertEqual(channel.livechat_state, "chatting")

    def test_off_when_0_minutes(self):
        self.livechat_channel.livechat_reminder_minutes = 0
        # before the first-response escalation (an hour off), the one other timer
        soon = [("cron_id", "=", self.cron.id), ("call_at", "<", T0 + timedelta(minutes=30))]
        before = self.env["ir.cron.trigger"].search_count(soon)
        channel = self.chatting()
        self.assertEqual(
            self.env["ir.cron.trigger"].search_count(soon), before, "no timer, no wake-up"
        )
        with at(hours=1):
            self.run_cron()
        self.assertEqual(channel.livechat_state, "chatting")
        self.assertFalse(channel.livechat_reminder_state)
        self.assertFalse(self.bus(REMINDER))

    # -- the agent does not answer ----------------------------------------------------------
    def test_one_wake_up_per_new_chat_for_both_timers(self):
        """A new chat has two timers, its agent's answer and its first-response
        escalation: one trigger of the timers cron at the earlier, and the run then wakes
        the cron for the later."""
        self.livechat_channel.livechat_first_response_target = 240  # tell at 210
        self.online(self.agent)
        Trigger = self.env["ir.cron.trigger"].sudo()
        before = Trigger.search([])
        with at():
            channel = self.start_visitor_chat("Hello?")
        self.assertEqual(channel.livechat_state, "waiting")
        added = Trigger.search([]) - before
        self.assertEqual(
            added.filtered(lambda t: t.cron_id == self.cron).mapped("call_at"),
            [T0 + timedelta(seconds=60)],
            "one wake-up: the agent's minute, before the escalation (210 s less a minute)",
        )
        self.assertNotIn(
            "Live Chat: tell supervisors before a first-response target is missed",
            added.cron_id.mapped("name"),
        )
        with at(seconds=60):
            self.run_cron()  # Alice did not answer; nobody else is online: back to the queue
        self.assertEqual(channel.livechat_state, "in_queue")
        self.assertTrue(self.triggers_at(T0 + timedelta(seconds=150)), "the escalation's turn")

    def test_unanswered_chat_goes_to_the_next_agent_by_priority(self):
        self.online(self.agent, self.agent_bob, self.agent_carol)
        self.livechat_channel.livechat_agent_ids = [
            Command.create({"user_id": self.agent.id, "priority": 5}),
            Command.create({"user_id": self.agent_bob.id, "priority": 3}),
            Command.create({"user_id": self.agent_carol.id, "priority": 1}),
        ]
        with at():
            channel = self.start_visitor_chat("My tracker is offline")
        self.assertEqual(channel.livechat_operator_id, self.agent.partner_id)
        self.assertEqual(channel.livechat_state, "waiting")
        self.assertTrue(self.triggers_at(T0 + timedelta(seconds=60)), "woken when it is due")
        with at(seconds=59):
            self.run_cron()
        self.assertEqual(channel.livechat_operator_id, self.agent.partner_id)
        with at(seconds=60):
            self.run_cron()
        # Alice did not answer: Bob, the next by priority, gets it; Alice is recorded
        self.assertEqual(channel.livechat_operator_id, self.agent_bob.partner_id)
        self.assertEqual(channel.livechat_state, "waiting")
        members = channel.channel_member_ids.partner_id
        self.assertIn(self.agent_bob.partner_id, members)
        self.assertNotIn(self.agent.partner_id, members, "Alice left the chat")
        [miss] = channel.livechat_missed_assignment_ids
        self.assertEqual(
            (miss.user_id, miss.assigned_dt, miss.missed_dt, miss.result, miss.next_user_id),
            (self.agent, T0, T0 + timedelta(seconds=60), "reassigned", self.agent_bob),
        )
        self.assertEqual(miss.livechat_channel_id, self.livechat_channel)
        self.assertEqual(channel.livechat_missed_by, "Alice Agent")
        self.assertEqual(channel.livechat_missed_by_count, 1)
        self.assertFalse(channel.livechat_is_escalated, "a chat passed on is no escalation")
        self.assertTrue(self.bus(ALERT, self.agent_bob), "Bob is told")
        self.assertTrue(self.triggers_at(T0 + timedelta(seconds=120)), "Bob's minute")
        # the board shows it (a stored field: no query added to its refresh)
        for view in ("discuss_channel_view_list_board", "discuss_channel_view_kanban_board"):
            view_id = self.env.ref(f"livechat_iconic.{view}").id
            arch = (
                self.env["discuss.channel"]
                .with_user(self.agent)
                .get_views([(view_id, view.split("_")[-2])])["views"]
            )
            fields_shown = etree.fromstring(next(iter(arch.values()))["arch"]).xpath(
                "//field/@name"
            )
            self.assertIn("livechat_missed_by", fields_shown, view)
        row = (
            self.env["discuss.channel"]
            .with_user(self.agent)
            .search_read([("id", "=", channel.id)], ["livechat_missed_by"])
        )
        self.assertEqual(row[0]["livechat_missed_by"], "Alice Agent")
        # Bob does not answer either: Carol, never back to Alice (the first in priority)
        with at(seconds=120):
            self.run_cron()
        self.assertEqual(channel.livechat_operator_id, self.agent_carol.partner_id)
        self.assertEqual(channel.livechat_missed_by, "Alice Agent, Bob Agent")
        # Carol answers in time: it stays hers
        with at(seconds=150):
            self.agent_says(channel, "Let me look.", agent=self.agent_carol)
        with at(minutes=10):
            self.run_cron()
        self.assertEqual(channel.livechat_operator_id, self.agent_carol.partner_id)
        self.assertEqual(channel.livechat_state, "chatting")
        self.assertEqual(channel.livechat_missed_by_count, 2)

    def test_the_agents_time_counts_from_the_visitors_first_question(self):
        """A chat is announced to its agent at the visitor's first message: when that
        message comes later than the chat (a slow network, a crowd), the agent still has
        the queue's whole minute from the question, and does not go on Break for a chat
        they could not see."""
        self.online(self.agent, self.agent_bob)
        with at():
            channel = self.start_visitor_chat()
        self.assertEqual(channel.livechat_operator_id, self.agent.partner_id)
        self.assertTrue(channel.livechat_held, "precondition: nobody sees it yet")
        with at(seconds=50):
            self.visitor_post(channel, "Is my order shipped?")
        self.assertTrue(self.triggers_at(T0 + timedelta(seconds=110)), "woken when it is due")
        with at(seconds=100):
            self.run_cron()
        self.assertEqual(channel.livechat_operator_id, self.agent.partner_id)
        self.assertEqual(channel.livechat_state, "waiting")
        self.assertEqual(self.agent.livechat_agent_status, "online")
        with at(seconds=110):
            self.run_cron()
        self.assertEqual(channel.livechat_operator_id, self.agent_bob.partner_id)

    def test_nobody_else_back_in_queue_and_not_given_again_to_who_missed_it(self):
        self.online(self.agent)  # Bob and Carol are offline
        with at():
            channel = self.start_visitor_chat("Question")
        self.assertEqual(channel.livechat_operator_id, self.agent.partner_id)
        with at(seconds=60):
            self.run_cron()
        self.assertEqual(channel.livechat_state, "in_queue")
        self.assertEqual(channel.livechat_operator_id, self.queue_partner)
        self.assertFalse(channel.livechat_agent_id)
        self.assertNotIn(self.agent.partner_id, channel.channel_member_ids.partner_id)
        self.assertFalse(channel.livechat_end_dt, "the chat goes on, queued")
        self.assertEqual(channel.livechat_in_queue_dt, T0, "the visitor keeps their place")
        self.assertEqual(channel.livechat_missed_assignment_ids.result, "queued")
        self.assertIn("in the queue", channel.message_ids[0].body, "the visitor is told")
        [alert] = self.bus(ALERT, self.supervisor)
        self.assertIn("Alice Agent did not answer", alert["body"])
        # Alice is free and online, but the dispatch does not give it back to her
        with at(seconds=90):
            self.env["im_livechat.channel"]._cron_livechat_dispatch()
        self.assertEqual(channel.livechat_state, "in_queue")
        # Bob signs in: it is his
        with at(seconds=120):
            self.online(self.agent_bob)
            self.env["im_livechat.channel"]._cron_livechat_dispatch()
        self.assertEqual(channel.livechat_operator_id, self.agent_bob.partner_id)
        self.assertEqual(channel.livechat_state, "waiting")
        self.assertTrue(self.triggers_at(T0 + timedelta(seconds=180)), "Bob's minute")
        # Alice may still take it by hand from the board
        with at(seconds=130):
            channel.with_user(self.agent).action_livechat_take()
        self.assertEqual(channel.livechat_operator_id, self.agent.partner_id)

    def test_broadcast_chat_nobody_takes_is_told_to_the_supervisors_once(self):
        self.livechat_channel.livechat_routing_mode = "broadcast"
        self.online(self.agent)
        with at():
            channel = self.start_visitor_chat("Question")
        self.assertEqual(channel.livechat_state, "in_queue")
        self.assertTrue(self.triggers_at(T0 + timedelta(seconds=60)))
        with at(seconds=59):
            self.run_cron()
        self.assertFalse(self.bus(ALERT, self.supervisor))
        with at(seconds=60):
            self.run_cron()
        [alert] = self.bus(ALERT, self.supervisor)
        self.assertEqual(alert["id"], channel.id)
        self.assertIn("no agent took the chat", alert["body"])
        with at(minutes=5):
            self.run_cron()
        self.assertEqual(len(self.bus(ALERT, self.supervisor)), 1, "told once")
        self.assertEqual(channel.livechat_state, "in_queue", "still offered to the agents")
        self.assertFalse(channel.livechat_missed_assignment_ids, "nobody was given it")

    def test_an_agent_who_misses_a_chat_goes_on_break_until_back_online(self):
        self.online(self.agent, self.agent_bob)
        self.livechat_channel.livechat_agent_ids = [
            Command.create({"user_id": self.agent.id, "priority": 5}),
            Command.create({"user_id": self.agent_bob.id, "priority": 3}),
        ]
        with at():
            first = self.start_visitor_chat("My tracker is offline")
        self.assertEqual(first.livechat_operator_id, self.agent.partner_id)
        with at(seconds=60):
            self.run_cron()
        # Alice did not answer: on Break, told why; her chat went to Bob
        self.assertEqual(self.agent.livechat_agent_status, "break")
        self.assertEqual(first.livechat_operator_id, self.agent_bob.partner_id)
        [notice] = self.bus("simple_notification", self.agent)
        self.assertIn("your status is now Break", notice["message"])
        self.assertTrue(notice["sticky"])
        statuses = self.env["bus.bus"].search(
            [
                ("channel", "like", f'"res.partner",{self.agent.partner_id.id},"presence"]'),
                ("message", "like", "im_status_updated"),
            ],
            order="id desc",
            limit=1,
        )
        self.assertEqual(json.loads(statuses.message)["payload"]["im_status"], "busy")
        self.assertFalse(self.bus("simple_notification", self.agent_bob))
        # the next visitor goes to Bob although Alice comes first by priority
        self.opener.cookies.clear()
        with at(seconds=70):
            second = self.start_visitor_chat("Another question")
        self.assertEqual(second.livechat_operator_id, self.agent_bob.partner_id)
        # Alice chooses Online again: the next chat is hers
        self.assertEqual(
            self.env["res.users"].with_user(self.agent).action_livechat_set_status("online"),
            "online",
        )
        self.opener.cookies.clear()
        with at(seconds=80):
            third = self.start_visitor_chat("A third one")
        self.assertEqual(third.livechat_operator_id, self.agent.partner_id)

    def test_the_other_chats_of_an_agent_put_on_break_go_on_in_the_next_batches(self):
        self.online(self.agent)
        with at():
            first = self.start_visitor_chat("My tracker is offline")
            self.opener.cookies.clear()
        with at(seconds=30):
            second = self.start_visitor_chat("And my invoice?")
        self.assertEqual((first | second).livechat_operator_id, self.agent.partner_id)
        self.online(self.agent_bob)
        timers = self.env["discuss.channel"]._livechat_timers_cron()
        with at(seconds=60):
            # only the first chat is due by its clock; Alice goes on Break without
            # passing anything on in that status change (no long transaction for every
            # chat of every agent): her second chat is due at once, for the next batch
            self.env["ir.config_parameter"].sudo().set_param("livechat_iconic.cron_batch_size", 1)
            self.run_cron()
            wake = self.env["ir.cron.trigger"].search(
                [("cron_id", "=", timers.id), ("call_at", "<=", fields.Datetime.now())]
            )
        self.assertEqual(self.agent.livechat_agent_status, "break")
        self.assertTrue(wake, "the timers are woken at once for the chats left")
        self.assertEqual((first | second).livechat_operator_id, self.agent_bob.partner_id)
        self.assertEqual(
            (first | second).livechat_missed_assignment_ids.user_id,
            self.agent,
            "each chat passed on is on record as missed by Alice",
        )

    def test_an_agent_who_misses_a_chat_keeps_their_status_when_set(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "livechat_iconic.agent_missed_policy", "keep"
        )
        self.online(self.agent, self.agent_bob)
        with at():
            channel = self.start_visitor_chat("Question")
        missed_by = channel.livechat_operator_id.user_ids
        with at(seconds=60):
            self.run_cron()
        self.assertNotEqual(channel.livechat_operator_id.user_ids, missed_by)
        self.assertEqual(missed_by.livechat_agent_status, "online")
        self.assertFalse(self.bus("simple_notification", missed_by))

    def test_agent_limit_off_when_0(self):
        self.livechat_channel.livechat_agent_answer_seconds = 0
        self.online(self.agent, self.agent_bob)
        with at():
            channel = self.start_visitor_chat("Question")
        agent = channel.livechat_operator_id
        with at(hours=1):
            self.run_cron()
        self.assertEqual(channel.livechat_operator_id, agent)
        self.assertEqual(channel.livechat_state, "waiting")

    # -- the outcome -------------------------------------------------------------------------
    def test_each_session_gets_its_own_outcome(self):
        with at():
            first = self.start_visitor_chat("One")
            self.opener.cookies.clear()
            second = self.start_visitor_chat("Two")
        first.write({"livechat_failure": "no_answer"})
        second.write({"livechat_failure": "no_failure", "livechat_end_reason": False})
        sessions = first | second
        sessions.invalidate_recordset(["livechat_outcome"])
        sessions._compute_livechat_outcome()
        self.assertEqual(first.livechat_outcome, "no_answer")
        self.assertEqual(second.livechat_outcome, "no_failure")
        second.write({"livechat_end_reason": "visitor_inactive"})
        self.assertEqual(second.livechat_outcome, "visitor_inactive")
        self.assertEqual(first.livechat_outcome, "no_answer")
