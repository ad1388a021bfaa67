"""The Slack notice of a session: Block Kit blocks and a plain-text fallback.

Built from a plain dict of the session's current values (see :func:`build_notice`),
so the same function renders the first post and every later ``chat.update``: the
message always tells the latest truth. Visitor text goes through
:func:`slack_text.safe_text` and sits in ``verbatim`` text objects (Slack then
neither links URLs nor resolves names in it). Every piece respects Slack's block
limits; long text ends with "…", the notice never fails for its size.

Our own words are translatable: the functions take ``_``, a gettext-like callable
(``_(source, **kwargs)``, as Odoo's ``env._``, whose ``%(name)s`` placeholders it
fills); the default leaves them in English. Odoo's exporter finds them in the
addon's .pot as any ``_("...")`` call.
"""

from __future__ import annotations

from .slack_text import escape, safe_text

__all__ = [
    "CLAIM_ACTION_ID",
    "CLAIMABLE_STATES",
    "LIMITS",
    "build_notice",
    "build_summary",
    "english",
    "stakes_line",
    "status_line",
]

CLAIM_ACTION_ID = "livechat_iconic_claim"
OPEN_ACTION_ID = "livechat_iconic_open"
#: States in which the Claim button is offered (a session that needs a human).
CLAIMABLE_STATES = frozenset({"in_queue", "waiting"})

#: Slack's documented limits (characters) for the pieces we use.
LIMITS = {
    "header": 150,
    "section_text": 3000,
    "field": 2000,
    "context": 2000,
    "button_text": 75,
    "button_url": 3000,
    "fallback": 3000,  # Slack accepts 40,000 but truncates display well before
    "name": 200,
    "location": 300,
    "page": 1000,
}


def english(source: str, **kwargs) -> str:
    """The untranslated text, with its ``%(name)s`` placeholders filled."""
    return source % kwargs if kwargs else source


def status_line(values: dict, _=english) -> str:
    """Where the session stands, in a few words (escaped for Slack).

    ``values``: ``state`` (the session state key), ``agent_name``, ``missed`` (ended
    before any agent answered), ``end_reason`` (``sent_as_message``,
    ``visitor_inactive`` or empty), ``ticket_name``.
    """
    state = values.get("state")
    agent = values.get("agent_name") or ""
    ticket = values.get("ticket_name") or ""
    if state == "in_queue":
        parts = [_("In queue: waiting for an agent")]
    elif state == "waiting":
        parts = [_("Waiting for %(agent)s", agent=agent) if agent else _("Waiting for an agent")]
    elif state == "chatting":
        parts = [_("Taken by %(agent)s", agent=agent) if agent else _("Chatting")]
    elif state == "left":
        parts = [_("LEFT")]
    elif state == "closed":
        parts = [_("CLOSED")]
    elif state == "invited":
        parts = [_("Invited by %(agent)s", agent=agent) if agent else _("Invited")]
    else:
        parts = [_("Loading")]
    if state in ("closed", "left"):
        if values.get("missed"):
            parts.append(_("missed"))
        if agent and not values.get("missed"):
            parts.append(_("was with %(agent)s", agent=agent))
        if values.get("end_reason") == "visitor_inactive":
            parts.append(_("visitor inactive"))
    if values.get("end_reason") == "sent_as_message" or ticket:
        parts.append(
            _("sent as a ticket (%(ticket)s)", ticket=ticket) if ticket else _("sent as a ticket")
        )
    return safe_text(" · ".join(parts), LIMITS["context"])


def _field(label: str, value: str, limit: int) -> dict:
    text = f"*{label}*\n"
    return {
        "type": "mrkdwn",
        "text": text + safe_text(value, min(limit, LIMITS["field"] - len(text))),
        "verbatim": True,
    }


def stakes_line(stakes: dict | None, _=english) -> str:
    """What is at stake in sales with the visitor's confirmed contact, in a few words
    (not escaped), or "" for none. ``stakes``: ``count`` (open opportunities),
    ``value_label`` (their expected revenue, formatted with its currency), ``quality``
    (the lead-quality verdict's label, may be empty)."""
    if not stakes or not stakes.get("count"):
        return ""
    count = int(stakes["count"])
    if count == 1:
        line = _("1 open opportunity, %(value)s", value=stakes.get("value_label") or "")
    else:
        line = _(
            "%(count)s open opportunities, %(value)s",
            count=count,
            value=stakes.get("value_label") or "",
        )
    if stakes.get("quality"):
        line += " · " + _("lead quality: %(quality)s", quality=stakes["quality"])
    return line


def build_notice(values: dict, _=english) -> tuple[str, list[dict]]:
    """(fallback text, blocks) of the notice for one session.

    ``values``: ``session_id``, ``visitor_name`` (empty for a guest), ``question``,
    ``page_url``, ``location``, ``board_url`` (our own link to the waiting list),
    ``stakes`` (what is at stake with a confirmed contact, see :func:`stakes_line`;
    absent or empty for anyone else), and what :func:`status_line` reads. ``_``
    translates our words (see the module's doc).
    """
    headline = _("NEW CUSTOMER requested assistance")
    name = values.get("visitor_name") or _("(Guest)")
    question = values.get("question") or ""
    status = status_line(values, _)
    stakes = stakes_line(values.get("stakes"), _)
    # (no _() inside f-strings: the .pot exporter would not see it)
    label = "*" + escape(_("Question")) + "*\n"
    none_yet = "_" + escape(_("(none yet)")) + "_"
    unknown = _("Unknown")
    blocks = [
        {"type": "header", "text": {"type": "plain_text", "text": headline, "emoji": False}},
        {
            "type": "section",
            "fields": [
                _field(escape(_("Customer")), name, LIMITS["name"]),
                _field(
                    escape(_("Location")), values.get("location") or unknown, LIMITS["location"]
                ),
                _field(escape(_("Page")), values.get("page_url") or unknown, LIMITS["page"]),
            ]
            + ([_field(escape(_("At Stake")), stakes, LIMITS["field"])] if stakes else []),
        },
        {
            "type": "section",
            "text": {
                "type": "mrkdwn",
                "text": label
                + (safe_text(question, LIMITS["section_text"] - len(label)) or none_yet),
                "verbatim": True,
            },
        },
        {"type": "context", "elements": [{"type": "mrkdwn", "text": status, "verbatim": True}]},
    ]
    buttons = []
    if values.get("state") in CLAIMABLE_STATES:
        buttons.append(
            {
                "type": "button",
                "action_id": CLAIM_ACTION_ID,
                "text": {"type": "plain_text", "text": _("Claim"), "emoji": False},
                "style": "primary",
                "value": str(int(values["session_id"])),
            }
        )
    board_url = values.get("board_url") or ""
    if board_url and len(board_url) <= LIMITS["button_url"]:
        buttons.append(_board_button(board_url, _))
    if buttons:
        blocks.append({"type": "actions", "elements": buttons})
    # names and question are short in the fallback: it is what notifications show
    fallback = f"{escape(headline)}: {safe_text(name, 80)}, {safe_text(question, 300)} ({status})"
    if board_url:
        fallback += f" {escape(board_url)}"
    return safe_text_cut(fallback, LIMITS["fallback"]), blocks


def _board_button(board_url: str, _=english) -> dict:
    """The button to the Customers Waiting board (``board_url``)."""
    return {
        "type": "button",
        "action_id": OPEN_ACTION_ID,
        "text": {"type": "plain_text", "text": _("Open the waiting list"), "emoji": False},
        "url": board_url,
    }


def build_summary(count: int, board_url: str, _=english) -> tuple[str, list[dict]]:
    """(fallback text, blocks) of the line that stands for ``count`` visitors of a burst
    who got no notice of their own (see ``lib/burst.py``): how many wait, and the button
    to the waiting list (``board_url``), where they are taken. ``_`` as for
    :func:`build_notice`."""
    if count == 1:
        line = _("1 more visitor waiting")
    else:
        line = _("%(count)s more visitors waiting", count=count)
    hint = _("Their notices are not posted one by one: take them from the waiting list.")
    blocks = [
        {
            "type": "section",
            "text": {
                "type": "mrkdwn",
                "text": "*" + escape(line) + "*\n" + escape(hint),
                "verbatim": True,
            },
        }
    ]
    fallback = escape(line)
    if board_url and len(board_url) <= LIMITS["button_url"]:
        blocks.append(
            {
                "type": "actions",
                "elements": [_board_button(board_url, _)],
            }
        )
        fallback += f" {escape(board_url)}"
    return safe_text_cut(fallback, LIMITS["fallback"]), blocks


def safe_text_cut(text: str, limit: int) -> str:
    """Cut already-escaped text at ``limit`` (only ever hit by a huge base URL)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
