"""One visible order: in each addon, a method of a model is defined in one file only.

Odoo chains the classes that extend a model in the order their modules are imported.
Where two files of one addon define the same method (one calling the other through
``super()``), which runs first depends on that order (``models/__init__.py``, which isort
keeps alphabetical): renaming a file would change what happens. So, in each addon, a
method of a model (its mixins of the same addon included) is defined once; where several
concerns react to one event, the model's main file calls them in an order written there
(``_livechat_set_state``, ``_livechat_on_message``, ``action_livechat_take``, ``create``
in ``livechat_iconic/models/discuss_channel.py``). The same for the fields, and for the
controllers: an Odoo controller class is extended once per addon (one ``WebClient``).

Another addon may override a method of ours: its place in the chain is its dependency
on ours, not a file name.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
ADDONS = ("livechat_iconic", "livechat_iconic_slack", "livechat_iconic_leads")

#: (addon, model, member) defined in several files on purpose, each with its reason.
#: None today: keep it that way.
ALLOWED: dict[tuple[str, str, str], str] = {}
#: base classes that any number of controllers may extend
PLAIN_CONTROLLER_BASES = {"http.Controller", "Controller"}


def _literal_names(node):
    """The model names of a ``_name``/``_inherit`` value (a string or a list of them)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, (ast.List, ast.Tuple)):
        return [e.value for e in node.elts if isinstance(e, ast.Constant)]
    return []


def _model_of(cls):
    """``(model, inherited models)`` of an Odoo model class, or ``(None, [])``."""
    names = {}
    for stmt in cls.body:
        if (
            isinstance(stmt, ast.Assign)
            and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], ast.Name)
            and stmt.targets[0].id in ("_name", "_inherit")
        ):
            names[stmt.targets[0].id] = _literal_names(stmt.value)
    inherits = names.get("_inherit", [])
    model = (names.get("_name") or inherits or [None])[0]
    return model, inherits


def _members(cls):
    """The methods and the public class attributes (fields) a class defines."""
    for stmt in cls.body:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield stmt.name
        elif isinstance(stmt, ast.Assign):
            for target in stmt.targets:
                if isinstance(target, ast.Name) and not target.id.startswith("_"):
                    yield target.id
        elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
            if not stmt.target.id.startswith("_"):
                yield stmt.target.id


def duplicates(sources):
    """``{(model, member): sorted files}`` of the members defined in more than one file.

    ``sources``: ``{file name: Python source}`` of one addon. A model's members include
    those of the models of the same addon it inherits (its mixins): overriding a mixin's
    method in another file chains the two files as well.
    """
    defined = defaultdict(lambda: defaultdict(set))  # model -> member -> files
    inherits = defaultdict(set)
    for path, text in sources.items():
        for cls in ast.parse(text, filename=path).body:
            if not isinstance(cls, ast.ClassDef):
                continue
            model, parents = _model_of(cls)
            if not model:
                continue
            inherits[model].update(p for p in parents if p != model)
            for member in _members(cls):
                defined[model][member].add(path)
    found = {}
    for model in list(defined):
        members = defaultdict(set)
        seen, todo = set(), [model]
        while todo:  # the model and its mixins of this addon, theirs included
            current = todo.pop()
            if current in seen or current not in defined:
                continue
            seen.add(current)
            for member, files in defined[current].items():
                members[member] |= files
            todo.extend(inherits[current])
        for member, files in members.items():
            if len(files) > 1:
                found[model, member] = sorted(files)
    return found


def extended_twice(sources):
    """``{base class: sorted classes}`` of the controller classes extended by more than
    one class of the addon's ``controllers/``."""
    extended = defaultdict(set)
    for path, text in sources.items():
        if Path(path).parts[0] != "controllers":
            continue
        for cls in ast.parse(text, filename=path).body:
            if not isinstance(cls, ast.ClassDef) or _model_of(cls)[0]:
                continue
            for base in cls.bases:
                name = ast.unparse(base)
                if name not in PLAIN_CONTROLLER_BASES:
                    extended[name].add(f"{path}:{cls.name}")
    return {base: sorted(classes) for base, classes in extended.items() if len(classes) > 1}


def _addon_sources(addon):
    root = REPO_ROOT / addon
    return {
        str(path.relative_to(root)): path.read_text(encoding="utf-8")
        for path in sorted(root.rglob("*.py"))
        if "tests" not in path.relative_to(root).parts
    }


@pytest.mark.parametrize("addon", ADDONS)
def test_each_method_of_a_model_is_defined_in_one_file(addon):
    found = {
        key: files
        for key, files in duplicates(_addon_sources(addon)).items()
        if (addon, *key) not in ALLOWED
    }
    assert not found, (
        f"{addon}: defined in several files (the import order would decide which runs "
        "first; call a plainly named method of each concern from the one definition "
        f"in the model's main file instead): {found}"
    )


@pytest.mark.parametrize("addon", ADDONS)
def test_each_controller_is_extended_once(addon):
    found = extended_twice(_addon_sources(addon))
    assert not found, f"{addon}: one class per extended controller (one WebClient): {found}"


def test_allowed_cases_still_exist():
    """An allowed duplicate that was removed since is taken off the list."""
    for addon, model, member in ALLOWED:
        assert (model, member) in duplicates(_addon_sources(addon)), (addon, model, member)


# -- the checks themselves ------------------------------------------------------------------
MAIN = """
from odoo import models
class DiscussChannel(models.Model):
    _name = "discuss.channel"
    _inherit = ["discuss.channel", "my.mixin"]
    livechat_state = fields.Selection([])
    def _livechat_set_state(self, new_state):
        self._livechat_sla_on_state(new_state)
"""
CONCERN = """
from odoo import models
class DiscussChannel(models.Model):
    _inherit = "discuss.channel"
    def _livechat_sla_on_state(self, new_state):
        pass
"""
OVERRIDE = """
from odoo import models
class DiscussChannel(models.Model):
    _inherit = "discuss.channel"
    livechat_state = fields.Selection(selection_add=[])
    def _livechat_set_state(self, new_state):
        return super()._livechat_set_state(new_state)
"""
MIXIN = """
from odoo import models
class MyMixin(models.AbstractModel):
    _name = "my.mixin"
    def _livechat_store_fields(self):
        return []
"""
MIXIN_OVERRIDE = """
from odoo import models
class DiscussChannel(models.Model):
    _inherit = "discuss.channel"
    def _livechat_store_fields(self):
        return super()._livechat_store_fields()
"""


def test_duplicates_finds_a_hook_defined_twice():
    assert duplicates({"main.py": MAIN, "sla.py": CONCERN, "mixin.py": MIXIN}) == {}
    assert duplicates({"main.py": MAIN, "sla.py": CONCERN, "transfer.py": OVERRIDE}) == {
        ("discuss.channel", "_livechat_set_state"): ["main.py", "transfer.py"],
        ("discuss.channel", "livechat_state"): ["main.py", "transfer.py"],
    }


def test_duplicates_finds_a_mixin_method_overridden_in_another_file():
    found = duplicates({"main.py": MAIN, "mixin.py": MIXIN, "sla.py": MIXIN_OVERRIDE})
    assert found == {("discuss.channel", "_livechat_store_fields"): ["mixin.py", "sla.py"]}


def test_extended_twice_finds_a_second_webclient():
    one = "class A(WebClient):\n    pass\nclass B(http.Controller):\n    pass\n"
    two = "class C(WebClient):\n    pass\nclass D(http.Controller):\n    pass\n"
    other = two.replace("WebClient", "Thread")
    assert extended_twice({"controllers/a.py": one, "controllers/b.py": other}) == {}
    assert extended_twice({"controllers/a.py": one, "lib/b.py": two}) == {}
    assert extended_twice({"controllers/a.py": one, "controllers/b.py": two}) == {
        "WebClient": ["controllers/a.py:A", "controllers/b.py:C"]
    }
