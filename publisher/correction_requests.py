"""The correction-request register (R-A7): `content/correction_requests/<id>.yaml`, one
request per file.

A citizen, legal person or other organisation with evidence that published information is
inaccurate may ask for a correction. Each request is registered with its received date,
record, claim, evidence, status, decision and decision date, and must be decided within
`settings.deadlines.correction_request_workdays` working days of its receipt, counted on the
bureau's calendar (R-A11).

Everything in the register is internal: the requester may be a natural person (R-A8), and
nothing here is ever copied to a carrier. The public sees only the correction entry that an
accepted request leads to, marked 依申请更正 (a correction's `request` key links the two).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field, model_validator

from publisher.model import NonEmptyText, RecordId
from publisher.settings import Settings
from publisher.workdays import WorkCalendar, WorkdayAnswer

if TYPE_CHECKING:
    from publisher.content import Loaded, LoadedRecord


class RequestStatus(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    PARTLY_ACCEPTED = "partly_accepted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"

    @property
    def is_accepted(self) -> bool:
        """The bureau agreed (at least in part) that the published information was wrong:
        a correction entry on the record must follow."""
        return self in (RequestStatus.ACCEPTED, RequestStatus.PARTLY_ACCEPTED)

    @property
    def is_decided(self) -> bool:
        return self is not RequestStatus.PENDING


class _Strict(BaseModel):
    model_config = ConfigDict(
        extra="forbid", frozen=True, use_attribute_docstrings=True, coerce_numbers_to_str=True
    )


class Evidence(_Strict):
    """申请人提交的证据：文字说明和（或）文件，至少填写一项。"""

    description: str | None = None
    """证据的文字说明，如“营业执照复印件一份”。"""
    files: list[NonEmptyText] = Field(default_factory=list)
    """证据文件的路径（相对于 content/ 目录，如 correction_requests/2025-sq-0001/营业执照.pdf），或本局档案中的存放位置。永不公开。"""

    @model_validator(mode="after")
    def _something_given(self) -> Evidence:
        if not (self.description or "").strip() and not self.files:
            raise ValueError("证据至少填写 description（文字说明）或 files（文件）中的一项")
        return self


class CorrectionRequest(_Strict):
    """一件更正申请（R-A7），文件 content/correction_requests/<编号>.yaml。登记簿全部内容均为内部信息，永不公开。"""

    id: RecordId
    """申请编号：小写字母、数字和连字符，如 2026-sq-0001；与文件名一致，唯一且永不复用。"""
    received: dt.date
    """收到申请的日期；办理期限自次日起按工作日计算（R-A7、R-A11）。"""
    record: RecordId
    """申请更正的公示记录编号。"""
    requester: NonEmptyText
    """申请人姓名或名称（内部，永不公开）。申请人可能是自然人（R-A8）。"""
    contact: str | None = None
    """申请人联系方式（电话、地址等，内部，永不公开）。"""
    claim: NonEmptyText
    """申请事项：认为哪些公示信息不准确、请求如何更正（内部，永不公开）。"""
    evidence: Evidence
    """申请人提交的证据（内部，永不公开）。"""
    status: RequestStatus = RequestStatus.PENDING
    """办理状态：pending 待办理 | accepted 予以更正 | partly_accepted 部分予以更正 | rejected 不予更正 | withdrawn 申请人撤回。缺省为 pending。"""
    decision: str | None = None
    """办理结果和理由（答复申请人的内容，内部）。办结（accepted、partly_accepted、rejected）时必填。"""
    decided: dt.date | None = None
    """办结日期（作出答复或申请人撤回的日期）。办结时必填；待办理时不填。"""
    notes: str | None = None
    """内部备注，永不公开。"""


REQUEST_STATUS: dict[RequestStatus, str] = {
    RequestStatus.PENDING: "待办理",
    RequestStatus.ACCEPTED: "予以更正",
    RequestStatus.PARTLY_ACCEPTED: "部分予以更正",
    RequestStatus.REJECTED: "不予更正",
    RequestStatus.WITHDRAWN: "申请人撤回",
}


def request_deadline(
    request: CorrectionRequest, settings: Settings, calendar: WorkCalendar
) -> WorkdayAnswer:
    """The last day on which `request` may be decided without a warning (R-A7): the N-th
    working day after its receipt (the day of receipt is not counted, as for R-A3 and R-A5)."""
    return calendar.add_workdays(request.received, settings.deadlines.correction_request_workdays)


def status_on(request: CorrectionRequest, as_of: dt.date) -> RequestStatus | None:
    """The request's status as it stood on `as_of`: None before it was received, pending
    until its decision date, then its recorded status."""
    if request.received > as_of:
        return None
    if request.decided is None or request.decided > as_of or not request.status.is_decided:
        return RequestStatus.PENDING
    return request.status


@dataclass(frozen=True)
class RequestState:
    """One registered request on the as-of date, with its deadline."""

    loaded: Loaded[CorrectionRequest]
    status: RequestStatus
    """The status on the as-of date (see `status_on`)."""
    due: WorkdayAnswer
    as_of: dt.date

    @property
    def request(self) -> CorrectionRequest:
        return self.loaded.model

    @property
    def overdue(self) -> bool:
        """Still pending after its deadline on the as-of date."""
        return self.status is RequestStatus.PENDING and self.as_of > self.due.date

    @property
    def decided_late(self) -> bool:
        """Decided, but after its deadline."""
        decided = self.request.decided
        return self.status.is_decided and decided is not None and decided > self.due.date


def register_on(
    requests: Iterable[Loaded[CorrectionRequest]],
    settings: Settings,
    calendar: WorkCalendar,
    as_of: dt.date,
) -> list[RequestState]:
    """Every request received by `as_of`, with its status that day and its deadline, in
    order of receipt (then id)."""
    states = [
        RequestState(loaded, status, request_deadline(loaded.model, settings, calendar), as_of)
        for loaded in requests
        if (status := status_on(loaded.model, as_of)) is not None
    ]
    return sorted(states, key=lambda s: (s.request.received, s.request.id))


def pending(states: Iterable[RequestState]) -> Iterator[RequestState]:
    """The pending requests, nearest deadline first."""
    waiting = [s for s in states if s.status is RequestStatus.PENDING]
    yield from sorted(waiting, key=lambda s: (s.due.date, s.request.id))


def linked_corrections(
    records: Iterable[LoadedRecord], as_of: dt.date
) -> dict[tuple[str, str], tuple[dt.date, ...]]:
    """(record id, request id) → the dates of that record's correction entries linking that
    request (`request:`), made by `as_of`, oldest first."""
    links: dict[tuple[str, str], list[dt.date]] = defaultdict(list)
    for loaded in records:
        for correction in loaded.record.corrections:
            if correction.request is not None and correction.date <= as_of:
                links[(loaded.record.id, correction.request)].append(correction.date)
    return {key: tuple(sorted(dates)) for key, dates in links.items()}
