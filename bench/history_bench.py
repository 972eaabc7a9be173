"""Benchmark of the R-A6 history check (not a test): time `find_silent_edits` on a large repo.

Builds a throwaway git repository with N record files and M commits (each commit edits a few
records: corrected edits, internal-note edits, moves and some silent edits), then times the
check. Figures go to stdout; nothing is asserted.

    .venv/bin/python bench/history_bench.py [--records 2000] [--commits 200] [--per-commit 10]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from factories import penalty, write_yaml  # noqa: E402

from publisher.history import check_history  # noqa: E402

START = dt.date(2025, 1, 1)


def git(repo: Path, *args: str, day: dt.date = START) -> None:
    when = f"{day.isoformat()}T10:00:00+08:00"
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "示例人员",
        "GIT_AUTHOR_EMAIL": "staff@example.invalid",
        "GIT_COMMITTER_NAME": "示例人员",
        "GIT_COMMITTER_EMAIL": "staff@example.invalid",
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
    }
    subprocess.run(["git", "-C", str(repo), *args], env=env, check=True, capture_output=True)


def record(index: int) -> dict[str, Any]:
    return penalty(
        id=f"2024-cf-{index:04d}",
        doc_no=f"青工信罚〔2024〕{index}号",
        title=f"关于青崖县示例{index}有限公司未按规定进行安全检查的行政处罚决定",
        notes="内部备注",
    )


def edit(data: dict[str, Any], rng: random.Random, day: dt.date) -> str:
    """Change one record the way staff do; returns the kind of change."""
    roll = rng.random()
    if roll < 0.6:
        data["facts"] = f"{data['facts']}（{day.isoformat()} 更正）"
        entry = {"date": day.isoformat(), "fields": ["facts"], "summary": "更正", "reason": "笔误"}
        data["corrections"] = [*data.get("corrections", []), entry]
        return "corrected"
    if roll < 0.85:
        data["notes"] = f"内部备注 {day.isoformat()}"
        return "internal"
    data["basis"] = f"{data['basis']}；{day.isoformat()}"
    return "silent"


def build_repository(repo: Path, records: int, commits: int, per_commit: int) -> int:
    """Returns the number of silent edits made."""
    repo.mkdir(parents=True)
    git(repo, "init", "--quiet", "--initial-branch=main")
    folder = repo / "content" / "records"
    data = {index: record(index) for index in range(records)}
    paths = {index: folder / "2024" / f"{data[index]['id']}.yaml" for index in data}
    for index in data:
        write_yaml(paths[index], data[index])
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "-m", "初始记录", day=START)
    rng = random.Random(20250101)
    silent = 0
    for number in range(1, commits):
        day = START + dt.timedelta(days=number)
        for index in rng.sample(sorted(data), per_commit):
            if rng.random() < 0.1:  # move to a sub-folder, unchanged
                target = folder / "archive" / paths[index].name
                target.parent.mkdir(parents=True, exist_ok=True)
                paths[index] = paths[index].rename(target)
                continue
            silent += edit(data[index], rng, day) == "silent"
            write_yaml(paths[index], data[index])
        git(repo, "add", "--all")
        git(repo, "commit", "--quiet", "-m", f"更新 {number}", day=day)
    return silent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=2000)
    parser.add_argument("--commits", type=int, default=200)
    parser.add_argument("--per-commit", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp) / "repo"
        started = time.perf_counter()
        silent = build_repository(repo, args.records, args.commits, args.per_commit)
        print(f"setup: {time.perf_counter() - started:.1f} s", flush=True)
        timings = []
        for _ in range(args.runs):
            started = time.perf_counter()
            result = check_history(repo / "content", dt.date(2025, 12, 31))
            timings.append(time.perf_counter() - started)
        print(
            f"history check: {args.records} records, {args.commits} commits, "
            f"{args.per_commit} files per commit: median {statistics.median(timings):.2f} s "
            f"(min {min(timings):.2f} s over {args.runs} runs); checked={result.checked}, "
            f"{len(result.findings)} findings for {silent} silent edits"
        )


if __name__ == "__main__":
    main()
