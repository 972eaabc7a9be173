"""The record model: one declarative schema per file kind, a description per field.

The descriptions are what staff see in their editor (via `publisher schema`) and in the docs,
so they are written in 简体中文. Field names are the stable contract (CONTRACT.md).
Cross-field rules (a penalty needs a document number, …) live in `publisher.rules`, so that
each can report the exact key and rule id.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from publisher.supervision.casefile import CaseFile

RECORD_ID_PATTERN = r"^[a-z0-9][a-z0-9-]{2,63}$"

RecordId = Annotated[str, StringConstraints(pattern=RECORD_ID_PATTERN)]
NonEmptyText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class RecordType(StrEnum):
    PENALTY = "penalty"
    INSPECTION = "inspection"


class Area(StrEnum):
    COAL_MINE_SAFETY = "coal_mine_safety"
    POWER = "power"
    CIVIL_EXPLOSIVES = "civil_explosives"
    OTHER = "other"


class PartyKind(StrEnum):
    NATURAL_PERSON = "natural_person"
    INDIVIDUAL_BUSINESS = "individual_business"
    LEGAL_PERSON = "legal_person"
    OTHER_ORGANIZATION = "other_organization"

    @property
    def is_natural_person(self) -> bool:
        """民法典 第五十四条: a 个体工商户 is a natural person (R-A4)."""
        return self in (PartyKind.NATURAL_PERSON, PartyKind.INDIVIDUAL_BUSINESS)


class PenaltyKind(StrEnum):
    WARNING = "warning"
    CRITICISM = "criticism"
    FINE = "fine"
    CONFISCATE_INCOME = "confiscate_income"
    CONFISCATE_PROPERTY = "confiscate_property"
    SUSPEND_LICENSE = "suspend_license"
    LOWER_QUALIFICATION = "lower_qualification"
    REVOKE_LICENSE = "revoke_license"
    RESTRICT_PRODUCTION = "restrict_production"
    ORDER_SUSPENSION = "order_suspension"
    ORDER_CLOSURE = "order_closure"
    RESTRICT_PRACTICE = "restrict_practice"
    OTHER = "other"


class WithdrawalAct(StrEnum):
    REVOKED = "revoked"
    CONFIRMED_ILLEGAL = "confirmed_illegal"
    ORDERED_REMADE = "ordered_remade"
    CHANGED = "changed"
    CONFIRMED_INVALID = "confirmed_invalid"


class InspectionOutcome(StrEnum):
    COMPLIANT = "compliant"
    RECTIFICATION = "rectification"
    PENALTY_CASE = "penalty_case"
    OTHER = "other"


class _Strict(BaseModel):
    # Staff often leave long numbers (ID numbers, codes) unquoted; YAML reads them as integers.
    model_config = ConfigDict(
        extra="forbid", frozen=True, use_attribute_docstrings=True, coerce_numbers_to_str=True
    )


class Party(_Strict):
    """行政相对人。"""

    name: NonEmptyText
    """行政相对人名称（公开）。自然人写姓名；组织写全称。"""
    kind: PartyKind
    """类别：natural_person 自然人 | individual_business 个体工商户 | legal_person 法人 | other_organization 其他组织。个体工商户按自然人计算公示期（2年）。"""
    credit_code: str | None = Field(default=None, pattern=r"^[0-9A-Z]{18}$")
    """统一社会信用代码（公开），组织和个体工商户填写；校验位不符时检查给出警告（R-A9）。"""
    legal_rep: str | None = None
    """法定代表人或负责人姓名（公开），组织填写。"""
    id_number: str | None = Field(default=None, pattern=r"^[0-9]{17}[0-9Xx]$")
    """自然人的身份证号。仅用于判断是否未成年（R-A8），任何情况下都不公开。"""
    birth_date: dt.date | None = None
    """出生日期（不公开）。没有居民身份证号的自然人填写，用于未成年人判断（R-A8）。"""


class Penalty(_Strict):
    """处罚内容。"""

    kinds: list[PenaltyKind] = Field(min_length=1)
    """处罚种类（行政处罚法 第九条），可多选。"""
    fine_yuan: int = Field(default=0, ge=0)
    """罚款金额，单位：元（整数）。"""
    confiscated_yuan: int = Field(default=0, ge=0)
    """没收违法所得、没收非法财物的金额，单位：元（整数）。"""
    work_safety: bool = True
    """罚款是否属于安全生产方面（影响重大执法决定认定，R-B4）。默认 true。"""
    content: str | None = None
    """处罚内容的文字表述（公开），如“罚款人民币叁万元整”。缺省时按种类和金额生成。"""
    license: str | None = None
    """暂扣或吊销的证照名称及编号（公开）。"""
    valid_until: dt.date | None = None
    """处罚有效期（如暂扣许可证件的截止日期，公开）。"""


class Withdrawal(_Strict):
    """撤下公示（R-A5）：原决定被撤销、确认违法、要求重新作出、变更或确认无效。"""

    act: WithdrawalAct
    """法律行为：revoked 撤销 | confirmed_illegal 确认违法 | ordered_remade 要求重新作出 | changed 变更 | confirmed_invalid 确认无效。"""
    date: dt.date
    """该法律行为作出的日期；原公示内容自当日起撤下。"""
    recorded: dt.date | None = None
    """本局登记撤下的日期；应在法律行为作出后 3 个工作日内（R-A5）。未填写时检查给出警告。"""
    explanation: NonEmptyText
    """公开的撤下说明（说明理由），必填。"""
    replaced_by: RecordId | None = None
    """重新作出的决定的记录编号（如有）。"""


class Correction(_Strict):
    """更正（R-A6）。"""

    date: dt.date
    """更正日期。"""
    fields: list[str] = Field(min_length=1)
    """被更正的公开字段名，如 [facts]、[party.name]。"""
    summary: NonEmptyText
    """公开的更正摘要。"""
    reason: NonEmptyText
    """更正理由（公开）。"""
    public_request: bool = False
    """是否因公民、法人或其他组织的更正申请而更正（R-A7）。填写了 request 的，视为 true。"""
    request: RecordId | None = None
    """引起本次更正的更正申请编号（content/correction_requests/<编号>.yaml，R-A7）；该申请须已予以更正或部分予以更正。申请本身不公开，网站只显示“依申请更正”。"""

    @property
    def by_request(self) -> bool:
        """Made at a citizen's or organisation's request (R-A7): marked, or linked to one."""
        return self.public_request or self.request is not None


class Attachment(_Strict):
    """随记录公开的附件（如决定书扫描件）。只随“已公示”状态发布，撤下或到期后一并删除。"""

    file: NonEmptyText
    """附件路径，相对于 content/ 目录，如 attachments/2024-cf-0003.pdf。"""
    title: NonEmptyText
    """附件标题（公开）。"""


class Record(_Strict):
    """一件行政执法案件（行政处罚决定或行政检查结果），一个文件一条。"""

    id: RecordId
    """记录编号：小写字母、数字和连字符，3–64 位，唯一且永不复用。决定公开地址 records/<id>/。"""
    type: RecordType
    """类型：penalty 行政处罚 | inspection 行政检查。"""
    title: NonEmptyText
    """标题（公开）。"""
    doc_no: str | None = None
    """文书号（公开），行政处罚必填，在处罚决定中唯一。"""
    area: Area
    """执法领域：coal_mine_safety 煤矿安全监管 | power 电力监管 | civil_explosives 民爆物品安全监管 | other 其他。"""
    party: Party
    """行政相对人。"""
    decided: dt.date
    """决定日期（检查：检查结果作出日期）。"""
    published: dt.date | None = None
    """首次公示日期；不填为草稿，永不公开（R-A3）。"""
    violation_type: str | None = None
    """违法行为类型（公开，双公示字段）。"""
    facts: str | None = None
    """违法事实（公开），行政处罚必填。"""
    basis: str | None = None
    """处罚依据（公开），行政处罚必填。"""
    penalty: Penalty | None = None
    """处罚内容，行政处罚必填。"""
    result: str | None = None
    """检查结果（公开），行政检查必填。"""
    inspection_item: str | None = None
    """检查事项（随机抽查事项清单中的编号，公开）。"""
    inspection_outcome: InspectionOutcome | None = None
    """检查结论（可公开，仅行政检查填写；用于行政执法统计年报，R-A10）：compliant 未发现问题 | rectification 责令整改 | penalty_case 立案查处 | other 其他。不填的检查在年报中计为“未分类”。"""
    withdrawal: Withdrawal | None = None
    """撤下公示（R-A5）；不填表示未撤下。"""
    corrections: list[Correction] = Field(default_factory=list)
    """更正记录（R-A6），按时间先后排列。"""
    attachments: list[Attachment] = Field(default_factory=list)
    """公开附件。"""
    removed: dt.date | None = None
    """人工撤下日期（关闭自动撤下时，公示期满后由工作人员填写）。自当日起不再公示。"""
    notes: str | None = None
    """内部备注，永不公开。"""
    case: CaseFile | None = None
    """案卷的内部部分：承办科室、执法行为和执法人员、全过程记录、法制审核和集体讨论（R-B2 至 R-B4），永不公开。"""

    @property
    def is_draft(self) -> bool:
        return self.published is None
