"""Life cycle of a live chat session: states, allowed transitions, durations.

Pure Python, no Odoo import. The Odoo model uses ``STATES`` for its selection
field, calls :func:`check_transition` before writing a new state and stores
the moment a state is entered in the field named by :func:`timestamp_field`.

States (key, label) and what they mean:

``loading`` (Loading)
    The chat is loading on either side; also used while a bot still handles
    the visitor, before a human is needed.
``invited`` (Invited)
    An agent invited the visitor. Other agents must neither invite nor take
    the session unless that agent lets it go.
``in_queue`` (In Queue)
    The visitor asked for help and no agent has the session yet.
``waiting`` (Waiting)
    An agent is assigned, but the visitor waits for a reply or for a transfer.
``chatting`` (Chatting)
    The visitor is talking with an agent.
``closed`` (Closed)
    Closed by the visitor or by an agent, or the connection dropped. Not
    final: an agent can reconnect (``closed -> chatting``) or the visitor can
    come back.
``left`` (Left)
    The visitor left the website. Final.

Datetimes are naive UTC, as Odoo stores them.
"""

from __future__ import annotations

from datetime import datetime

__all__ = [
    "ACTIVE_STATES",
    "FINAL_STATES",
    "IllegalTransition",
    "STATES",
    "STATE_KEYS",
    "STATE_LABELS",
    "TAKEABLE_STATES",
    "DROPPABLE_STATES",
    "TRANSITIONS",
    "can_transition",
    "chat_seconds",
    "check_transition",
    "initial_state",
    "is_active",
    "queue_seconds",
    "seconds_since",
    "state_label",
    "timestamp_field",
]

#: Selection of the session state, in life-cycle order: (key, label).
STATES: list[tuple[str, str]] = [
    ("loading", "Loading"),
    ("invited", "Invited"),
    ("in_queue", "In Queue"),
    ("waiting", "Waiting"),
    ("chatting", "Chatting"),
    ("closed", "Closed"),
    ("left", "Left"),
]

#: State keys in life-cycle order.
STATE_KEYS: tuple[str, ...] = tuple(key for key, _label in STATES)

#: State key -> label.
STATE_LABELS: dict[str, str] = dict(STATES)

#: State -> states it may move to. Moving to the same state is never a transition.
TRANSITIONS: dict[str, frozenset[str]] = {
    "loading": frozenset({"invited", "in_queue", "waiting", "chatting", "closed", "left"}),
    "invited": frozenset({"chatting", "waiting", "in_queue", "closed", "left"}),
    "in_queue": frozenset({"waiting", "chatting", "closed", "left"}),
    "waiting": frozenset({"chatting", "in_queue", "closed", "left"}),
    "chatting": frozenset({"waiting", "in_queue", "closed", "left"}),
    # An agent reconnects, the visitor comes back and asks again, or restarts the bot.
    "closed": frozenset({"loading", "chatting", "waiting", "in_queue", "left"}),
    "left": frozenset(),
}

#: States from which nothing follows.
FINAL_STATES: frozenset[str] = frozenset(s for s, targets in TRANSITIONS.items() if not targets)

#: States in which the conversation is still going on (neither closed nor left).
ACTIVE_STATES: frozenset[str] = frozenset(STATE_KEYS) - {"closed", "left"}

#: States on which an agent may press "Chat" and take the session. ``invited``
#: is not among them: it belongs to the inviting agent until they let it go.
TAKEABLE_STATES: frozenset[str] = frozenset({"loading", "in_queue", "waiting", "closed"})

#: States of a visitor engaged with a human: a dropped connection closes them (not ended),
#: and they resume when the visitor comes back (closed -> each of these is allowed).
DROPPABLE_STATES: frozenset[str] = frozenset({"in_queue", "waiting", "chatting"})


class IllegalTransition(ValueError):
    """A state change that the session life cycle does not allow (or an unknown state)."""

    def __init__(self, message: str, old: object = None, new: object = None) -> None:
        super().__init__(message)
        self.old = old
        self.new = new


def _valid_keys() -> str:
    return ", ".join(STATE_KEYS)


def _require_state(state: object, role: str = "") -> str:
    """Return ``state`` if it is a known key, else raise :class:`IllegalTransition` listing the valid keys."""
    if not isinstance(state, str) or state not in STATE_LABELS:
        which = f" {role}" if role else ""
        raise IllegalTransition(
            f"Unknown live chat session{which} state {state!r}; valid states are: {_valid_keys()}."
        )
    return state


def state_label(state: str) -> str:
    """Human label of a state key (``"in_queue"`` -> ``"In Queue"``); raises IllegalTransition if unknown."""
    return STATE_LABELS[_require_state(state)]


def can_transition(old: str, new: str) -> bool:
    """True when a session may go from ``old`` to ``new`` (False for unknown states)."""
    return (
        isinstance(old, str) and isinstance(new, str) and new in TRANSITIONS.get(old, frozenset())
    )


def check_transition(old: str, new: str) -> None:
    """Raise :class:`IllegalTransition` unless a session may go from ``old`` to ``new``.

    Unknown states raise too, with the list of valid keys. Staying in the same
    state is not a transition and is refused as well.
    """
    _require_state(old, "current")
    _require_state(new, "target")
    if new not in TRANSITIONS[old]:
        raise IllegalTransition(
            f"A live chat session cannot go from {STATE_LABELS[old]} to {STATE_LABELS[new]}.",
            old,
            new,
        )


def initial_state(*, invited: bool, queued: bool, bot_talks: bool) -> str:
    """State of a session when it is created.

    ``invited``: an agent invited the visitor (a chat request); ``queued``: nobody was
    available and the queue stands in as operator; ``bot_talks``: a bot talks first, no
    human is needed yet. Otherwise routing assigned an agent who has not answered yet.
    """
    if invited:
        return "invited"
    if queued:
        return "in_queue"
    if bot_talks:
        return "loading"
    return "waiting"


def is_active(state: str) -> bool:
    """True while the conversation is going on: any known state but ``closed`` and ``left``."""
    return state in ACTIVE_STATES


def timestamp_field(state: str) -> str:
    """Name of the datetime field recording when a session entered ``state``: ``livechat_<state>_dt``."""
    return f"livechat_{_require_state(state)}_dt"


def seconds_since(dt: datetime | None, now: datetime) -> int:
    """Whole seconds from ``dt`` to ``now``; 0 when ``dt`` is None or in the future."""
    if dt is None:
        return 0
    return max(0, int((now - dt).total_seconds()))


def _span(start: datetime | None, end: datetime | None, now: datetime) -> int:
    """Seconds from ``start`` until ``end``, or until ``now`` while the span is open.

    0 without a start. An ``end`` earlier than ``start`` belongs to an earlier
    stay in the state (the session came back to it since), so the span is
    still open and runs until ``now``.
    """
    if start is None:
        return 0
    if end is None or end < start:
        end = now
    return seconds_since(start, end)


def queue_seconds(in_queue_dt: datetime | None, taken_dt: datetime | None, now: datetime) -> int:
    """Seconds the visitor has waited in the queue.

    From entering the queue (``in_queue_dt``) until an agent took the session
    (``taken_dt``), or until ``now`` while still queued; 0 if never queued.
    A ``taken_dt`` older than ``in_queue_dt`` is from before the session was
    queued again, so the visitor counts as still queued. Once a queued session
    ends without being taken, pass the moment it closed as ``taken_dt``.
    """
    return _span(in_queue_dt, taken_dt, now)


def chat_seconds(chatting_dt: datetime | None, end_dt: datetime | None, now: datetime) -> int:
    """Seconds of conversation: from ``chatting_dt`` until ``end_dt``, or until ``now`` while still chatting.

    0 if the chat never started. An ``end_dt`` older than ``chatting_dt`` is
    from before a reconnect (``closed -> chatting``), so the chat is still on.
    """
    return _span(chatting_dt, end_dt, now)
