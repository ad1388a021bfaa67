from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import LivechatIconicCase

T0 = datetime(2026, 11, 2, 9, 0, 0)


@tagged("post_install", "-at_install")
class TestLifecycle(LivechatIconicCase):
    """The seven states, their transitions, timestamps and derived times."""

    def test_queued_when_no_agent_is_available(self):
        self.assertFalse(self.livechat_channel.available_operator_ids, "nobody is online")
        self.assertTrue(self.livechat_channel._is_livechat_available(), "the button stays")
        with freeze_time(T0):
            channel = self.start_visitor_chat("Do you sell tickets?")
        self.assertEqual(channel.livechat_state, "in_queue")
        self.assertEqual(channel.livechat_in_queue_dt, T0)
        self.assertEqual(channel.livechat_operator_id, self.queue_partner)
        self.assertFalse(channel.livechat_agent_id)
        self.assertNotIn(self.queue_partner, channel.channel_member_ids.partner_id)
        self.assertEqual(channel.livechat_status, "in_progress", "Odoo's own status is untouched")
        self.assertEqual(channel.livechat_failure, "no_agent")
        # the visitor is told they are queued, and their place in the queue
        notice = channel.message_ids.filtered(lambda m: m.message_type == "notification")
        self.assertIn("You are number 1 in the queue", notice.body)
        self.opener.cookies.clear()  # a second visitor
        second = self.start_visitor_chat("Me too")
        # told once they wrote: the notice follows their message
        self.assertIn("You are number 2 in the queue", second.message_ids[0].body)

    def test_queue_can_be_switched_off(self):
        self.livechat_channel.queue_when_unavailable = False
        self.assertFalse(self.livechat_channel._is_livechat_available())
        data = self.make_jsonrpc_request(
            "/im_livechat/get_session", {"channel_id": self.livechat_channel.id}
        )
        self.assertFalse(data, "Odoo's behaviour: no session without an operator")

    def test_take_shows_every_earlier_message_with_its_time(self):
        with freeze_time(T0):
            channel = self.start_visitor_chat("First question")
        with freeze_time(T0 + timedelta(minutes=2)):
            self.visitor_post(channel, "Anybody there?")
        with freeze_time(T0 + timedelta(minutes=5)):
            action = channel.with_user(self.agent).action_livechat_take()
        self.assertEqual(action["tag"], "mail.action_discuss")
        self.assertEqual(channel.livechat_state, "chatting")
        self.assertEqual(channel.livechat_agent_id, self.agent.partner_id)
        self.assertEqual(channel.livechat_operator_id, self.agent.partner_id)
        # the agent, now a member, reads the whole conversation, each message with its time
        messages = channel.with_user(self.agent).message_ids.filtered(
            lambda m: m.message_type == "comment"
        )
        self.assertEqual(
            [(m.body, m.date) for m in messages.sorted("id")],
            [
                ("<span>First question</span>", T0),
                ("<span>Anybody there?</span>", T0 + timedelta(minutes=2)),
            ],
        )
        with freeze_time(T0 + timedelta(minutes=9)):
            channel.invalidate_recordset(["livechat_queue_seconds", "livechat_chat_seconds"])
            self.assertEqual(channel.livechat_queue_seconds, 300)
            self.assertEqual(channel.livechat_chat_seconds, 240)
            # since the visitor's first unanswered message (T0): the second one (T0 + 2
            # min) does not restart the clock
            self.assertEqual(channel.livechat_unanswered_seconds, 540)

    def test_agent_reply_answers_the_visitor(self):
        with freeze_time(T0):
            channel = self.start_visitor_chat("Question")
        self.assertEqual(channel.livechat_unanswered_dt, T0)
        channel.with_user(self.agent).action_livechat_take()
        channel.with_user(self.agent).message_post(
            body="Hello!", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self.assertFalse(channel.livechat_unanswered_dt)
        self.assertEqual(channel.livechat_unanswered_seconds, 0)

    def test_routed_session_waits_for_its_agent(self):
        self.env["mail.presence"]._update_presence(self.agent)  # Alice is online
        channel = self.start_visitor_chat("Question")
        self.assertEqual(channel.livechat_operator_id, self.agent.partner_id)
        self.assertEqual(channel.livechat_state, "waiting")
        channel.with_user(self.agent).message_post(
            body="Hi!", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self.assertEqual(channel.livechat_state, "chatting")
        self.assertTrue(channel.livechat_chatting_dt)

    def test_illegal_transition_is_refused(self):
        channel = self.start_visitor_chat("Question")
        channel._livechat_set_state("left")
        with self.assertRaisesRegex(UserError, "cannot go from Left to Chatting"):
            channel._livechat_set_state("chatting")
        with self.assertRaisesRegex(UserError, "Unknown"):
            channel._livechat_set_state("bogus")
        self.assertEqual(channel.livechat_state, "left")

    def test_visitor_closing_is_closed_and_an_agent_can_reconnect(self):
        with freeze_time(T0):
            channel = self.visitor_session(agent=self.agent)
        with freeze_time(T0 + timedelta(minutes=3)):
            self.visitor_leaves(channel)
        self.assertEqual(channel.livechat_state, "closed")
        self.assertEqual(channel.livechat_closed_dt, T0 + timedelta(minutes=3))
        self.assertEqual(channel.livechat_end_dt, T0 + timedelta(minutes=3))
        self.assertFalse(channel.livechat_status, "Odoo's status is cleared on a closed session")
        # an agent reconnects: the session is open again, consistently for Odoo
        channel.with_user(self.agent).action_livechat_take()
        self.assertEqual(channel.livechat_state, "chatting")
        self.assertFalse(channel.livechat_end_dt)
        self.assertEqual(channel.livechat_status, "in_progress")

    def test_left_is_not_closed(self):
        channel = self.start_visitor_chat("Question")
        channel._livechat_set_state("left")
        self.assertEqual(channel.livechat_state, "left")
        self.assertTrue(channel.livechat_left_dt)
        self.assertFalse(channel.livechat_closed_dt)
        self.assertTrue(channel.livechat_end_dt)
        with self.assertRaisesRegex(UserError, "left the website"):
            channel.with_user(self.agent).action_livechat_take()

    def test_agent_close_button(self):
        channel = self.visitor_session(agent=self.agent)
        channel.with_user(self.agent).action_livechat_close()
        self.assertEqual(channel.livechat_state, "closed")
        self.assertIn("Alice Agent closed the conversation", channel.message_ids[0].body)

    def test_invited_visitor_is_reserved_for_the_inviting_agent(self):
        self.env["website"].get_current_website().channel_id = self.livechat_channel
        visitor = self.env["website.visitor"].create({"access_token": "a" * 32})
        visitor.with_user(self.agent).action_send_chat_request()
        channel = visitor.discuss_channel_ids
        self.assertEqual(channel.livechat_state, "invited")
        with self.assertRaisesRegex(UserError, "Alice Agent invited this visitor"):
            channel.with_user(self.agent_bob).action_livechat_take()
        with self.assertRaisesRegex(UserError, "Alice Agent invited this visitor"):
            visitor.with_user(self.agent_bob).action_send_chat_request()
        with self.assertRaisesRegex(UserError, "Only Alice Agent"):
            channel.with_user(self.agent_bob).action_livechat_release()
        # the inviting agent lets go: the others may invite the visitor again
        channel.with_user(self.agent).action_livechat_release()
        self.assertEqual(channel.livechat_state, "closed")
        self.assertTrue(channel.livechat_end_dt)
        visitor.with_user(self.agent_bob).action_send_chat_request()
        bob_invite = visitor.discuss_channel_ids - channel
        self.assertEqual(bob_invite.livechat_state, "invited")
        self.assertEqual(bob_invite.livechat_operator_id, self.agent_bob.partner_id)

    def test_visitor_reply_to_an_invitation_is_chatting(self):
        self.env["website"].get_current_website().channel_id = self.livechat_channel
        visitor = self.env["website.visitor"].create({"access_token": "b" * 32})
        visitor.with_user(self.agent).action_send_chat_request()
        channel = visitor.discuss_channel_ids
        guest = channel.livechat_customer_guest_ids
        self.assertTrue(guest, "Odoo gives the invited visitor a guest")
        # posted as /mail/message/post does for the visitor: the public user's guest
        channel.with_user(self.env.ref("base.public_user")).sudo().with_context(
            guest=guest
        ).message_post(body="Yes please!", message_type="comment", subtype_xmlid="mail.mt_comment")
        self.assertEqual(channel.livechat_state, "chatting")
        self.assertEqual(channel.livechat_agent_id, self.agent.partner_id)
        self.assertEqual(channel.livechat_question, "Yes please!")

    def test_dropped_connection_closes_then_resumes_or_leaves(self):
        Channel, Presence = self.env["discuss.channel"], self.env["mail.presence"]
        with freeze_time(T0):
            channel = self.start_visitor_chat("Question")
            guest = channel.livechat_customer_guest_ids
            Presence._update_presence(guest)
        with freeze_time(T0 + timedelta(minutes=2)):
            channel.with_user(self.agent).action_livechat_take()
        self.assertEqual(channel.livechat_chatting_dt, T0 + timedelta(minutes=2))
        # connected for 30 minutes (no heartbeat moves last_poll), then the connection drops
        drop = T0 + timedelta(minutes=30)
        with freeze_time(drop):
            self.visitor_connection_closes(guest)
        self.assertEqual(guest.presence_ids.status, "offline")
        with freeze_time(drop + timedelta(seconds=30)):
            Channel._cron_livechat_watch_visitors()
        self.assertEqual(channel.livechat_state, "chatting", "a short blip is no drop")
        with freeze_time(drop + timedelta(seconds=90)):
            Channel._cron_livechat_watch_visitors()
        self.assertEqual(channel.livechat_state, "closed", "dropped after 90 s: CLOSED")
        self.assertEqual(channel.livechat_resume_state, "chatting")
        self.assertFalse(channel.livechat_end_dt, "a dropped connection does not end the chat")
        with freeze_time(drop + timedelta(minutes=5)):
            Channel._cron_livechat_watch_visitors()
        self.assertEqual(channel.livechat_state, "closed", "not LEFT before 10 minutes")
        # the visitor comes back: the chat resumes, its chat time continues
        with freeze_time(drop + timedelta(minutes=6)):
            Presence._update_presence(guest)
            Channel._cron_livechat_watch_visitors()
            self.assertEqual(channel.livechat_state, "chatting")
            self.assertFalse(channel.livechat_resume_state)
            self.assertEqual(channel.livechat_chatting_dt, T0 + timedelta(minutes=2))
            channel.invalidate_recordset(["livechat_chat_seconds"])
            self.assertEqual(channel.livechat_chat_seconds, 34 * 60, "continues, not restarts")
        # the visitor goes away for good: CLOSED (dropped), then LEFT after 10 minutes
        gone = drop + timedelta(minutes=7)
        with freeze_time(gone):
            self.visitor_connection_closes(guest)
        with freeze_time(gone + timedelta(minutes=2)):
            Channel._cron_livechat_watch_visitors()
        self.assertEqual(channel.livechat_state, "closed")
        with freeze_time(gone + timedelta(minutes=10)):
            Channel._cron_livechat_watch_visitors()
        self.assertEqual(channel.livechat_state, "left")
        self.assertEqual(channel.livechat_left_dt, gone + timedelta(minutes=10))
        self.assertEqual(channel.livechat_end_dt, gone + timedelta(minutes=10))

    def test_queued_visitor_back_after_a_drop_keeps_their_place(self):
        Channel, Presence = self.env["discuss.channel"], self.env["mail.presence"]
        with freeze_time(T0):
            first = self.start_visitor_chat("First in line")
            guest = first.livechat_customer_guest_ids
            Presence._update_presence(guest)
        with freeze_time(T0 + timedelta(minutes=1)):
            self.start_visitor_chat("Second in line")
            self.visitor_connection_closes(guest)
        with freeze_time(T0 + timedelta(minutes=3)):
            Channel._cron_livechat_watch_visitors()
        self.assertEqual(first.livechat_state, "closed")
        with freeze_time(T0 + timedelta(minutes=4)):
            Presence._update_presence(guest)
            Channel._cron_livechat_watch_visitors()
            self.assertEqual(first.livechat_state, "in_queue")
            self.assertEqual(first.livechat_in_queue_dt, T0, "the place in the queue is kept")
            first.invalidate_recordset(["livechat_queue_seconds"])
            self.assertEqual(first.livechat_queue_seconds, 4 * 60)

    def test_no_presence_is_unknown_and_never_drops(self):
        with freeze_time(T0):
            channel = self.start_visitor_chat("Question")
            self.assertFalse(channel.livechat_customer_guest_ids.presence_ids)
        with freeze_time(T0 + timedelta(hours=1)):
            self.env["discuss.channel"]._cron_livechat_watch_visitors()
        self.assertEqual(channel.livechat_state, "in_queue")

    def test_visitor_writing_after_a_drop_resumes_the_chat(self):
        channel = self.start_visitor_chat("Question")
        channel._livechat_set_state("closed", dropped=True)
        self.visitor_post(channel, "Sorry, my connection dropped")
        self.assertEqual(channel.livechat_state, "in_queue")

    def test_closed_by_the_visitor_is_not_watched(self):
        channel = self.visitor_session(leaves=True)
        with freeze_time(fields.Datetime.now() + timedelta(hours=1)):
            self.env["discuss.channel"]._cron_livechat_watch_visitors()
        channel.invalidate_recordset()
        self.assertEqual(channel.livechat_state, "closed", "an ended chat stays closed")

    def test_visitor_closing_a_dropped_chat_ends_it(self):
        channel = self.start_visitor_chat("Question")
        channel._livechat_set_state("closed", dropped=True)
        self.visitor_leaves(channel)
        self.assertEqual(channel.livechat_state, "closed")
        self.assertTrue(channel.livechat_end_dt)
        self.assertFalse(channel.livechat_resume_state, "nothing left to resume")
