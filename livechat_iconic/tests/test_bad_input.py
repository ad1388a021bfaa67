import json

from markupsafe import escape

from odoo.tests import tagged

from ..lib import web_input
from ..models.discuss_channel import QUESTION_MAX_LENGTH
from .common import LivechatIconicCase

CONTACT_ROUTE = "/livechat_iconic/visitor_contact"
# Same texts as livechat_iconic/static/tests/tours/livechat_iconic_escaping_tour.js
INJECTED_NAME = '<b class="o_livechat_iconic_injected">NinaInjected</b>'
INJECTED_QUESTION = '<img class="o_livechat_iconic_injected" src="x">QuestionInjected'
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

    def post_raw(self, route, data, **headers):
        """POST raw bytes as JSON; returns the raw HTTP response."""
        return self.opener.post(
            self.base_url() + route,
            data=data,
            headers={"Content-Type": "application/json", **headers},
            timeout=12,
        )

    def test_oversize_request_is_refused(self):
        channel = self.start_visitor_chat("Question")
        big = json.dumps(
            {
                "jsonrpc": "2.0",
                "id": 7,
                "method": "call",
                "params": {"channel_id": channel.id, "name": "Nina", "filler": "x" * 20000},
            }
        ).encode()
        self.assertGreater(len(big), web_input.MAX_REQUEST_BYTES)
        response = self.post_raw(CONTACT_ROUTE, big)
        self.assertEqual(response.status_code, 413, response.text[:300])
        body = response.json()
        self.assertEqual(body["error"]["code"], 413)
        self.assertIn("too large", body["error"]["message"])
        self.assertNotIn("xxxx", response.text)
        self.assertNotIn("Traceback", response.text)
        self.assertLess(len(response.text), 600)
        # sent in chunks, without a Content-Length: refused the same way
        response = self.post_raw(
            CONTACT_ROUTE, iter([big[:4096], big[4096:]]), **{"Transfer-Encoding": "chunked"}
        )
        self.assertEqual(response.status_code, 413, response.text[:300])
        self.assertIn("too large", response.json()["error"]["message"])
        self.assertEqual(self.contact_values(channel), dict.fromkeys(CONTACT_FIELDS, False))
        # a body just under the cap is served
        params = {"channel_id": channel.id, "name": "Nina"}
        call = {"jsonrpc": "2.0", "id": 7, "method": "call", "params": params}
        padding = web_input.MAX_REQUEST_BYTES - len(json.dumps({**call, "pad": ""})) - 1
        response = self.post_raw(CONTACT_ROUTE, json.dumps({**call, "pad": " " * padding}))
        self.assertEqual(response.status_code, 200, response.text[:300])
        self.assertEqual(self.contact_values(channel)["livechat_guest_name"], "Nina")

    def test_malformed_json_rpc_body(self):
        channel = self.start_visitor_chat("Question")
        for data in (
            b"not json",
            b"\xff\xfe{}",
            b"[1, 2]",
            b'"text"',
            b'{"jsonrpc": "2.0", "id": 7, "params": [1, 2]}',
            b'{"jsonrpc": "2.0", "id": 7, "params": "channel_id=1"}',
        ):
            with self.subTest(data=data):
                response = self.post_raw(CONTACT_ROUTE, data)
                self.assertEqual(response.status_code, 400, response.text[:300])
                self.assertIn("not a valid JSON-RPC call", response.json()["error"]["message"])
                self.assertNotIn("Traceback", response.text)
        self.assertEqual(self.contact_values(channel), dict.fromkeys(CONTACT_FIELDS, False))

    def test_email_nested_too_deep_to_read(self):
        """Found by fuzzing: JSON nested 5,000 deep raised RecursionError past the guard,
        and the answer carried the whole traceback."""
        channel = self.start_visitor_chat("Question")
        email = "[" * 5000 + '"a@example.com"' + "]" * 5000
        data = (
            '{"jsonrpc": "2.0", "id": 7, "method": "call", "params": '
            f'{{"channel_id": {channel.id}, "email": {email}}}}}'
        ).encode()
        response = self.post_raw(CONTACT_ROUTE, data)
        self.assertEqual(response.status_code, 400, response.text[:300])
        self.assertIn("not a valid JSON-RPC call", response.json()["error"]["message"])
        self.assertNotIn("Traceback", response.text)
        self.assertEqual(self.contact_values(channel), dict.fromkeys(CONTACT_FIELDS, False))

    def test_init_livechat_with_a_channel_id_that_is_not_a_number(self):
        """Found by fuzzing: ``[["init_livechat", [1]]]`` was a TypeError in our webclient."""
        for params in ([self.livechat_channel.id], {"id": 1}, None, True, "x", 1.5, -3):
            with self.subTest(params=params):
                response = self.opener.post(
                    self.base_url() + "/mail/action",
                    json={"params": {"fetch_params": [["init_livechat", params]]}},
                    timeout=12,
                )
                self.assertEqual(response.status_code, 200, response.text[:300])
                self.assertNotIn("error", response.json())
                self.assertNotIn("livechat_available", response.text)

    def test_chatbot_routes_refuse_bad_ids(self):
        channel = self.start_visitor_chat("Question")
        messages = channel.message_ids
        routes = ("/chatbot/restart", "/chatbot/step/trigger", "/chatbot/step/validate_email")
        for route in routes:
            for channel_id in (None, "abc", -1, True, 1.5, [channel.id], {"id": 1}):
                with self.subTest(route=route, channel_id=channel_id):
                    params = {} if channel_id is None else {"channel_id": channel_id}
                    response = self.post_jsonrpc(route, params)
                    self.assertRefused(response, "missing or is not a number")
        for script_id in ("abc", 0, [1], False):
            with self.subTest(chatbot_script_id=script_id):
                params = {"channel_id": channel.id, "chatbot_script_id": script_id}
                response = self.post_jsonrpc("/chatbot/step/trigger", params)
                self.assertRefused(response, "chatbot is not a number")
        response = self.post_jsonrpc(
            "/chatbot/restart", {"channel_id": channel.id, "chatbot_script_id": 2**31 - 1}
        )
        self.assertRefused(response, "chatbot does not exist", status=404)
        # a session without a bot: a made-up trigger neither starts a bot nor ends the chat
        response = self.post_jsonrpc("/chatbot/step/trigger", {"channel_id": channel.id})
        self.assertEqual(response.status_code, 200)
        channel.invalidate_recordset()
        self.assertEqual(channel.livechat_state, "in_queue")
        self.assertFalse(channel.livechat_end_dt)
        self.assertEqual(channel.message_ids, messages)

    def widget_chat(self, text):
        """Start a chat and post ``text`` as the website widget does: as escaped HTML."""
        channel = self.start_visitor_chat()
        self.visitor_post(channel, str(escape(text)).replace("\n", "<br>"))
        return channel

    def test_question_is_plain_capped_safe_text(self):
        cases = [
            ("Do you ship\n\n  to   Oslo?", "Do you ship to Oslo?"),
            # Odoo's message body already shows the control characters as "&#xFFFD;"
            # (as the agent sees the message); the bidirectional override goes
            ("Price?\x1b[2J\x07 now\u202e", "Price?&#xFFFD;[2J&#xFFFD; now"),
            ("<script>alert(1)</script> & <b>bold</b>?", None),
            ("x" * (QUESTION_MAX_LENGTH * 3), "x" * QUESTION_MAX_LENGTH),
            (
                "word " * QUESTION_MAX_LENGTH,
                ("word " * QUESTION_MAX_LENGTH)[:QUESTION_MAX_LENGTH].strip(),
            ),
        ]
        for question, expected in cases:
            with self.subTest(question=question[:40]):
                channel = self.widget_chat(question)
                stored = channel.livechat_question
                self.assertLessEqual(len(stored), QUESTION_MAX_LENGTH)
                self.assertFalse(web_input.has_forbidden_characters(stored))
                self.assertEqual(stored, expected or question, "markup stays text, as typed")
                self.opener.cookies.clear()

    def test_question_with_nul_or_lone_surrogate_breaks_nothing(self):
        for question in ("Price\x00 list?", "Price \ud800 list?"):
            with self.subTest(question=question):
                data = self.make_jsonrpc_request(
                    "/im_livechat/get_session", {"channel_id": self.livechat_channel.id}
                )
                channel = self.env["discuss.channel"].browse(data["channel_id"])
                response = self.post_jsonrpc(
                    "/mail/message/post",
                    {
                        "thread_model": "discuss.channel",
                        "thread_id": channel.id,
                        "post_data": {"body": question, "message_type": "comment"},
                    },
                )
                self.assertEqual(response.status_code, 200)
                self.assertNotIn("error", response.json(), "Odoo posts the message")
                channel.invalidate_recordset()
                stored = channel.livechat_question
                # Odoo keeps what it can of the message (a lone surrogate cuts it short)
                self.assertTrue(stored.startswith("Price"), stored)
                self.assertFalse(web_input.has_forbidden_characters(stored))
                stored.encode()  # no lone surrogate
                self.assertEqual(channel.livechat_state, "in_queue")
                self.opener.cookies.clear()

    def test_oversize_referer_header_is_dropped(self):
        channel = self.start_visitor_chat(
            "Question",
            headers={"Referer": "https://shop.example/" + "p" * 20000},
            livechat_referrer="https://search.example/" + "q" * 20000,
        )
        self.assertFalse(channel.livechat_page_url)
        self.assertFalse(channel.livechat_referrer)

    def test_visitor_markup_reaches_agents_as_text(self):
        channel = self.widget_chat(INJECTED_QUESTION)
        response = self.post_jsonrpc(
            CONTACT_ROUTE, {"channel_id": channel.id, "name": INJECTED_NAME}
        )
        self.assertEqual(response.json()["result"], {"ok": True})
        channel.invalidate_recordset()
        self.assertEqual(channel.livechat_guest_name, INJECTED_NAME, "stored as typed")
        self.assertEqual(channel.livechat_visitor_name, INJECTED_NAME)
        self.assertEqual(channel.livechat_question, INJECTED_QUESTION)
        transcript = channel.with_user(self.agent).livechat_transcript
        self.assertNotIn("<img", transcript)
        self.assertIn("&lt;img", transcript)
        self.start_tour(
            "/odoo/livechat-waiting", "livechat_iconic_escaped_visitor_text", login="iconic_alice"
        )
