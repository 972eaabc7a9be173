"""R-B6 annual case-file review (Article 8): the sample, pre-filled sheets, scores, grades, the
checks of the review files and the `publisher review` commands. All data is fictional."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from factories import penalty, write_content, write_yaml
from hypothesis import given
from hypothesis import strategies as st
from supervision_factories import COAL, POWER, case_file, write_supervision

from publisher.checks import run_checks
from publisher.cli import main
from publisher.content import Content
from publisher.findings import Finding, Severity
from publisher.loader import load_content
from publisher.settings import ReviewItem, ReviewSettings
from publisher.supervision.casereview import CaseReview, ScoreSheet, Veto
from publisher.supervision.checks import run_supervision_checks
from publisher.supervision.ranking import lowest, rank
from publisher.supervision.review import (
    Grade,
    archived_on,
    check_reviews,
    closed_cases,
    draw_sample,
    prefilled_sheet,
    review_report,
    sample_size,
    score_sheet,
    suggested_vetoes,
    veto_for,
)

SEED = "2025年12月20日福利彩票开奖号码 03 11 17 22 28 31"
DRAWN = dt.date(2025, 12, 20)
FULL_MARKS = {
    "subject": 10,
    "facts": 20,
    "procedure": 20,
    "law": 15,
    "discretion": 10,
    "documents": 10,
    "execution": 5,
    "systems": 10,
}


# ---------------------------------------------------------------- builders


def closed_case(number: int, archived: str = "2025-06-20", section: str = COAL) -> dict[str, Any]:
    """A penalty whose case file (built by `case_file`) is archived on `archived`."""
    year = archived[:4]
    decided = (dt.date.fromisoformat(archived) - dt.timedelta(days=10)).isoformat()
    record_id = f"{year}-cf-{number:04d}"
    return penalty(
        id=record_id,
        doc_no=f"青工信罚〔{year}〕{number}号",
        decided=decided,
        published=decided,
        case=case_file(record_id, "penalty", decided, section=section),
    )


def open_case(number: int) -> dict[str, Any]:
    """A case file without the archive stage: not closed."""
    record = closed_case(number)
    record["case"]["stages"] = [s for s in record["case"]["stages"] if s["stage"] != "archive"]
    return record


def make_content(
    root: Path, records: list[dict[str, Any]], settings: dict[str, Any] | None = None
) -> Path:
    write_content(root, records, settings)
    write_supervision(root)
    return root


def load(root: Path) -> Content:
    result = load_content(root)
    assert result.content is not None, [f.format_text() for f in result.all_findings]
    assert result.supervision_findings == [], [f.format_text() for f in result.supervision_findings]
    return result.content


def twelve_cases() -> list[dict[str, Any]]:
    return [
        closed_case(n, f"2025-{(n % 9) + 1:02d}-20", COAL if n % 2 else POWER) for n in range(1, 13)
    ]


def write_review(root: Path, review: CaseReview | dict[str, Any], name: str | None = None) -> Path:
    data = review.model_dump(mode="json") if isinstance(review, CaseReview) else review
    return write_yaml(root / "reviews" / (name or f"{data['year']}.yaml"), data)


def drawn_review(root: Path) -> dict[str, Any]:
    """The 2025 review of `root` as YAML data, freshly drawn."""
    return draw_sample(load(root), 2025, SEED, DRAWN).model_dump(mode="json")


def review_findings(root: Path, as_of: dt.date) -> list[Finding]:
    return check_reviews(load(root), as_of)


def independent_sample(seed: str, ids: list[str], count: int) -> list[str]:
    """The R-B5 method written out with hashlib alone."""
    digest = {i: hashlib.sha256(f"{seed}:{i}".encode()).hexdigest() for i in ids}
    return sorted(ids, key=lambda i: digest[i])[:count]


# ---------------------------------------------------------------- candidates and sample


def test_rank_is_the_sha256_of_seed_colon_id() -> None:
    """R-B5 method, reused by R-B6."""
    expected = hashlib.sha256("种子:2025-cf-0001".encode()).hexdigest()
    assert rank("种子", "2025-cf-0001") == expected


def test_candidates_are_the_years_closed_cases_with_a_case_file(tmp_path: Path) -> None:
    """R-B6: closed = archive stage dated in the year; no case file, no candidate."""
    no_case = penalty(id="2025-cf-0009", doc_no="青工信罚〔2025〕9号")
    records = [
        closed_case(1, "2025-01-01"),
        closed_case(2, "2025-12-31"),
        closed_case(3, "2024-12-31"),
        open_case(4),
        no_case,
    ]
    content = load(make_content(tmp_path / "content", records))
    assert closed_cases(content, 2025) == ["2025-cf-0001", "2025-cf-0002"]
    assert closed_cases(content, 2024) == ["2024-cf-0003"]


def test_a_re_archived_file_keeps_the_year_it_was_first_closed(tmp_path: Path) -> None:
    """R-B6: the earliest archive stage counts, so a file is never a candidate twice."""
    record = closed_case(1, "2025-11-20")
    archive = next(s for s in record["case"]["stages"] if s["stage"] == "archive")
    record["case"]["stages"].append({**archive, "date": "2026-02-01"})
    content = load(make_content(tmp_path / "content", [record]))
    assert archived_on(content.records[0].record) == dt.date(2025, 11, 20)
    assert closed_cases(content, 2026) == []


def test_sample_equals_an_independent_hashlib_recomputation(tmp_path: Path) -> None:
    """R-B6 drawn as in R-B5: SHA-256(seed:id), lowest first; 12 files × 0.2 → the minimum 5."""
    content = load(make_content(tmp_path / "content", twelve_cases()))
    review = draw_sample(content, 2025, SEED, DRAWN)
    ids = [f"2025-cf-{n:04d}" for n in range(1, 13)]
    assert review.candidates == ids
    assert review.sample == independent_sample(SEED, ids, 5)
    assert [sheet.record for sheet in review.sheets] == review.sample
    assert all(sheet.scores == {} and sheet.reviewer is None for sheet in review.sheets)
    assert (review.year, review.seed, review.drawn) == (2025, SEED, DRAWN)
    assert (review.sample_ratio, review.sample_min) == (0.2, 5)


@pytest.mark.parametrize(
    ("candidates", "ratio", "minimum", "expected"),
    [
        (12, 0.2, 5, 5),  # the minimum
        (26, 0.2, 5, 6),  # ⌈5.2⌉
        (30, 0.2, 5, 6),
        (3, 0.2, 5, 3),  # fewer cases than the minimum: all of them
        (0, 0.2, 5, 0),
        (100, 0.07, 1, 7),  # 0.07 × 100 is 7, not 7.000000000000001 → 8
        (10, 1.0, 1, 10),
    ],
)
def test_sample_size_rule(candidates: int, ratio: float, minimum: int, expected: int) -> None:
    """R-B6: max(sample_min, ⌈sample_ratio × n⌉), at most n."""
    assert sample_size(candidates, ratio, minimum) == expected


def test_fewer_cases_than_the_minimum_samples_them_all(tmp_path: Path) -> None:
    """R-B6."""
    records = [closed_case(n) for n in range(1, 4)]
    content = load(make_content(tmp_path / "content", records))
    review = draw_sample(content, 2025, SEED, DRAWN)
    assert (
        sorted(review.sample)
        == review.candidates
        == ["2025-cf-0001", "2025-cf-0002", "2025-cf-0003"]
    )


def test_sample_ratio_and_minimum_come_from_settings_yaml(tmp_path: Path) -> None:
    """R-B6 configurable: 12 files × 0.5 = 6 with a minimum of 2."""
    settings = {"supervision": {"review": {"sample_ratio": 0.5, "sample_min": 2}}}
    content = load(make_content(tmp_path / "content", twelve_cases(), settings))
    review = draw_sample(content, 2025, SEED, DRAWN)
    assert review.sample == independent_sample(SEED, review.candidates, 6)


record_ids = st.lists(st.from_regex(r"[a-z0-9]{2,8}-[0-9]{1,4}", fullmatch=True), max_size=25)
seeds = st.text(min_size=1, max_size=30)


@given(ids=record_ids, seed=seeds, count=st.integers(min_value=0, max_value=30))
def test_sample_is_the_k_lowest_ranks(ids: list[str], seed: str, count: int) -> None:
    """R-B6 drawn as in R-B5: the sample is the `count` candidates with the lowest SHA-256."""
    unique = list(dict.fromkeys(ids))
    assert lowest(seed, ids, count) == independent_sample(seed, unique, count)


@given(ids=record_ids, seed=seeds, count=st.integers(min_value=0, max_value=30), data=st.data())
def test_sample_ignores_the_order_of_candidates(
    ids: list[str], seed: str, count: int, data: st.DataObject
) -> None:
    """R-B6: verifiable by anyone, however the candidates were listed."""
    shuffled = data.draw(st.permutations(ids))
    assert lowest(seed, shuffled, count) == lowest(seed, ids, count)


@given(ids=record_ids, seed=seeds, count=st.integers(min_value=0, max_value=30))
def test_sample_is_deterministic(ids: list[str], seed: str, count: int) -> None:
    """R-B6: re-running the draw from the record gives the same result."""
    assert lowest(seed, ids, count) == lowest(seed, list(ids), count)


@given(
    n=st.integers(min_value=0, max_value=500),
    ratio=st.floats(min_value=0.01, max_value=1.0),
    minimum=st.integers(min_value=1, max_value=50),
)
def test_sample_size_bounds(n: int, ratio: float, minimum: int) -> None:
    """R-B6: at least the minimum (or all), never more than the candidates."""
    size = sample_size(n, ratio, minimum)
    assert min(n, minimum) <= size <= n


# ---------------------------------------------------------------- pre-filled sheets


ITEM_1 = "第五条(四)1 不按要求制作执法全过程记录"


def finding(
    rule: str, message: str, severity: Severity = Severity.ERROR, record: str = "r1"
) -> Finding:
    return Finding("records/r1.yaml", 3, rule, severity, message, record)


@pytest.mark.parametrize(
    ("found", "veto"),
    [
        (finding("R-B2", "检查只有一名执法人员"), Veto.UNCERTIFIED_OFFICERS),
        (finding("R-B2", "证件已过期", Severity.WARNING), None),
        (finding("R-B3", f"{ITEM_1}：调查取证环节缺少必备文书「询问笔录」"), Veto.MISSING_EVIDENCE),
        (
            finding("R-B3", "第五条(四)1 不制作执法全过程记录：记录 r1 没有 case"),
            Veto.MISSING_EVIDENCE,
        ),
        (
            finding("R-B3", "第五条(四)3 修改执法全过程记录信息：SHA-256 不符"),
            Veto.MISSING_EVIDENCE,
        ),
        (
            finding("R-B3", "第五条(四)4 致使执法记录损毁、丢失：a.pdf 不在证据存储中"),
            Veto.MISSING_EVIDENCE,
        ),
        (finding("R-B3", f"{ITEM_1}：送达执行环节日期早于审查决定环节日期"), None),
        (finding("R-B4", "重大执法决定未经法制审核"), Veto.ILLEGAL_PROCEDURE),
        (finding("R-A3", "公示日期晚于决定后 7 个工作日"), None),
    ],
)
def test_veto_mapping(found: Finding, veto: Veto | None) -> None:
    """R-B6: R-B2 error → uncertified officers, R-B3 missing evidence → missing evidence,
    R-B4 error → illegal procedure; warnings never veto."""
    assert veto_for(found) == veto


def test_prefilled_sheet_takes_only_its_records_findings() -> None:
    """R-B6: what the checks find is pre-filled, in the order of the veto list."""
    findings = [
        finding("R-B4", "重大执法决定未经法制审核"),
        finding("R-B2", "检查只有一名执法人员"),
        finding("R-A3", "公示迟延", Severity.WARNING),
        finding("R-B2", "另一案卷的问题", record="r2"),
        finding("R-B6", "评查表未完成", Severity.WARNING),
    ]
    sheet = prefilled_sheet("r1", findings)
    assert sheet.vetoes == [Veto.UNCERTIFIED_OFFICERS, Veto.ILLEGAL_PROCEDURE]
    assert sheet.automatic == [
        "错误：重大执法决定未经法制审核",
        "错误：检查只有一名执法人员",
        "警告：公示迟延",
    ]
    assert suggested_vetoes([]) == []


def one_officer_per_act(record: dict[str, Any]) -> None:
    for act in record["case"]["acts"]:
        act["officers"] = act["officers"][:1]


def no_interview_record(record: dict[str, Any]) -> None:
    stage = next(s for s in record["case"]["stages"] if s["stage"] == "investigation")
    stage["documents"] = [d for d in stage["documents"] if d["kind"] != "询问笔录"]


@pytest.mark.parametrize(
    ("spoil", "rule", "veto"),
    [
        (one_officer_per_act, "R-B2", Veto.UNCERTIFIED_OFFICERS),
        (no_interview_record, "R-B3", Veto.MISSING_EVIDENCE),
    ],
)
def test_draw_prefills_what_the_checks_find(
    tmp_path: Path, spoil: Any, rule: str, veto: Veto
) -> None:
    """R-B6 end to end: the sheet carries exactly what the R-A and R-B checks report for its
    file, and an R-B2 or R-B3 error suggests its veto."""
    records = [closed_case(n) for n in range(1, 4)]
    spoil(records[0])
    content = load(make_content(tmp_path / "content", records))
    review = draw_sample(content, 2025, SEED, DRAWN)
    sheet = next(s for s in review.sheets if s.record == "2025-cf-0001")
    findings = [*run_checks(content, DRAWN), *run_supervision_checks(content, DRAWN)]
    own = [f for f in findings if f.record == "2025-cf-0001" and f.rule != "R-B6"]
    assert sheet.vetoes == suggested_vetoes(own)
    assert len(sheet.automatic) == len({(f.severity, f.message) for f in own})
    if not any(f.rule == rule and f.severity is Severity.ERROR for f in own):
        pytest.skip(f"the {rule} check reports nothing for this case yet")
    assert veto in sheet.vetoes


# ---------------------------------------------------------------- scoring


def sheet(
    scores: dict[str, int], vetoes: list[Veto] | None = None, reviewer: str | None = "阎春霞"
) -> ScoreSheet:
    return ScoreSheet(record="r1", reviewer=reviewer, scores=scores, vetoes=vetoes or [])


def with_total(total: int) -> dict[str, int]:
    """Full marks minus points taken from the items in turn, down to `total`."""
    scores = dict(FULL_MARKS)
    short = 100 - total
    for code in scores:
        taken = min(short, scores[code])
        scores[code] -= taken
        short -= taken
    return scores


@pytest.mark.parametrize(
    ("total", "grade"),
    [
        (100, Grade.EXCELLENT),
        (90, Grade.EXCELLENT),  # exactly `excellent` (以上 includes the number)
        (89, Grade.PASSING),
        (60, Grade.PASSING),  # exactly `passing`
        (59, Grade.FAILING),
    ],
)
def test_grade_thresholds_are_inclusive(total: int, grade: Grade) -> None:
    """R-B6: default 优秀 ≥ 90, 合格 ≥ 60."""
    result = score_sheet(sheet(with_total(total)), ReviewSettings())
    assert (result.total, result.grade, result.complete) == (total, grade, True)


def test_a_veto_zeroes_the_file_whatever_the_scores() -> None:
    """R-B6: veto items zero a file."""
    result = score_sheet(sheet(FULL_MARKS, [Veto.WRONG_LAW]), ReviewSettings())
    assert (result.total, result.grade, result.complete) == (0, Grade.FAILING, True)
    unscored = score_sheet(sheet({}, [Veto.ILLEGAL_SUBJECT]), ReviewSettings())
    assert (unscored.total, unscored.grade) == (0, Grade.FAILING)


def test_a_suggested_veto_without_reviewer_is_not_yet_a_grade() -> None:
    """R-B6: pre-filled vetoes are suggestions until a reviewer signs the sheet."""
    result = score_sheet(sheet({}, [Veto.MISSING_EVIDENCE], reviewer=None), ReviewSettings())
    assert (result.grade, result.complete) == (None, False)


def test_missing_scores_leave_the_sheet_incomplete() -> None:
    """R-B6."""
    scores = {k: v for k, v in FULL_MARKS.items() if k != "law"}
    result = score_sheet(sheet(scores), ReviewSettings())
    assert (result.grade, result.complete, result.missing) == (None, False, ("law",))
    assert result.total == 85


@pytest.mark.parametrize(
    ("item", "score", "words"),
    [("facts", 21, "超过该项满分 20"), ("facts", -1, "负数"), ("speed", 5, "未知的评查项目 speed")],
)
def test_score_problems(item: str, score: int, words: str) -> None:
    """R-B6: above the item's points, negative, or an unknown item: no grade."""
    result = score_sheet(sheet({**FULL_MARKS, item: score}), ReviewSettings())
    assert [p.item for p in result.problems] == [item]
    assert words in result.problems[0].message
    assert result.grade is None


def test_points_and_thresholds_come_from_settings_yaml(tmp_path: Path) -> None:
    """R-B6 configurable: two items of 50, 优秀 ≥ 80, 合格 ≥ 50."""
    review_settings = {
        "items": [
            {"code": "a", "name": "项目甲", "points": 50},
            {"code": "b", "name": "项目乙", "points": 50},
        ],
        "excellent": 80,
        "passing": 50,
    }
    root = make_content(tmp_path / "content", [], {"supervision": {"review": review_settings}})
    settings = load(root).settings.supervision.review
    assert settings.items == [
        ReviewItem(code="a", name="项目甲", points=50),
        ReviewItem(code="b", name="项目乙", points=50),
    ]
    assert score_sheet(sheet({"a": 40, "b": 40}), settings).grade is Grade.EXCELLENT
    assert score_sheet(sheet({"a": 25, "b": 25}), settings).grade is Grade.PASSING
    assert score_sheet(sheet({"a": 25, "b": 24}), settings).grade is Grade.FAILING
    assert score_sheet(sheet(FULL_MARKS), settings).grade is None  # unknown items


# ---------------------------------------------------------------- report


def scored_review(root: Path) -> dict[str, Any]:
    """The 2025 review with the first sheet 90, the second vetoed, the rest unscored."""
    data = drawn_review(root)
    first, second = data["sheets"][0], data["sheets"][1]
    first.update(reviewer="阎春霞", scores=with_total(90))
    second.update(reviewer="石磊", scores=FULL_MARKS, vetoes=["missing_evidence"])
    return data


def test_report_by_file_section_veto_and_incomplete(tmp_path: Path) -> None:
    """R-B6: scores and grades per file and per section."""
    root = make_content(tmp_path / "content", twelve_cases())
    data = scored_review(root)
    write_review(root, data)
    content = load(root)
    report = review_report(content, 2025, content.settings.supervision.review)
    assert report is not None
    by_record = {f.record: f for f in report.files}
    first, second = data["sheets"][0]["record"], data["sheets"][1]["record"]
    assert by_record[first].result.grade is Grade.EXCELLENT
    assert (by_record[second].result.total, by_record[second].result.grade) == (0, Grade.FAILING)
    assert report.vetoes[Veto.MISSING_EVIDENCE] == 1
    assert report.incomplete == tuple(data["sample"][2:])
    assert sum(s.files for s in report.sections) == 5
    for section in report.sections:
        graded = [
            f.result.total for f in report.files if f.section == section.section and f.result.grade
        ]
        expected = round(sum(graded) / len(graded), 1) if graded else None
        assert section.average == expected
        assert sum(section.grades.values()) == len(graded)
    assert review_report(content, 2024, content.settings.supervision.review) is None


# ---------------------------------------------------------------- checks


def rules_and_messages(findings: list[Finding]) -> list[tuple[Severity, str]]:
    return [(f.severity, f.message) for f in findings]


def test_a_fresh_draw_passes_the_checks(tmp_path: Path) -> None:
    """R-B6: the recomputation agrees with a file `draw_sample` wrote."""
    root = make_content(tmp_path / "content", twelve_cases())
    write_review(root, drawn_review(root))
    assert review_findings(root, dt.date(2026, 1, 31)) == []


def test_file_must_be_named_after_its_year(tmp_path: Path) -> None:
    """R-B6."""
    root = make_content(tmp_path / "content", twelve_cases())
    write_review(root, drawn_review(root), name="年度评查.yaml")
    [found] = review_findings(root, DRAWN)
    assert found.severity is Severity.ERROR
    assert "文件名应为 2025.yaml" in found.message


def test_a_changed_sample_fails_the_recomputation(tmp_path: Path) -> None:
    """R-B6: verifiable like a draw (R-B5); swapping a file in the sample is an error."""
    root = make_content(tmp_path / "content", twelve_cases())
    data = drawn_review(root)
    outside = next(c for c in data["candidates"] if c not in data["sample"])
    data["sample"][0] = outside
    data["sheets"][0]["record"] = outside
    path = write_review(root, data)
    [found] = review_findings(root, DRAWN)
    assert found.severity is Severity.ERROR
    assert "重新计算" in found.message
    assert found.line == _line_of(path, "sample:")


def test_a_shrunk_sample_fails_even_with_the_lowest_ranks(tmp_path: Path) -> None:
    """R-B6: the size follows the recorded ratio and minimum, too."""
    root = make_content(tmp_path / "content", twelve_cases())
    data = drawn_review(root)
    data["sample"] = data["sample"][:4]
    data["sheets"] = data["sheets"][:4]
    write_review(root, data)
    assert any("应抽取 5 件" in f.message for f in review_findings(root, DRAWN))


def test_recorded_inputs_decide_after_the_settings_change(tmp_path: Path) -> None:
    """R-B6: a later settings change does not invalidate last year's sample; it is noted."""
    root = make_content(tmp_path / "content", twelve_cases())
    write_review(root, drawn_review(root))
    write_yaml(root / "settings.yaml", {"supervision": {"review": {"sample_min": 8}}})
    [found] = review_findings(root, DRAWN)
    assert found.severity is Severity.WARNING
    assert "抽取参数" in found.message


def test_duplicate_candidates_are_an_error(tmp_path: Path) -> None:
    """R-B6."""
    root = make_content(tmp_path / "content", twelve_cases())
    data = drawn_review(root)
    data["candidates"].append(data["candidates"][0])
    write_review(root, data)
    assert (Severity.ERROR, "候选案卷重复：2025-cf-0001（R-B6）") in rules_and_messages(
        review_findings(root, DRAWN)
    )


def test_a_case_archived_after_the_draw_is_a_candidate_warning(tmp_path: Path) -> None:
    """R-B6: candidates should be the year's closed cases; one archived later is reported."""
    root = make_content(tmp_path / "content", twelve_cases())
    write_review(root, drawn_review(root))
    write_yaml(root / "records" / "2025-cf-0013.yaml", closed_case(13, "2025-12-30"))
    [found] = review_findings(root, DRAWN)
    assert found.severity is Severity.WARNING
    assert "2025-cf-0013" in found.message and "抽取后才归档" in found.message


def test_sheets_belong_to_the_sample_once(tmp_path: Path) -> None:
    """R-B6: every sheet's record in the sample, no duplicates."""
    root = make_content(tmp_path / "content", twelve_cases())
    data = drawn_review(root)
    outside = next(c for c in data["candidates"] if c not in data["sample"])
    data["sheets"].append({"record": outside})
    data["sheets"].append({"record": data["sample"][0]})
    write_review(root, data)
    messages = [f.message for f in review_findings(root, DRAWN)]
    assert f"评查表的案卷 {outside} 不在抽取结果中（R-B6）" in messages
    assert f"案卷 {data['sample'][0]} 有多份评查表（R-B6）" in messages


def test_score_problems_are_errors_on_the_score_line(tmp_path: Path) -> None:
    """R-B6."""
    root = make_content(tmp_path / "content", twelve_cases())
    data = drawn_review(root)
    data["sheets"][0].update(reviewer="阎春霞", scores={**FULL_MARKS, "execution": 6})
    path = write_review(root, data)
    [found] = review_findings(root, DRAWN)
    assert found.severity is Severity.ERROR
    assert found.record == data["sample"][0]
    assert "超过该项满分 5" in found.message
    assert found.line == _line_of(path, "execution: 6")


def test_incomplete_sheets_are_reported_after_31_january(tmp_path: Path) -> None:
    """R-B6: every year-end; sheets still incomplete after 31 January of the next year."""
    root = make_content(tmp_path / "content", twelve_cases())
    data = scored_review(root)
    del data["sheets"][-1]
    write_review(root, data)
    assert review_findings(root, dt.date(2026, 1, 31)) == []
    findings = review_findings(root, dt.date(2026, 2, 1))
    assert all(f.severity is Severity.WARNING for f in findings)
    assert sorted(f.record or "" for f in findings) == sorted(data["sample"][2:])
    assert any("没有评查表" in f.message for f in findings)
    assert any("未填写评查人" in f.message for f in findings)


def test_a_missing_review_is_reported_after_31_january(tmp_path: Path) -> None:
    """R-B6: 每年年末开展评查 — a year with closed cases and no review."""
    root = make_content(tmp_path / "content", twelve_cases())
    assert review_findings(root, dt.date(2026, 1, 31)) == []
    [found] = review_findings(root, dt.date(2026, 2, 1))
    assert found.severity is Severity.WARNING
    assert "每年年末开展评查" in found.message
    assert Path(found.file).name == "2025.yaml"


def test_no_review_is_due_for_a_year_without_closed_cases_or_before_the_regulation(
    tmp_path: Path,
) -> None:
    """R-B6: nothing closed, nothing to review; the regulation applies from 2022-09-01."""
    root = make_content(tmp_path / "content", [open_case(1), closed_case(2, "2021-06-01")])
    assert review_findings(root, dt.date(2026, 6, 1)) == []


def test_no_review_is_due_before_the_supervision_since_year(tmp_path: Path) -> None:
    """R-B6: a bureau that starts supervising in 2025 owes no review for 2023."""
    settings = {"supervision": {"since": "2025-01-01"}}
    root = make_content(tmp_path / "content", [closed_case(1, "2023-06-01")], settings)
    assert review_findings(root, dt.date(2026, 6, 1)) == []


def _line_of(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)


# ---------------------------------------------------------------- command line


def fixed_clock() -> dt.datetime:
    return dt.datetime(2025, 12, 20, 2, 0, tzinfo=dt.UTC)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), obj={"clock": fixed_clock})
    return result.exit_code, result.stdout, result.stderr


def test_cli_sample_writes_a_review_staff_can_read(tmp_path: Path) -> None:
    """R-B6: `publisher review sample` writes reviews/<year>.yaml and prints the ranks."""
    root = make_content(tmp_path / "content", twelve_cases())
    code, out, _err = run(
        "review", "sample", "--year", "2025", "--seed", SEED, "--content", str(root)
    )
    assert code == 0, out
    path = root / "reviews" / "2025.yaml"
    text = path.read_text(encoding="utf-8")
    assert "reviewer:\n" in text and "scores: {}" in text
    assert "事实认定及证据固定情况" in text  # the header lists the items
    content = load(root)
    [loaded] = content.reviews
    expected = independent_sample(SEED, closed_cases(content, 2025), 5)
    assert loaded.model.sample == expected
    assert loaded.model.drawn == dt.date(2025, 12, 20)
    assert rank(SEED, expected[0]) in out
    assert check_reviews(content, dt.date(2026, 1, 1)) == []


def test_cli_sample_refuses_to_overwrite(tmp_path: Path) -> None:
    """R-B6: the sample is drawn once, never redrawn with another seed."""
    root = make_content(tmp_path / "content", twelve_cases())
    run("review", "sample", "--year", "2025", "--seed", SEED, "--content", str(root))
    path = root / "reviews" / "2025.yaml"
    before = path.read_text(encoding="utf-8")
    code, _out, err = run(
        "review", "sample", "--year", "2025", "--seed", "另一个种子", "--content", str(root)
    )
    assert code == 1
    assert "已存在" in err
    assert path.read_text(encoding="utf-8") == before


def test_cli_sample_refuses_a_year_claimed_by_another_file(tmp_path: Path) -> None:
    """R-B6."""
    root = make_content(tmp_path / "content", twelve_cases())
    write_review(root, drawn_review(root), name="2025-评查.yaml")
    code, _out, err = run(
        "review", "sample", "--year", "2025", "--seed", SEED, "--content", str(root)
    )
    assert code == 1 and "已存在" in err
    assert not (root / "reviews" / "2025.yaml").exists()


def test_cli_sample_without_closed_cases_writes_nothing(tmp_path: Path) -> None:
    """R-B6."""
    root = make_content(tmp_path / "content", [open_case(1)])
    code, _out, err = run(
        "review", "sample", "--year", "2025", "--seed", SEED, "--content", str(root)
    )
    assert code == 1 and "没有已归档的案件" in err
    assert not (root / "reviews").exists()


def test_cli_report_text_and_json(tmp_path: Path) -> None:
    """R-B6: `publisher review report` in 简体中文 and as JSON."""
    root = make_content(tmp_path / "content", twelve_cases())
    data = scored_review(root)
    write_review(root, data)
    code, out, _err = run("review", "report", "--year", "2025", "--content", str(root))
    assert code == 0, out
    assert "2025 年度案卷评查结果" in out
    assert "90 分  优秀" in out
    assert "否决：缺少证据" in out
    assert "未完成的评查表" in out
    code, out, _err = run(
        "review", "report", "--year", "2025", "--content", str(root), "--format", "json"
    )
    payload = json.loads(out)
    assert [f["record"] for f in payload["files"]] == data["sample"]
    assert payload["files"][0]["grade"] == "优秀"
    assert payload["vetoes"]["missing_evidence"] == 1
    assert payload["incomplete"] == data["sample"][2:]


def test_cli_report_without_review(tmp_path: Path) -> None:
    """R-B6."""
    root = make_content(tmp_path / "content", twelve_cases())
    code, _out, err = run("review", "report", "--year", "2025", "--content", str(root))
    assert code == 1 and "没有 2025 年度的案卷评查" in err


def test_r_b6_grade_thresholds_must_be_in_order(tmp_path: Path) -> None:
    """合格 ≤ 优秀 ≤ 满分: a settings.yaml that inverts them is refused with its line (R-B6)."""
    from publisher.loader import load_content
    from tests.factories import write_yaml

    write_yaml(
        tmp_path / "settings.yaml", {"supervision": {"review": {"excellent": 50, "passing": 70}}}
    )
    result = load_content(tmp_path)
    assert result.content is None
    assert any("合格(70) ≤ 优秀(50)" in f.message for f in result.findings)
