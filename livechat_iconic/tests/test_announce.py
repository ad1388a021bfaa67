import json
from datetime import timedelta

from odoo import Command
from odoo.tests import freeze_time, tagged
from odoo.tools.safe_eval import safe_eval

from .common import CHROME_UA, LivechatIconicCase

QUEUED_NOTICE = "o_livechat_iconic_queued"
ALERT = "livechat_iconic.alert"
BOARD = "livechat_iconic.board/update"


@tagged("post_install", "-at_install")
class TestAnnouncedAtFirstMessage(LivechatIconicCase):
    """A script calling the "start chat" route in a loop creates sessions that nobody
    hears of: no board card, no queue notice, no alert. The visitor's first message
    announces its session, once, for the state it is in then. The sessions nobody wrote
    in are removed an hour later, as Odoo removes its empty sessions."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent.email = "alice.agent@example.com"
        cls.agent_bob.email = "bob.agent@example.com"
        cls.livechat_channel.write({"livechat_alert_after": 60, "livechat_email_alert_after": 300})
        cls.Channel = cls.env["discuss.channel"]

    # -- helpers ----------------------------------------------------------------------------
    def start(self):
        """``/im_livechat/get_session`` as the widget (or a script) calls it."""
        data = self.make_jsonrpc_request(
            "/im_livechat/get_session",
            {"channel_id": self.livechat_channel.id, "persisted": True},
            headers={"User-Agent": CHROME_UA},
        )
        return self.Channel.browse(data["channel_id"])

    def reset_bus(self):
        self.env.cr.precommit.run()
        self.env["bus.bus"].sudo().search([]).unlink()

    def bus(self, kind):
        """The payloads of the ``kind`` notifications sent so far."""
        self.env.cr.precommit.run()
        rows = self.env["bus.bus"].sudo().search([], order="id")
        return [
            message["payload"]
            for message in (json.loads(row.message) for row in rows)
            if message["type"] == kind
        ]

    def board_ids(self):
        """The ids of every session the boards were told about, once per telling."""
        return [session["id"] for payload in self.bus(BOARD) for session in payload["sessions"]]

    def alerted_ids(self):
        return [payload["id"] for payload in self.bus(ALERT)]

    def queue_notices(self, sessions):
        return self.env["mail.message"].search_count(
            [
                ("model", "=", "discuss.channel"),
                ("res_id", "in", sessions.ids),
                ("body", "like", QUEUED_NOTICE),
            ]
        )

    def alert_mails(self):
        return self.env["mail.mail"].search([("subject", "like", "A visitor is waiting")])

    def run_alerts(self, session, seconds):
        with freeze_time(session.livechat_in_queue_dt + timedelta(seconds=seconds)):
            self.Channel._cron_livechat_alert_operators()

    def board_rows(self):
        """What an agent's Customers Waiting board lists (its action's domain)."""
        action = self.env.ref("livechat_iconic.discuss_channel_action_board")
        return self.Channel.with_user(self.agent).search(safe_eval(action.domain))

    # -- tests ------------------------------------------------------------------------------
    def test_a_loop_of_starts_announces_nothing_then_a_message_announces_once(self):
        self.reset_bus()
        sessions = self.Channel.union(*(self.start() for _i in range(20)))
        self.assertEqual(len(sessions), 20)
        self.assertEqual(set(sessions.mapped("livechat_state")), {"in_queue"})
        self.assertTrue(all(sessions.mapped("livechat_held")))
        self.assertEqual(self.board_ids(), [], "no board card")
        self.assertFalse(sessions & self.board_rows(), "nor listed on the board")
        self.assertFalse(
            self.env["mail.message"].search_count(
                [("model", "=", "discuss.channel"), ("res_id", "in", sessions.ids)]
            ),
            "nothing written in them: Odoo's garbage collection sees them empty",
        )
        self.assertFalse(any(sessions.mapped("livechat_breach_dt")), "no escalation due")
        # long past every threshold: no desktop notice, no e-mail
        self.run_alerts(sessions[0], 3600)
        self.assertEqual(self.alerted_ids(), [])
        self.assertFalse(self.alert_mails())
        self.assertEqual(set(sessions.mapped("livechat_alert_level")), {0})

        # one of them writes: its session is announced, the others stay silent
        chosen = sessions[7]
        self.visitor_post(chosen, "Do you have tickets for Friday?")
        sessions.invalidate_recordset()
        self.assertFalse(chosen.livechat_held)
        self.assertTrue(all((sessions - chosen).mapped("livechat_held")))
        self.assertEqual(self.board_ids(), [chosen.id], "one board card, for it only")
        [announced] = self.bus(BOARD)[0]["sessions"]
        self.assertEqual(announced["livechat_state"], "in_queue")
        self.assertEqual(announced["livechat_question"], "Do you have tickets for Friday?")
        self.assertEqual(self.board_rows() & sessions, chosen)
        self.assertEqual(self.queue_notices(chosen), 1)
        self.assertEqual(self.queue_notices(sessions - chosen), 0)
        notice = chosen.message_ids.sorted("id")[-1]
        self.assertIn(QUEUED_NOTICE, notice.body, "the notice follows the visitor's message")
        self.assertTrue(chosen.livechat_breach_dt, "its first-response clock runs")
        self.run_alerts(chosen, 3600)
        self.run_alerts(chosen, 3600)
        self.assertEqual(sorted(self.alerted_ids()), [chosen.id, chosen.id], "once per agent")
        mails = self.alert_mails()
        self.assertEqual(len(mails), 2, "one e-mail per agent")
        for mail in mails:
            self.assertIn(f"/livechat/waiting/{chosen.id}", mail.body_html)

        # the visitor's next messages announce nothing again
        self.reset_bus()
        self.visitor_post(chosen, "Hello?")
        self.assertEqual(self.board_ids(), [])
        self.assertEqual(self.queue_notices(chosen), 1)

    def test_announced_in_the_state_of_the_moment(self):
        session = self.start()
        # an agent who got there first (by its id) takes it before the visitor writes
        session.with_user(self.agent).action_livechat_take()
        self.assertEqual(session.livechat_state, "chatting")
        self.assertTrue(session.livechat_held)
        self.reset_bus()
        self.visitor_post(session, "Hi")
        [[announced]] = [payload["sessions"] for payload in self.bus(BOARD)]
        self.assertEqual(announced["livechat_state"], "chatting")
        self.assertEqual(announced["livechat_operator_id"], self.agent.partner_id.id)
        self.assertEqual(self.queue_notices(session), 0, "not queued: no queue notice")
        self.run_alerts(session, 3600)
        self.assertEqual(self.alerted_ids(), [])

    def test_a_session_routed_to_an_agent_keeps_odoo_s_announcement_only(self):
        self.env["mail.presence"]._update_presence(self.agent)
        self.reset_bus()
        session = self.start()
        self.assertEqual(session.livechat_state, "waiting")
        self.assertIn(self.agent.partner_id, session.channel_member_ids.partner_id, "Odoo's")
        self.assertEqual(self.board_ids(), [])
        self.assertFalse(session._livechat_inactivity_timer(), "not passed on unanswered")
        self.visitor_post(session, "Hello")
        self.assertEqual(self.board_ids(), [session.id])
        self.assertTrue(session._livechat_inactivity_timer(), "the agent's answer is awaited")

    def test_a_broadcast_queue_offers_the_chat_once_its_visitor_wrote(self):
        self.livechat_channel.livechat_routing_mode = "broadcast"
        self.env["mail.presence"]._update_presence(self.agent)
        self.reset_bus()
        session = self.start()
        self.assertEqual(session.livechat_state, "in_queue")
        self.assertEqual(self.alerted_ids(), [], "no offer to the agents yet")
        self.visitor_post(session, "Hello")
        self.visitor_post(session, "Anyone?")
        self.assertEqual(self.alerted_ids(), [session.id], "offered once, to Alice")

    def test_held_sessions_are_neither_dispatched_nor_missed(self):
        silent, speaking = self.start(), self.start()
        self.visitor_post(speaking, "Anyone?")
        # an agent comes online: the dispatch gives them the chat whose visitor wrote
        self.env["mail.presence"]._update_presence(self.agent)
        done = self.env["im_livechat.channel"]._cron_livechat_dispatch()
        self.assertEqual(list(done), [speaking])
        self.assertEqual(silent.livechat_state, "in_queue")
        self.assertFalse(silent.livechat_agent_id)
        # the silent visitor leaves: nobody missed a chat
        self.visitor_leaves(silent)
        self.assertEqual(silent.livechat_state, "closed")
        self.assertFalse(silent.livechat_missed)

    def test_silent_sessions_are_removed_after_an_hour(self):
        silent = self.Channel.union(*(self.start() for _i in range(3)))
        spoken = self.start()
        self.visitor_post(spoken, "Hello")
        # a bot greeted a visitor who never answered
        script = self.env["chatbot.script"].create(
            {
                "title": "Greeter",
                "script_step_ids": [
                    Command.create({"step_type": "text", "message": "Hello, I am a bot"}),
                    Command.create({"step_type": "free_input_single", "message": "Your question?"}),
                ],
            }
        )
        self.env["im_livechat.channel.rule"].create(
            {"channel_id": self.livechat_channel.id, "chatbot_script_id": script.id}
        )
        data = self.make_jsonrpc_request(
            "/im_livechat/get_session",
            {"channel_id": self.livechat_channel.id, "chatbot_script_id": script.id},
        )
        self.assertTrue(data, "the bot answers")
        bot_only = self.Channel.browse(data["channel_id"])
        self.assertTrue(bot_only.message_ids, "Odoo posted the welcome steps")
        self.assertTrue(bot_only.livechat_held)
        # an agent greeted a silent visitor: a conversation the agent keeps
        greeted = self.start()
        greeted.with_user(self.agent).action_livechat_take()
        greeted.with_user(self.agent).message_post(
            body="Hello, can I help?", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self.assertTrue(greeted.livechat_held)
        everything = silent | spoken | bot_only | greeted
        self.Channel._gc_empty_livechat_sessions()
        self.assertEqual(everything.exists(), everything, "not within the hour")
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE discuss_channel SET create_date = create_date - interval '2 hours', "
            "write_date = write_date - interval '2 hours' WHERE id IN %s",
            [tuple(everything.ids)],
        )
        self.env.invalidate_all()
        self.Channel._gc_empty_livechat_sessions()
        self.assertEqual(everything.exists(), spoken | greeted)
