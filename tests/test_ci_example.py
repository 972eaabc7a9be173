"""The bureau's CI example (deploy/ci-example.yml): its jobs run the commands the README
promises, and its script lines, run against a real repository cloned shallow as a CI runner
may clone it, find case-file and evidence tampering from the git history (R-B3) without
holding up the deploy gate (R-A). A shallow clone is never checked silently."""

from __future__ import annotations

import copy
import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.factories import penalty
from tests.gitrepo import GitRepoBase
from tests.supervision_factories import case_file

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "deploy" / "ci-example.yml"
PUBLISHER = ROOT / ".venv" / "bin" / "publisher"
UNSHALLOW = "git fetch --quiet --unshallow"

PUBLISHED = "2024-cf-0001"  # a published penalty whose evidence entries are tampered with
DRAFT = "2024-cf-0002"  # a draft whose whole case file is deleted
ASKED = f"{PUBLISHED}/询问笔录.pdf"
REWRITTEN = f"{PUBLISHED}/现场检查记录.pdf"


def example() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    return loaded


def script(job: str) -> list[str]:
    lines: list[str] = example()[job]["script"]
    return lines


# --- what the file says -------------------------------------------------------------------------


def test_every_job_asks_for_the_whole_history() -> None:
    ci = example()
    assert ci["variables"]["GIT_DEPTH"] == "0"
    for job in ("supervision", "deploy"):
        lines = script(job)
        assert lines[0].startswith('if [ "$(git rev-parse --is-shallow-repository)" = true ]')
        assert UNSHALLOW in lines[0]
        checks = [line for line in lines if line.startswith("$PUBLISHER check ")]
        assert len(checks) == 1 and "--require-history" in checks[0]


def test_the_supervision_job_runs_the_full_check_and_keeps_its_findings() -> None:
    job = example()["supervision"]
    [check] = [line for line in job["script"] if line.startswith("$PUBLISHER check ")]
    assert "--scope" not in check or "--scope all" in check  # R-A and R-B, history included
    assert "--format json > findings.json" in check
    assert job["artifacts"]["when"] == "always"
    assert job["artifacts"]["paths"] == ["findings.json"]


def test_the_deploy_job_is_gated_by_the_publication_rules_only_and_never_waits() -> None:
    job = example()["deploy"]
    assert job["needs"] == []  # a failed supervision job must not delay publication
    lines = job["script"]
    steps = [next(i for i, line in enumerate(lines) if word in line) for word in
             ("check --scope publication", "$PUBLISHER build", "rsync -a --delete")]  # fmt: skip
    assert steps == sorted(steps)
    assert "--settings publishconf.py" in lines[steps[1]]


def test_the_jobs_install_the_publisher_first() -> None:
    ci = example()
    assert ci["variables"]["PUBLISHER"] == ".venv/bin/publisher"
    assert ci["default"]["before_script"] == ["make .venv/.installed >/dev/null"]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "STAMP  := $(VENV)/.installed" in makefile and "\n$(STAMP):" in makefile


# --- the script lines against a real repository -------------------------------------------------


@pytest.fixture
def git_identity(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for who in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{who}_NAME", "测试人员")
        monkeypatch.setenv(f"GIT_{who}_EMAIL", "staff@example.invalid")


def with_case(record: dict[str, Any]) -> dict[str, Any]:
    record["case"] = case_file(record["id"], "penalty", record["decided"])
    return record


def entries(record: dict[str, Any]) -> list[dict[str, Any]]:
    return [item for stage in record["case"]["stages"] for item in stage.get("documents", [])]


@pytest.fixture
def origin(tmp_path: Path, git_identity: None) -> Path:
    """The bureau's repository: two case files registered in March 2024; in April 2025 one
    evidence entry removed, another's hash rewritten, and the draft's case file deleted."""
    repo = GitRepoBase(tmp_path / "origin")
    published = with_case(penalty())
    draft = with_case(penalty(id=DRAFT, doc_no="青工信罚〔2024〕2号", published=None))
    [asked] = [e for e in entries(published) if e["file"] == ASKED]
    asked["sha256"] = "4" * 64
    repo.write(published)
    repo.write(draft, name=f"{DRAFT}.yaml")
    repo.commit("2024-03-11T09:00:00+08:00", "登记案卷")
    tampered = copy.deepcopy(published)
    for stage in tampered["case"]["stages"]:
        stage["documents"] = [e for e in stage.get("documents", []) if e["file"] != ASKED]
    [rewritten] = [e for e in entries(tampered) if e["file"] == REWRITTEN]
    rewritten["sha256"] = "5" * 64
    repo.write(tampered)
    repo.path(f"{DRAFT}.yaml").unlink()
    repo.commit("2025-04-02T10:00:00+08:00", "整理案卷")
    return repo.root


def shallow_clone(origin: Path, into: Path) -> Path:
    command = ["git", "clone", "--quiet", "--depth", "1", f"file://{origin}", str(into)]
    subprocess.run(command, check=True)
    return into


def run_lines(lines: list[str], clone: Path) -> subprocess.CompletedProcess[str]:
    """The lines as a CI runner runs them: in the clone, in order, stopping at a failure."""
    environment = {**os.environ, "PUBLISHER": str(PUBLISHER)}
    return subprocess.run(
        ["bash", "-e", "-c", "\n".join(lines)],
        cwd=clone,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def findings(clone: Path) -> list[dict[str, Any]]:
    loaded: list[dict[str, Any]] = json.loads((clone / "findings.json").read_text("utf-8"))
    return loaded


def test_r_b3_the_supervision_job_finds_tampering_in_a_shallow_clone(
    origin: Path, tmp_path: Path
) -> None:
    clone = shallow_clone(origin, tmp_path / "runner")
    completed = run_lines(script("supervision"), clone)
    assert completed.returncode == 1, completed.stderr
    shallow = subprocess.run(
        ["git", "-C", str(clone), "rev-parse", "--is-shallow-repository"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert shallow.stdout.strip() == "false"  # the first line fetched the whole history
    tampering = [f for f in findings(clone) if f["rule"] == "R-B3" and f["severity"] == "error"]
    messages = "\n".join(f["message"] for f in tampering)
    assert ASKED in messages and "4" * 64 in messages
    assert REWRITTEN in messages and "5" * 64 in messages
    assert any(f["record"] == DRAFT for f in tampering)  # the deleted case file
    assert not any("--require-history" in f["message"] for f in findings(clone))


def test_r_b3_the_deploy_gate_is_not_held_up_by_tampering(origin: Path, tmp_path: Path) -> None:
    """The same commit passes the deploy job's check: supervision never blocks publication."""
    clone = shallow_clone(origin, tmp_path / "runner")
    lines = [line for line in script("deploy") if "$PUBLISHER build" not in line]
    completed = run_lines(lines[:2], clone)  # fetch and check; building is tested elsewhere
    errors = [f for f in findings(clone) if f["severity"] == "error"]
    assert completed.returncode == 0, errors
    assert not [f for f in findings(clone) if f["rule"].startswith("R-B")]


def test_r_b3_a_shallow_clone_fails_the_check_that_requires_the_history(
    origin: Path, tmp_path: Path
) -> None:
    """Without the fetch (a runner that cannot reach the history), the check fails and says
    why, rather than checking only the last commit and passing."""
    clone = shallow_clone(origin, tmp_path / "runner")
    lines = [line for line in script("supervision") if UNSHALLOW not in line]
    completed = run_lines(lines, clone)
    assert completed.returncode == 1
    required = [f for f in findings(clone) if "--require-history" in f["message"]]
    assert {(f["rule"], f["severity"]) for f in required} == {
        ("R-A6", "error"),
        ("R-B3", "error"),
    }
    assert all("浅克隆" in f["message"] for f in required)


def test_r_a6_a_shallow_clone_is_a_warning_even_without_the_option(
    origin: Path, tmp_path: Path
) -> None:
    """Staff's own `publisher check` in a shallow clone passes over what it can see, and says
    so in its findings (JSON and the count), not only on stderr."""
    clone = shallow_clone(origin, tmp_path / "runner")
    completed = run_lines(["$PUBLISHER check --format json > findings.json"], clone)
    assert "Traceback" not in completed.stderr
    shallow = [f for f in findings(clone) if "浅克隆" in f["message"]]
    assert {(f["rule"], f["severity"]) for f in shallow} == {
        ("R-A6", "warning"),
        ("R-B3", "warning"),
    }
    assert all(f["file"] == "content" for f in shallow)
