"""The dates a content file may hold: 1900-01-01 through 2199-12-31 (RULES.md C, fail closed).

The schema accepts any calendar date, but a year typed wrong (`2206` for `2026`, `9999` for
"indefinitely") is a date nobody means, and counting from it runs off the end of the calendar
(five years after 9999), which would stop the build with a crash instead of a finding.
Every date of every content file, however deep, is compared with this range once the file has
passed its schema, and a date outside it makes the file invalid, reported on its own line.
The range leaves two centuries of room on either side of any real case, birth date or
certificate, and keeps every period counted from a content date inside the calendar.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping

from pydantic import BaseModel

EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2199, 12, 31)

Loc = tuple[str | int, ...]


def is_in_range(day: dt.date) -> bool:
    return EARLIEST <= day <= LATEST


def dates_out_of_range(value: object, loc: Loc = ()) -> Iterator[tuple[Loc, dt.date]]:
    """Every date in a validated content model (its fields, lists and mappings) outside the
    range, with the location of its key in the file."""
    if isinstance(value, dt.date):
        if not is_in_range(value):
            yield loc, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from dates_out_of_range(getattr(value, name), (*loc, name))
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from dates_out_of_range(item, (*loc, index))
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from dates_out_of_range(item, (*loc, str(key)))


def out_of_range_message(day: dt.date) -> str:
    return (
        f"日期 {day.isoformat()} 超出可接受的范围（{EARLIEST.isoformat()} 至 "
        f"{LATEST.isoformat()}）：请检查年份是否输错；长期有效的证件也请填写证件上的截止日期"
    )
