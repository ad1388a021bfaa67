"""Load benchmark with real websockets: our addons against stock website_livechat.

    python3 bench/load_bench.py                       # the issue's full scenario (~25 min)
    python3 bench/load_bench.py --agents 5 --visitors 50 --posters 10 --post-minutes 0.5
    python3 bench/load_bench.py --only ours --modes silent

For each database (ours = website_livechat + our three addons, stock = website_livechat),
without demo data, a template database ``livechat_load_<db>_tpl`` is built once (rebuilt when
the addons' files change, or with ``--rebuild``) holding one queue and ``--agents`` agents.
Each run copies it to a fresh ``livechat_load_<db>`` and serves it as production does::

    odoo-bin --workers=2 --max-cron-threads=1 --gevent-port=P --http-port=H --proxy-mode

(Odoo's launcher, not ``python3 -m odoo``: the master starts its gevent worker by running
``sys.argv[0]`` again, which fails for ``odoo/__main__.py``)

then plays the scenario, one database at a time, ours then stock:

* ``--agents`` agents sign in (``/web/session/authenticate``), each with a websocket
  subscribed as Odoo's web client does (ours: with the Customers Waiting board open, i.e.
  the ``livechat_iconic.board`` channel) and online (``update_presence``);
* ``--visitors`` visitors arrive at ``--rate`` per second, each from an address of its own
  (``X-Forwarded-For``), starting a chat as the website widget does when the visitor sends
  a first message (``/im_livechat/get_session``, the guest cookie it sets, a websocket open
  on the session, then that first message);
* ``--posters`` of them post (``/mail/message/post``) every ``--interval`` seconds for
  ``--post-minutes``;
* mode ``silent``: no agent answers; mode ``answer``: the session's agent answers each
  visitor message, the first one included, within ``--answer-within`` seconds (ours:
  taking the chat first when it is still IN QUEUE; an agent who gets a chat its visitor
  already wrote in answers it too; an agent put on Break after a late answer chooses
  Online again), and that answer is measured as well.

Measured (tables on stdout, raw numbers in ``.local/load/<run>.json``, server log in
``.local/load/<run>.log``): start-chat and post latency, delivery of each message to the
visitor's own widget and to the agent(s), a new chat and each post's change on every open
board, messages lost (not at the widget or a recipient within ``--lost-after`` s, a new
chat not on a board), 5xx, JSON-RPC errors, ERROR lines of the server log, peak RSS and CPU
seconds per process, peak PostgreSQL connections, queries per start chat and per post (the
werkzeug request lines of the server log). BENCHMARKS.md explains each measure.
"""

import argparse
import asyncio
import contextlib
import hashlib
import json
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path

import odoo_env

REPO = odoo_env.REPO
OUT_DIR = REPO / ".local" / "load"
DATA_DIR = REPO / ".local" / "load-data"
OUR_MODULES, STOCK_MODULES = odoo_env.OUR_MODULES, odoo_env.STOCK_MODULES
DATABASES = {"ours": OUR_MODULES, "stock": STOCK_MODULES}
QUEUE_NAME = "Load bench queue"
AGENT_LOGIN = "load_agent_{}"
BOARD_CHANNEL = "livechat_iconic.board"
BOARD_NOTIFICATION = "livechat_iconic.board/update"
QUEUE_CHANNEL_PREFIX = "livechat_iconic.queue/"
NEW_MESSAGE = "discuss.channel/new_message"
BROWSER_UA = "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0"
TOKEN = re.compile(r"lbtok-([0-9a-z]+)")
REQUEST_LINE = re.compile(r'"POST (/[^ ?]+)[^"]* HTTP/[0-9.]+" (\d{3}) - (\d+) ([0-9.]+) ([0-9.]+)')

odoo_env.DATA_DIR = DATA_DIR  # the load runs' own file store and sessions


def log(text):
    print(f"# {datetime.now():%H:%M:%S} {text}", flush=True)


def pct(values, q):
    """The ``q`` quantile (0-1) of ``values``, nearest rank; None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))]


def ms(value):
    return "-" if value is None else f"{value * 1000:.0f}"


def table(title, header, rows):
    print(f"\n{title}\n")
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---" for _ in header) + "|")
    for row in rows:
        print("| " + " | ".join(str(cell) for cell in row) + " |")
    print(flush=True)


# -- databases --------------------------------------------------------------------------------
def _pg(dbname="postgres"):
    import psycopg2  # noqa: PLC0415

    cnx = psycopg2.connect(
        dbname=dbname,
        host=os.environ.get("PGHOST", "127.0.0.1"),
        port=os.environ.get("PGPORT", "5432"),
        user=odoo_env.DB_ARGS[2].split("=", 1)[1],
    )
    cnx.autocommit = True
    return cnx


def addons_fingerprint():
    """A hash of our addons' files: a template built from other code is rebuilt."""
    digest = hashlib.sha1()
    for addon in ("livechat_iconic", "livechat_iconic_slack", "livechat_iconic_leads"):
        for path in sorted((REPO / addon).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(REPO)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def drop_db(name):
    with contextlib.closing(_pg()) as cnx, cnx.cursor() as cr:
        cr.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [name]
        )
        cr.execute(f'DROP DATABASE IF EXISTS "{name}"')
    shutil.rmtree(DATA_DIR / "filestore" / name, ignore_errors=True)


def template_comment(name):
    with contextlib.closing(_pg()) as cnx, cnx.cursor() as cr:
        cr.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [name],
        )
        row = cr.fetchone()
    return row and row[0]


def ensure_template(kind, args, name=None):
    """``name`` (default ``livechat_load_<kind>_tpl``) with its modules, the queue and
    the agents."""
    name = name or f"livechat_load_{kind}_tpl"
    code = f"loadbench {addons_fingerprint() if kind == 'ours' else 'stock'}"
    wanted = f"{code} agents={args.agents}"
    comment = template_comment(name) or ""
    if not args.rebuild and comment == wanted:
        return name
    if args.rebuild or not comment.startswith(f"{code} "):
        drop_db(name)
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        log(f"building template {name} ({', '.join(DATABASES[kind])}), a few minutes")
        odoo_env.ensure_db(name, DATABASES[kind], log)
    log(f"{name}: {args.agents} agents in the queue")
    subprocess.run(
        [sys.executable, __file__, "--setup-template", name, "--agents", str(args.agents)],
        check=True,
    )
    with contextlib.closing(_pg(name)) as cnx, cnx.cursor() as cr:
        cr.execute("VACUUM ANALYZE")
    with contextlib.closing(_pg()) as cnx, cnx.cursor() as cr:
        cr.execute(f'COMMENT ON DATABASE "{name}" IS %s', [wanted])
    return name


def setup_template(name, agents):
    """(In a child process, so that no connection stays open on the template.)"""
    with odoo_env.environment(name) as env:
        from odoo import Command  # noqa: PLC0415 - importable once Odoo is set up

        groups = [
            Command.link(env.ref("base.group_user").id),
            Command.link(env.ref("im_livechat.im_livechat_group_user").id),
        ]
        Users = env["res.users"].with_context(active_test=False)
        existing = Users.search([("login", "=like", "load_agent_%")])
        users = existing.filtered(
            lambda u: u.login in {AGENT_LOGIN.format(i) for i in range(agents)}
        )
        have = set(users.mapped("login"))
        users |= Users.with_context(no_reset_password=True).create(
            [
                {
                    "name": f"Load Agent {i}",
                    "login": AGENT_LOGIN.format(i),
                    "password": AGENT_LOGIN.format(i),
                    "group_ids": groups,
                }
                for i in range(agents)
                if AGENT_LOGIN.format(i) not in have
            ]
        )
        users.filtered(lambda u: not u.active).active = True
        (existing - users).active = False
        queue = env["im_livechat.channel"].search([("name", "=", QUEUE_NAME)])
        if not queue:
            queue = env["im_livechat.channel"].create({"name": QUEUE_NAME})
        queue.user_ids = [Command.set(users.ids)]
        env.cr.commit()


def fresh_db(kind, template, suffix="", name=None):
    """``name`` (default ``livechat_load_<kind><suffix>``) copied from its template, with
    its file store."""
    name = name or f"livechat_load_{kind}{suffix}"
    drop_db(name)
    with contextlib.closing(_pg()) as cnx, cnx.cursor() as cr:
        cr.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        cr.execute(f'COMMENT ON DATABASE "{name}" IS NULL')
    source = DATA_DIR / "filestore" / template
    if source.is_dir():
        shutil.copytree(source, DATA_DIR / "filestore" / name)
    with contextlib.closing(_pg(name)) as cnx, cnx.cursor() as cr:
        cr.execute("SELECT id FROM im_livechat_channel WHERE name = %s", [QUEUE_NAME])
        queue_id = cr.fetchone()[0]
        cr.execute(
            "SELECT u.login, u.partner_id FROM res_users u WHERE u.login LIKE 'load_agent_%%'"
        )
        partners = {login: partner for login, partner in cr.fetchall()}
    return name, queue_id, partners


def set_max_sessions(db, max_sessions):
    if not max_sessions:
        return
    with contextlib.closing(_pg(db)) as cnx, cnx.cursor() as cr:
        cr.execute(
            "UPDATE im_livechat_channel SET max_sessions_mode = 'limited', max_sessions = %s",
            [max_sessions],
        )


# -- servers ----------------------------------------------------------------------------------
def odoo_command():
    """Odoo's own launcher script: the master respawns its gevent worker as
    ``[python, sys.argv[0], "gevent", ...]``, which ``python -m odoo`` (argv[0] being
    odoo/__main__.py) breaks with a relative import error."""
    import odoo  # noqa: PLC0415

    for base in map(Path, odoo.__path__):
        launcher = base.parent / "odoo-bin"
        if launcher.is_file():
            return [sys.executable, str(launcher)]
    odoo_script = shutil.which("odoo")
    if odoo_script:
        return [odoo_script]
    raise SystemExit("no odoo-bin or odoo launcher found: the gevent worker needs one")


class OdooServer:
    """One Odoo server as in production: HTTP workers, the gevent worker, a cron worker."""

    def __init__(self, db, log_path, *, workers=2, crons=1, extra=()):
        self.db, self.log_path = db, Path(log_path)
        self.http_port, self.gevent_port = odoo_env.free_port(), odoo_env.free_port()
        self.workers, self.crons, self.extra = workers, crons, list(extra)
        self.process = None

    def argv(self):
        return [
            *odoo_command(),
            f"--addons-path={odoo_env.addons_path()}",
            f"--data-dir={DATA_DIR}",
            *odoo_env.DB_ARGS,
            "-d",
            self.db,
            f"--db-filter=^{self.db}$",
            f"--workers={self.workers}",
            f"--max-cron-threads={self.crons}",
            f"--http-port={self.http_port}",
            f"--gevent-port={self.gevent_port}",
            "--http-interface=127.0.0.1",
            "--log-level=info",
            "--log-handler=werkzeug:INFO",
            "--proxy-mode",  # visitors' addresses from X-Forwarded-For, as behind nginx
            *self.extra,
        ]

    def start(self):
        self.log_file = open(self.log_path, "w", encoding="utf-8")  # noqa: SIM115
        self.process = subprocess.Popen(
            self.argv(), stdout=self.log_file, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            odoo_env._wait_for(self.http_port)
            self._wait_gevent()
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_gevent(self, seconds=60):
        import requests  # noqa: PLC0415

        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            with contextlib.suppress(requests.RequestException):
                url = f"http://127.0.0.1:{self.gevent_port}/websocket/health"
                if requests.get(url, timeout=2).ok:
                    return
            if self.process.poll() is not None:
                break
            time.sleep(0.5)
        raise RuntimeError(f"the gevent worker did not answer; see {self.log_path}")

    def kill(self):
        """A crash: the whole process group gets SIGKILL."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self):
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.kill()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)  # workers left behind
        self.log_file.close()


class Sampler(threading.Thread):
    """Every second: RSS and CPU of each Odoo process (by role), PostgreSQL connections."""

    def __init__(self, servers, db):
        super().__init__(daemon=True)
        self.servers, self.db = servers, db
        self.stopping = threading.Event()
        self.procs = {}  # pid -> {role, rss_peak, cpu, node}
        self.pg_peak = 0
        self.marks = {}

    @staticmethod
    def role(proc, master_pid):
        if proc.pid == master_pid:
            return "master"
        cmdline = " ".join(proc.cmdline())
        if " gevent" in cmdline or cmdline.endswith("gevent"):
            return "gevent"
        if "WorkerCron" in cmdline:
            return "cron"
        if "WorkerHTTP" in cmdline:
            return "http"
        return "other"

    def sample(self):
        import psutil  # noqa: PLC0415

        for node, server in enumerate(self.servers, start=1):
            if server.process is None or server.process.poll() is not None:
                continue
            with contextlib.suppress(psutil.Error):
                master = psutil.Process(server.process.pid)
                for proc in [master, *master.children(recursive=True)]:
                    with contextlib.suppress(psutil.Error):
                        with proc.oneshot():
                            entry = self.procs.setdefault(
                                proc.pid,
                                {"role": self.role(proc, master.pid), "rss": 0, "node": node},
                            )
                            entry["rss"] = max(entry["rss"], proc.memory_info().rss)
                            times = proc.cpu_times()
                            entry["cpu"] = times.user + times.system
        with contextlib.suppress(Exception), contextlib.closing(_pg()) as cnx:
            with cnx.cursor() as cr:
                cr.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s", [self.db])
                self.pg_peak = max(self.pg_peak, cr.fetchone()[0])

    def run(self):
        while not self.stopping.wait(1.0):
            self.sample()

    def mark(self, name):
        """CPU seconds per pid at this moment (phase boundaries)."""
        self.sample()
        self.marks[name] = {pid: p.get("cpu", 0.0) for pid, p in self.procs.items()}


# -- clients ----------------------------------------------------------------------------------
class Stats:
    def __init__(self):
        self.latency = {}  # request kind -> [seconds]
        self.failures = {}  # request kind -> count
        self.status_5xx = 0
        self.rpc_errors = []
        self.sent = {}  # token -> {t, session, author, expect: set of socket names}
        self.seen = {}  # token -> {socket name: t}
        self.seen_node = {}  # (token, socket name) -> node of the socket then
        self.board = {}  # session id -> [(board name, t)]
        self.reconnects = 0
        self.breaks = 0  # ours: notices "you are on Break" to agents after a miss
        self.nodes = {}  # socket name -> [nodes it connected to]


class Client:
    """One browser: a cookie jar, JSON-RPC calls and one websocket that reconnects."""

    def __init__(self, bench, name, base_url, ws_url, channels=(), address=None):
        import aiohttp  # noqa: PLC0415

        self.bench, self.name = bench, name
        self.base_url, self.ws_url = base_url, ws_url
        self.channels = list(channels)
        headers = {"User-Agent": BROWSER_UA}
        if address:
            # each visitor from an address of its own, as behind a proxy (Odoo in
            # --proxy-mode): per-address limits count one visitor, not the whole bench
            headers["X-Forwarded-For"] = address
            headers["X-Forwarded-Host"] = base_url.split("://", 1)[1]
            headers["X-Forwarded-Proto"] = "http"
        self.http = aiohttp.ClientSession(
            connector=bench.connector,
            connector_owner=False,
            cookie_jar=aiohttp.CookieJar(unsafe=True),
            headers=headers,
            timeout=aiohttp.ClientTimeout(total=bench.args.timeout),
        )
        self.ws = None
        self.node = self.last_node = None  # behind nginx: the upstream that served us
        self.last = 0
        self.known_channels = set()
        self.resubscribing = False
        self.resubscribe_from = None
        self.reader = None
        self.closing = False
        self.subscribed = asyncio.Event()

    async def sign_in(self, db, login, who=None):
        """Sign in as ``login`` (its password is the login, as the benches create users);
        a failure stops the run."""
        result, _t = await self.rpc(
            "authenticate",
            "/web/session/authenticate",
            {"db": db, "login": login, "password": login},
        )
        if not result:
            raise RuntimeError(
                f"{who or login} could not sign in: {self.bench.stats.rpc_errors[-1:]}"
            )

    async def rpc(self, kind, path, params):
        """(result, seconds) of one JSON-RPC call; failures are counted, result None."""
        stats = self.bench.stats
        body = {"jsonrpc": "2.0", "method": "call", "id": 1, "params": params}
        started = time.monotonic()
        try:
            async with self.http.post(self.base_url + path, json=body) as response:
                # nginx lists every upstream it tried ("a, b"): the last one answered
                self.last_node = response.headers.get("X-Upstream", "").split(",")[-1].strip()
                if response.status >= 500:
                    stats.status_5xx += 1
                if response.status != 200:
                    raise RuntimeError(f"HTTP {response.status}")
                data = await response.json(content_type=None)
        except Exception as error:  # noqa: BLE001 - every failure is counted, none stops the run
            stats.failures[kind] = stats.failures.get(kind, 0) + 1
            stats.rpc_errors.append(f"{kind}: {type(error).__name__} {error}"[:300])
            return None, time.monotonic() - started
        elapsed = time.monotonic() - started
        if data.get("error"):
            stats.failures[kind] = stats.failures.get(kind, 0) + 1
            error = data["error"].get("data", {}).get("message") or data["error"].get("message")
            stats.rpc_errors.append(f"{kind}: {error}"[:300])
            return None, elapsed
        stats.latency.setdefault(kind, []).append(elapsed)
        return data.get("result"), elapsed

    async def connect(self):
        self.reader = asyncio.create_task(self._run_socket())
        await asyncio.wait_for(self.subscribed.wait(), timeout=self.bench.args.timeout)

    async def _run_socket(self):
        delay = 0.5
        first = True
        while not self.closing:
            try:
                self.ws = await self.http.ws_connect(
                    f"{self.ws_url}/websocket?version={self.bench.ws_version}",
                    origin=self.base_url,
                    max_msg_size=0,
                    autoping=True,
                )
                upstream = self.ws._response.headers.get("X-Upstream", "direct")
                self.node = upstream.split(",")[-1].strip()
                self.bench.stats.nodes.setdefault(self.name, []).append(self.node)
                if not first:
                    self.bench.stats.reconnects += 1
                first = False
                await self.subscribe()
                self.subscribed.set()
                delay = 0.5
                async for frame in self.ws:
                    if frame.type.name != "TEXT":
                        continue
                    self.on_frame(time.monotonic(), frame.data)
            except asyncio.CancelledError:
                raise
            except Exception:  # noqa: BLE001,S110 - a dropped socket reconnects, as Odoo's worker does
                pass
            if self.closing:
                break
            # Odoo's worker reconnects after a random delay that grows
            await asyncio.sleep(delay + random.random())
            delay = min(delay * 1.5, 10)

    async def subscribe(self, since=None):
        last = self.last if since is None else min(since, self.last)
        await self.ws.send_str(
            json.dumps(
                {"event_name": "subscribe", "data": {"channels": self.channels, "last": last}}
            )
        )

    def on_frame(self, now, text):
        stats = self.bench.stats
        resubscribe = False
        for notif in json.loads(text):
            self.last = max(self.last, notif["id"])
            message = notif.get("message") or {}
            kind, payload = message.get("type"), message.get("payload") or {}
            if kind == NEW_MESSAGE:
                data = (payload.get("data") or {}).get("mail.message") or []
                for msg in data:
                    for token in TOKEN.findall(str(msg.get("body", ""))):
                        stats.seen.setdefault(token, {}).setdefault(self.name, now)
                        stats.seen_node.setdefault((token, self.name), self.node)
            elif kind == "simple_notification" and self.name.startswith("agent"):
                # ours: an agent put on Break after a miss is told so (a lasting notice)
                self.bench.agent_told_break(self)
            elif kind == BOARD_NOTIFICATION:
                for session in payload.get("sessions", []):
                    stats.board.setdefault(session.get("id"), []).append(
                        (self.name, now, self.node)
                    )
            elif kind in ("mail.record/insert", "discuss.channel/joined"):
                # Odoo's client re-subscribes when it became a member of a channel
                channels = payload.get("discuss.channel") or []
                if isinstance(channels, dict):
                    channels = [channels]
                ids = {c.get("id") for c in channels if isinstance(c, dict)}
                if payload.get("channel_id"):
                    ids.add(payload["channel_id"])
                self.follow_agent_changes(kind, payload, channels)
                if ids - self.known_channels:
                    self.known_channels |= ids
                    resubscribe = True
                    # from the join on: what was posted there meanwhile comes with the new
                    # subscription (Odoo's client loads the joined chat's messages instead)
                    since = notif["id"] - 1
                    self.resubscribe_from = min(self.resubscribe_from or since, since)
        if resubscribe and not self.resubscribing:
            self.resubscribing = True
            asyncio.get_running_loop().create_task(self._resubscribe())

    def follow_agent_changes(self, kind, payload, channels):
        """An agent's socket learns that its agent joined a chat (Odoo's
        ``discuss.channel/joined``: routed, taken, or passed on to them) or left it (ours:
        the chat passed on to the next agent, ``close_chat_window`` on their own bus
        channel): the chat's messages are then expected at the agent who is its member.
        A chat passed on goes to its next agent; the one who did not answer is no longer
        a recipient."""
        operators = self.bench.operator
        if not self.name.startswith("agent"):
            return
        if kind == "discuss.channel/joined" and payload.get("channel_id") in operators:
            # not the agent the chat was routed to at its start, nor a take in progress
            handed = (
                operators[payload["channel_id"]] != self.name
                and payload["channel_id"] not in self.bench.taking
            )
            self.bench.taking.discard(payload["channel_id"])  # the take's own join
            operators[payload["channel_id"]] = self.name
            self.bench.joins.setdefault(payload["channel_id"], []).append(
                (time.monotonic(), self.name)
            )
            asyncio.get_running_loop().create_task(self.load_messages(payload["channel_id"]))
            if handed:
                self.bench.answer_on_join(payload["channel_id"])
            return
        for channel in channels:
            if not isinstance(channel, dict) or not channel.get("close_chat_window"):
                continue
            if operators.get(channel.get("id")) == self.name:
                operators[channel["id"]] = None

    async def load_messages(self, channel_id):
        """What Odoo's client does when its agent joins a chat: open it and load its last
        messages (``/discuss/channel/messages``). A message posted before the join (in the
        moment a chat was passed on to this agent) reaches the agent this way, not on the
        bus: it counts as seen when loaded."""
        result, _t = await self.rpc(
            "agent loads a joined chat",
            "/discuss/channel/messages",
            {"channel_id": channel_id, "fetch_params": {"limit": 30}},
        )
        now = time.monotonic()
        stats = self.bench.stats
        for msg in ((result or {}).get("data") or {}).get("mail.message") or []:
            for token in TOKEN.findall(str(msg.get("body", ""))):
                stats.seen.setdefault(token, {}).setdefault(self.name, now)
                stats.seen_node.setdefault((token, self.name), self.node)

    async def _resubscribe(self):
        # Odoo's worker debounces a forced update of the channels by 300 ms
        await asyncio.sleep(0.3)
        self.resubscribing = False
        since, self.resubscribe_from = self.resubscribe_from, None
        with contextlib.suppress(Exception):
            await self.subscribe(since)

    async def close(self):
        self.closing = True
        if self.ws is not None:
            with contextlib.suppress(Exception):
                await self.ws.close()
        if self.reader:
            self.reader.cancel()
            with contextlib.suppress(BaseException):
                await self.reader
        await self.http.close()


class Bench:
    """One run of the scenario against one set of servers (one node, or nginx in front of two)."""

    def __init__(self, args, kind, mode, db, queue_id, partners, endpoints):
        self.args, self.kind, self.mode, self.db = args, kind, mode, db
        self.queue_id, self.partners = queue_id, partners
        self.endpoints = endpoints  # [(base_url, ws_url)], clients take them in turn
        self.stats = Stats()
        self.connector = None
        self.ws_version = websocket_version()
        self.agents = []
        self.agent_by_partner = {}
        self.visitors = []  # [(client, session id)]
        self.operator = {}  # session id -> agent client name, or None (in queue)
        self.taking = set()  # sessions an answer is taking from the queue now
        self.joins = {}  # session id -> [(time, agent client name)]: the agents who joined it
        self.starts = {}  # session id -> (time get_session was sent, node that answered)
        self.first_message = {}  # session id -> time its first message was sent
        self.visitor_of = {}  # session id -> visitor client name
        self.answer_tasks = []
        self.taken = set()
        self.token_seq = 0

    def endpoint(self, i):
        return self.endpoints[i % len(self.endpoints)]

    async def sign_in_agents(self):
        channels = [BOARD_CHANNEL] if self.kind == "ours" and not self.args.no_board else []
        gate = asyncio.Semaphore(4)  # signing in hashes the password: a few at a time

        async def sign_in(i):
            async with gate:
                return await self.sign_in_agent(i, channels)

        self.agents = list(await asyncio.gather(*(sign_in(i) for i in range(self.args.agents))))
        self.agent_by_partner = {agent.partner_id: agent for agent in self.agents}

    async def sign_in_agent(self, i, channels):
        base, ws = self.endpoint(i)
        agent = Client(self, f"agent{i}", base, ws, channels)
        login = AGENT_LOGIN.format(i)
        await agent.sign_in(self.db, login)
        await agent.connect()
        await agent.ws.send_str(
            json.dumps({"event_name": "update_presence", "data": {"inactivity_period": 0}})
        )
        agent.partner_id = self.partners[login]
        return agent

    async def keep_agents_online(self):
        while True:
            await asyncio.sleep(50)
            for agent in self.agents:
                with contextlib.suppress(Exception):
                    await agent.ws.send_str(
                        json.dumps(
                            {"event_name": "update_presence", "data": {"inactivity_period": 0}}
                        )
                    )

    async def start_visitor(self, i):
        base, ws = self.endpoint(i + 1)
        address = f"10.{(i >> 16) & 255}.{(i >> 8) & 255}.{i & 255}"
        visitor = Client(self, f"visitor{i}", base, ws, address=address)
        started = time.monotonic()
        result, _t = await visitor.rpc(
            "start chat",
            "/im_livechat/get_session",
            {"channel_id": self.queue_id, "previous_operator_id": None, "persisted": True},
        )
        if not result or not result.get("channel_id"):
            if result is not None:
                # answered, but no chat offered: the queue shows offline (every agent
                # invisible or on a break, e.g. put on Break after missing a chat), where
                # the widget offers its message form, if any
                key = "start chat: no chat offered (queue shown offline)"
                self.stats.failures[key] = self.stats.failures.get(key, 0) + 1
            await visitor.close()
            return
        session_id = result["channel_id"]
        self.starts[session_id] = (started, visitor.last_node)
        self.operator[session_id] = self.agent_name(operator_partner(result, session_id))
        queue = session_values(result, session_id).get("livechat_iconic_queue")
        if isinstance(queue, dict) and queue.get("queue_id"):
            # ours: a queued visitor's widget follows its queue's moves (queue_moves_service)
            visitor.channels.append(f"{QUEUE_CHANNEL_PREFIX}{queue['queue_id']}")
        try:
            await visitor.connect()
        except Exception:  # noqa: BLE001 - counted: a widget without its websocket
            self.stats.failures["visitor websocket"] = (
                self.stats.failures.get("visitor websocket", 0) + 1
            )
        self.visitors.append((visitor, session_id))
        # the widget creates the chat when the visitor sends a first message, and posts it
        # at once (im_livechat's livechat_service.persist, then thread.post)
        operator = self.operator.get(session_id)
        expect = {visitor.name} | ({operator} if operator else set())
        self.first_message[session_id] = time.monotonic()
        self.visitor_of[session_id] = visitor.name
        if await self.post(visitor, session_id, "visitor", expect, label="first message"):
            self.schedule_answer(session_id, visitor.name)

    def agent_name(self, partner_id):
        agent = self.agent_by_partner.get(partner_id)
        return agent.name if agent else None

    def new_token(self, prefix):
        self.token_seq += 1
        return f"{prefix}{self.token_seq}"

    async def post(self, client, session_id, author_kind, expect, label=None):
        token = self.new_token("v" if author_kind == "visitor" else "a")
        now = time.monotonic()
        self.stats.sent[token] = {
            "t": now,
            "session": session_id,
            "author": client.name,
            "kind": author_kind,
            "expect": set(expect),
            "accepted": None,
        }
        result, _t = await client.rpc(
            label or f"{author_kind} post",
            "/mail/message/post",
            {
                "thread_model": "discuss.channel",
                "thread_id": session_id,
                "post_data": {
                    "body": f"Load test message lbtok-{token}",
                    "message_type": "comment",
                    "subtype_xmlid": "mail.mt_comment",
                },
                "context": {"temporary_id": self.token_seq + 0.01},
            },
        )
        self.stats.sent[token]["accepted"] = bool(result)
        self.stats.sent[token]["node"] = client.last_node
        return bool(result)

    async def visitor_posting(self, visitor, session_id, offset):
        await asyncio.sleep(offset)
        end = time.monotonic() + self.args.post_minutes * 60
        while time.monotonic() < end:
            started = time.monotonic()
            operator = self.operator.get(session_id)
            expect = {visitor.name} | ({operator} if operator else set())
            if await self.post(visitor, session_id, "visitor", expect):
                self.schedule_answer(session_id, visitor.name)
            await asyncio.sleep(max(0, started + self.args.interval - time.monotonic()))

    def agent_told_break(self, agent):
        """Mode ``answer``: an agent who answers within ``--answer-within`` is at the desk;
        told that a late answer put them on Break (ours), they choose Online again within
        that time, as the notice asks (``/mail/set_manual_im_status``, the status menu's
        call). Mode ``silent``: nobody is at the desk, they stay on Break."""
        self.stats.breaks += 1
        if self.mode != "answer":
            return
        delay = random.uniform(1, self.args.answer_within)

        async def back_online():
            await asyncio.sleep(delay)
            await agent.rpc("agent back online", "/mail/set_manual_im_status", {"status": "online"})

        self.answer_tasks.append(asyncio.create_task(back_online()))

    def answer_on_join(self, session_id):
        """Mode ``answer``: an agent who gets a chat passed on to them, whose visitor
        already wrote, answers it within ``--answer-within``, as every visitor message is
        answered (a chat routed at its start is answered at the visitor's first message,
        one taken from the queue by the taker's answer)."""
        visitor_name = self.visitor_of.get(session_id)
        if visitor_name and session_id in self.first_message:
            self.schedule_answer(session_id, visitor_name)

    def schedule_answer(self, session_id, visitor_name):
        """Mode ``answer``: the session's agent answers this visitor message (the first
        one included) within ``--answer-within`` seconds."""
        if self.mode != "answer":
            return
        delay = random.uniform(1, self.args.answer_within)
        self.answer_tasks.append(asyncio.create_task(self.answer(session_id, visitor_name, delay)))

    async def answer(self, session_id, visitor_name, delay):
        """The agent of the session answers (taking the chat first when it waits in queue)."""
        await asyncio.sleep(delay)
        name = self.operator.get(session_id)
        if name is None:
            # ours, IN QUEUE: the agent with the fewest taken chats takes it from the board
            if session_id in self.taken:
                # another answer of the same session is taking it: answer once it has
                for _i in range(40):
                    await asyncio.sleep(0.5)
                    if self.operator.get(session_id):
                        return await self.answer(session_id, visitor_name, 0)
                return
            self.taken.add(session_id)
            self.taking.add(session_id)
            # the agents with the fewest chats try first, as an agent with room would
            load = {a.name: 0 for a in self.agents}
            for operator in self.operator.values():
                if operator in load:
                    load[operator] += 1
            for agent in sorted(self.agents, key=lambda a: load[a.name]):
                result, _t = await agent.rpc(
                    "agent take",
                    "/web/dataset/call_button/discuss.channel/action_livechat_take",
                    {
                        "model": "discuss.channel",
                        "method": "action_livechat_take",
                        "args": [[session_id]],
                        "kwargs": {},
                    },
                )
                if result is not None:
                    self.operator[session_id] = agent.name
                    break
            else:
                return
        else:
            agent = next(a for a in self.agents if a.name == name)
        await self.post(agent, session_id, "agent", {visitor_name, agent.name})

    async def run(self, sampler, on_posting=None):
        import aiohttp  # noqa: PLC0415

        args = self.args
        self.connector = aiohttp.TCPConnector(limit=0, force_close=False)
        self.cpu_started = time.process_time()
        try:
            log(f"{self.kind}/{self.mode}: {args.agents} agents sign in")
            await self.sign_in_agents()
            presence = asyncio.create_task(self.keep_agents_online())
            await asyncio.sleep(2)
            sampler.mark("arrivals")
            log(f"{self.kind}/{self.mode}: {args.visitors} visitors at {args.rate}/s")
            started = time.monotonic()
            tasks = []
            for i in range(args.visitors):
                await asyncio.sleep(max(0, started + i / args.rate - time.monotonic()))
                tasks.append(asyncio.create_task(self.start_visitor(i)))
            await asyncio.gather(*tasks)
            await asyncio.sleep(3)
            sampler.mark("posting")
            log(
                f"{self.kind}/{self.mode}: {args.posters} visitors post every {args.interval} s "
                f"for {args.post_minutes} min ({len(self.visitors)} chats open)"
            )
            step = max(1, len(self.visitors) // max(1, args.posters))
            posters = self.visitors[::step][: args.posters]
            if on_posting:
                asyncio.create_task(on_posting())
            await asyncio.gather(
                *(
                    self.visitor_posting(v, s, args.interval * k / len(posters))
                    for k, (v, s) in enumerate(posters)
                )
            )
            await asyncio.gather(*self.answer_tasks)
            sampler.mark("posted")
            await asyncio.sleep(args.lost_after)
            sampler.mark("end")
            presence.cancel()
        finally:
            for client in [*self.agents, *(v for v, _s in self.visitors)]:
                await client.close()
            await self.connector.close()


def session_values(result, session_id):
    """The session's values in get_session's store data."""
    store = result.get("store_data") or {}
    for channel in store.get("discuss.channel", []):
        if channel.get("id") == session_id:
            return channel
    return {}


def operator_partner(result, session_id):
    """The operator's partner id of the session, from get_session's store data."""
    operator = session_values(result, session_id).get("livechat_operator_id")
    if isinstance(operator, dict):
        return operator.get("id")
    return operator


def websocket_version():
    """Odoo's websocket worker version (a browser's worker with another is sent away)."""
    for folder in odoo_env.addons_path().split(","):
        path = Path(folder) / "bus" / "websocket.py"
        if path.is_file():
            return re.search(r'_VERSION = "([^"]+)"', path.read_text()).group(1)
    raise SystemExit("Odoo's bus addon not found")


# -- results ----------------------------------------------------------------------------------
def agent_seen(bench, seen, sent, at):
    """When a message reached the chat's agent: the agent expected when it was posted
    (``at``), or an agent who joined the chat after it was posted, since it was passed on
    meanwhile (they get it on the bus or with the chat's messages they load)."""
    later = [seen.get(a) for t, a in bench.joins.get(sent["session"], ()) if t >= sent["t"]]
    return min((t for t in [at, *later] if t is not None), default=None)


def analyse(bench, sampler, log_path, args, boards):
    stats = bench.stats
    lost_after = args.lost_after
    deliveries = {
        "visitor": [],
        "agent": [],
        "board": [],
        "new chat": [],
        "new chat from its first message": [],
    }
    lost = {"own widget": 0, "recipient": 0, "new chat": 0}
    never = {"own widget": 0, "recipient": 0, "new chat": 0}  # of the lost: not seen at all
    no_board_update = 0
    failed_posts = 0
    lost_samples = []
    never_samples = []  # [token, session, author, expected at, None]: never seen there
    for token, sent in stats.sent.items():
        if not sent["accepted"]:
            failed_posts += 1
            continue
        seen = stats.seen.get(token, {})
        author = sent["author"]
        for name in sent["expect"]:
            at = seen.get(name)
            if name != author and name.startswith("agent"):
                at = agent_seen(bench, seen, sent, at)
            if at is None or at - sent["t"] > lost_after:
                lost["own widget" if name == author else "recipient"] += 1
                never["own widget" if name == author else "recipient"] += at is None
                sample = [token, sent["session"], author, name, at and at - sent["t"]]
                (never_samples if at is None else lost_samples).append(sample)
            else:
                target = "visitor" if name.startswith("visitor") else "agent"
                if name != author:
                    deliveries[target].append(at - sent["t"])
        if boards:
            arrivals = {}
            for board, at, _node in stats.board.get(sent["session"], []):
                if at >= sent["t"] and board not in arrivals:
                    arrivals[board] = at
            for board in boards:
                at = arrivals.get(board)
                if at is None or at - sent["t"] > lost_after:
                    # the board shows what changed: a message may change nothing on it
                    no_board_update += 1
                else:
                    deliveries["board"].append(at - sent["t"])
    for session_id, (started, _node) in bench.starts.items() if boards else ():
        first = {}
        for board, at, _n in stats.board.get(session_id, []):
            if at >= started and board not in first:
                first[board] = at
        for board in boards:
            at = first.get(board)
            if at is None or at - started > lost_after:
                lost["new chat"] += 1
                never["new chat"] += at is None
                lost_samples.append(["start", session_id, None, board, at and at - started])
            else:
                deliveries["new chat"].append(at - started)
                posted = bench.first_message.get(session_id)
                if posted is not None and at >= posted:
                    deliveries["new chat from its first message"].append(at - posted)
    text = Path(log_path).read_text(encoding="utf-8", errors="replace")
    error_lines = [line for line in text.splitlines() if " ERROR " in line]
    queries = {}
    for path, status, count, _sql, _py in REQUEST_LINE.findall(text):
        if status == "200":
            queries.setdefault(path, []).append(int(count))
    cpu = {}
    rss = {}
    for pid, proc in sampler.procs.items():
        key = f"{proc['role']}" + (f" node {proc['node']}" if len(sampler.servers) > 1 else "")
        start = sampler.marks.get("arrivals", {}).get(pid, 0.0)
        mid = sampler.marks.get("posting", {}).get(pid, start)
        end = sampler.marks.get("end", {}).get(pid, proc.get("cpu", mid))
        total = cpu.setdefault(key, [0.0, 0.0, 0])
        total[0] += mid - start
        total[1] += end - mid
        total[2] += 1
        rss[key] = max(rss.get(key, 0), proc["rss"])
    return {
        "kind": bench.kind,
        "mode": bench.mode,
        "chats": len(bench.visitors),
        "latency": {
            k: [pct(v, 0.5), pct(v, 0.95), max(v) if v else None, len(v)]
            for k, v in stats.latency.items()
        },
        "failures": stats.failures,
        "failed_posts": failed_posts,
        "sent": len(stats.sent),
        "deliveries": {
            k: [pct(v, 0.5), pct(v, 0.95), max(v) if v else None, len(v)]
            for k, v in deliveries.items()
        },
        "lost": lost,
        "never": never,
        "no_board_update": no_board_update,
        "board_messages": board_messages(stats),
        "lost_samples": lost_samples[:50],
        "never_samples": never_samples[:50],
        "status_5xx": stats.status_5xx,
        "error_lines": len(error_lines),
        "error_samples": error_lines[:10],
        "rpc_error_samples": stats.rpc_errors[:10],
        "queries": {p: [statistics.median(v), len(v)] for p, v in queries.items()},
        "cpu": cpu,
        "rss_mb": {k: v / 2**20 for k, v in rss.items()},
        "pg_peak": sampler.pg_peak,
        "reconnects": stats.reconnects,
        "breaks": stats.breaks,
        "client_cpu": time.process_time() - bench.cpu_started,
    }


def board_messages(stats):
    """{board: [seconds after the first, sessions named]} of the board updates received."""
    seen = {}
    for session_id, events in stats.board.items():
        for board, at, _node in events:
            seen.setdefault(board, []).append((at, session_id))
    start = min((at for events in seen.values() for at, _s in events), default=0)
    return {b: sorted((round(at - start, 2), sid) for at, sid in e) for b, e in seen.items()}


def print_results(results):
    """One table per measure, a column per run."""
    if not results:
        return
    names = [f"{r['kind']}/{r['mode']}" for r in results]

    def lat(r, kind):
        v = r["latency"].get(kind)
        return "-" if not v else f"{ms(v[0])} / {ms(v[1])} / {ms(v[2])} ({v[3]})"

    def dlv(r, kind):
        v = r["deliveries"][kind]
        return "-" if not v[3] else f"{ms(v[0])} / {ms(v[1])} / {ms(v[2])} ({v[3]})"

    rows = [
        ["chats started", *(r["chats"] for r in results)],
        ["start chat p50 / p95 / max ms (n)", *(lat(r, "start chat") for r in results)],
        ["first message p50 / p95 / max ms (n)", *(lat(r, "first message") for r in results)],
        ["visitor post p50 / p95 / max ms (n)", *(lat(r, "visitor post") for r in results)],
        ["agent take p50 / p95 / max ms (n)", *(lat(r, "agent take") for r in results)],
        ["agent post p50 / p95 / max ms (n)", *(lat(r, "agent post") for r in results)],
        ["to the agent p50 / p95 / max ms (n)", *(dlv(r, "agent") for r in results)],
        ["to the visitor (agent's answer) ms", *(dlv(r, "visitor") for r in results)],
        [
            "new chat on every open board p50 / p95 / max ms (n)",
            *(dlv(r, "new chat") for r in results),
        ],
        [
            "  the same from its first message p50 / p95 / max ms (n)",
            *(dlv(r, "new chat from its first message") for r in results),
        ],
        [
            "post's change on every open board p50 / p95 / max ms (n)",
            *(dlv(r, "board") for r in results),
        ],
        ["(post, board) with no board update in time", *(r["no_board_update"] for r in results)],
        ["posts refused or failed", *(r["failed_posts"] for r in results)],
        ["lost: not at own widget in time (never)", *(_lost(r, "own widget") for r in results)],
        ["lost: not at a recipient in time (never)", *(_lost(r, "recipient") for r in results)],
        [
            "lost: new chat not on an open board in time (never)",
            *(_lost(r, "new chat") for r in results),
        ],
        ["other failures", *(_failures(r) for r in results)],
        ["HTTP 5xx", *(r["status_5xx"] for r in results)],
        ["ERROR lines in the server log", *(r["error_lines"] for r in results)],
        ["websocket reconnects", *(r["reconnects"] for r in results)],
        [
            "agents told they are on Break (answer: back Online)",
            *(r.get("breaks", 0) for r in results),
        ],
        ["PostgreSQL connections (peak)", *(r["pg_peak"] for r in results)],
        ["queries per start chat (median)", *(_q(r, "/im_livechat/get_session") for r in results)],
        ["queries per post (median)", *(_q(r, "/mail/message/post") for r in results)],
    ]
    roles = sorted({k for r in results for k in r["cpu"]})
    for role in roles:
        rows.append(
            [f"{role}: CPU s arrivals / posting (processes)", *(_cpu(r, role) for r in results)]
        )
    for role in roles:
        rows.append(
            [
                f"{role}: peak RSS MB (per process)",
                *(f"{r['rss_mb'].get(role, 0):.0f}" for r in results),
            ]
        )
    rows.append(["bench client CPU s", *(f"{r['client_cpu']:.0f}" for r in results)])
    table("Load benchmark", ["measure", *names], rows)
    for r in results:
        if r["error_samples"] or r["rpc_error_samples"]:
            print(f"{r['kind']}/{r['mode']} first errors:")
            for line in r["error_samples"][:5] + r["rpc_error_samples"][:5]:
                print(f"    {line[:240]}")


def _failures(r):
    parts = [
        f"{k}: {v}"
        for k, v in sorted(r["failures"].items())
        if k not in ("visitor post", "first message", "agent post")
    ]
    return ", ".join(parts) or "0"


def _lost(r, key):
    return f"{r['lost'][key]} ({r['never'][key]})"


def _q(r, path):
    v = r["queries"].get(path)
    return "-" if not v else f"{v[0]:g} ({v[1]})"


def _cpu(r, role):
    v = r["cpu"].get(role)
    return "-" if not v else f"{v[0]:.1f} / {v[1]:.1f} ({v[2]})"


# -- one node ---------------------------------------------------------------------------------
def run_single(kind, mode, args):
    template = ensure_template(kind, args)
    db, queue_id, partners = fresh_db(kind, template)
    set_max_sessions(db, args.max_sessions)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    log_path = OUT_DIR / f"{kind}-{mode}.log"
    server = OdooServer(db, log_path, workers=args.workers)
    log(f"{kind}/{mode}: serving {db} on :{server.http_port} (gevent :{server.gevent_port})")
    sampler = Sampler([server], db)
    try:
        server.start()
        sampler.start()
        endpoint = (f"http://127.0.0.1:{server.http_port}", f"ws://127.0.0.1:{server.gevent_port}")
        bench = Bench(args, kind, mode, db, queue_id, partners, [endpoint])
        asyncio.run(bench.run(sampler))
    finally:
        sampler.stopping.set()
        server.stop()
    boards = [a.name for a in bench.agents] if kind == "ours" and not args.no_board else []
    result = analyse(bench, sampler, log_path, args, boards)
    (OUT_DIR / f"{kind}-{mode}.json").write_text(json.dumps(result, indent=1, default=str))
    return result


def parser():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--only", choices=["ours", "stock"], help="one database only")
    p.add_argument("--modes", nargs="+", choices=["silent", "answer"], default=["silent", "answer"])
    p.add_argument("--agents", type=int, default=50)
    p.add_argument("--visitors", type=int, default=1000)
    p.add_argument("--rate", type=float, default=10.0, help="visitors arriving per second")
    p.add_argument("--posters", type=int, default=200)
    p.add_argument("--interval", type=float, default=20.0, help="seconds between a visitor's posts")
    p.add_argument("--post-minutes", type=float, default=2.0)
    p.add_argument("--answer-within", type=float, default=20.0)
    p.add_argument("--lost-after", type=float, default=10.0)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument(
        "--max-sessions",
        type=int,
        default=0,
        help="the queue's Maximum Sessions per agent (0: Odoo's default, unlimited)",
    )
    p.add_argument("--no-board", action="store_true", help="ours: agents without the board open")
    p.add_argument("--timeout", type=float, default=120.0, help="HTTP client timeout (s)")
    p.add_argument("--rebuild", action="store_true", help="rebuild the template databases")
    p.add_argument(
        "--allow-no-autovacuum",
        action="store_true",
        help="run even when PostgreSQL's autovacuum is off (not what production runs)",
    )
    p.add_argument("--setup-template", help=argparse.SUPPRESS)
    return p


def raise_open_files():
    """Room for a websocket and an HTTP connection per client, here and in the servers we
    start (they inherit the limit)."""
    import resource  # noqa: PLC0415

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = 65536 if hard == resource.RLIM_INFINITY else min(hard, 65536)
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))


def main():
    args = parser().parse_args()
    raise_open_files()
    if args.setup_template:
        setup_template(args.setup_template, args.agents)
        return
    from livechat_bench import machine  # noqa: PLC0415

    autovacuum = odoo_env.require_autovacuum(args.allow_no_autovacuum)
    print(f"Machine: {machine()}; {datetime.now():%Y-%m-%d %H:%M}", flush=True)
    print(f"PostgreSQL autovacuum: {autovacuum}", flush=True)
    print(f"Scenario: {vars(args)}", flush=True)
    results = []
    for kind in [args.only] if args.only else ["ours", "stock"]:
        for mode in args.modes:
            results.append(run_single(kind, mode, args))
            print_results(results[-1:])
    print_results(results)


if __name__ == "__main__":
    main()
