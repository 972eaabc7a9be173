"""The parse cache: validated records kept between builds, so unchanged files are not parsed.

Reading and validating a record file costs about 0.2 ms (YAML, the guards of
`publisher.yamlsource`, the schema); unpickling the result costs a few microseconds. An entry
remembers the file's `Stamp` (size, times, inode) when it was read and the SHA-256 of the
bytes that were parsed. A file whose stamp is unchanged and settled (`Stamp.settled`) is
taken from the cache without being opened; any other file is read through the usual guarded
reader, and if its bytes are those of the entry (a `git checkout` touched it) the entry is
used, else the file is parsed again. Only files that loaded without a finding are kept, so a
file with a problem is always read again and reported again.

The entries live in `SHARDS` files under `parse/` in the cache folder, by a hash of the
file's path: a build rewrites only the shards whose entries changed.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import stat
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from publisher.buildcache import CacheFile, Stamp, gc_paused
from publisher.content import LoadedRecord
from publisher.findings import Finding
from publisher.model import Record
from publisher.yamlsource import LineMap

SHARDS = 64
FOLDER = "parse"


@dataclass(frozen=True, slots=True)
class Lookup:
    """A record file as the cache found it at the start of the build."""

    key: str
    """The absolute path."""
    stamp: Stamp | None
    """None when it is not a regular file (the reader refuses it) or cannot be read."""
    checked_ns: int


@dataclass(frozen=True, slots=True)
class CachedRecord:
    stamp: Stamp
    checked_ns: int
    """When `stamp` was taken: a file changed shortly before is racy (`Stamp.settled`)."""
    digest: bytes
    """SHA-256 of the bytes that were parsed."""
    record: Record
    lines: LineMap
    """Without the path: a `Path` costs more to unpickle than the record, and the build
    names the file its own way (findings print the path as given)."""
    findings: tuple[str, tuple[Finding, ...]] | None = None
    """The findings of the checks of the record alone (`publisher.checks.RECORD_CHECKS`),
    for the path as the build that ran them named it."""

    def at(self, path: Path) -> LoadedRecord:
        return LoadedRecord(record=self.record, path=path, lines=self.lines)


Shard = dict[str, CachedRecord]
"""Entries by absolute path."""


class RecordCache:
    """The parse cache of one build: read once at the start, written after a good build."""

    def __init__(
        self,
        folder: Path,
        key: str,
        now_ns: Callable[[], int] = time.time_ns,
        known: Mapping[str, Stamp | None] | None = None,
        known_ns: int = 0,
    ):
        """`known`: stamps already taken this build (None: not a regular file), by absolute
        path, at `known_ns` (the no-change check's inventory of the content folder): a file
        named there is not looked at again."""
        self._files = [
            CacheFile(folder / FOLDER / f"records-{n:02d}.pickle", key) for n in range(SHARDS)
        ]
        with gc_paused():
            self._shards: list[Shard] = [_shard(file.read()) for file in self._files]
        self._seen: set[str] = set()
        self._dirty: set[int] = set()
        self._now_ns = now_ns
        self._known = known or {}
        self._known_ns = known_ns

    def lookup(self, path: Path) -> tuple[Lookup, LoadedRecord | None]:
        """The file's stamp, taken before it is read (a change after it shows at the next
        build), and the cached record when the stamp is the entry's and was settled then."""
        key = os.path.abspath(path)
        self._seen.add(key)
        if key in self._known:
            stamp, checked = self._known[key], self._known_ns
        else:
            checked = self._now_ns()
            try:
                status = os.lstat(key)
            except OSError:
                return Lookup(key, None, checked), None
            stamp = Stamp.of(status) if stat.S_ISREG(status.st_mode) else None
        lookup = Lookup(key, stamp, checked)
        entry = self._entry(key)
        if entry is None or stamp is None or entry.stamp != stamp:
            return lookup, None
        if not stamp.settled(entry.checked_ns):
            return lookup, None
        return lookup, entry.at(path)

    def holds(self, lookup: Lookup, digest: bytes) -> bool:
        """Whether the entry was parsed from bytes with this digest (the file was touched,
        not changed: `refresh` takes it)."""
        entry = self._entry(lookup.key)
        return entry is not None and entry.digest == digest

    def refresh(self, lookup: Lookup, path: Path) -> LoadedRecord:
        """The entry `holds` found, now with the file's new stamp."""
        entry = self._entry(lookup.key)
        assert entry is not None and lookup.stamp is not None
        self._put(
            lookup.key, dataclasses.replace(entry, stamp=lookup.stamp, checked_ns=lookup.checked_ns)
        )
        return entry.at(path)

    def store(self, lookup: Lookup, digest: bytes, loaded: LoadedRecord) -> None:
        assert lookup.stamp is not None
        entry = CachedRecord(lookup.stamp, lookup.checked_ns, digest, loaded.record, loaded.lines)
        self._put(lookup.key, entry)

    def findings_of(
        self, loaded: LoadedRecord, check: Callable[[LoadedRecord], Sequence[Finding]]
    ) -> Sequence[Finding]:
        """`check(loaded)`, kept with the cached record: the checks of a record alone give
        the same findings for the same record, named the same way."""
        key = os.path.abspath(loaded.path)
        entry = self._entry(key)
        if entry is None or entry.record is not loaded.record:
            return check(loaded)  # not from this cache (a file with problems)
        name = str(loaded.path)
        if entry.findings is not None and entry.findings[0] == name:
            return entry.findings[1]
        findings = tuple(check(loaded))
        self._put(key, dataclasses.replace(entry, findings=(name, findings)))
        return findings

    def save(self) -> None:
        """Write the shards that changed, without the entries of files that are gone."""
        for index, shard in enumerate(self._shards):
            gone = [key for key in shard if key not in self._seen]
            for key in gone:
                del shard[key]
            if gone or index in self._dirty:
                self._files[index].write(shard)
        self._dirty.clear()

    def _entry(self, key: str) -> CachedRecord | None:
        return self._shards[_shard_of(key)].get(key)

    def _put(self, key: str, entry: CachedRecord) -> None:
        index = _shard_of(key)
        self._shards[index][key] = entry
        self._dirty.add(index)


def _shard(value: object) -> Shard:
    if not isinstance(value, dict):
        return {}
    return {
        key: entry
        for key, entry in value.items()
        if isinstance(key, str) and isinstance(entry, CachedRecord)
    }


def _shard_of(key: str) -> int:
    return hashlib.blake2b(key.encode(), digest_size=2).digest()[0] % SHARDS


def _regular(status: os.stat_result) -> bool:
    return stat.S_ISREG(status.st_mode)
