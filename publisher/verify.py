"""Is the deployed site what the plan says today? The daily monitoring check (`publisher verify`).

Only the scheduled rebuild takes expired and withdrawn records off the site (R-A4, R-A5); when
it fails, the old site stays up and nothing else notices. This module reads a deployed copy of
the public site through a `Fetcher` (a folder, or the site's address over HTTP) and compares it
with the publication plan for the as-of date:

- record pages that must be gone (hidden by the plan) but are still there, and their
  attachments; withdrawn records whose page still shows the decision instead of the notice;
- record pages the plan shows that are missing, or show the other state;
- `data/records.json` and `data/records.csv` listing a record they must not, in the wrong
  state, or missing one;
- the other carriers (`publisher.verify_carriers`): list pages of the plan missing, list pages
  still linking to a hidden record or leaving out a shown one, left-over list pages, the
  sitemap, the feeds and the search index still carrying a hidden record;
- unmasked personal numbers (R-A8) in every file read (search fragments included), found as
  the build's own scan finds them.

Over HTTP the files are read a few at a time (`WORKERS`), each once. Apart from the injected
fetcher nothing here touches the network or the disk, so tests fake it.
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from enum import StrEnum
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from typing import Protocol

from publisher.content import Content
from publisher.feeds import CHANGES_ATOM, CHANGES_RSS, RESULTS_ATOM, RESULTS_RSS
from publisher.model import RECORD_ID_PATTERN
from publisher.opendata import RECORDS_CSV, RECORDS_JSON
from publisher.public import public_items, record_url_path
from publisher.public_numbers import public_numbers
from publisher.redaction import LABELS, SCANNED_SUFFIXES, scan_text
from publisher.site import LISTING_PAGE_SIZE
from publisher.sitemap import SITEMAP_PATH
from publisher.verify_carriers import (
    SearchIndex,
    check_feeds,
    check_lists,
    check_search,
    check_sitemap,
    csv_states,
    expected_list_pages,
    read_search_index,
    stale_list_candidates,
)
from publisher.verify_problems import Problem, ProblemKind, why_hidden
from publisher.visibility import Plan, PlanEntry, State, plan_publication

__all__ = ["FetchError", "Problem", "ProblemKind", "Verification", "verify_site"]

HOME = "index.html"
# The files every build writes besides the record pages; URL mode reads exactly these.
FIXED_FILES = (
    HOME,
    RECORDS_JSON,
    RECORDS_CSV,
    RESULTS_ATOM,
    RESULTS_RSS,
    CHANGES_ATOM,
    CHANGES_RSS,
)
# The marker record.html and notice.html write (docs/templates.md): the page's own statement of
# what it shows, independent of its wording and styling.
STATE_META = "disclosure-state"
DEFAULT_TIMEOUT = 20.0
# Files read at the same time over HTTP: enough to hide the network's latency, few enough
# for a portal's web server to take without notice.
WORKERS = 8
USER_AGENT = "enforcement-disclosure-publisher verify"
_RECORD_ID = re.compile(RECORD_ID_PATTERN)
# Statuses that mean "no such file"; any other error leaves the question open.
_ABSENT_STATUSES = frozenset({404, 410})


class FetchError(Exception):
    """The target could not be read, so nothing can be said about it (exit 2)."""


class Fetcher(Protocol):
    """Read access to a deployed copy of the public site."""

    def fetch(self, path: str) -> bytes | None:
        """The file at `path` (relative to the site root), or None when the site has none.
        Raises FetchError when it cannot tell."""
        ...

    def location(self, path: str) -> str:
        """Where `path` is, for messages: a file path or a URL."""
        ...

    def listing(self) -> tuple[str, ...]:
        """Every file of the site, where the target can list them (a folder can, a web
        server cannot: then empty)."""
        ...


@dataclass(frozen=True)
class FolderFetcher:
    """A copy of the site in a folder, e.g. the portal's document root or a build's output."""

    root: Path

    def fetch(self, path: str) -> bytes | None:
        target = self.root.joinpath(*_safe_parts(path))
        try:
            return target.read_bytes()
        except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
            return None
        except OSError as error:
            raise FetchError(f"无法读取 {target}：{error.strerror}") from error

    def location(self, path: str) -> str:
        return str(self.root.joinpath(*_safe_parts(path)))

    def listing(self) -> tuple[str, ...]:
        return tuple(
            p.relative_to(self.root).as_posix() for p in sorted(self.root.rglob("*")) if p.is_file()
        )


@dataclass(frozen=True)
class HttpFetcher:
    """The deployed site at its address, possibly under a sub-path (https://host/gxj/zfgs/)."""

    base_url: str
    timeout: float = DEFAULT_TIMEOUT

    def fetch(self, path: str) -> bytes | None:
        url = self.location(path)
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body: bytes = response.read()
                return body
        except urllib.error.HTTPError as error:
            if error.code in _ABSENT_STATUSES:
                return None
            raise FetchError(f"{url} 返回 HTTP {error.code}") from error
        except urllib.error.URLError as error:
            raise FetchError(f"无法访问 {url}：{error.reason}") from error
        except (OSError, http.client.HTTPException) as error:
            raise FetchError(f"无法访问 {url}：{error}") from error

    def location(self, path: str) -> str:
        base = self.base_url if self.base_url.endswith("/") else f"{self.base_url}/"
        return urllib.parse.urljoin(base, urllib.parse.quote(path))

    def listing(self) -> tuple[str, ...]:
        return ()


def _safe_parts(path: str) -> tuple[str, ...]:
    """The parts of a site path; a path leaving the site is a bug, never a file to read."""
    pure = PurePosixPath(path)
    if pure.is_absolute() or ".." in pure.parts or not pure.parts:
        raise ValueError(f"not a path inside the site: {path!r}")
    return pure.parts


# --- what a page shows ------------------------------------------------------------------------


class PageState(StrEnum):
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"
    ABSENT = "absent"
    OTHER = "other"
    """Something, but not a record page: a portal's own "not found" page served with 200."""


class _MarkerParser(HTMLParser):
    """Collects the state marker and the class of the first <article>."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: str | None = None
        self.article: tuple[str, ...] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "meta" and values.get("name") == STATE_META and self.meta is None:
            self.meta = (values.get("content") or "").strip()
        elif tag == "article" and self.article is None:
            self.article = tuple((values.get("class") or "").split())


def page_state(body: bytes | None) -> PageState:
    """What a record's address shows. The meta marker decides; pages built before it existed
    are told apart by their <article class="decision|notice">."""
    if body is None:
        return PageState.ABSENT
    parser = _MarkerParser()
    parser.feed(body.decode("utf-8", errors="replace"))
    parser.close()
    if parser.meta in (PageState.PUBLISHED, PageState.WITHDRAWN):
        return PageState(parser.meta)
    classes = parser.article or ()
    if "notice" in classes:
        return PageState.WITHDRAWN
    if "decision" in classes:
        return PageState.PUBLISHED
    return PageState.OTHER


# --- results ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Verification:
    as_of: dt.date
    problems: tuple[Problem, ...]
    checked: int
    """How many files were read."""

    @property
    def ok(self) -> bool:
        return not self.problems


# --- the check --------------------------------------------------------------------------------


@dataclass
class _Site:
    """The fetcher with a memory: every file is read once, and the scan sees what was read.
    Many files at once are read `WORKERS` at a time: a web server answers them in parallel,
    and a large site has thousands of pages to look at."""

    fetcher: Fetcher
    read: dict[str, bytes | None] = field(default_factory=dict)

    def get(self, path: str) -> bytes | None:
        if path not in self.read:
            self.read[path] = self.fetcher.fetch(path)
        return self.read[path]

    def get_all(self, paths: Iterable[str]) -> dict[str, bytes | None]:
        wanted = sorted(set(paths))
        missing = [path for path in wanted if path not in self.read]
        if len(missing) > 1:
            with ThreadPoolExecutor(max_workers=WORKERS) as pool:
                # map() re-raises a FetchError of any file here, in the caller's thread.
                for path, body in zip(missing, pool.map(self.fetcher.fetch, missing), strict=True):
                    self.read[path] = body
        return {path: self.get(path) for path in wanted}

    def present(self) -> Iterator[tuple[str, bytes]]:
        for path in sorted(self.read):
            body = self.read[path]
            if body is not None:
                yield path, body


def verify_site(
    content: Content, as_of: dt.date, fetcher: Fetcher, page_size: int = LISTING_PAGE_SIZE
) -> Verification:
    """Every problem of the deployed site for `as_of`; FetchError when it cannot be read.
    `page_size` is the entries on a page of a list, as the site was built with
    (`DISCLOSURE_PAGE_SIZE`)."""
    site = _Site(fetcher)
    if site.get(HOME) is None:
        raise FetchError(f"{fetcher.location(HOME)} 不存在：目标不是公示网站，或地址有误")
    plan = plan_publication([r.record for r in content.records], content.settings, as_of)
    entries = plan.by_id()
    listing = fetcher.listing()
    site.get_all(FIXED_FILES)
    listed, problems = read_open_data(site.get(RECORDS_JSON))
    if listed is not None:  # an unreadable file is one problem, not one per record
        problems += check_open_data(listed, entries)
    problems += check_csv(site.get(RECORDS_CSV), entries)
    ids = record_ids(entries, listed or {}, listing)
    site.get_all(f"{record_url_path(record_id)}index.html" for record_id in ids)
    for record_id in ids:
        problems += check_page(record_id, entries.get(record_id), site)
    problems += check_attachments(attachment_paths(content, listing), entries, site)
    problems += check_other_carriers(content, plan, site, listing, page_size)
    index, search_problems = read_search_index(site)
    problems += search_problems
    if index is not None:
        problems += check_search(index, entries)
    problems += scan_numbers(site, public_numbers(content), listing, index)
    return Verification(
        as_of=as_of,
        problems=tuple(sorted(problems, key=Problem.sort_key)),
        checked=sum(1 for _ in site.present()),
    )


def record_ids(
    entries: Mapping[str, PlanEntry], listed: Mapping[str, str], listing: Iterable[str]
) -> list[str]:
    """Every record the site might have a page for: the content's, the open data's (a record
    deleted from the content may still be up) and, where the target lists files, every
    folder under records/."""
    found = set(entries) | set(listed)
    found.update(record_id for record_id, _ in _record_files(listing))
    return sorted(found)


def check_other_carriers(
    content: Content, plan: Plan, site: _Site, listing: Sequence[str], page_size: int
) -> list[Problem]:
    """The list pages, the sitemap and the feeds (`publisher.verify_carriers`)."""
    entries = plan.by_id()
    pages = expected_list_pages(content, public_items(content.records, plan), plan.as_of, page_size)
    stale = stale_list_candidates(content, pages, plan.as_of, listing)
    return [
        *check_lists(site, pages, entries, stale),
        *check_sitemap(site.get(SITEMAP_PATH), entries),
        *check_feeds(site, entries),
    ]


def check_csv(body: bytes | None, entries: Mapping[str, PlanEntry]) -> list[Problem]:
    """`data/records.csv` lists the same records in the same states as the JSON (R-A1, R-A9)."""
    states = csv_states(body) if body is not None else None
    if states is None:
        message = "网站上没有开放数据文件 data/records.csv，或缺少 id、state 列"
        return [Problem(ProblemKind.DATA_UNREADABLE, "R-A1", RECORDS_CSV, message)]
    return check_open_data(states, entries, RECORDS_CSV)


def _record_files(listing: Iterable[str]) -> Iterator[tuple[str, str]]:
    """(record id, path) of every listed file under records/<id>/."""
    for path in listing:
        record_id = _record_of(path)
        if record_id is not None:
            yield record_id, path


# --- record pages -----------------------------------------------------------------------------


def check_page(record_id: str, entry: PlanEntry | None, site: _Site) -> list[Problem]:
    path = f"{record_url_path(record_id)}index.html"
    shown = page_state(site.get(path))
    expected = entry.state if entry is not None else State.HIDDEN
    if expected is State.HIDDEN:
        return _hidden_page(record_id, entry, path, shown)
    if expected is State.WITHDRAWN:
        return _withdrawn_page(record_id, path, shown)
    return _published_page(record_id, path, shown)


def _hidden_page(
    record_id: str, entry: PlanEntry | None, path: str, shown: PageState
) -> list[Problem]:
    # A page that is no record page (a portal's soft 404) shows nothing of the record.
    if shown not in (PageState.PUBLISHED, PageState.WITHDRAWN):
        return []
    rule, why = why_hidden(entry)
    message = f"记录 {record_id} 的页面仍在网站上，但按公示计划不应公开：{why}"
    return [Problem(ProblemKind.PAGE_NOT_REMOVED, rule, path, message, record_id)]


def _withdrawn_page(record_id: str, path: str, shown: PageState) -> list[Problem]:
    if shown is PageState.WITHDRAWN:
        return []
    if shown is PageState.PUBLISHED:
        message = f"记录 {record_id} 已撤下，但页面仍显示原决定内容，应只显示撤下说明"
        return [Problem(ProblemKind.DECISION_NOT_WITHDRAWN, "R-A5", path, message, record_id)]
    message = f"记录 {record_id} 已撤下，该地址应显示撤下说明，但{_no_page(shown)}"
    return [Problem(ProblemKind.PAGE_MISSING, "R-A5", path, message, record_id)]


def _published_page(record_id: str, path: str, shown: PageState) -> list[Problem]:
    if shown is PageState.PUBLISHED:
        return []
    if shown is PageState.WITHDRAWN:
        message = f"记录 {record_id} 应在公示中，但页面显示的是撤下说明"
        return [Problem(ProblemKind.PAGE_WRONG_STATE, "R-A1", path, message, record_id)]
    message = f"记录 {record_id} 应在公示中，但{_no_page(shown)}"
    return [Problem(ProblemKind.PAGE_MISSING, "R-A1", path, message, record_id)]


def _no_page(shown: PageState) -> str:
    return "页面不存在" if shown is PageState.ABSENT else "该地址返回的不是记录页面"


def attachment_paths(content: Content, listing: Iterable[str]) -> dict[str, set[str]]:
    """Per record, where its attachments are served: the content's names and, where the
    target lists files, anything else in the record's folder."""
    paths: dict[str, set[str]] = {}
    for loaded in content.records:
        record = loaded.record
        folder = record_url_path(record.id)
        names = {f"{folder}{a.file.rsplit('/', 1)[-1]}" for a in record.attachments}
        paths.setdefault(record.id, set()).update(names)
    for record_id, path in _record_files(listing):
        if not path.endswith("/index.html"):
            paths.setdefault(record_id, set()).add(path)
    return paths


def check_attachments(
    paths: Mapping[str, set[str]], entries: Mapping[str, PlanEntry], site: _Site
) -> list[Problem]:
    """Attachments go out with published records only (R-A4, R-A5): any other record's file
    still served is a leak, scans of the decision above all."""
    problems: list[Problem] = []
    for record_id in sorted(paths):
        entry = entries.get(record_id)
        if entry is not None and entry.state is State.PUBLISHED:
            continue
        rule, why = ("R-A5", entry.why) if entry and entry.is_visible else why_hidden(entry)
        for path in sorted(paths[record_id]):
            if _is_file(path, site.get(path)):
                message = f"记录 {record_id} 的附件仍在网站上，但附件只随公示中的记录发布：{why}"
                problems.append(
                    Problem(ProblemKind.ATTACHMENT_NOT_REMOVED, rule, path, message, record_id)
                )
    return problems


def _is_file(path: str, body: bytes | None) -> bool:
    """Whether `body` is the attachment itself, not a portal's "not found" page served with
    200 (attachments are scans and documents, never HTML)."""
    if body is None:
        return False
    if PurePosixPath(path).suffix.lower() in (".html", ".htm"):
        return True
    head = body[:512].lstrip().lower()
    return not (head.startswith(b"<!doctype html") or head.startswith(b"<html"))


# --- open data --------------------------------------------------------------------------------

_STATE_WORDS = {State.PUBLISHED.value: "公示中", State.WITHDRAWN.value: "已撤下（显示撤下说明）"}


def read_open_data(body: bytes | None) -> tuple[dict[str, str] | None, list[Problem]]:
    """{record id: state} of `data/records.json` (None when it cannot be read), and what is
    wrong with the file itself."""
    if body is None:
        return None, [_data_problem("网站上没有开放数据文件 data/records.json")]
    try:
        rows = json.loads(body.decode("utf-8-sig"))
    except ValueError:
        return None, [_data_problem("data/records.json 不是有效的 JSON")]
    if not isinstance(rows, list) or not all(_is_row(row) for row in rows):
        return None, [_data_problem("data/records.json 的格式不对：应为带 id 和 state 的对象数组")]
    valid = [row for row in rows if _RECORD_ID.match(row["id"])]
    listed = {row["id"]: row["state"] for row in valid}
    invalid = len(rows) - len(valid)
    problems = (
        [_data_problem(f"data/records.json 中有 {invalid} 个无效的记录编号")] if invalid else []
    )
    return listed, problems


def _is_row(row: object) -> bool:
    return (
        isinstance(row, dict)
        and isinstance(row.get("id"), str)
        and isinstance(row.get("state"), str)
    )


def _data_problem(message: str) -> Problem:
    return Problem(ProblemKind.DATA_UNREADABLE, "R-A1", RECORDS_JSON, message)


def check_open_data(
    listed: Mapping[str, str], entries: Mapping[str, PlanEntry], path: str = RECORDS_JSON
) -> list[Problem]:
    """The open data file at `path` lists exactly the visible records, each in its state
    (R-A1)."""
    problems = [
        problem
        for record_id, state in sorted(listed.items())
        for problem in _listed_record(record_id, state, entries.get(record_id), path)
    ]
    for record_id, entry in sorted(entries.items()):
        if entry.is_visible and record_id not in listed:
            message = f"开放数据缺少记录 {record_id}（应为{_STATE_WORDS[entry.state.value]}）"
            problems.append(Problem(ProblemKind.DATA_MISSING, "R-A1", path, message, record_id))
    return problems


def _listed_record(record_id: str, state: str, entry: PlanEntry | None, path: str) -> list[Problem]:
    if entry is None or not entry.is_visible:
        rule, why = why_hidden(entry)
        message = f"开放数据仍列出记录 {record_id}，但按公示计划不应公开：{why}"
        return [Problem(ProblemKind.DATA_NOT_REMOVED, rule, path, message, record_id)]
    if state == entry.state.value:
        return []
    rule = "R-A5" if entry.state is State.WITHDRAWN else "R-A1"
    shown = _STATE_WORDS.get(state, state)
    message = f"开放数据中记录 {record_id} 的状态为{shown}，应为{_STATE_WORDS[entry.state.value]}"
    return [Problem(ProblemKind.DATA_WRONG_STATE, rule, path, message, record_id)]


# --- personal numbers -------------------------------------------------------------------------


def scan_numbers(
    site: _Site,
    allowed: frozenset[str],
    listing: Sequence[str],
    index: SearchIndex | None = None,
) -> list[Problem]:
    """R-A8: every text file read, the fixed files, the search index's fragments and, where
    the target lists its files, all of them, scanned as the build scans its output. The
    message says what kind of number and where, never the number."""
    site.get_all(path for path in (*FIXED_FILES, *listing) if _is_text(path))
    texts = {
        path: body.decode("utf-8", errors="replace")
        for path, body in site.present()
        if _is_text(path)
    }
    texts.update(index.texts if index is not None else {})
    problems: list[Problem] = []
    for path, text in sorted(texts.items()):
        for leak in scan_text(text, path, allowed):
            message = f"出现未隐去的{LABELS[leak.kind]}（号码不在此显示）"
            record = _record_of(path)
            problems.append(
                Problem(ProblemKind.PERSONAL_NUMBER, "R-A8", path, message, record, leak.line)
            )
    return problems


def _is_text(path: str) -> bool:
    return PurePosixPath(path).suffix.lower() in SCANNED_SUFFIXES


def _record_of(path: str) -> str | None:
    """The record whose folder `path` is in, if any."""
    parts = path.split("/")
    if len(parts) >= 3 and parts[0] == "records" and _RECORD_ID.match(parts[1]):
        return parts[1]
    return None
