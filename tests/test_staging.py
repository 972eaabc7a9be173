"""Atomic output (RULES.md C): a failed or killed build leaves the last good site."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from factories import penalty, write_content

from publisher.staging import commit_staging, prepare_staging, retired_path, staging_path

ROOT = Path(__file__).resolve().parent.parent


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_staging_is_beside_the_output_and_starts_empty(tmp_path: Path) -> None:
    output = tmp_path / "site"
    leftover = staging_path(output)
    leftover.mkdir(parents=True)
    (leftover / "half-written.html").write_text("x", encoding="utf-8")
    staging = prepare_staging(output)
    assert staging.parent == output.parent.absolute()
    assert list(staging.iterdir()) == []


def test_commit_replaces_the_old_site_whole(tmp_path: Path) -> None:
    output = tmp_path / "site"
    output.mkdir()
    (output / "old.html").write_text("old", encoding="utf-8")
    staging = prepare_staging(output)
    (staging / "new.html").write_text("new", encoding="utf-8")
    commit_staging(staging, output)
    assert tree(output) == {"new.html": b"new"}
    assert not staging.exists() and not retired_path(output.absolute()).exists()


def build_command(content: Path, output: Path, as_of: str) -> list[str]:
    return [
        sys.executable, "-m", "publisher.cli", "build", "--content", str(content),
        "--output", str(output), "--as-of", as_of, "--settings", str(ROOT / "pelicanconf.py"),
    ]  # fmt: skip


def test_a_killed_build_leaves_the_old_or_the_new_site_never_a_mix(tmp_path: Path) -> None:
    records = [
        penalty(id=f"2024-cf-{n:04d}", doc_no=f"青工信罚〔2024〕{n}号") for n in range(1, 60)
    ]
    content = write_content(tmp_path / "content", records)
    output, reference = tmp_path / "site", tmp_path / "reference"
    subprocess.run(build_command(content, output, "2024-06-01"), cwd=ROOT, check=True)
    subprocess.run(build_command(content, reference, "2024-07-01"), cwd=ROOT, check=True)
    old, new = tree(output), tree(reference)
    assert old != new
    process = subprocess.Popen(
        build_command(content, output, "2024-07-01"), cwd=ROOT, start_new_session=True
    )
    time.sleep(0.8)
    os.killpg(process.pid, signal.SIGKILL)  # the build and the generator it started
    process.wait()
    assert tree(output) in (old, new)
