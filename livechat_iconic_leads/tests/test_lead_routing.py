from odoo.tests import tagged

from .common import GOOD_CONTACT, LeadsCase

#: a country of every shipped region (the domestic one: Austria's end users)
COUNTRY_OF_REGION = {
    "africa_me": "base.ng",
    "asia": "base.tr",
    "cis": "base.kz",
    "europe": "base.de",
    "uae": "base.ae",
    "usa_canada": "base.ca",
    "latam": "base.br",
}


@tagged("post_install", "-at_install")
class TestRegionRouting(LeadsCase):
    def lead_from(self, country, client_status=None):
        channel = self.chat(country=country, **GOOD_CONTACT)
        if client_status:
            self.fill(channel, client_status=client_status)
        return self.create_lead(channel)

    def test_every_shipped_region(self):
        for key, country in COUNTRY_OF_REGION.items():
            with self.subTest(region=key):
                lead = self.lead_from(country)
                region = self.regions[key]
                self.assertEqual(lead.lead_region_id, region)
                self.assertEqual(lead.team_id, region.team_id)
                self.assertEqual(lead.user_id, self.region_users[key])
                self.assertEqual(lead.source_id, self.livechat_source)

    def test_uae_is_not_africa_and_middle_east(self):
        self.assertEqual(self.lead_from("base.ae").team_id, self.regions["uae"].team_id)
        self.assertEqual(self.lead_from("base.sa").team_id, self.regions["africa_me"].team_id)

    def test_home_country_end_users_have_their_own_queue(self):
        end_user = self.lead_from("base.at", "end_user")
        provider = self.lead_from("base.at", "service_provider")
        self.assertEqual(end_user.lead_region_id, self.regions["domestic"])
        self.assertEqual(provider.lead_region_id, self.regions["europe"])
        self.assertEqual(
            self.lead_from("base.de", "end_user").lead_region_id, self.regions["europe"]
        )

    def test_fallback_default_region_then_queue_team(self):
        antarctica = "base.aq"
        lead = self.lead_from(antarctica)
        self.assertFalse(lead.lead_region_id)
        self.assertEqual(lead.team_id, self.fallback_team, "no region: the queue's team")
        self.regions["europe"].is_default = True
        lead = self.lead_from(antarctica)
        self.assertEqual(lead.lead_region_id, self.regions["europe"])
        self.assertEqual(lead.user_id, self.region_users["europe"])

    def test_one_live_chat_source(self):
        lead = self.lead_from("base.de")
        self.assertEqual(lead.source_id, self.livechat_source)
        self.assertEqual(
            self.env["utm.source"].search_count(
                ["|", ("name", "ilike", "live chat"), ("name", "ilike", "livechat")]
            ),
            1,
        )

    def test_session_shows_its_region(self):
        channel = self.chat(country="base.ae")
        self.assertEqual(channel.lead_region_id, self.regions["uae"])
