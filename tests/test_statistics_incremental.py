"""The statistics charts between builds (R-A10, docs/performance.md): a chart is drawn again
only when what it shows changed, a build that draws none never loads matplotlib, and the
site built with the kept charts is byte for byte the site built without them.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

from factories import write_content
from test_incremental import assert_same_as_clean, build, replace_text, settings_file
from test_statistics import load, reports_file, statistics_records

from publisher.memo import Memo
from publisher.site import Page
from publisher.statistics_pages import statistics_pages

AS_OF = dt.date(2026, 11, 28)
CODE_KEY = "test"
GROUPS_PER_REPORT = 9


def content_with_reports(root: Path) -> Path:
    write_content(root, statistics_records())
    reports_file(
        root,
        {"year": 2024, "published": "2025-01-20"},
        {"year": 2025, "published": "2026-01-23"},
    )
    return root


def charts_of(pages: list[Page]) -> dict[str, str]:
    """Every chart on the report pages: its id and its SVG."""
    return {
        view.chart.id: view.chart.svg
        for page in pages
        if "report" in page.context
        for view in page.context["report"].groups  # type: ignore[attr-defined]
    }


def build_with_memo(root: Path, folder: Path) -> tuple[dict[str, str], int]:
    """The charts of one build kept in `folder`, and how many of them were drawn."""
    memo = Memo.in_folder(folder, "charts", CODE_KEY)
    charts = charts_of(statistics_pages(load(root), AS_OF, memo))
    memo.save()
    return charts, memo.computed


def test_only_the_charts_whose_figures_changed_are_drawn_again(tmp_path: Path) -> None:
    root = content_with_reports(tmp_path / "content")
    first, drawn = build_with_memo(root, tmp_path / "cache")
    assert drawn == len(first) == 2 * GROUPS_PER_REPORT
    again, drawn = build_with_memo(root, tmp_path / "cache")
    assert (again, drawn) == (first, 0)
    # A 2025 fine changes the sums of 2025, and nothing else.
    replace_text(root / "records" / "2025-cf-0001.yaml", "fine_yuan: 30000", "fine_yuan: 31000")
    changed, drawn = build_with_memo(root, tmp_path / "cache")
    assert drawn == 1
    assert [name for name in first if changed[name] != first[name]] == ["chart-2025-amounts"]
    assert changed == charts_of(statistics_pages(load(root), AS_OF))  # as drawn afresh


def test_a_build_that_draws_no_chart_never_loads_matplotlib(tmp_path: Path) -> None:
    root = content_with_reports(tmp_path / "content")
    build_with_memo(root, tmp_path / "cache")
    program = (
        "import sys\n"
        "from pathlib import Path\n"
        "from test_statistics_incremental import AS_OF, CODE_KEY, load\n"
        "from publisher.memo import Memo\n"
        "from publisher.statistics_pages import statistics_pages\n"
        f"memo = Memo.in_folder(Path({str(tmp_path / 'cache')!r}), 'charts', CODE_KEY)\n"
        f"statistics_pages(load(Path({str(root)!r})), AS_OF, memo)\n"
        "print(memo.computed, 'matplotlib' in sys.modules)\n"
    )
    tests = Path(__file__).parent
    result = subprocess.run(
        [sys.executable, "-c", program], cwd=tests, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["0", "False"]


def test_a_changed_statistic_gives_the_site_of_a_clean_build(tmp_path: Path) -> None:
    root = content_with_reports(tmp_path / "content")
    output = tmp_path / "site"
    settings = settings_file(tmp_path)
    assert build(root, output, settings).returncode == 0
    before = (output / "statistics" / "2025" / "index.html").read_bytes()
    replace_text(root / "records" / "2025-jc-0003.yaml", "coal_mine_safety", "power")
    assert_same_as_clean(root, output, settings)
    assert (output / "statistics" / "2025" / "index.html").read_bytes() != before


def test_memo_values_computes_the_missing_pieces_in_one_call(tmp_path: Path) -> None:
    calls: list[list[int]] = []

    def squares(inputs: list[int]) -> list[int]:
        calls.append(inputs)
        return [n * n for n in inputs]

    def values(memo: Memo, numbers: list[int]) -> list[int]:
        return memo.values([(n,) for n in numbers], lambda at: squares([numbers[i] for i in at]))

    first = Memo.in_folder(tmp_path, "squares", CODE_KEY)
    assert values(first, [1, 2, 3]) == [1, 4, 9]
    first.save()
    again = Memo.in_folder(tmp_path, "squares", CODE_KEY)
    assert values(again, [3, 4, 1, 5]) == [9, 16, 1, 25]
    assert calls == [[1, 2, 3], [4, 5]] and again.computed == 2
    assert values(Memo.disabled(), [2]) == [4] and calls[-1] == [2]
