"""The faster forms of steps that run over every record give what the plain forms gave.

Each step here was rewritten for speed at 100,000 records (docs/performance.md): the yearly
statistics in one pass over the records instead of a pass per year, area and month; the public
text's masking settled by one pre-check search; duplicate ids and document numbers counted
before they are grouped; a publication in time answered without building a new answer. The plain forms are kept below as oracles and compared with the
code on generated inputs, so a difference in any figure, text, finding or order shows.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from factories import inspection, penalty
from hypothesis import given
from hypothesis import strategies as st

from publisher.content import Content, LoadedRecord
from publisher.deadlines import publication_deadline, publication_workdays
from publisher.findings import Finding
from publisher.labels import RECORD_TYPE
from publisher.model import (
    Area,
    InspectionOutcome,
    PenaltyKind,
    Record,
    RecordType,
    WithdrawalAct,
)
from publisher.public import mask_text
from publisher.redaction import mask_text as mask_numbers
from publisher.rules.report import record_error, record_warning
from publisher.rules.timeliness import (
    DeadlineCheck,
    check_published_after_decided,
    check_timeliness,
    check_withdrawal_deadline,
    missing_year_findings,
)
from publisher.rules.uniqueness import check_unique_doc_nos, check_unique_ids
from publisher.safetext import carrier_text
from publisher.settings import Settings
from publisher.statistics import (
    MONTHS,
    UNCLASSIFIED,
    YearFigures,
    figures_by_year,
    year_figures,
)
from publisher.visibility import was_minor_at_decision
from publisher.workdays import WorkCalendar
from publisher.yamlsource import LineMap

# --- oracles: the plain forms ----------------------------------------------------------------


def plain_year_figures(records: Iterable[Record], year: int) -> YearFigures:
    """The figures of `year` as a pass per area and per month counted them (no draws)."""
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

    def count(of: list[Record], area: Area | None = None, month: int | None = None) -> int:
        return sum(
            1
            for r in of
            if (area is None or r.area is area) and (month is None or r.decided.month == month)
        )

    return YearFigures(
        year=year,
        penalties=len(penalties),
        inspections=len(inspections),
        by_kind={kind: kinds.count(kind) for kind in PenaltyKind},
        by_area={
            area: (count(penalties, area=area), count(inspections, area=area)) for area in Area
        },
        by_month={
            month: (count(penalties, month=month), count(inspections, month=month))
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
        draws=0,
        draw_targets=0,
    )


def plain_mask_text(text: str) -> str:
    return mask_numbers(carrier_text(text))


def plain_groups(
    records: Sequence[LoadedRecord], key: Callable[[LoadedRecord], str]
) -> dict[str, list[LoadedRecord]]:
    groups: defaultdict[str, list[LoadedRecord]] = defaultdict(list)
    for loaded in records:
        groups[key(loaded)].append(loaded)
    return {k: group for k, group in groups.items() if len(group) > 1}


def plain_unique_ids(records: Sequence[LoadedRecord]) -> list[Finding]:
    findings = []
    for record_id, group in plain_groups(records, lambda r: r.record.id).items():
        for loaded in group:
            others = "、".join(other.file for other in group if other is not loaded)
            message = f"记录编号 {record_id} 重复，另见 {others}；编号必须唯一且永不复用"
            findings.append(record_error(loaded, ("id",), "R-A2", message))
    return findings


def plain_unique_doc_nos(records: Sequence[LoadedRecord]) -> list[Finding]:
    """Every record here is a penalty with a document number and no placeholder."""

    def key(loaded: LoadedRecord) -> str:
        return unicodedata.normalize("NFKC", loaded.record.doc_no or "").strip()

    findings = []
    for doc_no, group in plain_groups(records, key).items():
        for loaded in group:
            others = "、".join(other.file for other in group if other is not loaded)
            message = f"文书号 {doc_no} 在行政处罚决定中重复，另见 {others}"
            findings.append(record_error(loaded, ("doc_no",), "R-A2", message))
    return findings


# --- generated records -------------------------------------------------------------------------

YEARS = (2023, 2024, 2025, 2026)
days = st.dates(dt.date(2023, 1, 1), dt.date(2026, 12, 31))


@st.composite
def records(draw: st.DrawFn) -> Record:
    decided = draw(days)
    published = draw(st.none() | st.just(decided + dt.timedelta(days=draw(st.integers(0, 30)))))
    common: dict[str, Any] = {
        "id": f"{decided.year}-x-{draw(st.integers(1, 9999)):04d}",
        "area": draw(st.sampled_from(list(Area))).value,
        "decided": decided.isoformat(),
        "published": published.isoformat() if published else None,
        "corrections": [
            {
                "date": day.isoformat(),
                "fields": ["facts"],
                "summary": "更正示例",
                "reason": "笔误",
                "public_request": by_request,
            }
            for day, by_request in draw(st.lists(st.tuples(days, st.booleans()), max_size=3))
        ],
    }
    if draw(st.booleans()):
        act = draw(st.sampled_from(list(WithdrawalAct)))
        withdrawn = draw(days)
        recorded = draw(st.none() | st.integers(0, 10))
        common["withdrawal"] = {
            "act": act.value,
            "date": withdrawn.isoformat(),
            "explanation": "原决定已撤销。",
            "recorded": None
            if recorded is None
            else (withdrawn + dt.timedelta(recorded)).isoformat(),
        }
    if draw(st.booleans()):
        kinds = draw(st.lists(st.sampled_from(list(PenaltyKind)), min_size=1, max_size=4))
        amounts = st.integers(0, 10**6)
        terms = {"kinds": [k.value for k in kinds], "fine_yuan": draw(amounts)}
        terms["confiscated_yuan"] = draw(amounts)
        return Record.model_validate(penalty(penalty=terms, **common))
    outcome = draw(st.none() | st.sampled_from(list(InspectionOutcome)))
    extra = {"inspection_outcome": outcome.value} if outcome else {}
    return Record.model_validate(inspection(**common, **extra))


@given(st.lists(records(), max_size=25), st.lists(st.sampled_from(YEARS), max_size=5))
def test_figures_by_year_are_those_of_a_pass_per_year(recs: list[Record], years: list[int]) -> None:
    figures = figures_by_year(recs, (), years)
    assert list(figures) == list(dict.fromkeys(years))
    for year in years:
        assert figures[year] == plain_year_figures(recs, year)
        assert year_figures(recs, (), year) == figures[year]


# --- public text -------------------------------------------------------------------------------

# Digits (half- and full-width), the separators people type inside numbers, an ID's X, the
# characters no carrier holds and the bidirectional controls, among ordinary text.
PIECES = st.sampled_from(
    [
        *"0123456789",
        *"０１２３４５６７８９",
        " ",
        "-",
        "－",
        "\u3000",
        "+",
        "X",
        "x",
        "\x00",
        "\x0b",
        "\ufffe",
        "\u202e",
        "\u2066",
        "罚",
        "号",
        "Tel",
        "13800138000",
        "110101199003071234",
        "6222021234567890128",
        "\U0001f600",
    ]
)
texts = st.lists(PIECES, max_size=40).map("".join) | st.text(max_size=60)


@given(texts)
def test_public_text_is_masked_as_before(text: str) -> None:
    assert mask_text(text) == plain_mask_text(text)


# --- duplicate ids and document numbers --------------------------------------------------------


def loaded_records(specs: list[tuple[str, str]]) -> list[LoadedRecord]:
    """Records with the given (id, document number), each in a file of its own."""
    return [
        LoadedRecord(
            record=Record.model_validate(penalty(id=f"2024-cf-{record_id}", doc_no=doc_no)),
            path=Path(f"content/records/{index:03d}.yaml"),
            lines=LineMap({("id",): 2, ("doc_no",): 4}),
        )
        for index, (record_id, doc_no) in enumerate(specs)
    ]


specs = st.lists(
    st.tuples(
        st.sampled_from(["0001", "0002", "0003", "0004"]),
        st.sampled_from(
            [
                "青工信罚〔2024〕1号",
                "青工信罚〔２０２４〕１号",
                "青工信罚〔2024〕2号",
                " 青工信罚〔2024〕3号",
            ]
        ),
    ),
    max_size=12,
)


@given(specs)
def test_duplicates_are_reported_as_before(pairs: list[tuple[str, str]]) -> None:
    loaded = loaded_records(pairs)
    assert list(check_unique_ids(loaded)) == plain_unique_ids(loaded)
    assert list(check_unique_doc_nos(loaded)) == plain_unique_doc_nos(loaded)


# --- publication deadlines (R-A3, R-A5, R-A11) -------------------------------------------------


def plain_publication_deadline(
    loaded: LoadedRecord, settings: Settings, calendar: WorkCalendar, as_of: dt.date
) -> DeadlineCheck:
    """R-A3 as it was written before the in-time records took a shortcut."""
    record = loaded.record
    if was_minor_at_decision(record) or (record.is_draft and record.withdrawal is not None):
        return DeadlineCheck()
    due = publication_deadline(record, settings, calendar)
    days = publication_workdays(record.type, settings)
    kind = RECORD_TYPE[record.type]
    finding = None
    if record.published is not None and record.published > due.date:
        message = f"公示日期晚于决定后 {days} 个工作日（应不晚于 {due.date.isoformat()}）"
        finding = record_warning(loaded, ("published",), "R-A3", message)
    elif record.published is None and as_of > due.date:
        message = (
            f"{kind}尚未公示（草稿），已超过决定后 {days} 个工作日的公示期限"
            f"（应不晚于 {due.date.isoformat()}）"
        )
        finding = record_warning(loaded, ("decided",), "R-A3", message)
    return DeadlineCheck(finding, due.missing_years)


def plain_timeliness(content: Content, as_of: dt.date) -> list[Finding]:
    calendar = content.calendar()
    settings = content.settings
    checks = [
        check
        for loaded in content.records
        for check in (
            plain_publication_deadline(loaded, settings, calendar, as_of),
            check_withdrawal_deadline(loaded, settings, calendar),
        )
    ]
    findings = [f for loaded in content.records for f in check_published_after_decided(loaded)]
    findings.extend(check.finding for check in checks if check.finding is not None)
    missing = frozenset(year for check in checks for year in check.missing_years)
    findings.extend(missing_year_findings(content.root, missing))
    return findings


late_records = st.builds(
    lambda record, delay, draft: record.model_copy(
        update={"published": None if draft else record.decided + dt.timedelta(days=delay)}
    ),
    records(),
    st.integers(-3, 40),
    st.booleans(),
)


@given(st.lists(late_records, max_size=12), st.dates(dt.date(2023, 1, 1), dt.date(2028, 12, 31)))
def test_deadline_findings_are_those_of_before(recs: list[Record], as_of: dt.date) -> None:
    loaded = [
        LoadedRecord(record=r, path=Path(f"content/records/{i:03d}.yaml"), lines=LineMap({}))
        for i, r in enumerate(recs)
    ]
    content = Content(root=Path("content"), settings=Settings(), records=loaded)
    assert check_timeliness(content, as_of) == plain_timeliness(content, as_of)
