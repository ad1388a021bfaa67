"""Who gets a new chat: the routing rule of the live chat queues (pure, no Odoo import).

One rule, used by the assignment at session start, by the dispatch of queued sessions and
by the benchmark (``route`` for one session, ``assign_many`` for many in one pass).

Statuses (the exact meanings of the agent statuses):

- ``online``: available;
- ``away``: idle for a while (set automatically), still serves chats;
- ``invisible``: signed in but shown offline: in a broadcast queue still sees and can
  accept chats, in an assigned queue receives none;
- ``break``: receives no new chats (keeps the current ones);
- ``offline``: not signed in.

Modes of a queue:

- ``assigned``: one agent gets the chat: the highest priority in that queue, then the
  least loaded, then one not in a call, then the one whose last assignment is the oldest
  (never assigned: first; on Odoo, only assignments within its 2-minute buffer time
  count, see :func:`assignment_key`), then the lowest id; only online or away agents,
  never one at or over capacity;
- ``broadcast``: every eligible agent (online, away or invisible, with room) is offered
  the chat; the first to take it gets it.

In both modes an agent in a call is skipped when the queue blocks assignment during
calls, and the session's needs are a preference, as in Odoo's ``_get_operator``: a list
of tiers, most wanted first (e.g. same language and every expertise asked, then same
language and one of them, then same language, then same country...); the first tier some
eligible agent meets narrows the choice, else everyone eligible stays (see
:func:`_prefer_needs`).
"""

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

ONLINE = "online"
AWAY = "away"
INVISIBLE = "invisible"
BREAK = "break"
OFFLINE = "offline"
STATUSES = (ONLINE, AWAY, INVISIBLE, BREAK, OFFLINE)

ASSIGNED = "assigned"
BROADCAST = "broadcast"
MODES = (ASSIGNED, BROADCAST)

#: statuses that may be given (assigned) or offered (broadcast) a new chat, per mode
SERVING_STATUSES = {
    ASSIGNED: frozenset({ONLINE, AWAY}),
    BROADCAST: frozenset({ONLINE, AWAY, INVISIBLE}),
}

# reason codes when nobody gets the chat
NO_AGENTS = "no_agents"  # the queue has no agents at all
NOBODY_SERVING = "nobody_serving"  # none online/away (or invisible in broadcast)
ALL_INVISIBLE = "all_invisible"  # assigned queue: the only signed-in agents are invisible
ALL_ON_BREAK = "all_on_break"  # the only signed-in agents are on break
IN_CALL = "in_call"  # the serving agents are all in a call (queue blocks during calls)
AT_CAPACITY = "at_capacity"  # the serving agents are all full
REASONS = (NO_AGENTS, NOBODY_SERVING, ALL_INVISIBLE, ALL_ON_BREAK, IN_CALL, AT_CAPACITY)


def agent_status(presence_status, manual_im_status):
    """The agent status from Odoo's presence (``mail.presence.status``: online, away,
    offline or None) and the status the user set (``res.users.manual_im_status``: False,
    away, busy or offline): Odoo's "Offline" set by hand while signed in is Invisible, its
    "Do Not Disturb" (busy) is Break."""
    if presence_status not in (ONLINE, AWAY):
        return OFFLINE
    if manual_im_status == "offline":
        return INVISIBLE
    if manual_im_status == "busy":
        return BREAK
    if manual_im_status == "away" or presence_status == AWAY:
        return AWAY
    return ONLINE


#: the ``manual_im_status`` that sets each status an agent may choose (Away is also set
#: automatically by the presence, after the idle time)
MANUAL_IM_STATUS = {ONLINE: False, AWAY: "away", INVISIBLE: "offline", BREAK: "busy"}

#: the statuses visitors see as online (an Away agent still serves chats)
SHOWN_ONLINE = frozenset({ONLINE, AWAY})


def shown_offline(statuses):
    """Whether a queue whose agents have these ``statuses`` shows offline to visitors
    although agents are at work: at least one is signed in, and none is shown online
    (each one invisible, on a break or offline). The widget then offers the queue's
    message form (or no chat button), even when the queue keeps visitors waiting, and
    its proactive rules do not fire. When nobody at all is signed in (or the queue has
    no agents), the queue's own setting decides: visitors may wait for the next agent.
    """
    statuses = set(statuses)
    return bool(statuses - {OFFLINE}) and not statuses & SHOWN_ONLINE


def may_take(mode, manual_im_status):
    """Whether an agent who chose ``manual_im_status`` (``res.users.manual_im_status``)
    may take a chat of a queue in ``mode`` (the board's Chat button, an answer to an
    offer, Slack's Claim) or be handed one: an invisible agent takes and gets no chat of
    an assigned queue, and takes those of a broadcast queue like anyone. The agent who
    acts is there, whatever their presence says: only the status they chose counts."""
    if mode not in MODES:
        raise ValueError(f"unknown routing mode {mode!r}")
    return not (mode == ASSIGNED and agent_status(ONLINE, manual_im_status) == INVISIBLE)


#: what happens to an agent who lets a chat pass unanswered (a setting)
MISSED_BREAK = "break"
MISSED_KEEP = "keep"
MISSED_POLICIES = (MISSED_BREAK, MISSED_KEEP)


def break_after_miss(policy, manual_im_status):
    """Whether an agent who chose ``manual_im_status`` and just let a chat pass
    unanswered (the queue's answer time ran out) goes on Break, under ``policy``
    (MISSED_BREAK, the default, or MISSED_KEEP). An agent who does not answer is not at
    the desk: on Break they keep their chats and get no new one until they choose
    Online again, so that the next chats go to agents who are there instead of passing
    from one absent agent to the next. An agent already on Break or Invisible keeps the
    status they chose."""
    if policy not in MISSED_POLICIES:
        policy = MISSED_BREAK
    return policy == MISSED_BREAK and agent_status(ONLINE, manual_im_status) in SHOWN_ONLINE


@dataclass(frozen=True)
class Candidate:
    """An agent of the queue, as the routing sees it.

    load: ongoing chats of the agent across all queues; capacity: the most the agent may
    have across all queues (the global cap; None: unlimited); queue_load /
    queue_capacity: the same within this queue (Odoo's ``max_sessions``; None:
    unlimited); priority: the agent's priority in this queue (higher first);
    last_assigned: naive datetime of the agent's last assignment (None: never);
    skills: tags matched against the session's needs.
    """

    id: int
    status: str = ONLINE
    load: int = 0
    capacity: int | None = None
    priority: int = 0
    last_assigned: datetime | None = None
    in_call: bool = False
    queue_load: int = 0
    queue_capacity: int | None = None
    skills: frozenset = field(default_factory=frozenset)

    def has_room(self):
        return (self.capacity is None or self.load < self.capacity) and (
            self.queue_capacity is None or self.queue_load < self.queue_capacity
        )


@dataclass(frozen=True)
class Decision:
    """The routing's answer: ``agent_ids`` (one in assigned mode, every eligible one in
    broadcast mode, none when nobody) and ``reason`` (a code of ``REASONS`` when nobody,
    else None)."""

    mode: str
    agent_ids: tuple = ()
    reason: str | None = None

    @property
    def agent_id(self):
        """The chosen agent in assigned mode (None when nobody)."""
        return self.agent_ids[0] if self.agent_ids else None

    def __bool__(self):
        return bool(self.agent_ids)


def assignment_key(candidate, now=None, recent=None):
    """Sort key of the assigned mode: smaller wins. Priority (desc), load (asc), not in a
    call first (Odoo's order: an agent in a call is served after the others), then the
    longest since the last assignment (never assigned: first), then the id.

    With ``now`` and ``recent`` (a timedelta): only an assignment less than ``recent``
    before ``now`` counts, as Odoo's buffer time (``BUFFER_TIME``, 2 minutes) does: the
    agents who got a chat that recently come last, the longest ago first among them; the
    others are equal on this key."""
    last = candidate.last_assigned
    if last is not None and now is not None and recent is not None and now - last >= recent:
        last = None
    return (
        -candidate.priority,
        candidate.load,
        candidate.in_call,
        last is not None,
        last or datetime.min,
        candidate.id,
    )


def _meets(candidate, tier):
    # a tier is a sequence of groups of tags: the agent has at least one tag of each group
    return all(candidate.skills & group for group in tier)


def _prefer_needs(candidates, needs):
    """The candidates that meet the first tier of ``needs`` some candidate meets (all of
    them when none does). ``needs``: tiers, most wanted first; a tier is a sequence of
    groups (frozensets of tags such as ``"lang:fr_FR"``, ``"expertise:3"``), met by an
    agent who has at least one tag of every group. A flat set of tags is read as one
    tier needing each tag."""
    if not needs:
        return candidates
    if all(isinstance(tag, str) for tag in needs):
        needs = [[frozenset({tag}) for tag in needs]]
    for tier in needs:
        tier = [frozenset(group) for group in tier]
        met = [c for c in candidates if _meets(c, tier)]
        if met:
            return met
    return candidates


def eligible(mode, candidates, block_during_call=False):
    """The candidates that may get (assigned) or be offered (broadcast) a new chat, and the
    reason code when there are none: ``(list, reason or None)``."""
    if mode not in MODES:
        raise ValueError(f"unknown routing mode {mode!r}")
    candidates = list(candidates)
    if not candidates:
        return [], NO_AGENTS
    for candidate in candidates:
        if candidate.status not in STATUSES:
            raise ValueError(f"unknown agent status {candidate.status!r}")
    serving = [c for c in candidates if c.status in SERVING_STATUSES[mode]]
    if not serving:
        signed_in = {c.status for c in candidates} - {OFFLINE}
        if signed_in == {INVISIBLE}:
            return [], ALL_INVISIBLE
        if signed_in == {BREAK}:
            return [], ALL_ON_BREAK
        return [], NOBODY_SERVING
    free = [c for c in serving if not (block_during_call and c.in_call)]
    if not free:
        return [], IN_CALL
    roomy = [c for c in free if c.has_room()]
    if not roomy:
        return [], AT_CAPACITY
    return roomy, None


def route(mode, candidates, *, block_during_call=False, needs=(), now=None, recent=None):
    """The routing decision for one session of a queue (see the module's docstring).

    :param mode: the queue's mode, ``ASSIGNED`` or ``BROADCAST``
    :param candidates: the queue's agents (:class:`Candidate`)
    :param block_during_call: whether agents in a call get no new chats
    :param needs: tags the session needs (a preference, see :func:`_prefer_needs`)
    :param now, recent: which last assignments count (see :func:`assignment_key`)
    :rtype: Decision
    """
    pool, reason = eligible(mode, candidates, block_during_call)
    if not pool:
        return Decision(mode, (), reason)
    pool = _prefer_needs(pool, needs)
    if mode == BROADCAST:
        return Decision(mode, tuple(sorted(c.id for c in pool)))
    return Decision(mode, (min(pool, key=lambda c: assignment_key(c, now, recent)).id,))


@dataclass(frozen=True)
class Pending:
    """A queued session waiting for an agent: ``queue_id`` names the list of candidates
    in ``assign_many``; ``needs`` as in :func:`route`; ``exclude``: ids of agents who
    must not get it (e.g. they were given it and did not answer)."""

    id: int
    queue_id: int
    needs: tuple = ()
    exclude: frozenset = frozenset()


def assign_many(
    pendings, candidates_by_queue, *, now, block_during_call_by_queue=None, recent=None
):
    """Assign many queued sessions in one pass, in the given order (the caller sorts them
    by SLA, see ``sla.order_by_breach``): each gets the agent :func:`route` picks in
    assigned mode given the assignments made so far in this pass, so capacities (the
    agent's global one across queues and the queue's) are never exceeded and the chats
    spread over the agents of the same priority (least loaded, oldest last assignment).

    :param pendings: iterable of :class:`Pending`, in serving order
    :param candidates_by_queue: ``{queue_id: [Candidate, ...]}``; one agent may appear in
        several queues (with its priority and queue load there; its ``load``, ``capacity``
        and ``last_assigned`` are the agent's and must agree)
    :param now: naive datetime stamped as ``last_assigned`` of each assignment (made
        strictly increasing within the pass, so the order of assignments counts)
    :param block_during_call_by_queue: ``{queue_id: bool}``
    :param recent: as in :func:`assignment_key` (the assignments of this pass are recent)
    :returns: ``(assignments, unassigned)``: ``{pending.id: agent_id}`` and
        ``{pending.id: reason}``
    """
    block = block_during_call_by_queue or {}
    load = {}
    last = {}
    queue_load = defaultdict(int)
    for queue_id, candidates in candidates_by_queue.items():
        for c in candidates:
            load.setdefault(c.id, c.load)
            last.setdefault(c.id, c.last_assigned)
            queue_load[queue_id, c.id] = c.queue_load
    assignments, unassigned = {}, {}
    tick = 0
    for pending in pendings:
        kept = [
            c for c in candidates_by_queue.get(pending.queue_id, ()) if c.id not in pending.exclude
        ]
        block_here = block.get(pending.queue_id, False)
        _pool, reason = eligible(ASSIGNED, kept, block_here)
        if reason not in (None, AT_CAPACITY):
            # every reason but the capacity is the statuses' and calls', which do not
            # change within the pass: nobody here gets a chat whatever the loads (all on
            # Break, say), known without copying the candidates with this pass's loads
            unassigned[pending.id] = reason
            continue
        candidates = [
            replace(
                c,
                load=load[c.id],
                last_assigned=last[c.id],
                queue_load=queue_load[pending.queue_id, c.id],
            )
            for c in kept
        ]
        decision = route(
            ASSIGNED,
            candidates,
            block_during_call=block_here,
            needs=pending.needs,
            now=now,
            recent=recent,
        )
        if not decision:
            unassigned[pending.id] = decision.reason
            continue
        agent_id = decision.agent_id
        assignments[pending.id] = agent_id
        load[agent_id] += 1
        queue_load[pending.queue_id, agent_id] += 1
        tick += 1
        last[agent_id] = now + timedelta(microseconds=tick)
    return assignments, unassigned
