"""Resident ID numbers (GB 11643): check digit and birth date.

Used to decide whether a party was a minor (R-A8) and, by the redaction scanner, to tell a
real ID number from any other run of 18 digits.
"""

from __future__ import annotations

import datetime as dt

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
ADULT_AGE = 18


def check_digit(first17: str) -> str:
    total = sum(int(digit) * weight for digit, weight in zip(first17, _WEIGHTS, strict=True))
    return _CHECK[total % 11]


def birth_date_of(id_number: str) -> dt.date | None:
    """The birth date encoded in an 18-digit ID number, or None if it is not a real date."""
    try:
        return dt.date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    except ValueError:
        return None


def is_valid_id_number(text: str) -> bool:
    """18 characters, a region code, a real birth date and a matching check digit."""
    if len(text) != 18 or not text[:17].isdigit() or text[0] not in "12345678":
        return False
    if birth_date_of(text) is None:
        return False
    return check_digit(text[:17]) == text[17].upper()


def age_on(birth: dt.date, day: dt.date) -> int:
    """Completed years of age on `day` (a birthday on 29 February is reached on 1 March)."""
    years = day.year - birth.year
    if (day.month, day.day) < (birth.month, birth.day):
        years -= 1
    return years


def is_minor_on(birth: dt.date, day: dt.date) -> bool:
    return age_on(birth, day) < ADULT_AGE
