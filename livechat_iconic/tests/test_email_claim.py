from unittest.mock import patch

from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from ..lib import email_proof
from .test_transcripts import CODE_REQUEST, TranscriptCase

YOURS = "/livechat_iconic/your_conversations"


@tagged("post_install", "-at_install")
class TestEmailClaim(TranscriptCase):
    """The queue's e-mail field: the address a visitor gives is a claim the agents see;
    proven with the code e-mailed there (the transcript's proof), the chat belongs to that
    contact; a known visitor sees "Your conversations", nobody else's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.livechat_channel.livechat_ask_email = "during"
        cls.vera = cls.env["res.partner"].create(
            {"name": "Vera Valued", "email": "vera@customer.example"}
        )

    def request_contact_code(self, session, email):
        return self.post_jsonrpc(
            CODE_REQUEST, {"channel_id": session.id, "email": email, "contact": True}
        )

    def prove_contact(self, session, email):
        """The visitor asks for a code for the address they gave, and types it."""
        response = self.request_contact_code(session, email)
        self.assertEqual(response.json()["result"]["ok"], True, response.text[:500])
        self.assertEqual(self.check(session, email, self.received_code(email)), {"ok": True})
        session.invalidate_recordset()

    def yours(self):
        return self.post_jsonrpc(YOURS, {})

    def test_the_widget_learns_the_queue_option(self):
        data = self.visitor_opens_page(self.base_url() + "/contactus")
        self.assertEqual(data["Store"]["livechat_iconic_ask_email"], "during")
        self.assertFalse(data["Store"]["livechat_iconic_known"], "a stranger")
        self.livechat_channel.livechat_ask_email = False
        data = self.visitor_opens_page(self.base_url() + "/contactus")
        self.assertFalse(data["Store"]["livechat_iconic_ask_email"])

    def test_the_agent_sees_the_claim_at_once(self):
        session = self.visitor_session(
            "Where is my order?", contact={"email": "vera@customer.example"}
        )
        self.assertEqual(session.livechat_suggested_partner_id, self.vera)
        self.assertFalse(session.livechat_partner_id, "a claim only, until it is proven")
        self.assertEqual(
            session.with_user(self.agent).livechat_contact_claim,
            "says: vera@customer.example — matches contact Vera Valued, not confirmed",
        )

    def panel_claim(self, session):
        """The claim in the agent's Information panel (Odoo's session data route)."""
        self.authenticate(self.agent.login, self.agent.login)
        data = self.make_jsonrpc_request(
            "/mail/data",
            {"fetch_params": [["/im_livechat/session/data", {"channel_id": session.id}]]},
        )
        self.authenticate(None, None)
        channels = {c["id"]: c for c in data["discuss.channel"]}
        return channels[session.id]["livechat_iconic_claim"]

    def test_the_agent_panel_shows_the_claim_then_the_proof(self):
        session = self.visitor_session(
            "Where is my order?", contact={"email": "vera@customer.example"}, agent=self.agent
        )
        visitor_cookies = dict(self.opener.cookies)
        self.assertEqual(
            self.panel_claim(session),
            {
                "text": "says: vera@customer.example — matches contact Vera Valued, not confirmed",
                "can_confirm": True,
            },
        )
        self.opener.cookies.update(visitor_cookies)
        self.prove_contact(session, "vera@customer.example")
        claim = self.panel_claim(session)
        self.assertIn("proven by a code sent there, Vera Valued", claim["text"])
        self.assertFalse(claim["can_confirm"])

    def test_the_agent_confirms_the_claim_in_the_panel_tour(self):
        """In a real browser: the claim in the chat's Information panel, confirmed."""
        session = self.visitor_session(
            "Where is my order?", contact={"email": "vera@customer.example"}, agent=self.agent
        )
        self.start_tour(
            f"/odoo/discuss?active_id=discuss.channel_{session.id}",
            "livechat_iconic_contact_claim",
            login=self.agent.login,
        )
        session.invalidate_recordset()
        self.assertEqual(session.livechat_partner_id, self.vera)
        self.assertFalse(session.livechat_contact_proven, "confirmed, not proven")

    def test_a_proven_address_attaches_the_chat_to_its_contact(self):
        session = self.visitor_session(
            "Where is my order?", contact={"email": "vera@customer.example"}, agent=self.agent
        )
        self.prove_contact(session, "vera@customer.example")
        self.assertEqual(session.livechat_partner_id, self.vera, "no agent confirmation needed")
        self.assertTrue(session.livechat_contact_proven)
        self.assertEqual(session.livechat_visitor_name, "Vera Valued")
        self.assertIn("proven by a code", session.with_user(self.agent).livechat_contact_claim)
        code_mail = self.code_mails("vera@customer.example")
        self.assertEqual(len(code_mail), 1)
        self.assertNotIn("Where is my order?", code_mail.body_html, "nothing the visitor wrote")
        # at the end, the history note goes to Vera, with no to-do to confirm her
        self.visitor_leaves(session)
        self.assertEqual(session.livechat_history_note_id.res_id, self.vera.id)
        self.assertFalse(self.vera.activity_ids)

    def registered_ticket(self, proven):
        """The ticket of a chat the queue registers, whose visitor gave Vera's e-mail and
        proved it (``proven``) or not."""
        self.livechat_channel.livechat_register_every_chat = True
        session = self.visitor_session(
            "Price of X?",
            contact={"email": "vera@customer.example"},
            agent=self.agent,
            reply="It is 10 EUR",
        )
        if proven:
            self.prove_contact(session, "vera@customer.example")
        session.with_user(self.agent).action_livechat_close()
        return session.livechat_ticket_id

    def test_a_contact_flag_that_is_not_a_boolean_is_refused(self):
        session = self.visitor_session("Hi", contact={"email": "vera@customer.example"})
        for bad in ("yes", 1, ["x"], {"a": 1}, None):
            with self.subTest(contact=bad):
                response = self.post_jsonrpc(
                    CODE_REQUEST,
                    {"channel_id": session.id, "email": "vera@customer.example", "contact": bad},
                )
                self.assertEqual(response.status_code, 400)
                self.assertEqual(response.json()["error"]["message"], "The request is not valid.")
                self.assertNotIn("Traceback", response.text)
        self.assertFalse(self.code_mails("vera@customer.example"), "nothing sent")

    def test_the_registered_ticket_goes_to_the_proven_contact(self):
        self.assertEqual(self.registered_ticket(proven=True).partner_id, self.vera)

    def test_an_unproven_claim_gives_the_ticket_to_nobody_known(self):
        ticket = self.registered_ticket(proven=False)
        self.assertTrue(ticket)
        self.assertNotEqual(ticket.partner_id, self.vera)

    def test_proof_after_the_end_closes_the_confirm_todo(self):
        session = self.visitor_session(
            "Where is my order?",
            contact={"email": "vera@customer.example"},
            agent=self.agent,
            reply="Coming",
        )
        self.request_contact_code(session, "vera@customer.example")
        self.visitor_leaves(session)
        self.assertEqual(self.vera.activity_ids.summary, "Confirm who this visitor is")
        self.assertEqual(
            self.check(
                session, "vera@customer.example", self.received_code("vera@customer.example")
            ),
            {"ok": True},
        )
        session.invalidate_recordset()
        self.assertEqual(session.livechat_partner_id, self.vera)
        self.assertEqual(session.livechat_history_note_id.res_id, self.vera.id)
        self.assertFalse(self.vera.activity_ids, "the to-do is done")

    def test_a_wrong_code_attaches_nothing(self):
        session = self.visitor_session("Hi", contact={"email": "vera@customer.example"})
        with patch.object(email_proof, "new_code", return_value="424242"):
            self.request_contact_code(session, "vera@customer.example")
        result = self.check(session, "vera@customer.example", "000000")
        self.assertEqual((result["ok"], result["attempts_left"]), (False, 4))
        session.invalidate_recordset()
        self.assertFalse(session.livechat_partner_id)
        self.assertFalse(session.livechat_contact_proven)

    def test_a_ticket_address_is_no_proof_for_the_contact(self):
        # a transcript proof of another address attaches nothing either
        session = self.visitor_session("Hi", contact={"email": "vera@customer.example"})
        self.prove(session, "other@example.com")
        session.invalidate_recordset()
        self.assertFalse(session.livechat_partner_id, "not the address given in the chat")
        # the contact route asks a code for the address given even if may_receive says yes
        response = self.request_contact_code(session, "vera@customer.example")
        self.assertEqual(response.json()["result"]["ok"], True)
        self.assertNotIn("proven", response.json()["result"])
        self.assertTrue(self.code_mails("vera@customer.example"))

    def test_codes_are_bounded_per_session(self):
        session = self.visitor_session("Hi", contact={"email": "vera@customer.example"})
        for _attempt in range(3):
            self.assertEqual(
                self.request_contact_code(session, "vera@customer.example").status_code, 200
            )
        with mute_logger("odoo.http"):
            response = self.request_contact_code(session, "vera@customer.example")
        self.assertRefused(response, 429, "Several codes were sent")
        self.assertEqual(len(self.code_mails("vera@customer.example")), 3)

    def test_a_later_chat_with_the_proven_address_is_attached_at_once(self):
        first = self.visitor_session("Hi", contact={"email": "vera@customer.example"})
        self.prove_contact(first, "vera@customer.example")
        later = self.start_visitor_chat("Me again")
        result = self.make_jsonrpc_request(
            "/livechat_iconic/visitor_contact",
            {"channel_id": later.id, "email": "vera@customer.example"},
        )
        self.assertEqual(result, {"ok": True, "proven": True})
        later.invalidate_recordset()
        self.assertEqual(later.livechat_partner_id, self.vera)
        self.assertEqual(len(self.code_mails("vera@customer.example")), 1, "no second code")

    def test_a_stranger_typing_the_address_attaches_nothing(self):
        first = self.visitor_session("Hi", contact={"email": "vera@customer.example"})
        self.prove_contact(first, "vera@customer.example")
        self.opener.cookies.clear()  # another browser: another guest
        other = self.visitor_session("I am Vera", contact={"email": "vera@customer.example"})
        self.assertFalse(other.livechat_partner_id)
        with mute_logger("odoo.http"):
            response = self.check(other, "vera@customer.example", "123456")
        self.assertFalse(response["ok"])
        other.invalidate_recordset()
        self.assertFalse(other.livechat_partner_id)

    def test_your_conversations_for_a_proven_visitor_only(self):
        # Vera's earlier chat, confirmed by an agent
        earlier = self.visitor_session(
            "My <b>earlier</b> question",
            contact={"email": "vera@customer.example"},
            agent=self.agent,
            reply="The earlier answer",
            leaves=True,
        )
        earlier.with_user(self.agent).action_livechat_confirm_contact()
        # somebody else's chat
        self.opener.cookies.clear()
        self.visitor_session("Somebody else's secret", agent=self.agent, leaves=True)
        # a new visitor (a new browser) is a stranger until they prove the address
        self.opener.cookies.clear()
        session = self.visitor_session("Hello", contact={"email": "vera@customer.example"})
        with mute_logger("odoo.http"):
            self.assertRefused(self.yours(), 403, "prove your e-mail address")
        self.prove_contact(session, "vera@customer.example")
        data = self.visitor_opens_page(self.base_url() + "/contactus")
        self.assertTrue(data["Store"]["livechat_iconic_known"])
        response = self.yours()
        self.assertEqual(response.status_code, 200, response.text[:500])
        sessions = response.json()["result"]["sessions"]
        self.assertEqual([s["id"] for s in sessions], [earlier.id], "ended chats, Vera's only")
        bodies = [m["body"] for m in sessions[0]["messages"]]
        self.assertIn("My earlier question", bodies, "plain text, no markup")
        self.assertIn("The earlier answer", bodies)
        self.assertNotIn("Somebody else's secret", response.text)

    def test_your_conversations_for_a_signed_in_customer(self):
        customer = new_test_user(
            self.env, login="claim_portal", groups="base.group_portal", name="Paula Portal"
        )
        self.authenticate("claim_portal", "claim_portal")
        session = self.visitor_session("Signed-in question", agent=self.agent, leaves=True)
        self.assertIn(customer.partner_id, session.livechat_customer_partner_ids)
        response = self.yours()
        sessions = response.json()["result"]["sessions"]
        self.assertEqual([s["id"] for s in sessions], [session.id])
        self.authenticate(None, None)
        with mute_logger("odoo.http"):
            self.assertRefused(self.yours(), 403, "prove your e-mail address")
