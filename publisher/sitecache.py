"""Incremental builds: the output folder's manifest and the spare tree (docs/performance.md).

A clean build renders every page into an empty staging folder and swaps it in
(`publisher.staging`). On this filesystem creating a folder costs about 0.4 ms and a file
about 0.15 ms, so most of a clean build of 10,000 records is spent creating the 6,400 folders
and files of the site, whether or not anything changed. An incremental build gives the same
bytes with work proportional to the change:

- The *manifest* (`live.pickle`) says, for every file of the output folder, what decided its
  bytes (`FileState.key`: a page's fingerprint, `publisher.fingerprint`, or for generated
  files their digest), their SHA-256, the file's stamp (inode, size, modification time) and
  the public numbers the leak scan let through (R-A8). A file whose stamp no longer matches
  was touched by someone else and is never reused.
- The *spare tree* (`spare/`, described by the manifest of the build that wrote it, kept as
  `spare-live.pickle`, and `spare.pickle`) is the site before the current one, which the
  swap moved aside instead of deleting it (`commit_staging(keep=...)`). The next build
  renames it into the staging folder, so every folder already exists. A page whose
  key is unchanged is a hard link to the current site's file (files are never modified in
  place: a changed file is a new file, so a link shares bytes that never change); a changed
  page is written as a new file; files the new site does not have are deleted. The staging
  folder then holds exactly the files of a clean build, and is swapped in as before.

Before the spare tree is touched its description is deleted, so a killed build leaves no
description and the next build deletes the tree instead of trusting it. The spare tree is
trusted only if every folder's modification time is the recorded one (nothing added,
removed or renamed) and every file it does not share with the current site has its stamp.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import os
import posixpath
import shutil
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from publisher.buildcache import FIELD_BITS, CacheFile, Stamp, content_digest, pack_fields
from publisher.redaction import SCANNED_SUFFIXES, Leak, scan_text_allowing

SITES_FOLDER = "sites"

OutStamp = int
"""(inode, size, modification time, inode change time) of an output file, times in ns,
packed into one integer (`publisher.buildcache.pack_fields`: a manifest holds one for each
of 70,000 files, and a build reads two manifests). The change time catches a file
rewritten in place with its old time restored; linking a file changes it too, so the
stamps of the site are taken after the build (`SiteUpdate.stamps`)."""


def out_stamp(status: os.stat_result) -> OutStamp:
    return pack_fields(status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)


def without_change_time(stamp: OutStamp) -> int:
    """The stamp's inode, size and modification time."""
    return stamp >> FIELD_BITS


def inode_of(stamp: OutStamp) -> int:
    """The stamp's inode (as packed): equal for two stamps of the same file."""
    return stamp >> 3 * FIELD_BITS


def same_inode(stamp: OutStamp, other: OutStamp) -> bool:
    return inode_of(stamp) == inode_of(other)


@dataclass(frozen=True, slots=True)
class FileState:
    key: bytes
    """What decided the bytes: a page's fingerprint, else the digest of the bytes."""
    digest: bytes
    stamp: OutStamp
    allowed: frozenset[str] | None
    """Public numbers the leak scan let through (R-A8); None for files it does not read.
    Almost always empty: then the one `NONE_ALLOWED`, which a pickled manifest keeps once."""


@dataclass(frozen=True)
class TreeState:
    """A site folder as a build left it."""

    files: Mapping[str, FileState]
    folders: Mapping[str, int]
    """Every folder ("" is the root) and its modification time: a file added, removed or
    renamed in it changes the time."""


@dataclass(frozen=True)
class Manifest:
    """What the last good build of an output folder wrote, and from what."""

    build_id: str
    code_key: str
    code_folders: tuple[str, ...]
    render_key: bytes | None
    """The fingerprint of everything every page shares (code, theme, settings, common
    context); page keys include it. None: nothing may be reused."""
    search_key: bytes | None
    live: TreeState
    messages: tuple[str, ...] = ()
    """What the build printed on stderr (warnings), repeated by the no-change check."""


@dataclass(frozen=True)
class BuildInputs:
    """What the build read, for `publisher build`'s no-change check (`publisher.fastpath`),
    kept beside the manifest of the same build: when the content changed, the check stops
    without reading the state of every output file."""

    build_id: str
    code_key: str
    code_folders: tuple[str, ...]
    inputs: object
    """The content folder's inventory (`publisher.fastpath.ContentInputs`)."""


@dataclass(frozen=True)
class SpareTree:
    """What describes the spare tree: the manifest of the build that wrote it (kept by a
    hard link when the next build's manifest replaced it), and its root folder's time after
    it was moved aside (the move may change it)."""

    build_id: str
    root_mtime: int


def _layout(*kinds: type) -> str:
    return ";".join(
        f"{k.__name__}({','.join(f.name for f in dataclasses.fields(k))})" for k in kinds
    )


MANIFEST_KEY = "site-manifest-2:" + _layout(Manifest, TreeState, FileState, BuildInputs, SpareTree)
"""Manifests are read by other versions of the code too (for the folders they describe), so
their key names the fields of their classes: a manifest of another shape is not read."""


@dataclass(frozen=True)
class SiteCache:
    """The cache files of one output folder, in `sites/<name>-<hash>/` of the cache folder."""

    folder: Path

    @classmethod
    def of(cls, cache_folder: Path, output: Path) -> SiteCache:
        absolute = str(output.absolute())
        tag = hashlib.blake2b(absolute.encode(), digest_size=6).hexdigest()
        return cls(cache_folder / SITES_FOLDER / f"{output.absolute().name}-{tag}")

    @property
    def manifest_file(self) -> CacheFile:
        return CacheFile(self.folder / "live.pickle", MANIFEST_KEY)

    @property
    def manifest_id_file(self) -> CacheFile:
        """The manifest's build id alone, written after the manifest: what `publisher build`
        ties its request to (`publisher.fastpath`) without reading every file's state."""
        return CacheFile(self.folder / "live-id.pickle", MANIFEST_KEY)

    @property
    def inputs_file(self) -> CacheFile:
        return CacheFile(self.folder / "inputs.pickle", MANIFEST_KEY)

    def write_manifest(self, manifest: Manifest, inputs: object) -> None:
        """The manifest, the build's inputs, then the id: a build killed in between leaves
        no id, so no request can be tied to a manifest other than the one its own build
        wrote; each file names its build, so no two builds' files are taken together."""
        self.manifest_id_file.remove()
        self.manifest_file.write(manifest)
        self.inputs_file.write(
            BuildInputs(manifest.build_id, manifest.code_key, manifest.code_folders, inputs)
        )
        self.manifest_id_file.write(manifest.build_id)

    def recorded_inputs(self) -> BuildInputs | None:
        value = self.inputs_file.read()
        return value if isinstance(value, BuildInputs) else None

    def manifest_id(self) -> str | None:
        value = self.manifest_id_file.read()
        return value if isinstance(value, str) else None

    @property
    def spare_file(self) -> CacheFile:
        return CacheFile(self.folder / "spare.pickle", MANIFEST_KEY)

    @property
    def spare_manifest_file(self) -> CacheFile:
        return CacheFile(self.folder / "spare-live.pickle", MANIFEST_KEY)

    def keep_manifest_for_spare(self) -> bool:
        """Before a new manifest replaces the current one: keep the current one (a hard link,
        not a copy) to describe the site it wrote, which is now the spare tree."""
        kept = self.spare_manifest_file.path
        kept.unlink(missing_ok=True)
        try:
            os.link(self.manifest_file.path, kept)
        except OSError:
            return False
        return True

    @property
    def spare_tree(self) -> Path:
        return self.folder / "spare"

    def described(self) -> Manifest | None:
        """The manifest of the output folder, written by whatever version of the code: its
        stamps describe the folder's files in any case, its keys only for the same code."""
        value = self.manifest_file.read()
        return value if isinstance(value, Manifest) else None

    def spare(self, live: Manifest | None) -> TreeState | None:
        """The spare tree's description when the tree is still as described; otherwise the
        tree is deleted."""
        value = self.spare_file.read()
        state = self._spare_state(value) if isinstance(value, SpareTree) else None
        if state is not None and live is not None and spare_is_intact(self.spare_tree, state, live):
            return state
        self.drop_spare()
        return None

    def _spare_state(self, spare: SpareTree) -> TreeState | None:
        manifest = self.spare_manifest_file.read()
        if not isinstance(manifest, Manifest) or manifest.build_id != spare.build_id:
            return None
        return TreeState(manifest.live.files, {**manifest.live.folders, "": spare.root_mtime})

    def drop_spare(self) -> None:
        self.spare_file.remove()
        self.spare_manifest_file.remove()
        if os.path.lexists(self.spare_tree):
            shutil.rmtree(self.spare_tree, ignore_errors=True)

    def take_spare(self, staging: Path) -> bool:
        """Make the spare tree the (empty) staging folder; False when it cannot be moved."""
        self.spare_file.remove()  # from here on the tree is being changed
        try:
            os.rmdir(staging)
            os.replace(self.spare_tree, staging)
        except OSError:
            staging.mkdir(exist_ok=True)
            self.drop_spare()
            return False
        return True


def unchanged_files(
    root: Path, files: Mapping[str, FileState], change_time: bool = True
) -> set[str]:
    """The names whose file under `root` still has the recorded stamp (without its change
    time when `change_time` is false)."""
    valid: set[str] = set()
    for name, state in files.items():
        try:
            status = os.stat(os.path.join(root, name), follow_symlinks=False)
        except OSError:
            continue
        stamp = out_stamp(status)
        if stamp == state.stamp or (
            not change_time and without_change_time(stamp) == without_change_time(state.stamp)
        ):
            valid.add(name)
    return valid


def folders_unchanged(root: Path, folders: Mapping[str, int]) -> bool:
    for name, mtime in folders.items():
        try:
            status = os.stat(os.path.join(root, name), follow_symlinks=False)
        except OSError:
            return False
        if status.st_mtime_ns != mtime:
            return False
    return True


def spare_is_intact(tree: Path, state: TreeState, live: Manifest) -> bool:
    """Every folder of the spare tree as recorded, and every file it does not share with the
    current site (a shared file is checked with the current site) with its stamp. Change
    times are not compared: the last build unlinked files that shared their inodes."""
    if not folders_unchanged(tree, state.folders):
        return False
    own = {
        name: file
        for name, file in state.files.items()
        if (current := live.live.files.get(name)) is None
        or not same_inode(current.stamp, file.stamp)
    }
    return len(unchanged_files(tree, own, change_time=False)) == len(own)


def folders_of(names: Iterable[str]) -> set[str]:
    """Every folder that holds one of `names`, the root ("") included."""
    folders = {""}
    for name in names:
        folder = name[: max(name.rfind("/"), 0)]
        while folder not in folders:
            folders.add(folder)
            folder = folder[: max(folder.rfind("/"), 0)]
    return folders


@dataclass(frozen=True, slots=True)
class Written:
    """One file of the new site, as the process that wrote or kept it saw it."""

    name: str
    state: FileState
    leaks: tuple[Leak, ...] = ()
    reused: bool = False
    """The current site's file, kept (a hard link) rather than written."""
    linked: bool = False
    """Kept, and linked into the staging folder because the spare tree did not have it."""


def scanned(name: str) -> bool:
    # `PurePosixPath(name).suffix`, without making a path object for each file.
    base = name[name.rfind("/") + 1 :]
    dot = base.rfind(".")
    return 0 < dot < len(base) - 1 and base[dot:].lower() in SCANNED_SUFFIXES


_SCAN_PIECE = 4 * 1024 * 1024
"""Bytes scanned at a time: the open data of 100,000 records is 80 MB, and its text split
into lines several times that."""


def scan(
    name: str, data: bytes, numbers: frozenset[str]
) -> tuple[list[Leak], frozenset[str] | None]:
    """The leak scan of one file's bytes (R-A8), as `publisher.redaction.scan_output` reads
    them from disk. A large file is scanned in pieces cut after a line feed, which never
    falls inside a UTF-8 character nor between the lines `str.splitlines` counts, so the
    line numbers and findings are those of the whole file."""
    if not scanned(name):
        return [], None
    leaks: list[Leak] = []
    allowed: set[str] = set()
    lines_before = 0
    start = 0
    while start < len(data):
        end = data.find(b"\n", start + _SCAN_PIECE) + 1 or len(data)
        text = data[start:end].decode("utf-8", errors="replace")
        found, shown = scan_text_allowing(text, name, numbers)
        leaks.extend(dataclasses.replace(leak, line=leak.line + lines_before) for leak in found)
        allowed.update(shown)
        if end < len(data):  # counting the lines costs as much as the scan: only when needed
            lines_before += len(text.splitlines())
        start = end
    return leaks, frozenset(allowed) if allowed else NONE_ALLOWED


NONE_ALLOWED: frozenset[str] = frozenset()
"""`FileState.allowed` of a file that shows no public number: one object for all."""

UNSTAMPED: OutStamp = 0
"""The stamp of a file written by this build until the build ends (`SiteUpdate.stamps`)."""


@dataclass
class SiteUpdate:
    """Turns the staging folder (the spare tree, or empty) into the new site, file by file.

    Forked workers use their copy of it to keep and write pages (`reuse`, `write_new`); the
    parent takes their results in (`record`). Writing costs as few system calls as
    possible (a folder, the file): on this filesystem each costs tens of microseconds."""

    staging: Path
    live_root: Path
    live: Mapping[str, FileState]
    """The current site's files that are still as recorded (reusable)."""
    spare: Mapping[str, int]
    """The files in the staging folder when the build began, and their inodes (`inode_of`):
    all the build needs of their states, which would cost 20 MB at 100,000 records."""
    numbers: frozenset[str]
    spare_folders: Mapping[str, int] = field(default_factory=dict)
    """The folders in the staging folder when the build began, and their times."""
    files: dict[str, FileState] = field(default_factory=dict)
    leaks: list[Leak] = field(default_factory=list)
    written: int = 0
    linked: int = 0
    touched: set[str] = field(default_factory=set)
    """Names whose file, or whose folder's entries, changed: their stamps are taken again."""
    known_folders: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.known_folders.update(self.spare_folders, {""})

    def reusable(self, name: str, key: bytes | None) -> bool:
        """The current site's file for `name` has this key, is intact and was clean under
        today's public numbers."""
        old = self.live.get(name)
        if old is None or key is None or old.key != key:
            return False
        return old.allowed is None or old.allowed <= self.numbers

    def reuse(self, name: str, key: bytes | None) -> Written | None:
        """The current site's file when `reusable`: the staging folder gets the same file (a
        hard link) unless it already has it. Not recorded: see `record`."""
        if not self.reusable(name, key):
            return None
        old = self.live[name]
        spare = self.spare.get(name)
        linked = spare is None or spare != inode_of(old.stamp)
        if linked:
            target = self._free(name)
            os.link(os.path.join(self.live_root, name), target)
        return Written(name, old, reused=True, linked=linked)

    def write_new(self, name: str, data: bytes, key: bytes, digest: bytes | None = None) -> Written:
        """Write `data` as a new file (never into an existing one, which may be a hard link to
        the live site) and scan it (R-A8). `digest`: the caller's `content_digest(data)`, if
        it has it. Not recorded: see `record`."""
        descriptor = os.open(self._free(name), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        try:
            os.write(descriptor, data)  # regular files take every byte at once
        finally:
            os.close(descriptor)
        leaks, allowed = scan(name, data, self.numbers)
        state = FileState(key, digest or content_digest(data), UNSTAMPED, allowed)
        return Written(name, state, tuple(leaks))

    def _free(self, name: str) -> str:
        """The path for a new file `name`: its folder made, an older file there removed."""
        path = os.path.join(self.staging, name)
        if name in self.spare:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)
        elif name in self.spare_folders:  # an older site had a folder by this name
            shutil.rmtree(path, ignore_errors=True)
        folder = posixpath.dirname(name)
        if folder not in self.known_folders:
            self._make_folder(folder)
        return path

    def _make_folder(self, folder: str) -> None:
        path = os.path.join(self.staging, folder)
        try:
            os.mkdir(path)
        except FileNotFoundError:
            self._make_folder(posixpath.dirname(folder))
            os.mkdir(path)
        except FileExistsError:
            if not os.path.isdir(path):  # a file of an older site stands in the way
                os.unlink(path)
                os.mkdir(path)
        self.known_folders.add(folder)

    def keep(self, name: str, key: bytes | None) -> bool:
        written = self.reuse(name, key)
        if written is not None:
            self.record(written)
        return written is not None

    def write(self, name: str, data: bytes, key: bytes | None = None) -> None:
        """Write bytes made by this build; generated files (key None) are kept when their
        bytes are those of the current site."""
        digest = content_digest(data) if key is None else None
        digest_key = key if key is not None else digest
        assert digest_key is not None
        if not self.keep(name, digest_key):
            self.record(self.write_new(name, data, digest_key, digest))

    def record(self, written: Written) -> None:
        """Take a file into the new site (written or kept here, or in a forked worker)."""
        self.files[written.name] = written.state
        self.leaks.extend(written.leaks)
        self.written += not written.reused
        self.linked += written.linked
        if written.linked or not written.reused:
            self.touched.add(written.name)

    def copy(self, name: str, source: Path, key: bytes) -> None:
        """A file copied in (an attachment): kept while its source is unchanged."""
        if not self.keep(name, key):
            self.record(self.write_new(name, source.read_bytes(), key))

    def remove_others(self, keep_prefixes: tuple[str, ...] = ()) -> None:
        """Delete every file of the spare tree the new site has not claimed (but those under
        `keep_prefixes`, decided later), before anyone else writes into the staging folder:
        Pelican copies theme files into existing files, and those may be hard links."""
        for name in self.spare:
            if name not in self.files and not name.startswith(keep_prefixes):
                self._remove(name)

    def remove_spare_under(self, prefix: str) -> None:
        for name in self.spare:
            if name.startswith(prefix) and name not in self.files:
                self._remove(name)

    def _remove(self, name: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(os.path.join(self.staging, name))
        self.touched.add(name)

    def adopt(self, prefix: str) -> None:
        """Record (and scan) the files others wrote under `prefix`: Pelican's theme files,
        Pagefind's index."""
        for name in walk_files(self.staging, prefix):
            if name in self.files:
                continue
            data = Path(self.staging, name).read_bytes()
            leaks, allowed = scan(name, data, self.numbers)
            digest = content_digest(data)
            self.files[name] = FileState(digest, digest, UNSTAMPED, allowed)
            self.leaks.extend(leaks)
            self.touched.add(name)

    def prune_folders(self) -> None:
        """Delete the folders of the spare tree the new site does not have, deepest first."""
        needed = folders_of(self.files)
        for folder in sorted(set(self.spare_folders) - needed, key=len, reverse=True):
            path = os.path.join(self.staging, folder)
            self.touched.add(folder)
            try:
                os.rmdir(path)
            except FileNotFoundError:
                continue
            except OSError:
                shutil.rmtree(path, ignore_errors=True)

    def stamps(self, root: Path) -> TreeState:
        """The new site under `root` (after the swap): files written, linked or adopted by
        this build, and the folders whose entries changed, stamped again; everything else
        as recorded before (nothing touched it). The last use of the updater: its own table
        of files becomes the new site's (a copy would cost 5 MB when memory is at its peak)."""
        files = self.files
        for name in self.touched:
            if name in files:
                status = os.stat(os.path.join(root, name))
                files[name] = dataclasses.replace(files[name], stamp=out_stamp(status))
        changed = folders_of(self.touched)
        folders = {
            folder: (
                self.spare_folders[folder]
                if folder in self.spare_folders and folder not in changed
                else os.stat(os.path.join(root, folder)).st_mtime_ns
            )
            for folder in sorted(folders_of(files))
        }
        return TreeState(files, folders)


def attachment_key(source: Path, checked_ns: int) -> bytes:
    """What decides a copied file's bytes: its source's path and stamp, or, when the source
    changed shortly before `checked_ns` (`Stamp.settled`), its bytes."""
    stamp = Stamp.of(os.stat(source))
    if not stamp.settled(checked_ns):
        return content_digest(source.read_bytes())
    return hashlib.sha256(f"{source}\0{stamp.fields()}".encode()).digest()


def walk_files(root: Path, prefix: str) -> Iterator[str]:
    """Every file under `root/prefix`, as names relative to `root`, in sorted order."""
    start = os.path.join(root, prefix)
    if not os.path.isdir(start):
        return
    for folder, subfolders, names in os.walk(start):
        subfolders.sort()
        relative = os.path.relpath(folder, root)
        for name in sorted(names):
            yield name if relative == "." else f"{relative}/{name}".replace(os.sep, "/")
