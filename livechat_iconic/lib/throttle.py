"""The one throttle of the visitors' routes: pure rules (no Odoo).

Every public route of ours, and Odoo's that we extend, names an *action* (``start``,
``message``, ...). A request is counted against its action for its *source* (the IPv4
address, or the IPv6 /64 network: one home or office) and for its *guest*, in fixed
one-minute windows; over a limit it is refused with HTTP 429. A signed-in portal user
counts as a guest does. The limits are settings
(``livechat_iconic.throttle_<action>``: "per source, per guest" per minute, 0 for none).

The same counters hold the *mail cap*: the e-mails that visitors make the company send
(a code proving an address, a transcript, a ticket's confirmation) are counted per
hour, for all visitors together and per source (``livechat_iconic.visitor_mail_cap``:
"all, per source" per hour); past either, no more such e-mail goes out that hour.
"""

import ipaddress

WINDOW_SECONDS = 60

#: Per minute: (per source, per guest). A real visitor starts one chat, types a few
#: messages a minute, peeks at most 3 times a second; an office behind one address
#: may hold many real visitors, hence the wider per-source limits.
DEFAULT_LIMITS = {
    "start": (30, 5),
    "message": (60, 20),
    "form": (10, 5),
    "mail": (10, 6),  # a transcript to a new address takes 3 calls: ask, code, send
    "proof": (30, 10),
    "contact": (30, 10),
    "peek": (600, 200),
    "page": (300, 120),
    "other": (120, 60),
}


HOUR_SECONDS = 3600
#: Per hour: (all visitors, per source) e-mails that visitors make the company send.
DEFAULT_MAIL_CAP = (200, 5)
#: Prefix of the hourly counters (kept an hour, the per-minute ones a minute).
HOUR_PREFIX = "hour:"


def source_of(address):
    """The source a request is counted for: ``"ip:<IPv4>"``, ``"ip:<IPv6 /64>"``, or
    ``"ip:?"`` for an address that cannot be read (all such requests count together)."""
    try:
        ip = ipaddress.ip_address((address or "").strip())
    except ValueError:
        return "ip:?"
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if ip.version == 6:
        return f"ip:{ipaddress.ip_network(f'{ip}/64', strict=False)}"
    return f"ip:{ip}"


def parse_limits(text, default):
    """``"30, 5"`` → ``(30, 5)``; anything unreadable gives ``default``. 0 = no limit."""
    try:
        values = tuple(int(part) for part in str(text).split(","))
    except (TypeError, ValueError):
        return default
    if len(values) != 2 or any(value < 0 for value in values):
        return default
    return values


def window_of(timestamp):
    """The one-minute window a moment (seconds since the epoch) falls in."""
    return int(timestamp // WINDOW_SECONDS)


def hour_window_of(timestamp):
    """The window id of the hour a moment falls in, in the minutes' unit (its first
    minute's window), so that one column orders both kinds of window."""
    return int(timestamp // HOUR_SECONDS) * (HOUR_SECONDS // WINDOW_SECONDS)


def mail_cap_keys(source):
    """The hourly counters one visitor-triggered e-mail adds one to: all visitors',
    and its source's."""
    return [f"{HOUR_PREFIX}mail:all", f"{HOUR_PREFIX}mail:{source}"]


def keys(action, source, visitor=None):
    """The counters a request adds one to: its source's, and its visitor's if known
    (``"guest:<cookie digest>"`` for a guest, ``"user:<id>"`` for a signed-in portal user)."""
    counted = [f"{action}:{source}"]
    if visitor:
        counted.append(f"{action}:{visitor}")
    return counted


def is_over(counts, limits):
    """Whether ``counts`` (per source, per guest; the guest's ``None`` when there is
    none) passed ``limits`` (per source, per guest; 0 = no limit)."""
    return any(
        limit and count is not None and count > limit
        for count, limit in zip(counts, limits, strict=True)
    )
