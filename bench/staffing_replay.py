"""Replay of a queue's history: how close the widget's expected wait comes to the real one.

    python3 bench/staffing_replay.py [--weeks 6] [--seed 23] [--handle-cv 0.8]

Pure Python (no Odoo, no database): a demo-like queue is generated with a fixed seed -
visitors arriving at random (Poisson, busier on weekday mornings and afternoons, few at
night and on weekends), chats of a mean 6 minutes (log-normal, ``--handle-cv``), agents
serving two chats at once per a weekly schedule that is short at some busy hours - and
served first come, first served. The history is then replayed in time order: at each
visitor's arrival the widget's model (``lib/queue_wait.model_wait``'s seconds, i.e.
``lib/staffing.queued_wait_estimate``) is asked, with what the server knows at that moment
- the visitor's place (those waiting + 1), the chats being served, the mean handle time of
the chats that ended in the last 24 hours - and its median and 10%-90% range are compared
with the wait that visitor really had. The first week only builds the handle-time history.

The same is asked of the model that also knows how long each chat being served has lasted
(``wait_given_ages.queued_wait_given_ages``: each chat's remaining time given its age, handle
times log-normal as fitted on the logarithms of the chats ended in the last 24 hours, the
visitor answered at the place-th end), in the columns "with ages". "Within 30% at best" is the share of its draws the best single
figure comes within 30% of (``wait_given_ages.best_share_within``), averaged: were that model
the truth, the share of visitors any figure told from this knowledge would put within 30%.
Under half, no such figure has a median error under 30%.

Prints the median absolute percentage error (the goal is under 30%), by place in the
queue, the share of real waits inside the told range, and the same error for the former
estimate (the median time to a first answer of the last hour).
"""

import argparse
import heapq
import importlib.machinery
import importlib.util
import math
import os
import platform
import random
import statistics
import sys
from collections import deque
from pathlib import Path

# the addon's lib as a bare package, without running its __init__ (Odoo): as tests/conftest.py
_ADDON = Path(__file__).resolve().parent.parent / "livechat_iconic"
_spec = importlib.machinery.ModuleSpec("livechat_iconic", None, is_package=True)
_spec.submodule_search_locations = [str(_ADDON)]
sys.modules.setdefault("livechat_iconic", importlib.util.module_from_spec(_spec))

import wait_given_ages  # noqa: E402  (bench/, beside this script)

from livechat_iconic.lib import queue_wait, staffing  # noqa: E402

HOUR = 3600
DAY = 24 * HOUR
WEEK = 7 * DAY
MEAN_HANDLE = 360.0
PARALLEL = 2
RECENT_HANDLE = DAY  # models/im_livechat_channel_staffing.HANDLE_WINDOW


def arrivals_per_hour(weekday, hour):
    """The demo queue's busy and quiet hours."""
    if weekday >= 5:
        return 12.0 if 10 <= hour < 18 else 2.0
    if hour < 7 or hour >= 21:
        return 2.0
    base = 30.0
    base += 25.0 * math.exp(-((hour - 10.5) ** 2) / 2)  # the morning peak
    base += 20.0 * math.exp(-((hour - 15) ** 2) / 2)  # the afternoon peak
    return base


def agents_on_shift(weekday, hour):
    """The demo schedule: enough most of the day, short at the peaks' edges."""
    if weekday >= 5:
        return 1 if 10 <= hour < 18 else 1
    if hour < 7 or hour >= 21:
        return 1
    if 9 <= hour < 12 or 14 <= hour < 17:
        return 3  # short: the peaks
    return 2


def handle_sampler(rng, cv):
    sigma = math.sqrt(math.log(1 + cv * cv))
    mu = math.log(MEAN_HANDLE) - sigma * sigma / 2
    return lambda: rng.lognormvariate(mu, sigma)


def generate(weeks, seed, cv):
    """``[(arrival, handle)]`` seconds from the start, a Poisson stream per hour."""
    rng = random.Random(seed)
    handle = handle_sampler(rng, cv)
    visitors = []
    for hour_start in range(0, weeks * WEEK, HOUR):
        weekday, hour = (hour_start // DAY) % 7, (hour_start // HOUR) % 24
        rate = arrivals_per_hour(weekday, hour) / HOUR
        t = hour_start + rng.expovariate(rate)
        while t < hour_start + HOUR:
            visitors.append((t, handle()))
            t += rng.expovariate(rate)
    return visitors


def capacity_at(t):
    return agents_on_shift(int(t // DAY) % 7, int(t // HOUR) % 24) * PARALLEL


def replay(visitors, warmup):
    """Serve the visitors first come, first served, and ask the model at each arrival.
    Returns ``[(place, predicted, low, high, former, with ages: predicted, low, high,
    the best share within 30%, actual)]`` for those who waited."""
    busy = []  # heap of (end, handle, start) of the chats being served
    queue = deque()  # (arrival, handle, prediction)
    ended = deque()  # (end, handle) of the last day
    ended_sum = ended_logs = ended_squares = 0.0
    answered = deque()  # (answer time, wait) of the last hour: the former estimate
    results = []
    events = deque(sorted(visitors))
    next_hour = HOUR

    def start(now, arrival, handle, prediction):
        heapq.heappush(busy, (now + handle, handle, now))
        answered.append((now, now - arrival))
        if prediction is not None:
            results.append((*prediction, now - arrival))

    while events or queue or busy:
        candidates = [next_hour]
        if events:
            candidates.append(events[0][0])
        if busy:
            candidates.append(busy[0][0])
        now = min(candidates)
        if busy and busy[0][0] == now:
            end, handle, _start = heapq.heappop(busy)
            ended.append((end, handle))
            ended_sum += handle
            ended_logs += math.log(handle)
            ended_squares += math.log(handle) ** 2
        elif events and events[0][0] == now:
            arrival, handle = events.popleft()
            while ended and ended[0][0] < now - RECENT_HANDLE:
                old = ended.popleft()[1]
                ended_sum -= old
                ended_logs -= math.log(old)
                ended_squares -= math.log(old) ** 2
            while answered and answered[0][0] < now - HOUR:
                answered.popleft()
            prediction = None
            if now >= warmup and (queue or len(busy) >= capacity_at(now)):
                place = len(queue) + 1
                mean = ended_sum / len(ended) if len(ended) >= queue_wait.MIN_SAMPLES else None
                estimate = staffing.queued_wait_estimate(place, len(busy), mean) if mean else None
                former = queue_wait.expected_wait([w for _t, w in answered])
                if estimate:
                    # the log-normal fit of the same chats (the server: avg and
                    # stddev_pop of ln(duration)), and the ages of the chats being served
                    log_mean = ended_logs / len(ended)
                    log_sd = math.sqrt(max(0.0, ended_squares / len(ended) - log_mean**2))
                    ages = [now - started for _end, _handle, started in busy]
                    draws = wait_given_ages.queued_wait_draws(place, ages, log_mean, log_sd)
                    with_ages = wait_given_ages.draw_quantiles(draws)
                    best = wait_given_ages.best_share_within(draws, 0.3)
                    prediction = (place, *estimate, former, *with_ages, best)
            queue.append((arrival, handle, prediction))
        else:
            next_hour += HOUR  # a new shift: the capacity may change
        while queue and len(busy) < capacity_at(now):
            arrival, handle, prediction = queue.popleft()
            start(now, arrival, handle, prediction)
    return results


def ape(predicted, actual):
    return abs(predicted - actual) / actual


def machine():
    cpu = platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores; Python {platform.python_version()}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--weeks", type=int, default=6)
    parser.add_argument("--seed", type=int, default=23)
    parser.add_argument("--handle-cv", type=float, default=0.8)
    args = parser.parse_args()
    visitors = generate(args.weeks, args.seed, args.handle_cv)
    results = [r for r in replay(visitors, WEEK) if r[-1] > 0]
    print(f"# {machine()}")
    print(
        f"# {len(visitors)} visitors over {args.weeks} weeks (seed {args.seed}, handle time "
        f"CV {args.handle_cv}); {len(results)} waited after the first week\n"
    )
    print(
        "| place at arrival | visitors | median real wait (s) | median error, model | "
        "real wait in the 10–90% range | median error, with ages | in the range, with ages "
        "| median error, former estimate | within 30% at best, with ages |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    groups = [("1", 1, 1), ("2–3", 2, 3), ("4–6", 4, 6), ("7+", 7, math.inf), ("all", 1, math.inf)]
    for label, low_place, high_place in groups:
        rows = [r for r in results if low_place <= r[0] <= high_place]
        if not rows:
            continue
        model_error = statistics.median(ape(r[1], r[9]) for r in rows)
        inside = sum(1 for r in rows if r[2] <= r[9] <= r[3]) / len(rows)
        ages_error = statistics.median(ape(r[5], r[9]) for r in rows)
        ages_inside = sum(1 for r in rows if r[6] <= r[9] <= r[7]) / len(rows)
        formers = [ape(r[4], r[9]) for r in rows if r[4] is not None]
        former = f"{statistics.median(formers):.0%}" if formers else "–"
        actual = statistics.median(r[9] for r in rows)
        best = statistics.fmean(r[8] for r in rows)
        print(
            f"| {label} | {len(rows)} | {actual:.0f} | {model_error:.0%} | {inside:.0%} | "
            f"{ages_error:.0%} | {ages_inside:.0%} | {former} | {best:.0%} |"
        )
    widths = [(r[3] - r[2]) / r[9] for r in results]
    ages_widths = [(r[7] - r[6]) / r[9] for r in results]
    print(
        f"\nmedian width of the range over the real wait: model {statistics.median(widths):.2f}, "
        f"with ages {statistics.median(ages_widths):.2f}"
    )


if __name__ == "__main__":
    main()
