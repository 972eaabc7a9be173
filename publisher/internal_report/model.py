"""The internal report's model: plain frozen rows, one kind per section, ready for templates.

Everything here is internal (RULES.md B): the report is a separate site for 政策法规科 and the
section heads, never a carrier of the public site.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Location:
    """Where to fix something: the path as staff know it (repository-relative) and a link
    that opens the file at the line in the editor."""

    path: str
    line: int | None
    editor_url: str

    @property
    def label(self) -> str:
        return self.path if self.line is None else f"{self.path}:{self.line}"


@dataclass(frozen=True)
class FindingRow:
    rule: str
    is_error: bool
    message: str
    record: str | None
    location: Location

    @property
    def level(self) -> str:
        return "错误" if self.is_error else "警告"


@dataclass(frozen=True)
class RuleGroup:
    """The findings of one rule, as `publisher check` reports them."""

    rule: str
    title: str
    findings: tuple[FindingRow, ...]

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.is_error)

    @property
    def warnings(self) -> int:
        return len(self.findings) - self.errors

    @property
    def anchor(self) -> str:
        return self.rule.lower()


@dataclass(frozen=True)
class PublicationDue:
    """A record not yet on the public site and its R-A3 deadline."""

    record_id: str
    title: str
    kind: str
    decided: dt.date
    planned: dt.date | None
    """The `published` date staff set (after the as-of date), or None for a draft."""
    due: dt.date
    overdue: bool
    planned_late: bool
    location: Location


@dataclass(frozen=True)
class WithdrawalDue:
    """A withdrawal (R-A5) whose registration date is still missing."""

    record_id: str
    title: str
    act: str
    act_date: dt.date
    due: dt.date
    overdue: bool
    location: Location


@dataclass(frozen=True)
class AnnualReportDue:
    """R-A10: the previous year's statistics report, due 31 January."""

    year: int
    due: dt.date
    days_left: int
    generated: bool


@dataclass(frozen=True)
class CorrectionRequest:
    """A correction made at a citizen's or organisation's request (R-A6 `public_request`)."""

    record_id: str
    title: str
    date: dt.date
    fields: tuple[str, ...]
    summary: str
    location: Location


@dataclass(frozen=True)
class DeadlineSection:
    publication: tuple[PublicationDue, ...]
    withdrawals: tuple[WithdrawalDue, ...]
    annual_report: AnnualReportDue
    correction_requests: tuple[CorrectionRequest, ...]
    penalty_workdays: int
    other_workdays: int
    withdrawal_workdays: int
    correction_request_workdays: int
    missing_years: tuple[int, ...]
    """Years whose holidays were unknown: their deadlines were counted Monday–Friday (R-A11)."""


@dataclass(frozen=True)
class StatusChange:
    record_id: str
    title: str
    state: str
    effective: dt.date
    why: str


@dataclass(frozen=True)
class Horizon:
    days: int
    changes: tuple[StatusChange, ...]


@dataclass(frozen=True)
class StatusSection:
    published: int
    withdrawn: int
    hidden: int
    horizons: tuple[Horizon, ...]
    next_rebuild: dt.date | None
    past_period: tuple[StatusChange, ...]


@dataclass(frozen=True)
class CertificateRow:
    name: str
    certificate_no: str
    section: str
    kind: str
    """"invalid", "expiry" or "inspection"."""
    date: dt.date | None
    detail: str
    location: Location


@dataclass(frozen=True)
class CertificateSection:
    warning_days: int
    invalid: tuple[CertificateRow, ...]
    expiring: tuple[CertificateRow, ...]
    inspections: tuple[CertificateRow, ...]

    @property
    def total(self) -> int:
        return len(self.invalid) + len(self.expiring) + len(self.inspections)


@dataclass(frozen=True)
class MajorRow:
    record_id: str
    title: str
    decided: dt.date
    reason: str
    legal_review: str
    discussion: str
    location: Location


@dataclass(frozen=True)
class DrawRow:
    id: str
    item: str
    date: dt.date
    targets: tuple[str, ...]
    inspection_end: dt.date | None
    results_due: dt.date | None
    results_published: dt.date | None
    status: str
    overdue: bool
    location: Location


@dataclass(frozen=True)
class ReviewRow:
    year: int
    drawn: dt.date
    candidates: int
    sample: int
    sheets: int
    completed: int
    location: Location


@dataclass(frozen=True)
class FaultRow:
    id: str
    record: str
    type: str
    found_by: str
    found: dt.date
    description: str
    outcomes: tuple[str, ...]
    location: Location


@dataclass(frozen=True)
class InternalReport:
    """The whole report for one as-of date. Sections are None when the content could not be
    loaded: then only the load errors (in `rules`) can be shown."""

    as_of: dt.date
    organ: str
    notes: tuple[str, ...]
    rules: tuple[RuleGroup, ...]
    deadlines: DeadlineSection | None = None
    status: StatusSection | None = None
    certificates: CertificateSection | None = None
    major: tuple[MajorRow, ...] | None = None
    draws: tuple[DrawRow, ...] | None = None
    reviews: tuple[ReviewRow, ...] | None = None
    faults: tuple[FaultRow, ...] | None = None

    @property
    def loaded(self) -> bool:
        return self.deadlines is not None

    @property
    def errors(self) -> int:
        return sum(group.errors for group in self.rules)

    @property
    def warnings(self) -> int:
        return sum(group.warnings for group in self.rules)
