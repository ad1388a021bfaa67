from odoo.tests import new_test_user, tagged

from .common import LivechatIconicCase

START = "/im_livechat/get_session"
PEEK = "/livechat_iconic/sneak_peek"


@tagged("post_install", "-at_install")
class TestThrottle(LivechatIconicCase):
    """One throttle for the visitors' routes: per source and per guest, a clear 429, nothing
    created; staff and known customers never feel it. (The whole test suite comes from
    127.0.0.1: the throttle counts in tests only where a test asks for it.)"""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        params = cls.env["ir.config_parameter"].sudo()
        params.set_param("livechat_iconic.throttle_in_tests", "1")
        params.set_param("livechat_iconic.throttle_start", "4,2")  # per source, per guest
        params.set_param("livechat_iconic.throttle_peek", "0,3")

    def start(self):
        return self.post_jsonrpc(START, {"channel_id": self.livechat_channel.id})

    def sessions(self):
        return self.env["discuss.channel"].search_count([("channel_type", "=", "livechat")])

    def assertThrottled(self, response):
        self.assertEqual(response.status_code, 429, response.text[:300])
        error = response.json()["error"]
        self.assertEqual(error["code"], 429)
        self.assertIn("Please wait a minute", error["message"])
        self.assertNotIn("Traceback", response.text)

    def set_limits(self, limits):
        self.env["ir.config_parameter"].sudo().set_param("livechat_iconic.throttle_start", limits)

    def test_per_guest(self):
        self.set_limits("0,2")
        before = self.sessions()
        # a new visitor has no guest yet: their first start counts for the address only
        for _index in range(3):
            self.assertEqual(self.start().status_code, 200)
        self.assertThrottled(self.start())  # the same guest (cookie): its third counted start
        self.assertEqual(self.sessions(), before + 3, "nothing created when refused")
        self.opener.cookies.clear()  # another visitor is not concerned
        self.assertEqual(self.start().status_code, 200)

    def test_per_source(self):
        self.set_limits("3,0")
        for _index in range(3):
            self.opener.cookies.clear()  # a new visitor each time, from the same address
            self.assertEqual(self.start().status_code, 200)
        self.opener.cookies.clear()
        self.assertThrottled(self.start())

    def test_staff_and_known_customers_are_never_throttled(self):
        customer = new_test_user(self.env, login="known_customer", groups="base.group_portal")
        self.authenticate(customer.login, customer.login)
        past = self.start_visitor_chat("Earlier question")  # signed in: their own contact
        past.with_user(self.agent).action_livechat_take()
        past.with_user(self.agent).message_post(
            body="Answered", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        for login in (customer.login, self.agent.login):
            with self.subTest(login=login):
                self.authenticate(login, login)
                for _index in range(6):
                    self.assertEqual(self.start().status_code, 200)

    def test_a_self_registered_portal_user_counts_as_a_stranger(self):
        stranger = new_test_user(self.env, login="new_portal", groups="base.group_portal")
        self.authenticate(stranger.login, stranger.login)
        for _index in range(2):
            self.assertEqual(self.start().status_code, 200)
        self.assertThrottled(self.start())  # counted as a guest is

    def test_sneak_peek_is_throttled_on_the_server(self):
        channel = self.visitor_session("Question", agent=self.agent, reply="Hello")
        for text in ("a", "ab", "abc"):
            response = self.post_jsonrpc(PEEK, {"channel_id": channel.id, "text": text})
            self.assertEqual(response.status_code, 200, response.text[:300])
        self.assertThrottled(self.post_jsonrpc(PEEK, {"channel_id": channel.id, "text": "abcd"}))

    def test_limits_are_settings_and_zero_is_none(self):
        self.env["ir.config_parameter"].sudo().set_param("livechat_iconic.throttle_start", "0,0")
        for _index in range(6):
            self.assertEqual(self.start().status_code, 200)
