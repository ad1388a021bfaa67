from datetime import timedelta

from odoo.tests import Form, tagged

from .test_inactivity import REMINDER, T0, InactivityCase, at


@tagged("post_install", "-at_install")
class TestTimeouts(InactivityCase):
    """Timeouts as each company writes them: a silent chat closed after N minutes without a
    reminder (telematics maker: 3), or a reminder then a close (help-desk SOP: the agent's
    "no response" timeout of 4 minutes after the agent's last message, then 2); the
    visitor's silence is a setting of its own."""

    def test_close_without_reminder_after_3_minutes(self):
        self.livechat_channel.write(
            {"livechat_reminder_minutes": 0, "livechat_silent_close_minutes": 3}
        )
        channel = self.chatting()
        self.assertTrue(self.triggers_at(T0 + timedelta(minutes=3)), "woken when it is due")
        with at(minutes=2, seconds=59):
            self.run_cron()
        self.assertEqual(channel.livechat_state, "chatting")
        with at(minutes=3):
            self.run_cron()
        self.assertEqual(channel.livechat_state, "closed")
        self.assertEqual(channel.livechat_outcome, "visitor_inactive")
        self.assertEqual(channel.livechat_end_dt, T0 + timedelta(minutes=3))
        self.assertFalse(channel.livechat_reminder_state, "no reminder")
        self.assertFalse(self.bus(REMINDER), "none proposed either")
        self.assertEqual(len(self.comments(channel)), 2, "the question and the answer only")

    def test_the_silence_counts_from_the_agents_last_message(self):
        self.livechat_channel.write(
            {"livechat_reminder_minutes": 0, "livechat_silent_close_minutes": 3}
        )
        channel = self.chatting()
        with at(minutes=2):
            self.agent_says(channel, "Do you see the device in the portal?")
        with at(minutes=4, seconds=59):
            self.run_cron()
        self.assertEqual(channel.livechat_state, "chatting", "3 minutes after the last one")
        with at(minutes=4, seconds=59):
            self.visitor_post(channel, "Let me look")
        with at(minutes=30):
            self.run_cron()
        self.assertEqual(channel.livechat_state, "chatting", "the visitor answered")

    def test_remind_after_4_minutes_then_close_2_minutes_later(self):
        self.livechat_channel.write(
            {
                "livechat_reminder_minutes": 4,
                "livechat_reminder_mode": "send",
                "livechat_inactive_close_minutes": 2,
            }
        )
        channel = self.chatting()
        with at(minutes=3, seconds=59):
            self.run_cron()
        self.assertFalse(channel.livechat_reminder_state)
        with at(minutes=4):
            self.run_cron()
        self.assertEqual(channel.livechat_reminder_state, "sent")
        self.assertIn("Are you still there?", self.comments(channel)[-1].body)
        with at(minutes=5, seconds=59):
            self.run_cron()
        self.assertEqual(channel.livechat_state, "chatting")
        with at(minutes=6):
            self.run_cron()
        self.assertEqual(channel.livechat_outcome, "visitor_inactive")
        self.assertEqual(channel.livechat_end_dt, T0 + timedelta(minutes=6))

    def test_no_response_timeout_and_silence_limit_are_separate(self):
        # the SOP's reminder at 4 then a close 2 later, and a silence limit of 10 minutes
        # for chats whose reminder only reminds
        self.livechat_channel.write(
            {
                "livechat_reminder_minutes": 4,
                "livechat_reminder_mode": "send",
                "livechat_inactive_close_minutes": 0,
                "livechat_silent_close_minutes": 10,
            }
        )
        channel = self.chatting()
        with at(minutes=4):
            self.run_cron()
        self.assertEqual(channel.livechat_reminder_state, "sent")
        self.assertTrue(self.triggers_at(T0 + timedelta(minutes=10)))
        with at(minutes=9, seconds=59):
            self.run_cron()
        self.assertEqual(channel.livechat_state, "chatting")
        with at(minutes=10):
            self.run_cron()
        self.assertEqual(channel.livechat_outcome, "visitor_inactive")

    def test_a_shorter_silence_limit_closes_before_the_reminder(self):
        self.livechat_channel.write(
            {
                "livechat_reminder_minutes": 4,
                "livechat_reminder_mode": "send",
                "livechat_inactive_close_minutes": 2,
                "livechat_silent_close_minutes": 3,
            }
        )
        channel = self.chatting()
        with at(minutes=3):
            self.run_cron()
        self.assertEqual(channel.livechat_state, "closed")
        self.assertFalse(channel.livechat_reminder_state, "never reminded")
        self.assertEqual(len(self.comments(channel)), 2)

    def test_setting_the_silence_limit_wakes_the_timers_for_it(self):
        self.livechat_channel.livechat_reminder_minutes = 0
        self.chatting()
        self.assertFalse(self.triggers_at(T0 + timedelta(minutes=3)))
        with at():
            self.livechat_channel.livechat_silent_close_minutes = 3
            self.run_cron()  # woken by the change: it wakes itself when the close is due
        self.assertTrue(self.triggers_at(T0 + timedelta(minutes=3)))

    def test_the_queue_form_shows_both_settings(self):
        with Form(self.livechat_channel) as queue:
            queue.livechat_reminder_minutes = 0
            queue.livechat_silent_close_minutes = 3
        self.assertEqual(self.livechat_channel.livechat_silent_close_minutes, 3)
        with Form(self.livechat_channel) as queue:
            queue.livechat_reminder_minutes = 4
            queue.livechat_inactive_close_minutes = 2
            queue.livechat_silent_close_minutes = 0
        self.assertEqual(self.livechat_channel._livechat_reminder_delays()[0], timedelta(minutes=4))
