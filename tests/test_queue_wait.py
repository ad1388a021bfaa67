"""A queued visitor's place and expected wait (pure, no Odoo), and the stored breach
moment that orders the board the way ``sla.breach_key`` orders the dispatch."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from livechat_iconic.lib import queue_wait, sla

NOW = datetime(2026, 1, 5, 10, 0, 0)


def ago(seconds):
    return NOW - timedelta(seconds=seconds)


# -- the moment of the breach and the waiting start -----------------------------------------
def test_waiting_since_in_queue_and_waiting():
    queued, assigned = ago(90), ago(30)
    assert sla.waiting_since("in_queue", queued, None, None) == queued
    # assigned after queuing: the visitor has waited since queued (an assignment is no answer)
    assert sla.waiting_since("waiting", queued, assigned, None) == queued
    # routed to an agent at once: since the assignment
    assert sla.waiting_since("waiting", None, assigned, None) == assigned


def test_no_waiting_since_once_answered_or_elsewhere():
    assert sla.waiting_since("waiting", ago(90), ago(30), ago(10)) is None
    for state in ("loading", "invited", "chatting", "closed", "left", None):
        assert sla.waiting_since(state, ago(90), ago(30), None) is None


def test_breach_at_is_since_plus_target():
    assert sla.breach_at(120, ago(30)) == NOW + timedelta(seconds=90)
    assert sla.breach_at(None, ago(30)) == NOW + timedelta(seconds=90)  # default 120
    assert sla.breach_at(60, None) is None


waitings = st.lists(
    st.builds(
        sla.Waiting,
        id=st.integers(0, 10_000),
        # whole seconds, as Odoo stores datetimes; ties of everything are likely
        waiting_since=st.integers(0, 600).map(ago),
        target=st.sampled_from([0, 30, 60, 120, 600]),
        queue_priority=st.integers(-2, 2),
    ),
    max_size=40,
    unique_by=lambda w: w.id,
)


@given(waitings, st.integers(0, 900))
def test_ordering_by_stored_breach_is_the_breach_key_order(items, later):
    """The board orders by ``livechat_breach_dt, livechat_queue_priority desc,
    livechat_sla_since_dt, id``: the same order as the dispatch's, at any moment."""
    now = NOW + timedelta(seconds=later)

    def board_key(w):
        return (sla.breach_at(w.target, w.waiting_since), -w.queue_priority, w.waiting_since, w.id)

    board = [w.id for w in sorted(items, key=board_key)]
    assert board == [w.id for w in sla.order_by_breach(items, now)]


# -- the expected wait ---------------------------------------------------------------------
def test_expected_wait_is_the_median_less_what_was_waited():
    assert queue_wait.expected_wait([60, 180, 300], waited=0) == 180
    assert queue_wait.expected_wait([60, 180, 300, 1000], waited=30) == 210  # median 240
    assert queue_wait.expected_wait([60, 180, 300], waited=400) == 0


def test_no_estimate_from_too_few_answers():
    assert queue_wait.MIN_SAMPLES == 3
    assert queue_wait.expected_wait([], waited=0) is None
    assert queue_wait.expected_wait([120, 240], waited=0) is None
    assert queue_wait.expected_wait([120, 240], waited=0, min_samples=2) == 180
    assert queue_wait.expected_wait([120, None, -5], waited=0) is None  # not samples


def test_human_minutes():
    cases = {
        None: None,
        0: 1,
        20: 1,
        89: 1,
        90: 2,
        150: 3,
        9 * 60 + 20: 9,
        11 * 60: 10,
        13 * 60: 15,
        47 * 60: 45,
        67 * 60: 60,
        83 * 60: 90,
    }
    assert {s: queue_wait.human_minutes(s) for s in cases} == cases


def test_positions_follow_the_sla_order():
    first = sla.Waiting(7, ago(100), 120, 0)  # 20 s left
    second = sla.Waiting(3, ago(50), 120, 0)  # 70 s left
    third = sla.Waiting(5, ago(50), 120, 0)  # 70 s left, a higher id
    assert queue_wait.positions([third, second, first], NOW) == {7: 1, 3: 2, 5: 3}


def test_queue_statuses_when_the_one_ahead_is_taken():
    samples = [120, 180, 240]  # median 3 minutes
    ahead = sla.Waiting(1, ago(150), 120, 0)
    me = sla.Waiting(2, ago(30), 120, 0)
    statuses = queue_wait.queue_statuses([me, ahead], samples, NOW)
    assert statuses == {
        1: queue_wait.Status(1, 1),  # waited 150 s of 180: under a minute, said "1"
        2: queue_wait.Status(2, 3),  # 150 s left: about 3 minutes
    }
    assert queue_wait.queue_statuses([me], samples, NOW) == {2: queue_wait.Status(1, 3)}
    assert queue_wait.queue_statuses([me], samples[:2], NOW) == {2: queue_wait.Status(1, None)}


def test_model_wait_gives_a_range_around_the_estimate():
    middle, low, high = queue_wait.model_wait(4, 2, 360)
    assert low <= middle <= high
    assert low < high
    assert queue_wait.model_wait(4, 0, 360) is None
    assert queue_wait.model_wait(4, 2, 0) is None


def test_next_visitor_wait_places_them_behind_those_waiting():
    assert queue_wait.next_visitor_wait(0, 2, 360) < queue_wait.next_visitor_wait(5, 2, 360)
    assert queue_wait.next_visitor_wait(3, 0, 360) is None


@pytest.mark.parametrize(
    ("place", "servers", "handle", "told"),
    # the widget's modelWait (static/tests/unit/queue_status_text.test.js) says the same
    [(3, 1, 600, (25, 10, 55)), (1, 4, 360, (1, 1, 3)), (8, 6, 400, (9, 5, 15))],
)
def test_model_wait_figures(place, servers, handle, told):
    assert queue_wait.model_wait(place, servers, handle) == told


def test_no_wait_for_the_next_visitor_when_an_agent_is_free():
    assert queue_wait.next_visitor_wait(0, 3, 1800, free=True) == 0
    assert queue_wait.next_visitor_wait(0, 3, 1800) > 0
    # visitors waiting: the free agent takes them first
    assert queue_wait.next_visitor_wait(2, 3, 1800, free=True) > 0


def test_only_moves_ahead_of_someone_change_places():
    last = ("2026-12-01 10:05:00", 40)
    behind = [("2026-12-01 10:06:00", 41)]
    assert queue_wait.moves_change_places(behind, last) is False
    # the same second: the lower id is ahead
    assert queue_wait.moves_change_places([("2026-12-01 10:05:00", 39)], last) is True
    assert queue_wait.moves_change_places([("2026-12-01 10:05:00", 41)], last) is False
    # one of them ahead is enough
    assert queue_wait.moves_change_places([*behind, ("2026-12-01 10:00:00", 7)], last) is True
    # nobody else waits: nobody moves; no key: the estimate changed, for everyone
    assert queue_wait.moves_change_places(behind, None) is False
    assert queue_wait.moves_change_places([], None) is True
    assert queue_wait.moves_change_places([], last) is True
