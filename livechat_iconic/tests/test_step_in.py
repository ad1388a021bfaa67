from datetime import timedelta

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.mail.tools.discuss import Store

from .common import AGENT_GROUPS
from .test_inactivity import ALERT, T0, InactivityCase, at

BOARD = "livechat_iconic.board/update"


@tagged("post_install", "-at_install")
class TestStepIn(InactivityCase):
    """Colleagues step in (events company: "if a customer waits for a reply, another agent
    can step in"); managers reassign (video-security vendor: a queue option leaves
    transfers and reassignments to supervisors)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.employee = new_test_user(
            cls.env, login="iconic_step_employee", groups="base.group_user"
        )
        cls.agent_dora = new_test_user(
            cls.env, login="iconic_dora", groups=AGENT_GROUPS, name="Dora Agent"
        )
        cls.livechat_channel.livechat_reply_wait_seconds = 120

    def waiting_for_reply(self):
        """Alice's chat whose visitor asked at T0 + 1 minute and has had no reply for the
        queue's 2 minutes: WAITING for a reply."""
        channel = self.chatting()
        with at(minutes=1):
            self.visitor_post(channel, "Are there seats in the front row?")
        self.assertEqual(channel.livechat_unanswered_dt, T0 + timedelta(minutes=1))
        with at(minutes=3):
            self.run_cron()
        self.assertEqual(channel.livechat_state, "waiting")
        self.assertTrue(channel.livechat_waiting_reply)
        return channel

    def board_sessions(self):
        return [s for payload in self.bus(BOARD) for s in payload["sessions"]]

    # -- the visitor waits for a reply -------------------------------------------------------
    def test_a_visitor_without_a_reply_for_the_queues_limit_waits_for_a_reply(self):
        channel = self.chatting()
        chatting_since = channel.livechat_chatting_dt
        with at(minutes=1):
            self.visitor_post(channel, "Are there seats in the front row?")
        self.assertTrue(self.triggers_at(T0 + timedelta(minutes=3)), "woken when it is due")
        with at(minutes=2, seconds=59):
            self.run_cron()
        self.assertEqual(channel.livechat_state, "chatting")
        self.env["bus.bus"].search([]).unlink()
        with at(minutes=3):
            self.run_cron()
        self.assertEqual(channel.livechat_state, "waiting")
        self.assertTrue(channel.livechat_waiting_reply)
        self.assertEqual(channel.livechat_operator_id, self.agent.partner_id, "still Alice's")
        self.assertIn(
            {"id": channel.id, "livechat_state": "waiting", "livechat_waiting_reply": True},
            [
                {k: s[k] for k in ("id", "livechat_state", "livechat_waiting_reply") if k in s}
                for s in self.board_sessions()
            ],
            "the board is told, in its one coalesced message",
        )
        # not a chat its agent never answered: it is not passed on to the next agent
        with at(minutes=30):
            self.run_cron()
        self.assertEqual(channel.livechat_state, "waiting")
        self.assertEqual(channel.livechat_operator_id, self.agent.partner_id)
        self.assertFalse(channel.livechat_missed_assignment_ids)
        # Alice answers at last: CHATTING again, the chat's clock goes on
        with at(minutes=31):
            self.agent_says(channel, "Yes, row A has two seats.")
        self.assertEqual(channel.livechat_state, "chatting")
        self.assertFalse(channel.livechat_waiting_reply)
        self.assertFalse(channel.livechat_unanswered_dt)
        self.assertEqual(channel.livechat_chatting_dt, chatting_since, "the same conversation")

    def test_an_agent_going_on_break_keeps_a_chat_waiting_for_a_reply(self):
        channel = self.waiting_for_reply()
        with at(minutes=4):
            self.env["res.users"].with_user(self.agent).action_livechat_set_status("break")
        self.assertEqual(channel.livechat_operator_id, self.agent.partner_id)
        self.assertTrue(channel.livechat_waiting_reply)
        self.assertFalse(channel.livechat_missed_assignment_ids, "answered already: no miss")

    def test_the_option_off_keeps_the_chat_chatting(self):
        self.livechat_channel.livechat_reply_wait_seconds = 0
        channel = self.chatting()
        with at(minutes=1):
            self.visitor_post(channel, "Are there seats in the front row?")
        with at(minutes=30):
            self.run_cron()
        self.assertEqual(channel.livechat_state, "chatting")
        self.assertFalse(channel.livechat_waiting_reply)

    def test_an_agent_who_just_took_a_chat_has_the_queues_limit_to_answer(self):
        with at(minutes=-10):
            channel = self.start_visitor_chat("Do you sell tickets?")  # queued 10 minutes
        with at():
            channel.with_user(self.agent).action_livechat_take()
        with at(minutes=1, seconds=59):
            self.run_cron()
        self.assertEqual(channel.livechat_state, "chatting")
        with at(minutes=2):
            self.run_cron()
        self.assertEqual(channel.livechat_state, "waiting")
        self.assertTrue(channel.livechat_waiting_reply)

    # -- a colleague steps in ----------------------------------------------------------------
    def test_a_colleague_steps_in_from_the_board_and_the_agent_is_told(self):
        channel = self.waiting_for_reply()
        self.env["bus.bus"].search([]).unlink()
        with at(minutes=4):
            action = channel.with_user(self.agent_bob).action_livechat_step_in()
        self.assertEqual(action["tag"], "mail.action_discuss")
        self.assertIn(self.agent_bob.partner_id, channel.channel_member_ids.partner_id)
        self.assertEqual(channel.livechat_operator_id, self.agent.partner_id, "Alice keeps it")
        # Odoo's own notice of a member joining, in the chat
        joined = channel.message_ids.filtered(
            lambda m: m.author_id == self.agent_bob.partner_id and "joined" in m.body
        )
        self.assertTrue(joined)
        # Alice is told
        [told] = self.bus(ALERT, self.agent)
        self.assertEqual(told["id"], channel.id)
        self.assertIn("Bob Agent joined your chat", told["body"])
        self.assertFalse(self.bus(ALERT, self.agent_bob), "not the one who stepped in")
        # Bob answers: CHATTING again, still Alice's chat
        with at(minutes=4, seconds=30):
            self.agent_says(channel, "Yes, row A has two seats.", agent=self.agent_bob)
        self.assertEqual(channel.livechat_state, "chatting")
        self.assertFalse(channel.livechat_waiting_reply)
        self.assertEqual(channel.livechat_operator_id, self.agent.partner_id)
        # nobody steps in a chat whose visitor has had a reply
        with self.assertRaisesRegex(UserError, "not waiting for a reply"):
            channel.with_user(self.agent_carol).action_livechat_step_in()

    def test_stepping_in_is_for_agents_on_a_chat_waiting_for_a_reply(self):
        channel = self.chatting()
        with self.assertRaisesRegex(UserError, "not waiting for a reply"):
            channel.with_user(self.agent_bob).action_livechat_step_in()
        with at(minutes=1):
            self.visitor_post(channel, "Are there seats in the front row?")
        with at(minutes=3):
            self.run_cron()
        with self.assertRaises(AccessError):
            channel.with_user(self.employee).action_livechat_step_in()
        with self.assertRaisesRegex(UserError, "already in this chat"):
            channel.with_user(self.agent).action_livechat_step_in()

    # -- managers reassign -------------------------------------------------------------------
    def test_only_supervisors_transfer_when_the_queue_says_so(self):
        channel = self.chatting()  # nobody online: the visitor waited, Alice took it
        self.livechat_channel.livechat_reassign_supervisors_only = True
        self.online(self.agent_bob, self.agent_carol)
        mine = channel.with_user(self.agent)
        self.assertTrue(mine.livechat_reassign_restricted, "the Transfer button is hidden")
        with self.assertRaisesRegex(AccessError, "only supervisors transfer"):
            mine.action_livechat_transfer()
        with self.assertRaisesRegex(AccessError, "only supervisors transfer"):
            mine._livechat_transfer(user=self.agent_bob)
        with self.assertRaisesRegex(AccessError, "only supervisors transfer"):
            mine._livechat_transfer(user=self.agent_bob, add=True)
        self.assertFalse(channel.with_user(self.supervisor).livechat_reassign_restricted)
        # the supervisor transfers Alice's chat to Bob, who takes it
        channel.with_user(self.supervisor)._livechat_transfer(user=self.agent_bob)
        self.assertEqual(channel.livechat_transfer_user_id, self.agent_bob)
        self.assertFalse(channel.with_user(self.agent_bob).livechat_take_restricted)
        channel.with_user(self.agent_bob).action_livechat_take()
        self.assertEqual(channel.livechat_operator_id, self.agent_bob.partner_id)

    def test_only_supervisors_take_another_agents_chat_when_the_queue_says_so(self):
        channel = self.waiting_for_reply()
        # without the option, a colleague may take it over from the board
        self.assertFalse(channel.with_user(self.agent_carol).livechat_take_restricted)
        self.livechat_channel.livechat_reassign_supervisors_only = True
        self.assertTrue(channel.with_user(self.agent_carol).livechat_take_restricted)
        self.assertFalse(channel.with_user(self.agent).livechat_take_restricted, "her own")
        with self.assertRaisesRegex(AccessError, "only supervisors reassign"):
            channel.with_user(self.agent_carol).action_livechat_take()
        self.assertEqual(channel.livechat_operator_id, self.agent.partner_id)
        # stepping in is no reassignment: Carol may still help
        channel.with_user(self.agent_carol).action_livechat_step_in()
        self.assertEqual(channel.livechat_operator_id, self.agent.partner_id)
        # the supervisor reassigns it
        channel.with_user(self.supervisor).action_livechat_take()
        self.assertEqual(channel.livechat_operator_id, self.supervisor.partner_id)

    def test_the_chat_window_knows_whether_i_may_transfer(self):
        """The chat window's Transfer action reads the queue's option on the chat and
        whether I am a supervisor (static/src/transfer/thread_actions.js)."""
        channel = self.chatting()
        self.livechat_channel.livechat_reassign_supervisors_only = True
        # the visitor (this opener's guest) is not told the queue's options
        data = self.make_jsonrpc_request(
            "/mail/data", {"fetch_params": [["discuss.channel", [channel.id]]]}
        )
        self.assertIn(channel.id, [c["id"] for c in data["discuss.channel"]])
        self.assertNotIn("livechat_transfers_for_supervisors", str(data))
        self.authenticate("iconic_alice", "iconic_alice")
        data = self.make_jsonrpc_request(
            "/mail/data", {"fetch_params": [["discuss.channel", [channel.id]]]}
        )
        [thread] = [c for c in data["discuss.channel"] if c["id"] == channel.id]
        self.assertIs(thread["livechat_transfers_for_supervisors"], True)

        def reassigns(user):
            # what the web client's session info carries (mail's ir.http.session_info)
            store = Store()
            self.env["res.users"].with_user(user)._init_store_data(store)
            return store.get_result()["Store"]["livechat_iconic_reassigns"]

        self.assertIs(reassigns(self.agent), False)
        self.assertIs(reassigns(self.supervisor), True)
