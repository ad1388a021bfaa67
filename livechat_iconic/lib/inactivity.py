"""Inactivity timers of live chat sessions (pure, no Odoo import).

Two clocks, both read from stored datetimes (naive UTC, as Odoo stores them) and the
queue's settings, so that the scheduled action can be woken exactly when the next one is
due and handle every due session of a run in one pass:

Visitor inactivity (a human agent chats, the visitor does not answer)
    The clock starts at the agent's last message the visitor has not answered
    (``silent_since``), only while the session is CHATTING with a human agent; a visitor
    message stops it (the caller clears ``silent_since``). After ``remind_after`` the
    agent is proposed a courtesy reminder, or the reminder is sent (a queue option: the
    same timer, the caller decides); ``close_after`` after the reminder (proposed or
    sent, ``reminded_at``) the chat is closed as "visitor inactive". A late run never
    shortens the visitor's time: the close is always ``close_after`` after the reminder.
    ``remind_after`` (the agent's "no response" timeout, counted from the agent's last
    message) zero: no reminder, hence no close after one; ``close_after`` zero: a
    reminder only, the chat stays open.

    Separately, ``close_silent_after`` (the visitor's silence): the chat is closed that
    long after the agent's last message the visitor has not answered, without a
    reminder. Zero: off. When both are set, what comes first is done; at the same
    moment, the close (a reminder then would be moot).

Agent inactivity (a chat waits for an agent's answer)
    In an assigned queue, a chat given to an agent (WAITING, ``assigned_at``) that the
    agent has not answered within ``answer_within`` goes to the next agent. In a
    broadcast queue, a chat IN QUEUE (since ``queued_at``) that nobody took within
    ``answer_within`` is told to the supervisors, once per stay in the queue
    (``alerted_at``). ``answer_within`` zero: off.

The visitor waits for a reply (a queue option)
    While CHATTING with a human agent, the visitor's first message the agents have not
    answered (``unanswered_since``), or the moment the chat became CHATTING when that is
    later (an agent who just took the chat has had no time to answer the question it was
    queued with), starts a clock; after the queue's ``reply_within``
    the chat goes to WAITING "for a reply", where a colleague may step in. It does not
    go to the next agent: the pass-on above is for chats an agent has not answered
    since getting them, not for a conversation where the reply is late
    (``agent_timer`` ignores a chat WAITING for a reply). ``reply_within`` zero: off.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

#: the visitor did not answer: propose or send the courtesy reminder
REMIND = "remind"
#: the visitor did not answer the reminder either: close the chat (visitor inactive)
CLOSE = "close"
#: the agent did not answer the chat given to them: give it to the next agent
REASSIGN = "reassign"
#: nobody took the chat of a broadcast queue: tell the supervisors
ALERT_SUPERVISORS = "alert_supervisors"
#: the visitor waits for the agent's reply too long: the chat is WAITING for a reply
REPLY_OVERDUE = "reply_overdue"
ACTIONS = (REMIND, CLOSE, REASSIGN, ALERT_SUPERVISORS, REPLY_OVERDUE)

#: the state of a session in which a human agent and the visitor talk
CHATTING = "chatting"
#: the state of a session given to an agent who has not answered yet
WAITING = "waiting"
#: the state of a session that no agent has yet
IN_QUEUE = "in_queue"

ASSIGNED = "assigned"
BROADCAST = "broadcast"

ZERO = timedelta(0)


@dataclass(frozen=True)
class Timer:
    """The next thing due for a session: ``action`` (one of ``ACTIONS``) at ``due``."""

    action: str
    due: datetime

    def is_due(self, now: datetime) -> bool:
        return self.due <= now


def _on(delay: timedelta | None) -> bool:
    return delay is not None and delay > ZERO


def latest(*moments: datetime | None) -> datetime | None:
    """The latest of the given moments that are set (None when none is)."""
    known = [m for m in moments if m is not None]
    return max(known) if known else None


def waiting_since(
    queued_at: datetime | None, waiting_at: datetime | None, chatting_at: datetime | None
) -> datetime | None:
    """Since when the visitor of a chat WAITING for its agent has been waiting for a
    person: since entering the queue when the chat came to the agent from the queue (not
    from an earlier queue stay, before a conversation), else since it was given."""
    if waiting_at is None:
        return queued_at
    if queued_at is None or queued_at > waiting_at:
        return waiting_at
    if chatting_at is not None and queued_at <= chatting_at <= waiting_at:
        return waiting_at  # that stay in the queue ended in a conversation
    return queued_at


def visitor_timer(
    *,
    state: str,
    has_agent: bool,
    silent_since: datetime | None,
    reminded_at: datetime | None,
    remind_after: timedelta | None,
    close_after: timedelta | None,
    close_silent_after: timedelta | None = None,
) -> Timer | None:
    """The visitor-inactivity timer of one session (see the module's docstring), or None
    when nothing is to come: not CHATTING, no human agent, the visitor answered the
    agent's last message, both timeouts are off, or only a reminder was wanted and it
    came.

    :param state: the session's state
    :param has_agent: a human agent leads the chat (not a bot, not the queue)
    :param silent_since: the agent's last message the visitor has not answered
    :param reminded_at: when the reminder was proposed or sent (None: not yet); one
        older than ``silent_since`` belongs to an earlier silence and is ignored
    :param remind_after: silence before the reminder (zero or None: off)
    :param close_after: time after the reminder before the chat is closed (zero or
        None: never closed after a reminder)
    :param close_silent_after: silence before the chat is closed without a reminder
        (zero or None: off)
    """
    if state != CHATTING or not has_agent or silent_since is None:
        return None
    timers = []
    if _on(remind_after):
        if reminded_at is None or reminded_at < silent_since:
            timers.append(Timer(REMIND, silent_since + remind_after))
        elif _on(close_after):
            timers.append(Timer(CLOSE, reminded_at + close_after))
    if _on(close_silent_after):
        timers.append(Timer(CLOSE, silent_since + close_silent_after))
    # the first due; at the same moment the close
    return min(timers, key=lambda t: (t.due, t.action != CLOSE), default=None)


def agent_timer(
    *,
    state: str,
    mode: str,
    has_agent: bool,
    assigned_at: datetime | None,
    queued_at: datetime | None,
    alerted_at: datetime | None,
    answer_within: timedelta | None,
    waiting_for_reply: bool = False,
    agent_away: bool = False,
) -> Timer | None:
    """The agent-inactivity timer of one session (see the module's docstring), or None.

    :param state: the session's state
    :param mode: the queue's routing mode (``ASSIGNED`` or ``BROADCAST``)
    :param has_agent: a human agent leads the chat
    :param assigned_at: when the current agent got the chat (see :func:`latest`: the
        latest of entering WAITING, the last reassignment and the visitor's first
        unanswered message: a chat is announced to its agent at the visitor's first
        message, so the agent's time does not run before the question is there)
    :param queued_at: when the session entered IN QUEUE
    :param alerted_at: when the supervisors were told about it (None: never); one older
        than ``queued_at`` belongs to an earlier stay in the queue
    :param answer_within: the queue's limit (zero or None: off)
    :param waiting_for_reply: the chat is WAITING because the visitor waits for a reply
        in a conversation (see :func:`reply_timer`): colleagues step in, no pass-on
    :param agent_away: the agent went on Break or Invisible since they got the chat (the
        timers put them there after a miss): the chat is passed on at once, by the
        timers' next batch, not in the status change
    """
    if not _on(answer_within):
        return None
    if (
        mode == ASSIGNED
        and state == WAITING
        and has_agent
        and assigned_at is not None
        and not waiting_for_reply
    ):
        return Timer(REASSIGN, assigned_at if agent_away else assigned_at + answer_within)
    if mode == BROADCAST and state == IN_QUEUE and queued_at is not None:
        if alerted_at is not None and alerted_at >= queued_at:
            return None  # told once for this stay in the queue
        return Timer(ALERT_SUPERVISORS, queued_at + answer_within)
    return None


def reply_timer(
    *,
    state: str,
    has_agent: bool,
    unanswered_since: datetime | None,
    reply_within: timedelta | None,
    chatting_since: datetime | None = None,
) -> Timer | None:
    """When a conversation whose visitor waits for a reply goes to WAITING for a reply
    (see the module's docstring), or None: not CHATTING, no human agent, nothing
    unanswered, or the queue's option is off.

    :param unanswered_since: the visitor's first message no agent has answered yet
    :param reply_within: the queue's limit (zero or None: off)
    :param chatting_since: when the session entered its current CHATTING state
    """
    if state != CHATTING or not has_agent or unanswered_since is None:
        return None
    if not _on(reply_within):
        return None
    return Timer(REPLY_OVERDUE, latest(unanswered_since, chatting_since) + reply_within)


def split_due(timers: Iterable[tuple[object, Timer | None]], now: datetime):
    """``(due, next_due)`` for ``(key, timer)`` pairs: the pairs whose timer is due at
    ``now`` (in the given order), and the earliest moment a timer not due yet will be
    (None when none is pending)."""
    due = []
    next_due = None
    for key, timer in timers:
        if timer is None:
            continue
        if timer.is_due(now):
            due.append((key, timer))
        elif next_due is None or timer.due < next_due:
            next_due = timer.due
    return due, next_due
