"""Names that explain themselves: the rules of our addons' names that a reading of the
source can check (no Odoo needed).

- One model namespace per addon: a model an addon defines is ``<addon>.something``
  (``livechat_iconic.topic``, ``livechat_iconic_leads.region``); a model of Odoo's namespaces
  (``im_livechat.``, ``discuss.`` ...) is only ever extended, never defined by us.
- A file is named after the model it defines (``livechat_iconic_topic.py`` defines
  ``livechat_iconic.topic``, as Odoo's ``im_livechat_channel.py`` defines
  ``im_livechat.channel``); a file extending a model starts with that model's name
  (``discuss_channel_sla.py``).
- The demo data defines no model (a model is registered in every database, demo data or
  not): ``demo/`` extends a model with the one method its ``<function>`` calls, as Odoo's
  ``account/demo/account_demo.py`` does.
- The pure helpers (``<addon>/lib/``) import nothing of Odoo; a model, report, wizard,
  demo or tool never imports a controller (a controller may import them).
- No two addons define a method of the same name on different models: a method of ours
  (its name says ``livechat``) that another addon defines too is an override of the
  same model's method, meaning the same thing.
- The xml ids our Python code looks up (the live chat groups, the queue partner, the
  ticket types) and the keys of our settings are written once, in one module, and
  imported from there.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
BASE = "livechat_iconic"
ADDONS = (BASE, "livechat_iconic_slack", "livechat_iconic_leads")
#: folders whose files define or extend models
MODEL_FOLDERS = ("models", "report", "wizard")
#: folders that must never import a controller
NOT_CONTROLLERS = ("models", "report", "wizard", "demo", "lib", "tools", "migrations")

#: files that break the file-name rule for now, each with its reason; a fixed one is taken
#: off the list (test_pending_names_still_exist)
PENDING_FILE_NAMES = {}

#: xml ids and setting keys that Python code of the addons (tests aside) may write in
#: one module only
WRITTEN_ONCE = (
    "im_livechat.im_livechat_group_user",
    "im_livechat.im_livechat_group_manager",
    "livechat_iconic.partner_queue",
    "livechat_iconic.helpdesk_ticket_type_request",
    "livechat_iconic.helpdesk_ticket_type_lead",
    "livechat_iconic.target_missed_chats",
    "livechat_iconic.target_first_response_seconds",
    "livechat_iconic.max_parallel_chats",
    "livechat_iconic.away_after_minutes",
    "livechat_iconic.alert_mail_interval_minutes",
    "livechat_iconic.throttle_in_tests",
    "livechat_iconic_slack.enabled",
    "livechat_iconic_slack.channel",
    "livechat_iconic_slack.bot_token",
    "livechat_iconic_slack.signing_secret",
)


# -- reading the source ---------------------------------------------------------------------
def _names(node):
    """The model names of a ``_name``/``_inherit`` value (a string or a list of them)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, (ast.List, ast.Tuple)):
        return [e.value for e in node.elts if isinstance(e, ast.Constant)]
    return []


def model_classes(source):
    """``[(class name, new model or None, extended models, method names, mixins)]`` of
    the Odoo model classes of a Python source. A class with ``_name`` not among its
    ``_inherit`` defines a new model; ``_name`` equal to one of its ``_inherit`` extends
    that model; the other ``_inherit`` are its mixins."""
    found = []
    for cls in ast.parse(source).body:
        if not isinstance(cls, ast.ClassDef):
            continue
        attrs = {}
        for stmt in cls.body:
            if (
                isinstance(stmt, ast.Assign)
                and len(stmt.targets) == 1
                and isinstance(stmt.targets[0], ast.Name)
                and stmt.targets[0].id in ("_name", "_inherit")
            ):
                attrs[stmt.targets[0].id] = _names(stmt.value)
        if not attrs:
            continue
        name = (attrs.get("_name") or [None])[0]
        inherits = attrs.get("_inherit", [])
        new = name if name and name not in inherits else None
        extended = [m for m in inherits if m == name] if name else inherits[:1]
        methods = [s.name for s in cls.body if isinstance(s, ast.FunctionDef)]
        mixins = [m for m in inherits if m not in extended]
        found.append((cls.name, new, extended, methods, mixins))
    return found


def imported_modules(source):
    """The modules a source imports, relative ones with their leading dots."""
    modules = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            modules += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = "." * node.level + (node.module or "")
            modules.append(base)
            if not node.module:  # from . import x, y
                modules += [base + alias.name for alias in node.names]
    return modules


def _python_files(addon, folders=None):
    root = REPO_ROOT / addon
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).parts
        if "tests" in parts:
            continue
        if folders is None or parts[0] in folders:
            yield path


def _rel(path):
    return str(path.relative_to(REPO_ROOT))


# -- the rules ------------------------------------------------------------------------------
def namespace_errors(addon, path, source):
    errors = []
    for cls, new, *_ in model_classes(source):
        if new and not new.startswith(f"{addon}."):
            errors.append(f"{path}: {cls} defines {new!r}, outside the namespace '{addon}.'")
    return errors


def file_name_errors(path, source):
    """A file defining one new model is named after it; a file extending models only
    starts with the name of one of them."""
    stem = Path(path).stem
    classes = model_classes(source)
    new = {c[1] for c in classes if c[1]}
    extended = {m for c in classes for m in c[2]}
    if len(new) == 1:
        [model] = new
        if stem != model.replace(".", "_"):
            return [f"{path}: defines {model!r}: name it {model.replace('.', '_')}.py"]
    elif not new and extended:
        if not any(stem.startswith(m.replace(".", "_")) for m in extended):
            return [f"{path}: extends {sorted(extended)}: name it after one of them"]
    return []


def import_errors(path, source, folder):
    errors = []
    for module in imported_modules(source):
        if folder == "lib" and (module == "odoo" or module.startswith("odoo.")):
            errors.append(f"{path}: a pure helper imports {module}")
        if folder != "controllers" and "controllers" in module.lstrip(".").split("."):
            errors.append(f"{path}: imports the controller module {module}")
    return errors


def method_clashes(definitions):
    """``definitions``: ``{addon: {model: method names}}``. The methods of ours (named
    with ``livechat``) that an addon defines on a model while another addon defines the
    same name, without the base addon defining it on that model (so it is not an
    override of the base's method): ``[(method, addon, model)]``."""
    addons_of = defaultdict(set)
    for addon, models in definitions.items():
        for methods in models.values():
            for method in methods:
                addons_of[method].add(addon)
    clashes = []
    for addon, models in definitions.items():
        for model, methods in models.items():
            for method in methods:
                if "livechat" not in method or len(addons_of[method]) < 2:
                    continue
                if method not in definitions.get(BASE, {}).get(model, set()):
                    clashes.append((method, addon, model))
    return sorted(clashes)


def _definitions():
    """``{addon: {model: method names}}``, a model's including those of the addon's
    mixins it inherits."""
    definitions = {}
    for addon in ADDONS:
        models, mixins = defaultdict(set), defaultdict(set)
        for path in _python_files(addon):
            for _cls, new, extended, methods, inherits in model_classes(
                path.read_text(encoding="utf-8")
            ):
                for model in [new] if new else extended:
                    models[model].update(methods)
                    mixins[model].update(inherits)
        for model in list(models):
            for mixin in mixins[model]:
                models[model] |= models.get(mixin, set())
        definitions[addon] = models
    return definitions


# -- the tests on the addons ----------------------------------------------------------------
@pytest.mark.parametrize("addon", ADDONS)
def test_models_are_in_the_addons_namespace(addon):
    errors = [
        error
        for path in _python_files(addon)
        for error in namespace_errors(addon, _rel(path), path.read_text(encoding="utf-8"))
    ]
    assert not errors, "\n".join(errors)


@pytest.mark.parametrize("addon", ADDONS)
def test_files_are_named_after_their_model(addon):
    errors = [
        error
        for path in _python_files(addon, MODEL_FOLDERS)
        if _rel(path) not in PENDING_FILE_NAMES
        for error in file_name_errors(_rel(path), path.read_text(encoding="utf-8"))
    ]
    assert not errors, "\n".join(errors)


def test_pending_names_still_exist():
    """A pending file that was renamed (or now follows the rule) is taken off the list."""
    for rel in PENDING_FILE_NAMES:
        path = REPO_ROOT / rel
        assert path.exists(), f"{rel} is gone: take it off PENDING_FILE_NAMES"
        assert file_name_errors(rel, path.read_text(encoding="utf-8")), (
            f"{rel} follows the rule now: take it off PENDING_FILE_NAMES"
        )


@pytest.mark.parametrize("addon", ADDONS)
def test_demo_defines_no_model(addon):
    defined = [
        f"{_rel(path)}: {new}"
        for path in _python_files(addon, ("demo",))
        for _cls, new, *_ in model_classes(path.read_text(encoding="utf-8"))
        if new
    ]
    assert not defined, f"models defined by demo data: {defined}"


@pytest.mark.parametrize("addon", ADDONS)
def test_pure_helpers_and_models_import_no_odoo_or_controller(addon):
    errors = [
        error
        for path in _python_files(addon, NOT_CONTROLLERS)
        for error in import_errors(
            _rel(path),
            path.read_text(encoding="utf-8"),
            path.relative_to(REPO_ROOT / addon).parts[0],
        )
    ]
    assert not errors, "\n".join(errors)


def test_no_two_addons_give_a_method_name_two_meanings():
    clashes = method_clashes(_definitions())
    assert not clashes, (
        "defined by two addons on different models (rename one, e.g. with the addon's "
        f"subject: _livechat_lead_...): {clashes}"
    )


@pytest.mark.parametrize("xmlid", WRITTEN_ONCE)
def test_xmlids_and_keys_are_written_once(xmlid):
    files = [
        _rel(path)
        for addon in ADDONS
        for path in _python_files(addon)
        if f'"{xmlid}"' in path.read_text(encoding="utf-8")
    ]
    assert len(files) <= 1, f"{xmlid} is written in {files}: import it from one of them"


# -- the checks themselves ------------------------------------------------------------------
def test_model_classes_tell_new_models_from_extensions():
    source = """
class A(models.Model):
    _name = "livechat_iconic.topic"
    def _livechat_x(self): pass
class B(models.Model):
    _name = "discuss.channel"
    _inherit = ["discuss.channel", "livechat_iconic.session.followup"]
class C(models.Model):
    _inherit = "im_livechat.channel"
class D(models.AbstractModel):
    _name = "livechat_iconic.mixin"
    _inherit = ["mail.thread"]
class E:
    pass
"""
    assert model_classes(source) == [
        ("A", "livechat_iconic.topic", [], ["_livechat_x"], []),
        ("B", None, ["discuss.channel"], [], ["livechat_iconic.session.followup"]),
        ("C", None, ["im_livechat.channel"], [], []),
        ("D", "livechat_iconic.mixin", [], [], ["mail.thread"]),
    ]


def test_namespace_refuses_a_model_in_odoos_namespace():
    source = 'class A(models.Model):\n    _name = "im_livechat.channel.agent"\n'
    assert namespace_errors("livechat_iconic", "a.py", source)
    source = 'class A(models.Model):\n    _name = "livechat.lead.region"\n'
    assert namespace_errors("livechat_iconic_leads", "a.py", source)
    source = 'class A(models.Model):\n    _inherit = "im_livechat.channel"\n'
    assert not namespace_errors("livechat_iconic", "a.py", source)


def test_file_name_rules():
    new = 'class A(models.Model):\n    _name = "livechat_iconic.topic"\n'
    assert not file_name_errors("models/livechat_iconic_topic.py", new)
    assert file_name_errors("models/topic.py", new)
    ext = 'class A(models.Model):\n    _inherit = "discuss.channel"\n'
    assert not file_name_errors("models/discuss_channel_sla.py", ext)
    assert file_name_errors("models/sla.py", ext)
    assert not file_name_errors("models/__init__.py", "from . import a\n")


def test_import_rules():
    assert import_errors("lib/a.py", "from odoo import fields\n", "lib")
    assert import_errors("lib/a.py", "import odoo.tools\n", "lib")
    assert not import_errors("lib/a.py", "from . import sla\nimport odoo_like\n", "lib")
    assert import_errors("models/a.py", "from ..controllers.main import refuse\n", "models")
    assert import_errors("models/a.py", "from .. import controllers\n", "models")
    assert not import_errors("controllers/a.py", "from .main import refuse\n", "controllers")
    assert not import_errors("models/a.py", "from ..tools.json_rpc import refuse\n", "models")


def test_method_clashes():
    definitions = {
        BASE: {"im_livechat.channel": {"_livechat_route"}, "discuss.channel": {"_livechat_x"}},
        "livechat_iconic_leads": {
            "discuss.channel": {"_livechat_route", "_livechat_x", "create"},
            "crm.lead": {"create"},
        },
        "livechat_iconic_slack": {"discuss.channel": {"_livechat_x", "_livechat_y"}},
    }
    assert method_clashes(definitions) == [
        ("_livechat_route", "livechat_iconic_leads", "discuss.channel")
    ]
