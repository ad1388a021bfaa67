from odoo.tests import tagged

from .common import CHROME_UA, LivechatIconicCase

# measured in this test (warm caches); the bench on real servers: stock 62, ours 65 (+3:
# the throttle's counter, the timers' wake-up, the agents' calls). The timers' wake-up
# waits for the visitor's first message now (discuss_channel_announce.py).
QUERIES_ROUTED = 61
# a queued start: the visitor's place (one count query); the board, the queue's move, the
# queue notice and the alerts wait for the visitor's first message
QUERIES_QUEUED = 43


@tagged("post_install", "-at_install")
class TestStartChatQueries(LivechatIconicCase):
    """The visitor's "start chat" request (/im_livechat/get_session) with our addons: a
    fixed number of queries, close to stock Odoo's (bench/livechat_bench.py get_session
    compares both on real servers)."""

    def start(self):
        return self.make_jsonrpc_request(
            "/im_livechat/get_session",
            {"channel_id": self.livechat_channel.id, "persisted": True},
            headers={"User-Agent": CHROME_UA},
        )

    def test_start_chat_routed_to_an_online_agent(self):
        self.env["mail.presence"]._update_presence(self.agent)
        self.start()  # warm Odoo's caches, as a running server has them
        self.env.invalidate_all()
        with self.assertQueryCount(QUERIES_ROUTED):
            data = self.start()
        channel = self.env["discuss.channel"].browse(data["channel_id"])
        self.assertEqual(channel.livechat_state, "waiting")
        self.assertEqual(channel.livechat_operator_id, self.agent.partner_id)

    def test_start_chat_queued(self):
        self.start()
        self.env.invalidate_all()
        with self.assertQueryCount(QUERIES_QUEUED):
            data = self.start()
        channel = self.env["discuss.channel"].browse(data["channel_id"])
        self.assertEqual(channel.livechat_state, "in_queue")
