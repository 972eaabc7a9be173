"""The figures of the annual enforcement statistics report (行政执法统计年报, R-A10).

A pure function of the records and the draw records for one calendar year: no clock, no files,
no Pelican. Only counts and sums leave this module (R-A8): no record id, name or other detail
of any case, so natural persons' and minors' cases are counted without ever being identified.

What counts, for year Y (dates are Asia/Shanghai calendar days):

- penalty decisions and inspections decided in Y (`decided`), drafts (no `published`) never;
  a decision later withdrawn still counts as decided in Y (its withdrawal counts on its own);
- by penalty kind: a decision with several kinds counts once in each kind;
- by area and by month of the decision date;
- fines and confiscations: the sums, in yuan, of the decisions decided in Y;
- inspections by `inspection_outcome`; those without one count as 未分类;
- withdrawals: withdrawal acts dated in Y (any decision year), by kind of act;
- corrections: correction entries dated in Y (any record), own and on request;
- double-random draws drawn in Y (`plan.date`) and the targets they drew.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from publisher.labels import (
    AREA,
    INSPECTION_OUTCOME,
    PENALTY_KIND,
    UNCLASSIFIED_OUTCOME,
    WITHDRAWAL_ACT,
)
from publisher.model import (
    Area,
    InspectionOutcome,
    PenaltyKind,
    Record,
    RecordType,
    WithdrawalAct,
)
from publisher.supervision.draws import DrawRecord

MONTHS = tuple(range(1, 13))
UNCLASSIFIED = "unclassified"
"""The key of inspections without `inspection_outcome`."""


@dataclass(frozen=True)
class YearFigures:
    """Every figure of one year's report."""

    year: int
    penalties: int
    inspections: int
    by_kind: Mapping[PenaltyKind, int]
    """Every kind, in the order of 行政处罚法 第九条 (CONTRACT.md)."""
    by_area: Mapping[Area, tuple[int, int]]
    """Every area: (penalty decisions, inspections)."""
    by_month: Mapping[int, tuple[int, int]]
    """Months 1–12: (penalty decisions, inspections)."""
    fines_yuan: int
    confiscated_yuan: int
    by_outcome: Mapping[str, int]
    """Every `InspectionOutcome` value, then `UNCLASSIFIED`."""
    withdrawals: Mapping[WithdrawalAct, int]
    corrections_own: int
    corrections_on_request: int
    draws: int
    draw_targets: int

    @property
    def withdrawal_count(self) -> int:
        return sum(self.withdrawals.values())

    @property
    def correction_count(self) -> int:
        return self.corrections_own + self.corrections_on_request


def year_figures(records: Iterable[Record], draws: Iterable[DrawRecord], year: int) -> YearFigures:
    """The report's figures for `year` from every record (drafts are skipped here)."""
    counted = [r for r in records if not r.is_draft]
    decided = [r for r in counted if r.decided.year == year]
    penalties = [r for r in decided if r.type is RecordType.PENALTY]
    inspections = [r for r in decided if r.type is RecordType.INSPECTION]
    kinds = [kind for r in penalties if r.penalty for kind in dict.fromkeys(r.penalty.kinds)]
    outcomes = [
        r.inspection_outcome.value if r.inspection_outcome else UNCLASSIFIED for r in inspections
    ]
    acts = [r.withdrawal.act for r in counted if r.withdrawal and r.withdrawal.date.year == year]
    corrections = [c for r in counted for c in r.corrections if c.date.year == year]
    on_request = sum(1 for c in corrections if c.by_request)
    drawn = [d for d in draws if d.plan.date.year == year]
    return YearFigures(
        year=year,
        penalties=len(penalties),
        inspections=len(inspections),
        by_kind={kind: kinds.count(kind) for kind in PenaltyKind},
        by_area={
            area: (_count(penalties, area=area), _count(inspections, area=area)) for area in Area
        },
        by_month={
            month: (_count(penalties, month=month), _count(inspections, month=month))
            for month in MONTHS
        },
        fines_yuan=sum(r.penalty.fine_yuan for r in penalties if r.penalty),
        confiscated_yuan=sum(r.penalty.confiscated_yuan for r in penalties if r.penalty),
        by_outcome={
            key: outcomes.count(key)
            for key in (*(o.value for o in InspectionOutcome), UNCLASSIFIED)
        },
        withdrawals={act: acts.count(act) for act in WithdrawalAct},
        corrections_own=len(corrections) - on_request,
        corrections_on_request=on_request,
        draws=len(drawn),
        draw_targets=sum(len(d.teams) for d in drawn),
    )


def years_counted(record: Record) -> set[int]:
    """The years whose figures `record` may count in (`year_figures`): the year of its
    decision, of its withdrawal and of each of its corrections. The figures of a year from
    only these records are those from every record."""
    years = {record.decided.year, *(c.date.year for c in record.corrections)}
    if record.withdrawal:
        years.add(record.withdrawal.date.year)
    return years


def _count(records: Iterable[Record], area: Area | None = None, month: int | None = None) -> int:
    return sum(
        1
        for r in records
        if (area is None or r.area is area) and (month is None or r.decided.month == month)
    )


# ---------------------------------------------------------------------------------------------
# The same figures as groups of rows: one chart, one table and one block of CSV rows each.


@dataclass(frozen=True)
class Series:
    """A column of a group's table (a bar colour of its chart)."""

    key: str
    label: str


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    values: tuple[int, ...]
    """One value per series of the group."""
    unit: str


@dataclass(frozen=True)
class FigureGroup:
    key: str
    title: str
    item_heading: str
    """The heading of the table's first column (what the rows are)."""
    series: tuple[Series, ...]
    rows: tuple[Row, ...]
    note: str = ""
    """What counts, in one sentence for the public."""

    @property
    def common_unit(self) -> str | None:
        """The unit of every row, or None when the rows differ (the table then names each
        row's unit)."""
        units = {row.unit for row in self.rows}
        return units.pop() if len(units) == 1 else None


COUNT = (Series("count", "数量"),)
BY_TYPE = (Series("penalty", "行政处罚决定"), Series("inspection", "行政检查"))


def figure_groups(figures: YearFigures) -> tuple[FigureGroup, ...]:
    """The report's groups in page order; the CSV, the tables and the charts all come from
    these, so their numbers cannot differ."""
    f = figures
    return (
        FigureGroup(
            "overview",
            "办理案件总数",
            "类别",
            COUNT,
            (
                Row("penalty", "行政处罚决定", (f.penalties,), "件"),
                Row("inspection", "行政检查", (f.inspections,), "件"),
            ),
            "按决定日期（行政检查为检查结果作出日期）统计本年度作出的决定，未公示的草稿不计。",
        ),
        FigureGroup(
            "kinds",
            "行政处罚决定按处罚种类",
            "处罚种类",
            COUNT,
            tuple(
                Row(kind.value, PENALTY_KIND[kind], (count,), "件")
                for kind, count in f.by_kind.items()
            ),
            "一件决定有多个处罚种类的，在每个种类中各计一次，各种类之和可能大于决定件数。",
        ),
        FigureGroup(
            "areas",
            "按执法领域",
            "执法领域",
            BY_TYPE,
            tuple(Row(area.value, AREA[area], counts, "件") for area, counts in f.by_area.items()),
        ),
        FigureGroup(
            "months",
            "按月份",
            "月份",
            BY_TYPE,
            tuple(
                Row(f"{month:02d}", f"{month}月", counts, "件")
                for month, counts in f.by_month.items()
            ),
            "按决定日期所在月份统计。",
        ),
        FigureGroup(
            "amounts",
            "罚没金额",
            "项目",
            (Series("amount", "金额"),),
            (
                Row("fine", "罚款", (f.fines_yuan,), "元"),
                Row("confiscated", "没收违法所得、没收非法财物", (f.confiscated_yuan,), "元"),
            ),
            "本年度作出的行政处罚决定所载金额之和。",
        ),
        FigureGroup(
            "outcomes",
            "行政检查结果",
            "检查结论",
            COUNT,
            tuple(
                Row(key, _outcome_label(key), (count,), "件") for key, count in f.by_outcome.items()
            ),
        ),
        FigureGroup(
            "withdrawals",
            "撤下公示",
            "法律行为",
            COUNT,
            tuple(
                Row(act.value, WITHDRAWAL_ACT[act], (count,), "件")
                for act, count in f.withdrawals.items()
            ),
            "本年度内原决定被撤销、确认违法、责令重新作出、变更或确认无效，从而撤下公示的件数，按该法律行为的日期统计。",
        ),
        FigureGroup(
            "corrections",
            "更正公示信息",
            "更正方式",
            COUNT,
            (
                Row("own", "本局主动更正", (f.corrections_own,), "次"),
                Row("request", "依申请更正", (f.corrections_on_request,), "次"),
            ),
            "按更正日期统计本年度对公示信息的更正。",
        ),
        FigureGroup(
            "draws",
            "双随机抽查",
            "项目",
            COUNT,
            (
                Row("draws", "抽查次数", (f.draws,), "次"),
                Row("targets", "抽取的检查对象", (f.draw_targets,), "个"),
            ),
            "按抽取日期统计。",
        ),
    )


def _outcome_label(key: str) -> str:
    if key == UNCLASSIFIED:
        return UNCLASSIFIED_OUTCOME
    return INSPECTION_OUTCOME[InspectionOutcome(key)]
