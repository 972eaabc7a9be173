"""Upcoming deadlines: first publication (R-A3), withdrawal registration (R-A5) and the annual
statistics report (R-A10). Correction requests (R-A7) have their own page
(`publisher.internal_report.correction_requests`).

The working-day arithmetic is `publisher.deadlines`, the same as the R-A3 and R-A5 checks, so
the report and `publisher check` never disagree on a date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from publisher.content import Content, LoadedRecord
from publisher.deadlines import publication_deadline, withdrawal_deadline
from publisher.internal_report.locations import Locator
from publisher.internal_report.model import (
    AnnualReportDue,
    DeadlineSection,
    PublicationDue,
    WithdrawalDue,
)
from publisher.labels import RECORD_TYPE, WITHDRAWAL_ACT
from publisher.visibility import was_minor_at_decision
from publisher.workdays import WorkCalendar, WorkdayAnswer

ANNUAL_REPORT_MONTH_DAY = (1, 31)
"""R-A10: the previous year's statistics are published by 31 January."""


def deadline_section(content: Content, as_of: dt.date, locator: Locator) -> DeadlineSection:
    calendar = content.calendar()
    publication = sorted(
        _publication_due(content, calendar, as_of, locator),
        key=lambda row: (row.due, row.record_id),
    )
    withdrawals = sorted(
        _withdrawals_due(content, calendar, as_of, locator),
        key=lambda row: (row.due, row.record_id),
    )
    deadlines = content.settings.deadlines
    return DeadlineSection(
        publication=tuple(publication),
        withdrawals=tuple(withdrawals),
        annual_report=annual_report_due(as_of),
        penalty_workdays=deadlines.penalty_publication_workdays,
        other_workdays=deadlines.other_publication_workdays,
        withdrawal_workdays=deadlines.withdrawal_workdays,
        missing_years=_missing_years(content, calendar),
    )


def awaits_publication(loaded: LoadedRecord, as_of: dt.date) -> bool:
    """Not yet on the site and still owed to the public. A minor's case is never published
    and a decision withdrawn before publication has nothing left to publish (as in the R-A3
    check)."""
    record = loaded.record
    if was_minor_at_decision(record) or (record.is_draft and record.withdrawal is not None):
        return False
    return record.published is None or record.published > as_of


def _publication_due(
    content: Content, calendar: WorkCalendar, as_of: dt.date, locator: Locator
) -> Iterator[PublicationDue]:
    for loaded in content.records:
        if not awaits_publication(loaded, as_of):
            continue
        record = loaded.record
        due = publication_deadline(record, content.settings, calendar).date
        key = "published" if record.published is not None else "decided"
        yield PublicationDue(
            record_id=record.id,
            title=record.title,
            kind=RECORD_TYPE[record.type],
            decided=record.decided,
            planned=record.published,
            due=due,
            overdue=as_of > due,
            planned_late=record.published is not None and record.published > due,
            location=locator.at(loaded.path, loaded.line_of(key)),
        )


def _withdrawals_due(
    content: Content, calendar: WorkCalendar, as_of: dt.date, locator: Locator
) -> Iterator[WithdrawalDue]:
    for loaded in content.records:
        withdrawal = loaded.record.withdrawal
        # A draft has nothing to withdraw; a registered withdrawal is checked by R-A5 itself.
        if withdrawal is None or withdrawal.recorded is not None or loaded.record.is_draft:
            continue
        due = withdrawal_deadline(withdrawal, content.settings, calendar).date
        yield WithdrawalDue(
            record_id=loaded.record.id,
            title=loaded.record.title,
            act=WITHDRAWAL_ACT[withdrawal.act],
            act_date=withdrawal.date,
            due=due,
            overdue=as_of > due,
            location=locator.at(loaded.path, loaded.line_of("withdrawal")),
        )


def _missing_years(content: Content, calendar: WorkCalendar) -> tuple[int, ...]:
    answers: list[WorkdayAnswer] = []
    for loaded in content.records:
        record = loaded.record
        answers.append(publication_deadline(record, content.settings, calendar))
        if record.withdrawal is not None:
            answers.append(withdrawal_deadline(record.withdrawal, content.settings, calendar))
    return tuple(sorted({year for answer in answers for year in answer.missing_years}))


def annual_report_due(as_of: dt.date) -> AnnualReportDue:
    """The next 31 January on or after `as_of`, for the year before it. Not generated: the
    statistics report (R-A10) is not implemented yet."""
    month, day = ANNUAL_REPORT_MONTH_DAY
    due = dt.date(as_of.year, month, day)
    if as_of > due:
        due = dt.date(as_of.year + 1, month, day)
    return AnnualReportDue(
        year=due.year - 1, due=due, days_left=(due - as_of).days, generated=False
    )
