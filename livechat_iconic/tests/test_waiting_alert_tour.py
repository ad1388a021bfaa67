from datetime import timedelta

from odoo import Command
from odoo.tests import tagged

from .common import LivechatIconicCase


@tagged("post_install", "-at_install")
class TestWaitingAlertTour(LivechatIconicCase):
    """In a real browser: the agent's web client shows the "a visitor is waiting" notice
    sent when a visitor waited past the queue's threshold, acknowledges it to the server,
    and it opens the board."""

    def test_agent_sees_the_alert_and_opens_the_board(self):
        admin = self.env.ref("base.user_admin")
        self.livechat_channel.user_ids = [Command.link(admin.id)]
        session = self.start_visitor_chat("Alert me please")
        self.assertEqual(session.livechat_state, "in_queue")
        session.livechat_in_queue_dt -= timedelta(seconds=90)
        self.start_tour("/odoo", "livechat_iconic_waiting_alert", login="admin")
        self.assertEqual(session.livechat_alert_level, 1)
        # the browser acknowledged the notice it showed (the miss causes)
        session.invalidate_recordset(["livechat_alert_acknowledged"])
        self.assertTrue(session.livechat_alert_acknowledged)
