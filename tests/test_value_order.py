"""Waiting visitors of equal SLA urgency ordered by the money at stake (pure, no Odoo)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from livechat_iconic.lib import sla, value_order
from livechat_iconic.lib.sla import Waiting

NOW = datetime(2026, 12, 7, 10, 0, 0)


def waiting(ident, waited, target=120, priority=0):
    return Waiting(ident, NOW - timedelta(seconds=waited), target, priority)


def test_bands():
    assert value_order.urgency_band(-5) == -1
    assert value_order.urgency_band(0) == -1
    assert value_order.urgency_band(29) == 0
    assert value_order.urgency_band(30) == 1
    with pytest.raises(ValueError):
        value_order.urgency_band(10, 0)


def test_value_orders_within_a_band_never_across():
    small = waiting(1, 100)  # 20 s left
    big = waiting(2, 95)  # 25 s left: same band, more money
    calm = waiting(3, 10)  # 110 s left: a later band, the most money
    late = waiting(4, 200)  # past the target, no value
    values = {2: 50000.0, 3: 900000.0}
    order = value_order.order_by_value([small, big, calm, late], NOW, values)
    assert [w.id for w in order] == [4, 2, 1, 3]
    # without values: the SLA order
    assert value_order.order_by_value([small, big, calm, late], NOW, {}) == sla.order_by_breach(
        [small, big, calm, late], NOW
    )


def test_negative_or_missing_values_count_as_none():
    a, b = waiting(1, 100), waiting(2, 95)
    assert value_order.order_by_value([a, b], NOW, {2: -10.0}) == sla.order_by_breach([a, b], NOW)


@given(
    st.lists(
        st.tuples(st.integers(min_value=0, max_value=600), st.floats(min_value=0, max_value=1e7)),
        min_size=1,
        max_size=30,
    )
)
def test_never_ahead_of_a_more_urgent_band(rows):
    waitings = [waiting(i, w) for i, (w, _v) in enumerate(rows)]
    values = {i: v for i, (_w, v) in enumerate(rows)}
    order = value_order.order_by_value(waitings, NOW, values)
    bands = [value_order.urgency_band(sla.waiting_key(w, NOW)[0]) for w in order]
    assert bands == sorted(bands)
