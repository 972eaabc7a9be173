"""Loading `content/`: read every file, validate it against its schema, collect every problem.

Like MkDocs, we never stop at the first error: staff fix a batch of files in one pass. Each
problem becomes a `Finding` with the file and the line of the offending key or value.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from publisher.annual_report import ANNUAL_REPORTS_FILE, AnnualReportList
from publisher.bureau import Bureau, InspectionItemList, OfficerList
from publisher.content import Content, Loaded, LoadedRecord
from publisher.correction_requests import CorrectionRequest
from publisher.findings import Finding, Severity, has_errors
from publisher.model import Record
from publisher.settings import Settings
from publisher.supervision.casereview import CaseReview
from publisher.supervision.draws import DrawRecord, TargetRegister
from publisher.supervision.faults import FaultRegister
from publisher.supervision.roster import Roster
from publisher.validation_messages import describe_error
from publisher.workdays import HolidayYear
from publisher.yamlsource import LineMap, YamlDocument, YamlSyntaxError, load_yaml_file

RECORDS_DIR = "records"
HOLIDAYS_DIR = "holidays"
SETTINGS_FILE = "settings.yaml"
BUREAU_FILE = "bureau.yaml"
OFFICERS_FILE = "officers.yaml"
INSPECTION_ITEMS_FILE = "inspection_items.yaml"
ROSTER_FILE = "roster.yaml"
TARGETS_FILE = "targets.yaml"
FAULTS_FILE = "faults.yaml"
DRAWS_DIR = "draws"
REVIEWS_DIR = "reviews"
CORRECTION_REQUESTS_DIR = "correction_requests"

ModelT = TypeVar("ModelT", bound=BaseModel)

# A schema problem in these parts of a record breaks the rule that section serves.
RULE_OF_SECTION: dict[str, str] = {
    "published": "R-A3",
    "withdrawal": "R-A5",
    "corrections": "R-A6",
    "removed": "R-A4",
}


@dataclass(frozen=True)
class LoadResult:
    """The content (None when any file the public site depends on was invalid), every finding
    of those files, and the findings of the internal supervision files.

    A broken supervision file (roster, targets, draws, reviews, faults) is reported by
    `publisher check` but never stops the public site: it carries nothing public, and holding
    back publication would itself break R-A3.
    """

    content: Content | None
    findings: list[Finding]
    supervision_findings: list[Finding] = field(default_factory=list)

    @property
    def all_findings(self) -> list[Finding]:
        return [*self.findings, *self.supervision_findings]


def record_files(root: Path) -> list[Path]:
    """Every record file, in a stable order independent of the filesystem's."""
    folder = root / RECORDS_DIR
    if not folder.is_dir():
        return []
    return sorted(
        (p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()),
        key=lambda p: p.as_posix(),
    )


def load_content(root: Path) -> LoadResult:
    """Load and validate the whole content folder; never raises for bad content."""
    findings: list[Finding] = []
    if not root.is_dir():
        message = f"内容目录不存在：{root}"
        return LoadResult(None, [Finding(str(root), None, "R-C", Severity.ERROR, message)])
    settings = _load_optional(root / SETTINGS_FILE, Settings, findings) or Settings()
    bureau = _load_optional(root / BUREAU_FILE, Bureau, findings)
    officers_file = _load_located(root / OFFICERS_FILE, OfficerList, findings, rule="R-B2")
    officers = officers_file.model if officers_file else None
    items = _load_optional(root / INSPECTION_ITEMS_FILE, InspectionItemList, findings)
    holidays = dict(_load_holidays(root, findings))
    # Public (what the site shows), so a broken file stops the build (fail closed).
    reports = _load_located(root / ANNUAL_REPORTS_FILE, AnnualReportList, findings, rule="R-A10")
    records = [
        loaded
        for path in record_files(root)
        if (loaded := _load_record(path, findings)) is not None
    ]
    internal: list[Finding] = []
    # The request register is internal like the supervision files: a broken request file is
    # reported by `publisher check` but never stops the build (R-A4/R-A5 must still happen).
    requests = _load_folder(root / CORRECTION_REQUESTS_DIR, CorrectionRequest, internal, "R-A7")
    roster = _load_located(root / ROSTER_FILE, Roster, internal, rule="R-B1")
    targets = _load_located(root / TARGETS_FILE, TargetRegister, internal, rule="R-B5")
    faults = _load_located(root / FAULTS_FILE, FaultRegister, internal, rule="R-B7")
    draws = _load_folder(root / DRAWS_DIR, DrawRecord, internal, rule="R-B5")
    reviews = _load_folder(root / REVIEWS_DIR, CaseReview, internal, rule="R-B6")
    if has_errors(findings):
        return LoadResult(None, findings, internal)
    content = Content(
        root=root,
        settings=settings,
        records=records,
        bureau=bureau,
        officers=officers or OfficerList(officers=[]),
        inspection_items=items or InspectionItemList(items=[]),
        holidays=holidays,
        roster=roster,
        targets=targets,
        faults=faults,
        draws=draws,
        reviews=reviews,
        officers_file=officers_file,
        annual_reports=reports,
        correction_requests=requests,
    )
    return LoadResult(content, findings, internal)


def _load_located(
    path: Path, model: type[ModelT], findings: list[Finding], rule: str
) -> Loaded[ModelT] | None:
    if not path.is_file():
        return None
    document = _read(path, findings)
    if document is None:
        return None
    value = _validate(path, document, model, findings, rule=rule)
    return None if value is None else Loaded(value, path, document.lines)


def _load_folder(
    folder: Path, model: type[ModelT], findings: list[Finding], rule: str
) -> tuple[Loaded[ModelT], ...]:
    """Every `*.yaml` directly in `folder` (sub-folders, e.g. draw plans, are not read)."""
    if not folder.is_dir():
        return ()
    paths = sorted(p for p in folder.glob("*.y*ml") if p.is_file())
    return tuple(loaded for path in paths if (loaded := _load_located(path, model, findings, rule)))


def _load_holidays(root: Path, findings: list[Finding]) -> Iterator[tuple[int, HolidayYear]]:
    folder = root / HOLIDAYS_DIR
    if not folder.is_dir():
        return
    for path in sorted(folder.glob("*.y*ml")):
        year_file = _load_model(path, HolidayYear, findings, rule="R-A11")
        if year_file is None:
            continue
        if path.stem != str(year_file.year):
            findings.append(
                Finding(
                    str(path),
                    1,
                    "R-A11",
                    Severity.ERROR,
                    f"文件名应为 {year_file.year}.yaml，与 year 字段一致",
                )
            )
            continue
        yield year_file.year, year_file


def _load_record(path: Path, findings: list[Finding]) -> LoadedRecord | None:
    document = _read(path, findings)
    if document is None:
        return None
    record = _validate(path, document, Record, findings, rule="R-A2")
    if record is None:
        return None
    return LoadedRecord(record=record, path=path, lines=document.lines)


def _load_optional(path: Path, model: type[ModelT], findings: list[Finding]) -> ModelT | None:
    if not path.is_file():
        return None
    return _load_model(path, model, findings)


def _load_model(
    path: Path, model: type[ModelT], findings: list[Finding], rule: str = "R-A2"
) -> ModelT | None:
    document = _read(path, findings)
    if document is None:
        return None
    return _validate(path, document, model, findings, rule=rule)


def _read(path: Path, findings: list[Finding]) -> YamlDocument | None:
    try:
        document = load_yaml_file(path)
    except UnicodeDecodeError as exc:
        line = bytes(exc.object[: exc.start]).count(b"\n") + 1
        message = (
            "文件不是 UTF-8 编码（可能是 GBK/GB18030）：请在编辑器中选择"
            "“另存为”，编码选 UTF-8 后保存"
        )
        findings.append(Finding(str(path), line, "R-C", Severity.ERROR, message))
        return None
    except YamlSyntaxError as exc:
        findings.append(
            Finding(str(path), exc.line, "R-C", Severity.ERROR, f"YAML 格式错误：{exc.problem}")
        )
        return None
    if not isinstance(document.data, dict):
        if document.data is None:
            message = "文件为空或只有注释：应为一条记录的键值对（映射）"
        elif isinstance(document.data, list):
            message = "文件内容是列表：应为键值对（映射），一个文件只写一条记录"
        else:
            message = "文件内容应为键值对（映射）"
        findings.append(Finding(str(path), 1, "R-C", Severity.ERROR, message))
        return None
    return document


def _validate(
    path: Path,
    document: YamlDocument,
    model: type[ModelT],
    findings: list[Finding],
    rule: str,
) -> ModelT | None:
    try:
        return model.model_validate(document.data)
    except ValidationError as exc:
        record_id = _record_id(document.data)
        is_record = model is Record
        for error in exc.errors():
            findings.append(
                _finding_for(path, document.lines, error, rule, record_id, is_record, model)
            )
        return None


def _record_id(data: Any) -> str | None:
    value = data.get("id") if isinstance(data, dict) else None
    return value if isinstance(value, str) else None


def _finding_for(
    path: Path,
    lines: LineMap,
    error: Any,
    rule: str,
    record_id: str | None,
    model_is_record: bool = False,
    model: type[BaseModel] | None = None,
) -> Finding:
    loc = tuple(part for part in error["loc"] if isinstance(part, str | int))
    # Union members add their type name to the location; keep only real keys and indexes.
    loc = _strip_union_tags(loc, lines)
    return Finding(
        file=str(path),
        line=lines.line_of(loc),
        rule=RULE_OF_SECTION.get(str(loc[0]), rule) if loc and model_is_record else rule,
        severity=Severity.ERROR,
        message=describe_error(loc, error, model),
        record=record_id,
    )


def _strip_union_tags(loc: tuple[str | int, ...], lines: LineMap) -> tuple[str | int, ...]:
    kept: list[str | int] = []
    for index, part in enumerate(loc):
        candidate = (*kept, part)
        if candidate in lines.lines or index == len(loc) - 1:
            kept.append(part)
    return tuple(kept)
