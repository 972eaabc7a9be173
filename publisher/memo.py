"""Results kept from one build to the next, looked up by the fingerprint of their inputs.

Some whole-site outputs are assembled from many small pieces that are costly to compute
(a statistics chart, a WeChat digest) and depend only on values the build already holds. A
`Memo` keeps each piece under the fingerprint (`publisher.fingerprint`) of everything it was
computed from, so that the next build computes only the pieces whose inputs changed. The
pieces must be pure functions of those inputs and of our code: the memo files are tied to
the code fingerprint (`publisher.buildcache.CacheFile`), so other code never reads them.

A memo keeps only what the last good build used, so it never grows beyond one site's worth.
`Memo.disabled()` (a `--no-cache` build, tests) computes everything and keeps nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from publisher.buildcache import CacheFile
from publisher.fingerprint import Fingerprinter

T = TypeVar("T")

MEMO_FOLDER = "memo"
"""Under the cache folder (`.cache/publisher/memo/<name>.pickle`)."""


class Memo:
    """One kind of piece (`name`), kept in one cache file."""

    def __init__(self, file: CacheFile | None) -> None:
        self._file = file
        stored = file.read() if file is not None else None
        self._before: dict[bytes, object] = stored if isinstance(stored, dict) else {}
        self._used: dict[bytes, object] = {}
        self._fingerprints = Fingerprinter()
        self.computed = 0
        """Pieces computed in this build (not found in the memo): for tests and profiles."""

    @classmethod
    def disabled(cls) -> Memo:
        return cls(None)

    @classmethod
    def in_folder(cls, cache_folder: Path, name: str, code_key: str) -> Memo:
        return cls(CacheFile(cache_folder / MEMO_FOLDER / f"{name}.pickle", code_key))

    def key(self, *inputs: object) -> bytes | None:
        """The fingerprint of `inputs`; None when one cannot be fingerprinted."""
        return self._fingerprints.digest(*inputs)

    def value(self, inputs: tuple[object, ...], compute: Callable[[], T]) -> T:
        """`compute()`, or the value it gave in the last build for equal `inputs`."""
        key = self.key(*inputs) if self._file is not None else None
        if key is None:
            self.computed += 1
            return compute()
        if key in self._used:
            return self._used[key]  # type: ignore[return-value]
        if key in self._before:
            found = self._before[key]
        else:
            self.computed += 1
            found = compute()
        self._used[key] = found
        return found  # type: ignore[return-value]

    def save(self) -> None:
        """After a good build: keep what this build used, nothing else."""
        if self._file is not None:
            self._file.write(self._used)
