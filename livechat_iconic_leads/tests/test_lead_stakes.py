import json
import unittest
from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged

from odoo.addons.livechat_iconic.tests.test_transcripts import TranscriptCase

from .common import LeadsCase

try:
    from odoo.addons.livechat_iconic_slack.tests.common import SlackCase
except ImportError:  # the Slack addon is not in the addons path
    SlackCase = None

#: what the board's list and card read of the stakes
BOARD_FIELDS = [
    "livechat_visitor_name",
    "livechat_stake_count",
    "livechat_stake_value",
    "livechat_stake_quality",
]
ANNA_EMAIL = "anna@acme-trucks.at"


class StakesCase(LeadsCase, TranscriptCase):
    """(TranscriptCase: the visitor proves an address with a code.) A company (Acme
    Trucks) and its contact Anna, with two open opportunities (one on
    Anna, one on her company) and a won, a lost and an archived one, which never count."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param("livechat_iconic.max_parallel_chats", 0)
        Partner = cls.env["res.partner"]
        cls.acme = Partner.create({"name": "Acme Trucks", "is_company": True})
        cls.anna = Partner.create(
            {"name": "Anna Acme", "email": ANNA_EMAIL, "parent_id": cls.acme.id}
        )
        cls.rich_customer = Partner.create({"name": "Rich Customer", "email": "rich@big.at"})
        cls.poor_customer = Partner.create({"name": "Poor Customer", "email": "poor@small.at"})
        Lead = cls.env["crm.lead"]
        cls.big_deal = Lead.create(
            {
                "name": "40 trackers",
                "type": "opportunity",
                "partner_id": cls.anna.id,
                "contact_name": "Anna Acme",
                "partner_name": "Acme Trucks",
                "email_from": ANNA_EMAIL,
                "phone": "+43 660 5226322",
                "country_id": cls.env.ref("base.at").id,
                "expected_revenue": 2500.0,
            }
        )
        cls.company_deal = Lead.create(
            {
                "name": "Fleet renewal",
                "type": "opportunity",
                "partner_id": cls.acme.id,
                "expected_revenue": 1000.0,
            }
        )
        won, lost, archived = Lead.create(
            [
                {
                    "name": name,
                    "type": "opportunity",
                    "partner_id": cls.anna.id,
                    "expected_revenue": 100000.0,
                }
                for name in ("Won", "Lost", "Archived")
            ]
        )
        won.action_set_won()
        lost.action_set_lost()
        archived.active = False
        # a lead, not an opportunity: not counted either
        Lead.create(
            {
                "name": "Just a lead",
                "type": "lead",
                "partner_id": cls.anna.id,
                "expected_revenue": 100000.0,
            }
        )
        Lead.create(
            [
                {
                    "name": "Rich deal",
                    "type": "opportunity",
                    "partner_id": cls.rich_customer.id,
                    "expected_revenue": 50000.0,
                },
                {
                    "name": "Poor deal",
                    "type": "opportunity",
                    "partner_id": cls.poor_customer.id,
                    "expected_revenue": 10.0,
                },
            ]
        )

    def board_row(self, session):
        """The session's row as the board shows it to the agent."""
        [row] = (
            self.env["discuss.channel"]
            .with_user(self.agent)
            .search_read([("id", "=", session.id)], BOARD_FIELDS)
        )
        return row

    def claiming_anna(self):
        """A visitor who typed Anna's e-mail address: a claim, not confirmed."""
        return self.visitor_session("Where is my offer?", contact={"email": ANNA_EMAIL})


@tagged("post_install", "-at_install")
class TestStakesOnTheBoard(StakesCase):
    def test_confirmed_contact_shows_open_opportunities_on_the_board(self):
        session = self.claiming_anna()
        self.assertEqual(session.livechat_suggested_partner_id, self.anna)
        # an unconfirmed claim: nothing shown
        row = self.board_row(session)
        self.assertEqual((row["livechat_stake_count"], row["livechat_stake_value"]), (0, 0.0), row)
        self.assertFalse(row["livechat_stake_quality"])
        self.assertEqual(session._livechat_stakes(), {})

        session.with_user(self.agent).action_livechat_confirm_contact()
        row = self.board_row(session)
        # hers and her company's open opportunities; won, lost, archived and leads not
        self.assertEqual(row["livechat_stake_count"], 2)
        self.assertEqual(row["livechat_stake_value"], 3500.0)
        # the verdict of the richest one (the one with the full details)
        self.assertEqual(self.big_deal.lead_quality, "good")
        self.assertEqual(row["livechat_stake_quality"], "good")
        stakes = session._livechat_stakes()[session.id]
        self.assertEqual((stakes["count"], stakes["value"]), (2, 3500.0))
        self.assertEqual(stakes["quality"], "Good")

    def test_the_board_views_show_the_stakes(self):
        Channel = self.env["discuss.channel"].with_user(self.agent)
        for xmlid in (
            "livechat_iconic.discuss_channel_view_kanban_board",
            "livechat_iconic.discuss_channel_view_list_board",
        ):
            view = self.env.ref(xmlid)
            arch = Channel.get_views([(view.id, view.type)])["views"][view.type]["arch"]
            for name in BOARD_FIELDS[1:]:
                self.assertIn(f'name="{name}"', arch, xmlid)

    def test_signed_in_and_proven_contacts_are_confirmed(self):
        signed_in = self.start_visitor_chat("Hello")
        signed_in.livechat_partner_id = self.anna  # as a signed-in customer's session is
        self.assertEqual(self.board_row(signed_in)["livechat_stake_count"], 2)

        proven = self.claiming_anna()
        self.assertFalse(proven.livechat_partner_id)
        # the visitor proves the address with the code e-mailed there (livechat_iconic)
        self.prove(proven, ANNA_EMAIL)
        proven.invalidate_recordset()
        self.assertEqual(proven.livechat_partner_id, self.anna)
        self.assertEqual(self.board_row(proven)["livechat_stake_value"], 3500.0)

    def test_opportunity_changes_move_the_stakes(self):
        session = self.claiming_anna()
        session.with_user(self.agent).action_livechat_confirm_contact()
        self.company_deal.expected_revenue = 4000.0
        self.assertEqual(self.board_row(session)["livechat_stake_value"], 6500.0)
        self.company_deal.action_set_won()
        row = self.board_row(session)
        self.assertEqual((row["livechat_stake_count"], row["livechat_stake_value"]), (1, 2500.0))
        self.big_deal.action_set_lost()
        row = self.board_row(session)
        self.assertEqual((row["livechat_stake_count"], row["livechat_stake_value"]), (0, 0.0))
        self.assertFalse(row["livechat_stake_quality"])
        self.env["crm.lead"].create(
            {
                "name": "New deal",
                "type": "opportunity",
                "partner_id": self.anna.id,
                "expected_revenue": 700.0,
            }
        )
        self.assertEqual(self.board_row(session)["livechat_stake_value"], 700.0)


@tagged("post_install", "-at_install")
class TestOrderByValue(StakesCase):
    """Two visitors wait IN QUEUE (no agent online); one agent comes online with room
    for one chat and the dispatch gives her one of them."""

    def two_waiting(self, poor_waited, rich_waited, order_by_value=True):
        self.livechat_channel.livechat_order_by_value = order_by_value
        start = fields.Datetime.now()
        now = start + timedelta(seconds=max(poor_waited, rich_waited))
        with freeze_time(now - timedelta(seconds=poor_waited)):
            poor = self.start_visitor_chat("Poor")
        with freeze_time(now - timedelta(seconds=rich_waited)):
            rich = self.start_visitor_chat("Rich")
        # signed-in customers
        poor.livechat_partner_id = self.poor_customer
        rich.livechat_partner_id = self.rich_customer
        self.assertEqual((poor | rich).mapped("livechat_state"), ["in_queue"] * 2)
        self.dispatch_to_one_agent(now)
        return poor, rich

    def dispatch_to_one_agent(self, now):
        """At ``now``, Alice comes online with room for one chat, and the dispatch runs."""
        with freeze_time(now):
            self.env["mail.presence"]._update_presence(self.agent, inactivity_period=0)
            self.env["ir.config_parameter"].sudo().set_param(
                "livechat_iconic.max_parallel_chats", 1
            )
            self.env["im_livechat.channel"]._cron_livechat_dispatch()

    def test_equally_urgent_the_richer_first(self):
        # 110 and 115 seconds left of 120: the same band of urgency
        poor, rich = self.two_waiting(poor_waited=10, rich_waited=5)
        self.assertEqual(rich.livechat_operator_id, self.agent.partner_id)
        self.assertEqual(poor.livechat_state, "in_queue")

    def test_never_across_urgency_bands(self):
        # 20 seconds left against 115: the more urgent first, whatever is at stake
        poor, rich = self.two_waiting(poor_waited=100, rich_waited=5)
        self.assertEqual(poor.livechat_operator_id, self.agent.partner_id)
        self.assertEqual(rich.livechat_state, "in_queue")

    def test_without_the_option_the_sla_order_stays(self):
        poor, rich = self.two_waiting(poor_waited=10, rich_waited=5, order_by_value=False)
        self.assertEqual(poor.livechat_operator_id, self.agent.partner_id)
        self.assertEqual(rich.livechat_state, "in_queue")

    def test_an_unconfirmed_claim_moves_nobody_up(self):
        self.livechat_channel.livechat_order_by_value = True
        start = fields.Datetime.now()
        with freeze_time(start):
            poor = self.start_visitor_chat("Poor")
        with freeze_time(start + timedelta(seconds=5)):
            claim = self.visitor_session("Rich?", contact={"email": "rich@big.at"})
        self.assertEqual(claim.livechat_suggested_partner_id, self.rich_customer)
        self.dispatch_to_one_agent(start + timedelta(seconds=10))
        self.assertEqual(poor.livechat_operator_id, self.agent.partner_id)
        self.assertEqual(claim.livechat_state, "in_queue")


if SlackCase is not None:

    @tagged("post_install", "-at_install")
    class TestStakesInSlack(StakesCase, SlackCase):
        """The Slack notice tells what is at stake with a confirmed contact only."""

        def last_notice(self):
            self.send_until_done()
            delivered = self.posts() + self.updates()
            self.assertTrue(delivered)
            return json.dumps(delivered[-1], ensure_ascii=False)

        def test_slack_notice_shows_the_stakes_of_a_confirmed_contact(self):
            session = self.claiming_anna()
            notice = self.last_notice()
            self.assertNotIn("open opportunities", notice)
            self.assertNotIn("At Stake", notice)

            session.with_user(self.agent).action_livechat_confirm_contact()
            notice = self.last_notice()
            self.assertIn("At Stake", notice)
            self.assertIn("2 open opportunities", notice)
            self.assertIn("3,500.00", notice)
            self.assertIn("lead quality: Good", notice)
            # an opportunity moves: the notice is updated
            self.company_deal.expected_revenue = 4000.0
            self.assertIn("6,500.00", self.last_notice())

else:  # pragma: no cover

    @unittest.skip("livechat_iconic_slack is not available")
    class TestStakesInSlack(unittest.TestCase):
        pass
