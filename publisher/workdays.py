"""Working days (R-A11): the Chinese calendar with its shifted workdays (调休).

The State Council announces each year's holidays late in the year before, so the packaged
calendar covers only the years already announced. The bureau adds a year in
`content/holidays/<year>.yaml`; a year with neither falls back to Monday–Friday, and every
answer says which years were missing so the report can name them.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import ClassVar

import chinese_calendar
from pydantic import BaseModel, ConfigDict

ONE_DAY = dt.timedelta(days=1)


class DateRange(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)

    start: dt.date
    """假期第一天。"""
    end: dt.date
    """假期最后一天（含）。"""


class HolidayYear(BaseModel):
    """一年的法定节假日安排，文件 content/holidays/<年份>.yaml（R-A11）。"""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)

    year: int
    """年份，须与文件名一致。"""
    holidays: list[dt.date | DateRange]
    """放假日期：单日或 {start, end} 区间（含周末）。"""
    workdays: list[dt.date] = []
    """调休上班的周末日期。"""

    def holiday_dates(self) -> frozenset[dt.date]:
        days: set[dt.date] = set()
        for entry in self.holidays:
            if isinstance(entry, DateRange):
                day = entry.start
                while day <= entry.end:
                    days.add(day)
                    day += ONE_DAY
            else:
                days.add(entry)
        return frozenset(days)


@dataclass(frozen=True)
class WorkdayAnswer:
    """A date computed in working days and the years whose holiday data was missing."""

    date: dt.date
    missing_years: frozenset[int] = frozenset()


@dataclass(frozen=True)
class WorkCalendar:
    """Decides working days from the bureau's year files, then the packaged calendar,
    then Monday–Friday."""

    years: Mapping[int, HolidayYear] = field(default_factory=dict)
    use_packaged: bool = True
    _expanded: dict[int, tuple[frozenset[dt.date], frozenset[dt.date]]] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )
    _sums: ClassVar[dict[tuple[dt.date, int], WorkdayAnswer]]
    """Answers of `add_workdays` already counted, per calendar (set in `__post_init__`): the
    records of one build share a few thousand decision dates, and counting day by day was
    most of the deadline checks. Not a field, so never compared, shown or fingerprinted."""

    def __post_init__(self) -> None:
        # Expanding ranges once: deadline sums ask about thousands of days per check.
        expanded = {
            year: (entry.holiday_dates(), frozenset(entry.workdays))
            for year, entry in self.years.items()
        }
        object.__setattr__(self, "_expanded", expanded)
        object.__setattr__(self, "_sums", {})

    def is_workday(self, day: dt.date) -> tuple[bool, int | None]:
        """(is it a working day, the year whose data was missing or None)."""
        year_file = self._expanded.get(day.year)
        if year_file is not None:
            holidays, workdays = year_file
            if day in workdays:
                return True, None
            if day in holidays:
                return False, None
            return day.weekday() < 5, None
        if self.use_packaged:
            packaged = _packaged_is_workday(day)
            if packaged is not None:
                return packaged, None
        return day.weekday() < 5, day.year

    def add_workdays(self, start: dt.date, count: int) -> WorkdayAnswer:
        """The `count`-th working day after `start` (start itself not counted)."""
        known = self._sums.get((start, count))
        if known is None:
            known = self._sums[(start, count)] = self._counted(start, count)
        return known

    def _counted(self, start: dt.date, count: int) -> WorkdayAnswer:
        day = start
        missing: set[int] = set()
        remaining = count
        while remaining > 0:
            day += ONE_DAY
            workday, missing_year = self.is_workday(day)
            if missing_year is not None:
                missing.add(missing_year)
            if workday:
                remaining -= 1
        return WorkdayAnswer(day, frozenset(missing))


@functools.lru_cache(maxsize=8192)
def _packaged_is_workday(day: dt.date) -> bool | None:
    """The packaged calendar's answer, or None outside the years it covers. Cached: the
    library re-validates its tables on every call, and the answer for a day never changes."""
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return None
