"""Proof that a visitor holds an e-mail address: pure rules (no Odoo).

The company sends a visitor's transcript only to an address the visitor has proven (or to
a signed-in user's own address, or to the address already on the session's ticket). To
prove one, the visitor asks for a one-time code, which is e-mailed to that address, and
types it back in the widget. The code is kept only as a keyed digest; it expires after
:data:`CODE_TTL_MINUTES` and allows :data:`MAX_ATTEMPTS` tries.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

__all__ = [
    "CODE_LENGTH",
    "CODE_TTL_MINUTES",
    "MAX_ATTEMPTS",
    "BadCode",
    "Proof",
    "check_code",
    "clean_code",
    "code_digest",
    "new_code",
    "new_proof",
]

#: Digits of a code.
CODE_LENGTH = 6
#: How long a code may be typed back.
CODE_TTL_MINUTES = 15
#: Tries per code (a wrong one counts; the right one after them is refused).
MAX_ATTEMPTS = 5

#: Verdicts of :func:`check_code`.
OK = "ok"
WRONG = "wrong"
EXPIRED = "expired"
EXHAUSTED = "exhausted"


class BadCode(ValueError):
    """What the visitor typed cannot be a code (``problem``: ``"type"`` or ``"format"``)."""

    def __init__(self, problem):
        super().__init__(problem)
        self.problem = problem


@dataclass(frozen=True)
class Proof:
    """A code sent: its digest (``"<salt>$<hex>"``), when it expires, the tries used."""

    digest: str
    expires_at: datetime
    attempts: int = 0

    @property
    def attempts_left(self):
        return max(MAX_ATTEMPTS - self.attempts, 0)


def new_code():
    """A random code of :data:`CODE_LENGTH` digits (leading zeros kept)."""
    return f"{secrets.randbelow(10**CODE_LENGTH):0{CODE_LENGTH}d}"


def code_digest(secret, code, salt=None):
    """``"<salt>$<hex>"``: an HMAC-SHA256 of ``code`` keyed by ``secret`` (the database's
    secret) and a random ``salt``, so that a copy of the table alone does not give the
    codes away (a million codes are otherwise tried in an instant)."""
    salt = salt or secrets.token_hex(8)
    mac = hmac.new(f"{secret}:{salt}".encode(), code.encode(), hashlib.sha256).hexdigest()
    return f"{salt}${mac}"


def new_proof(secret, now):
    """``(code, Proof)``: a new code to send and what is kept of it."""
    code = new_code()
    return code, Proof(code_digest(secret, code), now + timedelta(minutes=CODE_TTL_MINUTES))


def clean_code(value):
    """The code the visitor typed, without spaces or dashes; raises :class:`BadCode`
    unless it is :data:`CODE_LENGTH` digits."""
    if not isinstance(value, str):
        raise BadCode("type")
    code = "".join(value.split()).replace("-", "")
    if len(code) != CODE_LENGTH or not code.isascii() or not code.isdigit():
        raise BadCode("format")
    return code


def check_code(proof, code, secret, now):
    """The verdict on ``code`` (cleaned) for ``proof`` at ``now``: :data:`OK`,
    :data:`WRONG` (the caller counts the try), :data:`EXPIRED` or :data:`EXHAUSTED`. The
    tries are judged before the code, so that a right code found by guessing past the
    limit is still refused."""
    if proof.attempts >= MAX_ATTEMPTS:
        return EXHAUSTED
    if now >= proof.expires_at:
        return EXPIRED
    salt, _sep, _mac = proof.digest.partition("$")
    if salt and hmac.compare_digest(code_digest(secret, code, salt), proof.digest):
        return OK
    return WRONG
