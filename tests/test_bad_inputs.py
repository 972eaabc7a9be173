"""The bad-input corpus (tests/bad_inputs/): every typical mistake in a content file is
refused by `publisher check` with a 简体中文 message on the file's own line, never with a
Python traceback, and a build with one such file leaves the last good site in place (R-C).

`expected.yaml` lists each case: a corpus file, or a situation no file can carry (a symbolic
link, a folder, a huge sparse file, a named pipe) that the test makes (`make`); files named
`*_accepted.yaml` are the Chinese-input forms that load (`accepted`)."""

from __future__ import annotations

import datetime as dt
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from factories import penalty, write_content, write_yaml

from publisher.build import BuildOptions, build_site
from publisher.cli import main
from publisher.loader import load_content
from publisher.yamlsource import parse_yaml

PROJECT = Path(__file__).resolve().parent.parent
CORPUS = Path(__file__).resolve().parent / "bad_inputs"
EXPECTED: dict[str, dict[str, Any]] = yaml.safe_load(
    (CORPUS / "expected.yaml").read_text(encoding="utf-8")
)
REFUSED = {name: case for name, case in EXPECTED.items() if "message" in case}
ACCEPTED = {name: case for name, case in EXPECTED.items() if "accepted" in case}
AS_OF = "2024-06-01"
# Anchors, aliases and deep nesting must be refused at once, not after expanding them.
FAST_SECONDS = 3.0
# A record outside content/ that a followed link would load without complaint.
OUTSIDE_RECORD = penalty(id="2024-cf-0900", doc_no="青工信罚〔2024〕900号")


def fixed_clock() -> dt.datetime:
    return dt.datetime(2024, 6, 1, 2, 0, tzinfo=dt.UTC)


def content_with(root: Path, name: str) -> Path:
    """A valid content folder (one penalty) plus the case `name` at its place."""
    write_content(root, [penalty()])
    case = EXPECTED[name]
    target = root / case["place"]
    target.parent.mkdir(parents=True, exist_ok=True)
    if "make" in case:
        make_situation(root, target, case["make"])
    else:
        shutil.copyfile(CORPUS / name, target)
    return target


def make_situation(root: Path, target: Path, make: dict[str, Any]) -> None:
    """What `make` in expected.yaml describes, at `target`."""
    outside = root.parent / "outside"
    write_yaml(outside / "outside.yaml", OUTSIDE_RECORD)
    if "symlink" in make:
        target.symlink_to(str(make["symlink"]).format(outside=outside))
    elif "folder_link" in make:
        moved = outside / str(make["folder_link"])
        if target.is_dir():
            shutil.move(target, moved)
        moved.mkdir(parents=True, exist_ok=True)
        target.symlink_to(moved, target_is_directory=True)
    elif "folder" in make:
        write_yaml(target / "inside.yaml", OUTSIDE_RECORD)
    elif "sparse" in make:
        with target.open("wb") as file:
            file.truncate(int(make["sparse"]))
    elif "fifo" in make:
        os.mkfifo(target)
    else:
        raise AssertionError(f"unknown situation {make}")


def check_json(root: Path) -> tuple[int, list[dict[str, Any]], str]:
    runner = CliRunner()
    args = ["check", "--content", str(root), "--as-of", AS_OF, "--scope", "publication"]
    result = runner.invoke(main, [*args, "--format", "json"], obj={"clock": fixed_clock})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, json.loads(result.stdout), result.stdout + result.stderr


def test_every_corpus_file_has_an_expectation() -> None:
    files = {p.name for p in CORPUS.iterdir() if p.suffix == ".yaml"} - {"expected.yaml"}
    listed = {name for name, case in EXPECTED.items() if "make" not in case}
    assert files - {"bom_accepted.yaml"} == listed
    assert all(("message" in case) != ("accepted" in case) for case in EXPECTED.values())
    assert len(REFUSED) >= 60


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_bad_input_is_refused_on_its_line(tmp_path: Path, name: str) -> None:
    root = tmp_path / "content"
    target = content_with(root, name)
    started = time.monotonic()
    code, findings, output = check_json(root)
    assert time.monotonic() - started < FAST_SECONDS
    assert code != 0
    assert "Traceback" not in output
    expected = REFUSED[name]
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


@pytest.mark.parametrize("name", sorted(ACCEPTED))
def test_chinese_input_is_read_as_the_value_it_means(tmp_path: Path, name: str) -> None:
    """Full-width digits and Chinese dates in number and date fields load as ISO dates and
    integers (publisher.input_forms); the corpus says which value each must give."""
    root = tmp_path / "content"
    content_with(root, name)
    result = load_content(root)
    assert result.findings == [], [f.format_text() for f in result.findings]
    assert result.content is not None
    case = ACCEPTED[name]
    if case["place"] == "settings.yaml":
        loaded: object = result.content.settings
    else:
        [loaded] = [r.record for r in result.content.records if r.record.id == "2024-cf-0101"]
    for dotted, expected in case["accepted"].items():
        value = loaded
        for part in dotted.split("."):
            value = getattr(value, part)
        shown = value.isoformat() if isinstance(value, dt.date) else value
        assert shown == expected, dotted


@pytest.fixture(scope="module")
def previous_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site built from valid content: the output a failed build must leave alone."""
    folder = tmp_path_factory.mktemp("previous")
    root = write_content(folder / "content", [penalty()])
    output = folder / "public"
    options = BuildOptions(root, output, dt.date(2024, 6, 1), PROJECT / "pelicanconf.py")
    assert build_site(options) == 0
    return output


# One case of each way a file can be refused: schema, Chinese input, text, links, size, kind.
BUILD_CASES = (
    "fine_chinese_numeral.yaml",
    "fine_wan.yaml",
    "date_chinese_february_30.yaml",
    "nul_byte.yaml",
    "very_long_line.yaml",
    "alias_bomb.yaml",
    "symlink_to_etc_passwd",
    "symlinked_folder_in_records",
    "folder_named_like_a_record",
    "oversized_sparse_4_gib",
    "named_pipe",
)


@pytest.mark.parametrize("name", BUILD_CASES)
def test_build_with_a_bad_file_keeps_the_previous_site(
    tmp_path: Path, previous_site: Path, name: str, capfd: pytest.CaptureFixture[str]
) -> None:
    """R-C fail closed: exit non-zero, `FILE:LINE: message` on stderr, old output untouched."""
    output = Path(shutil.copytree(previous_site, tmp_path / "public"))
    before = snapshot(output)
    assert before
    root = tmp_path / "content"
    target = content_with(root, name)
    options = BuildOptions(root, output, dt.date(2024, 6, 1), PROJECT / "pelicanconf.py")
    capfd.readouterr()
    assert build_site(options) != 0
    err = capfd.readouterr().err
    assert f"{target}:" in err and REFUSED[name]["message"] in err
    line = err.split(f"{target}:", 1)[1].split(":", 1)[0]
    assert line.isdigit() and int(line) >= 1
    assert "Traceback" not in err
    assert snapshot(output) == before


def test_a_link_is_never_followed(tmp_path: Path) -> None:
    """The target of a link is never read: an unreadable file behind it (NUL bytes) gives no
    message of its own, only the link is named."""
    root = write_content(tmp_path / "content", [penalty()])
    behind = tmp_path / "outside" / "broken.yaml"
    behind.parent.mkdir()
    behind.write_bytes(b"id: 2024-cf-0900\x00\n")
    (root / "records" / "linked.yaml").symlink_to(behind)
    (root / "records" / "folder").symlink_to(behind.parent, target_is_directory=True)
    result = load_content(root)
    assert sorted((Path(f.file).name, f.line, f.rule) for f in result.findings) == [
        ("folder", 1, "R-C"),
        ("linked.yaml", 1, "R-C"),
    ]
    assert all("符号链接" in f.message for f in result.findings)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file; see the test below")
def test_an_unreadable_file_is_named(tmp_path: Path) -> None:
    root = write_content(tmp_path / "content", [penalty()])
    path = root / "records" / "2024-cf-0001.yaml"
    path.chmod(0)
    try:
        [finding] = load_content(root).findings
    finally:
        path.chmod(0o644)
    assert (finding.file, finding.line) == (str(path), 1)
    assert "没有读取这个文件的权限" in finding.message


def test_an_unreadable_file_is_named_also_when_running_as_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """CI runs as root, which may read any file: the refusal to open is simulated."""
    root = write_content(tmp_path / "content", [penalty()])
    path = root / "records" / "2024-cf-0001.yaml"
    real_open = os.open

    def refusing_open(file: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if Path(file) == path:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing_open)
    code, findings, output = check_json(root)
    assert code == 1
    assert "Traceback" not in output
    assert [(f["file"], f["line"], f["rule"]) for f in findings if f["severity"] == "error"] == [
        (str(path), 1, "R-C")
    ]


# Address space for the whole `publisher check` process; far below what any bomb expands to.
MEMORY_LIMIT = 1024 * 1024 * 1024
BOMB_SECONDS = 60


def limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def test_bombs_are_refused_quickly_under_a_memory_limit(tmp_path: Path) -> None:
    """Alias bombs, deep nesting, a flood of small items, a 4 GiB file and a long line, all at
    once, in a `publisher check` process limited to 1 GiB of address space: each is named
    with its line, and nothing runs out of memory (a MemoryError would be a traceback)."""
    root = write_content(tmp_path / "content", [penalty()])
    bombs = ["alias_bomb.yaml", "deep_nesting.yaml", "deep_nesting_block.yaml", "nul_byte.yaml"]
    bombs += ["very_long_line.yaml"]
    for name in bombs:
        shutil.copyfile(CORPUS / name, root / "records" / name)
    flood = "items: [" + ",".join(["1"] * 300_000) + "]\n"
    (root / "records" / "flood.yaml").write_text(flood, encoding="utf-8")
    with (root / "records" / "huge.yaml").open("wb") as file:
        file.truncate(4 * 1024**3)
    command = [sys.executable, "-m", "publisher.cli", "check", "--content", str(root)]
    command += ["--as-of", AS_OF, "--scope", "publication", "--format", "json"]
    completed = subprocess.run(
        command,
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=BOMB_SECONDS,
        preexec_fn=limit_memory,
        check=False,
    )
    assert completed.returncode == 1, completed.stderr[-2000:]
    assert "Traceback" not in completed.stderr
    named = {Path(f["file"]).name for f in json.loads(completed.stdout)}
    assert named >= {*bombs, "flood.yaml", "huge.yaml"}


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_ordinary_anchors_and_aliases_still_load() -> None:
    document = parse_yaml("base: &officer {name: 周示例, unit: 安全科}\nlead: *officer\n")
    assert document.data["lead"] == {"name": "周示例", "unit": "安全科"}


def test_new_record_is_not_stopped_by_bad_files(tmp_path: Path) -> None:
    """`publisher new` reads every record file for the ids in use: a GBK file, a named pipe, a
    folder named like a record and a link give it no traceback and no wait."""
    root = tmp_path / "content"
    content_with(root, "gbk_encoded.yaml")
    os.mkfifo(root / "records" / "pipe.yaml")
    (root / "records" / "2024-cf-0102.yaml").mkdir()
    (root / "records" / "passwd.yaml").symlink_to("/etc/passwd")
    started = time.monotonic()
    result = CliRunner().invoke(
        main, ["new", "penalty", "--content", str(root)], obj={"clock": fixed_clock}
    )
    assert time.monotonic() - started < FAST_SECONDS
    assert result.exit_code == 0, result.output
    assert (root / "records" / "2024" / "2024-cf-0103.yaml").is_file()
