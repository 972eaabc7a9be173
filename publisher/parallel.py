"""Work spread over the machine's cores, for the large steps of a build (parsing the records,
rendering and writing the pages).

The workers are forked children: they inherit everything the build already holds (records,
pages, templates) without copying it, and only the results travel back, pickled. Results
come back in the order of the items, whatever order the children finish in, so nothing in
the output depends on scheduling (R-C). Small jobs, or a machine with one core, run in the
calling process.

The cyclic garbage collector is frozen while the children run: otherwise each child's first
collection would walk, and so copy, every page of memory it shares with its parent.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

_SLICE = 64
"""Items per task: small enough to balance the cores, large enough that the per-task cost
(a pickled result list) stays small."""

# The job a forked worker runs, set once in each child by `_install` (never in the parent).
_job: tuple[Callable[[Any], Any], Sequence[Any]] | None = None


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def map_forked(
    function: Callable[[Item], Result],
    items: Sequence[Item],
    *,
    minimum: int = 2 * _SLICE,
    processes: int | None = None,
) -> list[Result]:
    """`[function(item) for item in items]`, computed by forked children when there are at
    least `minimum` items and more than one core."""
    return list(imap_forked(function, items, minimum=minimum, processes=processes))


def imap_forked(
    function: Callable[[Item], Result],
    items: Sequence[Item],
    *,
    minimum: int = 2 * _SLICE,
    processes: int | None = None,
) -> Iterator[Result]:
    """`map_forked`, each result as soon as its slice is done and those before it: the
    caller can take results in (and let go of what they came with) while the children work
    on. Iterate to the end: the children live until then."""
    workers = min(processes or usable_cores(), -(-len(items) // _SLICE))
    if workers < 2 or len(items) < minimum or "fork" not in multiprocessing.get_all_start_methods():
        yield from (function(item) for item in items)
        return
    slices = [(start, min(start + _SLICE, len(items))) for start in range(0, len(items), _SLICE)]
    context = multiprocessing.get_context("fork")
    frozen_before = gc.get_freeze_count()
    gc.freeze()
    try:
        with context.Pool(workers, initializer=_install, initargs=(function, items)) as pool:
            for part in pool.imap(_run, slices, chunksize=1):
                yield from part
            # Let the children finish on their own: `terminate` (what leaving the block does)
            # signals them, and a caller's SIGTERM handler, inherited by the fork, can leave
            # a child waiting for work forever while the pool waits for it.
            pool.close()
            pool.join()
    finally:
        if not frozen_before:  # a caller that froze its objects keeps them frozen
            gc.unfreeze()


def _install(function: Callable[[Any], Any], items: Sequence[Any]) -> None:
    global _job
    _job = (function, items)
    # The parent's handler (a command's clean exit on SIGTERM) is not the child's: the pool
    # ends a child with SIGTERM when its caller stops early.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    # A parent that paused the collector (while loading) would leave each child collecting
    # nothing: parsing 50,000 records leaves cyclic garbage enough for a gigabyte.
    gc.enable()


def _run(bounds: tuple[int, int]) -> list[Any]:
    assert _job is not None, "set by the pool's initializer"
    function, items = _job
    return [function(items[index]) for index in range(*bounds)]
