"""The git history of `content/records/`, replayed record by record.

Shared by the history checks: R-A6 (silent edits of published records, `publisher.history`)
and R-B3 (case files and evidence entries deleted or rewritten,
`publisher.supervision.evidence_history`). Each reads the same history:

- the first-parent line of HEAD touching the records folder (what the branch being checked
  actually published; a merged branch's changes are attributed to the merge commit), plus the
  uncommitted working tree as one last revision (staff run `publisher check` before
  committing);
- versions keyed by the record `id`, not the file path, so a renamed or moved file is the same
  record (which also makes git's rename detection unnecessary: `--no-renames` keeps the walk
  fast and independent of git's similarity heuristics);
- one `git log` walk and one `git cat-file --batch` run, whatever the number of records;
- a version that is not valid YAML (or not UTF-8) is skipped; the loader reports the current
  file's problems.

When the history cannot be read at all, `GitUnavailable.reason` says why in 简体中文 and each
check turns it into its own note. Needs git 2.31 or later (`--diff-merges`).
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from publisher.clock import SHANGHAI
from publisher.findings import Finding, Severity
from publisher.input_forms import normalise
from publisher.loader import RECORDS_DIR
from publisher.model import Record
from publisher.yamlsource import (
    MAX_RECORD_BYTES,
    LineMap,
    RefusedFile,
    YamlSyntaxError,
    load_plain,
    parse_yaml,
    read_content_bytes,
)

RECORD_SUFFIXES = (".yaml", ".yml")
SHORT_HASH = 7


class GitUnavailable(Exception):
    """The history cannot be read; `reason` tells staff why (简体中文, without a rule id)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class GitMissing(GitUnavailable):
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
class Commit:
    """One revision and the record files it changed: (repository path, content key or None)."""

    revision: Revision
    changes: list[tuple[str, str | None]]


@dataclass(frozen=True)
class Worktree:
    commit: Commit
    texts: dict[str, str | None]


@dataclass(frozen=True)
class Repository:
    top: Path
    records: str  # the records folder, relative to `top`, POSIX form

    @staticmethod
    def locate(content_root: Path) -> Repository:
        records = (content_root / RECORDS_DIR).resolve()
        if not content_root.is_dir():
            raise GitUnavailable("内容目录不存在")
        try:
            out = git(content_root, "rev-parse", "--show-toplevel")
        except GitMissing:
            raise
        except GitUnavailable as exc:
            raise GitUnavailable("内容目录不在 git 仓库中") from exc
        top = Path(out.decode("utf-8", "surrogateescape").strip()).resolve()
        try:
            relative = records.relative_to(top).as_posix()
        except ValueError as exc:
            raise GitUnavailable("记录目录不在 git 仓库的工作区中") from exc
        return Repository(top=top, records=relative)

    def record_path(self, repo_path: str) -> str | None:
        """The path inside the records folder, or None for files that are not records."""
        prefix = "" if self.records == "." else self.records + "/"
        if not repo_path.startswith(prefix) or not repo_path.endswith(RECORD_SUFFIXES):
            return None
        return repo_path[len(prefix) :]

    def has_commits(self) -> bool:
        try:
            git(self.top, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
        except GitUnavailable:
            return False
        return True

    def is_shallow(self) -> bool:
        out = git(self.top, "rev-parse", "--is-shallow-repository")
        return out.strip() == b"true"

    def commits(self) -> list[Commit]:
        """The first-parent history of HEAD touching the records folder, oldest first."""
        if not self.has_commits():
            return []
        out = git(
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

    def _parse_commit(self, chunk: str) -> Commit:
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
        return Commit(Revision(sha[:SHORT_HASH], day), changes)

    def worktree_changes(self, day: dt.date) -> Worktree:
        """Record files whose working-tree content differs from HEAD (staged or not)."""
        # --no-optional-locks: a check must not rewrite the index of the staff's repository.
        out = git(
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
            # A symbolic link is no record version, as in a commit (and is never followed).
            if file.is_symlink() or not file.is_file():
                changes.append((path, None))
                continue
            key = f"worktree:{path}"
            texts[key] = _bounded_text(file)
            changes.append((path, key))
        return Worktree(Commit(Revision(None, day), changes), texts)

    def read_blobs(self, shas: Iterable[str]) -> dict[str, str | None]:
        """All blob contents in one `git cat-file --batch` run (one process, not one per blob)."""
        wanted = self._small_blobs(sorted(set(shas)))
        if not wanted:
            return {}
        out = git(self.top, "cat-file", "--batch", stdin="".join(s + "\n" for s in wanted))
        texts: dict[str, str | None] = {}
        position = 0
        while position < len(out):
            end = out.index(b"\n", position)
            header = out[position:end].decode("ascii").split(" ")
            position = end + 1
            if len(header) != 3:  # "<sha> missing", e.g. in a partial clone
                continue
            size = int(header[2])
            texts[header[0]] = decode(out[position : position + size])
            position += size + 1  # the content is followed by a newline
        return texts

    def _small_blobs(self, shas: list[str]) -> list[str]:
        """The blobs no larger than a record file may be: an oversized version once committed
        is skipped like an unreadable one, never read into memory."""
        if not shas:
            return []
        out = git(self.top, "cat-file", "--batch-check", stdin="".join(s + "\n" for s in shas))
        small: list[str] = []
        for line in out.decode("ascii", "replace").splitlines():
            parts = line.split(" ")  # "<sha> <type> <size>", or "<sha> missing"
            if len(parts) == 3 and parts[2].isdigit() and int(parts[2]) <= MAX_RECORD_BYTES:
                small.append(parts[0])
        return small

    def display_path(self, content_root: Path, repo_path: str) -> str:
        """The file as the loader names it: `<content_root>/records/<path inside records>`."""
        inside = self.record_path(repo_path) or repo_path
        return str(content_root / RECORDS_DIR / inside)


def git(cwd: Path, *args: str, stdin: str | None = None) -> bytes:
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
        raise GitMissing("未找到 git 命令") from exc
    if completed.returncode != 0:
        problem = completed.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = problem[0] if problem else f"git 退出码 {completed.returncode}"
        raise GitUnavailable(f"读取 git 历史失败（{detail}）")
    return completed.stdout


def _bounded_text(file: Path) -> str | None:
    """An uncommitted record file's text, read as the loader reads it (no link followed, no
    oversized file read); None when the loader would refuse it."""
    try:
        return decode(read_content_bytes(file, MAX_RECORD_BYTES))
    except RefusedFile:
        return None


def decode(data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


# --- versions and documents -----------------------------------------------------------------

# A record's id is a top-level plain key; reading it with a pattern avoids parsing every blob.
_ID_LINE = re.compile(r"^id:[ \t]*(['\"]?)([a-z0-9][a-z0-9-]{2,63})\1[ \t]*(?:#.*)?$", re.M)


class Documents:
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
    # As the loader reads it: `2024年3月5日` and `2024-03-05` are one date, not an edit.
    return normalise(Record, data) if isinstance(data, dict) else None


@dataclass(frozen=True)
class Version:
    key: str
    path: str
    revision: Revision


@dataclass(frozen=True)
class Removal:
    path: str
    revision: Revision


class Replay:
    """Applies the revisions in order, collecting each record's versions by id."""

    def __init__(self, documents: Documents) -> None:
        self.documents = documents
        self.paths: dict[str, str] = {}  # repository path -> record id, as of the last revision
        self.versions: dict[str, list[Version]] = {}
        self.removals: dict[str, Removal] = {}

    def apply(self, commit: Commit) -> None:
        for path, key in commit.changes:
            if key is None:
                self._leave(path, None, commit.revision)
                continue
            record_id = self.documents.record_id(key)
            if record_id is None:
                continue  # unreadable version: skipped, the path keeps its last known record
            self._leave(path, record_id, commit.revision)
            self.paths[path] = record_id
            version = Version(key, path, commit.revision)
            self.versions.setdefault(record_id, []).append(version)

    def _leave(self, path: str, new_id: str | None, revision: Revision) -> None:
        """Note that the record at `path` left it (file removed or another id written there)."""
        old_id = self.paths.get(path)
        if old_id is not None and old_id != new_id:
            self.removals[old_id] = Removal(path, revision)
        if new_id is None:
            self.paths.pop(path, None)


@dataclass(frozen=True)
class RecordHistory:
    """Every record's versions, replayed, with what findings need to point at files."""

    repo: Repository
    replay: Replay
    content_root: Path
    shallow: bool

    @property
    def documents(self) -> Documents:
        return self.replay.documents

    def current_locations(self) -> dict[str, Location]:
        """Each record still present in the working tree, at its first path in sorted order."""
        locations: dict[str, Location] = {}
        for repo_path, record_id in sorted(self.replay.paths.items()):
            if record_id not in locations:
                display = self.repo.display_path(self.content_root, repo_path)
                locations[record_id] = Location(display, self.repo.top / repo_path)
        return locations

    def last_location(self, record_id: str) -> Location:
        """Where a record that is gone last was (no line map: the file no longer holds it)."""
        removal = self.replay.removals.get(record_id)
        versions = self.replay.versions.get(record_id, [])
        path = removal.path if removal is not None else versions[-1].path
        return Location(self.repo.display_path(self.content_root, path), None)


def read_record_history(content_root: Path, as_of: dt.date) -> RecordHistory:
    """Replay the history of `content_root/records`; raises GitUnavailable when it cannot be
    read. Uncommitted changes count as a revision dated `as_of`."""
    repo = Repository.locate(content_root)
    commits = repo.commits()
    worktree = repo.worktree_changes(as_of)
    texts = repo.read_blobs(sha for c in commits for _, sha in c.changes if sha)
    shallow = repo.is_shallow()
    texts.update(worktree.texts)
    replay = Replay(Documents(texts))
    for commit in [*commits, worktree.commit]:
        replay.apply(commit)
    return RecordHistory(repo=repo, replay=replay, content_root=content_root, shallow=shallow)


class Location:
    """A record's file as findings name it; its line map is read only when a finding needs it."""

    def __init__(self, file: str, source: Path | None) -> None:
        self.file = file
        self._source = source

    @cached_property
    def lines(self) -> LineMap | None:
        if self._source is None or not self._source.is_file():
            return None
        text = decode(self._source.read_bytes())
        try:
            return parse_yaml(text).lines if text is not None else None
        except YamlSyntaxError:
            return None

    def line_of(self, loc: tuple[str | int, ...]) -> int | None:
        """The line of `loc` in the current file; None for the file as a whole or when the
        file cannot be read."""
        lines = self.lines if loc else None
        return lines.line_of(loc) if lines is not None else None


@dataclass(frozen=True)
class HistoryResult:
    """The findings, whether the history could be checked at all, and a note for staff."""

    findings: list[Finding]
    checked: bool
    note: str | None = None


def completeness_findings(
    result: HistoryResult, content_root: Path, rule: str, required: bool
) -> tuple[list[Finding], list[str]]:
    """How a history that was not read in full shows in `publisher check`: (findings, notes).

    A shallow clone (checked only as far as its history goes) is a warning finding, so it is
    in the JSON output and the count, not only a line on stderr; outside git the check could
    not run at all, which staff trying a copy of the content see as a note. With `required`
    (`publisher check --require-history`, the CI job) either is an error: a tampering check
    that could not see the history must not pass."""
    if result.note is None:
        return [], []
    if required:
        message = (
            f"{result.note}；--require-history 要求完整的 git 历史：CI 中请获取完整历史"
            "（如 GitLab 的 GIT_DEPTH: 0、GitHub 的 fetch-depth: 0，或先运行 git fetch --unshallow）"
        )
        return [Finding(str(content_root), None, rule, Severity.ERROR, message)], []
    if result.checked:
        return [Finding(str(content_root), None, rule, Severity.WARNING, result.note)], []
    return [], [f"提示（{rule}）：{result.note}"]


# The history as read once for all the checks of a run, or why it could not be read.
ReadHistory = RecordHistory | GitUnavailable


def read_history_once(content_root: Path, as_of: dt.date) -> ReadHistory:
    """Read the history for every check of one run (R-A6 and R-B3 replay the same walk)."""
    try:
        return read_record_history(content_root, as_of)
    except GitUnavailable as exc:
        return exc


def history_result(
    history: ReadHistory,
    audit: Callable[[RecordHistory], list[Finding]],
    not_checked: str,
    shallow_note: str,
) -> HistoryResult:
    """Run one check's `audit` over the history, or say (in staff's words) why it could not."""
    if isinstance(history, GitUnavailable):
        return HistoryResult(findings=[], checked=False, note=f"{history.reason}，{not_checked}")
    note = shallow_note if history.shallow else None
    return HistoryResult(findings=audit(history), checked=True, note=note)
