"""The search page's filters (年份、领域、类别、当事人类型) in a real browser, on the demo served
under the county portal's sub-path: a query and a filter give exactly the live records of
that year, area, kind or party type; the filters come from the page's address as well as from
the form; a withdrawn record is never found, whatever the filters (R-A5); the page stays
accessible and fits a phone.

The expected records come from the demo's open data (`data/records.json`), which shows the
same records in the same state as every other carrier of the build (R-A1).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import pytest
from browser import (
    PROJECT,
    SUB_PATH,
    Demo,
    Screenshots,
    assert_no_sideways_scrolling,
    browsing,
    missing,
    wait_for_search,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

WORD = "青崖县"
"""On every live record's page (each party is in the county), and on every withdrawal notice,
which is not indexed."""
AXE_JS = PROJECT / "node_modules" / "axe-core" / "axe.min.js"


def party_group(kind: str) -> str:
    return "natural-person" if kind in ("natural_person", "individual_business") else "organization"


def values_of(record: dict[str, Any]) -> dict[str, str]:
    """A published record's value in each filter, as the search page's address names it."""
    return {
        "year": record["published"][:4],
        "area": record["area"],
        "kind": record["type"],
        "party": party_group(record["party"]["kind"]),
    }


def expected(demo: Demo, **filters: str) -> set[str]:
    """The result links of the live records that pass `filters`."""
    return {
        f"{SUB_PATH}records/{record['id']}/index.html"
        for record in demo.published()
        if all(values_of(record)[name] == value for name, value in filters.items())
    }


def address(demo: Demo, words: str, **filters: str) -> str:
    query = "&".join(f"{name}={quote(value)}" for name, value in {"q": words, **filters}.items())
    return f"{demo.url}search/index.html?{query}"


def every_result(page: Page) -> dict[str, Any]:
    """What the search shows, after pressing 显示更多结果 until every result is listed."""
    shown = wait_for_search(page)
    while shown["more"]:
        page.get_by_role("button", name="显示更多结果").click()
        shown = wait_for_search(page)
    return shown


def hrefs(shown: dict[str, Any]) -> set[str]:
    return {result["href"] for result in shown["results"]}


def test_a_year_in_the_address_gives_only_that_years_live_records(
    chromium: Browser, demo: Demo
) -> None:
    """search/?q=…&year=2025: links can pre-filter; the form shows the filter it applies."""
    wanted = expected(demo, year="2025")
    assert 0 < len(wanted) < len(demo.published())
    with browsing(chromium, "desktop") as (_, page):
        page.goto(address(demo, WORD, year="2025"))
        shown = every_result(page)
        assert hrefs(shown) == wanted, shown
        assert page.get_by_label("年份").input_value() == "2025"
        assert page.get_by_label("查找词语").input_value() == WORD
        assert f"找到 {len(wanted)} 个" in shown["message"], shown
        assert f"筛选前共 {len(demo.published())} 个" in shown["message"], shown
        assert all(result["facets"].startswith("2025年") for result in shown["results"])


@pytest.mark.parametrize(
    ("label", "name", "value"),
    [
        ("领域", "area", "civil_explosives"),
        ("类别", "kind", "inspection"),
        ("当事人类型", "party", "natural-person"),
    ],
)
def test_choosing_a_filter_narrows_the_results_at_once(
    chromium: Browser, demo: Demo, label: str, name: str, value: str
) -> None:
    """Choosing in the form narrows the results found, and the page's address follows, so
    that it can be linked to."""
    wanted = expected(demo, **{name: value})
    assert 0 < len(wanted) < len(demo.published())
    with browsing(chromium, "desktop") as (_, page):
        page.goto(address(demo, WORD))
        assert hrefs(every_result(page)) == expected(demo)
        page.get_by_label(label).select_option(value)
        shown = every_result(page)
        assert hrefs(shown) == wanted, shown
        assert f"{name}={value}" in page.url


def test_filters_combine_and_each_choice_shows_what_it_would_leave(
    chromium: Browser, demo: Demo
) -> None:
    """Two filters give the records that pass both; each choice counts the results it would
    leave, given the other filters (2026年（n）)."""
    with browsing(chromium, "desktop") as (_, page):
        page.goto(address(demo, WORD, year="2026", kind="penalty"))
        shown = every_result(page)
        assert hrefs(shown) == expected(demo, year="2026", kind="penalty"), shown
        years = page.locator("#search-year option").all_inner_texts()
        assert f"2025年（{len(expected(demo, year='2025', kind='penalty'))}）" in years
        assert years[0] == f"全部年份（{len(expected(demo, kind='penalty'))}）"
        kinds = page.locator("#search-kind option").all_inner_texts()
        assert f"行政检查（{len(expected(demo, year='2026', kind='inspection'))}）" in kinds


def test_an_unknown_filter_value_is_left_out_and_shown_so(chromium: Browser, demo: Demo) -> None:
    with browsing(chromium, "desktop") as (_, page):
        page.goto(address(demo, WORD, year="1999", area="nowhere"))
        shown = every_result(page)
        assert hrefs(shown) == expected(demo)
        assert page.get_by_label("年份").input_value() == ""
        assert page.get_by_label("领域").input_value() == ""


def test_a_withdrawn_record_is_never_found_whatever_the_filters(
    chromium: Browser, demo: Demo
) -> None:
    """R-A5: with the withdrawn decision's own year, area and kind chosen, its address is
    never among the results, by the county's name or by its own title."""
    withdrawn = demo.withdrawn()
    assert withdrawn, "the demo should have withdrawn decisions"
    with browsing(chromium, "desktop") as (_, page):
        for record in withdrawn:
            filters = {
                "year": record["published"][:4],
                "area": record["area"],
                "kind": record["type"],
            }
            for words in (WORD, record["title"]):
                page.goto(address(demo, words, **filters))
                found = hrefs(every_result(page))
                assert f"{SUB_PATH}records/{record['id']}/index.html" not in found
                assert found <= expected(demo, **filters), (words, found)


def test_more_results_are_reached_from_the_keyboard(chromium: Browser, demo: Demo) -> None:
    """Ten results at a time: 显示更多结果, pressed with Enter, lists the next ones and moves
    the focus to the first of them. A filter is chosen with the arrow keys."""
    assert len(expected(demo)) > 10
    with browsing(chromium, "desktop") as (_, page):
        page.goto(address(demo, WORD))
        shown = wait_for_search(page)
        assert len(shown["results"]) == 10 and shown["more"], shown
        page.get_by_role("button", name="显示更多结果").focus()
        page.keyboard.press("Enter")
        shown = wait_for_search(page)
        assert len(shown["results"]) == min(20, len(expected(demo))), shown
        focused = page.evaluate("() => document.activeElement.getAttribute('href')")
        assert focused == shown["results"][10]["href"]
        page.get_by_label("类别").focus()
        page.keyboard.press("ArrowDown")  # 全部类别 → the first kind, 行政处罚
        shown = every_result(page)
        assert hrefs(shown) == expected(demo, kind="penalty"), shown


def test_the_filtered_search_fits_a_phone_and_passes_axe(
    chromium: Browser, demo: Demo, screenshots: Screenshots
) -> None:
    """At 390 px in 大字模式 nothing scrolls sideways; axe-core finds no WCAG 2.1 A or AA
    violation on the page with its filters chosen and results shown."""
    if not AXE_JS.is_file():
        missing("axe-core is not installed: run `npm ci --ignore-scripts` in the project folder")
    with browsing(chromium, "phone", large_text=True) as (_, page):
        page.goto(address(demo, WORD, area="civil_explosives", party="organization"))
        shown = every_result(page)
        assert hrefs(shown) == expected(demo, area="civil_explosives", party="organization")
        assert_no_sideways_scrolling(page, 390)
        page.screenshot(path=screenshots.path("search-filtered-phone-large"), full_page=True)
        page.add_script_tag(path=str(AXE_JS))
        tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
        violations = page.evaluate(
            "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
            ".then((r) => r.violations.map((v) => v.id + ': ' + v.help))",
            tags,
        )
        assert violations == []
