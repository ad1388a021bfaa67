import json
from unittest.mock import patch

from odoo import Command
from odoo.tests import tagged

from ..lib import sneak_peek
from .common import LivechatIconicCase

# Same texts as livechat_iconic/static/tests/tours/livechat_iconic_sneak_peek_tour.js
PEEK_QUESTION = "Can I pay my canoe by card?"
PEEK_TYPED = "my card is 4111 1111 1111 1111 and mail jane@example.com ok"


@tagged("post_install", "-at_install")
class TestSneakPeekTour(LivechatIconicCase):
    def test_the_agent_sees_the_masked_typing(self):
        # nobody on duty: the visitor is queued and the agent takes the chat on the board
        self.livechat_channel.user_ids = [Command.clear()]
        self.env.ref("website.default_website").channel_id = self.livechat_channel
        # the visitor's page runs in a credentialless iframe: its requests carry no cookie
        self.http_request_allow_all = True
        # the server's masking off: what the agent sees was masked in the visitor's browser
        with patch.object(sneak_peek, "mask", lambda text: text):
            self.start_tour(
                "/odoo/livechat-waiting", "livechat_iconic_sneak_peek", login="iconic_alice"
            )
        session = self.env["discuss.channel"].search([("livechat_question", "=", PEEK_QUESTION)])
        self.assertTrue(session.livechat_end_dt)
        bodies = session.message_ids.filtered(lambda m: m.message_type == "comment").mapped("body")
        self.assertIn(PEEK_TYPED.split(" and")[0], bodies[0], "the sent message itself")
        self.env.cr.execute("SELECT message FROM bus_bus")
        peeks = [
            m
            for (m,) in self.env.cr.fetchall()
            if json.loads(m)["type"] == "livechat_iconic.sneak_peek/update"
        ]
        self.assertEqual(peeks, [], "no peek left on the bus after the chat")
