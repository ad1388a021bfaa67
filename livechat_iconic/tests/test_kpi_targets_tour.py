from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged

from .common import AGENT_GROUPS


@tagged("post_install", "-at_install")
class TestKpiTargetsTour(HttpCase):
    def test_targets_dashboard_red_and_green(self):
        manager = new_test_user(
            self.env,
            login="kpi_tour_manager",
            groups="base.group_user,im_livechat.im_livechat_group_manager",
        )
        alice = new_test_user(self.env, login="kpi_tour_alice", groups=AGENT_GROUPS, name="Alice")
        queue = self.env["im_livechat.channel"].create({"name": "KPI Tour"})
        now = fields.Datetime.now()
        start = now - timedelta(minutes=10)
        common = {
            "channel_type": "livechat",
            "livechat_channel_id": queue.id,
            "livechat_operator_id": alice.partner_id.id,
            "livechat_loading_dt": start,
            "livechat_in_queue_dt": start,
            "livechat_dequeued_dt": start + timedelta(seconds=30),
            "livechat_waiting_dt": start + timedelta(seconds=30),
            "livechat_end_dt": now,
        }
        self.env["discuss.channel"].create(
            [
                # answered one minute after queued: on target
                {
                    **common,
                    "name": "Answered",
                    "livechat_state": "closed",
                    "livechat_first_answer_dt": start + timedelta(seconds=60),
                    "livechat_chatting_dt": start + timedelta(seconds=60),
                    "livechat_closed_dt": now,
                },
                # left before Alice answered: missed
                {**common, "name": "Missed", "livechat_state": "left", "livechat_left_dt": now},
            ]
        )
        self.start_tour("/odoo", "livechat_iconic_kpi_targets", login=manager.login)
