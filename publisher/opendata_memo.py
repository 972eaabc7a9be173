"""The open data's pieces kept between builds (`publisher.memo`), by the record file each
comes from.

`data/records.json` and `data/records.csv` hold every visible record, so any change rewrites
both; making each record's object and line again costs about 30 µs a record (1.7 s at
100,000 records). A build keeps each published record's piece (`OpenDataPiece`) and the next
takes it back when nothing it depends on changed, so a one-record change makes one piece.

The key is what the piece is computed from, not the piece's public item: fingerprinting an
item costs half of making its piece, the key a tenth. A published record's public view is a
pure function of the record, its plan entry and the as-of date, and the entry of the record,
the settings and the as-of date (`publisher.visibility`, `publisher.public`); the record is a
pure function of its file's bytes (the parse cache's digest, `publisher.parsecache`) and our
code, which the memo's file is tied to. So the key is the digest and path of the record's
file, the settings and the as-of date. A withdrawal notice names its replacing record and
that record's state, so notices (a few in a thousand) are made afresh at every build, as are
records that did not come through the parse cache (a file with a warning).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable

from publisher.content import LoadedRecord
from publisher.memo import Memo
from publisher.opendata import OpenDataPiece, open_data_piece
from publisher.parsecache import RecordCache
from publisher.public import PublicItem, PublicRecord
from publisher.settings import Settings


class OpenDataMemo:
    """`open_data_piece` for one build (a `publisher.opendata.PieceMaker`), through `memo`."""

    def __init__(
        self,
        memo: Memo,
        records: Iterable[LoadedRecord],
        cache: RecordCache | None,
        settings: Settings,
        as_of: dt.date,
    ) -> None:
        self._memo = memo
        self._settings = settings
        self._cache = cache
        self._records = records_by_id(records)
        # Fingerprinted once: each piece's key then holds only the record file's part.
        self._context = memo.key(settings, as_of)

    def __call__(self, item: PublicItem) -> OpenDataPiece:
        make = functools.partial(open_data_piece, item, self._settings)
        source = self._source(item) if isinstance(item, PublicRecord) else None
        if source is None:
            return make()
        return self._memo.value(source, make)

    def _source(self, item: PublicRecord) -> tuple[bytes, str, bytes] | None:
        """The digest and path of the record's file, and the build's settings and date."""
        loaded = self._records.get(item.id)
        if loaded is None or self._cache is None or self._context is None:
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
