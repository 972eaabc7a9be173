"""The build caches' one folder, and how a cache file is written and trusted.

Every cache of the build lives in `.cache/publisher/` beside the output folder (beside
`output/`, so the spare copy of the site can be renamed into place on the same filesystem):
the parsed records (`publisher.parsecache`), and per output folder its manifest and the spare
tree of the site before the current one (`publisher.sitecache`). Deleting the folder is always
safe; `publisher build --no-cache` neither reads nor writes it.

A cache file is written whole (a temporary file, then a rename) and starts with a header: a
magic line, the code fingerprint (`code_fingerprint`) and the SHA-256 of the payload. A file
that is missing, cut short, corrupted or written by other code or other versions of the
libraries is ignored, and the build works cold: a cache can make a build faster, never
different.

Payloads are pickles, so the folder must be as trusted as the code itself (whoever can write
it can run code in the build), like the virtual environment beside it.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import pickle
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

CACHE_FOLDER = Path(".cache") / "publisher"
"""Relative to the output folder's parent folder."""
MAGIC = b"enforcement-disclosure-publisher cache 1\n"
DIGEST_BYTES = 32
RACY_NS = 2_000_000_000
"""A file changed this close (2 s) to when its stamp was taken may change again within the
filesystem's timestamp resolution without its stamp changing ("racy" files, as git calls
them): its content is compared, never its stamp alone."""


def cache_folder(output: Path) -> Path:
    """`.cache/publisher/` beside the output folder."""
    return output.absolute().parent / CACHE_FOLDER


FIELD_BITS = 64
_FIELD_OFFSET = 1 << (FIELD_BITS - 1)
_FIELD_MASK = (1 << FIELD_BITS) - 1


def pack_fields(*fields: int) -> int:
    """Signed 64-bit numbers (`os.stat` gives nothing wider) as one integer, the first in
    the highest bits, each kept exactly: one integer costs a third of a tuple of four, and
    the build keeps some 300,000 stamps."""
    packed = 0
    for value in fields:
        packed = (packed << FIELD_BITS) | (value + _FIELD_OFFSET)
    return packed


def packed_field(packed: int, position: int, count: int) -> int:
    """Field `position` (from 0) of `count` fields packed by `pack_fields`."""
    return ((packed >> (FIELD_BITS * (count - 1 - position))) & _FIELD_MASK) - _FIELD_OFFSET


class Stamp(int):
    """What the filesystem says of a file without reading it. Together they change whenever
    the content does: the size or the modification time, or, for an in-place rewrite that
    restores the old time (`cp -p`, `touch -d`), the inode change time, which no program can
    set; a file replaced by a rename has another inode.

    The four numbers packed into one integer (`pack_fields`): equal stamps are equal
    integers. Made with `of` or `of_fields`; unpickling makes it without any Python code."""

    __slots__ = ()

    @classmethod
    def of(cls, status: os.stat_result) -> Stamp:
        # `of_fields` written out: this runs for every content file at every build.
        packed = (status.st_size + _FIELD_OFFSET) << FIELD_BITS | status.st_mtime_ns + _FIELD_OFFSET
        packed = (packed << FIELD_BITS) | (status.st_ctime_ns + _FIELD_OFFSET)
        return cls((packed << FIELD_BITS) | (status.st_ino + _FIELD_OFFSET))

    @classmethod
    def of_fields(cls, size: int, mtime_ns: int, ctime_ns: int, ino: int) -> Stamp:
        return cls(pack_fields(size, mtime_ns, ctime_ns, ino))

    @property
    def size(self) -> int:
        return packed_field(self, 0, 4)

    @property
    def mtime_ns(self) -> int:
        return packed_field(self, 1, 4)

    @property
    def ctime_ns(self) -> int:
        return packed_field(self, 2, 4)

    @property
    def ino(self) -> int:
        return packed_field(self, 3, 4)

    def fields(self) -> tuple[int, int, int, int]:
        """(size, modification time, change time, inode)."""
        return (self.size, self.mtime_ns, self.ctime_ns, self.ino)

    def settled(self, checked_ns: int) -> bool:
        """Changed long enough before `checked_ns` for the stamp to stand for the content."""
        changed = max(self >> FIELD_BITS & _FIELD_MASK, self >> 2 * FIELD_BITS & _FIELD_MASK)
        return changed - _FIELD_OFFSET < checked_ns - RACY_NS

    def __repr__(self) -> str:
        size, mtime_ns, ctime_ns, ino = self.fields()
        return f"Stamp(size={size}, mtime_ns={mtime_ns}, ctime_ns={ctime_ns}, ino={ino})"


def content_digest(data: bytes | memoryview) -> bytes:
    return hashlib.sha256(data).digest()


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while a block builds many long-lived objects (unpickling
    the records): nothing of it is garbage, and each collection would walk the whole heap
    (several times the time of the unpickling itself). Pause around all of it at once: the
    first allocation after a pause collects everything allocated during it."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass(frozen=True)
class CacheFile:
    """One cache file, valid only for code with fingerprint `key`."""

    path: Path
    key: str

    def read(self) -> object | None:
        """The payload, or None when the file is missing, damaged or of other code."""
        try:
            data = self.path.read_bytes()
        except OSError:
            return None
        header = MAGIC + self.key.encode("ascii") + b"\n"
        start = len(header) + DIGEST_BYTES
        if not data.startswith(header) or len(data) < start:
            return None
        payload = memoryview(data)[start:]
        if content_digest(payload) != data[len(header) : start]:
            return None
        try:
            value: object = pickle.loads(payload)
        except Exception:  # a payload pickled by other code: ignore it, work cold
            return None
        return value

    def write(self, value: object) -> None:
        """Write the whole file under a temporary name, then rename it into place: readers
        see the old file or the new one, never a part."""
        header = MAGIC + self.key.encode("ascii") + b"\n"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        with open(temporary, "wb") as file:
            # The payload is pickled straight into the file, its digest written into the
            # header afterwards: the manifest of 100,000 records is 12 MB, and the build
            # writes it when it holds the most.
            file.write(header + bytes(DIGEST_BYTES))
            digest = hashlib.sha256()
            pickle.dump(value, _Digesting(file, digest), protocol=pickle.HIGHEST_PROTOCOL)
            file.seek(len(header))
            file.write(digest.digest())
        os.replace(temporary, self.path)

    def remove(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()


class _Digesting:
    """A file that pickled bytes go through on their way into `file`, hashed as they pass."""

    def __init__(self, file: BinaryIO, digest: hashlib._Hash) -> None:
        self._file = file
        self._digest = digest

    def write(self, data: bytes | memoryview) -> int:
        self._digest.update(data)
        return self._file.write(data)


def code_fingerprint(folders: Iterable[Path]) -> str:
    """A digest of everything that decides what a build writes besides its inputs: the
    Python version, every installed distribution with its version (their `*.dist-info`
    names), and every file of our code in `folders` (the publisher package, the plugin)."""
    digest = hashlib.sha256()
    digest.update(sys.version.encode())
    for name in installed_distributions():
        digest.update(name.encode() + b"\0")
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if "__pycache__" in path.parts or not path.is_file():
                continue
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
            digest.update(content_digest(path.read_bytes()))
    return digest.hexdigest()


def installed_distributions() -> list[str]:
    """`name-version.dist-info` of every distribution on the import path, sorted. The
    working directory is left out: `python -m` puts it on the path, and a build started
    from the repository's root would otherwise find the project's own `*.egg-info` there
    and get another key than one started elsewhere (a cold build for nothing)."""
    names: set[str] = set()
    here = os.path.realpath(os.getcwd())
    for entry in sys.path:
        if os.path.realpath(entry or ".") == here:
            continue
        with contextlib.suppress(OSError):
            names.update(
                name
                for name in os.listdir(entry or ".")
                if name.endswith((".dist-info", ".egg-info"))
            )
    return sorted(names)


def tree_digest(folders: Iterable[Path]) -> str:
    """A digest of the names and bytes of every file under `folders` (a theme's templates)."""
    digest = hashlib.sha256()
    for folder in folders:
        digest.update(str(folder).encode() + b"\0")
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
                digest.update(content_digest(path.read_bytes()))
    return digest.hexdigest()
