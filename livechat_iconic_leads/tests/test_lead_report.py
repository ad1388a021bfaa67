from odoo.tests import tagged

from .common import LeadsCase


@tagged("post_install", "-at_install")
class TestLeadReport(LeadsCase):
    def lead(self, n, country, **contact):
        channel = self.chat(country=country, name=f"Prospect {n}", **contact)
        return channel, self.create_lead(channel)

    def test_conversion_rate_by_region_and_quality(self):
        _c1, won = self.lead(1, "base.de", email="a@fleet-one.example.com", phone="+49 30 1234567")
        _c2, _open = self.lead(2, "base.de", email="b@gmail.com")
        _c3, _dup = self.lead(3, "base.de", email="a@fleet-one.example.com")
        self.lead(4, "base.ae", email="c@fleet-four.example.com")
        won.action_set_won()
        domain = [("origin_channel_id", "!=", False), ("lead_is_duplicate", "=", False)]
        by_region = {
            region.name: (count, rate)
            for region, count, rate in self.env["crm.lead"]._read_group(
                domain, ["lead_region_id"], ["__count", "lead_won_rate:avg"]
            )
        }
        self.assertEqual(by_region["Europe"], (2, 50.0), "the duplicate is not counted")
        self.assertEqual(by_region["UAE (Dubai)"], (1, 0.0))
        by_quality = dict(self.env["crm.lead"]._read_group(domain, ["lead_quality"], ["__count"]))
        self.assertEqual(by_quality, {"fair": 2, "bad": 1})
        by_outcome = dict(self.env["crm.lead"]._read_group(domain, ["won_status"], ["__count"]))
        self.assertEqual(by_outcome["won"], 1)

    def test_report_views_and_session_grouping(self):
        action = self.env.ref("livechat_iconic_leads.crm_lead_livechat_report_action")
        views = self.env["crm.lead"].get_views(
            [(v.view_id.id, v.view_mode) for v in action.view_ids]
        )
        self.assertEqual(set(views["views"]), {"pivot", "graph"})
        channel, _lead = self.lead(5, "base.ae", email="d@gmail.com")
        groups = dict(
            self.env["discuss.channel"]._read_group(
                [("id", "=", channel.id)], ["lead_quality"], ["__count"]
            )
        )
        self.assertEqual(groups, {"bad": 1})
        regions = self.env["discuss.channel"]._read_group(
            [("id", "=", channel.id)], ["lead_region_id"], ["__count"]
        )
        self.assertEqual(regions[0][0], self.regions["uae"])
