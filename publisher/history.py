"""R-A6 silent-edit detection: replay the repository history of `content/records/`.

A published record's public fields may change only with a correction entry, and correction
entries, once public, are part of the record's public history. The check reads the git history
of the records folder plus the uncommitted working tree (staff run `publisher check` before
committing) and reports, as R-A6 errors:

- a public field (publisher.labels.PUBLIC_FIELD) that changed after the record was published,
  without a correction entry listing it (or its listed parent, e.g. `penalty`);
- a correction entry of a published record that was deleted, or whose date or fields changed;
- a published record that disappeared (file deleted, moved out of `records/`, id changed).

How the history is read (first-parent line of HEAD plus the working tree, versions keyed by
record id, unreadable versions skipped) is `publisher.gitlog`, shared with the R-B3 evidence
history. Definitions chosen here (documented for staff in the messages and for the lead in the
report):

- "Already published": the older version of a change has a `published` date on or before the
  day of the change (the committer date in Asia/Shanghai; for uncommitted edits, the as-of
  date). Once published, a record stays published for the rest of its history, so removing
  and re-adding `published` cannot hide an edit.
- A missing correction can be repaired: a correction entry listing the field added in any later
  version (a later commit or the working tree) settles the earlier silent edit. Without that,
  a mistake once committed could only be fixed by rewriting history.
- Likewise a deleted correction entry or record counts only if it is still missing in the
  current working tree; restoring it settles the finding.
- No git, or a content folder outside any git repository: nothing is checked and
  `HistoryResult.checked` is False with a note, so the CLI can say so instead of failing.
  A shallow clone is checked as far as its history goes, with a note.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from publisher.clock import today_in_shanghai
from publisher.findings import Finding, Severity, sorted_findings
from publisher.gitlog import (
    Documents,
    HistoryResult,
    Location,
    ReadHistory,
    RecordHistory,
    Removal,
    Revision,
    Version,
    history_result,
    read_history_once,
)
from publisher.labels import PUBLIC_FIELD
from publisher.model import Record

RULE = "R-A6"

# Kept under its former name: tests compare its reading of YAML with the loader's.
_Documents = Documents

# A correction entry's identity: its date and the fields it lists (order does not matter).
CorrectionKey = tuple[str, tuple[str, ...]]


def find_silent_edits(content_root: Path, as_of: dt.date | None = None) -> list[Finding]:
    """The R-A6 findings of the history; [] when there is no git history to check."""
    return check_history(content_root, as_of).findings


def check_history(
    content_root: Path, as_of: dt.date | None = None, history: ReadHistory | None = None
) -> HistoryResult:
    """Replay the history of `content_root/records` and report R-A6 errors; `history` is the
    walk already read for this run, if any."""
    read = history or read_history_once(content_root, as_of or today_in_shanghai())
    return history_result(read, _findings, _NOT_CHECKED, _SHALLOW_NOTE)


_NOT_CHECKED = "未检查修改历史（R-A6）"
_SHALLOW_NOTE = "仓库是浅克隆，只检查了可见部分的修改历史（R-A6）；CI 中请获取完整历史"


def _findings(history: RecordHistory) -> list[Finding]:
    current = history.current_locations()
    findings: list[Finding] = []
    for record_id, versions in sorted(history.replay.versions.items()):
        location = current.get(record_id)
        if location is not None and len({v.key for v in versions}) == 1:
            continue  # never changed and still there: nothing to parse or report
        audit = _audit(record_id, versions, history.documents)
        if location is None:
            location = history.last_location(record_id)
            removal = history.replay.removals.get(record_id)
            findings.extend(_removal_findings(record_id, audit, removal, location))
        findings.extend(audit.findings(record_id, location))
    return sorted_findings(findings)


# --- one record's history -------------------------------------------------------------------


def _published_by(data: dict[str, Any], day: dt.date) -> bool:
    value = data.get("published")
    if isinstance(value, dt.date):
        return value <= day
    try:
        return dt.date.fromisoformat(str(value).strip()) <= day
    except ValueError:
        return False


@dataclass
class _Audit:
    """What one record's history owes the public (R-A6)."""

    # Public field -> the revisions that changed it without a correction entry.
    silent: dict[str, list[Revision]] = field(default_factory=dict)
    # Correction entries that were public -> the revision that removed them (None: present).
    public_corrections: dict[CorrectionKey, Revision | None] = field(default_factory=dict)
    published: bool = False
    last: dict[str, Any] | None = None

    def record_change(self, old: dict[str, Any], new: dict[str, Any], revision: Revision) -> None:
        added = list((Counter(_corrections(new)) - Counter(_corrections(old))).elements())
        listed = [name for _, fields in added for name in fields]
        for name in list(self.silent):
            if _covered(name, listed):
                del self.silent[name]  # a later correction entry settles the earlier edit
        for name in _changed_fields(old, new):
            if not _covered(name, listed):
                self.silent.setdefault(name, []).append(revision)
        self._track_corrections(old, new, revision)

    def _track_corrections(
        self, old: dict[str, Any], new: dict[str, Any], revision: Revision
    ) -> None:
        for key in _corrections(old):
            self.public_corrections.setdefault(key, None)
        present = set(_corrections(new))
        for key, removed_by in self.public_corrections.items():
            if key in present:
                self.public_corrections[key] = None
            elif removed_by is None:
                self.public_corrections[key] = revision

    def findings(self, record_id: str, location: Location) -> list[Finding]:
        found = [
            _finding(location, record_id, tuple(name.split(".")), _silent_message(name, revision))
            for name, revisions in self.silent.items()
            for revision in revisions
        ]
        found += [
            _finding(location, record_id, ("corrections",), _correction_message(key, revision))
            for key, revision in self.public_corrections.items()
            if revision is not None
        ]
        return found


def _audit(record_id: str, versions: Sequence[Version], documents: Documents) -> _Audit:
    audit = _Audit()
    previous_key: str | None = None
    for version in versions:
        if version.key == previous_key:
            continue  # same content (e.g. a pure move): nothing changed
        data = documents.data(version.key)
        if data is None or data.get("id") != record_id:
            continue
        if audit.last is not None:
            day = version.revision.day
            audit.published = audit.published or _published_by(audit.last, day)
            if audit.published:
                audit.record_change(audit.last, data, version.revision)
        audit.last, previous_key = data, version.key
    return audit


def _removal_findings(
    record_id: str, audit: _Audit, removal: Removal | None, location: Location
) -> list[Finding]:
    if removal is None or audit.last is None:
        return []
    if not (audit.published or _published_by(audit.last, removal.revision.day)):
        return []  # a draft may be deleted
    message = (
        f"已公示的记录 {record_id} 在{removal.revision.describe()}中被删除（删除或移出了文件，"
        "或改了 id）（R-A6）；已公示的记录应当保留，按规定撤下（withdrawal）或到期自动撤下，"
        "请恢复该记录"
    )
    return [_finding(location, record_id, (), message)]


# --- comparing public fields ----------------------------------------------------------------


def _compared_fields() -> tuple[str, ...]:
    """The public fields to compare: the listed names that have no listed sub-fields."""
    return tuple(
        name
        for name in PUBLIC_FIELD
        if not any(other.startswith(name + ".") for other in PUBLIC_FIELD)
    )


def _model_of(annotation: Any) -> type[BaseModel] | None:
    """The model class in an annotation such as `Penalty | None`."""
    candidates = typing.get_args(annotation) if isinstance(annotation, types.UnionType) else ()
    for candidate in (annotation, *candidates):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


def _schema_default(name: str) -> object:
    """The value a missing field has for the public (e.g. `fine_yuan` 0, `attachments` [])."""
    model: type[BaseModel] | None = Record
    parts = name.split(".")
    for part in parts[:-1]:
        info = model.model_fields.get(part) if model is not None else None
        model = _model_of(info.annotation) if info is not None else None
    info = model.model_fields.get(parts[-1]) if model is not None else None
    if info is None or info.is_required():
        return None
    return _normalize(info.get_default(call_default_factory=True))


def _normalize(value: object) -> object:
    # Surrounding whitespace (e.g. a block scalar's final newline) is not public content.
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [_normalize(item) for item in value]
    if isinstance(value, dict):
        return {str(k): _normalize(v) for k, v in value.items()}
    return value


COMPARED_FIELDS = _compared_fields()
_DEFAULTS = {name: _schema_default(name) for name in COMPARED_FIELDS}


def _field_value(data: dict[str, Any], name: str) -> object:
    node: object = data
    for part in name.split("."):
        node = node.get(part) if isinstance(node, dict) else None
    return _DEFAULTS[name] if node is None else _normalize(node)


def _changed_fields(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    return [name for name in COMPARED_FIELDS if _field_value(old, name) != _field_value(new, name)]


def _covered(name: str, listed: Iterable[str]) -> bool:
    """`penalty` covers `penalty.fine_yuan`; only names staff may list count as parents."""
    return any(
        entry == name or (entry in PUBLIC_FIELD and name.startswith(entry + "."))
        for entry in listed
    )


def _corrections(data: dict[str, Any]) -> list[CorrectionKey]:
    entries = data.get("corrections")
    if not isinstance(entries, list):
        return []
    keys: list[CorrectionKey] = []
    for entry in entries:
        if not isinstance(entry, dict):
            continue
        fields = entry.get("fields")
        names = fields if isinstance(fields, list) else [fields] if fields else []
        date = _normalize(entry.get("date"))
        keys.append((str(date), tuple(sorted(str(_normalize(n)) for n in names))))
    return keys


# --- where findings point -------------------------------------------------------------------


def _finding(location: Location, record_id: str, loc: tuple[str, ...], message: str) -> Finding:
    line = location.line_of(loc)
    return Finding(location.file, line, RULE, Severity.ERROR, message, record=record_id)


def _silent_message(name: str, revision: Revision) -> str:
    return (
        f"已公示记录的公开字段 {name}（{PUBLIC_FIELD.get(name, name)}）在{revision.describe()}"
        f"中被修改，但没有对应的更正记录（R-A6）；请在 corrections 中补充更正条目，"
        f"fields 列出 {name}"
    )


def _correction_message(key: CorrectionKey, revision: Revision) -> str:
    date, fields = key
    return (
        f"更正记录（日期 {date}，字段 {'、'.join(fields)}）在{revision.describe()}中被删除或改动了"
        "日期、字段（R-A6）；更正记录是公开的历史，请恢复原条目，如需说明请新增一条更正"
    )
