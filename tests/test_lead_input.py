"""Checks of the user-info tab (livechat_iconic_leads/lib/lead_input.py), no Odoo."""

import datetime

import pytest

from livechat_iconic_leads.lib import lead_input as li

TODAY = datetime.date(2026, 11, 23)


def test_email_normalised_or_refused_without_repeating_it():
    assert li.check_email("  Marko@Data247.AT ") == "marko@data247.at"
    assert li.check_email("") == ""
    with pytest.raises(li.InvalidLeadInput, match="malformed") as caught:
        li.check_email("<b>@@x")
    assert caught.value.field == "email"
    assert "<b>" not in str(caught.value)


def test_phone_possible_for_the_country():
    assert li.check_phone("0660 5226322", "AT") == "+436605226322"
    with pytest.raises(li.InvalidLeadInput, match="for the country"):
        li.check_phone("0000", "AT")
    with pytest.raises(li.InvalidLeadInput, match="country code"):
        li.check_phone("0660 5226322")


@pytest.mark.parametrize("count", [0, 1, 40, li.MAX_ACTIVE_OBJECTS])
def test_active_objects_in_range(count):
    assert li.check_active_objects(count) == count


@pytest.mark.parametrize(
    ("count", "message"),
    [
        (-1, "negative"),
        (li.MAX_ACTIVE_OBJECTS + 1, "cannot exceed"),
        (2.5, "whole"),
        ("9", "whole"),
    ],
)
def test_active_objects_refused(count, message):
    with pytest.raises(li.InvalidLeadInput, match=message) as caught:
        li.check_active_objects(count)
    assert caught.value.field == "active_objects"


def test_agreement_end_at_most_a_century_ago():
    assert li.check_agreement_end(datetime.date(1926, 11, 23), TODAY) == datetime.date(1926, 11, 23)
    assert li.check_agreement_end(datetime.date(2030, 1, 1), TODAY) == datetime.date(2030, 1, 1)
    assert li.check_agreement_end(None, TODAY) is None
    with pytest.raises(li.InvalidLeadInput, match="100 years") as caught:
        li.check_agreement_end(datetime.date(1926, 11, 22), TODAY)
    assert caught.value.field == "agreement_end"


def test_agreement_end_on_29_february():
    assert li.check_agreement_end(datetime.date(1900, 2, 28), datetime.date(2000, 2, 29))
