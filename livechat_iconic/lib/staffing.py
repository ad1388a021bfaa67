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

import heapq
import math
import random
from dataclasses import dataclass
from datetime import timedelta
from statistics import NormalDist

__all__ = [
    "Forecast",
    "covered_hours",
    "queued_wait_estimate",
    "queued_wait_draws",
    "draw_quantiles",
    "best_share_within",
    "queued_wait_given_ages",
    "log_normal_fit",
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


#: Draws of :func:`queued_wait_given_ages` (its quantiles move by a few percent between
#: seeds at this count).
AGE_DRAWS = 200
_NORMAL = NormalDist()


def log_normal_fit(durations):
    """``(mean, standard deviation)`` of the logarithms of ``durations`` (seconds; those
    not above 0 left out): the log-normal law of a chat's handle time. None with fewer
    than two."""
    logs = [math.log(d) for d in durations if d and d > 0]
    if len(logs) < 2:
        return None
    mean = math.fsum(logs) / len(logs)
    return mean, math.sqrt(math.fsum((x - mean) ** 2 for x in logs) / len(logs))


def queued_wait_draws(position, ages, log_mean, log_sd, draws=AGE_DRAWS, seed=0):
    """Sorted seconds a visitor at ``position`` (1: next) waits in ``draws`` draws of the
    queue's next chat ends, knowing how long each chat being served has lasted (``ages``,
    seconds) and that chats last a log-normal time (``log_mean``, ``log_sd``: of the
    logarithm of the seconds, :func:`log_normal_fit`). Each chat in progress ends after
    its remaining time given that it lasted its age already; each place it frees takes
    the next visitor for a new chat; the visitor is answered at the ``position``-th end.
    The draws are seeded from ``seed``: the same inputs give the same draws, and a later
    place extends each draw (never answered sooner). Empty when nobody serves."""
    if position < 1:
        raise ValueError("position starts at 1")
    sigma = max(log_sd, 1e-6)
    # P(handle <= age) of each chat: its remaining time is drawn above it
    floors = [_NORMAL.cdf((math.log(a) - log_mean) / sigma) if a > 0 else 0.0 for a in ages]
    waits = []
    for draw in range(draws if ages else 0):
        rng = random.Random(seed * draws + draw)
        ends = []
        for age, floor in zip(ages, floors, strict=True):
            share = min(max(floor + (1.0 - floor) * rng.random(), 1e-12), 1.0 - 1e-12)
            ends.append(max(0.0, math.exp(log_mean + sigma * _NORMAL.inv_cdf(share)) - age))
        heapq.heapify(ends)
        for _place in range(position - 1):
            end = heapq.heappop(ends)
            heapq.heappush(ends, end + rng.lognormvariate(log_mean, sigma))
        waits.append(ends[0])
    waits.sort()
    return waits


def queued_wait_given_ages(
    position, ages, log_mean, log_sd, low=0.1, high=0.9, draws=AGE_DRAWS, seed=0
):
    """``(median, low quantile, high quantile)`` of :func:`queued_wait_draws`: seconds a
    visitor at ``position`` may still wait, knowing the ages of the chats being served.
    None when nobody serves."""
    return draw_quantiles(
        queued_wait_draws(position, ages, log_mean, log_sd, draws, seed), low, high
    )


def draw_quantiles(waits, low=0.1, high=0.9):
    """``(median, low quantile, high quantile)`` of sorted ``waits``; None when empty."""
    if not waits:
        return None

    def quantile(share):
        return waits[min(len(waits) - 1, int(share * len(waits)))]

    return quantile(0.5), quantile(low), quantile(high)


def best_share_within(waits, error):
    """The largest share of sorted ``waits`` that one figure ``p`` can come within
    ``error`` (0.3: 30%) of in relative terms (``|p - w| <= error * w``, i.e. ``w`` in
    ``[p / (1 + error), p / (1 - error)]``), over the figures ``p`` at the draws' ends
    of such a window: what the best point estimate could reach, were the draws the truth."""
    if not waits or not 0 < error < 1:
        return 0.0
    best, first = 0, 0
    ratio = (1 + error) / (1 - error)  # the widest a window's ends can be apart
    for last, wait in enumerate(waits):
        while waits[first] * ratio < wait:
            first += 1
        best = max(best, last - first + 1)
    return best / len(waits)


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
