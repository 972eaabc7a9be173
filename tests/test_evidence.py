"""R-B3 evidence store: every file a case file lists is there and unaltered (Article 5(三)(四))."""

from __future__ import annotations

import copy
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from publisher.cli import main
from publisher.content import Content
from publisher.loader import load_content
from publisher.supervision.evidence import (
    Status,
    evidence_findings,
    hash_file,
    verify_store,
)
from tests.factories import inspection, penalty, write_content
from tests.supervision_factories import case_file, evidence_bytes, evidence_store, sha256_of

PENALTY_ID = "2024-cf-0001"
VIDEO = f"{PENALTY_ID}/现场检查.mp4"


def with_case(record: dict[str, Any]) -> dict[str, Any]:
    data = copy.deepcopy(record)
    data["case"] = case_file(data["id"], data["type"], data["decided"])
    return data


def records() -> list[dict[str, Any]]:
    """A penalty with a video of the site inspection, and an inspection result."""
    first = with_case(penalty())
    video = {"file": VIDEO, "sha256": sha256_of(evidence_bytes(PENALTY_ID, "现场检查"))}
    first["case"]["stages"][1]["media"] = [video]
    return [first, with_case(inspection())]


class Setup:
    def __init__(self, tmp_path: Path, data: list[dict[str, Any]] | None = None) -> None:
        self.records = data if data is not None else records()
        self.content = write_content(tmp_path / "content", self.records)
        self.store = evidence_store(tmp_path / "store", self.records)

    def loaded(self) -> Content:
        result = load_content(self.content)
        assert result.content is not None
        return result.content

    def run(self, *args: str) -> tuple[int, str, str]:
        command = ["evidence", "verify", "--store", str(self.store), "--content", str(self.content)]
        result = CliRunner().invoke(main, [*command, *args])
        return result.exit_code, result.stdout, result.stderr

    def record_file(self, record_id: str = PENALTY_ID) -> Path:
        return self.content / "records" / f"{record_id}.yaml"

    def line_of(self, text: str, record_id: str = PENALTY_ID) -> int:
        lines = self.record_file(record_id).read_text(encoding="utf-8").splitlines()
        return next(i for i, line in enumerate(lines, 1) if text in line)


@pytest.fixture
def setup(tmp_path: Path) -> Setup:
    return Setup(tmp_path)


def test_hash_file_is_the_sha256_of_the_whole_file(tmp_path: Path) -> None:
    data = bytes(range(256)) * 20_000  # several read chunks
    path = tmp_path / "录像.mp4"
    path.write_bytes(data)
    assert hash_file(path) == hashlib.sha256(data).hexdigest()


def test_r_b3_clean_store_passes(setup: Setup) -> None:
    code, out, err = setup.run()
    assert code == 0
    assert out == ""
    assert "证据存储核对通过" in err
    report = verify_store(setup.loaded(), setup.store)
    assert report.problems == []
    documents = sum(
        len(stage.get("documents", [])) + len(stage.get("media", []))
        for record in setup.records
        for stage in record["case"]["stages"]
    )
    assert len(report.entries) == documents
    assert report.unlisted == ()


def test_r_b3_one_altered_byte_is_reported_as_altered(setup: Setup) -> None:
    target = setup.store / PENALTY_ID / "询问笔录.pdf"
    data = bytearray(target.read_bytes())
    data[0] ^= 0x01
    target.write_bytes(bytes(data))
    code, out, err = setup.run()
    assert code == 1
    [line] = out.splitlines()
    where = f"{setup.record_file()}:{setup.line_of('file: ' + PENALTY_ID + '/询问笔录.pdf')}: "
    assert line.startswith(where)
    assert "第五条(四)3" in line
    assert sha256_of(bytes(data)) in line
    assert sha256_of(evidence_bytes(PENALTY_ID, "询问笔录")) in line
    assert line.endswith("（R-B3）")
    assert "被修改 1 个" in err


def test_r_b3_deleted_file_is_reported_as_missing(setup: Setup) -> None:
    (setup.store / PENALTY_ID / "送达回证.pdf").unlink()
    code, out, err = setup.run()
    assert code == 1
    [line] = out.splitlines()
    assert f"{PENALTY_ID}/送达回证.pdf" in line
    assert "第五条(四)4" in line
    assert "送达执行环节" in line
    assert "缺失 1 个" in err


def test_r_b3_altered_media_is_reported(setup: Setup) -> None:
    (setup.store / VIDEO).write_bytes(b"edited video")
    report = verify_store(setup.loaded(), setup.store)
    [entry] = report.problems
    assert entry.status is Status.ALTERED
    assert entry.kind == "音像记录"
    assert entry.file == VIDEO
    assert entry.actual == sha256_of(b"edited video")


@pytest.mark.parametrize(
    "name",
    ["../outside.pdf", f"{PENALTY_ID}/../../outside.pdf", "/etc/hostname", "C:/案卷/x.pdf"],
)
def test_r_b3_path_leaving_the_store_is_refused(tmp_path: Path, name: str) -> None:
    data = records()
    outside = tmp_path / "outside.pdf"
    outside.write_bytes(b"not evidence")
    data[0]["case"]["stages"][0]["documents"][0]["file"] = name
    setup = Setup(tmp_path, data)
    report = verify_store(setup.loaded(), setup.store)
    [entry] = report.problems
    assert entry.status is Status.REFUSED
    assert entry.actual is None
    [finding] = evidence_findings(report)
    assert "越出证据存储" in finding.message
    assert finding.line == setup.line_of(name)
    code, _out, _err = setup.run()
    assert code == 1


def test_r_b3_symlink_out_of_the_store_is_refused(setup: Setup, tmp_path: Path) -> None:
    target = setup.store / PENALTY_ID / "立案审批表.pdf"
    outside = tmp_path / "elsewhere.pdf"
    outside.write_bytes(target.read_bytes())
    target.unlink()
    target.symlink_to(outside)
    [entry] = verify_store(setup.loaded(), setup.store).problems
    assert entry.status is Status.REFUSED


def test_r_b3_unlisted_files_are_information_only(setup: Setup) -> None:
    (setup.store / "2023" / "旧案").mkdir(parents=True)
    (setup.store / "2023" / "旧案" / "询问笔录.pdf").write_bytes(b"old")
    (setup.store / ".snapshot").mkdir()
    (setup.store / ".snapshot" / "x").write_bytes(b"storage system")
    code, out, err = setup.run()
    assert code == 0
    assert out == ""
    assert "2023/旧案/询问笔录.pdf 未被任何案卷登记" in err
    assert ".snapshot" not in err
    assert verify_store(setup.loaded(), setup.store).unlisted == ("2023/旧案/询问笔录.pdf",)


def test_r_b3_json_report_lists_every_entry_with_its_status(setup: Setup) -> None:
    (setup.store / PENALTY_ID / "送达回证.pdf").unlink()
    (setup.store / "extra.pdf").write_bytes(b"x")
    code, out, _err = setup.run("--format", "json")
    assert code == 1
    report = json.loads(out)
    assert report["counts"]["missing"] == 1
    assert report["counts"]["altered"] == 0
    assert report["counts"]["unlisted"] == 1
    [missing] = [e for e in report["entries"] if e["status"] == "missing"]
    assert missing["record"] == PENALTY_ID
    assert missing["file"] == f"{PENALTY_ID}/送达回证.pdf"
    assert missing["expected"] == sha256_of(evidence_bytes(PENALTY_ID, "送达回证"))
    assert missing["actual"] is None
    assert missing["line"] == setup.line_of(f"file: {PENALTY_ID}/送达回证.pdf")
    assert report["unlisted"] == ["extra.pdf"]


def test_r_b3_a_file_listed_twice_is_read_once_and_reported_for_each_entry(
    tmp_path: Path,
) -> None:
    data = records()
    stages = data[0]["case"]["stages"]
    stages[4]["documents"].append(copy.deepcopy(stages[3]["documents"][0]))
    setup = Setup(tmp_path, data)
    (setup.store / PENALTY_ID / "送达回证.pdf").write_bytes(b"replaced")
    problems = verify_store(setup.loaded(), setup.store).problems
    assert [p.stage for p in problems] == ["送达执行", "归档管理"]


def test_r_b3_missing_store_is_a_usage_error(setup: Setup, tmp_path: Path) -> None:
    args = ["evidence", "verify", "--store", str(tmp_path / "nowhere")]
    result = CliRunner().invoke(main, [*args, "--content", str(setup.content)])
    assert result.exit_code == 2


def test_evidence_hash_prints_lines_to_paste_into_a_case_file(tmp_path: Path) -> None:
    first, second = tmp_path / "询问笔录.pdf", tmp_path / "现场检查.mp4"
    first.write_bytes(b"a")
    second.write_bytes(b"b")
    result = CliRunner().invoke(main, ["evidence", "hash", str(first), str(second)])
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        f"{sha256_of(b'a')}  {first}",
        f"{sha256_of(b'b')}  {second}",
    ]


def test_evidence_hash_of_a_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["evidence", "hash", str(tmp_path / "none.pdf")])
    assert result.exit_code == 2
