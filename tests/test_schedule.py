"""`publisher status --next-change`: the next day a rule changes the public site by itself.

Each dated rule is tested on its own (R-A2 month pages and officers, R-A3, R-A4, R-A5, R-A6,
R-A10, R-B5 draw pages), and on the demo bureau the date is checked against real builds: the
site built the day before the next change equals the site built on the as-of date, and the
site built on the day of the change differs.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from factories import penalty
from supervision_factories import officer

from publisher.bureau import Officer, OfficerList
from publisher.cli import main
from publisher.content import Content
from publisher.loader import load_content
from publisher.model import Record
from publisher.schedule import (
    next_correction,
    next_draw_change,
    next_officer_change,
    next_site_change,
)
from publisher.settings import Settings
from publisher.status import status_report
from publisher.visibility import plan_publication

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
DUE = "03-31"


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


@pytest.fixture(scope="module")
def demo() -> Content:
    result = load_content(CONTENT)
    assert result.content is not None, [f.format_text() for f in result.findings]
    return result.content


def bare(content: Content) -> Content:
    """The demo without anything dated: only the month pages still change."""
    return replace(
        content, records=(), draws=(), officers=OfficerList(officers=[]), annual_reports=None
    )


def next_change(content: Content, as_of: str) -> dt.date | None:
    return status_report(content, day(as_of)).next_rebuild


# --- each rule on its own -----------------------------------------------------------------------


def test_r_a2_each_month_page_appears_on_the_first(demo: Content) -> None:
    assert next_change(bare(demo), "2026-11-28") == day("2026-12-01")
    assert next_change(bare(demo), "2026-12-01") == day("2027-01-01")


def test_r_a3_r_a4_r_a5_record_changes_are_the_plans_next_rebuild(demo: Content) -> None:
    for as_of in ("2020-03-06", "2024-02-29", "2025-06-17", "2026-11-28"):
        plan = plan_publication([r.record for r in demo.records], demo.settings, day(as_of))
        records = plan.next_rebuild()
        site = next_site_change(demo, plan)
        assert records is not None and site is not None and site <= records
    assert next_change(demo, "2026-11-28") == day("2026-11-30")  # 2021-cf-0003 leaves (R-A4)


def test_r_a10_an_annual_report_appears_on_its_approval_day(demo: Content) -> None:
    assert next_change(demo, "2026-01-20") == day("2026-01-23")


def test_r_a6_a_correction_shows_on_its_day_on_a_published_record() -> None:
    settings = Settings()
    correction = {
        "date": "2024-05-10",
        "fields": ["facts"],
        "summary": "更正",
        "reason": "录入错误",
    }
    record = Record.model_validate(penalty(corrections=[correction]))
    assert next_correction([record], settings, day("2024-04-01")) == day("2024-05-10")
    assert next_correction([record], settings, day("2024-05-10")) is None
    # A withdrawal notice carries no corrections (R-A5): nothing shows on that day.
    withdrawal = {"act": "revoked", "date": "2024-05-01", "explanation": "原决定已被撤销。"}
    withdrawn = Record.model_validate(penalty(corrections=[correction], withdrawal=withdrawal))
    assert next_correction([withdrawn], settings, day("2024-04-01")) is None


def test_r_b5_a_draw_page_appears_the_day_after_its_inspection_ends(demo: Content) -> None:
    draws = [loaded.model for loaded in demo.draws]
    assert next_draw_change(draws, day("2026-09-01")) == day("2026-09-05")  # ends 2026-09-04
    assert next_draw_change(draws, day("2026-09-05")) == day("2026-10-15")  # its results
    assert next_change(demo, "2026-09-01") == day("2026-09-05")


def test_r_a2_r_b2_an_officer_joins_or_leaves_the_public_list() -> None:
    expiring = _officer(valid_until="2026-11-15")
    assert next_officer_change([expiring], day("2026-11-10"), DUE) == day("2026-11-16")
    suspended = _officer(
        suspensions=[{"start": "2026-06-10", "end": "2026-06-20", "ground": "3.1.5"}]
    )
    assert next_officer_change([suspended], day("2026-06-01"), DUE) == day("2026-06-10")
    assert next_officer_change([suspended], day("2026-06-10"), DUE) == day("2026-06-21")
    late = _officer(
        annual_inspections=[
            *({"year": y, "date": f"{y}-03-01", "passed": True} for y in range(2020, 2026)),
            {"year": 2026, "date": "2026-04-10", "passed": True},
        ]
    )
    assert next_officer_change([late], day("2026-03-01"), DUE) == day("2026-04-01")
    assert next_officer_change([late], day("2026-04-01"), DUE) == day("2026-04-10")


def test_days_on_which_no_certificate_flips_are_skipped() -> None:
    """An inspection passed in time changes nothing: the next change is the expiry."""
    steady = _officer(valid_until="2030-12-31")
    assert next_officer_change([steady], day("2026-02-01"), DUE) == day("2031-01-01")


def _officer(**overrides: Any) -> Officer:
    return Officer.model_validate(
        officer("杨卫东", "14010019001", ["power"], "电力能源科", **overrides)
    )


# --- the command ------------------------------------------------------------------------------


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout


def test_next_change_prints_only_the_date_status_names(demo: Content) -> None:
    code, out = run("status", "--content", str(CONTENT), "--as-of", "2026-11-28", "--next-change")
    assert (code, out) == (0, "2026-11-30\n")
    code, full = run("status", "--content", str(CONTENT), "--as-of", "2026-11-28")
    assert code == 0
    assert "下次必须重新生成网站的日期：2026-11-30" in full


def test_next_change_prints_nothing_when_no_change_is_scheduled(
    demo: Content, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Documented contract (README, staff guide): no date, no output, exit 0."""
    import publisher.cli

    report = replace(status_report(demo, day("2026-11-28")), next_rebuild=None)
    monkeypatch.setattr(publisher.cli, "status_report", lambda *_: report)
    assert run("status", "--content", str(CONTENT), "--next-change") == (0, "")


# --- against real builds of the demo --------------------------------------------------------------

# The only text that changes every day by design: the as-of date in each page's footer and on
# the officer list. Everything else must stay the same until the next change.
AS_OF_STAMP = re.compile("截至\\d{4}年\\d{1,2}月\\d{1,2}日".encode())


def settings_without_search(folder: Path) -> Path:
    """The demo settings without the search index: it adds time, not date-dependent pages."""
    conf = folder / "conf.py"
    conf.write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *  # noqa\n"
        f"PLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]\nTHEME = {str(ROOT / 'theme')!r}\n"
        "DISCLOSURE_SEARCH = False\n",
        encoding="utf-8",
    )
    return conf


def build_all(folder: Path, days: list[dt.date]) -> list[dict[str, bytes]]:
    """The demo built for each day, side by side (the builds are separate processes)."""
    conf = settings_without_search(folder)
    outputs = [folder / f"site-{n}" for n in range(len(days))]
    running = [
        subprocess.Popen(
            build_command(out, d, conf),
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for out, d in zip(outputs, days, strict=True)
    ]
    for process in running:
        _out, err = process.communicate()
        assert process.returncode == 0, err.decode()
    return [site_files(out) for out in outputs]


def build_command(output: Path, as_of: dt.date, conf: Path) -> list[str]:
    command = [
        sys.executable, "-m", "publisher.cli", "build", "--content", str(CONTENT),
        "--output", str(output), "--as-of", as_of.isoformat(), "--settings", str(conf),
    ]  # fmt: skip
    return command


def site_files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): AS_OF_STAMP.sub(b"", p.read_bytes())
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize(
    ("as_of", "expected", "appears"),
    [
        ("2026-11-28", "2026-11-30", "data/records.json"),  # 2021-cf-0003 leaves (R-A4)
        ("2026-09-01", "2026-09-05", "draws/2026-sj-02/index.html"),  # draw page (R-B5)
    ],
)
def test_the_site_changes_on_the_next_change_and_not_before(
    demo: Content, tmp_path: Path, as_of: str, expected: str, appears: str
) -> None:
    change = next_change(demo, as_of)
    assert change == day(expected)
    start, eve, on = build_all(tmp_path, [day(as_of), change - dt.timedelta(days=1), change])
    assert start == eve, "the site changed before the announced date"
    assert eve != on, "the site did not change on the announced date"
    assert eve.get(appears) != on.get(appears)
