from datetime import timedelta

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import LivechatIconicCase
from .test_inactivity import ALERT, T0, InactivityCase, at

SNOOZE_CRON = "livechat_iconic.ir_cron_livechat_snooze"


@tagged("post_install", "-at_install")
class TestSnooze(InactivityCase):
    """An agent snoozes a chat until a time or until the visitor replies: it leaves their
    list (Odoo's pinning) and comes back with a notice; meanwhile the visitor is neither
    reminded nor closed for silence."""

    def member(self, channel, user):
        return channel.channel_member_ids.filtered(lambda m: m.partner_id == user.partner_id)

    def pinned(self, channel, user=None):
        member = self.member(channel, user or self.agent)
        member.invalidate_recordset()
        return member.is_pinned

    def run_snooze_cron(self):
        self.env["discuss.channel"]._cron_livechat_snooze()
        self.env.invalidate_all()

    def test_snooze_until_a_time_hides_then_brings_back_with_a_notice(self):
        channel = self.chatting()
        self.assertTrue(self.pinned(channel))
        with at(minutes=1):
            channel.with_user(self.agent).action_livechat_snooze(until=T0 + timedelta(hours=1))
        self.assertFalse(self.pinned(channel), "out of the agent's list")
        self.assertTrue(channel.livechat_snoozed)
        self.assertEqual(channel.livechat_snooze_dt, T0 + timedelta(hours=1))
        self.assertEqual(channel.livechat_snoozed_by_id, self.agent)
        cron = self.env.ref(SNOOZE_CRON)
        self.assertTrue(
            self.env["ir.cron.trigger"].search(
                [("cron_id", "=", cron.id), ("call_at", "=", T0 + timedelta(hours=1))]
            ),
            "woken at the snooze time",
        )
        # the visitor's silence is not counted meanwhile: no reminder, no closing
        self.assertFalse(channel.livechat_visitor_silent_dt)
        with at(minutes=30):
            self.run_cron()
            self.run_snooze_cron()
        self.assertEqual(channel.livechat_state, "chatting")
        self.assertFalse(channel.livechat_reminder_state)
        self.assertFalse(self.pinned(channel))
        self.env["bus.bus"].search([]).unlink()
        with at(hours=1):
            self.run_snooze_cron()
        self.assertTrue(self.pinned(channel), "back in the agent's list")
        self.assertFalse(channel.livechat_snoozed)
        self.assertFalse(channel.livechat_snooze_dt)
        [notice] = self.bus(ALERT, self.agent)
        self.assertIn("snoozed chat is back", notice["title"])
        self.assertIn("time is over", notice["body"])
        # and the visitor's silence counts again from now
        self.assertEqual(channel.livechat_visitor_silent_dt, T0 + timedelta(hours=1))

    def test_until_the_visitor_replies(self):
        channel = self.chatting()
        with at(minutes=1):
            channel.with_user(self.agent).action_livechat_snooze()
        self.assertTrue(channel.livechat_snoozed)
        self.assertFalse(channel.livechat_snooze_dt)
        # an agents-only notice or another member's message keeps it aside
        with at(minutes=2):
            channel.sudo().message_post(body="A notice", message_type="notification")
        self.assertFalse(self.pinned(channel))
        self.assertTrue(channel.livechat_snoozed)
        # hours later, the visitor has not been closed for silence
        with at(hours=3):
            self.run_cron()
        self.assertEqual(channel.livechat_state, "chatting")
        self.env["bus.bus"].search([]).unlink()
        with at(hours=3, minutes=1):
            self.visitor_post(channel, "Here is my order number")
        self.assertFalse(channel.livechat_snoozed)
        self.assertTrue(self.pinned(channel))
        [notice] = self.bus(ALERT, self.agent)
        self.assertIn("visitor replied", notice["body"])

    def test_the_agents_own_message_ends_it_silently(self):
        channel = self.chatting()
        with at(minutes=1):
            channel.with_user(self.agent).action_livechat_snooze()
        self.env["bus.bus"].search([]).unlink()
        with at(minutes=2):
            self.agent_says(channel, "I am back")
        self.assertFalse(channel.livechat_snoozed)
        self.assertTrue(self.pinned(channel))
        self.assertFalse(self.bus(ALERT, self.agent))

    def test_refused_values_and_rights(self):
        channel = self.chatting()
        with at(minutes=1):
            for until, error in (
                (T0, "not in the past"),
                (T0 + timedelta(days=31), "30 days at most"),
                ("not a date", "Choose when"),
            ):
                with self.subTest(until=until), self.assertRaisesRegex(UserError, error):
                    channel.with_user(self.agent).action_livechat_snooze(until=until)
            # an agent who is not in the chat cannot snooze it
            with self.assertRaisesRegex(UserError, "Only an agent of this chat"):
                channel.with_user(self.agent_bob).action_livechat_snooze()
        self.assertFalse(channel.livechat_snoozed, "nothing half-done")
        self.assertTrue(self.pinned(channel))
        queued = self.start_visitor_chat("Anyone?")
        self.assertEqual(queued.livechat_state, "in_queue")
        with self.assertRaisesRegex(UserError, "Only a chat in progress"):
            queued.with_user(self.agent).action_livechat_snooze()

    def test_the_chat_ending_ends_the_snooze(self):
        channel = self.chatting()
        with at(minutes=1):
            channel.with_user(self.agent).action_livechat_snooze(until=T0 + timedelta(hours=1))
            self.visitor_leaves(channel)
        self.assertIn(channel.livechat_state, ("closed", "left"))
        self.assertFalse(channel.livechat_snoozed)
        self.assertTrue(self.pinned(channel), "the ended chat is back in the agent's list")
        with at(hours=1):
            self.run_snooze_cron()  # nothing to bring back
        self.assertFalse(channel.livechat_snoozed)

    def test_dialog_tomorrow_at_nine_in_the_agents_time_zone(self):
        channel = self.chatting()
        self.agent.tz = "Europe/Brussels"  # UTC+1 in November
        with at(minutes=1):
            action = channel.with_user(self.agent).action_livechat_snooze_dialog()
            wizard = Form(
                self.env[action["res_model"]]
                .with_user(self.agent)
                .with_context(**action["context"])
            )
            wizard.mode = "tomorrow"
            wizard.save().action_confirm()
        self.assertEqual(channel.livechat_snooze_dt, T0.replace(day=3, hour=8))
        self.assertFalse(self.pinned(channel))


@tagged("post_install", "-at_install")
class TestSnoozeTour(LivechatIconicCase):
    def test_agent_snoozes_from_the_chat(self):
        channel = self.visitor_session(
            "Can you check my invoice?", agent=self.agent, reply="Let me look"
        )
        self.start_tour(
            f"/odoo/discuss?active_id=discuss.channel_{channel.id}",
            "livechat_iconic_snooze",
            login="iconic_alice",
        )
        channel.invalidate_recordset()
        self.assertTrue(channel.livechat_snoozed)
        self.assertFalse(channel.livechat_snooze_dt)
