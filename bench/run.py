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


def settings_file(folder: Path, search: bool) -> Path:
    """pelicanconf.py with DISCLOSURE_SEARCH set, to compare builds with and without search.
    Pelican reads relative paths in a settings file from the file's folder: the theme and
    the plugin are given absolutely."""
    path = folder / f"bench_search_{'on' if search else 'off'}.py"
    path.write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\n"
        "from pelicanconf import *  # noqa: F403\n"
        f"THEME = {str(ROOT / 'theme')!r}\nPLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]\n"
        f"DISCLOSURE_SEARCH = {search}\n",
        encoding="utf-8",
    )
    return path


def build(content: Path, output: Path, settings: Path) -> tuple[float, float]:
    """Wall time and peak memory of one build. The memory is that of the largest single
    process (the build, or Pagefind's indexer while it runs beside the build)."""
    command = [
        sys.executable, "-m", "publisher.cli", "build", "--content", str(content),
        "--output", str(output), "--as-of", "2026-11-28", "--settings", str(settings),
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
    parser.add_argument(
        "--search", choices=("on", "off", "both"), default="both", help="DISCLOSURE_SEARCH"
    )
    args = parser.parse_args()
    modes = {"on": [True], "off": [False], "both": [False, True]}[args.search]
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            content = Path(tmp) / "content"
            make_content(content, size)
            for search in modes:
                settings = settings_file(Path(tmp), search)
                output = Path(tmp) / f"output-{search}"
                # A fresh process per build, so each peak is its own (ru_maxrss of children
                # is the largest ever seen, not the latest).
                cold, memory = measure(content, output, settings)
                warm, _ = measure(content, output, settings)
                print(
                    f"{size:>7} records, search {'on ' if search else 'off'}: "
                    f"build {cold:6.1f} s, rebuild {warm:6.1f} s, peak {memory:6.0f} MB",
                    flush=True,
                )


def measure(content: Path, output: Path, settings: Path) -> tuple[float, float]:
    """`build` in a child interpreter of its own, so that its peak memory is not mixed with
    that of an earlier build."""
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); import run; "
        "from pathlib import Path; "
        "t, m = run.build(Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4])); print(t, m)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(Path(__file__).parent), str(content), str(output),
         str(settings)],
        cwd=ROOT, check=True, capture_output=True, text=True,
    )  # fmt: skip
    elapsed, peak = result.stdout.split()
    return float(elapsed), float(peak)


if __name__ == "__main__":
    main()
