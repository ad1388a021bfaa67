"""Placeholders of canned responses, filled from the live chat (like Intercom's macro
attributes): ``{visitor_name}``, ``{agent_name}``, ``{company}``, ``{queue}``.

The rule, the same as the composer's (static/src/canned/placeholders.js): a placeholder is a
name of letters, digits and underscores between braces; a known name is replaced by its value
as plain text (no markup is interpreted, the composer inserts text); an unknown name, or a
known one without a value, is left as typed. The values are not scanned again.
"""

import re

PLACEHOLDERS = ("visitor_name", "agent_name", "company", "queue")
PLACEHOLDER_RE = re.compile(r"\{([A-Za-z0-9_]+)\}")


def fill(text, values):
    """``text`` with each ``{name}`` of ``values`` (a mapping) replaced by its value."""
    if not text:
        return text or ""

    def replace(match):
        value = values.get(match.group(1))
        return str(value) if value not in (None, False, "") else match.group(0)

    return PLACEHOLDER_RE.sub(replace, text)
