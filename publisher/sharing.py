"""Sharing equal values among the loaded records, so that a large content folder fits in
memory.

Records are read one by one (parsed in forked workers and sent back pickled, or unpickled
from the parse cache), so two records naming the same company, law or date hold two equal
but separate objects, and every pydantic model carries its own set of the fields that were
given. At 100,000 records that is about half of what the records take: the sets alone
about 100 MB, the line maps (nearly all alike: the same keys on the same lines) 80 MB.

A `ValueSharing` table, used while one batch of records is loaded and then dropped, makes
equal values one object: strings and dates inside the models, the models' field sets, and
whole line maps. Nothing equal-looking is merged that could differ: only exact `str` and
`datetime.date` values (never enum members or subclasses), and field sets and line maps by
their full contents. The models are frozen and their values immutable, so a shared value is
indistinguishable from a copy; no code mutates a model's field set (pydantic copies it when
it copies a model).
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel

from publisher.yamlsource import LineMap, Loc

_SHARED_KINDS = (str, dt.date)
"""Exact types whose equal values are interchangeable (subclasses, e.g. StrEnum members
and datetimes, are left alone)."""


class ValueSharing:
    """One table of shared values; keep it only while loading (it holds every value once)."""

    def __init__(self) -> None:
        self._values: dict[object, object] = {}
        self._field_sets: dict[frozenset[str], set[str]] = {}
        self._line_maps: dict[tuple[tuple[Loc, int], ...], LineMap] = {}
        self._locs: dict[Loc, Loc] = {}

    def share_model(self, model: BaseModel) -> None:
        """Replace, in place, the model's values (and those of the models and lists inside
        it) by the equal ones already seen, and its field set by an equal shared one."""
        values = model.__dict__
        for name, value in list(values.items()):
            values[name] = self._shared(value)
        given = model.__pydantic_fields_set__
        shared = self._field_sets.setdefault(frozenset(given), given)
        # Frozen models refuse attribute assignment; this is pydantic's own way past it.
        object.__setattr__(model, "__pydantic_fields_set__", shared)

    def line_map(self, lines: LineMap) -> LineMap:
        """An equal line map seen before, else this one (with its keys shared)."""
        items = tuple(lines.lines.items())
        known = self._line_maps.get(items)
        if known is not None:
            return known
        shared = LineMap({self._locs.setdefault(loc, loc): line for loc, line in items})
        self._line_maps[items] = shared
        return shared

    def _shared(self, value: object) -> object:
        kind = type(value)
        if kind in _SHARED_KINDS:
            return self._values.setdefault(value, value)
        if kind is list:
            items: list[object] = value  # type: ignore[assignment]
            items[:] = [self._shared(item) for item in items]
        elif isinstance(value, BaseModel):
            self.share_model(value)
        return value
