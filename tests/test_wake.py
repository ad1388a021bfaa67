"""When the timers scheduled action is woken (pure, no Odoo)."""

from datetime import datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from livechat_iconic.lib import wake

T0 = datetime(2026, 1, 5, 10, 0, 0)
SEC = timedelta(seconds=1)
MIN = timedelta(minutes=1)


def test_a_moment_come_wakes_at_once():
    assert wake.wake_ups([T0 - SEC], T0) == (True, [])
    assert wake.wake_ups([T0], T0) == (True, [])


def test_moments_within_the_margin_each_get_their_own_wake_up():
    moments = [T0 + 30 * SEC, T0 + 90 * SEC, T0 + 30 * SEC]
    assert wake.wake_ups(moments, T0, pending=T0 + 3 * MIN) == (
        False,
        [T0 + 30 * SEC, T0 + 90 * SEC],
    )
    assert not wake.needs_pending(moments, T0)


def test_a_far_moment_is_covered_by_a_pending_wake_up_before_it():
    far = T0 + 3 * MIN
    assert wake.needs_pending([far], T0)
    assert wake.wake_ups([far], T0, pending=T0 + 150 * SEC) == (False, [])
    assert wake.wake_ups([far], T0, pending=far) == (False, [])


def test_a_far_moment_before_the_pending_wake_up_gets_its_own():
    far = T0 + 3 * MIN
    assert wake.wake_ups([far], T0, pending=far + SEC) == (False, [far])
    assert wake.wake_ups([far], T0, pending=None) == (False, [far])


def test_a_pending_wake_up_within_the_margin_does_not_count():
    """Its run may begin before this transaction commits, and not see the new moment."""
    far = T0 + 3 * MIN
    assert wake.wake_ups([far], T0, pending=T0 + 60 * SEC) == (False, [far])


def test_only_the_first_of_several_far_moments():
    moments = [T0 + 5 * MIN, T0 + 3 * MIN, T0 + 10 * MIN]
    assert wake.wake_ups(moments, T0) == (False, [T0 + 3 * MIN])


@given(
    st.lists(st.integers(-300, 900), min_size=1, max_size=8),
    st.one_of(st.none(), st.integers(-300, 900)),
)
def test_every_moment_is_woken_for_in_time(offsets, pending_offset):
    """Each moment to come has a wake-up at or before it that begins after the margin or
    is its own (then the runs chain on to the later ones)."""
    moments = [T0 + s * SEC for s in offsets]
    pending = None if pending_offset is None else T0 + pending_offset * SEC
    if pending is not None and pending <= T0 + wake.MARGIN:
        pending = None  # the caller reads only the pending wake-ups beyond the margin
    at_once, later = wake.wake_ups(moments, T0, pending)
    woken = set(later) | ({pending} if pending else set())
    for moment in moments:
        if moment <= T0:
            assert at_once
        elif moment <= T0 + wake.MARGIN:
            assert moment in later
        else:
            assert any(w <= moment and w > T0 + wake.MARGIN for w in woken)
