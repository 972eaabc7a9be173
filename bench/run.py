"""Benchmarks (`make bench`): build time and peak memory at several sizes of records repository.

Figures go to stdout; no thresholds are asserted here (targets belong in the docs, and the
machine's disk makes single runs noisy: compare runs made in one session).
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from factories import credit_code, id_number, penalty, write_yaml  # noqa: E402


def make_content(root: Path, count: int) -> None:
    start = dt.date(2019, 1, 2)
    for index in range(count):
        decided = start + dt.timedelta(days=index * 2800 // max(count, 1))
        natural = index % 5 == 0
        party = (
            {
                "name": f"李某{index}",
                "kind": "natural_person",
                "id_number": id_number(dt.date(1980, 1, 1)),
            }
            if natural
            else {
                "name": f"青崖县示例{index}有限公司",
                "kind": "legal_person",
                "credit_code": credit_code(f"91140121B{index:07d}"[:12]),
                "legal_rep": "王某",
            }
        )
        year = decided.year
        record = penalty(
            id=f"{year}-cf-{index:05d}",
            doc_no=f"青工信罚〔{year}〕{index}号",
            decided=decided.isoformat(),
            published=(decided + dt.timedelta(days=5)).isoformat(),
            party=party,
        )
        write_yaml(root / "records" / str(year) / f"{record['id']}.yaml", record)


def build(content: Path, output: Path) -> tuple[float, float]:
    command = [
        sys.executable, "-m", "publisher.cli", "build", "--content", str(content),
        "--output", str(output), "--as-of", "2026-11-28",
        "--settings", str(ROOT / "pelicanconf.py"),
    ]  # fmt: skip
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    elapsed = time.perf_counter() - started
    peak = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before)
    return elapsed, peak / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000")
    args = parser.parse_args()
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            content = Path(tmp) / "content"
            make_content(content, size)
            cold, memory = build(content, Path(tmp) / "output")
            warm, _ = build(content, Path(tmp) / "output")
            print(
                f"{size:>7} records: build {cold:6.1f} s, rebuild {warm:6.1f} s, peak {memory:6.0f} MB"
            )


if __name__ == "__main__":
    main()
