"""R-B3 tampering in the repository's history: case files or evidence entries deleted or
rewritten (Article 5(四)3 故意毁损、随意删除、修改执法全过程中文字或音像记录信息).

The history is read as for R-A6 (`publisher.gitlog`: the first-parent line of HEAD plus the
uncommitted working tree, versions keyed by record id). Reported as R-B3 errors:

- a record that had a `case` section and is gone (file deleted or moved out of `records/`, id
  changed) — one finding for the whole case file;
- a record still present whose `case` section was removed;
- an evidence entry — keyed by record id and file path, documents and media alike — removed
  from the case file, or whose `sha256` was rewritten: once committed, an entry's path and
  hash are the registration of that file and must not change.

Choices:

- Only the current state counts: an entry listed again with its original hash, a case section
  or a record restored, in a later commit or the working tree, settles the finding. A restored
  record comes back under review: the rest of its history is judged again.
- Moving an entry to another stage of the same case file, reordering, or editing its kind or
  description is no finding: the file and its hash, what the store is verified against, are
  unchanged. Renaming the file's path is a removal (the registered path is the evidence).
- Whatever `supervision.since` says: an entry once committed is evidence, however old the case.
- No git, a folder outside any repository, or a shallow clone: as for R-A6, not checked (or
  checked as far as the history goes) with a note for staff.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from publisher.clock import today_in_shanghai
from publisher.findings import Finding, Severity, sorted_findings
from publisher.gitlog import (
    Documents,
    HistoryResult,
    Location,
    ReadHistory,
    RecordHistory,
    Revision,
    Version,
    history_result,
    read_history_once,
)

RULE = "R-B3"
ITEM = "第五条(四)3 随意删除、修改执法全过程记录信息"
_NOT_CHECKED = "未检查案卷和证据登记的修改历史（R-B3）"
_SHALLOW_NOTE = "仓库是浅克隆，只检查了可见部分的案卷和证据登记历史（R-B3）；CI 中请获取完整历史"

Loc = tuple[str | int, ...]


def check_evidence_history(
    content_root: Path, as_of: dt.date | None = None, history: ReadHistory | None = None
) -> HistoryResult:
    """Replay the history of `content_root/records` and report R-B3 deletions and rewrites;
    `history` is the walk already read for this run, if any."""
    read = history or read_history_once(content_root, as_of or today_in_shanghai())
    return history_result(read, _findings, _NOT_CHECKED, _SHALLOW_NOTE)


def _findings(history: RecordHistory) -> list[Finding]:
    current = history.current_locations()
    findings: list[Finding] = []
    for record_id, versions in sorted(history.replay.versions.items()):
        location = current.get(record_id)
        if location is not None and len({v.key for v in versions}) == 1:
            continue  # never changed and still there: nothing to parse or report
        audit = _audit(record_id, versions, history.documents)
        if location is None:
            findings += _gone(record_id, audit, history)
        else:
            findings += _present(record_id, audit, location)
    return sorted_findings(findings)


# --- One record's case file through its versions -----------------------------------------


@dataclass
class _Entry:
    """One registered evidence file of a case: its first hash and what became of it."""

    original: str
    # The revision since which the file is not listed with its original hash (None: it is).
    broken_by: Revision | None = None
    # The hashes the latest version lists for the file (empty: not listed).
    current: tuple[str, ...] = ()


@dataclass
class _CaseAudit:
    entries: dict[str, _Entry] = field(default_factory=dict)
    had_case: bool = False
    case_removed_by: Revision | None = None
    last: dict[str, Any] | None = None

    def apply(self, data: dict[str, Any], revision: Revision) -> None:
        case = data.get("case")
        listed = _listed(case)
        if isinstance(case, dict):
            self.had_case, self.case_removed_by = True, None
        elif self.had_case and self.case_removed_by is None:
            self.case_removed_by = revision
        for file, hashes in listed.items():
            self.entries.setdefault(file, _Entry(original=hashes[0]))
        for file, entry in self.entries.items():
            entry.current = listed.get(file, ())
            if entry.original in entry.current:
                entry.broken_by = None
            elif entry.broken_by is None:
                entry.broken_by = revision
        self.last = data


def _audit(record_id: str, versions: Sequence[Version], documents: Documents) -> _CaseAudit:
    audit = _CaseAudit()
    previous_key: str | None = None
    for version in versions:
        if version.key == previous_key:
            continue  # same content (e.g. a pure move): nothing changed
        data = documents.data(version.key)
        if data is None or data.get("id") != record_id:
            continue  # unreadable or not this record: the loader reports the current file
        audit.apply(data, version.revision)
        previous_key = version.key
    return audit


def _listed(case: object) -> dict[str, tuple[str, ...]]:
    """File path → the hashes a version's case file lists for it, in the order listed."""
    listed: dict[str, tuple[str, ...]] = {}
    for _, entry in _entries(case):
        file, sha = str(entry.get("file", "")).strip(), str(entry.get("sha256", "")).strip()
        if file and sha not in listed.get(file, ()):
            listed[file] = (*listed.get(file, ()), sha)
    return listed


def _entries(case: object) -> Iterator[tuple[Loc, dict[str, Any]]]:
    """Every document and media entry of a case file as plain data, with its location."""
    stages = case.get("stages") if isinstance(case, dict) else None
    for index, stage in enumerate(stages if isinstance(stages, list) else []):
        if not isinstance(stage, dict):
            continue
        for group in ("documents", "media"):
            items = stage.get(group)
            for position, item in enumerate(items if isinstance(items, list) else []):
                if isinstance(item, dict):
                    yield ("case", "stages", index, group, position), item


# --- Findings ------------------------------------------------------------------------------


def _gone(record_id: str, audit: _CaseAudit, history: RecordHistory) -> list[Finding]:
    if not audit.had_case:
        return []  # a record without a case file: R-A6 judges its deletion
    removal = history.replay.removals.get(record_id)
    when = removal.revision.describe() if removal is not None else "历史中"
    count = len(audit.entries)
    message = (
        f"{ITEM}：记录 {record_id} 连同其案卷（全过程记录，登记文书和音像记录 {count} 项）在"
        f"{when}中被删除（删除或移出了文件，或改了 id）；请恢复该记录及其 case 部分"
    )
    return [_finding(history.last_location(record_id), record_id, (), message)]


def _present(record_id: str, audit: _CaseAudit, location: Location) -> list[Finding]:
    if audit.case_removed_by is not None:
        message = (
            f"{ITEM}：记录 {record_id} 的 case 部分（全过程记录，登记文书和音像记录 "
            f"{len(audit.entries)} 项）在{audit.case_removed_by.describe()}中被删除；"
            "请恢复原有的 case 部分"
        )
        return [_finding(location, record_id, ("id",), message)]
    return [
        _entry_finding(record_id, file, entry, entry.broken_by, audit.last, location)
        for file, entry in sorted(audit.entries.items())
        if entry.broken_by is not None
    ]


def _entry_finding(
    record_id: str,
    file: str,
    entry: _Entry,
    revision: Revision,
    last: dict[str, Any] | None,
    location: Location,
) -> Finding:
    if not entry.current:
        message = (
            f"{ITEM}：证据登记 {file}（SHA-256 {entry.original}）在{revision.describe()}中"
            "从案卷中删除；已登记的文书和音像记录不得删除，请恢复该条登记"
        )
        return _finding(location, record_id, ("case", "stages"), message)
    message = (
        f"{ITEM}：证据登记 {file} 的 SHA-256 在{revision.describe()}中由 {entry.original} "
        f"改为 {'、'.join(entry.current)}；登记的哈希值不得修改，请恢复原值，并用 "
        "publisher evidence verify 核对证据存储中的文件"
    )
    return _finding(location, record_id, _sha_loc(last, file), message)


def _sha_loc(data: dict[str, Any] | None, file: str) -> Loc:
    """Where the latest version lists `file`'s hash (the case's stages when not found)."""
    for loc, item in _entries((data or {}).get("case")):
        if str(item.get("file", "")).strip() == file:
            return (*loc, "sha256")
    return ("case", "stages")


def _finding(location: Location, record_id: str, loc: Loc, message: str) -> Finding:
    line = location.line_of(loc)
    text = f"{message}（{RULE}）"
    return Finding(location.file, line, RULE, Severity.ERROR, text, record=record_id)
