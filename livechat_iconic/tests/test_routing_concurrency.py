import json
import threading
import uuid

from odoo import Command, api
from odoo.exceptions import UserError
from odoo.tests import tagged

from .real_transactions import RealTransactionsCase


@tagged("post_install", "-at_install")
class TestBroadcastFirstResponder(RealTransactionsCase):
    """A broadcast queue offers a visitor to every eligible agent; two of them take it at
    the same moment, each in their own PostgreSQL transaction: one wins, the other is told
    who took it, and the third agent, who did not try, is told who took it too."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with cls._cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            groups = [
                env.ref("base.group_user").id,
                env.ref("im_livechat.im_livechat_group_user").id,
            ]
            agents = env["res.users"].create(
                [
                    {
                        "name": name,
                        "login": f"iconic_broadcast_{i}_{uuid.uuid4().hex[:8]}",
                        "group_ids": [Command.set(groups)],
                    }
                    for i, name in enumerate(("First Responder", "Second Responder", "Watcher"))
                ]
            )
            for agent in agents:
                env["mail.presence"]._update_presence(agent)
            agents[2].manual_im_status = "offline"  # invisible: still offered the chat
            cls.agent_ids = agents.ids
            queue = env["im_livechat.channel"].create(
                {
                    "name": "Broadcast race queue",
                    "livechat_routing_mode": "broadcast",
                    "user_ids": [Command.set(agents.ids)],
                }
            )
            guest = env["mail.guest"].create({"name": "Broadcast visitor"})
            channel = (
                env["discuss.channel"]
                .with_user(env.ref("base.public_user"))
                .sudo()
                .create(
                    {
                        "name": "Broadcast visitor",
                        "channel_type": "livechat",
                        "livechat_channel_id": queue.id,
                        "livechat_operator_id": env["discuss.channel"]._livechat_queue_partner().id,
                        "channel_member_ids": [
                            Command.create(
                                {"guest_id": guest.id, "livechat_member_type": "visitor"}
                            )
                        ],
                        "livechat_held": False,  # announced (its visitor wrote)
                    }
                )
            )
            cls.channel_id, cls.queue_id, cls.guest_id = channel.id, queue.id, guest.id
        cls.addClassCleanup(cls._remove_committed_records)

    @classmethod
    def _remove_committed_records(cls):
        with cls._cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            env["discuss.channel"].browse(cls.channel_id).unlink()
            env["im_livechat.channel"].browse(cls.queue_id).unlink()
            env["mail.guest"].browse(cls.guest_id).unlink()
            users = env["res.users"].browse(cls.agent_ids)
            users.presence_ids.unlink()
            users.action_archive()

    def _bus_messages(self, env, partner, kind):
        target = json.dumps([env.cr.dbname, "res.partner", partner.id], separators=(",", ":"))
        return [
            json.loads(message)["payload"]
            for message in env["bus.bus"]
            .search([("channel", "=", target), ("message", "like", kind)])
            .mapped("message")
        ]

    def test_first_responder_wins_the_others_see_who(self):
        with self._cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            channel = env["discuss.channel"].browse(self.channel_id)
            self.assertEqual(channel.livechat_state, "in_queue")
            for agent in env["res.users"].browse(self.agent_ids):
                offers = self._bus_messages(env, agent.partner_id, "livechat_iconic.alert")
                self.assertTrue(
                    [o for o in offers if o["id"] == self.channel_id], f"{agent.name} is offered"
                )
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
                    cr.commit()
                    outcome[uid] = "took it"
                except UserError as error:
                    cr.rollback()
                    outcome[uid] = str(error)
                except Exception as error:  # reported by the assertion below
                    cr.rollback()
                    outcome[uid] = f"unexpected {error!r}"

        racers = self.agent_ids[:2]
        threads = [threading.Thread(target=take, args=(uid,)) for uid in racers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        winners = [uid for uid, result in outcome.items() if result == "took it"]
        self.assertEqual(len(winners), 1, outcome)
        [loser] = set(racers) - set(winners)
        with self._cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            winner = env["res.users"].browse(winners[0])
            channel = env["discuss.channel"].browse(self.channel_id)
            self.assertIn(winner.name, outcome[loser], "the other racer is told who has it")
            self.assertEqual(channel.livechat_operator_id, winner.partner_id)
            self.assertEqual(channel.livechat_state, "chatting")
            watcher = env["res.users"].browse(self.agent_ids[2])
            taken = self._bus_messages(env, watcher.partner_id, "livechat_iconic.routing/taken")
            self.assertEqual([t["agent"] for t in taken], [winner.name])
