"""Retry policy of the Slack outbox (livechat_iconic_slack/lib/retry.py)."""

from datetime import datetime, timedelta

import pytest

from livechat_iconic_slack.lib.retry import (
    BACKOFF_CAP,
    Verdict,
    backoff_delay,
    classify,
    next_slot,
    retry_after_delay,
)


@pytest.mark.parametrize(
    ("status", "error", "verdict"),
    [
        (200, "invalid_auth", Verdict.PERMANENT),
        (200, "channel_not_found", Verdict.PERMANENT),
        (200, "not_in_channel", Verdict.PERMANENT),
        (200, "account_inactive", Verdict.PERMANENT),
        (200, "token_revoked", Verdict.PERMANENT),
        (200, "message_not_found", Verdict.PERMANENT),
        (200, "msg_too_long", Verdict.PERMANENT),
        (429, "ratelimited", Verdict.RATE_LIMITED),
        (429, None, Verdict.RATE_LIMITED),
        (503, None, Verdict.TRANSIENT),
        (500, "internal_error", Verdict.TRANSIENT),
        (None, None, Verdict.TRANSIENT),  # connection refused, timeout
        (200, "fatal_error", Verdict.TRANSIENT),
        (200, "some_new_error", Verdict.TRANSIENT),
        (404, None, Verdict.PERMANENT),  # a wrong base URL
    ],
)
def test_classify(status, error, verdict):
    assert classify(status, error) == verdict


def test_backoff_grows_with_jitter_and_is_capped_at_a_minute():
    low = [backoff_delay(n, rand=lambda: 0.0) for n in range(1, 12)]
    high = [backoff_delay(n, rand=lambda: 0.999999) for n in range(1, 12)]
    assert low[:4] == [0.5, 1.0, 2.0, 4.0]
    assert high[0] == pytest.approx(1.0) and high[3] == pytest.approx(8.0)
    assert max(high) <= BACKOFF_CAP and high[-1] == pytest.approx(BACKOFF_CAP)
    assert low[-1] == BACKOFF_CAP / 2, "jitter: never all retries at the same moment"
    assert backoff_delay(10_000) <= BACKOFF_CAP
    assert backoff_delay(0, rand=lambda: 0.0) == 0.5


def test_retry_after_is_honoured():
    assert retry_after_delay("30", 1) == 30
    assert retry_after_delay(" 2 ", 5) == 2
    assert retry_after_delay("0", 1) == 1, "never a busy loop"
    assert retry_after_delay("99999", 1) == 3600
    assert retry_after_delay(None, 1, rand=lambda: 0.0) == 0.5
    assert retry_after_delay("soon", 3, rand=lambda: 0.0) == 2.0
    assert retry_after_delay("nan", 1, rand=lambda: 0.0) == 0.5


def test_one_message_per_second_per_channel():
    now = datetime(2025, 1, 1, 12, 0, 0)
    assert next_slot(None, now) == now
    assert next_slot(now - timedelta(seconds=5), now) == now
    assert next_slot(now - timedelta(milliseconds=300), now) == now + timedelta(milliseconds=700)
