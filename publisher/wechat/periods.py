"""Publication periods of the WeChat digest (weekly or monthly), as Asia/Shanghai calendar days.

A week is an ISO week, Monday to Sunday, keyed by its ISO year and number ("2026-W53" runs
from 2026-12-28 to 2027-01-03): every day belongs to exactly one week, so every record lands in
exactly one digest. A month is a calendar month, keyed "2026-11".
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

PeriodKind = Literal["week", "month"]

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True, order=True)
class Period:
    """One digest period: its first and last day, and the numbers its key and title use."""

    start: dt.date
    end: dt.date
    year: int
    """The ISO year of a week (2027-01-01 is in 2026-W53), the calendar year of a month."""
    number: int
    """The ISO week number (1–53) or the month (1–12)."""
    kind: PeriodKind

    @property
    def key(self) -> str:
        if self.kind == "week":
            return f"{self.year}-W{self.number:02d}"
        return f"{self.year}-{self.number:02d}"

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def has_ended(self, as_of: dt.date) -> bool:
        """Whether the period is over on `as_of`: only then is its digest complete."""
        return self.end < as_of

    def following(self) -> Period:
        return period_of(self.end + ONE_DAY, self.kind)


def period_of(day: dt.date, kind: PeriodKind) -> Period:
    """The period that contains `day`."""
    if kind == "week":
        year, week, weekday = day.isocalendar()
        start = day - dt.timedelta(days=weekday - 1)
        return Period(start, start + dt.timedelta(days=6), year, week, kind)
    last = calendar.monthrange(day.year, day.month)[1]
    return Period(day.replace(day=1), day.replace(day=last), day.year, day.month, kind)


def periods_between(first: dt.date, last: dt.date, kind: PeriodKind) -> Iterator[Period]:
    """Every period from the one containing `first` to the one containing `last`, in order."""
    if last < first:
        return
    period = period_of(first, kind)
    while period.start <= last:
        yield period
        period = period.following()
