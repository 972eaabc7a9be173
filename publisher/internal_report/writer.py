"""Writing the report atomically: into a staging folder beside the output, then one swap
(the same mechanism as the public build, `publisher.staging`)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from publisher.staging import commit_staging, discard_staging, prepare_staging


def write_report(files: Mapping[str, bytes], output: Path) -> None:
    """Replace `output` by exactly `files`; on any error the previous report stays."""
    staging = prepare_staging(output)
    try:
        for name in sorted(files):
            target = staging.joinpath(*PurePosixPath(name).parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(files[name])
    except BaseException:
        discard_staging(staging)
        raise
    commit_staging(staging, output)
