"""Checks of what an agent types on the user-info tab (no ORM).

Each check returns the cleaned value or raises :class:`InvalidLeadInput` with the field
and a plain-English message; the value typed is never repeated in the message.
"""

import datetime

import email_validator

from .lead_quality import parse_phone

#: Above this, a number of active objects (vehicles, devices) is a typo.
MAX_ACTIVE_OBJECTS = 1_000_000
#: An agreement that ended longer ago than this is a typo.
MAX_AGREEMENT_AGE_YEARS = 100


class InvalidLeadInput(ValueError):
    def __init__(self, field, message):
        super().__init__(message)
        self.field = field


def check_email(email):
    """The normalised e-mail address ('' when empty)."""
    email = (email or "").strip()
    if not email:
        return ""
    try:
        result = email_validator.validate_email(email, check_deliverability=False)
    except email_validator.EmailNotValidError:
        raise InvalidLeadInput("email", "This e-mail address is malformed.") from None
    return result.normalized.lower()


def check_phone(phone, country_code=None):
    """The phone number in E.164 ('' when empty)."""
    phone = (phone or "").strip()
    if not phone:
        return ""
    e164 = parse_phone(phone, country_code)
    if not e164:
        raise InvalidLeadInput(
            "phone",
            "This phone number is not possible"
            + (" for the country." if country_code else "; add the country code (+43 ...)."),
        )
    return e164


def check_active_objects(count):
    """A number of active objects between 0 and MAX_ACTIVE_OBJECTS."""
    if count is None or count is False:
        return 0
    if isinstance(count, bool) or not isinstance(count, int):
        raise InvalidLeadInput(
            "active_objects", "The number of active objects must be a whole number."
        )
    if count < 0:
        raise InvalidLeadInput("active_objects", "The number of active objects cannot be negative.")
    if count > MAX_ACTIVE_OBJECTS:
        raise InvalidLeadInput(
            "active_objects",
            f"The number of active objects cannot exceed {MAX_ACTIVE_OBJECTS:,}.",
        )
    return count


def check_agreement_end(end, today):
    """An agreement end date no more than MAX_AGREEMENT_AGE_YEARS before ``today``."""
    if not end:
        return None
    try:
        oldest = today.replace(year=today.year - MAX_AGREEMENT_AGE_YEARS)
    except ValueError:  # 29 February
        oldest = today.replace(year=today.year - MAX_AGREEMENT_AGE_YEARS, day=28)
    if isinstance(end, datetime.datetime):
        end = end.date()
    if end < oldest:
        raise InvalidLeadInput(
            "agreement_end",
            f"The agreement cannot have ended more than {MAX_AGREEMENT_AGE_YEARS} years ago.",
        )
    return end
