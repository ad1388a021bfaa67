"""Routing benchmark on real Odoo 19 and PostgreSQL: 1,000 queued sessions assigned over
100 agents with mixed statuses, priorities and capacities, in one dispatch pass.

    python3 bench/routing_bench.py [--sessions 1000] [--agents 100] [--update]

Builds (once) the database ``livechat_bench_routing`` with livechat_iconic, without demo
data; everything the benchmark creates is rolled back at the end. It times the dispatch
cron's work (``im_livechat.channel._cron_livechat_dispatch``: batches of 100 sessions, each
locked, planned on fresh reads and assigned together: members, operators, WAITING, the
hooks, the agents' notices; not committed here, as the benchmark rolls back) and the plan
of all the sessions alone, counts the queries, checks that no agent ends over its queue's or the global capacity, and prints the
spread of the chats per agent for each priority tier.
"""

import argparse
import random
import statistics
from collections import Counter
from datetime import datetime, timedelta

import odoo_env
from livechat_bench import log, machine, queries, table

DB = "livechat_bench_routing"
MODULES = ["livechat_iconic"]
GLOBAL_CAP = 10
# status: share of the agents
STATUS_MIX = {"online": 55, "away": 15, "invisible": 10, "break": 12, "offline": 8}
# queue: (max_sessions or None for unlimited, share of the sessions)
QUEUES = {"Sales": (4, 30), "Support": (None, 30), "Bookings": (6, 20), "Billing": (3, 20)}


def build(env, n_agents, n_sessions, rng):
    from odoo import Command  # noqa: PLC0415

    group_ids = [env.ref("base.group_user").id, env.ref("im_livechat.im_livechat_group_user").id]
    users = (
        env["res.users"]
        .with_context(no_reset_password=True)
        .create(
            [
                {
                    "name": f"Routing Agent {i:03d}",
                    "login": f"bench_routing_{i:03d}",
                    "group_ids": [Command.set(group_ids)],
                }
                for i in range(n_agents)
            ]
        )
    )
    statuses = [s for s, share in STATUS_MIX.items() for _i in range(share)]
    status_of = {u.id: statuses[i * len(statuses) // n_agents] for i, u in enumerate(users)}
    presence = {"online": "online", "away": "away", "offline": "offline"}
    env["mail.presence"].create(
        [{"user_id": u.id, "status": presence.get(status_of[u.id], "online")} for u in users]
    )
    manual = {"invisible": "offline", "break": "busy"}
    for status, value in manual.items():
        users.filtered(lambda u, s=status: status_of[u.id] == s).manual_im_status = value
    queues = env["im_livechat.channel"]
    priority_of = {}
    for name, (max_sessions, _share) in QUEUES.items():
        # each agent serves two queues on average, with a priority 0-2 in each
        members = users.filtered(lambda _u: rng.random() < 0.5)
        queue = env["im_livechat.channel"].create(
            {
                "name": f"Bench routing {name}",
                "user_ids": [Command.set(members.ids)],
                "max_sessions_mode": "limited" if max_sessions else "unlimited",
                "max_sessions": max_sessions or 10,
                "livechat_routing_mode": "assigned",
                "livechat_first_response_target": rng.choice([60, 120, 300]),
                "livechat_priority": rng.randint(0, 2),
                "livechat_agent_ids": [
                    Command.create({"user_id": u.id, "priority": rng.choice((0, 1, 1, 2))})
                    for u in members
                ],
            }
        )
        for row in queue.livechat_agent_ids:
            priority_of[queue.id, row.user_id.id] = row.priority
        queues |= queue
    env["ir.config_parameter"].set_param("livechat_iconic.max_parallel_chats", GLOBAL_CAP)
    queue_partner = env.ref("livechat_iconic.partner_queue")
    weights = [share for _max, share in QUEUES.values()]
    guests = env["mail.guest"].create([{"name": f"Visitor {i}"} for i in range(n_sessions)])
    now = datetime.now()
    vals_list = []
    for i, guest in enumerate(guests):
        queue = rng.choices(queues, weights)[0]
        vals_list.append(
            {
                "name": guest.name,
                "channel_type": "livechat",
                "livechat_channel_id": queue.id,
                "livechat_operator_id": queue_partner.id,
                "channel_member_ids": [
                    Command.create({"guest_id": guest.id, "livechat_member_type": "visitor"})
                ],
                "livechat_question": f"Question {i}",
            }
        )
    # created as the widget creates them, by the public user: no operator of ours (the
    # superuser's OdooBot) joins them
    created = env["discuss.channel"].with_user(env.ref("base.public_user")).sudo().create(vals_list)
    sessions = env["discuss.channel"].browse(created.ids)
    # waited 0-10 minutes
    for session in sessions:
        session.livechat_in_queue_dt = now - timedelta(seconds=rng.randint(0, 600))
    env.cr.precommit.clear()  # the set-up sends no bus messages
    env.flush_all()
    env.invalidate_all()
    return users, queues, sessions, status_of, priority_of


def run(args):
    odoo_env.ensure_db(DB, MODULES, log)
    if args.update:
        odoo_env.update_db(DB, MODULES, log)
    rng = random.Random(args.seed)
    with odoo_env.environment(DB) as env:
        users, queues, sessions, status_of, priority_of = build(
            env, args.agents, args.sessions, rng
        )
        log(f"{len(users)} agents, {len(queues)} queues, {len(sessions)} queued sessions")
        plan_queries, plan_seconds, (plan, unplanned) = queries(
            env, lambda: queues._livechat_dispatch_plan(sessions)
        )
        env.cr.execute("SET LOCAL synchronous_commit = on")

        def dispatch():
            done = env["im_livechat.channel"]._cron_livechat_dispatch()
            env.cr.precommit.run()  # bus messages, board and queue updates: counted, as at commit
            return done

        count, seconds, done = queries(env, dispatch)
        env.cr.precommit.clear()  # no bus messages out of a benchmark
        # checks: statuses, capacities (queue and global), as the routing counts them
        total, per_queue = users._livechat_agent_loads()
        over = [
            u.id
            for u in users
            if total.get(u.id, 0) > GLOBAL_CAP
            or any(
                per_queue.get((u.id, q.id), 0) > q.max_sessions
                for q in queues
                if q.max_sessions_mode == "limited"
            )
        ]
        wrong_status = [u.id for u in {*done.values()} if status_of[u.id] not in ("online", "away")]
        assigned = len(done)
        rows = [
            [
                "dispatch: plan (reads + pure routing)",
                f"{plan_seconds:.3f}",
                plan_queries,
                len(plan),
            ],
            ["dispatch cron: plan + every assignment", f"{seconds:.2f}", count, assigned],
        ]
        table(
            f"Routing: {len(sessions)} queued sessions, {len(users)} agents "
            f"(statuses {STATUS_MIX}), global cap {GLOBAL_CAP}, queues {QUEUES}",
            ["step", "seconds", "queries", "sessions assigned"],
            rows,
        )
        unassigned_reasons = Counter(unplanned.values())
        log(f"not assigned: {dict(unassigned_reasons)}")
        log(
            f"agents over a capacity: {len(over)}; assigned to a non-serving status: "
            f"{len(wrong_status)}"
        )
        # spread: for each queue and priority tier, the chats of that queue each serving
        # agent of that tier got (the global cap, reached in another queue, may stop one)
        got = Counter((s.livechat_channel_id.id, u.id) for s, u in done.items())
        spread = []
        for queue in queues:
            for tier in sorted(
                {p for (qid, _u), p in priority_of.items() if qid == queue.id}, reverse=True
            ):
                serving = [
                    uid
                    for (qid, uid), p in priority_of.items()
                    if qid == queue.id and p == tier and status_of[uid] in ("online", "away")
                ]
                counts = [got.get((queue.id, uid), 0) for uid in serving]
                spread.append(
                    [
                        queue.name.removeprefix("Bench routing "),
                        tier,
                        len(serving),
                        sum(counts),
                        min(counts, default=0),
                        max(counts, default=0),
                        f"{statistics.pstdev(counts):.2f}" if counts else "-",
                    ]
                )
        table(
            "Chats per serving agent (online or away), by queue and the agent's priority there",
            ["queue", "priority", "agents", "chats", "min", "max", "stddev"],
            spread,
        )
        per_agent = Counter(u.id for u in done.values())
        in_a_queue = {uid for (_q, uid) in priority_of}
        loads = [
            per_agent.get(uid, 0) for uid in in_a_queue if status_of[uid] in ("online", "away")
        ]
        log(
            f"chats per serving agent of a queue, all queues: min {min(loads)}, max "
            f"{max(loads)}, mean {statistics.mean(loads):.2f}, stddev "
            f"{statistics.pstdev(loads):.2f} (global cap {GLOBAL_CAP})"
        )
        assert not over, f"agents over capacity: {over}"
        assert not wrong_status, f"chats given to agents who must get none: {wrong_status}"
        env.cr.rollback()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=1000)
    parser.add_argument("--agents", type=int, default=100)
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--update", action="store_true", help="update livechat_iconic first")
    args = parser.parse_args()
    print(f"Machine: {machine()}; {datetime.now():%Y-%m-%d %H:%M}", flush=True)
    run(args)


if __name__ == "__main__":
    main()
