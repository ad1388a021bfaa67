"""The Slack notice, rendered from plain session values (livechat_iconic_slack/lib)."""

import json

from livechat_iconic_slack.lib import notice, slack_text

BASE = {
    "session_id": 42,
    "visitor_name": "Ada",
    "question": "Do you have tickets for Friday?",
    "page_url": "https://shop.example/events/friday",
    "location": "Brussels, Belgium",
    "board_url": "https://odoo.example/livechat/waiting/42",
    "state": "in_queue",
}


def texts(blocks):
    """Every text Slack will render, in order."""
    out = []

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("text"), str):
                out.append(node["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(blocks)
    return out


def find(blocks, action_id):
    for block in blocks:
        for element in block.get("elements", []):
            if element.get("action_id") == action_id:
                return element
    return None


def test_the_notice_tells_who_what_where_and_links_the_waiting_list():
    fallback, blocks = notice.build_notice(BASE)
    rendered = "\n".join(texts(blocks))
    assert blocks[0] == {
        "type": "header",
        "text": {"type": "plain_text", "text": "NEW CUSTOMER requested assistance", "emoji": False},
    }
    for expected in (
        "Ada",
        "Do you have tickets for Friday?",
        "https://shop.example/events/friday",
        "Brussels, Belgium",
        "In queue",
    ):
        assert expected in rendered
    assert fallback.startswith("NEW CUSTOMER requested assistance: Ada, Do you have tickets")
    assert BASE["board_url"] in fallback
    assert find(blocks, notice.OPEN_ACTION_ID)["url"] == BASE["board_url"]
    claim = find(blocks, notice.CLAIM_ACTION_ID)
    assert claim["value"] == "42" and claim["text"]["text"] == "Claim"


def test_a_guest_is_shown_as_guest_in_brackets():
    fallback, blocks = notice.build_notice({**BASE, "visitor_name": ""})
    assert "*Customer*\n(Guest)" in texts(blocks)
    assert "(Guest)" in fallback


def test_visitor_markup_is_escaped_and_cannot_mention_or_link():
    evil = "<!channel> <@U123> <https://evil.example|Click> @here & @Everyone"
    fallback, blocks = notice.build_notice({**BASE, "visitor_name": "<b>Bob</b>", "question": evil})
    payload = json.dumps(blocks) + fallback
    for raw in ("<!channel>", "<@U123>", "<https://evil", "<b>", "@here", "@Everyone"):
        assert raw not in payload
    assert "&lt;@U123&gt; &lt;https://evil.example|Click&gt;" in payload
    assert "&lt;!\u2060channel&gt;" in fallback
    assert "@\u2060here &amp; @\u2060Everyone" in "\n".join(texts(blocks))
    assert "*Customer*\n&lt;b&gt;Bob&lt;/b&gt;" in texts(blocks)
    # visitor text is verbatim: Slack neither links URLs nor resolves names in it
    for block in blocks[1:3]:
        for text in block.get("fields", []) + [block.get("text")]:
            if text:
                assert text["verbatim"] is True


def test_an_oversize_question_is_cut_with_an_ellipsis_within_slack_limits():
    huge = "é<" * 10_000
    fallback, blocks = notice.build_notice(
        {**BASE, "question": huge, "visitor_name": "N" * 5000, "page_url": "p" * 9000}
    )
    question = blocks[2]["text"]["text"]
    assert len(question) <= 3000 and question.endswith("…")
    assert question.startswith("*Question*\né&lt;é&lt;")
    assert "&l…" not in question and "&lt…" not in question, "no entity cut in two"
    for field in blocks[1]["fields"]:
        assert len(field["text"]) <= 2000
    assert len(fallback) <= 3000 and "…" in fallback
    assert len(blocks) <= 50


def test_status_line_follows_the_session():
    line = notice.status_line
    assert line({"state": "chatting", "agent_name": "Alice"}) == "Taken by Alice"
    assert line({"state": "waiting", "agent_name": "Bob"}) == "Waiting for Bob"
    assert line({"state": "closed", "agent_name": "Alice"}) == "CLOSED · was with Alice"
    assert line({"state": "left", "missed": True}) == "LEFT · missed"
    assert (
        line(
            {
                "state": "closed",
                "missed": True,
                "end_reason": "sent_as_message",
                "ticket_name": "#7",
            }
        )
        == "CLOSED · missed · sent as a ticket (#7)"
    )
    assert line({"state": "closed", "end_reason": "visitor_inactive"}) == (
        "CLOSED · visitor inactive"
    )
    assert line({"state": "chatting", "agent_name": "<A&B>"}) == "Taken by &lt;A&amp;B&gt;"


def test_no_claim_button_once_taken_or_over():
    for state in ("chatting", "closed", "left"):
        _fallback, blocks = notice.build_notice({**BASE, "state": state, "agent_name": "Al"})
        assert find(blocks, notice.CLAIM_ACTION_ID) is None
        assert find(blocks, notice.OPEN_ACTION_ID) is not None


def test_safe_text_drops_control_characters_and_keeps_newlines():
    assert slack_text.safe_text("a\x00b\nc\x1bd", 100) == "ab\ncd"
    assert slack_text.safe_text(None, 10) == ""
    assert slack_text.safe_text("abcdef", 4) == "abc…"


def test_the_stakes_of_a_confirmed_contact_are_shown():
    stakes = {"count": 2, "value_label": "3,500.00 €", "quality": "Good"}
    _text, blocks = notice.build_notice({**BASE, "stakes": stakes})
    shown = "\n".join(texts(blocks))
    assert "*At Stake*\n2 open opportunities, 3,500.00 € · lead quality: Good" in shown


def test_no_stakes_no_line():
    for stakes in (None, {}, {"count": 0, "value_label": "0.00 €"}):
        _text, blocks = notice.build_notice({**BASE, "stakes": stakes})
        assert "At Stake" not in "\n".join(texts(blocks))
    assert notice.stakes_line(None) == ""


def test_one_opportunity_without_a_verdict():
    line = notice.stakes_line({"count": 1, "value_label": "$10.00", "quality": ""})
    assert line == "1 open opportunity, $10.00"
