from odoo.tests import tagged

from odoo.addons.crm_livechat.tests import chatbot_common
from odoo.addons.livechat_iconic_leads.demo.region_table import build_region_table


@tagged("post_install", "-at_install")
class TestChatbotLeadRouting(chatbot_common.CrmChatbotCase):
    """A lead made by crm_livechat's bot step is routed like the agent's: the session's
    country, its region's team and owner (when the step names no team), duplicates."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["livechat_iconic_leads.region"].search([]).active = False
        cls.regions = build_region_table(cls.env, cls.env.ref("base.at"))
        cls.regions["europe"].user_id = cls.user_employee
        cls.step_create_lead.sudo().crm_team_id = False

    def bot_lead(self, email):
        data = self.make_jsonrpc_request(
            "/im_livechat/get_session",
            {"channel_id": self.livechat_channel.id, "chatbot_script_id": self.chatbot_script.id},
        )
        channel = self.env["discuss.channel"].sudo().browse(data["channel_id"])
        channel.country_id = self.env.ref("base.de")
        self._post_answer_and_trigger_next_step(
            channel, chatbot_script_answer=self.step_dispatch_create_lead
        )
        self._post_answer_and_trigger_next_step(channel, email=email)
        self._post_answer_and_trigger_next_step(channel, "+49 30 1234567")
        return channel.sudo().lead_ids

    def test_bot_lead_goes_to_the_region_owner(self):
        lead = self.bot_lead("fleet@trucks-de.example.com")
        self.assertEqual(lead.country_id.code, "DE")
        self.assertEqual(lead.lead_region_id, self.regions["europe"])
        self.assertEqual(lead.team_id, self.regions["europe"].team_id)
        self.assertEqual(lead.user_id, self.user_employee)
        self.assertTrue(lead.lead_followup_deadline)
        self.assertFalse(lead.lead_is_duplicate)
        again = self.bot_lead("fleet@trucks-de.example.com")
        self.assertEqual(again.lead_duplicate_of_id, lead)

    def test_the_step_team_wins(self):
        self.step_create_lead.sudo().crm_team_id = self.sale_team
        lead = self.bot_lead("fleet@trucks-at.example.com")
        self.assertEqual(lead.team_id, self.sale_team)
        self.assertFalse(lead.lead_region_id)
