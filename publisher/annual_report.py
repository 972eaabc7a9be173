"""The annual enforcement statistics report (行政执法统计年报, R-A10): when each year's report
is published, and whether the previous year's is due or overdue.

The bureau approves each year's report; staff record the approval in
`content/annual_reports.yaml`. The report for year Y shows on the site from that date
(inclusive), like a record from its `published` date (R-A3). The figures themselves are not
stored: they are computed from the records by `publisher.statistics`.

From 1 January of Y+1 the report of Y is due; after 31 January it is overdue (R-A10).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field

if TYPE_CHECKING:  # content.py imports this module
    from publisher.content import Content

ANNUAL_REPORTS_FILE = "annual_reports.yaml"
DUE_MONTH_DAY = (1, 31)
"""R-A10: the previous year's report is published by 31 January."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


class AnnualReport(_Strict):
    """一个年度的行政执法统计年报。"""

    year: int = Field(ge=2000, le=2999)
    """统计年度，如 2025。"""
    published: dt.date
    """本局批准发布年报的日期：自当日起在网站公布（R-A10）。应在次年 1 月 1 日至 1 月 31 日之间。"""
    note: str | None = None
    """公开的说明（可选），显示在年报页面上，如统计口径的补充说明。不得写入个人信息。"""


class AnnualReportList(_Strict):
    """行政执法统计年报的发布记录（R-A10），文件 content/annual_reports.yaml。"""

    reports: list[AnnualReport] = Field(default_factory=list)
    """各年度年报，每年一条。"""


def recorded_reports(content: Content) -> tuple[AnnualReport, ...]:
    """The reports recorded in `content/annual_reports.yaml` (none without the file)."""
    loaded = content.annual_reports
    return tuple(loaded.model.reports) if loaded is not None else ()


def due_date(year: int) -> dt.date:
    """The last day to publish the report of `year`: 31 January of the next year."""
    month, day = DUE_MONTH_DAY
    return dt.date(year + 1, month, day)


def published_reports(reports: Iterable[AnnualReport], as_of: dt.date) -> tuple[AnnualReport, ...]:
    """The reports on the site on `as_of`, newest year first (one per year: the first entry
    of a year wins; a duplicate is an error of `publisher check`)."""
    by_year: dict[int, AnnualReport] = {}
    for report in reports:
        by_year.setdefault(report.year, report)
    shown = (r for r in by_year.values() if r.published <= as_of)
    return tuple(sorted(shown, key=lambda r: r.year, reverse=True))


@dataclass(frozen=True)
class ReportDue:
    """The previous year's report while it is not yet on the site (from 1 January)."""

    year: int
    due: dt.date
    overdue: bool
    scheduled: dt.date | None
    """The approval date when one is recorded but still after the as-of date."""

    def message(self) -> str:
        """One sentence for staff, in 简体中文 (without the rule id)."""
        due = self.due.isoformat()
        if self.scheduled is not None:
            state = f"已登记批准日期 {self.scheduled.isoformat()}，届时才在网站公布"
        else:
            state = "尚未在 annual_reports.yaml 中登记批准发布日期"
        if self.overdue:
            return f"{self.year} 年行政执法统计年报应于 {due} 前公布，已逾期：{state}"
        return f"{self.year} 年行政执法统计年报应于 {due} 前公布，{state}"


def report_due(reports: Sequence[AnnualReport], as_of: dt.date) -> ReportDue | None:
    """The previous year's report if it is not on the site on `as_of`, else None."""
    year = as_of.year - 1
    dates = [r.published for r in reports if r.year == year]
    if any(day <= as_of for day in dates):
        return None
    due = due_date(year)
    return ReportDue(year=year, due=due, overdue=as_of > due, scheduled=min(dates, default=None))


def next_publication(reports: Iterable[AnnualReport], as_of: dt.date) -> dt.date | None:
    """The next day a report appears on the site (the site must be rebuilt on it)."""
    return min((r.published for r in reports if r.published > as_of), default=None)
