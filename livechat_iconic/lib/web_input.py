"""Checks of what a website visitor's browser sends us (no Odoo import).

Every value from the widget or from request headers is untrusted: it can have the wrong
JSON type, be huge, hold NUL or control characters, lone surrogates (which PostgreSQL
refuses) or secrets (a reset-password token in a page address). These checks refuse such
values, or return a safe form of them, before anything is stored or shown to an agent.
"""

import re
from urllib.parse import urlsplit, urlunsplit

#: Longest page or referrer address kept, once its query string and fragment are removed.
MAX_URL_LENGTH = 2048
#: Longest address even looked at (a long query string is removed, not kept).
MAX_RAW_URL_LENGTH = 8 * MAX_URL_LENGTH
#: Largest record id accepted (PostgreSQL ``integer``).
MAX_ID = 2**31 - 1
#: Largest request body accepted by our public JSON-RPC routes, in bytes. The contact
#: route's values (at most 446 characters) take under 3 KiB even with every character
#: written as a JSON ``\uXXXX`` escape.
MAX_REQUEST_BYTES = 16 * 1024

# bidirectional overrides and isolates reorder what an agent sees; never needed in a name
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


class BadInput(ValueError):
    """A value from the browser is refused.

    ``field`` names the value, ``problem`` says what is wrong: ``"missing"``, ``"type"``,
    ``"too_long"`` or ``"characters"``. The message never contains the value.
    """

    def __init__(self, field, problem):
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


def has_forbidden_characters(text):
    """True when ``text`` holds a control character (NUL included; tab, line feed and
    carriage return are allowed), a bidirectional override, or a lone surrogate."""
    for char in text:
        code = ord(char)
        if code < 0x20:
            if char not in "\t\n\r":
                return True
        elif 0x7F <= code <= 0x9F or 0xD800 <= code <= 0xDFFF or char in _BIDI_CONTROLS:
            return True
    return False


def check_text(field, value, max_length):
    """Return ``value`` when it is None or a string of at most ``max_length`` characters
    without forbidden characters; raise :class:`BadInput` otherwise."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise BadInput(field, "type")
    if len(value) > max_length:
        raise BadInput(field, "too_long")
    if has_forbidden_characters(value):
        raise BadInput(field, "characters")
    return value


def clean_plain_text(text, max_length):
    """``text`` made safe to store and show as one line of plain text, at most
    ``max_length`` characters: control characters (NUL included), bidirectional controls
    and lone surrogates are dropped, every run of white space becomes one space, and the
    ends are stripped. Anything that is not a string gives ``""``. Markup is not
    interpreted: it stays text, which Odoo shows escaped."""
    if not isinstance(text, str) or max_length <= 0:
        return ""
    kept = []
    space = False
    for char in text:  # stops as soon as enough is kept: a huge text costs little
        if char.isspace():
            space = bool(kept)
            continue
        if _is_forbidden(char):
            continue
        if space:
            kept.append(" ")
            space = False
        kept.append(char)
        if len(kept) >= max_length:
            break
    return "".join(kept)[:max_length].rstrip()


def _is_forbidden(char):
    code = ord(char)
    if code < 0x20 or 0x7F <= code <= 0x9F or 0xD800 <= code <= 0xDFFF:
        return True
    return char in _BIDI_CONTROLS


def check_id(field, value):
    """Return ``value`` as a record id: a positive int, or a string of ASCII digits
    (JSON booleans and floats are refused); raise :class:`BadInput` otherwise."""
    if value is None:
        raise BadInput(field, "missing")
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 10:
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool):
        raise BadInput(field, "type")
    if not 0 < value <= MAX_ID:
        raise BadInput(field, "type")
    return value


def safe_page_url(url):
    """The address of a web page, safe to store and show to an agent, or None.

    Only absolute ``http``/``https`` addresses with a host are kept. The query string and
    fragment are removed (they carry reset-password and access tokens), as is any
    ``user:password@``; scheme and host are lower-cased. Anything that is not a string,
    holds a control character, a space or a lone surrogate, or is longer than
    :data:`MAX_URL_LENGTH` once cleaned, gives None.
    """
    if not isinstance(url, str) or not url or len(url) > MAX_RAW_URL_LENGTH:
        return None
    if " " in url or has_forbidden_characters(url) or any(c in url for c in "\t\n\r"):
        return None
    try:
        parts = urlsplit(url)
        host = parts.hostname  # without user:password@ and port, lower-cased
        port = parts.port  # ValueError when not a number in range
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not host:
        return None
    netloc = f"[{host}]" if ":" in host else host
    if port is not None:
        netloc = f"{netloc}:{port}"
    path = "/".join(
        TOKEN_MARK if looks_like_token(segment) else segment for segment in parts.path.split("/")
    )
    cleaned = urlunsplit((scheme, netloc, path, "", ""))
    return cleaned if len(cleaned) <= MAX_URL_LENGTH else None


#: What a path segment that looks like a secret token becomes.
TOKEN_MARK = "…"
_UUID_RE = re.compile(r"[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}", re.I)
_HEX_RE = re.compile(r"[0-9a-f]{16,}", re.I)
_TOKEN_CHARS_RE = re.compile(r"[A-Za-z0-9_=.~%-]{20,}")


def _char_class(char):
    return "d" if char.isdigit() else "u" if char.isupper() else "l" if char.isalpha() else "s"


def looks_like_token(segment):
    """Whether a URL path segment looks like a secret (``/survey/<token>/<token>``,
    ``/rate/<token>``, a reset or access link): a UUID, 16 or more hexadecimal digits, or
    20 or more URL-safe characters that switch between letters and digits (or case) as
    random text does, unlike a slug such as ``office-chair-black-42``: 6 switches, or 3
    in letters and digits only (no word separator: Odoo's 20-character signup tokens,
    whose random case rarely switches 6 times). Hexadecimal runs count when they mix
    digits and letters."""
    if _UUID_RE.fullmatch(segment):
        return True
    mixed = any(char.isdigit() for char in segment) and any(char.isalpha() for char in segment)
    if _HEX_RE.fullmatch(segment):
        return mixed  # not a plain number, nor a word such as "deadbeefcafe…"
    if not _TOKEN_CHARS_RE.fullmatch(segment):
        return False
    classes = [_char_class(char) for char in segment if char.isalnum()]
    switches = sum(1 for left, right in zip(classes, classes[1:], strict=False) if left != right)
    return switches >= (3 if segment.isalnum() else 6)
