"""Validation of the contact details a visitor gives (no Odoo, no database)."""

import pytest

from livechat_iconic.lib import contact


def test_email_is_normalised():
    assert contact.clean_email("  Carla@EXAMPLE.com ") == "carla@example.com"


@pytest.mark.parametrize("bad", ["not-an-email", "a@", "@example.com", "a b@example.com"])
def test_bad_email_is_refused_with_the_value_in_the_message(bad):
    with pytest.raises(contact.InvalidContact, match="is not valid"):
        contact.clean_email(bad)


def test_phone_in_e164():
    assert contact.clean_phone("+32 2 555 01 01") == "+3225550101"


def test_phone_without_prefix_needs_a_region():
    with pytest.raises(contact.InvalidContact, match="country code"):
        contact.clean_phone("02 555 01 01")
    assert contact.clean_phone("02 555 01 01", region="BE") == "+3225550101"


def test_nonsense_phone_is_refused():
    with pytest.raises(contact.InvalidContact):
        contact.clean_phone("+32 123")


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
