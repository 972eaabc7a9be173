"""R-A11: working days follow the Chinese calendar with 调休; missing years fall back."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from factories import penalty, write_content, write_yaml
from hypothesis import given
from hypothesis import strategies as st

from publisher.loader import load_content
from publisher.workdays import DateRange, HolidayYear, WorkCalendar

D = dt.date
CALENDAR = WorkCalendar()


def year_2027() -> HolidayYear:
    """A fictional 2027 arrangement (the State Council has not announced one in these tests)."""
    return HolidayYear(
        year=2027,
        holidays=[D(2027, 1, 1), DateRange(start=D(2027, 2, 5), end=D(2027, 2, 11))],
        workdays=[D(2027, 2, 13)],
    )


def test_r_a11_makeup_saturday_is_a_workday() -> None:
    """R-A11: 2026-10-10 is a Saturday worked in exchange (调休)."""
    assert D(2026, 10, 10).weekday() == 5
    assert CALENDAR.is_workday(D(2026, 10, 10)) == (True, None)


def test_r_a11_national_day_is_not_a_workday() -> None:
    """R-A11: 2026-10-01 is a Thursday but a public holiday."""
    assert D(2026, 10, 1).weekday() == 3
    assert CALENDAR.is_workday(D(2026, 10, 1)) == (False, None)


def test_r_a11_add_workdays_skips_the_holiday_and_counts_the_makeup_day() -> None:
    """R-A11: from 2026-09-30, the holiday week is skipped; 10-09 and 10-10 count."""
    answer = CALENDAR.add_workdays(D(2026, 9, 30), 3)
    assert answer.date == CALENDAR.add_workdays(D(2026, 10, 9), 1).date
    assert answer.missing_years == frozenset()


def test_r_a11_example_penalty_deadline() -> None:
    """R-A3 with R-A11: decided Friday 2024-03-01, 7 working days → 2024-03-12."""
    assert CALENDAR.add_workdays(D(2024, 3, 1), 7).date == D(2024, 3, 12)


def test_r_a11_year_without_data_falls_back_to_monday_to_friday() -> None:
    """R-A11: 2027 has no packaged data; Mon–Fri is used and 2027 reported missing."""
    assert CALENDAR.is_workday(D(2027, 1, 1)) == (True, 2027)  # a Friday
    assert CALENDAR.is_workday(D(2027, 1, 2)) == (False, 2027)  # a Saturday
    answer = CALENDAR.add_workdays(D(2027, 1, 1), 5)
    assert answer.date == D(2027, 1, 8)
    assert answer.missing_years == frozenset({2027})


def test_r_a11_content_year_overrides_fallback() -> None:
    """R-A11: the bureau's 2027 file decides 2027 and nothing is reported missing."""
    calendar = WorkCalendar(years={2027: year_2027()})
    assert calendar.is_workday(D(2027, 1, 1)) == (False, None)
    assert calendar.is_workday(D(2027, 2, 8)) == (False, None)  # Monday inside the range
    assert calendar.is_workday(D(2027, 2, 13)) == (True, None)  # makeup Saturday
    assert calendar.is_workday(D(2027, 2, 14)) == (False, None)  # ordinary Sunday
    assert calendar.is_workday(D(2027, 2, 12)) == (True, None)  # ordinary Friday
    answer = calendar.add_workdays(D(2027, 2, 4), 2)
    assert answer == calendar.add_workdays(D(2027, 2, 12), 1)
    assert answer.date == D(2027, 2, 13)
    assert answer.missing_years == frozenset()


def test_r_a11_content_year_overrides_packaged_data() -> None:
    """R-A11: a bureau file for a packaged year wins (e.g. a late local adjustment)."""
    year = HolidayYear(year=2026, holidays=[], workdays=[])
    calendar = WorkCalendar(years={2026: year})
    assert calendar.is_workday(D(2026, 10, 1)) == (True, None)
    assert calendar.is_workday(D(2026, 10, 10)) == (False, None)


def test_r_a11_add_workdays_across_years_reports_only_the_missing_year() -> None:
    """R-A11: from late December 2026 into 2027: 2026 from the package, 2027 guessed."""
    answer = CALENDAR.add_workdays(D(2026, 12, 28), 7)
    # 12-29, 12-30, 12-31 (2026 data), then 2027-01-01 (Fri), 01-04, 01-05, 01-06 (Mon–Fri)
    assert answer.date == D(2027, 1, 6)
    assert answer.missing_years == frozenset({2027})


def test_r_a11_add_workdays_across_years_with_content_year() -> None:
    """R-A11: with the bureau's 2027 file, 2027-01-01 is a holiday and nothing is missing."""
    calendar = WorkCalendar(years={2027: year_2027()})
    answer = calendar.add_workdays(D(2026, 12, 28), 7)
    assert answer.date == D(2027, 1, 7)
    assert answer.missing_years == frozenset()


def test_r_a11_zero_workdays_is_the_start_day() -> None:
    assert CALENDAR.add_workdays(D(2026, 10, 1), 0).date == D(2026, 10, 1)


def test_r_a11_holiday_file_is_loaded_from_content(tmp_path: Path) -> None:
    """R-A11: content/holidays/2027.yaml reaches the content's calendar."""
    root = write_content(tmp_path / "content", [penalty()])
    write_yaml(
        root / "holidays" / "2027.yaml",
        {"year": 2027, "holidays": ["2027-01-01"], "workdays": []},
    )
    result = load_content(root)
    assert result.content is not None
    assert result.content.calendar().is_workday(D(2027, 1, 1)) == (False, None)


def test_r_a11_holiday_file_named_for_another_year_is_an_error(tmp_path: Path) -> None:
    """R-A11: the file name must match its year."""
    root = write_content(tmp_path / "content", [penalty()])
    write_yaml(root / "holidays" / "2028.yaml", {"year": 2027, "holidays": []})
    result = load_content(root)
    assert result.content is None
    assert [f.rule for f in result.findings] == ["R-A11"]


@given(
    start=st.dates(min_value=D(2004, 1, 1), max_value=D(2030, 12, 31)),
    count=st.integers(min_value=1, max_value=40),
)
def test_r_a11_add_workdays_lands_on_a_workday_after_start(start: dt.date, count: int) -> None:
    """R-A11: the answer is a working day, at least `count` days later, and exactly `count`
    working days lie in (start, answer]."""
    answer = CALENDAR.add_workdays(start, count)
    assert answer.date >= start + dt.timedelta(days=count)
    assert CALENDAR.is_workday(answer.date)[0]
    days = [start + dt.timedelta(days=n) for n in range(1, (answer.date - start).days + 1)]
    assert sum(CALENDAR.is_workday(day)[0] for day in days) == count
    expected_missing = {day.year for day in days if day.year > 2026}
    assert answer.missing_years == frozenset(expected_missing)
