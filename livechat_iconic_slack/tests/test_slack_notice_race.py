import uuid

from odoo import Command, api
from odoo.tests import tagged

from odoo.addons.livechat_iconic.tests.real_transactions import RealTransactionsCase

from .common import set_slack_params

PARAMS = ("enabled", "bot_token", "channel", "base_url", "signing_secret")


@tagged("post_install", "-at_install")
class TestSlackNoticeRace(RealTransactionsCase):
    """A session changes while the outbox's cron is sending its notice, each in its own
    transaction on PostgreSQL (as a visitor's request and the cron run them): the change
    is never lost, and the visitor's request never waits for the cron's call to Slack.
    Records are committed, then removed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        tag = uuid.uuid4().hex[:8]
        with cls._cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            params = env["ir.config_parameter"]
            cls.saved_params = {
                key: params.get_param(f"livechat_iconic_slack.{key}") for key in PARAMS
            }
            set_slack_params(env, "http://127.0.0.1:9/api/")
            cls.livechat_id = env["im_livechat.channel"].create({"name": f"Race {tag}"}).id
            cls.guest_id = env["mail.guest"].create({"name": f"Racer {tag}"}).id
        cls.addClassCleanup(cls._remove_committed_records)

    @classmethod
    def _remove_committed_records(cls):
        with cls._cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            sessions = env["discuss.channel"].search(
                [("livechat_channel_id", "=", cls.livechat_id)]
            )
            env["livechat_iconic_slack.outbox"].search(
                [("session_id", "in", sessions.ids)]
            ).unlink()
            sessions.unlink()
            env["im_livechat.channel"].browse(cls.livechat_id).unlink()
            env["mail.guest"].browse(cls.guest_id).unlink()
            for key, value in cls.saved_params.items():
                env["ir.config_parameter"].set_param(f"livechat_iconic_slack.{key}", value or False)

    def _queued_session(self):
        """A visitor's session IN QUEUE, committed: its notice is pending in the outbox."""
        with self._cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            session = env["discuss.channel"].create(
                {
                    "name": "Racer",
                    "channel_type": "livechat",
                    "livechat_channel_id": self.livechat_id,
                    "livechat_operator_id": env["discuss.channel"]._livechat_queue_partner().id,
                    "channel_member_ids": [
                        Command.create(
                            {"guest_id": self.guest_id, "livechat_member_type": "visitor"}
                        )
                    ],
                    "livechat_held": False,  # announced (its visitor wrote)
                }
            )
            post = env["livechat_iconic_slack.outbox"].search([("session_id", "=", session.id)])
            self.assertEqual((post.kind, post.state), ("post", "pending"))
            return session.id, post.id

    def _visitor_asks(self, cr, session_id):
        """The visitor's first message, as _livechat_on_message records it."""
        env = api.Environment(cr, api.SUPERUSER_ID, {})
        session = env["discuss.channel"].browse(session_id)
        session.write({"livechat_question": "Are you there?"})
        session._livechat_notify_board(["livechat_question"])
        cr.commit()  # pylint: disable=invalid-commit

    def _updates(self, session_id):
        with self._cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            return env["livechat_iconic_slack.outbox"].search_count(
                [("session_id", "=", session_id), ("kind", "=", "update")]
            )

    def test_a_change_while_the_cron_sends_the_notice_is_not_lost(self):
        session_id, post_id = self._queued_session()
        with self._cursor() as cron_cr, self._cursor() as visitor_cr:
            # the cron holds the post: it is rendering and sending it
            cron_cr.execute(
                "SELECT id FROM livechat_iconic_slack_outbox WHERE id = %s FOR UPDATE", [post_id]
            )
            self._visitor_asks(visitor_cr, session_id)  # does not wait for the cron
            cron_cr.rollback()
        self.assertEqual(self._updates(session_id), 1, "an update will tell the question")

    def test_a_change_before_the_notice_is_sent_needs_no_update(self):
        session_id, _post_id = self._queued_session()
        with self._cursor() as visitor_cr:
            self._visitor_asks(visitor_cr, session_id)
        self.assertEqual(self._updates(session_id), 0, "the post, rendered later, tells it")

    def test_a_notice_sent_since_the_visitor_request_began(self):
        session_id, post_id = self._queued_session()
        with self._cursor() as cron_cr, self._cursor() as visitor_cr:
            visitor_env = api.Environment(visitor_cr, api.SUPERUSER_ID, {})
            # the visitor's request has begun (its snapshot sees the post pending)...
            visitor_env["livechat_iconic_slack.outbox"].browse(post_id).read(["state"])
            # ...when the cron sends the post and commits
            cron_cr.execute(
                "UPDATE livechat_iconic_slack_outbox SET state = 'done', slack_ts = '1.1' "
                "WHERE id = %s",
                [post_id],
            )
            cron_cr.commit()
            self._visitor_asks(visitor_cr, session_id)
        self.assertEqual(self._updates(session_id), 1)
