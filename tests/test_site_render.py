"""Rendering in a real browser (Playwright driving Debian's Chromium, `tests/browser.py`):
every kind of page of the test fixture fits the narrowest phone the theme supports (360px,
mobile with touch), in the standard size and in 大字模式, without scrolling sideways.

The demo bureau's pages at 390px and 1280px, with screenshots and the site search, are in
`tests/test_phones.py`. Skipped where Chromium or Playwright is not installed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest
from browser import LARGE_TEXT_INIT, PHONE, assert_no_sideways_scrolling, serve
from test_site_build import build, write_fixture

if TYPE_CHECKING:
    from playwright.sync_api import Browser

WIDTH = 360
NARROW_PHONE: dict[str, Any] = {**PHONE, "viewport": {"width": WIDTH, "height": 780}}

PAGES = [
    "records/2024-cf-0001/index.html",
    "records/2024-cf-0002/index.html",
    "index.html",
    "years/2024/05/index.html",
    "corrections/index.html",
    "about/procedures/index.html",
    "about/duties/index.html",
    "about/officers/index.html",
    "about/inspection-items/index.html",
    "draws/index.html",  # SHA-256 values and shell commands (R-B5)
]


@pytest.fixture(scope="module")
def served(chromium: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The fixture site over HTTP (`chromium` first, so that a skip costs no build)."""
    base = tmp_path_factory.mktemp("render")
    result = build(write_fixture(base / "content"), base / "output")
    assert result.returncode == 0, result.stderr
    with serve(base / "output") as url:
        yield url


@pytest.mark.parametrize("large", [False, True], ids=["standard", "large"])
@pytest.mark.parametrize("page", PAGES)
def test_page_fits_a_phone_screen_without_horizontal_scrolling(
    chromium: Browser, served: str, page: str, large: bool
) -> None:
    context = chromium.new_context(**NARROW_PHONE)
    if large:
        context.add_init_script(LARGE_TEXT_INIT)
    try:
        tab = context.new_page()
        response = tab.goto(served + page)
        assert response is not None and response.ok, page
        assert_no_sideways_scrolling(tab, WIDTH)
    finally:
        context.close()
