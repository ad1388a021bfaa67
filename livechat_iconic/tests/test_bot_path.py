from odoo import Command
from odoo.tests import tagged

from .common import LivechatIconicCase


@tagged("post_install", "-at_install")
class TestBotPath(LivechatIconicCase):
    """A bot that hands over to a human when nobody is online queues the visitor."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.script = cls.env["chatbot.script"].create({"title": "Pricing bot"})
        step = cls.env["chatbot.script.step"]
        cls.step_hello = step.create(
            {"chatbot_script_id": cls.script.id, "step_type": "text", "message": "Hi, I am a bot"}
        )
        cls.step_choice = step.create(
            {
                "chatbot_script_id": cls.script.id,
                "step_type": "question_selection",
                "message": "How can I help?",
                "answer_ids": [
                    Command.create({"name": "I have a pricing question"}),
                    Command.create({"name": "Just browsing"}),
                ],
            }
        )
        cls.pricing, cls.browsing = cls.step_choice.answer_ids
        cls.env["im_livechat.channel.rule"].create(
            {
                "channel_id": cls.livechat_channel.id,
                "chatbot_script_id": cls.script.id,
                "regex_url": "/contactus",
            }
        )
        cls.step_forward = step.create(
            {
                "chatbot_script_id": cls.script.id,
                "step_type": "forward_operator",
                "message": "I will transfer you to a human.",
                "triggering_answer_ids": [Command.link(cls.pricing.id)],
            }
        )
        cls.step_email = step.create(
            {
                "chatbot_script_id": cls.script.id,
                "step_type": "question_email",
                "message": "None of our operators are available; your e-mail?",
                "triggering_answer_ids": [Command.link(cls.pricing.id)],
            }
        )
        cls.step_bye = step.create(
            {
                "chatbot_script_id": cls.script.id,
                "step_type": "text",
                "message": "Enjoy the site!",
                "triggering_answer_ids": [Command.link(cls.browsing.id)],
            }
        )

    def _bot_session(self):
        data = self.make_jsonrpc_request(
            "/im_livechat/get_session",
            {"channel_id": self.livechat_channel.id, "chatbot_script_id": self.script.id},
        )
        channel = self.env["discuss.channel"].browse(data["channel_id"])
        # Odoo posts the welcome steps, up to the first question, with the session
        self.assertEqual(channel.chatbot_current_step_id, self.step_choice)
        self.assertEqual(channel.livechat_state, "loading")
        return channel

    def _trigger(self, channel):
        self.make_jsonrpc_request(
            "/chatbot/step/trigger", {"channel_id": channel.id, "chatbot_script_id": self.script.id}
        )
        channel.invalidate_recordset()

    def _answer(self, channel, answer):
        data = self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": "discuss.channel",
                "thread_id": channel.id,
                "post_data": {"body": answer.name, "message_type": "comment"},
            },
        )
        self.make_jsonrpc_request(
            "/chatbot/answer/save",
            {
                "channel_id": channel.id,
                "message_id": data["message_id"],
                "selected_answer_id": answer.id,
            },
        )
        self._trigger(channel)

    def test_handover_with_nobody_online_queues_the_visitor(self):
        channel = self._bot_session()
        self._answer(channel, self.pricing)
        self.assertEqual(channel.livechat_state, "in_queue")
        self.assertEqual(channel.livechat_operator_id, self.queue_partner)
        self.assertFalse(channel.livechat_end_dt, "no dead end")
        bodies = " ".join(channel.message_ids.mapped("body"))
        self.assertIn("You are number 1 in the queue", bodies)
        self.assertIn("How can I help?", bodies, "the bot's answers stay")
        self.assertIn("I have a pricing question", bodies)
        # the bot is done: asking it for the next step changes nothing
        self._trigger(channel)
        self.assertEqual(channel.livechat_state, "in_queue")
        self.assertFalse(channel.livechat_end_dt)
        # the agent who takes it sees the whole conversation
        channel.with_user(self.agent).action_livechat_take()
        self.assertEqual(channel.livechat_state, "chatting")
        history = channel.with_user(self.agent)._get_channel_history()
        self.assertIn("I have a pricing question", history)

    def test_bot_that_finishes_without_handover_is_closed(self):
        channel = self._bot_session()
        self._answer(channel, self.browsing)  # "Enjoy the site!"
        self.assertEqual(channel.livechat_state, "loading", "the bot is still talking")
        self._trigger(channel)  # end of the script
        self.assertEqual(channel.livechat_state, "closed")
        self.assertTrue(channel.livechat_end_dt)
