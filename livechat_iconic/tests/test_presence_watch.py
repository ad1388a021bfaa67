from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from .common import LivechatIconicCase

T0 = datetime(2026, 11, 2, 9, 0, 0)


@tagged("post_install", "-at_install")
class TestPresenceWatch(LivechatIconicCase):
    """The presence watch at scale: batches, progress of the scheduled action, and one
    session's failure isolated from the others."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].set_param("livechat_iconic.watch_batch_size", 2)
        cls.cron = cls.env.ref("livechat_iconic.ir_cron_watch_visitors")

    def _sessions_whose_visitors_dropped(self, count):
        sessions = self.env["discuss.channel"]
        with freeze_time(T0):
            for i in range(count):
                self.opener.cookies.clear()  # each session its own visitor (guest)
                session = self.start_visitor_chat(f"Question {i}")
                guest = session.livechat_customer_guest_ids
                self.env["mail.presence"]._update_presence(guest)
                self.visitor_connection_closes(guest)
                sessions |= session
        return sessions

    def test_batches_cover_every_session(self):
        sessions = self._sessions_whose_visitors_dropped(5)
        with freeze_time(T0 + timedelta(minutes=2)):
            self.env["discuss.channel"]._cron_livechat_watch_visitors()
        self.assertEqual(sessions.mapped("livechat_state"), ["closed"] * 5)
        self.assertEqual(sessions.mapped("livechat_resume_state"), ["in_queue"] * 5)

    def test_scheduled_action_commits_batches_with_progress(self):
        sessions = self._sessions_whose_visitors_dropped(5)
        with freeze_time(T0 + timedelta(minutes=2)):
            self.cron.method_direct_trigger()
        sessions.invalidate_recordset()
        self.assertEqual(sessions.mapped("livechat_state"), ["closed"] * 5)
        progress = self.env["ir.cron.progress"].search(
            [("cron_id", "=", self.cron.id)], order="id desc", limit=1
        )
        self.assertEqual((progress.done, progress.remaining), (5, 0))

    def test_a_failing_session_does_not_stop_the_others(self):
        broken, *others = self._sessions_whose_visitors_dropped(3)
        # the broken session's visitor is back: the watch will try to resume it
        # corrupt data: a session dropped from a state it may not resume to
        broken.sudo().write({"livechat_state": "closed", "livechat_resume_state": "invited"})
        others_ids = [s.id for s in others]
        self.assertEqual(
            sorted(
                self.env["discuss.channel"].browse(others_ids)._livechat_visitor_offline_since()
            ),
            others_ids,
            "precondition: the other visitors are offline",
        )
        with (
            freeze_time(T0 + timedelta(minutes=2)),
            self.assertLogs(
                "odoo.addons.livechat_iconic.models.discuss_channel_crons", "ERROR"
            ) as logs,
        ):
            self.env["mail.presence"]._update_presence(broken.livechat_customer_guest_ids)
            self.env["discuss.channel"]._cron_livechat_watch_visitors()
        self.assertEqual(len(logs.output), 1, logs.output)
        self.assertIn(f"session {broken.id} failed", logs.output[0])
        self.assertEqual(
            [(s.id, s.livechat_state, s.livechat_resume_state) for s in others],
            [(i, "closed", "in_queue") for i in others_ids],
            broken.id,
        )
        self.assertEqual(broken.livechat_state, "closed", "left as it was")
