from odoo.tests import tagged

from ..lib import message_form as rules
from .helpdesk_common import SEND_ROUTE, LivechatHelpdeskCase


@tagged("post_install", "-at_install")
class TestMessageForm(LivechatHelpdeskCase):
    """The widget's message form: a help-desk ticket, once, with what the visitor gave."""

    def test_form_offered_when_nobody_is_online(self):
        data = self.visitor_opens_page("http://localhost/contactus")
        store = data["Store"]
        self.assertTrue(store["livechat_available"], "the button shows, to open the form")
        form = store["livechat_iconic_form"]
        self.assertEqual(form["reason"], "offline")
        self.assertEqual(form["channel_id"], self.livechat_channel.id)
        self.assertEqual(
            {t["name"] for t in form["topics"]}, {"Sales Enquiry", "Technical Question"}
        )

    def test_no_form_while_the_queue_keeps_visitors(self):
        self.livechat_channel.queue_when_unavailable = True
        self.addCleanup(setattr, self.livechat_channel, "queue_when_unavailable", False)
        store = self.visitor_opens_page("http://localhost/contactus")["Store"]
        self.assertFalse(store["livechat_iconic_form"])
        self.assertTrue(store["livechat_available"])

    def test_form_becomes_a_ticket(self):
        response = self.send_form(
            phone="+32 2 555 01 01",
            topic_id=self.sales_type.id,
            request_key="form-key-0001",
        )
        ticket, result = self.form_ticket(response)
        self.assertIn("We have your message; we will answer by e-mail", result["text"])
        self.assertIn(ticket.number, result["text"])
        self.assertEqual(ticket.team_id, self.team)
        self.assertEqual(ticket.channel_id, self.livechat_ticket_channel)
        self.assertEqual(ticket.type_id, self.sales_type)
        self.assertEqual(ticket.partner_email, "nina.visitor@example.com")
        self.assertEqual(ticket.partner_name, "Nina Visitor")
        self.assertEqual(ticket.livechat_phone, "+3225550101")
        self.assertEqual(ticket.livechat_channel_id, self.livechat_channel)
        self.assertIn("Do you ship to Belgium?", ticket.description)
        # a new address: a new contact, who follows the ticket and gets the answers
        self.assertEqual(ticket.partner_id.email, "nina.visitor@example.com")
        self.assertIn(ticket.partner_id, ticket.message_partner_ids)

    def test_page_and_location_come_from_the_request(self):
        response = self.opener.post(
            self.base_url() + "/livechat_iconic/message",
            json={
                "jsonrpc": "2.0",
                "id": 7,
                "method": "call",
                "params": {
                    "channel_id": self.livechat_channel.id,
                    "email": "page@example.com",
                    "message": "Hello",
                },
            },
            headers={"Referer": "http://localhost/shop/cart?token=secret#frag"},
            timeout=12,
        )
        ticket, _result = self.form_ticket(response)
        self.assertEqual(ticket.livechat_page_url, "http://localhost/shop/cart")
        self.assertEqual(
            ticket.type_id, self.env.ref("livechat_iconic.helpdesk_ticket_type_request")
        )

    def test_an_existing_customer_is_not_written_on_a_strangers_word(self):
        customer = self.env["res.partner"].create(
            {"name": "Real Customer", "email": "customer@example.com", "phone": "+3225550199"}
        )
        before = customer.read(["name", "email", "phone", "write_date"])
        ticket, _result = self.form_ticket(
            self.send_form(email="Customer@Example.com", name="Impostor", phone="+3225550101")
        )
        self.assertFalse(ticket.partner_id, "a stranger's word makes nobody the customer")
        self.assertIn(customer, ticket.message_partner_ids, "the answers reach the address")
        customer.invalidate_recordset()
        self.assertEqual(customer.read(["name", "email", "phone", "write_date"]), before)

    def test_the_same_form_twice_is_one_ticket(self):
        first, _result = self.form_ticket(self.send_form(request_key="double-click-0001"))
        second, _result = self.form_ticket(self.send_form(request_key="double-click-0001"))
        self.assertEqual(first, second)
        self.assertEqual(
            self.env["helpdesk.ticket"].search_count(
                [("partner_email", "=", "nina.visitor@example.com")]
            ),
            1,
        )

    def test_bad_input_creates_nothing(self):
        tickets_before = self.env["helpdesk.ticket"].search_count([])
        cases = [
            ({"email": None}, 400, "email", "e-mail address"),
            ({"email": "not-an-address"}, 400, "email", "not valid"),
            ({"message": "   "}, 400, "message", "write your message"),
            ({"message": "x" * (rules.MESSAGE_MAX_LENGTH + 1)}, 400, "message", "too long"),
            ({"phone": "12"}, 400, "phone", "not valid"),
            ({"topic_id": 999999}, 404, "topic_id", "topics"),
            ({"topic_id": "abc"}, 400, "topic_id", "reload the page"),
            ({"channel_id": 999999}, 404, "channel_id", "cannot receive messages"),
            ({"channel_id": "x"}, 400, "channel_id", "reload the page"),
            ({"request_key": "no good!"}, 400, "request_key", "reload the page"),
        ]
        for params, status, field, text in cases:
            with self.subTest(params=str(params)[:60]):
                self.assertError(self.send_form(**params), status, field, text)
        self.assertEqual(self.env["helpdesk.ticket"].search_count([]), tickets_before)

    def test_a_flood_from_one_address_is_limited(self):
        for index in range(rules.MAX_PER_EMAIL_PER_HOUR):
            self.form_ticket(self.send_form(email="flood@example.com", message=f"Spam {index}"))
        response = self.send_form(email="flood@example.com", message="One more")
        self.assertEqual(response.status_code, 429)
        self.assertIn("several messages", response.json()["error"]["message"])
        self.assertEqual(
            self.env["helpdesk.ticket"].search_count([("partner_email", "=", "flood@example.com")]),
            rules.MAX_PER_EMAIL_PER_HOUR,
        )

    def test_a_signed_in_customer_is_never_limited(self):
        self.authenticate(self.agent.login, self.agent.login)
        for index in range(rules.MAX_PER_EMAIL_PER_HOUR + 1):
            ticket, _result = self.form_ticket(
                self.send_form(email="alice@example.com", message=f"Question {index}")
            )
        self.assertEqual(ticket.partner_id, self.agent.partner_id)


@tagged("post_install", "-at_install")
class TestSendAsMessage(LivechatHelpdeskCase):
    """ "Send as a message instead": a queued visitor's conversation becomes a ticket."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.livechat_channel.queue_when_unavailable = True

    def test_queued_visitor_sends_the_conversation(self):
        session = self.start_visitor_chat("My order never arrived")
        self.visitor_post(session, "Order number 4242")
        self.assertEqual(session.livechat_state, "in_queue")
        response = self.post_jsonrpc(
            SEND_ROUTE,
            {"channel_id": session.id, "email": "waiting@example.com", "name": "Wendy"},
        )
        self.assertEqual(response.status_code, 200, response.text[:500])
        result = response.json()["result"]
        session.invalidate_recordset()
        ticket = session.livechat_ticket_id
        self.assertEqual(ticket.number, result["reference"])
        self.assertEqual(session.livechat_state, "closed")
        self.assertEqual(session.livechat_end_reason, "sent_as_message")
        self.assertEqual(session.livechat_outcome, "sent_as_message")
        self.assertEqual(ticket.livechat_session_id, session)
        self.assertEqual(ticket.partner_email, "waiting@example.com")
        # the conversation, with the times the visitor wrote
        self.assertIn("My order never arrived", ticket.description)
        self.assertIn("Order number 4242", ticket.description)
        self.assertRegex(ticket.description, r"\[\d{4}-\d\d-\d\d \d\d:\d\d\]")
        # sending again (a double click) gives the same ticket
        again = self.post_jsonrpc(SEND_ROUTE, {"channel_id": session.id, "email": "w@example.com"})
        self.assertEqual(again.json()["result"]["reference"], ticket.number)

    def test_a_visitor_who_gave_an_email_need_not_type_it_again(self):
        session = self.visitor_session("Hello?", contact={"email": "known@example.com"})
        response = self.post_jsonrpc(SEND_ROUTE, {"channel_id": session.id})
        self.assertEqual(response.status_code, 200, response.text[:500])
        session.invalidate_recordset()
        self.assertEqual(session.livechat_ticket_id.partner_email, "known@example.com")

    def test_refused_once_an_agent_answers(self):
        session = self.visitor_session("Hello?", agent=self.agent, reply="Hi, I am here")
        response = self.post_jsonrpc(
            SEND_ROUTE, {"channel_id": session.id, "email": "a@example.com"}
        )
        self.assertEqual(response.status_code, 409)
        session.invalidate_recordset()
        self.assertFalse(session.livechat_ticket_id)
        self.assertEqual(session.livechat_state, "chatting")

    def test_bad_input(self):
        session = self.start_visitor_chat("Hello?")
        self.assertError(
            self.post_jsonrpc(SEND_ROUTE, {"channel_id": session.id}), 400, "email", "e-mail"
        )
        self.assertError(
            self.post_jsonrpc(SEND_ROUTE, {"channel_id": session.id, "email": "bad"}),
            400,
            "email",
            "not valid",
        )
        # another visitor's session
        self.opener.cookies.clear()
        self.start_visitor_chat("I am someone else")
        self.assertError(
            self.post_jsonrpc(SEND_ROUTE, {"channel_id": session.id, "email": "a@example.com"}),
            404,
            "channel_id",
            "does not exist",
        )
        self.assertError(
            self.post_jsonrpc(SEND_ROUTE, {"channel_id": "abc", "email": "a@example.com"}),
            400,
            "channel_id",
            "not a number",
        )
        session.invalidate_recordset()
        self.assertFalse(session.livechat_ticket_id)
        self.assertEqual(session.livechat_state, "in_queue")
