from datetime import datetime, timedelta

from odoo import Command
from odoo.tests import freeze_time, new_test_user, tagged

from odoo.addons.livechat_iconic.tests.common import AGENT_GROUPS

from .common import SlackCase

T0 = datetime(2030, 1, 1, 12, 0, 0)


@tagged("post_install", "-at_install")
class TestSlackAlertDm(SlackCase):
    """The Slack step of an unseen alert's escalation: a direct message to each
    supervisor, queued in the outbox and sent by its cron to the Slack-compatible test
    server (the member ID remembered, else found by e-mail), on record."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sue = new_test_user(
            cls.env,
            login="iconic_dm_sue",
            groups=f"{AGENT_GROUPS},im_livechat.im_livechat_group_manager",
            name="Sue Supervisor",
            email="sue@example.com",
        )
        cls.max = new_test_user(
            cls.env,
            login="iconic_dm_max",
            groups=f"{AGENT_GROUPS},im_livechat.im_livechat_group_manager",
            name="Max Supervisor",
            email="max@example.com",
        )
        cls.max.livechat_slack_user_id = "UMAX"
        cls.livechat_channel.write(
            {
                "livechat_alert_at_once": True,
                "livechat_alert_ack_limit": 60,
                "livechat_supervisor_ids": [Command.set((cls.sue | cls.max).ids)],
            }
        )

    def test_the_slack_step_sends_each_supervisor_a_direct_message(self):
        self.slack.users["sue@example.com"] = "USUE"
        Channel = self.env["discuss.channel"]
        session = self.announced_visitor(T0)
        with freeze_time(T0):
            Channel._cron_livechat_alert_operators()
        for seconds in (60, 120):
            with freeze_time(T0 + timedelta(seconds=seconds)):
                Channel._cron_livechat_alert_escalation()
        escalations = session.livechat_alert_escalation_ids
        self.assertEqual(escalations.mapped("step"), ["desktop", "slack"])
        self.assertEqual(escalations.mapped("recipient_count"), [2, 2])
        direct = self.outbox.search([("kind", "=", "direct")])
        self.assertEqual(sorted(direct.user_id.ids), sorted((self.sue | self.max).ids))
        # a second run of the same step queues nothing more
        self.assertEqual(session._livechat_alert_slack_dm(self.sue | self.max, "again"), 0)
        self.send_until_done(T0 + timedelta(seconds=121))
        self.assertEqual(set(direct.mapped("state")), {"done"})
        sent = self.slack.delivered("chat.postMessage")
        dms = {params["channel"] for params in sent if params["channel"].startswith("U")}
        self.assertEqual(dms, {"USUE", "UMAX"})
        self.assertTrue(all("Nobody has seen" in p["text"] for p in sent if p["channel"] in dms))
        # the member ID found by e-mail is remembered
        self.assertEqual(self.sue.livechat_slack_user_id, "USUE")
