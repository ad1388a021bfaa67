from odoo.tests import tagged

from .helpdesk_common import LivechatHelpdeskCase


@tagged("post_install", "-at_install")
class TestInvisibleTour(LivechatHelpdeskCase):
    """In a real browser: a queue whose agents are at work but all shown offline (one
    invisible, one on a break) shows offline on the website although it keeps visitors
    waiting: no proactive call-out, and the button brings the message form."""

    def test_widget_offline_while_every_agent_is_invisible_or_on_break(self):
        queue = self.livechat_channel
        queue.queue_when_unavailable = True
        self.env.ref("website.default_website").channel_id = queue
        self.env["im_livechat.channel.rule"].create(
            {"channel_id": queue.id, "action": "display_button_and_text"}
        )
        for user, status in ((self.agent, "invisible"), (self.agent_bob, "break")):
            self.env["mail.presence"]._update_presence(user)
            self.env["res.users"].with_user(user).action_livechat_set_status(status)
        self.assertEqual(
            (self.agent | self.agent_bob).mapped("livechat_agent_status"), ["invisible", "break"]
        )
        self.start_tour("/", "livechat_iconic_invisible_offline")
        self.assertFalse(
            self.env["discuss.channel"].search([("livechat_channel_id", "=", queue.id)]),
            "no chat was started",
        )
