"""The command line as staff use it: check, status, new, schema (build is in the site tests)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from click.testing import CliRunner
from factories import inspection, penalty, write_content, write_yaml

from publisher.cli import main
from publisher.clock import SHANGHAI


def fixed_clock() -> dt.datetime:
    # 2026-11-27 20:30 UTC is already 2026-11-28 in Asia/Shanghai.
    return dt.datetime(2026, 11, 27, 20, 30, tzinfo=dt.UTC)


def run(*args: str) -> tuple[int, str, str]:
    runner = CliRunner()
    result = runner.invoke(main, list(args), obj={"clock": fixed_clock})
    return result.exit_code, result.stdout, result.stderr


def test_check_passes_on_valid_content(tmp_path: Path) -> None:
    root = write_content(tmp_path / "content", [penalty(), inspection()])
    # These records carry no case file, which R-B3 reports: check the publication rules only.
    args = ("--as-of", "2024-06-01", "--scope", "publication")
    code, out, _err = run("check", "--content", str(root), *args)
    assert code == 0, out


def test_check_json_lists_every_broken_file_with_line(tmp_path: Path) -> None:
    """R-C fail closed: every problem at once, each with file and line."""
    root = write_content(tmp_path / "content", [penalty()])
    write_yaml(root / "records" / "bad1.yaml", penalty(id="2024-cf-0002", area="mars"))
    (root / "records" / "bad2.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    code, out, _err = run("check", "--content", str(root), "--format", "json")
    assert code == 1
    findings = json.loads(out)
    files = {Path(f["file"]).name for f in findings if f["severity"] == "error"}
    assert files == {"bad1.yaml", "bad2.yaml"}
    area = next(f for f in findings if Path(f["file"]).name == "bad1.yaml")
    assert area["record"] == "2024-cf-0002"
    assert area["line"] == 5
    assert {"rule", "severity", "file", "record", "message"} <= set(area)


def test_as_of_defaults_to_today_in_shanghai() -> None:
    from publisher.clock import today_in_shanghai

    assert today_in_shanghai(fixed_clock) == dt.date(2026, 11, 28)
    assert fixed_clock().astimezone(SHANGHAI).hour == 4


def test_status_names_departures_and_next_rebuild(tmp_path: Path) -> None:
    """R-A4: a record whose period ends within 30 days is listed, with the rebuild date."""
    root = write_content(
        tmp_path / "content",
        [penalty(published="2021-12-10", decided="2021-12-03")],
    )
    code, out, _err = run("status", "--content", str(root))
    assert code == 0
    assert "2024-cf-0001" in out
    assert "2026-12-11" in out  # last day 2026-12-10, gone the next day


def test_new_penalty_takes_next_free_id(tmp_path: Path) -> None:
    root = write_content(tmp_path / "content", [penalty(id="2026-cf-0007")])
    code, out, _err = run("new", "penalty", "--content", str(root))
    assert code == 0, out
    created = root / "records" / "2026" / "2026-cf-0008.yaml"
    assert created.is_file()
    assert "2026-cf-0008" in out


def test_new_template_is_a_draft_that_passes_the_schema(tmp_path: Path) -> None:
    root = write_content(tmp_path / "content", [])
    run("new", "inspection", "--content", str(root))
    from publisher.loader import load_content

    result = load_content(root)
    assert result.content is not None, [f.format_text() for f in result.findings]
    assert result.content.records[0].record.is_draft


def test_schema_writes_json_schema_files(tmp_path: Path) -> None:
    code, _out, _err = run("schema", "--output", str(tmp_path / "s"))
    assert code == 0
    schema = json.loads((tmp_path / "s" / "record.schema.json").read_text(encoding="utf-8"))
    assert schema["properties"]["published"]["description"].startswith("首次公示日期")


def test_build_refuses_a_settings_file_without_our_plugin(tmp_path: Path) -> None:
    """R-C: a settings file that loads no plugin must not pass for a successful build."""
    root = Path(__file__).resolve().parent.parent
    settings = tmp_path / "conf.py"
    settings.write_text(
        f"import sys\nsys.path.insert(0, {str(root)!r})\nfrom pelicanconf import *  # noqa\n"
        "PLUGINS = []\n",
        encoding="utf-8",
    )
    content = write_content(tmp_path / "content", [penalty()])
    code, _out, _err = run(
        "build", "--content", str(content), "--output", str(tmp_path / "site"),
        "--as-of", "2024-06-01", "--settings", str(settings),
    )  # fmt: skip
    assert code == 1
