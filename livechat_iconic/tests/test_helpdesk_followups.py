import json
from datetime import date, datetime, timedelta

from odoo import Command, fields
from odoo.tests import freeze_time, tagged
from odoo.tools.safe_eval import safe_eval

from .helpdesk_common import LivechatHelpdeskCase

# a Monday
MONDAY = datetime(2026, 11, 23)


@tagged("post_install", "-at_install")
class TestHoursAndFollowups(LivechatHelpdeskCase):
    """Opening hours with holidays, missed chats as owned tickets, registered chats,
    answers by e-mail both ways, and the agents' alerts."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls.env["resource.calendar"].create(
            {
                "name": "Desk hours (UTC)",
                "tz": "UTC",
                "attendance_ids": [
                    Command.create(
                        {
                            "name": f"Day {day}",
                            "dayofweek": str(day),
                            "hour_from": 9,
                            "hour_to": 17,
                            "day_period": "morning",
                        }
                    )
                    for day in range(5)
                ],
            }
        )
        cls.livechat_channel.write(
            {"queue_when_unavailable": True, "livechat_resource_calendar_id": cls.calendar.id}
        )
        # a public holiday on Monday 30 November 2026
        cls.env["resource.calendar.leaves"].create(
            {
                "name": "Public holiday",
                "calendar_id": cls.calendar.id,
                "date_from": datetime(2026, 11, 30, 0, 0),
                "date_to": datetime(2026, 11, 30, 23, 59),
            }
        )
        cls.agent.email = "alice.agent@example.com"
        cls.agent_bob.email = "bob.agent@example.com"

    # -- opening hours ----------------------------------------------------------------------
    def test_open_inside_hours_closed_outside_and_on_holidays(self):
        queue = self.livechat_channel
        self.assertTrue(queue._livechat_is_open(MONDAY.replace(hour=10)))
        self.assertFalse(queue._livechat_is_open(MONDAY.replace(hour=18)))
        self.assertFalse(queue._livechat_is_open(MONDAY.replace(hour=8, minute=59)))
        self.assertFalse(queue._livechat_is_open(datetime(2026, 11, 28, 11, 0)), "Saturday")
        self.assertFalse(queue._livechat_is_open(datetime(2026, 11, 30, 11, 0)), "holiday")
        self.assertTrue(queue._livechat_is_open(datetime(2026, 12, 1, 11, 0)))

    def test_form_when_the_queue_is_closed(self):
        queue = self.livechat_channel
        queue.livechat_outside_hours_text = "We answer Monday to Friday, 9 to 17."
        with freeze_time(datetime(2026, 11, 28, 11, 0)):  # Saturday
            form = queue._livechat_form_info(available=True)
        self.assertEqual(form["reason"], "closed")
        self.assertEqual(form["text"], "We answer Monday to Friday, 9 to 17.")
        with freeze_time(MONDAY.replace(hour=10)):
            self.assertFalse(queue._livechat_form_info(available=False), "open: visitors queue")

    def test_widget_offers_the_form_when_closed(self):
        closed = self.env["resource.calendar"].create({"name": "Never", "attendance_ids": []})
        self.livechat_channel.livechat_resource_calendar_id = closed
        self.addCleanup(
            setattr, self.livechat_channel, "livechat_resource_calendar_id", self.calendar
        )
        store = self.visitor_opens_page("http://localhost/contactus")["Store"]
        self.assertEqual(store["livechat_iconic_form"]["reason"], "closed")
        self.assertTrue(store["livechat_available"])

    def test_opening_hours_cost_no_query_per_page_view(self):
        queue = self.livechat_channel
        with freeze_time(MONDAY.replace(hour=10, minute=30, second=5)):
            queue._livechat_form_info(available=True)  # the minute's first look-up
            queue.invalidate_recordset()
            # Odoo's init_livechat reads the channel's rules and operators first
            queue.read(["name", "available_operator_ids"])
            with self.assertQueryCount(0):
                for _view in range(20):
                    self.assertFalse(queue._livechat_form_info(available=True))

    def test_followup_deadline_skips_weekends_and_holidays(self):
        queue = self.livechat_channel
        self.assertEqual(
            queue._livechat_followup_deadline(MONDAY.replace(hour=10)), date(2026, 11, 24)
        )
        friday = datetime(2026, 11, 27, 16, 0)
        # next working day after Friday is Monday 30, a holiday: Tuesday
        self.assertEqual(queue._livechat_followup_deadline(friday), date(2026, 12, 1))
        queue.livechat_followup_days = 2
        self.assertEqual(queue._livechat_followup_deadline(friday), date(2026, 12, 2))

    # -- missed chats ------------------------------------------------------------------------
    def test_missed_chat_with_contact_becomes_an_owned_ticket(self):
        self.team.user_id = self.agent_bob
        session = self.visitor_session(
            "Is anyone there?", contact={"email": "gone@example.com"}, leaves=True
        )
        self.assertTrue(session.livechat_missed)
        ticket = session.livechat_ticket_id
        self.assertTrue(ticket, "a missed chat with an e-mail is followed up")
        self.assertEqual(ticket.user_id, self.agent_bob, "the team's leader owns it")
        self.assertEqual(ticket.team_id, self.team)
        self.assertIn("Is anyone there?", ticket.description)
        activity = ticket.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.agent_bob)
        self.assertEqual(
            activity.date_deadline,
            self.livechat_channel._livechat_followup_deadline(fields.Datetime.now()),
        )
        # the supervisors' count: Live Chat > Missed Chats, this month by default
        action = self.env.ref("livechat_iconic.discuss_channel_action_missed")
        this_month = self.env["discuss.channel"].search(
            [("livechat_missed", "=", True), ("create_date", ">=", "today =1d")]
        )
        self.assertIn(session, this_month)
        self.assertIn(session, self.env["discuss.channel"].search(safe_eval(action.domain)))

    def test_missed_chat_without_contact_is_counted_not_followed_up(self):
        tickets_before = self.env["helpdesk.ticket"].search_count([])
        session = self.visitor_session("Hello?", leaves=True)
        self.assertTrue(session.livechat_missed)
        self.assertFalse(session.livechat_ticket_id)
        self.assertEqual(self.env["helpdesk.ticket"].search_count([]), tickets_before)

    def test_owner_without_leader_is_the_least_loaded_member(self):
        self.team.user_id = False
        self.env["helpdesk.ticket"].create(
            {"name": "Busy", "description": "x", "team_id": self.team.id, "user_id": self.agent.id}
        )
        session = self.visitor_session("Hello?", contact={"phone": "+32 2 555 01 01"}, leaves=True)
        self.assertEqual(session.livechat_ticket_id.user_id, self.agent_bob)

    def test_an_answer_after_the_longest_wait_is_a_missed_chat(self):
        self.livechat_channel.livechat_max_wait_minutes = 10
        session = self.start_visitor_chat("Hello?")
        session.livechat_in_queue_dt -= timedelta(minutes=15)
        session.with_user(self.agent).action_livechat_take()
        session.with_user(self.agent).message_post(
            body="Sorry for the wait", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self.assertTrue(session.livechat_missed, "missed as soon as the late answer comes")
        session.with_user(self.agent).action_livechat_close()
        self.assertTrue(session.livechat_missed)

    def test_a_chat_answered_in_time_is_not_missed(self):
        session = self.visitor_session(
            "Hello?", contact={"email": "happy@example.com"}, agent=self.agent, reply="Hi!"
        )
        session.with_user(self.agent).action_livechat_close()
        self.assertFalse(session.livechat_missed)
        self.assertFalse(session.livechat_ticket_id, "the queue does not register chats")

    def test_every_handled_chat_registered_as_a_request(self):
        self.livechat_channel.livechat_register_every_chat = True
        session = self.visitor_session("Price of X?", agent=self.agent, reply="It is 10 EUR")
        ticket = session.livechat_ticket_id
        self.assertTrue(ticket, "registered when the agent took it")
        self.assertFalse(ticket.closed, "open while the chat runs")
        session.with_user(self.agent).action_livechat_close()
        self.assertEqual(
            ticket.type_id, self.env.ref("livechat_iconic.helpdesk_ticket_type_request")
        )
        self.assertEqual(ticket.user_id, self.agent)
        self.assertTrue(ticket.closed, "an answered chat's request is done when it ends")
        self.assertIn("It is 10 EUR", ticket.description)

    # -- answers by e-mail, both ways ----------------------------------------------------------
    def test_answers_by_email_both_ways(self):
        ticket, _result = self.form_ticket(self.send_form(email="mailer@example.com"))
        visitor = ticket.partner_id
        reply = ticket.message_post(
            body="Yes, we ship to Belgium.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        notification = self.env["mail.notification"].search(
            [("mail_message_id", "=", reply.id), ("res_partner_id", "=", visitor.id)]
        )
        self.assertEqual(notification.notification_type, "email", "the answer goes by e-mail")
        raw = (
            "From: Nina Visitor <mailer@example.com>\r\n"
            "To: support@example.com\r\n"
            f"Subject: Re: {ticket.name}\r\n"
            "Message-ID: <visitor-reply-1@example.com>\r\n"
            f"In-Reply-To: {reply.message_id}\r\n"
            f"References: {reply.message_id}\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n"
            "\r\n"
            "Great, thanks! My postcode is 1000.\r\n"
        )
        thread_id = self.env["mail.thread"].message_process(False, raw)
        self.assertEqual(thread_id, ticket.id, "the reply lands on the same ticket")
        last = ticket.message_ids.sorted("id")[-1]
        self.assertIn("My postcode is 1000", last.body)
        self.assertEqual(last.author_id, visitor)

    # -- the agents are told -------------------------------------------------------------------
    def _alerts(self, session):
        """Desktop notices about ``session`` sent on the bus (rows written at commit)."""
        self.env.cr.precommit.run()
        messages = self.env["bus.bus"].search([]).mapped("message")
        notices = [json.loads(m) for m in messages if "livechat_iconic.alert" in m]
        return sum(1 for n in notices if n["payload"]["id"] == session.id)

    def test_agents_alerted_once_then_by_email(self):
        session = self.start_visitor_chat("Waiting here")
        self.assertEqual(session.livechat_state, "in_queue")
        queued = session.livechat_in_queue_dt
        Channel = self.env["discuss.channel"]
        with freeze_time(queued + timedelta(seconds=30)):
            Channel._cron_livechat_alert_operators()
        self.assertEqual(session.livechat_alert_level, 0, "not yet")
        with freeze_time(queued + timedelta(seconds=65)):
            Channel._cron_livechat_alert_operators()
            Channel._cron_livechat_alert_operators()
        self.assertEqual(session.livechat_alert_level, 1)
        self.assertEqual(self._alerts(session), 2, "one desktop notice per agent, once")
        mails = self.env["mail.mail"].search([("subject", "like", "A visitor is waiting")])
        self.assertFalse(mails)
        with freeze_time(queued + timedelta(seconds=305)):
            Channel._cron_livechat_alert_operators()
            Channel._cron_livechat_alert_operators()
        self.assertEqual(session.livechat_alert_level, 2)
        mails = self.env["mail.mail"].search([("subject", "like", "A visitor is waiting")])
        self.assertEqual(len(mails), 2, "one e-mail per agent, queued for Odoo's mail cron")
        self.assertEqual(
            sorted(m.split("<")[-1] for m in mails.mapped("email_to")),
            ["alice.agent@example.com>", "bob.agent@example.com>"],
        )
        self.assertEqual(set(mails.mapped("state")), {"outgoing"})
        self.assertEqual(self._alerts(session), 2)

    def test_a_taken_visitor_alerts_nobody(self):
        session = self.start_visitor_chat("Waiting here")
        session.with_user(self.agent).action_livechat_take()
        with freeze_time(session.livechat_in_queue_dt + timedelta(hours=1)):
            self.env["discuss.channel"]._cron_livechat_alert_operators()
        self.assertEqual(session.livechat_alert_level, 0)
        self.assertEqual(self._alerts(session), 0)
