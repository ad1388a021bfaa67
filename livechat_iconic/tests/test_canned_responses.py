from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import LivechatIconicCase

MANAGER_GROUPS = "base.group_user,im_livechat.im_livechat_group_manager"


@tagged("post_install", "-at_install")
class TestCannedResponseApproval(LivechatIconicCase):
    """Agents propose canned responses, live chat managers approve them; the composer's
    picker offers approved responses and one's own proposals only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env, login="iconic_canned_manager", groups=MANAGER_GROUPS, name="Mia Manager"
        )
        cls.agents_group = cls.env.ref("im_livechat.im_livechat_group_user")
        Canned = cls.env["mail.canned.response"]
        cls.alice_proposal = Canned.with_user(cls.agent).create(
            {
                "source": "iconic_alice_refund",
                "substitution": "Refunds take 5 days, {visitor_name}.",
                "group_ids": [Command.set(cls.agents_group.ids)],
            }
        )
        cls.approved = Canned.with_user(cls.manager).create(
            {
                "source": "iconic_greeting",
                "substitution": "Hello {visitor_name}!",
                "group_ids": [Command.set(cls.agents_group.ids)],
            }
        )

    def _visible(self, user):
        return (
            self.env["mail.canned.response"].with_user(user).search([("source", "like", "iconic_")])
        )

    def _picker(self, user):
        """What the composer's "::" picker receives (the fetch of Odoo's store)."""
        self.authenticate(user.login, user.login)
        data = self.make_jsonrpc_request("/mail/data", {"fetch_params": ["mail.canned.response"]})
        return {r["source"] for r in data.get("mail.canned.response", [])}

    def test_a_proposal_is_seen_by_its_author_and_the_managers_only(self):
        self.assertEqual(self.alice_proposal.state, "proposed")
        self.assertEqual(self.approved.state, "approved", "a manager's own response")
        self.assertEqual(self._visible(self.agent), self.alice_proposal | self.approved)
        self.assertEqual(self._visible(self.agent_bob), self.approved, "not Alice's proposal")
        self.assertIn(self.alice_proposal, self._visible(self.manager), "to review it")
        with self.assertRaises(AccessError):
            self.alice_proposal.with_user(self.agent_bob).read(["substitution"])

    def test_an_agent_cannot_approve(self):
        proposal = self.alice_proposal.with_user(self.agent)
        with self.assertRaises(AccessError):
            proposal.action_livechat_approve()
        with self.assertRaises(AccessError):
            proposal.write({"state": "approved"})
        with self.assertRaises(AccessError):
            self.env["mail.canned.response"].with_user(self.agent).create(
                {"source": "iconic_sneaky", "substitution": "Hi", "state": "approved"}
            )
        self.assertEqual(self.alice_proposal.state, "proposed")

    def test_a_manager_approves_then_everyone_sees_it_and_agents_cannot_change_it(self):
        self.alice_proposal.with_user(self.manager).action_livechat_approve()
        self.assertEqual(self.alice_proposal.state, "approved")
        self.assertIn(self.alice_proposal, self._visible(self.agent_bob))
        # approved shared responses are the managers': not even their author changes them
        for agent in (self.agent, self.agent_bob):
            with self.assertRaises(AccessError):
                self.alice_proposal.with_user(agent).write({"substitution": "Changed"})
            with self.assertRaises(AccessError):
                self.alice_proposal.with_user(agent).unlink()
        with self.assertRaises(AccessError):
            self.approved.with_user(self.agent).write({"substitution": "Changed"})
        self.alice_proposal.with_user(self.manager).write({"substitution": "Refunds: 3 days."})
        self.assertEqual(self.alice_proposal.substitution, "Refunds: 3 days.")

    def test_an_agent_edits_their_own_proposal(self):
        self.alice_proposal.with_user(self.agent).write({"substitution": "Refunds: 4 days."})
        self.assertEqual(self.alice_proposal.substitution, "Refunds: 4 days.")
        with self.assertRaises(AccessError):
            self.alice_proposal.with_user(self.agent_bob).write({"substitution": "Bob's"})
        copy = self.approved.with_user(self.agent_bob).copy({"source": "iconic_bob_copy"})
        self.assertEqual(copy.state, "proposed", "an agent's copy of an approved one is proposed")

    def test_users_outside_live_chat_keep_odoos_behaviour(self):
        employee = new_test_user(self.env, login="iconic_canned_employee", groups="base.group_user")
        Canned = self.env["mail.canned.response"].with_user(employee)
        own = Canned.create({"source": "iconic_employee_own", "substitution": "Mine"})
        self.assertEqual(own.state, "approved", "no live chat supervisor to wait for")
        own.write({"substitution": "Still mine"})
        # an agent's proposal shared with every employee: Odoo's rules alone would show it
        proposal = (
            self.env["mail.canned.response"]
            .with_user(self.agent)
            .create(
                {
                    "source": "iconic_alice_everyone",
                    "substitution": "For all",
                    "group_ids": [Command.set(self.env.ref("base.group_user").ids)],
                }
            )
        )
        self.assertNotIn(proposal, Canned.search([]))
        proposal.with_user(self.manager).action_livechat_approve()
        self.assertIn(proposal, Canned.search([]))

    def test_the_picker_offers_approved_responses_and_my_proposals(self):
        self.assertEqual(
            self._picker(self.agent) & {"iconic_alice_refund", "iconic_greeting"},
            {"iconic_alice_refund", "iconic_greeting"},
        )
        self.assertNotIn("iconic_alice_refund", self._picker(self.agent_bob))
        self.assertIn("iconic_greeting", self._picker(self.agent_bob))
        manager_picker = self._picker(self.manager)
        self.assertIn("iconic_greeting", manager_picker)
        self.assertNotIn("iconic_alice_refund", manager_picker, "managers review it in a list")

    def _pushed_to(self, source):
        """The bus channels a canned response was pushed to (sent at the end of the
        transaction: run its pre-commit hooks)."""
        self.env.cr.precommit.run()
        return self.env["bus.bus"].sudo().search([("message", "like", source)]).mapped("channel")

    def test_a_proposal_is_pushed_to_its_author_only(self):
        proposal = (
            self.env["mail.canned.response"]
            .with_user(self.agent_bob)
            .create(
                {
                    "source": "iconic_bob_pushed",
                    "substitution": "Pushed",
                    "group_ids": [Command.set(self.agents_group.ids)],
                }
            )
        )
        channels = self._pushed_to("iconic_bob_pushed")
        self.assertTrue(channels)
        bob = f'"res.partner",{self.agent_bob.partner_id.id}]'
        self.assertTrue(all(c.endswith(bob) for c in channels), channels)
        proposal.with_user(self.manager).action_livechat_approve()
        channels = self._pushed_to("iconic_bob_pushed")
        self.assertIn(f'"res.groups",{self.agents_group.id}]', " ".join(channels), "shared")


@tagged("post_install", "-at_install")
class TestCannedPickerOnTake(LivechatIconicCase):
    def test_taking_a_chat_i_have_not_written_in_opens_the_picker(self):
        channel = self.start_visitor_chat("Do you have it in red?")
        action = channel.with_user(self.agent).action_livechat_take()
        self.assertEqual(action["context"]["active_id"], channel.id)
        self.assertTrue(action["context"].get("livechat_iconic_canned_picker"))
        channel.with_user(self.agent).message_post(
            body="Yes we do", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        action = channel.with_user(self.agent).action_livechat_take()
        self.assertFalse(action["context"].get("livechat_iconic_canned_picker"), "already written")
