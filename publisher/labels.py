"""Chinese labels for the enumerations, as the public and staff read them."""

from __future__ import annotations

import datetime as dt

from publisher.model import (
    Area,
    InspectionOutcome,
    PartyKind,
    PenaltyKind,
    RecordType,
    WithdrawalAct,
)

RECORD_TYPE: dict[RecordType, str] = {
    RecordType.PENALTY: "行政处罚",
    RecordType.INSPECTION: "行政检查",
}

AREA: dict[Area, str] = {
    Area.COAL_MINE_SAFETY: "煤矿安全监管",
    Area.POWER: "电力监管",
    Area.CIVIL_EXPLOSIVES: "民爆物品安全监管",
    Area.OTHER: "其他",
}

PARTY_KIND: dict[PartyKind, str] = {
    PartyKind.NATURAL_PERSON: "自然人",
    PartyKind.INDIVIDUAL_BUSINESS: "个体工商户",
    PartyKind.LEGAL_PERSON: "法人",
    PartyKind.OTHER_ORGANIZATION: "其他组织",
}

PENALTY_KIND: dict[PenaltyKind, str] = {
    PenaltyKind.WARNING: "警告",
    PenaltyKind.CRITICISM: "通报批评",
    PenaltyKind.FINE: "罚款",
    PenaltyKind.CONFISCATE_INCOME: "没收违法所得",
    PenaltyKind.CONFISCATE_PROPERTY: "没收非法财物",
    PenaltyKind.SUSPEND_LICENSE: "暂扣许可证件",
    PenaltyKind.LOWER_QUALIFICATION: "降低资质等级",
    PenaltyKind.REVOKE_LICENSE: "吊销许可证件",
    PenaltyKind.RESTRICT_PRODUCTION: "限制开展生产经营活动",
    PenaltyKind.ORDER_SUSPENSION: "责令停产停业",
    PenaltyKind.ORDER_CLOSURE: "责令关闭",
    PenaltyKind.RESTRICT_PRACTICE: "限制从业",
    PenaltyKind.OTHER: "其他行政处罚",
}

WITHDRAWAL_ACT: dict[WithdrawalAct, str] = {
    WithdrawalAct.REVOKED: "撤销",
    WithdrawalAct.CONFIRMED_ILLEGAL: "确认违法",
    WithdrawalAct.ORDERED_REMADE: "责令重新作出",
    WithdrawalAct.CHANGED: "变更",
    WithdrawalAct.CONFIRMED_INVALID: "确认无效",
}

INSPECTION_OUTCOME: dict[InspectionOutcome, str] = {
    InspectionOutcome.COMPLIANT: "未发现问题",
    InspectionOutcome.RECTIFICATION: "责令整改",
    InspectionOutcome.PENALTY_CASE: "立案查处",
    InspectionOutcome.OTHER: "其他",
}
# An inspection without `inspection_outcome` counts under this label in the annual report.
UNCLASSIFIED_OUTCOME = "未分类"

# Public field names staff may list in a correction entry, with their labels (R-A6).
PUBLIC_FIELD: dict[str, str] = {
    "title": "标题",
    "doc_no": "文书号",
    "area": "执法领域",
    "party.name": "行政相对人名称",
    "party.kind": "行政相对人类别",
    "party.credit_code": "统一社会信用代码",
    "party.legal_rep": "法定代表人",
    "decided": "决定日期",
    "violation_type": "违法行为类型",
    "facts": "违法事实",
    "basis": "处罚依据",
    "penalty": "处罚内容",
    "penalty.kinds": "处罚类别",
    "penalty.fine_yuan": "罚款金额",
    "penalty.confiscated_yuan": "没收金额",
    "penalty.content": "处罚内容",
    "penalty.license": "暂扣或吊销证照",
    "penalty.valid_until": "处罚有效期",
    "result": "检查结果",
    "inspection_item": "检查事项",
    "attachments": "附件",
}


def format_date(day: dt.date | None) -> str:
    """2024-03-06 → 2024年3月6日, as pages and feeds show dates; "" for no date."""
    if day is None:
        return ""
    return f"{day.year}年{day.month}月{day.day}日"
