from datetime import datetime

from freezegun import freeze_time

from odoo.tests import new_test_user, tagged

from .common import GOOD_CONTACT, LeadsCase


@tagged("post_install", "-at_install")
class TestLeadFollowup(LeadsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Mon-Fri 8-12 and 13-17, Vienna time; Monday 7 December 2026 a public holiday
        cls.calendar = cls.env["resource.calendar"].create(
            {"name": "Vienna office", "tz": "Europe/Vienna"}
        )
        cls.env["resource.calendar.leaves"].create(
            {
                "name": "Public holiday",
                "calendar_id": cls.calendar.id,
                "date_from": datetime(2026, 12, 6, 23, 0),
                "date_to": datetime(2026, 12, 7, 22, 59),
            }
        )
        owner = cls.region_users["europe"]
        cls.env["resource.resource"].create(
            {"name": owner.name, "user_id": owner.id, "calendar_id": cls.calendar.id}
        )

    def deadline_of_lead_created_at(self, when_utc):
        with freeze_time(when_utc):
            lead = self.create_lead(self.chat(country="base.de", **GOOD_CONTACT))
        return lead

    def test_four_working_hours_on_a_weekday(self):
        # Tuesday 1 Dec 2026 09:00 Vienna (08:00 UTC): lunch hour skipped, 14:00 Vienna
        lead = self.deadline_of_lead_created_at("2026-12-01 08:00:00")
        self.assertEqual(lead.lead_followup_deadline, datetime(2026, 12, 1, 13, 0))
        activity = lead.activity_ids
        self.assertEqual(activity.user_id, self.region_users["europe"])
        self.assertEqual(str(activity.date_deadline), "2026-12-01")

    def test_across_a_weekend_and_a_public_holiday(self):
        # Friday 4 Dec 2026 15:00 Vienna: 2 h on Friday, Monday is a holiday, 2 h on Tuesday
        lead = self.deadline_of_lead_created_at("2026-12-04 14:00:00")
        self.assertEqual(lead.lead_followup_deadline, datetime(2026, 12, 8, 9, 0))
        self.assertEqual(str(lead.activity_ids.date_deadline), "2026-12-08")

    def test_visitor_is_told_when_to_expect_a_call(self):
        channel = self.chat(country="base.de", **GOOD_CONTACT)
        self.create_lead(channel)
        self.assertIn(
            "A sales colleague will contact you within 1 business day",
            channel.message_ids[0].body,
        )

    def test_existing_customer_question_goes_to_their_salesperson(self):
        manager = new_test_user(
            self.env, login="leads_account_manager", groups="sales_team.group_sale_salesman"
        )
        customer = self.env["res.partner"].create(
            {
                "name": "Fleet Customer",
                "email": "buyer@fleet-customer.example.com",
                "user_id": manager.id,
            }
        )
        channel = self.chat(email="buyer@fleet-customer.example.com")
        channel.with_user(self.sales_agent).action_livechat_confirm_contact()
        leads_before = self.env["crm.lead"].search_count([])
        result = channel.with_user(self.sales_agent).action_livechat_create_lead()
        self.assertNotIn("lead_id", result)
        self.assertEqual(self.env["crm.lead"].search_count([]), leads_before, "no new lead")
        activity = self.env["mail.activity"].browse(result["activity_id"])
        self.assertEqual(activity.user_id, manager)
        self.assertEqual((activity.res_model, activity.res_id), ("res.partner", customer.id))
        self.assertIn("Price for 40 trackers?", str(activity.note))

    def test_summary_on_the_contact_history_note(self):
        channel = self.chat(country="base.de", **GOOD_CONTACT)
        self.fill(channel, company_name="Data247")
        lead = self.create_lead(channel)
        self.visitor_leaves(channel)
        note = channel.livechat_history_note_id
        self.assertTrue(note, "the chat left a history note on the new contact")
        body = str(note.body)
        for text in (
            "Price for 40 trackers?",
            "Lead quality: Good",
            f"Owner: {lead.user_id.name}",
            "Next step: Contact before",
            "Deadline: ",
            "Outcome: ",
        ):
            self.assertIn(text, body)
