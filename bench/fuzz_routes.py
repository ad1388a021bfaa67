"""The fuzz test of the visitors' routes, long: thousands of random calls per route (issue 20).

    python3 bench/fuzz_routes.py --examples 1000               # about 1,000 calls per route
    python3 bench/fuzz_routes.py --examples 5000 --runs 5      # 5 runs of 1,000, other seeds
    python3 bench/fuzz_routes.py --examples 200 --seed 1234    # replay one run

Runs the property-based test ``livechat_iconic/tests/test_fuzz_routes.py`` itself (its
strategies and its checks: never a 5xx, never a traceback in the answer, no ERROR logged by
Odoo, nothing created by a refused call), with pytest-odoo, on the database ``--db``
(website_livechat and our three addons, no demo data; built once, updated when a file of
our addons changed). The test draws its routes and personas (anonymous, guest) at random:
``LIVECHAT_FUZZ_EXAMPLES`` is set so that each route gets about ``--examples`` calls over
all the runs, split between the two personas. Each run has a seed of its own (printed;
``--seed`` replays one), and hypothesis stops a run at its first failure, which it then
shrinks to the smallest example.

Printed: the calls made per route and persona (the test's ``LIVECHAT_FUZZ_REPORT``), the
failing examples, and the ERROR lines and tracebacks of Odoo's log
(``.local/fuzz/<db>-<run>.log``; pytest's output in ``.local/fuzz/<db>-<run>.out``).
Exit status 1 when a run failed.
"""

import argparse
import contextlib
import json
import math
import os
import random
import re
import subprocess
import sys
import time
from collections import Counter
from datetime import datetime

import load_bench as lb
import odoo_env

TEST = "livechat_iconic/tests/test_fuzz_routes.py"
OUT_DIR = lb.REPO / ".local" / "fuzz"
#: pytest's last line: "1 passed, 1 warning in 360.54s (0:06:00)"
SUMMARY = re.compile(r"\d+ (passed|failed|errors?)\b.* in [0-9.]+s")


def ensure_db(db, rebuild):
    """``db`` with our addons at their current code (a fingerprint in its comment)."""
    wanted = f"fuzz {lb.addons_fingerprint()}"
    if rebuild:
        lb.drop_db(db)
    if not odoo_env.db_has_modules(db, odoo_env.OUR_MODULES):
        lb.drop_db(db)  # half-built
        odoo_env.ensure_db(db, odoo_env.OUR_MODULES, lb.log)
    elif lb.template_comment(db) != wanted:
        odoo_env.update_db(db, odoo_env.OUR_MODULES[1:], lb.log)
    else:
        return
    with contextlib.closing(lb._pg()) as cnx, cnx.cursor() as cr:
        cr.execute(f'COMMENT ON DATABASE "{db}" IS %s', [wanted])


def pytest_argv(db, seed, log_path):
    extra = [f"data-dir={odoo_env.DATA_DIR}"]
    extra += [arg.removeprefix("--") for arg in odoo_env.DB_ARGS]
    extra += [
        "http-interface=127.0.0.1",
        f"http-port={odoo_env.free_port()}",
        "workers=0",
        "max-cron-threads=0",
        f"logfile={log_path}",
    ]
    return [
        sys.executable,
        "-m",
        "pytest",
        "-p",
        "odoo",
        "-p",
        "no:cacheprovider",
        "-q",
        "-rfE",
        f"--odoo-database={db}",
        "--odoo-http",
        f"--odoo-addons-path={odoo_env.addons_path()}",
        *(item for value in extra for item in ("--odoo-extra", value)),
        "--odoo-log-level=info",
        f"--hypothesis-seed={seed}",
        "--hypothesis-show-statistics",
        f"{TEST}::TestFuzzPublicRoutes",
    ]


def run_once(args, index, seed):
    """One pytest run of the fuzz test: its report, outcome and log counts."""
    name = f"{args.db}-{index}"
    report_path = OUT_DIR / f"{name}.json"
    log_path = OUT_DIR / f"{name}.log"
    out_path = OUT_DIR / f"{name}.out"
    for path in (report_path, log_path):
        path.unlink(missing_ok=True)
    per_persona = max(1, math.ceil(args.examples / args.runs / 2))
    env = {
        **os.environ,
        "LIVECHAT_FUZZ_EXAMPLES": str(per_persona),
        "LIVECHAT_FUZZ_REPORT": str(report_path),
    }
    lb.log(
        f"run {index + 1}/{args.runs}: seed {seed}, LIVECHAT_FUZZ_EXAMPLES={per_persona} "
        f"(pytest output: {out_path})"
    )
    started = time.monotonic()
    with open(out_path, "w", encoding="utf-8") as out:
        process = subprocess.run(
            pytest_argv(args.db, seed, log_path),
            cwd=lb.REPO,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            check=False,
        )
    seconds = time.monotonic() - started
    report = json.loads(report_path.read_text()) if report_path.exists() else None
    log_text = log_path.read_text(errors="replace") if log_path.exists() else ""
    log_lines = log_text.splitlines()
    errors = [line for line in log_lines if " ERROR " in line or " CRITICAL " in line]
    output = out_path.read_text(errors="replace")
    summary = next(
        (line for line in reversed(output.splitlines()) if SUMMARY.search(line)),
        output.strip().splitlines()[-1] if output.strip() else "",
    )
    return {
        "seed": seed,
        "returncode": process.returncode,
        "seconds": seconds,
        "report": report,
        "error_lines": errors,
        "tracebacks": sum(1 for line in log_lines if line.startswith("Traceback")),
        "summary": summary.strip("= "),
        "output": str(out_path),
    }


def print_results(runs):
    per_route = {}
    failures = []
    for run in runs:
        report = run["report"] or {"examples": [], "failures": []}
        for route, persona, count in report["examples"]:
            per_route.setdefault(route, Counter())[persona] += count
        failures += report["failures"]
    rows = []
    failing = Counter(route for route, *_rest in failures)
    for route, counts in sorted(per_route.items()):
        rows.append(
            [
                f"`{route}`",
                counts["anonymous"],
                counts["guest"],
                counts["anonymous"] + counts["guest"],
                failing.get(route, 0),
            ]
        )
    total = Counter()
    for counts in per_route.values():
        total.update(counts)
    rows.append(["all", total["anonymous"], total["guest"], sum(total.values()), len(failures)])
    lb.table(
        "Random JSON to the visitors' routes: calls made",
        ["route", "anonymous", "guest", "calls", "failing calls"],
        rows,
    )
    runs_rows = [
        [
            i + 1,
            run["seed"],
            f"{run['seconds']:.0f}",
            "passed" if run["returncode"] == 0 else f"FAILED ({run['returncode']})",
            len(run["error_lines"]),
            run["tracebacks"],
            run["summary"],
        ]
        for i, run in enumerate(runs)
    ]
    lb.table(
        "Runs",
        ["run", "seed", "seconds", "pytest", "ERROR lines in Odoo's log", "tracebacks", "summary"],
        runs_rows,
    )
    for route, persona, params, error in failures[:10]:
        print(f"FAILING {route} as {persona}: {params}\n    {error[:400]}")
    for run in runs:
        for line in run["error_lines"][:5]:
            print(f"ERROR (seed {run['seed']}): {line[:300]}")
        if run["returncode"] != 0 and not run["report"]:
            print(f"seed {run['seed']}: no report; see {run['output']}")


def parser():
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument(
        "--examples",
        type=int,
        default=1000,
        help="calls per route in all (on average; both personas), default 1000",
    )
    p.add_argument("--runs", type=int, default=1, help="split into this many pytest runs (seeds)")
    p.add_argument("--seed", type=int, help="the first run's seed (default: random)")
    p.add_argument("--db", default="livechat_fuzz", help="the database (default livechat_fuzz)")
    p.add_argument("--rebuild", action="store_true", help="rebuild the database first")
    return p


def main():
    args = parser().parse_args()
    from livechat_bench import machine  # noqa: PLC0415

    print(f"Machine: {machine()}; {datetime.now():%Y-%m-%d %H:%M}", flush=True)
    print(f"Fuzz: {vars(args)}", flush=True)
    ensure_db(args.db, args.rebuild)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    first = args.seed if args.seed is not None else random.randrange(2**32)
    runs = [run_once(args, i, first + i) for i in range(args.runs)]
    print_results(runs)
    sys.exit(0 if all(run["returncode"] == 0 for run in runs) else 1)


if __name__ == "__main__":
    main()
