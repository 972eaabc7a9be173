"""The static full-text search index (Pagefind) over the published record pages of one build.

The index is written into the staging folder after every page is written and before the
output scan and the swap, so a failed build never publishes an index and the index always
holds the pages of the same build (R-A1). Only published record pages carry
`data-pagefind-body` (`publisher.site.Page.searchable`); withdrawal notices, hidden records
and every other page stay out (R-A5, R-A8). After indexing, the index is read back and
must hold exactly the expected pages, or the build stops (fail closed, RULES.md C).

Pagefind's output is deterministic as long as no page has a `data-pagefind-filter`: fragment,
index and metadata files are named by the hash of their content, and nothing in them depends
on the time, the machine or the folder (the tests build twice and compare bytes, `pagefind/`
included). Pagefind 1.5 writes its filter files in a different order on every run, so the
search page's filters (年份、领域、类别、当事人类型) are not Pagefind's: the build writes
its own table, `pagefind/facets.json`, of each indexed page's values by the page's id in the
index (its fragment's name, which is what Pagefind's search results carry), and the search
page narrows the results with it (`theme/js/search.js`, docs/design.md "Search").

Pagefind is imported only here and only when search is on, so the core (`publisher/`) and a
build with `DISCLOSURE_SEARCH = False` never need it.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath
from typing import Any

from publisher.search_facets import SearchFacets
from publisher.search_index import SEARCH_FOLDER, SearchIndexUnreadable, read_fragments

LANGUAGE = "zh-CN"
"""One language code everywhere: `<html lang="zh-CN">`, the index and the UI strings
(`zh-CN` and `zh` would make two separate indexes). Only Pagefind's extended binary
segments Chinese into words."""
EXCLUDE_SELECTORS = (".print-only", ".record-help")
"""Parts of a record page that are not the record: the printed page address and the
note on how to ask for a correction."""
FACET_TABLE = "facets.json"
"""Our own file in the bundle folder: the filter values of every indexed page."""
ZERO_WIDTH_SPACE = "\u200b"


class SearchIndexError(Exception):
    """The index could not be written, or does not hold exactly the expected pages."""


def index_url(page_file: str, directory_links: bool) -> str:
    """The URL Pagefind records for `records/x/index.html`: `/records/x/index.html`, or
    `/records/x/` when the site is served with directory links. The search page prefixes
    it with the site's own path in the browser, so results work under any sub-path."""
    path = PurePosixPath(page_file)
    if directory_links and path.name == "index.html":
        parent = path.parent.as_posix()
        return "/" if parent == "." else f"/{parent}/"
    return f"/{path.as_posix()}"


def page_glob(page_files: Iterable[str]) -> str:
    """The narrowest glob that covers the pages, so Pagefind does not even read the others
    (they carry no `data-pagefind-body` either: two locks on one door)."""
    tops = {PurePosixPath(name).parts[0] for name in page_files}
    if len(tops) == 1 and all("/" in name for name in page_files):
        return f"{next(iter(tops))}/**/*.html"
    return "**/*.html"


def build_index(
    site: Path, page_files: Iterable[str], facets: SearchFacets, *, directory_links: bool
) -> None:
    """Write the search bundle into `site/pagefind/` for exactly `page_files` (paths
    relative to `site`), check that the index holds exactly those pages, and add the
    filter table of `facets`, which must cover the same pages."""
    pages = sorted(set(page_files))
    if set(facets.pages) != set(pages):
        raise SearchIndexError("搜索筛选条件所列页面与本次生成的公示页面不一致")
    try:
        asyncio.run(_write_index(site, pages, directory_links))
    except SearchIndexError:
        raise
    except Exception as error:  # Pagefind reports its failures as plain exceptions
        raise SearchIndexError(f"Pagefind 未能生成索引：{error}") from error
    expected = {index_url(name, directory_links) for name in pages}
    indexed = {str(fragment.get("url")) for _, fragment in fragments(site)}
    if indexed != expected:
        extra = sorted(indexed - expected)[:5]
        missing = sorted(expected - indexed)[:5]
        raise SearchIndexError(
            f"索引中的页面与本次生成的公示页面不一致（多出：{extra}，缺少：{missing}）"
        )
    table = facet_table(site, facets, directory_links)
    (site / SEARCH_FOLDER / FACET_TABLE).write_bytes(table)


def facet_table(site: Path, facets: SearchFacets, directory_links: bool) -> bytes:
    """`{"facets": [{"name": "year", "values": ["2026", …]}, …], "pages": {"zh-CN_4f20cc1":
    [0, 2, 1, 1], …}}`: each indexed page by its id in the index, with the position of its
    value in each facet's list. Positions keep the file small at thousands of records;
    sorted keys and fixed separators keep it byte-identical for the same input (RULES.md C)."""
    by_url = {index_url(name, directory_links): values for name, values in facets.pages.items()}
    positions = [{o.value: i for i, o in enumerate(facet.options)} for facet in facets.facets]
    pages = {
        PurePosixPath(name).stem: [
            where[value]
            for where, value in zip(positions, by_url[str(fragment["url"])], strict=True)
        ]
        for name, fragment in fragments(site)
    }
    table = {
        "facets": [{"name": f.name, "values": [o.value for o in f.options]} for f in facets.facets],
        "pages": pages,
    }
    text = json.dumps(table, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.encode("utf-8")


async def _write_index(site: Path, pages: list[str], directory_links: bool) -> None:
    try:
        from pagefind.index import IndexConfig, PagefindIndex
    except ImportError as error:
        raise SearchIndexError(
            "未安装 pagefind[extended]：请运行 make 重新安装依赖，或设置 DISCLOSURE_SEARCH = False"
        ) from error
    config = IndexConfig(
        force_language=LANGUAGE,
        exclude_selectors=list(EXCLUDE_SELECTORS),
        keep_index_url=not directory_links,
        write_playground=False,
        output_path=str(site / SEARCH_FOLDER),
    )
    # Leaving the block writes the files; an exception inside it writes nothing.
    async with PagefindIndex(config) as index:
        if not pages:
            # Without a single data-pagefind-body page Pagefind would index whole pages,
            # notices included: with nothing to publish, the index stays empty.
            return
        result = await index.add_directory(str(site), glob=page_glob(pages))
        if result.get("type") != "IndexedDir":
            raise SearchIndexError(f"Pagefind 返回了意外的结果：{result}")


def fragments(site: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    """(path relative to `site`, decoded fragment) of every page in the index, in order;
    read by the core (`publisher.search_index`), which `publisher carriers` uses too."""
    try:
        yield from read_fragments(site)
    except SearchIndexUnreadable as error:
        raise SearchIndexError(str(error)) from error


def fragment_texts(site: Path) -> Iterator[tuple[str, str]]:
    """The indexed text of every page, for the personal-number scan (R-A8): the scan of the
    HTML cannot see inside the compressed fragments, and removing tags can join digits that
    the HTML kept apart. Pagefind's word separators (zero-width spaces) are removed again."""
    for name, fragment in fragments(site):
        meta = fragment.get("meta") or {}
        parts = [str(fragment.get("content", "")), *(str(meta[key]) for key in sorted(meta))]
        yield name, "\n".join(parts).replace(ZERO_WIDTH_SPACE, "")
