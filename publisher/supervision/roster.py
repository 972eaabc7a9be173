"""R-B1 responsibility chain: the roster of dated roles (`content/roster.yaml`) and who held
each level of responsibility for a section on a day.

Levels (Article 2): 局长 重要领导责任, 分管副局长 主要领导责任, 科室负责人 直接领导责任,
执法人员 直接责任, 政策法规科 指导监督.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field

from publisher.model import Area
from publisher.supervision.base import Strict
from publisher.supervision.casefile import AdviserRole, Name


class Role(StrEnum):
    HEAD = "head"
    DEPUTY = "deputy"
    SECTION_HEAD = "section_head"
    OFFICER = "officer"


class Section(Strict):
    """一个科室。"""

    name: Name
    """科室名称，如 煤矿安全监管科。"""
    areas: list[Area] = Field(default_factory=list)
    """承担的执法领域（政策法规科可为空）。"""


class Appointment(Strict):
    """一段任职：某人在某段时间担任某个角色。"""

    name: Name
    """姓名（执法人员与 officers.yaml 一致）。"""
    role: Role
    """角色：head 局长 | deputy 分管副局长 | section_head 科室负责人 | officer 执法人员。"""
    sections: list[Name] = Field(default_factory=list)
    """分管副局长：分管的科室；科室负责人、执法人员：所在科室（一个）；局长不填。"""
    start: dt.date
    """任职开始日期。"""
    end: dt.date | None = None
    """任职结束日期（含当日）；仍在任不填。"""

    def holds_on(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


class Adviser(Strict):
    """县政府法律顾问或公职律师（Article 6(二)）。"""

    name: Name
    """姓名。"""
    role: AdviserRole
    """身份：legal_adviser 法律顾问 | public_lawyer 公职律师。"""
    start: dt.date
    """聘任（任职）开始日期。"""
    end: dt.date | None = None
    """结束日期（含当日）。"""

    def holds_on(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


class Roster(Strict):
    """执法责任人员名册（R-B1），文件 content/roster.yaml。"""

    legal_section: Name = "政策法规科"
    """负责指导、监督和法制审核的科室名称。"""
    sections: list[Section] = Field(default_factory=list)
    """科室。"""
    appointments: list[Appointment] = Field(default_factory=list)
    """任职记录（按人、按时间段）。"""
    legal_advisers: list[Adviser] = Field(default_factory=list)
    """县政府法律顾问、公职律师。"""
