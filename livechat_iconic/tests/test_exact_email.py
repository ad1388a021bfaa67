from odoo.tests import tagged

from .common import LivechatIconicCase
from .helpdesk_common import LivechatHelpdeskCase

# Typed by strangers: with a pattern match (=ilike), "_" matches any one character and "%"
# any run of characters, so these would match someone else's address.
PATTERN_ADDRESSES = ("ann_lee@example.com", "%@example.com")


@tagged("post_install", "-at_install")
class TestExactEmail(LivechatHelpdeskCase):
    """Every lookup of a visitor-typed address compares normalised addresses for equality."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # "A" sorts first among contacts: a pattern match would pick it
        cls.contact_a = cls.env["res.partner"].create({"name": "A", "email": "annxlee@example.com"})

    def test_ticket_follower_is_the_typed_address_only(self):
        for email in PATTERN_ADDRESSES:
            with self.subTest(email=email):
                ticket, _result = self.form_ticket(self.send_form(email=email))
                self.assertNotIn(self.contact_a, ticket.message_partner_ids)
                follower = ticket.message_partner_ids.filtered(
                    lambda partner, email=email: partner.email_normalized == email
                )
                self.assertEqual(len(follower), 1, "the answers go to the typed address")

    def test_an_existing_contact_with_that_exact_address_follows(self):
        ann = self.env["res.partner"].create({"name": "Ann Lee", "email": "Ann_Lee@Example.com"})
        ticket, _result = self.form_ticket(self.send_form(email="ann_lee@example.com"))
        self.assertIn(ann, ticket.message_partner_ids)
        self.assertNotIn(self.contact_a, ticket.message_partner_ids)

    def test_rate_limit_counts_only_the_same_address(self):
        Ticket = self.env["helpdesk.ticket"]
        for _index in range(3):
            self.form_ticket(self.send_form(email="annxlee@example.com"))
        for email in PATTERN_ADDRESSES:
            with self.subTest(email=email):
                by_email, _by_ip = Ticket._livechat_recent_counts(email, "198.51.100.7")
                self.assertEqual(by_email, 0)
        by_email, _by_ip = Ticket._livechat_recent_counts("annxlee@example.com", "198.51.100.7")
        self.assertEqual(by_email, 3)


@tagged("post_install", "-at_install")
class TestExactContactSuggestion(LivechatIconicCase):
    def test_contact_suggestion_is_exact(self):
        contact_a = self.env["res.partner"].create({"name": "A", "email": "annxlee@example.com"})
        for email in PATTERN_ADDRESSES:
            with self.subTest(email=email):
                channel = self.visitor_session("Hello", contact={"email": email})
                self.assertFalse(channel.livechat_suggested_partner_id)
        channel = self.visitor_session("Hello", contact={"email": "annxlee@example.com"})
        self.assertEqual(channel.livechat_suggested_partner_id, contact_a)
