"""First-response SLA order (pure, no Odoo): seconds left and the breach order."""

from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from livechat_iconic.lib import sla

NOW = datetime(2026, 1, 5, 10, 0, 0)


def ago(seconds):
    return NOW - timedelta(seconds=seconds)


def test_seconds_left_is_target_minus_waited():
    assert sla.seconds_left(120, ago(30), NOW) == 90
    assert sla.seconds_left(120, ago(120), NOW) == 0
    assert sla.seconds_left(60, ago(100), NOW) == -40  # breached by 40 s


def test_seconds_left_defaults_and_edges():
    assert sla.DEFAULT_FIRST_RESPONSE_TARGET == 120
    assert sla.seconds_left(None, ago(20), NOW) == 100
    assert sla.seconds_left(120, None, NOW) == 120  # not waiting yet
    assert sla.seconds_left(120, NOW + timedelta(seconds=5), NOW) == 120  # clock skew


def test_closest_to_breach_first_not_longest_waiting():
    # waited longer but a lenient queue (600 s) vs. a short wait in a strict queue (60 s)
    lenient = sla.Waiting(1, ago(300), 600, 0)  # 300 s left
    strict = sla.Waiting(2, ago(30), 60, 0)  # 30 s left
    assert [w.id for w in sla.order_by_breach([lenient, strict], NOW)] == [2, 1]


def test_queue_priority_breaks_ties_then_longest_wait_then_id():
    low = sla.Waiting(1, ago(60), 120, 0)
    high = sla.Waiting(2, ago(30), 90, 5)  # same 60 s left, higher priority
    assert [w.id for w in sla.order_by_breach([low, high], NOW)] == [2, 1]
    a = sla.Waiting(3, ago(10), 70, 1)  # 60 s left, waited 10
    b = sla.Waiting(4, ago(20), 80, 1)  # 60 s left, waited 20: first
    assert [w.id for w in sla.order_by_breach([a, b], NOW)] == [4, 3]
    c = sla.Waiting(6, ago(20), 80, 1)
    d = sla.Waiting(5, ago(20), 80, 1)
    assert [w.id for w in sla.order_by_breach([c, d], NOW)] == [5, 6]


waitings = st.lists(
    st.builds(
        sla.Waiting,
        id=st.integers(0, 10_000),
        waiting_since=st.integers(0, 3600).map(ago),
        target=st.integers(0, 900),
        queue_priority=st.integers(-3, 3),
    ),
    max_size=30,
    unique_by=lambda w: w.id,
)


@given(waitings)
def test_order_is_by_seconds_left_then_priority(items):
    ordered = sla.order_by_breach(items, NOW)
    assert sorted(w.id for w in ordered) == sorted(w.id for w in items)
    for first, second in zip(ordered, ordered[1:], strict=False):
        left1 = sla.seconds_left(first.target, first.waiting_since, NOW)
        left2 = sla.seconds_left(second.target, second.waiting_since, NOW)
        assert left1 <= left2
        if left1 == left2:
            assert first.queue_priority >= second.queue_priority
