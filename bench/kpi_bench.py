"""KPI benchmark on real Odoo 19 and PostgreSQL: the Targets dashboard and the reports'
reads at 100 and at 100,000 sessions of this month.

    python3 bench/kpi_bench.py [--db livechat_bench_kpi] [--sizes 100 100000] [--runs 5]

Builds (once) the database ``livechat_bench_kpi`` with livechat_iconic, without demo data
(or uses ``--db``, any database with livechat_iconic). For each size it inserts the
sessions with one ``INSERT … SELECT generate_series`` (closed sessions of this month over
two agents, one in ten missed), runs ANALYZE, then counts the queries and times (median of
``--runs``) of what each screen asks for, as a live chat administrator:

- the Targets dashboard (``livechat_iconic_targets``: this month's missed chats and
  average first response);
- the sessions report's pivot per agent (``formatted_read_group`` on
  ``im_livechat.report.channel`` with the KPI measures);
- the pre-chat funnel per step (``formatted_read_group`` on the funnel report).

Everything it creates is rolled back at the end.
"""

import argparse
import statistics
import time
from datetime import datetime

import odoo_env
from livechat_bench import log, machine, queries, table

DB = "livechat_bench_kpi"
MODULES = ["livechat_iconic"]
MEASURES = [
    "__count",
    "first_response_seconds:avg",
    "queue_seconds:avg",
    "chat_seconds:avg",
    "nbr_missed:sum",
    "rating_score:avg",
]


def build(env):
    from odoo import Command  # noqa: PLC0415

    manager_group = env.ref("im_livechat.im_livechat_group_manager")
    users = (
        env["res.users"]
        .with_context(no_reset_password=True)
        .create(
            [
                {
                    "name": name,
                    "login": f"bench_kpi_{name.lower()}",
                    "tz": "UTC",
                    "group_ids": [Command.set([env.ref("base.group_user").id, manager_group.id])],
                }
                for name in ("Manager", "Alice", "Bob")
            ]
        )
    )
    queue = env["im_livechat.channel"].create(
        {"name": "KPI bench", "user_ids": [Command.set(users[1:].ids)]}
    )
    return users, queue


def reads(env, manager):
    report = env["im_livechat.report.channel"].with_user(manager)
    funnel = env["livechat_iconic.report.funnel"].with_user(manager)
    start, _end = report._livechat_iconic_month()
    domain = [("start_date", ">=", start)]
    return {
        "Targets dashboard": lambda: report.livechat_iconic_targets(),
        "sessions report, per agent": lambda: report.formatted_read_group(
            domain, ["agent_id"], MEASURES
        ),
        "funnel, per step": lambda: funnel.formatted_read_group(
            domain, ["step"], ["nbr_reached:sum", "nbr_abandoned:sum"]
        ),
    }


def measure(env, func, runs):
    func()  # warm the caches (groups, parameters, the agents' names)
    counts, seconds = [], []
    for _run in range(runs):
        count, elapsed, result = queries(env, func)
        counts.append(count)
        seconds.append(elapsed)
    assert len(set(counts)) == 1, f"query counts vary between runs: {counts}"
    return counts[0], statistics.median(seconds) * 1000, result


def run(args):
    if args.db == DB:
        odoo_env.ensure_db(DB, MODULES, log)
    with odoo_env.environment(args.db) as env:
        # the same sessions as the query-count test's
        from odoo.addons.livechat_iconic.tests.kpi_bulk import insert_sessions  # noqa: PLC0415

        users, queue = build(env)
        manager = users[0]
        month = env["im_livechat.report.channel"].with_user(manager)._livechat_iconic_month()[0]
        env.cr.execute(
            "SELECT count(*) FROM discuss_channel WHERE channel_type = 'livechat' "
            "AND create_date >= %s",
            [month],
        )
        already = env.cr.fetchone()[0]
        rows, inserted = [], 0
        for size in sorted(args.sizes):
            started = time.perf_counter()
            insert_sessions(
                env.cr,
                size - inserted,
                queue.id,
                [users[1].partner_id.id, users[2].partner_id.id],
                month,
                27,
                prefix="kpi bench ",
            )
            inserted = size
            env.cr.execute("ANALYZE discuss_channel")
            log(f"{size} sessions inserted in {time.perf_counter() - started:.1f} s")
            for name, func in reads(env, manager).items():
                count, ms, result = measure(env, func, args.runs)
                if name == "Targets dashboard":
                    assert result["missed"]["value"] >= size // 10, result
                rows.append([size + already, name, count, f"{ms:.1f}"])
        table(
            f"KPI reads ({args.runs} runs each, median), sessions this month",
            ["sessions", "read", "queries", "ms"],
            rows,
        )
        env.cr.rollback()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default=DB)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 100_000])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"Machine: {machine()}; {datetime.now():%Y-%m-%d %H:%M}", flush=True)
    run(args)


if __name__ == "__main__":
    main()
