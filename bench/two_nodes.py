"""Two Odoo nodes on one PostgreSQL database behind one nginx, under the load scenario.

    python3 bench/two_nodes.py                      # the issue's scenario, one node killed mid-run
    python3 bench/two_nodes.py --agents 5 --visitors 50 --posters 10 --post-minutes 1

Needs ``nginx`` on the PATH (``apt-get install nginx``). Builds (or reuses) the template of
``load_bench.py`` for our addons, copies it to ``livechat_load_ours_nodes`` and starts two
Odoo servers on it, each as in production (``--workers``, the gevent worker, one cron
worker, ``--proxy-mode``), sharing one ``--data-dir`` (file store and HTTP sessions). nginx
(config generated into ``.local/load/nginx/``) sends ``/websocket`` to the gevent ports with
the upgrade headers and the rest to the HTTP ports, round robin, and tells the client which
node served it (``X-Upstream``). Agents and visitors all go through nginx, so they are
spread over both nodes; a client whose websocket drops reconnects (as Odoo's worker does)
and re-subscribes from its last notification id.

``--kill-after`` seconds into the posting phase (default: half of it) the second node is
killed (SIGKILL to its whole process group). Printed: the load tables of ``load_bench.py``,
then delivery to boards and agents on the *other* node than the one that accepted the
message (p50/p95/max, before the kill), messages accepted but lost (not at the widget, a
recipient or an open board within ``--lost-after`` s), and the websockets that were on the
killed node and came back on the survivor.
"""

import asyncio
import contextlib
import json
import shutil
import subprocess
import time

import load_bench as lb
import odoo_env

NGINX_DIR = lb.OUT_DIR / "nginx"

NGINX_CONF = """\
worker_processes 1;
worker_rlimit_nofile 65536;
daemon off;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 8192; }}
http {{
    access_log off;
    # the bench's visitors each send an address of their own (X-Forwarded-For), as if
    # they came from the Internet; a real site omits these two lines
    set_real_ip_from 127.0.0.1;
    real_ip_header X-Forwarded-For;
    client_body_temp_path {dir}/tmp/body;
    proxy_temp_path {dir}/tmp/proxy;
    fastcgi_temp_path {dir}/tmp/fastcgi;
    uwsgi_temp_path {dir}/tmp/uwsgi;
    scgi_temp_path {dir}/tmp/scgi;
    map $http_upgrade $connection_upgrade {{
        default upgrade;
        ''      close;
    }}
    upstream odoo {{
{http_servers}
    }}
    upstream odoochat {{
{gevent_servers}
    }}
    server {{
        listen 127.0.0.1:{port};
        proxy_read_timeout 720s;
        # a busy node answers its connections late (its listen queue is full): wait for
        # it rather than count it down; a stopped node refuses at once, and the request
        # goes to the other node (proxy_next_upstream error)
        proxy_connect_timeout 30s;
        proxy_send_timeout 720s;
        proxy_set_header Host $http_host;
        proxy_set_header X-Forwarded-Host $http_host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;
        proxy_set_header X-Real-IP $remote_addr;
        add_header X-Upstream $upstream_addr always;
        location /websocket {{
            proxy_pass http://odoochat;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
        }}
        location / {{
            proxy_pass http://odoo;
            proxy_next_upstream error timeout http_502 http_503;
        }}
    }}
}}
"""


def start_nginx(servers):
    """nginx in front of ``servers``: (process, port). ``max_fails=0``: nginx never takes a
    node out of its list. With ``max_fails=1`` one slow connect under the crowd put a
    healthy node aside for 30 s, then the other, and nginx answered 502 to everything
    ("no live upstreams": 1,566 times at full size); a killed node still costs nothing,
    its refusals send each request on to the survivor."""
    if not shutil.which("nginx"):
        raise SystemExit("nginx is not installed (apt-get install nginx)")
    shutil.rmtree(NGINX_DIR, ignore_errors=True)
    (NGINX_DIR / "tmp").mkdir(parents=True)
    port = odoo_env.free_port()
    conf = NGINX_CONF.format(
        dir=NGINX_DIR,
        port=port,
        http_servers="\n".join(
            f"        server 127.0.0.1:{s.http_port} max_fails=0;" for s in servers
        ),
        gevent_servers="\n".join(
            f"        server 127.0.0.1:{s.gevent_port} max_fails=0;" for s in servers
        ),
    )
    (NGINX_DIR / "nginx.conf").write_text(conf)
    process = subprocess.Popen(
        ["nginx", "-p", str(NGINX_DIR), "-c", str(NGINX_DIR / "nginx.conf")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    odoo_env._wait_for(port)
    return process, port


def cross_node(bench, killed_at, lost_after, boards, servers):
    """Deliveries to sockets on another node than the one that accepted the message, for
    messages sent before the kill; and what was lost at any time."""
    stats = bench.stats
    node_of = {}
    for n, server in enumerate(servers, start=1):
        node_of[f"127.0.0.1:{server.http_port}"] = node_of[f"127.0.0.1:{server.gevent_port}"] = n

    def node(upstream):
        # nginx lists every upstream it tried ("a, b"): the last one answered
        return node_of.get((upstream or "").split(",")[-1].strip())

    cross = {"agent": [], "board": [], "new chat": []}
    lost = {
        "accepted, not at own widget": 0,
        "accepted, not at a recipient": 0,
        "accepted, never at own widget": 0,
        "accepted, never at a recipient": 0,
        "new chat not on a board": 0,
    }
    for token, sent in stats.sent.items():
        if not sent["accepted"]:
            continue
        before_kill = killed_at is None or sent["t"] < killed_at
        seen = stats.seen.get(token, {})
        for name in sent["expect"]:
            at = seen.get(name)
            if name != sent["author"] and name.startswith("agent"):
                at = lb.agent_seen(bench, seen, sent, at)
            if at is None or at - sent["t"] > lost_after:
                key = "own widget" if name == sent["author"] else "a recipient"
                lost[f"accepted, not at {key}"] += 1
                lost[f"accepted, never at {key}"] += at is None
            elif (
                before_kill
                and name != sent["author"]
                and name.startswith("agent")
                and node(stats.seen_node.get((token, name))) != node(sent["node"])
            ):
                cross["agent"].append(at - sent["t"])
        first = {}
        for board, at, board_node in stats.board.get(sent["session"], []):
            if at >= sent["t"] and board not in first:
                first[board] = (at, board_node)
        for board in boards:
            at, board_node = first.get(board, (None, None))
            # the board shows what changed: a message may change nothing on it
            if at is not None and at - sent["t"] <= lost_after:
                if before_kill and node(board_node) != node(sent["node"]):
                    cross["board"].append(at - sent["t"])
    for session_id, (started, start_node) in bench.starts.items():
        before_kill = killed_at is None or started < killed_at
        first = {}
        for board, at, board_node in stats.board.get(session_id, []):
            if at >= started and board not in first:
                first[board] = (at, board_node)
        for board in boards:
            at, board_node = first.get(board, (None, None))
            if at is None or at - started > lost_after:
                lost["new chat not on a board"] += 1
            elif before_kill and node(board_node) != node(start_node):
                cross["new chat"].append(at - started)
    return cross, lost


def run(args):
    template = lb.ensure_template("ours", args)
    db, queue_id, partners = lb.fresh_db("ours", template, "_nodes")
    lb.set_max_sessions(db, args.max_sessions)
    lb.OUT_DIR.mkdir(parents=True, exist_ok=True)
    servers = [lb.OdooServer(db, lb.OUT_DIR / f"node{n}.log", workers=args.workers) for n in (1, 2)]
    nginx = None
    try:
        for server in servers:
            server.start()
        nginx, port = start_nginx(servers)
        lb.log(
            f"two nodes on {db}: http {[s.http_port for s in servers]}, gevent "
            f"{[s.gevent_port for s in servers]}, nginx :{port}"
        )
        sampler = lb.Sampler(servers, db)
        sampler.start()
        endpoint = (f"http://127.0.0.1:{port}", f"ws://127.0.0.1:{port}")
        bench = lb.Bench(args, "ours", "silent", db, queue_id, partners, [endpoint])
        killed = {}
        kill_after = args.kill_after if args.kill_after is not None else args.post_minutes * 30

        async def kill_second():
            if kill_after < 0:
                return
            await asyncio.sleep(kill_after)
            victim = servers[1]
            killed["t"] = time.monotonic()
            killed["node"] = f"127.0.0.1:{victim.gevent_port}"
            lb.log(f"killing node 2 (pid {victim.process.pid}) with SIGKILL")
            await asyncio.get_running_loop().run_in_executor(None, victim.kill)

        asyncio.run(bench.run(sampler, on_posting=kill_second))
    finally:
        if nginx:
            nginx.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                nginx.wait(timeout=10)
        for server in servers:
            server.stop()
        with contextlib.suppress(Exception):
            sampler.stopping.set()
    boards = [a.name for a in bench.agents] if not args.no_board else []
    log_path = lb.OUT_DIR / "nodes.log"
    log_path.write_text(
        "".join(s.log_path.read_text(errors="replace") for s in servers), encoding="utf-8"
    )
    result = lb.analyse(bench, sampler, log_path, args, boards)
    lb.print_results([result])
    cross, lost = cross_node(bench, killed.get("t"), args.lost_after, boards, servers)
    on_victim = [
        name for name, nodes in bench.stats.nodes.items() if killed and killed["node"] in nodes
    ]
    back = [name for name in on_victim if bench.stats.nodes[name][-1] != killed["node"]]
    names = {f"127.0.0.1:{s.gevent_port}": f"node {n}" for n, s in enumerate(servers, 1)}
    spread = {}
    for nodes in bench.stats.nodes.values():
        first_node = names.get(nodes[0].split(",")[-1].strip(), nodes[0])
        spread[first_node] = spread.get(first_node, 0) + 1
    rows = [
        ["websockets per node at first connect", ", ".join(f"{k}: {v}" for k, v in spread.items())],
        ["to an agent on the other node p50 / p95 / max ms (n)", _d(cross["agent"])],
        ["new chat on a board on the other node p50 / p95 / max ms (n)", _d(cross["new chat"])],
        ["post's change on a board on the other node p50 / p95 / max ms (n)", _d(cross["board"])],
        *([k, v] for k, v in lost.items()),
        ["posts refused or failed (not accepted)", result["failed_posts"]],
        ["websockets on the killed node", len(on_victim)],
        ["of which reconnected to the survivor", len(back)],
    ]
    lb.table(
        "Two nodes behind nginx (cross-node before the kill; losses over the whole run)",
        ["measure", "value"],
        rows,
    )
    result["cross"] = {k: _d(v) for k, v in cross.items()}
    result["lost_accepted"] = lost
    result["killed_websockets"] = [len(on_victim), len(back)]
    (lb.OUT_DIR / "nodes.json").write_text(json.dumps(result, indent=1, default=str))


def _d(values):
    if not values:
        return "-"
    return (
        f"{lb.ms(lb.pct(values, 0.5))} / {lb.ms(lb.pct(values, 0.95))} / "
        f"{lb.ms(max(values))} ({len(values)})"
    )


def main():
    p = lb.parser()
    p.description = __doc__.split("\n\n")[0]
    p.add_argument(
        "--kill-after",
        type=float,
        default=None,
        help="seconds into the posting phase to kill node 2 (default: half of it; <0: never)",
    )
    args = p.parse_args()
    lb.raise_open_files()
    autovacuum = lb.odoo_env.require_autovacuum(args.allow_no_autovacuum)
    print(f"PostgreSQL autovacuum: {autovacuum}", flush=True)
    print(f"Scenario: {vars(args)}", flush=True)
    run(args)


if __name__ == "__main__":
    main()
