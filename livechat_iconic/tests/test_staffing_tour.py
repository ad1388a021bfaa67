from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestStaffingTour(HttpCase):
    def test_forecast_shows_short_hours_in_red(self):
        manager = new_test_user(
            self.env,
            login="staffing_tour_manager",
            groups="base.group_user,im_livechat.im_livechat_group_manager",
        )
        # the forecast's default queue: the first one; nobody is scheduled on it
        queue = self.env["im_livechat.channel"].search([], limit=1)
        queue.user_ids = [Command.clear()]
        week_ago = fields.Datetime.now().replace(minute=0, second=0) - timedelta(days=7)
        self.env["discuss.channel"].create(
            [
                {
                    "name": f"Visitor {minute}",
                    "channel_type": "livechat",
                    "livechat_channel_id": queue.id,
                    "livechat_operator_id": manager.partner_id.id,
                    "livechat_state": "closed",
                    "livechat_in_queue_dt": week_ago + timedelta(minutes=minute),
                    "livechat_first_answer_dt": week_ago + timedelta(minutes=minute + 1),
                    "livechat_end_dt": week_ago + timedelta(minutes=minute + 7),
                }
                for minute in range(0, 60, 6)
            ]
        )
        self.start_tour("/odoo", "livechat_iconic_staffing", login=manager.login)
