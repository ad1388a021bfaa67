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
