"""Scheduled actions at 10,000 open sessions, on real Odoo 19 and PostgreSQL: queries
and seconds per run and per batch of each cron of sessions, and the plan of each
cron's selecting query.

    python3 bench/cron_bench.py [--db livechat_bench_crons] [--open 10000] [--closed 50000]

Builds (once) the database ``livechat_bench_crons`` with livechat_iconic, without demo
data. Each run replaces the bench's sessions: ``--closed`` closed sessions (history) and
``--open`` open ones inserted with ``INSERT … SELECT generate_series``, as a queue looks
one minute after the crons' last run:

- 30 % In Queue, waiting 0-10 min (told to the agents and escalated as they crossed their
  thresholds before that last minute, so that those who crossed one since are due);
- 20 % Waiting for their agent, given 0-70 s ago (the agent must answer within 60 s);
- 50 % Chatting, 60 % of them silent for 0-6 min since the agent's last message (reminder
  at 3 min, then closed 2 min later), 4 % snoozed until -1..+10 min;
- each visitor a guest with a presence: 2 % (one in 47) offline for two minutes (their connection
  dropped), the others online.

Then it runs each scheduled action once as Odoo's cron runner does (a progress record:
``ir.cron._commit_progress`` commits each batch; the runner's loop of calls while work
remains), counting queries and time per call and per batch, and prints the plan
(``EXPLAIN ANALYZE``) of each selecting query. Everything it creates stays in the bench
database (each batch is committed, as in production) and is replaced on the next run.
"""

import argparse
import time
from datetime import datetime, timedelta

import odoo_env
from livechat_bench import log, machine, table

DB = "livechat_bench_crons"
MODULES = ["livechat_iconic"]
PREFIX = "cron bench "
BATCH_SIZE = 50

OPEN_SESSIONS = """
    INSERT INTO discuss_channel (
        name, channel_type, active, livechat_channel_id, livechat_operator_id, create_date, write_date, last_interest_dt, livechat_state, livechat_state_dt,
        livechat_in_queue_dt, livechat_waiting_dt, livechat_chatting_dt,
        livechat_first_answer_dt, livechat_visitor_silent_dt, livechat_reminder_dt,
        livechat_reminder_state, livechat_alert_level, livechat_sla_since_dt,
        livechat_breach_dt, livechat_queue_priority, livechat_snoozed, livechat_snooze_dt,
        livechat_snoozed_by_id)
    SELECT %(prefix)s || g, 'livechat', TRUE, %(queue)s,
           CASE WHEN S.state = 'in_queue' THEN %(queue_partner)s ELSE %(agent_partner)s END,
           %(now)s - interval '15 min', %(now)s, %(now)s, S.state, %(now)s,
           CASE WHEN S.state = 'in_queue' THEN %(now)s - S.queued END,
           CASE WHEN S.state = 'waiting' THEN %(now)s - S.given
                WHEN S.state = 'chatting' THEN %(now)s - interval '12 min' END,
           CASE WHEN S.state = 'chatting' THEN %(now)s - interval '11 min' END,
           CASE WHEN S.state = 'chatting' THEN %(now)s - interval '11 min' END,
           CASE WHEN S.silent IS NOT NULL THEN %(now)s - S.silent END,
           CASE WHEN S.silent >= interval '4 min'
                THEN %(now)s - S.silent + interval '3 min' END,
           CASE WHEN S.silent >= interval '4 min' THEN 'proposed' END,
           CASE WHEN S.queued >= interval '6 min' THEN 2
                WHEN S.queued >= interval '2 min' THEN 1 ELSE 0 END,
           CASE WHEN S.state = 'in_queue' THEN %(now)s - S.queued
                WHEN S.state = 'waiting' THEN %(now)s - S.given END,
           CASE WHEN S.state = 'in_queue' THEN %(now)s - S.queued + interval '120 s'
                WHEN S.state = 'waiting' THEN %(now)s - S.given + interval '120 s' END,
           0,
           S.snoozed,
           CASE WHEN S.snoozed THEN %(now)s + ((g * 7) %% 660 - 60) * interval '1 s' END,
           CASE WHEN S.snoozed THEN %(agent_user)s END
      FROM generate_series(1, %(count)s) AS g,
           LATERAL (SELECT
               CASE WHEN g %% 10 < 3 THEN 'in_queue' WHEN g %% 10 < 5 THEN 'waiting'
                    ELSE 'chatting' END AS state,
               ((g * 13) %% 600) * interval '1 s' AS queued,
               ((g * 17) %% 70) * interval '1 s' AS given,
               CASE WHEN g %% 10 >= 5 AND g %% 5 <> 0 AND NOT (g %% 50 = 7)
                    THEN ((g * 11) %% 360) * interval '1 s' END AS silent,
               g %% 50 = 7 AS snoozed) AS S
"""

# the visitors (guests), their membership and history, and their presence
VISITORS = """
    WITH sessions AS (
        SELECT id, row_number() OVER (ORDER BY id) AS n FROM discuss_channel
         WHERE name LIKE %(pattern)s AND livechat_state <> 'closed'
    ), guests AS (
        INSERT INTO mail_guest (name, access_token, create_date, write_date)
        SELECT 'Bench visitor ' || s.id, md5(s.id::text || random()::text), %(now)s, %(now)s
          FROM sessions s
        RETURNING id, substring(name from 15)::int AS channel_id
    ), members AS (
        INSERT INTO discuss_channel_member (
            channel_id, guest_id, new_message_separator, create_date, write_date)
        SELECT channel_id, id, 0, %(now)s, %(now)s FROM guests
        RETURNING id, channel_id, guest_id
    ), histories AS (
        INSERT INTO im_livechat_channel_member_history (
            channel_id, guest_id, member_id, livechat_member_type, create_date, write_date)
        SELECT channel_id, guest_id, id, 'visitor', %(now)s, %(now)s FROM members
    )
    INSERT INTO mail_presence (guest_id, status, last_poll, last_presence, livechat_offline_dt)
    SELECT g.id,
           CASE WHEN s.n %% 47 = 3 THEN 'offline' ELSE 'online' END,
           CASE WHEN s.n %% 47 = 3 THEN %(now)s - interval '2 min' ELSE %(now)s END,
           CASE WHEN s.n %% 47 = 3 THEN %(now)s - interval '2 min' ELSE %(now)s END,
           CASE WHEN s.n %% 47 = 3 THEN %(now)s - interval '2 min' END
      FROM guests g JOIN sessions s ON s.id = g.channel_id
"""

AGENT_MEMBERS = """
    WITH members AS (
        INSERT INTO discuss_channel_member (
            channel_id, partner_id, new_message_separator, create_date, write_date)
        SELECT id, %(agent_partner)s, 0, %(now)s, %(now)s FROM discuss_channel
         WHERE name LIKE %(pattern)s AND livechat_state IN ('waiting', 'chatting')
        RETURNING id, channel_id
    )
    INSERT INTO im_livechat_channel_member_history (
        channel_id, partner_id, member_id, livechat_member_type, create_date, write_date)
    SELECT channel_id, %(agent_partner)s, id, 'agent', %(now)s, %(now)s FROM members
"""

# the in-queue sessions whose supervisors were told before the last minute
ESCALATED = """
    INSERT INTO livechat_iconic_sla_escalation (channel_id, escalated_dt)
    SELECT id, %(now)s - interval '1 min' FROM discuss_channel
     WHERE name LIKE %(pattern)s AND livechat_breach_dt - interval '90 s' < %(now)s - interval '1 min'
"""


def build(env):
    from odoo import Command  # noqa: PLC0415

    users = env["res.users"].search([("login", "in", ["bench_cron_agent", "bench_cron_sup"])])
    if len(users) < 2:
        users = (
            env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                [
                    {
                        "name": name,
                        "login": login,
                        "email": f"{login}@example.com",
                        "group_ids": [
                            Command.set(
                                [
                                    env.ref("base.group_user").id,
                                    env.ref("im_livechat.im_livechat_group_manager").id,
                                ]
                            )
                        ],
                    }
                    for name, login in (
                        ("Cron Bench Agent", "bench_cron_agent"),
                        ("Cron Bench Supervisor", "bench_cron_sup"),
                    )
                ]
            )
        )
    agent, supervisor = users.sorted("login")
    queue = env["im_livechat.channel"].search([("name", "=", "Cron bench queue")])
    if not queue:
        queue = env["im_livechat.channel"].create(
            {
                "name": "Cron bench queue",
                "user_ids": [Command.set(agent.ids)],
                "livechat_supervisor_ids": [Command.set(supervisor.ids)],
            }
        )
    return agent, queue


def reset(env, agent, queue, open_count, closed_count):
    """Remove the bench's sessions of an earlier run and insert new ones."""
    from odoo.addons.livechat_iconic.tests.kpi_bulk import insert_sessions  # noqa: PLC0415

    cr = env.cr
    pattern = PREFIX + "%"
    started = time.perf_counter()
    cr.execute("DELETE FROM mail_guest WHERE name LIKE 'Bench visitor %%'")
    cr.execute("DELETE FROM discuss_channel WHERE name LIKE %s", [pattern])
    cr.execute("DELETE FROM ir_cron_trigger")
    cr.execute("DELETE FROM bus_bus")
    now = datetime.now().replace(microsecond=0)
    insert_sessions(
        cr,
        closed_count,
        queue.id,
        [agent.partner_id.id, agent.partner_id.id],
        now - timedelta(days=60),
        59,
        prefix=PREFIX + "closed ",
    )
    params = {
        "prefix": PREFIX,
        "pattern": pattern,
        "queue": queue.id,
        "queue_partner": env.ref("livechat_iconic.partner_queue").id,
        "agent_partner": agent.partner_id.id,
        "agent_user": agent.id,
        "now": now,
        "count": open_count,
    }
    cr.execute(OPEN_SESSIONS, params)
    cr.execute(AGENT_MEMBERS, params)
    cr.execute(VISITORS, params)
    cr.execute(ESCALATED, params)
    cr.commit()
    odoo_env.vacuum(env.cr.dbname)
    log(
        f"{open_count} open and {closed_count} closed sessions inserted in "
        f"{time.perf_counter() - started:.1f} s"
    )
    env.invalidate_all()


def selecting_queries(env):
    """{cron: [(what, SQL)]}: the query each cron selects its sessions with."""
    from odoo.fields import Domain  # noqa: PLC0415
    from odoo.tools import SQL  # noqa: PLC0415

    channel = env["discuss.channel"]
    now = datetime.now()
    inactivity = channel._livechat_inactivity_timers_sql()
    escalations = channel._livechat_escalations_sql()

    def orm(domain, order):
        return channel._search(domain, order=order, limit=BATCH_SIZE).select()

    return {
        "presence watch": [
            ("batch", orm(channel._livechat_watch_domain() & Domain("id", ">", 0), "id")),
        ],
        "timers: inactivity": [
            (
                "batch",
                SQL(
                    "SELECT id FROM (%s) t WHERE due_at <= %s AND id > 0 ORDER BY id LIMIT %s",
                    inactivity,
                    now,
                    BATCH_SIZE,
                ),
            ),
            ("next due", SQL("SELECT MIN(due_at) FROM (%s) t WHERE due_at > %s", inactivity, now)),
        ],
        "timers: SLA escalation": [
            (
                "batch",
                channel._livechat_escalation_batch_sql(
                    escalations, now + timedelta(minutes=1), [0], BATCH_SIZE
                ),
            ),
            (
                "next due",
                SQL("SELECT MIN(escalate_at) FROM (%s) t WHERE escalate_at > %s", escalations, now),
            ),
        ],
        "waiting alerts": [
            ("batch", orm(channel._livechat_alert_domain(now), "livechat_in_queue_dt, id")),
        ],
        "snooze": [
            (
                "batch",
                orm(channel._livechat_snooze_due_domain(now), "livechat_snooze_dt, id"),
            ),
        ],
    }


CRONS = {
    "presence watch": ("livechat_iconic.ir_cron_watch_visitors", "_cron_livechat_watch_visitors"),
    "timers (inactivity, then SLA)": ("livechat_iconic.ir_cron_livechat_timers", None),
    "waiting alerts": ("livechat_iconic.ir_cron_livechat_alerts", None),
    "snooze": ("livechat_iconic.ir_cron_livechat_snooze", None),
}


def run_cron(env, xmlid):
    """One run of the cron ``xmlid`` as Odoo's runner does it (ir.cron._run_job): calls
    of its server action with a progress record while work remains (at most 10 calls
    and 10 s, then rescheduled), each batch committed. Returns the calls' and the
    batches' (queries, seconds)."""
    from odoo.addons.base.models import ir_cron  # noqa: PLC0415
    from odoo.addons.livechat_iconic.models.discuss_channel_crons import (  # noqa: PLC0415
        DiscussChannel,
    )

    batches = []
    mark = {}

    def commit(self, processed):
        # the batch's work and its commit (the commit runs the batch's bus notifications)
        result = original(self, processed)
        batches.append(
            (
                env.cr.sql_log_count - mark["queries"],
                time.perf_counter() - mark["time"],
                processed,
            )
        )
        mark.update(queries=env.cr.sql_log_count, time=time.perf_counter())
        return result

    original = DiscussChannel._livechat_cron_commit
    cron = env.ref(xmlid)
    start = time.monotonic()
    context = {"cron_id": cron.id, "cron_end_time": start + ir_cron.MIN_TIME_PER_JOB}
    calls = []
    DiscussChannel._livechat_cron_commit = commit
    try:
        for loop in range(100):
            if loop >= ir_cron.MIN_RUNS_PER_JOB and time.monotonic() > context["cron_end_time"]:
                break
            job, progress = cron.with_context(**context)._add_progress()
            env.cr.commit()
            env.invalidate_all()
            mark.update(queries=env.cr.sql_log_count, time=time.perf_counter())
            before = (env.cr.sql_log_count, time.perf_counter())
            job._callback(cron.cron_name, cron.ir_actions_server_id.id)
            calls.append((env.cr.sql_log_count - before[0], time.perf_counter() - before[1]))
            if not (progress.remaining and progress.done):
                break
    finally:
        DiscussChannel._livechat_cron_commit = original
    return calls, batches


def open_counts(env):
    env.cr.execute(
        "SELECT livechat_state, count(*) FROM discuss_channel WHERE name LIKE %s "
        "AND livechat_state <> 'closed' OR (name LIKE %s AND livechat_end_dt IS NULL "
        "AND livechat_state = 'closed') GROUP BY 1 ORDER BY 1",
        [PREFIX + "%", PREFIX + "%"],
    )
    return ", ".join(f"{state} {count}" for state, count in env.cr.fetchall())


def explain(env, query):
    env.cr.execute(f"EXPLAIN ANALYZE {query.code}", query.params)  # noqa: S608
    return [row[0] for row in env.cr.fetchall()]


def run(args):
    if args.db == DB:
        odoo_env.ensure_db(DB, MODULES, log)
    with odoo_env.environment(args.db) as env:
        env["ir.config_parameter"].set_param("livechat_iconic.cron_batch_size", BATCH_SIZE)
        env["ir.config_parameter"].set_param("livechat_iconic.watch_batch_size", 200)
        agent, queue = build(env)
        env.cr.commit()
        reset(env, agent, queue, args.open, args.closed)
        log(f"sessions before: {open_counts(env)}")
        plans, scan_rows = [], []
        for cron_name, queries in selecting_queries(env).items():
            for what, query in queries:
                lines = explain(env, query)
                plans.append((cron_name, what, lines))
                scans = [
                    line.strip().split("  (")[0].removeprefix("-> ")
                    for line in lines
                    if " on discuss_channel" in line and "Scan" in line
                ]
                total = next(line for line in lines if line.startswith("Execution Time"))
                scan_rows.append([cron_name, what, "; ".join(scans), total.split(": ")[1]])
        rows = []
        for name, (xmlid, _method) in CRONS.items():
            calls, batches = run_cron(env, xmlid)
            batch_queries = [q for q, _s, _n in batches] or [0]
            batch_seconds = [s for _q, s, _n in batches] or [0]
            rows.append(
                [
                    name,
                    len(calls),
                    sum(q for q, _s in calls),
                    f"{sum(s for _q, s in calls):.2f}",
                    len(batches),
                    sum(n for _q, _s, n in batches),
                    f"{sum(batch_queries) / len(batch_queries):.0f} / {max(batch_queries)}",
                    f"{sum(batch_seconds) / len(batch_seconds):.3f} / {max(batch_seconds):.3f}",
                ]
            )
            log(f"after {name}: {open_counts(env)}")
        table(
            f"Crons at {args.open} open sessions (+{args.closed} closed), one run each "
            f"(batch size {BATCH_SIZE}, watch 200)",
            [
                "cron",
                "calls",
                "queries",
                "seconds",
                "batches",
                "sessions in the batches",
                "queries per batch (mean / max)",
                "seconds per batch (mean / max)",
            ],
            rows,
        )
        table(
            "How each selecting query reads discuss_channel (EXPLAIN ANALYZE, before the runs)",
            ["cron", "query", "scan of discuss_channel", "execution"],
            scan_rows,
        )
        print("Plans of the selecting queries (EXPLAIN ANALYZE, before the runs):\n")
        for cron_name, what, lines in plans:
            print(f"{cron_name}, {what}:\n")
            print("```")
            print("\n".join(lines))
            print("```\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default=DB)
    parser.add_argument("--open", type=int, default=10_000)
    parser.add_argument("--closed", type=int, default=50_000)
    args = parser.parse_args()
    print(f"Machine: {machine()}; {datetime.now():%Y-%m-%d %H:%M}", flush=True)
    run(args)


if __name__ == "__main__":
    main()
