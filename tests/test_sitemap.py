"""The sitemap and robots.txt (R-A1, R-A4, R-A5, R-A8)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any
from urllib.parse import unquote
from xml.etree import ElementTree

import pytest
from factories import id_number, inspection, penalty, write_content
from hypothesis import given
from hypothesis import strategies as st

from publisher.loader import load_content
from publisher.public import public_items
from publisher.sitemap import absolute_url, build_sitemap, robots_txt
from publisher.visibility import plan_publication

SITE = "https://www.example.gov.cn/gxj/zfgs"
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}

PAGES: list[tuple[str, dt.date | None]] = [
    ("records/2024-cf-0002/", dt.date(2024, 6, 1)),
    ("", None),
    ("records/2024-cf-0001/", dt.date(2024, 4, 1)),
    ("corrections/", dt.date(2024, 4, 1)),
]


def urls(data: bytes) -> list[tuple[str, str | None]]:
    """(loc, lastmod) of every <url>, as a sitemap reader sees them."""
    root = ElementTree.fromstring(data)
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
    return [
        (url.findtext("sm:loc", namespaces=NS) or "", url.findtext("sm:lastmod", namespaces=NS))
        for url in root.findall("sm:url", NS)
    ]


def test_sitemap_lists_absolute_sorted_addresses_with_dates_R_A1() -> None:
    data = build_sitemap(PAGES, SITE)
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n')
    assert urls(data) == [
        (f"{SITE}/", None),
        (f"{SITE}/corrections/", "2024-04-01"),
        (f"{SITE}/records/2024-cf-0001/", "2024-04-01"),
        (f"{SITE}/records/2024-cf-0002/", "2024-06-01"),
    ]


def test_sitemap_does_not_depend_on_page_order_or_duplicates() -> None:
    """RULES.md C: deterministic. A page given twice is listed once, with its latest date."""
    data = build_sitemap(PAGES, SITE)
    assert build_sitemap(list(reversed(PAGES)), SITE) == data
    doubled = [*PAGES, ("records/2024-cf-0001/", dt.date(2024, 3, 6)), ("", dt.date(2024, 1, 1))]
    assert dict(urls(build_sitemap(doubled, SITE))) == {
        **dict(urls(data)),
        f"{SITE}/": "2024-01-01",
    }


@pytest.mark.parametrize("site_url", [SITE, SITE + "/"])
def test_sub_path_with_or_without_trailing_slash_R_A1(site_url: str) -> None:
    assert build_sitemap(PAGES, site_url) == build_sitemap(PAGES, SITE)
    assert robots_txt(site_url) == robots_txt(SITE)


def test_addresses_are_percent_encoded_and_xml_escaped() -> None:
    site = "https://www.example.gov.cn/gxj&xxgk/zfgs"
    data = build_sitemap([("专题/安全 生产/", None)], site)
    assert b"&amp;" in data
    ((loc, _),) = urls(data)
    assert (
        loc
        == "https://www.example.gov.cn/gxj&xxgk/zfgs/%E4%B8%93%E9%A2%98/%E5%AE%89%E5%85%A8%20%E7%94%9F%E4%BA%A7/"
    )


@given(st.lists(st.tuples(st.text(max_size=30), st.none() | st.dates()), max_size=20))
def test_any_paths_give_a_valid_sitemap(pages: list[tuple[str, dt.date | None]]) -> None:
    locs = [loc for loc, _ in urls(build_sitemap(pages, SITE))]
    assert locs == sorted(locs)
    assert len(locs) == len({absolute_url(SITE, path) for path, _ in pages})
    assert all(loc.startswith(f"{SITE}/") and loc.isascii() for loc in locs)
    assert {unquote(loc) for loc in locs} == {f"{SITE}/{p.lstrip('/')}" for p, _ in pages}


def test_robots_txt_allows_all_and_names_the_sitemap_R_A1() -> None:
    assert robots_txt(SITE) == (
        b"User-agent: *\nAllow: /\n\nSitemap: https://www.example.gov.cn/gxj/zfgs/sitemap.xml\n"
    )


@pytest.mark.parametrize(
    "site_url", ["", "/gxj/zfgs/", "www.example.gov.cn", "ftp://example.gov.cn/"]
)
def test_a_site_url_that_is_not_absolute_is_refused(site_url: str) -> None:
    """Sitemaps and feeds need absolute addresses; a relative one would pass unnoticed."""
    with pytest.raises(ValueError, match="站点地址"):
        build_sitemap(PAGES, site_url)


def test_sitemap_of_public_items_follows_visibility_R_A4_R_A5_R_A8(tmp_path: Path) -> None:
    """Built like the site does: withdrawal notices stay listed, expired records do not,
    and no ID number reaches the sitemap."""
    number = id_number(dt.date(1980, 1, 2))
    records: list[dict[str, Any]] = [
        penalty(),
        inspection(),
        penalty(
            id="2024-cf-0002",
            doc_no="青工信罚〔2024〕2号",
            withdrawal={
                "act": "changed",
                "date": "2024-06-01",
                "recorded": "2024-06-03",
                "explanation": "原决定已变更。",
            },
        ),
        penalty(
            id="2022-cf-0001",
            doc_no="青工信罚〔2022〕1号",
            party={"name": "钱某某", "kind": "natural_person", "id_number": number},
            published="2022-03-01",
        ),
    ]
    root = write_content(tmp_path / "content", records)
    content = load_content(root).content
    assert content is not None
    plan = plan_publication(
        [r.record for r in content.records], content.settings, dt.date(2024, 7, 1)
    )
    items = public_items(content.records, plan)
    data = build_sitemap(
        [("", plan.last_change()), *((i.url_path, i.updated) for i in items)], SITE
    )
    assert urls(data) == [
        (f"{SITE}/", "2024-06-01"),
        (f"{SITE}/records/2024-cf-0001/", "2024-03-06"),
        (f"{SITE}/records/2024-cf-0002/", "2024-06-01"),
        (f"{SITE}/records/2024-jc-0001/", "2024-05-20"),
    ]
    assert number.encode() not in data
