"""Deadlines in working days (R-A3, R-A5), counted on the bureau's calendar (R-A11).

Each answer keeps the years whose holiday data was missing, so the report can name them.
"""

from __future__ import annotations

from publisher.model import Record, RecordType, Withdrawal
from publisher.settings import Settings
from publisher.workdays import WorkCalendar, WorkdayAnswer


def publication_workdays(record_type: RecordType, settings: Settings) -> int:
    """R-A3: 7 working days for penalty decisions, 20 for inspection results and others."""
    deadlines = settings.deadlines
    if record_type is RecordType.PENALTY:
        return deadlines.penalty_publication_workdays
    return deadlines.other_publication_workdays


def publication_deadline(
    record: Record, settings: Settings, calendar: WorkCalendar
) -> WorkdayAnswer:
    """The last day on which `record` may first be published without a warning (R-A3)."""
    return calendar.add_workdays(record.decided, publication_workdays(record.type, settings))


def withdrawal_deadline(
    withdrawal: Withdrawal, settings: Settings, calendar: WorkCalendar
) -> WorkdayAnswer:
    """The last day on which a withdrawal may be recorded without a warning (R-A5)."""
    return calendar.add_workdays(withdrawal.date, settings.deadlines.withdrawal_workdays)
