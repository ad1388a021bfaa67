import json
from datetime import datetime, timedelta
from unittest.mock import patch

from odoo import Command
from odoo.tests import Form, freeze_time, tagged

from .common import SlackCase, set_slack_params


@tagged("post_install", "-at_install")
class TestSlackNotice(SlackCase):
    def test_queued_visitor_gets_one_notice_after_commit_with_context(self):
        session = self.visitor_session("Tickets for <b>Friday</b>? <!channel> @here & co")
        self.assertEqual(session.livechat_state, "in_queue")
        self.assertFalse(self.slack.calls(), "nothing is sent inside the visitor's request")
        queued = self.outbox.search([("session_id", "=", session.id)])
        self.assertEqual(queued.mapped("kind"), ["post"])
        self.assertEqual(queued.dedup_key, f"post:{session.id}")
        self.assertTrue(
            self.env["ir.cron.trigger"].search(
                [("cron_id", "=", self.env.ref("livechat_iconic_slack.ir_cron_slack_outbox").id)]
            ),
            "the cron is woken",
        )

        self.send()
        [post] = self.slack.calls("chat.postMessage")
        self.assertEqual(post["channel"], "#support")
        blocks = json.dumps(post["blocks"])
        self.assertIn("NEW CUSTOMER requested assistance", blocks)
        self.assertIn("(Guest)", blocks)
        # the question as livechat_iconic stores it (plain text), masked as the sneak peek
        # masks it (a word with "@" is hidden), escaped for Slack
        self.assertIn("*Question*\\nTickets for *Friday*? \\u2022\\u2022\\u2022 &amp; co", blocks)
        self.assertNotIn("<!channel>", blocks + post["text"])
        self.assertNotIn("@here", blocks + post["text"])
        base_url = session.get_base_url()
        self.assertIn(f"{base_url}/livechat/waiting/{session.id}", blocks)
        self.assertTrue(post["text"].startswith("NEW CUSTOMER requested assistance: (Guest)"))
        self.assertEqual(session.livechat_slack_channel, "CSUPPORT")
        self.assertTrue(session.livechat_slack_ts)
        self.assertEqual(queued.state, "done")

        self.send()
        self.assertEqual(len(self.slack.calls()), 1, "sent once")

    def test_the_same_message_follows_the_session(self):
        session = self.visitor_session("Hello")
        self.send()
        ts = session.livechat_slack_ts
        session.with_user(self.agent).action_livechat_take()
        session.with_user(self.agent).message_post(
            body="Hi!", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self.visitor_post(session, "Thanks")
        pending = self.outbox.search([("session_id", "=", session.id), ("state", "=", "pending")])
        self.assertEqual(pending.mapped("kind"), ["update"], "updates are coalesced")
        self.send()
        [update] = self.slack.calls("chat.update")
        self.assertEqual((update["channel"], update["ts"]), ("CSUPPORT", ts))
        self.assertIn("Taken by Alice Agent", json.dumps(update["blocks"]))
        self.assertNotIn("livechat_iconic_claim", json.dumps(update["blocks"]), "no Claim button")

        self.visitor_leaves(session)
        self.send()
        last = self.slack.calls("chat.update")[-1]
        self.assertEqual(last["ts"], ts)
        self.assertIn("CLOSED", json.dumps(last["blocks"]))
        self.assertEqual(len(self.posts()), 1, "one message, updated")

    def test_a_chat_the_queue_registers_is_not_told_as_a_ticket(self):
        team = self.env["helpdesk.ticket.team"].create({"name": "Registering Desk"})
        self.livechat_channel.write(
            {"helpdesk_team_id": team.id, "livechat_register_every_chat": True}
        )
        session = self.visitor_session("Hello")
        session.with_user(self.agent).action_livechat_take()
        self.assertTrue(session.livechat_ticket_id, "registered at the take")
        values = session._livechat_slack_values()
        self.assertEqual(values["ticket_name"], "")
        self.send_until_done()
        self.assertNotIn("ticket", json.dumps(self.slack.calls()[-1]["blocks"]))

    def test_a_pending_post_tells_the_later_changes(self):
        session = self.visitor_session("Anyone?")
        session.with_user(self.agent).action_livechat_take()  # before the post went out
        self.assertEqual(self.outbox.search([]).mapped("kind"), ["post"], "no update needed")
        self.send_until_done()
        [post] = self.slack.calls()
        self.assertIn("Taken by Alice Agent", json.dumps(post["blocks"]), "rendered at send time")

    def test_a_queue_names_its_own_channel(self):
        self.livechat_channel.livechat_slack_channel = "#events"
        self.visitor_session("Seats?")
        self.send()
        self.assertEqual(self.posts()[0]["channel"], "#events")

    def test_markup_in_name_and_an_oversize_question(self):
        session = self.start_visitor_chat()
        self.visitor_gives_contact(session, name="<@U1> *Boss* <http://x|y>")
        self.visitor_post(session, "Hello")
        # longer than the widget lets through today: the notice must not depend on it
        session.sudo().livechat_question = "é&<" * 3000
        self.send()
        [post] = self.posts()
        customer = post["blocks"][1]["fields"][0]["text"]
        self.assertEqual(customer, "*Customer*\n&lt;@U1&gt; *Boss* &lt;http://x|y&gt;")
        question = post["blocks"][2]["text"]["text"]
        self.assertLessEqual(len(question), 3000)
        self.assertTrue(question.endswith("…"), question[-20:])

    def test_the_question_goes_masked(self):
        session = self.start_visitor_chat("My card 4111 1111 1111 1111, mail ann@example.com")
        self.send()
        [post] = self.posts()
        question = post["blocks"][2]["text"]["text"]
        self.assertNotIn("4111", question)
        self.assertNotIn("ann@example.com", question)
        self.assertNotIn("4111", post["text"])
        self.assertTrue(session)

    def test_not_configured_nothing_queued(self):
        self.env["ir.config_parameter"].sudo().set_param("livechat_iconic_slack.enabled", False)
        self.visitor_session("Hello")
        self.assertFalse(self.outbox.search([]))

    def test_a_session_nobody_needs_is_not_announced(self):
        guest = self.env["mail.guest"].create({"name": "Bot visitor"})
        self.env["discuss.channel"].create(
            {
                "name": "bot",
                "channel_type": "livechat",
                "livechat_channel_id": self.livechat_channel.id,
                "livechat_operator_id": self.agent.partner_id.id,
                "channel_member_ids": [
                    Command.create({"guest_id": guest.id, "livechat_member_type": "visitor"})
                ],
                "livechat_state": "loading",
            }
        )
        self.assertFalse(self.outbox.search([]))

    def test_a_loop_of_starts_posts_nothing_until_a_visitor_writes(self):
        Channel = self.env["discuss.channel"]
        sessions = Channel.union(*(self.start_visitor_chat() for _i in range(20)))
        self.assertEqual(set(sessions.mapped("livechat_state")), {"in_queue"})
        self.assertFalse(self.outbox.search([]), "no Slack notice for a session nobody wrote in")
        self.send()
        self.assertFalse(self.slack.calls())
        chosen = sessions[4]
        self.visitor_post(chosen, "Tickets for Friday?")
        self.visitor_post(chosen, "Hello?")
        rows = self.outbox.search([])
        self.assertEqual(rows.mapped("kind"), ["post"], "one notice")
        self.assertEqual(rows.session_id, chosen)
        self.send_until_done()
        [post] = self.posts()
        self.assertIn("Tickets for Friday?", json.dumps(post["blocks"]))
        # an hour later the silent ones are gone, as Odoo removes empty sessions; the
        # outbox goes on
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE discuss_channel SET create_date = create_date - interval '2 hours', "
            "write_date = write_date - interval '2 hours' WHERE id IN %s",
            [tuple(sessions.ids)],
        )
        self.env.invalidate_all()
        Channel._gc_empty_livechat_sessions()
        self.assertEqual(sessions.exists(), chosen)
        chosen.with_user(self.agent).action_livechat_take()
        self.send_until_done()
        self.assertEqual(len(self.updates()), 1)
        self.assertEqual(len(self.posts()), 1)


@tagged("post_install", "-at_install")
class TestSlackDelivery(SlackCase):
    def test_a_post_whose_answer_was_lost_is_found_not_posted_twice(self):
        first = self.visitor_session("First")  # teaches the outbox the channel's id
        self.send_until_done()
        session = self.visitor_session("Second")
        self.slack.lose_answer("chat.postMessage")
        with self.assertLogs("odoo.addons.livechat_iconic_slack", "WARNING") as logs:
            self.send_until_done()
        self.assertIn("no_answer", logs.output[0])
        self.assertEqual(len(self.posts()), 2, "Slack has it once")
        self.assertEqual(len(self.slack.calls("chat.postMessage")), 2, "never posted again")
        [history] = self.slack.calls("conversations.history")
        self.assertEqual(history["channel"], first.livechat_slack_channel)
        session.invalidate_recordset()
        key = f"post:{session.id}"
        posted = [
            ts
            for (_c, ts), sent in self.slack.messages.items()
            if (sent.get("metadata") or {}).get("event_payload", {}).get("key") == key
        ]
        self.assertEqual(session.livechat_slack_ts, posted[0], "the session knows its notice")
        # and its updates go to that one notice
        session.with_user(self.agent).action_livechat_take()
        self.send_until_done()
        self.assertEqual([u["ts"] for u in self.updates()], posted)

    def test_a_post_lost_before_reaching_slack_is_posted_once(self):
        self.visitor_session("First")
        self.send_until_done()
        self.visitor_session("Second")
        self.slack.fail(1, status=503, method="chat.postMessage")  # an answer: not posted
        with self.assertLogs("odoo.addons.livechat_iconic_slack", "WARNING"):
            self.send_until_done()
        self.assertFalse(self.slack.calls("conversations.history"), "an answer came: no doubt")
        self.assertEqual(len(self.posts()), 2)

    def test_long_outage_then_recovery_each_notice_once_and_in_order(self):
        before = [self.visitor_session(f"Before {i}") for i in range(2)]
        self.send_until_done()
        # Slack goes down; sessions move and new visitors come
        self.slack.fail(10_000, status=503)
        before[0].with_user(self.agent).action_livechat_take()
        before[1].with_user(self.agent_bob).action_livechat_take()
        during = [self.visitor_session(f"During {i}") for i in range(3)]
        during[0].with_user(self.agent).action_livechat_take()
        start = self.clock
        moment = start
        waits = []
        with self.assertLogs("odoo.addons.livechat_iconic_slack", "WARNING") as logs:
            for _i in range(40):  # 40 passes: over ten minutes of outage
                calls = len(self.slack.calls())
                next_dt, _moved = self.send(moment)
                self.assertEqual(len(self.slack.calls()) - calls, 1, "one probe per pass")
                waits.append((next_dt - moment).total_seconds())
                moment = next_dt
        self.assertIn("unavailable", logs.output[0])
        self.assertGreaterEqual(moment - start, timedelta(minutes=10))
        self.assertLessEqual(max(waits), 30, "backoff capped at half a minute")
        self.assertGreater(max(waits), 20, "and it grew")
        self.assertEqual(len(self.posts()), 2, "nothing new got through")

        with self.slack.lock:
            self.slack.script.clear()  # Slack is back
        passes = self.send_until_done(moment)
        self.assertLessEqual(passes[-1] - moment, timedelta(seconds=60), "flows within a minute")
        posts = self.posts()
        self.assertEqual(len(posts), 5, "each notice exactly once")
        self.assertEqual(
            sorted(p["blocks"][2]["text"]["text"].split("\n")[1] for p in posts),
            ["Before 0", "Before 1", "During 0", "During 1", "During 2"],
        )
        timeline = self.slack.timeline()
        for session, agent in zip(before, ("Alice Agent", "Bob Agent"), strict=True):
            ts = session.livechat_slack_ts
            updates = [u for u in self.updates() if u["ts"] == ts]
            self.assertEqual(len(updates), 1, "each update exactly once")
            self.assertIn(f"Taken by {agent}", json.dumps(updates[0]["blocks"]))
            self.assertLess(
                timeline.index(("chat.postMessage", ts)), timeline.index(("chat.update", ts))
            )
        self.assertEqual(len(self.updates()), 2)
        self.assertEqual(len({s.livechat_slack_ts for s in before + during}), 5)
        self.assertIn("Taken by Alice Agent", json.dumps(posts[2]["blocks"]), "the latest truth")
        self.assertFalse(self.outbox.search([("state", "!=", "done")]))

    def test_429_retry_after_is_honoured(self):
        self.visitor_session("One")
        self.visitor_session("Two")
        self.slack.fail(1, status=429, error="ratelimited", retry_after=7)
        now = datetime(2030, 1, 1, 12, 0, 0)
        with self.assertLogs("odoo.addons.livechat_iconic_slack", "WARNING"):
            next_dt, _moved = self.send(now)
        self.assertEqual(next_dt, now + timedelta(seconds=7))
        self.assertEqual(
            set(self.outbox.search([]).mapped("next_try_dt")), {now + timedelta(seconds=7)}
        )
        self.send(now + timedelta(seconds=6))
        self.assertEqual(len(self.slack.calls()), 1, "not before Retry-After")
        self.send_until_done(now + timedelta(seconds=7))
        self.assertEqual(len(self.posts()), 2)

    def test_permanent_error_stops_and_shows_in_settings(self):
        set_slack_params(self.env, self.slack.base_url, channel="#nowhere")
        self.slack.channels = {"#support": "CSUPPORT"}
        self.addCleanup(setattr, self.slack, "channels", None)
        session = self.visitor_session("Hi")
        with self.assertLogs("odoo.addons.livechat_iconic_slack", "WARNING") as logs:
            next_dt, _moved = self.send()
        self.assertIn("channel_not_found", logs.output[0])
        self.assertIsNone(next_dt)
        post = self.outbox.search([("session_id", "=", session.id)])
        self.assertEqual(post.state, "failed")
        self.assertIn("channel_not_found", post.last_error)
        session.with_user(self.agent).action_livechat_take()
        self.send()
        self.assertEqual(len(self.slack.calls()), 1, "no retry, and no update of a missing post")
        settings = self.env["res.config.settings"].create({})
        self.assertIn("channel_not_found", settings.livechat_slack_last_error)
        # fixed by the administrator: posted again, as it is now
        set_slack_params(self.env, self.slack.base_url, channel="#support")
        settings.action_livechat_slack_retry()
        self.send()
        self.assertEqual(len(self.posts()), 1)
        self.assertIn("Taken by Alice Agent", json.dumps(self.posts()[0]["blocks"]))

    def test_a_message_that_raises_does_not_stop_the_others(self):
        broken = self.visitor_session("First")
        fine = self.visitor_session("Second")
        Channel = type(self.env["discuss.channel"])
        notice = Channel._livechat_slack_notice

        def failing_notice(channel):
            if channel == broken:
                raise ValueError("a bug in the notice of this session")
            return notice(channel)

        with (
            patch.object(Channel, "_livechat_slack_notice", failing_notice),
            self.assertLogs("odoo.addons.livechat_iconic_slack", "ERROR") as logs,
        ):
            self.send()
        self.assertIn("failed", logs.output[0])
        self.assertEqual(len(self.posts()), 1, "the other session's notice went")
        self.assertIn("Second", json.dumps(self.posts()[0]["blocks"]))
        message = self.outbox.search([("session_id", "=", broken.id)])
        self.assertEqual((message.state, message.attempts), ("pending", 1), "tried again later")
        self.assertGreater(message.next_try_dt, self.clock - timedelta(seconds=1))
        self.assertEqual(fine.livechat_slack_channel, "CSUPPORT")

    def test_burst_of_100_visitors_one_message_per_second_per_channel(self):
        # every visitor their own notice (no summary line): the pace alone
        self.env["ir.config_parameter"].sudo().set_param(
            "livechat_iconic_slack.own_notices_per_minute", "0"
        )
        queue = self.env["discuss.channel"]._livechat_queue_partner()
        guests = self.env["mail.guest"].create([{"name": f"Visitor {i}"} for i in range(100)])
        self.env["discuss.channel"].create(
            [
                {
                    "name": guest.name,
                    "channel_type": "livechat",
                    "livechat_channel_id": self.livechat_channel.id,
                    "livechat_operator_id": queue.id,
                    "channel_member_ids": [
                        Command.create({"guest_id": guest.id, "livechat_member_type": "visitor"})
                    ],
                    "livechat_held": False,  # their visitors wrote: announced
                }
                for guest in guests
            ]
        )
        self.assertEqual(self.outbox.search_count([("kind", "=", "post")]), 100)
        start = datetime(2030, 1, 1, 12, 0, 0)
        self.send(start)
        self.assertEqual(len(self.posts()), 1)
        slots = self.outbox.search([("state", "=", "pending")]).mapped("next_try_dt")
        self.assertEqual(
            sorted(slots), [start + timedelta(seconds=s) for s in range(1, 100)], "one a second"
        )
        passes = self.send_until_done(start + timedelta(seconds=1))
        self.assertEqual(len(self.posts()), 100)
        self.assertEqual(len(passes), 99)
        sent = sorted(self.outbox.search([]).mapped("sent_dt"))
        self.assertEqual(len(set(sent)), 100, "never two in the same second")
        self.assertEqual(sent[-1] - sent[0], timedelta(seconds=99))


@tagged("post_install", "-at_install")
class TestSlackBurst(SlackCase):
    """A burst of visitors: a few notices of their own per minute and channel, the others
    one summary line; known customers always their own."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # a customer who chatted with an agent before
        cls.customer = cls.known_customer("Kim Known")

    def burst(self, count, known_at=None):
        """``count`` anonymous visitors queued at once (the ``known_at``-th, if given, is the
        known customer, signed in), announced in Slack; returns the sessions in order."""
        guests = self.env["mail.guest"].create([{"name": f"Visitor {i}"} for i in range(count)])
        members = [{"guest_id": guest.id} for guest in guests]
        if known_at is not None:
            members.insert(known_at, {"partner_id": self.customer.id})
        with freeze_time(self.clock):
            sessions = self.env["discuss.channel"].create(
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
                        "livechat_in_queue_dt": self.clock,
                    }
                    for member in members
                ]
            )
            sessions._livechat_notify_board(["livechat_state"])  # announced once, whenever
        self.assertEqual(
            self.outbox.search_count([("kind", "=", "post"), ("session_id", "in", sessions.ids)]),
            len(sessions),
        )
        return sessions

    def own_notices(self):
        return [p for p in self.posts() if "livechat_iconic_claim" in json.dumps(p["blocks"])]

    def summaries(self):
        return [p for p in self.posts() if "more visitor" in p["text"]]

    def test_a_burst_gets_three_notices_and_one_summary_line(self):
        sessions = self.burst(30)
        self.send_until_done()
        self.assertEqual(len(self.own_notices()), 3, "the first three of the minute")
        [summary] = self.summaries()
        self.assertEqual(len(self.posts()), 4)
        base_url = sessions[0].get_base_url()
        self.assertTrue(summary["text"].startswith("27 more visitors waiting"), summary["text"])
        self.assertIn(f"{base_url}/livechat/waiting", json.dumps(summary["blocks"]))
        self.assertEqual(self.posts()[-1], summary, "after the visitors' own notices")
        folded = self.outbox.search([("state", "=", "folded")])
        self.assertEqual(folded.session_id, sessions[3:])
        self.assertEqual(len(folded.summary_id), 1)
        self.assertEqual(folded.summary_id.state, "done")
        self.assertFalse(sessions[3].livechat_slack_ts, "never posted")

        # a visitor without a notice is still taken from Odoo; nothing to update in Slack
        sessions[5].with_user(self.agent).action_livechat_take()
        sessions[0].with_user(self.agent).action_livechat_take()
        self.send_until_done()
        [update] = self.updates()
        self.assertEqual(update["ts"], sessions[0].livechat_slack_ts)
        cancelled = self.outbox.search(
            [("session_id", "=", sessions[5].id), ("kind", "=", "update")]
        )
        self.assertEqual(cancelled.mapped("state"), ["cancelled"], "never sent")
        self.assertEqual(len(self.posts()), 4)

    def test_a_known_customer_in_the_burst_gets_their_own_notice(self):
        sessions = self.burst(10, known_at=6)
        self.send_until_done()
        own = self.own_notices()
        self.assertEqual(len(own), 4, "three, and the known customer's")
        self.assertIn("Kim Known", json.dumps([p["blocks"] for p in own]))
        [summary] = self.summaries()
        self.assertTrue(summary["text"].startswith("7 more visitors waiting"))
        self.assertTrue(sessions[6].livechat_slack_ts)

    def test_a_summary_of_visitors_all_taken_is_not_posted(self):
        sessions = self.burst(5)
        self.send()  # the first pass: one posted, two given a slot, two folded
        for session in sessions[3:]:
            session.with_user(self.agent).action_livechat_take()
        self.send_until_done()
        self.assertEqual(len(self.posts()), 3)
        self.assertFalse(self.summaries())
        summary = self.outbox.search([("kind", "=", "summary")])
        self.assertEqual(summary.state, "cancelled")

    def test_a_channel_gets_at_most_one_summary_a_minute(self):
        self.burst(10)
        start = self.clock
        self.send_until_done()
        self.clock = start + timedelta(seconds=10)
        self.burst(5)
        self.send_until_done()
        summaries = self.outbox.search([("kind", "=", "summary")], order="sent_dt")
        self.assertEqual(len(summaries), 2)
        self.assertGreaterEqual(summaries[1].sent_dt - summaries[0].sent_dt, timedelta(minutes=1))
        self.assertEqual(
            [p["text"].split(" http")[0] for p in self.summaries()],
            ["7 more visitors waiting", "5 more visitors waiting"],
        )
        self.assertEqual(len(self.own_notices()), 3)


@tagged("post_install", "-at_install")
class TestSlackSettingsButton(SlackCase):
    def test_send_a_test_message_reports_slacks_answer(self):
        settings = Form(self.env["res.config.settings"])
        settings.livechat_slack_channel = "#support"
        record = settings.save()
        answer = record.action_livechat_slack_test()["params"]
        self.assertEqual(answer["type"], "success")
        self.assertIn("Slack accepted the test message in #support", answer["message"])
        self.assertEqual(len(self.posts()), 1)

        self.env["ir.config_parameter"].sudo().set_param(
            "livechat_iconic_slack.bot_token", "xoxb-wrong"
        )
        record = Form(self.env["res.config.settings"]).save()
        answer = record.action_livechat_slack_test()["params"]
        self.assertEqual(answer["type"], "danger")
        self.assertIn("The bot token is not valid (invalid_auth)", answer["message"])
