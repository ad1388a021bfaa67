"""The queued visitor's wait knowing the ages of the chats in progress: a model tried
against the Erlang one by ``staffing_replay.py`` (BENCHMARKS.md, issue 23 point 3), kept
here, outside the addon, because it did not tell a better figure (the median error stays
30-35%): the server and the widget keep ``lib/staffing.queued_wait_estimate``."""

from __future__ import annotations

import heapq
import math
import random
from statistics import NormalDist

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
