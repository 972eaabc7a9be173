"""R-A6: silent edits of published records, found in real (temporary) git repositories."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

import pytest
from factories import penalty, write_yaml

from publisher.findings import Severity
from publisher.history import (
    HistoryResult,
    _Documents,
    check_history,
    find_silent_edits,
)
from publisher.yamlsource import YamlSyntaxError, load_plain
from tests.gitrepo import GitRepoBase

RECORD_ID = "2024-cf-0001"
CORRECTION = {
    "date": "2025-04-02",
    "fields": ["facts"],
    "summary": "更正违法事实中的检查时间",
    "reason": "原公示内容笔误",
}


class GitRepo(GitRepoBase):
    """The shared test repository, with this module's line lookup and check."""

    def line_of(self, key: str, name: str = f"{RECORD_ID}.yaml") -> int:
        lines = self.path(name).read_text(encoding="utf-8").splitlines()
        return next(i for i, text in enumerate(lines, 1) if text.startswith(f"{key}:"))

    def check(self, as_of: dt.date = dt.date(2025, 6, 30)) -> HistoryResult:
        return check_history(self.content, as_of)


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
def published(repo: GitRepo) -> GitRepo:
    """A repository whose one penalty record was committed on its publication day."""
    repo.write(penalty())
    repo.commit("2024-03-06T09:00:00+08:00", "公示处罚决定")
    return repo


NEW_FACTS = "经查，该公司于2024年2月未按规定对井下设备进行安全检查。"


def test_r_a6_silent_edit_of_published_record_is_an_error_on_the_field_line(
    published: GitRepo,
) -> None:
    published.write(penalty(facts=NEW_FACTS))
    short = published.commit("2025-04-02T10:00:00+08:00")
    result = published.check()
    assert result.checked
    [finding] = result.findings
    assert finding.rule == "R-A6"
    assert finding.severity is Severity.ERROR
    assert finding.record == RECORD_ID
    assert finding.file == str(published.path())
    assert finding.line == published.line_of("facts")
    assert "facts" in finding.message
    assert f"{short}（2025-04-02）" in finding.message
    assert "corrections" in finding.message


def test_r_a6_edit_with_a_new_correction_entry_is_fine(published: GitRepo) -> None:
    published.write(penalty(facts=NEW_FACTS, corrections=[CORRECTION]))
    published.commit("2025-04-02T10:00:00+08:00")
    assert published.check().findings == []


def test_r_a6_parent_field_covers_sub_fields_but_party_is_not_a_field(
    published: GitRepo,
) -> None:
    data = penalty(penalty={"kinds": ["fine"], "fine_yuan": 20000})
    data["party"]["name"] = "青崖县示例矿业有限公司"
    entry = {**CORRECTION, "fields": ["penalty", "party"]}
    published.write({**data, "corrections": [entry]})
    published.commit("2025-04-02T10:00:00+08:00")
    [finding] = published.check().findings
    assert "party.name" in finding.message
    assert finding.line == published.line_of("  name")


def test_r_a6_correction_for_another_field_does_not_cover(published: GitRepo) -> None:
    entry = {**CORRECTION, "fields": ["basis"]}
    published.write(penalty(facts=NEW_FACTS, corrections=[entry]))
    published.commit("2025-04-02T10:00:00+08:00")
    [finding] = published.check().findings
    assert "facts" in finding.message


def test_r_a6_draft_may_be_edited_freely(repo: GitRepo) -> None:
    repo.write(penalty(published=None))
    repo.commit("2024-03-01T09:00:00+08:00")
    repo.write(penalty(published=None, facts=NEW_FACTS))
    repo.commit("2024-03-02T09:00:00+08:00")
    assert repo.check().findings == []


def test_r_a6_edit_before_the_publication_date_is_fine(repo: GitRepo) -> None:
    repo.write(penalty(published="2024-03-06"))
    repo.commit("2024-03-01T09:00:00+08:00")
    repo.write(penalty(published="2024-03-06", facts=NEW_FACTS))
    repo.commit("2024-03-05T09:00:00+08:00")
    assert repo.check().findings == []


def test_r_a6_edit_on_the_publication_day_counts(repo: GitRepo) -> None:
    repo.write(penalty(published="2024-03-06"))
    repo.commit("2024-03-01T09:00:00+08:00")
    repo.write(penalty(published="2024-03-06", facts=NEW_FACTS))
    repo.commit("2024-03-06T16:00:00+08:00")
    assert len(repo.check().findings) == 1


def test_r_a6_commit_day_is_counted_in_asia_shanghai(repo: GitRepo) -> None:
    repo.write(penalty(published="2024-03-06"))
    repo.commit("2024-03-01T09:00:00+08:00")
    repo.write(penalty(published="2024-03-06", facts=NEW_FACTS))
    # 2024-03-05 17:00 UTC is already 2024-03-06 01:00 in Asia/Shanghai.
    short = repo.commit("2024-03-05T17:00:00+00:00")
    [finding] = repo.check().findings
    assert f"{short}（2024-03-06）" in finding.message


def test_r_a6_unpublishing_cannot_hide_an_edit(published: GitRepo) -> None:
    published.write(penalty(published=None))
    published.commit("2025-04-01T10:00:00+08:00")
    published.write(penalty(facts=NEW_FACTS))
    published.commit("2025-04-02T10:00:00+08:00")
    [finding] = published.check().findings
    assert "facts" in finding.message


def test_r_a6_moved_then_silently_edited_record_is_found(published: GitRepo) -> None:
    moved = "2024/煤矿/2024-cf-0001.yaml"
    published.path(moved).parent.mkdir(parents=True)
    published.git("mv", str(published.path()), str(published.path(moved)))
    published.commit("2025-01-10T10:00:00+08:00", "按年份整理目录")
    published.write(penalty(basis="《中华人民共和国安全生产法》第一百条"), name=moved)
    short = published.commit("2025-04-02T10:00:00+08:00")
    [finding] = published.check().findings
    assert finding.file == str(published.path(moved))
    assert finding.line == published.line_of("basis", name=moved)
    assert short in finding.message
    assert "basis" in finding.message


def test_r_a6_renamed_and_edited_in_one_commit_is_found(published: GitRepo) -> None:
    published.path().unlink()
    published.write(penalty(title="关于青崖县示例煤业有限公司的行政处罚决定"), name="renamed.yml")
    published.commit("2025-04-02T10:00:00+08:00")
    [finding] = published.check().findings
    assert "title" in finding.message
    assert finding.file == str(published.path("renamed.yml"))


def test_r_a6_uncommitted_edit_is_found(published: GitRepo) -> None:
    published.write(penalty(facts=NEW_FACTS))
    [finding] = published.check().findings
    assert "尚未提交的修改" in finding.message
    assert finding.line == published.line_of("facts")


def test_r_a6_uncommitted_edit_before_publication_day_is_fine(repo: GitRepo) -> None:
    repo.write(penalty(published="2025-07-01"))
    repo.commit("2025-06-20T10:00:00+08:00")
    repo.write(penalty(published="2025-07-01", facts=NEW_FACTS))
    assert repo.check(as_of=dt.date(2025, 6, 30)).findings == []
    assert len(repo.check(as_of=dt.date(2025, 7, 1)).findings) == 1


def test_r_a6_later_correction_entry_settles_an_earlier_silent_edit(
    published: GitRepo,
) -> None:
    published.write(penalty(facts=NEW_FACTS))
    published.commit("2025-04-02T10:00:00+08:00")
    published.write(penalty(facts=NEW_FACTS, corrections=[CORRECTION]))
    assert published.check().findings == []  # fixed in the working tree
    published.commit("2025-04-03T10:00:00+08:00")
    assert published.check().findings == []


def test_r_a6_deleted_correction_entry_is_an_error(published: GitRepo) -> None:
    published.write(penalty(facts=NEW_FACTS, corrections=[CORRECTION]))
    published.commit("2025-04-02T10:00:00+08:00")
    published.write(penalty(facts=NEW_FACTS))
    short = published.commit("2025-05-01T10:00:00+08:00")
    [finding] = published.check().findings
    assert "更正记录" in finding.message
    assert f"{short}（2025-05-01）" in finding.message
    assert finding.line is not None


def test_r_a6_changed_correction_date_is_an_error(published: GitRepo) -> None:
    published.write(penalty(facts=NEW_FACTS, corrections=[CORRECTION]))
    published.commit("2025-04-02T10:00:00+08:00")
    published.write(penalty(facts=NEW_FACTS, corrections=[{**CORRECTION, "date": "2025-04-01"}]))
    published.commit("2025-05-01T10:00:00+08:00")
    [finding] = published.check().findings
    assert "2025-04-02" in finding.message
    assert finding.line == published.line_of("corrections")


def test_r_a6_restored_correction_entry_settles_the_deletion(published: GitRepo) -> None:
    published.write(penalty(facts=NEW_FACTS, corrections=[CORRECTION]))
    published.commit("2025-04-02T10:00:00+08:00")
    published.write(penalty(facts=NEW_FACTS))
    published.commit("2025-05-01T10:00:00+08:00")
    published.write(penalty(facts=NEW_FACTS, corrections=[CORRECTION]))
    assert published.check().findings == []


def test_r_a6_deleted_published_record_is_an_error(published: GitRepo) -> None:
    published.path().unlink()
    short = published.commit("2025-04-02T10:00:00+08:00", "删除记录")
    [finding] = published.check().findings
    assert finding.file == str(published.path())
    assert finding.record == RECORD_ID
    assert f"{short}（2025-04-02）" in finding.message
    assert "withdrawal" in finding.message


def test_r_a6_uncommitted_deletion_is_an_error(published: GitRepo) -> None:
    published.path().unlink()
    [finding] = published.check().findings
    assert "尚未提交的修改" in finding.message


def test_r_a6_changing_the_id_of_a_published_record_is_an_error(published: GitRepo) -> None:
    published.write(penalty(id="2024-cf-0099"))
    published.commit("2025-04-02T10:00:00+08:00")
    [finding] = published.check().findings
    assert finding.record == RECORD_ID


def test_r_a6_deleted_draft_is_fine(repo: GitRepo) -> None:
    repo.write(penalty(published=None))
    repo.commit("2024-03-01T09:00:00+08:00")
    repo.path().unlink()
    repo.commit("2024-03-02T09:00:00+08:00")
    assert repo.check().findings == []


def test_r_a6_non_public_fields_may_change(published: GitRepo) -> None:
    withdrawal = {
        "act": "revoked",
        "date": "2025-01-10",
        "recorded": "2025-01-12",
        "explanation": "原处罚决定经行政复议被撤销。",
    }
    published.write(penalty(notes="内部备注：已送达", corrections=[CORRECTION]))
    published.commit("2025-04-02T10:00:00+08:00")
    edited = {**CORRECTION, "summary": "更正违法事实表述", "reason": "原文有误"}
    published.write(penalty(notes="内部备注：已归档", withdrawal=withdrawal, corrections=[edited]))
    published.commit("2025-05-02T10:00:00+08:00")
    assert published.check().findings == []


def test_r_a6_reformatting_and_explicit_defaults_are_not_edits(published: GitRepo) -> None:
    data = penalty(penalty={"kinds": ["fine"], "fine_yuan": 30000, "confiscated_yuan": 0})
    published.write({**data, "facts": data["facts"] + "\n", "attachments": []})
    published.commit("2025-04-02T10:00:00+08:00")
    assert published.check().findings == []


def test_r_a6_invalid_yaml_version_is_skipped(published: GitRepo) -> None:
    published.path().write_text("id: 2024-cf-0001\nfacts: [未闭合\n", encoding="utf-8")
    published.commit("2025-04-01T10:00:00+08:00")
    published.write(penalty(corrections=[]))
    published.commit("2025-04-02T10:00:00+08:00")
    assert published.check().findings == []


def test_r_a6_each_silent_commit_is_reported(published: GitRepo) -> None:
    published.write(penalty(facts=NEW_FACTS))
    first = published.commit("2025-04-02T10:00:00+08:00")
    published.write(penalty(facts=NEW_FACTS + "现已整改。"))
    second = published.commit("2025-04-03T10:00:00+08:00")
    messages = " ".join(f.message for f in published.check().findings)
    assert first in messages
    assert second in messages


def test_r_a6_other_files_in_the_repository_are_ignored(published: GitRepo) -> None:
    (published.root / "README.md").write_text("说明\n", encoding="utf-8")
    write_yaml(published.content / "settings.yaml", {"site_title": "示例"})
    published.commit("2025-04-02T10:00:00+08:00")
    assert published.check().findings == []


def test_r_a6_repository_without_commits_is_checked_and_clean(repo: GitRepo) -> None:
    repo.write(penalty())
    result = repo.check()
    assert result.checked
    assert result.findings == []


def test_r_a6_not_a_git_repository_is_not_checked(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_yaml(content / "records" / f"{RECORD_ID}.yaml", penalty())
    result = check_history(content, dt.date(2025, 6, 30))
    assert not result.checked
    assert result.findings == []
    assert result.note is not None and "git" in result.note
    assert find_silent_edits(content) == []


def test_r_a6_missing_git_is_not_checked(
    published: GitRepo, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "no-such-bin"))
    result = published.check()
    assert not result.checked
    assert result.note is not None and "未找到 git" in result.note


def test_r_a6_quoted_text_running_on_at_column_0_is_read_as_one_value(
    repo: GitRepo,
) -> None:
    # The continuation line looks like a key of its own; only a full parse reads it right.
    head = "id: 2024-cf-0001\ntype: penalty\npublished: '2024-03-06'\n"
    repo.path().parent.mkdir(parents=True)
    repo.path().write_text(head + 'facts: "经查属实\nnotes: 甲"\n', encoding="utf-8")
    repo.commit("2024-03-06T09:00:00+08:00")
    repo.path().write_text(head + 'facts: "经查属实\nnotes: 乙"\n', encoding="utf-8")
    [finding] = repo.check().findings
    assert "facts" in finding.message


@pytest.mark.parametrize(
    "text",
    [
        "id: a-1\nfacts: 甲\nnotes: 乙\n",
        "# 注释\nid: a-1\ncorrections:\n- date: 2025-04-02\n  fields: [facts]\n",
        'id: a-1\nfacts: "甲\nnotes: 乙"\n',
        "id: a-1\nfacts: [甲,\nnotes: 乙]\n",
        "id: a-1\nbasis: &b 依据\nfacts: *b\n",
        "id: a-1\nfacts: 甲\nfacts: 乙\n",
        "---\nid: a-1\nfacts: 甲\n",
        "id: a-1\nfacts: |\n  甲\n\n  乙\nnotes: >-\n  丙\n",
        "id: a-1\nfacts: 甲\n乙\n",
    ],
)
def test_history_reads_versions_exactly_as_the_loader_reads_files(text: str) -> None:
    try:
        expected = load_plain(text)
    except YamlSyntaxError:
        expected = None
    assert _Documents({"k": text}).data("k") == (expected if isinstance(expected, dict) else None)


def test_r_a6_edit_merged_from_a_branch_is_found_at_the_merge(published: GitRepo) -> None:
    published.git("checkout", "--quiet", "-b", "draft-fix")
    published.write(penalty(facts=NEW_FACTS))
    published.commit("2025-04-01T10:00:00+08:00")
    published.git("checkout", "--quiet", "main")
    (published.root / "README.md").write_text("说明\n", encoding="utf-8")
    published.commit("2025-04-02T10:00:00+08:00")
    when = "2025-04-03T10:00:00+08:00"
    published.git("merge", "--quiet", "--no-ff", "-m", "合并", "draft-fix", when=when)
    merge = published.git("rev-parse", "--short=7", "HEAD")
    [finding] = published.check().findings
    assert f"{merge}（2025-04-03）" in finding.message


def test_r_a6_shallow_clone_is_checked_with_a_note(published: GitRepo, tmp_path: Path) -> None:
    published.write(penalty(facts=NEW_FACTS))
    published.commit("2025-04-02T10:00:00+08:00")
    clone = tmp_path / "clone"
    source = f"file://{published.root}"
    subprocess.run(["git", "clone", "--quiet", "--depth", "1", source, str(clone)], check=True)
    result = check_history(clone / "content", dt.date(2025, 6, 30))
    assert result.checked
    assert result.findings == []  # the edit is beyond the visible history
    assert result.note is not None and "浅克隆" in result.note
