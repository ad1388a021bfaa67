"""Benchmarks of the live chat addons on real Odoo 19 and PostgreSQL.

    python3 bench/livechat_bench.py [board] [traffic] [watch] [get_session] [post] [queue] [--update]

Each benchmark builds what it needs: the databases ``livechat_bench_ours`` (website_livechat
and our three addons) and ``livechat_bench_stock`` (website_livechat only) are created once,
without demo data, and reused (``--update`` updates our addons in them first). The sessions
of board, traffic and watch are removed afterwards; get_session's stay, as any visitor's.
It prints one table per benchmark; BENCHMARKS.md keeps the results, the machine and the date.
"""

import argparse
import contextlib
import os
import platform
import re
import statistics
import time
from datetime import datetime, timedelta
from pathlib import Path

import odoo_env

OURS_DB, STOCK_DB = "livechat_bench_ours", "livechat_bench_stock"
OUR_MODULES, STOCK_MODULES = odoo_env.OUR_MODULES, odoo_env.STOCK_MODULES
LOG_DIR = odoo_env.REPO / ".local"
BOARD_NOTIFICATION = "livechat_iconic.board/update"


def log(text):
    print(f"# {text}", flush=True)


def table(title, header, rows):
    print(f"\n{title}\n")
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---" for _ in header) + "|")
    for row in rows:
        print("| " + " | ".join(str(cell) for cell in row) + " |")
    print(flush=True)


# -- fixtures --------------------------------------------------------------------------------
def make_queue(env, name="Bench queue", online=False):
    """A queue with one agent; ``online``: the agent's presence says online."""
    from odoo import Command  # noqa: PLC0415

    agent = env["res.users"].search([("login", "=", "bench_agent")])
    if not agent:
        agent = env["res.users"].create(
            {
                "name": "Bench Agent",
                "login": "bench_agent",
                "password": "bench_agent",
                "group_ids": [
                    Command.link(env.ref("base.group_user").id),
                    Command.link(env.ref("im_livechat.im_livechat_group_user").id),
                ],
            }
        )
    queue = env["im_livechat.channel"].search([("name", "=", name)], limit=1)
    if not queue:
        queue = env["im_livechat.channel"].create({"name": name})
    queue.user_ids = [Command.set(agent.ids)]
    if online:
        env["mail.presence"]._update_presence(agent)
    return queue, agent


def make_sessions(env, queue, count, state_cycle=("in_queue", "waiting", "chatting")):
    """``count`` visitor sessions of ``queue``, created as Odoo creates them, in batches."""
    from odoo import Command  # noqa: PLC0415

    queue_partner = env.ref("livechat_iconic.partner_queue")
    agent = queue.user_ids[:1].partner_id
    channels = env["discuss.channel"]
    for start in range(0, count, 500):
        size = min(500, count - start)
        guests = env["mail.guest"].create([{"name": f"Visitor {start + i}"} for i in range(size)])
        vals_list = []
        for i, guest in enumerate(guests):
            state = state_cycle[(start + i) % len(state_cycle)]
            vals_list.append(
                {
                    "name": guest.name,
                    "channel_type": "livechat",
                    "livechat_channel_id": queue.id,
                    "livechat_operator_id": (queue_partner if state == "in_queue" else agent).id,
                    "channel_member_ids": [
                        Command.create({"guest_id": guest.id, "livechat_member_type": "visitor"})
                    ],
                    "livechat_ip": f"81.2.69.{i % 250}",
                    "livechat_browser": "Firefox 121.0",
                    "livechat_question": f"Question {start + i}",
                }
            )
        batch = env["discuss.channel"].create(vals_list)
        chatting = batch.filtered(lambda c: c.livechat_operator_id == agent)[::2]
        # sudo not needed: superuser environment; the state moves through the one method
        for channel in chatting:
            channel._livechat_set_state("chatting")
        channels |= batch
        env.cr.precommit.clear()  # the benchmark's own set-up sends no bus messages
        env.flush_all()
        env.invalidate_all()
    return channels


def queries(env, func):
    env.invalidate_all()
    before = env.cr.sql_log_count
    started = time.perf_counter()
    result = func()
    env.flush_all()
    return env.cr.sql_log_count - before, time.perf_counter() - started, result


# -- board -----------------------------------------------------------------------------------
def bench_board(args):
    """Queries of one board refresh (the list and the kanban views as an agent) as the
    number of open sessions grows."""
    from lxml import etree  # noqa: PLC0415

    odoo_env.ensure_db(OURS_DB, OUR_MODULES, log)
    rows = []
    with odoo_env.environment(OURS_DB) as env:
        queue, agent = make_queue(env, "Bench board queue")
        action = env.ref("livechat_iconic.discuss_channel_action_board")
        domain = [("channel_type", "=", "livechat"), ("livechat_state", "!=", False)]
        specs = {}
        for xmlid in ("discuss_channel_view_list_board", "discuss_channel_view_kanban_board"):
            arch = etree.fromstring(env.ref(f"livechat_iconic.{xmlid}").arch)
            specs[xmlid] = {
                node.get("name"): (
                    {"fields": {"display_name": {}}}
                    if env["discuss.channel"]._fields[node.get("name")].type == "many2one"
                    else {}
                )
                for node in arch.iter("field")
                if node.get("name") in env["discuss.channel"]._fields
            }
        board = env["discuss.channel"].with_user(agent)
        existing = 0
        for target in args.sizes:
            make_sessions(env, queue, target - existing)
            existing = target
            counts = {}
            for xmlid, spec in specs.items():
                board.web_search_read(domain, spec, limit=action.limit or 80)  # warm caches
                counts[xmlid] = queries(
                    env, lambda spec=spec: board.web_search_read(domain, spec, limit=80)
                )
            total = board.search_count(domain)
            rows.append(
                [
                    target,
                    total,
                    counts["discuss_channel_view_list_board"][0],
                    f"{counts['discuss_channel_view_list_board'][1] * 1000:.0f}",
                    counts["discuss_channel_view_kanban_board"][0],
                    f"{counts['discuss_channel_view_kanban_board'][1] * 1000:.0f}",
                ]
            )
        env.cr.rollback()
    table(
        "Board refresh (web_search_read of one page of 80, as an agent)",
        ["open sessions", "rows matched", "list queries", "list ms", "kanban queries", "kanban ms"],
        rows,
    )


# -- traffic ---------------------------------------------------------------------------------
def bench_traffic(args):
    """500 sessions receive ``--rate`` visitor messages per second in total for
    ``--seconds`` (each message its own committed transaction, as ``/mail/message/post``),
    with the board's coalescing as in production: each transaction's post-commit flush,
    and the board ticker an open board starts (one flush a second, in a thread here).
    Counted: the board's bus messages, the most in any second, the sessions whose change
    never reached a board message (lost), and how late the last held-back change went."""
    import threading  # noqa: PLC0415

    odoo_env.ensure_db(OURS_DB, OUR_MODULES, log)
    with odoo_env.environment(OURS_DB) as env:
        from odoo.addons.livechat_iconic.models.discuss_channel import (  # noqa: PLC0415
            flush_board,
        )

        queue, _agent = make_queue(env, "Bench traffic queue")
        sessions = make_sessions(env, queue, 500)
        env.cr.execute("DELETE FROM livechat_iconic_board_pending")
        env.cr.commit()
        first_bus_id = env["bus.bus"]._bus_last_id()
        guests = {s.id: s.channel_member_ids.guest_id[:1] for s in sessions}
        public = env.ref("base.public_user")
        stop = threading.Event()

        def ticker():  # as ir.websocket's board ticker
            wait = 0.0
            while not stop.wait(wait):
                wait = flush_board(OURS_DB) or 1.0

        ticking = threading.Thread(target=ticker, daemon=True)
        ticking.start()
        started = time.monotonic()
        sent = 0
        try:
            while time.monotonic() - started < args.seconds:
                channel = sessions[sent % len(sessions)]
                # one request = one transaction: the visitor posts, as /mail/message/post does
                visitor = channel.with_user(public).sudo().with_context(guest=guests[channel.id])
                visitor.message_post(
                    body=f"Message {sent}", message_type="comment", subtype_xmlid="mail.mt_comment"
                )
                env.cr.commit()  # runs the post-commit flush, as a request's commit does
                sent += 1
                time.sleep(max(0.0, started + sent / args.rate - time.monotonic()))
            last_post = datetime.now()
            time.sleep(1.5)  # the ticker's last flush
            stop.set()
            ticking.join()
            env.cr.commit()  # a fresh snapshot: what the other transactions committed
            env.cr.execute(
                "SELECT create_date, message::jsonb->>'type' = %s AND channel::jsonb->>3 = %s, "
                "message::jsonb->'payload'->'sessions' FROM bus_bus WHERE id > %s ORDER BY id",
                [BOARD_NOTIFICATION, "LIVECHAT_ICONIC_BOARD", first_bus_id],
            )
            rows = env.cr.fetchall()
            board = [(created, payload) for created, is_board, payload in rows if is_board]
            arrivals = [created for created, _payload in board]
            other = len(rows) - len(board)
            told = {item["id"] for _created, payload in board for item in payload}
            changed = env["discuss.channel"].search_count(
                [("id", "in", sessions.ids), ("livechat_unanswered_dt", "!=", False)]
            )
            lost = changed - len(told & set(sessions.ids))
            env.cr.execute("SELECT count(*) FROM livechat_iconic_board_pending")
            pending = env.cr.fetchone()[0]
        finally:
            stop.set()
            env.cr.rollback()
            env["discuss.channel"].browse(sessions.ids).unlink()
            env.cr.commit()
    per_second = {}
    for arrival in arrivals:
        key = arrival.replace(microsecond=0)
        per_second[key] = per_second.get(key, 0) + 1
    last_late = (arrivals[-1] - last_post).total_seconds() if arrivals else 0
    table(
        f"Traffic: 500 sessions, {sent} visitor messages in {args.seconds} s, one open board",
        [
            "visitor messages",
            "sessions changed on the board",
            "board bus messages",
            "most in one second",
            "sessions never told (lost)",
            "left pending",
            "last board message after the last post (s)",
            "other bus messages",
        ],
        [
            [
                sent,
                changed,
                len(arrivals),
                max(per_second.values(), default=0),
                lost,
                pending,
                f"{last_late:.2f}",
                other,
            ]
        ],
    )


# -- presence watch --------------------------------------------------------------------------
def bench_watch(args):
    """One presence-watch run over ``--watch-sessions`` active sessions whose visitors are
    online, but one in ten offline long enough to be dropped."""
    odoo_env.ensure_db(OURS_DB, OUR_MODULES, log)
    with odoo_env.environment(OURS_DB) as env:
        queue, _agent = make_queue(env, "Bench watch queue")
        sessions = make_sessions(env, queue, args.watch_sessions)
        guests = sessions.channel_member_ids.guest_id
        long_ago = datetime.now() - timedelta(minutes=5)
        env["mail.presence"].create(
            [
                {
                    "guest_id": guest.id,
                    "status": "offline" if i % 10 == 0 else "online",
                    "last_poll": long_ago,
                }
                for i, guest in enumerate(guests)
            ]
        )
        env["mail.presence"].search([("guest_id", "in", guests.ids)]).filtered(
            lambda p: p.status == "offline"
        ).write({"livechat_offline_dt": long_ago})
        env.flush_all()
        env.cr.precommit.clear()
        env.cr.execute("ANALYZE discuss_channel")
        plan = watch_plan(env)
        count, seconds, _result = queries(
            env, lambda: env["discuss.channel"]._cron_livechat_watch_visitors()
        )
        dropped = env["discuss.channel"].search_count(
            [("id", "in", sessions.ids), ("livechat_resume_state", "!=", False)]
        )
        env.cr.rollback()
    table(
        "Presence watch, one run (batches of 500)",
        ["active sessions", "dropped (CLOSED)", "queries", "seconds"],
        [[args.watch_sessions, dropped, count, f"{seconds:.2f}"]],
    )
    print(f"Plan of the watch's batch query: {plan}\n")


def watch_plan(env):
    """How PostgreSQL finds one batch of the presence watch: the ORM's own query."""
    from odoo.fields import Domain  # noqa: PLC0415
    from odoo.tools import SQL  # noqa: PLC0415

    Channel = env["discuss.channel"]
    domain = Channel._livechat_watch_domain() & Domain("id", ">", 0)
    query = Channel._search(domain, order="id", limit=500)
    env.cr.execute(SQL("EXPLAIN %s", query.select()))
    lines = [row[0].strip() for row in env.cr.fetchall()]
    return " / ".join(line for line in lines if "Scan" in line or "Index" in line)


# -- get_session -----------------------------------------------------------------------------
REQUEST_LINE = re.compile(r'"POST /im_livechat/get_session HTTP/[0-9.]+" 200 - (\d+) ([0-9.]+)')
POST_LINE = re.compile(r'"POST /mail/message/post HTTP/[0-9.]+" 200 - (\d+) ([0-9.]+)')


def prepare_start_queues():
    """Both databases with a queue whose agent is online: {database: queue id}."""
    odoo_env.ensure_db(STOCK_DB, STOCK_MODULES, log)
    odoo_env.ensure_db(OURS_DB, OUR_MODULES, log)
    queue_ids = {}
    for db in (STOCK_DB, OURS_DB):
        with odoo_env.environment(db) as env:
            queue_ids[db] = make_queue(env, "Bench start queue", online=True)[0].id
            if db == OURS_DB:
                # every request of the bench comes from 127.0.0.1: the throttle still counts
                # each one (its cost is measured) but never refuses
                env["ir.config_parameter"].set_param(
                    "livechat_iconic.throttle_start", "1000000,1000000"
                )
            env.cr.commit()
        odoo_env.vacuum(db)  # the same start for both, whatever earlier runs left
    return queue_ids


def bench_get_session(args):
    """The visitor's "start chat" request on stock website_livechat and with our addons,
    both served at the same time on this machine, called in turn (A B A B ...)."""
    import requests  # noqa: PLC0415

    queue_ids = prepare_start_queues()
    logs = {db: LOG_DIR / f"bench-{db}.log" for db in (STOCK_DB, OURS_DB)}
    times = {STOCK_DB: [], OURS_DB: []}
    with (
        odoo_env.http_server(STOCK_DB, logs[STOCK_DB], args.log_sql) as stock_port,
        odoo_env.http_server(OURS_DB, logs[OURS_DB], args.log_sql) as ours_port,
    ):
        ports = {STOCK_DB: stock_port, OURS_DB: ours_port}
        for i in range(args.requests + args.warmup):
            order = (STOCK_DB, OURS_DB) if i % 2 else (OURS_DB, STOCK_DB)
            for db in order:
                body = {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "id": i,
                    "params": {"channel_id": queue_ids[db], "persisted": True},
                }
                started = time.perf_counter()
                response = requests.post(
                    f"http://127.0.0.1:{ports[db]}/im_livechat/get_session",
                    json=body,
                    headers={"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/121.0"},
                    timeout=30,
                )
                elapsed = time.perf_counter() - started
                result = response.json().get("result") or {}
                if not result.get("channel_id"):
                    raise RuntimeError(f"{db}: no session started: {response.text[:300]}")
                if i >= args.warmup:
                    times[db].append(elapsed)
    query_counts = {}
    for db, path in logs.items():
        counts = [int(m[1]) for m in REQUEST_LINE.finditer(Path(path).read_text())]
        query_counts[db] = counts[args.warmup :]
    _compare_table(
        "/im_livechat/get_session (persisted, anonymous visitor, one agent online)",
        times,
        query_counts,
    )


def bench_post(args):
    """A message in a running chat (``/mail/message/post``, what the widget and the
    agent's chat window send), on stock website_livechat and with our addons, both served
    at the same time on this machine, called in turn (A B A B ...): each visitor starts a
    chat (not counted), then posts ``--posts-each`` messages, each answered by the
    session's agent (visitors' and agents' posts counted apart, after ``--warmup``
    visitors)."""
    import requests  # noqa: PLC0415

    queue_ids = prepare_start_queues()
    logs = {db: LOG_DIR / f"bench-post-{db}.log" for db in (STOCK_DB, OURS_DB)}
    times = {kind: {STOCK_DB: [], OURS_DB: []} for kind in ("visitor", "agent")}
    headers = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/121.0"}
    with (
        odoo_env.http_server(STOCK_DB, logs[STOCK_DB], args.log_sql) as stock_port,
        odoo_env.http_server(OURS_DB, logs[OURS_DB], args.log_sql) as ours_port,
    ):
        ports = {STOCK_DB: stock_port, OURS_DB: ours_port}

        def call(client, db, path, params):
            started = time.perf_counter()
            response = client.post(
                f"http://127.0.0.1:{ports[db]}{path}",
                json={"jsonrpc": "2.0", "method": "call", "id": 1, "params": params},
                headers=headers,
                timeout=30,
            )
            elapsed = time.perf_counter() - started
            if "result" not in response.json():
                raise RuntimeError(f"{db} {path}: {response.text[:300]}")
            return response.json()["result"], elapsed

        visitors, agents = {}, {}
        for db in (STOCK_DB, OURS_DB):
            agents[db] = requests.Session()
            call(
                agents[db],
                db,
                "/web/session/authenticate",
                {"db": db, "login": "bench_agent", "password": "bench_agent"},
            )
            visitors[db] = []
            for _i in range(args.requests // args.posts_each + args.warmup):
                client = requests.Session()
                params = {"channel_id": queue_ids[db], "persisted": True}
                result, _t = call(client, db, "/im_livechat/get_session", params)
                if not result.get("channel_id"):
                    raise RuntimeError(f"{db}: no session started: {result}")
                visitors[db].append((client, result["channel_id"]))
        for k in range(len(visitors[OURS_DB]) * args.posts_each):
            visitor = k // args.posts_each
            order = (STOCK_DB, OURS_DB) if k % 2 else (OURS_DB, STOCK_DB)
            for kind in ("visitor", "agent"):
                for db in order:
                    client, session_id = visitors[db][visitor]
                    params = {
                        "thread_model": "discuss.channel",
                        "thread_id": session_id,
                        "post_data": {
                            "body": f"Hello, {kind} message {k}",
                            "message_type": "comment",
                            "subtype_xmlid": "mail.mt_comment",
                        },
                        "context": {"temporary_id": k + 0.01},
                    }
                    author = client if kind == "visitor" else agents[db]
                    _r, elapsed = call(author, db, "/mail/message/post", params)
                    if visitor >= args.warmup:
                        times[kind][db].append(elapsed)
    warm = args.warmup * args.posts_each
    for i, kind in enumerate(("visitor", "agent")):
        # the request lines alternate: the visitor's post, then the agent's
        query_counts = {
            db: [int(m[1]) for m in POST_LINE.finditer(Path(path).read_text())][i::2][warm:]
            for db, path in logs.items()
        }
        _compare_table(
            f"/mail/message/post: the {kind}'s message in a running chat, one agent online",
            times[kind],
            query_counts,
        )


def _compare_table(title, times, query_counts):
    rows = []
    for label, db in (("stock website_livechat", STOCK_DB), ("with our addons", OURS_DB)):
        rows.append(
            [
                label,
                len(times[db]),
                statistics.median(query_counts[db]),
                f"{min(query_counts[db])}-{max(query_counts[db])}",
                f"{statistics.median(times[db]) * 1000:.1f}",
            ]
        )
    ratio_q = statistics.median(query_counts[OURS_DB]) / statistics.median(query_counts[STOCK_DB])
    ratio_t = statistics.median(times[OURS_DB]) / statistics.median(times[STOCK_DB])
    pair_ratios = [o / s for o, s in zip(times[OURS_DB], times[STOCK_DB], strict=False)]
    rows.append(
        [
            "ours / stock",
            "",
            f"{ratio_q:.3f}",
            f"+{statistics.median(query_counts[OURS_DB]) - statistics.median(query_counts[STOCK_DB])}",
            f"{ratio_t:.3f} (median of pair ratios {statistics.median(pair_ratios):.3f})",
        ]
    )
    table(
        title,
        ["database", "requests", "queries (median)", "queries (min-max)", "median ms"],
        rows,
    )


def bench_queue(args):
    """``--starts`` visitors start a chat in a queue whose agent is offline (each is
    queued behind the earlier ones), through /im_livechat/get_session on a real server:
    the bus rows written, by type, and the start's queries (first and last starts). Before
    issue 19, each start re-sent the place to every waiting visitor (n²/2 rows)."""
    import requests  # noqa: PLC0415

    odoo_env.ensure_db(OURS_DB, OUR_MODULES, log)
    with odoo_env.environment(OURS_DB) as env:
        queue, agent = make_queue(env, "Bench waiting queue")
        env["mail.presence"].search([("user_id", "=", agent.id)]).unlink()
        env["discuss.channel"].search([("livechat_channel_id", "=", queue.id)]).unlink()
        env.cr.commit()
        queue_id, first_bus_id = queue.id, env["bus.bus"]._bus_last_id()
    log_path = LOG_DIR / f"bench-queue-{OURS_DB}.log"
    with odoo_env.http_server(OURS_DB, log_path) as port:
        for i in range(args.starts):
            response = requests.post(
                f"http://127.0.0.1:{port}/im_livechat/get_session",
                json={
                    "jsonrpc": "2.0",
                    "method": "call",
                    "id": i,
                    "params": {"channel_id": queue_id, "persisted": True},
                },
                headers={"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/121.0"},
                timeout=30,
            )
            if not (response.json().get("result") or {}).get("channel_id"):
                raise RuntimeError(f"no session started: {response.text[:300]}")
    counts = [int(m[1]) for m in REQUEST_LINE.finditer(Path(log_path).read_text())]
    with odoo_env.environment(OURS_DB) as env:
        env.cr.execute(
            "SELECT message::jsonb->>'type', count(*) FROM bus_bus WHERE id > %s "
            "GROUP BY 1 ORDER BY 2 DESC",
            [first_bus_id],
        )
        by_type = env.cr.fetchall()
        queued = env["discuss.channel"].search_count(
            [("livechat_channel_id", "=", queue_id), ("livechat_state", "=", "in_queue")]
        )
        env["discuss.channel"].search([("livechat_channel_id", "=", queue_id)]).unlink()
    table(
        f"Queue: {args.starts} visitors start a chat, each queued behind the earlier ones",
        [
            "starts",
            "queued",
            "bus rows",
            "of which queue moves",
            "queries: 2nd start",
            "last start",
        ],
        [
            [
                args.starts,
                queued,
                sum(n for _t, n in by_type),
                sum(n for t, n in by_type if t == "livechat_iconic.queue/moved"),
                counts[1] if len(counts) > 1 else "",
                counts[-1] if counts else "",
            ]
        ],
    )
    print("Bus rows by type: " + ", ".join(f"{t} {n}" for t, n in by_type) + "\n")


def serve(args):
    """Both servers of the get_session benchmark, until interrupted (for a whole-process
    timer pairing `get_session_client.py` against each)."""
    queue_ids = prepare_start_queues()
    with (
        odoo_env.http_server(STOCK_DB, LOG_DIR / f"bench-{STOCK_DB}.log") as stock_port,
        odoo_env.http_server(OURS_DB, LOG_DIR / f"bench-{OURS_DB}.log") as ours_port,
    ):
        print(f"stock: port {stock_port} channel {queue_ids[STOCK_DB]}", flush=True)
        print(f"ours: port {ours_port} channel {queue_ids[OURS_DB]}", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            time.sleep(args.seconds)


BENCHMARKS = {
    "board": bench_board,
    "traffic": bench_traffic,
    "watch": bench_watch,
    "get_session": bench_get_session,
    "post": bench_post,
    "queue": bench_queue,
}
COMMANDS = {**BENCHMARKS, "serve": serve}


def machine():
    """CPU model, cores and memory, and the versions the figures depend on."""
    import odoo.release  # noqa: PLC0415

    cpu = platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = ""
    with contextlib.suppress(OSError, ValueError, IndexError):
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kib / 1024 / 1024:.0f} GiB RAM"
    return (
        f"{cpu}, {os.cpu_count()} cores{memory}; Python {platform.python_version()}, "
        f"Odoo {odoo.release.version}"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "benchmarks", nargs="*", help=f"some of {', '.join(BENCHMARKS)} (all), or serve"
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000, 10000])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument(
        "--rate", type=float, default=10, help="traffic: visitor messages per second"
    )
    parser.add_argument("--watch-sessions", type=int, default=10000)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--starts", type=int, default=300, help="queue: visitors who start")
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--posts-each", type=int, default=5, help="post: messages per visitor")
    parser.add_argument("--update", action="store_true", help="update our addons first")
    parser.add_argument(
        "--log-sql",
        action="store_true",
        help="get_session: log every query of both servers (.local/bench-<db>.log)",
    )
    args = parser.parse_args()
    unknown = set(args.benchmarks) - set(COMMANDS)
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
    if args.update and odoo_env.db_has_modules(OURS_DB, OUR_MODULES):
        odoo_env.update_db(OURS_DB, OUR_MODULES[1:], log)
    print(f"Machine: {machine()}; {datetime.now():%Y-%m-%d %H:%M}", flush=True)
    for name in args.benchmarks or BENCHMARKS:
        COMMANDS[name](args)


if __name__ == "__main__":
    main()
