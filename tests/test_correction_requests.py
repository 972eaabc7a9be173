"""R-A7: the correction-request register, its working-day deadline (R-A11), the checks, the
status and report views, the record page's "how to ask" section, and that nothing of the
register reaches a carrier.

All names, numbers and addresses are fictional. The requester's fields hold letters-only
canaries, so no masking changes them and any copy in the output is found.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from factories import inspection, penalty, write_content, write_yaml

from publisher.build import BuildOptions, build_site
from publisher.bureau import Bureau
from publisher.checks import run_checks
from publisher.cli import main
from publisher.content import Content
from publisher.correction_requests import (
    CorrectionRequest,
    RequestStatus,
    register_on,
    request_deadline,
    status_on,
)
from publisher.findings import Finding, Severity
from publisher.loader import load_content
from publisher.public import correction_how_to
from publisher.settings import Deadlines, Settings
from publisher.workdays import WorkCalendar

PROJECT = Path(__file__).resolve().parent.parent
SITE_URL = "https://www.example.gov.cn/gxj/zfgs"
D = dt.date.fromisoformat

# What the register holds about the requester: never public, never in a check message.
PRIVATE = {
    "requester": "canaryrequesterzq",
    "contact": "canarycontactzq",
    "claim": "canaryclaimzq",
    "evidence": "canaryevidencezq",
    "decision": "canarydecisionzq",
    "notes": "canarynoteszq",
}


def request(**overrides: Any) -> dict[str, Any]:
    """A valid pending request as YAML data; top-level keys replaced by `overrides`."""
    data: dict[str, Any] = {
        "id": "2026-sq-0001",
        "received": "2026-09-30",
        "record": "2024-cf-0001",
        "requester": PRIVATE["requester"],
        "contact": PRIVATE["contact"],
        "claim": PRIVATE["claim"],
        "evidence": {"description": PRIVATE["evidence"]},
        "notes": PRIVATE["notes"],
    }
    data.update(overrides)
    return data


def decided(status: str, day: str, **overrides: Any) -> dict[str, Any]:
    return request(status=status, decided=day, decision=PRIVATE["decision"], **overrides)


def write_register(
    root: Path,
    requests: list[dict[str, Any]],
    records: list[dict[str, Any]] | None = None,
    settings: dict[str, Any] | None = None,
    names: list[str] | None = None,
) -> Path:
    """A content folder with the records (default: a penalty and an inspection) and one file
    per request (named after its id unless `names` says otherwise)."""
    write_content(root, records if records is not None else [penalty(), inspection()], settings)
    for index, data in enumerate(requests):
        name = names[index] if names else data["id"]
        write_yaml(root / "correction_requests" / f"{name}.yaml", data)
    return root


def load(root: Path) -> Content:
    result = load_content(root)
    assert result.content is not None, [f.format_text() for f in result.findings]
    return result.content


def r_a7(root: Path, as_of: str) -> list[Finding]:
    return [f for f in run_checks(load(root), D(as_of)) if f.rule == "R-A7"]


def line_of(path: Path, start: str, after: int = 0) -> int:
    """The 1-based line of `path` starting with `start` (ignoring indentation and a list
    item's dash), the first one after line `after`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(
        n for n, line in enumerate(lines, 1) if n > after and line.lstrip(" -").startswith(start)
    )


def three_workdays() -> dict[str, Any]:
    return {"deadlines": {"correction_request_workdays": 3}}


# --- the deadline (R-A7 on the R-A11 calendar) --------------------------------------------------


@pytest.mark.parametrize(
    ("received", "workdays", "due"),
    [
        # National Day 1–7 October is skipped; Saturday 10 October is a 调休 working day.
        ("2026-09-30", 3, "2026-10-10"),
        ("2026-09-30", 2, "2026-10-09"),
        # Labour Day 1–5 May is skipped (Friday 1 May and Monday 4, Tuesday 5 are holidays).
        ("2026-04-30", 1, "2026-05-06"),
        # Saturday 9 May 2026 is a 调休 working day: the deadline may fall on a Saturday.
        ("2026-05-08", 1, "2026-05-09"),
        # Qingming: Monday 6 April 2026 is a holiday.
        ("2026-04-03", 1, "2026-04-07"),
        # The default 20 working days.
        ("2026-10-29", 20, "2026-11-26"),
    ],
)
def test_r_a7_deadline_counts_working_days_after_the_day_of_receipt(
    received: str, workdays: int, due: str
) -> None:
    settings = Settings(deadlines=Deadlines(correction_request_workdays=workdays))
    model = CorrectionRequest.model_validate(request(received=received))
    assert request_deadline(model, settings, WorkCalendar()).date == D(due)


def test_r_a7_default_deadline_is_20_working_days() -> None:
    assert Settings().deadlines.correction_request_workdays == 20


def test_r_a7_deadline_uses_the_bureaus_holiday_file(tmp_path: Path) -> None:
    """R-A11: 2027 is not in the packaged calendar; the bureau's file decides."""
    root = write_register(tmp_path / "content", [request(received="2027-09-30")])
    write_yaml(
        root / "holidays" / "2027.yaml",
        {"year": 2027, "holidays": [{"start": "2027-10-01", "end": "2027-10-07"}],
         "workdays": ["2027-10-09"]},
    )  # fmt: skip
    content = load(root)
    settings = Settings(deadlines=Deadlines(correction_request_workdays=2))
    (state,) = register_on(
        content.correction_requests, settings, content.calendar(), D("2027-10-01")
    )
    assert state.due.date == D("2027-10-09")  # Friday 8th, then the 调休 Saturday 9th
    assert state.due.missing_years == frozenset()


def test_r_a7_a_deadline_in_a_year_without_holiday_data_is_reported(tmp_path: Path) -> None:
    """R-A11: counted Monday–Friday, and the missing year is named once."""
    root = write_register(tmp_path / "content", [request(received="2027-12-20")])
    findings = run_checks(load(root), D("2027-12-21"))
    missing = [f for f in findings if f.rule == "R-A11"]
    years = [m.group(1) for f in missing if (m := re.search(r"缺少 (\d{4}) 年", f.message))]
    assert sorted(years) == ["2027", "2028"]


def test_r_a7_overdue_from_the_day_after_the_deadline(tmp_path: Path) -> None:
    root = write_register(tmp_path / "content", [request()], settings=three_workdays())
    assert r_a7(root, "2026-10-10") == []  # the last day: still in time
    (finding,) = r_a7(root, "2026-10-11")
    path = root / "correction_requests" / "2026-sq-0001.yaml"
    assert finding.severity is Severity.WARNING
    assert "逾期" in finding.message and "2026-10-10" in finding.message
    assert finding.file == str(path) and finding.line == line_of(path, "received:")
    assert finding.record == "2024-cf-0001"
    assert r_a7(root, "2026-09-29") == []  # not received yet on that day


def test_r_a7_decided_on_the_deadline_is_in_time_and_the_next_day_is_late(tmp_path: Path) -> None:
    root = tmp_path / "in-time"
    write_register(root, [decided("rejected", "2026-10-10")], settings=three_workdays())
    assert r_a7(root, "2026-11-28") == []
    late = tmp_path / "late"
    write_register(late, [decided("rejected", "2026-10-12")], settings=three_workdays())
    (finding,) = r_a7(late, "2026-11-28")
    assert finding.severity is Severity.WARNING and "晚于办理期限" in finding.message
    path = late / "correction_requests" / "2026-sq-0001.yaml"
    assert finding.line == line_of(path, "decided:")


def test_r_a7_a_request_is_pending_until_its_decision_date() -> None:
    model = CorrectionRequest.model_validate(decided("rejected", "2026-10-12"))
    assert status_on(model, D("2026-09-29")) is None
    assert status_on(model, D("2026-10-11")) is RequestStatus.PENDING
    assert status_on(model, D("2026-10-12")) is RequestStatus.REJECTED


# --- the register's own errors ------------------------------------------------------------------


def test_r_a7_the_requested_record_must_exist(tmp_path: Path) -> None:
    root = write_register(tmp_path / "content", [request(record="2024-cf-0404")])
    (finding,) = r_a7(root, "2026-10-01")
    path = root / "correction_requests" / "2026-sq-0001.yaml"
    assert finding.severity is Severity.ERROR and "2024-cf-0404" in finding.message
    assert finding.line == line_of(path, "record:")


def test_r_a7_decided_before_received_is_an_error(tmp_path: Path) -> None:
    root = write_register(tmp_path / "content", [decided("rejected", "2026-09-29")])
    (finding,) = r_a7(root, "2026-11-28")
    assert finding.severity is Severity.ERROR and "早于收到申请的日期" in finding.message


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (request(status="pending", decided="2026-10-09"), "待办理"),
        (request(status="accepted", decision="核实后予以更正"), "须填写办结日期"),
        (request(status="rejected", decided="2026-10-09"), "须填写办理结果"),
        (request(status="partly_accepted", decided="2026-10-09"), "须填写办理结果"),
    ],
)
def test_r_a7_status_decided_and_decision_must_agree(
    tmp_path: Path, data: dict[str, Any], text: str
) -> None:
    root = write_register(tmp_path / "content", [data])
    errors = [f for f in r_a7(root, "2026-11-28") if f.severity is Severity.ERROR]
    assert len(errors) == 1 and text in errors[0].message


def test_r_a7_a_withdrawn_request_needs_a_date_but_no_decision(tmp_path: Path) -> None:
    root = write_register(tmp_path / "content", [request(status="withdrawn", decided="2026-10-09")])
    assert r_a7(root, "2026-11-28") == []


def test_r_a7_request_ids_are_unique_and_match_the_file_name(tmp_path: Path) -> None:
    root = write_register(
        tmp_path / "content", [request(), request()], names=["2026-sq-0001", "copy"]
    )
    findings = r_a7(root, "2026-10-01")
    copy = str(root / "correction_requests" / "copy.yaml")
    assert {(f.file, f.severity) for f in findings} == {
        (copy, Severity.ERROR),
        (copy, Severity.WARNING),
    }
    duplicate = next(f for f in findings if f.severity is Severity.ERROR)
    assert "重复" in duplicate.message and "2026-sq-0001" in duplicate.message


def test_r_a7_a_request_without_evidence_is_a_schema_error_that_never_stops_the_build(
    tmp_path: Path,
) -> None:
    """The register is internal: its errors are reported by `publisher check`, but the build
    goes on, so expired and withdrawn records still leave the site (R-A4, R-A5)."""
    root = write_register(tmp_path / "content", [request(evidence={"files": []})])
    result = load_content(root)
    assert result.content is not None and result.findings == []
    (finding,) = result.supervision_findings
    assert finding.rule == "R-A7" and finding.severity is Severity.ERROR
    assert finding.line == line_of(root / "correction_requests" / "2026-sq-0001.yaml", "evidence:")


def test_r_a7_evidence_may_be_files_only(tmp_path: Path) -> None:
    files = {"files": ["correction_requests/2026-sq-0001/说明.pdf"]}
    root = write_register(tmp_path / "content", [request(evidence=files)])
    assert r_a7(root, "2026-10-01") == []


# --- corrections that answer requests -----------------------------------------------------------


def corrected(request_id: str = "2026-sq-0001", **entry: Any) -> dict[str, Any]:
    """The penalty with one correction entry linking `request_id`."""
    correction = {
        "date": "2026-10-12",
        "fields": ["party.legal_rep"],
        "summary": "更正法定代表人姓名",
        "reason": "当事人提交营业执照，经核实公示的姓名有误",
        "request": request_id,
        **entry,
    }
    return penalty(corrections=[correction])


def correction_line(root: Path, key: str) -> int:
    path = root / "records" / "2024-cf-0001.yaml"
    return line_of(path, key, after=line_of(path, "corrections:"))


def test_r_a7_an_accepted_request_wants_its_correction_entry(tmp_path: Path) -> None:
    root = tmp_path / "content"
    write_register(root, [decided("accepted", "2026-10-09")])
    (finding,) = r_a7(root, "2026-11-28")
    assert finding.severity is Severity.WARNING and "request: 2026-sq-0001" in finding.message
    path = root / "correction_requests" / "2026-sq-0001.yaml"
    assert finding.line == line_of(path, "status:")
    # Done: the correction entry on that record links the request.
    write_register(root, [decided("accepted", "2026-10-09")], records=[corrected(), inspection()])
    assert r_a7(root, "2026-11-28") == []
    # A correction dated after the as-of date is not made yet on that day.
    assert len(r_a7(root, "2026-10-10")) == 1


def test_r_a7_a_partly_accepted_request_may_be_linked(tmp_path: Path) -> None:
    root = write_register(
        tmp_path / "content", [decided("partly_accepted", "2026-10-09")], records=[corrected()]
    )
    assert r_a7(root, "2026-11-28") == []


def test_r_a7_a_correction_must_link_an_existing_request(tmp_path: Path) -> None:
    root = write_register(tmp_path / "content", [], records=[corrected("2026-sq-0404")])
    (finding,) = r_a7(root, "2026-11-28")
    assert finding.severity is Severity.ERROR and "2026-sq-0404" in finding.message
    assert finding.record == "2024-cf-0001" and finding.line == correction_line(root, "request:")


@pytest.mark.parametrize("status", ["pending", "rejected", "withdrawn"])
def test_r_a7_a_correction_must_link_an_accepted_request(tmp_path: Path, status: str) -> None:
    data = request() if status == "pending" else decided(status, "2026-10-09")
    root = write_register(tmp_path / "content", [data], records=[corrected()])
    errors = [f for f in r_a7(root, "2026-10-09") if f.severity is Severity.ERROR]
    assert len(errors) == 1 and status in errors[0].message
    assert errors[0].line == correction_line(root, "request:")


def test_r_a7_a_correction_must_link_a_request_about_its_own_record(tmp_path: Path) -> None:
    other = decided("accepted", "2026-10-09", record="2024-jc-0001")
    root = write_register(tmp_path / "content", [other], records=[corrected(), inspection()])
    findings = r_a7(root, "2026-11-28")
    errors = [f for f in findings if f.severity is Severity.ERROR]
    assert len(errors) == 1 and "2024-jc-0001" in errors[0].message
    # …and the request about the inspection still waits for its correction.
    assert [f.record for f in findings if f.severity is Severity.WARNING] == ["2024-jc-0001"]


def test_r_a7_a_correction_cannot_precede_the_request(tmp_path: Path) -> None:
    root = write_register(
        tmp_path / "content",
        [decided("accepted", "2026-10-09")],
        records=[corrected(date="2026-09-29")],
    )
    (finding,) = r_a7(root, "2026-11-28")
    assert (
        finding.severity is Severity.ERROR
        and "早于更正申请 2026-sq-0001 的收到日期" in finding.message
    )
    assert finding.line == correction_line(root, "date:")


def test_r_a7_a_linked_correction_cannot_say_it_was_not_requested(tmp_path: Path) -> None:
    root = write_register(
        tmp_path / "content",
        [decided("accepted", "2026-10-09")],
        records=[corrected(public_request=False)],
    )
    (finding,) = r_a7(root, "2026-11-28")
    assert finding.severity is Severity.WARNING and "public_request" in finding.message
    assert finding.line == correction_line(root, "public_request:")


def test_r_a7_findings_never_name_the_requester_or_the_claim(tmp_path: Path) -> None:
    requests = [
        request(record="2024-cf-0404"),
        decided("rejected", "2026-09-01", id="2026-sq-0002"),
        decided("accepted", "2026-12-01", id="2026-sq-0003"),
        request(id="2026-sq-0003"),
    ]
    root = write_register(tmp_path / "content", requests, names=["a", "b", "c", "d"])
    findings = run_checks(load(root), D("2026-12-31"))
    assert {f.rule for f in findings} >= {"R-A7"}
    text = "\n".join(f.format_text() for f in findings)
    assert [value for value in PRIVATE.values() if value in text] == []


def test_r_a7_an_error_fails_publisher_check(tmp_path: Path) -> None:
    root = write_register(tmp_path / "content", [request(record="2024-cf-0404")])
    args = ["check", "--content", str(root), "--as-of", "2026-10-01", "--scope", "publication"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert "R-A7" in result.stdout and "2024-cf-0404" in result.stdout


# --- publisher status ---------------------------------------------------------------------------


def status_requests() -> list[dict[str, Any]]:
    return [
        request(id="2026-sq-0001", received="2026-10-29"),  # due 26 November: overdue
        request(id="2026-sq-0002", received="2026-11-20", record="2024-jc-0001"),  # due 18 Dec
        decided("rejected", "2026-11-02", id="2026-sq-0003", received="2026-10-20"),
        request(id="2026-sq-0004", received="2026-12-01"),  # not received yet
    ]


def test_r_a7_status_lists_pending_requests_with_deadlines_and_overdue(tmp_path: Path) -> None:
    root = write_register(tmp_path / "content", status_requests())
    result = CliRunner().invoke(main, ["status", "--content", str(root), "--as-of", "2026-11-28"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    start = lines.index("待办理的更正申请（R-A7）：2 件，其中已逾期 1 件")
    first, second = lines[start + 1], lines[start + 2]
    assert first.split() == ["2026-sq-0001", "记录", "2024-cf-0001", "收到", "2026-10-29",
                             "办理期限", "2026-11-26", "已逾期"]  # fmt: skip
    assert second.split() == ["2026-sq-0002", "记录", "2024-jc-0001", "收到", "2026-11-20",
                              "办理期限", "2026-12-18"]  # fmt: skip
    assert "2026-sq-0003" not in result.stdout and "2026-sq-0004" not in result.stdout
    assert [value for value in PRIVATE.values() if value in result.stdout] == []


def test_r_a7_status_says_when_nothing_is_pending(tmp_path: Path) -> None:
    root = write_register(tmp_path / "content", [decided("rejected", "2026-10-09")])
    result = CliRunner().invoke(main, ["status", "--content", str(root), "--as-of", "2026-11-28"])
    assert "待办理的更正申请（R-A7）：无" in result.stdout.splitlines()


# --- the internal report ------------------------------------------------------------------------


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_r_a7_internal_report_shows_overdue_pending_and_decided(tmp_path: Path) -> None:
    requests = [
        *status_requests(),
        decided("accepted", "2026-11-10", id="2026-sq-0005", received="2026-11-02"),
    ]
    root = write_register(tmp_path / "content", requests, records=[corrected("2026-sq-0005")])
    out = tmp_path / "internal"
    args = ["report", "--content", str(root), "--output", str(out), "--as-of", "2026-11-28"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    page = soup(out / "correction_requests.html")
    overdue = [row.get_text(" ", strip=True) for row in page.select("#overdue tbody tr")]
    pending = [row.get_text(" ", strip=True) for row in page.select("#pending tbody tr")]
    done = [row.get_text(" ", strip=True) for row in page.select("#decided tbody tr")]
    assert len(overdue) == 1 and "2026-sq-0001" in overdue[0] and "2026年11月26日" in overdue[0]
    assert len(pending) == 1 and "2026-sq-0002" in pending[0] and "2026年12月18日" in pending[0]
    assert [row.split()[0] for row in done] == ["2026-sq-0005", "2026-sq-0003"]  # newest first
    assert "已更正（2026年10月12日）" in done[0] and "不予更正" in done[1]
    assert PRIVATE["requester"] in overdue[0] and PRIVATE["claim"] in overdue[0]  # internal
    # Each request links to its file and line.
    path = root / "correction_requests" / "2026-sq-0001.yaml"
    label = f"content/correction_requests/2026-sq-0001.yaml:{line_of(path, 'id:')}"
    link = page.select_one("#overdue tbody tr a")
    assert link is not None and link.get_text(strip=True) == label
    assert link["href"] == f"vscode://file{path.resolve().as_posix()}:{line_of(path, 'id:')}"
    index = soup(out / "index.html").get_text(" ", strip=True)
    assert "待办理的更正申请 2 其中已逾期 1 件" in index
    assert "尚未建立" not in page.get_text() + index


# --- the public site ----------------------------------------------------------------------------

CHANNELS = {
    "phone": "0351-6012388",
    "email": "gengzheng@example.gov.cn",
    "address": "青崖县府前街8号 政策法规科",
    "hours": "工作日 8:30—12:00、14:30—17:30",
    "form_url": "https://www.example.gov.cn/gxj/hdjl/gengzheng/",
}
NOTICE_EXPLANATION = "经县人民政府行政复议，原处罚决定认定事实不清，予以撤销。"


def site_content(root: Path) -> Path:
    """A published penalty corrected on an accepted request (no `public_request` key), an
    inspection with an overdue request, a rejected request and a withdrawn record."""
    withdrawn = penalty(
        id="2024-cf-0002",
        doc_no="青工信罚〔2024〕2号",
        title="关于青崖县撤销示例商贸有限公司的行政处罚决定",
        withdrawal={"act": "revoked", "date": "2025-01-10", "recorded": "2025-01-13",
                    "explanation": NOTICE_EXPLANATION},
    )  # fmt: skip
    requests = [
        decided("accepted", "2026-10-09", id="zq-request-accepted"),
        decided("rejected", "2026-10-20", id="zq-request-rejected", received="2026-10-12"),
        request(id="zq-request-pending", received="2026-10-20", record="2024-jc-0001"),
    ]
    settings = {"correction_requests": CHANNELS, "deadlines": {"correction_request_workdays": 15}}
    records = [corrected("zq-request-accepted"), inspection(), withdrawn]
    return write_register(root, requests, records=records, settings=settings)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("requests-site")
    content = site_content(base / "content")
    options = BuildOptions(
        content, base / "public", D("2026-11-28"), PROJECT / "pelicanconf.py", SITE_URL
    )
    assert build_site(options) == 0
    return base / "public"


def how_to_section(page: Path) -> Any:
    heading = soup(page).find("h2", string="申请更正")
    return None if heading is None else heading.find_parent("section")


@pytest.mark.parametrize("record_id", ["2024-cf-0001", "2024-jc-0001"])
def test_r_a7_every_record_page_says_how_to_ask_for_a_correction(
    site: Path, record_id: str
) -> None:
    section = how_to_section(site / "records" / record_id / "index.html")
    assert section is not None
    heading = section.find("h2")
    assert section["aria-labelledby"] == heading["id"]
    text = re.sub(r"\s+", " ", section.get_text(" "))
    assert "公民、法人或者其他组织有证据证明本页公示信息不准确的" in text
    assert "青崖县工业和信息化局" in text and "15 个工作日" in text
    for key in ("phone", "email", "address", "hours"):
        assert CHANNELS[key] in text, key
    assert section.find("a", href=f"tel:{CHANNELS['phone']}") is not None
    assert section.find("a", href=f"mailto:{CHANNELS['email']}") is not None
    assert section.find("a", href=CHANNELS["form_url"]) is not None
    rules = section.find("a", string="公示规则")
    assert rules is not None and (site / "records" / record_id / rules["href"]).resolve().is_file()


def test_r_a7_a_withdrawal_notice_does_not_invite_correction_requests(site: Path) -> None:
    page = site / "records" / "2024-cf-0002" / "index.html"
    assert NOTICE_EXPLANATION in soup(page).get_text()  # the notice itself is there
    assert how_to_section(page) is None
    assert CHANNELS["form_url"] not in page.read_text(encoding="utf-8")


def test_r_a7_a_correction_linked_to_a_request_is_marked_as_requested(site: Path) -> None:
    page = soup(site / "records" / "2024-cf-0001" / "index.html")
    date = page.select_one(".corrections .correction-date")
    assert date is not None and "依申请更正" in date.get_text()
    records = json.loads((site / "data" / "records.json").read_text(encoding="utf-8"))
    (record,) = [r for r in records if r["id"] == "2024-cf-0001"]
    (correction,) = record["corrections"]
    assert correction["public_request"] is True and "request" not in correction


def public_texts(site: Path) -> dict[str, str]:
    """Every output file as text; the search index's compressed files decompressed."""
    texts = {}
    for path in sorted(site.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if data[:2] == b"\x1f\x8b":
                data = gzip.decompress(data)
            texts[path.relative_to(site).as_posix()] = data.decode("utf-8", errors="replace")
    return texts


def test_r_a7_nothing_of_the_register_reaches_any_public_file(site: Path) -> None:
    """R-A8 and RULES.md C: requester, contact, claim, evidence, decision, notes and the
    request ids appear nowhere in the public output: pages, feeds, open data, sitemap, search."""
    texts = public_texts(site)
    assert {"data/records.json", "data/records.csv", "feeds/atom.xml", "sitemap.xml"} <= set(texts)
    forbidden = [*PRIVATE.values(), "zq-request-"]
    leaks = [(name, value) for name, body in texts.items() for value in forbidden if value in body]
    assert leaks == []


def test_r_a7_channels_fall_back_to_the_bureaus_supervision_channels() -> None:
    bureau = Bureau.model_validate(
        {
            "subject": {"name": "青崖县工业和信息化局", "legal_status": "县人民政府工作部门。"},
            "duties": ["负责全县煤矿安全生产监督管理。"],
            "authorities": [{"name": "煤矿安全检查", "kind": "行政检查", "basis": "《安全生产法》"}],
            "legal_bases": [{"title": "中华人民共和国安全生产法"}],
            "procedures": [{"name": "行政检查程序", "steps": [{"name": "检查"}]}],
            "supervision": {"phone": "0351-6012399", "email": "jiandu@example.gov.cn"},
            "remedies": [{"kind": "行政复议", "organ": "青崖县人民政府", "deadline": "六十日内"}],
        }
    )  # fmt: skip
    fallback = correction_how_to(Settings(), bureau)
    assert (fallback.phone, fallback.email, fallback.address) == (
        "0351-6012399",
        "jiandu@example.gov.cn",
        "",
    )
    assert fallback.workdays == 20 and fallback.has_channels
    # The bureau's own channels replace the supervision ones as a block; the form is added.
    own = Settings.model_validate({"correction_requests": {"email": "gz@example.gov.cn",
                                                           "form_url": CHANNELS["form_url"]}})  # fmt: skip
    chosen = correction_how_to(own, bureau)
    assert (chosen.phone, chosen.email, chosen.form_url) == (
        "",
        "gz@example.gov.cn",
        CHANNELS["form_url"],
    )
    # A form address alone keeps the supervision channels.
    form_only = Settings.model_validate({"correction_requests": {"form_url": CHANNELS["form_url"]}})
    assert correction_how_to(form_only, bureau).phone == "0351-6012399"
    # Nothing to show without either.
    assert not correction_how_to(Settings(), None).has_channels


def test_r_a7_a_form_address_must_be_a_web_address() -> None:
    with pytest.raises(ValueError):
        Settings.model_validate({"correction_requests": {"form_url": "javascript:alert(1)"}})


def test_r_a7_the_demo_register_tells_its_three_stories() -> None:
    """The demo: 2025-sq-0001 accepted and linked from 2025-cf-0006, 2026-sq-0001 rejected,
    2026-sq-0002 pending and overdue on 2026-11-28."""
    content = load(PROJECT / "content")
    states = {
        s.request.id: s
        for s in register_on(
            content.correction_requests, content.settings, content.calendar(), D("2026-11-28")
        )
    }
    assert states["2025-sq-0001"].status is RequestStatus.ACCEPTED
    assert states["2026-sq-0001"].status is RequestStatus.REJECTED
    assert states["2026-sq-0002"].overdue
    linked = next(r for r in content.records if r.record.id == "2025-cf-0006").record.corrections
    assert [c.request for c in linked] == ["2025-sq-0001"]
    findings = [f for f in run_checks(content, D("2026-11-28")) if f.rule == "R-A7"]
    assert [(Path(f.file).name, f.severity) for f in findings] == [
        ("2026-sq-0002.yaml", Severity.WARNING)
    ]
