from unittest.mock import patch

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

from ..lib import email_proof

# Same texts as livechat_iconic/static/tests/tours/livechat_iconic_transcript_tour.js
TRANSCRIPT_QUESTION = "Can I return the yellow paddle I bought last week?"
TRANSCRIPT_REPLY = "Of course, within thirty days with the receipt"
TRANSCRIPT_BAD_EMAIL = "nina@example..com"
TRANSCRIPT_EMAIL = "nina.transcript@example.com"
TRANSCRIPT_CODE = "424242"


@tagged("post_install", "-at_install")
class TestTranscriptTour(HttpCase):
    """The visitor who is not signed in asks for the transcript at the end of a chat, in
    Odoo's feedback panel of the website widget, in a real browser: they prove the address
    with the code e-mailed there first."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent = new_test_user(
            cls.env,
            login="transcript_agent",
            name="Tara Agent",
            groups="base.group_user,im_livechat.im_livechat_group_user",
        )
        # nobody on duty: the visitor is queued and the agent takes the chat from the board
        cls.livechat_channel = cls.env["im_livechat.channel"].create(
            {"name": "Transcript Support", "user_ids": [Command.clear()]}
        )
        cls.env.ref("website.default_website").channel_id = cls.livechat_channel

    def test_guest_gets_the_transcript_by_email(self):
        # the visitor's page runs in a credentialless iframe of the agent's browser: its
        # requests carry no cookie at all, hence not the test cursor cookie either
        self.http_request_allow_all = True
        # the code the visitor reads in their mailbox: a known one, for the tour to type
        with patch.object(email_proof, "new_code", return_value=TRANSCRIPT_CODE):
            self.start_tour(
                "/odoo/livechat-waiting", "livechat_iconic_transcript", login="transcript_agent"
            )
        session = self.env["discuss.channel"].search(
            [("livechat_channel_id", "=", self.livechat_channel.id)]
        )
        self.assertEqual(len(session), 1)
        self.assertTrue(session.livechat_end_dt, "the visitor left the chat")
        visitor = session.channel_member_ids.filtered(lambda m: m.livechat_member_type == "visitor")
        self.assertTrue(visitor.guest_id, "the visitor was not signed in")
        mails = self.env["mail.mail"].search([("email_to", "ilike", "nina")], order="id")
        self.assertEqual(
            mails.mapped("email_to"), [TRANSCRIPT_EMAIL] * 2, "the code, the transcript"
        )
        self.assertEqual(set(mails.mapped("state")), {"outgoing"}, "queued for the mail cron")
        code_mail, transcript_mail = mails
        self.assertIn(TRANSCRIPT_CODE, code_mail.body_html)
        self.assertNotIn(TRANSCRIPT_QUESTION, code_mail.body_html, "nothing the visitor wrote")
        self.assertIn(TRANSCRIPT_QUESTION, transcript_mail.body_html)
        self.assertIn(TRANSCRIPT_REPLY, transcript_mail.body_html)
        self.assertIn(f"sent the transcript to {TRANSCRIPT_EMAIL}", session.livechat_transcript_log)
        self.assertNotIn(TRANSCRIPT_BAD_EMAIL, session.livechat_transcript_log or "")
        self.assertEqual(session.livechat_visitor_transcripts, 1, "the refused one is not counted")
