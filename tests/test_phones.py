"""The demo bureau's site as people see it: on a phone (390×844, device scale 3, touch) and on a
desktop (1280×800), in the standard size and in 大字模式, nothing ever scrolls sideways; the
site search finds a live record by its title and never a withdrawn one (R-A5), under the
county portal's sub-path.

The demo is built as of 2026-11-28 (`tests/browser.py`, the `demo` fixture) and served over
HTTP on 127.0.0.1 under /gxj/zfgs/. Each page's screenshot is saved (test-artifacts/screenshots/
or $SCREENSHOT_DIR); docs/screenshot.png and docs/screenshot-phone.png are `home-desktop-top`
and `home-phone-top` of such a run (`make screenshots`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from browser import (
    DEVICES,
    SUB_PATH,
    Demo,
    Screenshots,
    assert_no_sideways_scrolling,
    browsing,
    search,
    settle,
    wait_for_search,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

PAGES = ["home", "record", "notice", "list", "search"]


def open_page(page: Page, demo: Demo, name: str) -> None:
    """Show one page of each kind; for "search", the results of a live record's title typed
    into the site search."""
    if name == "search":
        shown = search(page, demo.url, demo.live_record()["title"])
        assert shown["results"], shown
        return
    paths = {
        "home": "index.html",
        "record": f"records/{demo.live_record()['id']}/index.html",
        "notice": f"records/{demo.withdrawn()[0]['id']}/index.html",
        "list": "kinds/penalty/index.html",
    }
    response = page.goto(demo.url + paths[name])
    assert response is not None and response.ok, paths[name]


@pytest.mark.parametrize("text", ["standard", "large"])
@pytest.mark.parametrize("device", list(DEVICES))
@pytest.mark.parametrize("name", PAGES)
def test_nothing_scrolls_sideways(
    chromium: Browser, demo: Demo, screenshots: Screenshots, name: str, device: str, text: str
) -> None:
    large = text == "large"
    with browsing(chromium, device, large_text=large) as (_, page):
        open_page(page, demo, name)
        if name == "notice":
            assert "已撤下" in page.locator("h1").inner_text()
        assert page.evaluate("document.documentElement.classList.contains('text-large')") is large
        assert_no_sideways_scrolling(page, DEVICES[device]["viewport"]["width"])
        suffix = "-large" if large else ""
        page.screenshot(
            path=screenshots.path(f"{name}-{device}{suffix}"), full_page=True, scale="css"
        )
        if name == "home" and not large:  # the README's screenshots: what the first screen shows
            page.screenshot(path=screenshots.path(f"home-{device}-top"))


def test_the_overflow_check_catches_a_wide_element(chromium: Browser, demo: Demo) -> None:
    """The check above would see a page that is too wide (so its passing means something)."""
    with browsing(chromium, "phone") as (_, page):
        page.goto(demo.url + "index.html")
        page.evaluate(
            "() => { const box = document.createElement('div'); box.className = 'too-wide';"
            " box.style.width = '600px'; box.textContent = '宽'; document.querySelector('main')"
            ".appendChild(box); }"
        )
        with pytest.raises(AssertionError, match="too-wide"):
            assert_no_sideways_scrolling(page, 390)


# --- the site search (Pagefind) under the portal's sub-path -------------------------------------


def test_search_finds_a_live_record_by_its_title(chromium: Browser, demo: Demo) -> None:
    record = demo.live_record()
    with browsing(chromium, "phone") as (_, page):
        shown = search(page, demo.url, record["title"])
        first = shown["results"][0]
        assert first["title"] == record["title"], shown
        assert first["href"] == f"{SUB_PATH}records/{record['id']}/index.html", shown
        page.locator(".search-result h2 a").first.click()
        page.wait_for_load_state()
        assert page.url == f"{demo.url}records/{record['id']}/index.html"
        settle(page)
        assert page.locator("h1").inner_text() == record["title"]


def test_search_never_finds_a_withdrawn_record(chromium: Browser, demo: Demo) -> None:
    """R-A5: a withdrawn decision's address shows only its notice, which is not indexed; its
    title finds nothing of it (a decision made anew in its place may share most words)."""
    withdrawn = demo.withdrawn()
    assert withdrawn, "the demo should have withdrawn decisions"
    nothing_at_all = 0
    with browsing(chromium, "desktop") as (_, page):
        for record in withdrawn:
            shown = search(page, demo.url, record["title"])
            hrefs = {result["href"] for result in shown["results"]}
            assert f"{SUB_PATH}records/{record['id']}/index.html" not in hrefs, shown
            assert all(href.startswith(SUB_PATH + "records/") for href in hrefs), shown
            if not shown["results"]:
                assert "未找到" in (shown["message"] or ""), shown
                nothing_at_all += 1
    assert nothing_at_all > 0  # at least one title matches no page at all


def test_the_header_search_box_opens_the_search_with_its_words(
    chromium: Browser, demo: Demo
) -> None:
    """Every page but the search page itself has a search box in its header: a plain form to
    search/?q=…, where the search page shows the results of those words."""
    record = demo.live_record()
    with browsing(chromium, "phone") as (_, page):
        page.goto(f"{demo.url}records/{record['id']}/index.html")
        page.get_by_label("搜索公示信息").fill(record["title"])
        page.get_by_role("button", name="搜索", exact=True).click()
        page.wait_for_load_state()
        assert page.url.startswith(f"{demo.url}search/index.html?q=")
        first = wait_for_search(page)["results"][0]["title"]
        assert first == record["title"]
        assert page.locator(".site-search").count() == 0  # one search field on the search page
