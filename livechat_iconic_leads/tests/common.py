from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.livechat_iconic.tests.common import AGENT_GROUPS, LivechatIconicCase
from odoo.addons.livechat_iconic_leads.demo.region_table import build_region_table

SALES_AGENT_GROUPS = AGENT_GROUPS + ",sales_team.group_sale_salesman"
GOOD_CONTACT = {
    "name": "Marko Masino",
    "email": "marko@data247.at",
    "phone": "+43 660 5226322",
}
GOOD_COMPANY = "Data247 - masinotrading&consulting"


class LeadsCase(LivechatIconicCase):
    """A sales agent, the shipped region table (home country Austria) with one
    salesperson per region, and a sales team for the queue's fallback."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sales_agent = new_test_user(
            cls.env, login="leads_sara", groups=SALES_AGENT_GROUPS, name="Sara Sales Agent"
        )
        cls.livechat_channel.user_ids = [Command.link(cls.sales_agent.id)]
        # the table under test only (demo data may hold another one)
        cls.env["livechat_iconic_leads.region"].search([]).active = False
        cls.regions = build_region_table(cls.env, cls.env.ref("base.at"))
        cls.region_users = {}
        for key, region in cls.regions.items():
            user = new_test_user(
                cls.env,
                login=f"leads_owner_{key}",
                groups="sales_team.group_sale_salesman",
                name=f"Owner {region.name}",
                tz="Europe/Vienna",
            )
            region.team_id.member_ids = [Command.link(user.id)]
            region.user_id = user
            cls.region_users[key] = user
        cls.fallback_team = cls.env["crm.team"].create({"name": "Queue Sales", "use_leads": True})
        cls.livechat_channel.lead_team_id = cls.fallback_team
        cls.livechat_source = cls.env.ref("crm_livechat.utm_source_livechat")

    def chat(self, question="Price for 40 trackers?", country="base.at", **contact):
        """A visitor's chat taken by the sales agent, with the visitor's GeoIP country."""
        channel = self.visitor_session(
            question, contact=contact or None, agent=self.sales_agent, reply="Hello!"
        )
        channel.country_id = self.env.ref(country) if country else False
        return channel

    def fill(self, channel, **values):
        """The agent saves the user-info tab; returns the panel's state."""
        values = {f"lead_{name}": value for name, value in values.items()}
        return channel.with_user(self.sales_agent).livechat_user_info_save(values)

    def create_lead(self, channel):
        result = channel.with_user(self.sales_agent).action_livechat_create_lead()
        return self.env["crm.lead"].browse(result.get("lead_id"))
