from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import AGENT_GROUPS, LivechatIconicCase

TAKEN = "livechat_iconic.routing/taken"
# Same texts as livechat_iconic/static/tests/tours/livechat_iconic_first_responder_tour.js
FIRST_RESPONDER_QUESTION = "Does the doorbell camera work offline?"
FIRST_RESPONDER_ANSWER = "Yes, it records to its SD card"


@tagged("post_install", "-at_install")
class TestFirstResponder(LivechatIconicCase):
    """Broadcast queues on real Odoo: the agents offered a chat may open it and simply
    answer; the first to answer gets it, the others leave it and are told who."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent_carol = new_test_user(
            cls.env, login="iconic_carol", groups=AGENT_GROUPS, name="Carol Agent"
        )
        cls.livechat_channel.write(
            {"user_ids": [Command.link(cls.agent_carol.id)], "livechat_routing_mode": "broadcast"}
        )
        cls.env["ir.config_parameter"].sudo().set_param("livechat_iconic.max_parallel_chats", 0)

    def setUp(self):
        super().setUp()
        for user in self.agent | self.agent_bob | self.agent_carol:
            self.env["mail.presence"]._update_presence(user)
        self.channel = self.start_visitor_chat("Is the camera waterproof?")
        self.assertEqual(self.channel.livechat_state, "in_queue")

    def agents_in(self):
        return (
            self.channel.sudo()
            .channel_member_ids.filtered(lambda m: m.livechat_member_type == "agent")
            .partner_id
        )

    def answer(self, user, body):
        return self.channel.with_user(user).message_post(
            body=body, message_type="comment", subtype_xmlid="mail.mt_comment"
        )

    def test_the_first_to_answer_gets_the_chat(self):
        for user in (self.agent, self.agent_bob):
            action = self.channel.with_user(user).action_livechat_answer()
            self.assertEqual(action["tag"], "mail.action_discuss")
        self.assertEqual(self.agents_in(), (self.agent | self.agent_bob).partner_id)
        self.assertEqual(self.channel.livechat_state, "in_queue", "opening it takes nothing")
        self.assertEqual(self.channel.livechat_operator_id, self.queue_partner)

        self.env["bus.bus"].search([]).unlink()
        self.answer(self.agent_bob, "Bob here: yes, it is rated IP67.")
        self.assertEqual(self.channel.livechat_state, "chatting")
        self.assertEqual(self.channel.livechat_operator_id, self.agent_bob.partner_id)
        self.assertEqual(self.channel.livechat_agent_id, self.agent_bob.partner_id)
        self.assertTrue(self.channel.livechat_first_answer_dt)
        self.assertEqual(self.agents_in(), self.agent_bob.partner_id, "Alice left it")
        self.assertFalse(self.channel.livechat_is_escalated, "Alice never served it")
        self.env.cr.precommit.run()  # the bus messages are written at commit
        taken = self.env["bus.bus"].search([("message", "like", TAKEN)])
        channels = "".join(taken.mapped("channel"))
        for user in (self.agent, self.agent_carol):
            self.assertIn(f'"res.partner",{user.partner_id.id}]', channels, user.name)
        self.assertIn("Bob Agent took the chat", "".join(taken.mapped("message")))

        # Alice answers too late: refused, nothing posted
        with self.assertRaisesRegex(UserError, "Bob Agent"), mute_logger("odoo.sql_db"):
            with self.env.cr.savepoint():
                self.channel.with_user(self.agent).action_livechat_answer()
                self.answer(self.agent, "Alice here")
        self.assertNotIn("Alice here", "".join(self.channel.message_ids.mapped("body")))

    def test_only_the_agents_offered_the_chat_may_open_it(self):
        self.env["res.users"].with_user(self.agent_carol).action_livechat_set_status("break")
        with self.assertRaisesRegex(UserError, "offered to the agents of Support"):
            self.channel.with_user(self.agent_carol).action_livechat_answer()
        self.assertFalse(self.agents_in())

    def test_chat_button_takes_it_from_those_who_opened_it(self):
        self.channel.with_user(self.agent).action_livechat_answer()
        self.channel.with_user(self.agent_carol).action_livechat_take()
        self.assertEqual(self.channel.livechat_operator_id, self.agent_carol.partner_id)
        self.assertEqual(self.agents_in(), self.agent_carol.partner_id)

    def test_assigned_queues_are_not_opened_without_taking(self):
        self.livechat_channel.livechat_routing_mode = "assigned"
        queued = self.start_visitor_chat("Another question")
        queued.with_user(self.agent_bob).action_livechat_answer()
        self.assertIn(queued.livechat_state, ("chatting", "waiting"))
        self.assertIn(self.agent_bob.partner_id, queued.channel_member_ids.partner_id)


@tagged("post_install", "-at_install")
class TestFirstResponderTour(LivechatIconicCase):
    """In a real browser: the agent opens an offered chat from the notice and answers."""

    def test_agent_answers_an_offered_chat_from_the_notice(self):
        admin = self.env.ref("base.user_admin")
        self.livechat_channel.write(
            {"user_ids": [Command.set(admin.ids)], "livechat_routing_mode": "broadcast"}
        )
        session = self.start_visitor_chat(FIRST_RESPONDER_QUESTION)
        self.assertEqual(session.livechat_state, "in_queue")
        action = self.env["ir.actions.server"].create(
            {
                "name": "Offer the queued chat",
                "model_id": self.env.ref("mail.model_discuss_channel").id,
                "state": "code",
                "code": f"env['discuss.channel'].browse({session.id})._livechat_broadcast()",
            }
        )
        self.env["ir.model.data"].create(
            {
                "module": "livechat_iconic",
                "name": "test_first_responder_offer",
                "model": "ir.actions.server",
                "res_id": action.id,
            }
        )
        self.env["mail.presence"]._update_presence(admin)
        self.start_tour("/odoo", "livechat_iconic_first_responder", login="admin")
        self.assertEqual(session.livechat_state, "chatting")
        self.assertEqual(session.livechat_operator_id, admin.partner_id)
        self.assertIn(FIRST_RESPONDER_ANSWER, "".join(session.message_ids.mapped("body")))
