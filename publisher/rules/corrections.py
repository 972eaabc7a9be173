"""R-A6: correction entries name public fields, follow the first publication, oldest first."""

from __future__ import annotations

from collections.abc import Iterator

from publisher.content import LoadedRecord
from publisher.findings import Finding
from publisher.labels import PUBLIC_FIELD
from publisher.rules.report import record_error


def check_corrections(loaded: LoadedRecord) -> Iterator[Finding]:
    yield from _check_fields(loaded)
    yield from _check_after_publication(loaded)
    yield from _check_order(loaded)


def _check_fields(loaded: LoadedRecord) -> Iterator[Finding]:
    for index, correction in enumerate(loaded.record.corrections):
        for position, name in enumerate(correction.fields):
            if name not in PUBLIC_FIELD:
                message = f"更正字段 {name} 不是可更正的公开字段，可用：{'、'.join(PUBLIC_FIELD)}"
                loc = ("corrections", index, "fields", position)
                yield record_error(loaded, loc, "R-A6", message)


def _check_after_publication(loaded: LoadedRecord) -> Iterator[Finding]:
    # A draft has nothing public to correct yet; its entries are checked once published.
    published = loaded.record.published
    if published is None:
        return
    for index, correction in enumerate(loaded.record.corrections):
        if correction.date < published:
            message = (
                f"更正日期 {correction.date.isoformat()} 早于首次公示日期 "
                f"{published.isoformat()}，公示前的修改不是更正"
            )
            yield record_error(loaded, ("corrections", index, "date"), "R-A6", message)


def _check_order(loaded: LoadedRecord) -> Iterator[Finding]:
    corrections = loaded.record.corrections
    for index in range(1, len(corrections)):
        before, current = corrections[index - 1].date, corrections[index].date
        if current < before:
            message = (
                f"更正记录应按时间先后排列：{current.isoformat()} 排在 {before.isoformat()} 之后"
            )
            yield record_error(loaded, ("corrections", index, "date"), "R-A6", message)
