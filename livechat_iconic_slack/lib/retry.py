"""When to try again: Slack errors sorted into permanent and transient, exponential
backoff with jitter capped at half a minute, ``Retry-After`` honoured, and pacing of
about one message per second per Slack channel."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

__all__ = [
    "BACKOFF_CAP",
    "PACE",
    "PERMANENT_ERRORS",
    "Verdict",
    "backoff_delay",
    "classify",
    "next_slot",
    "retry_after_delay",
]

#: Longest wait between two tries of a transient failure (seconds). Half a minute:
#: a cron run sleeps through such waits, and Odoo's cron threads look for due jobs at
#: least once a minute, so once Slack is back the backlog flows within a minute.
BACKOFF_CAP = 30.0
#: Slack allows about one message per second per channel (chat.postMessage).
PACE = timedelta(seconds=1)
#: Longest Retry-After we accept (seconds); a bigger value is read as this.
RETRY_AFTER_CAP = 3600.0

#: Slack error codes that no retry will cure: the token, the app or the channel is
#: wrong, or this message can never be sent or edited. (Slack's Web API docs.)
PERMANENT_ERRORS = frozenset(
    {
        # authentication and the app's installation
        "not_authed",
        "invalid_auth",
        "account_inactive",
        "token_revoked",
        "token_expired",
        "no_permission",
        "missing_scope",
        "not_allowed_token_type",
        "org_login_required",
        "ekm_access_denied",
        "team_access_not_granted",
        "two_factor_setup_required",
        "access_denied",
        "app_missing_action_url",
        # the channel
        "channel_not_found",
        "not_in_channel",
        "is_archived",
        "restricted_action",
        "restricted_action_read_only_channel",
        "restricted_action_thread_only_channel",
        "restricted_action_non_threadable_channel",
        "team_not_found",
        # this message
        "msg_too_long",
        "no_text",
        "invalid_blocks",
        "invalid_blocks_format",
        "invalid_arguments",
        "invalid_arg_name",
        "invalid_charset",
        "too_many_attachments",
        "message_not_found",
        "cant_update_message",
        "edit_window_closed",
        "user_not_found",
        "user_not_in_channel",
        "users_not_found",
    }
)
#: Error codes Slack sends for its own trouble: try again later.
TRANSIENT_ERRORS = frozenset(
    {"internal_error", "fatal_error", "service_unavailable", "request_timeout", "ratelimited"}
)


class Verdict:
    """What to do after a failed call."""

    RATE_LIMITED = "rate_limited"  # wait Retry-After
    TRANSIENT = "transient"  # back off and try again
    PERMANENT = "permanent"  # stop: an administrator must act


def classify(status: int | None, error: str | None) -> str:
    """Sort a failure: HTTP ``status`` (None when no answer came: connection error or
    timeout) and Slack's ``error`` code (None when the body had none).

    Unknown Slack error codes are transient (the caller caps their attempts): a
    notice is better late than lost.
    """
    if status == 429 or error in ("ratelimited", "rate_limited"):
        return Verdict.RATE_LIMITED
    if status is None or status >= 500 or error in TRANSIENT_ERRORS:
        return Verdict.TRANSIENT
    if error in PERMANENT_ERRORS:
        return Verdict.PERMANENT
    if status in (401, 403, 404, 410):
        return Verdict.PERMANENT
    return Verdict.TRANSIENT


def backoff_delay(attempt: int, *, base: float = 1.0, cap: float = BACKOFF_CAP, rand=None) -> float:
    """Seconds to wait after the ``attempt``-th failure (1, 2, …): exponential
    (``base`` × 2^(attempt-1)) with "equal jitter" (half fixed, half random), never
    more than ``cap``. ``rand`` returns a float in [0, 1) (``random.random``)."""
    rand = rand or random.random
    ceiling = min(cap, base * 2 ** min(max(attempt, 1) - 1, 32))
    return ceiling / 2 + rand() * ceiling / 2


def retry_after_delay(header: str | None, attempt: int, rand=None) -> float:
    """Seconds to wait after a 429: Slack's ``Retry-After`` (seconds) when it is a
    number, else the backoff of ``attempt``."""
    try:
        seconds = float((header or "").strip())
    except ValueError:
        return backoff_delay(attempt, rand=rand)
    if seconds != seconds or seconds < 0:  # NaN or negative
        return backoff_delay(attempt, rand=rand)
    return min(max(seconds, 1.0), RETRY_AFTER_CAP)


def next_slot(last_sent: datetime | None, now: datetime, pace: timedelta = PACE) -> datetime:
    """The earliest moment the next message may go to a channel whose last message
    went at ``last_sent``: one ``pace`` later, and never before ``now``."""
    if last_sent is None:
        return now
    return max(now, last_sent + pace)
