"""Findings about one key of one record: file, line, record id, rule and message in one place."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from publisher.content import LoadedRecord
from publisher.findings import Finding, Severity

Loc = Sequence[str | int]


class Located(Protocol):
    """Anything loaded from a file that can say which line a key is on."""

    @property
    def file(self) -> str: ...

    def line_of(self, *loc: str | int) -> int: ...


def with_rule(message: str, rule: str) -> str:
    """Staff read messages outside the `[rule]` prefix too (JSON, the status page), so every
    message names its rule itself."""
    return f"{message}（{rule}）"


def record_finding(
    loaded: LoadedRecord, loc: Loc, rule: str, severity: Severity, message: str
) -> Finding:
    return located_finding(loaded, loc, rule, severity, message, record=loaded.record.id)


def record_error(loaded: LoadedRecord, loc: Loc, rule: str, message: str) -> Finding:
    return record_finding(loaded, loc, rule, Severity.ERROR, message)


def record_warning(loaded: LoadedRecord, loc: Loc, rule: str, message: str) -> Finding:
    return record_finding(loaded, loc, rule, Severity.WARNING, message)


def located_finding(
    loaded: Located,
    loc: Loc,
    rule: str,
    severity: Severity,
    message: str,
    record: str | None = None,
) -> Finding:
    """A finding about a key of any loaded file (roster, officers, draws, reviews, faults)."""
    return Finding(
        file=loaded.file,
        line=loaded.line_of(*loc),
        rule=rule,
        severity=severity,
        message=with_rule(message, rule),
        record=record,
    )
