"""Pelican plugin: the public enforcement-disclosure website (行政执法公示).

Our records are YAML data, not Pelican articles. The plugin hooks three signals:

- `initialized`: load and check `content/`; any error stops the build before anything is
  written (fail closed, R-C). Otherwise the output is redirected to a staging folder.
- `get_generators`: our generator renders every page of `publisher.site` and writes the
  feeds, open data, sitemap and the attachments of published records.
- `finalized`: with `DISCLOSURE_SEARCH` on, write the search index over the published
  record pages of the staging folder, and its filter table (`search.py`, R-A1); then scan
  the staging folder, the index's text included, for personal numbers (R-A8). A failure or
  a leak discards it, a clean build replaces the output folder in one rename (R-C).

Pelican holds signal receivers by weak reference, so they are module-level functions. State
travels in the Pelican settings under private keys, never in module globals, so that several
builds in one process stay independent.
"""

from __future__ import annotations

import datetime as dt
import gc
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, NoReturn

from pelican import signals  # type: ignore[import-untyped]
from pelican.generators import Generator  # type: ignore[import-untyped]

from publisher.buildcache import content_digest, gc_paused
from publisher.checks import checked_record, known_record_findings, run_checks
from publisher.clock import resolve_as_of
from publisher.content import Content
from publisher.feeds import build_feeds
from publisher.findings import Severity, has_errors, sorted_findings
from publisher.fingerprint import Fingerprinter
from publisher.internal_report.guard import public_build_refusal
from publisher.links import web_address_problem
from publisher.loader import load_content
from publisher.opendata import build_open_data
from publisher.opendata_memo import OpenDataMemo
from publisher.parallel import map_forked
from publisher.public import PublicItem, PublicRecord, public_items
from publisher.public_numbers import public_numbers
from publisher.redaction import Leak, scan_output, scan_text, scan_text_allowing
from publisher.search_facets import SearchFacets, search_facets
from publisher.search_index import SEARCH_FOLDER
from publisher.site import LISTING_PAGE_SIZE, Page, common_context, site_pages, sitemap_entries
from publisher.sitecache import SiteUpdate, Written, attachment_key
from publisher.sitemap import build_sitemap, robots_txt
from publisher.staging import commit_staging, discard_staging, prepare_staging
from publisher.statistics_pages import statistics_files
from publisher.view_sources import ViewSources
from publisher.visibility import Plan, plan_publication
from publisher.wechat.preview import wechat_file_makers

from . import search
from .caching import CacheSession, memo_of, open_session, render_key, writes_are_known
from .rendering import prepare_environment

BUILD_KEY = "_DISCLOSURE_BUILD"
SEARCH_PAGES_KEY = "_DISCLOSURE_SEARCH_PAGES"
"""The output files of the searchable pages, from the generator to `finalized`."""
SEARCH_FACETS_KEY = "_DISCLOSURE_SEARCH_FACETS"
"""The search filters' values of those pages (`publisher.search_facets`), likewise."""


@dataclass(frozen=True)
class Build:
    """What `initialized` hands to the generator and to `finalized`."""

    content: Content
    as_of: dt.date
    staging: Path
    output: Path
    update: SiteUpdate | None = None
    """Writes the new site into the staging folder, reusing unchanged files."""
    cache: CacheSession | None = None
    """The build caches (`caching.py`); None with DISCLOSURE_CACHE off."""
    tracked: bool = False
    """Every file reaching the staging folder is known to the build, and was scanned when
    written (`caching.writes_are_known`); otherwise the whole folder is scanned."""

    @property
    def writer(self) -> SiteUpdate:
        assert self.update is not None, "set by `initialized`"
        return self.update


def fail(lines: list[str], staging: Path | None = None) -> NoReturn:
    """Report on stderr and stop without a traceback; the last good output stays (R-C)."""
    for line in lines:
        print(line, file=sys.stderr)
    if staging is not None:
        discard_staging(staging)
    gc.unfreeze()
    raise SystemExit(1)


def as_of_date(value: object) -> dt.date:
    """DISCLOSURE_AS_OF as given (ISO string or date), or today in Asia/Shanghai."""
    try:
        return resolve_as_of(value if isinstance(value, dt.date) else str(value or ""))
    except ValueError:
        fail([f"DISCLOSURE_AS_OF 应为 YYYY-MM-DD 格式的日期，实际为：{value}"])


def content_folder(path: str) -> Path:
    """The content folder relative to the working directory when it is inside it, so that
    findings read `content/records/x.yaml:5:` as staff and CI logs expect."""
    folder = Path(path)
    try:
        return folder.relative_to(Path.cwd())
    except ValueError:
        return folder


# --- initialized ------------------------------------------------------------------------------


def load_and_check(pelican: Any) -> None:
    settings = pelican.settings
    site_url = str(settings.get("SITEURL") or "").strip()
    if not site_url:
        # Feeds, the sitemap and canonical links need the absolute address (R-A1).
        fail(["错误：未设置网站地址 SITEURL（publisher build --site-url），订阅源和网站地图需要它"])
    if (problem := web_address_problem(site_url)) is not None:
        # It is written into every page's canonical link: a web address, nothing else.
        fail([f"错误：网站地址 SITEURL（publisher build --site-url）{problem}"])
    # The staff's internal report must never become, or be overwritten by, the public site.
    refusal = public_build_refusal(Path(settings["OUTPUT_PATH"]))
    if refusal is not None:
        fail([refusal])
    as_of = as_of_date(settings.get("DISCLOSURE_AS_OF"))
    list_page_size(settings)  # a bad value stops the build before anything is written
    output = Path(settings["OUTPUT_PATH"]).absolute()
    with gc_paused():  # tens of thousands of long-lived objects, no garbage
        cache = open_session(settings, output, Path(settings["PATH"]))
        records = cache.records if cache is not None else None
        # The checks of each record alone run where it is parsed, on every core.
        result = load_content(content_folder(settings["PATH"]), records, checked_record)
        findings = list(result.findings)
        if result.content is not None:
            memo = known_record_findings(result.checked, records)
            findings.extend(run_checks(result.content, as_of, for_build=True, record_findings=memo))
        # The content stays to the end of the build: the collector need not walk it again and
        # again (at 100,000 records each full collection would walk a gigabyte). Frozen before
        # the collector resumes, whose first collection would otherwise walk all of it once
        # (0.8 s at 100,000 records) to find nothing: loading and checking leave no garbage.
        gc.freeze()
    lines = [finding.format_text() for finding in sorted_findings(findings)]
    for line in lines:
        print(line, file=sys.stderr)
    if result.content is None or has_errors(findings):
        errors = sum(1 for f in findings if f.severity is Severity.ERROR)
        fail([f"构建已终止：内容中发现 {errors} 个错误，请按上列文件和行号修改；原网站保持不变。"])
    staging = prepare_staging(output)
    numbers = public_numbers(result.content)
    if cache is not None:
        cache.messages.extend(lines)
        update = cache.start(staging, output, numbers)
    else:
        update = SiteUpdate(staging, output, {}, {}, numbers)
    pelican.output_path = str(staging)
    settings["OUTPUT_PATH"] = str(staging)
    tracked = writes_are_known(settings)
    settings[BUILD_KEY] = Build(result.content, as_of, staging, output, update, cache, tracked)


# --- the generator ----------------------------------------------------------------------------


class DisclosureGenerator(Generator):  # type: ignore[misc]
    """Renders the site from the loaded content; reads no files through Pelican."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        prepare_environment(self.env)

    def generate_context(self) -> None:
        """Nothing to read: the content was loaded and checked at `initialized`."""

    def generate_output(self, writer: Any) -> None:
        del writer  # we write bytes ourselves, in a fixed order (R-C: deterministic output)
        build: Build = self.settings[BUILD_KEY]
        content = build.content
        plan = plan_publication([r.record for r in content.records], content.settings, build.as_of)
        items = public_items(content.records, plan)
        site_url = str(self.settings.get("SITEURL") or "").rstrip("/")
        outputs = self.write_optional_outputs(
            optional_outputs(items, plan, content, site_url, build.cache), build.writer
        )
        with_search = search_enabled(self.settings)
        outputs["search"] = with_search
        pages = site_pages(
            items,
            plan,
            content,
            search=with_search,
            page_size=list_page_size(self.settings),
            charts=memo_of(build.cache, "charts"),
        )
        if with_search:
            self.settings[SEARCH_PAGES_KEY] = tuple(p.output_file for p in pages if p.searchable)
            self.settings[SEARCH_FACETS_KEY] = search_facets(items)
        common = common_context(content.settings, site_url, build.as_of, outputs)
        self.render_pages(pages, common, build, items)
        self.write_files(sitemap_outputs(pages, site_url), build.writer)
        self.copy_attachments(items, content.root, build)
        if build.tracked:
            # What is left of the spare tree goes before Pelican copies the theme's files
            # (into existing files, which may be links); the search index is decided last.
            build.writer.remove_others(keep_prefixes=(f"{SEARCH_FOLDER}/",))

    def render_pages(
        self,
        pages: tuple[Page, ...],
        common: Mapping[str, object],
        build: Build,
        items: Sequence[PublicItem] = (),
    ) -> None:
        """Every page whose fingerprint changed (all of them in a clean build), on every
        core: each worker renders, writes and scans its share of the pages to render.

        The fingerprints are taken here, not in the workers: a worker writes the reference
        count of every object it reads, which copies the memory page around it, and the
        fingerprints read every record's public view. In the workers they made a one-record
        change at 100,000 records copy 450 MB of the build; here, such a build renders its
        few pages without a worker."""
        for page in pages:
            safe_parts(page.output_file)
        pending = [
            (page, key)
            for page, key in zip(pages, self.page_keys(pages, common, build, items), strict=True)
            if not build.writer.keep(page.output_file, key)
        ]
        job = PageJob(self, common, build.writer)
        for written in map_forked(job.render, pending):
            build.writer.record(written)

    def page_keys(
        self,
        pages: Sequence[Page],
        common: Mapping[str, object],
        build: Build,
        items: Sequence[PublicItem],
    ) -> list[bytes | None]:
        """Each page's fingerprint: what it is rendered from, its template's context and
        everything every page shares (`caching.render_key`); all None with caches off. The
        fingerprinter, which keeps alive everything it encoded, goes before the rendering.

        A published record's public view is known by its view source
        (`publisher.view_sources`) rather than read field by field: at 100,000 records that
        was half the fingerprints' time."""
        fingerprints = Fingerprinter()
        shared = render_key(build.cache, self.settings, common, fingerprints)
        if shared is None or build.cache is None:
            return [None] * len(pages)
        context = fingerprints.digest(build.content.settings, build.as_of)
        sources = ViewSources(build.content.records, build.cache.records, context)
        for item in items:
            if (source := sources.of(item)) is not None:
                key = fingerprints.digest("public view", *source)
                if key is not None:
                    fingerprints.stand_for(item, key)
        directory_links = bool(self.settings.get("DISCLOSURE_DIRECTORY_LINKS", False))
        return [fingerprints.digest(shared, directory_links, page) for page in pages]

    def render(self, page: Page, common: Mapping[str, object]) -> bytes:
        directory_links = bool(self.settings.get("DISCLOSURE_DIRECTORY_LINKS", False))
        site_url = str(common["site_url"])
        context = {
            **common,
            **page.context,
            "page": page,
            "root": page.root,
            "directory_links": directory_links,
            "canonical": f"{site_url}/{page.path}" if site_url else "",
            "nav_here": nav_entry_of(page, common["nav"]),
        }
        html: str = self.get_template(page.template).render(context)
        return html.encode("utf-8")

    def write_files(self, files: Mapping[str, bytes], update: SiteUpdate) -> None:
        """Generated files (feeds, open data, sitemap…): kept when their bytes are the same."""
        write_generated(((name, files[name]) for name in sorted(files)), update)

    def write_optional_outputs(
        self, makers: Mapping[str, OutputMaker], update: SiteUpdate
    ) -> dict[str, bool]:
        """Each kind of optional output made and written in turn, and let go of before the
        next is made (at 100,000 records the WeChat files are 160 MB, the open data 90 MB);
        which kinds have files, for the pages' links."""
        return {name: write_generated(make(), update) > 0 for name, make in makers.items()}

    def copy_attachments(self, items: list[PublicItem], root: Path, build: Build) -> None:
        """Attachments go out with PUBLISHED records only: a withdrawn or hidden record's
        files must not stay reachable (R-A5, R-A4)."""
        for item in items:
            if not isinstance(item, PublicRecord):
                continue
            for attachment in item.attachments:
                source = (root / attachment.source).resolve()
                if not source.is_relative_to(root.resolve()) or not source.is_file():
                    fail(
                        [
                            f"{root / attachment.source}: 错误 [R-A2] 记录 {item.id} 的附件不存在或不在内容目录中"
                        ],
                        build.staging,
                    )
                safe_parts(attachment.url_path)
                key = attachment_key(source, time.time_ns())
                build.writer.copy(attachment.url_path, source, key)


@dataclass(frozen=True)
class PageJob:
    """The work on one page whose fingerprint the current site has no file of, in whichever
    process runs it: the page rendered, written and scanned."""

    generator: DisclosureGenerator
    common: Mapping[str, object]
    update: SiteUpdate

    def render(self, pending: tuple[Page, bytes | None]) -> Written:
        """`pending`: the page and its fingerprint (None: not fingerprinted)."""
        page, key = pending
        data = self.generator.render(page, self.common)
        digest = None
        if key is None:  # not fingerprintable: the same bytes still need no new file
            key = digest = content_digest(data)
            if (reused := self.update.reuse(page.output_file, key)) is not None:
                return reused
        return self.update.write_new(page.output_file, data, key, digest)


def nav_entry_of(page: Page, nav: object) -> str | None:
    """The page's own path when it is an entry of the main navigation, else None: the
    header, rendered once for many pages (`rendering.Fragments`), depends on no more."""
    assert isinstance(nav, tuple)
    return page.path if any(page.path == path for path, _label in nav) else None


def safe_parts(name: str) -> tuple[str, ...]:
    """The parts of an output path, refusing anything that would leave the output folder.
    The parts are those of `PurePosixPath(name)`, found without making one for each page."""
    parts = tuple(part for part in name.split("/") if part and part != ".")
    if name.startswith("/") or ".." in parts or not parts:
        raise ValueError(f"unsafe output path: {name!r}")
    return parts


@dataclass(frozen=True, slots=True)
class LazyFile:
    """A generated file made only when the current site has no file of its `key` (what
    decides its bytes, as a page's fingerprint does)."""

    key: bytes
    make: Callable[[], bytes]


OutputMaker = Callable[[], Iterable[tuple[str, bytes | LazyFile]]]
"""Makes one kind of optional output when called: its files, by path, one after another."""


def write_generated(files: Iterable[tuple[str, bytes | LazyFile]], update: SiteUpdate) -> int:
    """Generated files, made one after another: each kept when its bytes, or the key of a
    `LazyFile`, are those of the current site's file (a lazy file is then not made at all);
    how many there were."""
    count = 0
    for name, data in files:
        safe_parts(name)
        if not isinstance(data, LazyFile):
            update.write(name, data)
        elif not update.keep(name, data.key):
            update.record(update.write_new(name, data.make(), data.key))
        count += 1
    return count


def optional_outputs(
    items: list[PublicItem],
    plan: Plan,
    content: Content,
    site_url: str,
    cache: CacheSession | None = None,
) -> dict[str, OutputMaker]:
    """Feeds, open data, the annual reports' CSV files (R-A10) and the WeChat previews, keyed
    by kind; the pages link to each kind that has files. `cache`: the build's caches, whose
    memos keep the pieces of these files that did not change; each memo is finished
    (`Memo.finish`) as soon as its kind is made."""

    def feeds() -> Iterable[tuple[str, bytes]]:
        return sorted(build_feeds(items, plan, content.settings, site_url).items())

    def open_data() -> Iterable[tuple[str, bytes]]:
        pieces = open_data_pieces(content, plan.as_of, cache)
        files = build_open_data(items, plan, content.settings, pieces)
        memo_of(cache, "opendata").finish()
        return sorted(files.items())

    def statistics() -> Iterable[tuple[str, bytes]]:
        return sorted(statistics_files(content, plan.as_of).items())

    def wechat() -> Iterator[tuple[str, bytes | LazyFile]]:
        # WeChat article previews and draft bodies (R-A1); not pages, so never in the sitemap.
        memo = memo_of(cache, "wechat")
        files = wechat_file_makers(content, plan, site_url, items=items, memo=memo)
        memo.finish()
        fingerprints = Fingerprinter()
        for name, article, make in files:
            # A file shows its article and nothing else (and our code, which the reuse of
            # any file of the current site is tied to): an unchanged article, an unchanged
            # file, not made again.
            key = None if article is None or cache is None else fingerprints.digest(name, article)
            yield name, make() if key is None else LazyFile(key, make)

    return {"feeds": feeds, "opendata": open_data, "statistics": statistics, "wechat": wechat}


def open_data_pieces(content: Content, as_of: dt.date, cache: CacheSession | None) -> OpenDataMemo:
    """Each record's part of the open data, kept between builds (`publisher.opendata_memo`)."""
    records = cache.records if cache is not None else None
    memo = memo_of(cache, "opendata")
    return OpenDataMemo(memo, content.records, records, content.settings, as_of)


def sitemap_outputs(pages: tuple[Page, ...], site_url: str) -> dict[str, bytes]:
    return {
        "sitemap.xml": build_sitemap(sitemap_entries(pages), site_url),
        "robots.txt": robots_txt(site_url),
    }


def list_page_size(settings: Mapping[str, Any]) -> int:
    """DISCLOSURE_PAGE_SIZE: entries on one page of a list (default LISTING_PAGE_SIZE)."""
    value = settings.get("DISCLOSURE_PAGE_SIZE", LISTING_PAGE_SIZE)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        fail([f"DISCLOSURE_PAGE_SIZE 应为正整数，实际为：{value!r}"])
    return value


def search_enabled(settings: Mapping[str, Any]) -> bool:
    """DISCLOSURE_SEARCH: write a search page and index (default off)."""
    return bool(settings.get("DISCLOSURE_SEARCH", False))


def add_generator(pelican: Any) -> type[Generator]:
    """Sent on every run: a second run of the same Pelican object (`--autoreload`) reloads
    the content and gets a fresh staging folder, since the first run consumed its own."""
    if BUILD_KEY not in pelican.settings:
        load_and_check(pelican)
    return DisclosureGenerator


# --- finalized --------------------------------------------------------------------------------


def scan_and_commit(pelican: Any) -> None:
    build: Build | None = pelican.settings.pop(BUILD_KEY, None)
    search_pages: tuple[str, ...] = pelican.settings.pop(SEARCH_PAGES_KEY, ())
    facets: SearchFacets = pelican.settings.pop(SEARCH_FACETS_KEY, SearchFacets((), {}))
    if build is None:
        return
    if build.tracked:
        leaks = finish_tracked(pelican, build, search_pages, facets)
    else:
        leaks = finish_whole(pelican, build, search_pages, facets)
    if leaks:
        fail(
            [leak.format_text() for leak in sorted(leaks)]
            + [f"构建已终止：输出中发现 {len(leaks)} 处未隐去的个人信息；原网站保持不变。"],
            build.staging,
        )
    if build.cache is not None and build.update is not None:
        build.cache.commit(build.staging, build.output)
        build.cache.save(build.output, build.update)
    else:
        commit_staging(build.staging, build.output)
    # Pelican's own summary and any later plugin should see the real output folder.
    pelican.output_path = str(build.output)
    pelican.settings["OUTPUT_PATH"] = str(build.output)
    gc.unfreeze()


def finish_whole(
    pelican: Any, build: Build, search_pages: tuple[str, ...], facets: SearchFacets
) -> list[Leak]:
    """The search index, then the leak scan of every file in the staging folder (R-A8): the
    build cannot know every file that others wrote there."""
    numbers = public_numbers(build.content)
    leaks: list[Leak] = []
    if search_enabled(pelican.settings):
        write_search_index(pelican, build, search_pages, facets)
        for name, text in search.fragment_texts(build.staging):
            leaks.extend(scan_text(text, name, numbers))
    leaks.extend(scan_output(build.staging, public_numbers=numbers))
    return leaks


def finish_tracked(
    pelican: Any, build: Build, search_pages: tuple[str, ...], facets: SearchFacets
) -> list[Leak]:
    """The search index (kept when its pages are unchanged), the theme's files, and the
    leaks found in every file written, copied or kept (R-A8): each was scanned when written,
    and a kept file again when a number it showed is no longer public."""
    update, cache = build.writer, build.cache
    folder = f"{SEARCH_FOLDER}/"
    leaks: list[Leak] = []
    if not search_enabled(pelican.settings):
        update.remove_spare_under(folder)
    elif cache is None or not cache.keep_search_index(
        update, search_pages, directory_links(pelican), facets
    ):
        update.remove_spare_under(folder)
        write_search_index(pelican, build, search_pages, facets)
        update.adopt(folder)
        for name, text in search.fragment_texts(build.staging):
            found, allowed = scan_text_allowing(text, name, update.numbers)
            leaks.extend(found)
            update.files[name] = replace(update.files[name], allowed=allowed)
    update.adopt(f"{pelican.settings['THEME_STATIC_DIR']}/")
    update.prune_folders()
    return [*update.leaks, *leaks]


def directory_links(pelican: Any) -> bool:
    return bool(pelican.settings.get("DISCLOSURE_DIRECTORY_LINKS", False))


def write_search_index(
    pelican: Any, build: Build, pages: tuple[str, ...], facets: SearchFacets
) -> None:
    """The index and its filter table go into the staging folder, over the pages of this
    build only (R-A1)."""
    directory_links = bool(pelican.settings.get("DISCLOSURE_DIRECTORY_LINKS", False))
    try:
        search.build_index(build.staging, pages, facets, directory_links=directory_links)
    except search.SearchIndexError as error:
        fail([f"构建已终止：站内搜索索引生成失败（{error}）；原网站保持不变。"], build.staging)


def register() -> None:
    signals.initialized.connect(load_and_check)
    signals.get_generators.connect(add_generator)
    signals.finalized.connect(scan_and_commit)
