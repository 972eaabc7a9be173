"""`publisher verify` on the carriers besides record pages (R-A1: all carriers of a build show
the same records in the same state): the list pages, the sitemap, the feeds, the search index
and the CSV open data of a deployed copy, against the publication plan of the as-of date.

A record that left the site (R-A3, R-A4, R-A5, R-A8) must leave every carrier; a record the
plan shows must be on each. The list pages to expect are computed by the functions that build
them (`publisher.site`), for the plan of the day; stale ones are looked for where a stale
build leaves them (one page more at the end of a list, the months before the first one still
listed; in a folder, every list page there is). A page is recognised by its canonical link,
so that a portal answering unknown addresses with its own page and status 200 does not pass
for a page of the site.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import urllib.parse
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Protocol

from publisher.content import Content
from publisher.feeds import CHANGES_ATOM, CHANGES_RSS, RESULTS_ATOM, RESULTS_RSS
from publisher.public import PublicItem
from publisher.search_index import (
    ENTRY,
    SearchIndexUnreadable,
    fragment_paths,
    fragment_text,
    fragment_url,
    meta_paths,
)
from publisher.site import (
    LIST_PATH,
    PAGE_SEGMENT,
    PARTY_TYPES_PATH,
    ListEntry,
    Page,
    Pagination,
    area_pages,
    area_summaries,
    correction_entries,
    corrections_page,
    facet_groups,
    home_page,
    kind_pages,
    list_entry,
    listing_page_path,
    main_list_pages,
    month_path,
    month_range,
    newest_first,
    party_type_pages,
    party_type_summaries,
    year_pages,
    year_summaries,
)
from publisher.sitemap import SITEMAP_PATH
from publisher.verify_problems import Problem, ProblemKind, why_hidden
from publisher.visibility import PlanEntry, State

FEEDS = (RESULTS_ATOM, RESULTS_RSS, CHANGES_ATOM, CHANGES_RSS)
SEARCH_PAGE = "search/index.html"
# Where list pages live; a page elsewhere (about/, statistics/) shows no record list.
LIST_FOLDERS = (LIST_PATH, "kinds/", "years/", "areas/", PARTY_TYPES_PATH)
# A record's address in a link, a feed entry, a sitemap location or a search fragment.
_RECORD_LINK = re.compile(r"(?:^|/)records/([a-z0-9][a-z0-9-]{2,63})(?![a-z0-9-])")
_SITEMAP_LOC = re.compile(r"<loc>\s*([^<\s]+)\s*</loc>")


class SiteReader(Protocol):
    """The deployed copy as `publisher.verify` reads it: each file once, many at a time."""

    def get(self, path: str) -> bytes | None: ...

    def get_all(self, paths: Iterable[str]) -> dict[str, bytes | None]: ...


# --- list pages ------------------------------------------------------------------------------


def expected_list_pages(
    content: Content, items: Sequence[PublicItem], as_of: dt.date, page_size: int
) -> list[Page]:
    """The pages that list records on `as_of`: home, the lists by kind, year and month, area
    and party type, each paged and sorted, and the corrections page; built by the same
    functions as the site (`publisher.site.site_pages`), without the pages that list none."""
    entries = newest_first(list_entry(item) for item in items)
    years = year_summaries(entries, as_of)
    facets = facet_groups(years)
    return [
        home_page(entries, content.settings, years),
        *main_list_pages(entries, facets, page_size),
        *year_pages(years, facets, page_size),
        *area_pages(area_summaries(entries), facets, page_size),
        *kind_pages(entries, facets, page_size),
        *party_type_pages(party_type_summaries(entries), facets, page_size),
        corrections_page(correction_entries(items)),
    ]


@dataclass(frozen=True)
class _Family:
    """One list (its first page's path) and the records it must show over all its pages."""

    path: str
    expected: frozenset[str]
    pages: tuple[str, ...]


def check_lists(
    reader: SiteReader,
    pages: Sequence[Page],
    entries: Mapping[str, PlanEntry],
    stale_candidates: Iterable[str],
) -> list[Problem]:
    """Every list page of the plan is there and shows every record of its list; no list page,
    expected or left over, links to a record the plan hides; no left-over list page is up."""
    expected = {page.output_file: page.path for page in pages}
    stale = sorted(set(stale_candidates) - set(expected))
    bodies = reader.get_all([*expected, *stale])
    problems = [
        _missing_page(file, path)
        for file, path in expected.items()
        if not is_site_page(bodies[file], path)
    ]
    shown = {file: linked_records(body) for file, body in bodies.items() if body is not None}
    for file in sorted(shown):
        problems += _hidden_links(file, shown[file], entries)
    for family in _families(pages):
        problems += _left_out(family, shown, stale)
    for file in stale:
        if is_confirmed_page(bodies[file], file.removesuffix("index.html")):
            message = f"列表页 {file} 按公示计划已不应存在，但仍在网站上（网站未按时重新生成）"
            problems.append(Problem(ProblemKind.PAGE_NOT_REMOVED, "R-A1", file, message))
    return problems


def _missing_page(file: str, path: str) -> Problem:
    message = f"按公示计划应有列表页 {path or '首页'}，但网站上没有（或该地址返回的不是本站页面）"
    return Problem(ProblemKind.PAGE_MISSING, "R-A1", file, message)


def _hidden_links(
    file: str,
    linked: Iterable[str],
    entries: Mapping[str, PlanEntry],
    kind: ProblemKind = ProblemKind.LIST_NOT_UPDATED,
    carries: str = "页面 {file} 仍列出记录 {record}",
) -> list[Problem]:
    """A problem for each record in `linked` that the plan hides; `carries` says where."""
    problems = []
    for record_id in sorted(linked):
        entry = entries.get(record_id)
        if entry is not None and entry.is_visible:
            continue
        rule, why = why_hidden(entry)
        where = carries.format(file=file, record=record_id)
        message = f"{where}，但按公示计划不应公开：{why}"
        problems.append(Problem(kind, rule, file, message, record_id))
    return problems


def _families(pages: Sequence[Page]) -> Iterator[_Family]:
    """The paged lists among `pages`, each with all its entries."""
    grouped: dict[str, list[Page]] = {}
    for page in pages:
        pagination = page.context.get("pagination")
        if isinstance(pagination, Pagination):
            grouped.setdefault(pagination.first_path, []).append(page)
    for first, members in sorted(grouped.items()):
        ids = frozenset(
            entry.id
            for page in members
            for entry in _tuple(page.context.get("entries"))
            if isinstance(entry, ListEntry)
        )
        yield _Family(first, ids, tuple(page.output_file for page in members))


def _tuple(value: object) -> tuple[object, ...]:
    return value if isinstance(value, tuple) else ()


def _left_out(
    family: _Family, shown: Mapping[str, frozenset[str]], stale: Sequence[str]
) -> list[Problem]:
    """Records a list must show and shows on none of its pages (when any page is there). A
    left-over later page of the list counts: it is reported itself, and a record on it is on
    the list (as when the site was built with another page size)."""
    if not any(file in shown for file in family.pages):
        return []  # the list's pages are missing: reported once each, not per record
    later = f"{family.path}{PAGE_SEGMENT}/"
    files = [*family.pages, *(file for file in stale if file.startswith(later))]
    linked = frozenset().union(*(shown.get(file, frozenset()) for file in files))
    first = f"{family.path}index.html"
    return [
        Problem(
            ProblemKind.LIST_MISSING_RECORD,
            "R-A1",
            first,
            f"列表 {family.path} 缺少按公示计划应列出的记录 {record_id}",
            record_id,
        )
        for record_id in sorted(family.expected - linked)
    ]


def stale_list_candidates(
    content: Content, pages: Sequence[Page], as_of: dt.date, listing: Sequence[str]
) -> list[str]:
    """Where a stale build leaves list pages the plan no longer has: in a folder, every list
    page there; over HTTP, one page beyond the end of each list, and the years and months
    between the first publication in the content and the first month still listed."""
    if listing:
        return [p for p in listing if p.endswith("index.html") and p.startswith(LIST_FOLDERS)]
    candidates = {
        f"{listing_page_path(pagination.first_path, pagination.count + 1)}index.html"
        for page in pages
        if isinstance(pagination := page.context.get("pagination"), Pagination)
    }
    published = [r.record.published for r in content.records if r.record.published is not None]
    first = min((day for day in published if day <= as_of), default=as_of)
    for year, month in month_range(first, as_of):
        candidates.add(f"years/{year}/index.html")
        candidates.add(f"{month_path(year, month)}index.html")
    return sorted(candidates)


def is_site_page(body: bytes | None, path: str) -> bool:
    """Whether `body` may be this site's page at `path`: its canonical link says so, or it
    has none (a site built without its address) and is HTML at all."""
    if body is None:
        return False
    canonical, html = _identity(body)
    return html if canonical is None else _canonical_is(canonical, path)


def is_confirmed_page(body: bytes | None, path: str) -> bool:
    """Whether `body` is certainly this site's page at `path`: its canonical link says so.
    Only that counts for a page that should not be there, or an answer to an unknown address
    (a portal's own page with status 200) would be taken for a left-over page."""
    if body is None:
        return False
    canonical, _html = _identity(body)
    return canonical is not None and _canonical_is(canonical, path)


def _identity(body: bytes) -> tuple[str | None, bool]:
    parser = _PageParser()
    parser.feed(body.decode("utf-8", errors="replace"))
    parser.close()
    return parser.canonical, parser.html


def _canonical_is(canonical: str, path: str) -> bool:
    address = urllib.parse.urlsplit(canonical).path
    return address.endswith(f"/{path}") if path else address.endswith("/")


def linked_records(body: bytes) -> frozenset[str]:
    """The records a page links to (any form: `records/<id>/`, `…/index.html`, absolute)."""
    parser = _PageParser()
    parser.feed(body.decode("utf-8", errors="replace"))
    parser.close()
    return frozenset(
        match.group(1) for href in parser.links for match in [_RECORD_LINK.search(href)] if match
    )


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.canonical: str | None = None
        self.links: list[str] = []
        self.html = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.html = self.html or tag in ("html", "body", "head")
        href = values.get("href") or ""
        if tag == "link" and values.get("rel") == "canonical" and self.canonical is None:
            self.canonical = href
        elif tag == "a" and href:
            self.links.append(urllib.parse.urlsplit(href).path)


# --- sitemap and feeds -------------------------------------------------------------------------


def check_sitemap(body: bytes | None, entries: Mapping[str, PlanEntry]) -> list[Problem]:
    """The sitemap lists every visible record's address and no other record's."""
    if body is None or b"<urlset" not in body:  # none, or a portal's "not found" page
        message = f"网站上没有 {SITEMAP_PATH}"
        return [Problem(ProblemKind.PAGE_MISSING, "R-A1", SITEMAP_PATH, message)]
    listed = {
        match.group(1)
        for loc in _SITEMAP_LOC.findall(body.decode("utf-8", errors="replace"))
        if (match := _RECORD_LINK.search(urllib.parse.urlsplit(loc).path)) is not None
    }
    problems = []
    for record_id in sorted(listed):
        entry = entries.get(record_id)
        if entry is None or not entry.is_visible:
            rule, why = why_hidden(entry)
            message = f"{SITEMAP_PATH} 仍列出记录 {record_id} 的地址，但按公示计划不应公开：{why}"
            problems.append(
                Problem(ProblemKind.SITEMAP_NOT_UPDATED, rule, SITEMAP_PATH, message, record_id)
            )
    for record_id, entry in sorted(entries.items()):
        if entry.is_visible and record_id not in listed:
            message = f"{SITEMAP_PATH} 缺少按公示计划应公开的记录 {record_id} 的地址"
            problems.append(
                Problem(ProblemKind.SITEMAP_MISSING, "R-A1", SITEMAP_PATH, message, record_id)
            )
    return problems


def check_feeds(reader: SiteReader, entries: Mapping[str, PlanEntry]) -> list[Problem]:
    """No feed carries an entry for a record the plan hides (the feeds hold only the latest
    entries, so a visible record absent from them is no problem)."""
    problems = []
    for feed, body in reader.get_all(FEEDS).items():
        if body is None or not (b"<feed" in body or b"<rss" in body):
            message = f"网站上没有订阅源 {feed}"
            problems.append(Problem(ProblemKind.PAGE_MISSING, "R-A1", feed, message))
            continue
        carried = {m.group(1) for m in _RECORD_LINK.finditer(body.decode("utf-8", "replace"))}
        problems += _hidden_links(
            feed,
            carried,
            entries,
            ProblemKind.FEED_NOT_UPDATED,
            "订阅源 {file} 仍有记录 {record} 的条目",
        )
    return problems


# --- search index ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchIndex:
    """What the deployed search index can find: record id -> fragment path, and the text of
    every fragment (scanned for personal numbers like every other file)."""

    records: dict[str, str]
    texts: dict[str, str]


def read_search_index(reader: SiteReader) -> tuple[SearchIndex | None, list[Problem]]:
    """The deployed index (None when the site has no search: no index and no search page)."""
    entry = reader.get(ENTRY)
    if entry is None or entry.lstrip()[:1] == b"<":  # none, or a portal's "not found" page
        if not is_confirmed_page(reader.get(SEARCH_PAGE), SEARCH_PAGE.removesuffix("index.html")):
            return None, []
        return None, [_unreadable(ENTRY, "网站有搜索页，但没有搜索索引")]
    try:
        metas = reader.get_all(meta_paths(entry))
        fragments: list[str] = []
        for path, meta in sorted(metas.items()):
            if meta is None:
                return None, [_unreadable(path, "搜索索引不完整：缺少索引元数据文件")]
            fragments += fragment_paths(meta)
        return _fragments(reader.get_all(fragments))
    except SearchIndexUnreadable as error:
        return None, [_unreadable(ENTRY, f"搜索索引无法读取：{error}")]


def _fragments(bodies: Mapping[str, bytes | None]) -> tuple[SearchIndex, list[Problem]]:
    records: dict[str, str] = {}
    texts: dict[str, str] = {}
    problems = []
    for path, body in sorted(bodies.items()):
        if body is None:
            problems.append(_unreadable(path, "搜索索引不完整：缺少索引片段"))
            continue
        url = fragment_url(body)
        match = _RECORD_LINK.search(urllib.parse.urlsplit(url).path)
        if match is not None:
            records[match.group(1)] = path
        texts[path] = fragment_text(body)
    return SearchIndex(records, texts), problems


def _unreadable(path: str, message: str) -> Problem:
    return Problem(ProblemKind.SEARCH_UNREADABLE, "R-A1", path, message)


def check_search(index: SearchIndex, entries: Mapping[str, PlanEntry]) -> list[Problem]:
    """The index finds exactly the published records: no hidden one, no withdrawn one (a
    notice is never indexed, and the decision must not be found, R-A5), every published one."""
    problems = []
    for record_id, path in sorted(index.records.items()):
        entry = entries.get(record_id)
        if entry is not None and entry.state is State.PUBLISHED:
            continue
        if entry is not None and entry.state is State.WITHDRAWN:
            rule, why = "R-A5", "已撤下，站内搜索不应再找到原决定内容"
        else:
            rule, why = why_hidden(entry)
        message = f"站内搜索仍能找到记录 {record_id}，但按公示计划不应公开：{why}"
        problems.append(Problem(ProblemKind.SEARCH_NOT_UPDATED, rule, path, message, record_id))
    for record_id, entry in sorted(entries.items()):
        if entry.state is State.PUBLISHED and record_id not in index.records:
            message = f"站内搜索找不到按公示计划应公开的记录 {record_id}（搜索索引未更新）"
            problems.append(Problem(ProblemKind.SEARCH_MISSING, "R-A1", ENTRY, message, record_id))
    return problems


# --- CSV open data -----------------------------------------------------------------------------


def csv_states(body: bytes) -> dict[str, str] | None:
    """{record id: state} of `data/records.csv` (its `id` and `state` columns); None when it
    has no such columns. Rows without a valid record id are not records and are skipped."""
    rows = csv.DictReader(io.StringIO(body.decode("utf-8-sig", errors="replace")))
    if rows.fieldnames is None or not {"id", "state"} <= set(rows.fieldnames):
        return None
    return {
        row["id"]: row["state"]
        for row in rows
        if isinstance(row.get("id"), str)
        and isinstance(row.get("state"), str)
        and re.fullmatch(r"[a-z0-9][a-z0-9-]{2,63}", row["id"])
    }
