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
class RequestRow:
    """One request of the correction-request register (R-A7) on the as-of date."""

    id: str
    record_id: str
    record_title: str | None
    """None when the record does not exist (an R-A7 error)."""
    received: dt.date
    due: dt.date
    status: str
    """The `RequestStatus` value on the as-of date."""
    status_label: str
    requester: str
    claim: str
    decision: str | None
    decided: dt.date | None
    overdue: bool
    """Still pending after its deadline."""
    decided_late: bool
    corrections: tuple[dt.date, ...]
    """Dates of the record's correction entries that link this request, up to the as-of date."""
    location: Location

    @property
    def awaits_correction(self) -> bool:
        """Accepted (at least in part) but no correction entry links it yet."""
        return self.status in ("accepted", "partly_accepted") and not self.corrections


@dataclass(frozen=True)
class UnlinkedCorrection:
    """A correction marked `public_request` that names no request of the register."""

    record_id: str
    title: str
    date: dt.date
    fields: tuple[str, ...]
    summary: str
    location: Location


@dataclass(frozen=True)
class RequestSection:
    """The correction-request register (R-A7): overdue, pending and decided requests."""

    workdays: int
    """settings deadlines.correction_request_workdays."""
    overdue: tuple[RequestRow, ...]
    """Pending past their deadline, the longest overdue first."""
    pending: tuple[RequestRow, ...]
    """Pending within their deadline, nearest deadline first."""
    decided: tuple[RequestRow, ...]
    """Newest decision first."""
    unlinked: tuple[UnlinkedCorrection, ...]
    missing_years: tuple[int, ...]
    """Years whose holidays were unknown: deadlines counted Monday–Friday (R-A11)."""


@dataclass(frozen=True)
class DeadlineSection:
    publication: tuple[PublicationDue, ...]
    withdrawals: tuple[WithdrawalDue, ...]
    annual_report: AnnualReportDue
    penalty_workdays: int
    other_workdays: int
    withdrawal_workdays: int
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
class PeopleAtLevel:
    """The people answerable at one level of Article 2 (R-B1), labelled as staff read it."""

    level: str
    """The `Level` value, for styling and tests."""
    label: str
    names: tuple[str, ...]
    note: str | None = None
    """Where the names came from, when not plainly the roster (e.g. the case's acts)."""


@dataclass(frozen=True)
class RosterRow:
    """`who(roster, section, as_of)` for one section."""

    section: str
    levels: tuple[PeopleAtLevel, ...]
    location: Location


@dataclass(frozen=True)
class RosterSection:
    """Who holds each level of responsibility for every section on the as-of date (R-B1)."""

    found: bool
    """Whether content/roster.yaml was there to read."""
    legal_section: str
    levels: tuple[str, ...]
    """The level labels, in Article 2 order (the table's columns)."""
    rows: tuple[RosterRow, ...]
    location: Location | None
    """roster.yaml itself."""

    @property
    def vacancies(self) -> int:
        return sum(1 for row in self.rows for level in row.levels if not level.names)


@dataclass(frozen=True)
class CertificateRow:
    """One `CertificateAlert`, linked to the officer's line in officers.yaml."""

    name: str
    certificate_no: str
    section: str
    kind: str
    """The `AlertKind` value: "invalid", "expiring" or "inspection_due"."""
    date: dt.date
    """invalid: the first invalid day; expiring: the last valid day; inspection_due: the due
    day."""
    message: str
    reason: str | None
    """Why an invalid certificate is invalid (a label), else None."""
    ground: str | None
    """The Article 3 ground of an invalid certificate (its label), where one applies."""
    location: Location


@dataclass(frozen=True)
class CertificateSection:
    warning_days: int
    inspection_due: str
    """settings supervision.annual_inspection_due (MM-DD)."""
    invalid: tuple[CertificateRow, ...]
    expiring: tuple[CertificateRow, ...]
    inspections: tuple[CertificateRow, ...]

    @property
    def total(self) -> int:
        return len(self.invalid) + len(self.expiring) + len(self.inspections)


@dataclass(frozen=True)
class MajorRow:
    """One `MajorDecision` (R-B4): why it is major and the state of its review."""

    record_id: str
    title: str
    decided: dt.date
    reasons: tuple[str, ...]
    status: str
    """The `ReviewStatus` value: "complete", "incomplete" or "no_case"."""
    status_label: str
    problems: tuple[str, ...]
    pending: bool
    """Decided after the as-of date: not made yet, so its gaps are not R-B4 findings yet."""
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
    """The results were published late, or are still unpublished after the deadline."""
    differences: tuple[str, ...]
    """`verify_draw(record, content)`: empty when the draw recomputes from its record and its
    candidates match the register and certificates on the draw date."""
    location: Location

    @property
    def recomputes(self) -> bool:
        return not self.differences


@dataclass(frozen=True)
class DrawSection:
    workdays: int
    """settings deadlines.draw_results_workdays."""
    rows: tuple[DrawRow, ...]
    missing_years: tuple[int, ...]
    """Years whose holidays were unknown: deadlines counted Monday–Friday (R-A11)."""

    @property
    def overdue(self) -> int:
        return sum(1 for row in self.rows if row.overdue)

    @property
    def not_recomputing(self) -> int:
        return sum(1 for row in self.rows if not row.recomputes)


@dataclass(frozen=True)
class ReviewFileRow:
    """One sampled file of a year's review, scored by `review_report`."""

    record: str
    section: str
    reviewer: str | None
    has_sheet: bool
    total: int
    grade: str | None
    complete: bool
    status: str
    vetoes: tuple[str, ...]
    problems: tuple[str, ...]
    location: Location


@dataclass(frozen=True)
class GradeCount:
    grade: str
    count: int


@dataclass(frozen=True)
class ReviewSectionRow:
    section: str
    files: int
    average: float | None
    grades: tuple[GradeCount, ...]
    incomplete: int


@dataclass(frozen=True)
class VetoCount:
    label: str
    count: int


@dataclass(frozen=True)
class ReviewYear:
    year: int
    drawn: dt.date
    seed: str
    candidates: int
    files: tuple[ReviewFileRow, ...]
    sections: tuple[ReviewSectionRow, ...]
    vetoes: tuple[VetoCount, ...]
    """Every veto item, in the order of Article 8, with the number of files it zeroed."""
    incomplete: tuple[str, ...]
    location: Location

    @property
    def vetoed(self) -> int:
        return sum(1 for row in self.files if row.vetoes)


@dataclass(frozen=True)
class ReviewSection:
    full_marks: int
    excellent: int
    passing: int
    grades: tuple[str, ...]
    """The grades, best first (the columns of the section tables)."""
    years: tuple[ReviewYear, ...]
    """Newest first; only years with a review file."""


@dataclass(frozen=True)
class OutcomeRow:
    person: str
    label: str
    date: dt.date
    ground: str | None
    note: str | None


@dataclass(frozen=True)
class FaultRow:
    """One `FaultEntry`: the fault, who answers for it at each level (R-B1), the outcomes."""

    id: str
    record: str
    record_title: str | None
    type: str
    found_by: str
    found: dt.date
    act_date: dt.date | None
    act_date_from_decision: bool
    section: str | None
    description: str
    levels: tuple[PeopleAtLevel, ...]
    """Empty when the chain could not be named (see `gaps`)."""
    gaps: tuple[str, ...]
    outcomes: tuple[OutcomeRow, ...]
    location: Location


@dataclass(frozen=True)
class FaultIds:
    """A line of a summary: a label and the faults under it."""

    label: str
    fault_ids: tuple[str, ...]


@dataclass(frozen=True)
class PersonRow:
    name: str
    named: tuple[FaultIds, ...]
    """By level: the faults the person was named for at that level."""
    outcomes: tuple[FaultIds, ...]
    """By outcome: the faults it was decided for."""


@dataclass(frozen=True)
class FaultYear:
    year: int
    faults: tuple[FaultRow, ...]
    by_person: tuple[PersonRow, ...]
    by_section: tuple[FaultIds, ...]
    by_type: tuple[FaultIds, ...]
    """All eight types of Article 9, including those with no fault."""


@dataclass(frozen=True)
class FaultSection:
    register_found: bool
    years: tuple[FaultYear, ...]
    """Newest first; only years with a fault found in them."""

    @property
    def total(self) -> int:
        return sum(len(year.faults) for year in self.years)


@dataclass(frozen=True)
class InternalReport:
    """The whole report for one as-of date. Sections are None when the content could not be
    loaded: then only the load errors (in `rules`) can be shown."""

    as_of: dt.date
    organ: str
    notes: tuple[str, ...]
    rules: tuple[RuleGroup, ...]
    deadlines: DeadlineSection | None = None
    correction_requests: RequestSection | None = None
    status: StatusSection | None = None
    roster: RosterSection | None = None
    certificates: CertificateSection | None = None
    major: tuple[MajorRow, ...] | None = None
    draws: DrawSection | None = None
    reviews: ReviewSection | None = None
    faults: FaultSection | None = None

    @property
    def loaded(self) -> bool:
        return self.deadlines is not None

    @property
    def errors(self) -> int:
        return sum(group.errors for group in self.rules)

    @property
    def warnings(self) -> int:
        return sum(group.warnings for group in self.rules)
