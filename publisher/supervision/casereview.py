"""R-B6 annual case-file review: the year's sample, score sheets and grades.

File: `content/reviews/<year>.yaml`, written by `publisher review sample` and completed by the
reviewers.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field

from publisher.supervision.base import Strict
from publisher.supervision.casefile import Name


class Veto(StrEnum):
    """Veto items: any one zeroes the file (R-B6)."""

    ILLEGAL_SUBJECT = "illegal_subject"
    UNCERTIFIED_OFFICERS = "uncertified_officers"
    MISSING_EVIDENCE = "missing_evidence"
    WRONG_LAW = "wrong_law"
    ILLEGAL_PROCEDURE = "illegal_procedure"


VETO_LABEL: dict[Veto, str] = {
    Veto.ILLEGAL_SUBJECT: "执法主体不合法",
    Veto.UNCERTIFIED_OFFICERS: "无证或不足两人执法",
    Veto.MISSING_EVIDENCE: "缺少证据",
    Veto.WRONG_LAW: "适用法律错误",
    Veto.ILLEGAL_PROCEDURE: "程序违法",
}


class ScoreSheet(Strict):
    """一份案卷的评查表。"""

    record: Name
    """案卷（记录）编号。"""
    reviewer: str | None = None
    """评查人。"""
    scores: dict[str, int] = Field(default_factory=dict)
    """各评查项目得分，键为项目代码（见设置 supervision.review.items）。"""
    vetoes: list[Veto] = Field(default_factory=list)
    """否决项：illegal_subject 主体不合法 | uncertified_officers 无证或不足两人执法 | missing_evidence 缺少证据 | wrong_law 适用法律错误 | illegal_procedure 程序违法。"""
    automatic: list[str] = Field(default_factory=list)
    """抽取时自动检查发现的问题（预填，供评查人参考）。"""
    comment: str | None = None
    """评查意见。"""


class CaseReview(Strict):
    """年度案卷评查（R-B6），文件 content/reviews/<年度>.yaml。"""

    year: int
    """评查年度。"""
    seed: Name
    """抽取种子。"""
    drawn: dt.date
    """抽取日期。"""
    sample_ratio: float | None = Field(default=None, gt=0, le=1)
    """抽取时使用的抽取比例（记录抽取的输入，便于日后核对；不填按当前设置核对）。"""
    sample_min: int | None = Field(default=None, ge=1)
    """抽取时使用的最少抽取数（不填按当前设置核对）。"""
    candidates: list[Name]
    """参与抽取的案卷（该年度已归档案件）。"""
    sample: list[Name]
    """抽中的案卷（按排序值从小到大）。"""
    sheets: list[ScoreSheet] = Field(default_factory=list)
    """评查表。"""
