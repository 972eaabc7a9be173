"""`run_checks`: every R-A rule beyond the schema, with its rule id, severity, record id and the
line of the offending key in the staff's file."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from factories import credit_code, id_number, inspection, penalty, write_content, write_yaml

from publisher.checks import run_checks
from publisher.content import Content
from publisher.findings import Finding, Severity
from publisher.loader import load_content
from publisher.redaction import luhn_valid

AS_OF = dt.date(2024, 6, 1)
# A fictional bank-card number: 18 digits and a Luhn check digit.
CARD = next(f"622202000000123456{d}" for d in "0123456789" if luhn_valid(f"622202000000123456{d}"))
ERROR, WARNING = Severity.ERROR, Severity.WARNING


def load(root: Path, records: list[dict[str, Any]], **settings: Any) -> Content:
    write_content(root, records, settings or None)
    result = load_content(root)
    assert result.content is not None, [f.format_text() for f in result.findings]
    return result.content


def check(
    tmp_path: Path, *records: dict[str, Any], as_of: dt.date = AS_OF, **settings: Any
) -> list[Finding]:
    """Every finding but the annual report's: these fixtures record no annual reports, whose
    reminder (R-A10) is tested in tests/test_statistics.py."""
    findings = run_checks(load(tmp_path / "content", list(records), **settings), as_of)
    return [finding for finding in findings if finding.rule != "R-A10"]


def line(path: Path | str, *steps: str) -> int:
    """The line of the last step, each step searched after the previous one: a key (`key:`)
    or a list item (`- value`). Independent of the loader's own line map."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    index = -1
    for step in steps:
        pattern = re.compile(rf"^\s*(- )?{re.escape(step)}(:|$)")
        index = next(i for i in range(index + 1, len(lines)) if pattern.match(lines[i]))
    return index + 1


def record_file(tmp_path: Path, record_id: str) -> str:
    return str(tmp_path / "content" / "records" / f"{record_id}.yaml")


def only(findings: list[Finding], rule: str, severity: Severity | None = None) -> Finding:
    matching = [
        f for f in findings if f.rule == rule and (severity is None or f.severity is severity)
    ]
    assert len(matching) == 1, [f.format_text() for f in findings]
    return matching[0]


def assert_finding(
    finding: Finding, rule: str, severity: Severity, record: str | None, file: str, at: int | None
) -> None:
    assert (finding.rule, finding.severity, finding.record, finding.file, finding.line) == (
        rule,
        severity,
        record,
        file,
        at,
    ), finding.format_text()
    assert rule in finding.message  # every message names its rule


def correction(date: str = "2024-04-01", fields: list[str] | None = None) -> dict[str, Any]:
    return {
        "date": date,
        "fields": fields or ["facts"],
        "summary": "更正违法事实表述",
        "reason": "笔误",
    }


def withdrawal(**overrides: Any) -> dict[str, Any]:
    data = {
        "act": "revoked",
        "date": "2025-01-10",
        "recorded": "2025-01-13",
        "explanation": "原决定已被依法撤销。",
    }
    data.update(overrides)
    return data


def natural_party(**extra: Any) -> dict[str, Any]:
    return {"name": "赵示例", "kind": "natural_person", **extra}


# --- Clean content -------------------------------------------------------------------------------


def test_valid_content_has_no_findings(tmp_path: Path) -> None:
    assert check(tmp_path, penalty(), inspection()) == []


def test_findings_are_sorted_and_deterministic(tmp_path: Path) -> None:
    content = load(
        tmp_path / "content", [penalty(doc_no=None, facts=None), inspection(result=None)]
    )
    first = run_checks(content, AS_OF)
    assert first == run_checks(content, AS_OF)
    assert first == sorted(first, key=lambda f: (f.file, f.line or 0, f.rule, f.message))


# --- R-A2 ---------------------------------------------------------------------------------------


def test_r_a2_duplicate_record_id_points_at_both_files(tmp_path: Path) -> None:
    root = tmp_path / "content"
    write_yaml(root / "records" / "2024" / "a.yaml", penalty())
    write_yaml(root / "records" / "2024" / "b.yaml", penalty(doc_no="青工信罚〔2024〕2号"))
    content = load_content(root).content
    assert content is not None
    findings = [f for f in run_checks(content, AS_OF) if f.rule == "R-A2"]
    files = [str(root / "records" / "2024" / name) for name in ("a.yaml", "b.yaml")]
    assert [f.file for f in findings] == files
    for finding, this, other in zip(findings, files, reversed(files), strict=True):
        assert_finding(finding, "R-A2", ERROR, "2024-cf-0001", this, line(this, "id"))
        assert other in finding.message


def test_r_a2_duplicate_doc_no_among_penalties(tmp_path: Path) -> None:
    findings = check(tmp_path, penalty(), penalty(id="2024-cf-0002"))
    assert len(findings) == 2
    for finding, record_id in zip(findings, ["2024-cf-0001", "2024-cf-0002"], strict=True):
        path = record_file(tmp_path, record_id)
        assert_finding(finding, "R-A2", ERROR, record_id, path, line(path, "doc_no"))
        assert "青工信罚〔2024〕1号" in finding.message


def test_r_a2_same_doc_no_on_an_inspection_is_not_a_duplicate(tmp_path: Path) -> None:
    assert check(tmp_path, penalty(), inspection(doc_no="青工信罚〔2024〕1号")) == []


@pytest.mark.parametrize("key", ["doc_no", "facts", "basis", "penalty"])
def test_r_a2_penalty_missing_required_field_points_at_type(tmp_path: Path, key: str) -> None:
    data = penalty()
    del data[key]
    finding = only(check(tmp_path, data), "R-A2")
    path = record_file(tmp_path, "2024-cf-0001")
    assert_finding(finding, "R-A2", ERROR, "2024-cf-0001", path, line(path, "type"))
    assert key in finding.message


@pytest.mark.parametrize("key", ["doc_no", "facts", "basis"])
def test_r_a2_penalty_blank_field_points_at_the_key(tmp_path: Path, key: str) -> None:
    finding = only(check(tmp_path, penalty(**{key: "  "})), "R-A2")
    path = record_file(tmp_path, "2024-cf-0001")
    assert_finding(finding, "R-A2", ERROR, "2024-cf-0001", path, line(path, key))


def test_r_a2_inspection_missing_result(tmp_path: Path) -> None:
    data = inspection()
    del data["result"]
    finding = only(check(tmp_path, data), "R-A2")
    path = record_file(tmp_path, "2024-jc-0001")
    assert_finding(finding, "R-A2", ERROR, "2024-jc-0001", path, line(path, "type"))
    assert "检查结果" in finding.message


def test_r_a2_attachment_missing(tmp_path: Path) -> None:
    attachments = [{"file": "attachments/2024-cf-0001.pdf", "title": "处罚决定书"}]
    finding = only(check(tmp_path, penalty(attachments=attachments)), "R-A2")
    path = record_file(tmp_path, "2024-cf-0001")
    assert_finding(finding, "R-A2", ERROR, "2024-cf-0001", path, line(path, "attachments", "file"))


def test_r_a2_attachment_present_is_fine(tmp_path: Path) -> None:
    folder = tmp_path / "content" / "attachments"
    folder.mkdir(parents=True)
    (folder / "2024-cf-0001.pdf").write_bytes(b"%PDF-1.4\n")
    attachments = [{"file": "attachments/2024-cf-0001.pdf", "title": "处罚决定书"}]
    assert check(tmp_path, penalty(attachments=attachments)) == []


def test_r_a2_attachment_outside_content_folder(tmp_path: Path) -> None:
    """An attachment is copied to the public site: it may not reach outside content/."""
    (tmp_path / "secret.txt").write_text("内部文件", encoding="utf-8")
    attachments = [{"file": "../secret.txt", "title": "附件"}]
    finding = only(check(tmp_path, penalty(attachments=attachments)), "R-A2")
    assert finding.severity is ERROR
    assert "超出内容目录" in finding.message


# --- R-A3 ---------------------------------------------------------------------------------------


def test_r_a3_published_before_decided_is_an_error(tmp_path: Path) -> None:
    finding = only(check(tmp_path, penalty(published="2024-02-28")), "R-A3")
    path = record_file(tmp_path, "2024-cf-0001")
    assert_finding(finding, "R-A3", ERROR, "2024-cf-0001", path, line(path, "published"))


def test_r_a3_penalty_published_late_is_a_warning(tmp_path: Path) -> None:
    """R-A3: decided 2024-03-01 → 7 working days → 2024-03-12."""
    finding = only(check(tmp_path, penalty(published="2024-03-13")), "R-A3")
    path = record_file(tmp_path, "2024-cf-0001")
    assert_finding(finding, "R-A3", WARNING, "2024-cf-0001", path, line(path, "published"))
    assert "公示日期晚于决定后 7 个工作日（应不晚于 2024-03-12）" in finding.message


def test_r_a3_penalty_published_on_the_last_day_is_fine(tmp_path: Path) -> None:
    assert check(tmp_path, penalty(published="2024-03-12")) == []


def test_r_a3_inspection_gets_twenty_working_days(tmp_path: Path) -> None:
    """R-A3 with R-A11: decided 2024-05-10 → 20 working days, counting the makeup Saturday
    2024-05-11 (调休 for Labour Day) → 2024-06-06."""
    assert check(tmp_path, inspection(published="2024-06-06")) == []
    finding = only(check(tmp_path, inspection(published="2024-06-07")), "R-A3")
    assert finding.severity is WARNING
    assert "20 个工作日（应不晚于 2024-06-06）" in finding.message


def test_r_a3_configured_deadline_is_used(tmp_path: Path) -> None:
    settings = {"deadlines": {"penalty_publication_workdays": 3}}
    finding = only(check(tmp_path, penalty(published="2024-03-07"), **settings), "R-A3")
    assert "3 个工作日（应不晚于 2024-03-06）" in finding.message


def test_r_a3_draft_past_its_deadline_is_a_warning(tmp_path: Path) -> None:
    data = penalty(published=None)
    assert check(tmp_path, data, as_of=dt.date(2024, 3, 12)) == []
    finding = only(check(tmp_path, data, as_of=dt.date(2024, 3, 13)), "R-A3")
    path = record_file(tmp_path, "2024-cf-0001")
    assert_finding(finding, "R-A3", WARNING, "2024-cf-0001", path, line(path, "decided"))
    assert "2024-03-12" in finding.message


def test_r_a3_minor_case_draft_has_no_deadline(tmp_path: Path) -> None:
    """R-A8 before R-A3: a minor's case is never published, so it is never late."""
    party = natural_party(id_number=id_number(dt.date(2008, 1, 1)))
    assert check(tmp_path, penalty(published=None, party=party)) == []


def test_r_a3_draft_withdrawn_before_publication_has_no_deadline(tmp_path: Path) -> None:
    data = penalty(published=None, withdrawal=withdrawal(date="2024-03-05", recorded="2024-03-05"))
    assert check(tmp_path, data) == []


# --- R-A4 ---------------------------------------------------------------------------------------


def test_r_a4_past_period_with_auto_withdraw_off_is_a_warning(tmp_path: Path) -> None:
    data = penalty(decided="2019-03-01", published="2019-03-06", doc_no="青工信罚〔2019〕1号")
    finding = only(check(tmp_path, data, auto_withdraw=False), "R-A4")
    path = record_file(tmp_path, "2024-cf-0001")
    assert_finding(finding, "R-A4", WARNING, "2024-cf-0001", path, line(path, "published"))
    assert "2024-03-06" in finding.message


def test_r_a4_past_period_is_silent_with_auto_withdraw_on(tmp_path: Path) -> None:
    data = penalty(decided="2019-03-01", published="2019-03-06")
    assert check(tmp_path, data) == []


def test_r_a4_last_day_and_removed_records_are_not_reported(tmp_path: Path) -> None:
    data = penalty(decided="2019-05-30", published="2019-06-01")
    assert check(tmp_path, data, auto_withdraw=False) == []  # last day is the as-of date
    removed = penalty(decided="2019-03-01", published="2019-03-06", removed="2024-05-01")
    assert check(tmp_path, removed, auto_withdraw=False) == []


# --- R-A5 ---------------------------------------------------------------------------------------


def test_r_a5_replaced_by_unknown_record(tmp_path: Path) -> None:
    data = penalty(withdrawal=withdrawal(replaced_by="2025-cf-0099"))
    finding = only(check(tmp_path, data), "R-A5")
    path = record_file(tmp_path, "2024-cf-0001")
    loc = line(path, "withdrawal", "replaced_by")
    assert_finding(finding, "R-A5", ERROR, "2024-cf-0001", path, loc)
    assert "2025-cf-0099" in finding.message


def test_r_a5_replaced_by_itself(tmp_path: Path) -> None:
    finding = only(
        check(tmp_path, penalty(withdrawal=withdrawal(replaced_by="2024-cf-0001"))), "R-A5"
    )
    assert finding.severity is ERROR
    assert "自身" in finding.message


def test_r_a5_replaced_by_known_record_is_fine(tmp_path: Path) -> None:
    old = penalty(withdrawal=withdrawal(replaced_by="2025-cf-0001"))
    new = penalty(
        id="2025-cf-0001",
        doc_no="青工信罚〔2025〕1号",
        decided="2025-01-15",
        published="2025-01-20",
    )
    assert check(tmp_path, old, new, as_of=dt.date(2025, 2, 1)) == []


def test_r_a5_recorded_before_the_act(tmp_path: Path) -> None:
    data = penalty(withdrawal=withdrawal(recorded="2025-01-09"))
    finding = only(check(tmp_path, data), "R-A5")
    path = record_file(tmp_path, "2024-cf-0001")
    loc = line(path, "withdrawal", "recorded")
    assert_finding(finding, "R-A5", ERROR, "2024-cf-0001", path, loc)


def test_r_a5_recorded_late_is_a_warning(tmp_path: Path) -> None:
    """R-A5: act on Friday 2025-01-10 → 3 working days → 2025-01-15."""
    assert check(tmp_path, penalty(withdrawal=withdrawal(recorded="2025-01-15"))) == []
    finding = only(check(tmp_path, penalty(withdrawal=withdrawal(recorded="2025-01-16"))), "R-A5")
    path = record_file(tmp_path, "2024-cf-0001")
    loc = line(path, "withdrawal", "recorded")
    assert_finding(finding, "R-A5", WARNING, "2024-cf-0001", path, loc)
    assert "3 个工作日（应不晚于 2025-01-15）" in finding.message


# --- R-A6 ---------------------------------------------------------------------------------------


def test_r_a6_correction_of_a_non_public_field(tmp_path: Path) -> None:
    data = penalty(corrections=[correction(fields=["facts", "notes"])])
    finding = only(check(tmp_path, data), "R-A6")
    path = record_file(tmp_path, "2024-cf-0001")
    assert_finding(finding, "R-A6", ERROR, "2024-cf-0001", path, line(path, "corrections", "notes"))
    assert "notes" in finding.message


def test_r_a6_correction_before_first_publication(tmp_path: Path) -> None:
    data = penalty(corrections=[correction(date="2024-03-05")])
    finding = only(check(tmp_path, data), "R-A6")
    path = record_file(tmp_path, "2024-cf-0001")
    assert_finding(finding, "R-A6", ERROR, "2024-cf-0001", path, line(path, "corrections", "date"))


def test_r_a6_corrections_not_oldest_first(tmp_path: Path) -> None:
    data = penalty(corrections=[correction("2024-05-01"), correction("2024-04-01")])
    finding = only(check(tmp_path, data), "R-A6")
    path = record_file(tmp_path, "2024-cf-0001")
    at = line(path, "corrections", "date", "date")
    assert_finding(finding, "R-A6", ERROR, "2024-cf-0001", path, at)


def test_r_a6_corrections_on_the_same_day_are_in_order(tmp_path: Path) -> None:
    data = penalty(corrections=[correction("2024-04-01"), correction("2024-04-01", ["basis"])])
    assert check(tmp_path, data) == []


# --- R-A8 ---------------------------------------------------------------------------------------


def test_r_a8_natural_person_without_age_fails_closed(tmp_path: Path) -> None:
    finding = only(check(tmp_path, penalty(party=natural_party())), "R-A8")
    path = record_file(tmp_path, "2024-cf-0001")
    assert_finding(finding, "R-A8", ERROR, "2024-cf-0001", path, line(path, "party"))


@pytest.mark.parametrize(
    "extra",
    [
        {"id_number": id_number(dt.date(1980, 5, 1))},
        {"birth_date": "1980-05-01"},
        {"id_number": id_number(dt.date(1980, 5, 1)), "birth_date": "1980-05-01"},
    ],
)
def test_r_a8_natural_person_with_age_is_fine(tmp_path: Path, extra: dict[str, Any]) -> None:
    assert check(tmp_path, penalty(party=natural_party(**extra))) == []


def test_r_a8_id_number_with_bad_check_digit_is_a_warning(tmp_path: Path) -> None:
    """Its birth date still decides the minor rule and it is never published: warn, publish."""
    good = id_number(dt.date(1980, 5, 1))
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    finding = only(check(tmp_path, penalty(party=natural_party(id_number=bad))), "R-A8")
    path = record_file(tmp_path, "2024-cf-0001")
    loc = line(path, "party", "id_number")
    assert_finding(finding, "R-A8", WARNING, "2024-cf-0001", path, loc)
    assert "校验位" in finding.message
    assert bad not in finding.message  # the number itself never reaches a log


@pytest.mark.parametrize(
    ("first17", "words"),
    [("14012119800230123", "不是有效日期"), ("14012120300101123", "晚于决定日期")],
)
def test_r_a8_id_number_with_impossible_birth_date(
    tmp_path: Path, first17: str, words: str
) -> None:
    from publisher.idnumber import check_digit

    party = natural_party(id_number=first17 + check_digit(first17))
    finding = only(check(tmp_path, penalty(party=party)), "R-A8")
    assert finding.severity is ERROR
    assert words in finding.message


def test_r_a8_birth_date_disagreeing_with_id_number(tmp_path: Path) -> None:
    """R-A8: visibility trusts birth_date; a disagreement could publish a minor's case."""
    party = natural_party(id_number=id_number(dt.date(2008, 1, 1)), birth_date="1980-01-01")
    finding = only(check(tmp_path, penalty(party=party)), "R-A8")
    path = record_file(tmp_path, "2024-cf-0001")
    assert_finding(finding, "R-A8", ERROR, "2024-cf-0001", path, line(path, "party", "birth_date"))


@pytest.mark.parametrize("key", ["credit_code", "legal_rep"])
def test_r_a8_natural_person_with_organisation_fields_is_a_warning(
    tmp_path: Path, key: str
) -> None:
    value = credit_code() if key == "credit_code" else "王示例"
    party = natural_party(birth_date="1980-01-01", **{key: value})
    finding = only(check(tmp_path, penalty(party=party)), "R-A8")
    path = record_file(tmp_path, "2024-cf-0001")
    assert_finding(finding, "R-A8", WARNING, "2024-cf-0001", path, line(path, "party", key))


@pytest.mark.parametrize("kind", ["legal_person", "other_organization"])
def test_r_a8_organisation_with_id_number_is_an_error(tmp_path: Path, kind: str) -> None:
    data = penalty()
    data["party"] = {**data["party"], "kind": kind, "id_number": id_number(dt.date(1980, 5, 1))}
    finding = only(check(tmp_path, data), "R-A8")
    path = record_file(tmp_path, "2024-cf-0001")
    assert_finding(finding, "R-A8", ERROR, "2024-cf-0001", path, line(path, "party", "id_number"))


def test_r_a8_individual_business_may_have_id_number_and_credit_code(tmp_path: Path) -> None:
    party = {
        "name": "青崖县示例五金店",
        "kind": "individual_business",
        "credit_code": credit_code("92140121MA0M"),
        "id_number": id_number(dt.date(1975, 8, 8)),
    }
    assert check(tmp_path, penalty(party=party)) == []


@pytest.mark.parametrize(
    ("key", "text"),
    [
        ("facts", "经查，当事人（联系电话13800138000）未按规定进行安全检查。"),
        ("title", f"关于身份证号{id_number(dt.date(1980, 5, 1))}当事人的行政处罚决定"),
        ("basis", f"《安全生产法》第九十九条，罚款缴入 {CARD} 账户"),
        ("violation_type", "未按规定检查（举报人电话 139 0013 9000）"),
    ],
)
def test_r_a8_personal_number_in_free_text_is_a_warning(
    tmp_path: Path, key: str, text: str
) -> None:
    finding = only(check(tmp_path, penalty(**{key: text})), "R-A8")
    path = record_file(tmp_path, "2024-cf-0001")
    assert_finding(finding, "R-A8", WARNING, "2024-cf-0001", path, line(path, key))
    assert "将自动隐去" in finding.message and "建议" in finding.message


def test_r_a8_personal_number_in_nested_free_text(tmp_path: Path) -> None:
    mobile = "联系 13800138000"
    data = penalty(
        penalty={"kinds": ["fine"], "fine_yuan": 30000, "content": f"罚款，{mobile}"},
        corrections=[{**correction(), "summary": mobile, "reason": mobile}],
        withdrawal=withdrawal(explanation=f"已撤销，{mobile}"),
    )
    result = inspection(result=f"发现问题，{mobile}")
    findings = [
        f for f in check(tmp_path, data, result, as_of=dt.date(2025, 2, 1)) if f.rule == "R-A8"
    ]
    path = record_file(tmp_path, "2024-cf-0001")
    expected = {
        line(path, "penalty", "content"),
        line(path, "withdrawal", "explanation"),
        line(path, "corrections", "summary"),
        line(path, "corrections", "reason"),
        line(record_file(tmp_path, "2024-jc-0001"), "result"),
    }
    assert {f.line for f in findings} == expected
    assert all(f.severity is WARNING for f in findings)


def test_r_a8_doc_numbers_amounts_and_credit_codes_are_not_personal_numbers(tmp_path: Path) -> None:
    facts = f"依据青工信罚〔2024〕1号，罚款 30000 元，信用代码 {credit_code()}，电话 0351-1234567。"
    assert check(tmp_path, penalty(facts=facts)) == []


# --- R-A9 ---------------------------------------------------------------------------------------


def test_r_a9_credit_code_with_wrong_check_character(tmp_path: Path) -> None:
    data = penalty()
    good = data["party"]["credit_code"]
    data["party"]["credit_code"] = good[:17] + ("0" if good[17] != "0" else "1")
    finding = only(check(tmp_path, data), "R-A9")
    path = record_file(tmp_path, "2024-cf-0001")
    loc = line(path, "party", "credit_code")
    assert_finding(finding, "R-A9", WARNING, "2024-cf-0001", path, loc)


def test_r_a5_withdrawal_without_recorded_date_is_a_warning(tmp_path: Path) -> None:
    data = penalty(withdrawal=withdrawal())
    del data["withdrawal"]["recorded"]
    finding = only(check(tmp_path, data), "R-A5")
    assert finding.severity is WARNING
    assert "recorded" in finding.message


# --- R-A11 --------------------------------------------------------------------------------------


def test_r_a11_missing_year_is_reported_once_per_year(tmp_path: Path) -> None:
    """R-A11: two deadlines run into 2027, which has no data: one warning naming 2027."""
    first = penalty(decided="2026-12-28", published="2027-01-04", doc_no="青工信罚〔2026〕9号")
    second = inspection(decided="2026-12-30", published="2027-01-05")
    findings = check(tmp_path, first, second, as_of=dt.date(2027, 1, 10))
    finding = only(findings, "R-A11")
    folder = str(tmp_path / "content" / "holidays")
    assert_finding(finding, "R-A11", WARNING, None, folder, None)
    assert "2027" in finding.message
    assert findings == [finding]


def test_r_a11_content_holiday_file_silences_the_warning(tmp_path: Path) -> None:
    """R-A11: with content/holidays/2027.yaml, 2027-01-01 is a holiday and nothing is missing."""
    write_yaml(
        tmp_path / "content" / "holidays" / "2027.yaml",
        {"year": 2027, "holidays": ["2027-01-01"], "workdays": []},
    )
    first = penalty(decided="2026-12-28", published="2027-01-07", doc_no="青工信罚〔2026〕9号")
    assert check(tmp_path, first, as_of=dt.date(2027, 1, 10)) == []


def test_r_a11_late_publication_across_a_missing_year(tmp_path: Path) -> None:
    """R-A11 with R-A3: counted Mon–Fri in 2027, the deadline is 2027-01-06."""
    late = penalty(decided="2026-12-28", published="2027-01-07", doc_no="青工信罚〔2026〕9号")
    findings = check(tmp_path, late, as_of=dt.date(2027, 1, 10))
    assert "2027-01-06" in only(findings, "R-A3").message
    assert only(findings, "R-A11").severity is WARNING


def test_r_a2_published_record_with_template_text_is_an_error(tmp_path: Path) -> None:
    """`publisher new` writes 【待填写：…】 placeholders; publishing one as it stands fails."""
    data = penalty(facts="【待填写：违法事实】")
    finding = only(check(tmp_path, data), "R-A2")
    path = record_file(tmp_path, "2024-cf-0001")
    assert_finding(finding, "R-A2", ERROR, "2024-cf-0001", path, line(path, "facts"))
    draft = check(tmp_path / "draft", penalty(facts="【待填写：违法事实】", published=None))
    assert [f for f in draft if f.rule == "R-A2"] == []


def test_r_a2_a_draft_may_be_incomplete(tmp_path: Path) -> None:
    """Drafts are never published (R-A3): required fields are checked once `published` is set."""
    draft = penalty(published=None, facts=None, basis=None)
    assert [f for f in check(tmp_path, draft) if f.rule == "R-A2"] == []
