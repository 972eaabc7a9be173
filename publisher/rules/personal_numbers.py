"""R-A8: personal numbers typed into public free text.

The build masks them anyway (`publisher.redaction`); this warning tells staff, so that the
source text is cleaned and nobody relies on the mask.
"""

from __future__ import annotations

from collections.abc import Iterator

from publisher.content import LoadedRecord
from publisher.findings import Finding
from publisher.model import Record
from publisher.redaction import LABELS, NumberKind, find_numbers
from publisher.rules.report import Loc, record_warning

PublicText = tuple[Loc, str, str]
"""(location of the key, its label for staff, the text)."""


def check_free_text(loaded: LoadedRecord) -> Iterator[Finding]:
    for loc, label, text in public_texts(loaded.record):
        kinds = sorted({match.kind for match in find_numbers(text)})
        if kinds:
            yield record_warning(loaded, loc, "R-A8", _message(label, kinds))


def _message(label: str, kinds: list[NumberKind]) -> str:
    found = "、".join(LABELS[kind] for kind in kinds)
    return f"{label}中含有{found}，发布时将自动隐去；建议从原文中删除"


def public_texts(record: Record) -> Iterator[PublicText]:
    """Every free-text field the public pages show (and `publisher.public` masks)."""
    yield from _present(
        (("title",), "标题", record.title),
        (("violation_type",), "违法行为类型", record.violation_type),
        (("facts",), "违法事实", record.facts),
        (("basis",), "处罚依据", record.basis),
        (("result",), "检查结果", record.result),
        (("party", "name"), "行政相对人名称", record.party.name),
        (("party", "legal_rep"), "法定代表人", record.party.legal_rep),
    )
    if record.penalty is not None:
        yield from _present(
            (("penalty", "content"), "处罚内容", record.penalty.content),
            (("penalty", "license"), "暂扣或吊销证照", record.penalty.license),
        )
    if record.withdrawal is not None:
        loc = ("withdrawal", "explanation")
        yield from _present((loc, "撤下说明", record.withdrawal.explanation))
    for index, correction in enumerate(record.corrections):
        yield from _present(
            (("corrections", index, "summary"), "更正摘要", correction.summary),
            (("corrections", index, "reason"), "更正理由", correction.reason),
        )
    for index, attachment in enumerate(record.attachments):
        yield from _present((("attachments", index, "title"), "附件标题", attachment.title))


def _present(*fields: tuple[Loc, str, str | None]) -> Iterator[PublicText]:
    for loc, label, text in fields:
        if text:
            yield loc, label, text
