"""Dates outside 1900-01-01–2199-12-31 are typing mistakes (`publisher/date_range.py`): the
file is refused on the date's line before anything counts from it (RULES.md C, fail closed),
and so is an as-of date outside the range. Found by the loader fuzzer: a record published
`9999-01-01` passed `publisher check` and crashed the build (five years after 9999)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from click.testing import CliRunner
from factories import penalty, write_content, write_yaml
from supervision_factories import officer

from publisher.cli import main
from publisher.date_range import EARLIEST, LATEST, dates_out_of_range
from publisher.loader import load_content
from publisher.model import Record


def check(root: Path, as_of: str = "2026-01-01") -> tuple[int, list[dict[str, object]]]:
    arguments = ["check", "--content", str(root), "--as-of", as_of, "--format", "json"]
    result = CliRunner().invoke(main, [*arguments, "--scope", "publication"])
    return result.exit_code, json.loads(result.stdout) if result.exit_code in (0, 1) else []


def line_of(finding: dict[str, object], key: str) -> int:
    """The line of `key` in the finding's file."""
    lines = Path(str(finding["file"])).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.lstrip().startswith(key))


def test_a_record_published_in_9999_is_refused_on_its_line(tmp_path: Path) -> None:
    root = write_content(tmp_path / "content", [penalty(published="9999-01-01")])
    code, findings = check(root)
    assert code == 1
    (finding,) = [f for f in findings if "超出可接受的范围" in str(f["message"])]
    assert finding["rule"] == "R-A3" and finding["line"] == line_of(finding, "published:")
    assert "9999-01-01" in str(finding["message"])
    assert load_content(root).content is None  # the build stops before planning


def test_an_officer_valid_until_9999_is_refused(tmp_path: Path) -> None:
    root = write_content(tmp_path / "content", [penalty()])
    staff = officer("杨卫东", "14010019001", ["power"], "电力监管科", valid_until="9999-12-31")
    write_yaml(root / "officers.yaml", {"officers": [staff]})
    result = load_content(root)
    assert result.content is None
    (finding,) = result.findings
    assert finding.rule == "R-B2"
    assert finding.line == line_of(finding.to_json(), "valid_until:")


def test_the_ends_of_the_range_are_accepted(tmp_path: Path) -> None:
    party = {"name": "赵示例", "kind": "natural_person", "birth_date": EARLIEST.isoformat()}
    latest = penalty(decided=LATEST.isoformat(), published=LATEST.isoformat(), party=party)
    assert list(dates_out_of_range(Record.model_validate(latest))) == []
    root = write_content(tmp_path / "content", [latest])
    assert check(root, as_of=LATEST.isoformat())[0] == 0


def test_dates_are_found_however_deep() -> None:
    corrections = [{"date": "2024-04-01", "fields": ["facts"], "summary": "更正", "reason": "笔误"}]
    corrections.append({**corrections[0], "date": "1899-12-31"})
    record = Record.model_validate(penalty(corrections=corrections))
    assert list(dates_out_of_range(record)) == [(("corrections", 1, "date"), dt.date(1899, 12, 31))]


def test_settings_that_would_count_past_the_calendar_are_refused(tmp_path: Path) -> None:
    root = write_content(
        tmp_path / "content",
        [penalty()],
        {"retention_years": 100000, "deadlines": {"penalty_publication_workdays": 10**8}},
    )
    code, findings = check(root)
    assert code == 1
    messages = {str(f["message"]) for f in findings}
    assert "字段 retention_years：不能大于 100" in messages
    assert "字段 deadlines.penalty_publication_workdays：不能大于 250" in messages


def test_an_as_of_date_outside_the_range_is_a_usage_error(tmp_path: Path) -> None:
    root = write_content(tmp_path / "content", [penalty()])
    arguments = ["status", "--content", str(root), "--as-of", "9999-12-31"]
    result = CliRunner().invoke(main, arguments)
    assert result.exit_code == 2
    assert "日期应在 1900-01-01 至 2199-12-31 之间" in result.output
