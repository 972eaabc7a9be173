"""`make bench`: our build against vanilla Pelican and Hugo on the same synthetic records.

For each size (default 1,000, 10,000 and 100,000 records) the harness writes a repository with
`publisher synth`, turns it into an equivalent Markdown corpus for Pelican and Hugo
(bench/corpus.py), then runs rounds, each scenario once per round, so that the scenarios
interleave (A B C … A B C …) and a slow minute of the machine hurts all of them alike:

- ours, cold: a full build into an empty folder (`--no-cache` when the build has it);
- ours, no change: the same build again (after one untimed build that may fill the caches);
- ours, one record changed: the title of the newest published record edited, built again;
- the search index: Pagefind alone over the built site (our builds here run with
  DISCLOSURE_SEARCH off, so the site generator and the indexer are timed apart);
- Pelican 4.12 and Hugo, cold, on the Markdown corpus with the small themes under bench/.

Figures are medians of the rounds (peak memory: the largest). Output: a table and the
issue's targets on stdout, and JSON in bench/results/<timestamp>.json. Nothing is asserted.

    .venv/bin/python bench/run.py [--sizes 1000,10000] [--runs 3] [--quick] [--work DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402
from corpus import Corpus, make_corpora  # noqa: E402
from measure import Run, run_timed  # noqa: E402
from report import SCENARIOS, Results, summarise, table, target_table, targets  # noqa: E402

from publisher.clock import resolve_as_of, system_clock  # noqa: E402
from publisher.synth import SynthOptions, synthesise  # noqa: E402
from publisher.synth_yaml import text as yaml_text  # noqa: E402

DEFAULT_SIZES = "1000,10000,100000"
QUICK_SIZES = "1000"
SEED = "bench"
PELICAN_MAX = 10_000
"""Vanilla Pelican is superlinear (FIELD-NOTES.md: ~135 s at 50,000); above this size it is
left out unless --pelican-max says otherwise."""
TITLE_LINE = re.compile(r"^title: .*$", re.MULTILINE)


@dataclass
class Tools:
    """What this machine has; a missing tool is reported, not fatal."""

    hugo: str | None
    hugo_version: str
    pelican_markdown: bool
    no_cache_flag: bool

    @classmethod
    def detect(cls) -> Tools:
        hugo = shutil.which("hugo")
        version = (_output([hugo, "version"]) if hugo else None) or ""
        markdown = _output([sys.executable, "-c", "import markdown"]) is not None
        build_help = _output([sys.executable, "-m", "publisher", "build", "--help"]) or ""
        return cls(hugo, version.strip(), markdown, "--no-cache" in build_help)


def _output(command: list[str]) -> str | None:
    try:
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    return done.stdout


@dataclass
class Size:
    """One size's folders and runs."""

    records: int
    folder: Path
    corpus: Corpus | None = None
    prepare_s: dict[str, float] = field(default_factory=dict)
    runs: dict[str, list[Run]] = field(default_factory=dict)
    loads: dict[str, list[float]] = field(default_factory=dict)

    @property
    def content(self) -> Path:
        return self.folder / "content"

    def add(self, key: str, run: Run) -> None:
        self.runs.setdefault(key, []).append(run)
        self.loads.setdefault(key, []).append(round(os.getloadavg()[0], 2))


class Bench:
    def __init__(self, args: argparse.Namespace, tools: Tools, work: Path) -> None:
        self.args = args
        self.tools = tools
        self.work = work
        self.as_of: dt.date = args.as_of
        self.settings = self._settings_file()
        self.notes: dict[tuple[int, str], str] = {}

    # --- preparing -----------------------------------------------------------------------

    def prepare(self, records: int) -> Size:
        size = Size(records, self.work / str(records))
        meta = size.folder / "corpus.json"
        if meta.is_file():  # --work reused: the same seed, size and date give the same tree
            size.corpus = Corpus.load(meta)
            if size.corpus.as_of == self.as_of.isoformat():
                return size
        shutil.rmtree(size.folder, ignore_errors=True)
        with _timer(size.prepare_s, "synth_s"):
            synthesise(SynthOptions(records, size.content, SEED, self.as_of))
        with _timer(size.prepare_s, "corpus_s"):
            size.corpus = make_corpora(
                size.content, size.folder / "pelican", size.folder / "hugo", self.as_of
            )
        size.corpus.save(meta)
        return size

    def _settings_file(self) -> Path:
        """pelicanconf.py with search off (the index is timed on its own). Pelican reads
        relative paths in a settings file from the file's folder: theme and plugins are
        given absolutely."""
        path = self.work / "bench_settings.py"
        path.write_text(
            f"import sys\nsys.path.insert(0, {str(ROOT)!r})\n"
            "from pelicanconf import *  # noqa: F403\n"
            f"THEME = {str(ROOT / 'theme')!r}\nPLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]\n"
            "DISCLOSURE_SEARCH = False\n",
            encoding="utf-8",
        )
        return path

    # --- one round -----------------------------------------------------------------------

    def round(self, size: Size, number: int) -> None:
        ours = self.work / "out" / f"ours-{size.records}"
        self._clean(ours)
        size.add("ours-cold", self._ours(size, ours, "cold", cold=True))
        if self._wants("pelican", size.records):
            size.add("pelican-cold", self._pelican(size))
        if self._wants("hugo", size.records):
            size.add("hugo-cold", self._hugo(size))
        if self.tools.no_cache_flag:
            self._ours(size, ours, "prime")  # fills the caches the cold build left alone
        size.add("ours-nochange", self._ours(size, ours, "nochange"))
        self._edit_title(size, 2 * number)
        size.add("ours-onechange", self._ours(size, ours, "onechange"))
        # The same again: now the site before the last one is kept as the spare tree, as it
        # is for every build of a records repository after its second (docs/performance.md).
        self._edit_title(size, 2 * number + 1)
        size.add("ours-onechange-next", self._ours(size, ours, "onechange-next"))
        size.add("search-index", self._search(size, ours))

    def _wants(self, tool: str, records: int) -> bool:
        if tool not in self.args.tools:
            return False
        if tool == "pelican":
            limit: int = self.args.pelican_max
            return self.tools.pelican_markdown and records <= limit
        return self.tools.hugo is not None

    def _ours(self, size: Size, output: Path, label: str, cold: bool = False) -> Run:
        command = [sys.executable, "-m", "publisher", "build", "--content", str(size.content),
                   "--output", str(output), "--as-of", self.as_of.isoformat(),
                   "--settings", str(self.settings)]  # fmt: skip
        if cold and self.tools.no_cache_flag:
            command.append("--no-cache")
        return self._run(command, output, f"ours-{label}-{size.records}")

    def _pelican(self, size: Size) -> Run:
        output = self.work / "out" / f"pelican-{size.records}"
        self._clean(output)
        command = [sys.executable, "-m", "pelican", str(size.folder / "pelican"),
                   "-s", str(BENCH / "pelican" / "pelicanconf.py"), "-o", str(output), "-q"]  # fmt: skip
        return self._run(command, output, f"pelican-{size.records}")

    def _hugo(self, size: Size) -> Run:
        assert self.tools.hugo is not None
        output = self.work / "out" / f"hugo-{size.records}"
        self._clean(output)
        command = [self.tools.hugo, "--source", str(BENCH / "hugo"),
                   "--contentDir", str(size.folder / "hugo"), "--destination", str(output),
                   "--quiet", "--buildFuture"]  # fmt: skip
        return self._run(command, output, f"hugo-{size.records}")

    def _search(self, size: Size, site: Path) -> Run:
        """Pagefind's own command over the record pages, with the build's options."""
        shutil.rmtree(site / "pagefind", ignore_errors=True)
        command = [sys.executable, "-m", "pagefind", "--site", str(site),
                   "--glob", "records/**/*.html", "--force-language", "zh-CN",
                   "--exclude-selectors", ".print-only", "--exclude-selectors", ".record-help",
                   "--output-subdir", "pagefind", "--keep-index-url", "--quiet"]  # fmt: skip
        run = self._run(command, None, f"search-{size.records}", quiet=True)
        fragments = site / "pagefind" / "fragment"
        indexed = replace(run, pages=len(list(fragments.iterdir())) if fragments.is_dir() else 0)
        _progress(f"search-{size.records}", indexed)
        return indexed

    def _run(self, command: list[str], output: Path | None, name: str, quiet: bool = False) -> Run:
        log = self.work / "logs" / f"{name}.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        run = run_timed(command, cwd=ROOT, pages_in=output, timeout_s=self.args.timeout, log=log)
        if not run.ok:
            print(f"  {name}: FAILED (exit {run.exit_code}); see {log}", flush=True)
        elif not quiet:
            _progress(name, run)
        return run

    def _edit_title(self, size: Size, number: int) -> None:
        """A new title each round, so that every one-record-change build has a change."""
        assert size.corpus is not None
        path = size.content / size.corpus.edit_path
        source = path.read_text(encoding="utf-8")
        line = TITLE_LINE.search(source)
        assert line is not None, path
        title = yaml.safe_load(line.group())["title"].split("（第")[0]
        new = f"title: {yaml_text(f'{title}（第{number + 1}次修改）')}"
        path.write_text(source[: line.start()] + new + source[line.end() :], encoding="utf-8")

    def _clean(self, output: Path) -> None:
        for folder in (output, output.with_name(f".{output.name}.staging")):
            shutil.rmtree(folder, ignore_errors=True)

    # --- results -------------------------------------------------------------------------

    def skip_notes(self, records: int) -> None:
        if "pelican" in self.args.tools and not self.tools.pelican_markdown:
            self.notes[(records, "pelican-cold")] = "skipped: pip install -e '.[bench]'"
        elif "pelican" in self.args.tools and records > self.args.pelican_max:
            self.notes[(records, "pelican-cold")] = (
                f"skipped: above --pelican-max {self.args.pelican_max:,}"
            )
        if "hugo" in self.args.tools and self.tools.hugo is None:
            self.notes[(records, "hugo-cold")] = "MISSING: apt-get install -y hugo"


def _progress(name: str, run: Run) -> None:
    print(f"  {name}: {run.wall_s:.2f} s, {run.pages:,} pages, {run.peak_mb:.0f} MB, "
          f"CPU {run.cpu_utilisation * 100:.0f} %, load {os.getloadavg()[0]:.1f}", flush=True)  # fmt: skip


@contextmanager
def _timer(into: dict[str, float], key: str) -> Iterator[None]:
    started = time.perf_counter()
    yield
    into[key] = round(time.perf_counter() - started, 2)


def summaries(sizes: list[Size]) -> Results:
    results: Results = {}
    for size in sizes:
        for key, runs in size.runs.items():
            summary = summarise(runs)
            if summary is not None:
                results.setdefault(size.records, {})[key] = summary
    return results


def machine(tools: Tools) -> dict[str, object]:
    cpu = next(
        (line.split(":", 1)[1].strip() for line in _lines("/proc/cpuinfo")
         if line.startswith("model name")), platform.processor()
    )  # fmt: skip
    memory = next(
        (line.split()[1] for line in _lines("/proc/meminfo") if line.startswith("MemTotal")), "0"
    )
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(int(memory) / 2**20, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "hugo": tools.hugo_version or None,
        "pelican_markdown": tools.pelican_markdown,
        "no_cache_flag": tools.no_cache_flag,
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def _lines(path: str) -> list[str]:
    try:
        return Path(path).read_text().splitlines()
    except OSError:
        return []


def write_json(path: Path, bench: Bench, sizes: list[Size], started: dt.datetime) -> None:
    results = summaries(sizes)
    payload = {
        "started": started.isoformat(timespec="seconds"),
        "written": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "as_of": bench.as_of.isoformat(),
        "seed": SEED,
        "rounds": bench.args.runs,
        "machine": machine(bench.tools),
        "sizes": {
            str(size.records): {
                "records": size.records,
                "shown_records": size.corpus.shown if size.corpus else None,
                "prepare": size.prepare_s,
                "scenarios": {
                    key: {
                        "label": SCENARIOS[key],
                        "median": summary.to_json(),
                        "runs": [run.to_json() for run in size.runs.get(key, [])],
                        "load_1min_after_each_run": size.loads.get(key, []),
                    }
                    for key, summary in results.get(size.records, {}).items()
                },
                "notes": {k: v for (n, k), v in bench.notes.items() if n == size.records},
            }
            for size in sizes
        },
        "targets": [target.to_json() for target in targets(results)],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=None, help=f"records per size (default {DEFAULT_SIZES})")
    parser.add_argument("--runs", type=int, default=3, help="rounds (median of these; ≥ 3)")
    parser.add_argument("--quick", action="store_true", help=f"sizes {QUICK_SIZES} only")
    parser.add_argument("--tools", default="ours,pelican,hugo", help="which of ours,pelican,hugo")
    parser.add_argument("--pelican-max", type=int, default=PELICAN_MAX)
    parser.add_argument("--timeout", type=float, default=3600.0, help="seconds per run")
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=None)
    parser.add_argument("--work", type=Path, default=None, help="keep (and reuse) corpora here")
    parser.add_argument("--results", type=Path, default=BENCH / "results")
    args = parser.parse_args(argv)
    args.sizes = [
        int(s)
        for s in (args.sizes or (QUICK_SIZES if args.quick else DEFAULT_SIZES)).split(",")
        if s
    ]
    args.tools = set(args.tools.split(","))
    args.as_of = args.as_of or resolve_as_of(None, system_clock)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    return args


def main(argv: list[str] | None = None) -> None:
    # `timeout` and `kill` send SIGTERM: exit through Python, so that the running build is
    # ended too (it runs in a session of its own) and the work folder is removed.
    signal.signal(signal.SIGTERM, lambda _signal, _frame: sys.exit(128 + signal.SIGTERM))
    args = parse_args(argv)
    tools = Tools.detect()
    started = dt.datetime.now(dt.UTC)
    result_file = args.results / f"{started:%Y%m%dT%H%M%SZ}.json"
    if tools.hugo is None and "hugo" in args.tools:
        print("注意 / NOTE: hugo is not installed (apt-get install -y hugo): Hugo is not measured "
              "and the targets that compare with it say 'not measured'.", flush=True)  # fmt: skip
    if not tools.no_cache_flag:
        print("NOTE: `publisher build` has no --no-cache yet: cold = a build into an empty folder.")
    # Our code is installed editable: with PYTHONDONTWRITEBYTECODE set (as on the development
    # machine) every build would compile it again; an installed package has its bytecode.
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(ROOT / "publisher"), str(ROOT / "plugins")],
        check=True,
    )
    work = args.work or Path(tempfile.mkdtemp(prefix="publisher-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    bench = Bench(args, tools, work)
    sizes: list[Size] = []
    try:
        for records in args.sizes:
            print(f"{records:,} records: preparing in {work / str(records)}", flush=True)
            size = bench.prepare(records)
            sizes.append(size)
            bench.skip_notes(records)
            for number in range(args.runs):
                print(f"{records:,} records, round {number + 1} of {args.runs}", flush=True)
                bench.round(size, number)
                write_json(result_file, bench, sizes, started)  # a killed run keeps its figures
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    results = summaries(sizes)
    print()
    print(table(results, bench.notes))
    print()
    print(target_table(targets(results)))
    write_json(result_file, bench, sizes, started)
    print(f"\nJSON: {result_file}")


if __name__ == "__main__":
    main()
