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

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from publisher.buildcache import CacheFile
from publisher.fingerprint import Fingerprinter

T = TypeVar("T")

MEMO_FOLDER = "memo"
"""Under the cache folder (`.cache/publisher/memo/<name>/<shard>.pickle`)."""
SHARDS = 16


class Memo:
    """One kind of piece (`name`), kept in `SHARDS` cache files by key, so that a build that
    changed a few pieces rewrites a few files, not the whole memo."""

    def __init__(self, files: Sequence[CacheFile] | None) -> None:
        self._files = tuple(files) if files is not None else None
        self._before: dict[bytes, object] = {}
        self._before_keys: list[frozenset[bytes]] = []
        for file in self._files or ():
            stored = file.read()
            part = stored if isinstance(stored, dict) else {}
            self._before.update(part)
            self._before_keys.append(frozenset(part))
        self._used: dict[bytes, object] = {}
        self._finished: dict[int, dict[bytes, object]] | None = None
        """After `finish`: the shards `save` will write, by number."""
        self._fingerprints = Fingerprinter()
        self.computed = 0
        """Pieces computed in this build (not found in the memo): for tests and profiles."""

    @classmethod
    def disabled(cls) -> Memo:
        return cls(None)

    @classmethod
    def in_folder(cls, cache_folder: Path, name: str, code_key: str) -> Memo:
        folder = cache_folder / MEMO_FOLDER / name
        return cls([CacheFile(folder / f"{n:02d}.pickle", code_key) for n in range(SHARDS)])

    def key(self, *inputs: object) -> bytes | None:
        """The fingerprint of `inputs`; None when one cannot be fingerprinted."""
        return self._fingerprints.digest(*inputs)

    def value(self, inputs: tuple[object, ...], compute: Callable[[], T]) -> T:
        """`compute()`, or the value it gave in the last build for equal `inputs`."""
        return self.values([inputs], lambda _missing: [compute()])[0]

    def values(
        self,
        inputs: Sequence[tuple[object, ...]],
        compute: Callable[[list[int]], Sequence[T]],
    ) -> list[T]:
        """`value` for many pieces at once: `compute(positions)` gets the positions (in
        `inputs`) of the pieces not in the memo, all in one call, so that it can spread them
        over the cores, and returns their values in that order."""
        if self._finished is not None:
            raise RuntimeError("Memo.values after Memo.finish: the memo let go of its pieces")
        keys = [self.key(*each) if self._files is not None else None for each in inputs]
        found: dict[int, object] = {}
        for position, key in enumerate(keys):
            if key is not None and key in self._used:
                found[position] = self._used[key]
            elif key is not None and key in self._before:
                found[position] = self._used[key] = self._before[key]
        missing = [position for position in range(len(inputs)) if position not in found]
        computed = compute(missing) if missing else []
        self.computed += len(missing)
        for position, value in zip(missing, computed, strict=True):
            found[position] = value
            key = keys[position]
            if key is not None:
                self._used[key] = value
        return [found[position] for position in range(len(inputs))]  # type: ignore[misc]

    def finish(self) -> None:
        """The build will ask nothing more of this memo: decide now which shards `save` will
        write and let go of every other piece. The rest of the build does not need them (at
        100,000 records the WeChat and open data memos hold 200 MB)."""
        if self._files is None or self._finished is not None:
            return
        self._finished = self._changed_shards()
        self._before.clear()
        self._before_keys.clear()
        self._used.clear()
        self._fingerprints = Fingerprinter()  # it keeps alive what it encoded

    def save(self) -> None:
        """After a good build: keep what this build used, nothing else. A shard whose keys
        are those it had is left as it is (its values are those of equal keys)."""
        if self._files is None:
            return
        changed = self._finished if self._finished is not None else self._changed_shards()
        for number, shard in sorted(changed.items()):
            self._files[number].write(shard)

    def _changed_shards(self) -> dict[int, dict[bytes, object]]:
        """The shards of what this build used whose keys differ from the stored ones."""
        assert self._files is not None
        shards: list[dict[bytes, object]] = [{} for _ in self._files]
        for key, value in self._used.items():
            shards[key[0] % len(shards)][key] = value
        changed: dict[int, dict[bytes, object]] = {}
        for number, shard in enumerate(shards):
            before = self._before_keys[number] if number < len(self._before_keys) else None
            if before is None or before != shard.keys():
                changed[number] = shard
        return changed
