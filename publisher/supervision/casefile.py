"""The internal case file of a record (`case:` in the record's YAML): never published.

It carries what R-B2 to R-B4 check: the section in charge, every enforcement act with the
officers who did it, the five stages of the whole-process record with their documents and
audio-video evidence, the non-penalty measures, and the legal review and collective discussion
of a major decision.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

from pydantic import Field, StringConstraints

from publisher.supervision.base import Strict

Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class ActKind(StrEnum):
    """Enforcement acts that need two certified officers (行政处罚法 第四十二条, R-B2)."""

    INSPECTION = "inspection"
    INVESTIGATION = "investigation"
    EVIDENCE = "evidence"
    SERVICE = "service"


class Stage(StrEnum):
    """The five stages of Article 5, in their legal order (R-B3)."""

    START = "start"
    INVESTIGATION = "investigation"
    DECISION = "decision"
    SERVICE = "service"
    ARCHIVE = "archive"


STAGE_ORDER: tuple[Stage, ...] = tuple(Stage)


class Measure(StrEnum):
    """Non-penalty measures and acts that make a decision major (Article 6(一), R-B4)."""

    STOP_CONSTRUCTION = "stop_construction"
    CORRECT_DECISION_IN_FORCE = "correct_decision_in_force"
    STATE_COMPENSATION = "state_compensation"
    SEIZE_EQUIPMENT_OR_GOODS = "seize_equipment_or_goods"
    SEAL_WORKPLACE = "seal_workplace"
    SEAL_HAZARD_MATERIAL = "seal_hazard_material"
    CUT_SUPPLY = "cut_supply"
    COURT_ENFORCEMENT = "court_enforcement"


class ExternalReviewTrigger(StrEnum):
    """Cases the county's legal adviser or public lawyer must also review (Article 6(二))."""

    MAJOR_PUBLIC_INTEREST = "major_public_interest"
    MAJOR_RIGHTS_HEARING = "major_rights_hearing"
    MULTIPLE_LEGAL_RELATIONS = "multiple_legal_relations"


class Conclusion(StrEnum):
    LAWFUL = "lawful"
    UNLAWFUL = "unlawful"


class AdviserRole(StrEnum):
    LEGAL_ADVISER = "legal_adviser"
    PUBLIC_LAWYER = "public_lawyer"


class EnforcementAct(Strict):
    """一次执法行为（检查、调查、取证、送达），须两名以上持有效证件的执法人员（R-B2）。"""

    kind: ActKind
    """行为：inspection 检查 | investigation 调查 | evidence 取证 | service 送达。"""
    date: dt.date
    """行为日期。"""
    officers: list[Name] = Field(default_factory=list)
    """参与的执法人员姓名（与 officers.yaml 一致），至少两名。"""
    note: str | None = None
    """说明（内部）。"""


class Document(Strict):
    """一份执法文书（文字记录）。"""

    kind: Name
    """文书种类，如 立案审批表、现场检查记录、询问笔录、行政处罚决定书、送达回证。"""
    file: Name
    """文件在本局证据存储中的路径（相对于存储根目录），如 2025/2025-cf-0002/立案审批表.pdf。"""
    sha256: Sha256
    """文件的 SHA-256 值（64 位小写十六进制），用 publisher evidence hash 计算；一经登记不得修改。"""


class Media(Strict):
    """一份音像记录，存于本局专用存储器（Article 5(三)）。"""

    file: Name
    """文件在证据存储中的路径，如 2025/2025-cf-0002/现场检查.mp4。"""
    sha256: Sha256
    """文件的 SHA-256 值；一经登记不得修改。"""
    description: str | None = None
    """内容说明，如 现场检查执法记录仪视频。"""


class StageRecord(Strict):
    """全过程记录的一个环节（R-B3）。"""

    stage: Stage
    """环节：start 程序启动 | investigation 调查取证 | decision 审查决定 | service 送达执行 | archive 归档管理。"""
    date: dt.date
    """环节开始（或完成）日期；五个环节的日期不得倒序。"""
    end: dt.date | None = None
    """环节结束日期（可选）。"""
    documents: list[Document] = Field(default_factory=list)
    """本环节的文书。"""
    media: list[Media] = Field(default_factory=list)
    """本环节的音像记录。"""


class LegalReview(Strict):
    """政策法规科的法制审核（R-B4）。"""

    date: dt.date
    """审核日期，须在集体讨论之前（或同日）、决定日期之前（或同日）。"""
    reviewers: list[Name] = Field(min_length=1)
    """审核人员（须为审核之日政策法规科的人员）。"""
    conclusion: Conclusion
    """审核结论：lawful 合法 | unlawful 不合法（不得提交集体讨论）。"""
    opinion: str | None = None
    """审核意见。"""


class ExternalReview(Strict):
    """县政府法律顾问或公职律师的审核（Article 6(二)1–3 的情形）。"""

    date: dt.date
    """审核日期。"""
    reviewer: Name
    """审核人姓名（须在 roster.yaml 的 legal_advisers 中）。"""
    role: AdviserRole
    """身份：legal_adviser 法律顾问 | public_lawyer 公职律师。"""
    conclusion: Conclusion
    """审核结论。"""
    opinion: str | None = None
    """审核意见。"""


class Discussion(Strict):
    """重大执法决定的集体讨论（Article 6(三)(四)，R-B4）。"""

    date: dt.date
    """会议日期，须在法制审核之后（或同日）、决定日期之前（或同日）。"""
    chair: Name
    """主持人：局长，或局长委托的一名副局长。"""
    chair_delegated: bool = False
    """主持人是否为局长委托的副局长。"""
    attendees: list[Name] = Field(min_length=1)
    """参会人员；至少包括局长、政策法规科分管领导、涉案科室分管领导、政策法规科负责人、涉案科室负责人。"""
    signed_by: list[Name] = Field(default_factory=list)
    """在讨论记录上签名的人员；须为全部参会人员。"""
    conclusion: str | None = None
    """讨论形成的结论性意见。"""


class CaseFile(Strict):
    """案卷的内部部分（全部内部信息，永不公开）。"""

    section: Name
    """承办科室（与 roster.yaml 中的科室名称一致）。"""
    acts: list[EnforcementAct] = Field(default_factory=list)
    """执法行为（检查、调查、取证、送达）及执法人员（R-B2）。"""
    stages: list[StageRecord] = Field(default_factory=list)
    """全过程记录的五个环节（R-B3），按先后排列。"""
    measures: list[Measure] = Field(default_factory=list)
    """处罚之外的措施：stop_construction 责令停止建设或施工 | correct_decision_in_force 纠正已生效决定 | state_compensation 行政赔偿或不予赔偿 | seize_equipment_or_goods 查封扣押设施设备或危险物品 | seal_workplace 查封作业场所 | seal_hazard_material 封存职业病危害材料设备 | cut_supply 通知停止供电或民爆物品 | court_enforcement 申请法院强制执行。"""
    major: bool = False
    """人工认定为重大执法决定（其他重大、复杂的决定，R-B4）。"""
    major_reason: str | None = None
    """人工认定的理由。"""
    external_review_triggers: list[ExternalReviewTrigger] = Field(default_factory=list)
    """须提请法律顾问或公职律师审核的情形：major_public_interest 涉及重大公共利益 | major_rights_hearing 经听证的重大权益 | multiple_legal_relations 疑难复杂、涉及多个法律关系。"""
    legal_review: LegalReview | None = None
    """法制审核（重大决定必填）。"""
    external_review: ExternalReview | None = None
    """法律顾问或公职律师审核（有上述情形时必填）。"""
    discussion: Discussion | None = None
    """集体讨论（重大决定必填）。"""
