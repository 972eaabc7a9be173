"""R-B3: case files and evidence entries deleted or rewritten, found in real (temporary) git
repositories (Article 5(四)3)."""

from __future__ import annotations

import copy
import datetime as dt
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from publisher.cli import Scope, collect_findings
from publisher.findings import Finding, Severity
from publisher.gitlog import HistoryResult
from publisher.supervision.evidence_history import check_evidence_history
from tests.factories import penalty, write_yaml
from tests.gitrepo import GitRepoBase
from tests.supervision_factories import case_file

RECORD_ID = "2024-cf-0001"
ORIGINAL = "4" * 64
REWRITTEN = "5" * 64
ASKED = "2024-cf-0001/询问笔录.pdf"


def record(**overrides: Any) -> dict[str, Any]:
    """The penalty with a complete case file; the 询问笔录 entry has the hash ORIGINAL."""
    data = penalty(**overrides)
    data["case"] = case_file(RECORD_ID, "penalty", data["decided"])
    entry(data, ASKED)["sha256"] = ORIGINAL
    return data


def entry(data: dict[str, Any], file: str) -> dict[str, Any]:
    return next(
        item
        for stage in data["case"]["stages"]
        for item in [*stage.get("documents", []), *stage.get("media", [])]
        if item["file"] == file
    )


def without(data: dict[str, Any], file: str) -> dict[str, Any]:
    changed = copy.deepcopy(data)
    for stage in changed["case"]["stages"]:
        for group in ("documents", "media"):
            stage[group] = [item for item in stage.get(group, []) if item["file"] != file]
    return changed


class GitRepo(GitRepoBase):
    """The shared test repository, with this module's line lookup and check."""

    def line_of(self, text: str, name: str = f"{RECORD_ID}.yaml") -> int:
        lines = self.path(name).read_text(encoding="utf-8").splitlines()
        return next(i for i, line in enumerate(lines, 1) if text in line)

    def check(self, as_of: dt.date = dt.date(2025, 6, 30)) -> HistoryResult:
        return check_evidence_history(self.content, as_of)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    # Keep the developer's own git configuration out of the tests.
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_AUTHOR_NAME", "测试人员")
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "staff@example.invalid")
    monkeypatch.setenv("GIT_COMMITTER_NAME", "测试人员")
    monkeypatch.setenv("GIT_COMMITTER_EMAIL", "staff@example.invalid")
    return GitRepo(tmp_path / "repo")


@pytest.fixture
def registered(repo: GitRepo) -> GitRepo:
    """A repository whose one penalty record and case file were committed on 2024-03-11."""
    repo.write(record())
    repo.commit("2024-03-11T09:00:00+08:00", "登记案卷")
    return repo


def assert_r_b3(finding: Finding) -> None:
    assert finding.rule == "R-B3"
    assert finding.severity is Severity.ERROR
    assert finding.record == RECORD_ID
    assert "第五条(四)3" in finding.message
    assert finding.message.endswith("（R-B3）")


def test_r_b3_unchanged_history_is_clean(registered: GitRepo) -> None:
    result = registered.check()
    assert result.checked
    assert result.note is None
    assert result.findings == []


# --- Deleted case files --------------------------------------------------------------------


def test_r_b3_deleted_case_file_is_an_error(registered: GitRepo) -> None:
    registered.path().unlink()
    short = registered.commit("2025-04-02T10:00:00+08:00", "删除记录")
    [finding] = registered.check().findings
    assert_r_b3(finding)
    assert finding.file == str(registered.path())
    assert finding.line is None
    assert f"{short}（2025-04-02）" in finding.message
    assert "登记文书和音像记录 7 项" in finding.message


def test_r_b3_case_file_moved_out_of_the_records_folder_is_an_error(registered: GitRepo) -> None:
    """Out of content/records/ no build or check reads it: as good as deleted."""
    moved = registered.content / "archive" / f"{RECORD_ID}.yaml"
    moved.parent.mkdir()
    registered.path().rename(moved)
    short = registered.commit("2025-04-02T10:00:00+08:00", "移到归档目录")
    [finding] = registered.check().findings
    assert_r_b3(finding)
    assert f"{short}（2025-04-02）" in finding.message


def test_r_b3_deletion_under_later_commits_is_still_found(registered: GitRepo) -> None:
    registered.path().unlink()
    short = registered.commit("2025-04-02T10:00:00+08:00", "删除记录")
    for day in ("03", "04", "05"):
        registered.write(penalty(id=f"2025-cf-00{day}", doc_no=f"青工信罚〔2025〕{day}号"))
        registered.commit(f"2025-04-{day}T10:00:00+08:00", "新增记录")
    [finding] = registered.check().findings
    assert_r_b3(finding)
    assert short in finding.message


def test_r_b3_deletion_merged_from_a_branch_is_found_at_the_merge(registered: GitRepo) -> None:
    registered.git("checkout", "--quiet", "-b", "cleanup")
    registered.write(without(record(), ASKED))
    registered.commit("2025-04-01T10:00:00+08:00")
    registered.git("checkout", "--quiet", "main")
    when = "2025-04-03T10:00:00+08:00"
    registered.git("merge", "--quiet", "--no-ff", "-m", "合并", "cleanup", when=when)
    merge = registered.git("rev-parse", "--short=7", "HEAD")
    [finding] = registered.check().findings
    assert_r_b3(finding)
    assert f"{merge}（2025-04-03）" in finding.message


def test_r_b3_uncommitted_deletion_is_an_error(registered: GitRepo) -> None:
    registered.path().unlink()
    [finding] = registered.check().findings
    assert "尚未提交的修改" in finding.message


def test_r_b3_restored_case_file_settles_the_deletion(registered: GitRepo) -> None:
    registered.path().unlink()
    registered.commit("2025-04-02T10:00:00+08:00", "删除记录")
    registered.write(record(), name="2024/2024-cf-0001.yaml")
    assert registered.check().findings == []


def test_r_b3_changing_the_id_of_a_case_file_is_an_error(registered: GitRepo) -> None:
    data = record()
    data["id"] = "2024-cf-0099"
    registered.write(data)
    registered.commit("2025-04-02T10:00:00+08:00")
    [finding] = registered.check().findings
    assert_r_b3(finding)


def test_r_b3_deleting_a_record_without_case_file_is_not_r_b3(repo: GitRepo) -> None:
    repo.write(penalty(published=None))
    repo.commit("2024-03-01T09:00:00+08:00")
    repo.path().unlink()
    repo.commit("2024-03-02T09:00:00+08:00")
    assert repo.check().findings == []


def test_r_b3_removing_the_case_section_is_an_error_on_the_id_line(registered: GitRepo) -> None:
    data = record()
    del data["case"]
    registered.write(data)
    short = registered.commit("2025-04-02T10:00:00+08:00")
    [finding] = registered.check().findings
    assert_r_b3(finding)
    assert "case 部分" in finding.message
    assert short in finding.message
    assert finding.line == registered.line_of("id:")


# --- Evidence entries ----------------------------------------------------------------------


def test_r_b3_removed_evidence_entry_is_an_error(registered: GitRepo) -> None:
    registered.write(without(record(), ASKED))
    short = registered.commit("2025-04-02T10:00:00+08:00")
    [finding] = registered.check().findings
    assert_r_b3(finding)
    assert ASKED in finding.message
    assert ORIGINAL in finding.message
    assert f"{short}（2025-04-02）" in finding.message
    assert finding.file == str(registered.path())
    assert finding.line == registered.line_of("stages:")


def test_r_b3_removed_media_entry_is_an_error(repo: GitRepo) -> None:
    data = record()
    video = {"file": "2024-cf-0001/现场检查.mp4", "sha256": "6" * 64, "description": "执法记录仪"}
    data["case"]["stages"][1]["media"] = [video]
    repo.write(data)
    repo.commit("2024-03-11T09:00:00+08:00")
    repo.write(without(data, video["file"]))
    [finding] = repo.check().findings
    assert "现场检查.mp4" in finding.message
    assert "尚未提交的修改" in finding.message


def test_r_b3_rewritten_media_hash_is_an_error(repo: GitRepo) -> None:
    data = record()
    video = {"file": "2024-cf-0001/现场检查.mp4", "sha256": "6" * 64, "description": "执法记录仪"}
    data["case"]["stages"][1]["media"] = [video]
    repo.write(data)
    repo.commit("2024-03-11T09:00:00+08:00")
    video["sha256"] = "8" * 64
    repo.write(data)
    short = repo.commit("2025-04-02T10:00:00+08:00")
    [finding] = repo.check().findings
    assert_r_b3(finding)
    assert f"由 {'6' * 64} 改为 {'8' * 64}" in finding.message
    assert short in finding.message


def test_r_b3_rewritten_sha256_is_an_error_on_its_line(registered: GitRepo) -> None:
    data = record()
    entry(data, ASKED)["sha256"] = REWRITTEN
    registered.write(data)
    short = registered.commit("2025-04-02T10:00:00+08:00")
    [finding] = registered.check().findings
    assert_r_b3(finding)
    assert f"由 {ORIGINAL} 改为 {REWRITTEN}" in finding.message
    assert short in finding.message
    assert finding.line == registered.line_of(REWRITTEN)


def test_r_b3_restoring_the_original_hash_settles_the_rewrite(registered: GitRepo) -> None:
    data = record()
    entry(data, ASKED)["sha256"] = REWRITTEN
    registered.write(data)
    registered.commit("2025-04-02T10:00:00+08:00")
    registered.write(record())
    assert registered.check().findings == []  # restored in the working tree
    registered.commit("2025-04-03T10:00:00+08:00")
    assert registered.check().findings == []


def test_r_b3_restoring_a_removed_entry_settles_it(registered: GitRepo) -> None:
    registered.write(without(record(), ASKED))
    registered.commit("2025-04-02T10:00:00+08:00")
    registered.write(record())
    registered.commit("2025-04-03T10:00:00+08:00")
    assert registered.check().findings == []


def test_r_b3_restoring_with_another_hash_does_not_settle(registered: GitRepo) -> None:
    registered.write(without(record(), ASKED))
    registered.commit("2025-04-02T10:00:00+08:00")
    data = record()
    entry(data, ASKED)["sha256"] = REWRITTEN
    registered.write(data)
    [finding] = registered.check().findings
    assert "2025-04-02" in finding.message  # since then it has not had its original hash
    assert REWRITTEN in finding.message


def test_r_b3_moving_reordering_and_adding_entries_is_fine(registered: GitRepo) -> None:
    data = record()
    stages = data["case"]["stages"]
    moved = entry(data, ASKED)
    stages[1]["documents"].remove(moved)
    stages[2]["documents"].insert(0, {**moved, "kind": "询问笔录（补充）"})
    stages[3]["documents"].append(
        {"kind": "催告书", "file": "2024-cf-0001/催告书.pdf", "sha256": "7" * 64}
    )
    registered.write(data, name="2024/2024-cf-0001.yaml")
    registered.path().unlink()
    registered.commit("2025-04-02T10:00:00+08:00", "整理目录并补充文书")
    assert registered.check().findings == []


def test_r_b3_uncommitted_entries_may_still_be_corrected(repo: GitRepo) -> None:
    data = record()
    repo.write(data)
    entry(data, ASKED)["sha256"] = REWRITTEN
    repo.write(data)  # never committed: nothing has been registered yet
    assert repo.check().findings == []


def test_r_b3_invalid_yaml_version_is_skipped(registered: GitRepo) -> None:
    registered.path().write_text("id: 2024-cf-0001\ncase: [未闭合\n", encoding="utf-8")
    registered.commit("2025-04-01T10:00:00+08:00")
    registered.write(record())
    registered.commit("2025-04-02T10:00:00+08:00")
    assert registered.check().findings == []


def test_r_b3_history_findings_reach_publisher_check(registered: GitRepo) -> None:
    registered.write(without(record(), ASKED))
    registered.commit("2025-04-02T10:00:00+08:00")
    findings, notes = collect_findings(registered.content, dt.date(2025, 6, 30), Scope.SUPERVISION)
    assert notes == []
    assert any(f.rule == "R-B3" and ASKED in f.message for f in findings)


# --- When the history cannot be read (fully) ------------------------------------------------


def test_r_b3_shallow_clone_is_checked_with_a_note(registered: GitRepo, tmp_path: Path) -> None:
    registered.write(without(record(), ASKED))
    registered.commit("2025-04-02T10:00:00+08:00")
    clone = tmp_path / "clone"
    source = f"file://{registered.root}"
    subprocess.run(["git", "clone", "--quiet", "--depth", "1", source, str(clone)], check=True)
    result = check_evidence_history(clone / "content", dt.date(2025, 6, 30))
    assert result.checked
    assert result.findings == []  # the removal is beyond the visible history
    assert result.note is not None
    assert "浅克隆" in result.note
    assert "R-B3" in result.note


def test_r_b3_not_a_git_repository_is_not_checked(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_yaml(content / "records" / f"{RECORD_ID}.yaml", record())
    result = check_evidence_history(content, dt.date(2025, 6, 30))
    assert not result.checked
    assert result.findings == []
    assert result.note is not None
    assert "不在 git 仓库中" in result.note
    assert result.note.endswith("（R-B3）")


def test_r_b3_missing_git_is_not_checked(
    registered: GitRepo, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "no-such-bin"))
    result = registered.check()
    assert not result.checked
    assert result.note is not None
    assert "未找到 git" in result.note
