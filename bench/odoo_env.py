"""Odoo for the benchmarks: the addons path, a database with given modules, an
environment on it, and an HTTP server process. Odoo itself must be importable
(see README.md); nothing here installs it."""

import contextlib
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
#: The benchmarks' two databases: ours (stock's website_livechat and our three addons), stock
OUR_MODULES = [
    "website_livechat",
    "livechat_iconic",
    "livechat_iconic_slack",
    "livechat_iconic_leads",
]
STOCK_MODULES = ["website_livechat"]
DATA_DIR = REPO / ".local" / "bench-data"
DB_ARGS = [
    f"--db_host={os.environ.get('PGHOST', '127.0.0.1')}",
    f"--db_port={os.environ.get('PGPORT', '5432')}",
    f"--db_user={os.environ.get('DB_USER', os.environ.get('USER', 'root'))}",
]


def addons_path():
    """This repository first, then every addons folder of the installed Odoo."""
    import odoo.addons  # noqa: PLC0415 - Odoo is only needed when a benchmark runs

    paths = [str(REPO)]
    for package_dir in odoo.addons.__path__:
        paths.append(package_dir)
        sibling = Path(package_dir).parent.parent / "addons"
        if sibling.is_dir():
            paths.append(str(sibling))
    return ",".join(dict.fromkeys(paths))


def odoo_argv(db, *extra):
    return [
        sys.executable,
        "-m",
        "odoo",
        "server",
        f"--addons-path={addons_path()}",
        f"--data-dir={DATA_DIR}",
        *DB_ARGS,
        "-d",
        db,
        "--workers=0",
        "--max-cron-threads=0",
        "--http-interface=127.0.0.1",
        *extra,
    ]


def _connect(db):
    import psycopg2  # noqa: PLC0415

    return psycopg2.connect(
        dbname=db,
        host=os.environ.get("PGHOST", "127.0.0.1"),
        port=os.environ.get("PGPORT", "5432"),
        user=DB_ARGS[2].split("=", 1)[1],
    )


def vacuum(db):
    """VACUUM ANALYZE ``db``: no dead rows of earlier benchmarks, fresh planner statistics."""
    with contextlib.closing(_connect(db)) as cnx:
        cnx.autocommit = True
        with cnx.cursor() as cr:
            cr.execute("VACUUM ANALYZE")


def require_autovacuum(allow_off=False):
    """A load run measures what production sees: PostgreSQL's autovacuum on. Without it
    the planner keeps the statistics of the empty template while a run fills the tables
    (seen: the agents' load count, a join, went from 3 ms to 50-320 ms per start chat,
    a nested loop over a sequential scan). Some machines run PostgreSQL with
    ``autovacuum = off`` for their test suites: the run stops there with how to turn it on,
    unless ``allow_off``."""
    with contextlib.closing(_connect("postgres")) as cnx, cnx.cursor() as cr:
        cr.execute("SHOW autovacuum")
        state = cr.fetchone()[0]
    if state != "on" and not allow_off:
        raise SystemExit(
            "PostgreSQL runs with autovacuum = off: the planner would keep the empty "
            "template's statistics during the run, which no production database does. Turn "
            'it on for the run (psql -c "ALTER SYSTEM SET autovacuum = on" -c "SELECT '
            'pg_reload_conf()"; back with ALTER SYSTEM RESET autovacuum), or pass '
            "--allow-no-autovacuum."
        )
    return state


def db_has_modules(db, modules):
    """True when ``db`` exists with every module of ``modules`` installed."""
    import psycopg2  # noqa: PLC0415

    try:
        cnx = _connect(db)
    except psycopg2.OperationalError:
        return False
    with contextlib.closing(cnx), cnx.cursor() as cr:
        cr.execute(
            "SELECT count(*) FROM ir_module_module WHERE name IN %s AND state = 'installed'",
            [tuple(modules)],
        )
        return cr.fetchone()[0] == len(modules)


def ensure_db(db, modules, log):
    """Create ``db`` with ``modules`` (no demo data) unless it is already there."""
    if db_has_modules(db, modules):
        return
    log(f"building database {db} with {', '.join(modules)} (a few minutes)")
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        odoo_argv(db, "-i", ",".join(modules), "--stop-after-init", "--log-level=warn"),
        check=True,
    )


def update_db(db, modules, log):
    """Update ``modules`` in ``db`` (after a change of their code or data)."""
    log(f"updating {', '.join(modules)} in {db}")
    subprocess.run(
        odoo_argv(db, "-u", ",".join(modules), "--stop-after-init", "--log-level=warn"),
        check=True,
    )


@contextlib.contextmanager
def environment(db):
    """A superuser environment on ``db``, committed on success."""
    from odoo import api  # noqa: PLC0415
    from odoo.modules.registry import Registry  # noqa: PLC0415
    from odoo.service.server import load_server_wide_modules  # noqa: PLC0415
    from odoo.tools import config  # noqa: PLC0415

    config.parse_config(
        [
            f"--addons-path={addons_path()}",
            f"--data-dir={DATA_DIR}",
            *DB_ARGS,
            "-d",
            db,
            "--http-interface=127.0.0.1",
        ]
    )
    load_server_wide_modules()
    registry = Registry(db)
    with registry.cursor() as cr:
        yield api.Environment(cr, api.SUPERUSER_ID, {})


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def http_server(db, log_path, log_sql=False):
    """An Odoo HTTP server on 127.0.0.1 serving ``db``, with werkzeug's request log
    (each line ends with the request's query count and times); ``log_sql``: every query
    in the log too (odoo.sql_db at DEBUG)."""
    port = free_port()
    with open(log_path, "w", encoding="utf-8") as log_file:
        process = subprocess.Popen(
            odoo_argv(
                db,
                f"--http-port={port}",
                f"--db-filter=^{db}$",
                "--log-level=info",
                "--log-handler=werkzeug:INFO",
                *(["--log-handler=odoo.sql_db:DEBUG"] if log_sql else []),
            ),
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_for(port)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


def _wait_for(port, seconds=120):
    import requests  # noqa: PLC0415

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(requests.RequestException):
            if requests.get(f"http://127.0.0.1:{port}/web/health", timeout=2).ok:
                return
        time.sleep(0.5)
    raise RuntimeError(f"Odoo did not answer on port {port} within {seconds} s")
