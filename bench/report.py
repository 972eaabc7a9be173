"""The benchmark's figures: medians per scenario, the issue's targets, the table on stdout.

Targets are reported, never asserted: a FAIL is a finding for docs/performance.md, not an
error (and this machine's load and disk make single runs noisy: compare ratios of runs
interleaved in one session).
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from measure import Run

SCENARIOS: dict[str, str] = {
    "ours-cold": "ours: cold full build",
    "ours-nochange": "ours: no-change rebuild",
    "ours-onechange": "ours: one-record change",
    "ours-onechange-next": "ours: one-record change, the next one",
    "search-index": "ours: search index (Pagefind alone)",
    "pelican-cold": "Pelican 4.12: cold build",
    "hugo-cold": "Hugo: cold build",
}
"""Scenario keys (as in the JSON) and their labels, in table order."""
GIB_MB = 1024.0
BOTH_CORES = 1.5
"""(user + sys) / wall at which a build counts as using both of two cores."""


@dataclass(frozen=True)
class Summary:
    """The median of a scenario's successful runs (memory: the largest of the runs)."""

    runs: int
    failed: int
    wall_s: float
    cpu_s: float
    pages: int
    peak_mb: float
    """The larger of `max_rss_mb` and `tree_pss_mb` (see measure.py)."""
    max_rss_mb: float
    tree_pss_mb: float
    cpu_utilisation: float

    @property
    def pages_per_s(self) -> float:
        return self.pages / self.wall_s if self.wall_s > 0 else 0.0

    def to_json(self) -> dict[str, object]:
        return {
            "runs": self.runs,
            "failed": self.failed,
            "wall_s": round(self.wall_s, 3),
            "cpu_s": round(self.cpu_s, 3),
            "pages": self.pages,
            "pages_per_s": round(self.pages_per_s, 1),
            "peak_mb": round(self.peak_mb, 1),
            "max_rss_mb": round(self.max_rss_mb, 1),
            "tree_pss_mb": round(self.tree_pss_mb, 1),
            "cpu_utilisation": round(self.cpu_utilisation, 2),
        }


def summarise(runs: Sequence[Run]) -> Summary | None:
    good = [run for run in runs if run.ok]
    if not good:
        return None
    return Summary(
        runs=len(good),
        failed=len(runs) - len(good),
        wall_s=statistics.median(run.wall_s for run in good),
        cpu_s=statistics.median(run.user_s + run.sys_s for run in good),
        pages=int(statistics.median(run.pages for run in good)),
        peak_mb=max(run.peak_mb for run in good),
        max_rss_mb=max(run.max_rss_mb for run in good),
        tree_pss_mb=max(run.tree_pss_mb for run in good),
        cpu_utilisation=statistics.median(run.cpu_utilisation for run in good),
    )


Results = dict[int, dict[str, Summary]]
"""Size → scenario key → summary."""


@dataclass(frozen=True)
class Target:
    name: str
    measured: str
    verdict: str
    """PASS, FAIL or "not measured"."""

    def to_json(self) -> dict[str, str]:
        return {"target": self.name, "measured": self.measured, "verdict": self.verdict}


def targets(results: Results) -> list[Target]:
    """The issue's targets, as ratios of runs made in this session."""

    def get(size: int, key: str) -> Summary | None:
        return results.get(size, {}).get(key)

    def ratio(name: str, size: int, limit: float) -> Target:
        ours, hugo = get(size, "ours-cold"), get(size, "hugo-cold")
        if ours is None or hugo is None:
            return Target(name, "—", "not measured")
        value = ours.wall_s / hugo.wall_s
        return Target(name, f"{value:.2f}× ({ours.wall_s:.1f} s / {hugo.wall_s:.1f} s)",
                      _verdict(value <= limit))  # fmt: skip

    def seconds(name: str, size: int, key: str, limit: float) -> Target:
        summary = get(size, key)
        if summary is None:
            return Target(name, "—", "not measured")
        return Target(name, f"{summary.wall_s:.2f} s", _verdict(summary.wall_s <= limit))

    return [
        ratio("cold build ≤ Hugo at 10,000 (ours / Hugo)", 10_000, 1.0),
        ratio("cold build ≤ 2× Hugo at 100,000 (ours / Hugo)", 100_000, 2.0),
        seconds("no-change rebuild ≤ 0.5 s at 10,000", 10_000, "ours-nochange", 0.5),
        seconds("one-record change ≤ 1 s at 10,000", 10_000, "ours-onechange", 1.0),
        seconds("one-record change ≤ 5 s at 100,000", 100_000, "ours-onechange", 5.0),
        seconds("the next one-record change ≤ 1 s at 10,000", 10_000, "ours-onechange-next", 1.0),
        seconds("the next one-record change ≤ 5 s at 100,000", 100_000, "ours-onechange-next", 5.0),
        _growth(get(10_000, "ours-cold"), get(100_000, "ours-cold")),
        _memory(results.get(100_000, {})),
        _cores(results),
    ]


def _verdict(passed: bool) -> str:
    return "PASS" if passed else "FAIL"


def _growth(small: Summary | None, large: Summary | None) -> Target:
    name = "cold build grows ≤ 11× from 10,000 to 100,000"
    if small is None or large is None:
        return Target(name, "—", "not measured")
    value = large.wall_s / small.wall_s
    return Target(name, f"{value:.1f}×", _verdict(value <= 11.0))


def _memory(at_100k: dict[str, Summary]) -> Target:
    name = "peak memory ≤ 1 GB at 100,000 (our builds)"
    ours = [s for key, s in at_100k.items() if key.startswith("ours-")]
    if not ours:
        return Target(name, "—", "not measured")
    worst = max(ours, key=lambda s: s.peak_mb)
    measured = (
        f"{worst.peak_mb:.0f} MB (largest process {worst.max_rss_mb:.0f} MB, "
        f"tree PSS {worst.tree_pss_mb:.0f} MB)"
    )
    return Target(name, measured, _verdict(worst.peak_mb <= GIB_MB))


def _cores(results: Results) -> Target:
    name = f"both cores used (cold build, (user+sys)/wall ≥ {BOTH_CORES})"
    sizes = [size for size in sorted(results) if "ours-cold" in results[size]]
    if not sizes:
        return Target(name, "—", "not measured")
    cold = results[sizes[-1]]["ours-cold"]
    value = cold.cpu_utilisation
    return Target(name, f"{value:.2f} at {sizes[-1]:,}", _verdict(value >= BOTH_CORES))


def table(results: Results, notes: dict[tuple[int, str], str]) -> str:
    """One line per size and scenario; `notes` say why a scenario has no figures."""
    header = ("records", "scenario", "wall s", "CPU s", "pages", "pages/s", "peak MB", "CPU %")
    rows: list[tuple[str, ...]] = [header]
    for size in sorted(results | {size: {} for size, _ in notes}):
        for key, label in SCENARIOS.items():
            summary = results.get(size, {}).get(key)
            if summary is not None:
                rows.append(_row(size, label, summary))
            elif (size, key) in notes:
                rows.append((f"{size:,}", f"{label}: {notes[(size, key)]}"))
    return _aligned(rows)


def _row(size: int, label: str, s: Summary) -> tuple[str, ...]:
    failed = f" ({s.failed} failed)" if s.failed else ""
    return (
        f"{size:,}",
        label + failed,
        f"{s.wall_s:.2f}",
        f"{s.cpu_s:.1f}",
        f"{s.pages:,}",
        f"{s.pages_per_s:,.0f}",
        f"{s.peak_mb:,.0f}",
        f"{s.cpu_utilisation * 100:.0f}",
    )


def target_table(found: Sequence[Target]) -> str:
    rows = [("target", "measured", "result")]
    rows += [(t.name, t.measured, t.verdict) for t in found]
    return _aligned(rows)


def _aligned(rows: Sequence[tuple[str, ...]]) -> str:
    # Short rows (a size, then a note) neither set nor follow the column widths.
    full = [row for row in rows if len(row) == len(rows[0])]
    widths = [max(_width(row[i]) for row in full) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [
            _pad(cell, widths[i], right=i >= 2 and _numeric(cell)) for i, cell in enumerate(row)
        ]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def _numeric(cell: str) -> bool:
    return cell.replace(",", "").replace(".", "").isdigit()


def _width(text: str) -> int:
    # Chinese characters and full-width signs take two columns in a terminal.
    return sum(2 if ord(char) > 0x2E7F else 1 for char in text)


def _pad(text: str, width: int, right: bool) -> str:
    fill = " " * (width - _width(text))
    return fill + text if right else text + fill
