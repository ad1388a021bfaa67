"""How many agents an hour needs: the Erlang C model of a queue, pure (no Odoo).

Visitors arrive at random (a Poisson stream, ``arrivals`` an hour) and each chat holds an
agent for ``handle_seconds`` on average; ``agents`` serve them, and a visitor nobody can
take waits in the queue. Erlang C gives the chance that a visitor waits at all, the share
answered within a target time (the service level), the expected wait, and so the fewest
agents that meet a target such as "80% answered within 60 s".

A live chat agent may serve several chats at once: ``parallel`` counts an agent as that
many servers (each chat then takes the whole handle time of one of them), the usual
approximation for concurrent chats.

The offered load in Erlangs is ``A = arrivals * handle_seconds / 3600``; with ``N``
servers (``N > A``)::

    C(N, A) = (A^N / N!) * N / (N - A) / (sum_{k<N} A^k / k! + (A^N / N!) * N / (N - A))
    P(wait > t) = C(N, A) * exp(-(N - A) * t / handle_seconds)
    E[wait] = C(N, A) * handle_seconds / (N - A)

computed with the Erlang B recursion (no factorials, no overflow).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import timedelta

__all__ = [
    "Forecast",
    "covered_hours",
    "queued_wait_estimate",
    "shortfalls",
    "hourly_profile",
    "profile_from_totals",
    "queued_wait_range",
    "agents_needed",
    "erlang_c",
    "forecast",
    "offered_load",
    "service_level",
    "wait_quantile",
    "expected_wait",
]

_HOUR = timedelta(hours=1)

#: the most servers tried before giving up (a target no staffing can meet)
MAX_SERVERS = 1000


def offered_load(arrivals, handle_seconds):
    """Erlangs offered by ``arrivals`` visitors an hour, each handled ``handle_seconds``."""
    if arrivals < 0 or handle_seconds < 0:
        raise ValueError("arrivals and handle time cannot be negative")
    return arrivals * handle_seconds / 3600.0


def erlang_c(servers, load):
    """The chance that a visitor waits (nobody free when they arrive), for ``servers``
    servers and ``load`` Erlangs. 1.0 when the servers cannot keep up (``servers <=
    load``); 0.0 with no load."""
    if servers < 0 or load < 0:
        raise ValueError("servers and load cannot be negative")
    if load == 0:
        return 0.0
    if servers <= load:
        return 1.0
    # Erlang B by recursion: B(0) = 1, B(k) = A B(k-1) / (k + A B(k-1))
    blocking = 1.0
    for k in range(1, int(servers) + 1):
        blocking = load * blocking / (k + load * blocking)
    return servers * blocking / (servers - load * (1 - blocking))


def wait_quantile(servers, load, handle_seconds, share):
    """Seconds within which ``share`` (0 < share < 1) of the visitors are answered: the
    waiting time's ``share`` quantile. ``math.inf`` when the servers cannot keep up."""
    if not 0 < share < 1:
        raise ValueError("share must be between 0 and 1")
    if servers <= load:
        return math.inf
    waits = erlang_c(servers, load)
    if waits <= 1 - share:
        return 0.0
    return handle_seconds / (servers - load) * math.log(waits / (1 - share))


def service_level(servers, load, handle_seconds, target_seconds):
    """The share of visitors answered within ``target_seconds``."""
    if servers <= load:
        return 0.0 if load else 1.0
    waits = erlang_c(servers, load)
    if handle_seconds <= 0:
        return 1.0
    return 1.0 - waits * math.exp(-(servers - load) * target_seconds / handle_seconds)


def expected_wait(servers, load, handle_seconds):
    """The mean wait in seconds (over all visitors, those answered at once included);
    ``math.inf`` when the servers cannot keep up."""
    if servers <= load:
        return math.inf if load else 0.0
    return erlang_c(servers, load) * handle_seconds / (servers - load)


def agents_needed(arrivals, handle_seconds, target_seconds, target_share, parallel=1):
    """The fewest agents (each serving up to ``parallel`` chats) for which at least
    ``target_share`` of ``arrivals`` visitors an hour are answered within
    ``target_seconds``. 0 when nobody arrives."""
    if not 0 < target_share < 1:
        raise ValueError("target_share must be between 0 and 1")
    if parallel < 1:
        raise ValueError("parallel must be at least 1")
    load = offered_load(arrivals, handle_seconds)
    if load == 0:
        return 0
    servers = math.floor(load) + 1
    while servers <= MAX_SERVERS:
        if service_level(servers, load, handle_seconds, target_seconds) >= target_share:
            return math.ceil(servers / parallel)
        servers += 1
    raise ValueError(f"no staffing up to {MAX_SERVERS} servers meets the target")


@dataclass(frozen=True)
class Forecast:
    """One hour's forecast: ``needed`` agents for the target, and with them the service
    level reached, the mean wait and the wait within which half and nine in ten visitors
    are answered (seconds)."""

    arrivals: float
    handle_seconds: float
    needed: int
    service_level: float
    mean_wait: float
    median_wait: float
    wait_90: float


def forecast(arrivals, handle_seconds, target_seconds, target_share, parallel=1):
    """The :class:`Forecast` of an hour with ``arrivals`` visitors of ``handle_seconds``
    each, for the target (``target_share`` answered within ``target_seconds``)."""
    needed = agents_needed(arrivals, handle_seconds, target_seconds, target_share, parallel)
    load = offered_load(arrivals, handle_seconds)
    servers = needed * parallel
    if not load:
        return Forecast(arrivals, handle_seconds, 0, 1.0, 0.0, 0.0, 0.0)
    return Forecast(
        arrivals,
        handle_seconds,
        needed,
        service_level(servers, load, handle_seconds, target_seconds),
        expected_wait(servers, load, handle_seconds),
        wait_quantile(servers, load, handle_seconds, 0.5),
        wait_quantile(servers, load, handle_seconds, 0.9),
    )


def hourly_profile(chats, start, end):
    """The queue's history per hour of the week: ``{(weekday, hour): (arrivals an hour,
    mean handle seconds)}`` (weekday 0 = Monday), from ``chats``, an iterable of
    ``(arrived_at, handle_seconds)`` (naive local datetimes; ``handle_seconds`` None for
    a chat nobody handled: it counts as an arrival, not in the handle time), over the
    period ``[start, end)``. Arrivals are averaged over the times each hour of the week
    occurs in the period, so a period of 3 weeks and 2 days counts Mondays right. Hours
    with no arrival are left out."""
    if end <= start:
        raise ValueError("the period must end after it starts")
    totals = {}
    for arrived_at, handle_seconds in chats:
        if not start <= arrived_at < end:
            continue
        key = (arrived_at.weekday(), arrived_at.hour)
        count, handled, handle_sum = totals.get(key, (0, 0, 0.0))
        if handle_seconds is not None and handle_seconds >= 0:
            handled, handle_sum = handled + 1, handle_sum + handle_seconds
        totals[key] = (count + 1, handled, handle_sum)
    return profile_from_totals(totals, start, end)


def profile_from_totals(totals, start, end):
    """:func:`hourly_profile` from totals a database summed already: ``{(weekday, hour):
    (chats, handled chats, sum of their handle seconds)}`` over ``[start, end)``."""
    if end <= start:
        raise ValueError("the period must end after it starts")
    occurrences = {}
    hour = start.replace(minute=0, second=0, microsecond=0)
    while hour < end:
        key = (hour.weekday(), hour.hour)
        occurrences[key] = occurrences.get(key, 0) + 1
        hour += _HOUR
    return {
        key: (count / occurrences[key], handle_sum / handled if handled else 0.0)
        for key, (count, handled, handle_sum) in totals.items()
        if count and key in occurrences
    }


def queued_wait_range(position, servers, handle_seconds, low=0.1, high=0.9):
    """Seconds a visitor at ``position`` in the queue (1: next) may still wait, as a
    range ``(low quantile, high quantile)``, when ``servers`` busy servers each free up
    after ``handle_seconds`` on average: the visitor is answered at the ``position``-th
    departure, and departures come at rate ``servers / handle_seconds`` (the Erlang C
    model's waiting time, given that the visitor waits). None when nobody serves."""
    if position < 1:
        raise ValueError("position starts at 1")
    if servers <= 0 or handle_seconds <= 0:
        return None
    rate = servers / handle_seconds
    return (_erlang_quantile(position, rate, low), _erlang_quantile(position, rate, high))


def _erlang_cdf(shape, rate, seconds):
    """P(X <= seconds) for X the sum of ``shape`` exponential times of ``rate``."""
    x = rate * seconds
    term, total = 1.0, 1.0
    for k in range(1, shape):
        term *= x / k
        total += term
    return 1.0 - math.exp(-x) * total


def _erlang_quantile(shape, rate, share):
    """The ``share`` quantile of the Erlang(``shape``, ``rate``) distribution, by
    bisection (to the tenth of a second)."""
    lo, hi = 0.0, (shape + 10 * math.sqrt(shape) + 10) / rate
    while hi - lo > 0.1:
        mid = (lo + hi) / 2
        if _erlang_cdf(shape, rate, mid) < share:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def queued_wait_estimate(position, servers, handle_seconds, low=0.1, high=0.9):
    """``(median, low quantile, high quantile)`` seconds a visitor at ``position`` may
    still wait (:func:`queued_wait_range`'s model; the median is the expected wait told to
    the visitor, the figure a replay of the history scores). None when nobody serves."""
    bounds = queued_wait_range(position, servers, handle_seconds, low, high)
    if bounds is None:
        return None
    middle = _erlang_quantile(position, servers / handle_seconds, 0.5)
    return (middle, *bounds)


def covered_hours(intervals):
    """The hours of the week ``{(weekday, hour)}`` that ``intervals`` cover: an hour
    counts when an interval (``(start, end)`` naive local datetimes) holds its middle
    (HH:30), so a shift 8:00-12:00 covers 8, 9, 10 and 11 and one 8:45-9:15 none."""
    hours = set()
    for start, end in intervals:
        hour = start.replace(minute=30, second=0, microsecond=0)
        if hour < start:
            hour += _HOUR
        while hour < end:
            hours.add((hour.weekday(), hour.hour))
            hour += _HOUR
    return hours


def shortfalls(needed, scheduled):
    """``{(weekday, hour): agents missing}`` for the hours where ``scheduled`` (agents
    by hour of the week) falls short of ``needed``; hours that are staffed enough are
    left out."""
    return {
        key: count - scheduled.get(key, 0)
        for key, count in needed.items()
        if count > scheduled.get(key, 0)
    }
