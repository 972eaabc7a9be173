"""R-A6 silent-edit detection: replay the repository history of `content/records/`.

A published record's public fields may change only with a correction entry, and correction
entries, once public, are part of the record's public history. The check reads the git history
of the records folder plus the uncommitted working tree (staff run `publisher check` before
committing) and reports, as R-A6 errors:

- a public field (publisher.labels.PUBLIC_FIELD) that changed after the record was published,
  without a correction entry listing it (or its listed parent, e.g. `penalty`);
- a correction entry of a published record that was deleted, or whose date or fields changed;
- a published record that disappeared (file deleted, moved out of `records/`, id changed).

Definitions chosen here (documented for staff in the messages and for the lead in the report):

- Versions are keyed by the record `id`, not by the file path, so a renamed or moved file is the
  same record. That also makes git's rename detection unnecessary (`--no-renames` keeps the
  walk fast and independent of git's similarity heuristics).
- "Already published": the older version of a change has a `published` date on or before the
  day of the change (the committer date in Asia/Shanghai; for uncommitted edits, the as-of
  date). Once published, a record stays published for the rest of its history, so removing
  and re-adding `published` cannot hide an edit.
- A missing correction can be repaired: a correction entry listing the field added in any later
  version (a later commit or the working tree) settles the earlier silent edit. Without that,
  a mistake once committed could only be fixed by rewriting history.
- Likewise a deleted correction entry or record counts only if it is still missing in the
  current working tree; restoring it settles the finding.
- The history is the first-parent line of HEAD (what the branch being checked actually
  published); a merged branch's changes are attributed to the merge commit.
- A version that is not valid YAML (or not readable UTF-8) is skipped; the loader reports the
  current file's problems.
- No git, or a content folder outside any git repository: nothing is checked and
  `HistoryResult.checked` is False with a note, so the CLI can say so instead of failing.
  A shallow clone is checked as far as its history goes, with a note.

Needs git 2.31 or later (`--diff-merges`).
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import types
import typing
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from publisher.clock import SHANGHAI, today_in_shanghai
from publisher.findings import Finding, Severity, sorted_findings
from publisher.labels import PUBLIC_FIELD
from publisher.loader import RECORDS_DIR
from publisher.model import Record
from publisher.yamlsource import LineMap, YamlSyntaxError, load_plain, parse_yaml

RULE = "R-A6"
RECORD_SUFFIXES = (".yaml", ".yml")
SHORT_HASH = 7

# A correction entry's identity: its date and the fields it lists (order does not matter).
CorrectionKey = tuple[str, tuple[str, ...]]


@dataclass(frozen=True)
class HistoryResult:
    """The findings, whether the history could be checked at all, and a note for staff."""

    findings: list[Finding]
    checked: bool
    note: str | None = None


def find_silent_edits(content_root: Path, as_of: dt.date | None = None) -> list[Finding]:
    """The R-A6 findings of the history; [] when there is no git history to check."""
    return check_history(content_root, as_of).findings


def check_history(content_root: Path, as_of: dt.date | None = None) -> HistoryResult:
    """Replay the history of `content_root/records` and report R-A6 errors."""
    day = as_of or today_in_shanghai()
    try:
        repo = _Repository.locate(content_root)
        commits = repo.commits()
        worktree = repo.worktree_changes(day)
        texts = repo.read_blobs(sha for c in commits for _, sha in c.changes if sha)
        note = _SHALLOW_NOTE if repo.is_shallow() else None
    except _GitUnavailable as exc:
        return HistoryResult(findings=[], checked=False, note=exc.note)
    texts.update(worktree.texts)
    replay = _Replay(_Documents(texts))
    for commit in [*commits, worktree.commit]:
        replay.apply(commit)
    return HistoryResult(findings=replay.findings(repo, content_root), checked=True, note=note)


_SHALLOW_NOTE = "仓库是浅克隆，只检查了可见部分的修改历史（R-A6）；CI 中请获取完整历史"


# --- git ------------------------------------------------------------------------------------


class _GitUnavailable(Exception):
    """The history cannot be read; `note` tells staff why (简体中文)."""

    def __init__(self, note: str) -> None:
        super().__init__(note)
        self.note = note


class _GitMissing(_GitUnavailable):
    """No git program at all (as opposed to a folder outside any repository)."""


@dataclass(frozen=True)
class Revision:
    """Where a version comes from: a commit (short hash) or the uncommitted working tree."""

    commit: str | None
    day: dt.date

    def describe(self) -> str:
        if self.commit is None:
            return "尚未提交的修改"
        return f"提交 {self.commit}（{self.day.isoformat()}）"


@dataclass(frozen=True)
class _Commit:
    """One revision and the record files it changed: (repository path, content key or None)."""

    revision: Revision
    changes: list[tuple[str, str | None]]


@dataclass(frozen=True)
class _Worktree:
    commit: _Commit
    texts: dict[str, str | None]


@dataclass(frozen=True)
class _Repository:
    top: Path
    records: str  # the records folder, relative to `top`, POSIX form

    @staticmethod
    def locate(content_root: Path) -> _Repository:
        records = (content_root / RECORDS_DIR).resolve()
        if not content_root.is_dir():
            raise _GitUnavailable("内容目录不存在，未检查修改历史（R-A6）")
        try:
            out = _git(content_root, "rev-parse", "--show-toplevel")
        except _GitMissing:
            raise
        except _GitUnavailable as exc:
            raise _GitUnavailable("内容目录不在 git 仓库中，未检查修改历史（R-A6）") from exc
        top = Path(out.decode("utf-8", "surrogateescape").strip()).resolve()
        try:
            relative = records.relative_to(top).as_posix()
        except ValueError as exc:
            raise _GitUnavailable(
                "记录目录不在 git 仓库的工作区中，未检查修改历史（R-A6）"
            ) from exc
        return _Repository(top=top, records=relative)

    def record_path(self, repo_path: str) -> str | None:
        """The path inside the records folder, or None for files that are not records."""
        prefix = "" if self.records == "." else self.records + "/"
        if not repo_path.startswith(prefix) or not repo_path.endswith(RECORD_SUFFIXES):
            return None
        return repo_path[len(prefix) :]

    def has_commits(self) -> bool:
        try:
            _git(self.top, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
        except _GitUnavailable:
            return False
        return True

    def is_shallow(self) -> bool:
        out = _git(self.top, "rev-parse", "--is-shallow-repository")
        return out.strip() == b"true"

    def commits(self) -> list[_Commit]:
        """The first-parent history of HEAD touching the records folder, oldest first."""
        if not self.has_commits():
            return []
        out = _git(
            self.top,
            "log",
            "--reverse",
            "--first-parent",
            "--diff-merges=first-parent",
            "--raw",
            "--no-renames",
            "--no-abbrev",
            "--no-color",
            "-z",
            "--format=%x01%H %cI",
            "HEAD",
            "--",
            self.records,
        )
        text = out.decode("utf-8", "surrogateescape")
        return [self._parse_commit(chunk) for chunk in text.split("\x01") if chunk.strip()]

    def _parse_commit(self, chunk: str) -> _Commit:
        header, *tokens = chunk.split("\0")
        sha, iso_date = header.split(" ", 1)
        day = dt.datetime.fromisoformat(iso_date.strip()).astimezone(SHANGHAI).date()
        changes: list[tuple[str, str | None]] = []
        # Raw entries come as ":oldmode newmode oldsha newsha status", then the path.
        for meta, path in zip(tokens[0::2], tokens[1::2], strict=False):
            fields = meta.lstrip("\n").split(" ")
            if len(fields) != 5 or self.record_path(path) is None:
                continue
            new_mode, new_sha = fields[1], fields[3]
            # Anything but a regular file (deleted, symlink, submodule) is no record version.
            regular = new_mode in ("100644", "100755")
            changes.append((path, new_sha if regular else None))
        return _Commit(Revision(sha[:SHORT_HASH], day), changes)

    def worktree_changes(self, day: dt.date) -> _Worktree:
        """Record files whose working-tree content differs from HEAD (staged or not)."""
        # --no-optional-locks: a check must not rewrite the index of the staff's repository.
        out = _git(
            self.top,
            "--no-optional-locks",
            "status",
            "--porcelain=v1",
            "-z",
            "--untracked-files=all",
            "--no-renames",
            "--",
            self.records,
        )
        entries = out.decode("utf-8", "surrogateescape").split("\0")
        paths = sorted({e[3:] for e in entries if len(e) > 3 and self.record_path(e[3:])})
        changes: list[tuple[str, str | None]] = []
        texts: dict[str, str | None] = {}
        for path in paths:
            file = self.top / path
            if not file.is_file():
                changes.append((path, None))
                continue
            key = f"worktree:{path}"
            texts[key] = _decode(file.read_bytes())
            changes.append((path, key))
        return _Worktree(_Commit(Revision(None, day), changes), texts)

    def read_blobs(self, shas: Iterable[str]) -> dict[str, str | None]:
        """All blob contents in one `git cat-file --batch` run (one process, not one per blob)."""
        wanted = sorted(set(shas))
        if not wanted:
            return {}
        out = _git(self.top, "cat-file", "--batch", stdin="".join(s + "\n" for s in wanted))
        texts: dict[str, str | None] = {}
        position = 0
        while position < len(out):
            end = out.index(b"\n", position)
            header = out[position:end].decode("ascii").split(" ")
            position = end + 1
            if len(header) != 3:  # "<sha> missing", e.g. in a partial clone
                continue
            size = int(header[2])
            texts[header[0]] = _decode(out[position : position + size])
            position += size + 1  # the content is followed by a newline
        return texts


def _git(cwd: Path, *args: str, stdin: str | None = None) -> bytes:
    # Explicit settings keep the output machine-readable whatever the staff's git config says.
    command = ["git", "-C", str(cwd), "-c", "log.showSignature=false", "--literal-pathspecs"]
    try:
        completed = subprocess.run(
            [*command, *args],
            input=stdin.encode("utf-8") if stdin is not None else None,
            capture_output=True,
            check=False,
        )
    except FileNotFoundError as exc:
        raise _GitMissing("未找到 git 命令，未检查修改历史（R-A6）") from exc
    if completed.returncode != 0:
        problem = completed.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = problem[0] if problem else f"git 退出码 {completed.returncode}"
        raise _GitUnavailable(f"读取 git 历史失败（{detail}），未检查修改历史（R-A6）")
    return completed.stdout


def _decode(data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


# --- versions and documents -----------------------------------------------------------------

# A record's id is a top-level plain key; reading it with a pattern avoids parsing every blob.
_ID_LINE = re.compile(r"^id:[ \t]*(['\"]?)([a-z0-9][a-z0-9-]{2,63})\1[ \t]*(?:#.*)?$", re.M)


class _Documents:
    """Version texts by key (blob sha or `worktree:<path>`), each parsed at most once and only
    when needed, with the loader's own YAML reading (libyaml, dates as text)."""

    def __init__(self, texts: dict[str, str | None]) -> None:
        self._texts = texts
        self._data: dict[str, dict[str, Any] | None] = {}

    def record_id(self, key: str) -> str | None:
        text = self._texts.get(key)
        if text is None:
            return None
        match = _ID_LINE.search(text)
        if match is not None:
            return match.group(2)
        value = (self.data(key) or {}).get("id")
        return value if isinstance(value, str) else None

    def data(self, key: str) -> dict[str, Any] | None:
        if key not in self._data:
            text = self._texts.get(key)
            self._data[key] = None if text is None else _mapping(text)
        return self._data[key]


def _mapping(text: str) -> dict[str, Any] | None:
    try:
        data = load_plain(text)
    except YamlSyntaxError:
        return None
    return data if isinstance(data, dict) else None


@dataclass(frozen=True)
class _Version:
    key: str
    path: str
    revision: Revision


@dataclass(frozen=True)
class _Removal:
    path: str
    revision: Revision


class _Replay:
    """Applies the revisions in order, collecting each record's versions by id."""

    def __init__(self, documents: _Documents) -> None:
        self.documents = documents
        self.paths: dict[str, str] = {}  # repository path -> record id, as of the last revision
        self.versions: dict[str, list[_Version]] = {}
        self.removals: dict[str, _Removal] = {}

    def apply(self, commit: _Commit) -> None:
        for path, key in commit.changes:
            if key is None:
                self._leave(path, None, commit.revision)
                continue
            record_id = self.documents.record_id(key)
            if record_id is None:
                continue  # unreadable version: skipped, the path keeps its last known record
            self._leave(path, record_id, commit.revision)
            self.paths[path] = record_id
            version = _Version(key, path, commit.revision)
            self.versions.setdefault(record_id, []).append(version)

    def _leave(self, path: str, new_id: str | None, revision: Revision) -> None:
        """Note that the record at `path` left it (file removed or another id written there)."""
        old_id = self.paths.get(path)
        if old_id is not None and old_id != new_id:
            self.removals[old_id] = _Removal(path, revision)
        if new_id is None:
            self.paths.pop(path, None)

    def findings(self, repo: _Repository, content_root: Path) -> list[Finding]:
        current = _current_locations(self.paths, repo, content_root)
        findings: list[Finding] = []
        for record_id, versions in sorted(self.versions.items()):
            location = current.get(record_id)
            if location is not None and len({v.key for v in versions}) == 1:
                continue  # never changed and still there: nothing to parse or report
            audit = _audit(record_id, versions, self.documents)
            if location is None:
                removal = self.removals.get(record_id)
                last_path = removal.path if removal is not None else versions[-1].path
                location = _Location(_display_path(content_root, repo, last_path), None)
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

    def findings(self, record_id: str, location: _Location) -> list[Finding]:
        found = [
            location.finding(record_id, tuple(name.split(".")), _silent_message(name, revision))
            for name, revisions in self.silent.items()
            for revision in revisions
        ]
        found += [
            location.finding(record_id, ("corrections",), _correction_message(key, revision))
            for key, revision in self.public_corrections.items()
            if revision is not None
        ]
        return found


def _audit(record_id: str, versions: Sequence[_Version], documents: _Documents) -> _Audit:
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
    record_id: str, audit: _Audit, removal: _Removal | None, location: _Location
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
    return [location.finding(record_id, (), message)]


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


class _Location:
    """The record's file as findings name it; its line map is read only when a finding needs it."""

    def __init__(self, file: str, source: Path | None) -> None:
        self.file = file
        self._source = source

    @cached_property
    def lines(self) -> LineMap | None:
        if self._source is None or not self._source.is_file():
            return None
        text = _decode(self._source.read_bytes())
        try:
            return parse_yaml(text).lines if text is not None else None
        except YamlSyntaxError:
            return None

    def finding(self, record_id: str, loc: tuple[str, ...], message: str) -> Finding:
        lines = self.lines if loc else None
        line = lines.line_of(loc) if lines is not None else None
        return Finding(self.file, line, RULE, Severity.ERROR, message, record=record_id)


def _display_path(content_root: Path, repo: _Repository, repo_path: str) -> str:
    """The file as the loader names it: `<content_root>/records/<path inside records>`."""
    inside = repo.record_path(repo_path) or repo_path
    return str(content_root / RECORDS_DIR / inside)


def _current_locations(
    paths: dict[str, str], repo: _Repository, content_root: Path
) -> dict[str, _Location]:
    """Each record still present in the working tree, at its first path in sorted order."""
    locations: dict[str, _Location] = {}
    for repo_path, record_id in sorted(paths.items()):
        if record_id not in locations:
            display = _display_path(content_root, repo, repo_path)
            locations[record_id] = _Location(display, repo.top / repo_path)
    return locations


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
