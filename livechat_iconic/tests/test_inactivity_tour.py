from datetime import timedelta

from odoo import Command
from odoo.tests import tagged

from .common import LivechatIconicCase


@tagged("post_install", "-at_install")
class TestReminderTour(LivechatIconicCase):
    """In a real browser: the agent is proposed the courtesy reminder for a silent visitor
    and sends it from the notice, in their name."""

    def test_agent_sends_the_proposed_reminder_from_the_notice(self):
        admin = self.env.ref("base.user_admin")
        self.livechat_channel.user_ids = [Command.link(admin.id)]
        session = self.start_visitor_chat("Remind me please")
        session.with_user(admin).action_livechat_take()
        session.with_user(admin).message_post(
            body="Which show?", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        session.livechat_visitor_silent_dt -= timedelta(minutes=4)
        self.start_tour("/odoo", "livechat_iconic_reminder", login="admin")
        self.assertEqual(session.livechat_reminder_state, "sent")
        reminder = session.message_ids.filtered(lambda m: m.message_type == "comment")[0]
        self.assertEqual(reminder.author_id, admin.partner_id)
        self.assertIn("Are you still there?", reminder.body)
