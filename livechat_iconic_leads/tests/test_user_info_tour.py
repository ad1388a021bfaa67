from odoo.tests import tagged

from .common import LeadsCase


@tagged("post_install", "-at_install")
class TestUserInfoTour(LeadsCase):
    def test_agent_fills_the_tab_during_the_chat_and_creates_the_lead(self):
        channel = self.chat(name="Marko Masino", email="marko@data247.at")
        self.start_tour(
            f"/odoo/action-im_livechat.discuss_channel_action/{channel.id}",
            "livechat_iconic_leads_user_info",
            login=self.sales_agent.login,
        )
        lead = channel.lead_ids
        self.assertEqual(len(lead), 1)
        self.assertEqual(lead.lead_quality, "good")
        self.assertEqual(lead.partner_name, "Data247 - masinotrading&consulting")
        self.assertEqual(lead.phone, "+436605226322")
        self.assertEqual(lead.lead_interest_ids.name, "Tracking")
        self.assertEqual(lead.team_id, self.regions["europe"].team_id)
        self.assertEqual(channel.lead_phone, "+436605226322")
