import json
from datetime import datetime, timedelta

from odoo import Command
from odoo.tests import freeze_time, tagged

from .common import LivechatIconicCase

ALERT = "livechat_iconic.alert"
T0 = datetime(2026, 12, 7, 9, 0, 0)  # the flood arrives
PAST_BOTH = T0 + timedelta(minutes=6)  # past the desktop (60 s) and e-mail (300 s) thresholds


@tagged("post_install", "-at_install")
class TestAlertDigest(LivechatIconicCase):
    """A flood of waiting visitors gives each agent one desktop notice per run and at most
    one e-mail per interval, never one per visitor; a known customer gets a desktop notice of
    their own, and is named first in the e-mail."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent.email = "alice.agent@example.com"
        cls.agent_bob.email = "bob.agent@example.com"
        cls.Channel = cls.env["discuss.channel"]
        # a customer who chatted with an agent before
        cls.customer = cls.known_customer("Kim Known")

    def queue_visitors(self, count, at=T0, prefix="Visitor"):
        """``count`` anonymous visitors queued at ``at``."""
        guests = self.env["mail.guest"].create([{"name": f"{prefix} {i}"} for i in range(count)])
        return self.queued([{"guest_id": guest.id} for guest in guests], at)

    def queued(self, members, at=T0):
        """A session queued at ``at`` for each of ``members`` (the visitor's member values);
        a guest gave their name."""
        with freeze_time(at):
            return self.Channel.create(
                [
                    {
                        "name": "visitor",
                        "channel_type": "livechat",
                        "livechat_channel_id": self.livechat_channel.id,
                        "livechat_operator_id": self.queue_partner.id,
                        "channel_member_ids": [
                            Command.create({**member, "livechat_member_type": "visitor"})
                        ],
                        "livechat_guest_name": member.get("guest_id")
                        and self.env["mail.guest"].browse(member["guest_id"]).name,
                        "livechat_state": "in_queue",
                        "livechat_in_queue_dt": at,
                    }
                    for member in members
                ]
            )

    def run_alerts(self, at):
        with freeze_time(at):
            self.Channel._cron_livechat_alert_operators()

    def notices(self, user):
        """The waiting alerts sent so far to ``user`` (bus rows are written at commit)."""
        self.env.cr.precommit.run()
        partner = user.partner_id
        channel = json.dumps([self.env.cr.dbname, partner._name, partner.id], separators=(",", ":"))
        rows = self.env["bus.bus"].sudo().search([("channel", "=", channel)], order="id")
        messages = [json.loads(row.message) for row in rows]
        return [m["payload"] for m in messages if m["type"] == ALERT]

    def mails(self, user):
        """The e-mails queued for ``user``, oldest first."""
        return self.env["mail.mail"].search([("email_to", "like", user.email)], order="id")

    def test_a_flood_gives_each_agent_one_notice_and_one_email(self):
        flood = self.queue_visitors(30)
        self.run_alerts(PAST_BOTH)
        self.assertEqual(set(flood.mapped("livechat_alert_level")), {2}, "each marked, once")
        for agent in (self.agent, self.agent_bob):
            with self.subTest(agent=agent.name):
                [notice] = self.notices(agent)
                self.assertEqual(notice["body"], "30 visitors are waiting in Support")
                self.assertEqual(notice["url"], "/livechat/waiting")
                [mail] = self.mails(agent)
                self.assertEqual(mail.email_to, agent.email_formatted, "to this agent only")
                self.assertEqual(mail.subject, "30 visitors are waiting in Support")
                self.assertEqual(mail.body_html.count("<li"), 10, "the 10 longest waits")
                self.assertIn("Visitor 9 in Support", mail.body_html)
                self.assertNotIn("Visitor 10 ", mail.body_html)
                self.assertIn("Others waiting: 20", mail.body_html)
                self.assertIn('/livechat/waiting"', mail.body_html)
                self.assertEqual(mail.state, "outgoing", "queued for Odoo's mail cron")

        # nothing more to tell: a second run tells nobody
        self.run_alerts(PAST_BOTH + timedelta(seconds=30))
        self.assertEqual(len(self.notices(self.agent)), 1)
        self.assertEqual(len(self.mails(self.agent)), 1)

    def test_within_the_interval_no_new_email_then_one_listing_who_still_waits(self):
        first = self.queue_visitors(30)
        self.run_alerts(PAST_BOTH)
        later = self.queue_visitors(5, at=T0 + timedelta(minutes=3), prefix="Later")
        at = T0 + timedelta(minutes=9)  # the later ones pass both thresholds
        self.run_alerts(at)
        self.assertEqual(set(later.mapped("livechat_alert_level")), {2})
        self.assertEqual(len(self.mails(self.agent)), 1, "no second e-mail within 15 minutes")
        self.assertEqual(len(self.mails(self.agent_bob)), 1)
        second = self.notices(self.agent)[-1]
        self.assertEqual(second["body"], "5 visitors are waiting in Support")
        held = self.env["livechat_iconic.agent.alert"].sudo().search([])
        self.assertEqual(held.user_id, self.agent | self.agent_bob)
        self.assertTrue(all(held.mapped("mail_held")))
        cron = self.env.ref("livechat_iconic.ir_cron_livechat_alerts")
        self.assertTrue(
            self.env["ir.cron.trigger"].search_count(
                [("cron_id", "=", cron.id), ("call_at", "=", PAST_BOTH + timedelta(minutes=15))]
            ),
            "woken when the interval ends",
        )

        # the agents took 20 of the first visitors meanwhile
        first[:20].write({"livechat_state": "chatting"})
        self.run_alerts(PAST_BOTH + timedelta(minutes=15))
        for agent in (self.agent, self.agent_bob):
            mails = self.mails(agent)
            self.assertEqual(len(mails), 2)
            self.assertEqual(mails[-1].subject, "15 visitors are waiting in Support")
            self.assertIn("Others waiting: 5", mails[-1].body_html)
        self.assertFalse(any(held.mapped("mail_held")))
        self.assertEqual(len(self.notices(self.agent)), 2, "no desktop notice for the mail")

    def test_one_visitor_keeps_the_usual_notice_and_email(self):
        [session] = self.queue_visitors(1)
        self.run_alerts(T0 + timedelta(seconds=65))
        [notice] = self.notices(self.agent)
        self.assertEqual(notice["id"], session.id)
        self.assertEqual(notice["url"], f"/livechat/waiting/{session.id}")
        self.assertIn("Visitor 0 has been waiting in Support", notice["body"])
        self.assertFalse(self.mails(self.agent))
        self.run_alerts(PAST_BOTH)
        [mail] = self.mails(self.agent)
        self.assertEqual(mail.subject, "A visitor is waiting in Support")
        self.assertIn("Visitor 0", mail.body_html)
        self.assertIn(f"/livechat/waiting/{session.id}", mail.body_html)
        self.assertEqual(len(self.notices(self.agent)), 1)

    def test_a_known_customer_is_told_on_their_own(self):
        self.queue_visitors(10)
        [signed_in] = self.queued([{"partner_id": self.customer.id}])
        # a returning guest whose contact an agent confirmed in an earlier chat
        guest = self.env["mail.guest"].create({"name": "Returning"})
        [earlier] = self.queued([{"guest_id": guest.id}], at=T0 - timedelta(days=3))
        earlier.write({"livechat_state": "closed", "livechat_partner_id": self.customer.id})
        [returning] = self.queued([{"guest_id": guest.id}])
        self.run_alerts(PAST_BOTH)
        notices = self.notices(self.agent)
        self.assertEqual(len(notices), 3, "the known customers' own, and one digest")
        own = {n["id"] for n in notices if n["id"]}
        self.assertEqual(own, {signed_in.id, returning.id})
        [digest] = [n for n in notices if not n["id"]]
        self.assertEqual(digest["body"], "10 visitors are waiting in Support")
        # the e-mail is bounded for everyone (a known customer is never throttled: a
        # script signed in as one must not mail every agent per chat): one, naming the
        # known customers first
        [mail] = self.mails(self.agent)
        self.assertEqual(mail.subject, "12 visitors are waiting in Support")
        self.assertIn("Kim Known", mail.body_html)
        # a known customer's next chat, within the interval: their own desktop notice at
        # once, no second e-mail
        [later] = self.queued([{"partner_id": self.customer.id}], at=T0 + timedelta(minutes=1))
        self.run_alerts(PAST_BOTH + timedelta(minutes=1))
        self.assertIn(later.id, {n["id"] for n in self.notices(self.agent)})
        self.assertEqual(len(self.mails(self.agent)), 1)

    def test_the_interval_is_a_setting(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "livechat_iconic.alert_mail_interval_minutes", "60"
        )
        self.queue_visitors(3)
        self.run_alerts(PAST_BOTH)
        self.queue_visitors(2, at=T0 + timedelta(minutes=20))
        self.run_alerts(T0 + timedelta(minutes=26))
        self.assertEqual(len(self.mails(self.agent)), 1, "within the hour")
        self.run_alerts(PAST_BOTH + timedelta(minutes=60))
        self.assertEqual(len(self.mails(self.agent)), 2)
        self.assertEqual(self.mails(self.agent)[-1].subject, "5 visitors are waiting in Support")

    def test_the_email_is_in_the_agents_language(self):
        self.env["res.lang"]._activate_lang("pl_PL")
        self.env["ir.module.module"].search(
            [("name", "=", "livechat_iconic")]
        )._update_translations("pl_PL")
        self.agent.lang = "pl_PL"
        self.queue_visitors(3)
        self.run_alerts(PAST_BOTH)
        [mail] = self.mails(self.agent)
        self.assertNotIn("visitors are waiting", mail.subject)
        [notice] = self.notices(self.agent)
        self.assertNotIn("visitors are waiting", notice["body"])
        [mail] = self.mails(self.agent_bob)
        self.assertIn("visitors are waiting", mail.subject)
