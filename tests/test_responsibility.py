"""R-B1 responsibility chain: who() on any day, the roster checks and `publisher who`."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from publisher.cli import main
from publisher.content import Content
from publisher.findings import Finding, Severity
from publisher.loader import load_content
from publisher.supervision.responsibility import check_roster, who
from publisher.supervision.roster import Roster
from tests.factories import penalty, write_content, write_yaml
from tests.supervision_factories import (
    COAL,
    DEPUTY_COAL_AND_LEGAL,
    DEPUTY_POWER_AND_EXPLOSIVES,
    EXPLOSIVES,
    HEAD,
    LEGAL,
    POWER,
    ROSTER,
    SECTION_HEAD,
    case_file,
    write_supervision,
)

AS_OF = dt.date(2026, 6, 1)
NEW_DEPUTY = "孔德明"  # fictional: takes over 煤矿安全监管科 from 李志强 on 2024-07-01


# --- Builders ---------------------------------------------------------------------------


def roster(**changes: Any) -> dict[str, Any]:
    """The in-order roster of supervision_factories with top-level keys replaced."""
    data = copy.deepcopy(ROSTER)
    data.update(changes)
    return data


def with_appointments(*extra: dict[str, Any], keep: bool = True) -> dict[str, Any]:
    """The roster with `extra` appointments added (or alone, when `keep` is False)."""
    base = copy.deepcopy(ROSTER["appointments"]) if keep else []
    return roster(appointments=[*base, *extra])


def coal_deputy_handover() -> dict[str, Any]:
    """李志强 supervises 煤矿安全监管科 until 2024-06-30 (inclusive), 孔德明 from 2024-07-01;
    李志强 keeps 政策法规科 throughout."""
    data = roster()
    appointments = [a for a in data["appointments"] if a["name"] != DEPUTY_COAL_AND_LEGAL]
    appointments += [
        {
            "name": DEPUTY_COAL_AND_LEGAL,
            "role": "deputy",
            "sections": [COAL, LEGAL],
            "start": "2019-01-01",
            "end": "2024-06-30",
        },
        {
            "name": DEPUTY_COAL_AND_LEGAL,
            "role": "deputy",
            "sections": [LEGAL],
            "start": "2024-07-01",
        },
        {"name": NEW_DEPUTY, "role": "deputy", "sections": [COAL], "start": "2024-07-01"},
    ]
    data["appointments"] = appointments
    return data


def coal_case(
    record_id: str = "2024-cf-0001", decided: str = "2024-03-01", section: str = COAL
) -> dict[str, Any]:
    """A draft penalty with a complete case file in `section`."""
    case = case_file(record_id, "penalty", decided, section=section)
    return penalty(id=record_id, decided=decided, published=None, case=case)


def load(
    tmp_path: Path,
    records: list[dict[str, Any]],
    roster_data: dict[str, Any] | None = None,
    settings: dict[str, Any] | None = None,
    with_roster: bool = True,
) -> Content:
    root = write_content(tmp_path / "content", records, settings)
    write_supervision(root, roster_data)
    if not with_roster:
        (root / "roster.yaml").unlink()
    result = load_content(root)
    assert result.content is not None, [f.format_text() for f in result.all_findings]
    assert result.supervision_findings == [], [f.format_text() for f in result.all_findings]
    return result.content


def model(data: dict[str, Any]) -> Roster:
    return Roster.model_validate(data)


def r_b1(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.rule == "R-B1"]


# --- who() ------------------------------------------------------------------------------


def test_who_names_every_level_of_article_2_for_a_section() -> None:
    """R-B1: 局长, 分管副局长, 科室负责人, 执法人员 and 政策法规科 for one section and day."""
    chain = who(model(ROSTER), COAL, dt.date(2024, 3, 1))
    assert chain.head == (HEAD,)
    assert chain.deputies == (DEPUTY_COAL_AND_LEGAL,)
    assert chain.section_heads == (SECTION_HEAD[COAL],)
    assert chain.officers == ("郝丽娟",)
    assert chain.legal_section == LEGAL
    assert chain.legal_section_heads == (SECTION_HEAD[LEGAL],)
    assert chain.legal_deputies == (DEPUTY_COAL_AND_LEGAL,)


def test_one_deputy_supervises_several_sections() -> None:
    """R-B1: a deputy listing two sections answers for both, and only for those."""
    data = model(ROSTER)
    day = dt.date(2025, 1, 10)
    assert who(data, POWER, day).deputies == (DEPUTY_POWER_AND_EXPLOSIVES,)
    assert who(data, EXPLOSIVES, day).deputies == (DEPUTY_POWER_AND_EXPLOSIVES,)
    assert DEPUTY_POWER_AND_EXPLOSIVES not in who(data, COAL, day).deputies


def test_end_date_is_inclusive_at_a_handover() -> None:
    """R-B1: the leaving deputy holds the post through the end date; the successor from the
    next day; the leaving deputy keeps the section they still supervise."""
    data = model(coal_deputy_handover())
    assert who(data, COAL, dt.date(2024, 6, 30)).deputies == (DEPUTY_COAL_AND_LEGAL,)
    assert who(data, COAL, dt.date(2024, 7, 1)).deputies == (NEW_DEPUTY,)
    assert who(data, COAL, dt.date(2024, 7, 1)).legal_deputies == (DEPUTY_COAL_AND_LEGAL,)


def test_nobody_holds_a_post_before_its_start() -> None:
    """R-B1: before the first appointment every level is empty."""
    chain = who(model(ROSTER), COAL, dt.date(2018, 12, 31))
    assert chain.head == chain.deputies == chain.section_heads == chain.officers == ()


@given(
    handover=st.dates(dt.date(2020, 1, 2), dt.date(2029, 12, 30)),
    day=st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)),
)
def test_exactly_one_deputy_on_every_day_around_a_handover(handover: dt.date, day: dt.date) -> None:
    """R-B1 (property): with a handover on any day, exactly one deputy answers on any day:
    the leaving one through the day before the handover, the successor from it."""
    data = roster()
    data["appointments"] = [a for a in data["appointments"] if a["role"] != "deputy"] + [
        {
            "name": DEPUTY_COAL_AND_LEGAL,
            "role": "deputy",
            "sections": [COAL],
            "start": "2019-01-01",
            "end": (handover - dt.timedelta(days=1)).isoformat(),
        },
        {"name": NEW_DEPUTY, "role": "deputy", "sections": [COAL], "start": handover.isoformat()},
    ]
    expected = NEW_DEPUTY if day >= handover else DEPUTY_COAL_AND_LEGAL
    assert who(model(data), COAL, day).deputies == (expected,)


# --- check_roster -----------------------------------------------------------------------


def test_in_order_roster_and_case_give_no_finding(tmp_path: Path) -> None:
    """R-B1: the shared in-order bureau has a full chain for every case."""
    content = load(tmp_path, [coal_case()])
    assert check_roster(content, AS_OF) == []


def test_end_before_start_is_an_error_on_its_line(tmp_path: Path) -> None:
    """R-B1: an appointment ending before it starts."""
    bad = {
        "name": "贾文静",
        "role": "officer",
        "sections": [COAL],
        "start": "2024-05-01",
        "end": "2024-04-30",
    }
    content = load(tmp_path, [], with_appointments(bad))
    [finding] = r_b1(check_roster(content, AS_OF))
    assert finding.severity is Severity.ERROR
    assert Path(finding.file).name == "roster.yaml"
    assert "贾文静" in finding.message and "早于开始日期" in finding.message
    assert finding.message.endswith("（R-B1）")
    assert finding.line is not None
    text = (tmp_path / "content" / "roster.yaml").read_text(encoding="utf-8")
    line = text.splitlines()[finding.line - 1]
    assert "2024-04-30" in line


def test_appointment_to_an_unregistered_section_is_an_error(tmp_path: Path) -> None:
    """R-B1: a section named in an appointment must be in `sections`."""
    bad = {"name": "贾文静", "role": "officer", "sections": ["煤矿安全科"], "start": "2024-05-01"}
    content = load(tmp_path, [], with_appointments(bad))
    [finding] = check_roster(content, AS_OF)
    assert finding.severity is Severity.ERROR
    assert "煤矿安全科" in finding.message


def test_sections_field_must_fit_the_role(tmp_path: Path) -> None:
    """R-B1: a deputy lists at least one section; section heads and officers exactly one; the
    head none (a warning: it is ignored)."""
    extra = [
        {"name": "邵建国", "role": "deputy", "start": "2024-01-01"},
        {"name": "贾文静", "role": "officer", "sections": [COAL, POWER], "start": "2024-01-01"},
        {"name": "冯丽华", "role": "section_head", "start": "2024-01-01"},
        {"name": HEAD, "role": "head", "sections": [COAL], "start": "2019-01-01"},
    ]
    others = [a for a in ROSTER["appointments"] if a["role"] != "head"]
    findings = check_roster(load(tmp_path, [], roster(appointments=[*others, *extra])), AS_OF)
    by_person = {
        name: f
        for f in findings
        for name in ("邵建国", "贾文静", "冯丽华", HEAD)
        if name in f.message
    }
    assert by_person["邵建国"].severity is Severity.ERROR
    assert by_person["贾文静"].severity is Severity.ERROR
    assert "现为 2 个" in by_person["贾文静"].message
    assert by_person["冯丽华"].severity is Severity.ERROR
    assert by_person[HEAD].severity is Severity.WARNING
    assert len(findings) == 4


def test_two_heads_on_the_same_day_is_a_warning(tmp_path: Path) -> None:
    """R-B1: one 局长 at a time; the overlap's first day is named."""
    data = with_appointments({"name": "任国栋", "role": "head", "start": "2025-03-01"})
    [finding] = check_roster(load(tmp_path, [], data), AS_OF)
    assert finding.severity is Severity.WARNING
    assert HEAD in finding.message and "任国栋" in finding.message
    assert "2025-03-01" in finding.message


def test_consecutive_heads_do_not_overlap(tmp_path: Path) -> None:
    """R-B1: a head whose end date is the day before the successor's start is no overlap."""
    appointments = [a for a in ROSTER["appointments"] if a["role"] != "head"] + [
        {"name": HEAD, "role": "head", "start": "2019-01-01", "end": "2025-02-28"},
        {"name": "任国栋", "role": "head", "start": "2025-03-01"},
    ]
    assert check_roster(load(tmp_path, [], roster(appointments=appointments)), AS_OF) == []


def test_legal_section_and_sections_must_be_registered_once(tmp_path: Path) -> None:
    """R-B1: legal_section names a registered section; section names are unique."""
    sections = [*ROSTER["sections"], {"name": COAL, "areas": []}]
    findings = check_roster(
        load(tmp_path, [], roster(sections=sections, legal_section="法规科")), AS_OF
    )
    messages = " ".join(f.message for f in findings)
    assert "法规科" in messages and "重复" in messages
    assert all(f.severity is Severity.ERROR for f in findings)


def test_case_in_an_unknown_section_is_an_error_on_the_record(tmp_path: Path) -> None:
    """R-B1: the case's section must be in the roster, or nobody can be named."""
    content = load(tmp_path, [coal_case(section="煤矿科")])
    [finding] = check_roster(content, AS_OF)
    assert finding.severity is Severity.ERROR
    assert finding.record == "2024-cf-0001"
    assert "煤矿科" in finding.message
    assert Path(finding.file).name == "2024-cf-0001.yaml"


def test_case_decided_without_a_head_is_an_error(tmp_path: Path) -> None:
    """R-B1: every case has a 局长 on its decision date."""
    appointments = [a for a in ROSTER["appointments"] if a["role"] != "head"]
    content = load(tmp_path, [coal_case()], roster(appointments=appointments))
    [finding] = check_roster(content, AS_OF)
    assert finding.severity is Severity.ERROR
    assert "2024-cf-0001" in finding.message and "局长" in finding.message


def test_vacant_deputy_and_section_head_are_warnings(tmp_path: Path) -> None:
    """R-B1: a section with no deputy or no head on the decision date is reported (a real
    vacancy is possible, so as a warning)."""
    gone = {DEPUTY_COAL_AND_LEGAL, SECTION_HEAD[COAL]}
    appointments = [a for a in ROSTER["appointments"] if a["name"] not in gone]
    content = load(tmp_path, [coal_case()], roster(appointments=appointments))
    findings = check_roster(content, AS_OF)
    assert {f.severity for f in findings} == {Severity.WARNING}
    messages = " ".join(f.message for f in findings)
    assert "分管煤矿安全监管科的副局长" in messages
    assert "煤矿安全监管科负责人" in messages


def test_chain_is_read_on_the_decision_date(tmp_path: Path) -> None:
    """R-B1: a case decided on the handover day sees the successor, none is missing."""
    content = load(tmp_path, [coal_case(decided="2024-07-01")], coal_deputy_handover())
    assert check_roster(content, AS_OF) == []


def test_missing_roster_is_one_warning_for_all_cases(tmp_path: Path) -> None:
    """R-B1: without roster.yaml, one warning however many cases there are."""
    records = [coal_case("2024-cf-0001"), coal_case("2024-cf-0002")]
    content = load(tmp_path, records, with_roster=False)
    [finding] = check_roster(content, AS_OF)
    assert finding.severity is Severity.WARNING
    assert "roster.yaml" in finding.message and "2 件" in finding.message
    assert finding.line is not None


def test_missing_roster_without_cases_is_fine(tmp_path: Path) -> None:
    """R-B1: a bureau that keeps no case files needs no roster yet."""
    assert check_roster(load(tmp_path, [penalty()], with_roster=False), AS_OF) == []


def test_cases_before_supervision_since_are_not_checked(tmp_path: Path) -> None:
    """R-B1: records decided before `supervision.since` are out of scope."""
    settings = {"supervision": {"since": "2025-01-01"}}
    content = load(tmp_path, [coal_case(section="煤矿科")], settings=settings)
    assert check_roster(content, AS_OF) == []


# --- publisher who ----------------------------------------------------------------------


def fixed_clock() -> dt.datetime:
    # 2024-06-30 16:30 UTC is already 2024-07-01 in Asia/Shanghai: the handover day.
    return dt.datetime(2024, 6, 30, 16, 30, tzinfo=dt.UTC)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), obj={"clock": fixed_clock})
    return result.exit_code, result.stdout, result.stderr


def content_dir(tmp_path: Path, roster_data: dict[str, Any] | None = None) -> Path:
    root = write_content(tmp_path / "content", [])
    return write_supervision(root, roster_data)


def test_who_prints_one_line_per_level(tmp_path: Path) -> None:
    """R-B1: `publisher who --section S --date D` in 简体中文, one line per level."""
    root = content_dir(tmp_path)
    code, out, _ = run("who", "--content", str(root), "--section", COAL, "--date", "2024-03-01")
    assert code == 0
    assert "2024-03-01" in out
    assert f"重要领导责任（局长）：{HEAD}" in out
    assert f"主要领导责任（分管副局长）：{DEPUTY_COAL_AND_LEGAL}" in out
    assert f"直接领导责任（科室负责人）：{SECTION_HEAD[COAL]}" in out
    assert "直接责任（执法人员）：郝丽娟" in out
    assert (
        f"指导监督（政策法规科）：负责人 {SECTION_HEAD[LEGAL]}；分管领导 {DEPUTY_COAL_AND_LEGAL}"
        in out
    )
    assert POWER not in out


def test_who_defaults_to_today_in_shanghai(tmp_path: Path) -> None:
    """R-B1: without --date, the injected clock's day in Asia/Shanghai (the handover day)."""
    root = content_dir(tmp_path, coal_deputy_handover())
    code, out, _ = run("who", "--content", str(root), "--section", COAL)
    assert code == 0
    assert "2024-07-01" in out
    assert f"主要领导责任（分管副局长）：{NEW_DEPUTY}" in out


def test_who_accepts_as_of_as_an_alias(tmp_path: Path) -> None:
    """R-B1: --as-of works like --date (the end date is inclusive)."""
    root = content_dir(tmp_path, coal_deputy_handover())
    code, out, _ = run("who", "--content", str(root), "--section", COAL, "--as-of", "2024-06-30")
    assert code == 0
    assert f"主要领导责任（分管副局长）：{DEPUTY_COAL_AND_LEGAL}" in out


def test_who_without_section_lists_every_section(tmp_path: Path) -> None:
    """R-B1: every registered section, in roster order, with vacancies shown."""
    data = with_appointments(
        {"name": "冯丽华", "role": "officer", "sections": [LEGAL], "start": "2030-01-01"}
    )
    data["sections"] = [*data["sections"], {"name": "综合科", "areas": []}]
    root = content_dir(tmp_path, data)
    code, out, _ = run("who", "--content", str(root), "--date", "2025-01-01")
    assert code == 0
    positions = [out.index(name) for name in (COAL, POWER, EXPLOSIVES, "综合科")]
    assert positions == sorted(positions)
    assert "主要领导责任（分管副局长）：（空缺）" in out  # 综合科 has no deputy


def test_who_unknown_section_exits_2_with_the_known_ones(tmp_path: Path) -> None:
    """R-B1: a mistyped section is named, with the registered sections listed."""
    root = content_dir(tmp_path)
    code, _, err = run("who", "--content", str(root), "--section", "煤矿科")
    assert code == 2
    assert "煤矿科" in err and COAL in err


def test_who_json_for_scripts(tmp_path: Path) -> None:
    """R-B1: --format json gives the same answer as data."""
    root = content_dir(tmp_path)
    code, out, _ = run(
        "who",
        "--content",
        str(root),
        "--section",
        POWER,
        "--date",
        "2024-03-01",
        "--format",
        "json",
    )
    assert code == 0
    payload = json.loads(out)
    assert payload["date"] == "2024-03-01"
    [section] = payload["sections"]
    assert section["section"] == POWER
    assert section["head"] == [HEAD]
    assert section["deputies"] == [DEPUTY_POWER_AND_EXPLOSIVES]
    assert section["section_heads"] == [SECTION_HEAD[POWER]]
    assert section["officers"] == ["程晓峰"]
    assert section["legal_section_heads"] == [SECTION_HEAD[LEGAL]]
    assert section["legal_deputies"] == [DEPUTY_COAL_AND_LEGAL]


def test_who_bad_date_is_a_usage_error(tmp_path: Path) -> None:
    root = content_dir(tmp_path)
    code, _, err = run("who", "--content", str(root), "--date", "2024-02-30")
    assert code == 2
    assert "YYYY-MM-DD" in err


def test_who_without_roster_exits_1(tmp_path: Path) -> None:
    """R-B1: no roster.yaml, no answer."""
    root = content_dir(tmp_path)
    (root / "roster.yaml").unlink()
    code, _, err = run("who", "--content", str(root))
    assert code == 1
    assert "roster.yaml" in err


def test_who_with_broken_roster_shows_its_findings(tmp_path: Path) -> None:
    """R-B1: a roster that fails its schema is reported with file and line, exit 1."""
    root = content_dir(tmp_path)
    write_yaml(
        root / "roster.yaml",
        roster(appointments=[{"name": HEAD, "role": "boss", "start": "2019-01-01"}]),
    )
    code, _, err = run("who", "--content", str(root))
    assert code == 1
    assert "roster.yaml:" in err


def test_check_command_reports_roster_findings(tmp_path: Path) -> None:
    """R-B1: `publisher check --scope supervision` lists the chain findings with file and line."""
    root = write_content(tmp_path / "content", [coal_case(section="煤矿科")])
    write_supervision(root)
    code, out, _ = run(
        "check", "--content", str(root), "--scope", "supervision", "--format", "json"
    )
    assert code == 1
    [finding] = [f for f in json.loads(out) if f["rule"] == "R-B1"]
    assert finding["record"] == "2024-cf-0001"
    assert finding["line"] is not None
