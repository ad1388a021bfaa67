from datetime import timedelta

from odoo.tests import tagged

from .test_inactivity import InactivityCase

# Same text as livechat_iconic/static/tests/tours/livechat_iconic_step_in_tour.js
QUESTION = "Are there seats in the front row?"


@tagged("post_install", "-at_install")
class TestStepInTour(InactivityCase):
    """In a real browser: the board shows a chat whose visitor waits for a reply, a
    colleague steps in from it, and the chat's agent is told."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.livechat_channel.livechat_reply_wait_seconds = 120

    def waiting_for_reply(self, question=QUESTION):
        """Alice's chat whose visitor has waited 5 minutes for her reply: the timers'
        run makes it WAITING for a reply."""
        channel = self.start_visitor_chat(question)
        channel.with_user(self.agent).action_livechat_take()
        self.agent_says(channel, "Hello! Which show?")
        self.visitor_post(channel, "The jazz night on Friday.")
        # 5 minutes ago: the chat and the visitor's unanswered message
        channel.livechat_state_dt -= timedelta(minutes=5)
        channel.livechat_unanswered_dt -= timedelta(minutes=5)
        self.run_cron()
        self.assertEqual(channel.livechat_state, "waiting")
        self.assertTrue(channel.livechat_waiting_reply)
        return channel

    def test_a_colleague_steps_in_from_the_board(self):
        channel = self.waiting_for_reply()
        self.start_tour("/odoo/livechat-waiting", "livechat_iconic_step_in", login="iconic_bob")
        self.assertIn(self.agent_bob.partner_id, channel.channel_member_ids.partner_id)
        self.assertEqual(channel.livechat_operator_id, self.agent.partner_id, "still Alice's")
        [told] = self.bus("livechat_iconic.alert", self.agent)
        self.assertIn("Bob Agent joined your chat", told["body"])

    def test_the_agent_is_told_in_her_browser(self):
        channel = self.waiting_for_reply("Is there parking near the hall?")
        # the colleague's Step In, run while Alice's backend is open
        action = self.env["ir.actions.server"].create(
            {
                "name": "Carol steps in",
                "model_id": self.env["ir.model"]._get_id("discuss.channel"),
                "state": "code",
                "code": (
                    f"env['discuss.channel'].browse({channel.id})"
                    f".with_user({self.agent_carol.id}).action_livechat_step_in()"
                ),
            }
        )
        # the tour finds it by this name (the web client's URL keeps no parameter of ours)
        self.env["ir.model.data"].create(
            {
                "module": "livechat_iconic",
                "name": "test_step_in_action",
                "model": "ir.actions.server",
                "res_id": action.id,
            }
        )
        self.start_tour("/odoo", "livechat_iconic_step_in_told", login="iconic_alice")
        self.assertIn(self.agent_carol.partner_id, channel.channel_member_ids.partner_id)
