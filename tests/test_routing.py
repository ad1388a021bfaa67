"""The routing rule (pure, no Odoo): statuses x modes x capacity x priority."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from livechat_iconic.lib import routing as r
from livechat_iconic.lib.routing import Candidate, Pending

NOW = datetime(2026, 1, 5, 10, 0, 0)


def ids(decision):
    return list(decision.agent_ids)


# -- statuses x modes ----------------------------------------------------------------------
EXPECTED_SERVES = {
    # status: (assigned gets chats, broadcast sees chats)
    "online": (True, True),
    "away": (True, True),
    "invisible": (False, True),
    "break": (False, False),
    "offline": (False, False),
}


@pytest.mark.parametrize(("status", "mode"), itertools.product(r.STATUSES, r.MODES))
def test_each_status_in_each_mode(status, mode):
    decision = r.route(mode, [Candidate(1, status)])
    expected = EXPECTED_SERVES[status][0 if mode == r.ASSIGNED else 1]
    assert ids(decision) == ([1] if expected else [])
    assert (decision.reason is None) == expected


def test_reasons():
    assert r.route(r.ASSIGNED, []).reason == r.NO_AGENTS
    assert r.route(r.ASSIGNED, [Candidate(1, "invisible")]).reason == r.ALL_INVISIBLE
    both = [Candidate(1, "invisible"), Candidate(2, "offline")]
    assert r.route(r.ASSIGNED, both).reason == r.ALL_INVISIBLE
    assert r.route(r.BROADCAST, [Candidate(1, "break")]).reason == r.ALL_ON_BREAK
    mixed = [Candidate(1, "break"), Candidate(2, "invisible")]
    assert r.route(r.ASSIGNED, mixed).reason == r.NOBODY_SERVING
    assert r.route(r.ASSIGNED, [Candidate(1, "offline")]).reason == r.NOBODY_SERVING
    full = [Candidate(1, load=2, capacity=2)]
    assert r.route(r.ASSIGNED, full).reason == r.AT_CAPACITY
    calling = [Candidate(1, in_call=True)]
    assert r.route(r.ASSIGNED, calling, block_during_call=True).reason == r.IN_CALL
    assert ids(r.route(r.ASSIGNED, calling, block_during_call=False)) == [1]


def test_unknown_mode_or_status_is_refused():
    with pytest.raises(ValueError):
        r.route("round_robin", [Candidate(1)])
    with pytest.raises(ValueError):
        r.route(r.ASSIGNED, [Candidate(1, "busy")])


# -- assigned: priority, then load, then last assignment ------------------------------------
def test_assigned_highest_priority_first_even_if_more_loaded():
    agents = [Candidate(1, priority=1, load=0), Candidate(2, priority=5, load=3)]
    assert ids(r.route(r.ASSIGNED, agents)) == [2]


def test_assigned_least_loaded_among_same_priority():
    agents = [Candidate(1, load=2), Candidate(2, load=1), Candidate(3, load=4)]
    assert ids(r.route(r.ASSIGNED, agents)) == [2]


def test_assigned_longest_since_last_assignment_then_never_assigned_first():
    agents = [
        Candidate(1, last_assigned=NOW - timedelta(minutes=1)),
        Candidate(2, last_assigned=NOW - timedelta(minutes=9)),
    ]
    assert ids(r.route(r.ASSIGNED, agents)) == [2]
    agents.append(Candidate(3, last_assigned=None))
    assert ids(r.route(r.ASSIGNED, agents)) == [3]


def test_away_serves_like_online():
    agents = [Candidate(1, "online", load=3), Candidate(2, "away", load=0)]
    assert ids(r.route(r.ASSIGNED, agents)) == [2]


def test_never_over_global_or_queue_capacity():
    agents = [
        Candidate(1, priority=9, load=3, capacity=3),  # full across queues
        Candidate(2, priority=8, queue_load=2, queue_capacity=2),  # full in this queue
        Candidate(3, priority=1, load=5, capacity=None),  # unlimited
    ]
    assert ids(r.route(r.ASSIGNED, agents)) == [3]
    assert ids(r.route(r.BROADCAST, agents)) == [3]


def test_broadcast_offers_every_eligible_agent():
    agents = [
        Candidate(1, "online"),
        Candidate(2, "away"),
        Candidate(3, "invisible"),
        Candidate(4, "break"),
        Candidate(5, "offline"),
        Candidate(6, "online", load=1, capacity=1),
        Candidate(7, "online", in_call=True),
    ]
    assert ids(r.route(r.BROADCAST, agents, block_during_call=True)) == [1, 2, 3]
    assert ids(r.route(r.BROADCAST, agents)) == [1, 2, 3, 7]


def test_needs_are_a_preference():
    agents = [
        Candidate(1, priority=9),
        Candidate(2, skills=frozenset({"lang:fr"})),
        Candidate(3, skills=frozenset({"lang:fr", "expertise:1"}), load=5),
    ]
    assert ids(r.route(r.ASSIGNED, agents, needs={"lang:fr", "expertise:1"})) == [3]
    assert ids(r.route(r.ASSIGNED, agents, needs={"lang:de"})) == [1]  # nobody: all


def test_needs_tiers_as_odoo_prefers_them():
    fr, en = frozenset({"lang:fr"}), frozenset({"lang:en"})
    dog, cat = frozenset({"expertise:dog"}), frozenset({"expertise:cat"})
    agents = [
        Candidate(1, skills=fr | dog),
        Candidate(2, skills=fr | cat),
        Candidate(3, skills=en | dog),
        Candidate(4, skills=en | cat),
    ]
    # English, dog and cat: nobody has all; an English speaker with one beats a French
    # speaker with one (language first), then the lowest id among equals
    tiers = [[en, dog, cat], [en, dog | cat], [en], [dog, cat], [dog | cat]]
    assert ids(r.route(r.ASSIGNED, agents, needs=tiers)) == [3]
    assert ids(r.route(r.ASSIGNED, agents, needs=[[frozenset({"lang:de"})], [cat]])) == [2]
    assert ids(r.route(r.ASSIGNED, agents, needs=[[frozenset({"lang:de"})]])) == [1]


# -- properties ----------------------------------------------------------------------------
candidates = st.lists(
    st.builds(
        Candidate,
        id=st.integers(1, 60),
        status=st.sampled_from(r.STATUSES),
        load=st.integers(0, 6),
        capacity=st.one_of(st.none(), st.integers(0, 6)),
        priority=st.integers(0, 3),
        last_assigned=st.one_of(
            st.none(), st.integers(0, 600).map(lambda s: NOW - timedelta(seconds=s))
        ),
        in_call=st.booleans(),
        queue_load=st.integers(0, 4),
        queue_capacity=st.one_of(st.none(), st.integers(0, 4)),
    ),
    max_size=12,
    unique_by=lambda c: c.id,
)


@given(candidates, st.booleans())
def test_assigned_picks_an_eligible_agent_that_beats_every_other(agents, block):
    decision = r.route(r.ASSIGNED, agents, block_during_call=block)
    pool = [
        c
        for c in agents
        if c.status in ("online", "away") and c.has_room() and not (block and c.in_call)
    ]
    if not pool:
        assert not decision and decision.reason in r.REASONS
        return
    assert len(decision.agent_ids) == 1 and decision.reason is None
    chosen = next(c for c in agents if c.id == decision.agent_id)
    assert chosen.status not in ("break", "offline", "invisible")
    assert chosen.has_room()
    for other in pool:
        assert (-chosen.priority, chosen.load) <= (-other.priority, other.load)


@given(candidates, st.booleans())
def test_broadcast_offers_exactly_the_eligible(agents, block):
    decision = r.route(r.BROADCAST, agents, block_during_call=block)
    expected = sorted(
        c.id
        for c in agents
        if c.status in ("online", "away", "invisible")
        and c.has_room()
        and not (block and c.in_call)
    )
    assert list(decision.agent_ids) == expected


# -- many sessions in one pass -------------------------------------------------------------
def test_assign_many_respects_capacity_and_spreads_within_priority():
    agents = [Candidate(i, priority=1 if i <= 2 else 0, capacity=3) for i in range(1, 7)]
    pendings = [Pending(n, queue_id=1) for n in range(20)]
    assigned, unassigned = r.assign_many(pendings, {1: agents}, now=NOW)
    per_agent = {a.id: list(assigned.values()).count(a.id) for a in agents}
    assert per_agent == {1: 3, 2: 3, 3: 3, 4: 3, 5: 3, 6: 3}
    assert len(unassigned) == 2 and set(unassigned.values()) == {r.AT_CAPACITY}
    # the first sessions (the most urgent) went to the top priority, alternating
    assert [assigned[n] for n in range(6)] == [1, 2, 1, 2, 1, 2]


def test_assign_many_shares_an_agent_between_queues():
    a = Candidate(1, capacity=2, priority=5)
    b = Candidate(2, capacity=None)
    pendings = [Pending(1, 10), Pending(2, 20), Pending(3, 10)]
    assigned, _ = r.assign_many(pendings, {10: [a, b], 20: [replace_prio(a, 9)]}, now=NOW)
    assert assigned == {1: 1, 2: 1, 3: 2}  # agent 1 full after two, across queues


def replace_prio(c, priority):
    from dataclasses import replace

    return replace(c, priority=priority)


agents_with_status = st.lists(
    st.builds(
        Candidate,
        id=st.integers(1, 200),
        status=st.sampled_from(r.STATUSES),
        load=st.integers(0, 3),
        capacity=st.one_of(st.none(), st.integers(0, 5)),
        priority=st.integers(0, 2),
        queue_capacity=st.one_of(st.none(), st.integers(1, 5)),
    ),
    min_size=1,
    max_size=30,
    unique_by=lambda c: c.id,
)


@settings(max_examples=60)
@given(agents_with_status, st.integers(0, 120))
def test_assign_many_never_over_capacity_and_fair(agents, count):
    pendings = [Pending(n, 1) for n in range(count)]
    assigned, unassigned = r.assign_many(pendings, {1: agents}, now=NOW)
    assert set(assigned) | set(unassigned) == set(range(count))
    got = {a.id: 0 for a in agents}
    for agent_id in assigned.values():
        got[agent_id] += 1
    for a in agents:
        if got[a.id]:
            assert a.status in ("online", "away")
            if a.capacity is not None:
                assert a.load + got[a.id] <= a.capacity
            if a.queue_capacity is not None:
                assert got[a.id] <= a.queue_capacity
    # fair: an unassigned session means nobody eligible had room left, and among agents of
    # the same priority that still have room, final loads differ by at most one
    eligible = [a for a in agents if a.status in ("online", "away")]
    if unassigned:
        for a in eligible:
            room = replace_load(a, a.load + got[a.id], got[a.id])
            assert not room.has_room()
    for _priority, tier in itertools.groupby(
        sorted(eligible, key=lambda a: a.priority), key=lambda a: a.priority
    ):
        tier = list(tier)
        with_room = [a for a in tier if replace_load(a, a.load + got[a.id], got[a.id]).has_room()]
        if with_room and any(got[a.id] for a in tier):
            loads = [a.load + got[a.id] for a in with_room]
            # every agent still with room ends at most one above the least loaded one
            top = max(a.load + got[a.id] for a in tier if got[a.id])
            assert top <= min(loads) + 1


def replace_load(c, load, queue_load):
    from dataclasses import replace

    return replace(c, load=load, queue_load=queue_load)


@pytest.mark.parametrize(
    ("presence", "manual", "status"),
    [
        (None, False, "offline"),
        ("offline", "busy", "offline"),
        ("online", False, "online"),
        ("away", False, "away"),
        ("online", "away", "away"),
        ("online", "offline", "invisible"),
        ("away", "offline", "invisible"),
        ("online", "busy", "break"),
        ("away", "busy", "break"),
    ],
)
def test_agent_status_from_odoo_presence(presence, manual, status):
    assert r.agent_status(presence, manual) == status


def test_each_choosable_status_round_trips():
    for status, manual in r.MANUAL_IM_STATUS.items():
        assert r.agent_status("online", manual) == status


def test_assign_many_skips_the_agents_a_session_excludes():
    # Alice (priority 9) did not answer the first chat: it goes to Bob, the next one to her
    alice, bob = Candidate(1, priority=9), Candidate(2, priority=1)
    pendings = [Pending(100, 1, exclude=frozenset({1})), Pending(101, 1)]
    assigned, unassigned = r.assign_many(pendings, {1: [alice, bob]}, now=NOW)
    assert assigned == {100: 2, 101: 1}
    # nobody else: not assigned, and why
    assigned, unassigned = r.assign_many(
        [Pending(100, 1, exclude=frozenset({1, 2}))], {1: [alice, bob]}, now=NOW
    )
    assert assigned == {} and unassigned == {100: r.NO_AGENTS}


def test_assign_many_answers_why_when_nobody_of_a_queue_may_get_chats():
    # the reason is the one route() gives each session, whatever the loads
    on_break = [Candidate(1, status=r.BREAK, load=3), Candidate(2, status=r.BREAK)]
    in_call = [Candidate(3, in_call=True), Candidate(4, status=r.OFFLINE)]
    pendings = [Pending(100, 1), Pending(101, 2), Pending(102, 2, exclude=frozenset({3}))]
    assigned, unassigned = r.assign_many(
        pendings, {1: on_break, 2: in_call}, now=NOW, block_during_call_by_queue={2: True}
    )
    assert assigned == {}
    assert unassigned == {100: r.ALL_ON_BREAK, 101: r.IN_CALL, 102: r.NOBODY_SERVING}
    assert r.route(r.ASSIGNED, on_break).reason == r.ALL_ON_BREAK


def test_in_call_served_after_the_others_of_the_same_load():
    agents = [Candidate(1, load=1, in_call=True), Candidate(2, load=1)]
    assert ids(r.route(r.ASSIGNED, agents)) == [2]
    assert ids(r.route(r.ASSIGNED, [Candidate(1, load=0, in_call=True), Candidate(2, load=1)])) == [
        1
    ]


def test_only_recent_assignments_count_as_odoos_buffer_time():
    recent = timedelta(minutes=2)
    agents = [
        Candidate(1, last_assigned=NOW - timedelta(seconds=30)),  # within the buffer: last
        Candidate(2, last_assigned=NOW - timedelta(minutes=3)),
        Candidate(3, last_assigned=NOW - timedelta(minutes=9)),
    ]
    # outside the buffer, 2 and 3 are equal: the lower id
    assert ids(r.route(r.ASSIGNED, agents, now=NOW, recent=recent)) == [2]
    # without a buffer, the longest since the last assignment
    assert ids(r.route(r.ASSIGNED, agents)) == [3]
    # within the buffer, the longest ago first
    both_recent = [
        Candidate(1, last_assigned=NOW - timedelta(seconds=30)),
        Candidate(2, last_assigned=NOW - timedelta(seconds=90)),
    ]
    assert ids(r.route(r.ASSIGNED, both_recent, now=NOW, recent=recent)) == [2]


def test_assign_many_spreads_within_one_pass_with_a_buffer():
    agents = {1: [Candidate(1), Candidate(2), Candidate(3)]}
    pendings = [r.Pending(i, 1) for i in range(6)]
    assignments, _ = r.assign_many(pendings, agents, now=NOW, recent=timedelta(minutes=2))
    assert sorted(assignments.values()) == [1, 1, 2, 2, 3, 3]


# -- what visitors see, and who may take a chat ---------------------------------------------
@pytest.mark.parametrize(
    ("statuses", "offline"),
    [
        (["invisible"], True),
        (["invisible", "invisible", "offline"], True),
        (["invisible", "break"], True),
        (["break"], True),
        (["break", "offline"], True),
        (["invisible", "online"], False),
        (["invisible", "away"], False),
        (["break", "away", "offline"], False),
        # nobody signed in, or no agents: the queue's own setting decides
        (["offline", "offline"], False),
        ([], False),
    ],
)
def test_shown_offline(statuses, offline):
    assert r.shown_offline(statuses) is offline


@given(st.lists(st.sampled_from(r.STATUSES), max_size=6))
def test_shown_offline_is_signed_in_and_nobody_shown_online(statuses):
    assigned = r.route(r.ASSIGNED, [Candidate(i, s) for i, s in enumerate(statuses)])
    if r.shown_offline(statuses):
        assert not assigned, "an agent shown offline never gets a chat of an assigned queue"
        assert assigned.reason in (r.ALL_INVISIBLE, r.ALL_ON_BREAK, r.NOBODY_SERVING)
    assert r.shown_offline(statuses) == (
        any(s != r.OFFLINE for s in statuses) and not any(s in r.SHOWN_ONLINE for s in statuses)
    )


@pytest.mark.parametrize(
    ("manual", "assigned", "broadcast"),
    [
        (False, True, True),
        ("away", True, True),
        ("offline", False, True),  # invisible
        ("busy", True, True),  # on a break: a chat taken by hand is taken
    ],
)
def test_may_take(manual, assigned, broadcast):
    assert r.may_take(r.ASSIGNED, manual) is assigned
    assert r.may_take(r.BROADCAST, manual) is broadcast
    with pytest.raises(ValueError):
        r.may_take("round_robin", manual)


@pytest.mark.parametrize(
    ("policy", "manual", "expected"),
    [
        (r.MISSED_BREAK, False, True),  # online: goes on Break
        (r.MISSED_BREAK, "away", True),  # away still serves chats: goes on Break
        (r.MISSED_BREAK, "busy", False),  # already on Break
        (r.MISSED_BREAK, "offline", False),  # invisible: keeps the status they chose
        (r.MISSED_KEEP, False, False),
        (r.MISSED_KEEP, "away", False),
        (None, False, True),  # no setting: the default
        ("garbage", "away", True),
    ],
)
def test_break_after_miss(policy, manual, expected):
    assert r.break_after_miss(policy, manual) is expected
