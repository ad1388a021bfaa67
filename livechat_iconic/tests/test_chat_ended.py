from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from ..models.discuss_channel import REFUSE_IF_ENDED_KEY
from .common import LivechatIconicCase

T0 = datetime(2026, 11, 2, 9, 0, 0)
POST_ROUTE = "/mail/message/post"


@tagged("post_install", "-at_install")
class TestChatEnded(LivechatIconicCase):
    """A visitor whose chat ended is told so, and never writes into a chat nobody can
    answer: the widget learns the end on the session's bus channel, and a post into an
    ended session is refused by the server."""

    def end_notices(self, channel):
        """The bus notifications that give the visitor's widget ``livechat_end_dt`` on the
        session's own bus channel (written at commit: the commit hooks run first)."""
        self.env.cr.precommit.run()
        notices = self.env["bus.bus"].sudo().search([("message", "like", "livechat_end_dt")])
        return notices.filtered(lambda n: f'"discuss.channel",{channel.id}]' in n.channel)

    def visitor_posts(self, channel, body):
        """The visitor's widget posts ``body``; returns the raw HTTP response."""
        return self.post_message(channel, body)

    def assertRefusedAsEnded(self, response):
        self.assertEqual(response.status_code, 409, response.text)
        error = response.json()["error"]
        self.assertIn("This conversation has ended", error["message"])
        self.assertNotIn("Traceback", response.text)

    def _dropped_visitor(self):
        """A chatting visitor whose connection drops at T0 + 30 min."""
        Presence = self.env["mail.presence"]
        with freeze_time(T0):
            channel = self.start_visitor_chat("Are you there?")
            guest = channel.livechat_customer_guest_ids
            Presence._update_presence(guest)
            channel.with_user(self.agent).action_livechat_take()
        with freeze_time(T0 + timedelta(minutes=30)):
            self.visitor_connection_closes(guest)
        return channel, guest

    def test_left_tells_the_widget(self):
        channel, _guest = self._dropped_visitor()
        self.env["bus.bus"].sudo().search([]).unlink()
        with freeze_time(T0 + timedelta(minutes=32)):
            self.env["discuss.channel"]._cron_livechat_watch_visitors()
        self.assertEqual(
            (channel.livechat_state, channel.livechat_resume_state), ("closed", "chatting")
        )
        self.assertFalse(
            self.end_notices(channel), "a dropped connection is no end: the chat resumes"
        )
        with freeze_time(T0 + timedelta(minutes=41)):
            self.env["discuss.channel"]._cron_livechat_watch_visitors()
        self.assertEqual(channel.livechat_state, "left")
        self.assertTrue(channel.livechat_end_dt)
        [notice] = self.end_notices(channel)
        self.assertIn(str(channel.id), notice.message)

    def test_a_visitor_back_after_a_drop_writes_and_the_chat_resumes(self):
        channel, _guest = self._dropped_visitor()
        with freeze_time(T0 + timedelta(minutes=32)):
            self.env["discuss.channel"]._cron_livechat_watch_visitors()
        self.assertEqual(channel.livechat_state, "closed")
        response = self.visitor_posts(channel, "Sorry, my connection dropped")
        self.assertEqual(response.status_code, 200, response.text)
        self.assertNotIn("error", response.json())
        channel.invalidate_recordset()
        self.assertEqual(channel.livechat_state, "chatting", "resumed, not refused")

    def test_a_post_into_a_chat_the_watch_ended_is_refused(self):
        channel, _guest = self._dropped_visitor()
        with freeze_time(T0 + timedelta(minutes=32)):
            self.env["discuss.channel"]._cron_livechat_watch_visitors()
        with freeze_time(T0 + timedelta(minutes=41)):
            self.env["discuss.channel"]._cron_livechat_watch_visitors()
        self.assertEqual(channel.livechat_state, "left")
        messages = channel.message_ids
        self.assertRefusedAsEnded(self.visitor_posts(channel, "Hello? Anyone?"))
        channel.invalidate_recordset()
        self.assertEqual(channel.message_ids, messages, "nothing posted")
        self.assertEqual(channel.livechat_state, "left")

    def test_a_post_into_a_chat_an_agent_closed_is_refused_and_reaches_no_agent(self):
        channel = self.visitor_session("Question", agent=self.agent, reply="Anything else?")
        channel.with_user(self.agent).action_livechat_close()
        self.assertTrue(self.end_notices(channel), "the widget is told")
        messages = channel.message_ids
        notifications = self.env["mail.notification"].search_count([])
        self.env["bus.bus"].sudo().search([]).unlink()
        self.assertRefusedAsEnded(self.visitor_posts(channel, "One more thing"))
        channel.invalidate_recordset()
        self.assertEqual(channel.message_ids, messages)
        self.assertFalse(channel.livechat_unanswered_dt, "nobody waits for an answer")
        self.assertEqual(self.env["mail.notification"].search_count([]), notifications)
        self.env.cr.precommit.run()
        self.assertFalse(
            self.env["bus.bus"].sudo().search([("message", "like", "One more thing")]),
            "no agent hears of it",
        )

    def test_the_visitor_who_comes_back_starts_a_new_conversation(self):
        channel = self.visitor_session("First question", leaves=True)
        self.assertTrue(channel.livechat_end_dt)
        self.assertRefusedAsEnded(self.visitor_posts(channel, "Still there?"))
        new = self.start_visitor_chat("Second question")
        self.assertNotEqual(new, channel)
        self.assertEqual(new.livechat_question, "Second question")
        self.assertEqual(new.livechat_state, "in_queue")
        self.assertEqual(
            new.livechat_customer_guest_ids, channel.livechat_customer_guest_ids, "same visitor"
        )

    def test_a_stranger_learns_nothing_of_an_ended_chat(self):
        channel = self.visitor_session("Question", leaves=True)
        self.opener.cookies.clear()  # another visitor
        self.start_visitor_chat("Mine")
        response = self.visitor_posts(channel, "Let me in")
        self.assertNotEqual(response.status_code, 409)
        self.assertNotIn("has ended", response.text)
        self.assertIn("error", response.json())

    def test_a_visitor_cannot_lift_the_refusal_through_the_context(self):
        channel = self.visitor_session("First question", leaves=True)
        params = {
            "thread_model": "discuss.channel",
            "thread_id": channel.id,
            "post_data": {"body": "Let me", "message_type": "comment"},
            "context": {REFUSE_IF_ENDED_KEY: False},
        }
        self.assertRefusedAsEnded(self.post_jsonrpc(POST_ROUTE, params))

    def test_a_visitor_cannot_lift_the_refusal_through_the_message_type(self):
        # the row lock (and its "ended" read) is for members' comments: a visitor's request
        # is checked whatever type of message it asks for
        channel = self.visitor_session("First question", leaves=True)
        messages = channel.message_ids
        for message_type in ("notification", "auto_comment"):
            params = {
                "thread_model": "discuss.channel",
                "thread_id": channel.id,
                "post_data": {"body": "Let me", "message_type": message_type},
            }
            self.assertRefusedAsEnded(self.post_jsonrpc(POST_ROUTE, params))
        channel.invalidate_recordset()
        self.assertEqual(channel.message_ids, messages, "nothing posted")

    def test_junk_session_ids_are_refused_clearly(self):
        self.visitor_session("Question", leaves=True)
        for junk in ("x", None, [1], -1, True, 1.5):
            params = {"thread_model": "discuss.channel", "thread_id": junk, "post_data": {}}
            response = self.post_jsonrpc(POST_ROUTE, params)
            self.assertEqual(response.status_code, 400, junk)
            self.assertIn("is not a number", response.json()["error"]["message"])

    def test_agents_still_write_in_an_ended_chat(self):
        channel = self.visitor_session("Question", agent=self.agent, reply="Hello", leaves=True)
        messages = channel.message_ids
        self.authenticate(self.agent.login, self.agent.login)
        response = self.visitor_posts(channel, "A last word for the record")
        self.assertEqual(response.status_code, 200, response.text)
        self.assertNotIn("error", response.json())
        channel.invalidate_recordset()
        self.assertEqual(len(channel.message_ids - messages), 1)
