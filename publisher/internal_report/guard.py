"""Keeping the internal report and the public site apart (RULES.md B: internal, never
published).

The report replaces its whole output folder, and it carries internal information, so:
- it refuses an output folder that is, is inside, or contains a public site, the project's
  public folder `output/`, or the content folder, and any existing folder it did not write
  itself (replacing it would delete whatever is there);
- it marks its folder with `MARKER_FILE`, and the public build refuses a folder that carries
  the marker (`marked_report`), so neither build can overwrite or be deployed as the other.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

MARKER_FILE = ".internal-report"
"""Written into the report's root; its presence means "internal, never publish"."""

PUBLIC_SITE_SIGNS = ("data/records.json", "pagefind", "feeds/atom.xml")
"""Files only the public build writes: any one of them makes a folder a public site."""

PUBLIC_OUTPUT = "output"
"""The public build's default folder (`pelicanconf.py` OUTPUT_PATH, `publisher build`)."""


class OutputRefused(Exception):
    """The report must not be written to this folder; the message says why, for staff."""


def is_public_site(folder: Path) -> bool:
    return any((folder / sign).exists() for sign in PUBLIC_SITE_SIGNS)


def marked_report(folder: Path) -> Path | None:
    """The internal report `folder` is, or is inside, if any: the public build refuses it."""
    folder = folder.resolve()
    return next((p for p in (folder, *folder.parents) if (p / MARKER_FILE).is_file()), None)


def _related(a: Path, b: Path) -> bool:
    """The same folder, or one inside the other."""
    return a == b or a.is_relative_to(b) or b.is_relative_to(a)


def _public_sites_within(folder: Path) -> Iterator[Path]:
    if not folder.is_dir():
        return
    # Symbolic links are not followed: a link to the live site must not make a report
    # folder look like one, and walking it could leave the folder.
    for current, _dirs, _files in os.walk(folder):
        if is_public_site(Path(current)):
            yield Path(current)


def check_report_output(output: Path, *, cwd: Path, content: Path) -> None:
    """Raise `OutputRefused` unless `output` is safe for the internal report."""
    output = (cwd / output).resolve()
    content = (cwd / content).resolve()
    # The project's public folder beside the working directory and beside the content.
    for public in dict.fromkeys(((cwd / PUBLIC_OUTPUT).resolve(), content.parent / PUBLIC_OUTPUT)):
        if _related(output, public):
            raise OutputRefused(f"不能写入公示网站目录 {public} 或与之相互包含的目录")
    if _related(output, content):
        raise OutputRefused(f"不能写入内容目录 {content} 或与之相互包含的目录")
    for folder in (output, *output.parents):
        if is_public_site(folder):
            raise OutputRefused(f"{folder} 是公示网站（含公示网站的文件），内部报告不能写在其中")
    if output.exists() and not output.is_dir():
        raise OutputRefused(f"{output} 不是目录")
    if output.is_dir() and any(output.iterdir()) and not (output / MARKER_FILE).is_file():
        raise OutputRefused(
            f"{output} 不是空目录，也不是以前生成的内部报告（缺少 {MARKER_FILE}）；"
            "为免覆盖其中的文件，请换一个目录"
        )
    site = next(_public_sites_within(output), None)
    if site is not None:
        raise OutputRefused(f"{output} 中含有公示网站 {site}，内部报告不能写在这里")


def public_build_refusal(output: Path) -> str | None:
    """Why the public build must not write to `output` (an internal report's folder), or None."""
    report = marked_report(output)
    if report is None:
        return None
    return (
        f"错误：{report} 是内部报告目录（含 {MARKER_FILE}），公示网站不能写入其中；"
        "请用 --output 指定公示网站自己的目录（如 output）"
    )
