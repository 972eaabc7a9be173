"""The static full-text search index (Pagefind) over the published record pages of one build.

The index is written into the staging folder after every page is written and before the
output scan and the swap, so a failed build never publishes an index and the index always
holds the pages of the same build (R-A1). Only published record pages carry
`data-pagefind-body` (`publisher.site.Page.searchable`); withdrawal notices, hidden records
and every other page stay out (R-A5, R-A8). After indexing, the index is read back and
must hold exactly the expected pages, or the build stops (fail closed, RULES.md C).

Pagefind's output is deterministic: fragment, index and metadata files are named by the hash
of their content, and nothing in them depends on the time, the machine or the folder (the
tests build twice and compare bytes, `pagefind/` included).

Pagefind is imported only here and only when search is on, so the core (`publisher/`) and a
build with `DISCLOSURE_SEARCH = False` never need it.
"""

from __future__ import annotations

import asyncio
import gzip
import json
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath
from typing import Any

SEARCH_FOLDER = "pagefind"
"""The bundle folder under the site root; the search page loads its UI from here."""
LANGUAGE = "zh-CN"
"""One language code everywhere: `<html lang="zh-CN">`, the index and the UI strings
(`zh-CN` and `zh` would make two separate indexes). Only Pagefind's extended binary
segments Chinese into words."""
EXCLUDE_SELECTORS = (".print-only", ".record-help")
"""Parts of a record page that are not the record: the printed page address and the
note on how to ask for a correction."""
FRAGMENT_SIGNATURE = b"pagefind_dcd"
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


def build_index(site: Path, page_files: Iterable[str], *, directory_links: bool) -> None:
    """Write the search bundle into `site/pagefind/` for exactly `page_files` (paths
    relative to `site`), then check that the index holds exactly those pages."""
    pages = sorted(set(page_files))
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
    """(path relative to `site`, decoded fragment) of every page in the index, in order.

    A fragment is gzip-compressed JSON after a signature: the page's URL, its title and the
    text that search results quote."""
    folder = site / SEARCH_FOLDER / "fragment"
    for path in sorted(folder.glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        if not data.startswith(FRAGMENT_SIGNATURE):
            raise SearchIndexError(f"无法读取索引片段：{path.name}")
        yield path.relative_to(site).as_posix(), json.loads(data[len(FRAGMENT_SIGNATURE) :])


def fragment_texts(site: Path) -> Iterator[tuple[str, str]]:
    """The indexed text of every page, for the personal-number scan (R-A8): the scan of the
    HTML cannot see inside the compressed fragments, and removing tags can join digits that
    the HTML kept apart. Pagefind's word separators (zero-width spaces) are removed again."""
    for name, fragment in fragments(site):
        meta = fragment.get("meta") or {}
        parts = [str(fragment.get("content", "")), *(str(meta[key]) for key in sorted(meta))]
        yield name, "\n".join(parts).replace(ZERO_WIDTH_SPACE, "")
