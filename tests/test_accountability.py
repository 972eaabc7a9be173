"""R-B7 fault accountability: the fault register checks, the report and `publisher faults`."""

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
from publisher.content import Content, Loaded, LoadedRecord
from publisher.findings import Finding, Severity
from publisher.loader import load_content
from publisher.model import Record
from publisher.settings import Settings
from publisher.supervision.accountability import (
    DirectSource,
    FaultEntry,
    check_faults,
    fault_report,
)
from publisher.supervision.faults import FaultRegister, FaultType, OutcomeKind
from publisher.supervision.responsibility import Level
from publisher.supervision.roster import Roster
from publisher.yamlsource import LineMap
from tests.factories import penalty, write_content, write_yaml
from tests.supervision_factories import (
    COAL,
    DEPUTY_COAL_AND_LEGAL,
    HEAD,
    LEGAL,
    POWER,
    ROSTER,
    SECTION_HEAD,
    case_file,
    officers,
    write_supervision,
)

AS_OF = dt.date(2026, 6, 1)
NEW_DEPUTY = "孔德明"  # fictional: supervises 煤矿安全监管科 from 2025-01-01
HANDOVER = dt.date(2025, 1, 1)


# --- Builders ---------------------------------------------------------------------------


def roster_with_coal_handover() -> dict[str, Any]:
    """李志强 supervises 煤矿安全监管科 through 2024-12-31; 孔德明 from 2025-01-01."""
    data = copy.deepcopy(ROSTER)
    data["appointments"] = [
        a for a in data["appointments"] if a["name"] != DEPUTY_COAL_AND_LEGAL
    ] + [
        {
            "name": DEPUTY_COAL_AND_LEGAL,
            "role": "deputy",
            "sections": [COAL, LEGAL],
            "start": "2019-01-01",
            "end": "2024-12-31",
        },
        {
            "name": DEPUTY_COAL_AND_LEGAL,
            "role": "deputy",
            "sections": [LEGAL],
            "start": "2025-01-01",
        },
        {"name": NEW_DEPUTY, "role": "deputy", "sections": [COAL], "start": "2025-01-01"},
    ]
    return data


def case_record(
    record_id: str = "2024-cf-0001",
    decided: str = "2024-09-02",
    section: str = COAL,
    team: tuple[str, ...] = ("杨卫东", "郝丽娟"),
    acts: bool = True,
) -> dict[str, Any]:
    """A draft penalty with a complete case file (or one without enforcement acts)."""
    case = case_file(record_id, "penalty", decided, section=section, team=team)
    if not acts:
        case["acts"] = []
    return penalty(id=record_id, decided=decided, published=None, case=case)


def fault(**overrides: Any) -> dict[str, Any]:
    """A fault on 2024-cf-0001 found in 2025 by the case-file review, one outcome."""
    data: dict[str, Any] = {
        "id": "2025-gc-01",
        "record": "2024-cf-0001",
        "type": "illegal_procedure",
        "found_by": "case_review",
        "found": "2025-03-10",
        "description": "送达回证未载明送达方式。",
        "outcomes": [{"person": "郝丽娟", "kind": "criticism_education", "date": "2025-03-20"}],
    }
    data.update(overrides)
    return data


def outcome(kind: str, person: str = "郝丽娟", **extra: Any) -> dict[str, Any]:
    return {"person": person, "kind": kind, "date": "2025-03-20", **extra}


def write_bureau(
    tmp_path: Path,
    faults: list[dict[str, Any]] | None,
    records: list[dict[str, Any]] | None = None,
    roster: dict[str, Any] | None = None,
    officer_list: list[dict[str, Any]] | None = None,
) -> Path:
    root = write_content(tmp_path / "content", records if records is not None else [case_record()])
    write_supervision(root, roster, officer_list)
    if faults is not None:
        write_yaml(root / "faults.yaml", {"faults": faults})
    return root


def load(tmp_path: Path, faults: list[dict[str, Any]] | None, **kwargs: Any) -> Content:
    result = load_content(write_bureau(tmp_path, faults, **kwargs))
    assert result.content is not None, [f.format_text() for f in result.all_findings]
    assert result.supervision_findings == [], [f.format_text() for f in result.all_findings]
    return result.content


def only(findings: list[Finding]) -> Finding:
    assert len(findings) == 1, [f.message for f in findings]
    return findings[0]


def officers_with(name: str, **changes: Any) -> list[dict[str, Any]]:
    """The shared officer list with `name`'s certificate entry changed."""
    return [{**o, **changes} if o["name"] == name else o for o in officers()]


# --- check_faults -----------------------------------------------------------------------


def test_a_well_formed_register_gives_no_finding(tmp_path: Path) -> None:
    """R-B7: a fault on an existing case, outcome on a rostered officer."""
    assert check_faults(load(tmp_path, [fault()]), AS_OF) == []


def test_no_register_no_finding(tmp_path: Path) -> None:
    """R-B7: faults.yaml is optional."""
    assert check_faults(load(tmp_path, None), AS_OF) == []


def test_fault_ids_are_unique(tmp_path: Path) -> None:
    """R-B7: the second use of an id is an error on its line, pointing at the first."""
    finding = only(check_faults(load(tmp_path, [fault(), fault()]), AS_OF))
    assert finding.severity is Severity.ERROR
    assert "2025-gc-01" in finding.message and "重复" in finding.message
    assert Path(finding.file).name == "faults.yaml"
    assert finding.message.endswith("（R-B7）")


def test_fault_on_a_missing_record_is_an_error(tmp_path: Path) -> None:
    """R-B7: a fault is registered against a case that exists."""
    finding = only(check_faults(load(tmp_path, [fault(record="2024-cf-0099")]), AS_OF))
    assert finding.severity is Severity.ERROR
    assert "2024-cf-0099" in finding.message
    assert finding.record == "2024-cf-0099"


def test_found_after_the_as_of_date_is_an_error(tmp_path: Path) -> None:
    """R-B7: a fault cannot be found in the future."""
    content = load(tmp_path, [fault(found="2026-06-02", outcomes=[])])
    finding = only(check_faults(content, AS_OF))
    assert finding.severity is Severity.ERROR
    assert "2026-06-02" in finding.message
    assert check_faults(content, dt.date(2026, 6, 2)) == []


def test_act_after_discovery_is_an_error(tmp_path: Path) -> None:
    """R-B7: the faulty act happened before it was found."""
    finding = only(check_faults(load(tmp_path, [fault(act_date="2025-04-01")]), AS_OF))
    assert "过错行为日期" in finding.message


def test_outcome_for_an_unknown_person_is_a_warning(tmp_path: Path) -> None:
    """R-B7: the person must be in roster.yaml or officers.yaml."""
    content = load(tmp_path, [fault(outcomes=[outcome("criticism_education", person="吴某某")])])
    finding = only(check_faults(content, AS_OF))
    assert finding.severity is Severity.WARNING
    assert "吴某某" in finding.message


def test_ground_only_on_certificate_outcomes(tmp_path: Path) -> None:
    """R-B7: an Article 3 ground on a criticism is an error."""
    content = load(tmp_path, [fault(outcomes=[outcome("criticism_education", ground="3.1.1")])])
    finding = only(check_faults(content, AS_OF))
    assert finding.severity is Severity.ERROR
    assert "ground" in finding.message


def test_suspension_cites_a_3_1_ground_and_revocation_a_3_2_ground(tmp_path: Path) -> None:
    """R-B7 with Article 3: 3.1.x for 暂扣, 3.2.x for 吊销, and one is required."""
    suspended = [{"start": "2025-03-20", "ground": "3.1.3"}]
    officer_list = officers_with("郝丽娟", suspensions=suspended, revoked="2025-03-20")
    outcomes = [
        outcome("certificate_suspended", ground="3.2.1"),
        outcome("certificate_revoked", ground="3.1.3"),
        outcome("certificate_suspended"),
    ]
    content = load(tmp_path, [fault(outcomes=outcomes)], officer_list=officer_list)
    ground_errors = [f for f in check_faults(content, AS_OF) if f.severity is Severity.ERROR]
    assert len(ground_errors) == 3
    messages = [f.message for f in ground_errors]
    assert "3.1.1–3.1.5" in messages[0] and "3.2.1" in messages[0]
    assert "3.2.1–3.2.6" in messages[1]
    assert "须在 ground 中填写" in messages[2]


def test_suspension_missing_from_officers_is_a_warning(tmp_path: Path) -> None:
    """R-B7: a certificate outcome must show in officers.yaml, else the public officer list
    (R-B2) still shows the officer."""
    outcomes = [outcome("certificate_suspended", ground="3.1.3")]
    finding = only(check_faults(load(tmp_path, [fault(outcomes=outcomes)]), AS_OF))
    assert finding.severity is Severity.WARNING
    assert "officers.yaml" in finding.message and "2025-03-20" in finding.message


def test_suspension_recorded_in_officers_is_fine(tmp_path: Path) -> None:
    """R-B7: a suspension starting on or after the outcome date, with the same ground."""
    outcomes = [outcome("certificate_suspended", ground="3.1.3")]
    suspended = [{"start": "2025-03-21", "end": "2025-06-20", "ground": "3.1.3"}]
    content = load(
        tmp_path,
        [fault(outcomes=outcomes)],
        officer_list=officers_with("郝丽娟", suspensions=suspended),
    )
    assert check_faults(content, AS_OF) == []


def test_suspension_before_the_outcome_does_not_count(tmp_path: Path) -> None:
    """R-B7: an older suspension of the same officer is not this decision."""
    outcomes = [outcome("certificate_suspended", ground="3.1.3")]
    suspended = [{"start": "2024-01-05", "end": "2024-02-05", "ground": "3.1.3"}]
    content = load(
        tmp_path,
        [fault(outcomes=outcomes)],
        officer_list=officers_with("郝丽娟", suspensions=suspended),
    )
    assert only(check_faults(content, AS_OF)).severity is Severity.WARNING


def test_revocation_recorded_in_officers_is_fine(tmp_path: Path) -> None:
    """R-B7: a revocation needs a `revoked` date on or after the outcome date."""
    outcomes = [outcome("certificate_revoked", ground="3.2.5")]
    officer_list = officers_with("郝丽娟", revoked="2025-04-01", revoked_ground="3.2.5")
    assert (
        check_faults(load(tmp_path, [fault(outcomes=outcomes)], officer_list=officer_list), AS_OF)
        == []
    )
    absent = load(tmp_path / "again", [fault(outcomes=outcomes)])
    assert only(check_faults(absent, AS_OF)).severity is Severity.WARNING


# --- fault_report -----------------------------------------------------------------------


def entry_of(content: Content, year: int = 2025) -> FaultEntry:
    [entry] = fault_report(content, year).faults
    return entry


def test_report_names_the_deputy_at_the_act_date_not_at_discovery(tmp_path: Path) -> None:
    """R-B7 with R-B1: the deputy replaced between the act (2024) and its discovery (2025)
    is the one named."""
    content = load(tmp_path, [fault()], roster=roster_with_coal_handover())
    entry = entry_of(content)
    assert entry.act_date == dt.date(2024, 9, 2) and entry.act_date_from_decision
    assert entry.chain is not None
    assert entry.chain.deputies == (DEPUTY_COAL_AND_LEGAL,)
    assert NEW_DEPUTY not in entry.chain.by_level()[Level.DEPUTY]


def test_report_uses_the_act_date_when_given(tmp_path: Path) -> None:
    """R-B7: `act_date` overrides the decision date (here after the handover)."""
    faults = [fault(act_date="2025-01-02")]
    entry = entry_of(load(tmp_path, faults, roster=roster_with_coal_handover()))
    assert entry.act_date == dt.date(2025, 1, 2) and not entry.act_date_from_decision
    assert entry.chain is not None and entry.chain.deputies == (NEW_DEPUTY,)


def test_report_names_every_level(tmp_path: Path) -> None:
    """R-B7: head, deputy, section head, the officers who acted, and 政策法规科."""
    entry = entry_of(load(tmp_path, [fault()]))
    assert entry.section == COAL
    assert entry.chain is not None
    levels = entry.chain.by_level()
    assert levels[Level.HEAD] == (HEAD,)
    assert levels[Level.DEPUTY] == (DEPUTY_COAL_AND_LEGAL,)
    assert levels[Level.SECTION_HEAD] == (SECTION_HEAD[COAL],)
    assert levels[Level.DIRECT] == ("杨卫东", "郝丽娟")
    assert levels[Level.GUIDANCE] == (SECTION_HEAD[LEGAL], DEPUTY_COAL_AND_LEGAL)
    assert entry.direct_source is DirectSource.ACTS
    assert entry.gaps == ()


def test_direct_responsibility_falls_back_to_the_roster(tmp_path: Path) -> None:
    """R-B7: a case listing no acts names the section's rostered officers, and says so."""
    entry = entry_of(load(tmp_path, [fault()], records=[case_record(acts=False)]))
    assert entry.chain is not None and entry.chain.officers == ("郝丽娟",)
    assert entry.direct_source is DirectSource.ROSTER


def test_fault_on_a_record_without_case_file_says_so(tmp_path: Path) -> None:
    """R-B7: no case file, no section: nobody named, and the reason given."""
    entry = entry_of(load(tmp_path, [fault()], records=[penalty(published=None)]))
    assert entry.section is None and entry.chain is None
    assert "没有内部案卷" in entry.gaps[0]


def test_fault_on_a_missing_record_still_appears(tmp_path: Path) -> None:
    """R-B7: the report keeps faults it cannot attribute, with the reason."""
    entry = entry_of(load(tmp_path, [fault(record="2024-cf-0099")]))
    assert entry.record_title is None and entry.act_date is None
    assert "不存在" in entry.gaps[0]


def test_report_covers_faults_found_in_the_year(tmp_path: Path) -> None:
    """R-B7: the year is the year found, not the year of the act; sorted by date found."""
    faults = [
        fault(id="2025-gc-02", found="2025-08-01"),
        fault(id="2025-gc-01", found="2025-02-01"),
        fault(id="2024-gc-01", found="2024-12-31"),
    ]
    report = fault_report(load(tmp_path, faults), 2025)
    assert [e.fault_id for e in report.faults] == ["2025-gc-01", "2025-gc-02"]
    assert fault_report(load(tmp_path / "b", faults), 2023).faults == ()


def test_summaries_by_person_section_and_type(tmp_path: Path) -> None:
    """R-B7: by person (levels and outcomes), by section, and all eight types of Article 9."""
    records = [
        case_record(),
        case_record("2024-cf-0002", section=POWER, team=("薛志明", "程晓峰")),
    ]
    faults = [
        fault(),
        fault(
            id="2025-gc-02",
            record="2024-cf-0002",
            type="wrong_law",
            outcomes=[outcome("written_self_review", person="程晓峰")],
        ),
    ]
    report = fault_report(load(tmp_path, faults, records=records), 2025)
    people = {p.name: p for p in report.by_person}
    assert people[HEAD].named == (("2025-gc-01", Level.HEAD), ("2025-gc-02", Level.HEAD))
    assert people["郝丽娟"].named == (("2025-gc-01", Level.DIRECT),)
    assert people["郝丽娟"].outcomes == (("2025-gc-01", OutcomeKind.CRITICISM_EDUCATION),)
    assert ("2025-gc-02", Level.DIRECT) in people["程晓峰"].named
    assert [(s.section, s.fault_ids) for s in report.by_section] == [
        (COAL, ("2025-gc-01",)),
        (POWER, ("2025-gc-02",)),
    ]
    assert [t.type for t in report.by_type] == list(FaultType)
    counts = {t.type: len(t.fault_ids) for t in report.by_type}
    assert counts[FaultType.ILLEGAL_PROCEDURE] == counts[FaultType.WRONG_LAW] == 1
    assert counts[FaultType.NEGLECT] == 0


def in_memory(faults: list[dict[str, Any]], roster: dict[str, Any]) -> Content:
    """Content built without files: fast enough for a property over many dates."""
    lines = LineMap({(): 1})
    record = LoadedRecord(Record.model_validate(case_record()), Path("r.yaml"), lines)
    register = FaultRegister.model_validate({"faults": faults})
    return Content(
        root=Path("content"),
        settings=Settings(),
        records=[record],
        roster=Loaded(Roster.model_validate(roster), Path("roster.yaml"), lines),
        faults=Loaded(register, Path("faults.yaml"), lines),
    )


@given(act=st.dates(dt.date(2023, 1, 1), dt.date(2026, 5, 31)))
def test_deputy_named_is_the_one_in_post_on_the_act_day(act: dt.date) -> None:
    """R-B7 (property): whatever the act date, the deputy named is who held the post then,
    and the 2025 discovery never changes it."""
    faults = [fault(act_date=act.isoformat(), found="2026-05-31")]
    [entry] = fault_report(in_memory(faults, roster_with_coal_handover()), 2026).faults
    assert entry.chain is not None
    expected = NEW_DEPUTY if act >= HANDOVER else DEPUTY_COAL_AND_LEGAL
    assert entry.chain.deputies == (expected,)


# --- publisher faults report ------------------------------------------------------------


def fixed_clock() -> dt.datetime:
    return dt.datetime(2026, 1, 15, 2, 0, tzinfo=dt.UTC)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), obj={"clock": fixed_clock})
    return result.exit_code, result.stdout, result.stderr


def test_report_command_text_names_people_and_outcomes(tmp_path: Path) -> None:
    """R-B7: `publisher faults report --year` in 简体中文 with each level and the outcome."""
    faults = [fault(outcomes=[outcome("certificate_suspended", ground="3.1.3")])]
    suspended = [{"start": "2025-03-20", "ground": "3.1.3"}]
    root = write_bureau(
        tmp_path,
        faults,
        roster=roster_with_coal_handover(),
        officer_list=officers_with("郝丽娟", suspensions=suspended),
    )
    code, out, _ = run("faults", "report", "--year", "2025", "--content", str(root))
    assert code == 0, out
    assert "2025-gc-01" in out and "第九条(六) 违反法定程序" in out
    assert "过错行为日期：2024-09-02（按案件决定日期）" in out
    assert f"主要领导责任（分管副局长）：{DEPUTY_COAL_AND_LEGAL}" in out
    assert NEW_DEPUTY not in out
    assert "直接责任（执法人员）：杨卫东、郝丽娟" in out
    assert "郝丽娟：暂扣执法证件（2025-03-20），依据第三条(一)3" in out
    assert "二、按人员汇总" in out and "三、按科室汇总" in out
    assert "第九条(一) 不履行或拖延履行法定职责的行政失职行为：0 起" in out


def test_report_command_json(tmp_path: Path) -> None:
    """R-B7: --format json for scripts."""
    root = write_bureau(tmp_path, [fault()])
    code, out, _ = run(
        "faults", "report", "--year", "2025", "--content", str(root), "--format", "json"
    )
    assert code == 0
    payload = json.loads(out)
    assert payload["year"] == 2025
    [entry] = payload["faults"]
    assert entry["section"] == COAL
    assert entry["responsible"]["deputies"] == [DEPUTY_COAL_AND_LEGAL]
    assert entry["responsible"]["officers"] == ["杨卫东", "郝丽娟"]
    assert entry["responsible"]["officers_from"] == "acts"
    assert entry["outcomes"][0]["kind"] == "criticism_education"
    assert len(payload["by_type"]) == 8


def test_report_command_without_register_reports_none(tmp_path: Path) -> None:
    """R-B7: no faults.yaml: an empty report, exit 0."""
    root = write_bureau(tmp_path, None)
    code, out, _ = run("faults", "report", "--year", "2025", "--content", str(root))
    assert code == 0
    assert "未找到 faults.yaml" in out and "共 0 起" in out


def test_report_command_exits_1_when_content_cannot_be_loaded(tmp_path: Path) -> None:
    """R-B7: broken content (or a broken faults.yaml) gives no report, exit 1."""
    root = write_bureau(tmp_path, [fault()])
    write_yaml(root / "records" / "bad.yaml", penalty(id="2024-cf-0003", area="mars"))
    code, _, err = run("faults", "report", "--year", "2025", "--content", str(root))
    assert code == 1
    assert "bad.yaml" in err
    broken = write_bureau(tmp_path / "b", [fault(type="bribery")])
    code, _, err = run("faults", "report", "--year", "2025", "--content", str(broken))
    assert code == 1
    assert "faults.yaml" in err


def test_report_command_requires_a_year(tmp_path: Path) -> None:
    root = write_bureau(tmp_path, [fault()])
    code, _, _ = run("faults", "report", "--content", str(root))
    assert code == 2


def test_check_command_reports_register_findings(tmp_path: Path) -> None:
    """R-B7: `publisher check --scope supervision` lists the register findings."""
    root = write_bureau(tmp_path, [fault(record="2024-cf-0099")])
    code, out, _ = run(
        "check",
        "--content",
        str(root),
        "--scope",
        "supervision",
        "--as-of",
        "2026-01-15",
        "--format",
        "json",
    )
    assert code == 1
    [finding] = [f for f in json.loads(out) if f["rule"] == "R-B7"]
    assert Path(finding["file"]).name == "faults.yaml" and finding["line"] is not None
