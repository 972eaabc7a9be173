"""The bureau's 事前公开 information (R-A2): who enforces, with what authority, on what basis,
by which procedure, and how the public can supervise and seek remedies.

Files: `content/bureau.yaml`, `content/officers.yaml`, `content/inspection_items.yaml`.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from publisher.model import Area
from publisher.supervision.grounds import RevocationGround, SuspensionGround


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


class Subject(_Strict):
    """执法主体及其法律地位。"""

    name: str
    """执法主体全称。"""
    legal_status: str
    """法律地位（如：县人民政府工作部门，依法独立行使行政执法权）。"""
    credit_code: str = ""
    """统一社会信用代码。"""
    address: str = ""
    """办公地址。"""
    head: str = ""
    """主要负责人。"""


class Authority(_Strict):
    """一项职权（权限）。"""

    name: str
    """职权名称。"""
    kind: str
    """职权类别（行政处罚、行政检查、行政强制等）。"""
    basis: str
    """设定依据。"""


class LegalBasis(_Strict):
    """一部执法依据。"""

    title: str
    """法律、法规、规章名称。"""
    issuer: str = ""
    """制定机关。"""
    effective: dt.date | None = None
    """施行日期。"""
    articles: str = ""
    """主要适用条款。"""


class ProcedureStep(_Strict):
    name: str
    """环节名称。"""
    description: str = ""
    """环节说明。"""
    deadline: str = ""
    """时限（如：立案后 90 日内作出决定）。"""


class Procedure(_Strict):
    """一种执法程序；各环节按顺序绘制为流程图。"""

    name: str
    """程序名称（如：行政处罚普通程序）。"""
    steps: list[ProcedureStep] = Field(min_length=1)
    """按先后排列的环节。"""


class Supervision(_Strict):
    """监督方式。"""

    phone: str
    """投诉举报电话。"""
    email: str = ""
    """电子邮箱。"""
    address: str = ""
    """来信地址。"""
    hours: str = ""
    """受理时间。"""


class Remedy(_Strict):
    """救济渠道。"""

    kind: str
    """行政复议 或 行政诉讼。"""
    organ: str
    """受理机关。"""
    deadline: str
    """申请期限。"""
    description: str = ""
    """说明。"""


class Bureau(_Strict):
    """本局事前公开信息（R-A2），文件 content/bureau.yaml。"""

    subject: Subject
    """执法主体。"""
    duties: list[str] = Field(min_length=1)
    """主要职责。"""
    authorities: list[Authority] = Field(min_length=1)
    """职权（权限）清单。"""
    legal_bases: list[LegalBasis] = Field(min_length=1)
    """执法依据清单。"""
    procedures: list[Procedure] = Field(min_length=1)
    """执法程序（含流程图）。"""
    supervision: Supervision
    """监督方式。"""
    remedies: list[Remedy] = Field(min_length=1)
    """救济渠道。"""


class AnnualInspection(_Strict):
    """一次证件年检（年审）。"""

    year: int
    """年检所属年度（该年度的年检应在截止日前完成，截止日见设置 supervision.annual_inspection_due）。"""
    date: dt.date
    """年检日期。"""
    passed: bool = True
    """是否通过。"""


class Suspension(_Strict):
    """一次暂扣执法证件（Article 3(一)）。"""

    start: dt.date
    """暂扣开始日期。"""
    end: dt.date | None = None
    """暂扣结束日期（含当日）；未发还不填。"""
    ground: SuspensionGround
    """暂扣情形代码：3.1.1 不出示证件 | 3.1.2 持未经年检证件执法 | 3.1.3 玩忽职守等 | 3.1.4 拒绝监督检查 | 3.1.5 其他。"""
    note: str | None = None
    """说明（内部）。"""


class Officer(_Strict):
    """一名行政执法人员及其执法证件（R-B2）。只公开姓名、证件号和执法领域。"""

    name: str
    """姓名（公开）；在本文件中唯一，案卷和名册按姓名引用。"""
    certificate_no: str
    """行政执法证件号（公开）。"""
    areas: list[Area] = Field(min_length=1)
    """执法领域（公开）。"""
    section: str = ""
    """所在科室（内部）。"""
    valid_from: dt.date
    """证件发证日期。"""
    valid_until: dt.date
    """证件有效期截止日期。"""
    annual_inspections: list[AnnualInspection] = Field(default_factory=list)
    """年检（年审）记录；发证次年起每年须在截止日前通过年检，否则证件自截止日次日起无效（R-B2）。"""
    suspensions: list[Suspension] = Field(default_factory=list)
    """暂扣记录（R-B2）。"""
    revoked: dt.date | None = None
    """证件吊销或注销日期（如有）；自当日起无效，不再公示（R-B2）。"""
    revoked_ground: RevocationGround | None = None
    """吊销情形代码：3.2.1 交由他人使用 | 3.2.2 涂改冒用 | 3.2.3 包庇纵容 | 3.2.4 造成重大损害 | 3.2.5 索贿受贿 | 3.2.6 其他。注销（如调离）不填。"""


class OfficerList(_Strict):
    """行政执法人员名单，文件 content/officers.yaml。"""

    officers: list[Officer]
    """执法人员。"""


class InspectionItem(_Strict):
    """随机抽查事项清单中的一项（R-A2、R-B5）。"""

    code: str
    """事项编号。"""
    name: str
    """抽查事项名称。"""
    area: Area
    """执法领域。"""
    basis: str
    """检查依据（法律、法规条款）。"""
    targets: str = ""
    """检查对象范围。"""
    method: str = ""
    """检查方式。"""
    ratio: str = ""
    """抽查比例和频次。"""


class InspectionItemList(_Strict):
    """随机抽查事项清单，文件 content/inspection_items.yaml。"""

    items: list[InspectionItem]
    """事项。"""
