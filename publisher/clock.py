"""The as-of date: a build is for one calendar day in Asia/Shanghai.

"Now" is injected everywhere (a `Clock` is just a callable returning an aware datetime), so
tests pin it and nothing reads the system clock behind the caller's back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")

Clock = Callable[[], dt.datetime]


def system_clock() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def today_in_shanghai(clock: Clock = system_clock) -> dt.date:
    """The calendar day in Asia/Shanghai at the clock's instant."""
    return clock().astimezone(SHANGHAI).date()


# The word accepted wherever a date is asked for: today in Asia/Shanghai, by the injected
# clock. Schedulers write it instead of `$(date +%F)`, which gives the machine's zone's date.
TODAY = "today"


def resolve_as_of(value: str | dt.date | None, clock: Clock = system_clock) -> dt.date:
    """An explicit date (ISO text or date), `today`, or when absent, today in Asia/Shanghai;
    raises ValueError for anything else."""
    if isinstance(value, dt.date):
        return value
    text = (value or "").strip()
    if text == "" or text.lower() == TODAY:
        return today_in_shanghai(clock)
    return dt.date.fromisoformat(text)
