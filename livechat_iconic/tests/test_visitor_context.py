from odoo.http import GeoIP, geoip2
from odoo.tests import tagged
from odoo.tools import config, mute_logger

from .common import CHROME_UA, LivechatIconicCase

#: What the GeoIP City database knows, in memory: IP -> (country code, country, city, region).
#: The addresses and places are MaxMind's own GeoIP2-City-Test data.
GEOIP_PLACES = {
    "81.2.69.142": ("GB", "United Kingdom", "London", "England"),
    "89.160.20.112": ("SE", "Sweden", "Linköping", "Östergötland County"),
    "67.43.156.1": ("BT", "Bhutan", None, None),  # a country-only record, as real data has
}


def geoip_city_record(geoip):
    """The GeoIP2 City record of ``geoip.ip``, from GEOIP_PLACES instead of a database."""
    country_code, country, city, region = GEOIP_PLACES.get(geoip.ip, (None, None, None, None))
    raw = {
        "country": {"iso_code": country_code, "names": {"en": country}} if country_code else {},
        "city": {"names": {"en": city}} if city else {},
        "subdivisions": [{"names": {"en": region}}] if region else [],
    }
    try:  # geoip2 >= 5, as http_routing's MockRequest builds it
        return geoip2.models.City(["en"], **raw)
    except TypeError:
        return geoip2.models.City(raw)


@tagged("post_install", "-at_install")
class TestVisitorContext(LivechatIconicCase):
    """Visitor context is captured server side when the chat starts, and kept current."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Odoo's request.geoip answers from memory, as Odoo's own tests make it do
        record = property(geoip_city_record)
        cls.classPatch(GeoIP, "_city_record", record)
        cls.classPatch(GeoIP, "_country_record", record)
        cls.customer = cls.env["res.partner"].create(
            {"name": "Carla Customer", "email": "Carla@Example.com"}
        )

    def test_context_of_a_guest(self):
        forwarded = {"X-Forwarded-For": "81.2.69.142", "X-Forwarded-Host": "shop.example.com"}
        channel = self.start_visitor_chat(
            "Hello,\n  do you  ship to Sweden?",
            headers={"Referer": f"{self.base_url()}/shop/cart", **forwarded},
        )
        self.assertEqual(channel.livechat_visitor_name, "Guest")
        self.assertEqual(channel.livechat_question, "Hello, do you ship to Sweden?")
        self.assertEqual(channel.livechat_page_url, f"{self.base_url()}/shop/cart")
        self.assertEqual(channel.livechat_browser, "Chrome 120.0")
        self.assertEqual(channel.livechat_os, "Windows 10")
        self.assertEqual(channel.livechat_device, "Desktop")
        self.assertEqual(channel.livechat_user_agent, CHROME_UA)
        # proxy_mode is off: the forwarded header is not trusted
        self.assertEqual(channel.livechat_ip, "127.0.0.1")
        self.assertFalse(channel.livechat_location, "a loopback address has no location")

    def test_forwarded_ip_trusted_with_proxy_mode(self):
        self.patch(config, "options", {**config.options, "proxy_mode": True})
        channel = self.start_visitor_chat(
            "Hi", headers={"X-Forwarded-For": "89.160.20.112", "X-Forwarded-Host": "localhost"}
        )
        self.assertEqual(channel.livechat_ip, "89.160.20.112")
        self.assertEqual(channel.livechat_city, "Linköping")
        self.assertEqual(channel.livechat_region, "Östergötland County")
        self.assertEqual(channel.livechat_location, "Linköping, Östergötland County, Sweden")
        self.assertEqual(channel.country_id.code, "SE", "the country is Odoo's own")
        # a network known only by its country
        self.opener.cookies.clear()
        channel = self.start_visitor_chat(
            "Hi", headers={"X-Forwarded-For": "67.43.156.1", "X-Forwarded-Host": "localhost"}
        )
        self.assertFalse(channel.livechat_city)
        self.assertFalse(channel.livechat_region)
        self.assertEqual(channel.livechat_location, "Bhutan")

    def test_logged_in_customer_is_known_by_name(self):
        user = self.env["res.users"].create(
            {
                "name": "Paula Portal",
                "login": "paula",
                "password": "paula-portal-pw",
                "group_ids": [(6, 0, [self.env.ref("base.group_portal").id])],
            }
        )
        self.authenticate("paula", "paula-portal-pw")
        channel = self.start_visitor_chat("Where is my order?")
        self.assertEqual(channel.livechat_visitor_name, "Paula Portal")
        self.assertEqual(channel.livechat_partner_id, user.partner_id)

    def test_email_only_suggests_the_existing_contact(self):
        channel = self.visitor_session(contact={"email": " carla@EXAMPLE.com "})
        self.assertFalse(channel.livechat_partner_id, "a typed e-mail is a claim")
        self.assertEqual(channel.livechat_suggested_partner_id, self.customer)
        self.assertEqual(channel.livechat_visitor_name, "Guest")
        self.assertEqual(channel.livechat_visitor_email, "carla@example.com")

    def test_bad_contact_details_are_refused_and_nothing_is_lost(self):
        channel = self.visitor_session(contact={"phone": "+32 2 555 01 01"})
        with mute_logger("odoo.http"):
            response = self.post_jsonrpc(
                "/livechat_iconic/visitor_contact",
                {"channel_id": channel.id, "email": "not-an-email", "phone": "+32 2 555 01 02"},
            )
        self.assertEqual(response.status_code, 400)
        self.assertIn("e-mail", response.json()["error"]["message"])
        channel.invalidate_recordset()
        self.assertEqual(channel.livechat_visitor_phone, "+3225550101", "earlier details are kept")
        self.assertFalse(channel.livechat_visitor_email)

    def test_other_visitors_cannot_write_contact_details(self):
        channel = self.start_visitor_chat("Question")
        self.opener.cookies.clear()  # another, anonymous browser
        with mute_logger("odoo.http"):
            response = self.post_jsonrpc(
                "/livechat_iconic/visitor_contact",
                {"channel_id": channel.id, "email": "x@example.com"},
            )
        self.assertEqual(response.status_code, 404)
        self.assertFalse(channel.livechat_visitor_email)

    def test_referrer_and_page_follow_navigation(self):
        # the widget sends document.referrer when the chat starts
        channel = self.start_visitor_chat(
            "Question",
            headers={"Referer": f"{self.base_url()}/shop"},
            livechat_referrer="https://www.search.example/?q=shows",
        )
        # query strings may carry secrets: agents see the address without it
        self.assertEqual(channel.livechat_referrer, "https://www.search.example/")
        self.assertEqual(channel.livechat_page_url, f"{self.base_url()}/shop")
        # the visitor opens another page: the widget initialises there again
        self.visitor_opens_page(f"{self.base_url()}/contactus")
        channel.invalidate_recordset()
        self.assertEqual(channel.livechat_page_url, f"{self.base_url()}/contactus")
        # another visitor's page views do not touch this session
        self.opener.cookies.clear()
        self.visitor_opens_page(f"{self.base_url()}/elsewhere")
        channel.invalidate_recordset()
        self.assertEqual(channel.livechat_page_url, f"{self.base_url()}/contactus")

    def test_referrer_must_be_a_web_address(self):
        channel = self.start_visitor_chat("Question", livechat_referrer="javascript:alert(1)")
        self.assertFalse(channel.livechat_referrer)
