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

    def _bot_bodies(self, channel):
        bot = self.script.operator_partner_id
        return channel.message_ids.filtered(lambda m: m.author_id == bot).mapped("body")

    def _restart(self, channel):
        return self.post_jsonrpc(
            "/chatbot/restart", {"channel_id": channel.id, "chatbot_script_id": self.script.id}
        )

    def test_restart_of_a_finished_bot_talks_again(self):
        channel = self._bot_session()
        self._answer(channel, self.browsing)
        self._trigger(channel)
        self.assertEqual(channel.livechat_state, "closed")
        closed_at = channel.livechat_state_dt
        response = self._restart(channel)
        self.assertEqual(response.status_code, 200, response.text[:300])
        self.assertTrue(response.json()["result"]["message_id"])
        channel.invalidate_recordset()
        self.assertEqual(channel.livechat_state, "loading", "the bot talks again")
        self.assertGreaterEqual(channel.livechat_state_dt, closed_at)
        self.assertEqual(channel.livechat_loading_dt, channel.livechat_state_dt)
        self.assertFalse(channel.livechat_end_dt)
        self.assertFalse(channel.livechat_stopped_dt, "the board's timers run again")
        self.assertEqual(channel.livechat_status, "in_progress")
        self.assertEqual(channel.livechat_operator_id, self.script.operator_partner_id)
        self.assertFalse(channel.livechat_agent_id)
        self.assertFalse(channel.chatbot_current_step_id, "Odoo starts the script over")
        # the widget runs the script from its first step; this time nobody is online
        self._trigger(channel)
        self.assertEqual(channel.chatbot_current_step_id, self.step_hello)
        self._trigger(channel)
        self.assertEqual(channel.chatbot_current_step_id, self.step_choice)
        self._answer(channel, self.pricing)
        self.assertEqual(channel.livechat_state, "in_queue")
        self.assertFalse(channel.livechat_end_dt)
        self.assertEqual(channel.livechat_operator_id, self.queue_partner)

    def test_no_restart_once_handed_over(self):
        channel = self._bot_session()
        self._answer(channel, self.pricing)
        self.assertEqual(channel.livechat_state, "in_queue")
        messages = channel.message_ids
        response = self._restart(channel)
        self.assertEqual(response.status_code, 409, response.text[:300])
        self.assertIn("no longer with the bot", response.json()["error"]["message"])
        self.assertNotIn("Traceback", response.text)
        channel.invalidate_recordset()
        self.assertEqual(channel.livechat_state, "in_queue")
        self.assertFalse(channel.livechat_end_dt)
        self.assertEqual(channel.chatbot_current_step_id, self.step_forward)
        self.assertEqual(channel.message_ids, messages, "nothing is posted nor removed")
        # taken by an agent: no restart either
        channel.with_user(self.agent).action_livechat_take()
        self.assertEqual(self._restart(channel).status_code, 409)
        channel.invalidate_recordset()
        self.assertEqual(channel.livechat_state, "chatting")
        self.assertEqual(channel.livechat_agent_id, self.agent.partner_id)

    def test_agent_takes_a_running_bot_session(self):
        channel = self._bot_session()
        bot = self.script.operator_partner_id
        self.assertIn(bot, channel.channel_member_ids.partner_id)
        channel.with_user(self.agent).action_livechat_take()
        channel.invalidate_recordset()
        self.assertEqual(channel.livechat_state, "chatting")
        self.assertEqual(channel.livechat_operator_id, self.agent.partner_id)
        self.assertEqual(channel.livechat_agent_id, self.agent.partner_id)
        self.assertFalse(channel.livechat_end_dt)
        self.assertFalse(channel.livechat_stopped_dt)
        self.assertTrue(channel.livechat_chatting_dt)
        self.assertEqual(channel.chatbot_current_step_id, self.step_choice, "where the bot stopped")
        self.assertNotIn(bot, channel.channel_member_ids.partner_id, "the bot left")
        bot_said = self._bot_bodies(channel)
        self.assertTrue(any("How can I help?" in body for body in bot_said), "its messages stay")
        # the visitor's widget still answers the bot's question: the bot says nothing more,
        # and does not end the chat the agent is in
        self._answer(channel, self.pricing)
        self.assertEqual(self._bot_bodies(channel), bot_said)
        self.assertEqual(channel.livechat_state, "chatting")
        self.assertEqual(channel.livechat_operator_id, self.agent.partner_id)
        self.assertFalse(channel.livechat_end_dt)
        self.assertEqual(channel.chatbot_current_step_id, self.step_choice)
        self.assertEqual(
            self.make_jsonrpc_request("/chatbot/step/validate_email", {"channel_id": channel.id}),
            {},
        )
        self.assertEqual(self._restart(channel).status_code, 409)
        channel.invalidate_recordset()
        self.assertEqual(channel.livechat_state, "chatting")
        self.assertEqual(self._bot_bodies(channel), bot_said)
