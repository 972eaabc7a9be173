"""Loading `content/`: read every file, validate it against its schema, collect every problem.

Like MkDocs, we never stop at the first error: staff fix a batch of files in one pass. Each
problem becomes a `Finding` with the file and the line of the offending key or value.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from publisher.annual_report import ANNUAL_REPORTS_FILE, AnnualReportList
from publisher.buildcache import content_digest
from publisher.bureau import Bureau, InspectionItemList, OfficerList
from publisher.content import Content, Loaded, LoadedRecord
from publisher.content_tree import yaml_entries
from publisher.correction_requests import CorrectionRequest
from publisher.date_range import dates_out_of_range, out_of_range_message
from publisher.findings import Finding, Severity, has_errors
from publisher.input_forms import normalise
from publisher.model import Record
from publisher.parallel import imap_forked
from publisher.parsecache import Lookup, RecordCache
from publisher.settings import Settings
from publisher.sharing import ValueSharing
from publisher.supervision.casereview import CaseReview
from publisher.supervision.draws import DrawRecord, TargetRegister
from publisher.supervision.faults import FaultRegister
from publisher.supervision.roster import Roster
from publisher.validation_messages import describe_error
from publisher.workdays import HolidayYear
from publisher.yamlsource import (
    MAX_FILE_BYTES,
    MAX_RECORD_BYTES,
    LineMap,
    RefusedFile,
    YamlDocument,
    YamlSyntaxError,
    load_yaml_file,
    parse_content_bytes,
    read_content_bytes,
)

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
RecordChecks = Callable[[LoadedRecord], Sequence[Finding]]

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
    checked: Mapping[str, Sequence[Finding]] = field(default_factory=dict)
    """The findings of `record_checks` for the records parsed this build, by file name
    (`LoadedRecord.file`): run by the process that parsed the file, on every core."""

    @property
    def all_findings(self) -> list[Finding]:
        return [*self.findings, *self.supervision_findings]


def load_content(
    root: Path, cache: RecordCache | None = None, record_checks: RecordChecks | None = None
) -> LoadResult:
    """Load and validate the whole content folder; never raises for bad content. With a
    parse cache (`publisher.parsecache`), unchanged record files are not parsed again.
    `record_checks` (`publisher.checks.checked_record`) is run on each record parsed, where
    it is parsed (`LoadResult.checked`; kept in the parse cache with the record)."""
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
    checked: dict[str, Sequence[Finding]] = {}
    record_files = _listed(root / RECORDS_DIR, findings, recursive=True)
    records = _load_records(record_files, findings, cache, _RecordChecking(record_checks, checked))
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
    return LoadResult(content, findings, internal, checked)


@dataclass(frozen=True)
class _RecordChecking:
    """The checks of a record alone, run where the record is parsed, and their findings."""

    run: RecordChecks | None
    found: dict[str, Sequence[Finding]]


def load_located(
    path: Path, model: type[ModelT], rule: str
) -> tuple[Loaded[ModelT] | None, list[Finding]]:
    """One file read and validated like every content file (guarded YAML, FILE:LINE findings
    citing `rule`), for files kept outside `load_content`, such as the WeChat ledger.
    None and no findings when the file does not exist."""
    findings: list[Finding] = []
    return _load_located(path, model, findings, rule), findings


def _load_located(
    path: Path, model: type[ModelT], findings: list[Finding], rule: str
) -> Loaded[ModelT] | None:
    if not os.path.lexists(path):  # a link or a folder by that name is refused by _read
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
    paths = _listed(folder, findings, recursive=False)
    return tuple(loaded for path in paths if (loaded := _load_located(path, model, findings, rule)))


def _listed(folder: Path, findings: list[Finding], recursive: bool) -> list[Path]:
    """The YAML files of `folder`; a folder that is a symbolic link is reported instead."""
    listing = yaml_entries(folder, recursive)
    for refusal in listing.refused:
        findings.append(Finding(str(refusal.path), 1, "R-C", Severity.ERROR, refusal.problem))
    return listing.files


def _load_holidays(root: Path, findings: list[Finding]) -> Iterator[tuple[int, HolidayYear]]:
    for path in _listed(root / HOLIDAYS_DIR, findings, recursive=False):
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


def _load_records(
    paths: list[Path],
    findings: list[Finding],
    cache: RecordCache | None,
    checking: _RecordChecking | None = None,
) -> list[LoadedRecord]:
    """Every record file, in order: unchanged files from the parse cache, the others parsed on
    every core (`publisher.parallel`), their findings in file order as if read one by one."""
    looked = [cache.lookup(path) if cache is not None else (None, None) for path in paths]
    misses = [
        (path, lookup) for path, (lookup, hit) in zip(paths, looked, strict=True) if hit is None
    ]
    checks = checking.run if checking is not None else None
    parsed = imap_forked(functools.partial(_parse_record, cache=cache, checks=checks), misses)
    records: list[LoadedRecord] = []
    sharing = ValueSharing()
    for path, (lookup, hit) in zip(paths, looked, strict=True):
        if hit is None:
            result = _sharing_values(next(parsed), sharing)
            hit = _take(path, lookup, result, findings, cache)
            if hit is not None and result.checked is not None and checking is not None:
                checking.found[hit.file] = result.checked
        if hit is not None:
            records.append(hit)
    for _ in parsed:  # ends the workers: every file was taken above
        raise AssertionError("more results than files")
    return records


@dataclass(frozen=True)
class _Parsed:
    """What reading one record file gave (in whichever process read it)."""

    loaded: LoadedRecord | None
    findings: list[Finding]
    digest: bytes | None = None
    """SHA-256 of the bytes parsed, when read for the cache."""
    cached: bool = False
    """The cache holds a record parsed from these very bytes."""
    checked: tuple[Finding, ...] | None = None
    """The findings of the record's own checks, when asked for and it loaded cleanly."""


def _parse_record(
    miss: tuple[Path, Lookup | None],
    cache: RecordCache | None,
    checks: RecordChecks | None = None,
) -> _Parsed:
    parsed = _parsed_record(miss, cache)
    if checks is None or parsed.loaded is None or parsed.findings:
        return parsed
    return replace(parsed, checked=tuple(checks(parsed.loaded)))


def _parsed_record(miss: tuple[Path, Lookup | None], cache: RecordCache | None) -> _Parsed:
    path, lookup = miss
    findings: list[Finding] = []
    if cache is None or lookup is None or lookup.stamp is None:
        # Not a regular file, or no cache: the reader refuses or reads it as always.
        return _Parsed(
            _record_from(path, _read(path, findings, MAX_RECORD_BYTES), findings), findings
        )
    data = _read_bytes(path, findings, MAX_RECORD_BYTES)
    if data is None:
        return _Parsed(None, findings)
    digest = content_digest(data)
    if cache.holds(lookup, digest):
        return _Parsed(None, [], digest, cached=True)
    document = _read(path, findings, MAX_RECORD_BYTES, data)
    return _Parsed(_record_from(path, document, findings), findings, digest)


def _sharing_values(parsed: _Parsed, sharing: ValueSharing) -> _Parsed:
    """The record with its values and line map shared with those of the records before it
    (`publisher.sharing`): a quarter of the memory of 100,000 records. Records stored in the
    parse cache keep the sharing (pickle writes a shared object once), so records read
    back from it share too."""
    if parsed.loaded is None:
        return parsed
    sharing.share_model(parsed.loaded.record)
    lines = sharing.line_map(parsed.loaded.lines)
    return replace(parsed, loaded=replace(parsed.loaded, lines=lines))


def _take(
    path: Path,
    lookup: Lookup | None,
    parsed: _Parsed,
    findings: list[Finding],
    cache: RecordCache | None,
) -> LoadedRecord | None:
    if cache is not None and lookup is not None and parsed.cached:
        return cache.refresh(lookup, path)
    findings.extend(parsed.findings)
    clean = parsed.loaded is not None and not parsed.findings
    if cache is not None and lookup is not None and parsed.digest is not None and clean:
        # Only a file without findings is kept: one with a problem is read and reported
        # again at every build, exactly as without the cache.
        assert parsed.loaded is not None
        cache.store(lookup, parsed.digest, parsed.loaded, parsed.checked)
    return parsed.loaded


def _record_from(
    path: Path, document: YamlDocument | None, findings: list[Finding]
) -> LoadedRecord | None:
    if document is None:
        return None
    record = _validate(path, document, Record, findings, rule="R-A2")
    if record is None:
        return None
    return LoadedRecord(record=record, path=path, lines=document.lines)


def _load_optional(path: Path, model: type[ModelT], findings: list[Finding]) -> ModelT | None:
    if not os.path.lexists(path):
        return None
    return _load_model(path, model, findings)


def _load_model(
    path: Path, model: type[ModelT], findings: list[Finding], rule: str = "R-A2"
) -> ModelT | None:
    document = _read(path, findings)
    if document is None:
        return None
    return _validate(path, document, model, findings, rule=rule)


def _read_bytes(path: Path, findings: list[Finding], max_bytes: int) -> bytes | None:
    try:
        return read_content_bytes(path, max_bytes)
    except RefusedFile as exc:
        findings.append(Finding(str(path), 1, "R-C", Severity.ERROR, exc.problem))
        return None


def _read(
    path: Path,
    findings: list[Finding],
    max_bytes: int = MAX_FILE_BYTES,
    source: bytes | None = None,
) -> YamlDocument | None:
    """The parsed file, or None with a finding; `source` is its bytes when already read."""
    try:
        document = (
            load_yaml_file(path, max_bytes) if source is None else parse_content_bytes(source)
        )
    except RefusedFile as exc:
        findings.append(Finding(str(path), 1, "R-C", Severity.ERROR, exc.problem))
        return None
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
        # Full-width digits and Chinese dates in number and date fields (publisher.input_forms).
        value = model.model_validate(normalise(model, document.data))
    except ValidationError as exc:
        record_id = _record_id(document.data)
        is_record = model is Record
        for error in exc.errors():
            findings.append(
                _finding_for(path, document.lines, error, rule, record_id, is_record, model)
            )
        return None
    return _within_date_range(path, document, value, findings, rule)


def _within_date_range(
    path: Path, document: YamlDocument, value: ModelT, findings: list[Finding], rule: str
) -> ModelT | None:
    """A date outside `publisher.date_range` (a mistyped year) makes the file invalid, on
    the date's own line, before anything counts from it."""
    found = [
        Finding(
            file=str(path),
            line=document.lines.line_of(loc),
            rule=RULE_OF_SECTION.get(str(loc[0]), rule) if isinstance(value, Record) else rule,
            severity=Severity.ERROR,
            message=out_of_range_message(day),
            record=_record_id(document.data),
        )
        for loc, day in dates_out_of_range(value)
    ]
    findings.extend(found)
    return None if found else value


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
