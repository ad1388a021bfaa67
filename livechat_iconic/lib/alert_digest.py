"""The agents' "a visitor is waiting" notices, bounded whatever the number of visitors
waiting: who hears about which sessions, and how.

Pure functions, no Odoo import: the alert scheduled action
(``discuss.channel._cron_livechat_alert_operators``) reads the sessions that passed a
threshold of their queue in its run, and these rules decide:

- each agent gets **one desktop notice per run**: the usual notice of the one session
  when only one concerns them, else one digest ("N visitors are waiting in …");
- each agent gets **at most one e-mail per interval** (a setting, 15 minutes by default);
  sessions that come due while the interval runs are held back and told by the next
  e-mail, which lists the visitors still waiting, longest wait first, capped;
- a **known customer's** session is never folded into a digest: it gets its own notice
  at once, and its own e-mail.

A queue may notify **at once** (its option): the thresholds are then zero, the run is
woken at the visitor's first message, the desktop notice (with a sound) goes to the
queue's agents who can take the chat and the e-mail to those who are not signed in
(:func:`told_at_once`), in the same bounds: one desktop notice per agent per run, one
e-mail per agent per interval.
"""

from __future__ import annotations

from collections import namedtuple
from datetime import datetime, timedelta

from . import routing

DEFAULT_MAIL_INTERVAL_MINUTES = 15
#: A day: a longer interval would silence the e-mails for good
MAX_MAIL_INTERVAL_MINUTES = 24 * 60
#: Visitors an e-mail names (the longest waits); the others are counted ("and N more")
MAIL_LIST_CAP = 10
#: Queues a digest names; the others are left out ("…")
QUEUES_NAMED = 3

Waiting = namedtuple("Waiting", "session_id queue_id since known")
Waiting.__doc__ = """A waiting session as the alerts see it.

session_id: the session's id; queue_id: its queue's id; since: naive UTC datetime when the
visitor started waiting; known: a known customer (never folded into a desktop digest; named
first in an e-mail)."""

Notices = namedtuple("Notices", "own digest")
Notices.__doc__ = """One agent's desktop notices of a run.

own: the sessions that get a notice of their own (a known customer's, or the only one);
digest: the sessions told by one digest notice (empty: no digest). Longest wait first."""


def _longest_first(waiting):
    return sorted(waiting, key=lambda w: (w.since, w.session_id))


def by_agent(waiting, recipients) -> dict:
    """``{agent: [Waiting, …]}``: who hears about which sessions, longest wait first.

    ``waiting``: Waiting tuples; ``recipients``: ``{queue id: agent ids}``, the agents told
    about a queue's visitors. An agent in several queues hears about each session once.
    """
    told = {}
    for entry in _longest_first(waiting):
        for agent in recipients.get(entry.queue_id, ()):
            told.setdefault(agent, []).append(entry)
    return told


def plan_desktop(waiting, recipients) -> dict:
    """``{agent: Notices}``: each agent's desktop notices for the sessions that passed the
    desktop threshold in this run (arguments as :func:`by_agent`).

    A known customer's session gets its own notice; the others one digest, or their own
    notice when only one of them concerns the agent.
    """
    plan = {}
    for agent, entries in by_agent(waiting, recipients).items():
        own = [e for e in entries if e.known]
        folded = [e for e in entries if not e.known]
        if len(folded) == 1:
            own, folded = _longest_first(own + folded), []
        plan[agent] = Notices(own, folded)
    return plan


def mail_interval(text) -> timedelta:
    """The spacing of one agent's e-mails, from the setting's text (minutes): the default
    when empty or not a number, 0 (every run may send one), at most a day."""
    try:
        minutes = int(str(text).strip())  # None, False (no setting), "": the default
    except ValueError:
        minutes = DEFAULT_MAIL_INTERVAL_MINUTES
    return timedelta(minutes=min(max(minutes, 0), MAX_MAIL_INTERVAL_MINUTES))


def may_mail(last_mail: datetime | None, now: datetime, interval: timedelta) -> bool:
    """Whether an agent whose last alert e-mail went at ``last_mail`` (None: never) may
    get another one at ``now``."""
    return last_mail is None or now - last_mail >= interval


def next_mail_at(last_mail: datetime, interval: timedelta) -> datetime:
    """When an agent held back may get the next e-mail."""
    return last_mail + interval


def mail_list(entries, cap: int = MAIL_LIST_CAP):
    """``(named, more)``: the sessions an e-mail names (known customers first, then the
    longest waits; ``cap`` of them) and how many others it only counts."""
    ordered = sorted(entries, key=lambda w: (not w.known, w.since, w.session_id))
    return ordered[:cap], max(len(ordered) - cap, 0)


def queue_names(names, cap: int = QUEUES_NAMED) -> str:
    """The queues of a digest, as it names them: each once, in the order given (the
    longest wait's first), at most ``cap`` of them, then "…"."""
    unique = list(dict.fromkeys(n for n in names if n))
    text = ", ".join(unique[:cap])
    return text + ", …" if len(unique) > cap else text


#: how an agent hears that a visitor needs a person, in a queue that notifies at once
DESKTOP = "desktop"
MAIL = "mail"


def alert_delays(at_once: bool, desktop_after, email_after):
    """``(desktop, e-mail)``: the seconds a visitor waits before the agents get the
    desktop notice and the e-mail (None: never): zero for a queue that notifies at once,
    else the queue's thresholds (0 or empty: never)."""
    if at_once:
        return 0, 0
    return (desktop_after or None), (email_after or None)


def told_at_once(status: str, broadcast: bool) -> str | None:
    """How an agent of a queue that notifies at once hears of a visitor who needs a
    person, by the agent's status (``routing.STATUSES``): ``MAIL`` when not signed in;
    ``DESKTOP`` (a desktop notice with a sound) when signed in and free to take chats
    (online, away) in an assigned queue; else None: on a break or invisible (no chats of
    an assigned queue), and in a broadcast queue, whose routing offers the chat at that
    moment to every agent who may take it (the offer is their desktop notice)."""
    if status == routing.OFFLINE:
        return MAIL
    if status in (routing.ONLINE, routing.AWAY) and not broadcast:
        return DESKTOP
    return None
