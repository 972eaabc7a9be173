"""`publisher status`: what the site shows today, what leaves soon, and when to rebuild."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from publisher.content import Content
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
    past_period: list[PlanEntry]
    """Records kept past their R-A4 period because automatic withdrawal is off."""
    plan: Plan


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
        next_rebuild=plan.next_rebuild(),
        past_period=list(plan.kept_past_period()),
        plan=plan,
    )
