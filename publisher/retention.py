"""Retention periods counted as 民法典 第二百零一、二百零二条 count them (R-A4).

The period starts the day after publication; its last day is the same month and day N years
later, or the last day of that month when it has no such day (29 February).
"""

from __future__ import annotations

import calendar
import datetime as dt

from publisher.model import PartyKind
from publisher.settings import Settings


def last_day_of_period(start: dt.date, years: int) -> dt.date:
    """The last day of a period of `years` years counted from the day after `start`."""
    year = start.year + years
    if start.day <= 28:  # every month has the day: no calendar to consult
        return dt.date(year, start.month, start.day)
    last_of_month = calendar.monthrange(year, start.month)[1]
    return dt.date(year, start.month, min(start.day, last_of_month))


def retention_years(kind: PartyKind, settings: Settings) -> int:
    """5 years; 2 for natural persons and 个体工商户 (R-A4)."""
    if kind.is_natural_person:
        return settings.natural_person_retention_years
    return settings.retention_years


def retention_last_day(published: dt.date, kind: PartyKind, settings: Settings) -> dt.date:
    return last_day_of_period(published, retention_years(kind, settings))
