"""The memo of whole-site pieces (`publisher.memo`) and the forked map (`publisher.parallel`)."""

from __future__ import annotations

import datetime as dt
import os
import signal
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from publisher.memo import Memo
from publisher.parallel import map_forked


@dataclass(frozen=True)
class Piece:
    name: str
    day: dt.date


def _square(value: int) -> int:
    return value * value


def test_memo_computes_once_per_inputs_and_keeps_only_what_was_used(tmp_path: Path) -> None:
    first = Memo.in_folder(tmp_path, "pieces", "code-1")
    calls: list[str] = []

    def compute(name: str) -> str:
        calls.append(name)
        return name.upper()

    a, b = Piece("甲", dt.date(2026, 1, 2)), Piece("乙", dt.date(2026, 1, 3))
    assert first.value((a,), lambda: compute("a")) == "A"
    assert first.value((Piece("甲", dt.date(2026, 1, 2)),), lambda: compute("again")) == "A"
    assert first.value((b,), lambda: compute("b")) == "B"
    assert calls == ["a", "b"] and first.computed == 2
    first.save()

    second = Memo.in_folder(tmp_path, "pieces", "code-1")
    assert second.value((a,), lambda: compute("a2")) == "A"  # kept from the last build
    assert second.computed == 0
    second.save()  # b was not used: it is gone

    third = Memo.in_folder(tmp_path, "pieces", "code-1")
    assert third.value((b,), lambda: compute("b2")) == "B2"
    assert third.computed == 1


def test_memo_of_other_code_or_disabled_keeps_nothing(tmp_path: Path) -> None:
    memo = Memo.in_folder(tmp_path, "pieces", "code-1")
    memo.value(("x",), lambda: 1)
    memo.save()
    other = Memo.in_folder(tmp_path, "pieces", "code-2")
    assert other.value(("x",), lambda: 2) == 2
    disabled = Memo.disabled()
    assert disabled.value(("x",), lambda: 3) == 3
    assert disabled.value(("x",), lambda: 4) == 4
    disabled.save()
    assert sorted(p.name for p in (tmp_path / "memo").iterdir()) == ["pieces"]


def test_memo_computes_what_cannot_be_fingerprinted(tmp_path: Path) -> None:
    memo = Memo.in_folder(tmp_path, "pieces", "code-1")
    unknown = object()
    assert memo.value((unknown,), lambda: 1) == 1
    assert memo.value((unknown,), lambda: 2) == 2


def test_forked_map_ends_its_workers_when_the_caller_handles_sigterm() -> None:
    # A command that exits cleanly on SIGTERM (the bench does) must not leave a worker
    # waiting for work forever: that hung `make bench` once.
    previous = signal.signal(signal.SIGTERM, lambda _s, _f: sys.exit(143))
    try:
        for _ in range(5):
            assert map_forked(_square, list(range(300)), processes=2) == [n * n for n in range(300)]
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert not _children_of(os.getpid())


def _children_of(pid: int) -> list[str]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return path.read_text().split() if path.exists() else []


@pytest.mark.parametrize("finished_early", [False, True])
def test_memo_rewrites_only_the_shards_whose_keys_changed(
    tmp_path: Path, finished_early: bool
) -> None:
    """`finished_early`: `Memo.finish` (a build done with a memo early, to free its memory)
    must leave the saved memo exactly as a memo saved without it."""
    memo = Memo.in_folder(tmp_path, "pieces", "code-1")
    for n in range(200):
        memo.value((n,), lambda n=n: n)  # type: ignore[misc]
    memo.save()
    shards = sorted((tmp_path / "memo" / "pieces").iterdir())
    stamps = {p.name: p.stat().st_mtime_ns for p in shards}
    same = Memo.in_folder(tmp_path, "pieces", "code-1")
    for n in range(200):
        same.value((n,), lambda: -1)
    same.save()
    assert same.computed == 0
    assert {p.name: p.stat().st_mtime_ns for p in shards} == stamps
    changed = Memo.in_folder(tmp_path, "pieces", "code-1")
    for n in [*range(199), 1000]:
        changed.value((n,), lambda n=n: n)  # type: ignore[misc]
    if finished_early:
        changed.finish()
        changed.finish()  # a second call changes nothing
        assert not changed._before and not changed._used  # the pieces are let go of
        with pytest.raises(RuntimeError):
            changed.value((5,), lambda: -1)
    changed.save()
    rewritten = [p.name for p in shards if p.stat().st_mtime_ns != stamps[p.name]]
    assert 1 <= len(rewritten) <= 2
    final = Memo.in_folder(tmp_path, "pieces", "code-1")
    assert [final.value((n,), lambda: -1) for n in (0, 198, 1000)] == [0, 198, 1000]
    assert final.value((199,), lambda: -1) == -1
    Memo.disabled().finish()  # nothing to let go of
