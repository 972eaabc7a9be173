"""R-A4: retention periods counted as 民法典 第二百零一、二百零二条 count them."""

from __future__ import annotations

import calendar
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from publisher.model import PartyKind
from publisher.retention import last_day_of_period, retention_last_day, retention_years
from publisher.settings import Settings

SETTINGS = Settings()
ONE_DAY = dt.timedelta(days=1)


def test_r_a4_legal_person_example_from_rules() -> None:
    """R-A4: published 2020-03-06, legal person: last day 2025-03-06, gone on 2025-03-07."""
    last = retention_last_day(dt.date(2020, 3, 6), PartyKind.LEGAL_PERSON, SETTINGS)
    assert last == dt.date(2025, 3, 6)
    assert last + ONE_DAY == dt.date(2025, 3, 7)


def test_r_a4_natural_person_29_february_example_from_rules() -> None:
    """R-A4: published 2024-02-29, natural person: last day 2026-02-28, gone 2026-03-01."""
    last = retention_last_day(dt.date(2024, 2, 29), PartyKind.NATURAL_PERSON, SETTINGS)
    assert last == dt.date(2026, 2, 28)
    assert last + ONE_DAY == dt.date(2026, 3, 1)


@pytest.mark.parametrize(
    ("kind", "years"),
    [
        (PartyKind.NATURAL_PERSON, 2),
        (PartyKind.INDIVIDUAL_BUSINESS, 2),
        (PartyKind.LEGAL_PERSON, 5),
        (PartyKind.OTHER_ORGANIZATION, 5),
    ],
)
def test_r_a4_years_by_party_kind(kind: PartyKind, years: int) -> None:
    """R-A4: 5 years; 2 for natural persons, and a 个体工商户 is a natural person."""
    assert retention_years(kind, SETTINGS) == years
    assert retention_last_day(dt.date(2021, 6, 15), kind, SETTINGS) == dt.date(2021 + years, 6, 15)


def test_r_a4_individual_business_gets_two_years() -> None:
    """R-A4: 个体工商户 (民法典 第五十四条) counts as a natural person."""
    last = retention_last_day(dt.date(2022, 1, 10), PartyKind.INDIVIDUAL_BUSINESS, SETTINGS)
    assert last == dt.date(2024, 1, 10)


def test_r_a4_configured_years_are_used() -> None:
    """R-A4: the bureau may configure the numbers of years."""
    settings = Settings(retention_years=3, natural_person_retention_years=1)
    assert retention_last_day(dt.date(2022, 5, 5), PartyKind.LEGAL_PERSON, settings) == dt.date(
        2025, 5, 5
    )
    assert retention_last_day(dt.date(2022, 5, 5), PartyKind.NATURAL_PERSON, settings) == dt.date(
        2023, 5, 5
    )


def test_r_a4_29_february_into_a_leap_year_keeps_the_day() -> None:
    """R-A4: 2020-02-29 plus 4 years is 2024-02-29, which exists."""
    assert last_day_of_period(dt.date(2020, 2, 29), 4) == dt.date(2024, 2, 29)


@given(
    start=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2090, 12, 31)),
    years=st.integers(min_value=1, max_value=10),
)
def test_r_a4_last_day_is_same_month_n_years_later(start: dt.date, years: int) -> None:
    """R-A4: the last day is in the same month N years later, on the same day of the month,
    except 29 February in a year without one (then the 28th, the month's last day)."""
    last = last_day_of_period(start, years)
    assert (last.year, last.month) == (start.year + years, start.month)
    if (start.month, start.day) == (2, 29) and not calendar.isleap(last.year):
        assert last.day == 28
    else:
        assert last.day == start.day


@given(
    start=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2090, 12, 31)),
    years=st.integers(min_value=1, max_value=10),
)
def test_r_a4_period_is_monotonic_and_never_shorter_than_n_years_minus_a_day(
    start: dt.date, years: int
) -> None:
    """R-A4: a later publication never ends earlier, and the period is about N years long."""
    assert last_day_of_period(start + ONE_DAY, years) >= last_day_of_period(start, years)
    length = (last_day_of_period(start, years) - start).days
    assert 365 * years - 1 <= length <= 366 * years
