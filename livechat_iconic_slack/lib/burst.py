"""A burst of new visitors in one Slack channel: the first few get their own notice, the
others one summary line ("N more visitors waiting"), so that real visitors' notices are
not queued minutes behind a flood at Slack's pace (``retry.PACE``, one message a second).

Pure rules, no Odoo import; the outbox (``livechat_iconic_slack.outbox._send_due``)
applies them when its cron first takes a post, with the pacing it already has: a summary
is one more message, given its slot by :func:`retry.next_slot` like any other.

- A channel gets at most ``quota`` notices of their own per :data:`WINDOW` (a setting,
  :data:`DEFAULT_OWN_PER_MINUTE` by default; 0: no limit). Posted ones count, and those
  waiting for their slot.
- A known customer's notice is never folded: it is posted, quota or not.
- The others are counted on the channel's pending summary, posted after the notices
  already given a slot, and at most one per :data:`WINDOW` per channel.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from .retry import next_slot

__all__ = [
    "DEFAULT_OWN_PER_MINUTE",
    "WINDOW",
    "folds",
    "own_per_minute",
    "summary_slot",
]

#: The window over which a channel's own notices are counted; also the least time
#: between two summaries of one channel.
WINDOW = timedelta(minutes=1)
DEFAULT_OWN_PER_MINUTE = 3
#: Slack's pace allows no more anyway (one message a second)
MAX_OWN_PER_MINUTE = 60


def own_per_minute(text) -> int:
    """The quota of own notices per channel and minute, from the setting's text: the
    default when empty or not a number; 0 (no limit) up to :data:`MAX_OWN_PER_MINUTE`."""
    try:
        quota = int(str(text).strip())  # None, False (no setting), "": the default
    except ValueError:
        return DEFAULT_OWN_PER_MINUTE
    return min(max(quota, 0), MAX_OWN_PER_MINUTE)


def folds(own_in_window: int, quota: int, known: bool) -> bool:
    """Whether a new visitor's notice is folded into its channel's summary instead of
    being posted: the channel had its ``quota`` of own notices in the last
    :data:`WINDOW` already (``own_in_window``), and the visitor is no known customer."""
    return quota > 0 and not known and own_in_window >= quota


def summary_slot(
    last_slot: datetime | None, last_summary: datetime | None, now: datetime
) -> datetime:
    """When a new summary of a channel is sent: after the messages of the channel already
    given a slot (``last_slot``, see :func:`retry.next_slot`), and a :data:`WINDOW` after
    the channel's previous summary (``last_summary``, None: none yet)."""
    slot = next_slot(last_slot, now)
    return max(slot, last_summary + WINDOW) if last_summary else slot
