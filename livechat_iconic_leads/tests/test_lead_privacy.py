from odoo.tests import tagged

from odoo.addons.livechat_iconic.tests.common import LivechatIconicCase


@tagged("post_install", "-at_install")
class TestLeadPrivacy(LivechatIconicCase):
    def test_erasing_the_visitor_erases_the_leads_copy_of_the_chat(self):
        channel = self.visitor_session(
            "Price for 40 trackers? Call me at home, 12 Elm Street",
            contact={"email": "fleet@trucks.example", "phone": "+32 2 555 01 01", "name": "Tom"},
        )
        channel.sudo().write({"lead_company_name": "Tom's Trucks", "lead_current_provider": "X"})
        lead = channel._convert_visitor_to_lead(self.agent.partner_id, "/lead 40 trackers")
        lost = channel._convert_visitor_to_lead(self.agent.partner_id, "/lead old one")
        lost.action_archive()
        self.assertIn("Elm Street", lead.description)

        channel._livechat_erase_personal_data()

        for copy in (lead, lost):
            self.assertNotIn("Elm Street", copy.description)
            self.assertIn("The conversation was erased.", copy.description)
        self.assertEqual(lead.name, "40 trackers", "the lead stays, for the sales reports")
        tab = channel.sudo().read(
            ["lead_contact_name", "lead_company_name", "lead_email", "lead_phone"]
        )[0]
        self.assertEqual({tab[name] for name in tab if name != "id"}, {False})
        self.assertFalse(channel.sudo().lead_current_provider)
