"""`publisher status`: what the site shows today, what leaves soon, and when to rebuild."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from publisher.annual_report import ReportDue, recorded_reports, report_due
from publisher.content import Content
from publisher.correction_requests import pending, register_on
from publisher.schedule import next_site_change
from publisher.visibility import Plan, PlanEntry, Reason, State, plan_publication

HORIZONS = (30, 90)


@dataclass(frozen=True)
class Change:
    """A rule taking effect for one record: it appears, turns into a notice, or leaves."""

    record_id: str
    title: str
    state: State
    """The record's state now."""
    effective: dt.date
    """The first day of the new state (the site must be rebuilt on it)."""
    why: str


@dataclass(frozen=True)
class StatusReport:
    as_of: dt.date
    counts: dict[State, int]
    hidden_by_reason: dict[Reason, int]
    changes: dict[int, list[Change]]
    """For each horizon in days: records whose state changes within it (R-A3, R-A4, R-A5)."""
    next_rebuild: dt.date | None
    """The first day after the as-of date on which the public site changes by a rule
    (`publisher.schedule`); `publisher status --next-change` prints it."""
    past_period: list[PlanEntry]
    """Records kept past their R-A4 period because automatic withdrawal is off."""
    plan: Plan
    pending_requests: tuple[PendingRequest, ...] = ()
    """Correction requests not yet decided, nearest deadline first (R-A7)."""
    annual_report: ReportDue | None = None
    """The previous year's statistics report while it is not on the site (R-A10)."""


@dataclass(frozen=True)
class PendingRequest:
    """A correction request awaiting its decision (R-A7); `overdue` once its deadline passed."""

    request_id: str
    record_id: str
    received: dt.date
    due: dt.date
    overdue: bool


def status_report(content: Content, as_of: dt.date) -> StatusReport:
    plan = plan_publication([r.record for r in content.records], content.settings, as_of)
    titles = {r.record.id: r.record.title for r in content.records}
    counts = Counter(entry.state for entry in plan)
    hidden = Counter(entry.reason for entry in plan if entry.state is State.HIDDEN)
    changes = {
        days: sorted(
            (
                Change(e.record_id, titles[e.record_id], e.state, e.next_change, e.why)
                for e in plan
                if e.next_change is not None and e.next_change <= as_of + dt.timedelta(days=days)
            ),
            key=lambda c: (c.effective, c.record_id),
        )
        for days in HORIZONS
    }
    return StatusReport(
        as_of=as_of,
        counts={state: counts.get(state, 0) for state in State},
        hidden_by_reason=dict(sorted(hidden.items())),
        changes=changes,
        next_rebuild=next_site_change(content, plan),
        past_period=list(plan.kept_past_period()),
        plan=plan,
        pending_requests=pending_requests(content, as_of),
        annual_report=report_due(recorded_reports(content), as_of),
    )


def pending_requests(content: Content, as_of: dt.date) -> tuple[PendingRequest, ...]:
    states = register_on(content.correction_requests, content.settings, content.calendar(), as_of)
    return tuple(
        PendingRequest(s.request.id, s.request.record, s.request.received, s.due.date, s.overdue)
        for s in pending(states)
    )
