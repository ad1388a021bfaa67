"""The Slack notice of a session: Block Kit blocks and a plain-text fallback.

Built from a plain dict of the session's current values (see :func:`build_notice`),
so the same function renders the first post and every later ``chat.update``: the
message always tells the latest truth. Visitor text goes through
:func:`slack_text.safe_text` and sits in ``verbatim`` text objects (Slack then
neither links URLs nor resolves names in it). Every piece respects Slack's block
limits; long text ends with "…", the notice never fails for its size.
"""

from __future__ import annotations

from .slack_text import escape, safe_text

__all__ = [
    "CLAIM_ACTION_ID",
    "CLAIMABLE_STATES",
    "HEADLINE",
    "LIMITS",
    "build_notice",
    "status_line",
]

HEADLINE = "NEW CUSTOMER requested assistance"
GUEST = "(Guest)"
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


def status_line(values: dict) -> str:
    """Where the session stands, in a few words (escaped for Slack).

    ``values``: ``state`` (the session state key), ``agent_name``, ``missed`` (ended
    before any agent answered), ``end_reason`` (``sent_as_message``,
    ``visitor_inactive`` or empty), ``ticket_name``.
    """
    state = values.get("state")
    agent = values.get("agent_name") or ""
    ticket = values.get("ticket_name") or ""
    if state == "in_queue":
        parts = ["In queue: waiting for an agent"]
    elif state == "waiting":
        parts = [f"Waiting for {agent}" if agent else "Waiting for an agent"]
    elif state == "chatting":
        parts = [f"Taken by {agent}" if agent else "Chatting"]
    elif state == "left":
        parts = ["LEFT"]
    elif state == "closed":
        parts = ["CLOSED"]
    elif state == "invited":
        parts = [f"Invited by {agent}" if agent else "Invited"]
    else:
        parts = ["Loading"]
    if state in ("closed", "left"):
        if values.get("missed"):
            parts.append("missed")
        if agent and not values.get("missed"):
            parts.append(f"was with {agent}")
        if values.get("end_reason") == "visitor_inactive":
            parts.append("visitor inactive")
    if values.get("end_reason") == "sent_as_message" or ticket:
        parts.append(f"sent as a ticket ({ticket})" if ticket else "sent as a ticket")
    return safe_text(" · ".join(parts), LIMITS["context"])


def _field(label: str, value: str, limit: int) -> dict:
    text = f"*{label}*\n"
    return {
        "type": "mrkdwn",
        "text": text + safe_text(value, min(limit, LIMITS["field"] - len(text))),
        "verbatim": True,
    }


def build_notice(values: dict) -> tuple[str, list[dict]]:
    """(fallback text, blocks) of the notice for one session.

    ``values``: ``session_id``, ``visitor_name`` (empty for a guest), ``question``,
    ``page_url``, ``location``, ``board_url`` (our own link to the waiting list), and
    what :func:`status_line` reads.
    """
    name = values.get("visitor_name") or GUEST
    question = values.get("question") or ""
    status = status_line(values)
    label = "*Question*\n"
    blocks = [
        {"type": "header", "text": {"type": "plain_text", "text": HEADLINE, "emoji": False}},
        {
            "type": "section",
            "fields": [
                _field("Customer", name, LIMITS["name"]),
                _field("Location", values.get("location") or "Unknown", LIMITS["location"]),
                _field("Page", values.get("page_url") or "Unknown", LIMITS["page"]),
            ],
        },
        {
            "type": "section",
            "text": {
                "type": "mrkdwn",
                "text": label
                + (safe_text(question, LIMITS["section_text"] - len(label)) or "_(none yet)_"),
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
                "text": {"type": "plain_text", "text": "Claim", "emoji": False},
                "style": "primary",
                "value": str(int(values["session_id"])),
            }
        )
    board_url = values.get("board_url") or ""
    if board_url and len(board_url) <= LIMITS["button_url"]:
        buttons.append(
            {
                "type": "button",
                "action_id": OPEN_ACTION_ID,
                "text": {"type": "plain_text", "text": "Open the waiting list", "emoji": False},
                "url": board_url,
            }
        )
    if buttons:
        blocks.append({"type": "actions", "elements": buttons})
    # names and question are short in the fallback: it is what notifications show
    fallback = f"{HEADLINE}: {safe_text(name, 80)}, {safe_text(question, 300)} ({status})"
    if board_url:
        fallback += f" {escape(board_url)}"
    return safe_text_cut(fallback, LIMITS["fallback"]), blocks


def safe_text_cut(text: str, limit: int) -> str:
    """Cut already-escaped text at ``limit`` (only ever hit by a huge base URL)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
