"""The correction-request register (R-A7) for staff: overdue, pending and decided requests,
each linked to its file and line, and the corrections marked 依申请更正 that name no request.

Deadlines and statuses come from `publisher.correction_requests`, the same functions as the
R-A7 check and `publisher status`, so the three never disagree. The requester and the claim
are shown here because the report is internal (it never reaches a carrier).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from publisher.content import Content
from publisher.correction_requests import (
    REQUEST_STATUS,
    RequestState,
    RequestStatus,
    linked_corrections,
    register_on,
)
from publisher.internal_report.locations import Locator
from publisher.internal_report.model import RequestRow, RequestSection, UnlinkedCorrection
from publisher.labels import PUBLIC_FIELD


def request_section(content: Content, as_of: dt.date, locator: Locator) -> RequestSection:
    states = register_on(content.correction_requests, content.settings, content.calendar(), as_of)
    titles = {loaded.record.id: loaded.record.title for loaded in content.records}
    links = linked_corrections(content.records, as_of)
    rows = [_row(state, titles, links, locator) for state in states]
    waiting = sorted(
        (row for row in rows if row.status == RequestStatus.PENDING.value),
        key=lambda row: (row.due, row.id),
    )
    decided = sorted(
        (row for row in rows if row.status != RequestStatus.PENDING.value),
        key=lambda row: (-(row.decided or row.received).toordinal(), row.id),
    )
    return RequestSection(
        workdays=content.settings.deadlines.correction_request_workdays,
        overdue=tuple(row for row in waiting if row.overdue),
        pending=tuple(row for row in waiting if not row.overdue),
        decided=tuple(decided),
        unlinked=tuple(_unlinked(content, locator)),
        missing_years=tuple(sorted({y for s in states for y in s.due.missing_years})),
    )


def _row(
    state: RequestState,
    titles: Mapping[str, str],
    links: Mapping[tuple[str, str], tuple[dt.date, ...]],
    locator: Locator,
) -> RequestRow:
    request = state.request
    decided = state.status.is_decided
    return RequestRow(
        id=request.id,
        record_id=request.record,
        record_title=titles.get(request.record),
        received=request.received,
        due=state.due.date,
        status=state.status.value,
        status_label=REQUEST_STATUS[state.status],
        requester=request.requester,
        claim=request.claim,
        decision=request.decision if decided else None,
        decided=request.decided if decided else None,
        overdue=state.overdue,
        decided_late=state.decided_late,
        corrections=links.get((request.record, request.id), ()),
        location=locator.at(state.loaded.path, state.loaded.line_of("id")),
    )


def _unlinked(content: Content, locator: Locator) -> list[UnlinkedCorrection]:
    """Corrections marked `public_request: true` without `request`: made on a request that
    is not in the register (e.g. received before the register existed), newest first."""
    rows = [
        UnlinkedCorrection(
            record_id=loaded.record.id,
            title=loaded.record.title,
            date=correction.date,
            fields=tuple(PUBLIC_FIELD.get(name, name) for name in correction.fields),
            summary=correction.summary,
            location=locator.at(loaded.path, loaded.line_of("corrections", index)),
        )
        for loaded in content.records
        for index, correction in enumerate(loaded.record.corrections)
        if correction.public_request and correction.request is None
    ]
    return sorted(rows, key=lambda row: (-row.date.toordinal(), row.record_id))
