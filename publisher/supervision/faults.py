"""R-B7 fault accountability: the fault register (`content/faults.yaml`)."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field

from publisher.supervision.base import Strict
from publisher.supervision.casefile import Name


class FaultType(StrEnum):
    """Article 9's eight types."""

    NEGLECT = "neglect"
    EXCEED_AUTHORITY = "exceed_authority"
    IMPROPER_DISCRETION = "improper_discretion"
    INSUFFICIENT_FACTS = "insufficient_facts"
    WRONG_LAW = "wrong_law"
    ILLEGAL_PROCEDURE = "illegal_procedure"
    INFRINGEMENT = "infringement"
    OTHER = "other"


class FoundBy(StrEnum):
    CASE_REVIEW = "case_review"
    COMPLAINT = "complaint"
    RECONSIDERATION = "reconsideration"
    LITIGATION = "litigation"
    SUPERVISION = "supervision"
    SELF_INSPECTION = "self_inspection"
    OTHER = "other"


class OutcomeKind(StrEnum):
    CRITICISM_EDUCATION = "criticism_education"
    ORDER_CORRECTION = "order_correction"
    WRITTEN_SELF_REVIEW = "written_self_review"
    NOTIFIED_CRITICISM = "notified_criticism"
    CERTIFICATE_SUSPENDED = "certificate_suspended"
    CERTIFICATE_REVOKED = "certificate_revoked"
    DISCIPLINARY = "disciplinary"
    NO_LIABILITY = "no_liability"
    OTHER = "other"


class Outcome(Strict):
    """对一名责任人的处理结果。"""

    person: Name
    """被追究责任的人员。"""
    kind: OutcomeKind
    """处理：criticism_education 批评教育 | order_correction 责令改正 | written_self_review 书面检查 | notified_criticism 通报批评 | certificate_suspended 暂扣执法证件 | certificate_revoked 吊销执法证件 | disciplinary 政务处分 | no_liability 不予追究 | other 其他。"""
    date: dt.date
    """处理决定日期。"""
    ground: str | None = None
    """暂扣、吊销执法证件的 Article 3 情形代码（如 3.1.2、3.2.1）。"""
    note: str | None = None
    """说明。"""


class Fault(Strict):
    """一起执法过错（Article 9）。"""

    id: Name
    """过错编号，如 2025-gc-01。"""
    record: Name
    """涉及的案件记录编号。"""
    type: FaultType
    """过错类型（Article 9 第一至八项）：neglect 不履行或拖延履行职责 | exceed_authority 越权 | improper_discretion 自由裁量不当 | insufficient_facts 事实不清证据不足 | wrong_law 适用依据错误 | illegal_procedure 违反法定程序 | infringement 侵权须赔偿 | other 其他。"""
    found_by: FoundBy
    """发现途径：case_review 案卷评查 | complaint 投诉举报 | reconsideration 行政复议 | litigation 行政诉讼 | supervision 执法监督 | self_inspection 自查 | other 其他。"""
    found: dt.date
    """发现日期。"""
    act_date: dt.date | None = None
    """过错行为发生日期；不填按案件决定日期，用于认定当时的责任人（R-B1）。"""
    description: Name
    """过错情况。"""
    outcomes: list[Outcome] = Field(default_factory=list)
    """处理结果。"""


class FaultRegister(Strict):
    """执法过错登记簿（R-B7），文件 content/faults.yaml。"""

    faults: list[Fault] = Field(default_factory=list)
    """过错。"""
