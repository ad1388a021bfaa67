from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

# Same texts as livechat_iconic/static/tests/tours/livechat_iconic_tours.js
VISITOR_QUESTION = "Do you ship the blue kayak to Oslo?"
AGENT_REPLY = "Yes we deliver to Oslo in two days"
HIGHLIGHT_QUESTION = "Is the red canoe still for sale?"
OTHER_QUESTION = "Can I pick up my order on Sunday?"


@tagged("post_install", "-at_install")
class TestLivechatIconicTour(HttpCase):
    """Both sides of a queued chat in a real browser: the visitor's website widget and the
    agent's Customers Waiting board."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent = new_test_user(
            cls.env,
            login="agent",
            name="Agent Iconic",
            groups="base.group_user,im_livechat.im_livechat_group_user",
        )
        # Nobody is on duty: the channel has no operator at all, so whoever writes is queued
        # (queue_when_unavailable is on by default) and the agent takes chats from the board.
        cls.livechat_channel = cls.env["im_livechat.channel"].create(
            {"name": "Iconic Support", "user_ids": [Command.clear()]}
        )
        cls.env.ref("website.default_website").channel_id = cls.livechat_channel
        cls.queue_partner = cls.env["discuss.channel"]._livechat_queue_partner()

    def _visitor_session(self, question=VISITOR_QUESTION):
        return self.env["discuss.channel"].search(
            [
                ("livechat_channel_id", "=", self.livechat_channel.id),
                ("livechat_question", "=", question),
            ]
        )

    def _start_visitor_chat(self, question):
        """An anonymous visitor starts a chat through the routes the website widget uses."""
        self.authenticate(None, None)
        data = self.make_jsonrpc_request(
            "/im_livechat/get_session", {"channel_id": self.livechat_channel.id}
        )
        self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": "discuss.channel",
                "thread_id": data["channel_id"],
                "post_data": {
                    "body": question,
                    "message_type": "comment",
                    "subtype_xmlid": "mail.mt_comment",
                },
            },
        )
        session = self.env["discuss.channel"].browse(data["channel_id"])
        self.assertEqual(session.livechat_question, question)
        return session

    def _chat_button_available(self, referer="/"):
        result = self.make_jsonrpc_request(
            "/mail/action",
            {"fetch_params": [["init_livechat", self.livechat_channel.id]]},
            headers={"Referer": referer},
        )
        return result["Store"]["livechat_available"]

    def test_chat_button_shows_when_the_channel_queues(self):
        self.authenticate(None, None)
        self.assertTrue(self._chat_button_available(), "nobody is on duty, visitors queue")
        self.env["im_livechat.channel.rule"].create(
            {"channel_id": self.livechat_channel.id, "regex_url": "/hide", "action": "hide_button"}
        )
        self.assertFalse(self._chat_button_available("/hide"), "the channel's rules still apply")
        self.livechat_channel.queue_when_unavailable = False
        self.assertFalse(self._chat_button_available(), "no agent and no queue: no button")

    def test_visitor_queued_when_no_agent(self):
        self.assertFalse(self.livechat_channel.available_operator_ids)
        self.start_tour("/", "livechat_iconic_visitor_queued")
        session = self._visitor_session()
        self.assertEqual(len(session), 1, "the visitor's first message starts one session")
        self.assertEqual(session.livechat_state, "in_queue")
        self.assertTrue(session.livechat_in_queue_dt)
        self.assertEqual(session.livechat_operator_id, self.queue_partner)
        self.assertFalse(session.livechat_agent_id)
        visitor_member = session.channel_member_ids.filtered(
            lambda m: m.livechat_member_type == "visitor"
        )
        self.assertTrue(visitor_member.guest_id, "an anonymous visitor chats as a guest")
        self.assertEqual(session.livechat_unanswered_dt, session.message_ids[:1].create_date)

    def test_agent_board_live_flow(self):
        # The visitor's page runs in a credentialless iframe of the agent's browser: its
        # requests carry no cookie at all, hence not the test cursor cookie either.
        self.http_request_allow_all = True
        self.start_tour("/odoo/livechat-waiting", "livechat_iconic_agent_board", login="agent")
        session = self._visitor_session()
        self.assertEqual(len(session), 1)
        self.assertEqual(session.livechat_state, "closed")
        self.assertEqual(session.livechat_operator_id, self.agent.partner_id)
        self.assertEqual(session.livechat_agent_id, self.agent.partner_id)
        self.assertTrue(session.livechat_dequeued_dt)
        self.assertTrue(session.livechat_chatting_dt)
        self.assertTrue(session.livechat_end_dt)
        self.assertFalse(session.livechat_unanswered_dt, "the agent answered the visitor")
        bodies = session.message_ids.filtered(lambda m: m.message_type == "comment").mapped("body")
        self.assertTrue(any(AGENT_REPLY in body for body in bodies))
        visitor_member = session.channel_member_ids.filtered(
            lambda m: m.livechat_member_type == "visitor"
        )
        self.assertTrue(visitor_member.guest_id, "the visitor was anonymous")
        self.assertNotEqual(
            visitor_member.partner_id, self.agent.partner_id, "the visitor was not the agent"
        )

    def test_the_visitors_place_follows_the_queue(self):
        ahead = self._start_visitor_chat(OTHER_QUESTION)
        self.assertEqual(ahead.livechat_state, "in_queue")
        self.http_request_allow_all = True  # the visitor's credentialless iframe
        self.start_tour("/odoo/livechat-waiting", "livechat_iconic_queue_moves", login="agent")
        self.assertEqual(ahead.livechat_state, "chatting")
        self.assertEqual(self._visitor_session().livechat_state, "in_queue")

    def test_board_highlight_and_list(self):
        other = self._start_visitor_chat(OTHER_QUESTION)
        session = self._start_visitor_chat(HIGHLIGHT_QUESTION)
        self.assertEqual((other | session).mapped("livechat_state"), ["in_queue", "in_queue"])
        # the stable address other systems link to redirects to the board with ?highlight=
        self.start_tour(
            f"/livechat/waiting/{session.id}", "livechat_iconic_board_highlight", login="agent"
        )
        self.assertEqual(session.livechat_state, "closed")
        self.assertEqual(other.livechat_state, "in_queue")
