"""R-A2: what a published result must contain, per record type.

The schema cannot say "required for penalties only", so these checks do. A missing key has no
line of its own: the finding points at `type`, which is what makes the key required.
"""

from __future__ import annotations

from collections.abc import Iterator

from publisher.content import LoadedRecord
from publisher.findings import Finding
from publisher.labels import RECORD_TYPE
from publisher.model import Record, RecordType
from publisher.rules.report import record_error
from publisher.scaffold import PLACEHOLDER

# Key and label of each field a record type requires.
REQUIRED: dict[RecordType, tuple[tuple[str, str], ...]] = {
    RecordType.PENALTY: (
        ("doc_no", "文书号"),
        ("facts", "违法事实"),
        ("basis", "处罚依据"),
        ("penalty", "处罚内容"),
    ),
    RecordType.INSPECTION: (("result", "检查结果"),),
}


def check_required_fields(loaded: LoadedRecord) -> Iterator[Finding]:
    """Drafts (no `published` date) are work in progress and may be incomplete."""
    record = loaded.record
    if record.published is None:
        return
    for key, label in REQUIRED[record.type]:
        if _is_blank(record, key):
            loc = (key,) if (key,) in loaded.lines.lines else ("type",)
            message = f"{RECORD_TYPE[record.type]}必须填写{label}（{key}）"
            yield record_error(loaded, loc, "R-A2", message)


def _is_blank(record: Record, key: str) -> bool:
    value = getattr(record, key)
    return value is None or (isinstance(value, str) and not value.strip())


def check_placeholders(loaded: LoadedRecord) -> Iterator[Finding]:
    """A record with a publication date must not still carry template text from
    `publisher new` (【待填写：…】): it would be published as it stands."""
    if loaded.record.published is None:
        return
    # Nearly no record has one: the record as JSON (made in compiled code) says so at once.
    # The placeholder has nothing JSON escapes, so it shows there exactly when a text has it.
    if PLACEHOLDER not in loaded.record.model_dump_json():
        return
    for loc, text in _texts(loaded.record.model_dump(mode="json"), ()):
        if PLACEHOLDER in text:
            field = ".".join(str(part) for part in loc)
            message = f"字段 {field} 仍是模板中的待填写内容，请填写后再公示"
            yield record_error(loaded, loc, "R-A2", message)


def _texts(
    value: object, loc: tuple[str | int, ...]
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, (*loc, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts(item, (*loc, index))
