"""Verifiable ranks (R-B5): SHA-256 of `seed:id`, lowest first.

Shared by the double-random draw (R-B5) and the annual case-file review sample (R-B6), so both
draws can be checked by anyone with a SHA-256 tool and give the same answer.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable


def rank(seed: str, candidate: str) -> str:
    """The hex SHA-256 of the UTF-8 text `seed:candidate`."""
    return hashlib.sha256(f"{seed}:{candidate}".encode()).hexdigest()


def ranked(seed: str, candidates: Iterable[str]) -> list[tuple[str, str]]:
    """Each distinct candidate with its rank, lowest rank first.

    Ties between two SHA-256 values are practically impossible; the id breaks them anyway so
    the order never depends on the order candidates were listed in.
    """
    pairs = {(rank(seed, candidate), candidate) for candidate in candidates}
    return [(candidate, value) for value, candidate in sorted(pairs)]


def lowest(seed: str, candidates: Iterable[str], count: int) -> list[str]:
    """The `count` candidates with the lowest ranks, lowest first."""
    return [candidate for candidate, _value in ranked(seed, candidates)[: max(count, 0)]]
