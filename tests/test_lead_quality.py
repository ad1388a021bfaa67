"""Lead quality verdict (livechat_iconic_leads/lib/lead_quality.py), no Odoo."""

import pytest

from livechat_iconic_leads.lib import lead_quality as lq

GOOD = {
    "name": "Marko Masino",
    "company": "Data247 - masinotrading&consulting",
    "email": "marko@data247.at",
    "phone": "436605226322",
    "country_code": "AT",
}


def test_seed_good_lead():
    verdict = lq.assess(**GOOD)
    assert verdict.quality == "good"
    assert verdict.reasons == ()
    assert verdict.missing == ()
    assert verdict.phone_e164 == "+436605226322"
    assert verdict.email_kind == "business"


def test_seed_bad_lead_first_name_and_gmail_only():
    verdict = lq.assess(name="Marko", email="marko1987@gmail.com")
    assert verdict.quality == "bad"
    assert verdict.reasons[0] == "free_mail_no_phone"
    assert verdict.reasons_text.startswith("free-mail address and no phone")
    assert "no company" in verdict.reasons_text
    assert verdict.missing == ("company", "business_email", "phone", "country")
    assert verdict.missing_text == "company, business e-mail, phone, country"


def test_nothing_at_all_is_bad():
    verdict = lq.assess()
    assert verdict.quality == "bad"
    assert verdict.reasons[0] == "no_contact"
    assert verdict.missing == ("name", "company", "business_email", "phone", "country")


@pytest.mark.parametrize(
    ("change", "reason", "missing"),
    [
        ({"company": ""}, "no_company", "company"),
        ({"name": " "}, "no_name", "name"),
        ({"country_code": None, "phone": "+436605226322"}, "no_country", "country"),
        ({"email": "marko@gmail.com"}, "free_mail", "business_email"),
        ({"email": ""}, "no_email", "business_email"),
        ({"phone": ""}, "no_phone", "phone"),
        ({"phone": "12"}, "invalid_phone", "phone"),
    ],
)
def test_one_item_missing_is_fair(change, reason, missing):
    verdict = lq.assess(**{**GOOD, **change})
    assert verdict.quality == "fair"
    assert verdict.reasons == (reason,)
    assert verdict.missing == (missing,)


def test_free_mail_with_a_phone_is_fair():
    verdict = lq.assess(name="Marko", email="marko@gmail.com", phone="+43 660 5226322")
    assert verdict.quality == "fair"


def test_disposable_address_without_phone_is_bad():
    verdict = lq.assess(**{**GOOD, "email": "x@mailinator.com", "phone": ""})
    assert verdict.quality == "bad"
    assert "disposable e-mail address" in verdict.reasons_text


def test_malformed_email_is_never_business():
    verdict = lq.assess(**{**GOOD, "email": "marko@@data247.at", "phone": ""})
    assert verdict.quality == "bad"
    assert "malformed e-mail address" in verdict.reasons_text


def test_special_use_domain_cannot_receive_mail_offline():
    assert lq.email_kind("a@server.localhost") == "invalid"
    assert lq.email_kind("a@shop.test") == "invalid"


def test_lists_come_from_the_packages():
    assert lq.is_free_mail("someone@GMAIL.com")
    assert lq.is_free_mail("someone@yahoo.com")
    assert not lq.is_free_mail("someone@data247.at")
    assert lq.is_disposable("someone@mailinator.com")
    assert not lq.is_disposable("someone@gmail.com")


@pytest.mark.parametrize(
    ("phone", "country", "e164"),
    [
        ("436605226322", "AT", "+436605226322"),
        ("0660 5226322", "AT", "+436605226322"),
        ("+43 660 5226322", None, "+436605226322"),
        ("0660 5226322", "BE", ""),
        ("123", "AT", ""),
        ("not a phone", "AT", ""),
    ],
)
def test_phone_valid_for_the_country(phone, country, e164):
    assert lq.parse_phone(phone, country) == e164


@pytest.mark.parametrize(
    ("phone", "code"),
    [
        ("+971 50 123 4567", "AE"),
        ("+43 660 5226322", "AT"),
        ("00436605226322", ""),  # no '+': no country to tell
        ("+971 4 123 4567", ""),  # not a valid number
        ("", ""),
        (None, ""),
    ],
)
def test_phone_country_code(phone, code):
    assert lq.phone_country_code(phone) == code
