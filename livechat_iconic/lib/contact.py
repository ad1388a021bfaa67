"""Validation of the contact details a visitor gives during a chat (no ORM)."""

import email_validator
import phonenumbers

NAME_MAX_LENGTH = 128


class InvalidContact(ValueError):
    """A contact detail the visitor gave is not valid; the message says which and why."""


def clean_email(email):
    """Return the normalised e-mail address, or raise InvalidContact."""
    try:
        result = email_validator.validate_email(email.strip(), check_deliverability=False)
    except email_validator.EmailNotValidError as error:
        raise InvalidContact(f"The e-mail address {email!r} is not valid: {error}") from None
    return result.normalized.lower()


def clean_phone(phone, region=None):
    """Return the phone number in E.164 form (+3225550101), or raise InvalidContact.

    ``region`` (an ISO country code) lets a visitor omit the country prefix.
    """
    try:
        number = phonenumbers.parse(phone.strip(), region)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        hint = "" if region else " with its country code (for example +32 2 555 01 01)"
        raise InvalidContact(f"The phone number {phone!r} is not valid; write it{hint}.")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def clean_contact(email=None, phone=None, name=None, region=None):
    """Validate what the visitor gave; returns only the non-empty, cleaned values."""
    values = {}
    if email and email.strip():
        values["email"] = clean_email(email)
    if phone and phone.strip():
        values["phone"] = clean_phone(phone, region)
    if name and name.strip():
        values["name"] = " ".join(name.split())[:NAME_MAX_LENGTH]
    return values
