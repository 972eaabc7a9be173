"""`publisher build`'s no-change check: when nothing the build reads has changed since the
last good build of the same output folder, and that output is untouched, the build would
write the same bytes again; the check says so in a fraction of a second without starting
the generator (docs/performance.md, "No-change builds").

"Nothing changed" is decided on everything a build depends on, each compared exactly:

- the request: the generator's command line (content, settings file, output folder, as-of
  date, site address, cache switch) and the working folder;
- the settings file's values (the file is run, as the generator runs it, and its values
  compared: a settings file may read the environment);
- our code and the installed libraries (`publisher.buildcache.code_fingerprint`) and the
  theme, file by file;
- every file under the content folder (`.git` aside), by its stamp, or its bytes when it
  changed shortly before the last build (`publisher.buildcache.Stamp.settled`);
- every file and folder of the output folder, by its stamp: nothing edited, added or removed.

Then the warnings the last build printed are printed again, and the build succeeds without
the generator. Anything else runs the real build. This module imports nothing heavy (no
models, no Pelican), so that the check itself stays fast.
"""

from __future__ import annotations

import os
import runpy
import stat
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from publisher.buildcache import (
    CacheFile,
    Stamp,
    cache_folder,
    code_fingerprint,
    content_digest,
    tree_digest,
)
from publisher.sitecache import (
    BuildInputs,
    Manifest,
    SiteCache,
    TreeState,
    folders_unchanged,
    unchanged_files,
)

REQUEST_KEY = "build-request-1"
SKIPPED_FOLDERS = frozenset({".git", ".cache"})
"""Folders directly under the content folder that are not content: git's own files change
with every fetch, and no build reads them (nor caches kept there)."""


@dataclass(frozen=True)
class ContentInputs:
    """Every file under the content folder when the build began, and the theme."""

    root: str
    files: dict[str, Stamp]
    """The stamp of each, by absolute path."""
    digests: dict[str, bytes]
    """The bytes' SHA-256 of the files whose stamp alone cannot be trusted (changed shortly
    before) and could be read; few, so not kept beside every stamp."""
    irregular: frozenset[str]
    """The paths that are not regular files (the loader refuses those with a YAML name)."""
    checked_ns: int
    theme: tuple[str, ...]
    theme_key: str


def content_inputs(
    root: Path, theme: Sequence[Path], now_ns: Callable[[], int] = time.time_ns
) -> ContentInputs:
    checked = now_ns()
    folder = os.path.abspath(root)
    files: dict[str, Stamp] = {}
    digests: dict[str, bytes] = {}
    irregular: set[str] = set()
    for path, stamp, regular in _stamps(folder):
        files[path] = stamp
        # Only a regular file is read: opening a named pipe would wait for a writer.
        racy = regular and not stamp.settled(checked)
        if racy and (digest := _digest_of(path)) is not None:
            digests[path] = digest
        if not regular:
            irregular.add(path)
    return ContentInputs(
        root=folder,
        files=files,
        digests=digests,
        irregular=frozenset(irregular),
        checked_ns=checked,
        theme=tuple(str(p.absolute()) for p in theme),
        theme_key=tree_digest(p.absolute() for p in theme),
    )


def inputs_unchanged(inputs: ContentInputs) -> bool:
    seen = 0
    for path, stamp, regular in _stamps(inputs.root):
        old_stamp = inputs.files.get(path)
        if old_stamp is None:
            return False
        digest = inputs.digests.get(path)
        if digest is None:
            if stamp != old_stamp:
                return False
        elif not regular or _digest_of(path) != digest:
            return False
        seen += 1
    if seen != len(inputs.files):
        return False
    return tree_digest(Path(p) for p in inputs.theme) == inputs.theme_key


def _stamps(root: str) -> Iterable[tuple[str, Stamp, bool]]:
    """(absolute path, stamp, is a regular file) of every entry under `root` that is not a
    folder, symbolic links included as links (the loader refuses them: their presence
    matters)."""
    for folder, subfolders, names in os.walk(root):
        skipped = SKIPPED_FOLDERS if folder == root else frozenset()
        subfolders[:] = sorted(s for s in subfolders if s not in skipped)
        for name in sorted(names):
            path = os.path.join(folder, name)
            status = os.lstat(path)
            yield path, Stamp.of(status), stat.S_ISREG(status.st_mode)


def _digest_of(path: str) -> bytes | None:
    try:
        with open(path, "rb") as file:
            return content_digest(file.read())
    except OSError:
        return None


@dataclass(frozen=True)
class BuildRequest:
    """What `publisher build` asked for, and what it printed, in the last good build."""

    command: tuple[str, ...]
    cwd: str
    settings: str
    stdout: tuple[str, ...]
    build_id: str


def settings_values(settings_file: Path) -> str | None:
    """The settings file's values (its upper-case names), run as the generator runs it;
    None when they cannot be compared (an object known only by its address)."""
    try:
        namespace = runpy.run_path(str(settings_file))
    except BaseException:  # its failure is the real build's to report
        return None
    values = sorted((k, v) for k, v in namespace.items() if k.isupper())
    text = repr(values)
    return None if " at 0x" in text else text


def _request_file(output: Path) -> CacheFile:
    return CacheFile(
        SiteCache.of(cache_folder(output), output).folder / "request.pickle", REQUEST_KEY
    )


def manifest_id(output: Path) -> str | None:
    """The build id of the output folder's manifest (`SiteCache.manifest_id`)."""
    return SiteCache.of(cache_folder(output), output).manifest_id()


def remember_request(
    output: Path,
    command: Sequence[str],
    settings: str | None,
    stdout: Sequence[str],
    before: str | None,
) -> None:
    """After a good build: what was asked, tied to the manifest the generator wrote. A
    manifest with the id it had before the generator ran (`before`) is not this build's
    (the generator wrote none): nothing is remembered then."""
    build_id = manifest_id(output)
    if settings is None or build_id is None or build_id == before:
        _request_file(output).remove()
        return
    request = BuildRequest(tuple(command), os.getcwd(), settings, tuple(stdout), build_id)
    _request_file(output).write(request)


def unchanged_build(
    output: Path, command: Sequence[str], settings: str | None
) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """(stdout, stderr) of the last good build when it would be repeated exactly."""
    if settings is None:
        return None
    request = _request_file(output).read()
    if not isinstance(request, BuildRequest):
        return None
    if request.command != tuple(command) or request.cwd != os.getcwd():
        return None
    if request.settings != settings:
        return None
    site = SiteCache.of(cache_folder(output), output)
    recorded = site.recorded_inputs()
    if recorded is None or recorded.build_id != request.build_id:
        return None
    if not _same_inputs(recorded):
        return None
    manifest = site.manifest_file.read()
    if not isinstance(manifest, Manifest) or manifest.build_id != request.build_id:
        return None
    if not _same_site(output, manifest.live):
        return None
    return request.stdout, manifest.messages


def _same_inputs(recorded: BuildInputs) -> bool:
    # The code first: a record written by other code may not even have the same fields.
    if code_fingerprint(Path(p) for p in recorded.code_folders) != recorded.code_key:
        return False
    inputs = recorded.inputs
    return isinstance(inputs, ContentInputs) and inputs_unchanged(inputs)


def _same_site(output: Path, live: TreeState) -> bool:
    if not folders_unchanged(output.absolute(), live.folders):
        return False
    return len(unchanged_files(output.absolute(), live.files)) == len(live.files)
