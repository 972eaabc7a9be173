"""The fault register (R-B7): each fault, its type, how it was found, and the outcomes.

ADAPTER: `publisher.supervision.accountability.fault_report(content, year)` is being written
beside this module and will name the responsible people at each level (R-B1) and total by
person, section and year. Until it lands, `fault_section` lists the register as staff wrote
it; switch it to `fault_report` once it does.
"""

from __future__ import annotations

from publisher.content import Content
from publisher.internal_report.locations import Locator
from publisher.internal_report.model import FaultRow
from publisher.supervision.faults import FaultType, FoundBy, Outcome, OutcomeKind

FAULT_TYPE: dict[FaultType, str] = {
    FaultType.NEGLECT: "不履行或拖延履行法定职责",
    FaultType.EXCEED_AUTHORITY: "超越法定职权",
    FaultType.IMPROPER_DISCRETION: "自由裁量不当",
    FaultType.INSUFFICIENT_FACTS: "事实不清、证据不足",
    FaultType.WRONG_LAW: "适用依据错误",
    FaultType.ILLEGAL_PROCEDURE: "违反法定程序",
    FaultType.INFRINGEMENT: "侵犯合法权益须赔偿",
    FaultType.OTHER: "其他",
}

FOUND_BY: dict[FoundBy, str] = {
    FoundBy.CASE_REVIEW: "案卷评查",
    FoundBy.COMPLAINT: "投诉举报",
    FoundBy.RECONSIDERATION: "行政复议",
    FoundBy.LITIGATION: "行政诉讼",
    FoundBy.SUPERVISION: "执法监督",
    FoundBy.SELF_INSPECTION: "自查",
    FoundBy.OTHER: "其他",
}

OUTCOME: dict[OutcomeKind, str] = {
    OutcomeKind.CRITICISM_EDUCATION: "批评教育",
    OutcomeKind.ORDER_CORRECTION: "责令改正",
    OutcomeKind.WRITTEN_SELF_REVIEW: "书面检查",
    OutcomeKind.NOTIFIED_CRITICISM: "通报批评",
    OutcomeKind.CERTIFICATE_SUSPENDED: "暂扣执法证件",
    OutcomeKind.CERTIFICATE_REVOKED: "吊销执法证件",
    OutcomeKind.DISCIPLINARY: "政务处分",
    OutcomeKind.NO_LIABILITY: "不予追究",
    OutcomeKind.OTHER: "其他",
}


def describe_outcome(outcome: Outcome) -> str:
    ground = f"（{outcome.ground}）" if outcome.ground else ""
    return f"{outcome.person}：{OUTCOME[outcome.kind]}{ground}，{outcome.date.isoformat()}"


def fault_section(content: Content, locator: Locator) -> tuple[FaultRow, ...]:
    loaded = content.faults
    if loaded is None:
        return ()
    rows = [
        FaultRow(
            id=fault.id,
            record=fault.record,
            type=FAULT_TYPE[fault.type],
            found_by=FOUND_BY[fault.found_by],
            found=fault.found,
            description=fault.description,
            outcomes=tuple(describe_outcome(outcome) for outcome in fault.outcomes),
            location=locator.at(loaded.path, loaded.line_of("faults", index)),
        )
        for index, fault in enumerate(loaded.model.faults)
    ]
    return tuple(sorted(rows, key=lambda row: (row.found, row.id)))
