"""The addons' packaging: manifests, requirements.txt and pyproject.toml agree.

Each addon is a wheel built by whool from its manifest: the Python
dependencies of the wheel are the manifest's ``external_dependencies``, and
its addon dependencies are the manifest's ``depends``. requirements.txt says
the same for a source install, so the two must not drift apart.
"""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

import pytest
from manifestoo_core.core_addons import get_core_addons
from manifestoo_core.odoo_series import OdooSeries
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO_ROOT = Path(__file__).resolve().parent.parent
OUR_ADDONS = ("livechat_iconic", "livechat_iconic_slack", "livechat_iconic_leads")


def _manifest(addon):
    return ast.literal_eval((REPO_ROOT / addon / "__manifest__.py").read_text(encoding="utf-8"))


def _requirements(path):
    """The requirements of a requirements file (comments, options and includes left out)."""
    reqs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            reqs.append(Requirement(line))
    return reqs


RUNTIME = _requirements(REPO_ROOT / "requirements.txt")


def _key(req):
    return canonicalize_name(req.name), sorted(req.extras), str(req.specifier)


@pytest.mark.parametrize("addon", OUR_ADDONS)
def test_external_dependencies_are_limited_and_in_requirements(addon):
    runtime = {_key(req)[0]: _key(req) for req in RUNTIME}
    for dep in _manifest(addon).get("external_dependencies", {}).get("python", []):
        req = Requirement(dep)
        operators = {spec.operator for spec in req.specifier}
        assert ">=" in operators and "<" in operators, (
            f"{addon}: {dep} needs a lower and an upper limit"
        )
        assert runtime.get(canonicalize_name(req.name)) == _key(req), (
            f"{addon}: {dep} is not in requirements.txt with the same extras and limits"
        )


def test_requirements_are_what_the_addons_need():
    """requirements.txt lists no more than the manifests ask for (tools go to requirements-dev.txt)."""
    # Odoo's own addons (im_livechat, website_livechat...) come with Odoo, not from PyPI.
    core_addons = get_core_addons(OdooSeries.v19_0)
    wanted = set()
    for addon in OUR_ADDONS:
        manifest = _manifest(addon)
        wanted |= {
            canonicalize_name(Requirement(d).name)
            for d in manifest["external_dependencies"]["python"]
        }
        wanted |= {
            canonicalize_name(f"odoo-addon-{dep}")
            for dep in manifest["depends"]
            if dep not in OUR_ADDONS and dep not in core_addons
        }
    assert {canonicalize_name(req.name) for req in RUNTIME} == wanted


def test_dev_requirements_include_the_runtime_ones():
    text = (REPO_ROOT / "requirements-dev.txt").read_text(encoding="utf-8")
    assert re.search(r"^-r requirements\.txt$", text, re.M)


@pytest.mark.parametrize("addon", OUR_ADDONS)
def test_addon_is_an_agpl_wheel_built_by_whool(addon):
    manifest = _manifest(addon)
    assert manifest["license"] == "AGPL-3"
    assert re.fullmatch(r"19\.0\.\d+\.\d+\.\d+", manifest["version"])
    assert (
        (REPO_ROOT / addon / "LICENSE")
        .read_text(encoding="utf-8")
        .lstrip()
        .startswith("GNU AFFERO GENERAL PUBLIC LICENSE")
    )
    pyproject = tomllib.loads((REPO_ROOT / addon / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["build-system"] == {"requires": ["whool"], "build-backend": "whool.buildapi"}
