import json
from datetime import date, datetime, timedelta

from odoo import Command, fields
from odoo.tests import tagged

from ..lib import queue_wait, staffing
from .helpdesk_common import LivechatHelpdeskCase

# a Monday; Brussels is UTC+1 in November: 8:00 UTC is 9:00 local
MONDAY = date(2026, 11, 2)


def attendance(weekday, hour_from, hour_to):
    return Command.create(
        {
            "name": f"{weekday} {hour_from}-{hour_to}",
            "dayofweek": str(weekday),
            "hour_from": hour_from,
            "hour_to": hour_to,
            "day_period": "morning",
        }
    )


@tagged("post_install", "-at_install")
class TestStaffingForecast(LivechatHelpdeskCase):
    """The staffing forecast from a queue's own history and its agents' calendars, and the
    Erlang C model's expected wait in the widget: its range, the form offered up front."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.alice_hours = cls.env["resource.calendar"].create(
            {
                "name": "Alice: Monday mornings",
                "tz": "Europe/Brussels",
                "attendance_ids": [Command.clear(), attendance(0, 8, 12)],
            }
        )
        cls.env["resource.resource"].create(
            {
                "name": "Alice Agent",
                "user_id": cls.agent.id,
                "calendar_id": cls.alice_hours.id,
                "tz": "Europe/Brussels",
            }
        )
        # Bob has no calendar: the company's counts (Monday 9:00-10:00)
        cls.env.company.resource_calendar_id.write(
            {"tz": "Europe/Brussels", "attendance_ids": [Command.clear(), attendance(0, 9, 10)]}
        )
        cls.livechat_channel.write(
            {
                "livechat_resource_calendar_id": False,
                "livechat_first_response_target": 60,
                "max_sessions_mode": "limited",
                "max_sessions": 1,
            }
        )

    def session(self, state, queued_at, answered_after=None, handle=None, queue=None):
        """A session of the queue: queued at ``queued_at`` (naive UTC), answered
        ``answered_after`` seconds later and ended ``handle`` seconds after the answer."""
        answer = queued_at + timedelta(seconds=answered_after) if answered_after else False
        end = answer + timedelta(seconds=handle) if answer and handle else False
        guest = self.env["mail.guest"].create({"name": "Visitor"})
        return self.env["discuss.channel"].create(
            {
                "name": "Visitor",
                "channel_type": "livechat",
                "livechat_channel_id": (queue or self.livechat_channel).id,
                "livechat_operator_id": (
                    self.agent.partner_id if answer else self.queue_partner
                ).id,
                "channel_member_ids": [
                    Command.create({"guest_id": guest.id, "livechat_member_type": "visitor"})
                ],
                "livechat_held": False,
                "livechat_state": state,
                "livechat_in_queue_dt": queued_at,
                "livechat_first_answer_dt": answer,
                "livechat_end_dt": end,
            }
        )

    def forecast(self, **values):
        forecast = self.env["livechat_iconic.staffing.forecast"].create(
            {
                "queue_ids": [Command.set(self.livechat_channel.ids)],
                "date_from": MONDAY,
                "date_to": MONDAY + timedelta(days=6),
                **values,
            }
        )
        forecast.action_compute()
        return forecast

    def line(self, forecast, weekday, hour):
        return forecast.line_ids.filtered(
            lambda row: row.weekday == str(weekday) and row.hour == hour
        )

    # -- the forecast ------------------------------------------------------------------------
    def test_defaults_come_from_the_queue(self):
        forecast = self.env["livechat_iconic.staffing.forecast"].create(
            {"queue_ids": [Command.set(self.livechat_channel.ids)]}
        )
        self.assertEqual(forecast.target_seconds, 60)
        self.assertEqual(forecast.target_percent, 80)
        self.assertEqual(forecast.parallel, 1)
        self.assertEqual(forecast.date_to - forecast.date_from, timedelta(days=27))

    def test_ten_chats_of_six_minutes_on_monday_at_nine(self):
        nine_local = datetime.combine(MONDAY, datetime.min.time()) + timedelta(hours=8)
        for minute in range(0, 60, 6):  # 10 chats in the hour, 6 minutes each
            self.session("closed", nine_local + timedelta(minutes=minute), 30, 360)
        # a chat of another week and one of another queue are left out
        self.session("closed", nine_local - timedelta(days=7), 30, 360)
        other = self.env["im_livechat.channel"].create({"name": "Other"})
        self.session("closed", nine_local, 30, 360, queue=other)
        forecast = self.forecast()
        self.assertEqual(forecast.time_zone, "Europe/Brussels")
        self.assertEqual(len(forecast.line_ids), 7 * 24)
        nine = self.line(forecast, 0, 9)
        self.assertAlmostEqual(nine.arrivals, 10)
        self.assertAlmostEqual(nine.handle_minutes, 6)
        needed = staffing.agents_needed(10, 360, 60, 0.8, 1)
        self.assertEqual(nine.needed, needed)
        self.assertGreater(needed, 2)
        # Alice (her calendar, 8-12) and Bob (the company's, 9-10) are scheduled at 9
        self.assertEqual(nine.scheduled, 2)
        self.assertEqual(nine.shortfall, needed - 2)
        self.assertEqual(self.line(forecast, 0, 8).arrivals, 0, "UTC 8:00 is local 9:00")
        self.assertEqual(self.line(forecast, 0, 10).scheduled, 1)
        self.assertEqual(self.line(forecast, 0, 12).scheduled, 0)
        self.assertEqual(forecast.short_hours, 1)
        self.assertEqual(forecast.heatmap.count("#dc3545"), 1, "one red cell")
        # two chats at once per agent: fewer agents, none short
        forecast = self.forecast(parallel=needed)
        self.assertEqual(self.line(forecast, 0, 9).needed, 1)
        self.assertEqual(forecast.short_hours, 0)
        self.assertNotIn("#dc3545", forecast.heatmap)

    def test_arrivals_are_averaged_over_the_weeks(self):
        nine_local = datetime.combine(MONDAY, datetime.min.time()) + timedelta(hours=8)
        for week in range(2):
            for minute in range(0, 60, 15):
                self.session("closed", nine_local + timedelta(days=7 * week, minutes=minute))
        forecast = self.forecast(date_to=MONDAY + timedelta(days=13))
        nine = self.line(forecast, 0, 9)
        self.assertAlmostEqual(nine.arrivals, 4, msg="8 chats over two Mondays")
        self.assertEqual(nine.handle_minutes, 0, "nobody answered them")

    # -- the widget: the expected wait's range, the form up front -----------------------------
    def busy_queue(self, waiting):
        """``waiting`` visitors in the queue, one chat being served, and three chats of
        10 minutes ended in the last day (the queue's recent handle time)."""
        now = fields.Datetime.now()
        for _i in range(3):
            self.session("closed", now - timedelta(hours=3), 60, 600)
        self.session("chatting", now - timedelta(minutes=5), 30)
        return [self.session("in_queue", now - timedelta(minutes=4 - i)) for i in range(waiting)]

    def test_queue_status_has_the_models_range(self):
        queued = self.busy_queue(3)
        status = queued[-1]._livechat_own_queue_statuses()[queued[-1].id]
        self.assertEqual(status["position"], 3)
        middle, low, high = queue_wait.model_wait(3, 1, 600.0)
        self.assertEqual(status["wait_minutes"], middle)
        self.assertEqual(status["wait_range"], [low, high])
        self.assertLess(low, high)
        self.assertEqual((status["servers"], status["handle_seconds"]), (1, 600.0))

    def test_queue_moves_carry_the_model(self):
        """The queue's move message (its moves, one per transaction, at most one message a
        second) carries what each widget needs to compute its own range from its new
        place."""
        self.busy_queue(2)
        self.env.cr.precommit.run()
        channel = json.dumps(
            [
                self.env.cr.dbname,
                "im_livechat.channel",
                self.livechat_channel.id,
                "LIVECHAT_ICONIC_QUEUE",
            ],
            separators=(",", ":"),
        )
        rows = self.env["bus.bus"].sudo().search([("channel", "=", channel)], order="id")
        move = json.loads(rows[-1].message)["payload"]["moves"][-1]
        self.assertEqual((move["servers"], move["handle_seconds"]), (1, 600.0))

    def test_no_range_without_a_chat_being_served(self):
        now = fields.Datetime.now()
        for _i in range(3):
            self.session("closed", now - timedelta(hours=3), 60, 600)
        [queued] = [self.session("in_queue", now - timedelta(minutes=1))]
        status = queued._livechat_own_queue_statuses()[queued.id]
        self.assertFalse(status["wait_range"])

    def test_form_offered_up_front_past_the_limit(self):
        self.livechat_channel.queue_when_unavailable = True
        self.busy_queue(2)  # the next visitor is third: about 27 minutes
        self.livechat_channel.livechat_form_wait_minutes = 20
        form = self.visitor_opens_page("http://localhost/contactus")["Store"][
            "livechat_iconic_form"
        ]
        self.assertEqual(form["reason"], "busy")
        self.assertIn("expected wait is about", form["text"])
        # below the limit, or no limit: the chat starts as usual
        self.livechat_channel.livechat_form_wait_minutes = 60
        store = self.visitor_opens_page("http://localhost/contactus")["Store"]
        self.assertFalse(store["livechat_iconic_form"])
        self.livechat_channel.livechat_form_wait_minutes = 0
        store = self.visitor_opens_page("http://localhost/contactus")["Store"]
        self.assertFalse(store["livechat_iconic_form"])

    def test_no_form_while_an_agent_is_free_and_nobody_waits(self):
        self.livechat_channel.queue_when_unavailable = True
        self.busy_queue(0)  # a chat of about 10 minutes being served, nobody waiting
        self.livechat_channel.livechat_form_wait_minutes = 1
        form = self.visitor_opens_page("http://localhost/contactus")["Store"][
            "livechat_iconic_form"
        ]
        self.assertEqual(form["reason"], "busy", "the next visitor waits for that chat")
        # Bob is at work with room for a chat: the next visitor has no wait
        self.env["mail.presence"]._update_presence(self.agent_bob)
        self.env["res.users"].with_user(self.agent_bob).action_livechat_set_status("online")
        store = self.visitor_opens_page("http://localhost/contactus")["Store"]
        self.assertFalse(store["livechat_iconic_form"])
        self.assertTrue(store["livechat_available"])
