from odoo import Command
from odoo.tests import tagged

from .common import LivechatIconicCase

# Same texts as livechat_iconic/static/tests/tours/livechat_iconic_canned_tour.js
CANNED_QUESTION = "Can I change the colour of my order?"
CANNED_FILLED = "Hello Nina Visitor, Alice Agent here. Order {order_ref}?"


@tagged("post_install", "-at_install")
class TestCannedPickerTour(LivechatIconicCase):
    def test_the_picker_opens_when_the_agent_takes_a_chat(self):
        agents = self.env.ref("im_livechat.im_livechat_group_user")
        Canned = self.env["mail.canned.response"]
        Canned.create(
            {
                "source": "iconic_greeting",
                "substitution": "Hello {visitor_name}, {agent_name} here. Order {order_ref}?",
                "group_ids": [Command.set(agents.ids)],
            }
        )
        for agent, source in (
            (self.agent, "iconic_alice_own"),
            (self.agent_bob, "iconic_bob_secret"),
        ):
            proposal = Canned.with_user(agent).create(
                {
                    "source": source,
                    "substitution": f"{agent.name}'s proposal",
                    "group_ids": [Command.set(agents.ids)],
                }
            )
            self.assertEqual(proposal.state, "proposed")
        session = self.start_visitor_chat(CANNED_QUESTION)
        self.visitor_gives_contact(session, name="Nina Visitor")
        self.assertEqual(session.livechat_visitor_name, "Nina Visitor")
        self.assertEqual(session.livechat_state, "in_queue")
        self.start_tour(
            "/odoo/livechat-waiting", "livechat_iconic_canned_picker", login="iconic_alice"
        )
        self.assertEqual(session.livechat_operator_id, self.agent.partner_id)
        self.assertIn(CANNED_FILLED, session.message_ids.mapped("body")[0])
