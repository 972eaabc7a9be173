"""R-B6 annual case-file review (Article 8): the year's sample, score sheets, grades, checks.

Candidates for year Y are the year's closed cases: records whose case file (`case:`) has an
archive stage (归档管理, `Stage.ARCHIVE`) and whose earliest archive stage is dated in Y. A
record without a case file can never be a candidate: nothing says whether or when it was
archived.

The sample is drawn as in R-B5 (SHA-256 of `seed:id`, lowest first) from inputs the review
file records (year, seed, candidates, sample ratio and minimum), so anyone can recompute it.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from publisher.content import Content, Loaded
from publisher.findings import Finding, Severity
from publisher.loader import REVIEWS_DIR
from publisher.model import Record
from publisher.rules.report import located_finding, with_rule
from publisher.settings import ReviewSettings
from publisher.supervision.casefile import Stage
from publisher.supervision.casereview import CaseReview, ScoreSheet, Veto
from publisher.supervision.ranking import lowest

RULE = "R-B6"

# Article 10: the regulation, and with it the yearly review, applies from this day.
IN_FORCE = dt.date(2022, 9, 1)

# R-B3 errors that say a record, document or file is missing, lost or altered: the file lacks
# (reliable) evidence. R-B3 messages name the item of Article 5(四) they break; item 1 also
# covers stages out of order, so there only a missing stage or document counts.
EVIDENCE_MARKERS = (
    "不制作执法全过程记录",  # 5(四)1: no record at all
    "缺少",  # 5(四)1: a stage or a required document missing
    "第五条(四)3",  # records deleted or altered (hash mismatch, rewritten history)
    "第五条(四)4",  # files lost from the evidence store
)


class Grade(StrEnum):
    EXCELLENT = "优秀"
    PASSING = "合格"
    FAILING = "不合格"


# ---------------------------------------------------------------- sample


def archived_on(record: Record) -> dt.date | None:
    """The day the case was closed: its earliest archive stage (a re-archived file keeps the
    year it was first closed in, so it is never a candidate twice)."""
    if record.case is None:
        return None
    dates = [stage.date for stage in record.case.stages if stage.stage is Stage.ARCHIVE]
    return min(dates, default=None)


def closed_cases(content: Content, year: int) -> list[str]:
    """The ids of the year's closed cases, sorted."""
    return sorted(
        loaded.record.id
        for loaded in content.records
        if (day := archived_on(loaded.record)) is not None and day.year == year
    )


def sample_size(candidates: int, ratio: float, minimum: int) -> int:
    """max(minimum, ⌈ratio × candidates⌉), at most every candidate."""
    # The ratio is taken as the decimal staff wrote: 0.07 × 100 is 7 files, where the binary
    # float product 7.000000000000001 would round up to 8.
    by_ratio = math.ceil(Fraction(str(ratio)) * candidates)
    return min(candidates, max(minimum, by_ratio))


def draw_sample(content: Content, year: int, seed: str, today: dt.date) -> CaseReview:
    """The year's review file: candidates, the sample and one pre-filled sheet per sampled file
    (what the R-A and R-B checks find on `today`; scores are left to the reviewers)."""
    # Imported here: the R-B checks module imports `check_reviews` from this module.
    from publisher.checks import run_checks
    from publisher.supervision.checks import run_supervision_checks

    settings = content.settings.supervision.review
    candidates = closed_cases(content, year)
    size = sample_size(len(candidates), settings.sample_ratio, settings.sample_min)
    sample = lowest(seed, candidates, size)
    findings = [*run_checks(content, today), *run_supervision_checks(content, today)]
    return CaseReview(
        year=year,
        seed=seed,
        drawn=today,
        sample_ratio=settings.sample_ratio,
        sample_min=settings.sample_min,
        candidates=candidates,
        sample=sample,
        sheets=[prefilled_sheet(record_id, findings) for record_id in sample],
    )


def prefilled_sheet(record_id: str, findings: Iterable[Finding]) -> ScoreSheet:
    # The review's own findings say nothing about the case file itself.
    own = [f for f in findings if f.record == record_id and f.rule != RULE]
    return ScoreSheet(
        record=record_id,
        automatic=list(dict.fromkeys(automatic_note(f) for f in own)),
        vetoes=suggested_vetoes(own),
    )


def automatic_note(finding: Finding) -> str:
    level = "错误" if finding.severity is Severity.ERROR else "警告"
    return f"{level}：{finding.message}"


def suggested_vetoes(findings: Iterable[Finding]) -> list[Veto]:
    """The veto items the checks point to, in the order of `Veto`; reviewers confirm them."""
    found = {veto for finding in findings if (veto := veto_for(finding)) is not None}
    return [veto for veto in Veto if veto in found]


def veto_for(finding: Finding) -> Veto | None:
    """R-B2 error → uncertified_officers; R-B3 error about missing or unreliable records and
    files → missing_evidence; R-B4 error → illegal_procedure. Warnings never veto."""
    if finding.severity is not Severity.ERROR:
        return None
    if finding.rule == "R-B2":
        return Veto.UNCERTIFIED_OFFICERS
    if finding.rule == "R-B3" and any(m in finding.message for m in EVIDENCE_MARKERS):
        return Veto.MISSING_EVIDENCE
    if finding.rule == "R-B4":
        return Veto.ILLEGAL_PROCEDURE
    return None


# ---------------------------------------------------------------- scoring


@dataclass(frozen=True)
class ScoreProblem:
    """A score the settings do not allow, for the item code it was given under."""

    item: str
    message: str


@dataclass(frozen=True)
class SheetResult:
    """A sheet scored: `grade` is None while it is incomplete or has a score problem."""

    record: str
    total: int
    grade: Grade | None
    complete: bool
    vetoes: tuple[Veto, ...]
    missing: tuple[str, ...]
    """Item codes without a score."""
    reviewer: str | None
    problems: tuple[ScoreProblem, ...]


def score_sheet(sheet: ScoreSheet, settings: ReviewSettings) -> SheetResult:
    """Total and grade of one sheet.

    Any veto zeroes the file and fails it once a reviewer signs it, whatever the item scores.
    Otherwise a sheet is complete when it names its reviewer and scores every item; it gets a
    grade when it is complete and every score is within its item's points.
    """
    points = {item.code: item for item in settings.items}
    problems = tuple(score_problems(sheet.scores, settings))
    missing = tuple(code for code in points if code not in sheet.scores)
    reviewer = (sheet.reviewer or "").strip() or None
    complete = reviewer is not None and (bool(sheet.vetoes) or not missing)
    valid = {code for code in sheet.scores if code not in {p.item for p in problems}}
    total = 0 if sheet.vetoes else sum(sheet.scores[code] for code in valid)
    return SheetResult(
        record=sheet.record,
        total=total,
        grade=_grade(sheet, total, complete, problems, settings),
        complete=complete,
        vetoes=tuple(sheet.vetoes),
        missing=missing,
        reviewer=reviewer,
        problems=problems,
    )


def score_problems(scores: Mapping[str, int], settings: ReviewSettings) -> Iterator[ScoreProblem]:
    items = {item.code: item for item in settings.items}
    for code, score in scores.items():
        item = items.get(code)
        if item is None:
            known = "、".join(items)
            yield ScoreProblem(code, f"未知的评查项目 {code}（设置中的项目为 {known}）")
        elif score < 0:
            yield ScoreProblem(code, f"「{item.name}」（{code}）得分 {score} 为负数")
        elif score > item.points:
            message = f"「{item.name}」（{code}）得分 {score} 超过该项满分 {item.points}"
            yield ScoreProblem(code, message)


def grade_of(total: int, settings: ReviewSettings) -> Grade:
    """Thresholds include their own number (以上, 民法典 第一千二百五十九条)."""
    if total >= settings.excellent:
        return Grade.EXCELLENT
    if total >= settings.passing:
        return Grade.PASSING
    return Grade.FAILING


def _grade(
    sheet: ScoreSheet,
    total: int,
    complete: bool,
    problems: tuple[ScoreProblem, ...],
    settings: ReviewSettings,
) -> Grade | None:
    if not complete:
        return None
    if sheet.vetoes:
        return Grade.FAILING
    return None if problems else grade_of(total, settings)


# ---------------------------------------------------------------- report

NO_RECORD = "（记录不存在）"
NO_CASE_FILE = "（无案卷）"


@dataclass(frozen=True)
class FileResult:
    """One sampled file: its section and its scored sheet (an empty one when it has none)."""

    record: str
    section: str
    has_sheet: bool
    result: SheetResult


@dataclass(frozen=True)
class SectionSummary:
    section: str
    files: int
    average: float | None
    """Mean total of the graded files, one decimal; None when none is graded yet."""
    grades: Mapping[Grade, int]
    incomplete: int


@dataclass(frozen=True)
class ReviewReport:
    year: int
    seed: str
    drawn: dt.date
    file: str
    candidates: int
    files: tuple[FileResult, ...]
    sections: tuple[SectionSummary, ...]
    vetoes: Mapping[Veto, int]
    incomplete: tuple[str, ...]


def find_review(content: Content, year: int) -> Loaded[CaseReview] | None:
    """The year's review, preferring the file named `<year>.yaml` if two claim the year."""
    matches = [loaded for loaded in content.reviews if loaded.model.year == year]
    matches.sort(key=lambda loaded: loaded.path.name != f"{year}.yaml")
    return matches[0] if matches else None


def review_report(content: Content, year: int, settings: ReviewSettings) -> ReviewReport | None:
    """Scores and grades of the year's sample, by file and by section; None without a review."""
    loaded = find_review(content, year)
    if loaded is None:
        return None
    review = loaded.model
    files = tuple(_file_results(content, review, settings))
    return ReviewReport(
        year=year,
        seed=review.seed,
        drawn=review.drawn,
        file=loaded.file,
        candidates=len(set(review.candidates)),
        files=files,
        sections=tuple(_sections(files)),
        vetoes=_veto_counts(files),
        incomplete=tuple(f.record for f in files if not f.result.complete),
    )


def _file_results(
    content: Content, review: CaseReview, settings: ReviewSettings
) -> Iterator[FileResult]:
    sheets = first_sheets(review)
    records = content.record_by_id()
    for record_id in dict.fromkeys(review.sample):
        found = sheets.get(record_id)
        loaded = records.get(record_id)
        sheet = found[1] if found else ScoreSheet(record=record_id)
        yield FileResult(
            record=record_id,
            section=_section_of(loaded.record if loaded else None),
            has_sheet=found is not None,
            result=score_sheet(sheet, settings),
        )


def first_sheets(review: CaseReview) -> dict[str, tuple[int, ScoreSheet]]:
    """Each record's first sheet with its position (a second one is an error of its own)."""
    sheets: dict[str, tuple[int, ScoreSheet]] = {}
    for index, sheet in enumerate(review.sheets):
        sheets.setdefault(sheet.record, (index, sheet))
    return sheets


def _section_of(record: Record | None) -> str:
    if record is None:
        return NO_RECORD
    return record.case.section if record.case is not None else NO_CASE_FILE


def _sections(files: Sequence[FileResult]) -> Iterator[SectionSummary]:
    for section in sorted({f.section for f in files}):
        results = [f.result for f in files if f.section == section]
        graded = [r.total for r in results if r.grade is not None]
        counts = Counter(r.grade for r in results if r.grade is not None)
        yield SectionSummary(
            section=section,
            files=len(results),
            average=round(sum(graded) / len(graded), 1) if graded else None,
            grades={grade: counts[grade] for grade in Grade},
            incomplete=sum(1 for r in results if not r.complete),
        )


def _veto_counts(files: Sequence[FileResult]) -> dict[Veto, int]:
    counts = Counter(veto for f in files for veto in set(f.result.vetoes))
    return {veto: counts[veto] for veto in Veto}


# ---------------------------------------------------------------- checks


def review_deadline(year: int) -> dt.date:
    """Reviews are held at year-end; sheets must be complete by 31 January of the next year."""
    return dt.date(year + 1, 1, 31)


def check_reviews(content: Content, as_of: dt.date) -> list[Finding]:
    """Every R-B6 finding: each review file on its own, and the years with no review."""
    findings = [f for loaded in content.reviews for f in check_review(loaded, content, as_of)]
    findings.extend(_missing_reviews(content, as_of))
    return findings


def check_review(loaded: Loaded[CaseReview], content: Content, as_of: dt.date) -> list[Finding]:
    settings = content.settings.supervision.review
    return [
        *_file_name(loaded),
        *_draw(loaded, settings),
        *_candidates(loaded, content),
        *_sheets(loaded, settings),
        *_incomplete(loaded, settings, as_of),
    ]


def _error(loaded: Loaded[CaseReview], loc: tuple[str | int, ...], message: str) -> Finding:
    return located_finding(loaded, loc, RULE, Severity.ERROR, message)


def _warning(loaded: Loaded[CaseReview], loc: tuple[str | int, ...], message: str) -> Finding:
    return located_finding(loaded, loc, RULE, Severity.WARNING, message)


def _file_name(loaded: Loaded[CaseReview]) -> Iterator[Finding]:
    expected = f"{loaded.model.year}.yaml"
    if loaded.path.name != expected:
        yield _error(loaded, ("year",), f"文件名应为 {expected}，与 year 字段一致")


def _draw(loaded: Loaded[CaseReview], settings: ReviewSettings) -> Iterator[Finding]:
    """The sample must be what anyone recomputes from the file's own inputs (R-B5 method)."""
    review = loaded.model
    duplicates = _duplicates(review.candidates)
    if duplicates:
        yield _error(loaded, ("candidates",), f"候选案卷重复：{'、'.join(duplicates)}")
    ratio = settings.sample_ratio if review.sample_ratio is None else review.sample_ratio
    minimum = settings.sample_min if review.sample_min is None else review.sample_min
    size = sample_size(len(set(review.candidates)), ratio, minimum)
    expected = lowest(review.seed, review.candidates, size)
    if len(review.sample) != size or set(review.sample) != set(expected):
        message = (
            f"抽取结果与按种子和候选案卷重新计算的结果不一致：应抽取 {size} 件，"
            f"为 {'、'.join(expected) or '（无）'}"
        )
        yield _error(loaded, ("sample",), message)
    yield from _changed_inputs(loaded, settings)


def _changed_inputs(loaded: Loaded[CaseReview], settings: ReviewSettings) -> Iterator[Finding]:
    # The recorded inputs decide the recomputation; a difference from today's settings is
    # normal after the bureau changes them, but could also be an edit meant to shrink the sample.
    review = loaded.model
    recorded = (review.sample_ratio, review.sample_min)
    if None not in recorded and recorded != (settings.sample_ratio, settings.sample_min):
        message = (
            f"记录的抽取参数（比例 {review.sample_ratio}，最少 {review.sample_min} 件）与当前设置"
            f"（比例 {settings.sample_ratio}，最少 {settings.sample_min} 件）不同；"
            "如抽取后修改过设置可忽略"
        )
        yield _warning(loaded, ("sample_ratio",), message)


def _duplicates(values: Sequence[str]) -> list[str]:
    return sorted(value for value, count in Counter(values).items() if count > 1)


def _candidates(loaded: Loaded[CaseReview], content: Content) -> Iterator[Finding]:
    """Candidates should be the year's closed cases as the records say today."""
    review = loaded.model
    expected = set(closed_cases(content, review.year))
    listed = set(review.candidates)
    parts = []
    if missing := sorted(expected - listed):
        parts.append(f"未参与抽取的已归档案件 {'、'.join(missing)}（可能在抽取后才归档）")
    if extra := sorted(listed - expected):
        parts.append(f"不是该年度已归档案件的候选 {'、'.join(extra)}")
    if parts:
        message = f"候选案卷与 {review.year} 年已归档案件不一致：{'；'.join(parts)}"
        yield _warning(loaded, ("candidates",), message)


def _sheets(loaded: Loaded[CaseReview], settings: ReviewSettings) -> Iterator[Finding]:
    """Each sheet belongs to a sampled file, once, and its scores fit the settings."""
    sample = set(loaded.model.sample)
    seen: set[str] = set()
    for index, sheet in enumerate(loaded.model.sheets):
        loc: tuple[str | int, ...] = ("sheets", index, "record")
        if sheet.record not in sample:
            message = f"评查表的案卷 {sheet.record} 不在抽取结果中"
            yield located_finding(loaded, loc, RULE, Severity.ERROR, message, sheet.record)
        elif sheet.record in seen:
            message = f"案卷 {sheet.record} 有多份评查表"
            yield located_finding(loaded, loc, RULE, Severity.ERROR, message, sheet.record)
        seen.add(sheet.record)
        for problem in score_sheet(sheet, settings).problems:
            where = ("sheets", index, "scores", problem.item)
            yield located_finding(
                loaded, where, RULE, Severity.ERROR, problem.message, sheet.record
            )


def _incomplete(
    loaded: Loaded[CaseReview], settings: ReviewSettings, as_of: dt.date
) -> Iterator[Finding]:
    review = loaded.model
    deadline = review_deadline(review.year)
    if as_of <= deadline:
        return
    sheets = first_sheets(review)
    due = f"应于 {deadline.isoformat()} 前完成"
    for record_id in dict.fromkeys(review.sample):
        found = sheets.get(record_id)
        if found is None:
            message = f"抽中的案卷 {record_id} 没有评查表（{due}）"
            yield located_finding(loaded, ("sample",), RULE, Severity.WARNING, message, record_id)
            continue
        index, sheet = found
        result = score_sheet(sheet, settings)
        if not result.complete:
            message = f"案卷 {record_id} 的评查表未完成：{describe_missing(result)}（{due}）"
            where = ("sheets", index)
            yield located_finding(loaded, where, RULE, Severity.WARNING, message, record_id)


def describe_missing(result: SheetResult) -> str:
    """What a reviewer still has to fill in, in words."""
    parts = []
    if result.reviewer is None:
        parts.append("未填写评查人")
    if result.missing and not result.vetoes:
        parts.append(f"未评分的项目 {'、'.join(result.missing)}")
    return "；".join(parts)


def _missing_reviews(content: Content, as_of: dt.date) -> Iterator[Finding]:
    """A year with closed cases whose review is still missing after 31 January of the next."""
    reviewed = {loaded.model.year for loaded in content.reviews}
    since = content.settings.supervision.since
    first = max(IN_FORCE.year, since.year if since else IN_FORCE.year)
    closed = Counter(
        day.year for loaded in content.records if (day := archived_on(loaded.record)) is not None
    )
    for year in sorted(closed):
        if year in reviewed or year < first or as_of <= review_deadline(year):
            continue
        message = (
            f"{year} 年有 {closed[year]} 件已归档案件，但没有年度案卷评查"
            f"（每年年末开展评查，应不晚于 {review_deadline(year).isoformat()} 完成；"
            f"用 publisher review sample --year {year} 抽取）"
        )
        path = content.root / REVIEWS_DIR / f"{year}.yaml"
        yield Finding(str(path), None, RULE, Severity.WARNING, with_rule(message, RULE))
