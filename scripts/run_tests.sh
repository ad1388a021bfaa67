#!/usr/bin/env bash
# Runs every test of the project and ends with one line:
#     N passed, N failed, N skipped
#
#   1. the pure Python tests in tests/ (pytest; tests/e2e skip themselves
#      when no Odoo server is running);
#   2. the Odoo tests of livechat_iconic, livechat_iconic_slack and
#      livechat_iconic_leads, in a fresh database that is dropped afterwards
#      (KEEP_DB=1 keeps it). The full Odoo log goes to .local/odoo-test.log.
#
# With --odoo-suites, also runs Odoo's own tests of im_livechat, website_livechat
# and crm_livechat on a stock database and on one with our addons (slow: about
# half an hour); a failure counts only when the stock database does not show it.
#
# Exit status 0 only when nothing failed and at least one test passed.
#
# Environment: PYTHON (default python3), KEEP_DB=1, ODOO_TEST_TIMEOUT (seconds,
# default 3600), PGHOST/PGPORT (default 127.0.0.1:5432), DB_USER.
#
# This script never installs Odoo itself: Odoo 19 Community must be installed
# from source as described in README.md. It may pip-install requirements.txt
# (our own dependencies) and apt-get install chromium (browser tours).
set -uo pipefail # no -e: every step is counted, the summary line always printed

cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1
# shellcheck source=scripts/lib.sh
source scripts/lib.sh
mkdir -p "$LOCAL_DIR"

PASSED=0
FAILED=0
SKIPPED=0
CLOSING_NOTES=() # sentences printed just before the summary line

# ---------------------------------------------------------------------------
# 1. Our Python dependencies, PostgreSQL, chromium
# ---------------------------------------------------------------------------
DEPS_OK=1
ensure_python_deps || DEPS_OK=0

ODOO_OK=1
odoo_importable || ODOO_OK=0

PG_OK=1
ensure_postgres || PG_OK=0

if [ "$ODOO_OK" = 1 ]; then
    ensure_chromium || CLOSING_NOTES+=("Browser tours were skipped by Odoo: chromium is not installed.")
fi

# ---------------------------------------------------------------------------
# 2. Pure Python tests (pytest)
# ---------------------------------------------------------------------------

# Reads a pytest JUnit XML file; prints "passed failed skipped".
pytest_counts() {
    "$PYTHON" - "$1" <<'PY'
import sys
import xml.etree.ElementTree as ET

root = ET.parse(sys.argv[1]).getroot()
suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
tests = failed = skipped = 0
for s in suites:
    tests += int(s.get("tests", 0))
    failed += int(s.get("failures", 0)) + int(s.get("errors", 0))
    skipped += int(s.get("skipped", 0))
print(max(tests - failed - skipped, 0), failed, skipped)
PY
}

run_pytest() {
    local xml="${LOCAL_DIR}/pytest.xml" rc counts p f s
    if [ ! -d tests ]; then
        info "No tests/ folder: no pure Python tests"
        return
    fi
    if ! "$PYTHON" -c 'import pytest' 2>/dev/null; then
        echo "FAILED: pytest is not installed for $PYTHON (pip install -r requirements.txt)"
        FAILED=$((FAILED + 1))
        return
    fi
    info "Pure Python tests: $PYTHON -m pytest -q tests/"
    rm -f "$xml"
    "$PYTHON" -m pytest -q -rfEs tests/ --junitxml="$xml"
    rc=$?
    if [ "$rc" -eq 5 ]; then # pytest: no tests collected
        info "pytest collected no tests"
        return
    fi
    if [ -s "$xml" ] && counts="$(pytest_counts "$xml")"; then
        read -r p f s <<<"$counts"
    else
        p=0 f=0 s=0
    fi
    # A non-zero exit that the XML does not explain (usage or internal
    # error, interrupted run) still counts as one failure.
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        echo "FAILED: pytest exited with status $rc"
        f=1
    fi
    PASSED=$((PASSED + p))
    FAILED=$((FAILED + f))
    SKIPPED=$((SKIPPED + s))
}

if [ "$DEPS_OK" = 0 ]; then
    echo "FAILED: Python dependencies from requirements.txt are missing (see above)"
    FAILED=$((FAILED + 1))
fi
run_pytest

# ---------------------------------------------------------------------------
# 3. Odoo tests
# ---------------------------------------------------------------------------

# Reads the Odoo log ($1, test database name $2). Prints the problems found,
# then a last line "RESULT total failed errors skipped log_failures".
#
# Odoo 19 lines look like
#   2025-01-01 10:00:00,000 1234 LEVEL dbname logger.name: message
# and the run ends (odoo/service/server.py, ThreadedServer.run) with
#   ... odoo.tests.result: 0 failed, 0 error(s) of 42 tests when loading database 'db'
# at INFO (all passed), WARNING (no test ran) or ERROR (failures).
# Skipped tests are logged by odoo/tests/result.py at INFO as
#   ... odoo.addons.<module>.tests.<file>: skipped <Class.method> : <reason>
# A failing test is logged at ERROR by its test module as "FAIL: ..." or
# "ERROR: ..." (with the traceback); those are counted by the summary line.
parse_odoo_log() {
    "$PYTHON" - "$1" "$2" <<'PY'
import re
import sys

log_path, dbname = sys.argv[1], sys.argv[2]
HEAD = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (?P<level>[A-Z]+) (?P<db>\S+) (?P<logger>[^\s:]+): (?P<msg>.*)$"
)
SUMMARY = re.compile(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests when loading database")
OURS = re.compile(r"livechat_iconic")

records = []  # [level, logger, message + continuation lines]
with open(log_path, encoding="utf-8", errors="replace") as fh:
    for line in fh:
        line = line.rstrip("\n")
        m = HEAD.match(line)
        if m:
            records.append([m["level"], m["logger"], m["msg"].rstrip()])
        elif records:
            records[-1][2] += "\n" + line

summary = None
skipped = 0
test_failures, ours, others = [], [], []
for level, logger, msg in records:
    if logger == "odoo.tests.result" and SUMMARY.search(msg):
        summary = tuple(int(x) for x in SUMMARY.search(msg).groups())
        continue
    if level == "INFO" and logger.startswith("odoo.addons.") and msg.startswith("skipped "):
        skipped += 1
        continue
    if level not in ("WARNING", "ERROR", "CRITICAL"):
        continue
    first = msg.split("\n", 1)[0]
    # Test failures/errors: counted by the summary line, shown with traceback.
    if first.startswith(("FAIL: ", "ERROR: ")):
        test_failures.append((level, logger, msg))
        continue
    if re.match(r"Module \S+: \d+ failures, \d+ errors of \d+ tests", first):
        continue
    if first == "At least one test failed when loading the modules.":
        continue
    # Our loggers, or a message about our modules (the test database name
    # contains "livechat_iconic" too: it does not count).
    if logger.startswith("odoo.addons.livechat_iconic") or OURS.search(first.replace(dbname, "<db>")):
        ours.append((level, logger, msg))
    elif level in ("ERROR", "CRITICAL"):
        others.append((level, logger, msg))


def show(title, items, tb_lines):
    """Prints each distinct problem once, with the tail of its traceback."""
    print(title)
    seen = {}
    for level, logger, msg in items:
        key = (level, logger, msg.split("\n", 1)[0])
        if key in seen:
            seen[key][0] += 1
        else:
            seen[key] = [1, msg]
    for n, ((level, logger, first), (count, msg)) in enumerate(seen.items()):
        if n == 15:
            print(f"  ... and {len(seen) - 15} more (see the log)")
            break
        times = f" (x{count})" if count > 1 else ""
        print(f"  {level} {logger}: {first}{times}")
        rest = msg.split("\n")[1:]
        if tb_lines and rest:
            if len(rest) > tb_lines:
                print("      ...")
            for extra in rest[-tb_lines:]:
                print(f"    {extra}")


if test_failures:
    show("Failing Odoo tests:", test_failures, 25)
log_failures = 0
if ours:
    show("FAILED: warnings/errors logged by or about our modules:", ours, 8)
    log_failures += 1
if others:
    show("FAILED: errors in the Odoo log:", others, 8)
    log_failures += 1
if summary is None:
    print("FAILED: Odoo did not report test results (did the install fail?)")
    total = failed = errors = 0
    log_failures += 1
else:
    failed, errors, total = summary
    print(f"Odoo: {failed} failed, {errors} error(s) of {total} tests, {skipped} skipped")
print("RESULT", total, failed, errors, skipped, log_failures)
PY
}

run_odoo_tests() {
    local addon_tests
    addon_tests="$(find livechat_iconic livechat_iconic_slack livechat_iconic_leads \
        -path '*/tests/test_*.py' -type f 2>/dev/null | wc -l | tr -d ' ')"

    if [ "$ODOO_OK" = 0 ]; then
        CLOSING_NOTES+=("${addon_tests} Odoo test modules were not run: $PYTHON cannot import Odoo 19 (${ODOO_IMPORT_ERROR}). Install Odoo 19 Community from source as described in README.md.")
        return
    fi
    if [ "$PG_OK" = 0 ] || ! ensure_db_user; then
        echo "FAILED: PostgreSQL is not usable on ${PGHOST}:${PGPORT}; ${addon_tests} Odoo test modules were not run"
        FAILED=$((FAILED + 1))
        return
    fi

    local db port log rc parsed result
    db="livechat_iconic_test_$(date +%Y%m%d_%H%M%S)_$$"
    port="$(free_port)"
    log="${LOCAL_DIR}/odoo-test.log"
    TEST_DB="$db"
    trap cleanup_test_db EXIT

    info "Odoo tests in database $db (full log: .local/odoo-test.log)"
    # --test-tags implies --test-enable and --stop-after-init; demo data is
    # not loaded by default in Odoo 19 (--with-demo would load it).
    if ! odoo_argv; then
        echo "FAILED: could not compute the Odoo addons path"
        FAILED=$((FAILED + 1))
        return
    fi
    timeout --kill-after=30 "${ODOO_TEST_TIMEOUT:-3600}" "${ODOO_ARGV[@]}" \
        -d "$db" -i "$ALL_MODULES" \
        --test-enable --test-tags "/${OUR_MODULES//,/,/}" \
        --stop-after-init --http-interface=127.0.0.1 --http-port="$port" \
        --log-level=info --workers=0 --max-cron-threads=0 \
        >"$log" 2>&1 &
    ODOO_PID=$!
    # Show a short progress view while Odoo runs (the log is complete on disk).
    tail -n +1 -F --pid="$ODOO_PID" "$log" 2>/dev/null | odoo_progress_filter
    wait "$ODOO_PID"
    rc=$?
    ODOO_PID=""
    [ "$rc" -eq 124 ] && echo "FAILED: Odoo tests timed out after ${ODOO_TEST_TIMEOUT:-3600}s"

    parsed="$(parse_odoo_log "$log" "$db")"
    result="$(printf '%s\n' "$parsed" | tail -n 1)"
    printf '%s\n' "$parsed" | sed '$d'
    local _tag total failed errors skipped log_failures
    read -r _tag total failed errors skipped log_failures <<<"$result"
    if [ "$_tag" != "RESULT" ]; then
        echo "FAILED: could not read the Odoo log $log"
        total=0 failed=0 errors=0 skipped=0 log_failures=1
    fi
    local bad=$((failed + errors + log_failures))
    if [ "$rc" -ne 0 ] && [ "$bad" -eq 0 ]; then
        echo "FAILED: Odoo exited with status $rc (see .local/odoo-test.log)"
        bad=1
    fi
    local passed=$((total - failed - errors - skipped))
    [ "$passed" -lt 0 ] && passed=0
    PASSED=$((PASSED + passed))
    FAILED=$((FAILED + bad))
    SKIPPED=$((SKIPPED + skipped))
    [ "$bad" -gt 0 ] && echo "Full Odoo log: .local/odoo-test.log"
}

TEST_DB=""
ODOO_PID=""
# On exit (also Ctrl-C): stop Odoo if it still runs, then drop the test database.
cleanup_test_db() {
    if [ -n "$ODOO_PID" ] && kill -0 "$ODOO_PID" 2>/dev/null; then
        kill -TERM "$ODOO_PID" 2>/dev/null # timeout(1) passes it on to Odoo
        wait "$ODOO_PID" 2>/dev/null
    fi
    ODOO_PID=""
    [ -n "$TEST_DB" ] || return 0
    if [ "${KEEP_DB:-0}" = 1 ]; then
        info "Keeping database $TEST_DB (KEEP_DB=1)"
    else
        drop_db "$TEST_DB"
    fi
    TEST_DB=""
}

trap 'exit 130' INT TERM # makes the EXIT trap run on Ctrl-C too
run_odoo_tests
cleanup_test_db

# ---------------------------------------------------------------------------
# 3b. With --odoo-suites: Odoo's own tests of im_livechat, website_livechat and
#     crm_livechat, on a stock database and on one with our addons. Only a
#     failure that the stock database does not also show counts as failed.
# ---------------------------------------------------------------------------
ODOO_SUITES="/im_livechat,/website_livechat,/crm_livechat"

# Prints the failing tests ("FAIL: Class.test" / "ERROR: Class.test") of an Odoo log.
odoo_failing_tests() {
    grep -oE ' (FAIL|ERROR): [A-Za-z0-9_.]+' "$1" | sed 's/^ //' | sort -u
}

run_odoo_suite_db() { # $1 = label, $2 = modules to install; sets SUITE_LOG
    local db port
    db="livechat_iconic_suite_$1_$(date +%Y%m%d_%H%M%S)_$$"
    port="$(free_port)"
    SUITE_LOG="${LOCAL_DIR}/odoo-suites-$1.log"
    TEST_DB="$db"
    info "Odoo's own suites on the $1 database $db (log: .local/odoo-suites-$1.log)"
    timeout --kill-after=30 "${ODOO_TEST_TIMEOUT:-3600}" "${ODOO_ARGV[@]}" \
        -d "$db" -i "$2" --test-enable --test-tags "$ODOO_SUITES" \
        --stop-after-init --http-interface=127.0.0.1 --http-port="$port" \
        --log-level=info --workers=0 --max-cron-threads=0 >"$SUITE_LOG" 2>&1
    grep -E 'odoo.tests.result: .* tests when loading' "$SUITE_LOG" | sed 's/^.*odoo.tests.result: /  /'
    cleanup_test_db
}

run_odoo_suites() {
    if [ "$ODOO_OK" = 0 ] || [ "$PG_OK" = 0 ] || ! odoo_argv; then
        echo "FAILED: --odoo-suites needs Odoo and PostgreSQL"
        FAILED=$((FAILED + 1))
        return
    fi
    local stock_log ours_log new_failures total
    run_odoo_suite_db stock "website,website_livechat,crm_livechat"
    stock_log="$SUITE_LOG"
    run_odoo_suite_db ours "website,crm_livechat,${OUR_MODULES}"
    ours_log="$SUITE_LOG"
    new_failures="$(comm -13 <(odoo_failing_tests "$stock_log") <(odoo_failing_tests "$ours_log"))"
    total="$(grep -oE 'of [0-9]+ tests when loading' "$ours_log" | grep -oE '[0-9]+' | tail -n 1)"
    echo "Odoo suites: $(odoo_failing_tests "$stock_log" | wc -l) failing on stock, $(odoo_failing_tests "$ours_log" | wc -l) with our addons, of ${total:-?} tests"
    if [ -n "$new_failures" ]; then
        echo "FAILED: failing only with our addons:"
        printf '  %s\n' "$new_failures"
        FAILED=$((FAILED + $(printf '%s\n' "$new_failures" | wc -l)))
    else
        PASSED=$((PASSED + ${total:-0}))
    fi
}

[ "${1:-}" = "--odoo-suites" ] && run_odoo_suites

# ---------------------------------------------------------------------------
# 4. Summary
# ---------------------------------------------------------------------------
for note in "${CLOSING_NOTES[@]+"${CLOSING_NOTES[@]}"}"; do
    echo "$note"
done
echo "${PASSED} passed, ${FAILED} failed, ${SKIPPED} skipped"
[ "$FAILED" -eq 0 ] && [ "$PASSED" -gt 0 ]
