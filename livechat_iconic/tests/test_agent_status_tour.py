from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestAgentStatusTour(HttpCase):
    """The systray's one-click statuses, in a real browser, stored as Odoo's status."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent = new_test_user(
            cls.env,
            login="status_agent",
            name="Status Agent",
            groups="base.group_user,im_livechat.im_livechat_group_user",
        )
        cls.env["im_livechat.channel"].create(
            {"name": "Status queue", "user_ids": [(6, 0, cls.agent.ids)]}
        )

    def test_one_click_statuses(self):
        self.start_tour("/odoo", "livechat_iconic_agent_status", login="status_agent")
        # Invisible is Odoo's "offline" set by hand (the browser has gone since: the
        # presence, hence the status, now says offline)
        self.assertEqual(self.agent.manual_im_status, "offline")
