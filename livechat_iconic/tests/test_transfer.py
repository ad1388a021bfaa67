import json
from datetime import timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from .common import AGENT_GROUPS, LivechatIconicCase

NOTE = "VIP customer, wants a refund on order S0042"
ALERT = "livechat_iconic.alert"


@tagged("post_install", "-at_install")
class TestTransfer(LivechatIconicCase):
    """Transfer a chat to an online colleague or another queue, or add a colleague."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        new = lambda login, name: new_test_user(  # noqa: E731
            cls.env, login=login, groups=AGENT_GROUPS, name=name
        )
        cls.agent_carol = new("iconic_carol", "Carol Agent")
        cls.agent_dave = new("iconic_dave", "Dave Agent")
        cls.agent_erin = new("iconic_erin", "Erin Agent")
        cls.agent_frank = new("iconic_frank", "Frank Agent")
        cls.agent_gina = new("iconic_gina", "Gina Agent")
        cls.livechat_channel.user_ids = [
            Command.link(u.id)
            for u in (cls.agent_carol, cls.agent_dave, cls.agent_erin, cls.agent_frank)
        ]
        # Gina serves another queue only: a colleague all the same
        cls.sales = cls.env["im_livechat.channel"].create(
            {"name": "Sales", "user_ids": [Command.set(cls.agent_gina.ids)]}
        )
        cls.employee = new_test_user(cls.env, login="iconic_employee", groups="base.group_user")
        cls.env["ir.config_parameter"].sudo().set_param("livechat_iconic.max_parallel_chats", 0)

    # -- helpers ----------------------------------------------------------------------------
    def online(self, *users):
        for user in users:
            self.env["mail.presence"]._update_presence(user)

    def set_status(self, user, status):
        self.env["res.users"].with_user(user).action_livechat_set_status(status)

    def alices_chat(self):
        """A chat Alice took and answered (CHATTING), started while nobody was online."""
        channel = self.visitor_session("Where is my order?", agent=self.agent, reply="Hello!")
        self.assertEqual(channel.livechat_state, "chatting")
        return channel

    def wizard(self, channel, user=None, **values):
        action = channel.with_user(user or self.agent).action_livechat_transfer()
        self.assertEqual(action["res_model"], "livechat_iconic.transfer")
        form = Form(
            self.env["livechat_iconic.transfer"]
            .with_user(user or self.agent)
            .with_context(**action["context"])
        )
        for name, value in values.items():
            setattr(form, name, value)
        return form

    def transfer(self, channel, colleague, note=NOTE, **values):
        if colleague:
            values["user_id"] = colleague
        form = self.wizard(channel, note=note, **values)
        form.save().action_confirm()
        channel.invalidate_recordset()

    def alerts_to(self, user):
        self.env.cr.precommit.run()  # bus messages are written at commit
        target = f'"res.partner",{user.partner_id.id}]'
        return [
            json.loads(b.message)["payload"]
            for b in self.env["bus.bus"].sudo().search([("message", "like", ALERT)])
            if target in b.channel
        ]

    def notices(self, channel):
        return channel.message_ids.filtered(lambda m: m.message_type == "notification").mapped(
            "body"
        )

    def members(self, channel):
        return channel.sudo().channel_member_ids.partner_id

    def visitor_sees(self, channel):
        """Everything the visitor's own routes return about the chat, as one text."""
        self.env.flush_all()
        messages = self.make_jsonrpc_request(
            "/discuss/channel/messages", {"channel_id": channel.id}
        )
        data = self.make_jsonrpc_request(
            "/mail/data", {"fetch_params": [["discuss.channel", [channel.id]]]}
        )
        seen = json.dumps([messages, data])
        self.assertIn("Where is my order?", seen, "these are the visitor's own data")
        self.assertIn('"livechat_operator_id"', seen, "and the chat's own store data")
        self.assertNotIn('"livechat_note"', seen, "Odoo's internal note is not for visitors")
        return seen

    # -- who is offered -----------------------------------------------------------------------
    def test_only_online_colleagues_with_room_are_offered(self):
        channel = self.alices_chat()
        frank_chat = self.visitor_session("Frank's visitor", agent=self.agent_frank)
        self.livechat_channel.write({"max_sessions_mode": "limited", "max_sessions": 1})
        self.online(self.agent, self.agent_bob, self.agent_carol, self.agent_dave)
        self.online(self.agent_frank, self.agent_gina)
        self.set_status(self.agent_carol, "break")
        self.set_status(self.agent_dave, "invisible")
        # Erin never signed in (offline); Frank already has the most chats Support allows
        self.assertEqual(frank_chat.livechat_agent_id, self.agent_frank.partner_id)
        form = self.wizard(channel)
        self.assertEqual(
            set(form.allowed_user_ids.ids),
            {self.agent_bob.id, self.agent_gina.id},
            "online with room, in this queue or another; never Alice herself",
        )
        for refused in (self.agent_carol, self.agent_dave, self.agent_erin, self.agent_frank):
            with self.assertRaisesRegex(UserError, "cannot take this chat now"):
                channel.with_user(self.agent)._livechat_transfer(user=refused, note=NOTE)
        self.assertFalse(channel.sudo().livechat_transfer_user_id)
        # the global cap counts too: Gina has no chat in Support but one elsewhere
        self.visitor_session("Gina's visitor", agent=self.agent_gina, channel_id=self.sales.id)
        self.env["ir.config_parameter"].sudo().set_param("livechat_iconic.max_parallel_chats", 1)
        self.assertEqual(
            channel.with_user(self.agent)._livechat_transfer_candidates(), self.agent_bob
        )

    def test_colleague_no_longer_eligible_at_confirm_time(self):
        channel = self.alices_chat()
        self.online(self.agent_bob)
        form = self.wizard(channel, user_id=self.agent_bob, note=NOTE)
        wizard = form.save()
        self.set_status(self.agent_bob, "break")  # meanwhile, Bob goes on a break
        with self.assertRaisesRegex(UserError, "Bob Agent cannot take this chat now"):
            wizard.action_confirm()
        self.assertEqual(channel.livechat_state, "chatting")
        self.assertNotIn(self.agent_bob.partner_id, self.members(channel))

    # -- transfer to a colleague --------------------------------------------------------------
    def test_transfer_then_colleague_takes(self):
        channel = self.alices_chat()
        self.online(self.agent_bob, self.agent_carol)
        self.transfer(channel, self.agent_bob)
        self.assertEqual(channel.livechat_state, "waiting", "WAITING for the transfer")
        session = channel.with_user(self.agent)
        self.assertEqual(session.livechat_transfer_user_id, self.agent_bob)
        self.assertEqual(session.livechat_transfer_from_id, self.agent)
        self.assertEqual(session.livechat_transfer_note, NOTE)
        self.assertIn(NOTE, session.livechat_note, "kept on the session for agents")
        self.assertIn(self.agent_bob.partner_id, self.members(channel), "Bob can read, answer")
        self.assertIn(self.agent.partner_id, self.members(channel), "Alice is still there")
        alert = self.alerts_to(self.agent_bob)[-1]
        self.assertIn(NOTE, alert["body"])
        self.assertIn("Alice Agent", alert["body"])
        self.assertEqual(alert["url"], f"/livechat/waiting/{channel.id}")
        self.assertIn("You are being transferred to a colleague", "".join(self.notices(channel)))
        # the visitor is told, never shown the note
        self.assertNotIn(NOTE, "".join(channel.message_ids.mapped("body")))
        seen = self.visitor_sees(channel)
        self.assertIn("You are being transferred to a colleague", seen)
        self.assertNotIn("S0042", seen)

        # meanwhile nobody else takes it, not even Alice
        with self.assertRaisesRegex(UserError, "being transferred to Bob Agent"):
            channel.with_user(self.agent_carol).action_livechat_take()
        with self.assertRaisesRegex(UserError, "cancel the transfer"):
            channel.with_user(self.agent).action_livechat_take()
        # Alice writes to the visitor: the chat still waits for Bob
        channel.with_user(self.agent).message_post(
            body="One moment please", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self.assertEqual(channel.livechat_state, "waiting")

        channel.with_user(self.agent_bob).action_livechat_take()
        channel.invalidate_recordset()
        self.assertEqual(channel.livechat_state, "chatting")
        self.assertEqual(channel.livechat_operator_id, self.agent_bob.partner_id)
        self.assertNotIn(self.agent.partner_id, self.members(channel), "Alice left the chat")
        self.assertFalse(channel.sudo().livechat_transfer_user_id)
        self.assertFalse(channel.sudo().livechat_transfer_from_id)
        self.assertIn("Bob Agent is now looking after you", "".join(self.notices(channel)))
        self.assertFalse(channel.livechat_end_dt)
        self.assertNotIn("S0042", self.visitor_sees(channel))

    def test_a_pending_transfer_is_not_passed_on_by_the_agent_timer(self):
        channel = self.alices_chat()
        self.online(self.agent_bob, self.agent_carol)
        self.livechat_channel.livechat_agent_answer_seconds = 60
        self.transfer(channel, self.agent_bob)
        with freeze_time(fields.Datetime.now() + timedelta(minutes=5)):
            self.env["discuss.channel"]._cron_livechat_inactivity()
        channel.invalidate_recordset()
        self.assertEqual(channel.livechat_state, "waiting")
        self.assertEqual(channel.sudo().livechat_transfer_user_id, self.agent_bob)
        self.assertEqual(channel.livechat_agent_id, self.agent.partner_id, "not passed on")

    def test_colleague_answers_directly(self):
        channel = self.alices_chat()
        self.online(self.agent_bob)
        self.transfer(channel, self.agent_bob, note="")
        self.assertEqual(channel.livechat_state, "waiting")
        channel.with_user(self.agent_bob).message_post(
            body="Bob here, I'll help you", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        channel.invalidate_recordset()
        self.assertEqual(channel.livechat_state, "chatting")
        self.assertEqual(channel.livechat_agent_id, self.agent_bob.partner_id)
        self.assertNotIn(self.agent.partner_id, self.members(channel))
        self.assertFalse(channel.sudo().livechat_transfer_user_id)

    def test_cancel_the_transfer(self):
        channel = self.alices_chat()
        self.online(self.agent_bob)
        self.transfer(channel, self.agent_bob)
        with self.assertRaisesRegex(UserError, "Only Alice Agent, who asked"):
            channel.with_user(self.agent_carol).action_livechat_transfer_cancel()
        channel.with_user(self.agent).action_livechat_transfer_cancel()
        channel.invalidate_recordset()
        self.assertEqual(channel.livechat_state, "chatting", "back where it was")
        self.assertEqual(channel.livechat_agent_id, self.agent.partner_id)
        self.assertNotIn(self.agent_bob.partner_id, self.members(channel))
        self.assertFalse(channel.sudo().livechat_transfer_user_id)
        with self.assertRaisesRegex(UserError, "not being transferred"):
            channel.with_user(self.agent).action_livechat_transfer_cancel()
        # the colleague may decline too; Alice is told
        self.transfer(channel, self.agent_bob)
        channel.with_user(self.agent_bob).action_livechat_transfer_cancel()
        self.assertEqual(channel.livechat_state, "chatting")
        self.assertIn("Bob Agent cancelled the transfer", self.alerts_to(self.agent)[-1]["body"])

    def test_one_transfer_at_a_time_and_only_ongoing_chats(self):
        channel = self.alices_chat()
        self.online(self.agent_bob, self.agent_carol)
        self.transfer(channel, self.agent_bob)
        with self.assertRaisesRegex(UserError, "already being transferred to Bob Agent"):
            channel.with_user(self.agent)._livechat_transfer(user=self.agent_carol)
        channel.with_user(self.agent).action_livechat_close()
        self.assertFalse(channel.sudo().livechat_transfer_user_id, "an ended chat is not pending")
        with self.assertRaisesRegex(UserError, "Only an ongoing live chat"):
            channel.with_user(self.agent).action_livechat_transfer()

    # -- add a colleague ----------------------------------------------------------------------
    def test_add_a_colleague(self):
        channel = self.alices_chat()
        self.online(self.agent_bob)
        form = self.wizard(channel, mode="add", user_id=self.agent_bob, note=NOTE)
        form.save().action_confirm()
        channel.invalidate_recordset()
        self.assertEqual(channel.livechat_state, "chatting", "state unchanged")
        self.assertEqual(channel.livechat_agent_id, self.agent.partner_id)
        self.assertLessEqual(
            (self.agent | self.agent_bob).partner_id, self.members(channel), "both in the chat"
        )
        self.assertFalse(channel.sudo().livechat_transfer_user_id)
        self.assertIn(NOTE, self.alerts_to(self.agent_bob)[-1]["body"])
        self.assertNotIn("S0042", self.visitor_sees(channel))
        # Bob is in the chat: he is offered no more
        self.assertNotIn(
            self.agent_bob, channel.with_user(self.agent)._livechat_transfer_candidates()
        )

    # -- transfer to a queue ------------------------------------------------------------------
    def test_transfer_to_an_assigned_queue(self):
        channel = self.alices_chat()
        self.online(self.agent, self.agent_gina)
        self.transfer(channel, False, target="queue", queue_id=self.sales)
        self.assertEqual(channel.livechat_channel_id, self.sales)
        self.assertEqual(channel.livechat_state, "waiting", "routed to Gina, not answered yet")
        self.assertEqual(channel.livechat_agent_id, self.agent_gina.partner_id)
        self.assertNotIn(self.agent.partner_id, self.members(channel), "Alice left")
        self.assertIn(self.agent_gina.partner_id, self.members(channel))
        self.assertTrue(self.alerts_to(self.agent_gina))
        self.assertIn("You are being transferred to Sales", "".join(self.notices(channel)))
        self.assertNotIn("S0042", self.visitor_sees(channel))

    def test_transfer_to_a_queue_where_nobody_is_free(self):
        channel = self.alices_chat()
        self.transfer(channel, False, target="queue", queue_id=self.sales, note="")
        self.assertEqual(channel.livechat_channel_id, self.sales)
        self.assertEqual(channel.livechat_state, "in_queue", "back IN QUEUE, in Sales")
        self.assertEqual(channel.livechat_operator_id, self.queue_partner)
        self.assertIn("number 1 in the queue", "".join(self.notices(channel)))
        # Alice stays until someone takes it (Odoo ends a chat its last agent leaves)
        self.assertIn(self.agent.partner_id, self.members(channel))
        self.assertFalse(channel.livechat_end_dt)
        channel.with_user(self.agent_gina).action_livechat_take()
        self.assertEqual(channel.livechat_state, "chatting")
        self.assertNotIn(self.agent.partner_id, self.members(channel))

    def test_transfer_to_a_queue_then_dispatched(self):
        channel = self.alices_chat()
        self.transfer(channel, False, target="queue", queue_id=self.sales, note="")
        self.assertEqual(channel.livechat_state, "in_queue")
        # Alice writes meanwhile: the chat still waits in Sales' queue
        channel.with_user(self.agent).message_post(
            body="Sales will answer you", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self.assertEqual(channel.livechat_state, "in_queue")
        self.online(self.agent_gina)  # Gina signs in: the dispatch gives her the chat
        self.env["im_livechat.channel"]._cron_livechat_dispatch()
        channel.invalidate_recordset()
        self.assertEqual(channel.livechat_state, "waiting")
        self.assertEqual(channel.livechat_agent_id, self.agent_gina.partner_id)
        self.assertNotIn(self.agent.partner_id, self.members(channel))
        self.assertFalse(channel.sudo().livechat_transfer_from_id)

    def test_transfer_to_a_broadcast_queue(self):
        self.sales.livechat_routing_mode = "broadcast"
        channel = self.alices_chat()
        self.online(self.agent_gina)
        self.transfer(channel, False, target="queue", queue_id=self.sales)
        self.assertEqual(channel.livechat_state, "in_queue")
        self.assertEqual(channel.livechat_channel_id, self.sales)
        offers = self.alerts_to(self.agent_gina)
        self.assertTrue(any("the first to take the chat gets it" in a["body"] for a in offers))

    # -- access -------------------------------------------------------------------------------
    def test_access(self):
        channel = self.alices_chat()
        self.online(self.agent_bob)
        with self.assertRaises(AccessError):
            channel.with_user(self.employee).action_livechat_transfer()
        with self.assertRaises(AccessError):
            self.env["livechat_iconic.transfer"].with_user(self.employee).create(
                {"session_id": channel.id, "user_id": self.agent_bob.id}
            )
        # an agent who neither looks after the chat nor is in it
        with self.assertRaisesRegex(UserError, "Alice Agent looks after this chat"):
            channel.with_user(self.agent_carol).action_livechat_transfer()


@tagged("post_install", "-at_install")
class TestTransferTour(LivechatIconicCase):
    def test_agent_transfers_from_the_chat(self):
        channel = self.visitor_session("Where is my order?", agent=self.agent, reply="Hello!")
        self.env["mail.presence"]._update_presence(self.agent_bob)
        self.start_tour(
            f"/odoo/discuss?active_id=discuss.channel_{channel.id}",
            "livechat_iconic_transfer",
            login="iconic_alice",
        )
        channel.invalidate_recordset()
        self.assertEqual(channel.livechat_state, "waiting")
        self.assertEqual(channel.sudo().livechat_transfer_user_id, self.agent_bob)
        self.assertEqual(channel.sudo().livechat_transfer_note, "Wants a refund")
