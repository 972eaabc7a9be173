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
file's path: a build rewrites only the shards whose entries changed. Entries and lookups are
named tuples, not dataclasses: 100,000 of them are made or unpickled at every build, and a
frozen dataclass does that in Python, field by field.
"""

from __future__ import annotations

import os
import stat
import time
import zlib
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

from publisher.buildcache import CacheFile, Stamp, gc_paused
from publisher.content import LoadedRecord
from publisher.findings import Finding
from publisher.model import Record
from publisher.yamlsource import LineMap

SHARDS = 64
FOLDER = "parse"


class Lookup(NamedTuple):
    """A record file as the cache found it at the start of the build."""

    key: str
    """The absolute path."""
    stamp: Stamp | None
    """None when it is not a regular file (the reader refuses it) or cannot be read."""
    checked_ns: int


class CachedRecord(NamedTuple):
    stamp: Stamp
    checked_ns: int
    """When `stamp` was taken: a file changed shortly before is racy (`Stamp.settled`)."""
    digest: bytes
    """SHA-256 of the bytes that were parsed."""
    record: Record
    lines: LineMap
    """Without the path: a `Path` costs more to unpickle than the record, and the build
    names the file its own way (findings print the path as given)."""
    findings: tuple[str | int, tuple[Finding, ...]] | None = None
    """The findings of the checks of the record alone (`publisher.checks.RECORD_CHECKS`),
    for the path as the build that ran them named it: the name, or when it is the end of
    the entry's absolute path (as usual), its length (`_name_tag`), which costs nothing."""

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
        known: Mapping[str, Stamp] | None = None,
        known_ns: int = 0,
        known_irregular: frozenset[str] = frozenset(),
    ):
        """`known`: stamps already taken this build, by absolute path, at `known_ns` (the
        no-change check's inventory of the content folder), and which of them are not regular
        files (`known_irregular`): a file named there is not looked at again."""
        self._files = [
            CacheFile(folder / FOLDER / f"records-{n:02d}.pickle", key) for n in range(SHARDS)
        ]
        with gc_paused():
            self._shards: list[Shard] = [_shard(file.read()) for file in self._files]
        # Every entry in one table for the lookups; the shards only decide what is written.
        self._entries: Shard = {key: e for shard in self._shards for key, e in shard.items()}
        self._absolute = _AbsolutePaths()
        # The entries no lookup asked for yet: a set of the entries' own keys costs a third of
        # one of the keys the lookups make (100,000 strings more).
        self._unseen: set[str] = set(self._entries)
        self._dirty: set[int] = set()
        self._now_ns = now_ns
        self._known = known or {}
        self._known_ns = known_ns
        self._known_irregular = known_irregular

    def lookup(self, path: Path) -> tuple[Lookup, LoadedRecord | None]:
        """The file's stamp, taken before it is read (a change after it shows at the next
        build), and the cached record when the stamp is the entry's and was settled then."""
        key = self._absolute.of(path)
        self._unseen.discard(key)
        if (known := self._known.get(key)) is not None:
            checked = self._known_ns
            stamp = None if key in self._known_irregular else known
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
        self._put(lookup.key, entry._replace(stamp=lookup.stamp, checked_ns=lookup.checked_ns))
        return entry.at(path)

    def store(
        self,
        lookup: Lookup,
        digest: bytes,
        loaded: LoadedRecord,
        checked: tuple[Finding, ...] | None = None,
    ) -> None:
        """Keep a record parsed this build; `checked`: the findings of its own checks
        (`findings_of`), when the process that parsed it ran them."""
        assert lookup.stamp is not None
        findings = None if checked is None else (_name_tag(lookup.key, str(loaded.path)), checked)
        entry = CachedRecord(
            lookup.stamp, lookup.checked_ns, digest, loaded.record, loaded.lines, findings
        )
        self._put(lookup.key, entry)

    def digest_of(self, loaded: LoadedRecord) -> bytes | None:
        """The SHA-256 of the bytes `loaded` was parsed from, when it came from this cache or
        went into it this build: with the path and our code, all its record depends on."""
        entry = self._entry(self._absolute.of(loaded.path))
        if entry is None or entry.record is not loaded.record:
            return None
        return entry.digest

    def findings_of(
        self, loaded: LoadedRecord, check: Callable[[LoadedRecord], Sequence[Finding]]
    ) -> Sequence[Finding]:
        """`check(loaded)`, kept with the cached record: the checks of a record alone give
        the same findings for the same record, named the same way."""
        key = self._absolute.of(loaded.path)
        entry = self._entry(key)
        if entry is None or entry.record is not loaded.record:
            return check(loaded)  # not from this cache (a file with problems)
        name = str(loaded.path)
        if entry.findings is not None and _tagged(key, entry.findings[0]) == name:
            return entry.findings[1]
        findings = tuple(check(loaded))
        self._put(key, entry._replace(findings=(_name_tag(key, name), findings)))
        return findings

    def save(self) -> None:
        """Write the shards that changed, without the entries of files that are gone."""
        for index, shard in enumerate(self._shards):
            gone = [key for key in shard if key in self._unseen]
            for key in gone:
                del shard[key]
                self._entries.pop(key, None)
            if gone or index in self._dirty:
                self._files[index].write(shard)
        self._dirty.clear()

    def _entry(self, key: str) -> CachedRecord | None:
        return self._entries.get(key)

    def _put(self, key: str, entry: CachedRecord) -> None:
        index = _shard_of(key)
        self._shards[index][key] = entry
        self._entries[key] = entry
        self._dirty.add(index)


class _AbsolutePaths:
    """`os.path.abspath` of record files, their folders' made once: the whole function for
    each of 100,000 files costs more than a second of every build."""

    def __init__(self) -> None:
        self._folders: dict[str, str] = {}

    def of(self, path: Path) -> str:
        text = os.fspath(path)
        name = text[text.rfind("/") + 1 :]
        if name in ("", ".", ".."):
            return os.path.abspath(text)
        folder = text[: len(text) - len(name)]
        base = self._folders.get(folder)
        if base is None:
            base = self._folders[folder] = os.path.join(os.path.abspath(folder), "")
        return base + name


def _name_tag(key: str, name: str) -> str | int:
    """How an entry keeps the name of its file as a build gave it: its length when it is
    the end of the absolute path `key`, else the name itself."""
    return len(name) if name and key.endswith(name) else name


def _tagged(key: str, tag: str | int) -> str:
    """The name `_name_tag` kept."""
    return key[len(key) - tag :] if isinstance(tag, int) else tag


def _shard(value: object) -> Shard:
    if not isinstance(value, dict):
        return {}
    return {
        key: entry
        for key, entry in value.items()
        if isinstance(key, str) and isinstance(entry, CachedRecord)
    }


def _shard_of(key: str) -> int:
    return zlib.crc32(key.encode("utf-8", "surrogateescape")) % SHARDS


def _regular(status: os.stat_result) -> bool:
    return stat.S_ISREG(status.st_mode)
