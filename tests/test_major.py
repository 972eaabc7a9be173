"""R-B4 major decisions and legal review (Article 6): which decisions are major, and the legal
review, external review and collective discussion each one needs before its decision date."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from factories import id_number, inspection, penalty, write_content
from hypothesis import given, settings
from hypothesis import strategies as st

from publisher.cli import main
from publisher.content import Content
from publisher.findings import Finding, Severity
from publisher.loader import load_content
from publisher.model import PartyKind, PenaltyKind, Record
from publisher.supervision.casefile import Measure
from publisher.supervision.major import (
    KIND_REASON,
    MEASURE_REASON,
    MajorReason,
    ReviewStatus,
    check_major_decisions,
    major_decisions,
    major_reasons,
)
from tests.supervision_factories import (
    ADVISER,
    COAL,
    DEPUTY_COAL_AND_LEGAL,
    DEPUTY_POWER_AND_EXPLOSIVES,
    HEAD,
    LEGAL,
    POWER,
    ROSTER,
    SECTION_HEAD,
    case_file,
    legal_review_and_discussion,
    write_supervision,
)

AS_OF = dt.date(2024, 12, 31)
DECIDED = "2024-03-01"
NEW_DEPUTY = "孙立新"  # fictional successor of DEPUTY_COAL_AND_LEGAL from 2024-02-01

# --- Builders (this module only) -----------------------------------------------------------


def party(kind: str) -> dict[str, Any]:
    if PartyKind(kind).is_natural_person:
        data: dict[str, Any] = {
            "name": "青崖县示例个体户" if kind != "natural_person" else "张示例"
        }
        data["kind"] = kind
        if kind == "natural_person":
            data["id_number"] = id_number(dt.date(1980, 1, 1))
        else:
            data["credit_code"] = "92140121MA0K000001"
        return data
    return {"name": "青崖县示例煤业有限公司", "kind": kind, "legal_rep": "王示例"}


def record_of(data: dict[str, Any]) -> Record:
    return Record.model_validate(data)


def fined(kind: str, fine: int = 0, confiscated: int = 0, **penalty_fields: Any) -> Record:
    body = {"kinds": ["fine"], "fine_yuan": fine, "confiscated_yuan": confiscated}
    return record_of(penalty(party=party(kind), penalty={**body, **penalty_fields}))


def major_penalty(
    record_id: str = "2024-cf-0101",
    decided: str = DECIDED,
    section: str = COAL,
    reviewed: bool = True,
) -> dict[str, Any]:
    """A work-safety fine of 50,000 yuan on a legal person (major), with a complete case file
    and, when `reviewed`, a lawful legal review and a complete collective discussion."""
    day = dt.date.fromisoformat(decided)
    number = int(record_id.rsplit("-", 1)[1])
    case = case_file(record_id, "penalty", decided, section=section)
    if reviewed:
        case.update(legal_review_and_discussion(decided, section))
    return penalty(
        id=record_id,
        doc_no=f"青工信罚〔{day.year}〕{number}号",
        area="power" if section == POWER else "coal_mine_safety",
        decided=decided,
        published=(day + dt.timedelta(days=5)).isoformat(),
        penalty={"kinds": ["fine"], "fine_yuan": 50000},
        case=case,
    )


def edit(data: dict[str, Any], dotted: str, value: Any) -> dict[str, Any]:
    """Set (or, with value None, delete) the key at a dotted path of a record."""
    *parents, last = dotted.split(".")
    node = data
    for key in parents:
        node = node[key]
    if value is None:
        node.pop(last, None)
    else:
        node[last] = value
    return data


def day_of(offset: int, decided: str = DECIDED) -> str:
    return (dt.date.fromisoformat(decided) + dt.timedelta(days=offset)).isoformat()


def load(
    root: Path,
    records: list[dict[str, Any]],
    roster: dict[str, Any] | None = ROSTER,
    settings_data: dict[str, Any] | None = None,
) -> Content:
    write_content(root, records, settings_data)
    if roster is not None:
        write_supervision(root, roster)
    result = load_content(root)
    assert result.content is not None, [f.format_text() for f in result.all_findings]
    assert result.supervision_findings == [], result.supervision_findings
    return result.content


def r_b4(
    tmp_path: Path,
    records: list[dict[str, Any]],
    roster: dict[str, Any] | None = ROSTER,
    as_of: dt.date = AS_OF,
    settings_data: dict[str, Any] | None = None,
) -> list[Finding]:
    content = load(tmp_path / "content", records, roster, settings_data)
    return check_major_decisions(content, as_of)


def only(findings: list[Finding]) -> Finding:
    assert len(findings) == 1, [f.message for f in findings]
    return findings[0]


def roster_with_new_deputy() -> dict[str, Any]:
    """DEPUTY_COAL_AND_LEGAL leaves office on 2024-01-31; NEW_DEPUTY takes over next day."""
    roster = copy.deepcopy(ROSTER)
    for appointment in roster["appointments"]:
        if appointment["name"] == DEPUTY_COAL_AND_LEGAL:
            appointment["end"] = "2024-01-31"
    successor = {"name": NEW_DEPUTY, "role": "deputy", "sections": [COAL, LEGAL]}
    roster["appointments"].append({**successor, "start": "2024-02-01"})
    return roster


# --- Which decisions are major ----------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "amount", "major"),
    [
        ("natural_person", 19_999, False),
        ("natural_person", 20_000, True),
        ("individual_business", 19_999, False),
        ("individual_business", 20_000, True),
        ("legal_person", 20_000, False),
        ("legal_person", 49_999, False),
        ("legal_person", 50_000, True),
        ("other_organization", 20_000, False),
        ("other_organization", 49_999, False),
        ("other_organization", 50_000, True),
    ],
)
def test_work_safety_fine_thresholds_include_the_number_itself(
    kind: str, amount: int, major: bool
) -> None:
    """R-B4: 2万元以上 for natural persons (个体工商户 included), 5万元以上 for organisations."""
    reasons = major_reasons(fined(kind, fine=amount))
    assert reasons == ((MajorReason.LARGE_FINE,) if major else ())


@pytest.mark.parametrize("kind", [k.value for k in PartyKind])
def test_a_fine_outside_work_safety_is_never_major_by_amount(kind: str) -> None:
    """R-B4: only 安全生产方面 fines count by amount."""
    assert major_reasons(fined(kind, fine=1_000_000, work_safety=False)) == ()


@pytest.mark.parametrize(
    ("kind", "amount", "major"),
    [
        ("natural_person", 19_999, False),
        ("natural_person", 20_000, True),
        ("individual_business", 19_999, False),
        ("individual_business", 20_000, True),
        ("legal_person", 20_000, False),
        ("legal_person", 49_999, False),
        ("legal_person", 50_000, True),
        ("other_organization", 49_999, False),
        ("other_organization", 50_000, True),
    ],
)
@pytest.mark.parametrize("work_safety", [True, False])
def test_confiscation_of_the_same_value_is_major_in_any_matter(
    kind: str, amount: int, major: bool, work_safety: bool
) -> None:
    """R-B4: confiscating income or property worth the thresholds, whatever the matter."""
    record = record_of(
        penalty(
            party=party(kind),
            penalty={
                "kinds": ["confiscate_income", "confiscate_property"],
                "confiscated_yuan": amount,
                "work_safety": work_safety,
            },
        )
    )
    assert major_reasons(record) == ((MajorReason.LARGE_CONFISCATION,) if major else ())


def test_the_amounts_decide_even_without_the_matching_kinds() -> None:
    """R-B4 design: a fine or confiscated amount counts though `kinds` omits fine/confiscate."""
    record = record_of(
        penalty(penalty={"kinds": ["warning"], "fine_yuan": 50_000, "confiscated_yuan": 50_000})
    )
    assert major_reasons(record) == (MajorReason.LARGE_FINE, MajorReason.LARGE_CONFISCATION)


@pytest.mark.parametrize("kind", list(PenaltyKind))
def test_every_penalty_kind(kind: PenaltyKind) -> None:
    """R-B4: restrict production, suspension, closure and restricted practice are major."""
    record = record_of(penalty(penalty={"kinds": [kind.value], "fine_yuan": 0}))
    expected = (KIND_REASON[kind],) if kind in KIND_REASON else ()
    assert major_reasons(record) == expected
    assert set(KIND_REASON) == {
        PenaltyKind.RESTRICT_PRODUCTION,
        PenaltyKind.ORDER_SUSPENSION,
        PenaltyKind.ORDER_CLOSURE,
        PenaltyKind.RESTRICT_PRACTICE,
    }


@pytest.mark.parametrize("measure", list(Measure))
@pytest.mark.parametrize("builder", [penalty, inspection])
def test_every_measure_makes_penalties_and_inspections_major(
    measure: Measure, builder: Any
) -> None:
    """R-B4: every Article 6(一) measure, on a penalty or on an inspection."""
    base = builder()
    case = case_file(base["id"], base["type"], base["decided"]) | {"measures": [measure.value]}
    if builder is penalty:
        base["penalty"] = {"kinds": ["warning"]}
    assert major_reasons(record_of({**base, "case": case})) == (MEASURE_REASON[measure],)
    assert set(MEASURE_REASON) == set(Measure)


def test_marked_major_by_hand() -> None:
    """R-B4: 其他重大、复杂的决定 — `case.major: true`, also for an inspection."""
    base = inspection()
    case = case_file(base["id"], "inspection", base["decided"])
    case |= {"major": True, "major_reason": "涉及多家企业的复杂案件"}
    assert major_reasons(record_of({**base, "case": case})) == (MajorReason.MANUAL,)


def test_an_ordinary_record_is_not_major() -> None:
    """R-B4: a 30,000 yuan fine on a legal person, an inspection without measures."""
    assert major_reasons(record_of(penalty())) == ()
    assert major_reasons(record_of(inspection())) == ()


def test_reasons_come_in_article_order_with_chinese_labels() -> None:
    """R-B4: reasons follow Article 6(一), each with a 简体中文 label."""
    base = penalty(penalty={"kinds": ["order_closure", "fine"], "fine_yuan": 80_000})
    case = case_file(base["id"], "penalty", base["decided"])
    case |= {"measures": ["court_enforcement", "stop_construction"], "major": True}
    assert major_reasons(record_of({**base, "case": case})) == (
        MajorReason.STOP_CONSTRUCTION,
        MajorReason.ORDER_CLOSURE,
        MajorReason.LARGE_FINE,
        MajorReason.COURT_ENFORCEMENT,
        MajorReason.MANUAL,
    )
    assert all(any("\u4e00" <= c <= "\u9fff" for c in r.label) for r in MajorReason)


@settings(max_examples=300, deadline=None)
@given(
    kind=st.sampled_from(list(PartyKind)),
    fine=st.integers(min_value=0, max_value=2_000_000),
    work_safety=st.booleans(),
)
def test_a_fine_is_major_iff_work_safety_and_at_least_the_threshold(
    kind: PartyKind, fine: int, work_safety: bool
) -> None:
    """R-B4 property: any amount, any party kind."""
    threshold = 20_000 if kind.is_natural_person else 50_000
    record = fined(kind.value, fine=fine, work_safety=work_safety)
    assert bool(major_reasons(record)) == (work_safety and fine >= threshold)


@settings(max_examples=300, deadline=None)
@given(
    kind=st.sampled_from(list(PartyKind)),
    amount=st.integers(min_value=0, max_value=2_000_000),
    work_safety=st.booleans(),
)
def test_a_confiscation_is_major_iff_at_least_the_threshold(
    kind: PartyKind, amount: int, work_safety: bool
) -> None:
    """R-B4 property: the confiscated value decides, regardless of work_safety."""
    threshold = 20_000 if kind.is_natural_person else 50_000
    record = fined(kind.value, confiscated=amount, work_safety=work_safety)
    assert bool(major_reasons(record)) == (amount >= threshold)


# --- The check: a complete review passes ----------------------------------------------------


def test_a_complete_review_gives_no_finding(tmp_path: Path) -> None:
    """R-B4: lawful review by 政策法规科, then a complete signed discussion, before deciding."""
    assert r_b4(tmp_path, [major_penalty()]) == []


def test_review_discussion_and_decision_on_the_same_day_pass(tmp_path: Path) -> None:
    """R-B4 design: 'before the decision date' admits the same day."""
    record = major_penalty()
    edit(record, "case.legal_review.date", DECIDED)
    edit(record, "case.discussion.date", DECIDED)
    assert r_b4(tmp_path, [record]) == []


def test_a_case_of_another_section_with_all_five_members_passes(tmp_path: Path) -> None:
    """R-B4: 电力能源科 case: its own deputy and section head attend besides the legal ones."""
    assert r_b4(tmp_path, [major_penalty(section=POWER)]) == []


def test_a_delegated_deputy_may_chair(tmp_path: Path) -> None:
    """R-B4: Article 6(四)1 — the head, or a deputy the head delegated."""
    record = edit(major_penalty(), "case.discussion.chair", DEPUTY_COAL_AND_LEGAL)
    edit(record, "case.discussion.chair_delegated", True)
    assert r_b4(tmp_path, [record]) == []


# --- The check: each missing, late or wrong piece is an error --------------------------------


def test_a_major_decision_without_a_case_file(tmp_path: Path) -> None:
    """R-B4: no case at all: no review recorded; the line is the amount that made it major."""
    record = edit(major_penalty(), "case", None)
    finding = only(r_b4(tmp_path, [record]))
    assert finding.rule == "R-B4"
    assert finding.severity is Severity.ERROR
    assert finding.record == "2024-cf-0101"
    assert "2024-cf-0101" in finding.message
    assert "安全生产方面罚款 50000 元，达到对法人或其他组织 5 万元以上" in finding.message
    assert "没有案卷记录" in finding.message
    assert finding.message.endswith("（R-B4）")
    text = Path(finding.file).read_text(encoding="utf-8").splitlines()
    assert "fine_yuan" in text[(finding.line or 0) - 1]


BROKEN: list[tuple[str, str, Any, str]] = [
    ("missing legal review", "case.legal_review", None, "缺少政策法规科的法制审核"),
    ("unlawful review", "case.legal_review.conclusion", "unlawful", "结论为不合法"),
    ("review after decision", "case.legal_review.date", day_of(1), "晚于决定日期"),
    ("review after discussion", "case.legal_review.date", day_of(-1), "晚于集体讨论日期"),
    ("reviewer not in legal", "case.legal_review.reviewers", ["郝丽娟"], "不是政策法规科的人员"),
    ("missing discussion", "case.discussion", None, "缺少集体讨论记录"),
    ("discussion after decision", "case.discussion.date", day_of(1), "晚于决定日期"),
    ("undelegated deputy chair", "case.discussion.chair", DEPUTY_COAL_AND_LEGAL, "委托"),
    ("officer as chair", "case.discussion.chair", "郝丽娟", "既不是局长也不是副局长"),
    ("unsigned", "case.discussion.signed_by", [HEAD], "未在讨论记录上签名"),
    ("no conclusion", "case.discussion.conclusion", None, "结论性意见"),
    ("blank conclusion", "case.discussion.conclusion", "  ", "结论性意见"),
]


@pytest.mark.parametrize(
    ("key", "value", "expected"), [b[1:] for b in BROKEN], ids=[b[0] for b in BROKEN]
)
def test_each_missing_late_or_wrong_piece_is_an_error(
    tmp_path: Path, key: str, value: Any, expected: str
) -> None:
    """R-B4: missing, late, 'unlawful' or incomplete review or discussion fails the check."""
    findings = r_b4(tmp_path, [edit(major_penalty(), key, value)])
    # A review after the decision is also after the discussion: two errors, one each.
    assert len(findings) <= 2
    finding = only([f for f in findings if expected in f.message])
    assert finding.severity is Severity.ERROR
    assert finding.record == "2024-cf-0101"
    assert expected in finding.message, finding.message
    assert finding.message.endswith("（R-B4）")
    # The line of the key that is wrong, or of its parent where the key is missing.
    keys = key.split(".")
    expected_key = keys[-2] if value is None else keys[-1]
    line = Path(finding.file).read_text(encoding="utf-8").splitlines()[(finding.line or 0) - 1]
    assert line.strip().startswith(f"{expected_key}:"), line


def test_missing_review_and_discussion_are_two_errors(tmp_path: Path) -> None:
    """R-B4: each missing piece has its own message."""
    record = edit(edit(major_penalty(), "case.legal_review", None), "case.discussion", None)
    messages = sorted(f.message for f in r_b4(tmp_path, [record]))
    assert len(messages) == 2
    assert any("法制审核" in m for m in messages)
    assert any("集体讨论" in m for m in messages)


@pytest.mark.parametrize(
    ("absent", "role"),
    [
        (HEAD, "局长"),
        (DEPUTY_COAL_AND_LEGAL, "政策法规科分管领导"),
        (DEPUTY_POWER_AND_EXPLOSIVES, "电力能源科分管领导"),
        (SECTION_HEAD[LEGAL], "政策法规科负责人"),
        (SECTION_HEAD[POWER], "电力能源科负责人"),
    ],
)
def test_each_required_member_must_attend(tmp_path: Path, absent: str, role: str) -> None:
    """R-B4: head, both deputies, the legal section head and the case's section head."""
    record = major_penalty(section=POWER)
    discussion = record["case"]["discussion"]
    discussion["attendees"] = [n for n in discussion["attendees"] if n != absent]
    discussion["signed_by"] = list(discussion["attendees"])
    finding = only(r_b4(tmp_path, [record]))
    assert f"{role} {absent}" in finding.message, finding.message


def test_the_legal_deputy_counts_once_when_he_also_supervises_the_case_section(
    tmp_path: Path,
) -> None:
    """R-B4: for a 煤矿安全监管科 case 李志强 is both the legal and the case's deputy."""
    record = major_penalty(section=COAL)
    assert record["case"]["discussion"]["attendees"].count(DEPUTY_COAL_AND_LEGAL) == 1
    assert r_b4(tmp_path, [record]) == []


# --- External review ---------------------------------------------------------------------


def with_trigger(record: dict[str, Any], review: dict[str, Any] | None) -> dict[str, Any]:
    record["case"]["external_review_triggers"] = ["major_rights_hearing"]
    if review is not None:
        record["case"]["external_review"] = review
    return record


def adviser_review(**overrides: Any) -> dict[str, Any]:
    review = {
        "date": day_of(-3),
        "reviewer": ADVISER,
        "role": "legal_adviser",
        "conclusion": "lawful",
    }
    return review | overrides


def test_a_lawful_external_review_by_the_legal_adviser_passes(tmp_path: Path) -> None:
    """R-B4: a hearing on major rights: the county's legal adviser also reviews."""
    assert r_b4(tmp_path, [with_trigger(major_penalty(), adviser_review())]) == []


EXTERNAL_BROKEN: list[tuple[str, dict[str, Any] | None, str]] = [
    ("missing", None, "缺少县政府法律顾问或公职律师的审核"),
    ("unlawful", adviser_review(conclusion="unlawful"), "结论为不合法"),
    ("after discussion", adviser_review(date=day_of(-1)), "晚于集体讨论日期"),
    ("not an adviser", adviser_review(reviewer="石磊"), "不是名册中的县政府法律顾问"),
    ("wrong role", adviser_review(role="public_lawyer"), "不是名册中的县政府公职律师"),
]


@pytest.mark.parametrize(
    ("review", "expected"), [b[1:] for b in EXTERNAL_BROKEN], ids=[b[0] for b in EXTERNAL_BROKEN]
)
def test_each_external_review_problem_is_an_error(
    tmp_path: Path, review: dict[str, Any] | None, expected: str
) -> None:
    """R-B4: where Article 6(二)1–3 applies, the external review is required, lawful, timely
    and by a person on the roster's legal_advisers in that role."""
    finding = only(r_b4(tmp_path, [with_trigger(major_penalty(), review)]))
    assert expected in finding.message, finding.message
    assert finding.record == "2024-cf-0101"


def test_an_adviser_whose_term_ended_cannot_review(tmp_path: Path) -> None:
    """R-B4: the adviser must hold the role on the review date."""
    roster = copy.deepcopy(ROSTER)
    roster["legal_advisers"][0]["end"] = "2023-12-31"
    finding = only(r_b4(tmp_path, [with_trigger(major_penalty(), adviser_review())], roster))
    assert ADVISER in finding.message


def test_an_unlawful_optional_external_review_is_still_an_error(tmp_path: Path) -> None:
    """R-B4: no trigger, but an adviser found the decision unlawful and it was made anyway."""
    record = major_penalty()
    record["case"]["external_review"] = adviser_review(conclusion="unlawful")
    assert "结论为不合法" in only(r_b4(tmp_path, [record])).message


# --- Roster changes -----------------------------------------------------------------------


def test_a_deputy_who_had_left_office_does_not_complete_the_discussion(tmp_path: Path) -> None:
    """R-B4 with R-B1: on 2024-02-28 the deputy over 政策法规科 is the successor."""
    finding = only(r_b4(tmp_path, [major_penalty()], roster_with_new_deputy()))
    assert NEW_DEPUTY in finding.message
    assert "分管领导" in finding.message


def test_the_successor_attending_completes_the_discussion(tmp_path: Path) -> None:
    """R-B4 with R-B1: the same discussion with the deputy in office that day passes."""
    record = major_penalty()
    discussion = record["case"]["discussion"]
    attendees = [NEW_DEPUTY if n == DEPUTY_COAL_AND_LEGAL else n for n in discussion["attendees"]]
    discussion |= {"attendees": attendees, "signed_by": attendees}
    assert r_b4(tmp_path, [record], roster_with_new_deputy()) == []


def test_a_deputy_out_of_office_cannot_chair_even_delegated(tmp_path: Path) -> None:
    """R-B4: the chair's role is taken on the discussion date."""
    record = edit(major_penalty(), "case.discussion.chair", DEPUTY_COAL_AND_LEGAL)
    edit(record, "case.discussion.chair_delegated", True)
    messages = [f.message for f in r_b4(tmp_path, [record], roster_with_new_deputy())]
    assert any("主持人" in m and "既不是局长也不是副局长" in m for m in messages), messages


def test_a_vacant_role_makes_the_composition_incomplete(tmp_path: Path) -> None:
    """R-B4: nobody headed 政策法规科 that day: the discussion cannot be complete."""
    roster = copy.deepcopy(ROSTER)
    for appointment in roster["appointments"]:
        if appointment["name"] == SECTION_HEAD[LEGAL]:
            appointment["role"] = "officer"
    finding = only(r_b4(tmp_path, [major_penalty()], roster))
    assert "无人担任政策法规科负责人" in finding.message


def test_without_a_roster_the_composition_cannot_be_checked(tmp_path: Path) -> None:
    """R-B4: no roster.yaml: an error saying so (and nothing else for a complete record)."""
    finding = only(r_b4(tmp_path, [major_penalty()], roster=None))
    assert "roster.yaml" in finding.message
    assert "无法核对" in finding.message


# --- Which records the check looks at ---------------------------------------------------------


def test_non_major_records_get_no_finding_even_without_review(tmp_path: Path) -> None:
    """R-B4: an ordinary fine with a case lacking any review, and one with no case, pass."""
    with_case = penalty(id="2024-cf-0201", doc_no="青工信罚〔2024〕201号")
    with_case["case"] = case_file("2024-cf-0201", "penalty", with_case["decided"])
    records = [with_case, penalty(), inspection()]
    assert r_b4(tmp_path, records) == []


def test_records_before_the_supervision_start_are_not_checked(tmp_path: Path) -> None:
    """R-B4 applies from `supervision.since`."""
    record = edit(major_penalty(), "case", None)
    settings_data = {"supervision": {"since": "2024-06-01"}}
    assert r_b4(tmp_path, [record], settings_data=settings_data) == []


def test_a_decision_after_the_as_of_date_is_not_yet_checked(tmp_path: Path) -> None:
    """R-B4 design: its review may still be done before the decision date."""
    record = edit(major_penalty(), "case", None)
    assert r_b4(tmp_path, [record], as_of=dt.date(2024, 2, 29)) == []
    assert len(r_b4(tmp_path, [record], as_of=dt.date(2024, 3, 1))) == 1


def test_a_major_inspection_lacking_review_is_reported(tmp_path: Path) -> None:
    """R-B4: an inspection that sealed a workplace needs the same review."""
    data = inspection()
    data["case"] = case_file(data["id"], "inspection", data["decided"], section=POWER)
    data["case"]["measures"] = ["seal_workplace"]
    findings = r_b4(tmp_path, [data])
    assert {f.record for f in findings} == {"2024-jc-0001"}
    assert all(MajorReason.SEAL_WORKPLACE.label in f.message for f in findings)


def test_major_decisions_summary(tmp_path: Path) -> None:
    """R-B4 internal report: each major decision, its reasons and review status."""
    records = [
        major_penalty("2024-cf-0101", decided="2024-03-01"),
        major_penalty("2024-cf-0102", decided="2024-02-01", reviewed=False),
        edit(major_penalty("2024-cf-0103", decided="2024-04-01"), "case", None),
        penalty(id="2024-cf-0104", doc_no="青工信罚〔2024〕104号"),
    ]
    content = load(tmp_path / "content", records)
    summary = major_decisions(content)
    assert [(d.record, d.status) for d in summary] == [
        ("2024-cf-0102", ReviewStatus.INCOMPLETE),
        ("2024-cf-0101", ReviewStatus.COMPLETE),
        ("2024-cf-0103", ReviewStatus.NO_CASE),
    ]
    assert all(d.reasons == (MajorReason.LARGE_FINE,) for d in summary)
    assert summary[1].problems == ()
    assert len(summary[0].problems) == 2


# --- End to end through `publisher check` -----------------------------------------------------


def fixed_clock() -> dt.datetime:
    return dt.datetime(2024, 12, 31, 2, 0, tzinfo=dt.UTC)


def test_check_json_reports_every_major_decision_lacking_review(tmp_path: Path) -> None:
    """R-B4 through the CLI: exactly the major decisions lacking review get an R-B4 error."""
    suspension = major_penalty("2024-cf-0102", decided="2024-04-10", reviewed=False)
    suspension["penalty"] = {"kinds": ["order_suspension"]}
    natural = penalty(
        id="2024-cf-0103",
        doc_no="青工信罚〔2024〕103号",
        party=party("natural_person"),
        penalty={"kinds": ["fine"], "fine_yuan": 20_000},
    )
    small = penalty(id="2024-cf-0104", doc_no="青工信罚〔2024〕104号")
    not_safety = penalty(
        id="2024-cf-0105",
        doc_no="青工信罚〔2024〕105号",
        penalty={"kinds": ["fine"], "fine_yuan": 1_000_000, "work_safety": False},
    )
    sealed = inspection()
    sealed["case"] = case_file(sealed["id"], "inspection", sealed["decided"], section=POWER)
    sealed["case"] |= {"measures": ["seal_workplace"]} | legal_review_and_discussion(
        sealed["decided"], POWER
    )
    del sealed["case"]["discussion"]
    data = [major_penalty("2024-cf-0101"), suspension, natural, small, not_safety, sealed]
    root = write_supervision(write_content(tmp_path / "content", data))
    records = [r["id"] for r in data]
    result = CliRunner().invoke(
        main,
        ["check", "--content", str(root), "--format", "json", "--scope", "supervision"],
        obj={"clock": fixed_clock},
    )
    assert result.exit_code == 1, result.output
    findings = [f for f in json.loads(result.stdout) if f["rule"] == "R-B4"]
    assert {f["record"] for f in findings} == {"2024-cf-0102", "2024-cf-0103", "2024-jc-0001"}
    assert all(f["severity"] == "error" for f in findings)
    assert all(f["record"] in f["message"] for f in findings)
    by_record = {r: " ".join(f["message"] for f in findings if f["record"] == r) for r in records}
    assert "缺少政策法规科的法制审核" in by_record["2024-cf-0102"]
    assert "没有案卷记录" in by_record["2024-cf-0103"]
    assert "缺少集体讨论记录" in by_record["2024-jc-0001"]


def test_a_case_of_the_legal_section_needs_its_leaders_once(tmp_path: Path) -> None:
    """R-B4: when 政策法规科 handles the case, its deputy and head fill both pairs of roles."""
    record = major_penalty(section=LEGAL)
    discussion = record["case"]["discussion"]
    assert sorted(discussion["attendees"]) == sorted([HEAD, DEPUTY_COAL_AND_LEGAL, "阎春霞"])
    assert r_b4(tmp_path, [record]) == []
