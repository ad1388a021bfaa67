from ast import literal_eval
from unittest.mock import MagicMock, patch

from odoo import Command
from odoo.tests import new_test_user, tagged

from .common import AGENT_GROUPS, LivechatIconicCase

# Same texts as livechat_iconic/static/tests/tours/livechat_iconic_agent_daily_tour.js
TAKE_QUESTION = "Can you ship a tracker to Oslo?"
TAKE_TAG = "Iconic Shipping"
TRANSCRIPT_TO = "fleet.manager@example.com"
VIEW_QUESTION = "Is my camera still under warranty?"
VIEW_REPLY = "Happy to check"
VIEW_LIVE = "A message the viewer sees arrive"


class AgentDailyCase(LivechatIconicCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tag = cls.env["im_livechat.conversation.tag"].create({"name": TAKE_TAG})
        cls.agent_carol = new_test_user(
            cls.env, login="iconic_carol", groups=AGENT_GROUPS, name="Carol Agent"
        )
        cls.sales = cls.env["im_livechat.channel"].create(
            {"name": "Sales", "user_ids": [Command.set(cls.agent_carol.ids)]}
        )
        cls.manager = new_test_user(
            cls.env,
            login="iconic_manager",
            groups="base.group_user,im_livechat.im_livechat_group_manager",
            name="Mona Manager",
        )


@tagged("post_install", "-at_install")
class TestAgentDaily(AgentDailyCase):
    """Small things each company's agents use daily (issue 22 point 9)."""

    # -- tags asked at the start -----------------------------------------------------------
    def test_taking_opens_the_tags_dialog_when_the_queue_asks(self):
        self.livechat_channel.livechat_tags_asked_on_take = True
        channel = self.start_visitor_chat(TAKE_QUESTION)
        action = channel.with_user(self.agent).action_livechat_take()
        self.assertEqual(action["tag"], "mail.action_discuss")
        self.assertTrue(action["context"]["livechat_iconic_ask_tags"])
        self.assertEqual(channel.livechat_state, "chatting", "the chat is taken first")
        dialog = channel.with_user(self.agent).livechat_take_tags_action()
        self.assertEqual(dialog["res_model"], "livechat_iconic.close.tags")
        self.assertEqual(dialog["context"]["default_mode"], "take")
        wizard = (
            self.env[dialog["res_model"]]
            .with_user(self.agent)
            .with_context(**dialog["context"])
            .create({"tag_ids": [Command.set(self.tag.ids)]})
        )
        self.assertEqual(wizard.action_confirm(), {"type": "ir.actions.act_window_close"})
        self.assertEqual(channel.livechat_conversation_tag_ids, self.tag)
        self.assertEqual(channel.livechat_state, "chatting", "tagging at the start closes nothing")
        self.assertFalse(channel.with_user(self.agent).livechat_take_tags_action())

    def test_taking_asks_nothing_when_the_queue_does_not_or_when_tagged(self):
        channel = self.start_visitor_chat(TAKE_QUESTION)
        action = channel.with_user(self.agent).action_livechat_take()
        self.assertNotIn("livechat_iconic_ask_tags", action["context"])
        self.livechat_channel.livechat_tags_asked_on_take = True
        tagged_chat = self.start_visitor_chat(TAKE_QUESTION)
        tagged_chat.livechat_conversation_tag_ids = self.tag
        action = tagged_chat.with_user(self.agent_bob).action_livechat_take()
        self.assertNotIn("livechat_iconic_ask_tags", action["context"])

    # -- View: another agent's chat, live and read-only ------------------------------------
    def test_view_shows_the_chat_live_without_joining(self):
        channel = self.visitor_session(VIEW_QUESTION, agent=self.agent, reply=VIEW_REPLY)
        action = channel.with_user(self.agent_bob).action_livechat_view()
        view = self.env["ir.ui.view"].browse(action["views"][0][0])
        self.assertIn('widget="livechat_iconic_live_chat"', view.arch_db)
        self.assertIn('edit="false"', view.arch_db)
        # the viewer, no member, may listen to the chat's bus channel (Odoo's own rule for
        # a channel one can read), so new messages reach the open view
        wsrequest = MagicMock()  # as Odoo's own bus test (bus/tests/test_ir_websocket.py)
        wsrequest.session.uid = self.agent_bob.id
        with patch("odoo.addons.bus.models.ir_websocket.wsrequest", new=wsrequest):
            bus_channels = (
                self.env["ir.websocket"]
                .with_user(self.agent_bob)
                ._build_bus_channel_list([f"discuss.channel_{channel.id}"])
            )
        self.assertIn(channel, bus_channels)
        self.assertNotIn(self.agent_bob.partner_id, channel.channel_member_ids.partner_id)

    # -- teammates' statuses and load ------------------------------------------------------
    def test_agents_see_their_teammates_status_and_load_only(self):
        for user in (self.agent, self.agent_bob, self.agent_carol):
            self.env["mail.presence"]._update_presence(user)
        self.visitor_session(VIEW_QUESTION, agent=self.agent, reply=VIEW_REPLY)
        agents = self.agent | self.agent_bob | self.agent_carol
        as_bob = agents.with_user(self.agent_bob)
        as_bob.invalidate_recordset()
        got = {u.id: (u.livechat_agent_status, u.livechat_agent_load) for u in as_bob}
        self.assertEqual(got[self.agent.id], ("online", 1), "a teammate")
        self.assertEqual(got[self.agent_bob.id], ("online", 0), "himself")
        self.assertEqual(got[self.agent_carol.id], (False, 0), "not of his queues")
        as_manager = agents.with_user(self.manager)
        self.assertEqual(as_manager.mapped("livechat_agent_status"), ["online"] * 3)
        # the Agents screen lists his queues' agents; a manager's, every agent
        action = self.env["res.users"].with_user(self.agent_bob).action_livechat_agents()
        listed = self.env["res.users"].with_user(self.agent_bob).search(action["domain"])
        self.assertEqual(listed, self.agent | self.agent_bob)
        action = self.env["res.users"].with_user(self.manager).action_livechat_agents()
        listed = (
            self.env["res.users"].with_user(self.manager).search(literal_eval(action["domain"]))
        )
        self.assertLessEqual(agents, listed)


@tagged("post_install", "-at_install")
class TestAgentDailyTour(AgentDailyCase):
    def test_name_opens_the_chat_with_tags_then_transcript_from_the_chat(self):
        self.livechat_channel.livechat_tags_asked_on_take = True
        channel = self.start_visitor_chat(TAKE_QUESTION)
        self.assertEqual(channel.livechat_state, "in_queue")
        self.start_tour(
            "/odoo/livechat-waiting", "livechat_iconic_agent_daily_take", login="iconic_alice"
        )
        self.assertEqual(channel.livechat_agent_id, self.agent.partner_id)
        self.assertEqual(channel.livechat_conversation_tag_ids, self.tag)
        self.assertFalse(channel.livechat_end_dt, "the chat stays open")
        self.assertIn(
            f"Alice Agent sent the transcript to {TRANSCRIPT_TO}", channel.livechat_transcript_log
        )
        mail = self.env["mail.mail"].search([("email_to", "=", TRANSCRIPT_TO)])
        self.assertIn(TAKE_QUESTION, mail.body_html)

    def test_view_is_live_and_teammates_are_listed(self):
        self.env["mail.presence"]._update_presence(self.agent)
        channel = self.visitor_session(VIEW_QUESTION, agent=self.agent, reply=VIEW_REPLY)
        self.start_tour(
            "/odoo/livechat-waiting", "livechat_iconic_agent_daily_view", login="iconic_bob"
        )
        self.assertTrue(channel.message_ids.filtered(lambda m: VIEW_LIVE in str(m.body)))
        self.assertNotIn(self.agent_bob.partner_id, channel.channel_member_ids.partner_id)
        self.start_tour(
            "/odoo/livechat-agents", "livechat_iconic_agent_daily_agents", login="iconic_bob"
        )

    def test_name_in_the_list_opens_the_chat(self):
        channel = self.start_visitor_chat(TAKE_QUESTION)
        self.start_tour(
            "/odoo/livechat-waiting?view_type=list",
            "livechat_iconic_agent_daily_list",
            login="iconic_alice",
        )
        self.assertEqual(channel.livechat_state, "chatting")
        self.assertEqual(channel.livechat_agent_id, self.agent.partner_id)
