"""The lists people work with, read from a real build of the demo bureau as a visitor reads
them (BeautifulSoup): filter bars, the lists of each facet, the sort variants, pagination,
breadcrumbs on every page and the 公示至 date of each live record.

Every expectation is computed from the same build's `data/records.json`: each list is a
carrier and must show exactly the records of its facet, in the same state (R-A1). The build
uses a small page size (`DISCLOSURE_PAGE_SIZE`), so that every list is paged.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag
from test_site_build import build, check_links, soup

from publisher.labels import format_date

PROJECT = Path(__file__).resolve().parent.parent
PAGE_SIZE = 4
RECORD_HREF = re.compile(r"records/([a-z0-9][a-z0-9-]{2,63})/(index\.html)?$")
NATURAL = {"natural_person", "individual_business"}
ORGANISATION = {"legal_person", "other_organization"}

Record = dict[str, Any]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("lists") / "output"
    result = build(PROJECT / "content", output, DISCLOSURE_PAGE_SIZE=str(PAGE_SIZE))
    assert result.returncode == 0, result.stderr
    return output


@pytest.fixture(scope="module")
def records(site: Path) -> list[Record]:
    rows: list[Record] = json.loads((site / "data" / "records.json").read_text("utf-8"))
    return rows


def resolve(page: Path, href: str) -> Path:
    target = (page.parent / href).resolve()
    return target / "index.html" if target.is_dir() else target


def record_id(href: str) -> str:
    found = RECORD_HREF.search(href)
    assert found, href
    return found.group(1)


def list_pages(site: Path, first: str) -> Iterator[tuple[Path, BeautifulSoup]]:
    """The pages of one list, following its 下一页 links from `first`."""
    page: Path | None = site / first / "index.html"
    seen = 0
    while page is not None:
        assert page.is_file(), page
        document = soup(page)
        yield page, document
        seen += 1
        assert seen < 100
        following = document.find("a", rel="next")
        page = resolve(page, str(following["href"])) if isinstance(following, Tag) else None


def listed(site: Path, first: str) -> list[tuple[str, bool]]:
    """(record id, shown as withdrawn) of every entry of a list, in order, over all pages."""
    found = []
    for _, document in list_pages(site, first):
        entries = document.select("main ul.entries > li.entry")
        assert len(entries) <= PAGE_SIZE
        for entry in entries:
            link = entry.select_one("a.entry-title")
            assert link is not None
            found.append((record_id(str(link["href"])), "entry-withdrawn" in entry["class"]))
    return found


def newest(rows: list[Record]) -> list[Record]:
    return sorted(rows, key=lambda r: (r["published"], r["id"]), reverse=True)


def oldest(rows: list[Record]) -> list[Record]:
    return sorted(rows, key=lambda r: (r["published"], r["id"]))


def by_fine(rows: list[Record]) -> list[Record]:
    def fine(row: Record) -> int:
        return row["penalty"]["fine_yuan"] if row["state"] == "published" else -1

    return sorted(newest(rows), key=fine, reverse=True)


def expected(rows: list[Record]) -> list[tuple[str, bool]]:
    return [(r["id"], r["state"] == "withdrawn") for r in rows]


# (first page of the list, which records it holds, their order)
Facet = tuple[str, Callable[[Record], bool], Callable[[list[Record]], list[Record]]]


def facets(records: list[Record]) -> list[Facet]:
    years = sorted({r["published"][:4] for r in records})
    party = {"natural-person": NATURAL, "organization": ORGANISATION}
    found: list[Facet] = [
        ("list", lambda r: True, newest),
        ("list/sort/oldest", lambda r: True, oldest),
        ("kinds/penalty", lambda r: r["type"] == "penalty", newest),
        ("kinds/penalty/sort/oldest", lambda r: r["type"] == "penalty", oldest),
        ("kinds/penalty/sort/fine", lambda r: r["type"] == "penalty", by_fine),
        ("kinds/inspection", lambda r: r["type"] == "inspection", newest),
        ("kinds/inspection/sort/oldest", lambda r: r["type"] == "inspection", oldest),
    ]
    found += [(f"years/{y}", lambda r, y=y: r["published"][:4] == y, newest) for y in years]
    for area in ("coal_mine_safety", "power", "civil_explosives", "other"):
        found.append((f"areas/{area}", lambda r, a=area: r["area"] == a, newest))
    for slug, kinds in party.items():
        # R-A5: a withdrawal notice carries no party, so it is in no party-type list.
        found.append((f"party-types/{slug}", lambda r, k=kinds: party_kind(r) in k, newest))
    return found


def party_kind(row: Record) -> str | None:
    return row["party"]["kind"] if row["state"] == "published" else None


# --- each list shows exactly its facet ----------------------------------------------------------


def test_the_demo_has_something_in_every_list_that_matters(records: list[Record]) -> None:
    states = {r["state"] for r in records}
    kinds = {party_kind(r) for r in records}
    assert states == {"published", "withdrawn"}
    assert kinds & NATURAL and kinds & ORGANISATION
    assert len(records) > 3 * PAGE_SIZE  # the main list has several pages


def test_r_a1_each_list_holds_exactly_the_records_of_its_facet_in_its_order(
    site: Path, records: list[Record]
) -> None:
    for first, belongs, order in facets(records):
        assert listed(site, first) == expected(order([r for r in records if belongs(r)])), first


def test_r_a1_the_main_list_holds_every_record_of_the_open_data(
    site: Path, records: list[Record]
) -> None:
    assert sorted(i for i, _ in listed(site, "list")) == sorted(r["id"] for r in records)


def test_r_a5_withdrawal_notices_show_no_fine_or_party_in_any_list(
    site: Path, records: list[Record]
) -> None:
    withdrawn = {r["id"] for r in records if r["state"] == "withdrawn"}
    assert withdrawn
    for _, document in list_pages(site, "kinds/penalty/sort/fine"):
        for entry in document.select("main li.entry-withdrawn"):
            text = entry.get_text(" ", strip=True)
            assert "罚款" not in text and "公示至" not in text
    for slug in ("natural-person", "organization"):
        assert not {i for i, _ in listed(site, f"party-types/{slug}")} & withdrawn


def test_months_list_their_records_and_carry_the_years_filter(
    site: Path, records: list[Record]
) -> None:
    for row in records:
        year, month = row["published"][:4], row["published"][5:7]
        page = site / "years" / year / month / "index.html"
        hrefs = [str(a["href"]) for a in soup(page).select("main a.entry-title")]
        assert row["id"] in {record_id(h) for h in hrefs}
        bar = soup(page).find("nav", attrs={"aria-label": "筛选"})
        assert isinstance(bar, Tag)
        current = bar.select("a[aria-current]")
        assert [str(a["aria-current"]) for a in current] == ["true"]
        assert resolve(page, str(current[0]["href"])) == site / "years" / year / "index.html"


# --- filter bars, sort links and pagination -----------------------------------------------------


def list_page_files(site: Path) -> list[Path]:
    """Every page of every filterable list (years/<y>/<m>/ month pages included)."""
    patterns = ["list", "kinds/*", "areas/*", "party-types/*", "years/*", "years/*/*"]
    return sorted(
        page
        for pattern in patterns
        for folder in site.glob(pattern)
        if folder.is_dir()
        for page in [folder / "index.html", *folder.glob("**/index.html")]
        if page.is_file()
    )


def test_every_list_page_has_a_filter_bar_marking_its_facet(site: Path) -> None:
    pages = list_page_files(site)
    assert len(pages) > 40
    for page in pages:
        document = soup(page)
        bar = document.find("nav", attrs={"aria-label": "筛选"})
        assert isinstance(bar, Tag), page
        links = bar.select("a")
        assert len(links) >= 2 + 4 + 2 + 1, page
        for link in links:
            assert resolve(page, str(link["href"])).is_file(), (page, link["href"])
        current = bar.select("a[aria-current]")
        assert len(current) == 1, page
        facet = resolve(page, str(current[0]["href"]))
        relative = page.relative_to(site).as_posix()
        if re.match(r"years/\d{4}/\d{2}/", relative):
            assert facet == page.parent.parent / "index.html"
        else:
            first = re.sub(r"(sort/[a-z]+/)?(page/\d+/)?index\.html$", "index.html", relative)
            assert facet == site / first, page
        assert (current[0]["aria-current"] == "page") == (facet == page), page
        label = bar.select_one(".filters-current strong")
        assert label is not None and current[0].get_text() in label.get_text()


def test_sort_links_only_on_the_main_lists_and_they_resolve(site: Path) -> None:
    for page in list_page_files(site):
        relative = page.relative_to(site).as_posix()
        sorts = soup(page).find("nav", attrs={"aria-label": "排序"})
        main = re.match(r"(list|kinds/(penalty|inspection))/", relative)
        assert (sorts is not None) == bool(main), relative
        if not isinstance(sorts, Tag):
            continue
        labels = [a.get_text(strip=True) for a in sorts.select("a")]
        assert labels[:2] == ["最新公示在前", "最早公示在前"]
        assert ("罚款金额从高到低" in labels) == relative.startswith("kinds/penalty/")
        assert len(sorts.select("a[aria-current]")) == 1
        for link in sorts.select("a"):
            assert resolve(page, str(link["href"])).is_file()


def test_later_pages_live_under_page_n_of_their_own_list(site: Path) -> None:
    """Later pages are `<list>/page/<n>/`, never anything a record id could produce: record
    pages are only `records/<id>/` (CONTRACT.md)."""
    paged = [p for p in list_page_files(site) if "/page/" in p.as_posix()]
    assert paged
    for page in paged:
        assert re.search(r"/page/([2-9]|[1-9]\d+)/index\.html$", page.as_posix()), page
    assert {p.name for p in (site / "records").iterdir()} == {
        record_id(str(a["href"]))
        for _, d in list_pages(site, "list")
        for a in d.select("main a.entry-title")
    }


def test_every_link_of_the_paged_site_resolves(site: Path) -> None:
    assert check_links(site) == []


# --- breadcrumbs --------------------------------------------------------------------------------


def test_every_page_has_breadcrumbs_ending_in_the_current_page(site: Path) -> None:
    # WeChat article previews are standalone documents, not pages of the site.
    pages = sorted(p for p in site.rglob("*.html") if not {"pagefind", "wechat"} & set(p.parts))
    assert len(pages) > 100
    for page in pages:
        document = soup(page)
        trail = document.find("nav", attrs={"aria-label": "面包屑"})
        assert isinstance(trail, Tag), page
        assert trail.find("ol") is not None
        items = trail.select("ol > li")
        assert items, page
        *above, last = items
        assert last.get("aria-current") == "page" and last.find("a") is None, page
        assert last.get_text(strip=True)
        if page == site / "index.html":
            assert not above and last.get_text(strip=True) == "首页"
            continue
        assert above and above[0].get_text(strip=True) == "首页", page
        for item in above:
            link = item.find("a")
            assert isinstance(link, Tag) and item.get("aria-current") is None, page
            assert resolve(page, str(link["href"])).is_file(), (page, link["href"])
        assert resolve(page, str(above[0].a["href"])) == site / "index.html"  # type: ignore[index]


def test_breadcrumbs_of_record_sort_and_later_pages(site: Path) -> None:
    def trail(relative: str) -> list[str]:
        nav = soup(site / relative / "index.html").find("nav", attrs={"aria-label": "面包屑"})
        assert isinstance(nav, Tag)
        return [li.get_text(strip=True) for li in nav.select("li")]

    assert trail("kinds/penalty/sort/fine") == ["首页", "行政处罚决定", "罚款金额从高到低"]
    assert trail("kinds/penalty/sort/fine/page/2") == [
        "首页", "行政处罚决定", "罚款金额从高到低", "第2页"
    ]  # fmt: skip
    assert trail("list/page/2") == ["首页", "全部公示信息", "第2页"]
    assert trail("areas/power") == ["首页", "按领域", "电力监管"]
    assert trail("party-types/organization") == ["首页", "按当事人类型", "法人和其他组织"]
    year = sorted(p.name for p in (site / "years").iterdir() if p.name.isdigit())[-1]
    assert trail(f"years/{year}") == ["首页", "按年月", f"{year}年"]
    penalty = next(p for p in (site / "records").iterdir() if "-cf-" in p.name)
    crumbs = trail(f"records/{penalty.name}")
    assert crumbs[:2] == ["首页", "行政处罚"] and len(crumbs) == 3


# --- 公示至 ---------------------------------------------------------------------------------------


def test_r_a4_each_live_record_page_says_until_when_it_is_public(
    site: Path, records: list[Record]
) -> None:
    for row in records:
        document = soup(site / "records" / row["id"] / "index.html")
        until = document.select_one(".record-dates .until")
        if row["state"] == "withdrawn" or row["visible_until"] is None:
            assert until is None, row["id"]
            continue
        assert until is not None, row["id"]
        day = dt.date.fromisoformat(row["visible_until"])
        assert until.get_text(" ", strip=True) == f"公示至 {format_date(day)}"
        time = until.find("time")
        assert isinstance(time, Tag) and time["datetime"] == row["visible_until"]


def test_r_a4_list_entries_say_until_when_the_record_is_public(
    site: Path, records: list[Record]
) -> None:
    by_id = {r["id"]: r for r in records}
    for _, document in list_pages(site, "list"):
        for entry in document.select("main li.entry"):
            link = entry.select_one("a.entry-title")
            assert link is not None
            row = by_id[record_id(str(link["href"]))]
            until = entry.select_one(".entry-until time")
            if row["state"] == "withdrawn" or row["visible_until"] is None:
                assert until is None
            else:
                assert until is not None and until["datetime"] == row["visible_until"]
                assert until.get_text() == format_date(dt.date.fromisoformat(row["visible_until"]))


def test_a_bad_page_size_stops_the_build_before_anything_is_written(tmp_path: Path) -> None:
    result = build(PROJECT / "content", tmp_path / "out", DISCLOSURE_PAGE_SIZE="0")
    assert result.returncode != 0
    assert "DISCLOSURE_PAGE_SIZE" in result.stderr and "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []
