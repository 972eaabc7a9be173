"""Forked children are replaced now and then (publisher.parallel): results stay whole and
in order."""

from __future__ import annotations

import os

from publisher.parallel import map_forked

SLICE = 64
"""Items per task in publisher.parallel."""


def _with_worker(number: int) -> tuple[int, int]:
    return number * number, os.getpid()


def test_results_stay_in_order_when_children_are_replaced() -> None:
    count = SLICE * 128 * 2 + 3 * SLICE  # more slices than two children work on
    results = map_forked(_with_worker, list(range(count)), processes=2)
    assert [square for square, _pid in results] == [n * n for n in range(count)]
    workers = {pid for _square, pid in results}
    assert os.getpid() not in workers
    assert len(workers) > 2  # fresh children took over
