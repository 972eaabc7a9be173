"""R-B5 double random, one public: the target register, draw plans and draw records.

The draw itself (ranks, selection, teams) is a pure function of a draw record's inputs, so
`publisher draw verify` and anyone with a SHA-256 tool can recompute it.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import Field, StringConstraints

from publisher.model import Area
from publisher.supervision.base import Strict
from publisher.supervision.casefile import Name


class Target(Strict):
    """检查对象名录中的一个市场主体。"""

    id: Name
    """对象编号（唯一，参与排序：SHA-256(种子:编号)）。"""
    name: Name
    """名称（公开）。"""
    area: Area
    """所属执法领域。"""
    credit_code: str | None = None
    """统一社会信用代码。"""
    address: str | None = None
    """地址。"""
    start: dt.date | None = None
    """纳入名录日期（当日起参与抽取）；不填表示一直在名录中。"""
    end: dt.date | None = None
    """移出名录日期：当日及以后不再参与抽取（抽取日期早于此日才参与）。"""


class TargetRegister(Strict):
    """检查对象名录（R-B5），文件 content/targets.yaml。"""

    targets: list[Target] = Field(default_factory=list)
    """检查对象。"""


class Conflict(Strict):
    """回避：某执法人员不得检查某对象。"""

    officer: Name
    """执法人员姓名。"""
    target: Name
    """检查对象编号。"""
    reason: str | None = None
    """回避理由（内部，不公开）。"""


# The draw id names a file (content/draws/<id>.yaml) and a page address (draws/<id>/).
DrawId = Annotated[str, StringConstraints(pattern=r"^[0-9A-Za-z][0-9A-Za-z_-]*$")]


class DrawPlan(Strict):
    """一次抽查的计划（publisher draw new --plan 的输入）。"""

    id: DrawId
    """抽查编号，如 2026-sj-01（字母、数字、连字符和下划线）；抽取记录写入 content/draws/<编号>.yaml，网站地址为 draws/<编号>/。"""
    item: Name
    """随机抽查事项编号（inspection_items.yaml）。"""
    date: dt.date
    """抽取日期（执法人员须当日持有效证件）。"""
    targets: int = Field(ge=1)
    """抽取的检查对象数量。"""
    team_size: int = Field(default=2, ge=2)
    """每个检查组的执法人员人数（至少 2 人）。"""
    inspection_start: dt.date | None = None
    """检查开始日期。"""
    inspection_end: dt.date | None = None
    """检查结束日期；结果须在其后 20 个工作日内公示。"""
    conflicts: list[Conflict] = Field(default_factory=list)
    """回避关系。"""
    seed_source: str | None = None
    """种子的来源（如：抽取前公布的某期彩票开奖号码），便于公众核对。"""


class RankedCandidate(Strict):
    """一个候选（对象或执法人员）及其排序值。"""

    id: Name
    """对象编号或执法人员姓名。"""
    rank: str
    """SHA-256(种子:编号) 的十六进制值。"""
    name: str | None = None
    """对象名称（抽取时名录中的名称，公开）；执法人员不填。不参与排序和核对。"""


class Team(Strict):
    """一个被抽中的对象及其检查组。"""

    target: Name
    """对象编号。"""
    officers: list[Name]
    """检查组执法人员。"""


class DrawRecord(Strict):
    """一次抽取的完整记录（R-B5），文件 content/draws/<编号>.yaml：输入、种子和结果。"""

    plan: DrawPlan
    """抽查计划（输入）。"""
    seed: Name
    """抽取前公布的随机种子（文本）。"""
    target_candidates: list[RankedCandidate]
    """参与抽取的对象及排序值（按排序值从小到大）。"""
    officer_candidates: list[RankedCandidate]
    """参与抽取的执法人员及排序值（按排序值从小到大）。"""
    teams: list[Team]
    """抽取结果：被抽中的对象及其检查组。"""
    results_published: dt.date | None = None
    """检查结果公示日期（检查结束后 20 个工作日内）。"""
    results: list[Name] = Field(default_factory=list)
    """检查结果对应的记录编号（records/ 中的 inspection 记录）。"""
