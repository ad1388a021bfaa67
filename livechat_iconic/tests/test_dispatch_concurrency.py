import uuid

from odoo import Command, api, fields
from odoo.tests import tagged

from .real_transactions import RealTransactionsCase


@tagged("post_install", "-at_install")
class TestDispatchSkipsLockedSessions(RealTransactionsCase):
    """A visitor posts in a queued session while the dispatch cron runs, each in their own
    PostgreSQL transaction: the cron does not wait for the visitor's row (it assigns the
    other sessions and comes back for that one), and the visitor's post goes through."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with cls._cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            groups = [
                env.ref("base.group_user").id,
                env.ref("im_livechat.im_livechat_group_user").id,
            ]
            agent = env["res.users"].create(
                {
                    "name": "Dispatch Race Agent",
                    "login": f"iconic_dispatch_race_{uuid.uuid4().hex[:8]}",
                    "group_ids": [Command.set(groups)],
                }
            )
            queue = env["im_livechat.channel"].create(
                {
                    "name": "Dispatch race queue",
                    "user_ids": [Command.set(agent.ids)],
                    "livechat_routing_mode": "assigned",
                }
            )
            guests = env["mail.guest"].create([{"name": "Busy visitor"}, {"name": "Free visitor"}])
            sessions = env["discuss.channel"].create(
                [
                    {
                        "name": guest.name,
                        "channel_type": "livechat",
                        "livechat_channel_id": queue.id,
                        "livechat_operator_id": env["discuss.channel"]._livechat_queue_partner().id,
                        "channel_member_ids": [
                            Command.create(
                                {"guest_id": guest.id, "livechat_member_type": "visitor"}
                            )
                        ],
                        "livechat_held": False,  # announced (their visitors wrote)
                    }
                    for guest in guests
                ]
            )
            cls.agent_id, cls.queue_id = agent.id, queue.id
            cls.guest_ids, cls.session_ids = guests.ids, sessions.ids
        cls.addClassCleanup(cls._remove_committed_records)

    @classmethod
    def _remove_committed_records(cls):
        with cls._cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            env["discuss.channel"].browse(cls.session_ids).unlink()
            env["im_livechat.channel"].browse(cls.queue_id).unlink()
            env["mail.guest"].browse(cls.guest_ids).unlink()
            agent = env["res.users"].browse(cls.agent_id)
            agent.presence_ids.unlink()
            agent.action_archive()

    def test_dispatch_skips_the_session_a_visitor_is_writing(self):
        busy_id, free_id = self.session_ids
        with self._cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            env["mail.presence"]._update_presence(env["res.users"].browse(self.agent_id))
            self.assertEqual(
                env["discuss.channel"].browse(self.session_ids).mapped("livechat_state"),
                ["in_queue", "in_queue"],
            )
        with self._cursor() as visitor_cr:
            visitor_env = api.Environment(visitor_cr, api.SUPERUSER_ID, {})
            busy = visitor_env["discuss.channel"].browse(busy_id)
            # a visitor's post writes the session first (Odoo's last_interest_dt): its row
            # lock is held from here until the post commits
            busy.last_interest_dt = fields.Datetime.now()
            visitor_env.flush_all()
            with self._cursor() as cron_cr:
                # waiting for the visitor's row would fail the run instead of hanging it
                cron_cr.execute("SET LOCAL lock_timeout = '5s'")
                cron_env = api.Environment(cron_cr, api.SUPERUSER_ID, {})
                cron = cron_env.ref("livechat_iconic.ir_cron_livechat_dispatch")
                done = (
                    cron_env["im_livechat.channel"]
                    .with_context(cron_id=cron.id)
                    ._cron_livechat_dispatch()
                )
                self.assertIn(free_id, [s.id for s in done])
                self.assertNotIn(busy_id, [s.id for s in done])
                # pylint: disable-next=invalid-commit
                cron_cr.commit()
            # the visitor's post is neither refused nor lost
            busy.message_post(body="Still there?", message_type="notification")
            # pylint: disable-next=invalid-commit
            visitor_cr.commit()
        with self._cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            busy, free = env["discuss.channel"].browse(self.session_ids)
            agent = env["res.users"].browse(self.agent_id)
            self.assertEqual(free.livechat_state, "waiting")
            self.assertEqual(free.livechat_operator_id, agent.partner_id)
            self.assertEqual(busy.livechat_state, "in_queue", "left for the next run")
            self.assertIn("Still there?", "".join(busy.message_ids.mapped("body")))
            retry = env["ir.cron.trigger"].search_count(
                [
                    ("cron_id", "=", env.ref("livechat_iconic.ir_cron_livechat_dispatch").id),
                    ("call_at", ">", free.livechat_waiting_dt),
                ]
            )
            self.assertTrue(retry, "the dispatch comes back for the skipped session")
