"""The Erlang C staffing model (pure, no Odoo): the textbook figures, and the properties
a forecast must keep whatever the history says."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from livechat_iconic.lib import staffing

# The usual worked example: 200 contacts an hour of 3 minutes (10 Erlangs), 20 s target.
TEXTBOOK = [
    # servers, chance to wait, share within 20 s
    (11, 0.6821, 0.3896),
    (12, 0.4494, 0.6402),
    (13, 0.2853, 0.7956),
    (14, 0.1741, 0.8884),
]


@pytest.mark.parametrize(("servers", "waits", "within"), TEXTBOOK)
def test_textbook_figures(servers, waits, within):
    load = staffing.offered_load(200, 180)
    assert load == pytest.approx(10)
    assert staffing.erlang_c(servers, load) == pytest.approx(waits, abs=5e-5)
    assert staffing.service_level(servers, load, 180, 20) == pytest.approx(within, abs=5e-4)


def test_agents_needed_for_80_within_20():
    assert staffing.agents_needed(200, 180, 20, 0.8) == 14
    # each agent serving 2 chats at once: half the agents, rounded up
    assert staffing.agents_needed(200, 180, 20, 0.8, parallel=2) == 7
    assert staffing.agents_needed(0, 180, 20, 0.8) == 0


def test_forecast_of_an_hour():
    hour = staffing.forecast(200, 180, 20, 0.8)
    assert hour.needed == 14
    assert hour.service_level >= 0.8
    assert hour.mean_wait == pytest.approx(7.84, abs=0.01)
    assert hour.median_wait == 0  # more than half are answered at once
    assert 20 <= hour.wait_90 <= 30
    quiet = staffing.forecast(0, 180, 20, 0.8)
    assert (quiet.needed, quiet.service_level, quiet.mean_wait) == (0, 1.0, 0.0)


def test_servers_that_cannot_keep_up():
    assert staffing.erlang_c(10, 10) == 1.0
    assert staffing.service_level(9, 10, 180, 20) == 0.0
    assert staffing.expected_wait(10, 10, 180) == math.inf
    assert staffing.wait_quantile(5, 10, 180, 0.9) == math.inf


@pytest.mark.parametrize(
    "call",
    [
        lambda: staffing.offered_load(-1, 10),
        lambda: staffing.erlang_c(-1, 1),
        lambda: staffing.wait_quantile(5, 1, 60, 1.0),
        lambda: staffing.agents_needed(10, 60, 20, 0),
        lambda: staffing.agents_needed(10, 60, 20, 0.8, parallel=0),
    ],
)
def test_bad_input_is_refused(call):
    with pytest.raises(ValueError):
        call()


loads = st.floats(min_value=0.01, max_value=80, allow_nan=False)


@given(load=loads, extra=st.integers(min_value=1, max_value=30))
def test_more_agents_never_wait_longer(load, extra):
    servers = math.floor(load) + extra
    assert 0 <= staffing.erlang_c(servers, load) <= 1
    assert staffing.erlang_c(servers + 1, load) <= staffing.erlang_c(servers, load) + 1e-12
    assert staffing.expected_wait(servers + 1, load, 120) <= staffing.expected_wait(
        servers, load, 120
    )


@given(
    arrivals=st.floats(min_value=0.1, max_value=500, allow_nan=False),
    handle=st.floats(min_value=10, max_value=1800, allow_nan=False),
    target=st.integers(min_value=5, max_value=300),
    share=st.floats(min_value=0.5, max_value=0.95),
)
def test_the_fewest_agents_that_meet_the_target(arrivals, handle, target, share):
    needed = staffing.agents_needed(arrivals, handle, target, share)
    load = staffing.offered_load(arrivals, handle)
    assert needed > load
    assert staffing.service_level(needed, load, handle, target) >= share
    if needed - 1 > load:
        assert staffing.service_level(needed - 1, load, handle, target) < share


@given(load=loads, extra=st.integers(min_value=1, max_value=10))
def test_wait_quantiles_are_consistent(load, extra):
    servers = math.floor(load) + extra
    median = staffing.wait_quantile(servers, load, 120, 0.5)
    ninety = staffing.wait_quantile(servers, load, 120, 0.9)
    assert 0 <= median <= ninety
    # the share answered within the 90% quantile is 90% (or more, when it is 0)
    assert staffing.service_level(servers, load, 120, ninety) >= 0.9 - 1e-9


def test_hourly_profile_averages_over_each_hour_of_the_week():
    from datetime import datetime

    start, end = datetime(2026, 11, 2), datetime(2026, 11, 16)  # two Mondays to Sundays
    chats = [
        (datetime(2026, 11, 2, 9, 5), 300),  # Monday 9:00
        (datetime(2026, 11, 2, 9, 40), None),  # nobody handled it: an arrival all the same
        (datetime(2026, 11, 9, 9, 15), 100),  # the next Monday 9:00
        (datetime(2026, 11, 4, 14, 0), 60),  # Wednesday 14:00
        (datetime(2026, 11, 16, 9, 0), 60),  # after the period
    ]
    profile = staffing.hourly_profile(chats, start, end)
    assert profile == {(0, 9): (1.5, 200.0), (2, 14): (0.5, 60.0)}
    with pytest.raises(ValueError):
        staffing.hourly_profile(chats, end, start)


def test_queued_wait_range():
    # next in line, 2 agents whose chats last 5 minutes: a departure every 150 s on average
    low, high = staffing.queued_wait_range(1, 2, 300)
    assert low == pytest.approx(150 * math.log(1 / 0.9), abs=0.2)
    assert high == pytest.approx(150 * math.log(10), abs=0.2)
    assert staffing.queued_wait_range(3, 0, 300) is None
    with pytest.raises(ValueError):
        staffing.queued_wait_range(0, 2, 300)


@given(
    position=st.integers(min_value=1, max_value=50),
    servers=st.integers(min_value=1, max_value=20),
    handle=st.floats(min_value=30, max_value=1800),
)
def test_a_later_place_waits_longer(position, servers, handle):
    low, high = staffing.queued_wait_range(position, servers, handle)
    later_low, later_high = staffing.queued_wait_range(position + 1, servers, handle)
    assert 0 <= low <= high
    assert later_low >= low - 0.1 and later_high >= high - 0.1
    # the mean (position * handle / servers) lies within the range
    assert low - 0.1 <= position * handle / servers <= high + 0.1


def test_wait_estimate_median_lies_in_the_range():
    middle, low, high = staffing.queued_wait_estimate(3, 2, 600)
    assert low < middle < high
    # Erlang(3, 1/300 s): median about 2.674 / rate
    assert middle == pytest.approx(2.674 * 300, rel=0.01)
    assert staffing.queued_wait_estimate(1, 0, 600) is None


def test_covered_hours_count_the_middle_of_each_hour():
    from datetime import datetime

    monday = datetime(2026, 11, 30)  # a Monday
    shifts = [
        (monday.replace(hour=8), monday.replace(hour=12)),
        (monday.replace(hour=13, minute=45), monday.replace(hour=14, minute=15)),
        (monday.replace(hour=22), monday.replace(day=1, month=12, hour=1)),
    ]
    assert staffing.covered_hours(shifts) == {
        (0, 8),
        (0, 9),
        (0, 10),
        (0, 11),
        (0, 22),
        (0, 23),
        (1, 0),
    }


def test_shortfalls_keep_only_short_hours():
    needed = {(0, 9): 3, (0, 10): 2, (0, 11): 1}
    scheduled = {(0, 9): 1, (0, 10): 2, (0, 12): 4}
    assert staffing.shortfalls(needed, scheduled) == {(0, 9): 2, (0, 11): 1}
