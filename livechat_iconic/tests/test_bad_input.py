import json

from odoo.tests import tagged

from .common import LivechatIconicCase

CONTACT_ROUTE = "/livechat_iconic/visitor_contact"
CONTACT_FIELDS = ("livechat_visitor_email", "livechat_visitor_phone", "livechat_guest_name")


@tagged("post_install", "-at_install")
class TestBadInput(LivechatIconicCase):
    """Bad input on our public routes gets a short 4xx JSON answer and stores nothing;
    page addresses reach agents without query string and fragment."""

    def post_jsonrpc(self, route, params):
        """POST a JSON-RPC call as the widget does; returns the raw HTTP response."""
        body = {"jsonrpc": "2.0", "id": 7, "method": "call", "params": params}
        return self.opener.post(self.base_url() + route, json=body, timeout=12)

    def assertRefused(self, response, message, status=400, value=None):
        """A JSON-RPC error answered with HTTP ``status``: ``message``, no traceback, and
        not ``value`` (the bad value is never echoed)."""
        self.assertEqual(response.status_code, status, response.text[:500])
        self.assertIn("application/json", response.headers["Content-Type"])
        body = response.json()
        self.assertEqual(body["jsonrpc"], "2.0")
        self.assertEqual(body["id"], 7)
        self.assertNotIn("result", body)
        self.assertEqual(body["error"]["code"], status)
        self.assertIn(message, body["error"]["message"])
        self.assertEqual(body["error"]["data"]["message"], body["error"]["message"])
        self.assertLess(len(response.text), 600, "the answer is short")
        self.assertNotIn("Traceback", response.text)
        self.assertNotIn("debug", body["error"]["data"])
        if value is not None:
            self.assertNotIn(value, response.text)
            self.assertNotIn(json.dumps(value)[1:-1], response.text)

    def contact_values(self, channel):
        channel.invalidate_recordset()
        return {field: channel[field] for field in CONTACT_FIELDS}

    def test_channel_id_missing_or_not_a_number(self):
        channel = self.start_visitor_chat("Question")
        before = self.contact_values(channel)
        for channel_id in (None, "abc", "", "12abc", "-1", 0, True, 1.5, [channel.id], {}):
            with self.subTest(channel_id=channel_id):
                response = self.post_jsonrpc(
                    CONTACT_ROUTE, {"channel_id": channel_id, "email": "x@example.com"}
                )
                self.assertRefused(response, "missing or is not a number")
        response = self.post_jsonrpc(CONTACT_ROUTE, {"email": "x@example.com"})
        self.assertRefused(response, "missing or is not a number")
        self.assertEqual(self.contact_values(channel), before, "nothing is stored")
        # a digit string is an id
        response = self.post_jsonrpc(
            CONTACT_ROUTE, {"channel_id": str(channel.id), "phone": "+32 2 555 01 01"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["result"], {"ok": True})
        self.assertEqual(self.contact_values(channel)["livechat_visitor_phone"], "+3225550101")

    def test_session_of_someone_else_is_not_found(self):
        channel = self.start_visitor_chat("Question")
        self.opener.cookies.clear()  # another, anonymous browser
        for channel_id in (channel.id, 2**31 - 1):
            response = self.post_jsonrpc(
                CONTACT_ROUTE, {"channel_id": channel_id, "email": "x@example.com"}
            )
            self.assertRefused(response, "does not exist", status=404)
        self.assertFalse(self.contact_values(channel)["livechat_visitor_email"])

    def test_wrong_json_types(self):
        channel = self.start_visitor_chat("Question")
        cases = [
            ("email", 42, "e-mail address must be text"),
            ("email", ["x@example.com"], "e-mail address must be text"),
            ("phone", 3225550101, "phone number must be text"),
            ("phone", {"number": "+32 2 555 01 01"}, "phone number must be text"),
            ("name", True, "name must be text"),
            ("name", ["Nina"], "name must be text"),
        ]
        for field, value, message in cases:
            with self.subTest(field=field, value=value):
                # a valid value sent with the wrong one is not kept either
                response = self.post_jsonrpc(
                    CONTACT_ROUTE,
                    {"channel_id": channel.id, "phone": "+32 2 555 01 01", field: value},
                )
                self.assertRefused(response, message)
        self.assertEqual(self.contact_values(channel), dict.fromkeys(CONTACT_FIELDS, False))

    def test_oversize_values(self):
        channel = self.start_visitor_chat("Question")
        cases = [
            ("email", "a" * 250 + "@long.example", "at most 254 characters"),
            ("phone", "+32" + "1" * 100, "at most 64 characters"),
            ("name", "Nina" * 1000, "at most 128 characters"),
        ]
        for field, value, message in cases:
            with self.subTest(field=field):
                response = self.post_jsonrpc(
                    CONTACT_ROUTE, {"channel_id": channel.id, field: value}
                )
                self.assertRefused(response, message, value=value)
        self.assertEqual(self.contact_values(channel), dict.fromkeys(CONTACT_FIELDS, False))

    def test_nul_control_characters_and_lone_surrogates(self):
        channel = self.start_visitor_chat("Question")
        cases = [
            ("email", "nina\x00@example.com"),
            ("phone", "+32 2 555 01 01\x00"),
            ("name", "Nina\x00New"),
            ("name", "Nina\x1b[2J"),
            ("name", "Nina \ud800"),  # JSON "\ud800": PostgreSQL cannot store it
            ("email", "nina\udfff@example.com"),
            ("name", "\u202eweN aniN"),
        ]
        for field, value in cases:
            with self.subTest(field=field, value=value):
                response = self.post_jsonrpc(
                    CONTACT_ROUTE, {"channel_id": channel.id, field: value}
                )
                self.assertRefused(response, "characters that are not allowed", value=value)
        self.assertEqual(self.contact_values(channel), dict.fromkeys(CONTACT_FIELDS, False))

    def test_html_is_refused_in_an_address_and_kept_as_text_in_a_name(self):
        channel = self.start_visitor_chat("Question")
        value = "<script>alert(1)</script>@x.example"
        response = self.post_jsonrpc(CONTACT_ROUTE, {"channel_id": channel.id, "email": value})
        self.assertRefused(response, "e-mail address is not valid", value=value)
        self.assertNotIn("<script", response.text)
        phone = "<img src=x onerror=alert(1)>"
        response = self.post_jsonrpc(CONTACT_ROUTE, {"channel_id": channel.id, "phone": phone})
        self.assertRefused(response, "phone number is not valid", value=phone)
        self.assertNotIn("<img", response.text)
        self.assertEqual(self.contact_values(channel), dict.fromkeys(CONTACT_FIELDS, False))
        # a name is plain text: stored as typed, escaped wherever Odoo shows it
        response = self.post_jsonrpc(
            CONTACT_ROUTE, {"channel_id": channel.id, "name": "<b>Nina</b>"}
        )
        self.assertEqual(response.json()["result"], {"ok": True})
        self.assertEqual(self.contact_values(channel)["livechat_guest_name"], "<b>Nina</b>")

    def test_page_and_referrer_lose_query_string_and_fragment(self):
        base = self.base_url()
        channel = self.start_visitor_chat(
            "Question",
            headers={"Referer": f"{base}/web/reset_password?token=s3cr3t&db=x#frag"},
            livechat_referrer="https://user:pw@search.example/results?q=shows&access_token=t0k#x",
        )
        self.assertEqual(channel.livechat_page_url, f"{base}/web/reset_password")
        self.assertEqual(channel.livechat_referrer, "https://search.example/results")
        # the visitor opens another page: followed without its token either
        self.visitor_opens_page(f"{base}/my/orders/7?access_token=abc#x")
        channel.invalidate_recordset()
        self.assertEqual(channel.livechat_page_url, f"{base}/my/orders/7")

    def test_page_and_referrer_that_are_not_web_addresses_are_dropped(self):
        for referrer in ("javascript:alert(1)", ["https://a.example/"], {"u": 1}, 42, "x" * 5000):
            with self.subTest(referrer=referrer):
                channel = self.start_visitor_chat(
                    "Question",
                    headers={"Referer": "javascript:alert(document.cookie)"},
                    livechat_referrer=referrer,
                )
                self.assertFalse(channel.livechat_referrer)
                self.assertFalse(channel.livechat_page_url)
                self.opener.cookies.clear()
        # a later page that is not a web address does not replace the page shown
        channel = self.start_visitor_chat(
            "Question", headers={"Referer": f"{self.base_url()}/shop"}
        )
        self.visitor_opens_page("data:text/html,<script>alert(1)</script>")
        channel.invalidate_recordset()
        self.assertEqual(channel.livechat_page_url, f"{self.base_url()}/shop")
