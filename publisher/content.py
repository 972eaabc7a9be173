"""The loaded content folder: every file parsed, validated and kept with its source lines."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from pydantic import BaseModel

from publisher.annual_report import AnnualReportList
from publisher.bureau import Bureau, InspectionItemList, OfficerList
from publisher.correction_requests import CorrectionRequest
from publisher.model import Record
from publisher.settings import Settings
from publisher.supervision.casereview import CaseReview
from publisher.supervision.draws import DrawRecord, TargetRegister
from publisher.supervision.faults import FaultRegister
from publisher.supervision.roster import Roster
from publisher.workdays import HolidayYear, WorkCalendar
from publisher.yamlsource import LineMap

ModelT = TypeVar("ModelT", bound=BaseModel)


@dataclass(frozen=True)
class LoadedRecord:
    """A validated record with the file it came from and the lines of its keys."""

    record: Record
    path: Path
    lines: LineMap

    @property
    def file(self) -> str:
        return str(self.path)

    def line_of(self, *loc: str | int) -> int:
        return self.lines.line_of(loc)


@dataclass(frozen=True)
class Loaded(Generic[ModelT]):
    """A validated supervision file (roster, draw, review…) with its path and key lines."""

    model: ModelT
    path: Path
    lines: LineMap

    @property
    def file(self) -> str:
        return str(self.path)

    def line_of(self, *loc: str | int) -> int:
        return self.lines.line_of(loc)


@dataclass(frozen=True)
class Content:
    """Everything the build needs from `content/`, validated."""

    root: Path
    settings: Settings
    records: Sequence[LoadedRecord]
    bureau: Bureau | None = None
    officers: OfficerList = field(default_factory=lambda: OfficerList(officers=[]))
    inspection_items: InspectionItemList = field(
        default_factory=lambda: InspectionItemList(items=[])
    )
    holidays: Mapping[int, HolidayYear] = field(default_factory=dict)
    roster: Loaded[Roster] | None = None
    targets: Loaded[TargetRegister] | None = None
    faults: Loaded[FaultRegister] | None = None
    draws: Sequence[Loaded[DrawRecord]] = ()
    reviews: Sequence[Loaded[CaseReview]] = ()
    officers_file: Loaded[OfficerList] | None = None
    annual_reports: Loaded[AnnualReportList] | None = None
    """`annual_reports.yaml`: when each year's statistics report is published (R-A10)."""
    correction_requests: Sequence[Loaded[CorrectionRequest]] = ()
    """The correction-request register (R-A7), internal: never reaches a carrier."""

    def calendar(self) -> WorkCalendar:
        return WorkCalendar(years=dict(self.holidays))

    def record_by_id(self) -> dict[str, LoadedRecord]:
        return {loaded.record.id: loaded for loaded in self.records}
