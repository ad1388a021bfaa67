import psycopg2

from odoo import Command
from odoo.http import GeoIP
from odoo.tests import new_test_user, tagged
from odoo.tools import config, mute_logger

from .common import AGENT_GROUPS, LivechatIconicCase
from .test_visitor_context import geoip_city_record

SWEDEN_IP = "89.160.20.112"  # MaxMind's test data: Linköping, Sweden
LONDON_IP = "81.2.69.142"  # London, United Kingdom


@tagged("post_install", "-at_install")
class TestTopicsAndRegions(LivechatIconicCase):
    """The queue a new chat lands in, on real Odoo: the visitor's topic, Odoo's channel
    rules by country (a region's queue) and the fallback queue when nobody there serves."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        record = property(geoip_city_record)
        cls.classPatch(GeoIP, "_city_record", record)
        cls.classPatch(GeoIP, "_country_record", record)
        cls.agent_carol = new_test_user(
            cls.env, login="iconic_carol", groups=AGENT_GROUPS, name="Carol Sales"
        )
        cls.agent_dave = new_test_user(
            cls.env, login="iconic_dave", groups=AGENT_GROUPS, name="Dave Nordic"
        )
        Queue = cls.env["im_livechat.channel"]
        cls.sales = Queue.create({"name": "Sales", "user_ids": [Command.set(cls.agent_carol.ids)]})
        cls.nordic = Queue.create({"name": "Nordic", "user_ids": [Command.set(cls.agent_dave.ids)]})
        cls.topic_sales, cls.topic_support = cls.env["livechat_iconic.topic"].create(
            [
                {"name": "Sales", "channel_id": cls.livechat_channel.id, "sequence": 1,
                 "target_channel_id": cls.sales.id},
                {"name": "Support", "channel_id": cls.livechat_channel.id, "sequence": 2,
                 "target_channel_id": cls.livechat_channel.id},
            ]
        )  # fmt: skip
        cls.sweden = cls.env.ref("base.se")
        cls.env["im_livechat.channel.rule"].create(
            {
                "channel_id": cls.livechat_channel.id,
                "country_ids": [Command.set(cls.sweden.ids)],
                "livechat_target_channel_id": cls.nordic.id,
            }
        )
        cls.env["ir.config_parameter"].sudo().set_param("livechat_iconic.max_parallel_chats", 0)

    def setUp(self):
        super().setUp()
        self.patch(config, "options", {**config.options, "proxy_mode": True})

    def online(self, *users):
        for user in self.env["res.users"].union(*users):
            self.env["mail.presence"]._update_presence(user)

    def start_from(self, ip, question="Hello", **params):
        return self.start_visitor_chat(
            question, headers={"X-Forwarded-For": ip, "X-Forwarded-Host": "localhost"}, **params
        )

    def sessions(self):
        return self.env["discuss.channel"].search_count([("channel_type", "=", "livechat")])

    # -- topics -----------------------------------------------------------------------------
    def test_widget_offers_the_topics_in_order(self):
        store = self.visitor_opens_page("http://localhost/contactus")["Store"]
        self.assertEqual(
            store["livechat_iconic_topics"],
            [
                {"id": self.topic_sales.id, "name": "Sales"},
                {"id": self.topic_support.id, "name": "Support"},
            ],
        )
        self.topic_support.active = False
        store = self.visitor_opens_page("http://localhost/contactus")["Store"]
        self.assertEqual([t["name"] for t in store["livechat_iconic_topics"]], ["Sales"])
        self.topic_support.active = True

    def test_topics_cost_no_query_per_page_view(self):
        Topic = self.env["livechat_iconic.topic"]
        Topic._livechat_widget_topics(self.livechat_channel.id)
        with self.assertQueryCount(0):
            for _view in range(20):
                Topic._livechat_widget_topics(self.livechat_channel.id)
        self.assertFalse(Topic._livechat_widget_topics(self.sales.id), "Sales offers none")

    def test_a_visitor_who_picks_a_topic_lands_in_its_queue(self):
        self.online(self.agent, self.agent_carol)
        channel = self.start_from(LONDON_IP, livechat_iconic_topic_id=self.topic_sales.id)
        self.assertEqual(channel.livechat_channel_id, self.sales)
        self.assertEqual(channel.livechat_operator_id, self.agent_carol.partner_id)
        self.assertEqual(channel.livechat_topic_id, self.topic_sales)

    def test_without_topic_the_widgets_queue_as_before(self):
        self.online(self.agent, self.agent_carol)
        channel = self.start_from(LONDON_IP)
        self.assertEqual(channel.livechat_channel_id, self.livechat_channel)
        self.assertEqual(channel.livechat_operator_id, self.agent.partner_id)
        self.assertFalse(channel.livechat_topic_id)

    @mute_logger("odoo.http")
    def test_a_bad_topic_is_refused_and_nothing_is_created(self):
        other = self.env["livechat_iconic.topic"].create(
            {"name": "Other", "channel_id": self.sales.id, "target_channel_id": self.sales.id}
        )
        before = self.sessions()
        for topic_id, status, text in (
            ("sales", 400, "The topic is not a number."),
            ([1], 400, "The topic is not a number."),
            (other.id, 404, "This topic is no longer offered"),
            (999999, 404, "This topic is no longer offered"),
        ):
            with self.subTest(topic_id=topic_id):
                response = self.post_jsonrpc(
                    "/im_livechat/get_session",
                    {"channel_id": self.livechat_channel.id, "livechat_iconic_topic_id": topic_id},
                )
                self.assertEqual(response.status_code, status, response.text[:300])
                error = response.json()["error"]
                self.assertIn(text, error["message"])
                self.assertEqual(error["data"]["field"], "livechat_iconic_topic_id")
                self.assertNotIn("Traceback", response.text)
        self.assertEqual(self.sessions(), before)

    def test_the_checked_topic_cannot_be_sent_directly(self):
        self.online(self.agent, self.agent_carol)
        channel = self.start_from(LONDON_IP, livechat_iconic_topic=self.topic_sales.id)
        self.assertFalse(channel.livechat_topic_id)
        self.assertEqual(channel.livechat_channel_id, self.livechat_channel)

    # -- regions and fallback ---------------------------------------------------------------
    def test_a_visitor_of_a_region_lands_in_the_regions_queue(self):
        self.online(self.agent, self.agent_dave)
        swede = self.start_from(SWEDEN_IP)
        self.assertEqual(swede.livechat_channel_id, self.nordic)
        self.assertEqual(swede.livechat_operator_id, self.agent_dave.partner_id)
        briton = self.start_from(LONDON_IP)
        self.assertEqual(briton.livechat_channel_id, self.livechat_channel)

    def test_a_signed_in_customers_country_counts(self):
        customer = new_test_user(self.env, login="iconic_sven", groups="base.group_portal")
        customer.country_id = self.sweden
        self.online(self.agent_dave)
        self.authenticate("iconic_sven", "iconic_sven")
        data = self.make_jsonrpc_request(
            "/im_livechat/get_session", {"channel_id": self.livechat_channel.id}
        )
        channel = self.env["discuss.channel"].browse(data["channel_id"])
        self.assertEqual(channel.livechat_channel_id, self.nordic)

    def test_nobody_in_the_region_goes_to_the_fallback_queue(self):
        self.nordic.livechat_fallback_channel_id = self.sales
        self.online(self.agent, self.agent_carol)  # Dave, the Nordic agent, is offline
        swede = self.start_from(SWEDEN_IP)
        self.assertEqual(swede.livechat_channel_id, self.sales)
        self.assertEqual(swede.livechat_operator_id, self.agent_carol.partner_id)

    def test_fallback_with_nobody_either_keeps_the_regions_queue(self):
        self.nordic.livechat_fallback_channel_id = self.livechat_channel
        swede = self.start_from(SWEDEN_IP)  # nobody online anywhere
        self.assertEqual(swede.livechat_channel_id, self.nordic)
        self.assertEqual(swede.livechat_state, "in_queue")

    def test_an_agent_on_break_is_nobody_for_the_fallback(self):
        self.nordic.livechat_fallback_channel_id = self.sales
        self.online(self.agent_carol, self.agent_dave)
        self.env["res.users"].with_user(self.agent_dave).action_livechat_set_status("break")
        swede = self.start_from(SWEDEN_IP)
        self.assertEqual(swede.livechat_channel_id, self.sales)

    def test_a_queue_cannot_be_its_own_fallback(self):
        with (
            self.assertRaises(psycopg2.errors.CheckViolation),
            mute_logger("odoo.sql_db"),
            self.env.cr.savepoint(),
        ):
            self.nordic.livechat_fallback_channel_id = self.nordic
            self.nordic.flush_recordset()
