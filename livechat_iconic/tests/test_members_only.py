from odoo import Command
from odoo.tests import new_test_user, tagged

from .common import CHROME_UA
from .helpdesk_common import FORM_ROUTE, LivechatHelpdeskCase

PORTAL = "base.group_portal"
SIGN_IN_FIRST = "This chat is for signed-in customers: please sign in first."
RESERVED = "This chat is reserved for some of our customers"


@tagged("post_install", "-at_install")
class TestMembersOnly(LivechatHelpdeskCase):
    """A chat for signed-in customers only (the video-security vendor's "Master Techs"):
    a channel rule admits signed-in users, optionally only those of some groups or with
    some contact tags; everyone else gets no chat button where the rule applies, and the
    routes that start a chat (or send the message form) answer them 403."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.livechat_channel.queue_when_unavailable = True  # members queue for an agent
        cls.master = new_test_user(cls.env, login="iconic_master", groups=PORTAL, name="Mia")
        cls.installer = new_test_user(cls.env, login="iconic_inst", groups=PORTAL, name="Ian")
        cls.customer = new_test_user(cls.env, login="iconic_cust", groups=PORTAL, name="Cleo")
        cls.master_techs = cls.env["res.groups"].create(
            {"name": "Master Techs", "user_ids": [Command.link(cls.master.id)]}
        )
        cls.certified = cls.env["res.partner.category"].create({"name": "Certified Installer"})
        cls.installer.partner_id.category_id = [Command.link(cls.certified.id)]
        cls.customer.partner_id.category_id = [
            Command.create({"name": "Newsletter"})  # a tag, not the rule's
        ]
        cls.rule = cls.env["im_livechat.channel.rule"].create(
            {
                "channel_id": cls.livechat_channel.id,
                "regex_url": "/support",
                "action": "display_button",
                "livechat_audience": "signed_in",
                "livechat_group_ids": [Command.link(cls.master_techs.id)],
                "livechat_partner_category_ids": [Command.link(cls.certified.id)],
            }
        )

    # -- helpers ----------------------------------------------------------------------------
    def visitor(self, login=None):
        """The next requests come from ``login`` signed in, or from a guest."""
        self.authenticate(login, login)

    def widget(self, url="/support/cameras"):
        """What the widget gets on ``url``: (button, rule id, form)."""
        store = self.visitor_opens_page(url)["Store"]
        return (
            store["livechat_available"],
            store.get("livechat_rule", False),
            store.get("livechat_iconic_form", False),
        )

    def post(self, route, params, url="/support/cameras"):
        """A widget's JSON-RPC request from the page ``url``: the raw HTTP response."""
        return self.opener.post(
            self.base_url() + route,
            json={"jsonrpc": "2.0", "id": 7, "method": "call", "params": params},
            headers={"Referer": self.base_url() + url, "User-Agent": CHROME_UA},
            timeout=12,
        )

    def start(self, url="/support/cameras", persisted=True):
        """The widget's "start chat" request from ``url``."""
        params = {"channel_id": self.livechat_channel.id, "persisted": persisted}
        return self.post("/im_livechat/get_session", params, url)

    def sessions(self):
        return self.env["discuss.channel"].search(
            [("livechat_channel_id", "=", self.livechat_channel.id)]
        )

    def assertRefused(self, response, text):
        self.assertEqual(response.status_code, 403, response.text[:500])
        error = response.json()["error"]
        self.assertIn(text, error["message"])
        self.assertEqual(error["data"]["name"], "odoo.exceptions.AccessError")
        self.assertNotIn("Traceback", response.text)

    def assertStarts(self, response, user):
        self.assertEqual(response.status_code, 200, response.text[:500])
        session = self.env["discuss.channel"].browse(response.json()["result"]["channel_id"])
        self.assertEqual(session.livechat_channel_id, self.livechat_channel)
        self.assertEqual(session.livechat_partner_id, user.partner_id)
        return session

    # -- tests ------------------------------------------------------------------------------
    def test_a_guest_sees_no_button_and_cannot_start_a_chat(self):
        self.assertTrue(self.livechat_channel.livechat_has_audience_rules)
        self.visitor()
        self.assertEqual(self.widget(), (False, False, False))
        self.assertRefused(self.start(), SIGN_IN_FIRST)
        self.assertRefused(self.start(persisted=False), SIGN_IN_FIRST)
        self.assertFalse(self.sessions(), "nothing was created")
        # nor a message through the form's route
        form = {
            "channel_id": self.livechat_channel.id,
            "email": "guest@example.com",
            "message": "Is my camera covered?",
        }
        self.assertRefused(self.post(FORM_ROUTE, form), SIGN_IN_FIRST)
        self.assertFalse(self.env["helpdesk.ticket"].search([("team_id", "=", self.team.id)]))

    def test_a_signed_in_customer_outside_the_groups_and_tags_is_refused(self):
        self.visitor("iconic_cust")
        self.assertEqual(self.widget(), (False, False, False))
        self.assertRefused(self.start(), RESERVED)
        self.assertFalse(self.sessions())

    def test_a_member_by_group_or_by_tag_chats(self):
        for user in (self.master, self.installer):
            with self.subTest(user=user.name):
                self.visitor(user.login)
                self.assertEqual(self.widget(), (True, self.rule.id, False))
                session = self.assertStarts(self.start(), user)
                self.assertEqual(session.livechat_state, "in_queue")

    def test_any_signed_in_user_when_the_rule_names_no_group_nor_tag(self):
        self.rule.write({"livechat_group_ids": [Command.clear()]})
        self.rule.write({"livechat_partner_category_ids": [Command.clear()]})
        self.visitor("iconic_cust")
        self.assertEqual(self.widget()[0], True)
        self.assertStarts(self.start(), self.customer)
        self.visitor()
        self.assertEqual(self.widget()[0], False)
        self.assertRefused(self.start(), SIGN_IN_FIRST)

    def test_only_where_the_rule_applies(self):
        self.visitor()
        # another page: no rule matches, everyone may chat (Odoo's own rule matching)
        self.assertEqual(self.widget("/shop")[0], True)
        response = self.start("/shop")
        self.assertEqual(response.status_code, 200, response.text[:500])
        # a rule for everyone on the page first (Odoo's sequence): it decides
        first = self.env["im_livechat.channel.rule"].create(
            {
                "channel_id": self.livechat_channel.id,
                "regex_url": "/support/open",
                "sequence": 1,
                "livechat_group_ids": [Command.link(self.master_techs.id)],  # ignored
            }
        )
        self.assertEqual(self.widget("/support/open")[:2], (True, first.id))
        self.assertEqual(self.widget("/support/cameras")[0], False)

    def test_the_queue_knows_whether_it_has_rules_for_some_visitors(self):
        queue = self.livechat_channel
        self.assertTrue(queue.livechat_has_audience_rules)
        self.rule.livechat_audience = "everyone"
        self.assertFalse(queue.livechat_has_audience_rules, "groups alone restrict nobody")
        self.visitor()
        self.assertEqual(self.widget()[0], True)
        self.rule.livechat_audience = "signed_in"
        self.assertTrue(queue.livechat_has_audience_rules)
        self.rule.unlink()
        self.assertFalse(queue.livechat_has_audience_rules)
        self.assertEqual(self.widget()[0], True)
