"""Incremental builds (docs/performance.md): with the caches, every build gives byte for byte
the output of a clean build (`--no-cache`) of the same content, settings, theme and date.

Each step changes something a build reads, builds the same output folder again with the
caches, builds a fresh folder without them, and compares the two trees file by file.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from publisher.buildcache import CACHE_FOLDER, cache_folder
from publisher.sitecache import SiteCache

ROOT = Path(__file__).resolve().parent.parent
GOLDEN_CONTENT = ROOT / "tests" / "golden" / "content"
AS_OF = "2026-11-28"
SITE_URL = "https://www.example.gov.cn/gxj/zfgs/"


def settings_file(
    folder: Path, search: bool = False, theme: Path | None = None, **extra: object
) -> Path:
    """pelicanconf.py with search on or off and another theme; relative paths in a settings
    file are read from its own folder, so the plugin and theme are given absolutely."""
    lines = [
        "import sys",
        f"sys.path.insert(0, {str(ROOT)!r})",
        "from pelicanconf import *  # noqa: F403",
        f"THEME = {str(theme or ROOT / 'theme')!r}",
        f"PLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]",
        f"DISCLOSURE_SEARCH = {search}",
        *(f"{name} = {value!r}" for name, value in extra.items()),
    ]
    path = folder / f"settings-{len(list(folder.glob('settings-*.py')))}.py"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def build_command(
    content: Path, output: Path, settings: Path, as_of: str = AS_OF, cache: bool = True
) -> list[str]:
    command = [
        sys.executable, "-m", "publisher.cli", "build", "--content", str(content),
        "--output", str(output), "--as-of", as_of, "--site-url", SITE_URL,
        "--settings", str(settings),
    ]  # fmt: skip
    return command if cache else [*command, "--no-cache"]


def build(
    content: Path, output: Path, settings: Path, *, as_of: str = AS_OF, cache: bool = True
) -> subprocess.CompletedProcess[str]:
    command = build_command(content, output, settings, as_of, cache)
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)


def tree(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def assert_same_as_clean(content: Path, output: Path, settings: Path, as_of: str = AS_OF) -> None:
    """Build `output` again with the caches and, at the same time, a fresh folder without:
    same bytes."""
    clean = output.parent / f"clean-{len(list(output.parent.glob('clean-*')))}"
    runs = [
        subprocess.Popen(
            build_command(content, folder, settings, as_of, cache),
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for folder, cache in ((output, True), (clean, False))
    ]
    for run in runs:
        _, stderr = run.communicate(timeout=300)
        assert run.returncode == 0, stderr
    built, expected = tree(output), tree(clean)
    assert sorted(built) == sorted(expected)
    assert [name for name in expected if built[name] != expected[name]] == []


def record(content: Path, record_id: str) -> Path:
    return content / "records" / f"{record_id}.yaml"


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def replace_text(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


NEW_RECORD = """\
id: 2026-cf-0020
type: penalty
title: 关于青崖县新增示例商贸有限公司未按规定储存民用爆炸物品的行政处罚决定
doc_no: 青工信罚〔2026〕20号
area: civil_explosives
party:
  name: 青崖县新增示例商贸有限公司
  kind: legal_person
  credit_code: 91140199MA0HUN17PG
  legal_rep: 周某
decided: 2026-10-09
published: 2026-10-16
violation_type: 未按规定储存民用爆炸物品
facts: 2026年9月3日检查发现该公司未按规定储存民用爆炸物品。
basis: 《民用爆炸物品安全管理条例》第四十一条
penalty:
  kinds: [fine]
  fine_yuan: 20000
  content: 罚款人民币贰万元整
"""

STEPS: list[tuple[str, Callable[[Path], None]]] = [
    ("nothing changed", lambda content: None),
    (
        "facts edited",
        lambda content: replace_text(record(content, "2025-cf-0005"), "2号煤层", "3号煤层"),
    ),
    ("record added", lambda content: record(content, "2026-cf-0020").write_text(NEW_RECORD)),
    ("record deleted", lambda content: record(content, "2026-cf-0020").unlink()),
    (
        "record withdrawn",
        lambda content: append(
            record(content, "2024-cf-0001"),
            "withdrawal:\n  act: revoked\n  date: 2026-11-20\n  recorded: 2026-11-21\n"
            "  explanation: 青崖县人民政府作出行政复议决定，撤销本决定。\n",
        ),
    ),
    (
        "record corrected",
        lambda content: append(
            record(content, "2025-cf-0005"),
            "corrections:\n  - date: 2026-11-25\n    fields: [facts]\n"
            "    summary: 煤层编号由“2号”更正为“3号”。\n    reason: 录入错误。\n",
        ),
    ),
    (
        "settings changed",
        lambda content: replace_text(
            content / "settings.yaml", "home_latest: 10", "home_latest: 3"
        ),
    ),
]


def test_every_incremental_build_equals_a_clean_build(tmp_path: Path) -> None:
    content = shutil.copytree(GOLDEN_CONTENT, tmp_path / "content")
    output = tmp_path / "site"
    settings = settings_file(tmp_path)
    assert build(content, output, settings).returncode == 0
    for _, change in STEPS:
        change(content)
        assert_same_as_clean(content, output, settings)
    # A later date: records leave at the end of their period, later ones appear (R-A3, R-A4).
    assert_same_as_clean(content, output, settings, as_of="2027-07-01")
    assert_same_as_clean(content, output, settings, as_of="2025-03-01")


def test_only_the_pages_a_change_affects_are_written_again(tmp_path: Path) -> None:
    content = shutil.copytree(GOLDEN_CONTENT, tmp_path / "content")
    output = tmp_path / "site"
    settings = settings_file(tmp_path)
    assert build(content, output, settings).returncode == 0
    replace_text(record(content, "2025-cf-0006"), "。", "；")  # an earlier build to recycle
    assert build(content, output, settings).returncode == 0
    before = {name: (output / name).stat().st_ino for name in tree(output)}
    replace_text(record(content, "2025-cf-0005"), "2号煤层", "3号煤层")
    assert_same_as_clean(content, output, settings)
    after = {name: (output / name).stat().st_ino for name in tree(output)}
    written = sorted(name for name in after if before.get(name) != after[name])
    # The record's page and the open data carry the facts; lists, feeds and the other
    # record pages do not (the theme's files are copied afresh by Pelican at every build).
    assert [n for n in written if not n.startswith("theme/")] == [
        "data/records.csv",
        "data/records.json",
        "records/2025-cf-0005/index.html",
    ]
    # The site before is the spare tree, described by the manifest of the build that wrote it.
    site = SiteCache.of(cache_folder(output), output)
    assert site.spare(site.described()) is not None


def test_a_changed_template_or_setting_renders_again(tmp_path: Path) -> None:
    content = shutil.copytree(GOLDEN_CONTENT, tmp_path / "content")
    theme = shutil.copytree(ROOT / "theme", tmp_path / "theme")
    output = tmp_path / "site"
    assert build(content, output, settings_file(tmp_path, theme=theme)).returncode == 0
    replace_text(
        theme / "templates" / "record.html", "{% block content %}", "{% block content %}<!-- v2 -->"
    )
    assert_same_as_clean(content, output, settings_file(tmp_path, theme=theme))
    directory_links = settings_file(tmp_path, theme=theme, DISCLOSURE_DIRECTORY_LINKS=True)
    assert_same_as_clean(content, output, directory_links)
    assert_same_as_clean(
        content, output, settings_file(tmp_path, theme=theme, DISCLOSURE_PAGE_SIZE=2)
    )


def test_the_search_index_is_kept_or_rebuilt_with_its_pages(tmp_path: Path) -> None:
    content = shutil.copytree(GOLDEN_CONTENT, tmp_path / "content")
    output = tmp_path / "site"
    settings = settings_file(tmp_path, search=True)
    assert build(content, output, settings).returncode == 0
    index = {p.name: p.stat().st_ino for p in (output / "pagefind").rglob("*") if p.is_file()}
    # Only the home page changes: the index is the last build's, file for file.
    replace_text(content / "settings.yaml", "home_latest: 10", "home_latest: 3")
    assert_same_as_clean(content, output, settings)
    kept = {p.name: p.stat().st_ino for p in (output / "pagefind").rglob("*") if p.is_file()}
    assert kept == index
    replace_text(record(content, "2025-cf-0005"), "2号煤层", "3号煤层")
    assert_same_as_clean(content, output, settings)  # a searchable page changed: reindexed
    rebuilt = {p.name: p.stat().st_ino for p in (output / "pagefind").rglob("*") if p.is_file()}
    assert rebuilt != index


def test_a_damaged_cache_or_a_touched_output_never_changes_the_result(tmp_path: Path) -> None:
    content = shutil.copytree(GOLDEN_CONTENT, tmp_path / "content")
    output = tmp_path / "site"
    settings = settings_file(tmp_path)
    assert build(content, output, settings).returncode == 0
    assert build(content, output, settings).returncode == 0
    site = SiteCache.of(cache_folder(output), output)
    # A page of the live site edited by hand, keeping its size and time.
    page = output / "records" / "2025-cf-0005" / "index.html"
    status = page.stat()
    page.write_bytes(page.read_bytes().replace("煤层".encode(), "煤田".encode()))
    os.utime(page, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert_same_as_clean(content, output, settings)
    # A file of the spare tree removed, and a manifest cut short.
    spare_page = site.spare_tree / "records" / "2025-cf-0005" / "index.html"
    spare_page.unlink()
    assert_same_as_clean(content, output, settings)
    manifest = site.manifest_file.path
    manifest.write_bytes(manifest.read_bytes()[:100])
    assert_same_as_clean(content, output, settings)
    # A parse cache file with a flipped byte.
    shard = next((cache_folder(output) / "parse").glob("*.pickle"))
    data = bytearray(shard.read_bytes())
    data[-10] ^= 0xFF
    shard.write_bytes(bytes(data))
    replace_text(record(content, "2025-cf-0005"), "2号煤层", "3号煤层")
    assert_same_as_clean(content, output, settings)


def test_a_record_rewritten_in_place_with_the_same_size_and_time_is_read_again(
    tmp_path: Path,
) -> None:
    content = shutil.copytree(GOLDEN_CONTENT, tmp_path / "content")
    output = tmp_path / "site"
    settings = settings_file(tmp_path)
    assert build(content, output, settings).returncode == 0
    path = record(content, "2025-cf-0005")
    status = path.stat()
    replace_text(path, "2号煤层", "3号煤层")  # same length in bytes
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert path.stat().st_size == status.st_size
    assert_same_as_clean(content, output, settings)
    assert "3号煤层".encode() in (output / "records" / "2025-cf-0005" / "index.html").read_bytes()


def test_a_number_no_longer_public_is_found_in_unchanged_pages(tmp_path: Path) -> None:
    """An officer's certificate number looks like a mobile number and is public (R-A2). In
    the footer it is on every page; when the officer leaves the list, every page leaks it,
    pages the build would otherwise reuse included (R-A8)."""
    content = shutil.copytree(GOLDEN_CONTENT, tmp_path / "content")
    replace_text(content / "settings.yaml", "邮编：030999", "执法监督：14010019001")
    output = tmp_path / "site"
    settings = settings_file(tmp_path)
    assert build(content, output, settings).returncode == 0
    officers = content / "officers.yaml"
    text = officers.read_text(encoding="utf-8")
    start = text.index("  - name: 杨卫东")
    end = text.index("  - name:", start + 1)
    officers.write_text(text[:start] + text[end:], encoding="utf-8")
    before = tree(output)
    incremental = build(content, output, settings)
    clean = build(content, tmp_path / "clean", settings, cache=False)
    assert incremental.returncode != 0 and clean.returncode != 0
    leaks = [line for line in incremental.stderr.splitlines() if "R-A8" in line]
    assert leaks == [line for line in clean.stderr.splitlines() if "R-A8" in line]
    assert len(leaks) > 10
    assert tree(output) == before


def test_an_unchanged_build_answers_without_building(tmp_path: Path) -> None:
    content = shutil.copytree(GOLDEN_CONTENT, tmp_path / "content")
    output = tmp_path / "site"
    settings = settings_file(tmp_path)
    first = build(content, output, settings)
    assert first.returncode == 0
    folder = output.stat().st_ino
    again = build(content, output, settings)
    assert again.returncode == 0
    assert output.stat().st_ino == folder  # not swapped: the generator did not run
    assert again.stderr == first.stderr and again.stdout == first.stdout
    (output / "extra.html").write_text("x", encoding="utf-8")  # a file added by hand
    assert_same_as_clean(content, output, settings)
    assert output.stat().st_ino != folder


def test_no_cache_neither_reads_nor_writes_the_caches(tmp_path: Path) -> None:
    content = shutil.copytree(GOLDEN_CONTENT, tmp_path / "content")
    output = tmp_path / "site"
    result = build(content, output, settings_file(tmp_path), cache=False)
    assert result.returncode == 0
    assert not (tmp_path / CACHE_FOLDER).exists()
