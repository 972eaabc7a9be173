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

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
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
    Correction,
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
    return figures_by_year(records, draws, (year,))[year]


def figures_by_year(
    records: Iterable[Record], draws: Iterable[DrawRecord], years: Iterable[int]
) -> dict[int, YearFigures]:
    """`year_figures` of each of `years` (in that order), every record looked at once: a
    record adds to the tally of its decision's year, of its withdrawal's and of each of its
    corrections' (at 100,000 records, a pass per year and per area or month took a second)."""
    tallies = {year: _Tally() for year in years}
    for record in records:
        if record.is_draft:
            continue
        tally = tallies.get(record.decided.year)
        if tally is not None:
            tally.add_decision(record)
        withdrawal = record.withdrawal
        if withdrawal is not None and (tally := tallies.get(withdrawal.date.year)) is not None:
            tally.acts[withdrawal.act] += 1
        for correction in record.corrections:
            if (tally := tallies.get(correction.date.year)) is not None:
                tally.add_correction(correction)
    drawn = list(draws)
    return {
        year: tally.figures(year, [d for d in drawn if d.plan.date.year == year])
        for year, tally in tallies.items()
    }


class _Tally:
    """The counts and sums of one year while the records are looked at."""

    def __init__(self) -> None:
        self.decisions: Counter[RecordType] = Counter()
        self.kinds: Counter[PenaltyKind] = Counter()
        self.areas: Counter[tuple[RecordType, Area]] = Counter()
        self.months: Counter[tuple[RecordType, int]] = Counter()
        self.fines_yuan = 0
        self.confiscated_yuan = 0
        self.outcomes: Counter[str] = Counter()
        self.acts: Counter[WithdrawalAct] = Counter()
        self.corrections = 0
        self.on_request = 0

    def add_decision(self, record: Record) -> None:
        kind = record.type
        self.decisions[kind] += 1
        self.areas[(kind, record.area)] += 1
        self.months[(kind, record.decided.month)] += 1
        if kind is RecordType.PENALTY and record.penalty:
            self.kinds.update(frozenset(record.penalty.kinds))  # a kind counts once a decision
            self.fines_yuan += record.penalty.fine_yuan
            self.confiscated_yuan += record.penalty.confiscated_yuan
        elif kind is RecordType.INSPECTION:
            outcome = record.inspection_outcome
            self.outcomes[outcome.value if outcome else UNCLASSIFIED] += 1

    def add_correction(self, correction: Correction) -> None:
        self.corrections += 1
        self.on_request += correction.by_request

    def figures(self, year: int, drawn: Sequence[DrawRecord]) -> YearFigures:
        penalty, inspection = RecordType.PENALTY, RecordType.INSPECTION
        return YearFigures(
            year=year,
            penalties=self.decisions[penalty],
            inspections=self.decisions[inspection],
            by_kind={kind: self.kinds[kind] for kind in PenaltyKind},
            by_area={
                area: (self.areas[penalty, area], self.areas[inspection, area]) for area in Area
            },
            by_month={
                month: (self.months[penalty, month], self.months[inspection, month])
                for month in MONTHS
            },
            fines_yuan=self.fines_yuan,
            confiscated_yuan=self.confiscated_yuan,
            by_outcome={
                key: self.outcomes[key]
                for key in (*(o.value for o in InspectionOutcome), UNCLASSIFIED)
            },
            withdrawals={act: self.acts[act] for act in WithdrawalAct},
            corrections_own=self.corrections - self.on_request,
            corrections_on_request=self.on_request,
            draws=len(drawn),
            draw_targets=sum(len(d.teams) for d in drawn),
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
