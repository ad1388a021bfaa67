"""First-response SLA of waiting sessions: seconds left before the breach and the order
in which waiting sessions should be served (the one closest to its breach first).

Pure functions, no Odoo import: the board, the routing dispatch and the bench call them.

A session has waited ``waited = now - waiting_since`` seconds; its queue's first-response
target is ``target`` seconds (``im_livechat.channel.livechat_first_response_target``,
default 120). Its predicted breach is ``target - waited`` seconds from now (negative:
already breached). Waiting sessions are served by increasing seconds left; the queue's
priority (``im_livechat.channel.livechat_priority``, higher first) breaks ties, then the
longest wait, then the id, so the order is total and stable.
"""

from collections import namedtuple
from datetime import datetime, timedelta

DEFAULT_FIRST_RESPONSE_TARGET = 120  # seconds: the telematics team's two-minute KPI

Waiting = namedtuple("Waiting", "id waiting_since target queue_priority")
Waiting.__doc__ = """A waiting session as the SLA order sees it.

id: any sortable identifier (the session's id); waiting_since: naive UTC datetime when the
visitor started waiting for a first answer; target: the queue's first-response target in
seconds; queue_priority: the queue's priority (int, higher is served first on a tie)."""


def seconds_waited(waiting_since: datetime, now: datetime) -> float:
    """Seconds between ``waiting_since`` and ``now`` (0 when ``waiting_since`` is later or
    unknown)."""
    if not waiting_since:
        return 0.0
    return max(0.0, (now - waiting_since).total_seconds())


def seconds_left(target: int, waiting_since: datetime, now: datetime) -> float:
    """Seconds before the first-response target is breached: ``target - waited``.
    Negative once breached (by how much). ``target`` None or below 0 counts as the
    default target."""
    if target is None or target < 0:
        target = DEFAULT_FIRST_RESPONSE_TARGET
    return target - seconds_waited(waiting_since, now)


def breach_key(target, waiting_since, now, queue_priority=0, ident=0):
    """Sort key of one waiting session: smaller is served first.

    (seconds left, -queue priority, waiting since, ident): the predicted breach first,
    the queue's priority breaking ties, then the longest wait, then ``ident``.
    """
    return (
        seconds_left(target, waiting_since, now),
        -(queue_priority or 0),
        waiting_since or now,
        ident,
    )


def waiting_key(waiting: Waiting, now: datetime):
    """``breach_key`` of a :class:`Waiting`."""
    return breach_key(
        waiting.target, waiting.waiting_since, now, waiting.queue_priority, waiting.id
    )


def order_by_breach(waitings, now: datetime):
    """The :class:`Waiting` items, the one to serve first first (see ``breach_key``)."""
    return sorted(waitings, key=lambda w: waiting_key(w, now))


#: States in which a visitor waits for a person (with no agent's answer yet: see
#: :func:`waiting_since`).
WAITING_STATES = frozenset({"in_queue", "waiting"})


def waiting_since(state, in_queue_dt=None, waiting_dt=None, first_answer_dt=None):
    """When the visitor of a session began waiting for a first answer, or None when the
    session does not wait for one.

    A session waits for a first answer while IN QUEUE or WAITING (an agent assigned)
    with no agent's answer yet. IN QUEUE: since it was queued, as the dispatch counts it.
    WAITING: since it was queued, when it was (an assignment is no answer), else since
    the agent was assigned.
    """
    if first_answer_dt or state not in WAITING_STATES:
        return None
    if state == "in_queue":
        return in_queue_dt or None
    starts = [d for d in (in_queue_dt, waiting_dt) if d]
    return min(starts) if starts else None


def breach_at(target, since):
    """The moment a session waiting since ``since`` breaches its first-response target
    (``since + target``; ``target`` None or below 0 counts as the default target). A
    session breaches first when its ``breach_at`` is the earliest: for one ``now``,
    ``breach_at - now`` is :func:`seconds_left`, so ordering by ``breach_at`` then by
    ``-queue_priority``, ``since`` and id is the order of :func:`breach_key`."""
    if not since:
        return None
    if target is None or target < 0:
        target = DEFAULT_FIRST_RESPONSE_TARGET
    return since + timedelta(seconds=target)
