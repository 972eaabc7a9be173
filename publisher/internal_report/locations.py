"""File locations for the report: the repository-relative path staff know, and an editor link.

Findings name files as the loader saw them (relative to the working directory when the content
folder was given relatively). The report resolves them once against an explicit working
directory, so nothing here reads the process's current directory behind the caller's back.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from publisher.internal_report.model import Location


def repository_root(content: Path) -> Path:
    """The nearest folder at or above `content` holding `.git`; without one, the content
    folder's parent, so paths still read `content/records/x.yaml` as in `publisher check`."""
    for candidate in (content, *content.parents):
        if (candidate / ".git").exists():
            return candidate
    return content.parent


def editor_url(path: Path, line: int | None) -> str:
    """`vscode://file/<absolute path>:<line>`, the link VS Code opens at the line."""
    text = path.as_posix()
    if not text.startswith("/"):
        text = f"/{text}"  # a Windows drive path still needs the slash after `file`
    suffix = "" if line is None else f":{line}"
    return f"vscode://file{quote(text, safe='/:')}{suffix}"


@dataclass(frozen=True)
class Locator:
    """Turns the file paths of findings and loaded files into `Location`s."""

    root: Path
    """The repository root (absolute)."""
    cwd: Path
    """The folder relative paths are relative to (absolute)."""

    def at(self, file: str | Path, line: int | None) -> Location:
        absolute = (self.cwd / file).resolve()
        try:
            shown = absolute.relative_to(self.root).as_posix()
        except ValueError:
            shown = absolute.as_posix()
        return Location(path=shown, line=line, editor_url=editor_url(absolute, line))


def locator_for(content_dir: Path, cwd: Path) -> Locator:
    cwd = cwd.resolve()
    return Locator(root=repository_root((cwd / content_dir).resolve()), cwd=cwd)
