from odoo.tests import tagged

from odoo.addons.crm_livechat.tests import chatbot_common


@tagged("post_install", "-at_install")
class TestChatbotLeadAndForward(chatbot_common.CrmChatbotCase):
    """crm_livechat's "create a lead and forward" step with our queue: when no sales person
    is available, the lead is made and the bot goes on, as in stock Odoo (its step reads
    the operator right after forwarding); a plain forward step queues the visitor."""

    def _play_until(self, step_type):
        self.step_create_lead.sudo().step_type = step_type
        data = self.make_jsonrpc_request(
            "/im_livechat/get_session",
            {"channel_id": self.livechat_channel.id, "chatbot_script_id": self.chatbot_script.id},
        )
        channel = self.env["discuss.channel"].sudo().browse(data["channel_id"])
        self._post_answer_and_trigger_next_step(
            channel, chatbot_script_answer=self.step_dispatch_create_lead
        )
        self._post_answer_and_trigger_next_step(channel, email="lead@trucks.example")
        # the last trigger runs the step under test (a server error would raise here)
        self._post_answer_and_trigger_next_step(channel, "+32 2 555 01 01")
        self.assertEqual(channel.chatbot_current_step_id, self.step_create_lead)
        return channel

    def test_lead_and_forward_with_nobody_available_keeps_the_bot(self):
        self.assertTrue(self.livechat_channel.queue_when_unavailable)
        channel = self._play_until("create_lead_and_forward")
        lead = self.env["crm.lead"].sudo().search([], limit=1, order="id desc")
        self.assertEqual(lead.email_from, "lead@trucks.example")
        self.assertFalse(lead.user_id, "no sales person was available")
        self.assertEqual(channel.livechat_operator_id, self.chatbot_script.operator_partner_id)
        self.assertEqual(channel.livechat_state, "loading", "the bot still leads the chat")

    def test_forward_with_nobody_available_queues_the_visitor(self):
        channel = self._play_until("forward_operator")
        self.assertEqual(channel.livechat_state, "in_queue")
        self.assertEqual(
            channel.livechat_operator_id, self.env["discuss.channel"]._livechat_queue_partner()
        )
