"""Why a visitor waited beyond the queue's first-response target: pure rules (no Odoo).

Every visitor who asked for a human and was not answered within the target gets exactly
one cause, computed from facts the system holds at the end of the wait, in this order
(the first that holds is the cause; the order goes from what nobody could help to what
an agent could have done):

1. ``visitor_left``: the visitor left within the grace time after asking;
2. ``outside_hours``: the queue was closed (its opening hours) while they waited;
3. ``nobody_online``: no agent of the queue was shown online;
4. ``all_busy``: agents were online but every one was at their capacity;
5. ``taken_not_answered``: an agent took the chat (or was given it) and did not answer
   within the target;
6. ``alert_not_delivered``: nobody took it and no agent's browser acknowledged the
   waiting-visitor alert;
7. ``alert_not_taken``: an agent's browser showed the alert, nobody took the chat.

A wait within the target has no cause (``None``): it is not a miss.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

VISITOR_LEFT = "visitor_left"
OUTSIDE_HOURS = "outside_hours"
NOBODY_ONLINE = "nobody_online"
ALL_BUSY = "all_busy"
ALERT_NOT_DELIVERED = "alert_not_delivered"
ALERT_NOT_TAKEN = "alert_not_taken"
TAKEN_NOT_ANSWERED = "taken_not_answered"

#: the causes, in the order they are tried
CAUSES = (
    VISITOR_LEFT,
    OUTSIDE_HOURS,
    NOBODY_ONLINE,
    ALL_BUSY,
    TAKEN_NOT_ANSWERED,
    ALERT_NOT_DELIVERED,
    ALERT_NOT_TAKEN,
)

#: sessions an agent's browser may acknowledge in one call (a digest names several)
ACK_MAX_SESSIONS = 50

#: seconds after asking within which a visitor who leaves is not kept waiting by anyone
DEFAULT_GRACE_SECONDS = 30


@dataclass(frozen=True)
class Wait:
    """The facts of one visitor's wait for a human.

    ``waited``: seconds from asking to the first answer, or to the end of the wait
    (left, closed) when nobody answered; ``answered``: whether an agent answered;
    ``left_after``: seconds from asking to the visitor leaving unanswered (None: they did
    not leave); ``outside_hours``: the queue was closed during the wait;
    ``agents_online``: agents of the queue shown online during the wait (the most at any
    check); ``agents_free``: of them, those under their capacity; ``alerts_acknowledged``:
    agents' browsers that acknowledged the waiting-visitor alert; ``taken``: an agent
    took the chat (or was given it by the routing)."""

    waited: float
    answered: bool = False
    left_after: float | None = None
    outside_hours: bool = False
    agents_online: int = 0
    agents_free: int = 0
    alerts_acknowledged: int = 0
    taken: bool = False


def cause(wait, target_seconds, grace_seconds=DEFAULT_GRACE_SECONDS):
    """The cause (one of :data:`CAUSES`) of ``wait`` (a :class:`Wait`): a visitor answered
    after ``target_seconds``, or never answered. None when the visitor was answered
    within the target, or the queue has no target (``target_seconds`` 0 or None)."""
    if not target_seconds or target_seconds <= 0:
        return None
    if wait.answered and wait.waited <= target_seconds:
        return None
    if not wait.answered and wait.left_after is not None and wait.left_after <= grace_seconds:
        return VISITOR_LEFT
    if wait.outside_hours:
        return OUTSIDE_HOURS
    if wait.agents_online <= 0:
        return NOBODY_ONLINE
    if wait.agents_free <= 0:
        return ALL_BUSY
    if wait.taken:
        return TAKEN_NOT_ANSWERED
    if wait.alerts_acknowledged <= 0:
        return ALERT_NOT_DELIVERED
    return ALERT_NOT_TAKEN


def is_miss(wait, target_seconds):
    """Whether ``wait`` counts among the missed and late chats: answered after the target,
    or never answered (whenever the visitor left)."""
    return cause(wait, target_seconds) is not None


#: The escalation of a waiting-visitor alert no agent's browser acknowledged, in order:
#: the supervisors' desktop notice, a Slack direct message, an e-mail
ESCALATION_DESKTOP = "desktop"
ESCALATION_SLACK = "slack"
ESCALATION_EMAIL = "email"
ESCALATION_STEPS = (ESCALATION_DESKTOP, ESCALATION_SLACK, ESCALATION_EMAIL)


def escalation_due(alert_dt, limit_seconds, steps_done, acknowledged, now):
    """The escalation step due ``now`` (one of :data:`ESCALATION_STEPS`) for a session
    whose first waiting-visitor alert went out at ``alert_dt``, or None.

    Each step comes one more ``limit_seconds`` after the alert while no agent's browser
    acknowledged it: the desktop notice at ``alert_dt + limit``, the Slack message at
    ``+ 2 limit``, the e-mail at ``+ 3 limit``. ``steps_done``: how many were taken.
    ``limit_seconds`` 0 or None: the queue does not escalate."""
    at = next_escalation_at(alert_dt, limit_seconds, steps_done, acknowledged)
    if at is None or at > now:
        return None
    return ESCALATION_STEPS[steps_done]


def next_escalation_at(alert_dt, limit_seconds, steps_done, acknowledged):
    """When the next escalation step is due (see :func:`escalation_due`), or None."""
    if acknowledged or not alert_dt or not limit_seconds or limit_seconds <= 0:
        return None
    if steps_done >= len(ESCALATION_STEPS):
        return None
    return alert_dt + timedelta(seconds=limit_seconds * (steps_done + 1))


def waited_seconds(since, answered_dt, ended_dt, now):
    """Seconds a visitor waited for a person since ``since``: to the first answer, else
    to the end of the wait (left, closed), else to ``now``; 0 when ``since`` is unknown."""
    if not since:
        return 0.0
    end = answered_dt or ended_dt or now
    return max(0.0, (end - since).total_seconds())
