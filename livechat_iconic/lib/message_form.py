"""Rules of the visitor's message form and of the chats that end without an agent.

Pure Python, no Odoo import: the controllers and models call these functions.

- :func:`clean_message_form` checks what the visitor typed in the widget's message form
  (and in "Send as a message instead"), without repeating a refused value.
- :func:`clean_request_key` checks the widget's idempotency key.
- :func:`rate_limited` says whether one more message from an address or an e-mail would
  exceed the hourly limits.
- :func:`is_missed` says whether a session that ended is a missed chat.
- :func:`transcript_text` writes a conversation as lines with the times people wrote.
- :func:`registered_ticket_closes` says whether a chat's registered ticket is closed
  when the chat ends.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from . import contact, web_input

__all__ = [
    "MESSAGE_MAX_LENGTH",
    "MAX_PER_EMAIL_PER_HOUR",
    "MAX_PER_IP_PER_HOUR",
    "TranscriptLine",
    "clean_message_form",
    "clean_request_key",
    "is_missed",
    "rate_limited",
    "registered_ticket_closes",
    "transcript_text",
]

#: Longest message the form accepts (characters).
MESSAGE_MAX_LENGTH = 5000
#: Messages one e-mail address may send in an hour, and one IP address.
MAX_PER_EMAIL_PER_HOUR = 5
MAX_PER_IP_PER_HOUR = 20

_REQUEST_KEY = re.compile(r"[A-Za-z0-9_-]{8,64}")


def clean_message_form(
    name=None,
    email=None,
    phone=None,
    message=None,
    region=None,
    email_required=True,
    message_required=True,
):
    """Return the cleaned ``{"name", "email", "phone", "message"}`` (missing ones omitted).

    Raises :class:`contact.InvalidContact` (``field``, ``problem``) for a bad name, e-mail
    or phone, or a missing e-mail when ``email_required``; and :class:`web_input.BadInput`
    (``field`` is ``"message"``, ``problem`` ``"missing"``, ``"type"``, ``"too_long"`` or
    ``"characters"``) for the message. Every value is checked before any is kept.
    """
    values = contact.clean_contact(email=email, phone=phone, name=name, region=region)
    if email_required and "email" not in values:
        raise contact.InvalidContact("An e-mail address is required.", "email", "missing")
    text = web_input.check_text("message", message, MESSAGE_MAX_LENGTH)
    if text is not None:
        # keep the visitor's lines, drop trailing blanks of each
        text = "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").split("\n"))
        text = text.strip()
    if text:
        values["message"] = text
    elif message_required:
        raise web_input.BadInput("message", "missing")
    return values


def clean_request_key(key):
    """The widget's idempotency key: 8 to 64 letters, digits, ``-`` or ``_``; None when
    absent. Raises :class:`web_input.BadInput` for anything else."""
    if key is None or key == "":
        return None
    if not isinstance(key, str):
        raise web_input.BadInput("request_key", "type")
    if not _REQUEST_KEY.fullmatch(key):
        raise web_input.BadInput("request_key", "characters")
    return key


def rate_limited(sent_by_email, sent_by_ip, known_customer=False):
    """True when one more message would exceed the hourly limits: at most
    :data:`MAX_PER_EMAIL_PER_HOUR` per e-mail and :data:`MAX_PER_IP_PER_HOUR` per IP
    address. A known (signed-in) customer is never limited."""
    if known_customer:
        return False
    return sent_by_email >= MAX_PER_EMAIL_PER_HOUR or sent_by_ip >= MAX_PER_IP_PER_HOUR


def is_missed(needed_human_at, first_answer_at, ended_at, limit_seconds=0):
    """Whether a session is a missed chat.

    ``needed_human_at``: when the visitor started waiting for a person (None when no
    person was ever needed, e.g. a bot answered everything: never missed).
    ``first_answer_at``: an agent's first message (None: nobody answered).
    ``ended_at``: when the session ended (None: still running, not missed yet).
    ``limit_seconds``: the queue's longest acceptable wait (0: no limit); a visitor
    answered later than that was missed too.
    """
    if not needed_human_at or (not ended_at and not first_answer_at):
        return False
    if not first_answer_at:
        return True
    if limit_seconds and limit_seconds > 0:
        return (first_answer_at - needed_human_at).total_seconds() > limit_seconds
    return False


@dataclass(frozen=True)
class TranscriptLine:
    """One message: when (naive datetime in the reader's time zone), who, what (plain)."""

    when: datetime
    author: str
    text: str


def transcript_text(lines):
    """The conversation as plain text, one message per paragraph, each headed by the
    time it was written and its author: ``[2026-11-23 14:05] Nina: Hello``."""
    parts = []
    for line in lines:
        stamp = line.when.strftime("%Y-%m-%d %H:%M")
        parts.append(f"[{stamp}] {line.author}: {line.text.strip()}")
    return "\n".join(parts)


#: The outcomes (``discuss.channel.livechat_outcome``) of a chat whose question was
#: answered: its registered ticket is closed when the chat ends. Any other outcome (never
#: answered, nobody available, the visitor went silent, made a ticket of) leaves it open.
ANSWERED_OUTCOMES = frozenset({"no_failure", "escalated"})


def registered_ticket_closes(outcome, missed):
    """Whether the ticket registered when a chat was taken is closed when the chat ends
    with ``outcome``; never for a missed chat (answered late or not at all: someone
    follows it up)."""
    return not missed and outcome in ANSWERED_OUTCOMES
