"""The bad-input corpus (tests/bad_inputs/): every typical mistake in a content file is
refused by `publisher check` with a 简体中文 message on the file's own line, never with a
Python traceback, and a build with one such file leaves the last good site in place (R-C)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from factories import penalty, write_content

from publisher.build import BuildOptions, build_site
from publisher.cli import main
from publisher.loader import load_content
from publisher.yamlsource import parse_yaml

PROJECT = Path(__file__).resolve().parent.parent
CORPUS = Path(__file__).resolve().parent / "bad_inputs"
EXPECTED: dict[str, dict[str, str]] = yaml.safe_load(
    (CORPUS / "expected.yaml").read_text(encoding="utf-8")
)
AS_OF = "2024-06-01"
# Anchors, aliases and deep nesting must be refused at once, not after expanding them.
FAST_SECONDS = 3.0


def fixed_clock() -> dt.datetime:
    return dt.datetime(2024, 6, 1, 2, 0, tzinfo=dt.UTC)


def content_with(root: Path, name: str) -> Path:
    """A valid content folder (one penalty) plus the corpus file `name` at its place."""
    write_content(root, [penalty()])
    target = root / EXPECTED[name]["place"]
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(CORPUS / name, target)
    return target


def check_json(root: Path) -> tuple[int, list[dict[str, Any]], str]:
    runner = CliRunner()
    args = ["check", "--content", str(root), "--as-of", AS_OF, "--scope", "publication"]
    result = runner.invoke(main, [*args, "--format", "json"], obj={"clock": fixed_clock})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, json.loads(result.stdout), result.stdout + result.stderr


def test_every_corpus_file_has_an_expectation() -> None:
    files = {p.name for p in CORPUS.iterdir() if p.suffix == ".yaml"} - {"expected.yaml"}
    assert files - {"bom_accepted.yaml"} == set(EXPECTED)
    assert len(EXPECTED) >= 40


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_input_is_refused_on_its_line(tmp_path: Path, name: str) -> None:
    root = tmp_path / "content"
    target = content_with(root, name)
    started = time.monotonic()
    code, findings, output = check_json(root)
    assert time.monotonic() - started < FAST_SECONDS
    assert code != 0
    assert "Traceback" not in output
    expected = EXPECTED[name]
    errors = [f for f in findings if f["severity"] == "error"]
    mine = [f for f in errors if Path(f["file"]) == target]
    assert mine, [f"{f['file']}: {f['message']}" for f in errors]
    matching = [f for f in mine if expected["message"] in f["message"]]
    assert matching, [f["message"] for f in mine]
    assert all(isinstance(f["line"], int) and f["line"] >= 1 for f in matching)
    if "also" in expected:
        # A duplicate is reported in both files, each naming the other.
        other = root / expected["also"]
        in_other = [f for f in errors if Path(f["file"]) == other]
        assert any(str(target) in f["message"] for f in in_other)
        assert any(str(other) in f["message"] for f in matching)


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    root = tmp_path / "content"
    write_content(root, [penalty()])
    shutil.copyfile(CORPUS / "bom_accepted.yaml", root / "records" / "bom_accepted.yaml")
    result = load_content(root)
    assert result.findings == []
    assert result.content is not None
    assert "2024-cf-0101" in {loaded.record.id for loaded in result.content.records}


def test_build_with_a_bad_file_keeps_the_previous_site(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """R-C fail closed: exit non-zero, `FILE:LINE: message` on stderr, old output untouched."""
    root = write_content(tmp_path / "content", [penalty()])
    output = tmp_path / "public"
    options = BuildOptions(root, output, dt.date(2024, 6, 1), PROJECT / "pelicanconf.py")
    assert build_site(options) == 0
    before = snapshot(output)
    assert before
    capfd.readouterr()
    target = content_with(root, "fine_chinese_numeral.yaml")
    assert build_site(options) != 0
    err = capfd.readouterr().err
    assert f"{target}:17:" in err and "应为整数" in err
    assert "Traceback" not in err
    assert snapshot(output) == before


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_ordinary_anchors_and_aliases_still_load() -> None:
    document = parse_yaml("base: &officer {name: 周示例, unit: 安全科}\nlead: *officer\n")
    assert document.data["lead"] == {"name": "周示例", "unit": "安全科"}
