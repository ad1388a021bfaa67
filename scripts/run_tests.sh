#!/usr/bin/env bash
# Runs every test of the project and ends with one line:
#     N passed, N failed, N skipped
#
#   1. the pure Python tests in tests/ (pytest, without pytest-odoo);
#   2. the manifests: licences and development statuses of our addons and of
#      every addon they depend on (manifestoo, scripts/check_manifests.sh);
#   3. the Odoo tests of livechat_iconic, livechat_iconic_slack and
#      livechat_iconic_leads: the addons are installed in a fresh database
#      (Odoo's own `-i ... --stop-after-init`, log in .local/odoo-install.log),
#      each addon's i18n/<addon>.pot is compared with a fresh export from that
#      database (one test per addon: a stale .pot fails),
#      then their tests run with pytest and pytest-odoo (--odoo-http: HttpCase
#      and browser tours; Odoo's log in .local/odoo-test.log). Both Odoo logs
#      are checked with checklog-odoo (checklog-odoo.cfg). The database is
#      dropped afterwards (KEEP_DB=1 keeps it).
#
# With --odoo-suites, also runs Odoo's own tests of im_livechat, website_livechat
# and crm_livechat with Odoo's test runner, on a stock database and on one with
# our addons (slow: about half an hour); a failure counts only when the stock
# database does not show it.
#
# Exit status 0 only when nothing failed and at least one test passed.
#
# Environment: PYTHON (default python3), KEEP_DB=1, ODOO_TEST_TIMEOUT (seconds
# for each Odoo or pytest run, default 3600), PGHOST/PGPORT (default
# 127.0.0.1:5432), DB_USER (a role with CREATEDB), PGPASSWORD (when PostgreSQL
# asks for a password; or ~/.pgpass).
#
# This script never installs Odoo itself: Odoo 19 Community must be installed
# from source as described in README.md. It may pip-install requirements-dev.txt
# (our own dependencies, pytest-odoo and checklog-odoo included): where pip may
# not install into python3 (PEP 668), into a virtual environment .local/venv made
# with --system-site-packages, used from then on; create the PostgreSQL role
# DB_USER (LOGIN CREATEDB, not superuser) through the postgres superuser; and
# apt-get install chromium (browser tours). It says when it does any of these.
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
# 2. pytest runs (the pure tests, then the Odoo tests through pytest-odoo)
# ---------------------------------------------------------------------------

# Reads a pytest JUnit XML file; prints "passed failed skipped", one count per
# test (a test whose subtests fail counts once, as failed).
pytest_counts() {
    "$PYTHON" - "$1" <<'PY'
import sys
import xml.etree.ElementTree as ET

passed = failed = skipped = 0
for case in ET.parse(sys.argv[1]).getroot().iter("testcase"):
    tags = {child.tag for child in case}
    if tags & {"failure", "error"}:
        failed += 1
    elif "skipped" in tags:
        skipped += 1
    else:
        passed += 1
print(passed, failed, skipped)
PY
}

# run_pytest NAME ARGS...: runs "$PYTHON -m pytest ARGS" (at most
# ODOO_TEST_TIMEOUT seconds) with a JUnit XML report in .local/pytest-NAME.xml
# and adds its counts to the totals.
run_pytest() {
    local name="$1" xml="${LOCAL_DIR}/pytest-$1.xml" rc counts p f s
    shift
    rm -f "$xml"
    timeout --kill-after=30 "${ODOO_TEST_TIMEOUT:-3600}" \
        "$PYTHON" -m pytest -rfEs --junitxml="$xml" "$@"
    rc=$?
    [ "$rc" -eq 124 ] && echo "FAILED: pytest ($name) timed out after ${ODOO_TEST_TIMEOUT:-3600}s"
    if [ "$rc" -eq 5 ]; then # pytest: no tests collected
        info "pytest collected no tests ($name)"
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
        echo "FAILED: pytest ($name) exited with status $rc"
        f=1
    fi
    PASSED=$((PASSED + p))
    FAILED=$((FAILED + f))
    SKIPPED=$((SKIPPED + s))
}

if [ "$DEPS_OK" = 0 ]; then
    echo "FAILED: Python dependencies from requirements.txt or requirements-dev.txt are missing (see above)"
    FAILED=$((FAILED + 1))
fi
if ! "$PYTHON" -c 'import pytest' 2>/dev/null; then
    echo "FAILED: pytest is not installed for $PYTHON (pip install -r requirements-dev.txt)"
    FAILED=$((FAILED + 1))
elif [ -d tests ]; then
    # The pure tests need no Odoo (pytest.ini keeps pytest-odoo off for them).
    info "Pure Python tests: $PYTHON -m pytest tests/"
    run_pytest pure -q tests/
fi

# run_check NAME COMMAND...: a check that is not a pytest test, counted as one
# test: passed when COMMAND succeeds, failed (with what it printed) otherwise.
run_check() {
    local name="$1" out
    shift
    if out="$("$@" 2>&1)"; then
        info "$name: passed"
        PASSED=$((PASSED + 1))
    else
        echo "FAILED: $name"
        printf '%s\n' "$out" | head -n 40 | sed 's/^/  /'
        FAILED=$((FAILED + 1))
    fi
}

# The manifests: licences and development statuses of our addons against those
# of all the addons they depend on (manifestoo; needs Odoo's addons path).
if [ "$ODOO_OK" = 1 ]; then
    run_check "manifest licences and development statuses (manifestoo)" check_manifests
else
    CLOSING_NOTES+=("The manifest check (licences) was skipped: it needs Odoo's addons path.")
    SKIPPED=$((SKIPPED + 1))
fi

# ---------------------------------------------------------------------------
# 3. Odoo tests: install the addons in a fresh database, then run their tests
#    with pytest-odoo; both Odoo logs are checked with checklog-odoo.
# ---------------------------------------------------------------------------

# checklog NAME LOG: fails (and says so) when the Odoo log has an ERROR or
# CRITICAL record, or a WARNING about our modules (checklog-odoo.cfg ignores
# the other warnings).
checklog() {
    local out
    if out="$("$PYTHON" -m checklog_odoo --no-echo -c checklog-odoo.cfg "$2" 2>&1)"; then
        return 0
    fi
    echo "FAILED: errors in the Odoo $1 log (.local/$(basename "$2")):"
    # Only what failed (checklog-odoo first lists the ignored records).
    if printf '%s\n' "$out" | grep -q '^errors that caused failure'; then
        out="$(printf '%s\n' "$out" | sed -n '/^errors that caused failure/,$p')"
    fi
    printf '%s\n' "$out" | head -n 80 | sed 's/^/  /'
    FAILED=$((FAILED + 1))
    return 1
}

# check_pots DB: one test per addon: its committed i18n/<addon>.pot against a
# fresh export from DB (into .local/pot-check/); a stale one fails with its diff.
check_pots() {
    local dir="${LOCAL_DIR}/pot-check" module out diff_out
    rm -rf "$dir"
    info "Translation templates: exporting the .pot files from $1 into .local/pot-check/"
    if ! out="$(export_pots "$1" "$dir" 2>&1)"; then
        echo "FAILED: exporting the .pot files with Odoo's exporter failed:"
        printf '%s\n' "$out" | tail -n 20 | sed 's/^/  /'
    fi
    for module in ${OUR_MODULES//,/ }; do
        if [ ! -s "$dir/$module.pot" ]; then
            echo "FAILED: $module: no .pot was exported"
            FAILED=$((FAILED + 1))
        elif [ ! -f "$module/i18n/$module.pot" ]; then
            echo "FAILED: $module/i18n/$module.pot is missing: run bash scripts/update_translations.sh"
            FAILED=$((FAILED + 1))
        elif diff_out="$(diff -u --label "$module/i18n/$module.pot (committed)" \
            --label "$module.pot (exported now)" <(pot_body "$module/i18n/$module.pot") \
            <(pot_body "$dir/$module.pot"))"; then
            info "$module/i18n/$module.pot is up to date"
            PASSED=$((PASSED + 1))
        else
            echo "FAILED: $module/i18n/$module.pot is stale (translatable terms changed): run bash scripts/update_translations.sh and commit the i18n/ files. Difference:"
            printf '%s\n' "$diff_out" | head -n 40 | sed 's/^/  /'
            FAILED=$((FAILED + 1))
        fi
    done
}

run_odoo_tests() {
    local addon_tests
    addon_tests="$(find ${OUR_MODULES//,/ } -path '*/tests/test_*.py' -type f 2>/dev/null | wc -l | tr -d ' ')"

    if [ "$ODOO_OK" = 0 ]; then
        CLOSING_NOTES+=("${addon_tests} Odoo test modules were not run: $PYTHON cannot import Odoo 19 (${ODOO_IMPORT_ERROR}). Install Odoo 19 Community from source as described in README.md.")
        return
    fi
    if [ "$PG_OK" = 0 ] || ! ensure_db_user; then
        echo "FAILED: PostgreSQL is not usable on ${PGHOST}:${PGPORT}; ${addon_tests} Odoo test modules were not run"
        FAILED=$((FAILED + 1))
        return
    fi
    if ! odoo_argv; then
        echo "FAILED: could not compute the Odoo addons path"
        FAILED=$((FAILED + 1))
        return
    fi
    if ! "$PYTHON" -c 'import pytest_odoo, checklog_odoo' 2>/dev/null; then
        echo "FAILED: pytest-odoo and checklog-odoo are missing (pip install -r requirements-dev.txt); ${addon_tests} Odoo test modules were not run"
        FAILED=$((FAILED + 1))
        return
    fi

    local db port install_log test_log rc
    db="iconic_test_$(date +%Y%m%d_%H%M%S)_$$"
    port="$(free_port)"
    install_log="${LOCAL_DIR}/odoo-install.log"
    test_log="${LOCAL_DIR}/odoo-test.log"
    TEST_DB="$db"
    trap cleanup_test_db EXIT

    # 3a. Install (no tests): Odoo's own command. Demo data is not loaded by
    # default in Odoo 19.
    info "Installing ${ALL_MODULES} in database $db (log: .local/odoo-install.log)"
    timeout --kill-after=30 "${ODOO_TEST_TIMEOUT:-3600}" "${ODOO_ARGV[@]}" \
        -d "$db" -i "$ALL_MODULES" --stop-after-init \
        --http-interface=127.0.0.1 --http-port="$port" \
        --log-level=info --workers=0 --max-cron-threads=0 \
        >"$install_log" 2>&1 &
    ODOO_PID=$!
    # Show a short progress view while Odoo runs (the log is complete on disk).
    tail -n +1 -F --pid="$ODOO_PID" "$install_log" 2>/dev/null | odoo_progress_filter
    wait "$ODOO_PID"
    rc=$?
    ODOO_PID=""
    [ "$rc" -eq 124 ] && echo "FAILED: the install timed out after ${ODOO_TEST_TIMEOUT:-3600}s"
    if [ "$rc" -ne 0 ]; then
        echo "FAILED: installing the addons exited with status $rc (see .local/odoo-install.log)"
        FAILED=$((FAILED + 1))
    fi
    if ! checklog install "$install_log" || [ "$rc" -ne 0 ]; then
        echo "${addon_tests} Odoo test modules were not run: the install failed"
        return
    fi

    # 3b. The translation templates: each addon's i18n/<addon>.pot must be what
    # Odoo's exporter gives on the freshly installed database (dates aside).
    check_pots "$db"

    # 3c. The addons' tests: pytest with pytest-odoo, on the installed
    # database, with Odoo's HTTP server (HttpCase, browser tours). Odoo logs
    # to .local/odoo-test.log.
    info "Odoo tests: pytest -p odoo --odoo-database=$db --odoo-http (Odoo log: .local/odoo-test.log)"
    rm -f "$test_log"
    local odoo_opts=() paths=() opt module
    # ODOO_ARGV = python -m odoo server --addons-path=... --data-dir=... --db_*=...
    for opt in "${ODOO_ARGV[@]:4}"; do
        case "$opt" in
            --addons-path=*) odoo_opts+=(--odoo-addons-path="${opt#--addons-path=}") ;;
            --*) odoo_opts+=(--odoo-extra "${opt#--}") ;;
        esac
    done
    for module in ${OUR_MODULES//,/ }; do
        [ -d "$module/tests" ] && paths+=("$module/tests")
    done
    run_pytest odoo -p odoo --odoo-database="$db" --odoo-http "${odoo_opts[@]}" \
        --odoo-extra http-interface=127.0.0.1 --odoo-extra workers=0 \
        --odoo-extra max-cron-threads=0 --odoo-extra logfile="$test_log" \
        --odoo-log-level=info "${paths[@]}"
    checklog test "$test_log"
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
