"""When to wake the timers scheduled action (pure, no Odoo import).

Each run of the timers scheduled action does everything due and then wakes itself for the
next moment due, whichever session it belongs to. A session whose clock moves therefore
needs a wake-up of its own only when nothing wakes the action before its moment: a pending
wake-up at or before that moment starts a run that sees the session and wakes again for it.

That run must begin after the transaction that moved the clock has committed, or it would
not see the new moment: a pending wake-up counts only when it is more than ``margin`` away
(Odoo's request time limit, ``limit_time_real``, 120 s by default: a worker's request
that has not committed by then is killed, and its change with it). Moments sooner than that each get their own wake-up, as before.

Under a crowd, an agent's every message moves the visitor's silence clock a few minutes
ahead: one wake-up a message was one run of the action a message, most finding nothing due.
"""

from __future__ import annotations

from datetime import datetime, timedelta

#: how far a pending wake-up must be to count for a later moment (see above)
MARGIN = timedelta(seconds=120)


def wake_ups(moments, now: datetime, pending: datetime | None = None, margin: timedelta = MARGIN):
    """``(at_once, later)``: whether a moment of ``moments`` has come (wake now), and the
    sorted moments still to come that need a wake-up of their own. ``pending``: the
    earliest wake-up already planned more than ``margin`` after ``now`` (None: none)."""
    moments = set(moments)
    at_once = any(moment <= now for moment in moments)
    soon = sorted(moment for moment in moments if now < moment <= now + margin)
    far = min((moment for moment in moments if moment > now + margin), default=None)
    if far is not None and not (pending is not None and now + margin < pending <= far):
        soon.append(far)  # the first far moment: its run wakes for the next ones
    return at_once, soon


def needs_pending(moments, now: datetime, margin: timedelta = MARGIN):
    """Whether ``wake_ups`` would read the pending wake-ups (a moment beyond the margin):
    the caller reads them only then."""
    return any(moment > now + margin for moment in moments)
