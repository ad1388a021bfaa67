import json
from datetime import datetime, timedelta
from unittest.mock import patch

from freezegun import freeze_time
from lxml import etree

from odoo import Command
from odoo.tests import new_test_user, tagged

from odoo.addons.http_routing.tests.common import MockRequest

from ..lib import sla
from .common import AGENT_GROUPS, LivechatIconicCase

T0 = datetime(2026, 12, 1, 10, 0, 0)


def at(seconds):
    return T0 + timedelta(seconds=seconds)


@tagged("post_install", "-at_install")
class TestSlaBoard(LivechatIconicCase):
    """The first-response SLA on real Odoo: the board's order by predicted breach, the
    supervisors told before a breach, the queued visitor's place and expected wait."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.supervisor = new_test_user(
            cls.env,
            login="iconic_sla_supervisor",
            groups=f"{AGENT_GROUPS},im_livechat.im_livechat_group_manager",
            name="Sam Supervisor",
        )
        cls.livechat_channel.write(
            {
                "livechat_first_response_target": 120,
                "livechat_escalate_before": 30,
                "livechat_supervisor_ids": [Command.set(cls.supervisor.ids)],
            }
        )
        cls.strict = cls.env["im_livechat.channel"].create(
            {
                "name": "Strict",
                "user_ids": [Command.set(cls.agent.ids)],
                "livechat_first_response_target": 60,
                "livechat_priority": 5,
            }
        )
        view = cls.env.ref("livechat_iconic.discuss_channel_view_list_board")
        cls.board_order = etree.fromstring(view.arch).get("default_order")
        cls.escalation_cron = cls.env.ref("livechat_iconic.ir_cron_livechat_timers")

    # -- helpers ----------------------------------------------------------------------------
    def queued(self, when, queue=None, name="Visitor", operator=None):
        """A visitor's session created at ``when``: IN QUEUE (or WAITING for ``operator``)."""
        guest = self.env["mail.guest"].create({"name": name})
        with freeze_time(when):
            return self.env["discuss.channel"].create(
                {
                    "name": name,
                    "channel_type": "livechat",
                    "livechat_channel_id": (queue or self.livechat_channel).id,
                    "livechat_operator_id": (operator or self.queue_partner).id,
                    "channel_member_ids": [
                        Command.create({"guest_id": guest.id, "livechat_member_type": "visitor"})
                    ],
                    "livechat_question": name,
                    "livechat_held": False,  # its visitor wrote: announced
                }
            )

    def answered(self, queue, waited_seconds, answered_at):
        """A finished session of ``queue`` whose first answer came ``waited_seconds`` after
        it was queued, at ``answered_at``."""
        return self.env["discuss.channel"].create(
            {
                "name": "Answered",
                "channel_type": "livechat",
                "livechat_channel_id": queue.id,
                "livechat_state": "closed",
                "livechat_operator_id": self.agent.partner_id.id,
                "livechat_in_queue_dt": answered_at - timedelta(seconds=waited_seconds),
                "livechat_first_answer_dt": answered_at,
            }
        )

    def agent_answers(self, session, when, agent=None):
        with freeze_time(when):
            session.with_user(agent or self.agent).action_livechat_take()
            session.with_user(agent or self.agent).message_post(
                body="Hello", message_type="comment", subtype_xmlid="mail.mt_comment"
            )

    def bus_payloads(self, target, notification_type):
        """The payloads of ``notification_type`` sent so far on ``target``'s bus channel."""
        self.env.cr.precommit.run()  # notifications become bus.bus rows on commit
        channel = json.dumps([self.env.cr.dbname, target._name, target.id], separators=(",", ":"))
        rows = self.env["bus.bus"].sudo().search([("channel", "=", channel)], order="id")
        messages = [json.loads(row.message) for row in rows]
        return [m["payload"] for m in messages if m["type"] == notification_type]

    def reset_bus(self):
        self.env.cr.precommit.run()
        self.env["bus.bus"].sudo().search([]).unlink()

    def queue_status(self, session):
        """The last place and wait sent to ``session``'s visitor (None: nothing sent)."""
        sent = [
            payload["discuss.channel"][0]
            for payload in self.bus_payloads(session, "mail.record/insert")
            if "livechat_iconic_queue" in payload.get("discuss.channel", [{}])[0]
        ]
        return sent[-1]["livechat_iconic_queue"] if sent else None

    # -- the breach moment --------------------------------------------------------------------
    def test_breach_is_waiting_since_plus_the_queue_target(self):
        session = self.queued(at(0))
        self.assertEqual(session.livechat_state, "in_queue")
        self.assertEqual(session.livechat_sla_since_dt, at(0))
        self.assertEqual(session.livechat_breach_dt, at(120))
        self.assertEqual(session.livechat_queue_priority, 0)
        # assigned to an agent who has not answered: still waiting since it was queued
        with freeze_time(at(20)):
            session._livechat_assign_agent(self.agent)
        self.assertEqual(session.livechat_state, "waiting")
        self.assertEqual(session.livechat_breach_dt, at(120))
        # a stricter target moves the breach of the waiting session
        self.livechat_channel.livechat_first_response_target = 90
        self.assertEqual(session.livechat_breach_dt, at(90))
        self.livechat_channel.livechat_priority = 3
        self.assertEqual(session.livechat_queue_priority, 3)
        # the first answer: no breach to come any more, the time to answer is kept
        with freeze_time(at(75)):
            session.with_user(self.agent).message_post(
                body="Hello", message_type="comment", subtype_xmlid="mail.mt_comment"
            )
        self.assertEqual(session.livechat_state, "chatting")
        self.assertFalse(session.livechat_breach_dt)
        self.assertFalse(session.livechat_sla_since_dt)
        # (the message's time is the database transaction's, which freeze_time does not move)
        answer = session.livechat_first_answer_dt
        self.assertTrue(answer)
        self.assertEqual(
            session.livechat_first_answer_seconds, int((answer - at(0)).total_seconds())
        )

    def test_routed_to_an_agent_at_once_waits_since_the_assignment(self):
        session = self.queued(at(10), operator=self.agent.partner_id)
        self.assertEqual(session.livechat_state, "waiting")
        self.assertEqual(session.livechat_sla_since_dt, at(10))
        self.assertEqual(session.livechat_breach_dt, at(130))

    def test_board_orders_by_predicted_breach_then_queue_priority(self):
        # Support: 120 s, priority 0; Strict: 60 s, priority 5
        old_lenient = self.queued(at(0), name="Support since 0")  # breach 120
        strict_late = self.queued(at(50), self.strict, "Strict since 50")  # breach 110
        lenient_tie = self.queued(at(20), name="Support since 20")  # breach 140
        strict_tie = self.queued(at(80), self.strict, "Strict since 80")  # breach 140, prio 5
        twin = self.queued(at(20), name="Support twin")  # all as lenient_tie, higher id
        assigned = self.queued(at(5), operator=self.agent_bob.partner_id, name="Assigned")  # 125
        done = self.queued(at(1), name="Answered")
        self.agent_answers(done, at(30))
        sessions = old_lenient | strict_late | lenient_tie | strict_tie | twin | assigned | done
        rows = (
            self.env["discuss.channel"]
            .with_user(self.agent)
            .web_search_read(
                [("id", "in", sessions.ids)],
                {"livechat_breach_dt": {}, "livechat_state": {}},
                order=self.board_order,
            )["records"]
        )
        expected = [strict_late, old_lenient, assigned, strict_tie, lenient_tie, twin, done]
        self.assertEqual([r["id"] for r in rows], [s.id for s in expected])
        # the dispatch's rule gives the same order, at any moment
        waiting = sessions - done
        for now in (at(90), at(200)):
            ordered = sla.order_by_breach(
                [
                    sla.Waiting(
                        s.id,
                        s.livechat_sla_since_dt,
                        s.livechat_channel_id.livechat_first_response_target,
                        s.livechat_channel_id.livechat_priority,
                    )
                    for s in waiting
                ],
                now,
            )
            self.assertEqual([w.id for w in ordered], [s.id for s in expected[:-1]])
        self.assertEqual(rows[0]["livechat_breach_dt"], at(110))
        self.assertFalse(rows[-1]["livechat_breach_dt"], "answered: no breach to come")

    # -- supervisors told before the breach ---------------------------------------------------
    def test_supervisors_told_once_before_the_breach(self):
        Trigger = self.env["ir.cron.trigger"].sudo()
        triggers_before = Trigger.search([("cron_id", "=", self.escalation_cron.id)])
        session = self.queued(at(0))  # breach at 120, tell at 90 (30 s before)
        trigger = Trigger.search([("cron_id", "=", self.escalation_cron.id)]) - triggers_before
        # woken a cron poll (a minute) early, so that the supervisors hear before the breach
        self.assertEqual(trigger.mapped("call_at"), [at(30)])
        self.reset_bus()
        Channel = self.env["discuss.channel"]
        with freeze_time(at(29)):
            Channel._cron_livechat_sla_escalation()
        self.assertFalse(session.livechat_sla_escalated)
        self.assertEqual(self.bus_payloads(self.supervisor.partner_id, "livechat_iconic.alert"), [])
        with freeze_time(at(35)):
            Channel._cron_livechat_sla_escalation()
        self.assertTrue(session.livechat_sla_escalated)
        alerts = self.bus_payloads(self.supervisor.partner_id, "livechat_iconic.alert")
        self.assertEqual(len(alerts), 1)
        self.assertEqual(alerts[0]["id"], session.id)
        self.assertEqual(alerts[0]["url"], f"/livechat/waiting/{session.id}")
        self.assertIn("Guest in Support has had no answer for 35 s", alerts[0]["body"])
        self.assertIn("target is reached in 85 s", alerts[0]["body"])
        # agents who do not supervise the queue are not told
        self.assertEqual(self.bus_payloads(self.agent.partner_id, "livechat_iconic.alert"), [])
        # once only, even past the breach
        for moment in (at(60), at(150)):
            with freeze_time(moment):
                Channel._cron_livechat_sla_escalation()
        alerts = self.bus_payloads(self.supervisor.partner_id, "livechat_iconic.alert")
        self.assertEqual(len(alerts), 1)

    def test_a_stricter_target_wakes_the_cron_earlier(self):
        Trigger = self.env["ir.cron.trigger"].sudo()
        self.queued(at(0))  # tell at 90, cron woken at 30
        before = Trigger.search([("cron_id", "=", self.escalation_cron.id)])
        with freeze_time(at(5)):
            self.livechat_channel.livechat_first_response_target = 60  # tell at 30
        added = Trigger.search([("cron_id", "=", self.escalation_cron.id)]) - before
        self.assertEqual(added.mapped("call_at"), [at(5)], "now: due within the minute")

    def test_no_escalation_when_answered_in_time(self):
        session = self.queued(at(0))
        self.agent_answers(session, at(40))
        self.reset_bus()
        with freeze_time(at(100)):
            self.env["discuss.channel"]._cron_livechat_sla_escalation()
        self.assertFalse(session.livechat_sla_escalated)
        self.assertEqual(self.bus_payloads(self.supervisor.partner_id, "livechat_iconic.alert"), [])

    def test_escalation_follows_each_queues_lead(self):
        self.strict.livechat_escalate_before = 0
        strict = self.queued(at(0), self.strict)  # breach at 60, tell at 60 at the latest
        support = self.queued(at(0))  # breach at 120, tell at 90
        with freeze_time(at(10)):
            self.env["discuss.channel"]._cron_livechat_sla_escalation()
        self.assertTrue(strict.livechat_sla_escalated, "due before the next run (a minute)")
        self.assertFalse(support.livechat_sla_escalated)

    # -- the visitor's place and expected wait ------------------------------------------------
    def queue_moves(self, queue=None):
        """The ``livechat_iconic.queue/moved`` messages sent so far on the queue's
        subchannel (the waiting visitors' widgets listen to it)."""
        self.env.cr.precommit.run()
        queue = queue or self.livechat_channel
        channel = json.dumps(
            [self.env.cr.dbname, queue._name, queue.id, "LIVECHAT_ICONIC_QUEUE"],
            separators=(",", ":"),
        )
        rows = self.env["bus.bus"].sudo().search([("channel", "=", channel)], order="id")
        # each message holds the moves since the last one, in order (one per transaction
        # here: test cursors flush at once)
        return [move for row in rows for move in json.loads(row.message)["payload"]["moves"]]

    def place(self, session):
        status = session._livechat_own_queue_statuses()[session.id]
        return {"position": status["position"], "wait_minutes": status["wait_minutes"]}

    def test_visitor_told_place_and_wait_as_the_queue_moves(self):
        for waited in (120, 180, 240):  # median 3 minutes in the last hour
            self.answered(self.livechat_channel, waited, at(-600))
        self.answered(self.livechat_channel, 3000, at(-7200))  # too old to count
        self.reset_bus()
        first = self.queued(at(0), name="First")
        second = self.queued(at(10), name="Second")
        with freeze_time(at(10)):
            self.assertEqual(self.place(first), {"position": 1, "wait_minutes": 3})
            self.assertEqual(self.place(second), {"position": 2, "wait_minutes": 3})
            # one message for the queue (not one per visitor): who joined, the estimate
            [move] = self.queue_moves()
        self.assertEqual(
            move["joined"],
            [["2026-12-01 10:00:00", first.id], ["2026-12-01 10:00:10", second.id]],
        )
        self.assertEqual((move["left"], move["median_seconds"]), ([], 180.0))
        self.assertEqual(move["queue_id"], self.livechat_channel.id)
        self.assertIsNone(self.queue_status(second), "nothing sent to each visitor")
        self.reset_bus()
        # the one ahead is taken: one message says who left; that visitor sees nothing
        with freeze_time(at(70)):
            first.with_user(self.agent).action_livechat_take()
            [move] = self.queue_moves()
            self.assertEqual(self.place(second), {"position": 1, "wait_minutes": 2})
        self.assertEqual((move["joined"], move["left"]), ([], [["2026-12-01 10:00:00", first.id]]))
        self.assertIs(self.queue_status(first), False)
        self.assertIsNone(self.queue_status(second))
        self.reset_bus()
        # too few recent answers: no estimate
        self.env["discuss.channel"].search([("livechat_first_answer_dt", "!=", False)]).write(
            {"livechat_first_answer_dt": at(-9000)}
        )
        with freeze_time(at(80)):
            self.queued(at(80), name="Third")
            moves = self.queue_moves()
            self.assertEqual(self.place(second), {"position": 1, "wait_minutes": False})
        self.assertIsNone(moves[-1]["median_seconds"])

    def test_the_moves_of_a_second_make_one_message_per_queue(self):
        """Every waiting visitor's websocket wakes for each message of its queue: the
        moves committed within the queue interval (5 s) go out together, in their order."""
        Channel = self.env["discuss.channel"]
        self.reset_bus()
        self.env.cr.execute("DELETE FROM livechat_iconic_queue_pending")
        self.env.cr.execute("UPDATE livechat_iconic_queue_clock SET sent_at = '-infinity'")

        def moved(seq, session_id):
            move = {"queue_id": self.livechat_channel.id, "seq": seq, "joined": [], "left": []}
            move["joined"].append(["2026-12-01 10:00:00", session_id])
            self.env.cr.execute(
                "INSERT INTO livechat_iconic_queue_pending (queue_id, payload) VALUES (%s, %s)",
                [self.livechat_channel.id, json.dumps(move)],
            )

        moved(12, 2)
        moved(11, 1)
        self.assertEqual(Channel._livechat_queue_flush(), 1)
        self.assertEqual([m["seq"] for m in self.queue_moves()], [11, 12])
        # within the interval: held back, not lost
        moved(13, 3)
        self.assertEqual(Channel._livechat_queue_flush(), 0)
        self.assertEqual(len(self.queue_moves()), 2)
        self.env.cr.execute("SELECT count(*) FROM livechat_iconic_queue_pending")
        self.assertEqual(self.env.cr.fetchone()[0], 1, "left for the next flush")
        self.env.cr.execute(
            "UPDATE livechat_iconic_queue_clock SET sent_at = sent_at - interval '5 seconds'"
        )
        self.assertEqual(Channel._livechat_queue_flush(), 1)
        self.assertEqual([m["seq"] for m in self.queue_moves()], [11, 12, 13])

    def pending_news(self):
        self.env.cr.execute("SELECT payload FROM livechat_iconic_queue_pending ORDER BY id")
        return [payload["news"] for (payload,) in self.env.cr.fetchall()]

    def test_only_a_move_ahead_of_a_waiting_visitor_is_news(self):
        """A visitor who joins behind everyone moves nobody's place: the move is not news
        (it waits, see below); one who joins ahead of a waiting visitor (a chat back in the
        queue keeps its place) or leaves from ahead of one is."""
        Channel = self.env["discuss.channel"]
        first = self.queued(at(0), name="First")
        self.reset_bus()
        self.env.cr.execute("DELETE FROM livechat_iconic_queue_pending")
        # the rows stay pending here (a test cursor would send them at once)
        with patch.object(type(Channel), "_livechat_queue_flush", lambda self, interval=0: 0):
            behind = self.queued(at(10), name="Behind")
            self.env.cr.precommit.run()
            self.assertEqual(self.pending_news(), [False])
            self.queued(at(5), name="Back in the queue")
            self.env.cr.precommit.run()
            self.assertEqual(self.pending_news(), [False, True])
            first._livechat_set_state("closed")
            self.env.cr.precommit.run()
            self.assertEqual(self.pending_news(), [False, True, True])
            # the last one leaves: nobody behind
            behind._livechat_set_state("closed")
            self.env.cr.precommit.run()
            self.assertEqual(self.pending_news(), [False, True, True, False])

    def test_moves_that_are_not_news_wait_for_one_that_is(self):
        """Each message wakes every waiting visitor's websocket at once: moves that change
        nobody's place go with the next one that does, or after the quiet interval."""
        Channel = self.env["discuss.channel"]
        self.reset_bus()
        self.env.cr.execute("DELETE FROM livechat_iconic_queue_pending")
        self.env.cr.execute(
            "UPDATE livechat_iconic_queue_clock SET sent_at = clock_timestamp() - interval '10 seconds'"
        )

        def moved(seq, news):
            move = {"queue_id": self.livechat_channel.id, "seq": seq, "joined": [], "left": []}
            self.env.cr.execute(
                "INSERT INTO livechat_iconic_queue_pending (queue_id, payload) VALUES (%s, %s)",
                [self.livechat_channel.id, json.dumps({**move, "news": news})],
            )

        moved(1, False)
        self.assertEqual(Channel._livechat_queue_flush(), 0, "nothing worth waking for")
        moved(2, True)
        self.assertEqual(Channel._livechat_queue_flush(), 1)
        self.assertEqual([m["seq"] for m in self.queue_moves()], [1, 2], "together, in order")
        self.assertNotIn("news", self.queue_moves()[0], "the flush's concern only")
        moved(3, False)
        self.env.cr.execute(
            "UPDATE livechat_iconic_queue_clock SET sent_at = clock_timestamp() - interval '59 seconds'"
        )
        self.assertEqual(Channel._livechat_queue_flush(), 0)
        self.env.cr.execute(
            "UPDATE livechat_iconic_queue_clock SET sent_at = clock_timestamp() - interval '61 seconds'"
        )
        self.assertEqual(Channel._livechat_queue_flush(), 1, "after the quiet interval")
        self.assertEqual([m["seq"] for m in self.queue_moves()], [1, 2, 3])

    def test_a_visitors_widget_listens_to_the_queues_moves(self):
        asked = [f"livechat_iconic.queue/{q.id}" for q in (self.livechat_channel, self.strict)]
        env = self.env(user=self.env.ref("base.public_user"))
        with MockRequest(env):
            channels = env["ir.websocket"]._build_bus_channel_list(
                [*asked, "livechat_iconic.queue/0"]
            )
        queues = [c for c in channels if isinstance(c, tuple) and c[1] == "LIVECHAT_ICONIC_QUEUE"]
        self.assertEqual(
            queues,
            [
                (self.livechat_channel, "LIVECHAT_ICONIC_QUEUE"),
                (self.strict, "LIVECHAT_ICONIC_QUEUE"),
            ],
        )
        self.assertFalse(
            {c for c in channels if isinstance(c, str) and c.startswith("livechat_iconic.queue")}
        )

    def test_the_visitors_widget_gets_the_place_with_the_session(self):
        self.queued(at(-30), name="Ahead")
        data = self.make_jsonrpc_request(
            "/im_livechat/get_session", {"channel_id": self.livechat_channel.id}
        )
        threads = data["store_data"]["discuss.channel"]
        mine = next(t for t in threads if t["id"] == data["channel_id"])
        self.assertEqual(mine["livechat_iconic_queue"]["position"], 2)

    def test_a_start_costs_the_same_with_10_or_100_visitors_waiting(self):
        for waited in (120, 180, 240):
            self.answered(self.livechat_channel, waited, at(-600))
        # warm Odoo's caches; a visitor who wrote: in the queue, counted in the places below
        self.start_visitor_chat("Warming up")

        def start_cost(waiting):
            count = self.env["discuss.channel"].search_count(
                [
                    ("livechat_state", "=", "in_queue"),
                    ("livechat_channel_id", "=", self.livechat_channel.id),
                    ("livechat_held", "=", False),  # the visitors who wrote wait ahead
                ]
            )
            for index in range(waiting - count):
                self.queued(at(index), name=f"Visitor {index}")
            self.reset_bus()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            session = self.start_visitor_chat()
            queries = self.env.cr.sql_log_count - before
            self.assertEqual(session.livechat_state, "in_queue")
            self.env.cr.precommit.run()
            return queries, self.env["bus.bus"].sudo().search_count([]), self.place(session)

        queries_10, rows_10, place_10 = start_cost(10)
        queries_100, rows_100, place_100 = start_cost(100)
        self.assertEqual(place_10["position"], 11)
        self.assertEqual(place_100["position"], 101)
        self.assertEqual(queries_100, queries_10)
        self.assertEqual(rows_100, rows_10)
        # the queue's move, the boards, each agent's alert: nothing per waiting visitor
        self.assertLessEqual(rows_10, 2 + len(self.livechat_channel.user_ids))
