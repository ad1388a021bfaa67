"""Every missed or late chat gets one cause (pure, no Odoo)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from livechat_iconic.lib import miss_cause as mc
from livechat_iconic.lib.miss_cause import Wait

TARGET = 60


@pytest.mark.parametrize(
    ("wait", "expected"),
    [
        (Wait(waited=30, answered=True, agents_online=2, agents_free=1), None),
        (Wait(waited=60, answered=True), None),  # on the target: in time
        (Wait(waited=10, left_after=10), mc.VISITOR_LEFT),
        (Wait(waited=45, left_after=45, agents_online=1, agents_free=1), mc.ALERT_NOT_DELIVERED),
        (Wait(waited=300, outside_hours=True, agents_online=3, agents_free=3), mc.OUTSIDE_HOURS),
        (Wait(waited=300), mc.NOBODY_ONLINE),
        (Wait(waited=300, agents_online=2, agents_free=0), mc.ALL_BUSY),
        (
            Wait(waited=90, answered=True, agents_online=2, agents_free=1, taken=True),
            mc.TAKEN_NOT_ANSWERED,
        ),
        (Wait(waited=300, agents_online=2, agents_free=2), mc.ALERT_NOT_DELIVERED),
        (
            Wait(waited=300, agents_online=2, agents_free=2, alerts_acknowledged=2),
            mc.ALERT_NOT_TAKEN,
        ),
    ],
)
def test_cause(wait, expected):
    assert mc.cause(wait, TARGET) == expected
    assert mc.is_miss(wait, TARGET) is (expected is not None)


def test_no_target_no_miss():
    assert mc.cause(Wait(waited=3600), 0) is None
    assert mc.cause(Wait(waited=3600), None) is None


def test_grace_time_is_a_setting():
    assert mc.cause(Wait(waited=50, left_after=50), TARGET, grace_seconds=60) == mc.VISITOR_LEFT
    assert mc.cause(Wait(waited=50, left_after=50), TARGET, grace_seconds=20) == mc.NOBODY_ONLINE


@given(
    waited=st.floats(min_value=0, max_value=7200),
    answered=st.booleans(),
    left=st.one_of(st.none(), st.floats(min_value=0, max_value=7200)),
    outside=st.booleans(),
    online=st.integers(min_value=0, max_value=5),
    free=st.integers(min_value=0, max_value=5),
    acks=st.integers(min_value=0, max_value=5),
    taken=st.booleans(),
    target=st.integers(min_value=1, max_value=600),
)
def test_every_miss_has_a_cause(waited, answered, left, outside, online, free, acks, taken, target):
    wait = Wait(waited, answered, left, outside, online, min(free, online), acks, taken)
    found = mc.cause(wait, target)
    if answered and waited <= target:
        assert found is None
    else:
        assert found in mc.CAUSES, "no miss without a cause"


def test_escalation_steps_one_limit_apart():
    from datetime import datetime, timedelta

    sent = datetime(2026, 1, 5, 10, 0, 0)
    at = sent + timedelta(seconds=59)
    assert mc.escalation_due(sent, 60, 0, False, at) is None
    assert mc.escalation_due(sent, 60, 0, False, sent + timedelta(seconds=60)) == "desktop"
    assert mc.escalation_due(sent, 60, 1, False, sent + timedelta(seconds=119)) is None
    assert mc.escalation_due(sent, 60, 1, False, sent + timedelta(seconds=120)) == "slack"
    assert mc.escalation_due(sent, 60, 2, False, sent + timedelta(seconds=180)) == "email"
    assert mc.escalation_due(sent, 60, 3, False, sent + timedelta(days=1)) is None
    # acknowledged, no limit, no alert: nothing escalates
    assert mc.escalation_due(sent, 60, 0, True, sent + timedelta(days=1)) is None
    assert mc.escalation_due(sent, 0, 0, False, sent + timedelta(days=1)) is None
    assert mc.escalation_due(None, 60, 0, False, sent + timedelta(days=1)) is None
    assert mc.next_escalation_at(sent, 60, 2, False) == sent + timedelta(seconds=180)


def test_waited_seconds():
    from datetime import datetime, timedelta

    since = datetime(2026, 1, 5, 10, 0, 0)
    now = since + timedelta(seconds=500)
    assert mc.waited_seconds(since, since + timedelta(seconds=90), None, now) == 90
    assert mc.waited_seconds(since, None, since + timedelta(seconds=20), now) == 20
    assert mc.waited_seconds(since, None, None, now) == 500
    assert mc.waited_seconds(None, None, None, now) == 0
