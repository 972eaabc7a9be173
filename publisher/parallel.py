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

_ITEMS_PER_CHILD = 8192
"""Items a child works on before a fresh one takes its place. A child shares the build's
memory copy-on-write, but every object it reads gets its reference count written, which
copies the memory page around it: a child living through all the pages of 100,000 records
ends up with a private copy of much of the build (the two children: 300 MB). Replaced now
and then, a child holds copies of what its recent items read only. Below 2 × 8,192 items
(10,000 records) no child is replaced."""

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
    slice_size: int = _SLICE,
) -> list[Result]:
    """`[function(item) for item in items]`, computed by forked children when there are at
    least `minimum` items and more than one core. `slice_size` items go to a child at a time:
    fewer for few costly items (a statistics chart), so that every core gets its share."""
    return list(
        imap_forked(function, items, minimum=minimum, processes=processes, slice_size=slice_size)
    )


def imap_forked(
    function: Callable[[Item], Result],
    items: Sequence[Item],
    *,
    minimum: int = 2 * _SLICE,
    processes: int | None = None,
    slice_size: int = _SLICE,
) -> Iterator[Result]:
    """`map_forked`, each result as soon as its slice is done and those before it: the
    caller can take results in (and let go of what they came with) while the children work
    on. Iterate to the end: the children live until then."""
    workers = min(processes or usable_cores(), -(-len(items) // slice_size))
    if workers < 2 or len(items) < minimum or "fork" not in multiprocessing.get_all_start_methods():
        yield from (function(item) for item in items)
        return
    slices = [
        (start, min(start + slice_size, len(items))) for start in range(0, len(items), slice_size)
    ]
    context = multiprocessing.get_context("fork")
    frozen_before = gc.get_freeze_count()
    gc.freeze()
    try:
        with context.Pool(
            workers,
            initializer=_install,
            initargs=(function, items),
            maxtasksperchild=max(1, _ITEMS_PER_CHILD // slice_size),
        ) as pool:
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
