"""R-B3 evidence store: are the files the case files list still there, and unaltered?

Article 5(三) has audio-video records kept on the bureau's dedicated storage, and 5(四)3–4 make
deleting, altering or losing them a fault. Each document and media entry of a case file names a
file by its path relative to the store's root and the SHA-256 it had when registered;
`verify_store` hashes every listed file and reports:

- missing: no such file in the store (5(四)4 储存不当致使记录丢失);
- altered: the file's SHA-256 differs from the registered one (5(四)3 修改记录);
- refused: a path that would leave the store (absolute, `..`, a Windows drive or `\\`
  separators, or a symlink pointing outside it) is never read: evidence must be on the store
  itself (5(三)), and a check must not read files it was not given;
- unlisted: files in the store that no case file lists (information only; hidden files and
  folders, e.g. the storage system's own, are skipped).

Every case file is verified, whatever `supervision.since` says: an entry once registered must
match its file, however old the case.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path, PurePosixPath, PureWindowsPath

from publisher.content import Content, LoadedRecord
from publisher.findings import Finding, Severity
from publisher.rules.report import with_rule
from publisher.supervision.process import STAGE_LABEL

RULE = "R-B3"


def hash_file(path: Path) -> str:
    """The SHA-256 of a file, read in chunks (audio-video files run to gigabytes)."""
    with path.open("rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


class Status(StrEnum):
    OK = "ok"
    MISSING = "missing"
    ALTERED = "altered"
    REFUSED = "refused"


@dataclass(frozen=True)
class EvidenceEntry:
    """One document or media entry of a case file and what the store holds for it."""

    record: str
    record_file: str
    line: int
    stage: str
    kind: str
    """The document kind (e.g. 询问笔录), or 音像记录 for media."""
    file: str
    expected: str
    actual: str | None
    status: Status

    def to_json(self) -> dict[str, object]:
        return {
            "status": self.status.value,
            "record": self.record,
            "record_file": self.record_file,
            "line": self.line,
            "stage": self.stage,
            "kind": self.kind,
            "file": self.file,
            "expected": self.expected,
            "actual": self.actual,
        }


@dataclass(frozen=True)
class EvidenceReport:
    """Every listed entry with its status, and the store's files no case file lists."""

    store: str
    entries: tuple[EvidenceEntry, ...]
    unlisted: tuple[str, ...]

    def with_status(self, status: Status) -> list[EvidenceEntry]:
        return [entry for entry in self.entries if entry.status is status]

    @property
    def problems(self) -> list[EvidenceEntry]:
        return [entry for entry in self.entries if entry.status is not Status.OK]

    def to_json(self) -> dict[str, object]:
        counts = {status.value: len(self.with_status(status)) for status in Status}
        return {
            "store": self.store,
            "counts": {**counts, "unlisted": len(self.unlisted)},
            "entries": [entry.to_json() for entry in self.entries],
            "unlisted": list(self.unlisted),
        }


def verify_store(content: Content, store: Path) -> EvidenceReport:
    """Look up every document and media entry of every case file under `store`."""
    root = store.resolve()
    hashes: dict[Path, str | None] = {}  # a file listed twice is read once
    entries: list[EvidenceEntry] = []
    listed: set[str] = set()
    for loaded, loc, stage, kind, file, expected in _listed_entries(content):
        target = _inside(root, file)
        if target is None:
            status, actual = Status.REFUSED, None
        else:
            listed.add(target.relative_to(root).as_posix())
            if target not in hashes:
                hashes[target] = _hash_or_none(target)
            actual = hashes[target]
            status = _status(expected, actual)
        line = loaded.line_of(*loc)
        entry = EvidenceEntry(
            loaded.record.id, loaded.file, line, stage, kind, file, expected, actual, status
        )
        entries.append(entry)
    return EvidenceReport(str(store), tuple(entries), tuple(_unlisted(root, listed)))


def _status(expected: str, actual: str | None) -> Status:
    if actual is None:
        return Status.MISSING
    return Status.OK if actual == expected else Status.ALTERED


_Listed = tuple[LoadedRecord, tuple[str | int, ...], str, str, str, str]


def _listed_entries(content: Content) -> Iterator[_Listed]:
    """(record, loc of the entry's `file`, stage label, kind, file, registered hash)."""
    for loaded in content.records:
        case = loaded.record.case
        if case is None:
            continue
        for index, stage in enumerate(case.stages):
            label = STAGE_LABEL[stage.stage]
            for position, document in enumerate(stage.documents):
                loc = ("case", "stages", index, "documents", position, "file")
                yield loaded, loc, label, document.kind, document.file, document.sha256
            for position, media in enumerate(stage.media):
                loc = ("case", "stages", index, "media", position, "file")
                yield loaded, loc, label, "音像记录", media.file, media.sha256


def _inside(root: Path, name: str) -> Path | None:
    """The file `name` denotes under `root`, or None when it would leave the store."""
    posix, windows = PurePosixPath(name), PureWindowsPath(name)
    if "\\" in name or posix.is_absolute() or windows.drive or ".." in posix.parts:
        return None
    # resolve() follows symlinks, so a link pointing outside the store is refused too.
    target = (root / posix).resolve()
    return target if target.is_relative_to(root) and target != root else None


def _hash_or_none(path: Path) -> str | None:
    try:
        return hash_file(path) if path.is_file() else None
    except OSError:  # unreadable counts as missing: the record cannot be produced
        return None


def _unlisted(root: Path, listed: set[str]) -> list[str]:
    if not root.is_dir():
        return []
    found: list[str] = []
    for path in root.rglob("*"):
        relative = path.relative_to(root)
        if any(part.startswith(".") for part in relative.parts) or not path.is_file():
            continue
        if relative.as_posix() not in listed:
            found.append(relative.as_posix())
    return sorted(found)


# --- Findings ------------------------------------------------------------------------------


def evidence_findings(report: EvidenceReport) -> list[Finding]:
    """An R-B3 error for every missing, altered or refused entry, on its line of the record."""
    return [
        Finding(
            file=entry.record_file,
            line=entry.line,
            rule=RULE,
            severity=Severity.ERROR,
            message=with_rule(_message(entry, report.store), RULE),
            record=entry.record,
        )
        for entry in report.problems
    ]


def _message(entry: EvidenceEntry, store: str) -> str:
    what = f"{entry.stage}环节的{entry.kind} {entry.file}"
    if entry.status is Status.MISSING:
        return (
            f"第五条(四)4 不按规定储存或维护致使执法记录损毁、丢失：{what} 不在证据存储 {store} "
            f"中或无法读取（登记的 SHA-256 {entry.expected}）"
        )
    if entry.status is Status.ALTERED:
        return (
            f"第五条(四)3 修改执法全过程记录信息：{what} 的 SHA-256 为 {entry.actual}，"
            f"与登记的 {entry.expected} 不符，文件已被修改或替换；请从备份恢复原件"
        )
    return (
        f"第五条(三) 记录应存储于本单位专用存储器：{what} 的路径越出证据存储"
        "（绝对路径、含 .. 或 \\、或链接到存储之外），未读取；请填写相对于存储根目录、"
        "以 / 分隔的路径"
    )
