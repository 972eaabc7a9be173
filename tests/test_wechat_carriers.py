"""The built demo's WeChat outputs, the WeChat ledger, and `publisher carriers`: every carrier
of one build, and the ledger, carry the same records in the same state (R-A1, R-A5, R-A6)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from publisher.cli import main
from publisher.loader import load_content
from publisher.redaction import scan_output
from publisher.search_index import read_fragments
from publisher.visibility import plan_publication
from publisher.wechat.articles import THUMB_PLACEHOLDER, wechat_articles
from publisher.wechat.ledger import (
    LEDGER_FILE,
    Ledger,
    LedgerArticle,
    Publication,
    dump_ledger,
    live_articles_by_record,
    load_ledger,
)

PROJECT = Path(__file__).resolve().parent.parent
AS_OF = "2026-11-28"
SITE = "https://www.example.gov.cn/gxj/zfgs/"
DELIBERATE = ("2025-W13", "2025-cf-0001")
"""The demo ledger's one article left on the account after its record was withdrawn."""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo built as the README builds it (search index included)."""
    output = tmp_path_factory.mktemp("wechat") / "site"
    command = [
        sys.executable, "-m", "publisher.cli", "build", "--content", str(PROJECT / "content"),
        "--output", str(output), "--as-of", AS_OF, "--site-url", SITE,
    ]  # fmt: skip
    result = subprocess.run(command, cwd=PROJECT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    return output


def carriers(*args: str) -> tuple[int, dict[str, Any]]:
    result = CliRunner().invoke(main, ["carriers", "--as-of", AS_OF, "--format", "json", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, json.loads(result.stdout)


def problems_of(report: dict[str, Any], severity: str) -> list[dict[str, Any]]:
    return [p for p in report["problems"] if p["severity"] == severity]


# --- the build writes wechat/ -----------------------------------------------------------------


def test_the_build_writes_a_preview_and_a_draft_body_per_article(built: Path) -> None:
    index = json.loads((built / "wechat" / "index.json").read_text(encoding="utf-8"))
    keys = [row["key"] for row in index]
    assert "2026-W47" in keys and "withdrawal-2025-cf-0001" in keys
    assert "correction-2023-cf-0002-2" in keys
    written = {p.name for p in (built / "wechat").iterdir()}
    assert written == {"index.json"} | {f"{k}.{ext}" for k in keys for ext in ("json", "html")}
    body = json.loads((built / "wechat" / "2026-W47.json").read_text(encoding="utf-8"))
    assert body["articles"][0]["thumb_media_id"] == THUMB_PLACEHOLDER
    assert body["articles"][0]["title"] == "行政执法公示（2026年第47期）"
    page = BeautifulSoup((built / "wechat" / "2026-W47.html").read_bytes(), "html.parser")
    assert "noindex" in str(page.find("meta", attrs={"name": "robots"})["content"])  # type: ignore[index]


def test_wechat_previews_stay_out_of_the_sitemap_and_the_search_index(built: Path) -> None:
    assert "/wechat/" not in (built / "sitemap.xml").read_text(encoding="utf-8")
    urls = [str(fragment["url"]) for _, fragment in read_fragments(built)]
    assert urls and not [url for url in urls if "wechat" in url]


def test_r_a8_the_output_scan_covers_the_wechat_files(built: Path, tmp_path: Path) -> None:
    copy = tmp_path / "site"
    shutil.copytree(built / "wechat", copy / "wechat")
    assert scan_output(copy) == []
    leaked = copy / "wechat" / "2026-W47.json"
    leaked.write_text(leaked.read_text(encoding="utf-8") + "电话13912345678\n", encoding="utf-8")
    assert [leak.file for leak in scan_output(copy)] == ["wechat/2026-W47.json"]


# --- the demo ledger --------------------------------------------------------------------------


def test_the_demo_ledger_covers_the_periods_before_november_but_one_article(built: Path) -> None:
    del built
    content = load_content(PROJECT / "content").content
    assert content is not None
    as_of = dt.date.fromisoformat(AS_OF)
    plan = plan_publication([r.record for r in content.records], content.settings, as_of)
    due = {
        a.key: a.record_ids
        for a in wechat_articles(content, plan, as_of, SITE)
        if a.period_end < dt.date(2026, 11, 1)
    }
    loaded = load_ledger(PROJECT / "content")
    assert loaded.findings == [] and loaded.ledger is not None
    live = {
        p.key: tuple(a.records)
        for p in loaded.ledger.publications
        for a in p.articles
        if a.deleted is None
    }
    assert {key: records for key, records in live.items() if key != DELIBERATE[0]} == due
    assert live[DELIBERATE[0]] == (DELIBERATE[1],)
    assert plan.entry(DELIBERATE[1]).state.value == "withdrawn"
    assert live_articles_by_record(loaded.ledger)[DELIBERATE[1]] == [
        (DELIBERATE[0], 1),
        (f"withdrawal-{DELIBERATE[1]}", 1),
    ]


# --- publisher carriers -----------------------------------------------------------------------


def test_r_a1_carriers_on_the_demo_names_the_article_left_behind(built: Path) -> None:
    code, report = carriers(str(built))
    assert code == 1 and report["ok"] is False
    present = {c["name"] for c in report["carriers"] if c["present"]}
    assert {"records/", "data/records.json", "feeds/atom.xml", "sitemap.xml"} <= present
    assert {"pagefind/", "wechat/index.json", f"content/{LEDGER_FILE}"} <= present
    errors = problems_of(report, "error")
    assert [(e["carrier"], e["record"], e["article"], e["rule"]) for e in errors] == [
        (f"content/{LEDGER_FILE}", DELIBERATE[1], f"{DELIBERATE[0]}#1", "R-A5")
    ]
    pending = {w["article"] for w in problems_of(report, "warning")}
    assert pending == {"2026-W44", "2026-W47"}  # ended periods not yet pushed


def push(ledger: Ledger, key: str, records: Sequence[str], day: dt.date) -> Ledger:
    article = LedgerArticle(index=1, title=f"行政执法公示 {key}", records=list(records))
    publication = Publication(
        key=key, kind="digest", publish_id=f"test-{key}", pushed=day, articles=[article]
    )
    return Ledger(cover=ledger.cover, publications=[*ledger.publications, publication])


def test_r_a1_carriers_pass_once_the_ledger_is_in_step(built: Path, tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(PROJECT / "content", content)
    ledger = load_ledger(content).ledger
    assert ledger is not None
    publications = [
        p.model_copy(update={"articles": [a.model_copy(update={"deleted": dt.date(2026, 11, 28)})]})
        if p.key == DELIBERATE[0]
        else p
        for p in ledger.publications
        for a in p.articles
    ]
    ledger = Ledger(cover=ledger.cover, publications=publications)
    ledger = push(ledger, "2026-W44", ["2026-cf-0008"], dt.date(2026, 11, 28))
    ledger = push(ledger, "2026-W47", ["2026-jc-0004", "2026-cf-0009"], dt.date(2026, 11, 28))
    (content / LEDGER_FILE).write_text(dump_ledger(ledger), encoding="utf-8")
    code, report = carriers("--content", str(content), str(built))
    assert (code, report["problems"]) == (0, [])


def test_r_a1_r_a5_a_carrier_out_of_step_is_named(built: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(built, site)
    rows = json.loads((site / "data" / "records.json").read_text(encoding="utf-8"))
    kept = [row for row in rows if row["id"] != "2026-cf-0009"]
    for row in kept:
        if row["id"] == "2024-cf-0004":
            row["state"] = "published"  # a withdrawn record shown as a decision again
    (site / "data" / "records.json").write_text(json.dumps(kept, ensure_ascii=False))
    shutil.rmtree(site / "records" / "2026-cf-0009")
    code, report = carriers(str(site))
    assert code == 1
    found = {(e["carrier"], e["record"], e["rule"]) for e in problems_of(report, "error")}
    assert ("data/records.json", "2026-cf-0009", "R-A1") in found
    assert ("data/records.json", "2024-cf-0004", "R-A5") in found
    assert ("records/", "2026-cf-0009", "R-A1") in found
    assert not [e for e in problems_of(report, "error") if e["carrier"].startswith("feeds/")]


def test_carriers_refuses_a_folder_that_is_no_site(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["carriers", "--as-of", AS_OF, str(tmp_path)])
    assert result.exit_code == 2


# --- the ledger file --------------------------------------------------------------------------


def test_ledger_round_trips_and_a_missing_ledger_is_empty(tmp_path: Path) -> None:
    assert load_ledger(tmp_path).ledger == Ledger()
    ledger = load_ledger(PROJECT / "content").ledger
    assert ledger is not None
    (tmp_path / "wechat").mkdir()
    (tmp_path / LEDGER_FILE).write_text(dump_ledger(ledger), encoding="utf-8")
    assert load_ledger(tmp_path).ledger == ledger
    assert dump_ledger(ledger) == (PROJECT / "content" / LEDGER_FILE).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("change", "line", "words"),
    [
        (("kind: digest", "kind: withdrawal"), 5, "格式不符"),
        (("  - index: 1", "  - index: 2"), 5, "index"),
        (("pushed: 2026-11-10", "pushed: 2026-13-10"), 10, "pushed"),
        (("    deleted: null", "    delted: null"), 16, "deleted"),
    ],
)
def test_r_a1_a_broken_ledger_gives_file_and_line(
    tmp_path: Path, change: tuple[str, str], line: int, words: str
) -> None:
    text = dump_ledger(
        Ledger(
            publications=[
                Publication(
                    key="2026-W45",
                    kind="digest",
                    publish_id="1",
                    pushed=dt.date(2026, 11, 10),
                    articles=[LedgerArticle(index=1, title="t", records=["2026-cf-0001"])],
                )
            ]
        )
    )
    assert change[0] in text
    (tmp_path / "wechat").mkdir()
    (tmp_path / LEDGER_FILE).write_text(text.replace(change[0], change[1]), encoding="utf-8")
    result = load_ledger(tmp_path)
    assert result.ledger is None
    texts = [f.format_text() for f in result.findings]
    assert any(f"{LEDGER_FILE}:{line}:" in t and words in t and "R-A1" in t for t in texts), texts
