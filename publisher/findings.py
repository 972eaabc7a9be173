"""Findings: the single shape every check, loader and rule reports problems in.

A finding names the rule (an id from RULES.md), its severity, the file and line staff must
open, the record id where there is one, and a message in 简体中文 for staff.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Finding:
    """One problem found in the content, ordered by file, line and rule for stable output."""

    file: str
    line: int | None
    rule: str
    severity: Severity
    message: str
    record: str | None = None

    def format_text(self) -> str:
        """`FILE:LINE: message`, the form editors and CI logs turn into links."""
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        level = "错误" if self.severity is Severity.ERROR else "警告"
        # Rule messages usually end with their rule id already; never print it twice.
        rule = "" if self.rule in self.message else f"[{self.rule}] "
        return f"{where}: {level} {rule}{self.message}"

    def to_json(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "file": self.file,
            "line": self.line,
            "record": self.record,
            "message": self.message,
        }


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.severity is Severity.ERROR for f in findings)


def sorted_findings(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(set(findings), key=lambda f: (f.file, f.line or 0, f.rule, f.message))
