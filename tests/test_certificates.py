"""R-B2 certificates (Article 3): validity on a day at every boundary, the two-officer check of
each enforcement act (行政处罚法 第四十二条), officers.yaml consistency, and the alerts of the
internal report. All names and numbers are fictional."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from publisher.bureau import Officer
from publisher.cli import main
from publisher.content import Content
from publisher.findings import Finding, Severity
from publisher.loader import load_content
from publisher.supervision.certificates import (
    AlertKind,
    CertificateAlert,
    Invalidity,
    certificate_alerts,
    certificate_status,
    check_certificates,
    inspection_due,
)
from publisher.supervision.checks import SUPERVISION_CHECKS
from publisher.supervision.grounds import GROUND_LABEL
from tests.factories import penalty, write_content
from tests.supervision_factories import case_file, officers, write_supervision

AS_OF = dt.date(2024, 12, 31)
RECORD_ID = "2024-cf-0001"
UNEXAMINED_TEXT = GROUND_LABEL["3.1.2"]  # 第三条(一)2 持未经年检的行政执法证件进行执法活动
D = dt.date.fromisoformat

# --- Builders (this module only) -----------------------------------------------------------


def examined(first: int, last: int = 2024) -> list[dict[str, Any]]:
    """Annual inspections passed on 1 March of each year from `first` to `last`."""
    return [{"year": y, "date": f"{y}-03-01", "passed": True} for y in range(first, last + 1)]


def cert(**fields: Any) -> Officer:
    """A certificate issued 2020-01-15, valid to 2030-12-31, examined every year."""
    data: dict[str, Any] = {
        "name": "郝丽娟",
        "certificate_no": "14010019002",
        "areas": ["coal_mine_safety"],
        "valid_from": "2020-01-15",
        "valid_until": "2030-12-31",
        "annual_inspections": examined(2021, 2030),
    }
    data.update(fields)
    return Officer.model_validate(data)


def officer_list(changes: dict[str, dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """The shared in-order bureau's officers, examined only up to 2024 (no entry dated after
    the as-of dates used here), with the entries of the named officers updated."""
    listed = []
    for entry in officers():
        entry["annual_inspections"] = examined(2020)
        entry.update((changes or {}).get(entry["name"], {}))
        listed.append(entry)
    return listed


def with_case(
    record: dict[str, Any], team: tuple[str, ...] = ("杨卫东", "郝丽娟")
) -> dict[str, Any]:
    """`record` with a complete case file: an inspection 15 days before the decision and a
    service 2 days after, both by `team`."""
    data = copy.deepcopy(record)
    data["case"] = case_file(data["id"], data["type"], data["decided"], team=team)
    return data


def june_penalty(team: tuple[str, ...] = ("杨卫东", "郝丽娟")) -> dict[str, Any]:
    """Decided after the 31 March inspection deadline: acts on 2024-05-19 and 2024-06-05."""
    return with_case(penalty(decided="2024-06-03", published="2024-06-07"), team)


def load(
    tmp_path: Path,
    records: list[dict[str, Any]],
    officer_entries: list[dict[str, Any]] | None = None,
    settings: dict[str, Any] | None = None,
) -> Content:
    root = write_content(tmp_path / "content", records, settings)
    write_supervision(root, officer_list=officer_entries or officer_list())
    result = load_content(root)
    assert result.content is not None, [f.format_text() for f in result.findings]
    return result.content


def check(
    tmp_path: Path,
    records: list[dict[str, Any]],
    officer_entries: list[dict[str, Any]] | None = None,
    as_of: dt.date = AS_OF,
    settings: dict[str, Any] | None = None,
) -> list[Finding]:
    return check_certificates(load(tmp_path, records, officer_entries, settings), as_of)


def line_text(finding: Finding) -> str:
    assert finding.line is not None
    return Path(finding.file).read_text(encoding="utf-8").splitlines()[finding.line - 1]


def assert_r_b2(finding: Finding, severity: Severity = Severity.ERROR) -> None:
    assert finding.rule == "R-B2"
    assert finding.severity is severity
    assert finding.message.endswith("（R-B2）")


# --- certificate_status at its boundaries --------------------------------------------------


def test_r_b2_certificate_is_valid_from_its_issue_day() -> None:
    officer = cert()
    before = certificate_status(officer, D("2020-01-14"))
    assert not before.valid and before.reason is Invalidity.NOT_YET_ISSUED
    assert "2020-01-15" in before.describe()
    assert certificate_status(officer, D("2020-01-15")).valid


def test_r_b2_expiry_day_is_the_last_valid_day() -> None:
    officer = cert(valid_until="2030-12-31")
    assert certificate_status(officer, D("2030-12-31")).valid
    after = certificate_status(officer, D("2031-01-01"))
    assert after.reason is Invalidity.EXPIRED and after.since == D("2031-01-01")
    assert after.ground is None and "2030-12-31" in after.describe()


def test_r_b2_revocation_applies_from_its_own_day_with_its_ground() -> None:
    officer = cert(revoked="2024-06-01", revoked_ground="3.2.5")
    assert certificate_status(officer, D("2024-05-31")).valid
    status = certificate_status(officer, D("2024-06-01"))
    assert status.reason is Invalidity.REVOKED and status.ground == "3.2.5"
    assert status.since == D("2024-06-01")
    assert GROUND_LABEL["3.2.5"] in status.describe()


def test_r_b2_cancellation_without_ground_names_no_ground() -> None:
    status = certificate_status(cert(revoked="2024-06-01"), D("2024-07-01"))
    assert status.reason is Invalidity.REVOKED and status.ground is None
    assert "第三条" not in status.describe()


def test_r_b2_suspension_start_and_end_days_are_both_suspended() -> None:
    suspension = {"start": "2024-04-01", "end": "2024-04-30", "ground": "3.1.1"}
    officer = cert(suspensions=[suspension])
    assert certificate_status(officer, D("2024-03-31")).valid
    for day in ("2024-04-01", "2024-04-15", "2024-04-30"):
        status = certificate_status(officer, D(day))
        assert status.reason is Invalidity.SUSPENDED and status.ground == "3.1.1"
        assert status.since == D("2024-04-01")
        assert GROUND_LABEL["3.1.1"] in status.describe()
    assert certificate_status(officer, D("2024-05-01")).valid


def test_r_b2_open_suspension_lasts_until_the_certificate_is_returned() -> None:
    officer = cert(suspensions=[{"start": "2024-04-01", "ground": "3.1.3"}])
    status = certificate_status(officer, D("2030-01-01"))
    assert status.reason is Invalidity.SUSPENDED and "尚未发还" in status.describe()


def test_r_b2_inspection_due_day_is_still_valid_and_the_next_day_is_not() -> None:
    officer = cert(annual_inspections=examined(2021, 2023))
    assert certificate_status(officer, D("2024-03-31")).valid
    status = certificate_status(officer, D("2024-04-01"))
    assert status.reason is Invalidity.UNEXAMINED and status.ground == "3.1.2"
    assert status.since == D("2024-04-01")
    assert UNEXAMINED_TEXT in status.describe() and "2024 年度年检" in status.describe()


def test_r_b2_inspection_passed_late_makes_the_certificate_valid_from_its_date() -> None:
    late = {"year": 2024, "date": "2024-05-10", "passed": True}
    officer = cert(annual_inspections=[*examined(2021, 2023), late])
    assert certificate_status(officer, D("2024-05-09")).reason is Invalidity.UNEXAMINED
    assert certificate_status(officer, D("2024-05-10")).valid


def test_r_b2_failed_inspection_does_not_count() -> None:
    failed = {"year": 2024, "date": "2024-03-01", "passed": False}
    officer = cert(annual_inspections=[*examined(2021, 2023), failed])
    assert certificate_status(officer, D("2024-04-01")).reason is Invalidity.UNEXAMINED


def test_r_b2_first_inspection_is_due_in_the_year_after_issue() -> None:
    issue_year_entry = {"year": 2024, "date": "2024-02-01", "passed": True}
    officer = cert(valid_from="2024-01-15", annual_inspections=[issue_year_entry])
    assert certificate_status(officer, D("2024-12-31")).valid
    assert certificate_status(officer, D("2025-03-31")).valid
    assert certificate_status(officer, D("2025-04-01")).reason is Invalidity.UNEXAMINED


def test_r_b2_inspection_due_date_is_configurable() -> None:
    officer = cert(annual_inspections=examined(2021, 2023))
    assert certificate_status(officer, D("2024-04-01"), "03-31").reason is Invalidity.UNEXAMINED
    assert certificate_status(officer, D("2024-06-30"), "06-30").valid
    status = certificate_status(officer, D("2024-07-01"), "06-30")
    assert status.reason is Invalidity.UNEXAMINED and "截止 2024-06-30" in status.describe()


def test_r_b2_due_date_of_29_february_is_28_february_in_common_years() -> None:
    assert inspection_due(2024, "02-29") == D("2024-02-29")
    assert inspection_due(2025, "02-29") == D("2025-02-28")
    leap = cert(annual_inspections=examined(2021, 2023))
    assert certificate_status(leap, D("2024-02-29"), "02-29").valid
    assert certificate_status(leap, D("2024-03-01"), "02-29").reason is Invalidity.UNEXAMINED
    common = cert(annual_inspections=examined(2021, 2024))
    assert certificate_status(common, D("2025-02-28"), "02-29").valid
    status = certificate_status(common, D("2025-03-01"), "02-29")
    assert status.reason is Invalidity.UNEXAMINED and "截止 2025-02-28" in status.describe()


# --- certificate_status properties ---------------------------------------------------------

DAYS = st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2036, 12, 31))
DUE_DATES = st.sampled_from(["03-31", "06-30", "02-29", "01-01", "12-31"])


@st.composite
def suspensions(draw: st.DrawFn) -> dict[str, Any]:
    start = draw(DAYS)
    end = draw(st.none() | st.dates(min_value=start, max_value=dt.date(2036, 12, 31)))
    ground = draw(st.sampled_from(["3.1.1", "3.1.2", "3.1.3", "3.1.4", "3.1.5"]))
    data: dict[str, Any] = {"start": start.isoformat(), "ground": ground}
    if end is not None:
        data["end"] = end.isoformat()
    return data


@st.composite
def certificates(draw: st.DrawFn) -> Officer:
    valid_from = draw(DAYS)
    valid_until = draw(st.dates(min_value=valid_from, max_value=dt.date(2037, 12, 31)))
    years = draw(st.lists(st.integers(2014, 2037), unique=True, max_size=8))
    inspections = [
        {"year": y, "date": draw(DAYS).isoformat(), "passed": draw(st.booleans())} for y in years
    ]
    revoked = draw(st.none() | DAYS)
    return cert(
        valid_from=valid_from.isoformat(),
        valid_until=valid_until.isoformat(),
        annual_inspections=inspections,
        suspensions=draw(st.lists(suspensions(), max_size=2)),
        revoked=None if revoked is None else revoked.isoformat(),
    )


@settings(max_examples=300, deadline=None)
@given(certificates(), DAYS, DUE_DATES)
def test_r_b2_never_valid_outside_the_validity_period(
    officer: Officer, day: dt.date, due: str
) -> None:
    if certificate_status(officer, day, due).valid:
        assert officer.valid_from <= day <= officer.valid_until


@settings(max_examples=300, deadline=None)
@given(certificates(), DAYS, DUE_DATES)
def test_r_b2_never_valid_during_a_suspension(officer: Officer, day: dt.date, due: str) -> None:
    suspended = any(s.start <= day and (s.end is None or day <= s.end) for s in officer.suspensions)
    if suspended:
        assert not certificate_status(officer, day, due).valid


@settings(max_examples=300, deadline=None)
@given(certificates(), DUE_DATES)
def test_r_b2_valid_on_issue_day_when_nothing_else_applies(officer: Officer, due: str) -> None:
    issued = officer.valid_from
    assume(officer.revoked is None or officer.revoked > issued)
    assume(
        not any(
            s.start <= issued and (s.end is None or issued <= s.end) for s in officer.suspensions
        )
    )
    assert certificate_status(officer, issued, due).valid


@settings(max_examples=300, deadline=None)
@given(certificates(), DAYS, DUE_DATES)
def test_r_b2_invalid_status_always_says_why(officer: Officer, day: dt.date, due: str) -> None:
    status = certificate_status(officer, day, due)
    if status.valid:
        assert status.reason is None and status.describe() == "证件有效"
        return
    assert status.reason is not None and status.describe()
    if status.ground is not None:
        assert GROUND_LABEL[status.ground] in status.describe()
    if status.reason is Invalidity.UNEXAMINED:
        assert status.ground == "3.1.2"


# --- check_certificates: enforcement acts --------------------------------------------------


def test_r_b2_two_certified_officers_per_act_give_no_findings(tmp_path: Path) -> None:
    assert check(tmp_path, [june_penalty(), with_case(penalty(id="2024-cf-0002"))]) == []


def test_r_b2_check_runs_with_the_other_supervision_checks() -> None:
    assert check_certificates in SUPERVISION_CHECKS


def test_r_b2_case_without_acts_is_an_error(tmp_path: Path) -> None:
    record = june_penalty()
    record["case"]["acts"] = []
    [finding] = check(tmp_path, [record])
    assert_r_b2(finding)
    assert "未登记执法行为和执法人员" in finding.message and RECORD_ID in finding.message
    assert finding.record == RECORD_ID
    assert line_text(finding).strip().startswith("acts:")


def test_r_b2_act_with_one_officer_is_an_error_on_its_officers_line(tmp_path: Path) -> None:
    record = june_penalty()
    record["case"]["acts"][1]["officers"] = ["杨卫东"]
    [finding] = check(tmp_path, [record])
    assert_r_b2(finding)
    assert "2024-06-05 的送达只有 1 名持有效证件的执法人员" in finding.message
    assert "第四十二条" in finding.message
    assert finding.line == load(tmp_path, [record]).records[0].line_of(
        "case", "acts", 1, "officers"
    )


def test_r_b2_act_without_officers_is_an_error(tmp_path: Path) -> None:
    record = june_penalty()
    record["case"]["acts"][0]["officers"] = []
    [finding] = check(tmp_path, [record])
    assert "只有 0 名" in finding.message


def test_r_b2_one_officer_named_twice_counts_once(tmp_path: Path) -> None:
    [finding, _service] = check(tmp_path, [june_penalty(team=("杨卫东", "杨卫东"))])
    assert_r_b2(finding)
    assert "只有 1 名" in finding.message and "杨卫东：重复填写，只计一人" in finding.message


def test_r_b2_officer_not_in_officers_yaml_does_not_count(tmp_path: Path) -> None:
    findings = check(tmp_path, [june_penalty(team=("杨卫东", "任意名"))])
    assert len(findings) == 2  # one per act
    for finding in findings:
        assert_r_b2(finding)
        assert "任意名：不在 officers.yaml 的执法人员名单中" in finding.message


def test_r_b2_unexamined_certificate_names_ground_3_1_2(tmp_path: Path) -> None:
    entries = officer_list({"郝丽娟": {"annual_inspections": examined(2020, 2023)}})
    findings = check(tmp_path, [june_penalty()], entries)
    assert [f.line for f in findings] == sorted({f.line for f in findings})  # one per act
    assert len(findings) == 2
    for finding in findings:
        assert_r_b2(finding)
        assert finding.record == RECORD_ID and RECORD_ID in finding.message
        assert "郝丽娟：证件未通过 2024 年度年检" in finding.message
        assert UNEXAMINED_TEXT in finding.message and "只有 1 名" in finding.message


def test_r_b2_acts_before_the_inspection_deadline_are_fine(tmp_path: Path) -> None:
    """An act on or before 31 March needs only the previous year's inspection."""
    entries = officer_list({"郝丽娟": {"annual_inspections": examined(2020, 2023)}})
    march = with_case(penalty(decided="2024-03-15", published="2024-03-20"))
    march["case"]["acts"][1]["date"] = "2024-03-31"
    assert check(tmp_path, [march], entries) == []


def test_r_b2_configured_due_date_moves_the_deadline(tmp_path: Path) -> None:
    entries = officer_list({"郝丽娟": {"annual_inspections": examined(2020, 2023)}})
    june = {"supervision": {"annual_inspection_due": "06-30"}}
    assert check(tmp_path / "june", [june_penalty()], entries, settings=june) == []
    assert len(check(tmp_path / "default", [june_penalty()], entries)) == 2


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"suspensions": [{"start": "2024-05-01", "ground": "3.1.4"}]}, GROUND_LABEL["3.1.4"]),
        ({"revoked": "2024-05-01", "revoked_ground": "3.2.1"}, GROUND_LABEL["3.2.1"]),
        ({"valid_until": "2024-05-01"}, "证件有效期已于 2024-05-01 届满"),
        ({"valid_from": "2024-12-01", "annual_inspections": []}, "证件尚未发证"),
    ],
)
def test_r_b2_invalid_certificate_says_why(
    tmp_path: Path, change: dict[str, Any], expected: str
) -> None:
    findings = check(tmp_path, [june_penalty()], officer_list({"郝丽娟": change}))
    assert len(findings) == 2
    assert all("郝丽娟：" in f.message and expected in f.message for f in findings)


def test_r_b2_third_officer_without_certificate_is_still_an_error(tmp_path: Path) -> None:
    """Article 3: only certificate holders enforce, even beside two who hold one."""
    entries = officer_list(
        {"阎春霞": {"suspensions": [{"start": "2024-01-01", "ground": "3.1.3"}]}}
    )
    record = june_penalty()
    record["case"]["acts"][0]["officers"].append("阎春霞")
    [finding] = check(tmp_path, [record], entries)
    assert_r_b2(finding)
    assert "有不具备执法资格的人员参与" in finding.message
    assert "阎春霞：" in finding.message and GROUND_LABEL["3.1.3"] in finding.message
    assert "须至少" not in finding.message  # two others did hold valid certificates


def test_r_b2_future_acts_need_two_names_but_no_valid_certificate_yet(tmp_path: Path) -> None:
    """A planned act: its officers' certificates are judged when the day has come."""
    entries = officer_list(
        {"郝丽娟": {"suspensions": [{"start": "2024-06-04", "ground": "3.1.5"}]}}
    )
    as_of = D("2024-06-04")  # the service on 2024-06-05 is still ahead
    findings = check(tmp_path, [june_penalty()], entries, as_of=as_of)
    assert findings == []
    record = june_penalty()
    record["case"]["acts"][1]["officers"] = ["杨卫东", "无名氏"]
    [finding] = check(tmp_path, [record], entries, as_of=as_of)
    assert "2024-06-05 的送达只有 1 名" in finding.message and "无名氏" in finding.message


def test_r_b2_records_outside_the_supervision_scope_are_not_checked(tmp_path: Path) -> None:
    record = june_penalty(team=("杨卫东",))
    assert check(tmp_path, [record], settings={"supervision": {"since": "2024-06-04"}}) == []
    assert len(check(tmp_path, [record], settings={"supervision": {"since": "2024-06-03"}})) == 2


def test_r_b2_records_without_a_case_file_are_left_to_r_b3(tmp_path: Path) -> None:
    assert check(tmp_path, [penalty()]) == []


def test_r_b2_officer_outside_the_case_area_is_warned_once(tmp_path: Path) -> None:
    """程晓峰 holds a power certificate; the case is coal mine safety."""
    findings = check(tmp_path, [june_penalty(team=("杨卫东", "程晓峰"))])
    [finding] = findings
    assert_r_b2(finding, Severity.WARNING)
    assert "程晓峰 的执法证件领域为电力监管、其他，不含本案的煤矿安全监管" in finding.message
    assert line_text(finding).strip() == "- 程晓峰"


def test_r_b2_area_other_needs_no_matching_certificate_area(tmp_path: Path) -> None:
    record = with_case(penalty(area="other"), team=("杨卫东", "程晓峰"))
    assert check(tmp_path, [record]) == []


# --- check_certificates: officers.yaml ---------------------------------------------------


def officer_file_findings(tmp_path: Path, entries: list[dict[str, Any]]) -> list[Finding]:
    findings = check(tmp_path, [], entries)
    assert all(Path(f.file).name == "officers.yaml" and f.record is None for f in findings)
    return findings


def test_r_b2_repeated_officer_name_is_an_error(tmp_path: Path) -> None:
    entries = officer_list()
    entries.append({**entries[1], "certificate_no": "14010019099"})
    [finding] = officer_file_findings(tmp_path, entries)
    assert_r_b2(finding)
    lines = Path(finding.file).read_text(encoding="utf-8").splitlines()
    first, second = (n for n, text in enumerate(lines, 1) if text.strip() == "- name: 郝丽娟")
    assert finding.line == second
    assert f"姓名“郝丽娟”与第 {first} 行重复" in finding.message and "姓名须唯一" in finding.message


def test_r_b2_repeated_certificate_number_is_an_error(tmp_path: Path) -> None:
    entries = officer_list()
    entries.append({**entries[1], "name": "郝丽华"})
    [finding] = officer_file_findings(tmp_path, entries)
    assert_r_b2(finding)
    assert "证件号“14010019002”与第" in finding.message
    assert line_text(finding).strip() == "certificate_no: '14010019002'"


@pytest.mark.parametrize(
    ("change", "key", "severity", "text"),
    [
        ({"valid_until": "2018-12-31"}, "valid_until", Severity.ERROR, "早于发证日期 2019-01-15"),
        (
            {"suspensions": [{"start": "2024-05-01", "end": "2024-04-30", "ground": "3.1.1"}]},
            "end",
            Severity.ERROR,
            "暂扣结束日期 2024-04-30 早于开始日期 2024-05-01",
        ),
        (
            {"annual_inspections": [{"year": 2019, "date": "2019-06-01"}, *examined(2020)]},
            "year",
            Severity.WARNING,
            "2019 年度年检不晚于发证年度 2019",
        ),
        (
            {"annual_inspections": [*examined(2020), {"year": 2025, "date": "2025-03-01"}]},
            "date",
            Severity.WARNING,
            "年检日期 2025-03-01 晚于检查日 2024-12-31",
        ),
        ({"revoked_ground": "3.2.2"}, "revoked_ground", Severity.ERROR, "没有吊销日期 revoked"),
    ],
)
def test_r_b2_officer_entry_contradicting_itself_is_reported_on_its_line(
    tmp_path: Path, change: dict[str, Any], key: str, severity: Severity, text: str
) -> None:
    [finding] = officer_file_findings(tmp_path, officer_list({"郝丽娟": change}))
    assert_r_b2(finding, severity)
    assert finding.message.startswith("郝丽娟：") and text in finding.message
    assert line_text(finding).strip().lstrip("- ").startswith(f"{key}:")


# --- certificate_alerts --------------------------------------------------------------------

MARCH = D("2024-03-01")


def alerts(
    tmp_path: Path, changes: dict[str, dict[str, Any]], as_of: dt.date = MARCH, days: int = 60
) -> list[CertificateAlert]:
    return certificate_alerts(load(tmp_path, [], officer_list(changes)), as_of, days)


def test_r_b2_no_alerts_when_every_certificate_is_in_order(tmp_path: Path) -> None:
    assert alerts(tmp_path, {}) == []


def test_r_b2_alert_for_an_annual_inspection_due_within_the_window(tmp_path: Path) -> None:
    changes = {"郝丽娟": {"annual_inspections": examined(2020, 2023)}}
    [alert] = alerts(tmp_path, changes)
    assert (alert.name, alert.certificate_no) == ("郝丽娟", "14010019002")
    assert alert.kind is AlertKind.INSPECTION_DUE and alert.date == D("2024-03-31")
    assert "2024 年度年检截止 2024-03-31（还有 30 天）" in alert.message
    assert alert.message.endswith("（R-B2）")
    assert alert.index == 1 and alert.section == "煤矿安全监管科"
    assert alerts(tmp_path, changes, days=30) == [alert]  # the last day of the window counts
    assert alerts(tmp_path, changes, days=29) == []


def test_r_b2_no_inspection_alert_in_the_issue_year(tmp_path: Path) -> None:
    changes = {"郝丽娟": {"valid_from": "2024-01-10", "annual_inspections": []}}
    assert alerts(tmp_path, changes) == []


def test_r_b2_alert_for_a_certificate_expiring_within_the_window(tmp_path: Path) -> None:
    changes = {"杨卫东": {"valid_until": "2024-04-15"}}
    [alert] = alerts(tmp_path, changes)
    assert alert.kind is AlertKind.EXPIRING and alert.date == D("2024-04-15")
    assert "证件有效期至 2024-04-15（还有 45 天）" in alert.message
    assert alerts(tmp_path, changes, days=44) == []
    [today] = alerts(tmp_path, {"杨卫东": {"valid_until": "2024-03-01"}})
    assert today.kind is AlertKind.EXPIRING and "还有 0 天" in today.message


def test_r_b2_no_inspection_owed_after_the_certificate_expires(tmp_path: Path) -> None:
    changes = {"杨卫东": {"valid_until": "2024-03-15", "annual_inspections": examined(2020, 2023)}}
    assert [a.kind for a in alerts(tmp_path, changes)] == [AlertKind.EXPIRING]


def test_r_b2_alert_for_certificates_invalid_today_with_reason_and_ground(tmp_path: Path) -> None:
    changes = {
        "程晓峰": {"suspensions": [{"start": "2024-02-01", "ground": "3.1.3"}]},
        "石磊": {"revoked": "2023-05-01", "revoked_ground": "3.2.1", "valid_until": "2024-03-10"},
        "韩雪梅": {"valid_from": "2024-05-01", "annual_inspections": []},
    }
    found = alerts(tmp_path, changes)
    assert [(a.name, a.kind, a.date) for a in found] == [
        ("石磊", AlertKind.INVALID, D("2023-05-01")),
        ("程晓峰", AlertKind.INVALID, D("2024-02-01")),
        ("韩雪梅", AlertKind.INVALID, D("2024-05-01")),
    ]  # a revoked certificate gets no reminder that it expires soon
    revoked, suspended, not_issued = found
    assert (suspended.reason, suspended.ground) == (Invalidity.SUSPENDED, "3.1.3")
    assert GROUND_LABEL["3.1.3"] in suspended.message and "今日证件无效" in suspended.message
    assert (revoked.reason, revoked.ground) == (Invalidity.REVOKED, "3.2.1")
    assert not_issued.reason is Invalidity.NOT_YET_ISSUED and not_issued.ground is None


def test_r_b2_unexamined_certificate_is_invalid_after_the_deadline(tmp_path: Path) -> None:
    changes = {"郝丽娟": {"annual_inspections": examined(2020, 2023)}}
    [alert] = alerts(tmp_path, changes, as_of=D("2024-04-01"))
    assert alert.kind is AlertKind.INVALID and alert.date == D("2024-04-01")
    assert (alert.reason, alert.ground) == (Invalidity.UNEXAMINED, "3.1.2")
    assert UNEXAMINED_TEXT in alert.message


# --- publisher check ------------------------------------------------------------------------


def fixed_clock() -> dt.datetime:
    return dt.datetime(2024, 12, 31, 2, 0, tzinfo=dt.UTC)


def test_r_b2_check_command_reports_an_act_by_an_unexamined_officer(tmp_path: Path) -> None:
    root = write_content(tmp_path / "content", [june_penalty()])
    entries = officer_list({"郝丽娟": {"annual_inspections": examined(2020, 2023)}})
    write_supervision(root, officer_list=entries)
    result = CliRunner().invoke(
        main,
        ["check", "--content", str(root), "--as-of", "2024-12-31", "--format", "json"],
        obj={"clock": fixed_clock},
    )
    assert result.exit_code == 1, result.output
    findings = [f for f in json.loads(result.stdout) if f["rule"] == "R-B2"]
    assert len(findings) == 2
    for finding in findings:
        assert finding["severity"] == "error" and finding["record"] == RECORD_ID
        assert Path(finding["file"]).name == f"{RECORD_ID}.yaml"
        assert RECORD_ID in finding["message"] and UNEXAMINED_TEXT in finding["message"]
        assert finding["message"].endswith("（R-B2）")
