"""R-A5: a withdrawal's own consistency (its deadline is checked in `timeliness`)."""

from __future__ import annotations

from collections.abc import Collection, Iterator

from publisher.content import LoadedRecord
from publisher.findings import Finding
from publisher.rules.report import record_error, record_warning


def check_withdrawal(loaded: LoadedRecord, known_ids: Collection[str]) -> Iterator[Finding]:
    withdrawal = loaded.record.withdrawal
    if withdrawal is None:
        return
    if withdrawal.recorded is None:
        message = "未填写撤下登记日期 recorded，无法核对 3 个工作日的时限"
        yield record_warning(loaded, ("withdrawal",), "R-A5", message)
    elif withdrawal.recorded < withdrawal.date:
        message = (
            f"撤下登记日期 {withdrawal.recorded.isoformat()} 早于法律行为作出日期 "
            f"{withdrawal.date.isoformat()}"
        )
        yield record_error(loaded, ("withdrawal", "recorded"), "R-A5", message)
    yield from _check_replacement(loaded, known_ids)


def _check_replacement(loaded: LoadedRecord, known_ids: Collection[str]) -> Iterator[Finding]:
    withdrawal = loaded.record.withdrawal
    replaced_by = withdrawal.replaced_by if withdrawal else None
    if replaced_by is None:
        return
    loc = ("withdrawal", "replaced_by")
    if replaced_by == loaded.record.id:
        yield record_error(loaded, loc, "R-A5", "replaced_by 不能指向本记录自身")
    elif replaced_by not in known_ids:
        message = f"replaced_by 指向的记录 {replaced_by} 不存在"
        yield record_error(loaded, loc, "R-A5", message)
