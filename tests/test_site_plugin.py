"""Unit tests of the `disclosure` Pelican plugin's pieces, and builds inside one process."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from factories import id_number, inspection, penalty, write_content
from pelican import Pelican
from pelican.settings import read_settings

from publisher.loader import load_content
from publisher.staging import prepare_staging

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT / "plugins"))

import disclosure  # noqa: E402  (the plugin lives outside the installed packages)
from disclosure.filters import paragraphs  # noqa: E402


def fake_pelican(tmp_path: Path, page_text: str) -> tuple[Any, Path, Path]:
    """A finished build's state: an old output folder and a staging folder with one page."""
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("旧网站", encoding="utf-8")
    staging = prepare_staging(output)
    (staging / "index.html").write_text(page_text, encoding="utf-8")
    content = load_content(write_content(tmp_path / "content", [penalty()])).content
    assert content is not None
    build = disclosure.Build(
        content=content, as_of=dt.date(2026, 11, 28), staging=staging, output=output
    )
    settings = {disclosure.BUILD_KEY: build, "OUTPUT_PATH": str(staging)}
    return SimpleNamespace(settings=settings, output_path=str(staging)), output, staging


def test_a_leak_in_the_finished_output_discards_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    leaked = id_number(dt.date(1985, 6, 1))
    pelican, output, staging = fake_pelican(tmp_path, f"<p>身份证号 {leaked}</p>")
    with pytest.raises(SystemExit) as stopped:
        disclosure.scan_and_commit(pelican)
    assert stopped.value.code == 1
    err = capsys.readouterr().err
    assert "index.html:1:" in err and "身份证号" in err and "R-A8" in err
    assert leaked not in err  # the report must not repeat the number it protects
    assert not staging.exists()
    assert (output / "index.html").read_text(encoding="utf-8") == "旧网站"


def test_a_clean_output_replaces_the_old_site(tmp_path: Path) -> None:
    pelican, output, staging = fake_pelican(tmp_path, "<p>新网站</p>")
    disclosure.scan_and_commit(pelican)
    assert (output / "index.html").read_text(encoding="utf-8") == "<p>新网站</p>"
    assert not staging.exists()
    assert pelican.settings["OUTPUT_PATH"] == str(output)


def test_as_of_date_defaults_to_today_in_shanghai() -> None:
    assert disclosure.as_of_date("2026-11-28") == dt.date(2026, 11, 28)
    assert disclosure.as_of_date(dt.date(2025, 1, 2)) == dt.date(2025, 1, 2)
    today = dt.datetime.now(ZoneInfo("Asia/Shanghai")).date()
    assert disclosure.as_of_date(None) in (today, today + dt.timedelta(days=1))


def test_paragraphs_escape_markup_and_keep_line_structure() -> None:
    html = str(paragraphs("第一段<script>alert(1)</script>\n第二行\n\n第二段"))
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert html.count("<p>") == 2 and "<br>" in html


def test_output_paths_cannot_leave_the_output_folder() -> None:
    assert disclosure.safe_parts("feeds/atom.xml") == ("feeds", "atom.xml")
    for unsafe in ("../x", "/etc/passwd", "a/../../b", ""):
        with pytest.raises(ValueError):
            disclosure.safe_parts(unsafe)


def run_in_process(content: Path, output: Path) -> None:
    overrides = {
        "PATH": str(content),
        "OUTPUT_PATH": str(output),
        "DISCLOSURE_AS_OF": "2026-11-28",
    }
    settings = read_settings(str(PROJECT / "pelicanconf.py"), override=overrides)
    Pelican(settings).run()


def test_two_builds_in_one_process_do_not_share_state(tmp_path: Path) -> None:
    first = write_content(tmp_path / "a", [penalty()])
    second = write_content(tmp_path / "b", [inspection()])
    run_in_process(first, tmp_path / "out-a")
    run_in_process(second, tmp_path / "out-b")
    assert (tmp_path / "out-a" / "records" / "2024-cf-0001" / "index.html").is_file()
    assert not (tmp_path / "out-a" / "records" / "2024-jc-0001").exists()
    assert (tmp_path / "out-b" / "records" / "2024-jc-0001" / "index.html").is_file()
    assert not (tmp_path / "out-b" / "records" / "2024-cf-0001").exists()


def test_a_second_run_of_one_pelican_object_reloads_the_content(tmp_path: Path) -> None:
    # `pelican --autoreload` calls run() again on the same object after a change.
    content = write_content(tmp_path / "c", [penalty()])
    overrides = {"PATH": str(content), "OUTPUT_PATH": str(tmp_path / "out")}
    pelican = Pelican(read_settings(str(PROJECT / "pelicanconf.py"), override=overrides))
    pelican.run()
    write_content(content, [inspection()])
    pelican.run()
    assert (tmp_path / "out" / "records" / "2024-jc-0001" / "index.html").is_file()
    assert not list(tmp_path.glob(".*staging"))
