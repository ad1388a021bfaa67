from odoo import Command
from odoo.tests import new_test_user, tagged

from .common import AGENT_GROUPS, LivechatIconicCase

# Same text as livechat_iconic/static/tests/tours/livechat_iconic_topic_tour.js
TOPIC_TOUR_QUESTION = "Which plan fits a fleet of 40 vans?"


@tagged("post_install", "-at_install")
class TestTopicTour(LivechatIconicCase):
    """In a real browser: the visitor picks a topic and lands with that queue's agent."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent_carol = new_test_user(
            cls.env, login="iconic_carol", groups=AGENT_GROUPS, name="Carol Sales"
        )
        cls.sales = cls.env["im_livechat.channel"].create(
            {"name": "Sales", "user_ids": [Command.set(cls.agent_carol.ids)]}
        )
        cls.topic_sales = cls.env["livechat_iconic.topic"].create(
            [
                {"name": name, "channel_id": cls.livechat_channel.id, "target_channel_id": queue.id}
                for name, queue in (("Sales", cls.sales), ("Support", cls.livechat_channel))
            ]
        )[0]
        cls.env.ref("website.default_website").channel_id = cls.livechat_channel

    def test_visitor_picks_a_topic_and_lands_with_its_agent(self):
        # the website's own agents are offline; the Sales agent is online
        self.env["mail.presence"]._update_presence(self.agent_carol)
        self.start_tour("/contactus", "livechat_iconic_topic_picks_the_queue")
        session = self.env["discuss.channel"].search(
            [("livechat_question", "=", TOPIC_TOUR_QUESTION)]
        )
        self.assertEqual(len(session), 1)
        self.assertEqual(session.livechat_channel_id, self.sales)
        self.assertEqual(session.livechat_topic_id, self.topic_sales)
        self.assertEqual(session.livechat_operator_id, self.agent_carol.partner_id)
