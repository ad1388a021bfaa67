"""Miss causes benchmark on real Odoo 19 and PostgreSQL: the cost of an agent's browser
acknowledging a waiting-visitor notice, of recording the causes of waits that ended
late, and of capturing the facts of the visitors waiting (one batch of the timers).

    python3 bench/miss_bench.py [--db livechat_bench_miss] [--sessions 1 50] [--runs 5]

Builds (once) the database ``livechat_bench_miss`` with livechat_iconic, without demo
data (or uses ``--db``, any database with livechat_iconic). A queue with a first-response
target of 60 s and two agents, one online; for each size, that many visitors queued
(created and announced as the visitor's first message announces them), then:

- **acknowledgement**: ``discuss.channel.livechat_ack_alerts`` as the agent, for one
  session (the notice of one visitor) and for all (a digest), what the waiting alert
  service's JSON-RPC call runs on the server;
- **facts**: ``_livechat_miss_capture`` on all the waiting sessions (what one batch of the
  timers' run does);
- **causes**: the visitors leave after 120 s; ``_livechat_miss_record`` on all of them.

Queries and milliseconds (median of ``--runs``; each run on fresh sessions for the
causes). Everything it creates is rolled back at the end.
"""

import argparse
import statistics
from datetime import datetime, timedelta

import odoo_env
from livechat_bench import log, machine, queries, table

DB = "livechat_bench_miss"
MODULES = ["livechat_iconic"]


def build(env):
    from odoo import Command  # noqa: PLC0415

    agent_group = env.ref("im_livechat.im_livechat_group_user")
    users = (
        env["res.users"]
        .with_context(no_reset_password=True)
        .create(
            [
                {
                    "name": name,
                    "login": f"bench_miss_{name.lower()}",
                    "group_ids": [Command.set([env.ref("base.group_user").id, agent_group.id])],
                }
                for name in ("Alice", "Bob")
            ]
        )
    )
    queue = env["im_livechat.channel"].create(
        {
            "name": "Miss bench",
            "user_ids": [Command.set(users.ids)],
            "livechat_first_response_target": 60,
        }
    )
    env["mail.presence"]._update_presence(users[0])
    return users, queue


def queued(env, queue, count):
    from odoo import Command  # noqa: PLC0415

    queue_partner = env["discuss.channel"]._livechat_queue_partner()
    guests = env["mail.guest"].create([{"name": f"Visitor {i}"} for i in range(count)])
    sessions = env["discuss.channel"].create(
        [
            {
                "name": guest.name,
                "channel_type": "livechat",
                "livechat_channel_id": queue.id,
                "livechat_operator_id": queue_partner.id,
                "channel_member_ids": [
                    Command.create({"guest_id": guest.id, "livechat_member_type": "visitor"})
                ],
                "livechat_held": True,
            }
            for guest in guests
        ]
    )
    sessions._livechat_announce()
    env.cr.precommit.clear()
    env.flush_all()
    return sessions


def measure(env, make, func, runs):
    """Queries and median ms of ``func(make())`` over ``runs`` runs."""
    counts, seconds = [], []
    for _run in range(runs):
        arg = make()
        count, elapsed, _result = queries(env, lambda a=arg: func(a))
        counts.append(count)
        seconds.append(elapsed)
    return max(counts), statistics.median(seconds) * 1000


def run(args):
    if args.db == DB:
        odoo_env.ensure_db(DB, MODULES, log)
    with odoo_env.environment(args.db) as env:
        users, queue = build(env)
        agent = users[0]
        Channel = env["discuss.channel"]
        rows = []
        for size in args.sessions:

            def fresh(size=size):
                return queued(env, queue, size)

            def left(size=size):
                sessions = queued(env, queue, size)
                # the visitors left 120 s after asking, unanswered (the end's own write
                # is not measured: only the cause)
                end = datetime.now() + timedelta(seconds=120)
                env.cr.execute(
                    "UPDATE discuss_channel SET livechat_state = 'left', livechat_end_dt = %s "
                    "WHERE id = ANY(%s)",
                    [end, sessions.ids],
                )
                sessions.invalidate_recordset()
                return sessions

            count, ms = measure(
                env,
                fresh,
                lambda s: Channel.with_user(agent).livechat_ack_alerts(s.ids[:1]),
                args.runs,
            )
            rows.append([size, "acknowledge one notice", count, f"{ms:.1f}", "-"])
            count, ms = measure(
                env,
                fresh,
                lambda s: Channel.with_user(agent).livechat_ack_alerts(s.ids),
                args.runs,
            )
            rows.append([size, "acknowledge a digest of all", count, f"{ms:.1f}", "-"])
            count, ms = measure(env, fresh, lambda s: s._livechat_miss_capture(), args.runs)
            rows.append([size, "facts of the waiting (timers)", count, f"{ms:.1f}", "-"])
            count, ms = measure(env, left, lambda s: s._livechat_miss_record(), args.runs)
            rows.append([size, "causes of the ended waits", count, f"{ms:.1f}", f"{ms / size:.2f}"])
        table(
            f"Miss causes ({args.runs} runs each, median ms, most queries)",
            ["sessions", "what", "queries", "ms", "ms per session"],
            rows,
        )
        env.cr.rollback()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default=DB)
    parser.add_argument("--sessions", type=int, nargs="+", default=[1, 50])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"Machine: {machine()}; {datetime.now():%Y-%m-%d %H:%M}", flush=True)
    run(args)


if __name__ == "__main__":
    main()
