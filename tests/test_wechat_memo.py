"""The WeChat articles kept from one build to the next (`publisher.memo`): an unchanged build
renders none, a changed record renders only its period's digest again, and whatever changed,
the files are those of a build without the memo."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from publisher.content import Content
from publisher.findings import has_errors
from publisher.loader import load_content
from publisher.memo import Memo
from publisher.public import public_items
from publisher.visibility import Plan, plan_publication
from publisher.wechat.preview import INDEX_FILE, wechat_files

ROOT = Path(__file__).resolve().parent.parent
GOLDEN_CONTENT = ROOT / "tests" / "golden" / "content"
AS_OF = dt.date(2026, 11, 28)
SITE = "https://www.example.gov.cn/gxj/zfgs"
CODE_KEY = "test"


def loaded(folder: Path) -> tuple[Content, Plan]:
    result = load_content(folder)
    assert result.content is not None
    assert not has_errors(result.findings), [f.format_text() for f in result.findings]
    content = result.content
    return content, plan_publication([r.record for r in content.records], content.settings, AS_OF)


def build_files(folder: Path, cache: Path, site: str = SITE) -> tuple[dict[str, bytes], Memo]:
    """The WeChat files as a build with caches makes them (public items passed in), and the
    memo it used, saved for the next build."""
    content, plan = loaded(folder)
    memo = Memo.in_folder(cache, "wechat", CODE_KEY)
    files = wechat_files(content, plan, site, items=public_items(content.records, plan), memo=memo)
    memo.save()
    return files, memo


def clean_files(folder: Path, site: str = SITE) -> dict[str, bytes]:
    content, plan = loaded(folder)
    return wechat_files(content, plan, site)


def replace_text(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def content(tmp_path: Path) -> Path:
    return shutil.copytree(GOLDEN_CONTENT, tmp_path / "content")


def test_an_unchanged_build_renders_no_article(content: Path, tmp_path: Path) -> None:
    first, memo = build_files(content, tmp_path / "cache")
    assert memo.computed > 0
    again, memo = build_files(content, tmp_path / "cache")
    assert memo.computed == 0
    assert again == first == clean_files(content)


def test_an_edited_record_renders_only_its_periods_digest(content: Path, tmp_path: Path) -> None:
    before, _ = build_files(content, tmp_path / "cache")
    record = content / "records" / "2026-jc-0004.yaml"  # published 2026-11-19, no corrections
    replace_text(record, "淘汰用能设备使用情况检查结果", "淘汰用能设备使用情况的检查结果")
    after, memo = build_files(content, tmp_path / "cache")
    assert memo.computed == 1
    assert after == clean_files(content)
    changed = sorted(name for name in after if after[name] != before.get(name))
    assert changed == ["wechat/2026-W47.html", "wechat/2026-W47.json"]


def test_settings_and_the_site_address_render_every_article_again(
    content: Path, tmp_path: Path
) -> None:
    _, first = build_files(content, tmp_path / "cache")
    settings = content / "settings.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8") + "wechat:\n  author: 青崖县工信局公示\n",
        encoding="utf-8",
    )
    files, memo = build_files(content, tmp_path / "cache")
    assert memo.computed == first.computed
    assert files == clean_files(content)
    other_site = "https://zfgs.example.gov.cn"
    files, memo = build_files(content, tmp_path / "cache", other_site)
    assert memo.computed == first.computed
    assert files == clean_files(content, other_site)


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_a_withdrawal_and_a_correction_give_the_files_of_a_clean_build(
    content: Path, tmp_path: Path
) -> None:
    build_files(content, tmp_path / "cache")
    append(
        content / "records" / "2026-jc-0004.yaml",
        "corrections:\n  - date: 2026-11-25\n    fields: [title]\n"
        "    summary: 标题更正。\n    reason: 录入错误。\n",
    )
    files, memo = build_files(content, tmp_path / "cache")
    assert memo.computed == 1  # the notice; the digest does not show corrections
    assert "wechat/correction-2026-jc-0004-1.json" in files
    assert files == clean_files(content)
    append(
        content / "records" / "2024-cf-0002.yaml",  # alone in its week
        "withdrawal:\n  act: revoked\n  date: 2026-11-20\n  recorded: 2026-11-21\n"
        "  explanation: 青崖县人民政府作出行政复议决定，撤销本决定。\n",
    )
    files, memo = build_files(content, tmp_path / "cache")
    assert memo.computed == 1  # the notice; its week has no digest any more
    assert "wechat/withdrawal-2024-cf-0002.json" in files
    assert "wechat/2024-W09.json" not in files
    assert files == clean_files(content)


def test_digests_made_on_every_core_are_those_made_on_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cold build makes the periods' digests in forked workers (`publisher.parallel`):
    hundreds of periods, each on its own, must give the articles one process gives."""
    from publisher import parallel
    from publisher.synth import SynthOptions, synthesise

    folder = tmp_path / "content"
    synthesise(SynthOptions(records=2_000, out=folder, seed="wechat-cores", as_of=AS_OF))
    content, plan = loaded(folder)

    def files_with(cores: int) -> dict[str, bytes]:
        monkeypatch.setattr(parallel, "usable_cores", lambda: cores)
        return wechat_files(content, plan, SITE)

    one = files_with(1)
    rows = json.loads(one[INDEX_FILE])
    periods = {row["period_end"] for row in rows if row["kind"] == "digest"}
    assert len(periods) >= 2 * 64  # enough for `map_forked` to fork (its `minimum`)
    assert files_with(2) == one
