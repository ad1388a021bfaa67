"""Session life cycle: the state table, transitions and durations (pure, no Odoo)."""

from __future__ import annotations

import ast
import itertools
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from livechat_iconic.lib import session_state as ss
from livechat_iconic.lib.session_state import IllegalTransition, check_transition

# The specification, written out independently of the module under test.
EXPECTED_STATES = [
    ("loading", "Loading"),
    ("invited", "Invited"),
    ("in_queue", "In Queue"),
    ("waiting", "Waiting"),
    ("chatting", "Chatting"),
    ("closed", "Closed"),
    ("left", "Left"),
]
EXPECTED_TRANSITIONS = {
    "loading": {"invited", "in_queue", "waiting", "chatting", "closed", "left"},
    "invited": {"chatting", "waiting", "in_queue", "closed", "left"},
    "in_queue": {"waiting", "chatting", "closed", "left"},
    "waiting": {"chatting", "in_queue", "closed", "left"},
    "chatting": {"waiting", "in_queue", "closed", "left"},
    "closed": {"loading", "chatting", "waiting", "in_queue", "left"},
    "left": set(),
}
KEYS = [key for key, _label in EXPECTED_STATES]
LABELS = dict(EXPECTED_STATES)
ALL_PAIRS = list(itertools.product(KEYS, KEYS))


# --- the state table -------------------------------------------------------


def test_states_are_exactly_the_seven_in_order():
    assert ss.STATES == EXPECTED_STATES
    assert ss.STATE_KEYS == tuple(KEYS)
    assert ss.STATE_LABELS == LABELS


def test_transition_table_matches_the_specification():
    assert {
        state: set(targets) for state, targets in ss.TRANSITIONS.items()
    } == EXPECTED_TRANSITIONS
    assert all(isinstance(targets, frozenset) for targets in ss.TRANSITIONS.values())


def test_no_state_transitions_to_itself():
    assert all(state not in targets for state, targets in ss.TRANSITIONS.items())


def test_every_state_is_reachable_from_loading_and_can_reach_left():
    def reachable(start):
        seen, todo = {start}, [start]
        while todo:
            for nxt in ss.TRANSITIONS[todo.pop()]:
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return seen

    assert reachable("loading") == set(KEYS)
    assert all("left" in reachable(state) for state in KEYS)
    assert ss.FINAL_STATES == {"left"}


# --- check_transition, exhaustively ----------------------------------------


@pytest.mark.parametrize(("old", "new"), ALL_PAIRS, ids=[f"{o}->{n}" for o, n in ALL_PAIRS])
def test_every_pair_is_either_allowed_or_refused_with_labels(old, new):
    if new in EXPECTED_TRANSITIONS[old]:
        assert check_transition(old, new) is None
        assert ss.can_transition(old, new) is True
    else:
        with pytest.raises(IllegalTransition) as info:
            check_transition(old, new)
        assert (
            str(info.value) == f"A live chat session cannot go from {LABELS[old]} to {LABELS[new]}."
        )
        assert (info.value.old, info.value.new) == (old, new)
        assert ss.can_transition(old, new) is False


def test_refusal_message_uses_labels():
    with pytest.raises(
        IllegalTransition, match=r"^A live chat session cannot go from Closed to Invited\.$"
    ):
        check_transition("closed", "invited")
    with pytest.raises(IllegalTransition, match="from In Queue to Loading"):
        check_transition("in_queue", "loading")


def test_illegal_transition_is_a_value_error():
    with pytest.raises(ValueError):
        check_transition("left", "chatting")


def test_an_agent_can_reconnect_a_closed_session():
    check_transition("closed", "chatting")


def test_left_is_final():
    for new in KEYS:
        with pytest.raises(IllegalTransition, match="from Left to"):
            check_transition("left", new)


@pytest.mark.parametrize(
    ("old", "new", "bad"),
    [
        ("bogus", "chatting", "'bogus'"),
        ("chatting", "Closed", "'Closed'"),
        (None, "closed", "None"),
        ("", "left", "''"),
    ],
)
def test_unknown_states_are_refused_with_the_valid_keys(old, new, bad):
    with pytest.raises(IllegalTransition) as info:
        check_transition(old, new)
    message = str(info.value)
    assert bad in message
    assert (
        "valid states are: loading, invited, in_queue, waiting, chatting, closed, left." in message
    )
    assert ss.can_transition(old, new) is False


# --- helpers ------------------------------------------------------------------


@pytest.mark.parametrize("state", KEYS)
def test_is_active(state):
    assert ss.is_active(state) is (state not in ("closed", "left"))


def test_is_active_is_false_for_unknown_states():
    assert ss.is_active("bogus") is False
    assert ss.is_active(None) is False


def test_takeable_states():
    assert ss.TAKEABLE_STATES == frozenset({"loading", "in_queue", "waiting", "closed"})
    assert "invited" not in ss.TAKEABLE_STATES  # belongs to the inviting agent
    # Pressing "Chat" moves the session to chatting: it must be a legal move.
    for state in ss.TAKEABLE_STATES:
        check_transition(state, "chatting")


@pytest.mark.parametrize("state", KEYS)
def test_timestamp_field(state):
    assert ss.timestamp_field(state) == f"livechat_{state}_dt"


def test_timestamp_field_refuses_unknown_states():
    with pytest.raises(IllegalTransition, match="valid states are"):
        ss.timestamp_field("in queue")


def test_state_label():
    assert ss.state_label("in_queue") == "In Queue"
    with pytest.raises(IllegalTransition):
        ss.state_label("queued")


# --- durations (naive UTC datetimes, fixed) ---------------------------------

T0 = datetime(2025, 3, 14, 10, 0, 0)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def test_seconds_since():
    assert ss.seconds_since(None, T0) == 0
    assert ss.seconds_since(T0, at(90)) == 90
    assert ss.seconds_since(T0, at(1.9)) == 1  # whole seconds, truncated
    assert ss.seconds_since(at(5), T0) == 0  # clock skew: never negative
    assert ss.seconds_since(T0 - timedelta(days=2), T0) == 2 * 86400


def test_queue_seconds_when_taken():
    assert ss.queue_seconds(T0, at(210), now=at(3600)) == 210


def test_queue_seconds_while_still_queued_counts_until_now():
    assert ss.queue_seconds(T0, None, now=at(300)) == 300


def test_queue_seconds_when_never_queued():
    assert ss.queue_seconds(None, None, now=at(300)) == 0
    assert ss.queue_seconds(None, at(10), now=at(300)) == 0


def test_queue_seconds_ignores_a_take_from_before_requeueing():
    # Taken at T0+60, transferred back to the queue at T0+120, still queued at T0+200.
    assert ss.queue_seconds(at(120), at(60), now=at(200)) == 80


def test_chat_seconds():
    assert ss.chat_seconds(T0, at(125), now=at(999)) == 125
    assert ss.chat_seconds(T0, None, now=at(42)) == 42
    assert ss.chat_seconds(None, None, now=at(42)) == 0


def test_chat_seconds_after_reconnect_counts_from_the_reconnect():
    # Closed at T0+100, agent reconnected (chatting again) at T0+160, now T0+190.
    assert ss.chat_seconds(at(160), at(100), now=at(190)) == 30


# --- the lib package stays pure ---------------------------------------------

LIB = Path(ss.__file__).resolve().parent


@pytest.mark.parametrize("path", sorted(LIB.glob("*.py")), ids=lambda p: p.name)
def test_lib_module_does_not_import_odoo(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            imported.add(node.module.split(".")[0])
    assert "odoo" not in imported


def test_addon_init_was_not_executed():
    # conftest registers a bare package: the addon's models must not be loaded.
    assert "livechat_iconic.models" not in sys.modules
    assert "livechat_iconic.controllers" not in sys.modules


def test_a_dropped_session_can_close_and_resume():
    """A dropped connection closes a session without ending it; it resumes when the
    visitor comes back, so each droppable state must go to closed and back."""
    for state in ss.DROPPABLE_STATES:
        ss.check_transition(state, "closed")
        ss.check_transition("closed", state)
    assert not ss.DROPPABLE_STATES & {"loading", "invited", "closed", "left"}


@pytest.mark.parametrize(
    ("invited", "queued", "bot_talks", "expected"),
    [
        (True, False, False, "invited"),
        (True, True, True, "invited"),  # an invitation is an agent's, whatever else
        (False, True, False, "in_queue"),
        (False, True, True, "in_queue"),
        (False, False, True, "loading"),
        (False, False, False, "waiting"),
    ],
)
def test_initial_state(invited, queued, bot_talks, expected):
    assert ss.initial_state(invited=invited, queued=queued, bot_talks=bot_talks) == expected
