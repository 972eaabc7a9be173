"""R-A7: the correction-request register and the corrections that answer its requests.

Errors (the register or a correction entry contradicts itself or another file): a request's
record or a correction's request does not exist, a correction links a request that was not
accepted or that concerns another record, a request's dates or status do not fit together,
two requests share an id. Warnings (R-A7 deadlines, like R-A3 and R-A5, warn rather than
block): a request decided after its deadline, a request still pending after it (overdue),
an accepted request whose correction entry is not made yet.

Messages name request ids, record ids, dates and statuses only: never the requester, their
contact or their claim, which may be a natural person's (R-A8) and end up in CI logs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence

from publisher.content import Content, Loaded, LoadedRecord
from publisher.correction_requests import (
    REQUEST_STATUS,
    CorrectionRequest,
    RequestState,
    RequestStatus,
    linked_corrections,
    register_on,
)
from publisher.findings import Finding, Severity
from publisher.loader import CORRECTION_REQUESTS_DIR
from publisher.rules.report import located_finding, record_error, record_warning
from publisher.rules.timeliness import missing_year_findings

RULE = "R-A7"

LoadedRequest = Loaded[CorrectionRequest]


def check_correction_requests(content: Content, as_of: dt.date) -> list[Finding]:
    requests = content.correction_requests
    by_id: dict[str, LoadedRequest] = {}
    for loaded in requests:
        by_id.setdefault(loaded.model.id, loaded)
    records = content.record_by_id()
    findings = [*_unique_ids(requests), *_file_names(requests)]
    for loaded in requests:
        findings.extend(_check_request(loaded, records))
    for record in content.records:
        findings.extend(_check_links(record, by_id))
    states = register_on(requests, content.settings, content.calendar(), as_of)
    links = linked_corrections(content.records, as_of)
    for state in states:
        findings.extend(_check_deadline(state))
        findings.extend(_check_corrected(state, links))
    missing = {year for state in states for year in state.due.missing_years}
    findings.extend(missing_year_findings(content.root, missing))
    return findings


def _error(loaded: LoadedRequest, key: str, message: str) -> Finding:
    return located_finding(loaded, (key,), RULE, Severity.ERROR, message, loaded.model.record)


def _warning(loaded: LoadedRequest, key: str, message: str) -> Finding:
    return located_finding(loaded, (key,), RULE, Severity.WARNING, message, loaded.model.record)


def _unique_ids(requests: Sequence[LoadedRequest]) -> Iterator[Finding]:
    first: dict[str, LoadedRequest] = {}
    for loaded in requests:
        request_id = loaded.model.id
        if request_id in first:
            message = (
                f"更正申请编号 {request_id} 重复（另见 {first[request_id].file}），编号不得重复使用"
            )
            yield _error(loaded, "id", message)
        else:
            first[request_id] = loaded


def _file_names(requests: Sequence[LoadedRequest]) -> Iterator[Finding]:
    for loaded in requests:
        if loaded.path.stem != loaded.model.id:
            message = f"文件名应为 {loaded.model.id}.yaml，与申请编号一致，以便按编号找到申请"
            yield _warning(loaded, "id", message)


def _check_request(loaded: LoadedRequest, records: Mapping[str, LoadedRecord]) -> Iterator[Finding]:
    request = loaded.model
    if request.record not in records:
        yield _error(loaded, "record", f"申请更正的记录 {request.record} 不存在")
    status = request.status
    label = f"{status.value}（{REQUEST_STATUS[status]}）"
    if not status.is_decided and request.decided is not None:
        message = "状态为 pending（待办理），却填写了办结日期 decided；办结后请同时修改 status"
        yield _error(loaded, "decided", message)
    if status.is_decided and request.decided is None:
        yield _error(loaded, "status", f"状态为 {label} 的申请须填写办结日期 decided")
    needs_decision = status.is_decided and status is not RequestStatus.WITHDRAWN
    if needs_decision and not (request.decision or "").strip():
        message = f"状态为 {label} 的申请须填写办理结果 decision（答复申请人的内容和理由）"
        yield _error(loaded, "status", message)
    if request.decided is not None and request.decided < request.received:
        message = (
            f"办结日期 {request.decided.isoformat()} 早于收到申请的日期 "
            f"{request.received.isoformat()}"
        )
        yield _error(loaded, "decided", message)


def _check_links(loaded: LoadedRecord, by_id: Mapping[str, LoadedRequest]) -> Iterator[Finding]:
    """A correction's `request` names an accepted request about this record, received
    before the correction was made."""
    record_id = loaded.record.id
    for index, correction in enumerate(loaded.record.corrections):
        request_id = correction.request
        if request_id is None:
            continue
        loc = ("corrections", index, "request")
        found = by_id.get(request_id)
        if found is None:
            message = (
                f"更正条目关联的更正申请 {request_id} 不存在"
                f"（应登记在 {CORRECTION_REQUESTS_DIR}/{request_id}.yaml）"
            )
            yield record_error(loaded, loc, RULE, message)
            continue
        request = found.model
        if request.record != record_id:
            message = f"更正申请 {request_id} 申请更正的是记录 {request.record}，不是本记录"
            yield record_error(loaded, loc, RULE, message)
        if not request.status.is_accepted:
            message = (
                f"更正申请 {request_id} 的状态为 {request.status.value}"
                f"（{REQUEST_STATUS[request.status]}），只有予以更正（accepted）或部分予以更正"
                "（partly_accepted）的申请才能关联更正条目"
            )
            yield record_error(loaded, loc, RULE, message)
        if correction.date < request.received:
            message = (
                f"更正日期 {correction.date.isoformat()} 早于更正申请 {request_id} 的收到日期 "
                f"{request.received.isoformat()}"
            )
            yield record_error(loaded, ("corrections", index, "date"), RULE, message)
        if "public_request" in correction.model_fields_set and not correction.public_request:
            message = (
                "填写了 request 的更正即为依申请更正，public_request: false 与之矛盾，"
                "请删除 public_request 一行"
            )
            yield record_warning(loaded, ("corrections", index, "public_request"), RULE, message)


def _check_deadline(state: RequestState) -> Iterator[Finding]:
    request = state.request
    due = state.due.date.isoformat()
    if state.overdue:
        message = (
            f"更正申请已逾期（overdue）：{request.received.isoformat()} 收到，应不晚于 {due} "
            f"办结，至 {state.as_of.isoformat()} 仍待办理"
        )
        yield _warning(state.loaded, "received", message)
    elif state.decided_late and request.decided is not None:
        message = f"办结日期 {request.decided.isoformat()} 晚于办理期限（应不晚于 {due}）"
        yield _warning(state.loaded, "decided", message)


def _check_corrected(
    state: RequestState, links: Mapping[tuple[str, str], tuple[dt.date, ...]]
) -> Iterator[Finding]:
    request = state.request
    if not state.status.is_accepted or (request.record, request.id) in links:
        return
    message = (
        f"申请已{REQUEST_STATUS[state.status]}，但记录 {request.record} 的 corrections 中"
        f"还没有关联本申请的更正条目（request: {request.id}）；更正后此警告消失"
    )
    yield _warning(state.loaded, "status", message)
