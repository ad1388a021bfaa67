"""Validation of the contact details a visitor gives (no Odoo, no database)."""

import pytest

from livechat_iconic.lib import contact


def test_email_is_normalised():
    assert contact.clean_email("  Carla@EXAMPLE.com ") == "carla@example.com"


@pytest.mark.parametrize(
    "bad", ["not-an-email", "a@", "@example.com", "a b@example.com", "<script>@x.example"]
)
def test_bad_email_is_refused_without_the_value_in_the_message(bad):
    with pytest.raises(contact.InvalidContact, match="is not valid") as caught:
        contact.clean_email(bad)
    assert bad not in str(caught.value)
    assert "script" not in str(caught.value)
    assert (caught.value.field, caught.value.problem) == ("email", "invalid")


def test_phone_in_e164():
    assert contact.clean_phone("+32 2 555 01 01") == "+3225550101"


def test_phone_without_prefix_needs_a_region():
    with pytest.raises(contact.InvalidContact, match="country code"):
        contact.clean_phone("02 555 01 01")
    assert contact.clean_phone("02 555 01 01", region="BE") == "+3225550101"


def test_nonsense_phone_is_refused_without_the_value_in_the_message():
    with pytest.raises(contact.InvalidContact) as caught:
        contact.clean_phone("+32 123")
    assert "123" not in str(caught.value)
    assert (caught.value.field, caught.value.problem) == ("phone", "invalid")


def test_clean_contact_keeps_only_given_values():
    assert contact.clean_contact(email=" ", phone=None, name="  Nina   New ") == {
        "name": "Nina New"
    }
    assert contact.clean_contact(email="x@example.com", phone="+32 2 555 01 01") == {
        "email": "x@example.com",
        "phone": "+3225550101",
    }


def test_clean_contact_refuses_all_when_one_value_is_bad():
    with pytest.raises(contact.InvalidContact):
        contact.clean_contact(email="x@example.com", phone="nonsense")


@pytest.mark.parametrize(
    ("values", "field", "problem"),
    [
        ({"email": 42}, "email", "type"),
        ({"email": ["x@example.com"]}, "email", "type"),
        ({"phone": 3225550101}, "phone", "type"),
        ({"name": {"first": "Nina"}}, "name", "type"),
        ({"name": True}, "name", "type"),
        ({"email": "a" * 250 + "@x.example"}, "email", "too_long"),
        ({"phone": "+32" + "1" * 62}, "phone", "too_long"),
        ({"name": "N" * 129}, "name", "too_long"),
        ({"email": "x\x00@example.com"}, "email", "characters"),
        ({"phone": "+32 2 555 01 01\x00"}, "phone", "characters"),
        ({"name": "Nina\x00"}, "name", "characters"),
        ({"name": "Nina \ud800"}, "name", "characters"),
        ({"name": "\x1b[2J"}, "name", "characters"),
        ({"phone": ["+32 2 555 01 01"]}, "phone", "type"),
        ({"email": {"address": "x@example.com"}}, "email", "type"),
        ({"email": "x" * 1_000_000}, "email", "too_long"),
        ({"phone": "\ud83d+32 2 555 01 01"}, "phone", "characters"),
        ({"email": "nina\udfff@example.com"}, "email", "characters"),
        ({"name": "\u202eweN aniN"}, "name", "characters"),
        ({"name": "Nina\x7f"}, "name", "characters"),
        ({"phone": "<img src=x onerror=alert(1)>"}, "phone", "invalid"),
        ({"email": "<b>x</b>@example.com"}, "email", "invalid"),
    ],
)
def test_wrong_types_sizes_and_characters_are_refused(values, field, problem):
    with pytest.raises(contact.InvalidContact) as caught:
        contact.clean_contact(**values)
    assert (caught.value.field, caught.value.problem) == (field, problem)
    assert str(next(iter(values.values()))) not in str(caught.value)


def test_a_bad_value_refuses_all_before_any_is_cleaned():
    # a valid e-mail does not hide an oversize name given with it
    with pytest.raises(contact.InvalidContact) as caught:
        contact.clean_contact(email="x@example.com", name="N" * 200)
    assert caught.value.field == "name"


def test_longest_values_are_accepted():
    name = "N" * contact.NAME_MAX_LENGTH
    assert contact.clean_contact(name=name) == {"name": name}


def test_html_in_a_name_is_kept_as_text():
    # the name is plain text; Odoo escapes it wherever it is shown
    assert contact.clean_contact(name="<b>Nina</b>") == {"name": "<b>Nina</b>"}
