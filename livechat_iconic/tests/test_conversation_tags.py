from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import LivechatIconicCase


@tagged("post_install", "-at_install")
class TestConversationTags(LivechatIconicCase):
    """Chats carry Odoo's conversation tags: a queue may ask the agent for them when
    closing, a tag lists its chats, and the chat's contact shows its own tags."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.livechat_channel.livechat_tags_required_on_close = True
        Tag = cls.env["im_livechat.conversation.tag"]
        cls.tag_sales = Tag.create({"name": "Iconic Sales"})
        cls.tag_billing = Tag.create({"name": "Iconic Billing"})

    def _chat(self):
        return self.visitor_session("Hello", agent=self.agent, reply="Hi, how can I help?")

    # -- the agent closes on the board ---------------------------------------------------------
    def test_close_refused_untagged_when_required(self):
        channel = self._chat()
        with self.assertRaisesRegex(UserError, "Tag the chat .* before closing it"):
            channel.with_user(self.agent).action_livechat_close()
        self.assertEqual(channel.livechat_state, "chatting")
        self.assertFalse(channel.livechat_end_dt)

    def test_close_allowed_when_tagged(self):
        channel = self._chat()
        channel.livechat_conversation_tag_ids = self.tag_sales
        channel.with_user(self.agent).action_livechat_close()
        self.assertEqual(channel.livechat_state, "closed")

    def test_close_allowed_when_not_required(self):
        self.livechat_channel.livechat_tags_required_on_close = False
        channel = self._chat()
        channel.with_user(self.agent).action_livechat_close()
        self.assertEqual(channel.livechat_state, "closed")

    def test_board_close_asks_for_tags_then_closes(self):
        channel = self._chat()
        action = channel.with_user(self.agent).action_livechat_close_ask_tags()
        self.assertEqual(action["res_model"], "livechat_iconic.close.tags")
        self.assertEqual(channel.livechat_state, "chatting", "asking closes nothing")
        wizard_form = Form(
            self.env[action["res_model"]].with_user(self.agent).with_context(**action["context"])
        )
        wizard = wizard_form.save()
        with self.assertRaisesRegex(UserError, "at least one tag"):
            wizard.action_confirm()
        self.assertEqual(channel.livechat_state, "chatting")
        wizard_form.tag_ids.add(self.tag_billing)
        wizard_form.save().action_confirm()
        self.assertEqual(channel.livechat_state, "closed")
        self.assertEqual(channel.livechat_conversation_tag_ids, self.tag_billing)
        # tagged, or not required: the board's Close closes at once
        tagged_chat = self._chat()
        tagged_chat.livechat_conversation_tag_ids = self.tag_sales
        self.assertTrue(tagged_chat.with_user(self.agent).action_livechat_close_ask_tags())
        self.assertEqual(tagged_chat.livechat_state, "closed")

    # -- the agent leaves the chat window ------------------------------------------------------
    def test_leaving_the_chat_window_asks_for_tags(self):
        channel = self._chat()
        as_agent = channel.with_user(self.agent)
        action = as_agent.livechat_leave_tags_action()
        self.assertEqual(action["context"]["default_mode"], "leave")
        with self.assertRaisesRegex(UserError, "Tag the chat"):
            as_agent.action_unfollow()
        self.assertFalse(channel.livechat_end_dt)
        self.assertIn(self.agent.partner_id, channel.channel_member_ids.partner_id)
        wizard = (
            self.env["livechat_iconic.close.tags"]
            .with_user(self.agent)
            .create(
                {
                    "channel_id": channel.id,
                    "mode": "leave",
                    "tag_ids": [Command.set(self.tag_sales.ids)],
                }
            )
        )
        result = wizard.action_confirm()
        self.assertEqual(result["infos"], {"livechat_tagged": True})
        self.assertFalse(channel.livechat_end_dt, "the chat window leaves, not the wizard")
        self.assertFalse(as_agent.livechat_leave_tags_action())
        as_agent.action_unfollow()
        self.assertTrue(channel.livechat_end_dt)
        self.assertEqual(channel.livechat_state, "closed")

    def test_leaving_with_a_colleague_staying_is_not_closing(self):
        channel = self._chat()
        channel._add_members(users=self.agent_bob)
        self.assertFalse(channel.with_user(self.agent).livechat_leave_tags_action())
        channel.with_user(self.agent).action_unfollow()
        self.assertFalse(channel.livechat_end_dt)

    # -- the visitor or a timeout ends the chat: never held back -------------------------------
    def test_visitor_close_never_blocked(self):
        channel = self._chat()
        self.visitor_leaves(channel)
        self.assertTrue(channel.livechat_end_dt)
        self.assertEqual(channel.livechat_state, "closed")

    def test_timeout_close_never_blocked(self):
        channel = self._chat()
        channel._livechat_close_inactive()
        self.assertEqual(channel.livechat_state, "closed")
        self.assertEqual(channel.livechat_end_reason, "visitor_inactive")

    # -- a tag lists its chats -----------------------------------------------------------------
    def test_tag_opens_its_chats(self):
        tagged_chat, other_chat = self._chat(), self._chat()
        tagged_chat.livechat_conversation_tag_ids = self.tag_sales
        other_chat.livechat_conversation_tag_ids = self.tag_billing
        tag = self.tag_sales.with_user(self.agent)
        self.assertEqual(tag.livechat_chat_count, 1)
        action = tag.action_livechat_open_chats()
        self.assertEqual(action["res_model"], "discuss.channel")
        self.assertIn("Iconic Sales", action["name"])
        found = self.env["discuss.channel"].with_user(self.agent).search(action["domain"])
        self.assertEqual(found, tagged_chat)

    # -- the contact's tags in the side panel --------------------------------------------------
    def _side_panel(self, channel):
        result = self.make_jsonrpc_request(
            "/mail/data",
            {"fetch_params": [["/im_livechat/session/data", {"channel_id": channel.id}]]},
        )
        (data,) = [values for values in result["discuss.channel"] if values["id"] == channel.id]
        return data["livechat_contact_tags"]

    def test_contact_tags_only_for_the_confirmed_contact(self):
        vip = self.env["res.partner.category"].create({"name": "Iconic VIP"})
        customer = self.env["res.partner"].create(
            {
                "name": "Vera Valued",
                "email": "vera@tags.example",
                "category_id": [Command.link(vip.id)],
            }
        )
        confirmed = self.visitor_session("Hello", contact={"email": customer.email})
        confirmed.with_user(self.agent).action_livechat_confirm_contact()
        claimed = self.visitor_session("Hi", contact={"email": customer.email})
        self.assertFalse(claimed.livechat_partner_id)

        self.authenticate(self.agent.login, self.agent.login)
        panel = self._side_panel(confirmed)
        self.assertEqual(panel["partner_id"], customer.id)
        self.assertEqual([tag["name"] for tag in panel["tags"]], ["Iconic VIP"])
        self.assertIs(self._side_panel(claimed), False, "a claimed e-mail shows no tags")


@tagged("post_install", "-at_install")
class TestCloseTagsTour(LivechatIconicCase):
    def test_board_close_asks_for_tags(self):
        # Same texts as livechat_iconic/static/tests/tours/livechat_iconic_close_tags_tour.js
        self.livechat_channel.livechat_tags_required_on_close = True
        tag = self.env["im_livechat.conversation.tag"].create({"name": "Iconic Shipping"})
        channel = self.visitor_session("Do you ship to Iceland?", agent=self.agent, reply="Hello!")
        self.assertEqual(channel.livechat_state, "chatting")
        self.start_tour(
            "/odoo/livechat-waiting", "livechat_iconic_close_tags", login="iconic_alice"
        )
        self.assertEqual(channel.livechat_state, "closed")
        self.assertEqual(channel.livechat_conversation_tag_ids, tag)

    def test_leaving_in_discuss_asks_for_tags(self):
        self.livechat_channel.livechat_tags_required_on_close = True
        tag = self.env["im_livechat.conversation.tag"].create({"name": "Iconic Shipping"})
        channel = self.visitor_session("Do you ship to Iceland?", agent=self.agent, reply="Hello!")
        self.start_tour(
            f"/odoo/action-mail.action_discuss?active_id=discuss.channel_{channel.id}",
            "livechat_iconic_leave_tags",
            login="iconic_alice",
        )
        self.assertEqual(channel.livechat_conversation_tag_ids, tag)
        self.assertTrue(channel.livechat_end_dt)
        self.assertEqual(channel.livechat_state, "closed")
        self.assertNotIn(self.agent.partner_id, channel.channel_member_ids.partner_id)

    def test_side_panel_tags(self):
        vip = self.env["res.partner.category"].create({"name": "Iconic VIP"})
        customer = self.env["res.partner"].create(
            {
                "name": "Vera Valued",
                "email": "vera@panel.example",
                "category_id": [Command.link(vip.id)],
            }
        )
        channel = self.visitor_session("Hello", contact={"email": customer.email})
        channel.with_user(self.agent).action_livechat_confirm_contact()
        channel.with_user(self.agent).action_livechat_take()
        tag = self.env["im_livechat.conversation.tag"].create({"name": "Iconic Shipping"})
        channel.livechat_conversation_tag_ids = tag
        # another chat, untagged: not listed
        self.visitor_session("Another question", agent=self.agent, reply="Hi")
        self.start_tour(
            f"/odoo/discuss?active_id=discuss.channel_{channel.id}",
            "livechat_iconic_tags_panel",
            login=self.agent.login,
        )
        self.assertEqual(tag.livechat_chat_count, 1)
