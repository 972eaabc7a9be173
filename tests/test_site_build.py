"""End-to-end tests of the public website: real Pelican builds of small content folders.

Each build runs `python -m pelican` in a subprocess exactly as staff run it, then the tests
read the output as a visitor would (BeautifulSoup) and as an auditor would (every file).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from factories import credit_code, id_number, inspection, penalty, write_content, write_yaml

PROJECT = Path(__file__).resolve().parent.parent
AS_OF = "2026-11-28"
SITE_URL = "https://www.example.gov.cn/gxj/zfgs"

FOOTER = {
    "sponsor": "青崖县工业和信息化局",
    "contact": "电话：0351-6012345　地址：青崖县府前街8号",
    "site_code": "1401210099",
    "icp": "晋ICP备00000000号",
    "police_record": "晋公网安备00000000000号",
}

# Text that exists only in records that must never reach the public on the as-of date.
HIDDEN_MARKERS = {
    "draft": ("草稿案件标题甲", "草稿案件独有违法事实甲"),
    "future": ("未到公示日案件标题乙", "未到公示日独有违法事实乙"),
    "minor": ("未成年人案件标题丙", "未成年人案件独有违法事实丙"),
    "expired": ("期满案件标题丁", "期满案件独有违法事实丁"),
}
WITHDRAWN_FACTS = "被撤销决定独有违法事实戊"
WITHDRAWN_PARTY = "青崖县撤销示例商贸有限公司"
WITHDRAWN_PENALTY = "罚款人民币捌万捌仟元整"
EXPLANATION = "经县人民政府行政复议，原处罚决定认定事实不清，予以撤销。"

CORRECTIONS = [
    {"date": "2024-04-01", "fields": ["facts"], "summary": "更正违法事实中的检查日期", "reason": "录入笔误"},
    {"date": "2024-05-08", "fields": ["party.legal_rep"], "summary": "更正法定代表人姓名",
     "reason": "当事人提供营业执照证明", "public_request": True},
]  # fmt: skip


def fixture_records() -> list[dict[str, Any]]:
    adult = {
        "name": "钱示例",
        "kind": "natural_person",
        "id_number": id_number(dt.date(1980, 1, 1)),
    }
    child = {
        "name": "孙小示",
        "kind": "natural_person",
        "id_number": id_number(dt.date(2010, 2, 2)),
    }
    return [
        penalty(
            corrections=CORRECTIONS,
            attachments=[{"file": "attachments/2024-cf-0001.pdf", "title": "行政处罚决定书"}],
        ),
        penalty(
            id="2024-cf-0002",
            doc_no="青工信罚〔2024〕2号",
            title="关于违规储存民爆物品的行政处罚决定",
            area="civil_explosives",
            party={
                "name": WITHDRAWN_PARTY,
                "kind": "legal_person",
                "credit_code": credit_code("91140121MA0W"),
                "legal_rep": "周撤示",
            },
            decided="2024-06-03",
            published="2024-06-07",
            facts=WITHDRAWN_FACTS,
            penalty={"kinds": ["fine"], "fine_yuan": 88000, "content": WITHDRAWN_PENALTY},
            attachments=[{"file": "attachments/2024-cf-0002.pdf", "title": "被撤销的决定书"}],
            withdrawal={
                "act": "revoked",
                "date": "2025-01-10",
                "recorded": "2025-01-13",
                "explanation": EXPLANATION,
                "replaced_by": "2025-cf-0001",
            },
        ),
        penalty(
            id="2025-cf-0001",
            doc_no="青工信罚〔2025〕1号",
            title="关于青崖县示例煤业有限公司重新作出的行政处罚决定",
            decided="2025-02-05",
            published="2025-02-10",
        ),
        inspection(),
        penalty(id="2024-cf-0091", doc_no="青工信罚〔2024〕91号", published=None,
                title=HIDDEN_MARKERS["draft"][0], facts=HIDDEN_MARKERS["draft"][1]),
        penalty(id="2026-cf-0092", doc_no="青工信罚〔2026〕92号", decided="2026-11-20",
                published="2026-11-30", title=HIDDEN_MARKERS["future"][0],
                facts=HIDDEN_MARKERS["future"][1]),
        penalty(id="2024-cf-0093", doc_no="青工信罚〔2024〕93号", party=child,
                title=HIDDEN_MARKERS["minor"][0], facts=HIDDEN_MARKERS["minor"][1]),
        penalty(id="2023-cf-0094", doc_no="青工信罚〔2023〕94号", party=adult,
                decided="2023-01-05", published="2023-01-10",
                title=HIDDEN_MARKERS["expired"][0], facts=HIDDEN_MARKERS["expired"][1]),
    ]  # fmt: skip


BUREAU = {
    "subject": {"name": "青崖县工业和信息化局", "legal_status": "县人民政府工作部门，依法独立行使行政执法权。"},
    "duties": ["负责全县煤矿安全生产监督管理。", "负责全县电力行业监督管理。"],
    "authorities": [{"name": "对煤矿未按规定进行安全检查的处罚", "kind": "行政处罚", "basis": "《中华人民共和国安全生产法》"}],
    "legal_bases": [{"title": "中华人民共和国安全生产法", "issuer": "全国人民代表大会常务委员会", "effective": "2021-09-01"}],
    "procedures": [{"name": "行政处罚普通程序", "steps": [
        {"name": "立案", "description": "发现违法行为，依法立案。"},
        {"name": "调查取证", "deadline": "执法人员不少于两人"},
        {"name": "作出决定", "deadline": "立案之日起九十日内"},
    ]}],
    "supervision": {"phone": "0351-6012399", "email": "jiandu@example.gov.cn", "address": "青崖县府前街8号"},
    "remedies": [{"kind": "行政复议", "organ": "青崖县人民政府", "deadline": "知道之日起六十日内"}],
}  # fmt: skip


def passed_inspections(first: int, last: int) -> list[dict[str, Any]]:
    """Annual inspections passed on 1 March of each year (R-B2: an unexamined certificate is
    invalid and drops off the public officer list)."""
    return [{"year": y, "date": f"{y}-03-01", "passed": True} for y in range(first, last + 1)]


def write_fixture(root: Path, footer: dict[str, str] | None = None) -> Path:
    write_content(root, fixture_records(), settings={"footer": footer or FOOTER})
    write_yaml(root / "bureau.yaml", BUREAU)
    write_yaml(
        root / "officers.yaml",
        {
            "officers": [
                {"name": "吴示例", "certificate_no": "QYZF2019001", "areas": ["coal_mine_safety"],
                 "valid_from": "2019-01-15", "valid_until": "2029-01-14",
                 "annual_inspections": passed_inspections(2020, 2026)},
                {"name": "郑过期", "certificate_no": "QYZF2015002", "areas": ["power"],
                 "valid_from": "2015-01-15", "valid_until": "2025-01-14",
                 "annual_inspections": passed_inspections(2016, 2024)},
            ]
        },
    )  # fmt: skip
    write_yaml(
        root / "inspection_items.yaml",
        {"items": [{"code": "QY-DL-01", "name": "电力设施安全检查", "area": "power", "basis": "《电力设施保护条例》"}]},
    )  # fmt: skip
    (root / "attachments").mkdir(parents=True, exist_ok=True)
    (root / "attachments" / "2024-cf-0001.pdf").write_bytes(b"%PDF-1.4 fictional decision\n")
    (root / "attachments" / "2024-cf-0002.pdf").write_bytes(b"%PDF-1.4 revoked decision\n")
    return root


def build(content: Path, output: Path, **settings: str) -> subprocess.CompletedProcess[str]:
    """Run Pelican; `settings` are JSON values. Pelican keeps only the last `-e` flag, so all
    overrides go after a single one."""
    overrides = {"DISCLOSURE_AS_OF": f'"{AS_OF}"', **settings}
    command = [sys.executable, "-m", "pelican", str(content), "-s", "pelicanconf.py"]
    command += ["-o", str(output), "-e", *(f"{key}={value}" for key, value in overrides.items())]
    return subprocess.run(command, cwd=PROJECT, capture_output=True, text=True, timeout=300)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def html_files(folder: Path) -> Iterator[Path]:
    yield from sorted(folder.rglob("*.html"))


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def text_of(path: Path) -> str:
    """The page's text as a reader sees it: inline elements run together, spaces collapsed."""
    return re.sub(r"\s+", " ", soup(path).get_text())


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("site")
    content = write_fixture(base / "content")
    result = build(content, base / "output")
    assert result.returncode == 0, result.stderr
    return base / "output"


# --- what Pelican writes ------------------------------------------------------------------------


def test_only_our_pages_and_theme_files_are_written(site: Path) -> None:
    top = sorted(p.name for p in site.iterdir())
    allowed = {"about", "areas", "corrections", "data", "draws", "feeds", "index.html", "kinds"}
    allowed |= {"records", "robots.txt", "sitemap.xml", "theme", "years", "search", "pagefind"}
    allowed |= {"list", "party-types"}  # the main list and the lists by party type
    allowed |= {"statistics"}  # the annual statistics reports (R-A10)
    allowed |= {"wechat"}  # the WeChat article previews and draft bodies (R-A1)
    assert set(top) <= allowed
    for pelican_own in ("drafts", "category", "tag", "author", "pages", "archives.html"):
        assert not (site / pelican_own).exists()
    assert not list(site.glob("feeds/all*"))
    assert (site / "theme" / "css" / "site.css").is_file()
    siblings = [p.name for p in site.parent.iterdir()]
    assert not [name for name in siblings if name.endswith((".staging", ".retired"))]


# --- a record page ------------------------------------------------------------------------------


def test_record_page_shows_the_public_fields(site: Path) -> None:
    page = site / "records" / "2024-cf-0001" / "index.html"
    document = soup(page)
    text = text_of(page)
    assert document.html is not None and document.html["lang"] == "zh-CN"
    assert document.h1 is not None
    assert document.h1.get_text() == "关于青崖县示例煤业有限公司未按规定进行安全检查的行政处罚决定"
    for expected in (
        "青工信罚〔2024〕1号",
        "青崖县示例煤业有限公司",
        credit_code(),
        "王示例",
        "经查，该公司于2024年1月未按规定对井下设备进行安全检查。",
        "《中华人民共和国安全生产法》第九十九条",
        "30,000 元",
        "2024年3月1日",
        "青崖县工业和信息化局",
    ):
        assert expected in text, expected
    assert document.find(attrs={"data-pagefind-body": True}) is not None
    canonical = document.find("link", rel="canonical")
    assert canonical is not None and canonical["href"] == f"{SITE_URL}/records/2024-cf-0001/"
    attachment = site / "records" / "2024-cf-0001" / "2024-cf-0001.pdf"
    assert attachment.read_bytes() == b"%PDF-1.4 fictional decision\n"


def test_record_page_shows_corrections_newest_first_and_last_update(site: Path) -> None:
    page = site / "records" / "2024-cf-0001" / "index.html"
    document = soup(page)
    dates = [p.get_text(" ", strip=True) for p in document.select(".corrections .correction-date")]
    assert dates[0].startswith("2024年5月8日") and "依申请更正" in dates[0]
    assert dates[1].startswith("2024年4月1日")
    assert "最后更新：2024年5月8日" in text_of(page)
    assert "法定代表人" in text_of(page) and "更正法定代表人姓名" in text_of(page)
    # An uncorrected record has no "last updated" line (R-A6).
    assert "最后更新" not in text_of(site / "records" / "2025-cf-0001" / "index.html")


def test_corrections_page_lists_every_correction_newest_first(site: Path) -> None:
    document = soup(site / "corrections" / "index.html")
    entries = document.select("main .correction")
    assert len(entries) == 2
    first = entries[0].get_text(" ", strip=True)
    assert first.startswith("2024年5月8日") and "是，依公民" in first
    assert "否，本局主动更正" in entries[1].get_text(" ", strip=True)
    link = entries[0].find("a")
    assert link is not None and link["href"] == "../records/2024-cf-0001/index.html"


# --- withdrawal notices and hidden records ------------------------------------------------------


def test_withdrawn_record_shows_only_the_notice(site: Path) -> None:
    page = site / "records" / "2024-cf-0002" / "index.html"
    document = soup(page)
    text = text_of(page)
    for expected in ("青工信罚〔2024〕2号", "2024年6月3日", "2025年1月10日", "撤销", EXPLANATION):
        assert expected in text, expected
    replacement = document.find("a", string="关于青崖县示例煤业有限公司重新作出的行政处罚决定")
    assert replacement is not None
    assert replacement["href"] == "../../records/2025-cf-0001/index.html"
    for original in (WITHDRAWN_FACTS, WITHDRAWN_PARTY, "周撤示", WITHDRAWN_PENALTY, "88,000"):
        assert original not in text
    assert document.find(attrs={"data-pagefind-body": True}) is None
    assert not (site / "records" / "2024-cf-0002" / "2024-cf-0002.pdf").exists()


def test_only_published_record_pages_enter_the_search_index(site: Path) -> None:
    marked = sorted(
        page.parent.relative_to(site).as_posix()
        for page in html_files(site)
        if soup(page).find(attrs={"data-pagefind-body": True}) is not None
    )
    assert marked == ["records/2024-cf-0001", "records/2024-jc-0001", "records/2025-cf-0001"]


def test_hidden_and_withdrawn_content_is_in_no_file_at_all(site: Path) -> None:
    forbidden = [marker for pair in HIDDEN_MARKERS.values() for marker in pair]
    forbidden += [WITHDRAWN_FACTS, WITHDRAWN_PARTY, WITHDRAWN_PENALTY]
    forbidden += ["2024-cf-0091", "2026-cf-0092", "2024-cf-0093", "2023-cf-0094"]
    for name, data in snapshot(site).items():
        text = data.decode("utf-8", errors="replace")
        for marker in forbidden:
            assert marker not in text, f"{marker} found in {name}"
    for hidden in ("2024-cf-0091", "2026-cf-0092", "2024-cf-0093", "2023-cf-0094"):
        assert not (site / "records" / hidden).exists()


# --- listings -----------------------------------------------------------------------------------


def test_empty_month_says_so_explicitly(site: Path) -> None:
    april = text_of(site / "years" / "2024" / "04" / "index.html")
    assert "本月无行政处罚案件" in april
    # May 2024 has an inspection result but no penalty decision: it still says so (R-A2).
    may = soup(site / "years" / "2024" / "05" / "index.html")
    assert "本月无行政处罚案件" in may.get_text()
    assert may.find("a", string="对青崖县示例电力有限公司的行政检查结果") is not None
    march = text_of(site / "years" / "2024" / "03" / "index.html")
    assert "本月无行政处罚案件" not in march


def test_every_month_to_the_as_of_date_has_a_page(site: Path) -> None:
    months = sorted(
        p.parent.relative_to(site).as_posix() for p in site.glob("years/*/*/index.html")
    )
    assert months[0] == "years/2024/03" and months[-1] == "years/2026/11"
    assert len(months) == 33


def test_listings_by_area_and_kind(site: Path) -> None:
    explosives = soup(site / "areas" / "civil_explosives" / "index.html")
    assert [a.get_text(strip=True) for a in explosives.select("main .entry-title")] == [
        "已撤下关于违规储存民爆物品的行政处罚决定"
    ]
    assert "该领域暂无公示信息" in text_of(site / "areas" / "other" / "index.html")
    penalties = soup(site / "kinds" / "penalty" / "index.html").select("main .entry-title")
    assert len(penalties) == 3
    inspections = soup(site / "kinds" / "inspection" / "index.html").select("main .entry-title")
    assert len(inspections) == 1


def test_about_pages_show_the_before_information(site: Path) -> None:
    officers = text_of(site / "about" / "officers" / "index.html")
    assert "吴示例" in officers and "QYZF2019001" in officers
    assert "郑过期" not in officers  # certificate expired before the as-of date
    procedures = soup(site / "about" / "procedures" / "index.html")
    steps = [li.get_text(" ", strip=True) for li in procedures.select("ol.flow > li")]
    assert len(steps) == 3 and "立案" in steps[0]
    flow_charts = procedures.find("main")  # pure HTML and CSS (the head loads textsize.js)
    assert flow_charts is not None
    assert flow_charts.find("img") is None and flow_charts.find("script") is None
    rules = text_of(site / "about" / "rules" / "index.html")
    assert "5 年" in rules and "2 年" in rules and "撤下公示说明" in rules
    supervision = soup(site / "about" / "supervision" / "index.html")
    assert supervision.find("a", href="mailto:jiandu@example.gov.cn") is not None


def test_footer_shows_the_government_site_identifiers(site: Path) -> None:
    for page in (site / "index.html", site / "records" / "2024-cf-0001" / "index.html"):
        footer = soup(page).find("footer")
        assert footer is not None
        text = footer.get_text(" ", strip=True)
        for label, value in (
            ("主办单位", FOOTER["sponsor"]),
            ("联系方式", FOOTER["contact"]),
            ("网站标识码", FOOTER["site_code"]),
            ("ICP备案号", FOOTER["icp"]),
            ("公安备案号", FOOTER["police_record"]),
        ):
            assert label in text and value in text


# --- links and resources ------------------------------------------------------------------------


def link_targets(document: BeautifulSoup) -> Iterator[str]:
    for tag in document.find_all(True):
        for attribute in ("href", "src", "srcset", "poster", "data", "action"):
            value = tag.get(attribute)
            if isinstance(value, str):
                yield value


def test_pages_load_no_external_resources(site: Path) -> None:
    for page in html_files(site):
        document = soup(page)
        for target in link_targets(document):
            parts = urlsplit(target)
            same_site = target.startswith(f"{SITE_URL}/")
            assert same_site or parts.scheme in ("", "mailto", "tel"), f"{page}: {target}"
            assert not target.startswith("//"), f"{page}: {target}"
        for style in document.find_all("style"):
            assert "url(" not in style.get_text()
    css = (site / "theme" / "css" / "site.css").read_text(encoding="utf-8")
    assert "@import" not in css and "url(" not in css


def check_links(site: Path) -> list[str]:
    """Every relative link of every page resolves to a file in the output, and every
    fragment to an element id on the target page."""
    broken: list[str] = []
    ids: dict[Path, set[str]] = {}
    for page in html_files(site):
        for target in link_targets(soup(page)):
            parts = urlsplit(target)
            if parts.scheme or target.startswith("//"):
                continue
            resolved = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if resolved.is_dir():
                resolved = resolved / "index.html"
            if not resolved.is_file() or not resolved.is_relative_to(site.resolve()):
                broken.append(f"{page.relative_to(site)} → {target}")
                continue
            if parts.fragment and resolved.suffix == ".html":
                known = ids.setdefault(
                    resolved, {str(tag["id"]) for tag in soup(resolved).find_all(id=True)}
                )
                if parts.fragment not in known:
                    broken.append(f"{page.relative_to(site)} → {target} (no such id)")
    return broken


def test_every_internal_link_resolves(site: Path) -> None:
    assert check_links(site) == []


def test_directory_links_and_another_site_url_also_resolve(tmp_path: Path) -> None:
    content = write_fixture(tmp_path / "content")
    other = "https://portal.example.gov.cn/bm/gxj"
    result = build(
        content, tmp_path / "out", DISCLOSURE_DIRECTORY_LINKS="true", SITEURL=f'"{other}"'
    )
    assert result.returncode == 0, result.stderr
    site = tmp_path / "out"
    home = soup(site / "index.html")
    hrefs = [a["href"] for a in home.select("nav.site-nav a")]
    assert "kinds/penalty/" in hrefs and "years/" in hrefs
    canonical = soup(site / "records" / "2024-cf-0001" / "index.html").find("link", rel="canonical")
    assert canonical is not None and canonical["href"] == f"{other}/records/2024-cf-0001/"
    assert check_links(site) == []


def test_long_listings_are_paged_and_the_pages_link_up(tmp_path: Path) -> None:
    records = [
        inspection(id=f"2024-jc-{n:04d}", title=f"第{n}号行政检查结果", published="2024-05-20")
        for n in range(1, 56)
    ]
    content = write_content(tmp_path / "content", records)
    result = build(content, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    site = tmp_path / "out"
    second = soup(site / "kinds" / "inspection" / "page" / "2" / "index.html")
    assert len(second.select("main .entry")) == 5
    assert second.find("a", rel="prev") is not None and second.find("a", rel="next") is None
    assert check_links(site) == []


def test_feeds_are_announced_in_the_head_when_built(site: Path) -> None:
    if not (site / "feeds" / "atom.xml").exists():
        pytest.skip("publisher.feeds is not available in this checkout")
    head = soup(site / "index.html").head
    assert head is not None
    atom = head.find("link", type="application/atom+xml")
    rss = head.find("link", type="application/rss+xml")
    assert atom is not None and atom["href"] == "feeds/atom.xml"
    assert rss is not None and rss["href"] == "feeds/rss.xml"


# --- fail closed --------------------------------------------------------------------------------


def previous_site(tmp_path: Path, site: Path) -> tuple[Path, dict[str, bytes]]:
    output = tmp_path / "output"
    shutil.copytree(site, output)
    return output, snapshot(output)


def assert_untouched(output: Path, before: dict[str, bytes]) -> None:
    assert snapshot(output) == before
    leftovers = [p.name for p in output.parent.iterdir() if p.name.startswith(".")]
    assert leftovers == []


def test_invalid_content_stops_the_build_and_keeps_the_last_site(
    tmp_path: Path, site: Path
) -> None:
    content = write_fixture(tmp_path / "content")
    broken = content / "records" / "2025-cf-0001.yaml"
    broken.write_text(
        broken.read_text(encoding="utf-8").replace("area: coal_mine_safety", "area: mining"),
        encoding="utf-8",
    )
    output, before = previous_site(tmp_path, site)
    result = build(content, output)
    assert result.returncode != 0
    assert re.search(r"^\S*2025-cf-0001\.yaml:\d+: ", result.stderr, re.MULTILINE), result.stderr
    assert "构建已终止" in result.stderr
    assert "Traceback" not in result.stderr
    assert_untouched(output, before)


def test_unmasked_personal_number_in_output_stops_the_build(tmp_path: Path, site: Path) -> None:
    # Footer text is not free text of a record, so nothing masks it: the final scan must.
    footer = {**FOOTER, "contact": "值班手机：13912345678"}
    content = write_fixture(tmp_path / "content", footer=footer)
    output, before = previous_site(tmp_path, site)
    result = build(content, output)
    assert result.returncode != 0
    assert "R-A8" in result.stderr and "手机号" in result.stderr
    assert "index.html:" in result.stderr
    assert "Traceback" not in result.stderr
    assert_untouched(output, before)


def test_bad_as_of_date_is_reported_in_chinese(tmp_path: Path) -> None:
    content = write_fixture(tmp_path / "content")
    result = build(content, tmp_path / "out", DISCLOSURE_AS_OF='"2026-13-01"')
    assert result.returncode != 0
    assert "DISCLOSURE_AS_OF" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


# --- determinism --------------------------------------------------------------------------------


def test_two_builds_are_byte_identical(tmp_path: Path, site: Path) -> None:
    content = write_fixture(tmp_path / "content")
    result = build(content, tmp_path / "again")
    assert result.returncode == 0, result.stderr
    assert snapshot(tmp_path / "again") == snapshot(site)
