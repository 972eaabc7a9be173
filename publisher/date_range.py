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
import enum
import functools
import typing
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
        for name in _fields_with_dates(type(value)):
            yield from dates_out_of_range(getattr(value, name), (*loc, name))
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from dates_out_of_range(item, (*loc, index))
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from dates_out_of_range(item, (*loc, str(key)))


@functools.cache
def _fields_with_dates(model: type[BaseModel]) -> tuple[str, ...]:
    """The fields of `model`, in order, whose values may hold a date: the others (text,
    numbers, choices) need not be walked in every record."""
    return tuple(
        name for name, info in model.model_fields.items() if _may_hold_date(info.annotation)
    )


_DATELESS: tuple[type, ...] = (str, int, float, bool, bytes, type(None), enum.Enum)


def _may_hold_date(annotation: object) -> bool:
    """False only for annotations that certainly hold no date (a model or anything not
    understood may)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Literal:
        return False
    if origin is not None:
        return any(_may_hold_date(arg) for arg in _arguments(annotation, origin))
    return not (isinstance(annotation, type) and issubclass(annotation, _DATELESS))


def _arguments(annotation: object, origin: object) -> tuple[object, ...]:
    if origin is typing.Annotated:
        return typing.get_args(annotation)[:1]
    return typing.get_args(annotation) or (object,)


def out_of_range_message(day: dt.date) -> str:
    return (
        f"日期 {day.isoformat()} 超出可接受的范围（{EARLIEST.isoformat()} 至 "
        f"{LATEST.isoformat()}）：请检查年份是否输错；长期有效的证件也请填写证件上的截止日期"
    )
