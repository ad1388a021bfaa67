"""Reply-suggestion latency on real Odoo 19 and PostgreSQL: p50 and p95 of one suggestion
over 5,000 snippets (goal: p95 at most 50 ms).

    python3 bench/suggest_bench.py [--db livechat_bench_suggest] [--snippets 5000] [--runs 300]

Builds (once) the database ``livechat_bench_suggest`` with livechat_iconic, without demo
data (or uses ``--db``, any database with livechat_iconic). It generates ``--snippets``
snippets from the labelled set's answers (tests/data/suggest_labelled.json), each varied
with a few words of the others, spread over five queues, and indexes them the way the
cron does (``_livechat_suggest_create``: text and wordllama vector). Then, as the chat's
agent, it times ``discuss.channel.livechat_reply_suggestions`` for the labelled set's
visitor questions, the per-message cache emptied before each call (so every call ranks):
reading the visitor's latest messages, the agent's canned responses, the vectors (held in
memory after the first call), embedding the question and ranking. The first call, which
loads the model and the vectors, is reported apart. Everything it creates is rolled back.
"""

import argparse
import json
import random
import statistics
import time
from pathlib import Path

import odoo_env
from livechat_bench import log, machine, table

DB = "livechat_bench_suggest"
MODULES = ["livechat_iconic"]
DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "suggest_labelled.json"
GOAL_P95_MS = 50


def build(env, count):
    """Queues, an agent, and ``count`` snippets; returns (agent, sessions per question)."""
    from odoo import Command  # noqa: PLC0415

    data = json.loads(DATA.read_text())
    rng = random.Random(23)
    agent = env["res.users"].create(
        {
            "name": "Bench Agent",
            "login": "suggest_bench_agent",
            "group_ids": [Command.set([env.ref("im_livechat.im_livechat_group_user").id])],
        }
    )
    queues = env["im_livechat.channel"].create(
        [{"name": f"Bench queue {i}", "user_ids": [Command.set(agent.ids)]} for i in range(5)]
    )
    words = " ".join(s["text"] for s in data["snippets"]).split()
    Snippet = env["livechat_iconic.suggestion.snippet"]
    started = time.perf_counter()
    for start in range(0, count, 500):
        vals = []
        for i in range(start, min(count, start + 500)):
            base = data["snippets"][i % len(data["snippets"])]["text"]
            extra = " ".join(rng.choice(words) for _ in range(rng.randint(3, 12)))
            vals.append({"text": f"{base} {extra}", "source": "chat", "queue_id": queues[i % 5].id})
        Snippet._livechat_suggest_create(vals)
    log(f"{count} snippets embedded and inserted in {time.perf_counter() - started:.1f} s")
    visitor = env["res.partner"].create({"name": "Bench Visitor"})
    sessions = []
    for i, question in enumerate(data["questions"]):
        session = env["discuss.channel"].create(
            {
                "name": f"suggest bench {i}",
                "channel_type": "livechat",
                "livechat_channel_id": queues[i % 5].id,
                "livechat_operator_id": agent.partner_id.id,
                "channel_member_ids": [
                    Command.create({"partner_id": visitor.id, "livechat_member_type": "visitor"}),
                    Command.create(
                        {"partner_id": agent.partner_id.id, "livechat_member_type": "agent"}
                    ),
                ],
            }
        )
        session.message_post(
            body=question["question"],
            author_id=visitor.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        sessions.append(session)
    return agent, sessions


def run(args):
    if args.db == DB:
        odoo_env.ensure_db(DB, MODULES, log)
    with odoo_env.environment(args.db) as env:
        agent, sessions = build(env, args.snippets)
        env.flush_all()
        Channel = env["discuss.channel"].with_user(agent)
        started = time.perf_counter()
        Channel.browse(sessions[0].id).livechat_reply_suggestions()
        first_ms = (time.perf_counter() - started) * 1000
        timings = []
        found = 0
        for i in range(args.runs):
            session = Channel.browse(sessions[i % len(sessions)].id)
            Channel._livechat_suggest_clear_cache()
            started = time.perf_counter()
            result = session.livechat_reply_suggestions()
            timings.append((time.perf_counter() - started) * 1000)
            found += bool(result["suggestions"])
        timings.sort()
        p50 = statistics.median(timings)
        p95 = timings[int(len(timings) * 0.95) - 1]
        table(
            f"Reply suggestions, {args.snippets} snippets, {args.runs} calls ({machine()})",
            ["snippets", "first call ms", "p50 ms", "p95 ms", "goal p95 ms", "with suggestions"],
            [
                [
                    args.snippets,
                    f"{first_ms:.0f}",
                    f"{p50:.1f}",
                    f"{p95:.1f}",
                    GOAL_P95_MS,
                    f"{found}/{args.runs}",
                ]
            ],
        )
        env.cr.rollback()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default=DB)
    parser.add_argument("--snippets", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=300)
    run(parser.parse_args())


if __name__ == "__main__":
    main()
