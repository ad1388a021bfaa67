import uuid
from datetime import timedelta

from odoo import Command, api, fields
from odoo.tests import tagged

from .real_transactions import RealTransactionsCase


@tagged("post_install", "-at_install")
class TestInactivityConcurrency(RealTransactionsCase):
    """The inactivity cron and a request on the same session, each in its own transaction
    on PostgreSQL: a session another transaction holds, or changed since the cron read
    it, is left alone and tried again a minute later, without an error in the log.

    The data must be committed for two connections to see it, so this test commits its
    own records and removes them afterwards.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with cls._cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            cls.first_trigger_id = cls._last_trigger_id(env) + 1
            groups = [
                env.ref("base.group_user").id,
                env.ref("im_livechat.im_livechat_group_user").id,
            ]
            agent = env["res.users"].create(
                {
                    "name": "Silent Race Agent",
                    "login": f"iconic_silent_race_{uuid.uuid4().hex[:8]}",
                    "group_ids": [Command.set(groups)],
                }
            )
            livechat = env["im_livechat.channel"].create(
                {
                    "name": "Silent race queue",
                    "user_ids": [Command.set(agent.ids)],
                    "livechat_reminder_mode": "send",
                    # the visitor's timer only: the cron's own wake-ups are the ones seen
                    "livechat_agent_answer_seconds": 0,
                    "livechat_first_response_target": 3600,
                }
            )
            guest = env["mail.guest"].create({"name": "Silent visitor"})
            channel = env["discuss.channel"].create(
                {
                    "name": "Silent visitor",
                    "channel_type": "livechat",
                    "livechat_channel_id": livechat.id,
                    "livechat_operator_id": agent.partner_id.id,
                    "channel_member_ids": [
                        Command.create({"guest_id": guest.id, "livechat_member_type": "visitor"}),
                        Command.create(
                            {"partner_id": agent.partner_id.id, "livechat_member_type": "agent"}
                        ),
                    ],
                }
            )
            channel._livechat_set_state("chatting")
            # the agent's last message, unanswered for 10 minutes: the reminder is due
            channel.livechat_visitor_silent_dt = fields.Datetime.now() - timedelta(minutes=10)
            cls.agent_id, cls.livechat_id, cls.channel_id = agent.id, livechat.id, channel.id
        cls.addClassCleanup(cls._remove_committed_records)

    @staticmethod
    def _last_trigger_id(env):
        return env["ir.cron.trigger"].search([], order="id desc", limit=1).id or 0

    @classmethod
    def _remove_committed_records(cls):
        with cls._cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            env["ir.cron.trigger"].search([("id", ">=", cls.first_trigger_id)]).unlink()
            env["discuss.channel"].search([("livechat_channel_id", "=", cls.livechat_id)]).unlink()
            env["im_livechat.channel"].browse(cls.livechat_id).unlink()
            env["res.users"].browse(cls.agent_id).unlink()

    def _cron_result(self, cr):
        """Run the cron in ``cr``: (the session's reminder state, a retry trigger set)."""
        env = api.Environment(cr, api.SUPERUSER_ID, {})
        now = fields.Datetime.now()
        cron = env.ref("livechat_iconic.ir_cron_livechat_timers")
        # a wake-up pending from other sessions (earlier tests' committed ones) would stand
        # for the retry ("woken by then"): none here, so the cron's own decision shows
        env["ir.cron.trigger"].search([("cron_id", "=", cron.id)]).unlink()
        last_trigger_id = self._last_trigger_id(env)
        with self.assertNoLogs("odoo.sql_db", "ERROR"):
            env["discuss.channel"]._cron_livechat_inactivity()
        retry = env["ir.cron.trigger"].search_count(
            [
                ("id", ">", last_trigger_id),
                ("cron_id", "=", cron.id),
                ("call_at", ">=", now + timedelta(seconds=50)),
                ("call_at", "<=", now + timedelta(seconds=70)),
            ]
        )
        state = env["discuss.channel"].browse(self.channel_id).livechat_reminder_state
        cr.rollback()  # nothing of the cron's work stays
        return state, bool(retry)

    def test_a_session_another_transaction_holds_is_tried_again(self):
        with self._cursor() as holder:
            # a request is writing on the session (e.g. the visitor's message)
            holder.execute(
                "SELECT id FROM discuss_channel WHERE id = %s FOR UPDATE", [self.channel_id]
            )
            with self._cursor() as cr:
                self.assertEqual(self._cron_result(cr), (False, True))
            holder.rollback()
        with self._cursor() as cr:
            self.assertEqual(self._cron_result(cr), ("sent", False), "free: handled")

    def test_a_session_changed_since_the_cron_read_it_is_tried_again(self):
        with self._cursor() as cr:
            # the cron's snapshot is taken at its first query...
            cr.execute(
                "SELECT livechat_state FROM discuss_channel WHERE id = %s", [self.channel_id]
            )
            # ... then another transaction changes the session and commits
            with self._cursor() as writer:
                writer.execute(
                    "UPDATE discuss_channel SET livechat_page_url = %s WHERE id = %s",
                    ["https://example.com/changed", self.channel_id],
                )
            self.assertEqual(self._cron_result(cr), (False, True))
