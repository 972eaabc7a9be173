"""`--as-of today`: wherever a command takes an as-of date, `today` is today in Asia/Shanghai
by the injected clock (schedulers write it instead of `$(date +%F)`, which gives the machine's
own zone's date, a day early before 08:00 Beijing time on a UTC machine)."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner
from factories import penalty, write_content
from hypothesis import given
from hypothesis import strategies as st

import publisher.cli
import publisher.commands.verify
from publisher.build import BuildOptions
from publisher.cli import main
from publisher.clock import SHANGHAI, resolve_as_of
from publisher.commands.common import AS_OF_METAVAR
from publisher.verify import Verification

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "plugins"))
import disclosure  # the plugin lives outside the installed packages

TODAY = dt.date(2026, 11, 28)


def fixed_clock() -> dt.datetime:
    # 2026-11-27 16:30 UTC: still the 27th in UTC, already 00:30 on the 28th in Beijing.
    return dt.datetime(2026, 11, 27, 16, 30, tzinfo=dt.UTC)


def run(*args: str) -> click.testing.Result:
    return CliRunner().invoke(main, list(args), obj={"clock": fixed_clock})


@given(st.datetimes(timezones=st.just(dt.UTC)))
def test_today_is_the_beijing_calendar_day_of_the_clock(instant: dt.datetime) -> None:
    expected = instant.astimezone(SHANGHAI).date()
    assert resolve_as_of("today", lambda: instant) == expected
    assert resolve_as_of(None, lambda: instant) == expected


@pytest.mark.parametrize("text", ["today", "Today", " TODAY ", "2026-11-28"])
def test_today_in_any_case_and_the_iso_date_agree(text: str) -> None:
    assert resolve_as_of(text, fixed_clock) == TODAY


def commands_with_as_of(group: click.Group, prefix: str = "") -> list[tuple[str, click.Option]]:
    found: list[tuple[str, click.Option]] = []
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            found += commands_with_as_of(command, f"{prefix}{name} ")
        for param in command.params:
            if isinstance(param, click.Option) and "--as-of" in param.opts:
                found.append((f"{prefix}{name}", param))
    return found


def test_every_as_of_option_says_it_takes_today() -> None:
    found = commands_with_as_of(main)
    assert {"build", "check", "status", "verify"} <= {name for name, _ in found}
    for name, option in found:
        assert option.metavar == AS_OF_METAVAR, name
        assert "today" in (option.help or ""), name


@pytest.mark.parametrize("word", ["yesterday", "今天", "2026-11-31", "28.11.2026"])
def test_anything_else_is_a_usage_error_that_names_today(word: str, tmp_path: Path) -> None:
    root = write_content(tmp_path / "content", [penalty()])
    result = run("check", "--content", str(root), "--as-of", word)
    assert result.exit_code == 2
    assert "today" in result.stderr and "YYYY-MM-DD" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_and_status_today_equal_the_explicit_date(tmp_path: Path) -> None:
    root = write_content(tmp_path / "content", [penalty()])
    for command in (["check", "--scope", "publication", "--format", "json"], ["status"]):
        by_word = run(*command, "--content", str(root), "--as-of", "today")
        by_date = run(*command, "--content", str(root), "--as-of", TODAY.isoformat())
        assert (by_word.exit_code, by_word.stdout) == (by_date.exit_code, by_date.stdout)
    assert TODAY.isoformat() in run("status", "--content", str(root), "--as-of", "today").stdout


def test_build_today_builds_for_the_beijing_day(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[BuildOptions] = []

    def fake_build(options: BuildOptions) -> int:
        seen.append(options)
        return 0

    monkeypatch.setattr(publisher.cli, "build_site", fake_build)
    root = write_content(tmp_path / "content", [penalty()])
    settings = Path(__file__).resolve().parent.parent / "pelicanconf.py"
    result = run("build", "--content", str(root), "--settings", str(settings), "--as-of", "today")
    assert result.exit_code == 0, result.output
    assert [options.as_of for options in seen] == [TODAY]


def test_verify_today_checks_against_the_beijing_day(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[dt.date] = []

    def fake_verify(content: Any, as_of: dt.date, fetcher: Any, page_size: int) -> Verification:
        seen.append(as_of)
        return Verification(as_of=as_of, problems=(), checked=1)

    monkeypatch.setattr(publisher.commands.verify, "verify_site", fake_verify)
    root = write_content(tmp_path / "content", [penalty()])
    site = tmp_path / "site"
    site.mkdir()
    result = run("verify", "--content", str(root), "--as-of", "today", str(site))
    assert result.exit_code == 0, result.output
    assert seen == [TODAY]
    assert TODAY.isoformat() in result.stderr


def test_the_pelican_setting_takes_today_too() -> None:
    """`pelican content -s pelicanconf.py -e 'DISCLOSURE_AS_OF="today"'` (the system clock)."""
    before = dt.datetime.now(SHANGHAI).date()
    day = disclosure.as_of_date("today")
    assert before <= day <= dt.datetime.now(SHANGHAI).date()
