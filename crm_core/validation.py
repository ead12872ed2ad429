"""Normalisers shared by the schemas: e-mail, phone, currency, tags."""

from __future__ import annotations

import re

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from crm_core.config import get_settings

_CURRENCY = re.compile(r"^[A-Z]{3}$")


def normalise_email(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    try:
        result = validate_email(value.strip(), check_deliverability=False)
    except EmailNotValidError as exc:
        raise ValueError(f"not a valid e-mail address: {exc}") from None
    return result.normalized.lower()


def normalise_phone(value: str | None) -> str | None:
    """E.164 when the number can be read (``+14155550123``); a number that cannot be read is refused."""
    if value is None or not value.strip():
        return None
    try:
        number = phonenumbers.parse(value, get_settings().default_phone_region)
    except phonenumbers.NumberParseException as exc:
        raise ValueError(f"not a phone number ({exc})") from None
    if not phonenumbers.is_possible_number(number):
        raise ValueError("not a possible phone number (wrong length for its country)")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalise_currency(value: str) -> str:
    code = value.strip().upper()
    if not _CURRENCY.match(code):
        raise ValueError("currency must be a three-letter ISO 4217 code such as USD or EUR")
    return code


def normalise_tags(values: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for tag in values:
        cleaned = tag.strip().lower()
        if cleaned:
            seen.setdefault(cleaned, None)
    return list(seen)
