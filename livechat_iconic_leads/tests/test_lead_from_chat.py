from odoo.tests import tagged

from odoo.addons.livechat_iconic.tests.common import LivechatIconicCase


@tagged("post_install", "-at_install")
class TestLeadFromChat(LivechatIconicCase):
    def test_lead_command_keeps_the_visitor_details(self):
        channel = self.visitor_session(
            "Price for 40 trackers?",
            contact={
                "email": "fleet@trucks.example",
                "phone": "+32 2 555 01 01",
                "name": "Tom Trucks",
            },
        )
        channel.country_id = self.env.ref("base.be")
        lead = channel._convert_visitor_to_lead(self.agent.partner_id, "/lead 40 trackers")
        self.assertEqual(lead.name, "40 trackers")
        self.assertEqual(lead.source_id, self.env.ref("crm_livechat.utm_source_livechat"))
        self.assertEqual(
            (lead.contact_name, lead.email_from, lead.phone, lead.country_id.code),
            ("Tom Trucks", "fleet@trucks.example", "+3225550101", "BE"),
        )

    def test_lead_of_a_known_contact_is_linked_only_once_confirmed(self):
        customer = self.env["res.partner"].create({"name": "Known Co", "email": "known@co.example"})
        channel = self.visitor_session("Renewal?", contact={"email": "known@co.example"})
        lead = channel._convert_visitor_to_lead(self.agent.partner_id, "/lead Renewal")
        self.assertFalse(lead.partner_id, "a typed e-mail is not an identity")
        self.assertEqual(lead.email_from, "known@co.example")
        self.assertFalse(customer.opportunity_count)
        channel.with_user(self.agent).action_livechat_confirm_contact()
        lead = channel._convert_visitor_to_lead(self.agent.partner_id, "/lead Renewal again")
        self.assertEqual(lead.partner_id, customer, "confirmed by the agent: linked")
