"""Text from visitors, made safe for Slack's ``mrkdwn``.

Slack reads ``<...>`` as control sequences (``<!channel>``, ``<@U123>``,
``<https://evil|click here>``) and wants ``&``, ``<`` and ``>`` escaped as
``&amp;``, ``&lt;`` and ``&gt;``. Escaping those three is what stops link and
mention injection in Block Kit; ``@here``/``@channel`` typed as words are also
broken with an invisible word joiner, in case a message is ever posted with
``link_names``. Truncation counts the escaped text, never cuts an entity in two,
and ends with "…".
"""

from __future__ import annotations

import re

__all__ = ["ELLIPSIS", "escape", "safe_text", "truncate_escaped"]

ELLIPSIS = "…"
WORD_JOINER = "\u2060"
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_SPECIAL_MENTION = re.compile(r"([@!])(here|channel|everyone)\b", re.IGNORECASE)
# control characters other than tab and newline; Slack shows them as boxes
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def escape(text: str) -> str:
    """Escape ``&``, ``<`` and ``>`` as Slack asks (nothing else)."""
    return "".join(_ENTITIES.get(char, char) for char in text)


def _pieces(text: str) -> list[str]:
    """The escaped text as indivisible pieces: one character or one entity each."""
    text = _CONTROL.sub("", text)
    text = _SPECIAL_MENTION.sub(lambda m: m.group(1) + WORD_JOINER + m.group(2), text)
    return [_ENTITIES.get(char, char) for char in text]


def truncate_escaped(pieces: list[str], limit: int) -> str:
    """Join ``pieces`` into at most ``limit`` characters, ending with "…" when cut."""
    if sum(map(len, pieces)) <= limit:
        return "".join(pieces)
    out, size = [], 0
    for piece in pieces:
        if size + len(piece) > limit - len(ELLIPSIS):
            break
        out.append(piece)
        size += len(piece)
    return "".join(out).rstrip() + ELLIPSIS


def safe_text(text: str | None, limit: int) -> str:
    """Visitor text as Slack ``mrkdwn``: escaped, mentions broken, at most ``limit``
    characters (escaped), "…" when truncated."""
    return truncate_escaped(_pieces(text or ""), limit)
