"""How one build uses the caches (`DISCLOSURE_CACHE`; docs/design.md, "Caches and
incremental builds").

`open_session` reads what the last good build of this output folder left: the parse cache of
the records, the manifest of the output folder and its spare tree (`publisher.sitecache`).
`CacheSession.start` makes the staging folder (the spare tree moved in, or empty) and the
`SiteUpdate` that writes the new site into it, reusing every file whose key is unchanged.
After the swap, `CacheSession.save` writes the caches for the next build. Nothing is written
when the build fails, and nothing is read or written without the setting.

Reuse needs the build to know every file that reaches the staging folder, so it is on only
when our generator is the only one that writes (`writes_are_known`): our plugin alone,
and Pelican's own articles, pages, static files and direct templates off, as in
`pelicanconf.py`. Pelican then writes nothing but the theme's static files, which are
written afresh at every build. The same condition lets the leak scan (R-A8) read each file
as it is written instead of the whole staging folder at the end.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import publisher
from publisher.buildcache import cache_folder, code_fingerprint, tree_digest
from publisher.fastpath import ContentInputs, content_inputs
from publisher.fingerprint import Fingerprinter
from publisher.memo import Memo
from publisher.parsecache import RecordCache
from publisher.search_index import SEARCH_FOLDER
from publisher.sitecache import (
    FileState,
    Manifest,
    SiteCache,
    SiteUpdate,
    SpareTree,
    TreeState,
    inode_of,
    unchanged_files,
)
from publisher.staging import commit_staging

CACHE_SETTING = "DISCLOSURE_CACHE"
# Settings that do not decide what a page says: where it is written, and the cache switch.
_NOT_RENDERED = frozenset({"OUTPUT_PATH", CACHE_SETTING})
# Pelican's own writers; all must be off for the build to know every file it writes.
_PELICAN_WRITERS = ("ARTICLE_PATHS", "PAGE_PATHS", "STATIC_PATHS", "DIRECT_TEMPLATES")


def cache_enabled(settings: Mapping[str, Any]) -> bool:
    """DISCLOSURE_CACHE: use and keep the build caches (default on; `publisher build
    --no-cache` turns it off)."""
    return bool(settings.get(CACHE_SETTING, True))


def writes_are_known(settings: Mapping[str, Any]) -> bool:
    """Only our generator writes, and Pelican the theme's files (the module's docstring)."""
    plugins = [getattr(p, "__name__", p) for p in settings.get("PLUGINS") or ()]
    return (
        [str(p).rsplit(".", 1)[-1] for p in plugins] == ["disclosure"]
        and not any(settings.get(name) for name in _PELICAN_WRITERS)
        and not settings.get("TEMPLATE_PAGES")
        and not settings.get("OUTPUT_SOURCES")
        and not settings.get("DELETE_OUTPUT_DIRECTORY")
    )


def code_folders() -> tuple[Path, ...]:
    """Our code: the publisher package and this plugin."""
    return (Path(publisher.__file__).parent, Path(__file__).parent)


def theme_folders(settings: Mapping[str, Any]) -> tuple[Path, ...]:
    """The theme (templates and static files) and any template overrides."""
    overrides = settings.get("THEME_TEMPLATES_OVERRIDES") or ()
    return (Path(settings["THEME"]), *(Path(p) for p in overrides))


@dataclass
class CacheSession:
    """One build's caches; `site` is None when the output folder's caches are not used."""

    code_key: str
    records: RecordCache | None
    site: SiteCache | None
    previous: Manifest | None
    """The manifest of the last good build of this output folder, of whatever code: its files
    are reused only when the code is the same (`start`), its tree in any case."""
    inputs: ContentInputs | None
    messages: list[str] = field(default_factory=list)
    build_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    render_key: bytes | None = None
    search_key: bytes | None = None
    folder: Path | None = None
    """The cache folder (`publisher.buildcache.cache_folder`)."""
    memos: dict[str, Memo] = field(default_factory=dict)
    """The pieces of whole-site files kept between builds (`publisher.memo`), by kind."""

    def memo(self, name: str) -> Memo:
        """The memo of one kind of piece, opened on first use, saved with the caches."""
        if name not in self.memos:
            self.memos[name] = (
                Memo.disabled()
                if self.folder is None
                else Memo.in_folder(self.folder, name, self.code_key)
            )
        return self.memos[name]

    def start(self, staging: Path, output: Path, numbers: frozenset[str]) -> SiteUpdate:
        """The staging folder made ready (the spare tree, or empty) and its updater."""
        live: Mapping[str, FileState] = {}
        spare: TreeState | None = None
        if self.site is not None and self.previous is not None:
            if self.previous.code_key == self.code_key:
                files = self.previous.live.files
                unchanged = unchanged_files(output, files)
                # Usually all of them: then the manifest's own table, not a copy of it.
                live = files if len(unchanged) == len(files) else {n: files[n] for n in unchanged}
            spare = self.site.spare(self.previous)
            if spare is not None and not self.site.take_spare(staging):
                spare = None
        if spare is None:
            return SiteUpdate(staging, output, live, {}, numbers)
        inodes = {name: inode_of(state.stamp) for name, state in spare.files.items()}
        return SiteUpdate(staging, output, live, inodes, numbers, spare.folders)

    def save(self, output: Path, update: SiteUpdate) -> None:
        """After the swap: the caches for the next build. The previous site, if it was
        described, is now the spare tree."""
        if self.records is not None:
            self.records.save()
        for memo in self.memos.values():
            memo.save()
        if self.site is None:
            return
        manifest = Manifest(
            build_id=self.build_id,
            code_key=self.code_key,
            code_folders=tuple(str(p) for p in code_folders()),
            render_key=self.render_key,
            search_key=self.search_key,
            live=update.stamps(output),
            messages=tuple(self.messages),
        )
        previous = self.previous
        kept = (
            previous is not None
            and self.site.spare_tree.is_dir()
            and self.site.keep_manifest_for_spare()
        )
        self.site.write_manifest(manifest, self.inputs)
        if kept and previous is not None:
            root = os.stat(self.site.spare_tree).st_mtime_ns  # the move may change it
            self.site.spare_file.write(SpareTree(previous.build_id, root))

    def keep_search_index(
        self, update: SiteUpdate, pages: Sequence[str], directory_links: bool, facets: object
    ) -> bool:
        """Keep the last build's search index when its pages are byte for byte the same and
        nothing else it depends on changed. Pagefind has no incremental mode: any change to
        a searchable page, or to which pages are searchable, reindexes them all."""
        facet_key = Fingerprinter().digest(facets)
        if facet_key is None:
            return False
        digest = hashlib.sha256(f"{self.code_key}\0{directory_links}\0".encode())
        for name in sorted(pages):
            digest.update(name.encode() + b"\0" + update.files[name].digest)
        digest.update(facet_key)
        self.search_key = digest.digest()
        if self.previous is None or self.previous.search_key != self.search_key:
            return False
        files = self.previous.live.files
        index = [name for name in files if name.startswith(f"{SEARCH_FOLDER}/")]
        if not index or not all(update.reusable(name, files[name].key) for name in index):
            return False
        for name in index:
            update.keep(name, files[name].key)
        return True

    def commit(self, staging: Path, output: Path) -> None:
        """Swap the new site in; keep the previous one as the spare tree when it is
        described (the manifest of the last build)."""
        keep = None
        if self.site is not None and self.previous is not None:
            self.site.drop_spare()  # a spare tree that was not taken is stale now
            self.site.folder.mkdir(parents=True, exist_ok=True)
            keep = self.site.spare_tree
        commit_staging(staging, output, keep=keep)


def open_session(settings: Mapping[str, Any], output: Path, content: Path) -> CacheSession | None:
    """The caches of this build, or None with DISCLOSURE_CACHE off."""
    if not cache_enabled(settings):
        return None
    folder = cache_folder(output)
    code_key = code_fingerprint(code_folders())
    if not writes_are_known(settings):
        return CacheSession(
            code_key, RecordCache(folder, code_key), None, None, None, folder=folder
        )
    site = SiteCache.of(folder, output)
    inputs = content_inputs(content, theme_folders(settings))
    records = RecordCache(
        folder,
        code_key,
        known=inputs.files,
        known_ns=inputs.checked_ns,
        known_irregular=inputs.irregular,
    )
    return CacheSession(code_key, records, site, _files_of(site.described()), inputs, folder=folder)


def _files_of(manifest: Manifest | None) -> Manifest | None:
    """The manifest without its folders: the build reads only its files (the no-change
    check reads the folders), and 60,000 folders at 100,000 records cost 10 MB."""
    if manifest is None:
        return None
    return dataclasses.replace(manifest, live=TreeState(manifest.live.files, {}))


def render_key(
    session: CacheSession | None,
    settings: Mapping[str, Any],
    common: Mapping[str, object],
    fingerprints: Fingerprinter,
) -> bytes | None:
    """What every page shares: our code, the theme, the settings and the common context."""
    if session is None or session.site is None:
        return None
    shown = {k: v for k, v in settings.items() if not k.startswith("_") and k not in _NOT_RENDERED}
    text = repr(sorted(shown.items()))
    if " at 0x" in text:  # an object known only by its address: nothing can be compared
        return None
    theme = tree_digest(theme_folders(settings))
    common_key = fingerprints.digest(dict(common))
    if common_key is None:
        return None
    digest = hashlib.sha256()
    for part in (session.code_key, theme, text):
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    digest.update(common_key)
    session.render_key = digest.digest()
    return session.render_key


def memo_of(session: CacheSession | None, name: str) -> Memo:
    """The memo `name` of this build; one that keeps nothing with DISCLOSURE_CACHE off."""
    return Memo.disabled() if session is None else session.memo(name)
