"""R-A3 and R-A5 deadlines, and R-A11's report of the years they were guessed for.

Deadlines are warnings, not blocks (RULES.md). A deadline that runs into a year with no holiday
data is counted Monday–Friday; the report names each such year once, not once per record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from publisher.content import Content, LoadedRecord
from publisher.deadlines import publication_deadline, publication_workdays, withdrawal_deadline
from publisher.findings import Finding, Severity
from publisher.labels import RECORD_TYPE
from publisher.loader import HOLIDAYS_DIR
from publisher.rules.report import record_error, record_warning, with_rule
from publisher.settings import Settings
from publisher.visibility import was_minor_at_decision
from publisher.workdays import WorkCalendar


@dataclass(frozen=True)
class DeadlineCheck:
    """The warning of one deadline, if any, and the years its computation had to guess."""

    finding: Finding | None = None
    missing_years: frozenset[int] = frozenset()


NO_DEADLINE = DeadlineCheck()
"""The answer without a warning or a guessed year, which is that of nearly every record: one
object for all of them, not one made for each."""


def check_timeliness(content: Content, as_of: dt.date) -> list[Finding]:
    calendar = content.calendar()
    settings = content.settings
    checks = [
        check
        for loaded in content.records
        for check in (
            check_publication_deadline(loaded, settings, calendar, as_of),
            check_withdrawal_deadline(loaded, settings, calendar),
        )
    ]
    findings = [f for loaded in content.records for f in check_published_after_decided(loaded)]
    findings.extend(check.finding for check in checks if check.finding is not None)
    missing = frozenset(year for check in checks for year in check.missing_years)
    findings.extend(missing_year_findings(content.root, missing))
    return findings


def check_published_after_decided(loaded: LoadedRecord) -> Iterator[Finding]:
    record = loaded.record
    if record.published is not None and record.published < record.decided:
        message = (
            f"公示日期 {record.published.isoformat()} 早于决定日期 {record.decided.isoformat()}"
        )
        yield record_error(loaded, ("published",), "R-A3", message)


def check_publication_deadline(
    loaded: LoadedRecord, settings: Settings, calendar: WorkCalendar, as_of: dt.date
) -> DeadlineCheck:
    """R-A3: published late, or still a draft after the deadline passed."""
    record = loaded.record
    # A minor's case is never published, and a decision withdrawn before it was published
    # has nothing left to publish: no deadline applies to either.
    if was_minor_at_decision(record) or (record.is_draft and record.withdrawal is not None):
        return NO_DEADLINE
    due = publication_deadline(record, settings, calendar)
    published = record.published
    if (as_of if published is None else published) <= due.date:  # in time: nearly every record
        return DeadlineCheck(None, due.missing_years) if due.missing_years else NO_DEADLINE
    days = publication_workdays(record.type, settings)
    if published is not None:
        message = f"公示日期晚于决定后 {days} 个工作日（应不晚于 {due.date.isoformat()}）"
        finding = record_warning(loaded, ("published",), "R-A3", message)
    else:
        message = (
            f"{RECORD_TYPE[record.type]}尚未公示（草稿），已超过决定后 {days} 个工作日的公示期限"
            f"（应不晚于 {due.date.isoformat()}）"
        )
        finding = record_warning(loaded, ("decided",), "R-A3", message)
    return DeadlineCheck(finding, due.missing_years)


def check_withdrawal_deadline(
    loaded: LoadedRecord, settings: Settings, calendar: WorkCalendar
) -> DeadlineCheck:
    """R-A5: a published decision's withdrawal recorded late (a draft has nothing to withdraw)."""
    withdrawal = loaded.record.withdrawal
    if withdrawal is None or withdrawal.recorded is None or loaded.record.is_draft:
        return NO_DEADLINE
    due = withdrawal_deadline(withdrawal, settings, calendar)
    finding = None
    if withdrawal.recorded > due.date:
        days = settings.deadlines.withdrawal_workdays
        message = f"撤下登记晚于法律行为作出后 {days} 个工作日（应不晚于 {due.date.isoformat()}）"
        finding = record_warning(loaded, ("withdrawal", "recorded"), "R-A5", message)
    return DeadlineCheck(finding, due.missing_years)


def missing_year_findings(root: Path, years: Iterable[int]) -> Iterator[Finding]:
    folder = root / HOLIDAYS_DIR
    for year in sorted(set(years)):
        message = (
            f"缺少 {year} 年的节假日安排，涉及该年的工作日期限暂按周一至周五计算；"
            f"请在 {HOLIDAYS_DIR}/{year}.yaml 中补充国务院公布的安排"
        )
        yield Finding(
            file=str(folder),
            line=None,
            rule="R-A11",
            severity=Severity.WARNING,
            message=with_rule(message, "R-A11"),
        )
