from odoo.tests import tagged

from .common import SlackCase


@tagged("post_install", "-at_install")
class TestSlackErase(SlackCase):
    """An erased visitor's notices leave Slack (``chat.delete`` through the outbox), and
    nothing more about them is sent."""

    def test_a_sent_notice_is_deleted(self):
        session = self.visitor_session("My name is Vera, 12 Elm Street")
        other = self.visitor_session("Someone else")
        self.send_until_done()
        self.assertEqual(len(self.slack.messages), 2)
        ts = session.livechat_slack_ts
        session.with_user(self.agent).action_livechat_take()  # an update waits
        self.assertTrue(
            self.outbox.search([("session_id", "=", session.id), ("state", "=", "pending")])
        )

        session._livechat_erase_personal_data()

        self.assertFalse(self.slack.calls("chat.delete"), "Slack is called after commit")
        self.send_until_done()
        [delete] = self.slack.calls("chat.delete")
        self.assertEqual((delete["channel"], delete["ts"]), ("CSUPPORT", ts))
        self.assertEqual(
            [key for key in self.slack.messages], [("CSUPPORT", other.livechat_slack_ts)]
        )
        self.assertFalse(self.slack.calls("chat.update"), "the pending update was cancelled")
        rows = self.outbox.search([("session_id", "=", session.id)])
        self.assertEqual(
            sorted(rows.mapped(lambda r: (r.kind, r.state))),
            [("delete", "done"), ("post", "done"), ("update", "cancelled")],
        )
        # what happens to the session later tells Slack nothing more
        session.with_user(self.agent).action_livechat_close()
        self.assertFalse(
            self.outbox.search([("session_id", "=", session.id), ("state", "=", "pending")])
        )
        session._livechat_erase_personal_data()  # erasing again queues nothing twice
        self.assertEqual(len(self.outbox.search([("kind", "=", "delete")])), 1)

    def test_a_notice_not_sent_yet_is_never_sent(self):
        session = self.visitor_session("Erase me before Slack hears of me")
        session._livechat_erase_personal_data()
        self.send_until_done()
        self.assertFalse(self.slack.calls(), "neither posted nor deleted")
        post = self.outbox.search([("session_id", "=", session.id)])
        self.assertEqual((post.kind, post.state), ("post", "cancelled"))

    def test_a_notice_whose_answer_was_lost_is_found_and_deleted(self):
        other = self.visitor_session("Someone else")
        self.send_until_done()  # the channel's id is known from then on
        session = self.visitor_session("Hello")
        self.slack.lose_answer("chat.postMessage")
        with self.assertLogs("odoo.addons.livechat_iconic_slack", "WARNING") as logs:
            self.send()
        self.assertIn("no_answer", logs.output[0])
        post = self.outbox.search([("session_id", "=", session.id)])
        self.assertTrue(post.maybe_posted, "precondition: Slack has it, we do not know")
        [(channel_id, ts)] = [
            key
            for key, sent in self.slack.messages.items()
            if sent["metadata"]["event_payload"]["key"] == post.dedup_key
        ]
        session._livechat_erase_personal_data()
        self.send_until_done()
        [delete] = self.slack.calls("chat.delete")
        self.assertEqual((delete["channel"], delete["ts"]), (channel_id, ts))
        self.assertEqual(list(self.slack.messages), [("CSUPPORT", other.livechat_slack_ts)])
        self.assertEqual(post.state, "cancelled", "never posted a second time")
        self.assertEqual(len(self.posts()), 2)

    def test_a_notice_slack_no_longer_has_counts_as_deleted(self):
        session = self.visitor_session("Hello")
        self.send_until_done()
        self.slack.messages.clear()  # deleted in Slack by hand
        session._livechat_erase_personal_data()
        self.send_until_done()
        [delete] = self.outbox.search([("session_id", "=", session.id), ("kind", "=", "delete")])
        self.assertEqual(delete.state, "done")
        self.assertEqual(len(self.slack.calls("chat.delete")), 1)
