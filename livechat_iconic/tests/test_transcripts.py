import re
from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from ..lib import email_proof, throttle
from ..models.discuss_channel import TRANSCRIPTS_PER_SESSION
from .helpdesk_common import SEND_ROUTE, LivechatHelpdeskCase

ROUTE = "/livechat_iconic/email_transcript"
CODE_REQUEST = "/livechat_iconic/email_proof/request"
CODE_CHECK = "/livechat_iconic/email_proof/check"
ODOO_ROUTE = "/im_livechat/email_livechat_transcript"


class TranscriptCase(LivechatHelpdeskCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.livechat_channel.queue_when_unavailable = True  # visitors queue for a person

    def mails(self, address):
        return self.env["mail.mail"].search([("email_to", "=", address)], order="id")

    def transcript_mails(self, address):
        return self.mails(address).filtered(lambda m: "code" not in m.subject.lower())

    def code_mails(self, address):
        return self.mails(address).filtered(lambda m: "code" in m.subject.lower())

    def ask(self, session, email):
        return self.post_jsonrpc(ROUTE, {"channel_id": session.id, "email": email})

    def request_code(self, session, email):
        return self.post_jsonrpc(CODE_REQUEST, {"channel_id": session.id, "email": email})

    def check(self, session, email, code):
        response = self.post_jsonrpc(
            CODE_CHECK, {"channel_id": session.id, "email": email, "code": code}
        )
        self.assertEqual(response.status_code, 200, response.text[:500])
        return response.json()["result"]

    def received_code(self, email):
        """The code in the last code mail to ``email``, as the visitor reads it."""
        mail = self.code_mails(email)[-1:]
        self.assertTrue(mail, f"no code was sent to {email}")
        return re.search(r"\d{6}", mail.subject).group()

    def prove(self, session, email):
        """The visitor proves ``email`` with the code sent there."""
        self.assertEqual(self.request_code(session, email).json()["result"]["ok"], True)
        self.assertEqual(self.check(session, email, self.received_code(email)), {"ok": True})

    def assertRefused(self, response, status, text):
        self.assertEqual(response.status_code, status, response.text[:500])
        self.assertIn(text, response.json()["error"]["message"])
        self.assertNotIn("Traceback", response.text)


@tagged("post_install", "-at_install")
class TestTranscripts(TranscriptCase):
    """Transcripts by e-mail: Odoo's transcript mail, queued, logged on the session, only
    to an address the visitor holds (no mail relay)."""

    def test_a_new_address_is_proven_with_a_code_first(self):
        session = self.visitor_session("Where is my parcel?", agent=self.agent, reply="On its way")
        response = self.ask(session, "Me@Example.com")
        self.assertEqual(response.json()["result"], {"ok": False, "code_required": True})
        self.assertFalse(self.mails("me@example.com"), "nothing sent on the visitor's word")
        self.prove(session, "me@example.com")
        code_mail = self.code_mails("me@example.com")
        self.assertEqual(len(code_mail), 1)
        self.assertNotIn("Where is my parcel?", code_mail.body_html, "nothing the visitor wrote")
        self.assertEqual(self.ask(session, "me@example.com").json()["result"], {"ok": True})
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
        # the proof holds for the visitor's next chat
        later = self.start_visitor_chat("Another question")
        self.assertEqual(self.ask(later, "me@example.com").json()["result"], {"ok": True})

    def test_a_proof_is_the_visitors_own(self):
        session = self.visitor_session("Hello")
        self.prove(session, "me@example.com")
        self.opener.cookies.clear()  # another visitor
        other = self.start_visitor_chat("Me too")
        self.assertEqual(self.ask(other, "me@example.com").json()["result"]["code_required"], True)

    def test_wrong_expired_and_exhausted_codes_are_refused(self):
        session = self.visitor_session("Hello")
        self.request_code(session, "me@example.com")
        code = self.received_code("me@example.com")
        wrong = f"{(int(code) + 1) % 1_000_000:06d}"
        result = self.check(session, "me@example.com", wrong)
        self.assertEqual(result["ok"], False)
        self.assertEqual(result["reason"], "wrong")
        self.assertEqual(result["attempts_left"], email_proof.MAX_ATTEMPTS - 1)
        self.assertIn("not the right one", result["error"])
        for _index in range(email_proof.MAX_ATTEMPTS - 1):
            self.check(session, "me@example.com", wrong)
        result = self.check(session, "me@example.com", code)
        self.assertEqual(result["reason"], "exhausted", "the right code after the tries")
        self.assertEqual(self.ask(session, "me@example.com").json()["result"]["ok"], False)
        # a new code; it expires
        self.request_code(session, "me@example.com")
        code = self.received_code("me@example.com")
        proof = self.env["livechat_iconic.email.proof"].search([("channel_id", "=", session.id)])
        proof[0].expires_dt = fields.Datetime.now() - timedelta(seconds=1)
        result = self.check(session, "me@example.com", code)
        self.assertEqual((result["ok"], result["reason"]), (False, "expired"))
        self.assertIn("expired", result["error"])
        self.assertFalse(self.transcript_mails("me@example.com"))
        # no code for this address; not a code at all (no try used)
        self.assertEqual(self.check(session, "x@example.com", "123456")["reason"], "none")
        response = self.post_jsonrpc(
            CODE_CHECK, {"channel_id": session.id, "email": "me@example.com", "code": "12ab"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["error"]["data"]["field"], "code")

    def test_codes_per_session_are_limited(self):
        session = self.visitor_session("Hello")
        for index in range(3):
            self.assertEqual(self.request_code(session, f"a{index}@example.com").status_code, 200)
        self.assertRefused(self.request_code(session, "a9@example.com"), 429, "Several codes")
        self.assertFalse(self.mails("a9@example.com"))

    def test_transcripts_per_session_are_limited_and_input_checked(self):
        session = self.visitor_session("Hello")
        self.prove(session, "me@example.com")
        for _index in range(TRANSCRIPTS_PER_SESSION):
            self.ask(session, "me@example.com")
        self.assertRefused(self.ask(session, "me@example.com"), 429, "several times")
        self.assertEqual(len(self.transcript_mails("me@example.com")), TRANSCRIPTS_PER_SESSION)
        response = self.ask(session, "nope")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["error"]["data"]["field"], "email")
        self.assertEqual(self.post_jsonrpc(ROUTE, {"channel_id": session.id}).status_code, 400)
        self.opener.cookies.clear()  # another visitor
        self.start_visitor_chat("Someone else")
        self.assertEqual(self.ask(session, "x@example.com").status_code, 404)
        self.assertEqual(self.request_code(session, "x@example.com").status_code, 404)
        self.assertFalse(self.mails("x@example.com"))

    def test_the_address_on_the_sessions_ticket_needs_no_code(self):
        session = self.start_visitor_chat("My order never arrived")
        response = self.post_jsonrpc(
            SEND_ROUTE, {"channel_id": session.id, "email": "waiting@example.com"}
        )
        self.assertEqual(response.status_code, 200, response.text[:500])
        self.assertEqual(self.ask(session, "waiting@example.com").json()["result"], {"ok": True})
        self.assertEqual(len(self.transcript_mails("waiting@example.com")), 1)
        # any other address still needs a code
        self.assertEqual(self.ask(session, "else@example.com").json()["result"]["ok"], False)

    def test_a_signed_in_user_gets_it_at_their_own_address_without_a_code(self):
        portal = new_test_user(
            self.env, login="transcript_portal", groups="base.group_portal", email="pat@example.com"
        )
        self.authenticate(portal.login, portal.login)
        session = self.visitor_session("Hi", agent=self.agent, reply="Hello")
        self.assertEqual(self.ask(session, "Pat@example.com").json()["result"], {"ok": True})
        # Odoo's route sends to their own address, whatever they send
        response = self.post_jsonrpc(
            ODOO_ROUTE, {"channel_id": session.id, "email": "other@example.com"}
        )
        self.assertEqual(response.status_code, 200, response.text[:500])
        self.assertEqual(len(self.transcript_mails("pat@example.com")), 2)
        self.assertFalse(self.mails("other@example.com"))
        # another address: a code, as for a guest
        self.assertEqual(self.ask(session, "other@example.com").json()["result"]["ok"], False)
        # the chat's share holds on Odoo's route too
        self.ask(session, "pat@example.com")
        self.assertRefused(
            self.post_jsonrpc(ODOO_ROUTE, {"channel_id": session.id}), 429, "several times"
        )

    def test_unconfirmed_codes_are_cleaned_up(self):
        session = self.visitor_session("Hello")
        self.request_code(session, "old@example.com")
        self.prove(session, "kept@example.com")
        Proof = self.env["livechat_iconic.email.proof"]
        Proof.search([("channel_id", "=", session.id)]).expires_dt = (
            fields.Datetime.now() - timedelta(days=2)
        )
        Proof._gc_livechat_unproven()
        left = Proof.search([("channel_id", "=", session.id)])
        self.assertEqual(left.mapped("email"), ["kept@example.com"], "the proven address stays")

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
            ODOO_ROUTE, {"channel_id": session.id, "email": "boss@example.com"}
        )
        session.invalidate_recordset()
        self.assertIn("boss@example.com", session.livechat_transcript_log)
        self.assertEqual(self.transcript_mails("boss@example.com").state, "outgoing")


@tagged("post_install", "-at_install")
class TestVisitorMailCap(TranscriptCase):
    """The hourly cap on the e-mails visitors make the company send (codes, transcripts,
    tickets' confirmations), for all visitors and per source. (The whole suite comes from
    127.0.0.1: the cap counts in tests only where a test asks for it; the per-minute
    throttle is off here, to show the cap alone.)"""

    OUTSIDER = "outsider@example.net"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        params = cls.env["ir.config_parameter"].sudo()
        params.set_param("livechat_iconic.throttle_in_tests", "1")
        for action in throttle.DEFAULT_LIMITS:
            params.set_param(f"livechat_iconic.throttle_{action}", "0,0")

    def set_cap(self, cap):
        self.env["ir.config_parameter"].sudo().set_param("livechat_iconic.visitor_mail_cap", cap)

    def test_fifty_fresh_sessions_cannot_relay_to_one_address(self):
        cap = throttle.DEFAULT_MAIL_CAP[1]  # per source: every request here is 127.0.0.1
        refused = 0
        for _index in range(50):
            self.opener.cookies.clear()  # a new visitor each time
            session = self.start_visitor_chat()
            self.assertEqual(self.ask(session, self.OUTSIDER).json()["result"]["ok"], False)
            response = self.request_code(session, self.OUTSIDER)
            if response.status_code == 429:
                self.assertIn("try again later", response.json()["error"]["message"])
                refused += 1
        self.assertFalse(self.transcript_mails(self.OUTSIDER), "no transcript without a proof")
        self.assertEqual(len(self.mails(self.OUTSIDER)), cap, "only the capped codes")
        self.assertEqual(refused, 50 - cap)

    def test_the_cap_for_all_visitors(self):
        self.set_cap("3,0")  # all visitors: 3 an hour; per source: none
        session = self.visitor_session("Hello")
        self.prove(session, "me@example.com")  # 1
        self.assertEqual(self.ask(session, "me@example.com").json()["result"], {"ok": True})  # 2
        self.assertEqual(self.ask(session, "me@example.com").json()["result"], {"ok": True})  # 3
        self.assertRefused(self.ask(session, "me@example.com"), 429, "try again later")
        self.assertEqual(len(self.mails("me@example.com")), 3)
        self.opener.cookies.clear()
        other = self.start_visitor_chat("Hi")
        self.assertRefused(self.request_code(other, "you@example.com"), 429, "try again later")
        self.assertFalse(self.mails("you@example.com"))

    def test_known_customers_are_not_counted(self):
        self.set_cap("1,1")
        customer = new_test_user(
            self.env, login="cap_customer", groups="base.group_portal", email="cus@example.com"
        )
        self.authenticate(customer.login, customer.login)
        past = self.visitor_session("Earlier question", agent=self.agent, reply="Answered")
        for _index in range(TRANSCRIPTS_PER_SESSION):
            self.assertEqual(self.ask(past, "cus@example.com").json()["result"], {"ok": True})

    def test_a_tickets_confirmation_counts(self):
        template = self.env["mail.template"].create(
            {
                "name": "We have your request",
                "model_id": self.env["ir.model"]._get_id("helpdesk.ticket"),
                "subject": "We have your request {{ object.number }}",
                "email_to": "{{ object.partner_email }}",
                "body_html": "<p>We will answer soon.</p>",
            }
        )
        self.team._get_applicable_stages()[:1].mail_template_id = template
        self.set_cap("0,2")
        for index in range(4):
            response = self.send_form(email="victim@example.org", message=f"Text {index}")
            self.assertEqual(response.status_code, 200, response.text[:500])
        # the stage template's mails (to the ticket's contact, whatever its form)
        confirmations = self.env["mail.mail"].search([("subject", "like", "We have your request")])
        self.assertEqual(len(confirmations), 2, "the tickets are created; past the cap, silently")
        self.assertEqual(
            self.env["helpdesk.ticket"].search_count(
                [("partner_email", "=", "victim@example.org")]
            ),
            4,
        )
