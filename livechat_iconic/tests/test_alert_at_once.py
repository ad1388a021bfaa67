import json
from datetime import datetime, timedelta

from odoo import Command
from odoo.tests import freeze_time, tagged

from .common import LivechatIconicCase

ALERT = "livechat_iconic.alert"
T0 = datetime(2026, 12, 7, 9, 0, 0)
SECOND = timedelta(seconds=1)


@tagged("post_install", "-at_install")
class TestAlertAtOnce(LivechatIconicCase):
    """A queue that notifies at once (video-security vendor: "desktop and e-mail
    notifications go to all operators"): at the visitor's first message, the signed-in
    agents get a desktop notice with a sound, the agents who are not signed in an e-mail;
    a burst still gives each agent one desktop notice per run and one e-mail per interval,
    and a known customer still gets their own notice."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent.email = "alice.agent@example.com"
        cls.agent_bob.email = "bob.agent@example.com"
        cls.livechat_channel.livechat_alert_at_once = True
        cls.Channel = cls.env["discuss.channel"]
        cls.cron = cls.env.ref("livechat_iconic.ir_cron_livechat_alerts")

    # -- helpers ----------------------------------------------------------------------------
    def online(self, *users):
        for user in users:
            self.env["mail.presence"]._update_presence(user)

    def run_alerts(self, at):
        with freeze_time(at):
            self.Channel._cron_livechat_alert_operators()

    def notices(self, user):
        """The alerts sent so far to ``user`` (bus rows are written at commit)."""
        self.env.cr.precommit.run()
        partner = user.partner_id
        channel = json.dumps([self.env.cr.dbname, partner._name, partner.id], separators=(",", ":"))
        rows = self.env["bus.bus"].sudo().search([("channel", "=", channel)], order="id")
        messages = [json.loads(row.message) for row in rows]
        return [m["payload"] for m in messages if m["type"] == ALERT]

    def mails(self, user):
        return self.env["mail.mail"].search([("email_to", "like", user.email)], order="id")

    def woken_at(self, when):
        return self.env["ir.cron.trigger"].search_count(
            [("cron_id", "=", self.cron.id), ("call_at", "=", when)]
        )

    def queued(self, count, at, prefix="Visitor", partner=None):
        """``count`` visitors who wrote and wait IN QUEUE since ``at`` (anonymous guests,
        or ``partner`` signed in), announced as the first message announces them."""
        members = (
            [{"partner_id": partner.id}]
            if partner
            else [
                {"guest_id": guest.id}
                for guest in self.env["mail.guest"].create(
                    [{"name": f"{prefix} {i}"} for i in range(count)]
                )
            ]
        )
        with freeze_time(at):
            sessions = self.Channel.create(
                [
                    {
                        "name": "visitor",
                        "channel_type": "livechat",
                        "livechat_channel_id": self.livechat_channel.id,
                        "livechat_operator_id": self.queue_partner.id,
                        "channel_member_ids": [
                            Command.create({**member, "livechat_member_type": "visitor"})
                        ],
                        "livechat_state": "in_queue",
                        "livechat_in_queue_dt": at,
                        "livechat_held": True,
                    }
                    for member in members
                ]
            )
            sessions._livechat_announce()
        return sessions

    # -- tests ------------------------------------------------------------------------------
    def test_the_first_message_tells_signed_in_agents_by_desktop_the_others_by_email(self):
        with freeze_time(T0):
            session = self.start_visitor_chat()
        self.assertEqual(session.livechat_state, "in_queue")
        self.assertFalse(self.woken_at(T0), "no message yet: nobody is told")
        at = T0 + 5 * SECOND
        with freeze_time(at):
            self.visitor_post(session, "My camera is offline")
        self.assertTrue(self.woken_at(at), "the alerts run at once, not after 60 s")
        self.online(self.agent)  # Alice is signed in, Bob is not
        self.run_alerts(at)
        self.assertEqual(session.livechat_alert_level, 2)
        [notice] = self.notices(self.agent)
        self.assertEqual(notice["id"], session.id)
        self.assertIn("My camera is offline", notice["body"])
        self.assertTrue(notice["sound"], "with a sound")
        self.assertFalse(self.mails(self.agent), "signed in: the desktop notice")
        self.assertFalse(self.notices(self.agent_bob), "not signed in: no desktop notice")
        [mail] = self.mails(self.agent_bob)
        self.assertEqual(mail.subject, "A visitor is waiting in Support")
        self.assertIn("My camera is offline", mail.body_html)

    def test_without_the_option_the_thresholds_stay(self):
        self.livechat_channel.livechat_alert_at_once = False
        self.online(self.agent)
        [session] = self.queued(1, T0)
        self.assertFalse(self.woken_at(T0))
        self.assertTrue(self.woken_at(T0 + timedelta(seconds=60)))
        self.run_alerts(T0 + 5 * SECOND)
        self.assertFalse(self.notices(self.agent))
        self.run_alerts(T0 + timedelta(seconds=61))
        [notice] = self.notices(self.agent)
        self.assertEqual(notice["id"], session.id)
        self.assertFalse(notice["sound"], "no sound unless the queue says so")
        self.assertFalse(self.mails(self.agent_bob))

    def test_a_burst_gives_each_agent_one_notice_per_run_and_one_email_per_interval(self):
        self.online(self.agent)
        customer = self.known_customer("Kim Known")
        self.queued(30, T0)
        [known] = self.queued(1, T0, partner=customer)
        self.run_alerts(T0)
        notices = self.notices(self.agent)
        self.assertEqual(len(notices), 2, "one digest, and the known customer's own")
        [digest] = [n for n in notices if not n["id"]]
        self.assertEqual(digest["body"], "30 visitors are waiting in Support")
        self.assertTrue(digest["sound"])
        self.assertEqual({n["id"] for n in notices if n["id"]}, {known.id})
        [mail] = self.mails(self.agent_bob)
        self.assertEqual(mail.subject, "31 visitors are waiting in Support")
        self.assertIn("Kim Known", mail.body_html, "the known customer named first")
        self.assertIn("Others waiting: 21", mail.body_html)
        self.assertFalse(self.notices(self.agent_bob))

        # the burst goes on: 20 more in the next minute, one run after each 5
        for step in range(1, 5):
            at = T0 + step * 15 * SECOND
            self.queued(5, at, prefix=f"Later {step}")
            self.run_alerts(at)
        self.assertEqual(len(self.notices(self.agent)), 2 + 4, "one digest per run")
        self.assertEqual(len(self.mails(self.agent_bob)), 1, "no second e-mail in 15 minutes")
        self.assertFalse(self.mails(self.agent))
        # the interval is over: one e-mail listing all who still wait
        self.run_alerts(T0 + timedelta(minutes=15))
        mails = self.mails(self.agent_bob)
        self.assertEqual(len(mails), 2)
        self.assertEqual(mails[-1].subject, "51 visitors are waiting in Support")

    def test_a_visitor_given_to_an_agent_is_told_to_that_agent_at_once(self):
        self.online(self.agent)
        with freeze_time(T0):
            session = self.start_visitor_chat()
        self.assertEqual(session.livechat_state, "waiting")
        self.assertEqual(session.livechat_agent_id, self.agent.partner_id)
        self.assertFalse(self.notices(self.agent), "no message yet: nobody is told")
        with freeze_time(T0 + 5 * SECOND):
            self.visitor_post(session, "Is the NVR covered?")
        [notice] = self.notices(self.agent)
        self.assertEqual(notice["id"], session.id)
        self.assertEqual(notice["title"], "A chat was assigned to you")
        self.assertIn("Is the NVR covered?", notice["body"])
        self.assertTrue(notice["sound"])
        self.assertFalse(self.notices(self.agent_bob))
        # once answered, nothing rings for this chat any more
        session.with_user(self.agent).message_post(
            body="Yes, it is.", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self.assertFalse(session._livechat_alert_sound())

    def test_the_queue_form_offers_the_option(self):
        view = self.env.ref("livechat_iconic.im_livechat_channel_view_form")
        arch = self.env["im_livechat.channel"].get_views([(view.inherit_id.id, "form")])
        form = arch["views"]["form"]["arch"]
        self.assertIn('name="livechat_alert_at_once"', form)

    def test_the_agents_browser_rings(self):
        """In a real browser: the signed-in agent's web client shows the notice and plays
        Discuss's new-message sound."""
        admin = self.env.ref("base.user_admin")
        self.livechat_channel.user_ids = [Command.link(admin.id)]
        session = self.start_visitor_chat("Ring me please")
        self.assertEqual(session.livechat_state, "in_queue")
        # other visitors waiting (a database with demo data) were told already: the
        # notice is this visitor's own, not a digest
        self.Channel.search(
            [("livechat_state", "=", "in_queue"), ("id", "!=", session.id)]
        ).livechat_alert_level = 2
        self.online(admin)
        self.start_tour("/odoo", "livechat_iconic_alert_at_once", login="admin")
        self.assertEqual(session.livechat_alert_level, 2)
