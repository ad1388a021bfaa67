from odoo.tests import tagged

from .common import GOOD_COMPANY, GOOD_CONTACT, LeadsCase


@tagged("post_install", "-at_install")
class TestLeadDuplicates(LeadsCase):
    def test_same_email_as_a_lead_is_flagged_linked_and_not_new(self):
        old = self.env["crm.lead"].create({"name": "Old", "email_from": "Marko@Data247.at"})
        channel = self.chat(**GOOD_CONTACT)
        hint = channel.with_user(self.sales_agent).livechat_user_info_read()["duplicate"]
        self.assertIn("Old", hint, "the agent sees the match before creating the lead")
        self.assertIn("same e-mail", hint)
        lead = self.create_lead(channel)
        self.assertTrue(lead.lead_is_duplicate)
        self.assertEqual(lead.lead_duplicate_of_id, old)
        new_leads = self.env["crm.lead"].search(
            [("origin_channel_id", "!=", False), ("lead_is_duplicate", "=", False)]
        )
        self.assertNotIn(lead, new_leads)

    def test_same_phone_as_a_contact(self):
        partner = self.env["res.partner"].create(
            {"name": "Marko", "phone": "0660 5226322", "country_id": self.env.ref("base.at").id}
        )
        channel = self.chat(phone="+43 660 522 6322")
        lead = self.create_lead(channel)
        self.assertEqual(lead.lead_duplicate_partner_id, partner)
        self.assertEqual(lead.lead_duplicate_reason, "same phone")

    def test_same_company_name_written_differently(self):
        company = self.env["res.partner"].create(
            {"name": "DATA247 masinotrading & Consulting", "is_company": True}
        )
        channel = self.chat(name="Ana", email="ana@other.example.com")
        self.fill(channel, company_name=GOOD_COMPANY)
        lead = self.create_lead(channel)
        self.assertEqual(lead.lead_duplicate_partner_id, company)
        self.assertEqual(lead.lead_duplicate_reason, "same company")

    def test_new_visitor_is_not_a_duplicate(self):
        lead = self.create_lead(self.chat(name="Nina", email="nina@fresh-fleet.example.com"))
        self.assertFalse(lead.lead_is_duplicate)
        self.assertFalse(lead.lead_duplicate_of_id)

    def test_same_email_is_exact_not_a_pattern(self):
        # "A" sorts first among leads and contacts: a pattern match (=ilike) would pick it
        self.env["crm.lead"].create({"name": "A", "email_from": "annxlee@example.com"})
        self.env["res.partner"].create({"name": "A", "email": "annxlee@example.com"})
        Lead = self.env["crm.lead"]
        for email in ("ann_lee@example.com", "%@example.com", "ann\\lee@example.com"):
            with self.subTest(email=email):
                self.assertEqual(Lead._livechat_find_duplicate(email=email), (None, None))
        match, reason = Lead._livechat_find_duplicate(email="AnnXLee@Example.com")
        self.assertEqual((match.name, reason), ("A", "same e-mail"))
