"""Fingerprints of what a template is given: equal fingerprints, equal pages.

A page's HTML is a pure function of its template (and the code and settings around it) and
of the values in its context. `Fingerprinter.digest` encodes those values completely and
canonically — every field of every dataclass and pydantic model, every item of every
sequence and mapping in order, dates, enums and strings by value — and hashes the encoding.
It works on the computed values, not on the inputs they came from, so nothing that reaches a
page can be forgotten: a withdrawal notice that names its replacing record changes when that
record does, because the name is in the notice's context.

Sets are encoded in sorted order. What it does not know how to encode (an object of another
kind) makes the page's fingerprint None: such a page is always rendered. Objects are encoded once per build and then known by identity: the same list entry
appears on up to a dozen list pages, and a page of the index of years holds every entry.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import hashlib
import operator
import types
from collections.abc import Callable, Iterable, Mapping
from pathlib import PurePath
from typing import Any

from pydantic import BaseModel

_SHORT = 64
"""Encodings up to this length are used as they are; longer ones by their digest."""


class Unfingerprintable(Exception):
    """A value whose encoding would not be complete or not the same in every process."""


class Fingerprinter:
    """Encodes values for one build; keeps the objects it encoded alive while it lives, so
    that an identity it remembers is never reused by another object."""

    def __init__(self) -> None:
        self._memo: dict[int, tuple[object, str]] = {}
        self._bodies: dict[type, Callable[[Any], str]] = {}
        """How each class is encoded, decided once per class."""

    def digest(self, *values: object) -> bytes | None:
        """The fingerprint of `values`, or None when one of them cannot be encoded."""
        try:
            text = "\x1e".join([self._encode(value) for value in values])
        except Unfingerprintable:
            return None
        return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=20).digest()

    def _encode(self, value: object) -> str:
        kind = type(value)
        if kind is str:
            text: str = value  # type: ignore[assignment]
            return "s" + text if len(text) <= _SHORT else "h" + _hash(text)
        if kind is tuple or kind is list:
            return "(" + self._encode_items(value) + ")"  # type: ignore[arg-type]
        if value is None or kind is bool or kind is int or kind is float:
            return repr(value)
        if kind is dict:
            items = value.items()  # type: ignore[attr-defined]
            return "{" + ",".join([self._encode(k) + ":" + self._encode(v) for k, v in items]) + "}"
        if kind is dt.date or kind is dt.datetime:
            return "d" + repr(value)
        if kind is bytes:
            data: bytes = value  # type: ignore[assignment]
            return "b" + data.hex()
        known = self._memo.get(id(value))
        if known is not None:
            return known[1]
        body = self._bodies.get(kind) or self._body_of(kind)
        encoded = kind.__module__ + "." + kind.__qualname__ + body(value)
        if len(encoded) > _SHORT:
            encoded = "h" + _hash(encoded)
        self._memo[id(value)] = (value, encoded)
        return encoded

    def _body_of(self, kind: type) -> Callable[[Any], str]:
        body = self._choose_body(kind)
        self._bodies[kind] = body
        return body

    def _choose_body(self, kind: type) -> Callable[[Any], str]:
        if issubclass(kind, enum.Enum):
            return lambda value: "." + value.name + "=" + self._encode(value.value)
        if dataclasses.is_dataclass(kind):
            names = tuple(field.name for field in dataclasses.fields(kind))
            if len(names) < 2:  # attrgetter gives a tuple only for two names or more
                return lambda value: (
                    "(" + self._encode_items([getattr(value, n) for n in names]) + ")"
                )
            fields = operator.attrgetter(*names)
            return lambda value: "(" + self._encode_items(fields(value)) + ")"
        if issubclass(kind, BaseModel):
            return lambda value: "(" + self._encode_model(value) + ")"
        if issubclass(kind, str):  # markupsafe.Markup and other str kinds
            return lambda value: "(" + self._encode(str(value)) + ")"
        if issubclass(kind, types.FunctionType | type):
            return lambda value: "@" + value.__module__ + "." + value.__qualname__
        if issubclass(kind, frozenset | set):
            return self._encode_set
        if issubclass(kind, Mapping):
            return lambda value: self._encode(dict(value.items()))
        if issubclass(kind, tuple):  # named tuples
            return lambda value: self._encode(tuple(value))
        if issubclass(kind, dt.date | dt.time | dt.timedelta):
            return repr
        if issubclass(kind, PurePath):
            return lambda value: "(" + self._encode(str(value)) + ")"
        raise Unfingerprintable(kind.__qualname__)

    def _encode_items(self, items: Iterable[object]) -> str:
        """`",".join` of the items' encodings; strings and None, most of a page's values,
        encoded here without a call of `_encode` each (the same encodings)."""
        parts: list[str] = []
        for item in items:
            if type(item) is str:
                text = str(item)  # the same object: `str` returns a str itself
                parts.append("s" + text if len(text) <= _SHORT else "h" + _hash(text))
            elif item is None:
                parts.append("None")
            else:
                parts.append(self._encode(item))
        return ",".join(parts)

    def _encode_model(self, model: BaseModel) -> str:
        values = dict(model.__dict__)
        if model.__pydantic_extra__:
            values["__extra__"] = model.__pydantic_extra__
        return self._encode(values)

    def _encode_set(self, value: frozenset[Any] | set[Any]) -> str:
        items = [self._encode(item) for item in value]
        return "{" + ",".join(sorted(items)) + "}"


def _hash(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
