"""Fingerprints of what a template is given: equal fingerprints, equal pages.

A page's HTML is a pure function of its template (and the code and settings around it) and
of the values in its context. `Fingerprinter.digest` encodes those values completely and
canonically — every field of every dataclass and pydantic model, every item of every
sequence and mapping in order, dates, enums and strings by value — and hashes the encoding.
It works on the computed values, not on the inputs they came from, so nothing that reaches a
page can be forgotten: a withdrawal notice that names its replacing record changes when that
record does, because the name is in the notice's context.

The encoding. A value becomes a tree of plain values — exact `str`, `int`, `float`, `bool`,
`None` and tuples of them — in which every other object is replaced by its reference: a
`bytes` whose first byte says what it stands for (`d` a date, `y` bytes, `{` a mapping,
`(` an object: its class's qualified name and its body, whose form each class fixes — its
fields, its items, its name and value —, `#` the digest of a long reference, `=` a value known by what it is made from,
`Fingerprinter.stand_for`). Values are
never `bytes` in the tree, so a reference is never mistaken for a value. `marshal` writes
the tree, in C: every string and tuple with its length and every value with its type, so two
different trees never give the same bytes (the hand-made text encoding used before could:
`("a,sb",)` and `("a", "b")` gave the same text). Format version 2 is used because it has
no back-references: version 3 and later, and `pickle` unless in fast mode, write an object
met twice as a reference to the first, so the bytes would depend on how values share
objects (a record read from the parse cache shares strings unlike one parsed afresh), and
version 3 also marks interned strings. Lists are written as tuples, as they always were
here (a template iterates either alike); sets in sorted order, never in their hash order
(which `PYTHONHASHSEED` changes).

What it does not know how to encode (an object of another kind) makes the page's fingerprint
None: such a page is always rendered. Objects are encoded once per build and then known by
identity: the same list entry appears on up to a dozen list pages, and a page of the index
of years holds every entry.

Speed: every fingerprint of a 10,000-record build, replayed, takes as long as with the text
encoding it replaced (0.16 s, within a few per cent). Tried and measured, none faster: a
per-class plan by field types, `pickle` in fast mode with a `reducer_override` (a Python call
for every object and class it meets), `repr` of field tuples (slow on Chinese text). The
cost is the Python work per object, which each of them still does.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import hashlib
import marshal
import operator
import types
from collections.abc import Callable, Iterable, Mapping
from pathlib import PurePath
from typing import Any, TypeAlias

from pydantic import BaseModel

_FORMAT = 2
"""The `marshal` format: the latest without back-references (see the module's docstring)."""

_SHORT = 256
"""References up to this many bytes are used as they are; longer ones by their digest (a
list entry, met on many pages, is then 17 bytes wherever it appears)."""

_PLAIN = frozenset({str, int, float, bool, type(None)})
"""Exact types `marshal` writes as they are. Subclasses (`Markup`, an `IntEnum`) are not
plain: their class is part of what they are."""

Plain: TypeAlias = str | int | float | bool | bytes | tuple["Plain", ...] | None


class Unfingerprintable(Exception):
    """A value whose encoding would not be complete or not the same in every process."""


class Fingerprinter:
    """Encodes values for one build; keeps the objects it encoded alive while it lives, so
    that an identity it remembers is never reused by another object."""

    def __init__(self) -> None:
        self._memo: dict[int, tuple[object, bytes]] = {}
        self._bodies: dict[type, Callable[[Any], Plain]] = {}
        """How each class is encoded, decided once per class."""

    def digest(self, *values: object) -> bytes | None:
        """The fingerprint of `values`, or None when one of them cannot be encoded."""
        try:
            data = _dump(self._items(values))
        except Unfingerprintable:
            return None
        return hashlib.blake2b(data, digest_size=20).digest()

    def stand_for(self, value: object, source: bytes) -> None:
        """Encode `value` by `source` from now on in this build, without reading it. Only for
        a value that is a pure function of what `source` fingerprints, in any build of the
        same code (a published record's public view and its view source,
        `publisher.view_sources`): equal sources must mean equal values. Its reference
        (`=`) is of its own kind, never that of a value encoded field by field."""
        self._memo[id(value)] = (value, b"=" + source)

    def _items(self, items: tuple[Any, ...] | list[Any]) -> tuple[Plain, ...]:
        """The plain tree of a sequence; one of plain values only (a common case: strings)
        is checked and copied in C."""
        if _PLAIN.issuperset(map(type, items)):
            return tuple(items)
        return tuple([item if type(item) in _PLAIN else self._plain(item) for item in items])

    def _plain(self, value: Any) -> Plain:
        kind = type(value)
        if kind in _PLAIN:
            plain: Plain = value
            return plain
        if kind is tuple or kind is list:
            return self._items(value)
        if kind is dt.date:  # the most frequent object of all: not remembered
            day: dt.date = value
            return b"d" + day.isoformat().encode()
        if kind is dict:
            return self._mapping(value)
        if kind is bytes:
            data: bytes = value
            return b"y" + data
        known = self._memo.get(id(value))
        if known is not None:
            return known[1]
        body = self._bodies.get(kind) or self._body_of(kind)
        reference = _reference(b"(" + _dump((_qualified(kind), body(value))))
        self._memo[id(value)] = (value, reference)
        return reference

    def _mapping(self, mapping: Mapping[Any, Any]) -> bytes:
        """Keys and values in order, as one reference: a mapping is not a tuple."""
        return _reference(b"{" + _dump(self._items([x for pair in mapping.items() for x in pair])))

    def _body_of(self, kind: type) -> Callable[[Any], Plain]:
        body = self._choose_body(kind)
        self._bodies[kind] = body
        return body

    def _choose_body(self, kind: type) -> Callable[[Any], Plain]:
        if issubclass(kind, enum.Enum):
            return lambda value: self._items((value.name, value.value))
        if dataclasses.is_dataclass(kind):
            return self._fields_body(tuple(field.name for field in dataclasses.fields(kind)))
        if issubclass(kind, BaseModel):
            return self._model_body
        if issubclass(kind, str):  # markupsafe.Markup and other str kinds
            return str
        if issubclass(kind, types.FunctionType | type):
            return _qualified
        if issubclass(kind, frozenset | set):
            return self._set_body
        if issubclass(kind, Mapping):
            return self._mapping
        if issubclass(kind, tuple):  # named tuples
            return self._items
        if issubclass(kind, dt.date | dt.time | dt.timedelta):  # datetimes, times, subclasses
            return repr
        if issubclass(kind, PurePath):
            return str
        raise Unfingerprintable(kind.__qualname__)

    def _fields_body(self, names: tuple[str, ...]) -> Callable[[Any], Plain]:
        if len(names) < 2:  # attrgetter gives a tuple only for two names or more
            return lambda value: self._items([getattr(value, name) for name in names])
        fields = operator.attrgetter(*names)
        return lambda value: self._items(fields(value))

    def _model_body(self, model: BaseModel) -> Plain:
        values = dict(model.__dict__)
        if model.__pydantic_extra__:
            values["__extra__"] = model.__pydantic_extra__
        return self._mapping(values)

    def _set_body(self, value: Iterable[object]) -> Plain:
        return tuple(sorted([_dump(self._plain(item)) for item in value]))


def _dump(tree: Plain) -> bytes:
    return marshal.dumps(tree, _FORMAT)


def _qualified(kind: Any) -> str:
    return f"{kind.__module__}.{kind.__qualname__}"


def _reference(data: bytes) -> bytes:
    """`data` itself when short, else its digest: either way a fixed function of the value."""
    return data if len(data) <= _SHORT else b"#" + hashlib.blake2b(data, digest_size=16).digest()
