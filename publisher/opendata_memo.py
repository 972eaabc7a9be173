"""The open data's pieces kept between builds (`publisher.memo`), by the record file each
comes from.

`data/records.json` and `data/records.csv` hold every visible record, so any change rewrites
both; making each record's object and line again costs about 30 µs a record (1.7 s at
100,000 records). A build keeps each published record's piece (`OpenDataPiece`) and the next
takes it back when nothing it depends on changed, so a one-record change makes one piece.

The key is what the piece is computed from, not the piece's public item: fingerprinting an
item costs half of making its piece, the key a tenth. It is the record's view source
(`publisher.view_sources`): the digest and path of its file, the settings and the as-of
date. Withdrawal notices, and records that have no source, are made afresh at every build.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable

from publisher.content import LoadedRecord
from publisher.memo import Memo
from publisher.opendata import OpenDataPiece, open_data_piece
from publisher.parsecache import RecordCache
from publisher.public import PublicItem
from publisher.settings import Settings
from publisher.view_sources import ViewSources


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
        # Fingerprinted once: each piece's key then holds only the record file's part.
        self._sources = ViewSources(records, cache, memo.key(settings, as_of))

    def __call__(self, item: PublicItem) -> OpenDataPiece:
        make = functools.partial(open_data_piece, item, self._settings)
        source = self._sources.of(item)
        if source is None:
            return make()
        return self._memo.value(source, make)
