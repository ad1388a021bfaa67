from odoo.tests import tagged

from .common import LivechatIconicCase

# Same text as livechat_iconic/static/tests/tours/livechat_iconic_bot_path_tour.js
VISITOR_MESSAGE = "You can reach me at nina@example.com"


@tagged("post_install", "-at_install")
class TestBotPathTour(LivechatIconicCase):
    """The measured dead end, played in a real browser: Odoo's Welcome Bot on /contactus,
    a pricing question, nobody online."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Odoo's own bot, shipped as data (not demo): what a fresh database offers visitors
        cls.bot = cls.env.ref("im_livechat.chatbot_script_welcome_bot")
        cls.forward_step = cls.env.ref(
            "im_livechat.chatbot_script_welcome_step_pricing_forward_operator"
        )
        cls.env["im_livechat.channel.rule"].create(
            {
                "channel_id": cls.livechat_channel.id,
                "chatbot_script_id": cls.bot.id,
                "regex_url": "/contactus",
            }
        )
        cls.env.ref("website.default_website").channel_id = cls.livechat_channel

    def test_pricing_question_with_nobody_online_is_queued(self):
        self.assertTrue(self.livechat_channel.queue_when_unavailable)
        self.assertFalse(self.livechat_channel.available_operator_ids, "nobody is online")
        self.start_tour("/contactus", "livechat_iconic_bot_path_no_dead_end")
        session = self.env["discuss.channel"].search(
            [("livechat_channel_id", "=", self.livechat_channel.id)]
        )
        self.assertEqual(len(session), 1)
        self.assertEqual(session.livechat_state, "in_queue")
        self.assertFalse(session.livechat_end_dt, "no dead end")
        self.assertTrue(session.livechat_in_queue_dt)
        self.assertEqual(session.livechat_operator_id, self.queue_partner)
        self.assertFalse(session.livechat_agent_id)
        self.assertEqual(session.chatbot_current_step_id, self.forward_step, "the bot stopped")
        self.assertEqual(session.livechat_question, "I have a pricing question")
        bodies = " ".join(session.message_ids.mapped("body"))
        self.assertIn("What are you looking for?", bodies, "the bot's answers stay")
        self.assertIn("let me check if I can find someone", bodies)
        self.assertIn("You are number 1 in the queue", bodies)
        self.assertIn(VISITOR_MESSAGE, bodies)
        self.assertNotIn("none of our operators are available", bodies, "the bot said no more")
        # an agent takes it and sees what the bot and the visitor said
        session.with_user(self.agent).action_livechat_take()
        self.assertEqual(session.livechat_state, "chatting")
        self.assertEqual(session.livechat_agent_id, self.agent.partner_id)
        self.assertFalse(session.livechat_end_dt)
        history = session.with_user(self.agent)._get_channel_history()
        for text in ("What are you looking for?", "I have a pricing question", VISITOR_MESSAGE):
            self.assertIn(text, history)
