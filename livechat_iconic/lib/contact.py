"""Validation of the contact details a visitor gives during a chat (no ORM).

Messages are plain English and never contain the value the visitor gave; an
:class:`InvalidContact` also carries ``field`` and ``problem`` so that a caller can
give its own (translated) message.
"""

import email_validator
import phonenumbers

from .web_input import BadInput, check_text

EMAIL_MAX_LENGTH = 254  # RFC 5321 path limit
PHONE_MAX_LENGTH = 64
NAME_MAX_LENGTH = 128

_MAX_LENGTHS = {"email": EMAIL_MAX_LENGTH, "phone": PHONE_MAX_LENGTH, "name": NAME_MAX_LENGTH}
_LABELS = {"email": "e-mail address", "phone": "phone number", "name": "name"}


class InvalidContact(ValueError):
    """A contact detail the visitor gave is not valid.

    ``field`` is ``"email"``, ``"phone"`` or ``"name"``; ``problem`` is ``"type"``,
    ``"too_long"``, ``"characters"`` or ``"invalid"``.
    """

    def __init__(self, message, field=None, problem="invalid"):
        super().__init__(message)
        self.field = field
        self.problem = problem


def _check(field, value):
    """The raw value when it is None or an acceptable string, else InvalidContact."""
    try:
        return check_text(field, value, _MAX_LENGTHS[field])
    except BadInput as error:
        label = _LABELS[field]
        message = {
            "type": f"The {label} must be text.",
            "too_long": f"The {label} is too long (at most {_MAX_LENGTHS[field]} characters).",
            "characters": f"The {label} contains characters that are not allowed.",
        }[error.problem]
        raise InvalidContact(message, field, error.problem) from None


def clean_email(email):
    """Return the normalised e-mail address, or raise InvalidContact."""
    _check("email", email)
    try:
        result = email_validator.validate_email(email.strip(), check_deliverability=False)
    except email_validator.EmailNotValidError:
        # the validator's explanation quotes parts of the address: not repeated
        raise InvalidContact("The e-mail address is not valid.", "email") from None
    return result.normalized.lower()


def clean_phone(phone, region=None):
    """Return the phone number in E.164 form (+3225550101), or raise InvalidContact.

    ``region`` (an ISO country code) lets a visitor omit the country prefix.
    """
    _check("phone", phone)
    try:
        number = phonenumbers.parse(phone.strip(), region)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        message = (
            "The phone number is not valid."
            if region
            else "The phone number is not valid; write it with its country code "
            "(for example +32 2 555 01 01)."
        )
        raise InvalidContact(message, "phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def clean_contact(email=None, phone=None, name=None, region=None):
    """Validate what the visitor gave; returns only the non-empty, cleaned values.

    Every value is checked (type, length, characters) before any is cleaned, so one bad
    value refuses them all.
    """
    email, phone, name = _check("email", email), _check("phone", phone), _check("name", name)
    values = {}
    if email and email.strip():
        values["email"] = clean_email(email)
    if phone and phone.strip():
        values["phone"] = clean_phone(phone, region)
    if name and name.strip():
        values["name"] = " ".join(name.split())
    return values
