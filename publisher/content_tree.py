"""Which files of a `content/` folder are content files, without following symbolic links.

Staff keep `content/` in git, and the history checks (R-A6, R-B3) see only what git tracks
under `content/records/`. A symbolic link would let the build read what those checks never
see — a file outside the repository, or `/etc/passwd` published as a record — and a linked
folder would be skipped without a word. So nothing here follows a link: every entry with a
YAML name is returned, whatever it is (the reader, `publisher.yamlsource.read_content_bytes`,
refuses links, folders and special files with a message naming them), and a linked folder
where records are looked for is refused here. Other files (attachments, notes) are not
content files and are left alone: attachments have their own rule (R-A2, inside content/).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path, PurePath

YAML_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Refusal:
    """A folder that is not read, and why (简体中文)."""

    path: Path
    problem: str


@dataclass
class Listing:
    """The YAML-named entries of a folder in a stable order, and the folders refused."""

    files: list[Path] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)


def yaml_entries(folder: Path, recursive: bool) -> Listing:
    """Every entry named `*.yaml`/`*.yml` in `folder` (and its sub-folders when `recursive`),
    sorted by path; a linked `folder`, or a linked sub-folder, is refused instead."""
    listing = Listing()
    if folder.is_symlink():
        listing.refused.append(Refusal(folder, _linked_folder(folder)))
    elif folder.is_dir():
        _walk(folder, recursive, listing)
    listing.files.sort(key=PurePath.as_posix)
    return listing


def _walk(folder: Path, recursive: bool, listing: Listing) -> None:
    with os.scandir(folder) as scan:
        entries = sorted(scan, key=lambda e: e.name)
    for entry in entries:
        # A path only for what is kept (a record folder holds thousands of files, and a
        # path costs more than the rest of the walk); a child path costs less than a new one.
        if _suffix(entry.name) in YAML_SUFFIXES:
            listing.files.append(folder / entry.name)  # the reader refuses all but files
        elif recursive and entry.is_symlink() and os.path.isdir(entry.path):
            path = folder / entry.name
            listing.refused.append(Refusal(path, _linked_folder(path)))
        elif recursive and entry.is_dir(follow_symlinks=False):
            _walk(folder / entry.name, recursive, listing)


def _suffix(name: str) -> str:
    """`PurePath(name).suffix`, without making the path."""
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


def _linked_folder(path: Path) -> str:
    return (
        f"这个文件夹是符号链接（指向 {os.readlink(path)}），其中的文件不会被读取：content/ "
        "中的文件夹必须是真正的文件夹（git 历史检查看不到链接指向的文件），请把文件移到这里"
    )
