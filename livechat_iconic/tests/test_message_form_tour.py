from odoo import Command
from odoo.tests import new_test_user, tagged

from ..lib.message_form import MAX_PER_EMAIL_PER_HOUR
from .helpdesk_common import LivechatHelpdeskCase

# Same texts as livechat_iconic/static/tests/tours/livechat_iconic_message_form_tour.js
FORM_NAME = "Nina Offline"
FORM_EMAIL = "nina.offline@example.com"
FORM_MESSAGE = "My kayak leaks near the seat, what can I do?"
BAD_EMAIL = "nina@example..com"
BAD_INPUT_EMAIL = "nina.typo@example.com"
BAD_INPUT_MESSAGE = "Please call me back about the red canoe"
FLOOD_EMAIL = "nina.flood@example.com"
CUSTOMER_NAME = "Nina Customer"
CUSTOMER_EMAIL = "nina.customer@example.com"
OUTSIDE_HOURS_TEXT = "We are closed on Sundays; leave us a message."
# ... and livechat_iconic_send_as_message_tour.js
QUEUED_QUESTION = "Is the green kayak back in stock?"
QUEUED_EMAIL = "nina.queued@example.com"
QUEUED_NAME = "Nina Queued"


@tagged("post_install", "-at_install")
class TestMessageFormTour(LivechatHelpdeskCase):
    """The website widget's message form and "Send as a message instead", in a real
    browser: the support queue's agents are all offline; its help-desk team takes sales
    enquiries and technical questions."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.ref("website.default_website").channel_id = cls.livechat_channel
        # no attendance at all: a queue on these opening hours is always closed
        cls.never_open = cls.env["resource.calendar"].create(
            {"name": "Never open", "attendance_ids": [Command.clear()]}
        )

    def _tickets(self):
        return self.env["helpdesk.ticket"].search(
            [("livechat_channel_id", "=", self.livechat_channel.id)]
        )

    def _sessions(self):
        return self.env["discuss.channel"].search(
            [("livechat_channel_id", "=", self.livechat_channel.id)]
        )

    def _assert_form_ticket(self):
        ticket = self._tickets()
        self.assertEqual(len(ticket), 1, "one form sent, one ticket")
        self.assertEqual(ticket.partner_email, FORM_EMAIL)
        self.assertEqual(ticket.partner_name, FORM_NAME)
        self.assertIn(FORM_MESSAGE, ticket.description)
        self.assertEqual(ticket.team_id, self.team)
        self.assertEqual(ticket.channel_id, self.livechat_ticket_channel)
        self.assertEqual(ticket.type_id, self.technical_type, "the topic the visitor picked")
        self.assertIn("5550101", "".join(c for c in ticket.livechat_phone or "" if c.isdigit()))
        self.assertTrue(ticket.livechat_page_url.startswith(self.base_url()), "the page")
        self.assertFalse(self._sessions(), "no chat session: the visitor only wrote a message")
        return ticket

    def test_form_when_nobody_is_online(self):
        self.assertFalse(self.livechat_channel.queue_when_unavailable)
        self.assertFalse(self.livechat_channel.available_operator_ids, "nobody is online")
        self.start_tour("/", "livechat_iconic_message_form_offline")
        self._assert_form_ticket()

    def test_form_when_the_queue_is_closed(self):
        # closed: the form, even though the queue would keep visitors waiting
        self.livechat_channel.write(
            {
                "queue_when_unavailable": True,
                "livechat_resource_calendar_id": self.never_open.id,
                "livechat_outside_hours_text": OUTSIDE_HOURS_TEXT,
            }
        )
        self.start_tour("/", "livechat_iconic_message_form_closed")
        self._assert_form_ticket()

    def test_form_bad_input(self):
        self.start_tour("/", "livechat_iconic_message_form_bad_input")
        ticket = self._tickets()
        self.assertEqual(len(ticket), 1, "refused sendings create nothing; the corrected one")
        self.assertEqual(ticket.partner_email, BAD_INPUT_EMAIL)
        self.assertEqual(ticket.partner_name, FORM_NAME)
        self.assertIn(BAD_INPUT_MESSAGE, ticket.description)
        self.assertFalse(
            self.env["res.partner"].search_count([("email", "ilike", "nina@example.")]),
            "the refused e-mail is nowhere",
        )

    def test_form_flood_from_one_address(self):
        for number in range(MAX_PER_EMAIL_PER_HOUR):
            response = self.send_form(email=FLOOD_EMAIL, message=f"Message {number}")
            self.assertEqual(response.status_code, 200, response.text[:500])
        self.assertEqual(len(self._tickets()), MAX_PER_EMAIL_PER_HOUR)
        self.opener.cookies.clear()
        self.start_tour("/", "livechat_iconic_message_form_rate_limited")
        self.assertEqual(len(self._tickets()), MAX_PER_EMAIL_PER_HOUR, "nothing more created")
        self.assertFalse(self._tickets().filtered(lambda t: FORM_MESSAGE in t.description))

    def test_form_signed_in_customer(self):
        customer = new_test_user(
            self.env,
            login="nina_customer",
            groups="base.group_portal",
            name=CUSTOMER_NAME,
            email=CUSTOMER_EMAIL,
        )
        self.start_tour("/", "livechat_iconic_message_form_signed_in", login="nina_customer")
        ticket = self._tickets()
        self.assertEqual(len(ticket), 1)
        self.assertEqual(ticket.partner_id, customer.partner_id, "the signed-in customer's")
        self.assertEqual(ticket.partner_email, CUSTOMER_EMAIL)
        self.assertIn(FORM_MESSAGE, ticket.description)

    def test_queued_visitor_sends_as_message(self):
        self.livechat_channel.queue_when_unavailable = True
        self.start_tour("/", "livechat_iconic_send_as_message")
        session = self._sessions()
        self.assertEqual(len(session), 1)
        self.assertEqual(session.livechat_state, "closed")
        self.assertEqual(session.livechat_end_reason, "sent_as_message")
        self.assertTrue(session.livechat_end_dt)
        self.assertFalse(session.livechat_agent_id, "no agent ever answered")
        ticket = self._tickets()
        self.assertEqual(len(ticket), 1)
        self.assertEqual(session.livechat_ticket_id, ticket)
        self.assertEqual(ticket.livechat_session_id, session)
        self.assertEqual(ticket.partner_email, QUEUED_EMAIL)
        self.assertIn(QUEUED_QUESTION, ticket.description, "the conversation so far")
