import threading
import uuid
from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import Command, api
from odoo.exceptions import UserError
from odoo.service.model import retrying
from odoo.tests import tagged

from .real_transactions import RealTransactionsCase


@tagged("post_install", "-at_install")
class TestTakeConcurrency(RealTransactionsCase):
    """Two agents press Chat on the same queued session at the same moment, each in their
    own transaction on PostgreSQL: exactly one gets it, the other is told who has it.

    The data must be committed for two connections to see it, so this test commits its
    own records and removes them afterwards.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with cls._cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            groups = [
                env.ref("base.group_user").id,
                env.ref("im_livechat.im_livechat_group_user").id,
            ]
            cls.agent_ids = (
                env["res.users"]
                .create(
                    [
                        {
                            "name": name,
                            "login": f"iconic_race_{i}_{uuid.uuid4().hex[:8]}",
                            "group_ids": [Command.set(groups)],
                        }
                        for i, name in enumerate(("Race Agent One", "Race Agent Two"))
                    ]
                )
                .ids
            )
            livechat = env["im_livechat.channel"].create({"name": "Race queue"})
            channel, guest = cls._new_session(env, livechat)
            cls.channel_id, cls.livechat_id, cls.guest_id = channel.id, livechat.id, guest.id
        cls.addClassCleanup(cls._remove_committed_records)

    @classmethod
    def _new_session(cls, env, livechat):
        """A queued visitor session, created as Odoo creates it: by the public user."""
        guest = env["mail.guest"].create({"name": "Racing visitor"})
        public = env.ref("base.public_user")
        channel = (
            env["discuss.channel"]
            .with_user(public)
            .sudo()
            .create(
                {
                    "name": "Racing visitor",
                    "channel_type": "livechat",
                    "livechat_channel_id": livechat.id,
                    "livechat_operator_id": env["discuss.channel"]._livechat_queue_partner().id,
                    "channel_member_ids": [
                        Command.create({"guest_id": guest.id, "livechat_member_type": "visitor"})
                    ],
                }
            )
        )
        return channel, guest

    @classmethod
    def _remove_committed_records(cls):
        with cls._cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            env["discuss.channel"].search([("livechat_channel_id", "=", cls.livechat_id)]).unlink()
            env["im_livechat.channel"].browse(cls.livechat_id).unlink()
            env["mail.guest"].search([("name", "=", "Racing visitor")]).unlink()
            env["res.users"].browse(cls.agent_ids).action_archive()

    def test_two_agents_take_the_same_session(self):
        barrier = threading.Barrier(2)
        outcome = {}

        def take(uid):
            with self._cursor() as cr:
                env = api.Environment(cr, uid, {})
                channel = env["discuss.channel"].browse(self.channel_id)
                channel.read(["livechat_state"])  # start the transaction before the race
                try:
                    barrier.wait(timeout=10)
                    channel.action_livechat_take()
                    # pylint: disable-next=invalid-commit
                    cr.commit()  # the agent's request ends: what the other one must see
                    outcome[uid] = "took it"
                except UserError as error:
                    cr.rollback()
                    outcome[uid] = str(error)
                except Exception as error:  # reported by the assertion below
                    cr.rollback()
                    outcome[uid] = f"unexpected {error!r}"

        threads = [threading.Thread(target=take, args=(uid,)) for uid in self.agent_ids]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        self.assertEqual(len(outcome), 2, outcome)
        winners = [uid for uid, result in outcome.items() if result == "took it"]
        self.assertEqual(len(winners), 1, outcome)
        [loser] = set(self.agent_ids) - set(winners)
        with self._cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            winner = env["res.users"].browse(winners[0])
            channel = env["discuss.channel"].browse(self.channel_id)
            self.assertIn(winner.name, outcome[loser], "the other agent is told who has it")
            self.assertEqual(channel.livechat_state, "chatting")
            self.assertEqual(channel.livechat_operator_id, winner.partner_id)
            agents = channel.channel_member_ids.filtered(
                lambda m: m.livechat_member_type == "agent"
            )
            self.assertEqual(agents.partner_id, winner.partner_id, "only the winner joined")

    def test_visitor_message_during_take_is_no_taker(self):
        """The visitor writes (and commits) while the agent's transaction is open: the
        agent is not told that someone took the chat; Odoo's retry lets them take it."""
        agent_uid = self.agent_ids[0]
        with self._cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            session, guest = self._new_session(
                env, env["im_livechat.channel"].browse(self.livechat_id)
            )
            session_id, guest_id = session.id, guest.id
        with self._cursor() as agent_cr:
            env = api.Environment(agent_cr, agent_uid, {})
            channel = env["discuss.channel"].browse(session_id)
            channel.read(["livechat_state", "livechat_operator_id"])  # the agent's snapshot
            with self._cursor() as visitor_cr:
                visitor_env = api.Environment(visitor_cr, api.SUPERUSER_ID, {})
                guest = visitor_env["mail.guest"].browse(guest_id)
                public = visitor_env.ref("base.public_user")
                # posted as /mail/message/post does for the visitor: the public user's guest
                visitor_env["discuss.channel"].browse(session_id).with_user(
                    public
                ).sudo().with_context(guest=guest).message_post(
                    body="Hello? Anyone there?",
                    message_type="comment",
                    subtype_xmlid="mail.mt_comment",
                )
                # pylint: disable-next=invalid-commit
                visitor_cr.commit()
            retrying(channel.action_livechat_take, env)
            # pylint: disable-next=invalid-commit
            agent_cr.commit()
        with self._cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            channel = env["discuss.channel"].browse(session_id)
            agent = env["res.users"].browse(agent_uid)
            self.assertEqual(channel.livechat_operator_id, agent.partner_id)
            self.assertEqual(channel.livechat_state, "chatting")
            self.assertIn("Anyone there?", channel.livechat_question or "")

    def test_presence_watch_skips_a_session_another_worker_holds(self):
        """Two cron workers never handle the same session: rows locked elsewhere are
        skipped (SKIP LOCKED), the others are handled."""
        with self._cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            livechat = env["im_livechat.channel"].browse(self.livechat_id)
            held, free = (self._new_session(env, livechat) for _i in range(2))
            for _channel, guest in (held, free):
                env["mail.presence"]._update_presence(guest)
                guest.presence_ids.status = "offline"  # what the bus does on disconnect
            held_id, free_id = held[0].id, free[0].id
        later = datetime.now() + timedelta(minutes=5)
        with self._cursor() as worker_cr, self._cursor() as other_cr:
            other_cr.execute("SELECT id FROM discuss_channel WHERE id = %s FOR UPDATE", [held_id])
            env = api.Environment(worker_cr, api.SUPERUSER_ID, {})
            with freeze_time(later):
                env["discuss.channel"]._cron_livechat_watch_visitors()
            states = dict(
                env["discuss.channel"]
                .browse([held_id, free_id])
                .mapped(lambda c: (c.id, c.livechat_state))
            )
            self.assertEqual(states, {held_id: "in_queue", free_id: "closed"})
            worker_cr.rollback()
            other_cr.rollback()
