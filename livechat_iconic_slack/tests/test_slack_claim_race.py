import json
import threading
import uuid
from urllib.parse import parse_qs

from odoo import Command, api
from odoo.service.model import retrying
from odoo.tests import tagged

from odoo.addons.livechat_iconic.tests.real_transactions import RealTransactionsCase

from .common import claim_body


@tagged("post_install", "-at_install")
class TestSlackClaimRace(RealTransactionsCase):
    """Two people press Claim in Slack at the same moment, each request in its own
    transaction on PostgreSQL (as two Odoo workers would run them): one winner, the
    other is told who has the chat. Records are committed, then removed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tag = uuid.uuid4().hex[:8]
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
                        "login": f"slack_race_{i}_{cls.tag}",
                        "group_ids": [Command.set(groups)],
                        "livechat_slack_user_id": f"URACE{i}{cls.tag}",
                    }
                    for i, name in enumerate(("Claimer One", "Claimer Two"))
                ]
            )
            livechat = env["im_livechat.channel"].create({"name": f"Slack race {cls.tag}"})
            guest = env["mail.guest"].create({"name": f"Slack racer {cls.tag}"})
            session = (
                env["discuss.channel"]
                .with_user(env.ref("base.public_user"))
                .sudo()
                .create(
                    {
                        "name": "Slack racer",
                        "channel_type": "livechat",
                        "livechat_channel_id": livechat.id,
                        "livechat_operator_id": env["discuss.channel"]._livechat_queue_partner().id,
                        "channel_member_ids": [
                            Command.create(
                                {"guest_id": guest.id, "livechat_member_type": "visitor"}
                            )
                        ],
                    }
                )
            )
            cls.public_uid = env.ref("base.public_user").id
            cls.agent_ids, cls.slack_ids = agents.ids, agents.mapped("livechat_slack_user_id")
            cls.session_id, cls.livechat_id, cls.guest_id = session.id, livechat.id, guest.id
        cls.addClassCleanup(cls._remove_committed_records)

    @classmethod
    def _remove_committed_records(cls):
        with cls._cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            env["livechat_iconic_slack.outbox"].search(
                [("slack_user", "in", cls.slack_ids)]
            ).unlink()
            env["discuss.channel"].browse(cls.session_id).unlink()
            env["im_livechat.channel"].browse(cls.livechat_id).unlink()
            env["mail.guest"].browse(cls.guest_id).unlink()
            agents = env["res.users"].browse(cls.agent_ids)
            agents.write({"livechat_slack_user_id": False})
            agents.action_archive()

    def test_two_claims_at_once_one_winner(self):
        barrier = threading.Barrier(2)
        errors = []

        def claim(index):
            payload_body = claim_body(
                self.session_id, self.slack_ids[index], action_ts=f"17.{index}{self.tag}"
            )
            payload = json.loads(parse_qs(payload_body.decode())["payload"][0])
            with self._cursor() as cr:
                # the route runs as the public user, as for Slack's request
                env = api.Environment(cr, self.public_uid, {})
                env["discuss.channel"].browse(self.session_id).sudo().read(["livechat_state"])
                try:
                    barrier.wait(timeout=10)
                    retrying(lambda: env["livechat_iconic_slack.claim"]._handle(payload), env)
                    # pylint: disable-next=invalid-commit
                    cr.commit()
                except Exception as error:  # reported by the assertion below
                    cr.rollback()
                    errors.append(repr(error))

        threads = [threading.Thread(target=claim, args=(i,)) for i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        self.assertFalse([t for t in threads if t.is_alive()], "a claim hung")
        self.assertFalse(errors)
        with self._cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            session = env["discuss.channel"].browse(self.session_id)
            agents = env["res.users"].browse(self.agent_ids)
            self.assertEqual(session.livechat_state, "chatting")
            [winner] = agents.filtered(lambda a: a.partner_id == session.livechat_operator_id)
            loser = agents - winner
            replies = env["livechat_iconic_slack.outbox"].search(
                [("kind", "=", "ephemeral"), ("slack_user", "in", self.slack_ids)]
            )
            by_user = {r.slack_user: r.text for r in replies}
            self.assertEqual(len(replies), 2, by_user)
            self.assertIn("is yours", by_user[winner.livechat_slack_user_id])
            self.assertIn(winner.name, by_user[loser.livechat_slack_user_id], "taken by X")
            members = session.channel_member_ids.filtered(
                lambda m: m.livechat_member_type == "agent"
            )
            self.assertEqual(members.partner_id, winner.partner_id, "only the winner joined")
