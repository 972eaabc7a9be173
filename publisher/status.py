"""`publisher status`: what the site shows today, what leaves soon, and when to rebuild."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from publisher.content import Content
from publisher.visibility import Plan, PlanEntry, Reason, State, plan_publication

HORIZONS = (30, 90)


@dataclass(frozen=True)
class Departure:
    record_id: str
    title: str
    state: State
    last_day: dt.date
    why: str


@dataclass(frozen=True)
class StatusReport:
    as_of: dt.date
    counts: dict[State, int]
    hidden_by_reason: dict[Reason, int]
    departures: dict[int, list[Departure]]
    """For each horizon in days: visible records whose current state ends within it."""
    next_rebuild: dt.date | None
    past_period: list[PlanEntry]
    """Records kept past their R-A4 period because automatic withdrawal is off."""
    plan: Plan


def status_report(content: Content, as_of: dt.date) -> StatusReport:
    plan = plan_publication([r.record for r in content.records], content.settings, as_of)
    titles = {r.record.id: r.record.title for r in content.records}
    counts = Counter(entry.state for entry in plan)
    hidden = Counter(entry.reason for entry in plan if entry.state is State.HIDDEN)
    departures = {
        days: [
            Departure(e.record_id, titles[e.record_id], e.state, e.visible_until, e.why)
            for e in plan.visible()
            if e.visible_until is not None and e.visible_until < as_of + dt.timedelta(days=days)
        ]
        for days in HORIZONS
    }
    for found in departures.values():
        found.sort(key=lambda d: (d.last_day, d.record_id))
    return StatusReport(
        as_of=as_of,
        counts={state: counts.get(state, 0) for state in State},
        hidden_by_reason=dict(sorted(hidden.items())),
        departures=departures,
        next_rebuild=plan.next_rebuild(),
        past_period=[e for e in plan if e.reason is Reason.PAST_PERIOD_KEPT],
        plan=plan,
    )
