"""The money waiting: waiting visitors of equal SLA urgency ordered by what is at stake
in CRM (pure, no Odoo).

A queue may order its waiting visitors by value: the SLA order (:mod:`sla`) still comes
first, by bands of urgency, and within a band the visitor whose contact has the most
expected revenue in open opportunities is served first. Two visitors are equally urgent
when both are past their target, or when their seconds left fall in the same band of
``band_seconds``. A visitor with no confirmed contact has no value (0): an unconfirmed
claim never moves anyone up.
"""

from __future__ import annotations

import math

from . import sla

#: width of a band of equal urgency, in seconds left before the breach
DEFAULT_BAND_SECONDS = 30


def urgency_band(seconds_left, band_seconds=DEFAULT_BAND_SECONDS):
    """The band of ``seconds_left`` (smaller is more urgent): -1 once the target is
    passed, else ``seconds_left // band_seconds``."""
    if band_seconds <= 0:
        raise ValueError("band_seconds must be positive")
    if seconds_left <= 0:
        return -1
    return math.floor(seconds_left / band_seconds)


def value_key(waiting, now, value=0.0, band_seconds=DEFAULT_BAND_SECONDS):
    """Sort key of a :class:`sla.Waiting` worth ``value`` (expected revenue of its
    contact's open opportunities; 0 for none or an unconfirmed claim): the urgency band,
    then the highest value, then the SLA order (``sla.waiting_key``)."""
    key = sla.waiting_key(waiting, now)
    return (urgency_band(key[0], band_seconds), -max(0.0, value or 0.0), *key)


def order_by_value(waitings, now, values, band_seconds=DEFAULT_BAND_SECONDS):
    """The :class:`sla.Waiting` items, the one to serve first first: by urgency band,
    then by ``values`` (``{waiting id: value}``), then by the SLA order."""
    return sorted(waitings, key=lambda w: value_key(w, now, values.get(w.id, 0.0), band_seconds))


def order_terms(order):
    """``[(field, "asc"|"desc")]`` of an Odoo sort string such as ``"a, b desc"`` or
    ``"a ASC,b DESC"`` (the web client's spelling); ``nulls`` clauses are kept in the
    direction (``"asc nulls last"``)."""
    terms = []
    for part in (order or "").split(","):
        words = part.split()
        if words:
            terms.append((words[0], " ".join(words[1:]).lower() or "asc"))
    return terms


def follows_order(order, expected):
    """Whether the sort string ``order`` starts with every term of ``expected`` (the same
    fields, the same directions, however spelled): a board sorted by its own default
    order, a column's sort is another order."""
    expected_terms = order_terms(expected)
    return order_terms(order)[: len(expected_terms)] == expected_terms


def serve_slots(page_ids, queued_ids, served_ids):
    """The ids of a page of sessions listed in the SLA order (``page_ids``), with each
    queued one replaced by the visitor the dispatch serves at that rank: ``queued_ids``
    are all the queued sessions of the listing in the SLA order, ``served_ids`` the same
    in the dispatch's order (:func:`order_by_value`). The k-th queued place of the
    listing shows the k-th visitor to serve, on whichever page it falls; the other rows
    stay where they are."""
    if len(queued_ids) != len(served_ids) or set(queued_ids) != set(served_ids):
        raise ValueError("the dispatch's order must hold the same queued sessions")
    rank = {session_id: index for index, session_id in enumerate(queued_ids)}
    return [served_ids[rank[i]] if i in rank else i for i in page_ids]
