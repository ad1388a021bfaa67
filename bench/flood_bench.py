"""Flood benchmark: "start chat" requests by the thousand from one address (issue 20).

    python3 bench/flood_bench.py                                  # full size (~6-10 min)
    python3 bench/flood_bench.py --n1 300 --n2 100 --probe-every 2 --lost-after 5   # small

Builds (or reuses) the template database ``<prefix>_tpl`` (``--db-prefix``, default
``livechat_flood``) with website_livechat and our three addons, no demo data, one queue of
``--agents`` agents (``load_bench.ensure_template``), plus what a flood needs around it: a
portal user (``flood_customer``) and a guest who each had a chat with an agent before (so
both are known customers, whom the throttle lets through), and e-mail addresses on the
agents (so that the waiting alerts have someone to write to). Each run copies it to a fresh
``<prefix>`` and serves it as production does (``load_bench.OdooServer``: ``odoo-bin
--workers=2 --max-cron-threads=1 --gevent-port=… --proxy-mode``), with Slack enabled and
pointed at a Slack-compatible server in this process (``livechat_iconic_slack/tests/
slack_server.py``), and Odoo's mail queue cron switched off (e-mails stay queued, to be
counted). Nobody is online unless ``--online`` says so; ``--watchers`` agents (offline)
and the ``--online`` ones keep the Customers Waiting board open (a websocket subscribed
to ``livechat_iconic.board``, ``load_bench.Client``).

Phases, one after the other (``--phases``), each from ``--concurrency`` clients as fast as
they can, every request ``POST /im_livechat/get_session {channel_id, persisted: true}``
with ``X-Forwarded-For`` as its source address:

* ``fresh``: ``--n1`` requests from one IPv4 address, each a fresh visitor (no cookie);
* ``cookie``: ``--n1`` requests from another IPv4 address, all with the same guest cookie
  (the one the first answer set);
* ``ipv6``: ``--n2`` requests from random addresses of one IPv6 /64 (2001:db8:1:2::/64).

Meanwhile, every ``--probe-every`` seconds, the signed-in customer and the known guest
(each from an address of their own, or the flooding one with ``--probes-from-flood``)
start a chat and post their first message, as the widget does; the time from their start,
and from their message, to the board update naming their session is measured (goal: 1 s).

Afterwards the queued sessions of the run are aged by ``--age`` seconds (every
``livechat_*_dt`` column but the end, so that every waiting threshold has passed) and our
addons' scheduled actions (alerts, timers, Slack outbox, ...; not the privacy retention)
are triggered once on the running server and waited for.

Counted from the database after each phase and after the scheduled actions: sessions
created, sessions with a visitor message, board notifications (``bus_bus`` rows of
``livechat_iconic.board/update``, and the sessions they name), queue-notice messages,
Slack outbox rows (and the requests the Slack server got), alert notices (``bus_bus``
rows ``livechat_iconic.alert…``), e-mails queued (``mail_mail`` rows), guests created,
every ``bus_bus`` row by type; on the client side, per phase: answers accepted, throttled
(HTTP 429, or a JSON-RPC error with code 429: ``models/ir_http.py``), other refusals, 5xx,
connection errors, tracebacks in answers; from the server log: ERROR lines, tracebacks and
the throttle's refusals. Tables on stdout, raw numbers in ``.local/flood/<db>.json``, the
server log in ``.local/flood/<db>.log``.
"""

import argparse
import asyncio
import contextlib
import importlib.util
import ipaddress
import json
import random
import re
import subprocess
import sys
import time
from collections import Counter
from datetime import datetime

import load_bench as lb
import odoo_env

OUT_DIR = lb.REPO / ".local" / "flood"
OUR_ADDONS = ("livechat_iconic", "livechat_iconic_slack", "livechat_iconic_leads")
CUSTOMER_LOGIN = "flood_customer"
GUEST_NAME = "Flood Known Guest"
GUEST_CONTACT_EMAIL = "flood.known.guest@example.com"
FLOOD_IPV4 = {"fresh": "203.0.113.7", "cookie": "203.0.113.8"}
FLOOD_IPV6_NET = ipaddress.IPv6Network("2001:db8:1:2::/64")
PROBE_ADDRESS = {"customer": "198.51.100.10", "guest": "198.51.100.11"}
QUEUED_CLASS = "o_livechat_iconic_queued"
ALERT_TYPE_PREFIX = "livechat_iconic.alert"
#: Crons of ours never triggered here (they delete data)
SKIPPED_CRONS = ("livechat_iconic.ir_cron_privacy_retention",)
THROTTLE_LINE = re.compile(r"Live chat throttle: \S+ from \S+ refused")
GOAL_SECONDS = 1.0


def log(text):
    lb.log(text)


# -- the template and the run's database ------------------------------------------------------
def ensure_flood_template(args):
    """``<prefix>_tpl``: load_bench's template (modules, queue, agents) plus the known
    customers and the agents' addresses (``--setup-flood``, in a child process)."""
    name = f"{args.db_prefix}_tpl"
    lb.ensure_template("ours", args, name=name)
    with contextlib.closing(lb._pg(name)) as cnx, cnx.cursor() as cr:
        cr.execute(
            """SELECT EXISTS (SELECT FROM res_users WHERE login = %s)
                  AND NOT EXISTS (SELECT FROM res_users u JOIN res_partner p ON p.id = u.partner_id
                                   WHERE u.active AND u.login LIKE 'load\\_agent\\_%%'
                                     AND p.email IS NULL)""",
            [CUSTOMER_LOGIN],
        )
        ready = cr.fetchone()[0]
    if not ready:
        comment = lb.template_comment(name)
        log(f"{name}: known customers and agents' e-mail addresses")
        subprocess.run([sys.executable, __file__, "--setup-flood", name], check=True)
        with contextlib.closing(lb._pg(name)) as cnx, cnx.cursor() as cr:
            cr.execute("VACUUM ANALYZE")
        with contextlib.closing(lb._pg()) as cnx, cnx.cursor() as cr:
            cr.execute(f'COMMENT ON DATABASE "{name}" IS %s', [comment])
    return name


def setup_flood(name):
    """(In a child process.) A portal user and a guest, each with a past chat an agent
    took part in, so that both are known customers; an e-mail address on every agent.
    What is there already is kept."""
    with odoo_env.environment(name) as env:
        from odoo import Command, fields  # noqa: PLC0415 - importable once Odoo is set up

        queue = env["im_livechat.channel"].search([("name", "=", lb.QUEUE_NAME)])
        for user in queue.user_ids.filtered(lambda u: not u.email):
            user.partner_id.email = f"{user.login}@example.com"
        agent = queue.user_ids.sorted("id")[:1].partner_id
        if env["res.users"].search([("login", "=", CUSTOMER_LOGIN)]):
            env.cr.commit()
            return

        def past_chat(visitor, **vals):
            channel = env["discuss.channel"].create(
                {
                    "name": "Past chat",
                    "channel_type": "livechat",
                    "livechat_channel_id": queue.id,
                    "livechat_operator_id": agent.id,
                    "channel_member_ids": [
                        Command.create({**visitor, "livechat_member_type": "visitor"}),
                        Command.create({"partner_id": agent.id, "livechat_member_type": "agent"}),
                    ],
                    **vals,
                }
            )
            channel.message_post(
                author_id=agent.id,
                body="Answered before",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
            channel.write({"livechat_end_dt": fields.Datetime.now()})

        customer = (
            env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                {
                    "name": "Flood Customer",
                    "login": CUSTOMER_LOGIN,
                    "password": CUSTOMER_LOGIN,
                    "email": f"{CUSTOMER_LOGIN}@example.com",
                    "group_ids": [Command.set([env.ref("base.group_portal").id])],
                }
            )
        )
        contact = env["res.partner"].create(
            {"name": "Flood Known Guest", "email": GUEST_CONTACT_EMAIL}
        )
        guest = env["mail.guest"].create({"name": GUEST_NAME})
        past_chat({"partner_id": customer.partner_id.id})
        past_chat({"partner_id": contact.id})
        # the guest's chat whose contact an agent confirmed: the guest is that contact
        past_chat({"guest_id": guest.id}, livechat_partner_id=contact.id)
        env.flush_all()  # the past chats' customers and agents, stored for the search below
        throttle = env["livechat_iconic.throttle"]
        for partner in (customer.partner_id, contact):
            if not throttle._livechat_known_customer(partner):
                raise RuntimeError(f"{partner.name} should be a known customer")
        env.cr.commit()


def prepare_run_db(db, slack_url):
    """The run's own settings: Slack on (the fake server), Odoo's mail queue cron off (the
    e-mails stay queued, to be counted). The ids the counts start from."""
    with contextlib.closing(lb._pg(db)) as cnx, cnx.cursor() as cr:
        for key, value in {
            "livechat_iconic_slack.enabled": "True",
            "livechat_iconic_slack.bot_token": "xoxb-flood-bench",
            "livechat_iconic_slack.channel": "#flood",
            "livechat_iconic_slack.base_url": slack_url,
        }.items():
            cr.execute(
                "INSERT INTO ir_config_parameter (key, value) VALUES (%s, %s)"
                " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                [key, value],
            )
        cr.execute(
            """UPDATE ir_cron SET active = false WHERE id IN (
                   SELECT res_id FROM ir_model_data
                    WHERE module = 'mail' AND name = 'ir_cron_mail_scheduler_action')"""
        )
        cr.execute("SELECT id, access_token FROM mail_guest WHERE name = %s", [GUEST_NAME])
        guest_id, token = cr.fetchone()
        return f"{guest_id}|{token}", base_ids(cr)


def base_ids(cr):
    """The highest ids before the run: whatever has a higher one came from the run."""
    ids = {}
    for key, table_name in (
        ("channel", "discuss_channel"),
        ("message", "mail_message"),
        ("bus", "bus_bus"),
        ("mail", "mail_mail"),
        ("guest", "mail_guest"),
        ("outbox", "livechat_iconic_slack_outbox"),
    ):
        cr.execute(f"SELECT COALESCE(max(id), 0) FROM {table_name}")  # noqa: S608 - our names
        ids[key] = cr.fetchone()[0]
    return ids


# -- what the database holds ------------------------------------------------------------------
def snapshot(db, base):
    """The run's counts so far (each since ``base``), and the bus rows by type."""
    counts = {}
    with contextlib.closing(lb._pg(db)) as cnx, cnx.cursor() as cr:

        def one(key, query, params=()):
            cr.execute(query, params)
            counts[key] = cr.fetchone()[0] or 0

        one(
            "sessions created",
            "SELECT count(*) FROM discuss_channel WHERE channel_type = 'livechat' AND id > %s",
            [base["channel"]],
        )
        one(
            "sessions with a visitor message",
            """SELECT count(DISTINCT m.res_id) FROM mail_message m
                WHERE m.id > %s AND m.model = 'discuss.channel' AND m.res_id > %s
                  AND m.message_type = 'comment'
                  AND (m.author_guest_id IS NOT NULL
                       OR m.author_id IN (SELECT partner_id FROM res_users WHERE share))""",
            [base["message"], base["channel"]],
        )
        one(
            "sessions In Queue now",
            """SELECT count(*) FROM discuss_channel
                WHERE channel_type = 'livechat' AND id > %s AND livechat_state = 'in_queue'""",
            [base["channel"]],
        )
        one(
            "board notifications (bus rows)",
            """SELECT count(*) FROM bus_bus WHERE id > %s
                AND message::jsonb->>'type' = %s""",
            [base["bus"], lb.BOARD_NOTIFICATION],
        )
        one(
            "  sessions named in them",
            """SELECT sum(jsonb_array_length(message::jsonb->'payload'->'sessions'))
                 FROM bus_bus WHERE id > %s AND message::jsonb->>'type' = %s""",
            [base["bus"], lb.BOARD_NOTIFICATION],
        )
        one(
            "queue-notice messages",
            """SELECT count(*) FROM mail_message WHERE id > %s AND model = 'discuss.channel'
                AND body LIKE %s""",
            [base["message"], f"%{QUEUED_CLASS}%"],
        )
        one(
            "other notifications in the sessions",
            """SELECT count(*) FROM mail_message WHERE id > %s AND model = 'discuss.channel'
                AND res_id > %s AND message_type = 'notification' AND body NOT LIKE %s""",
            [base["message"], base["channel"], f"%{QUEUED_CLASS}%"],
        )
        one(
            "Slack outbox rows",
            "SELECT count(*) FROM livechat_iconic_slack_outbox WHERE id > %s",
            [base["outbox"]],
        )
        one(
            "alert notices (bus rows)",
            "SELECT count(*) FROM bus_bus WHERE id > %s AND message::jsonb->>'type' LIKE %s",
            [base["bus"], f"{ALERT_TYPE_PREFIX}%"],
        )
        one(
            "e-mails queued (mail_mail rows)",
            "SELECT count(*) FROM mail_mail WHERE id > %s",
            [base["mail"]],
        )
        one("guests created", "SELECT count(*) FROM mail_guest WHERE id > %s", [base["guest"]])
        one("bus rows (all)", "SELECT count(*) FROM bus_bus WHERE id > %s", [base["bus"]])
        cr.execute(
            "SELECT message::jsonb->>'type', count(*) FROM bus_bus WHERE id > %s GROUP BY 1",
            [base["bus"]],
        )
        by_type = dict(cr.fetchall())
        cr.execute(
            "SELECT kind, count(*) FROM livechat_iconic_slack_outbox WHERE id > %s GROUP BY 1",
            [base["outbox"]],
        )
        outbox = dict(cr.fetchall())
    return {"counts": counts, "bus_types": by_type, "outbox_kinds": outbox}


def age_sessions(db, base, seconds):
    """Move the run's sessions ``seconds`` back in time (every ``livechat_*_dt`` column but
    the end): every waiting threshold has passed. Returns the columns moved."""
    with contextlib.closing(lb._pg(db)) as cnx, cnx.cursor() as cr:
        cr.execute(
            """SELECT column_name FROM information_schema.columns
                WHERE table_name = 'discuss_channel' AND column_name LIKE 'livechat\\_%\\_dt'
                  AND data_type LIKE 'timestamp%' AND column_name <> 'livechat_end_dt'
                ORDER BY 1"""
        )
        columns = [row[0] for row in cr.fetchall()]
        assignments = ", ".join(f'"{c}" = "{c}" - make_interval(secs => %(age)s)' for c in columns)
        cr.execute(
            f"UPDATE discuss_channel SET {assignments}"  # noqa: S608 - names from the catalog
            " WHERE channel_type = 'livechat' AND id > %(base)s AND livechat_end_dt IS NULL",
            {"age": seconds, "base": base["channel"]},
        )
    return columns


async def run_crons(db, timeout):
    """Trigger every active scheduled action of our addons (but SKIPPED_CRONS) on the
    running server (a trigger and Odoo's ``cron_trigger`` notification, as ``_trigger``
    does), and wait until each ran and left nothing due. {xmlid: ran}."""
    with contextlib.closing(lb._pg(db)) as cnx, cnx.cursor() as cr:
        cr.execute(
            """SELECT c.id, d.module || '.' || d.name FROM ir_cron c
                 JOIN ir_model_data d ON d.model = 'ir.cron' AND d.res_id = c.id
                WHERE c.active AND d.module IN %s AND d.module || '.' || d.name NOT IN %s
                ORDER BY 2""",
            [OUR_ADDONS, SKIPPED_CRONS],
        )
        crons = dict(cr.fetchall())
        cr.execute("SELECT date_trunc('second', now() AT TIME ZONE 'utc')")
        since = cr.fetchone()[0]
        cr.execute(
            "INSERT INTO ir_cron_trigger (cron_id, call_at) SELECT unnest(%s), %s",
            [list(crons), since],
        )
        cr.execute("SELECT pg_notify('cron_trigger', %s)", [db])
        deadline = time.monotonic() + timeout
        while True:
            cr.execute(
                """SELECT c.id, c.lastcall >= %s
                           AND NOT EXISTS (SELECT FROM ir_cron_trigger t WHERE t.cron_id = c.id
                                           AND t.call_at <= now() AT TIME ZONE 'utc')
                     FROM ir_cron c WHERE c.id IN %s""",
                [since, tuple(crons)],
            )
            done = dict(cr.fetchall())
            if all(done.values()) or time.monotonic() > deadline:
                return {crons[cron_id]: ran for cron_id, ran in done.items()}
            await asyncio.sleep(0.5)


# -- the run ----------------------------------------------------------------------------------
def fake_slack():
    """The Slack-compatible server of livechat_iconic_slack's tests (standard library only),
    loaded from its file: importing the addon's package would import Odoo."""
    path = lb.REPO / "livechat_iconic_slack" / "tests" / "slack_server.py"
    spec = importlib.util.spec_from_file_location("flood_slack_server", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.FakeSlack(token=None)


class FloodBench(lb.Bench):
    """The flood's clients; boards and probes are load_bench's clients."""

    def __init__(self, args, db, queue_id, partners, endpoint, guest_token, base, slack):
        super().__init__(args, "ours", "flood", db, queue_id, partners, [endpoint])
        self.guest_token, self.base, self.slack = guest_token, base, slack
        self.watchers = []  # offline agents with the board open (self.agents: online ones)
        self.boards = []
        self.phases = []
        self.probes = []
        self.crons = {}
        self.aged_columns = []

    # boards
    async def open_boards(self):
        args = self.args
        for i in range(args.online):
            # online (update_presence), the board open: chats are routed to them
            self.agents.append(await self.sign_in_agent(i, [lb.BOARD_CHANNEL]))
        for i in range(args.online, args.online + args.watchers):
            self.watchers.append(await self.sign_in_watcher(i))
        self.boards = [agent.name for agent in [*self.agents, *self.watchers]]

    async def sign_in_watcher(self, i):
        """An agent signed in with the board open but never online (no update_presence)."""
        base, ws = self.endpoint(i)
        watcher = lb.Client(self, f"board{i}", base, ws, [lb.BOARD_CHANNEL])
        await watcher.sign_in(self.db, lb.AGENT_LOGIN.format(i))
        await watcher.connect()
        return watcher

    # flood
    def flood_address(self, phase):
        if phase == "ipv6":
            host = int(FLOOD_IPV6_NET.network_address) + random.getrandbits(64)
            return str(ipaddress.IPv6Address(host))
        return FLOOD_IPV4[phase]

    async def start_chat(self, http, address, cookie=None):
        """One flood request: (outcome, seconds, guest cookie set, error sample)."""
        base, _ws = self.endpoint(0)
        headers = {
            "User-Agent": lb.BROWSER_UA,
            "X-Forwarded-For": address,
            "X-Forwarded-Host": base.split("://", 1)[1],
            "X-Forwarded-Proto": "http",
        }
        if cookie:
            headers["Cookie"] = f"dgid={cookie}"
        body = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": 1,
            "params": {"channel_id": self.queue_id, "persisted": True},
        }
        started = time.monotonic()
        try:
            async with http.post(
                f"{base}/im_livechat/get_session", json=body, headers=headers
            ) as r:
                status, text = r.status, await r.text()
                morsel = r.cookies.get("dgid")
        except Exception as error:  # noqa: BLE001 - every failure is counted
            return "connection errors", time.monotonic() - started, None, repr(error)[:200]
        elapsed = time.monotonic() - started
        dgid = morsel.value if morsel else None
        sample = None
        if status >= 500:
            outcome, sample = "HTTP 5xx", f"{status} {text[:200]}"
        elif status == 429:
            outcome = "throttled (HTTP 429)"
        else:
            try:
                data = json.loads(text)
            except ValueError:
                data = {}
            error = data.get("error") if isinstance(data, dict) else None
            result = data.get("result") if isinstance(data, dict) else None
            if error:
                message = str(error.get("message") or "")
                if error.get("code") == 429 or "too many requests" in message.lower():
                    outcome = "throttled (JSON-RPC error)"
                else:
                    outcome, sample = f"refused (HTTP {status})", message[:200]
            elif isinstance(result, dict) and result.get("channel_id"):
                outcome = "accepted (session)"
            else:
                outcome, sample = "answered without a session", text[:200]
        if "Traceback" in text:
            sample = text[:200]
            outcome += " + traceback"
        return outcome, elapsed, dgid, sample

    async def flood(self, phase, count):
        import aiohttp  # noqa: PLC0415

        args = self.args
        outcomes = Counter()
        times = {}
        samples = []
        http = aiohttp.ClientSession(
            connector=self.connector,
            connector_owner=False,
            cookie_jar=aiohttp.DummyCookieJar(),  # a fresh visitor: no cookie kept
            timeout=aiohttp.ClientTimeout(total=args.timeout),
        )
        cookie = None
        sent = 0

        def record(outcome, elapsed, sample):
            outcomes[outcome] += 1
            times.setdefault(outcome, []).append(elapsed)
            if sample and len(samples) < 5:
                samples.append(f"{outcome}: {sample}")

        started = time.monotonic()
        if phase == "cookie" and count:
            # the guest's first start sets the cookie that every later request sends
            outcome, elapsed, cookie, sample = await self.start_chat(
                http, self.flood_address(phase)
            )
            record(outcome, elapsed, sample)
            sent = 1

        async def client():
            nonlocal sent
            while sent < count:
                sent += 1
                outcome, elapsed, _dgid, sample = await self.start_chat(
                    http, self.flood_address(phase), cookie
                )
                record(outcome, elapsed, sample)

        try:
            await asyncio.gather(*(client() for _ in range(args.concurrency)))
        finally:
            await http.close()
        seconds = time.monotonic() - started
        return {
            "phase": phase,
            "requests": count,
            "seconds": seconds,
            "outcomes": dict(outcomes),
            "latency": {k: [lb.pct(v, 0.5), lb.pct(v, 0.95), max(v)] for k, v in times.items()},
            "samples": samples,
            "cookie": bool(cookie),
        }

    # probes: known customers starting a chat during the flood
    async def probe_clients(self):
        base, ws = self.endpoint(0)
        flood = FLOOD_IPV4["fresh"] if self.args.probes_from_flood else None
        customer = lb.Client(self, "customer", base, ws, address=flood or PROBE_ADDRESS["customer"])
        await customer.sign_in(self.db, CUSTOMER_LOGIN, who="the customer")
        guest = lb.Client(self, "guest", base, ws, address=flood or PROBE_ADDRESS["guest"])
        from yarl import URL  # noqa: PLC0415 - aiohttp's

        guest.http.cookie_jar.update_cookies({"dgid": self.guest_token}, URL(base))
        return [customer, guest]

    async def probe(self, client, phase):
        record = {"who": client.name, "phase": phase, "t": time.monotonic()}
        self.probes.append(record)
        result, elapsed = await client.rpc(
            f"{client.name} start chat",
            "/im_livechat/get_session",
            {"channel_id": self.queue_id, "persisted": True},
        )
        record["start_s"] = elapsed
        if not result or not result.get("channel_id"):
            record["error"] = (self.stats.rpc_errors or ["no session"])[-1]
            return
        record["session"] = session_id = result["channel_id"]
        record["posted"] = time.monotonic()
        record["message_ok"] = await self.post(
            client, session_id, "visitor", {client.name}, label=f"{client.name} first message"
        )

    async def probing(self, clients, phase, running):
        """A probe of each client every --probe-every seconds while the phase runs (at
        least one)."""
        tasks = []
        while True:
            tasks += [asyncio.create_task(self.probe(c, phase)) for c in clients]
            try:
                await asyncio.wait_for(running.wait(), timeout=self.args.probe_every)
            except TimeoutError:
                continue
            break
        await asyncio.gather(*tasks)

    async def run(self, db):  # noqa: PLR0915 - one scenario, in order
        import aiohttp  # noqa: PLC0415

        args = self.args
        self.connector = aiohttp.TCPConnector(limit=0, force_close=False)
        clients = []
        try:
            log(f"{args.online} agents online, {args.watchers} offline with the board open")
            await self.open_boards()
            presence = asyncio.create_task(self.keep_agents_online()) if args.online else None
            clients = await self.probe_clients()
            await asyncio.sleep(1)
            for phase in args.phases:
                count = args.n2 if phase == "ipv6" else args.n1
                log(f"{phase}: {count} start-chat requests, {args.concurrency} clients")
                done = asyncio.Event()
                probing = asyncio.create_task(self.probing(clients, phase, done))
                result = await self.flood(phase, count)
                done.set()
                await probing
                await asyncio.sleep(2)  # the board's coalescing: a second at most
                result["db"] = snapshot(db, self.base)
                self.phases.append(result)
            log(f"waiting {args.lost_after} s for late board updates")
            await asyncio.sleep(args.lost_after)
            self.phases.append({"phase": "settled", "db": snapshot(db, self.base)})
            if not args.no_crons:
                self.aged_columns = age_sessions(db, self.base, args.age)
                log(f"sessions aged {args.age} s; our scheduled actions triggered")
                self.crons = await run_crons(db, args.cron_timeout)
                await asyncio.sleep(3)  # their board messages, their Slack sends
                self.phases.append({"phase": "crons", "db": snapshot(db, self.base)})
            if presence:
                presence.cancel()
        finally:
            for client in [*self.agents, *self.watchers, *clients]:
                await client.close()
            await self.connector.close()


# -- results ----------------------------------------------------------------------------------
def probe_rows(bench, lost_after):
    """Per probe kind and phase: started, on every board in time, times to the board."""
    rows = []
    groups = {}
    for record in bench.probes:
        groups.setdefault((record["who"], record["phase"]), []).append(record)
    for (who, phase), records in groups.items():
        from_start, from_message = [], []
        missing = failed = 0
        for record in records:
            session_id = record.get("session")
            if not session_id:
                failed += 1
                continue
            for board in bench.boards:
                arrivals = [
                    at
                    for name, at, _node in bench.stats.board.get(session_id, [])
                    if name == board and at >= record["t"]
                ]
                at = min(arrivals, default=None)
                if at is None or at - record["t"] > lost_after:
                    missing += 1
                    continue
                from_start.append(at - record["t"])
                if record.get("posted") and at >= record["posted"]:
                    from_message.append(at - record["posted"])
        within = sum(1 for s in from_start if s <= GOAL_SECONDS)
        rows.append(
            [
                f"{who} / {phase}",
                len(records),
                failed,
                _dist(from_start),
                _dist(from_message),
                f"{within} of {len(from_start)}",
                missing,
            ]
        )
    return rows


def _dist(values):
    if not values:
        return "-"
    return (
        f"{lb.ms(lb.pct(values, 0.5))} / {lb.ms(lb.pct(values, 0.95))} / "
        f"{lb.ms(max(values))} ({len(values)})"
    )


def server_log_counts(path):
    text = path.read_text(encoding="utf-8", errors="replace")
    lines = text.splitlines()
    errors = [line for line in lines if " ERROR " in line or " CRITICAL " in line]
    return {
        "ERROR lines": len(errors),
        "tracebacks": sum(1 for line in lines if line.startswith("Traceback")),
        "throttle refusals logged": len(THROTTLE_LINE.findall(text)),
        "Request timed out": text.count("Request timed out"),
        "first errors": errors[:8],
    }


def print_results(bench, server_log, args):
    phases = [p for p in bench.phases if "requests" in p]
    names = [p["phase"] for p in phases]
    outcomes = sorted({k for p in phases for k in p["outcomes"]})
    rows = [
        ["requests", *(p["requests"] for p in phases)],
        ["seconds", *(f"{p['seconds']:.1f}" for p in phases)],
        ["requests per second", *(f"{p['requests'] / p['seconds']:.0f}" for p in phases)],
    ]
    for outcome in outcomes:
        rows.append([outcome, *(p["outcomes"].get(outcome, 0) for p in phases)])
    for outcome in outcomes:
        rows.append(
            [
                f"{outcome}: p50 / p95 / max ms",
                *(
                    " / ".join(lb.ms(v) for v in p["latency"][outcome])
                    if outcome in p["latency"]
                    else "-"
                    for p in phases
                ),
            ]
        )
    lb.table("Flood: start-chat requests, as the clients saw them", ["answer", *names], rows)

    # the database: each phase's own share, then the run's total
    snaps = [p for p in bench.phases if "db" in p]
    labels = [p["phase"] for p in snaps]
    keys = list(snaps[0]["db"]["counts"]) if snaps else []
    rows = []
    for key in keys:
        previous, cells = 0, []
        for snap in snaps:
            value = snap["db"]["counts"][key]
            cells.append(value - previous if key != "sessions In Queue now" else value)
            previous = value
        rows.append([key, *cells, snaps[-1]["db"]["counts"][key]])
    slack = Counter(method for method, _p, ok, _a in bench.slack.requests if ok)
    rows.append(["Slack requests answered (all)", *([""] * len(snaps)), sum(slack.values())])
    log_counts = server_log_counts(server_log)
    for key in ("ERROR lines", "tracebacks", "throttle refusals logged", "Request timed out"):
        rows.append([f"server log: {key}", *([""] * len(snaps)), log_counts[key]])
    lb.table(
        "Counted afterwards (database: each column is what that step added; In Queue: at "
        "that moment)",
        ["measure", *labels, "total"],
        rows,
    )
    if snaps:
        final = snaps[-1]["db"]
        types = sorted(final["bus_types"].items(), key=lambda item: -item[1])
        print(
            "Bus rows by type (whole run): "
            + ", ".join(f"{t} {n}" for t, n in types[:15])
            + ("" if len(types) <= 15 else f", … ({len(types)} types)")
        )
        print("Slack outbox rows by kind: " + (json.dumps(final["outbox_kinds"]) or "{}"))
        print("Slack requests by method: " + json.dumps(dict(slack)))
    if bench.crons:
        print(
            f"Scheduled actions triggered after moving {len(bench.aged_columns)} columns "
            f"{args.age} s back: "
            + ", ".join(f"{k} {'ran' if v else 'NOT DONE in time'}" for k, v in bench.crons.items())
        )
    lb.table(
        f"Known customers starting a chat during the flood: on every open board "
        f"({len(bench.boards)}; goal {GOAL_SECONDS:g} s)",
        [
            "probe / phase",
            "probes",
            "start refused or failed",
            "start to board p50 / p95 / max ms (n)",
            "first message to board p50 / p95 / max ms (n)",
            f"within {GOAL_SECONDS:g} s of the start",
            f"(probe, board) not on it within {args.lost_after:g} s",
        ],
        probe_rows(bench, args.lost_after),
    )
    samples = [s for p in phases for s in p["samples"]]
    if samples or log_counts["first errors"]:
        print("First odd answers and server errors:")
        for line in samples[:5] + log_counts["first errors"][:5]:
            print(f"    {line[:240]}")
    return log_counts


def run(args):
    template = ensure_flood_template(args)
    db, queue_id, partners = lb.fresh_db("ours", template, name=args.db_prefix)
    slack = fake_slack()
    slack_url = slack.start()
    guest_token, base = prepare_run_db(db, slack_url)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    log_path = OUT_DIR / f"{db}.log"
    server = lb.OdooServer(db, log_path, workers=args.workers)
    log(f"serving {db} on :{server.http_port} (gevent :{server.gevent_port}), log {log_path}")
    endpoint = (f"http://127.0.0.1:{server.http_port}", f"ws://127.0.0.1:{server.gevent_port}")
    bench = FloodBench(args, db, queue_id, partners, endpoint, guest_token, base, slack)
    try:
        server.start()
        asyncio.run(bench.run(db))
    finally:
        server.stop()
        slack.stop()
    log_counts = print_results(bench, log_path, args)
    raw = {
        "args": vars(args),
        "phases": bench.phases,
        "probes": bench.probes,
        "boards": bench.boards,
        "crons": bench.crons,
        "aged_columns": bench.aged_columns,
        "server_log": log_counts,
        "slack_requests": len(bench.slack.requests),
    }
    (OUT_DIR / f"{db}.json").write_text(json.dumps(raw, indent=1, default=str))


class HelpFormatter(argparse.RawDescriptionHelpFormatter, argparse.ArgumentDefaultsHelpFormatter):
    """The module's text as it is written, and each option's default."""


def parser():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=HelpFormatter)
    p.add_argument("--n1", type=int, default=10000, help="requests of the IPv4 phases")
    p.add_argument("--n2", type=int, default=1000, help="requests of the IPv6 /64 phase")
    p.add_argument(
        "--allow-no-autovacuum",
        action="store_true",
        help="run even when PostgreSQL's autovacuum is off (not what production runs)",
    )
    p.add_argument(
        "--phases",
        nargs="+",
        choices=["fresh", "cookie", "ipv6"],
        default=["fresh", "cookie", "ipv6"],
        help="fresh: N1 new visitors from one IPv4 address; cookie: N1 requests of one "
        "guest (its cookie) from another; ipv6: N2 new visitors over one IPv6 /64",
    )
    p.add_argument("--concurrency", type=int, default=8, help="flooding clients at once")
    p.add_argument("--agents", type=int, default=3, help="agents of the queue (template)")
    p.add_argument("--online", type=int, default=0, help="agents online, the board open")
    p.add_argument("--watchers", type=int, default=1, help="offline agents, the board open")
    p.add_argument(
        "--probe-every",
        type=float,
        default=5.0,
        help="seconds between the known customer's and guest's chat starts",
    )
    p.add_argument(
        "--probes-from-flood",
        action="store_true",
        help="the known customer and guest come from the flooding IPv4 address",
    )
    p.add_argument("--lost-after", type=float, default=10.0, help="seconds a board may take")
    p.add_argument(
        "--age", type=int, default=3600, help="seconds the run's sessions are moved back"
    )
    p.add_argument("--no-crons", action="store_true", help="no ageing, no scheduled actions")
    p.add_argument(
        "--cron-timeout", type=float, default=180.0, help="seconds the scheduled actions may take"
    )
    p.add_argument("--workers", type=int, default=2, help="Odoo HTTP workers")
    p.add_argument("--timeout", type=float, default=60.0, help="HTTP client timeout (s)")
    p.add_argument(
        "--db-prefix",
        default="livechat_flood",
        help="the run's database (its template: <prefix>_tpl)",
    )
    p.add_argument("--rebuild", action="store_true", help="rebuild the template database")
    p.add_argument("--setup-flood", help=argparse.SUPPRESS)
    return p


def main():
    p = parser()
    args = p.parse_args()
    if args.online + args.watchers > args.agents:
        p.error("--online + --watchers must not exceed --agents")
    lb.raise_open_files()
    if args.setup_flood:
        setup_flood(args.setup_flood)
        return
    from livechat_bench import machine  # noqa: PLC0415

    autovacuum = lb.odoo_env.require_autovacuum(args.allow_no_autovacuum)
    print(f"Machine: {machine()}; {datetime.now():%Y-%m-%d %H:%M}", flush=True)
    print(f"PostgreSQL autovacuum: {autovacuum}", flush=True)
    print(f"Scenario: {vars(args)}", flush=True)
    run(args)


if __name__ == "__main__":
    main()
