import json
from datetime import datetime, timedelta
from unittest.mock import patch

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import freeze_time, new_test_user, tagged

from .common import AGENT_GROUPS, LivechatIconicCase

T0 = datetime(2026, 12, 7, 9, 0, 0)


def at(seconds):
    return T0 + timedelta(seconds=seconds)


@tagged("post_install", "-at_install")
class TestMissCauses(LivechatIconicCase):
    """No silent miss: each visitor who waited beyond the queue's first-response target
    (60 s here) gets one cause, from the facts the system held during the wait; the
    agents' browsers acknowledge the notices they show; an alert nobody acknowledged
    escalates (desktop, Slack, e-mail) on record; the report and the dashboard count."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Channel = cls.env["discuss.channel"]
        cls.supervisor = new_test_user(
            cls.env,
            login="iconic_miss_supervisor",
            groups=f"{AGENT_GROUPS},im_livechat.im_livechat_group_manager",
            name="Sue Supervisor",
            email="sue.supervisor@example.com",
        )
        cls.livechat_channel.write(
            {
                "livechat_first_response_target": 60,
                "livechat_miss_grace_seconds": 30,
                "livechat_supervisor_ids": [Command.set(cls.supervisor.ids)],
            }
        )
        cls.never_open = cls.env["resource.calendar"].create(
            {"name": "Never open", "attendance_ids": [Command.clear()]}
        )

    # -- helpers ----------------------------------------------------------------------------
    def online(self, *users, when=T0):
        with freeze_time(when):
            for user in users:
                self.env["mail.presence"]._update_presence(user)

    def queued(self, when=T0, name="Visitor"):
        """A visitor waiting IN QUEUE since ``when``; the facts of the moment captured."""
        session = self.announced_visitor(when, name)
        self.assertEqual(session.livechat_state, "in_queue")
        return session

    def leaves(self, session, when):
        with freeze_time(when):
            session._livechat_set_state("left")

    def answers(self, session, when, agent=None):
        """``agent`` writes at ``when``: the message's time (the first answer's) is the
        transaction's, which a frozen clock does not move."""
        with freeze_time(when), patch.object(self.env.cr, "_now", when):
            session.with_user(agent or self.agent).message_post(
                body="Hello", message_type="comment", subtype_xmlid="mail.mt_comment"
            )

    def busy(self, agent):
        """``agent`` is in one ongoing chat of the queue (its capacity, set to 1)."""
        self.livechat_channel.write({"max_sessions_mode": "limited", "max_sessions": 1})
        self.Channel.create(
            {
                "name": "ongoing",
                "channel_type": "livechat",
                "livechat_channel_id": self.livechat_channel.id,
                "livechat_operator_id": agent.partner_id.id,
                "channel_member_ids": [
                    Command.create(
                        {"partner_id": agent.partner_id.id, "livechat_member_type": "agent"}
                    )
                ],
                "livechat_state": "chatting",
                "last_interest_dt": T0,
            }
        )

    # -- one test per cause -------------------------------------------------------------------
    def test_answered_within_the_target_has_no_cause(self):
        self.online(self.agent)
        session = self.queued()
        with freeze_time(at(10)):
            session.with_user(self.agent).action_livechat_take()
        self.answers(session, at(40))
        self.assertFalse(session.livechat_miss_cause)
        self.assertFalse(session.livechat_wait_ended)

    def test_visitor_left_within_the_grace_time(self):
        self.online(self.agent)
        session = self.queued()
        self.leaves(session, at(20))
        self.assertEqual(session.livechat_miss_cause, "visitor_left")
        self.assertEqual(session.livechat_wait_seconds, 20)

    def test_outside_opening_hours(self):
        self.livechat_channel.livechat_resource_calendar_id = self.never_open
        self.online(self.agent)
        session = self.queued()
        self.assertTrue(session.livechat_wait_outside_hours)
        self.leaves(session, at(120))
        self.assertEqual(session.livechat_miss_cause, "outside_hours")

    def test_nobody_online(self):
        session = self.queued()
        self.assertEqual(session.livechat_wait_agents_online, 0)
        self.leaves(session, at(120))
        self.assertEqual(session.livechat_miss_cause, "nobody_online")
        self.assertEqual(session.livechat_wait_seconds, 120)
        self.assertEqual(session.livechat_wait_hour, 9)  # UTC: the queue has no calendar

    def test_everyone_at_capacity(self):
        self.online(self.agent)
        self.busy(self.agent)
        session = self.queued()
        self.assertEqual(
            (session.livechat_wait_agents_online, session.livechat_wait_agents_free), (1, 0)
        )
        self.leaves(session, at(120))
        self.assertEqual(session.livechat_miss_cause, "all_busy")

    def test_taken_but_not_answered_in_time(self):
        self.online(self.agent)
        session = self.queued()
        with freeze_time(at(10)):
            session.with_user(self.agent).action_livechat_take()
        self.answers(session, at(90))
        self.assertEqual(session.livechat_miss_cause, "taken_not_answered")
        self.assertEqual(session.livechat_wait_seconds, 90)

    def test_alert_not_delivered(self):
        self.online(self.agent)
        session = self.queued()
        self.leaves(session, at(120))
        self.assertFalse(session.livechat_alert_acknowledged)
        self.assertEqual(session.livechat_miss_cause, "alert_not_delivered")

    def test_alert_seen_but_not_taken(self):
        self.online(self.agent)
        session = self.queued()
        with freeze_time(at(5)):
            self.Channel.with_user(self.agent).livechat_ack_alerts([session.id])
        self.assertTrue(session.livechat_alert_acknowledged)
        self.leaves(session, at(120))
        self.assertEqual(session.livechat_miss_cause, "alert_not_taken")

    def test_a_dropped_connection_ends_no_wait(self):
        session = self.queued()
        with freeze_time(at(120)):
            session._livechat_set_state("closed", dropped=True)
        self.assertFalse(session.livechat_miss_cause, "the visitor may come back")
        with freeze_time(at(130)):
            session._livechat_set_state("in_queue")
        self.leaves(session, at(200))
        self.assertEqual(session.livechat_miss_cause, "nobody_online")
        self.assertEqual(session.livechat_wait_seconds, 200)

    def test_the_timers_keep_the_most_agents_seen_while_waiting(self):
        session = self.queued()
        self.assertEqual(session.livechat_wait_agents_online, 0)
        # an agent comes online meanwhile: a timers' run sees them, at most once a minute
        # per session (checked at the visitor's ask); gone again after
        self.online(self.agent, when=at(30))
        with freeze_time(at(30)):
            self.Channel._cron_livechat_miss_facts()
        self.assertEqual(session.livechat_wait_agents_online, 0)
        self.online(self.agent, when=at(90))
        with freeze_time(at(90)):
            self.Channel._cron_livechat_miss_facts()
        self.assertEqual(session.livechat_wait_agents_online, 1)
        self.assertEqual(session.livechat_wait_checked_dt, at(90))
        self.leaves(session, at(600))
        self.assertEqual(session.livechat_miss_cause, "alert_not_delivered")

    # -- the acknowledgement ------------------------------------------------------------------
    def test_only_agents_acknowledge(self):
        session = self.queued()
        portal = new_test_user(self.env, login="iconic_miss_portal", groups="base.group_portal")
        with self.assertRaises(AccessError):
            self.Channel.with_user(portal).livechat_ack_alerts([session.id])
        with self.assertRaises(UserError):  # bounded
            self.Channel.with_user(self.agent).livechat_ack_alerts(list(range(1, 100)))
        # a public visitor's call is refused by the route itself (no session)
        response = self.post_jsonrpc(
            "/web/dataset/call_kw/discuss.channel/livechat_ack_alerts",
            {
                "model": "discuss.channel",
                "method": "livechat_ack_alerts",
                "args": [[session.id]],
                "kwargs": {},
            },
        )
        self.assertIn("error", response.json())
        self.assertFalse(session.livechat_alert_acknowledged)
        # the agent's browser, signed in: recorded once
        self.authenticate(self.agent.login, self.agent.login)
        for expected in (1, 0):
            response = self.post_jsonrpc(
                "/web/dataset/call_kw/discuss.channel/livechat_ack_alerts",
                {
                    "model": "discuss.channel",
                    "method": "livechat_ack_alerts",
                    "args": [[session.id, "x", True]],
                    "kwargs": {},
                },
            )
            self.assertEqual(response.json().get("result"), expected)
        session.invalidate_recordset(["livechat_alert_acknowledged"])
        self.assertTrue(session.livechat_alert_acknowledged)

    # -- the escalation -----------------------------------------------------------------------
    def test_an_unseen_alert_escalates_desktop_then_slack_then_email(self):
        self.livechat_channel.write(
            {"livechat_alert_at_once": True, "livechat_alert_ack_limit": 60}
        )
        session = self.queued()
        seen = self.queued(name="Seen")
        with freeze_time(T0):
            self.Channel._cron_livechat_alert_operators()
        self.assertEqual(session.livechat_alert_dt, T0)
        self.Channel.with_user(self.agent).livechat_ack_alerts([seen.id])
        steps = []
        for seconds in (30, 60, 90, 120, 180, 600):
            with freeze_time(at(seconds)):
                self.Channel._cron_livechat_alert_escalation()
            steps.append(session.livechat_alert_escalation_ids.mapped("step"))
        self.assertEqual(
            steps,
            [
                [],
                ["desktop"],
                ["desktop"],
                ["desktop", "slack"],
                ["desktop", "slack", "email"],
                ["desktop", "slack", "email"],
            ],
        )
        self.assertFalse(seen.livechat_alert_escalation_ids, "acknowledged: no escalation")
        escalations = session.livechat_alert_escalation_ids
        self.assertEqual(escalations.mapped("escalated_dt"), [at(60), at(120), at(180)])
        # desktop: the supervisor's notice; Slack: not set up here (nobody reached); e-mail
        self.assertEqual(escalations.mapped("recipient_count"), [1, 0, 1])
        self.env.cr.precommit.run()
        partner = self.supervisor.partner_id
        channel = json.dumps([self.env.cr.dbname, partner._name, partner.id], separators=(",", ":"))
        notices = [
            json.loads(row.message)["payload"]
            for row in self.env["bus.bus"].sudo().search([("channel", "=", channel)])
            if json.loads(row.message)["type"] == "livechat_iconic.alert"
        ]
        self.assertEqual([n["id"] for n in notices], [session.id])
        mails = self.env["mail.mail"].search([("email_to", "like", self.supervisor.email)])
        self.assertEqual(len(mails), 1)
        self.assertIn("waiting in Support for 180 s", mails.body_html)

    def test_a_crowd_of_unseen_alerts_makes_one_message_per_step(self):
        """A script's crowd of visitors nobody's browser saw: every session is on record,
        the supervisors get one digest per step, and no more e-mail within the alert
        e-mail interval."""
        self.livechat_channel.write(
            {"livechat_alert_at_once": True, "livechat_alert_ack_limit": 60}
        )
        crowd = self.env["discuss.channel"].union(
            *(self.queued(name=f"Script {i}") for i in range(5))
        )
        with freeze_time(T0):
            self.Channel._cron_livechat_alert_operators()
        for seconds in (60, 120, 180):
            with freeze_time(at(seconds)):
                self.Channel._cron_livechat_alert_escalation()
        for session in crowd:
            self.assertEqual(
                session.livechat_alert_escalation_ids.mapped("step"), ["desktop", "slack", "email"]
            )
        mails = self.env["mail.mail"].search([("email_to", "like", self.supervisor.email)])
        self.assertEqual(len(mails), 1, "one e-mail for the crowd")
        self.assertIn("5 visitors have been waiting in Support", mails.body_html)
        # five more within the interval: on record, nobody e-mailed again
        later = self.env["discuss.channel"].union(
            *(self.queued(when=at(200), name=f"Script more {i}") for i in range(5))
        )
        with freeze_time(at(200)):
            self.Channel._cron_livechat_alert_operators()
        for seconds in (260, 320, 380):
            with freeze_time(at(seconds)):
                self.Channel._cron_livechat_alert_escalation()
        email = later.livechat_alert_escalation_ids.filtered(lambda e: e.step == "email")
        self.assertEqual(len(email), 5)
        self.assertEqual(set(email.mapped("recipient_count")), {0})
        mails = self.env["mail.mail"].search([("email_to", "like", self.supervisor.email)])
        self.assertEqual(len(mails), 1)

    def test_the_alert_wakes_the_timers_at_the_limit(self):
        self.livechat_channel.write(
            {"livechat_alert_at_once": True, "livechat_alert_ack_limit": 45}
        )
        self.queued()
        cron = self.env.ref("livechat_iconic.ir_cron_livechat_timers")
        with freeze_time(T0):
            self.Channel._cron_livechat_alert_operators()
        # the timers run by the limit (woken then, or earlier: each run wakes them for
        # the next escalation due)
        self.assertTrue(
            self.env["ir.cron.trigger"].search_count(
                [("cron_id", "=", cron.id), ("call_at", ">", T0), ("call_at", "<=", at(45))]
            )
        )

    # -- the report and the dashboard ---------------------------------------------------------
    def test_report_counts_by_cause_and_dashboard_has_no_uncaused_miss(self):
        self.online(self.agent)
        for seconds in (20, 25):
            self.leaves(self.queued(name=f"Quick {seconds}"), at(seconds))
        late = self.queued(name="Late")
        with freeze_time(at(10)):
            late.with_user(self.agent).action_livechat_take()
        self.answers(late, at(100))
        self.leaves(self.queued(name="Unseen"), at(300))
        in_time = self.queued(name="In time")
        self.answers(in_time, at(30))
        action = self.env.ref("livechat_iconic.discuss_channel_action_miss_report")
        domain = [("livechat_channel_id", "=", self.livechat_channel.id)] + json_domain(action)
        groups = self.Channel._read_group(domain, ["livechat_miss_cause"], ["__count"])
        self.assertEqual(
            dict(groups),
            {"visitor_left": 2, "taken_not_answered": 1, "alert_not_delivered": 1},
        )
        by_hour = self.Channel._read_group(domain, ["livechat_wait_hour"], ["__count"])
        self.assertEqual(by_hour, [(9, 4)])
        with freeze_time(at(600)):
            targets = self.env["im_livechat.report.channel"].livechat_iconic_targets()
            self.assertEqual(
                targets["misses_without_cause"], {"value": 0, "target": 0, "met": True}
            )
            # a miss the causes could not see (written behind the ORM's back) is counted
            late.flush_recordset()
            self.env.cr.execute(
                "UPDATE discuss_channel SET livechat_miss_cause = NULL WHERE id = %s", [late.id]
            )
            targets = self.env["im_livechat.report.channel"].livechat_iconic_targets()
            self.assertEqual(targets["misses_without_cause"]["value"], 1)
            # a database upgraded later than that session started: its sessions of before
            # had no cause to be recorded, they are not counted
            upgraded = late.create_date + timedelta(seconds=1)
            self.env["ir.config_parameter"].set_param(
                "livechat_iconic.miss_causes_since", fields.Datetime.to_string(upgraded)
            )
            targets = self.env["im_livechat.report.channel"].livechat_iconic_targets()
            self.assertEqual(targets["misses_without_cause"]["value"], 0)
            report = self.env["im_livechat.report.channel"].livechat_iconic_action_target("misses")
        self.assertEqual(self.Channel.search_count(report["domain"]), 3)


def json_domain(action):
    from odoo.tools.safe_eval import safe_eval

    return safe_eval(action.domain)
