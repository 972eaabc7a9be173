"""R-B3 whole-process record: the five stages of each case file, their dates and documents."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from publisher.cli import main
from publisher.content import Content
from publisher.findings import Finding, Severity
from publisher.loader import load_content
from publisher.model import Area, RecordType
from publisher.settings import Settings
from publisher.supervision.process import (
    DEFAULT_REQUIRED_DOCUMENTS,
    check_process,
    required_documents,
)
from tests.factories import inspection, penalty, write_content
from tests.supervision_factories import case_file, document

AS_OF = dt.date(2024, 12, 31)
PENALTY_ID = "2024-cf-0001"  # decided 2024-03-01 (a Friday), published 2024-03-06


def with_case(record: dict[str, Any]) -> dict[str, Any]:
    """`record` with a complete case file (all five stages, built-in documents)."""
    data = copy.deepcopy(record)
    data["case"] = case_file(data["id"], data["type"], data["decided"])
    return data


def stage(record: dict[str, Any], name: str) -> dict[str, Any]:
    stages: list[dict[str, Any]] = record["case"]["stages"]
    return next(entry for entry in stages if entry["stage"] == name)


def drop_stage(record: dict[str, Any], name: str) -> dict[str, Any]:
    record["case"]["stages"] = [s for s in record["case"]["stages"] if s["stage"] != name]
    return record


def load(
    root: Path, records: list[dict[str, Any]], settings: dict[str, Any] | None = None
) -> Content:
    write_content(root, records, settings)
    result = load_content(root)
    assert result.content is not None, [f.format_text() for f in result.findings]
    return result.content


def check(
    tmp_path: Path,
    records: list[dict[str, Any]],
    as_of: dt.date = AS_OF,
    settings: dict[str, Any] | None = None,
) -> list[Finding]:
    return check_process(load(tmp_path / "content", records, settings), as_of)


def line_text(finding: Finding) -> str:
    assert finding.line is not None
    return Path(finding.file).read_text(encoding="utf-8").splitlines()[finding.line - 1]


def assert_r_b3(finding: Finding, severity: Severity = Severity.ERROR) -> None:
    assert finding.rule == "R-B3"
    assert finding.severity is severity
    assert finding.message.endswith("（R-B3）")
    assert "第五条(四)1" in finding.message


# --- Complete records and scope --------------------------------------------------------------


def test_r_b3_complete_case_files_have_no_findings(tmp_path: Path) -> None:
    records = [with_case(penalty()), with_case(inspection())]
    assert check(tmp_path, records) == []


def test_r_b3_record_without_case_is_an_error_on_its_id_line(tmp_path: Path) -> None:
    [finding] = check(tmp_path, [penalty()])
    assert_r_b3(finding)
    assert "第五条(四)1 不制作执法全过程记录" in finding.message
    assert finding.record == PENALTY_ID
    assert line_text(finding).startswith("id:")


def test_r_b3_records_decided_before_supervision_since_are_not_checked(tmp_path: Path) -> None:
    settings = {"supervision": {"since": "2024-03-02"}}
    assert check(tmp_path, [penalty()], settings=settings) == []
    settings = {"supervision": {"since": "2024-03-01"}}
    assert len(check(tmp_path, [penalty()], settings=settings)) == 1


# --- Missing stages ------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "label"), [("start", "程序启动"), ("investigation", "调查取证")])
def test_r_b3_missing_early_stage_is_an_error_once_decided(
    tmp_path: Path, name: str, label: str
) -> None:
    record = drop_stage(with_case(penalty()), name)
    [finding] = check(tmp_path, [record])
    assert_r_b3(finding)
    assert f"缺少{label}（{name}）环节" in finding.message
    assert line_text(finding).strip() == "stages:"


def test_r_b3_missing_decision_stage_is_an_error_once_decided(tmp_path: Path) -> None:
    record = drop_stage(with_case(penalty()), "decision")
    [finding] = check(tmp_path, [record])
    assert "缺少审查决定（decision）环节" in finding.message


def test_r_b3_nothing_is_due_before_the_decision_date(tmp_path: Path) -> None:
    record = penalty(decided="2025-03-01", published=None)
    record["case"] = {"section": "煤矿安全监管科", "stages": []}
    assert check(tmp_path, [record], as_of=dt.date(2025, 2, 28)) == []


def test_r_b3_service_is_due_seven_working_days_after_the_decision(tmp_path: Path) -> None:
    # Decided Friday 2024-03-01: the seventh working day after it is Tuesday 2024-03-12.
    record = drop_stage(with_case(penalty(published=None)), "service")
    assert check(tmp_path, [record], as_of=dt.date(2024, 3, 12)) == []
    [finding] = check(tmp_path, [record], as_of=dt.date(2024, 3, 13))
    assert_r_b3(finding)
    assert "缺少送达执行（service）环节" in finding.message
    assert "2024-03-12" in finding.message


def test_r_b3_published_decision_must_have_been_served(tmp_path: Path) -> None:
    record = drop_stage(with_case(penalty(published="2024-03-06")), "service")
    drop_stage(record, "archive")  # dated 2024-03-11, after the days checked here
    assert check(tmp_path, [record], as_of=dt.date(2024, 3, 5)) == []
    [finding] = check(tmp_path, [record], as_of=dt.date(2024, 3, 6))
    assert "缺少送达执行（service）环节" in finding.message
    assert "2024-03-06 公示" in finding.message


def test_r_b3_missing_archive_is_a_warning_after_30_days_an_error_after_180(
    tmp_path: Path,
) -> None:
    record = drop_stage(with_case(penalty()), "archive")
    decided = dt.date(2024, 3, 1)
    assert check(tmp_path, [record], as_of=decided + dt.timedelta(days=29)) == []
    [warning] = check(tmp_path, [record], as_of=decided + dt.timedelta(days=30))
    assert_r_b3(warning, Severity.WARNING)
    assert "缺少归档管理（archive）环节" in warning.message
    [almost] = check(tmp_path, [record], as_of=decided + dt.timedelta(days=179))
    assert almost.severity is Severity.WARNING
    [error] = check(tmp_path, [record], as_of=decided + dt.timedelta(days=180))
    assert_r_b3(error)
    assert "180 天" in error.message


# --- Dates and order -----------------------------------------------------------------------


def test_r_b3_stages_out_of_legal_order_is_an_error_on_the_later_stage(tmp_path: Path) -> None:
    record = with_case(penalty())
    stage(record, "investigation")["date"] = "2024-02-05"  # before the start on 2024-02-10
    [finding] = check(tmp_path, [record])
    assert_r_b3(finding)
    assert "调查取证环节日期 2024-02-05 早于程序启动环节日期 2024-02-10" in finding.message
    assert line_text(finding).strip() == "date: '2024-02-05'"


def test_r_b3_order_is_by_date_not_by_position_in_the_file(tmp_path: Path) -> None:
    record = with_case(penalty())
    record["case"]["stages"].reverse()
    assert check(tmp_path, [record]) == []


def test_r_b3_stage_dated_after_the_as_of_date_is_an_error(tmp_path: Path) -> None:
    # On 2024-03-05 the archive stage (2024-03-11) has not happened yet.
    record = with_case(penalty(published=None))
    [finding] = check(tmp_path, [record], as_of=dt.date(2024, 3, 5))
    assert_r_b3(finding)
    assert "归档管理环节日期 2024-03-11 晚于检查日期 2024-03-05" in finding.message
    assert line_text(finding).strip() == "date: '2024-03-11'"


def test_r_b3_stage_end_before_its_start_or_after_as_of_is_an_error(tmp_path: Path) -> None:
    record = with_case(penalty())
    stage(record, "investigation")["end"] = "2024-02-14"  # starts 2024-02-15
    stage(record, "archive")["end"] = "2025-01-10"
    findings = check(tmp_path, [record])
    messages = " ".join(f.message for f in findings)
    assert len(findings) == 2
    assert "调查取证环节结束日期 2024-02-14 早于开始日期 2024-02-15" in messages
    assert "归档管理环节结束日期 2025-01-10 晚于检查日期 2024-12-31" in messages
    assert all(line_text(f).strip().startswith("end:") for f in findings)


def test_r_b3_decision_stage_not_on_the_decision_date_is_a_warning(tmp_path: Path) -> None:
    record = with_case(penalty())
    stage(record, "decision")["date"] = "2024-03-02"
    [finding] = check(tmp_path, [record])
    assert_r_b3(finding, Severity.WARNING)
    assert "decided 2024-03-01" in finding.message
    assert line_text(finding).strip() == "date: '2024-03-02'"


def test_r_b3_stage_recorded_twice_is_an_error(tmp_path: Path) -> None:
    record = with_case(penalty())
    record["case"]["stages"].append(copy.deepcopy(stage(record, "service")))
    [finding] = check(tmp_path, [record])
    assert_r_b3(finding)
    assert "送达执行环节登记了两次" in finding.message


# --- Documents -----------------------------------------------------------------------------


def test_r_b3_missing_required_document_is_an_error_per_kind(tmp_path: Path) -> None:
    record = with_case(penalty())
    stage(record, "investigation")["documents"] = []
    findings = check(tmp_path, [record])
    assert sorted(f.message.split("「")[1].split("」")[0] for f in findings) == [
        "现场检查记录",
        "询问笔录",
    ]
    for finding in findings:
        assert_r_b3(finding)
        assert "调查取证环节缺少必备文书" in finding.message
        assert "煤矿安全监管" in finding.message


def test_r_b3_missing_stage_is_one_finding_not_one_per_document(tmp_path: Path) -> None:
    record = drop_stage(with_case(penalty()), "decision")
    assert len(check(tmp_path, [record])) == 1


def test_r_b3_inspection_uses_the_inspection_template(tmp_path: Path) -> None:
    record = with_case(inspection())
    stage(record, "decision")["documents"] = [document(record["id"], "行政处罚决定书")]
    [finding] = check(tmp_path, [record])
    assert "「检查结果告知书」" in finding.message


def configured(template: dict[str, Any]) -> dict[str, Any]:
    return {"supervision": {"required_documents": template}}


def test_r_b3_configured_template_overrides_the_built_in_one_for_its_area(
    tmp_path: Path,
) -> None:
    photos = ["现场检查记录", "询问笔录", "现场照片"]
    settings = configured({"coal_mine_safety": {"penalty": {"investigation": photos}}})
    coal = with_case(penalty())
    power = with_case(penalty(id="2024-cf-0002", doc_no="青工信罚〔2024〕2号", area="power"))
    [finding] = check(tmp_path, [coal, power], settings=settings)
    assert finding.record == PENALTY_ID
    assert "「现场照片」" in finding.message


def test_r_b3_configured_empty_list_requires_nothing_other_stages_keep_defaults(
    tmp_path: Path,
) -> None:
    settings = configured({"coal_mine_safety": {"penalty": {"investigation": []}}})
    record = with_case(penalty())
    stage(record, "investigation")["documents"] = []
    stage(record, "start")["documents"] = []
    [finding] = check(tmp_path, [record], settings=settings)
    assert "「立案审批表」" in finding.message


def test_required_documents_falls_back_stage_by_stage() -> None:
    settings = Settings.model_validate(
        configured({"power": {"inspection": {"service": ["送达回证", "整改通知书"]}}})
    )
    power = required_documents(settings, Area.POWER, RecordType.INSPECTION)
    assert power["service"] == ["送达回证", "整改通知书"]
    assert power["start"] == list(DEFAULT_REQUIRED_DOCUMENTS["inspection"]["start"])
    coal = required_documents(settings, Area.COAL_MINE_SAFETY, RecordType.INSPECTION)
    assert coal["service"] == ["送达回证"]


def test_r_b3_unknown_key_in_the_configured_templates_is_an_error_on_its_line(
    tmp_path: Path,
) -> None:
    settings = configured({"coal": {"penalty": {"investigation": []}}})
    findings = check(tmp_path, [with_case(penalty())], settings=settings)
    [finding] = [f for f in findings if "coal" in f.message and "无法识别" in f.message]
    assert finding.rule == "R-B3"
    assert Path(finding.file).name == "settings.yaml"
    assert line_text(finding).strip() == "coal:"


# --- The same file registered twice --------------------------------------------------------


def test_r_b3_same_file_with_two_hashes_in_one_case_is_an_error(tmp_path: Path) -> None:
    record = with_case(penalty())
    again = {**document(PENALTY_ID, "送达回证"), "kind": "送达回证", "sha256": "0" * 64}
    stage(record, "archive")["documents"].append(again)
    [finding] = check(tmp_path, [record])
    assert_r_b3(finding)
    assert f"文件 {PENALTY_ID}/送达回证.pdf 在本案卷" in finding.message
    assert line_text(finding).strip() == f"sha256: '{'0' * 64}'"


def test_r_b3_same_file_with_the_same_hash_twice_is_fine(tmp_path: Path) -> None:
    record = with_case(penalty())
    stage(record, "archive")["documents"].append(document(PENALTY_ID, "送达回证"))
    assert check(tmp_path, [record]) == []


def test_r_b3_same_file_with_two_hashes_across_records_names_the_other(tmp_path: Path) -> None:
    first = with_case(penalty())
    second = with_case(penalty(id="2024-cf-0002", doc_no="青工信罚〔2024〕2号"))
    shared = {**document(PENALTY_ID, "卷内目录"), "sha256": "f" * 64}
    stage(second, "archive")["documents"].append(shared)
    [finding] = check(tmp_path, [first, second])
    assert finding.record == "2024-cf-0002"
    assert f"记录 {PENALTY_ID}" in finding.message


def test_r_b3_media_entries_count_for_the_same_file_rule(tmp_path: Path) -> None:
    record = with_case(penalty())
    video = {"file": f"{PENALTY_ID}/现场检查.mp4", "sha256": "a" * 64}
    stage(record, "investigation")["media"] = [video, {**video, "sha256": "b" * 64}]
    [finding] = check(tmp_path, [record])
    assert "现场检查.mp4" in finding.message


# --- Through the command line --------------------------------------------------------------


def test_r_b3_publisher_check_reports_a_missing_case_file(tmp_path: Path) -> None:
    root = write_content(tmp_path / "content", [penalty()])
    args = ["check", "--content", str(root), "--as-of", "2024-06-01", "--scope", "supervision"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert "不制作执法全过程记录" in result.stdout
    assert "R-B3" in result.stdout
