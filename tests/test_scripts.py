"""The set-up of scripts/lib.sh (used by run_tests.sh and demo.sh), run in bash against
fake ``python3`` and ``psql`` programs: what it does on a Python whose pip refuses to
install (PEP 668), on a PostgreSQL that asks for a password, and when it creates the
role Odoo connects as. No Odoo, no PostgreSQL, no network.

Each test copies ``scripts/lib.sh`` and the requirements files into a temporary
folder, which the script then takes for the repository (its ``.local/`` included).
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")

#: What pip 23+ prints on a Debian or Ubuntu python3 (PEP 668), shortened.
PEP_668 = """error: externally-managed-environment

× This environment is externally managed
╰─> To install Python packages system-wide, try apt install
    python3-xyz, where xyz is the package you are trying to
    install.

note: If you believe this is a mistake, please contact your Python installation or OS distribution provider.
hint: See PEP 668 for the detailed specification."""

#: A fake interpreter. Next to it: "installed" once our modules are there, "venv" in a
#: virtual environment it made. FAKE_PIP=refuse|ok|broken, FAKE_VENV=ok|no-ensurepip;
#: every call is logged in $FAKE_LOG.
FAKE_PYTHON = r"""#!/usr/bin/env bash
here="$(cd "$(dirname "$0")" && pwd)"
echo "$0 $*" >>"$FAKE_LOG"
case "$1" in
    -)  # missing_python_deps: the script on stdin prints the missing imports
        cat >/dev/null
        [ -e "$here/installed" ] || echo slack_sdk
        exit 0 ;;
    -c) echo "ModuleNotFoundError: No module named 'odoo'" >&2; exit 1 ;;
    -m)
        case "$2" in
            pip)
                if [ -e "$here/venv" ] || [ "$FAKE_PIP" = ok ]; then
                    touch "$here/installed"; exit 0
                fi
                cat "$FAKE_PEP_668" >&2; exit 1 ;;
            venv)
                if [ "$FAKE_VENV" = no-ensurepip ]; then
                    dir="${@: -1}"; mkdir -p "$dir/bin"; cp "$0" "$dir/bin/python"
                    echo "The virtual environment was not created successfully because ensurepip is not available." >&2
                    exit 1
                fi
                dir="${@: -1}"; mkdir -p "$dir/bin"; cp "$0" "$dir/bin/python"; touch "$dir/bin/venv"
                exit 0 ;;
        esac ;;
esac
exit 3
"""

#: A fake psql. FAKE_PG=password: every connection fails as md5/scram does without a
#: password; FAKE_PG=norole: the role does not exist until "postgres" creates it.
FAKE_PSQL = r"""#!/usr/bin/env bash
echo "psql $*" >>"$FAKE_LOG"
role=""
while [ $# -gt 0 ]; do
    case "$1" in -U) role="$2"; shift ;; -c|-Atc) sql="$2"; shift ;; esac
    shift
done
if [ "$FAKE_PG" = password ]; then
    echo "psql: error: connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  password authentication failed for user \"$role\"" >&2
    exit 2
fi
if [ "$role" = postgres ]; then
    echo "$sql" >>"$FAKE_SQL"; touch "$FAKE_DIR/role-created"; exit 0
fi
if [ -e "$FAKE_DIR/role-created" ]; then echo 1; exit 0; fi
echo "psql: error: connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  role \"$role\" does not exist" >&2
exit 2
"""


@pytest.fixture
def sandbox(tmp_path):
    """A repository copy with lib.sh, a bin/ of fakes first on PATH, and a runner."""
    repo = tmp_path / "repo"
    (repo / "scripts").mkdir(parents=True)
    shutil.copy(REPO_ROOT / "scripts" / "lib.sh", repo / "scripts" / "lib.sh")
    for name in ("requirements.txt", "requirements-dev.txt"):
        shutil.copy(REPO_ROOT / name, repo / name)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name, text in (("python3", FAKE_PYTHON), ("psql", FAKE_PSQL)):
        path = bin_dir / name
        path.write_text(text)
        path.chmod(path.stat().st_mode | stat.S_IXUSR)
    pep_668 = tmp_path / "pep668.txt"
    pep_668.write_text(PEP_668)
    log = tmp_path / "calls.log"
    log.touch()

    def run(snippet, **env):
        full_env = {
            "PATH": f"{bin_dir}:{os.environ['PATH']}",
            "HOME": str(tmp_path),
            "FAKE_LOG": str(log),
            "FAKE_PEP_668": str(pep_668),
            "FAKE_SQL": str(tmp_path / "sql.log"),
            "FAKE_DIR": str(tmp_path),
            "FAKE_PIP": "refuse",
            "FAKE_VENV": "ok",
            **env,
        }
        result = subprocess.run(
            ["bash", "-c", f'source scripts/lib.sh\n{snippet}\necho "rc=$? PYTHON=$PYTHON"'],
            cwd=repo,
            env=full_env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        return result.stdout + result.stderr

    run.repo, run.log, run.sql = repo, log, tmp_path / "sql.log"
    return run


# -- Python: PEP 668 ------------------------------------------------------------------------
def test_pip_refused_by_pep_668_installs_into_a_venv_with_system_site_packages(sandbox):
    out = sandbox("ensure_python_deps")
    print(out)
    venv_python = sandbox.repo / ".local" / "venv" / "bin" / "python"
    assert f"rc=0 PYTHON={venv_python}" in out, out
    assert "externally-managed-environment" in out
    assert "PEP 668" in out
    assert "--system-site-packages" in out
    assert "The scripts now use" in out
    calls = sandbox.log.read_text().splitlines()
    assert any(" -m venv --system-site-packages " in call for call in calls), calls
    pips = [call for call in calls if " -m pip install " in call]
    assert len(pips) == 2, pips  # refused by python3, then in the venv
    assert pips[1].startswith(str(venv_python))
    assert (venv_python.parent / "installed").exists()


def test_a_later_run_uses_the_venv_without_asking_pip_again(sandbox):
    sandbox("ensure_python_deps")
    calls_before = len(sandbox.log.read_text().splitlines())
    out = sandbox("ensure_python_deps")
    print(out)
    venv_python = sandbox.repo / ".local" / "venv" / "bin" / "python"
    assert f"rc=0 PYTHON={venv_python}" in out, out
    assert "Using the project's virtual environment .local/venv" in out
    new_calls = sandbox.log.read_text().splitlines()[calls_before:]
    assert not [call for call in new_calls if " -m pip " in call or " -m venv " in call]


def test_a_python_whose_pip_installs_is_kept(sandbox):
    """The default path: pip installs into python3; no venv, PYTHON unchanged."""
    out = sandbox("ensure_python_deps", FAKE_PIP="ok")
    assert "rc=0 PYTHON=python3" in out, out
    assert not (sandbox.repo / ".local" / "venv").exists()
    assert "virtual environment" not in out


def test_a_chosen_python_is_not_replaced_by_an_existing_venv(sandbox):
    sandbox("ensure_python_deps")  # makes .local/venv
    chosen = sandbox.repo.parent / "bin" / "python3"
    out = sandbox("ensure_python_deps", PYTHON=str(chosen), FAKE_PIP="ok")
    assert f"rc=0 PYTHON={chosen}" in out, out


def test_no_venv_module_says_what_to_install(sandbox):
    out = sandbox("ensure_python_deps", FAKE_VENV="no-ensurepip")
    assert "rc=1 PYTHON=python3" in out, out
    assert "python3-venv" in out
    assert "ensurepip is not available" in out
    assert not (sandbox.repo / ".local" / "venv").exists()  # no half-made venv left


# -- PostgreSQL -----------------------------------------------------------------------------
def test_a_password_protected_postgresql_gets_a_hint(sandbox):
    out = sandbox("ensure_db_user", FAKE_PG="password", DB_USER="alice")
    print(out)
    assert "rc=1" in out, out
    assert "password authentication failed" in out
    for variable in ("PGHOST", "PGPORT", "DB_USER", "PGPASSWORD", "~/.pgpass", "CREATEDB"):
        assert variable in out, variable
    assert "bash scripts/run_tests.sh" in out
    assert not sandbox.sql.exists()  # no role creation attempted


def test_a_missing_role_is_created_with_createdb_not_superuser(sandbox):
    out = sandbox('ensure_db_user; echo "DB_USER=$DB_USER"', FAKE_PG="norole", DB_USER="alice")
    print(out)
    assert "rc=0" in out and "DB_USER=alice" in out, out
    assert sandbox.sql.read_text().strip() == 'CREATE ROLE "alice" LOGIN CREATEDB'
    assert "SUPERUSER" not in sandbox.sql.read_text().upper()
    assert 'Created PostgreSQL role "alice": LOGIN CREATEDB, not a superuser' in out


def test_an_existing_role_is_used_as_it_is(sandbox):
    (sandbox.repo.parent / "role-created").touch()
    out = sandbox('ensure_db_user; echo "DB_USER=$DB_USER"', FAKE_PG="norole", DB_USER="bob")
    assert "rc=0" in out and "DB_USER=bob" in out, out
    assert not sandbox.sql.exists()
    assert "Created" not in out
