"""R-A2: every attachment a record lists exists under the content folder.

Attachments are copied to the public site, so a path that leaves the content folder
(`../`, an absolute path) could publish any file on the machine: that is an error too. They
are published beside the record's page as `records/<id>/<file name>`, so two attachments of
one record with the same file name, or one named `index.html` (the page itself), would
overwrite each other: an error as well. So is a name with control or invisible characters
(a bidirectional override makes `x\u202efdp.exe` read as `xexe.pdf`). Any other character is
fine: the record page percent-encodes the link (`urlencode`), so `#`, `?` or `%` in a name
cannot change where it leads.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Sequence
from pathlib import Path

from publisher.content import LoadedRecord
from publisher.findings import Finding
from publisher.rules.report import record_error


def check_attachments(root: Path, records: Sequence[LoadedRecord]) -> Iterator[Finding]:
    base = root.resolve()
    for loaded in records:
        names: set[str] = set()
        for index, attachment in enumerate(loaded.record.attachments):
            problem = attachment_problem(base, attachment.file) or name_problem(
                attachment.file, names
            )
            if problem is not None:
                yield record_error(loaded, ("attachments", index, "file"), "R-A2", problem)


def name_problem(file: str, taken: set[str]) -> str | None:
    """Why `file`'s name cannot be published beside the record's page, or None; adds the
    name to `taken`, the names of the record's earlier attachments."""
    name = file.rsplit("/", 1)[-1]  # as publisher.public names the published file
    if any(unicodedata.category(character) in ("Cc", "Cf") for character in name):
        # Invisible characters make a name read other than it is ("决定书\u202efdp.exe").
        return f"附件文件名中不能有控制字符或不可见字符（如从文字处理软件复制带入的）：{name!r}"
    if name.lower() == "index.html":
        return f"附件文件名不能为 index.html（与公示页面同名）：{file}"
    if name in taken:
        return f"同一记录的两个附件文件名相同（{name}），发布后会互相覆盖，请改名"
    taken.add(name)
    return None


def attachment_problem(base: Path, file: str) -> str | None:
    """Why `file` cannot be published, or None; `base` is the resolved content folder."""
    path = (base / file).resolve()
    if not path.is_relative_to(base):
        return f"附件路径 {file} 超出内容目录，只能引用 content/ 下的文件"
    if not path.is_file():
        return f"附件文件不存在：{file}（路径相对于 content/ 目录）"
    return None
