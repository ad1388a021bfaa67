from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import GOOD_COMPANY, GOOD_CONTACT, LeadsCase


@tagged("post_install", "-at_install")
class TestLeadQuality(LeadsCase):
    def test_prefilled_from_what_the_visitor_gave(self):
        channel = self.chat(**GOOD_CONTACT)
        self.assertEqual(
            (channel.lead_contact_name, channel.lead_email, channel.lead_phone),
            ("Marko Masino", "marko@data247.at", "+436605226322"),
        )
        self.assertEqual(channel.lead_country_id, self.env.ref("base.at"), "GeoIP country")
        self.assertEqual(channel.lead_quality, "fair")
        self.assertEqual(channel.lead_quality_missing, "company")

    def test_a_customers_stored_details_never_block_the_chat(self):
        """A signed-in customer whose contact holds a phone the tab's checks refuse (here,
        not a number of their country) still gets a chat; the tab leaves it out."""
        customer = self.env["res.partner"].create(
            {
                "name": "Portal Customer",
                "email": "portal.customer@example.com",
                "phone": "+1 555 0100",
                "country_id": self.env.ref("base.be").id,
            }
        )
        channel = self.env["discuss.channel"].create(
            {
                "name": "Signed-in visitor",
                "channel_type": "livechat",
                "livechat_channel_id": self.livechat_channel.id,
                "livechat_operator_id": self.queue_partner.id,
                "livechat_partner_id": customer.id,
            }
        )
        self.assertEqual(channel.lead_email, "portal.customer@example.com")
        self.assertFalse(channel.lead_phone)
        self.assertEqual(channel.lead_country_id, self.env.ref("base.be"))

    def test_agent_typed_values_are_kept_over_later_claims(self):
        channel = self.chat()
        self.fill(channel, email="boss@data247.at")
        self.visitor_gives_contact(channel, email="other@data247.at")
        self.assertEqual(channel.lead_email, "boss@data247.at")

    def test_seed_good_lead(self):
        channel = self.chat(**GOOD_CONTACT)
        state = self.fill(channel, company_name=GOOD_COMPANY, phone="436605226322")
        self.assertEqual(state["quality"], "good")
        self.assertFalse(state["missing"])
        lead = self.create_lead(channel)
        self.assertEqual(lead.lead_quality, "good")
        self.assertEqual(lead.partner_name, GOOD_COMPANY)
        self.assertEqual(lead.phone, "+436605226322")
        self.assertEqual(lead.country_id.code, "AT")

    def test_seed_bad_lead(self):
        channel = self.chat(name="Marko", email="marko1987@gmail.com")
        lead = self.create_lead(channel)
        self.assertEqual(lead.lead_quality, "bad")
        self.assertIn("free-mail address and no phone", lead.lead_quality_reasons)
        self.assertIn("no company", lead.lead_quality_reasons)

    def test_verdict_follows_each_saved_field(self):
        channel = self.chat(name="Marko", email="marko1987@gmail.com")
        self.assertEqual(channel.lead_quality, "bad")
        state = self.fill(channel, phone="0660 5226322")
        self.assertEqual(state["quality"], "fair")
        self.assertEqual(state["missing"], "company, business e-mail")
        self.assertEqual(channel.lead_quality, "fair")
        self.assertEqual(channel.lead_phone, "+436605226322", "saved in E.164")

    def test_tab_fields_reach_the_lead(self):
        channel = self.chat(**GOOD_CONTACT)
        tracking = self.env.ref("livechat_iconic_leads.lead_interest_tracking")
        self.fill(
            channel,
            interest_ids=[tracking.id],
            client_status="service_provider",
            active_objects=40,
            current_provider="OldTrack",
            agreement_end="2027-03-31",
        )
        lead = self.create_lead(channel)
        self.assertEqual(lead.lead_interest_ids, tracking)
        self.assertEqual(
            (lead.lead_client_status, lead.lead_active_objects, lead.lead_current_provider),
            ("service_provider", 40, "OldTrack"),
        )
        self.assertEqual(str(lead.lead_agreement_end), "2027-03-31")
        self.assertEqual(lead.origin_channel_id, channel)

    def test_bad_input_gets_a_message_and_nothing_is_lost(self):
        channel = self.chat()
        state = self.fill(
            channel,
            contact_name="Marko",
            email="marko@@data247",
            phone="12",
            active_objects=-3,
            agreement_end="1900-01-01",
        )
        self.assertEqual(
            set(state["errors"]),
            {"lead_email", "lead_phone", "lead_active_objects", "lead_agreement_end"},
        )
        self.assertIn("malformed", state["errors"]["lead_email"])
        self.assertIn("100 years", state["errors"]["lead_agreement_end"])
        # what the agent typed comes back to the panel, the valid part is saved
        self.assertEqual(state["values"]["lead_email"], "marko@@data247")
        self.assertEqual(state["values"]["lead_active_objects"], -3)
        self.assertEqual(channel.lead_contact_name, "Marko")
        self.assertFalse(channel.lead_email)

    def test_absurd_fleet_refused_on_the_lead_too(self):
        lead = self.env["crm.lead"].create({"name": "Fleet"})
        with self.assertRaisesRegex(ValidationError, "between 0 and"):
            lead.lead_active_objects = 5_000_000
        with self.assertRaisesRegex(ValidationError, "malformed"):
            self.chat().lead_email = "not an e-mail"
