#!/usr/bin/env bash
# Creates (or updates) the demo database "livechat_iconic_demo" with website,
# livechat_iconic, livechat_iconic_slack and livechat_iconic_leads and their
# demo data, then serves it on http://127.0.0.1:8069/.
#
#   bash scripts/demo.sh              create/update, then serve (Ctrl-C stops)
#   bash scripts/demo.sh --no-serve   create/update only
#   bash scripts/demo.sh --reset      drop the demo database first (start over)
#   bash scripts/demo.sh --fake-slack also start a Slack-compatible server on
#                                     127.0.0.1 (SLACK_PORT, default 18100) and point
#                                     the Slack addon at it: its terminal output
#                                     shows every notice and update Odoo sends
#
# Environment: PYTHON (default python3), DEMO_DB (default livechat_iconic_demo),
# HTTP_PORT (default 8069), PGHOST/PGPORT (default 127.0.0.1:5432), DB_USER (a
# role with CREATEDB), PGPASSWORD (when PostgreSQL asks for one, or ~/.pgpass).
# The install log is kept in .local/odoo-demo.log.
#
# This script never installs Odoo itself: Odoo 19 Community must be installed
# from source as described in README.md. What it installs or creates instead
# (Python requirements, in .local/venv where pip may not install into python3;
# the PostgreSQL role DB_USER, LOGIN CREATEDB) it says as it does it.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/lib.sh
source scripts/lib.sh

SERVE=1
RESET=0
FAKE_SLACK=0
for arg in "$@"; do
    case "$arg" in
        --no-serve) SERVE=0 ;;
        --fake-slack) FAKE_SLACK=1 ;;
        --reset) RESET=1 ;;
        -h | --help)
            sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'
            exit 0
            ;;
        *)
            echo "unknown option: $arg (try --help)" >&2
            exit 2
            ;;
    esac
done

DB="${DEMO_DB:-livechat_iconic_demo}"
HTTP_PORT="${HTTP_PORT:-8069}"
BASE_URL="http://127.0.0.1:${HTTP_PORT}"
LOG="${LOCAL_DIR}/odoo-demo.log"
mkdir -p "$LOCAL_DIR"

if ! odoo_importable; then
    cat >&2 <<EOF
Cannot start the demo: '$PYTHON' cannot import Odoo 19 (${ODOO_IMPORT_ERROR}). Odoo 19 Community must be installed from source as described in README.md, so that '$PYTHON -c "import odoo"' works (or set PYTHON to an interpreter that has it), then run this script again.
EOF
    exit 1
fi

ensure_python_deps || { echo "Missing Python dependencies (see above): pip install -r requirements-dev.txt" >&2; exit 1; }
ensure_postgres || { echo "PostgreSQL is not available on ${PGHOST}:${PGPORT}" >&2; exit 1; }
ensure_db_user || exit 1
odoo_argv

if [ "$RESET" = 1 ] && db_exists "$DB"; then
    info "Dropping database $DB (--reset)"
    drop_db "$DB"
fi

# First run: install everything with demo data. Later runs: install whatever
# is missing (-i only touches uninstalled modules) and update our addons.
if db_exists "$DB"; then
    info "Updating database $DB (log: .local/odoo-demo.log)"
    MODE=(-i "$ALL_MODULES" -u "$OUR_MODULES")
else
    info "Creating database $DB with demo data (log: .local/odoo-demo.log)"
    MODE=(-i "$ALL_MODULES")
fi

# In Odoo 19 demo data is off by default; --with-demo turns it on for new
# databases (and for modules newly installed in a database that has demo data).
set +e
"${ODOO_ARGV[@]}" -d "$DB" "${MODE[@]}" --with-demo --stop-after-init \
    --http-interface=127.0.0.1 --log-level=info --workers=0 --max-cron-threads=0 \
    2>&1 | tee "$LOG" | odoo_progress_filter
rc=${PIPESTATUS[0]}
set -e
if [ "$rc" -ne 0 ]; then
    echo "Odoo failed (exit status $rc) while preparing $DB: see .local/odoo-demo.log" >&2
    echo "(after fixing the cause, 'bash scripts/demo.sh --reset' starts from a new database)" >&2
    exit 1
fi
IFS=, read -ra modules <<<"$ALL_MODULES"
modules_sql="$(printf "'%s'," "${modules[@]}")"
not_installed="$(psql_as "$DB_USER" -d "$DB" -Atc \
    "SELECT string_agg(name, ', ') FROM ir_module_module
      WHERE name IN (${modules_sql%,}) AND state <> 'installed'" 2>/dev/null || true)"
if [ -n "$not_installed" ]; then
    echo "These modules did not install: $not_installed (see .local/odoo-demo.log)" >&2
    echo "(after fixing the cause, 'bash scripts/demo.sh --reset' starts from a new database)" >&2
    exit 1
fi

cat <<EOF

Demo database "$DB" is ready.
  Visitor page (chat button):  ${BASE_URL}/
  Agent board:                 ${BASE_URL}/odoo/livechat-waiting
  Logins:                      admin / admin   (administrator)
                               demo / demo     (demo agent)
EOF

if [ "$SERVE" = 0 ]; then
    exit 0
fi
if "$PYTHON" -c 'import socket, sys
s = socket.socket()
sys.exit(0 if s.connect_ex(("127.0.0.1", int(sys.argv[1]))) == 0 else 1)' "$HTTP_PORT"; then
    echo "Port ${HTTP_PORT} is already in use (another Odoo running?): stop it or set HTTP_PORT." >&2
    exit 1
fi
if [ "$FAKE_SLACK" = 0 ]; then
    echo "Serving on ${BASE_URL}/ - press Ctrl-C to stop."
    exec "${ODOO_ARGV[@]}" -d "$DB" --db-filter="^${DB}\$" \
        --http-interface=127.0.0.1 --http-port="$HTTP_PORT" --log-level=warn
fi

# --fake-slack: the Slack-compatible server of the Slack addon's tests, started by
# hand; the outbox's cron (Odoo's cron threads, on while serving) sends to it.
SLACK_PORT="${SLACK_PORT:-18100}"
set_param() {
    psql_as "$DB_USER" -d "$DB" -q -c "INSERT INTO ir_config_parameter (key, value)
        VALUES ('$1', '$2') ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value"
}
set_param livechat_iconic_slack.enabled True
set_param livechat_iconic_slack.bot_token xoxb-demo
set_param livechat_iconic_slack.channel "#support"
set_param livechat_iconic_slack.signing_secret demo-signing-secret
set_param livechat_iconic_slack.base_url "http://127.0.0.1:${SLACK_PORT}/api/"
"$PYTHON" livechat_iconic_slack/tests/slack_server.py --port "$SLACK_PORT" \
    --user admin@example.com=UADMIN &
SLACK_PID=$!
trap 'kill "$SLACK_PID" 2>/dev/null' EXIT
echo "Fake Slack on http://127.0.0.1:${SLACK_PORT}/api/ (its notices print here)."
echo "Serving on ${BASE_URL}/ - press Ctrl-C to stop."
"${ODOO_ARGV[@]}" -d "$DB" --db-filter="^${DB}\$" \
    --http-interface=127.0.0.1 --http-port="$HTTP_PORT" --log-level=warn
