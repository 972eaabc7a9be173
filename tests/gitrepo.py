"""A throwaway git repository for the history checks' tests (R-A6, R-B3): real git, fixed
commit dates, a `content/` folder."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

from tests.factories import write_yaml

DEFAULT_FILE = "2024-cf-0001.yaml"


class GitRepoBase:
    """A repository with a `content/` folder; every commit has the date it is given."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.content = root / "content"
        root.mkdir(parents=True)
        self.git("init", "--quiet", "--initial-branch=main")

    def git(self, *args: str, when: str = "2024-01-01T10:00:00+08:00") -> str:
        env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
        completed = subprocess.run(
            ["git", "-C", str(self.root), *args],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        return completed.stdout.strip()

    def path(self, name: str = DEFAULT_FILE) -> Path:
        return self.content / "records" / name

    def write(self, data: dict[str, Any], name: str = DEFAULT_FILE) -> Path:
        return write_yaml(self.path(name), data)

    def commit(self, when: str, message: str = "更新记录") -> str:
        """Commit everything; returns the short hash as the findings show it."""
        self.git("add", "--all")
        self.git("commit", "--quiet", "-m", message, when=when)
        return self.git("rev-parse", "--short=7", "HEAD")
