"""The shipped translations: each addon's Polish i18n/pl.po is complete and safe.

Complete: every term of the addon's .pot (which run_tests.sh keeps up to date) has a
translation that is not fuzzy. Safe: a translation keeps the placeholders of its
term (``%(name)s``, ``%s``), which Odoo fills in, and the tags of a view or
template term (their attributes may be translated, as a ``title``).
"""

import re
from pathlib import Path

import pytest

polib = pytest.importorskip("polib")

REPO_ROOT = Path(__file__).resolve().parent.parent
ADDONS = ("livechat_iconic", "livechat_iconic_slack", "livechat_iconic_leads")
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]")
TAG = re.compile(r"</?([a-zA-Z0-9]+)")


@pytest.mark.parametrize("addon", ADDONS)
def test_polish_translation_is_complete_and_safe(addon):
    pot = polib.pofile(str(REPO_ROOT / addon / "i18n" / f"{addon}.pot"))
    po = polib.pofile(str(REPO_ROOT / addon / "i18n" / "pl.po"))
    assert po.metadata.get("Language") == "pl"
    assert {e.msgid for e in po} == {e.msgid for e in pot}, "pl.po is not merged with the .pot"
    assert not po.untranslated_entries(), [e.msgid for e in po.untranslated_entries()][:5]
    assert not po.fuzzy_entries(), [e.msgid for e in po.fuzzy_entries()][:5]
    for entry in po:
        assert sorted(PLACEHOLDER.findall(entry.msgstr)) == sorted(
            PLACEHOLDER.findall(entry.msgid)
        ), entry.msgid
        assert sorted(TAG.findall(entry.msgstr)) == sorted(TAG.findall(entry.msgid)), entry.msgid
