"""The visitor's message form and missed chats (livechat_iconic/lib/message_form.py)."""

from datetime import datetime, timedelta

import pytest

from livechat_iconic.lib import contact, web_input
from livechat_iconic.lib import message_form as mf

T0 = datetime(2026, 11, 23, 14, 0)


def test_form_is_cleaned():
    values = mf.clean_message_form(
        name="  Nina   Simone ",
        email="Nina@Example.com",
        phone="+32 2 555 01 01",
        message="  Hello\r\nI need a quote.  \n\n",
    )
    assert values == {
        "name": "Nina Simone",
        "email": "nina@example.com",
        "phone": "+3225550101",
        "message": "Hello\nI need a quote.",
    }


def test_email_is_required_unless_told_otherwise():
    with pytest.raises(contact.InvalidContact) as error:
        mf.clean_message_form(message="Hello")
    assert (error.value.field, error.value.problem) == ("email", "missing")
    assert mf.clean_message_form(message="Hello", email_required=False) == {"message": "Hello"}


@pytest.mark.parametrize(
    "kwargs, field, problem",
    [
        ({"email": "not an address"}, "email", "invalid"),
        ({"email": 42}, "email", "type"),
        ({"email": "a@example.com", "phone": "12"}, "phone", "invalid"),
        ({"email": "a@example.com", "name": "x" * 500}, "name", "too_long"),
        ({"email": "a@example.com", "message": "   "}, "message", "missing"),
        ({"email": "a@example.com", "message": None}, "message", "missing"),
        ({"email": "a@example.com", "message": ["hi"]}, "message", "type"),
        ({"email": "a@example.com", "message": "x" * 5001}, "message", "too_long"),
        ({"email": "a@example.com", "message": "hi\x00"}, "message", "characters"),
        ({"email": "a@example.com", "message": "hi\u202e"}, "message", "characters"),
    ],
)
def test_bad_values_are_refused(kwargs, field, problem):
    with pytest.raises((contact.InvalidContact, web_input.BadInput)) as error:
        mf.clean_message_form(**kwargs)
    assert (error.value.field, error.value.problem) == (field, problem)


def test_a_message_at_the_cap_is_accepted():
    values = mf.clean_message_form(email="a@example.com", message="x" * mf.MESSAGE_MAX_LENGTH)
    assert len(values["message"]) == mf.MESSAGE_MAX_LENGTH


@pytest.mark.parametrize("key", [None, "", "abcdefgh", "3f0e5b1c-7a4e-4bd1-9b0a-1c2d3e4f5a6b"])
def test_request_keys_accepted(key):
    assert mf.clean_request_key(key) == (key or None)


@pytest.mark.parametrize(
    "key, problem",
    [
        (12345678, "type"),
        ("short", "characters"),
        ("x" * 65, "characters"),
        ("a b c d e f", "characters"),
    ],
)
def test_request_keys_refused(key, problem):
    with pytest.raises(web_input.BadInput) as error:
        mf.clean_request_key(key)
    assert error.value.problem == problem


def test_rate_limits():
    assert not mf.rate_limited(0, 0)
    assert not mf.rate_limited(mf.MAX_PER_EMAIL_PER_HOUR - 1, mf.MAX_PER_IP_PER_HOUR - 1)
    assert mf.rate_limited(mf.MAX_PER_EMAIL_PER_HOUR, 0)
    assert mf.rate_limited(0, mf.MAX_PER_IP_PER_HOUR)
    assert not mf.rate_limited(100, 100, known_customer=True)


def test_missed_chats():
    later = T0 + timedelta(minutes=5)
    # a bot answered everything: no person was needed
    assert not mf.is_missed(None, None, later)
    # still waiting: not missed yet
    assert not mf.is_missed(T0, None, None)
    # ended before anyone answered
    assert mf.is_missed(T0, None, later)
    # answered in time, with or without a limit
    assert not mf.is_missed(T0, T0 + timedelta(seconds=30), later)
    assert not mf.is_missed(T0, T0 + timedelta(seconds=30), later, limit_seconds=60)
    # answered, but after the queue's limit
    assert mf.is_missed(T0, T0 + timedelta(seconds=90), later, limit_seconds=60)
    assert mf.is_missed(T0, T0 + timedelta(seconds=90), None, limit_seconds=60)


def test_transcript_text():
    text = mf.transcript_text(
        [
            mf.TranscriptLine(T0, "Nina", " Hello "),
            mf.TranscriptLine(T0 + timedelta(minutes=2), "Nina", "Anyone?\nStill here"),
        ]
    )
    assert text == "[2026-11-23 14:00] Nina: Hello\n[2026-11-23 14:02] Nina: Anyone?\nStill here"


@pytest.mark.parametrize("outcome", ["no_failure", "escalated"])
def test_an_answered_chat_closes_its_registered_ticket(outcome):
    assert mf.registered_ticket_closes(outcome, missed=False)


@pytest.mark.parametrize(
    "outcome", ["no_answer", "no_agent", "visitor_inactive", "ticket", "sent_as_message", None]
)
def test_other_outcomes_leave_the_registered_ticket_open(outcome):
    assert not mf.registered_ticket_closes(outcome, missed=False)


def test_a_missed_chat_leaves_its_registered_ticket_open():
    assert not mf.registered_ticket_closes("no_failure", missed=True)
