"""R-A8: resident ID numbers — check digit, birth date, and the minor rule's age."""

from __future__ import annotations

import datetime as dt

import pytest
from factories import id_number
from hypothesis import given
from hypothesis import strategies as st

from publisher.idnumber import age_on, birth_date_of, check_digit, is_minor_on, is_valid_id_number

D = dt.date
births = st.dates(min_value=D(1900, 1, 1), max_value=D(2099, 12, 31))


def test_r_a8_check_digit_of_the_standard_example() -> None:
    """R-A8: GB 11643's worked example 11010519491231002X ends in X."""
    assert check_digit("11010519491231002") == "X"
    assert is_valid_id_number("11010519491231002X")
    assert is_valid_id_number("11010519491231002x")


def test_r_a8_wrong_check_digit_is_rejected() -> None:
    number = id_number(D(1990, 3, 7))
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    assert is_valid_id_number(number)
    assert not is_valid_id_number(wrong)


@pytest.mark.parametrize(
    "first17",
    [
        "14012119900230123",  # 30 February
        "14012119901301123",  # month 13
        "14012119900100123",  # day 0
    ],
)
def test_r_a8_impossible_birth_date_is_rejected(first17: str) -> None:
    """R-A8: a number whose birth date is not a real date is no ID number."""
    assert birth_date_of(first17 + "0") is None
    assert not is_valid_id_number(first17 + check_digit(first17))


@pytest.mark.parametrize("text", ["", "1401211990030712", "0" * 18, "9" + "1" * 17, "A" * 18])
def test_r_a8_malformed_numbers_are_rejected(text: str) -> None:
    assert not is_valid_id_number(text)


def test_r_a8_birth_date_is_read_from_the_number() -> None:
    assert birth_date_of(id_number(D(2008, 2, 29))) == D(2008, 2, 29)


def test_r_a8_eighteenth_birthday_boundary() -> None:
    """R-A8: a minor until the day before the 18th birthday, an adult on it."""
    birth = D(2006, 5, 20)
    assert is_minor_on(birth, D(2024, 5, 19))
    assert not is_minor_on(birth, D(2024, 5, 20))


def test_r_a8_29_february_birthday_reached_on_1_march() -> None:
    """R-A8: born 2008-02-29; 2026 has no 29 February, so 18 is reached on 2026-03-01."""
    birth = D(2008, 2, 29)
    assert is_minor_on(birth, D(2026, 2, 28))
    assert not is_minor_on(birth, D(2026, 3, 1))


def test_r_a8_29_february_birthday_in_a_leap_year() -> None:
    """R-A8: born 2004-02-29; 2022 is not leap → adult on 2022-03-01, not 02-28."""
    birth = D(2004, 2, 29)
    assert is_minor_on(birth, D(2022, 2, 28))
    assert not is_minor_on(birth, D(2022, 3, 1))


@given(birth=births, sequence=st.integers(min_value=0, max_value=999))
def test_r_a8_generated_numbers_are_valid_and_round_trip(birth: dt.date, sequence: int) -> None:
    number = id_number(birth, sequence=f"{sequence:03d}")
    assert is_valid_id_number(number)
    assert birth_date_of(number) == birth


@given(birth=births, position=st.integers(min_value=0, max_value=16), delta=st.integers(1, 9))
def test_r_a8_any_single_digit_change_breaks_the_check_digit(
    birth: dt.date, position: int, delta: int
) -> None:
    """R-A8: the ISO 7064 MOD 11-2 check catches every single-digit error."""
    number = id_number(birth)
    digit = (int(number[position]) + delta) % 10
    changed = number[:position] + str(digit) + number[position + 1 :]
    assert check_digit(changed[:17]) != changed[17]


@given(birth=births, day=st.dates(min_value=D(1900, 1, 1), max_value=D(2120, 12, 31)))
def test_r_a8_age_matches_the_eighteenth_birthday(birth: dt.date, day: dt.date) -> None:
    """R-A8: minor exactly before the 18th birthday (1 March for a 29 February birth)."""
    year = birth.year + 18
    try:
        eighteenth = birth.replace(year=year)
    except ValueError:
        eighteenth = D(year, 3, 1)
    assert is_minor_on(birth, day) == (day < eighteenth)
    assert age_on(birth, day) >= 0 or day < birth
