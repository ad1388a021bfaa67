from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .helpdesk_common import SEND_ROUTE, LivechatHelpdeskCase

REQUEST = "livechat_iconic.helpdesk_ticket_type_request"


class ChatTicketCase(LivechatHelpdeskCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the visitors wait in the queue until an agent takes them
        cls.livechat_channel.queue_when_unavailable = True

    def say(self, channel, user, body):
        channel.with_user(user).message_post(
            body=body, message_type="comment", subtype_xmlid="mail.mt_comment"
        )

    def notes(self, ticket):
        return " ".join(ticket.message_ids.filtered(lambda m: m.subtype_id.internal).mapped("body"))


@tagged("post_install", "-at_install")
class TestAgentMakesTicket(ChatTicketCase):
    """An agent turns the running chat into a help-desk ticket in one click."""

    def test_the_running_chat_becomes_a_ticket_and_goes_on(self):
        session = self.visitor_session(
            "My camera is offline",
            contact={"email": "claims@example.com", "name": "Nina"},
            agent=self.agent,
            reply="Let me check the recorder",
        )
        action = session.with_user(self.agent).action_livechat_ticket()
        ticket = session.livechat_ticket_id
        self.assertTrue(ticket)
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(action["params"]["links"][0]["url"], f"/odoo/helpdesk.ticket/{ticket.id}")
        self.assertEqual(ticket.livechat_session_id, session, "linked both ways")
        self.assertEqual(ticket.team_id, self.team)
        self.assertEqual(ticket.type_id, self.env.ref(REQUEST))
        self.assertEqual(ticket.channel_id, self.livechat_ticket_channel, "source Live Chat")
        self.assertEqual(ticket.user_id, self.agent)
        self.assertEqual(ticket.partner_email, "claims@example.com", "the e-mail they gave")
        self.assertIn("My camera is offline", ticket.description)
        self.assertIn("Let me check the recorder", ticket.description)
        self.assertFalse(ticket.closed)
        self.assertFalse(ticket.livechat_registered)
        self.assertEqual(session.livechat_state, "chatting", "the chat goes on")
        self.assertEqual(session.livechat_outcome, "ticket")
        notice = session.message_ids.filtered(lambda m: m.message_type == "notification")[:1]
        self.assertIn(ticket.number, notice.body, "the visitor reads the ticket's reference")

    def test_a_signed_in_visitors_contact_is_the_customer(self):
        customer = self.known_customer("Fleet Manager")
        session = self.visitor_session("Tracker lost GPS", agent=self.agent, reply="Which one?")
        session.livechat_partner_id = customer
        session.with_user(self.agent).action_livechat_ticket()
        self.assertEqual(session.livechat_ticket_id.partner_id, customer)

    def test_closed_after_it_the_ticket_stays_open_with_the_rest_of_the_chat(self):
        session = self.visitor_session("Camera offline", agent=self.agent, reply="Checking")
        session.with_user(self.agent).action_livechat_ticket()
        ticket = session.livechat_ticket_id
        self.visitor_post(session, "It is camera 4 in the hall")
        session.with_user(self.agent).action_livechat_close()
        self.assertEqual(session.livechat_outcome, "ticket", "closed with outcome Ticket")
        self.assertFalse(ticket.closed)
        self.assertIn("It is camera 4 in the hall", ticket.description, "added at its end")
        self.assertEqual(ticket.description.count("Checking"), 1, "nothing twice")
        self.assertIn("Ticket", self.notes(ticket), "the outcome, noted")

    def test_closed_for_the_visitors_silence_it_keeps_the_outcome_ticket(self):
        session = self.visitor_session("Camera offline", agent=self.agent, reply="Which one?")
        session.with_user(self.agent).action_livechat_ticket()
        session._livechat_close_inactive()
        self.assertEqual(session.livechat_state, "closed")
        self.assertEqual(session.livechat_outcome, "ticket")
        self.assertFalse(session.livechat_ticket_id.closed)

    def test_twice_is_one_ticket(self):
        session = self.visitor_session("Hello", agent=self.agent, reply="Hi")
        session.with_user(self.agent).action_livechat_ticket()
        ticket = session.livechat_ticket_id
        session.with_user(self.agent_bob).action_livechat_ticket()
        self.assertEqual(session.livechat_ticket_id, ticket)
        self.assertEqual(
            self.env["helpdesk.ticket"].search_count([("livechat_session_id", "=", session.id)]),
            1,
        )

    def test_a_chat_sent_as_a_message_keeps_its_ticket_and_outcome(self):
        session = self.start_visitor_chat("No one answers")
        self.post_jsonrpc(SEND_ROUTE, {"channel_id": session.id, "email": "sent@example.com"})
        session.invalidate_recordset()
        sent = session.livechat_ticket_id
        self.assertTrue(sent, "precondition: sent as a message")
        session.with_user(self.agent).action_livechat_ticket()
        self.assertEqual(session.livechat_ticket_id, sent)
        self.assertEqual(session.livechat_outcome, "sent_as_message")

    def test_only_live_chat_agents_make_tickets(self):
        session = self.visitor_session("Hello", agent=self.agent, reply="Hi")
        clerk = new_test_user(self.env, login="iconic_clerk", groups="base.group_user")
        with self.assertRaises(AccessError):
            session.with_user(clerk).action_livechat_ticket()
        self.assertFalse(session.livechat_ticket_id)

    def test_a_queue_without_team_refuses_clearly(self):
        self.livechat_channel.helpdesk_team_id = False
        session = self.visitor_session("Hello", agent=self.agent, reply="Hi")
        with self.assertRaisesRegex(UserError, "no help-desk team"):
            session.with_user(self.agent).action_livechat_ticket()


@tagged("post_install", "-at_install")
class TestRegisterEveryChat(ChatTicketCase):
    """A queue that registers every chat: a ticket of type Request when an agent takes the
    chat, open, kept in step with the chat's outcome when it ends."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.livechat_channel.livechat_register_every_chat = True

    def test_the_ticket_exists_from_the_take_open(self):
        session = self.visitor_session("Price of X?", contact={"email": "buyer@example.com"})
        self.assertFalse(session.livechat_ticket_id, "nobody took it yet")
        session.with_user(self.agent).action_livechat_take()
        ticket = session.livechat_ticket_id
        self.assertTrue(ticket, "registered when taken, not when it ends")
        self.assertTrue(ticket.livechat_registered)
        self.assertEqual(ticket.type_id, self.env.ref(REQUEST))
        self.assertEqual(ticket.user_id, self.agent)
        self.assertEqual(ticket.team_id, self.team)
        self.assertEqual(ticket.partner_email, "buyer@example.com")
        self.assertIn("Price of X?", ticket.description)
        self.assertFalse(ticket.closed, "not born Done")
        self.assertEqual(session.livechat_state, "chatting")

    def test_an_answered_chat_closes_its_ticket_with_the_rest(self):
        session = self.visitor_session("Price of X?", agent=self.agent, reply="It is 10 EUR")
        ticket = session.livechat_ticket_id
        self.assertFalse(ticket.closed)
        session.with_user(self.agent).action_livechat_close()
        self.assertEqual(session.livechat_outcome, "no_failure")
        self.assertTrue(ticket.closed, "an answered chat's request is done")
        self.assertEqual(ticket.stage_id, self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done"))
        self.assertIn("It is 10 EUR", ticket.description, "the rest of the conversation")
        self.assertIn("Success", self.notes(ticket), "the outcome, noted")

    def test_a_missed_chat_leaves_its_ticket_open_with_a_todo(self):
        session = self.visitor_session("Anyone?", agent=self.agent, leaves=True)
        self.assertTrue(session.livechat_missed, "taken, never answered")
        ticket = session.livechat_ticket_id
        self.assertFalse(ticket.closed)
        self.assertEqual(len(ticket.activity_ids), 1, "the missed chat's follow-up")
        self.assertEqual(ticket.activity_ids.user_id, self.agent)
        self.assertEqual(
            self.env["helpdesk.ticket"].search_count([("livechat_session_id", "=", session.id)]),
            1,
            "no second ticket for the missed chat",
        )

    def test_made_a_ticket_by_the_agent_it_stays_open(self):
        session = self.visitor_session("Fleet report wrong", agent=self.agent, reply="Hmm")
        ticket = session.livechat_ticket_id
        session.with_user(self.agent).action_livechat_ticket()
        self.assertEqual(session.livechat_ticket_id, ticket, "the registered ticket is the case")
        self.assertFalse(ticket.livechat_registered)
        session.with_user(self.agent).action_livechat_close()
        self.assertFalse(ticket.closed)
        self.assertEqual(session.livechat_outcome, "ticket")

    def test_a_chat_the_routing_assigned_is_registered_at_the_agents_answer(self):
        session = self.visitor_session("Where is my truck?")
        session._livechat_assign_agent(self.agent)
        self.assertEqual(session.livechat_state, "waiting")
        self.assertFalse(session.livechat_ticket_id, "assigned, not taken yet")
        self.say(session, self.agent, "Let me look")
        self.assertEqual(session.livechat_state, "chatting")
        ticket = session.livechat_ticket_id
        self.assertTrue(ticket.livechat_registered)
        self.assertEqual(ticket.user_id, self.agent)
        self.assertIn("Let me look", ticket.description)

    def test_handed_back_unanswered_the_visitor_sends_that_ticket_as_the_message(self):
        other = self.livechat_channel.copy({"name": "Second line"})
        session = self.visitor_session("Recorder lost its disks", agent=self.agent)
        ticket = session.livechat_ticket_id
        session.with_user(self.agent)._livechat_transfer(queue=other)
        self.assertEqual(session.livechat_state, "in_queue", "nobody of that queue is there")
        self.visitor_post(session, "Still waiting")
        response = self.post_jsonrpc(
            SEND_ROUTE, {"channel_id": session.id, "email": "disks@example.com"}
        )
        self.assertEqual(response.json()["result"]["reference"], ticket.number)
        session.invalidate_recordset()
        self.assertEqual(session.livechat_ticket_id, ticket, "one ticket")
        self.assertEqual(session.livechat_outcome, "sent_as_message")
        self.assertFalse(ticket.livechat_registered)
        self.assertFalse(ticket.closed)
        self.assertEqual(ticket.partner_email, "disks@example.com")
        self.assertIn("Still waiting", ticket.description)

    def test_a_chat_nobody_took_is_not_registered(self):
        session = self.visitor_session("Hello?", leaves=True)
        self.assertFalse(session.livechat_ticket_id)


@tagged("post_install", "-at_install")
class TestChatTicketTour(ChatTicketCase):
    def test_agent_makes_a_ticket_from_discuss(self):
        session = self.visitor_session(
            "My recorder beeps", contact={"email": "beep@example.com"}, agent=self.agent
        )
        self.say(session, self.agent, "Since when?")
        self.start_tour(
            f"/odoo/discuss?active_id=discuss.channel_{session.id}",
            "livechat_iconic_ticket_from_discuss",
            login="iconic_alice",
        )
        session.invalidate_recordset()
        ticket = session.livechat_ticket_id
        self.assertTrue(ticket)
        self.assertEqual(session.livechat_outcome, "ticket")
        self.assertIn("My recorder beeps", ticket.description)
        self.assertEqual(session.livechat_state, "chatting")

    def test_agent_makes_a_ticket_from_a_chat_window(self):
        session = self.visitor_session("My recorder beeps", agent=self.agent)
        self.say(session, self.agent, "Since when?")
        self.start_tour(
            "/odoo/livechat-waiting",
            "livechat_iconic_ticket_from_chat_window",
            login="iconic_alice",
        )
        session.invalidate_recordset()
        self.assertEqual(session.livechat_outcome, "ticket")
        self.assertIn("Since when?", session.livechat_ticket_id.description)

    def test_agent_makes_a_ticket_from_the_board(self):
        session = self.visitor_session("Tracker 12 offline", agent=self.agent)
        self.say(session, self.agent, "Looking")
        self.start_tour(
            "/odoo/livechat-waiting", "livechat_iconic_ticket_from_board", login="iconic_alice"
        )
        session.invalidate_recordset()
        self.assertTrue(session.livechat_ticket_id)
        self.assertEqual(session.livechat_outcome, "ticket")
