"""What a queued visitor is told: their place in the queue and the expected wait.

Pure functions, no Odoo import. The place is the visitor's rank in their queue's SLA
order (:func:`sla.order_by_breach`, the dispatch's order); the expected wait comes from
the queue's recent answers: the median time from "started waiting" to the agent's first
answer of the sessions answered lately, less what the visitor has waited already, in
human round figures. With fewer than :data:`MIN_SAMPLES` recent answers there is no
estimate (a guess from one or two chats would mislead). Where the queue has chats being
served and a recent handle time, the Erlang C model (:func:`model_wait`) gives the
expected wait and its range instead.
"""

from collections import namedtuple
from statistics import median

from . import sla, staffing

#: Fewest recent first answers an estimate is made from.
MIN_SAMPLES = 3
#: Seconds back from now in which answered sessions count as recent.
RECENT_WINDOW = 3600

Status = namedtuple("Status", "position wait_minutes")
Status.__doc__ = """What the visitor is told: ``position`` (1: next), ``wait_minutes``
(whole minutes, human rounded, at least 1) or None when no estimate can be made."""


def positions(waitings, now):
    """``{id: position}``: each :class:`sla.Waiting`'s rank (1 first) in the SLA order of
    ``waitings`` (the sessions waiting in one queue)."""
    return {w.id: rank for rank, w in enumerate(sla.order_by_breach(waitings, now), start=1)}


def expected_wait(samples, waited=0, min_samples=MIN_SAMPLES):
    """Seconds the visitor can still expect to wait: the median of ``samples`` (recent
    times to a first answer, in seconds) less ``waited`` (seconds waited so far), never
    below 0. None with fewer than ``min_samples`` samples."""
    samples = [s for s in samples or () if s is not None and s >= 0]
    if len(samples) < max(1, min_samples):
        return None
    return max(0.0, float(median(samples)) - max(0.0, waited or 0))


def human_minutes(seconds):
    """``seconds`` as a figure a person would say: whole minutes, at least 1; to the 5
    minutes from 10 minutes on, to the quarter of an hour from an hour on. None stays
    None."""
    if seconds is None:
        return None
    minutes = seconds / 60
    if minutes < 10:
        step = 1
    elif minutes < 60:
        step = 5
    else:
        step = 15
    # round half up (Python's round() goes to the even number)
    return max(1, int(minutes / step + 0.5) * step)


def queue_statuses(waitings, samples, now, min_samples=MIN_SAMPLES):
    """``{id: Status}`` of the sessions waiting in one queue (:class:`sla.Waiting`), from
    the queue's recent times to a first answer ``samples`` (seconds)."""
    result = {}
    for position, waiting in enumerate(sla.order_by_breach(waitings, now), start=1):
        waited = sla.seconds_waited(waiting.waiting_since, now)
        result[waiting.id] = Status(
            position, human_minutes(expected_wait(samples, waited, min_samples))
        )
    return result


def model_wait(position, servers, handle_seconds):
    """``(expected, low, high)`` whole minutes (:func:`human_minutes`) a visitor at
    ``position`` may still wait by the Erlang C model
    (:func:`staffing.queued_wait_estimate`: median, 10% and 90% quantiles), with
    ``servers`` chats being served in the queue and the queue's recent mean handle time
    ``handle_seconds`` (the place already counts who was answered, so the time waited is
    not taken off). None when the model has nothing to go on (nobody serving, no handle
    time)."""
    if not position or not servers or not handle_seconds:
        return None
    estimate = staffing.queued_wait_estimate(position, servers, handle_seconds)
    if estimate is None:
        return None
    middle, low, high = (human_minutes(s) for s in estimate)
    return (middle, min(low, middle), max(high, middle))


def next_visitor_wait(waiting, servers, handle_seconds, free=False):
    """Seconds (the model's median) the next visitor to arrive would wait: their place is
    the number ``waiting`` in the queue + 1; 0 when nobody waits and an agent is ``free``
    (has room for one more chat). None when the model has nothing to go on (nobody
    serving, no handle time)."""
    if free and not waiting:
        return 0.0
    estimate = staffing.queued_wait_estimate(waiting + 1, servers, handle_seconds)
    return estimate[0] if estimate else None


def moves_change_places(keys, last_waiting):
    """Whether the queue moves of the sessions with sort ``keys`` (``(since, id)``: the
    sessions that joined or left the queue) change the place of a visitor still waiting
    there, the last of whom has the key ``last_waiting`` (None: nobody else waits). A
    visitor's place counts only the moves ahead of it: a visitor who joins behind everyone,
    or the last one who leaves, moves nobody. No keys: the queue's expected wait changed,
    which every waiting visitor reads."""
    if not keys:
        return True
    if last_waiting is None:
        return False
    return min(tuple(key) for key in keys) < tuple(last_waiting)
