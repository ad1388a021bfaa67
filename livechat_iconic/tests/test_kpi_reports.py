from datetime import datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged

from .common import AGENT_GROUPS
from .kpi_bulk import insert_sessions

NOW = datetime(2026, 3, 20, 12, 0)
MANAGER_GROUPS = "base.group_user,im_livechat.im_livechat_group_manager"


def at(text):
    """A naive UTC datetime of March 2026 (or any month) from "MM-DD HH:MM:SS"."""
    return datetime.strptime(f"2026-{text}", "%Y-%m-%d %H:%M:%S")


@tagged("post_install", "-at_install")
class TestKpiReports(TransactionCase):
    """The KPIs of the sessions report, the funnel and the targets dashboard on ten
    hand-built sessions whose answers are known (worked out by hand below)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env, login="kpi_manager", groups=MANAGER_GROUPS, name="Kim Manager", tz="UTC"
        )
        cls.alice = new_test_user(cls.env, login="kpi_alice", groups=AGENT_GROUPS, name="Alice")
        cls.bob = new_test_user(cls.env, login="kpi_bob", groups=AGENT_GROUPS, name="Bob")
        cls.support = cls.env["im_livechat.channel"].create({"name": "KPI Support"})
        # a first answer after 2 minutes is a missed chat in this queue
        cls.sales = cls.env["im_livechat.channel"].create(
            {"name": "KPI Sales", "livechat_max_wait_minutes": 2}
        )
        cls.queue_partner = cls.env["discuss.channel"]._livechat_queue_partner()
        a, b, q = cls.alice.partner_id, cls.bob.partner_id, cls.queue_partner
        s, sales = cls.support, cls.sales
        # name: (queue, operator, state, {step: time}, first answer, rating, failure)
        cls.sessions = {}
        specs = {
            # queued 30 s, first answer 60 s after queued, chatted 600 s, rated happy
            "S1": (s, a, "closed", "03-02 09:00:00", dict(loading="03-02 09:00:00",
                   in_queue="03-02 09:00:10", dequeued="03-02 09:00:40",
                   waiting="03-02 09:00:40", chatting="03-02 09:01:10",
                   closed="03-02 09:11:10"), "03-02 09:01:10", 5, "no_failure"),
            # queued 120 s, first answer 180 s, chatted 300 s, rated unhappy
            "S2": (s, b, "closed", "03-02 09:30:00", dict(loading="03-02 09:30:00",
                   in_queue="03-02 09:30:00", dequeued="03-02 09:32:00",
                   waiting="03-02 09:32:00", chatting="03-02 09:33:00",
                   closed="03-02 09:38:00"), "03-02 09:33:00", 1, "no_failure"),
            # queued 300 s, left unanswered: missed, abandoned In Queue
            "S3": (s, q, "left", "03-03 14:00:00", dict(loading="03-03 14:00:00",
                   in_queue="03-03 14:00:05", dequeued="03-03 14:05:05",
                   left="03-03 14:05:05"), None, 0, "no_answer"),
            # invited by Alice, never waited for a person: no first response, not missed
            "S4": (sales, a, "closed", "03-03 14:20:00", dict(loading="03-03 14:20:00",
                   invited="03-03 14:20:10", chatting="03-03 14:20:30",
                   closed="03-03 14:25:30"), "03-03 14:20:20", 0, "no_failure"),
            # answered 240 s after queued, over Sales' 2 minutes: missed; rated neutral
            "S5": (sales, b, "closed", "03-04 20:00:00", dict(loading="03-04 20:00:00",
                   in_queue="03-04 20:00:00", dequeued="03-04 20:03:00",
                   waiting="03-04 20:03:00", chatting="03-04 20:04:00",
                   closed="03-04 20:06:00"), "03-04 20:04:00", 3, "no_failure"),
            # closed while loading (the bot's part): abandoned at Loading, not missed
            "S6": (sales, q, "closed", "03-04 20:30:00", dict(loading="03-04 20:30:00",
                   closed="03-04 20:31:00"), None, 0, "no_agent"),
            # last month: missed, outside this month's numbers
            "S7": (s, q, "left", "02-27 10:00:00", dict(loading="02-27 10:00:00",
                   in_queue="02-27 10:00:00", dequeued="02-27 10:10:00",
                   left="02-27 10:10:00"), None, 0, "no_answer"),
            # still chatting at NOW: queued 60 s, first answer 120 s, chatting 480 s so far
            "S8": (s, a, "chatting", "03-20 11:50:00", dict(loading="03-20 11:50:00",
                   in_queue="03-20 11:50:00", dequeued="03-20 11:51:00",
                   waiting="03-20 11:51:00", chatting="03-20 11:52:00"),
                   "03-20 11:52:00", 0, "no_failure"),
            # given to Alice after 60 s in queue, left before her answer: missed, at Waiting
            "S9": (sales, a, "left", "03-05 08:00:00", dict(loading="03-05 08:00:00",
                   in_queue="03-05 08:00:00", dequeued="03-05 08:01:00",
                   waiting="03-05 08:01:00", left="03-05 08:03:00"), None, 0, "no_answer"),
            # still In Queue at NOW, for 120 s so far: neither missed nor abandoned yet
            "S10": (s, q, "in_queue", "03-20 11:58:00", dict(loading="03-20 11:58:00",
                    in_queue="03-20 11:58:00"), None, 0, "no_answer"),
        }  # fmt: skip
        channel_model = cls.env["discuss.channel"]
        rating_model_id = cls.env["ir.model"]._get_id("discuss.channel")
        for name, (
            queue,
            operator,
            state,
            created,
            steps,
            answer,
            rating,
            failure,
        ) in specs.items():
            times = {step: at(moment) for step, moment in steps.items()}
            ended = times.get("left") or times.get("closed")
            vals = {
                "name": name,
                "channel_type": "livechat",
                "livechat_channel_id": queue.id,
                "livechat_operator_id": operator.id,
                "livechat_state": state,
                "livechat_state_dt": max(times.values()),
                "livechat_first_answer_dt": answer and at(answer),
                "livechat_failure": failure,
                "livechat_end_dt": ended if state != "chatting" else False,
                **{f"livechat_{step}_dt": moment for step, moment in times.items()},
            }
            channel = channel_model.create(vals)
            cls.env.cr.execute(
                "UPDATE discuss_channel SET create_date = %s WHERE id = %s",
                [at(created), channel.id],
            )
            if rating:
                cls.env["rating.rating"].create(
                    {
                        "res_model_id": rating_model_id,
                        "res_id": channel.id,
                        "rating": rating,
                        "consumed": True,
                    }
                )
                channel.rating_last_value = rating  # what Odoo's compute stores from it
            cls.sessions[name] = channel
        cls.env.flush_all()
        cls.env.invalidate_all()
        cls.report = cls.env["im_livechat.report.channel"].with_user(cls.manager)
        cls.funnel = cls.env["livechat_iconic.report.funnel"].with_user(cls.manager)
        cls.march = [("start_date", ">=", "2026-03-01"), ("start_date", "<", "2026-04-01")]
        cls.ids = [("channel_id", "in", [c.id for c in cls.sessions.values()])]

    def _group(self, groupby, aggregates, model=None, domain=None):
        model = self.report if model is None else model
        domain = (domain if domain is not None else self.march) + self.ids
        with freeze_time(NOW):
            return {row[0]: row[1:] for row in model._read_group(domain, [groupby], aggregates)}

    def test_stored_fields_behind_the_report(self):
        """The stored fields the SQL reads hold the hand-worked values."""
        s = self.sessions
        self.assertEqual([n for n, c in s.items() if c.livechat_missed], ["S3", "S5", "S7", "S9"])
        self.assertEqual(s["S5"].livechat_first_answer_seconds, 240)
        self.assertEqual(s["S1"].rating_last_value, 5)

    def test_per_agent(self):
        aggregates = [
            "__count",
            "first_response_seconds:avg",
            "nbr_missed:sum",
            "queue_seconds:avg",
            "chat_seconds:avg",
            "rating_score:avg",
        ]
        rows = self._group("agent_id", aggregates)
        alice, bob = self.alice.partner_id, self.bob.partner_id
        none = self.env["res.partner"]
        # Alice: S1 S4 S8 S9; Bob: S2 S5; nobody: S3 S10 (queued), S6 (loading)
        self.assertEqual(rows[alice], (4, 90.0, 1, 50.0, 460.0, 5.0))
        self.assertEqual(rows[bob], (2, 210.0, 1, 150.0, 210.0, 2.0))
        self.assertEqual(rows[none], (3, False, 1, 210.0, False, False))

    def test_per_queue(self):
        aggregates = [
            "__count",
            "queue_seconds:avg",
            "nbr_missed:sum",
            "first_response_seconds:avg",
        ]
        rows = self._group("livechat_channel_id", aggregates)
        # Support S1 S2 S3 S8 S10: queue 30 120 300 60 120; Sales S4 S5 S6 S9: queue 180 60
        self.assertEqual(rows[self.support], (5, 126.0, 1, 120.0))
        self.assertEqual(rows[self.sales], (4, 120.0, 2, 240.0))
        # over any period: last month's S7 counts once February is in
        rows = self._group("livechat_channel_id", ["__count", "nbr_missed:sum"], domain=[])
        self.assertEqual(rows[self.support], (6, 2))

    def test_per_hour_and_weekday_in_the_readers_time_zone(self):
        hours = self._group("local_hour", ["__count"])
        self.assertEqual(hours, {"08": (1,), "09": (2,), "11": (2,), "14": (2,), "20": (2,)})
        days = self._group("local_weekday", ["__count"])
        self.assertEqual(days, {"1": (2,), "2": (2,), "3": (2,), "4": (1,), "5": (2,)})
        # in Tokyo (UTC+9) 20:00 on Wednesday is 05:00 on Thursday
        self.report = self.report.with_context(tz="Asia/Tokyo")
        hours = self._group("local_hour", ["__count"])
        self.assertEqual(hours, {"05": (2,), "17": (1,), "18": (2,), "20": (2,), "23": (2,)})
        days = self._group("local_weekday", ["__count"])
        self.assertEqual(days, {"1": (2,), "2": (2,), "4": (3,), "5": (2,)})

    def test_ratings_and_outcome(self):
        rows = self._group(
            "livechat_outcome", ["__count", "nbr_rated:sum", "rating_score:avg", "satisfaction:avg"]
        )
        # rated: S1 happy (5), S2 unhappy (1), S5 neutral (3): one in three happy
        self.assertEqual(rows["no_failure"][:3], (5, 3, 3.0))
        self.assertAlmostEqual(rows["no_failure"][3], 100 / 3)
        self.assertEqual(rows["no_answer"], (3, 0, False, False))
        self.assertEqual(rows["no_agent"], (1, 0, False, False))
        states = self._group("livechat_state", ["__count"])
        self.assertEqual(states, {"closed": (5,), "left": (2,), "chatting": (1,), "in_queue": (1,)})

    def test_funnel(self):
        rows = self._group(
            "step", ["nbr_reached:sum", "nbr_abandoned:sum", "abandon_rate:avg"], self.funnel
        )
        self.assertEqual(
            {step: row[:2] for step, row in rows.items()},
            {
                "loading": (9, 1),  # S6 closed while loading
                "invited": (1, 0),  # S4 went on to chat
                "in_queue": (7, 1),  # S3 left in the queue; S10 still waits
                "waiting": (5, 1),  # S9 left before Alice answered
                "chatting": (5, 0),
                "closed": (5, 0),
                "left": (2, 0),
            },
        )
        self.assertAlmostEqual(rows["in_queue"][2], 100 / 7)
        per_queue = self._group(
            "livechat_channel_id",
            ["nbr_abandoned:sum"],
            self.funnel,
            self.march + [("step", "=", "waiting")],
        )
        self.assertEqual(per_queue, {self.support: (0,), self.sales: (1,)})

    def test_targets_this_month(self):
        with freeze_time(NOW):
            targets = self.report.livechat_iconic_targets()
        # missed in March: S3, S5, S9; first answers 60, 180, 240, 120 s (S1 S2 S5 S8)
        self.assertEqual(targets["month"], "2026-03")
        self.assertEqual(targets["missed"], {"value": 3, "target": 0, "met": False})
        self.assertEqual(
            targets["first_response"],
            {"value": 150.0, "answered": 4, "target": 120, "met": False},
        )
        # the report opened from each number shows that number
        with freeze_time(NOW):
            action = self.report.livechat_iconic_action_target("missed")
            self.assertEqual(self.report.search_count(action["domain"]), 3)
            action = self.report.livechat_iconic_action_target("first_response")
            [[average]] = self.report._read_group(
                action["domain"], [], ["first_response_seconds:avg"]
            )
        self.assertEqual(average, 150.0)
        # targets from the settings: green
        params = self.env["ir.config_parameter"]
        params.set_param("livechat_iconic.target_missed_chats", 3)
        params.set_param("livechat_iconic.target_first_response_seconds", 150)
        with freeze_time(NOW):
            targets = self.report.livechat_iconic_targets()
        self.assertTrue(targets["missed"]["met"])
        self.assertTrue(targets["first_response"]["met"])

    def test_targets_empty_month(self):
        with freeze_time(datetime(2026, 4, 2, 8, 0)):
            targets = self.report.livechat_iconic_targets()
        self.assertEqual(targets["missed"], {"value": 0, "target": 0, "met": True})
        self.assertEqual(
            targets["first_response"],
            {"value": None, "answered": 0, "target": 120, "met": None},
        )

    def test_targets_month_in_the_readers_time_zone(self):
        # 2026-03-31 23:30 in New York is April there: March's sessions are not counted
        with freeze_time(datetime(2026, 4, 1, 3, 30)):
            targets = self.report.with_context(tz="America/New_York").livechat_iconic_targets()
        self.assertEqual(targets["month"], "2026-03")
        self.assertEqual(targets["missed"]["value"], 3)

    def test_targets_for_managers_only(self):
        with self.assertRaises(AccessError):
            self.report.with_user(self.alice).livechat_iconic_targets()


@tagged("post_install", "-at_install")
class TestKpiQueryCount(TransactionCase):
    """The dashboard and the reports cost the same number of queries at 100 and at 100,000
    sessions: everything is aggregated in SQL."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env, login="kpi_manager_q", groups=MANAGER_GROUPS, name="Quinn", tz="UTC"
        )
        cls.agents = [
            new_test_user(cls.env, login=f"kpi_q{i}", groups=AGENT_GROUPS, name=f"Q{i}")
            for i in range(2)
        ]
        cls.queue = cls.env["im_livechat.channel"].create(
            {"name": "KPI Bulk", "user_ids": [Command.set([u.id for u in cls.agents])]}
        )

    def _insert_sessions(self, count):
        """``count`` sessions of this month in one INSERT … SELECT generate_series."""
        partners = [u.partner_id.id for u in self.agents]
        insert_sessions(self.env.cr, count, self.queue.id, partners, "2026-03-01 00:00", 19)

    def _reads(self):
        """What the dashboard and the report screens ask for."""
        report = self.env["im_livechat.report.channel"].with_user(self.manager)
        funnel = self.env["livechat_iconic.report.funnel"].with_user(self.manager)
        domain = [("start_date", ">=", "2026-03-01")]
        with freeze_time(NOW):
            targets = report.livechat_iconic_targets()
            by_agent = report.formatted_read_group(
                domain,
                ["agent_id"],
                ["__count", "first_response_seconds:avg", "nbr_missed:sum", "rating_score:avg"],
            )
            by_step = funnel.formatted_read_group(
                domain, ["step"], ["nbr_reached:sum", "nbr_abandoned:sum"]
            )
        return targets, by_agent, by_step

    def _assert_queries(self, sessions):
        self._insert_sessions(sessions)
        self._reads()  # warm the caches (groups, parameters, the partners' names)
        self.env.invalidate_all()
        with self.assertQueryCount(6):
            targets, by_agent, by_step = self._reads()
        self.assertEqual(targets["missed"]["value"], sessions // 10)
        self.assertEqual(sum(row["__count"] for row in by_agent), sessions)
        self.assertEqual(len(by_step), 5)  # loading, in queue, waiting, chatting, closed
        return targets

    def test_queries_at_100_sessions(self):
        targets = self._assert_queries(100)
        self.assertEqual(targets["first_response"]["value"], 90.0)

    def test_queries_at_100000_sessions(self):
        self._assert_queries(100_000)
