"""Inactivity timers (pure, no Odoo): visitor reminder and close, agent answer limit."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from livechat_iconic.lib import inactivity as i

T0 = datetime(2026, 1, 5, 10, 0, 0)
MIN = timedelta(minutes=1)


def visitor(**kw):
    values = {
        "state": "chatting",
        "has_agent": True,
        "silent_since": T0,
        "reminded_at": None,
        "remind_after": 3 * MIN,
        "close_after": 2 * MIN,
    }
    values.update(kw)
    return i.visitor_timer(**values)


def agent(**kw):
    values = {
        "state": "waiting",
        "mode": "assigned",
        "has_agent": True,
        "assigned_at": T0,
        "queued_at": None,
        "alerted_at": None,
        "answer_within": timedelta(seconds=60),
    }
    values.update(kw)
    return i.agent_timer(**values)


# -- visitor inactivity --------------------------------------------------------------------
def test_reminder_due_after_the_silence_then_close_after_the_reminder():
    assert visitor() == i.Timer(i.REMIND, T0 + 3 * MIN)
    assert not visitor().is_due(T0 + 3 * MIN - timedelta(seconds=1))
    assert visitor().is_due(T0 + 3 * MIN)
    # reminded late (at 4 minutes): the visitor still gets the 2 minutes
    late = T0 + 4 * MIN
    assert visitor(reminded_at=late) == i.Timer(i.CLOSE, late + 2 * MIN)


def test_the_two_companies_rules():
    # 3 minutes then close 2 minutes later; 4 minutes then a 2-minute terminate
    assert visitor().due == T0 + 3 * MIN
    four = visitor(remind_after=4 * MIN)
    assert four.due == T0 + 4 * MIN
    assert visitor(remind_after=4 * MIN, reminded_at=four.due).due == T0 + 6 * MIN


@pytest.mark.parametrize(
    "kw",
    [
        {"state": "waiting"},
        {"state": "in_queue"},
        {"state": "loading"},  # a bot talks
        {"state": "closed"},
        {"has_agent": False},
        {"silent_since": None},  # the visitor answered
        {"remind_after": timedelta(0)},  # off
        {"remind_after": None},
        {"remind_after": timedelta(0), "reminded_at": T0 + MIN},
    ],
)
def test_no_visitor_timer(kw):
    assert visitor(**kw) is None


def test_close_after_zero_reminds_only():
    assert visitor(close_after=timedelta(0)).action == i.REMIND
    assert visitor(close_after=timedelta(0), reminded_at=T0 + 3 * MIN) is None


def test_a_reminder_of_an_earlier_silence_is_ignored():
    # the agent wrote again after the reminder: a new silence, a new reminder
    again = T0 + 10 * MIN
    assert visitor(silent_since=again, reminded_at=T0 + 3 * MIN) == i.Timer(
        i.REMIND, again + 3 * MIN
    )


# -- closing a silent chat without a reminder ----------------------------------------------
def test_close_without_reminder_the_telematics_makers_rule():
    # 3 minutes of silence after the agent's last message: closed, no reminder
    timer = visitor(remind_after=timedelta(0), close_silent_after=3 * MIN)
    assert timer == i.Timer(i.CLOSE, T0 + 3 * MIN)
    assert not timer.is_due(T0 + 3 * MIN - timedelta(seconds=1))
    # the agent wrote again: the silence counts from that message
    again = T0 + 2 * MIN
    assert visitor(
        remind_after=timedelta(0), close_silent_after=3 * MIN, silent_since=again
    ) == i.Timer(i.CLOSE, again + 3 * MIN)


def test_remind_then_close_the_help_desk_sops_rule():
    # the agent's "no response" timeout: 4 minutes after the agent's last message, then 2
    remind = visitor(remind_after=4 * MIN, close_after=2 * MIN)
    assert remind == i.Timer(i.REMIND, T0 + 4 * MIN)
    closing = visitor(remind_after=4 * MIN, close_after=2 * MIN, reminded_at=remind.due)
    assert closing == i.Timer(i.CLOSE, T0 + 6 * MIN)


def test_the_no_response_timeout_and_the_silence_are_separate_settings():
    both = {"remind_after": 4 * MIN, "close_after": 2 * MIN}
    # a longer silence limit: the reminder comes first, then the close after it
    assert visitor(**both, close_silent_after=10 * MIN) == i.Timer(i.REMIND, T0 + 4 * MIN)
    assert visitor(**both, close_silent_after=10 * MIN, reminded_at=T0 + 4 * MIN) == (
        i.Timer(i.CLOSE, T0 + 6 * MIN)
    )
    # a reminder that only reminds: the silence limit still closes
    assert visitor(
        remind_after=4 * MIN,
        close_after=timedelta(0),
        close_silent_after=10 * MIN,
        reminded_at=T0 + 4 * MIN,
    ) == i.Timer(i.CLOSE, T0 + 10 * MIN)
    # a shorter silence limit: closed before any reminder
    assert visitor(**both, close_silent_after=3 * MIN) == i.Timer(i.CLOSE, T0 + 3 * MIN)
    # at the same moment: the close, a reminder then would be moot
    assert visitor(**both, close_silent_after=4 * MIN) == i.Timer(i.CLOSE, T0 + 4 * MIN)


@pytest.mark.parametrize(
    "kw",
    [
        {"state": "waiting"},
        {"has_agent": False},
        {"silent_since": None},  # the visitor answered
        {"close_silent_after": timedelta(0)},
        {"close_silent_after": None},
    ],
)
def test_no_close_without_reminder(kw):
    assert visitor(**{"remind_after": timedelta(0), "close_silent_after": 3 * MIN, **kw}) is None


# -- agent inactivity ----------------------------------------------------------------------
def test_assigned_chat_not_answered_goes_on():
    assert agent() == i.Timer(i.REASSIGN, T0 + timedelta(seconds=60))
    assert not agent().is_due(T0 + timedelta(seconds=59))
    assert agent().is_due(T0 + timedelta(seconds=60))


def test_a_chat_of_an_agent_gone_on_break_goes_on_at_once():
    # the timers put the agent on Break after a miss: their other chats are due now
    assert agent(agent_away=True) == i.Timer(i.REASSIGN, T0)
    assert agent(agent_away=True).is_due(T0)
    # answered, or waiting for the visitor's reply: the agent keeps them
    assert agent(agent_away=True, state="chatting") is None
    assert agent(agent_away=True, waiting_for_reply=True) is None


@pytest.mark.parametrize(
    "kw",
    [
        {"state": "chatting"},  # answered
        {"state": "in_queue"},  # assigned queue, nobody has it: the dispatch serves it
        {"has_agent": False},
        {"assigned_at": None},
        {"answer_within": timedelta(0)},
        {"answer_within": None},
        {"mode": "broadcast"},  # broadcast chats are not given, they are taken
        {"waiting_for_reply": True},  # a late reply: colleagues step in, no pass-on
    ],
)
def test_no_agent_timer(kw):
    assert agent(**kw) is None


def test_broadcast_tells_the_supervisors_once_per_stay_in_the_queue():
    queued = {"mode": "broadcast", "state": "in_queue", "has_agent": False, "queued_at": T0}
    assert agent(**queued) == i.Timer(i.ALERT_SUPERVISORS, T0 + timedelta(seconds=60))
    assert agent(**queued, alerted_at=T0 + timedelta(seconds=61)) is None
    # queued again later: a new stay, told again
    again = T0 + 30 * MIN
    assert agent(**{**queued, "queued_at": again}, alerted_at=T0 + timedelta(seconds=61)) == (
        i.Timer(i.ALERT_SUPERVISORS, again + timedelta(seconds=60))
    )


# -- the visitor waits for a reply -----------------------------------------------------------
def reply(**kw):
    values = {
        "state": "chatting",
        "has_agent": True,
        "unanswered_since": T0,
        "reply_within": 2 * MIN,
    }
    values.update(kw)
    return i.reply_timer(**values)


def test_an_unanswered_visitor_waits_for_a_reply_after_the_queues_limit():
    assert reply() == i.Timer(i.REPLY_OVERDUE, T0 + 2 * MIN)
    assert not reply().is_due(T0 + 2 * MIN - timedelta(seconds=1))
    assert reply().is_due(T0 + 2 * MIN)


@pytest.mark.parametrize(
    "kw",
    [
        {"state": "waiting"},  # already waiting (for a reply, or for the first answer)
        {"state": "in_queue"},
        {"has_agent": False},  # a bot or the queue: nobody to step in for
        {"unanswered_since": None},  # the agent answered
        {"reply_within": timedelta(0)},  # the queue's option is off
        {"reply_within": None},
    ],
)
def test_no_reply_timer(kw):
    assert reply(**kw) is None


def test_the_reply_clock_starts_no_earlier_than_the_chat():
    # an agent takes a chat whose question waited in the queue: time to answer it
    took = T0 + 10 * MIN
    assert reply(chatting_since=took) == i.Timer(i.REPLY_OVERDUE, took + 2 * MIN)
    assert reply(chatting_since=T0 - MIN) == i.Timer(i.REPLY_OVERDUE, T0 + 2 * MIN)


def test_latest():
    assert i.latest(None, None) is None
    assert i.latest(T0, None) == T0
    assert i.latest(T0, T0 + MIN, None) == T0 + MIN


# -- many sessions at once -----------------------------------------------------------------
def test_split_due():
    timers = [
        ("a", i.Timer(i.REMIND, T0)),
        ("b", None),
        ("c", i.Timer(i.CLOSE, T0 + 2 * MIN)),
        ("d", i.Timer(i.REASSIGN, T0 - MIN)),
        ("e", i.Timer(i.REMIND, T0 + MIN)),
    ]
    due, next_due = i.split_due(timers, T0)
    assert [key for key, _timer in due] == ["a", "d"]
    assert next_due == T0 + MIN
    assert i.split_due([], T0) == ([], None)
    assert i.split_due([("a", i.Timer(i.REMIND, T0))], T0) == ([("a", i.Timer(i.REMIND, T0))], None)


# -- properties ----------------------------------------------------------------------------
minutes = st.integers(min_value=0, max_value=30).map(lambda m: m * MIN)
offsets = st.lists(st.integers(min_value=0, max_value=3600), min_size=1, max_size=30)


@settings(max_examples=300, deadline=None)
@given(remind=minutes, close=minutes, silent=minutes, runs=offsets)
def test_simulated_runs_never_act_early_and_act_once(remind, close, silent, runs):
    """A scheduled action running at arbitrary moments, applying what is due: the
    reminder comes once, never before the silence lasted ``remind``, never after the
    close; the chat closes at most once, either ``close`` after a reminder or after a
    silence of ``silent`` without one, never earlier."""
    reminded_at = closed_at = None
    for offset in sorted(runs):
        now = T0 + timedelta(seconds=offset)
        state = "closed" if closed_at else "chatting"
        timer = visitor(
            state=state,
            reminded_at=reminded_at,
            remind_after=remind,
            close_after=close,
            close_silent_after=silent,
        )
        if timer is None or not timer.is_due(now):
            continue
        if timer.action == i.REMIND:
            assert reminded_at is None and closed_at is None
            assert now - T0 >= remind
            reminded_at = now
        else:
            assert timer.action == i.CLOSE
            after_reminder = reminded_at is not None and close and now - reminded_at >= close
            after_silence = silent and now - T0 >= silent
            assert after_reminder or after_silence
            closed_at = now
    if not remind:
        assert reminded_at is None
    if not silent and not (remind and close):
        assert closed_at is None


@settings(max_examples=200, deadline=None)
@given(
    delays=st.lists(
        st.tuples(st.integers(0, 600), st.sampled_from(["chatting", "waiting", "in_queue"])),
        max_size=20,
    ),
    now_offset=st.integers(0, 1200),
)
def test_split_due_agrees_with_each_timer(delays, now_offset):
    now = T0 + timedelta(seconds=now_offset)
    timers = [
        (n, visitor(state=state, silent_since=T0 + timedelta(seconds=d)))
        for n, (d, state) in enumerate(delays)
    ]
    due, next_due = i.split_due(timers, now)
    assert [k for k, _t in due] == [k for k, t in timers if t and t.due <= now]
    later = [t.due for _k, t in timers if t and t.due > now]
    assert next_due == (min(later) if later else None)


def test_waiting_since():
    queued, given = T0, T0 + 5 * MIN
    assert i.waiting_since(queued, given, None) == queued  # from the queue to the agent
    assert i.waiting_since(None, given, None) == given  # given at once
    assert i.waiting_since(queued, None, None) == queued
    assert i.waiting_since(None, None, None) is None
    # queued, chatted, then given to an agent again: the wait starts at that
    assert i.waiting_since(queued, given, T0 + MIN) == given
    # a chat before the queue stay does not count
    assert i.waiting_since(queued, given, T0 - MIN) == queued
    # queued after the agent got it (an older waiting time): waiting since given
    assert i.waiting_since(given, queued, None) == queued
