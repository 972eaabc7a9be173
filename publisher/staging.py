"""Atomic output (R-C): build into a staging folder beside the output, then swap it in.

A failed or killed build leaves the last good site in place; stale staging folders from a
killed build are removed by the next one.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

STAGING_SUFFIX = ".staging"
RETIRED_SUFFIX = ".retired"


def staging_path(output: Path) -> Path:
    return output.with_name(f".{output.name}{STAGING_SUFFIX}")


def retired_path(output: Path) -> Path:
    return output.with_name(f".{output.name}{RETIRED_SUFFIX}")


def prepare_staging(output: Path) -> Path:
    """An empty staging folder beside `output` (on the same filesystem, so renames are atomic)."""
    output = output.absolute()
    output.parent.mkdir(parents=True, exist_ok=True)
    for leftover in (staging_path(output), retired_path(output)):
        if leftover.exists():
            shutil.rmtree(leftover)
    staging = staging_path(output)
    staging.mkdir()
    return staging


def commit_staging(staging: Path, output: Path) -> None:
    """Replace `output` by `staging`: the old site stays whole until the rename."""
    output = output.absolute()
    retired = retired_path(output)
    if output.exists():
        os.replace(output, retired)
    os.replace(staging, output)
    if retired.exists():
        shutil.rmtree(retired)


def discard_staging(staging: Path) -> None:
    if staging.exists():
        shutil.rmtree(staging)
