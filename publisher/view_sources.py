"""What a published record's public view is made from, as a key that stands for the view.

A published record's public view (`publisher.public.public_record`) is a pure function of
the record, its plan entry and the as-of date, and the plan entry of the record, the
settings and the as-of date (`publisher.visibility.decide`); the record is a pure function
of its file's bytes (the parse cache's digest, `publisher.parsecache`) and our code. So the
digest and path of the record's file, with the settings and the as-of date, stand for the
view: equal sources, equal views, in any build of the same code.

Keys built on this are far cheaper than fingerprinting the view itself, which counts at
100,000 records: the open data's pieces (`publisher.opendata_memo`) and the record pages'
fingerprints (the plugin's `page_keys`) use it. Only a published record has a source: a
withdrawal notice names its replacing record and that record's state. A record that did not
come through the parse cache (a file with a warning), or whose id two files share (an error,
R-A2, its item could be either's), has none either.
"""

from __future__ import annotations

from collections.abc import Iterable

from publisher.content import LoadedRecord
from publisher.parsecache import RecordCache
from publisher.public import PublicItem, PublicRecord

ViewSource = tuple[bytes, str, bytes]
"""The digest and path of the record's file, and the fingerprint of the settings and date."""


class ViewSources:
    """The sources of one build's public views."""

    def __init__(
        self, records: Iterable[LoadedRecord], cache: RecordCache | None, context: bytes | None
    ) -> None:
        """`context`: a fingerprint of the build's settings and as-of date (None: no keys)."""
        self._records = records_by_id(records)
        self._cache = cache
        self._context = context

    def of(self, item: PublicItem) -> ViewSource | None:
        if not isinstance(item, PublicRecord) or self._cache is None or self._context is None:
            return None
        loaded = self._records.get(item.id)
        if loaded is None:
            return None
        digest = self._cache.digest_of(loaded)
        return None if digest is None else (digest, str(loaded.path), self._context)


def records_by_id(records: Iterable[LoadedRecord]) -> dict[str, LoadedRecord | None]:
    """An id two files share (an error, R-A2) names neither: its item could be either's."""
    by_id: dict[str, LoadedRecord | None] = {}
    for loaded in records:
        record_id = loaded.record.id
        by_id[record_id] = None if record_id in by_id else loaded
    return by_id
