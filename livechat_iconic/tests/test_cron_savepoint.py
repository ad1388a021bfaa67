import json

from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestCronSavepoint(TransactionCase):
    """A session a scheduled action leaves for a later run takes back, with its rows, the
    bus notices it queued: nobody is told of what did not happen."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sessions = cls.env["discuss.channel"].create(
            [{"name": f"Savepoint {i}", "channel_type": "channel"} for i in range(3)]
        )

    def _notices(self):
        """The ids the test's notices queued for the commit name, in order."""
        messages = [
            json.loads(value["message"])
            for value in self.env.cr.precommit.data.get("bus.bus.values", [])
        ]
        return [m["payload"]["id"] for m in messages if m["type"] == "livechat_iconic.test/done"]

    def _action(self, broken):
        def action(sessions):
            for session in sessions:
                session.name = f"{session.name} done"
                session._bus_send("livechat_iconic.test/done", {"id": session.id})
                if session == broken:
                    raise ValueError("broken session")

        return action

    def test_each_safely_takes_back_a_failed_sessions_notice(self):
        broken = self.sessions[1]
        with self.assertLogs("odoo.addons.livechat_iconic.models.discuss_channel_crons", "ERROR"):
            done, retry = self.sessions._livechat_each_safely(self._action(broken), "test")
        self.assertEqual(done, self.sessions - broken)
        self.assertFalse(retry)
        self.assertEqual(self._notices(), (self.sessions - broken).ids)
        self.assertEqual(broken.name, "Savepoint 1", "its write rolled back")
        self.assertEqual(self.sessions[2].name, "Savepoint 2 done")

    def test_all_safely_sends_once_per_session_after_a_failed_batch(self):
        broken = self.sessions[0]
        with self.assertLogs("odoo.addons.livechat_iconic.models.discuss_channel_crons", "ERROR"):
            retry = self.sessions._livechat_all_safely(self._action(broken), "test")
        self.assertFalse(retry)
        # the failed batch's notices are gone; each healthy session sent once, on its own
        self.assertEqual(self._notices(), (self.sessions - broken).ids)
