"""Versions mean something.

- Each addon's ``readme/HISTORY.md`` (OCA's change log) starts with the manifest's
  version, its headings go from the newest version down, and each ``migrations/<version>/``
  folder belongs to a version of the change log, not newer than the manifest's.
- A change of the database schema bumps the version. The schema as the source declares it
  (the models an addon defines, the stored fields it adds to any model with their type and
  comodel, its SQL constraints and indexes) is kept in ``tests/schema/<addon>.txt`` with
  the version it belongs to: when the source declares another schema, this test fails
  until the version is bumped (with its change log entry, and a ``migrations/<version>/``
  script where data must move) and the file is rewritten with::

      python3 tests/test_versions.py --update

  which refuses to record another schema under the version already recorded.
  Not covered (still the author's duty): selection values, the data files, a field's
  other attributes.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
ADDONS = ("livechat_iconic", "livechat_iconic_slack", "livechat_iconic_leads")
SCHEMA_DIR = REPO_ROOT / "tests" / "schema"
HEADING = re.compile(r"^## (\d+\.\d+\.\d+\.\d+\.\d+)\b", re.M)
RELATIONAL = {"Many2one", "One2many", "Many2many", "Many2oneReference"}
TABLE_OBJECTS = {"Constraint", "Index", "UniqueIndex"}


def manifest_version(addon):
    return ast.literal_eval((REPO_ROOT / addon / "__manifest__.py").read_text())["version"]


def history_versions(addon):
    return HEADING.findall((REPO_ROOT / addon / "readme" / "HISTORY.md").read_text())


def version_key(version):
    return tuple(int(part) for part in version.split("."))


# -- the schema as the source declares it ---------------------------------------------------
def _keyword(call, name):
    for keyword in call.keywords:
        if keyword.arg == name:
            return keyword.value
    return None


def _constant(node):
    return node.value if isinstance(node, ast.Constant) else None


def _field_line(model, name, call):
    """The line of a field assignment ``name = fields.Type(...)``, or None when the field
    is not stored (computed or related without ``store=True``, or ``store=False``)."""
    kind = call.func.attr
    store = _keyword(call, "store")
    computed = _keyword(call, "compute") is not None or _keyword(call, "related") is not None
    if store is not None and _constant(store) is False:
        return None
    if computed and not (store is not None and _constant(store) is True):
        return None
    line = f"field {model} {name} {kind}"
    if kind in RELATIONAL:
        comodel = _keyword(call, "comodel_name")
        if comodel is None and call.args:
            comodel = call.args[0]
        line += f" {_constant(comodel) if comodel is not None else '?'}"
        relation = _keyword(call, "relation")
        if relation is not None:
            line += f" relation={_constant(relation)}"
    return line


def schema_lines(source):
    """The schema lines of one Python source: ``model X``, ``field X name Type
    [comodel]``, ``constraint X name definition``."""
    lines = []
    for cls in ast.parse(source).body:
        if not isinstance(cls, ast.ClassDef):
            continue
        attrs = {}
        for stmt in cls.body:
            if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
                target = stmt.targets[0]
                if isinstance(target, ast.Name) and target.id in ("_name", "_inherit"):
                    value = stmt.value
                    names = (
                        [_constant(value)]
                        if isinstance(value, ast.Constant)
                        else [_constant(e) for e in getattr(value, "elts", [])]
                    )
                    attrs[target.id] = names
        if not attrs:
            continue
        inherits = attrs.get("_inherit", [])
        model = (attrs.get("_name") or inherits or [None])[0]
        if model not in inherits:
            lines.append(f"model {model}")
        for stmt in cls.body:
            if not (
                isinstance(stmt, ast.Assign)
                and len(stmt.targets) == 1
                and isinstance(stmt.targets[0], ast.Name)
                and isinstance(stmt.value, ast.Call)
                and isinstance(stmt.value.func, ast.Attribute)
                and isinstance(stmt.value.func.value, ast.Name)
            ):
                continue
            name, call = stmt.targets[0].id, stmt.value
            if call.func.value.id == "fields" and not name.startswith("_"):
                line = _field_line(model, name, call)
                if line:
                    lines.append(line)
            elif call.func.value.id == "models" and call.func.attr in TABLE_OBJECTS:
                definition = ast.unparse(call.args[0]) if call.args else ""
                lines.append(f"constraint {model} {name} {definition}")
    return lines


def addon_schema(addon):
    root = REPO_ROOT / addon
    lines = set()
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).parts
        if parts[0] in ("tests", "migrations"):
            continue
        lines.update(schema_lines(path.read_text(encoding="utf-8")))
    return sorted(lines)


def schema_file(addon):
    return SCHEMA_DIR / f"{addon}.txt"


def recorded_schema(addon):
    """``(version, lines)`` of ``tests/schema/<addon>.txt``."""
    text = schema_file(addon).read_text(encoding="utf-8").splitlines()
    assert text and text[0].startswith("version "), f"{schema_file(addon)}: no version line"
    return text[0].split()[1], [line for line in text[1:] if line and not line.startswith("#")]


def update(addons=ADDONS):
    """Rewrites ``tests/schema/<addon>.txt`` for the manifests' versions; refuses where the
    schema changed but the version did not. Returns the messages of the refusals."""
    refused = []
    SCHEMA_DIR.mkdir(exist_ok=True)
    for addon in addons:
        version, current = manifest_version(addon), addon_schema(addon)
        if schema_file(addon).exists():
            recorded_version, recorded = recorded_schema(addon)
            if recorded != current and recorded_version == version:
                refused.append(
                    f"{addon}: the schema changed but the version is still {version}: bump "
                    "the manifest's version (and readme/HISTORY.md) first"
                )
                continue
        header = (
            f"version {version}\n"
            "# The schema the source of this addon declares at this version "
            "(tests/test_versions.py; rewrite with: python3 tests/test_versions.py --update)\n"
        )
        schema_file(addon).write_text(header + "\n".join(current) + "\n", encoding="utf-8")
    return refused


# -- the tests on the addons ----------------------------------------------------------------
@pytest.mark.parametrize("addon", ADDONS)
def test_change_log_starts_with_the_manifest_version(addon):
    versions = history_versions(addon)
    assert versions, f"{addon}/readme/HISTORY.md has no '## <version>' heading"
    assert versions[0] == manifest_version(addon), (
        f"{addon}: the manifest says {manifest_version(addon)}, readme/HISTORY.md starts with "
        f"{versions[0]}: say what the new version changes for users"
    )
    assert versions == sorted(versions, key=version_key, reverse=True), (
        f"{addon}/readme/HISTORY.md: the newest version first: {versions}"
    )
    assert len(set(versions)) == len(versions), f"{addon}: a version told twice: {versions}"


@pytest.mark.parametrize("addon", ADDONS)
def test_migrations_belong_to_a_told_version(addon):
    folder = REPO_ROOT / addon / "migrations"
    if not folder.exists():
        return
    told = set(history_versions(addon))
    for version_dir in sorted(p for p in folder.iterdir() if p.is_dir()):
        version = version_dir.name
        assert version in told, f"{addon}: migrations/{version} has no HISTORY.md entry"
        assert version_key(version) <= version_key(manifest_version(addon)), (
            f"{addon}: migrations/{version} is newer than the manifest's version"
        )
        scripts = sorted(version_dir.glob("*.py"))
        assert scripts, f"{addon}: migrations/{version} holds no script"
        for script in scripts:
            assert re.fullmatch(r"(pre|post|end)-\w+\.py", script.name), script
            assert "def migrate(cr, version)" in script.read_text(), (
                f"{script}: Odoo calls migrate(cr, version)"
            )


@pytest.mark.parametrize("addon", ADDONS)
def test_a_schema_change_bumps_the_version(addon):
    recorded_version, recorded = recorded_schema(addon)
    current = addon_schema(addon)
    if current != recorded:
        added = sorted(set(current) - set(recorded))
        removed = sorted(set(recorded) - set(current))
        pytest.fail(
            f"{addon}: the schema changed since {recorded_version} (added: {added}; "
            f"removed: {removed}). Bump the version in {addon}/__manifest__.py, say what "
            "changed in readme/HISTORY.md, add migrations/<version>/ where data must move, "
            "then run: python3 tests/test_versions.py --update"
        )
    assert recorded_version == manifest_version(addon), (
        f"{addon}: tests/schema/{addon}.txt is for {recorded_version}, the manifest says "
        f"{manifest_version(addon)}: run python3 tests/test_versions.py --update"
    )


# -- the checks themselves ------------------------------------------------------------------
def test_schema_lines():
    source = """
class A(models.Model):
    _name = "livechat_iconic.topic"
    name = fields.Char(required=True)
    channel_id = fields.Many2one("im_livechat.channel", ondelete="cascade")
    tag_ids = fields.Many2many(comodel_name="x.tag", relation="topic_tag_rel")
    count = fields.Integer(compute="_compute_count")
    total = fields.Integer(compute="_compute_total", store=True)
    _name_uniq = models.Constraint("UNIQUE(name)", "Once.")
    _state_idx = models.Index("(channel_id) WHERE active")
    _order = "name"
class B(models.Model):
    _name = "discuss.channel"
    _inherit = ["discuss.channel", "livechat_iconic.mixin"]
    livechat_note = fields.Text()
    livechat_label = fields.Char(related="name")
    def _compute_count(self):
        x = fields.Char()
"""
    assert schema_lines(source) == [
        "model livechat_iconic.topic",
        "field livechat_iconic.topic name Char",
        "field livechat_iconic.topic channel_id Many2one im_livechat.channel",
        "field livechat_iconic.topic tag_ids Many2many x.tag relation=topic_tag_rel",
        "field livechat_iconic.topic total Integer",
        "constraint livechat_iconic.topic _name_uniq 'UNIQUE(name)'",
        "constraint livechat_iconic.topic _state_idx '(channel_id) WHERE active'",
        "field discuss.channel livechat_note Text",
    ]


if __name__ == "__main__":
    if sys.argv[1:] != ["--update"]:
        sys.exit("usage: python3 tests/test_versions.py --update")
    messages = update()
    for message in messages:
        print(message, file=sys.stderr)
    sys.exit(1 if messages else 0)
