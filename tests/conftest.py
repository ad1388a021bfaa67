"""Make the pure modules of the addons importable without Odoo.

``import livechat_iconic.lib.geo`` would normally run ``livechat_iconic/__init__.py``
first, and that file imports the addon's controllers and models, i.e. Odoo and
a registry. The pure rules in ``livechat_iconic/lib`` need none of that.

So, before any test module is imported, ``livechat_iconic`` is registered in
``sys.modules`` as a bare package: a real module object whose ``__path__`` is
the addon folder and whose ``__init__.py`` is *not* executed (the same thing
Python builds for a namespace package). Submodules are then found on disk the
usual way, so ``livechat_iconic.lib`` and its modules are imported for real.
Nothing from Odoo is imported or stubbed. If ``livechat_iconic`` is already
imported (a run inside Odoo), it is left alone.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent

#: Addons whose ``lib`` subpackage the pure tests import.
PURE_ADDONS = ("livechat_iconic", "livechat_iconic_leads", "livechat_iconic_slack")


def _register_bare_package(name: str, folder: Path) -> None:
    """Put an empty package ``name`` rooted at ``folder`` in sys.modules, without running its __init__.py."""
    if name in sys.modules:
        return
    spec = importlib.machinery.ModuleSpec(name, loader=None, is_package=True)
    spec.submodule_search_locations = [str(folder)]
    sys.modules[name] = importlib.util.module_from_spec(spec)


for _addon in PURE_ADDONS:
    _register_bare_package(_addon, REPO_ROOT / _addon)


# pytest-odoo, when its plugin is loaded, adds autouse fixtures that open an Odoo
# registry (and an HTTP server) for every test. The pure tests need none, so
# fixtures of the same names replace them for this folder only; without pytest-odoo
# they are harmless no-ops. Nothing here imports Odoo or pytest-odoo.


@pytest.fixture(scope="session", autouse=True)
def load_registry():
    """No Odoo registry for the pure tests."""
    yield


@pytest.fixture(scope="session", autouse=True)
def load_http(load_registry):
    """No Odoo HTTP server for the pure tests."""
    yield


@pytest.fixture(scope="module", autouse=True)
def enable_odoo_test_flag():
    """Odoo's test flag is not needed by the pure tests."""
    yield
