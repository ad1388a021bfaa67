"""Reply suggestions' pure rules (livechat_iconic/lib/suggest.py), without a database."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from livechat_iconic.lib import suggest

DATA = Path(__file__).parent / "data" / "suggest_labelled.json"


def test_tokenize_folds_accents_and_drops_stop_words():
    assert suggest.tokenize("Czy są jeszcze BILETY na sobotni koncert?") == [
        "bilety",
        "sobotni",
        "koncert",
    ]
    assert suggest.tokenize("Zażółć gęślą jaźń") == ["zazolc", "gesla", "jazn"]
    assert suggest.tokenize("Do you still have tickets?") == ["still", "ticket"]


def test_is_question_needs_two_terms():
    assert not suggest.is_question("ok")
    assert not suggest.is_question("thanks!")
    assert suggest.is_question("Is the show sold out?")


def test_plain_text_strips_html():
    assert suggest.plain_text("<p>Tickets&nbsp;are <b>still</b> &amp; available</p>") == (
        "Tickets are still & available"
    )
    assert len(suggest.plain_text("x" * 5000)) == suggest.MAX_TEXT


def test_precision_and_hit_at_three():
    assert suggest.precision_at(["a", "b", "c", "d"], {"a", "d"}) == pytest.approx(1 / 3)
    assert suggest.hit_at(["x", "y", "a"], {"a"}) == 1
    assert suggest.hit_at(["x", "y", "z", "a"], {"a"}) == 0


def test_bm25_ranks_the_matching_document_first_and_is_incremental():
    index = suggest.Bm25Index()
    index.add(1, suggest.tokenize("Tickets can be refunded up to 48 hours before the event"))
    index.add(2, suggest.tokenize("The tracker shows offline when it has no GSM signal"))
    hits = index.search(suggest.tokenize("refund my tickets"))
    assert hits[0][0] == 1 and 0 < hits[0][1] <= 1
    assert index.search(suggest.tokenize("refund"), allowed=lambda key: key != 1) == []
    index.discard(1)
    assert len(index) == 1 and index.search(suggest.tokenize("refund")) == []
    index.add(2, suggest.tokenize("refund"))  # replaces
    assert len(index) == 1 and index.search(["refund"])[0][0] == 2


def test_hybrid_blends_both_rankings():
    best = suggest.hybrid_rank([("a", 0.9), ("b", 0.1)], [("b", 0.5), ("a", 0.4)], limit=2)
    assert [key for key, _ in best] == ["a", "b"]


def test_labelled_set_is_big_enough_and_consistent():
    data = json.loads(DATA.read_text())
    ids = {snippet["id"] for snippet in data["snippets"]}
    assert len(data["questions"]) >= 100
    assert all(set(q["answers"]) <= ids and q["answers"] for q in data["questions"])


def test_wordllama_loads_from_its_wheel_and_ranks(monkeypatch):
    """The chosen ranker: the model comes from the wheel's own files (downloads disabled)."""
    pytest.importorskip("wordllama")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    index = suggest.EmbeddingIndex(suggest.embed)
    index.add_many(
        [
            ("night", "For outdoor night use choose a camera with infrared night vision."),
            ("refund", "Tickets can be refunded up to 48 hours before the event."),
        ]
    )
    key, cosine = index.search("Which camera works outdoors at night?", limit=1)[0]
    assert key == "night" and cosine > suggest.MISSING_ANSWER_BELOW
    assert index.search("I want to buy a horse", limit=1)[0][1] < suggest.MISSING_ANSWER_BELOW


def test_wordllama_needs_no_network():
    """Loaded in a process with no network at all (a new network namespace): the model
    comes from the wheel, nothing is downloaded."""
    pytest.importorskip("wordllama")
    unshare = shutil.which("unshare")
    if not unshare or subprocess.run([unshare, "-rn", "true"], check=False).returncode:
        pytest.skip("no unshare -rn here to take the network away")
    code = (
        "import sys; sys.path.insert(0, 'tests'); import conftest; "
        "from livechat_iconic.lib import suggest; "
        "print(suggest.embed(['Which camera works at night?']).shape)"
    )
    result = subprocess.run(
        [unshare, "-rn", sys.executable, "-c", code],
        cwd=Path(__file__).parent.parent,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "(1, 256)"


def test_reusable_answer_keeps_no_customer_data():
    names = ["Anna Lindqvist"]
    assert (
        suggest.reusable_answer(
            "Hello Anna Lindqvist, tickets can be refunded up to 48 hours before the event.", names
        )
        == "Hello {visitor_name}, tickets can be refunded up to 48 hours before the event."
    )
    assert (
        suggest.reusable_answer(
            "Anna, tickets can be refunded up to 48 hours before the event, anna.", names
        )
        == "{visitor_name}, tickets can be refunded up to 48 hours before the event, {visitor_name}."
    )
    assert suggest.reusable_answer("Call me at +48 600 123 456 about your refund today.") is None
    assert suggest.reusable_answer("Write to anna@example.com about your refund, please.") is None
    assert suggest.reusable_answer("One moment please.") is None
    hours = "We are open Monday to Friday from 8:00 to 18:00; see you soon."
    assert suggest.reusable_answer(hours) == hours
