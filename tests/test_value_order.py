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


BOARD_ORDER = "livechat_breach_dt, livechat_queue_priority desc, livechat_sla_since_dt, id"


def test_the_board_order_however_the_client_spells_it():
    client = "livechat_breach_dt ASC,livechat_queue_priority DESC,livechat_sla_since_dt ASC,id ASC"
    assert value_order.follows_order(client, BOARD_ORDER)
    assert value_order.follows_order(BOARD_ORDER + ", create_date desc", BOARD_ORDER)
    assert not value_order.follows_order("livechat_breach_dt DESC", BOARD_ORDER)
    assert not value_order.follows_order("livechat_visitor_name ASC", BOARD_ORDER)
    assert not value_order.follows_order(None, BOARD_ORDER)
    assert value_order.order_terms("a ASC NULLS LAST, b") == [("a", "asc nulls last"), ("b", "asc")]


def test_serve_slots_keep_the_other_rows_in_place():
    # rows 1, 3 and 5 are queued (SLA order 1, 3, 5); the dispatch serves 3, 1, 5
    assert value_order.serve_slots([1, 2, 3, 4, 5], [1, 3, 5], [3, 1, 5]) == [3, 2, 1, 4, 5]


def test_serve_slots_across_pages():
    # a page of two rows: the queued places it holds show the visitors served at those ranks
    queued, served = [1, 3, 5, 7], [3, 1, 7, 5]
    pages = [[1, 2], [3, 4], [5, 6], [7]]
    rows = [i for page in pages for i in value_order.serve_slots(page, queued, served)]
    assert rows == [3, 2, 1, 4, 7, 6, 5]


def test_serve_slots_refuse_another_set():
    with pytest.raises(ValueError):
        value_order.serve_slots([1, 2], [1, 2], [2, 3])


@given(st.permutations(range(8)), st.sets(st.integers(0, 7)))
def test_serve_slots_is_a_permutation(served, queued_set):
    queued = [i for i in range(8) if i in queued_set]
    served = [i for i in served if i in queued_set]
    rows = value_order.serve_slots(list(range(8)), queued, served)
    assert sorted(rows) == list(range(8))
    assert [i for i in rows if i in queued_set] == served
