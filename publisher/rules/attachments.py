"""R-A2: every attachment a record lists exists under the content folder.

Attachments are copied to the public site, so a path that leaves the content folder
(`../`, an absolute path) could publish any file on the machine: that is an error too.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from publisher.content import LoadedRecord
from publisher.findings import Finding
from publisher.rules.report import record_error


def check_attachments(root: Path, records: Sequence[LoadedRecord]) -> Iterator[Finding]:
    base = root.resolve()
    for loaded in records:
        for index, attachment in enumerate(loaded.record.attachments):
            problem = attachment_problem(base, attachment.file)
            if problem is not None:
                yield record_error(loaded, ("attachments", index, "file"), "R-A2", problem)


def attachment_problem(base: Path, file: str) -> str | None:
    """Why `file` cannot be published, or None; `base` is the resolved content folder."""
    path = (base / file).resolve()
    if not path.is_relative_to(base):
        return f"附件路径 {file} 超出内容目录，只能引用 content/ 下的文件"
    if not path.is_file():
        return f"附件文件不存在：{file}（路径相对于 content/ 目录）"
    return None
