from odoo.exceptions import UserError
from odoo.tests import tagged

from ..controllers.message_form import TRANSCRIPTS_PER_SESSION
from .common import LivechatIconicCase

ROUTE = "/livechat_iconic/email_transcript"


@tagged("post_install", "-at_install")
class TestTranscripts(LivechatIconicCase):
    """Transcripts by e-mail: Odoo's transcript mail, queued, logged on the session."""

    def transcript_mails(self, address):
        return self.env["mail.mail"].search([("email_to", "=", address)])

    def test_visitor_asks_for_the_transcript(self):
        session = self.visitor_session("Where is my parcel?", agent=self.agent, reply="On its way")
        response = self.post_jsonrpc(ROUTE, {"channel_id": session.id, "email": "Me@Example.com"})
        self.assertEqual(response.status_code, 200, response.text[:500])
        mail = self.transcript_mails("me@example.com")
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.state, "outgoing", "queued for Odoo's mail cron, not sent now")
        self.assertIn("Where is my parcel?", mail.body_html)
        self.assertIn("On its way", mail.body_html)
        session.invalidate_recordset()
        self.assertIn("sent the transcript to me@example.com", session.livechat_transcript_log)
        self.assertNotIn(
            "me@example.com",
            " ".join(session.message_ids.mapped("body")),
            "the conversation does not show where transcripts go",
        )

    def test_visitor_requests_are_capped_and_checked(self):
        session = self.visitor_session("Hello")
        for _index in range(TRANSCRIPTS_PER_SESSION):
            self.post_jsonrpc(ROUTE, {"channel_id": session.id, "email": "me@example.com"})
        response = self.post_jsonrpc(ROUTE, {"channel_id": session.id, "email": "me@example.com"})
        self.assertEqual(response.status_code, 429)
        self.assertEqual(len(self.transcript_mails("me@example.com")), TRANSCRIPTS_PER_SESSION)
        response = self.post_jsonrpc(ROUTE, {"channel_id": session.id, "email": "nope"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["error"]["data"]["field"], "email")
        response = self.post_jsonrpc(ROUTE, {"channel_id": session.id})
        self.assertEqual(response.status_code, 400)
        self.opener.cookies.clear()  # another visitor
        self.start_visitor_chat("Someone else")
        response = self.post_jsonrpc(ROUTE, {"channel_id": session.id, "email": "x@example.com"})
        self.assertEqual(response.status_code, 404)
        self.assertFalse(self.transcript_mails("x@example.com"))

    def test_agent_sends_the_transcript_anywhere(self):
        session = self.visitor_session("Quote please", agent=self.agent, reply="Sure")
        wizard = (
            self.env["livechat_iconic.transcript.send"]
            .with_user(self.agent)
            .with_context(active_id=session.id, active_model="discuss.channel")
            .create({"email": "manager@example.com"})
        )
        self.assertEqual(wizard.session_id, session)
        wizard.action_send()
        self.assertEqual(len(self.transcript_mails("manager@example.com")), 1)
        self.assertIn(
            "Alice Agent sent the transcript to manager@example.com",
            session.livechat_transcript_log,
        )
        wizard.email = "not an address"
        with self.assertRaises(UserError):
            wizard.action_send()

    def test_odoos_own_transcript_route_is_logged_too(self):
        session = self.visitor_session("Hi", agent=self.agent, reply="Hello")
        self.authenticate(self.agent.login, self.agent.login)
        self.make_jsonrpc_request(
            "/im_livechat/email_livechat_transcript",
            {"channel_id": session.id, "email": "boss@example.com"},
        )
        session.invalidate_recordset()
        self.assertIn("boss@example.com", session.livechat_transcript_log)
        self.assertEqual(self.transcript_mails("boss@example.com").state, "outgoing")
