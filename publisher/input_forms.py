"""Dates and numbers as staff type them on a Chinese keyboard, read as the one value they mean.

A Chinese input method types full-width digits (`３００００`), and decisions write dates as
`2024年3月5日` or `二〇二四年三月五日`. Where such a form means exactly one value, it is
accepted and turned into the canonical form before the schema validates the file, so the
rest of the software only ever sees ISO dates and ASCII numbers:

- a **date field** (any `dt.date` of any content model) accepts `YYYY-M-D` with or without
  leading zeros, and `YYYY年M月D日`, each in ASCII or full-width digits (full-width `－` too),
  and the year, month and day written in Chinese numerals (`二〇二四年三月五日`); all become
  `YYYY-MM-DD`, so an impossible day (`2024年2月30日`) is still reported on its line.
  Slashes and dots stay refused: `03/05/2024` and `05.03.2024` mean different days in
  different conventions;
- a **number field** (`int`, `float`) accepts full-width digits, sign and decimal point.
  Units and Chinese numerals are refused (`3万`, `三万`, `30000元`): an amount is in yuan, and
  reading `3万` would invite `3` meaning 3万 elsewhere (validation_messages explains);
- **text fields are never changed**: a title or a document number is published as typed.

Which field is which comes from the pydantic model, so one walk serves every file kind, and
the loader and the history checks (R-A6, R-B3) read a file the same way.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any

from pydantic import BaseModel

# Full-width digits, sign, decimal point and hyphen to ASCII; one character for one, so
# positions in a text stay the same.
HALF_WIDTH = str.maketrans(
    {**{chr(0xFF10 + d): str(d) for d in range(10)}, "－": "-", "＋": "+", "．": "."}
)
_ISO_LIKE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_CHINESE_DATE = re.compile(r"(\S{4})\s*年\s*(\S{1,3})\s*月\s*(\S{1,3})\s*日")
_NUMERAL = {c: n for n, c in enumerate("〇一二三四五六七八九")} | {"零": 0}


def normalise(model: type[BaseModel], data: Any) -> Any:
    """`data` (a file's plain values) with the date and number fields of `model` in their
    canonical form; everything else, and anything `model` does not know, as it was."""
    if not isinstance(data, Mapping):
        return data
    plan = _plan(model)
    return {
        key: value if (convert := plan.get(key)) is None else convert(value)
        for key, value in data.items()
    }


Convert = Callable[[Any], Any]


@functools.cache
def _plan(model: type[BaseModel]) -> dict[str, Convert]:
    """How each field of `model` that may need it is made canonical, worked out once per
    model from its annotations (every record file has the same fields: asking `typing`
    about them again for each value was a tenth of a record's loading)."""
    plan: dict[str, Convert] = {}
    for name, info in model.model_fields.items():
        convert = _converter(info.annotation)
        if convert is not None:
            plan[name] = convert
    return plan


def _converter(annotation: Any) -> Convert | None:
    """What makes a value of `annotation` canonical; None when nothing ever changes it."""
    annotation = _unwrapped(annotation)
    origin = typing.get_origin(annotation)
    if origin in (list, tuple, set, frozenset):
        item = _converter((typing.get_args(annotation) or (Any,))[0])
        return None if item is None else functools.partial(_each_item, item)
    if origin is dict:
        value = _converter((typing.get_args(annotation) or (Any, Any))[-1])
        return None if value is None else functools.partial(_each_value, value)
    if origin is None and isinstance(annotation, type):
        if issubclass(annotation, BaseModel):
            return functools.partial(normalise, annotation)
        if annotation is dt.date:
            return _date_value
        if annotation in (int, float):
            return _number_value
    return None


def _each_item(convert: Convert, value: Any) -> Any:
    return [convert(item) for item in value] if isinstance(value, list) else value


def _each_value(convert: Convert, value: Any) -> Any:
    if not isinstance(value, Mapping):
        return value
    return {key: convert(item) for key, item in value.items()}


def _date_value(value: Any) -> Any:
    return (iso_date_text(value) or value) if isinstance(value, str) else value


def _number_value(value: Any) -> Any:
    return value.translate(HALF_WIDTH) if isinstance(value, str) else value


def _unwrapped(annotation: Any) -> Any:
    """`X` from `Annotated[X, ...]` and from `X | None`; unions of several types stay."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            members = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(members) != 1:
                return annotation
            annotation = members[0]
        else:
            return annotation


def iso_date_text(text: str) -> str | None:
    """`YYYY-MM-DD` for a date written in one of the accepted forms, else None. The day is
    not checked: an impossible date is the schema's to report."""
    folded = text.translate(HALF_WIDTH).strip()
    iso = _ISO_LIKE.fullmatch(folded)
    if iso is not None:
        return _iso(*(int(part) for part in iso.groups()))
    chinese = _CHINESE_DATE.fullmatch(folded)
    if chinese is None:
        return None
    year, month, day = chinese.groups()
    numbers = (_year(year), _small_number(month), _small_number(day))
    if None in numbers:
        return None
    return _iso(*typing.cast(tuple[int, int, int], numbers))


def _iso(year: int, month: int, day: int) -> str:
    return f"{year:04d}-{month:02d}-{day:02d}"


def _year(text: str) -> int | None:
    """`2024` or `二〇二四` (digit by digit, as years are written)."""
    if text.isascii() and text.isdigit():
        return int(text)
    digits = [_NUMERAL.get(char) for char in text]
    if None in digits:
        return None
    return int("".join(str(d) for d in digits))


def _small_number(text: str) -> int | None:
    """A month or day: `5`, `05`, `五`, `十`, `十二`, `二十五`, `三十一`."""
    if text.isascii() and text.isdigit():
        return int(text)
    tens, ten, units = text.partition("十")
    if not ten:
        return _NUMERAL.get(text) if len(text) == 1 else None
    high = 1 if tens == "" else _NUMERAL.get(tens) if len(tens) == 1 else None
    low = 0 if units == "" else _NUMERAL.get(units) if len(units) == 1 else None
    if high is None or low is None:
        return None
    return high * 10 + low
