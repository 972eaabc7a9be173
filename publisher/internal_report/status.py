"""Records whose public state changes soon, from `publisher status` (R-A3, R-A4, R-A5)."""

from __future__ import annotations

import datetime as dt

from publisher.content import Content
from publisher.internal_report.model import Horizon, StatusChange, StatusSection
from publisher.status import Change, status_report
from publisher.visibility import State

STATE_LABEL = {State.PUBLISHED: "公示中", State.WITHDRAWN: "显示撤下说明", State.HIDDEN: "未公开"}


def _row(change: Change) -> StatusChange:
    return StatusChange(
        record_id=change.record_id,
        title=change.title,
        state=STATE_LABEL[change.state],
        effective=change.effective,
        why=change.why,
    )


def status_section(content: Content, as_of: dt.date) -> StatusSection:
    report = status_report(content, as_of)
    titles = {loaded.record.id: loaded.record.title for loaded in content.records}
    past = tuple(
        StatusChange(e.record_id, titles[e.record_id], STATE_LABEL[e.state], as_of, e.why)
        for e in report.past_period
    )
    return StatusSection(
        published=report.counts[State.PUBLISHED],
        withdrawn=report.counts[State.WITHDRAWN],
        hidden=report.counts[State.HIDDEN],
        horizons=tuple(
            Horizon(days, tuple(_row(change) for change in changes))
            for days, changes in report.changes.items()
        ),
        next_rebuild=report.next_rebuild,
        past_period=past,
    )
