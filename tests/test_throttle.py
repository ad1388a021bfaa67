"""The visitors' routes' throttle: sources, limits, windows (no Odoo, no database)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from livechat_iconic.lib import throttle


@pytest.mark.parametrize(
    ("address", "source"),
    [
        ("203.0.113.7", "ip:203.0.113.7"),
        (" 203.0.113.7 ", "ip:203.0.113.7"),
        ("2001:db8:1:2:3:4:5:6", "ip:2001:db8:1:2::/64"),
        ("2001:db8:1:2:ffff::1", "ip:2001:db8:1:2::/64"),  # same /64: one home or office
        ("2001:db8:1:3::1", "ip:2001:db8:1:3::/64"),
        ("::ffff:203.0.113.7", "ip:203.0.113.7"),  # an IPv4 client on a dual stack
        ("", "ip:?"),
        (None, "ip:?"),
        ("not an address", "ip:?"),
    ],
)
def test_source_of(address, source):
    assert throttle.source_of(address) == source


@pytest.mark.parametrize(
    ("text", "limits"),
    [("30, 5", (30, 5)), ("0,0", (0, 0)), ("7", (1, 1)), ("a,b", (1, 1)), ("-1,3", (1, 1))],
)
def test_parse_limits(text, limits):
    assert throttle.parse_limits(text, (1, 1)) == limits


def test_keys_per_source_and_guest():
    assert throttle.keys("start", "ip:203.0.113.7") == ["start:ip:203.0.113.7"]
    assert throttle.keys("start", "ip:203.0.113.7", "guest:12") == [
        "start:ip:203.0.113.7",
        "start:guest:12",
    ]
    assert throttle.keys("peek", "ip:?", "user:7")[1] == "peek:user:7"


def test_over_either_limit_and_zero_is_none():
    assert not throttle.is_over((30, 5), (30, 5))
    assert throttle.is_over((31, 1), (30, 5))
    assert throttle.is_over((1, 6), (30, 5))
    assert not throttle.is_over((10**6, None), (0, 5)), "0: no limit; no guest: not counted"


@given(st.floats(min_value=0, max_value=4e9))
def test_one_window_a_minute(moment):
    window = throttle.window_of(moment)
    assert window * 60 <= moment < (window + 1) * 60


def test_hour_windows_are_in_the_minutes_unit():
    start = 1_700_000_000 - 1_700_000_000 % 3600  # the first second of an hour
    assert throttle.hour_window_of(start) == throttle.window_of(start)
    assert throttle.hour_window_of(start + 3599) == throttle.window_of(start)
    assert throttle.hour_window_of(start + 3600) == throttle.window_of(start) + 60
    assert throttle.hour_window_of(start - 1) == throttle.window_of(start) - 60


def test_mail_cap_keys_all_visitors_and_the_source():
    keys = throttle.mail_cap_keys("ip:203.0.113.7")
    assert keys == ["hour:mail:all", "hour:mail:ip:203.0.113.7"]
    assert all(key.startswith(throttle.HOUR_PREFIX) for key in keys)
    # never one of the per-minute counters
    assert not set(keys) & set(throttle.keys("mail", "ip:203.0.113.7", "guest:1"))


def test_the_mail_cap_default_and_setting():
    assert throttle.DEFAULT_MAIL_CAP == (200, 5)
    assert throttle.is_over([201, 1], throttle.DEFAULT_MAIL_CAP)
    assert throttle.is_over([6, 6], throttle.DEFAULT_MAIL_CAP)
    assert not throttle.is_over([200, 5], throttle.DEFAULT_MAIL_CAP)
    assert not throttle.is_over([10_000, 6], throttle.parse_limits("0,0", (1, 1)))
