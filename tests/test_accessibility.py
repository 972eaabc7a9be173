"""Accessibility and 适老化 in a real browser, on the demo site (`tests/browser.py`): the
大字模式 button and its persistence, line spacing, focus rings and meaning never carried by
colour alone. axe-core and the Nu Html Checker run in `tests/test_site_validity.py`; the
sideways-scrolling checks in both text sizes are in `tests/test_phones.py`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import pytest
from browser import TEXT_SIZE_KEY, Demo, browsing, search, settle, wait_for_search

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

BUTTON = "button[data-text-size]"

# Recorded by an init script: the classes of <html> when the <body> element first exists,
# i.e. before anything of the page can be painted.
CLASSES_AT_BODY = """
new MutationObserver(function (records, observer) {
  if (document.body) {
    window.__classesAtBody = document.documentElement.className;
    observer.disconnect();
  }
}).observe(document, {childList: true, subtree: true});
"""


def root_font_size(page: Page) -> float:
    return float(page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)"))


def stored_choice(page: Page) -> Any:
    return page.evaluate(f"window.localStorage.getItem('{TEXT_SIZE_KEY}')")


def test_large_text_toggle_persists_across_pages(chromium: Browser, demo: Demo) -> None:
    with browsing(chromium, "phone") as (context, page):
        context.add_init_script(CLASSES_AT_BODY)
        page.goto(demo.url + "index.html")
        button = page.locator(BUTTON)
        assert button.is_visible()
        assert button.inner_text().strip() == "大字模式"
        assert button.get_attribute("aria-pressed") == "false"
        assert root_font_size(page) == 16
        box = button.bounding_box()
        assert box is not None and box["height"] >= 44  # tap target

        button.tap()
        assert button.get_attribute("aria-pressed") == "true"
        assert root_font_size(page) == 20
        assert stored_choice(page) == "large"
        # The name stays 大字模式 (a toggle's name must not change with its state, WAI-ARIA
        # APG); the tick that shows the state is hidden from screen readers.
        assert page.get_by_role("button", name="大字模式", pressed=True).count() == 1

        with page.expect_navigation():
            page.locator("main a.entry-title").first.tap()
        assert "/records/" in page.url
        # Set by the script at the top of <head>, before the body exists: no flash of the
        # standard size.
        assert "text-large" in page.evaluate("window.__classesAtBody").split()
        assert page.locator(BUTTON).get_attribute("aria-pressed") == "true"
        assert root_font_size(page) == 20

        page.locator(BUTTON).tap()
        assert root_font_size(page) == 16 and stored_choice(page) is None
        page.go_back()
        assert page.evaluate("window.__classesAtBody").split().count("text-large") == 0
        assert page.locator(BUTTON).get_attribute("aria-pressed") == "false"


def test_the_text_size_script_runs_before_the_body(chromium: Browser, demo: Demo) -> None:
    """A plain <script> in <head> (no defer, no async), so it runs before the first paint."""
    with browsing(chromium, "desktop") as (_, page):
        page.goto(demo.url + "index.html")
        script = page.evaluate(
            "() => { const s = document.head.querySelector('script[src$=\"theme/js/textsize.js\"]');"
            " return s && {defer: s.defer, async: s.async, type: s.type}; }"
        )
        assert script == {"defer": False, "async": False, "type": ""}


def test_without_javascript_the_button_is_hidden_and_the_site_works(
    chromium: Browser, demo: Demo
) -> None:
    with browsing(chromium, "phone", javascript=False) as (_, page):
        page.goto(demo.url + "index.html")
        assert page.locator(BUTTON).count() == 1 and page.locator(BUTTON).is_hidden()
        assert root_font_size(page) == 16
        with page.expect_navigation():
            page.locator("main a.entry-title").first.tap()
        assert "/records/" in page.url and page.locator("h1").is_visible()


# --- line spacing -------------------------------------------------------------------------------

# Every shown element with text of its own: its line height as a multiple of its font size.
LINE_HEIGHTS = """() => {
  const found = [];
  for (const element of document.body.querySelectorAll('*')) {
    const text = Array.from(element.childNodes)
      .filter((node) => node.nodeType === Node.TEXT_NODE)
      .map((node) => node.textContent).join('').trim();
    if (!text) continue;
    const style = getComputedStyle(element);
    if (style.visibility === 'hidden' || element.getClientRects().length === 0) continue;
    const size = parseFloat(style.fontSize);
    found.push({element: element.tagName.toLowerCase() + (element.className ?
                  '.' + String(element.className).trim().split(/\\s+/).join('.') : ''),
                text: text.slice(0, 30), lineHeight: style.lineHeight,
                ratio: style.lineHeight === 'normal' ? null : parseFloat(style.lineHeight) / size});
  }
  return found;
}"""


def open_kind(page: Page, demo: Demo, kind: str) -> None:
    if kind == "search":
        assert search(page, demo.url, demo.live_record()["title"])["results"]
        return
    paths = {
        "home": "index.html",
        "record": f"records/{demo.live_record()['id']}/index.html",
        "notice": f"records/{demo.withdrawn()[0]['id']}/index.html",
        "list": "kinds/penalty/index.html",
    }
    page.goto(demo.url + paths[kind])
    settle(page)


KINDS = ["home", "record", "notice", "list", "search"]


@pytest.mark.parametrize("large", [False, True], ids=["standard", "large"])
@pytest.mark.parametrize("kind", KINDS)
def test_text_has_a_line_height_of_at_least_one_and_a_half(
    chromium: Browser, demo: Demo, kind: str, large: bool
) -> None:
    with browsing(chromium, "phone", large_text=large) as (_, page):
        open_kind(page, demo, kind)
        found = page.evaluate(LINE_HEIGHTS)
        assert len(found) > 10
        tight = [item for item in found if item["ratio"] is None or item["ratio"] < 1.5 - 0.01]
        assert tight == [], tight


# --- focus --------------------------------------------------------------------------------------

FOCUSABLE = """() => Array.from(document.querySelectorAll(
    'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select, '
    + 'textarea, summary, [tabindex]:not([tabindex="-1"])'))
  .filter((element) => element.getClientRects().length > 0
          && getComputedStyle(element).visibility !== 'hidden').length"""

# The focused element, its outline, and the colours just outside it, where the ring is drawn
# (elementsFromPoint: an absolutely placed element, like the skip link, lies over other boxes).
FOCUSED = """() => {
  const element = document.activeElement;
  if (!element || element === document.body || element === document.documentElement) return null;
  const style = getComputedStyle(element);
  const rect = element.getBoundingClientRect();
  const behind = (x, y) => {
    if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) return null;
    for (const under of document.elementsFromPoint(x, y)) {
      if (under === element || element.contains(under)) continue;
      const colour = getComputedStyle(under).backgroundColor;
      if (colour !== 'rgba(0, 0, 0, 0)' && colour !== 'transparent') return colour;
    }
    return 'rgb(255, 255, 255)';
  };
  const gap = parseFloat(style.outlineOffset) + parseFloat(style.outlineWidth) / 2;
  const middleX = rect.left + rect.width / 2, middleY = rect.top + rect.height / 2;
  const around = [behind(rect.left - gap, middleY), behind(rect.right + gap, middleY),
                  behind(middleX, rect.top - gap), behind(middleX, rect.bottom + gap)];
  return {
    element: element.tagName.toLowerCase() + ' ' + (element.textContent || element.value || '')
      .trim().slice(0, 30),
    focusVisible: element.matches(':focus-visible'),
    outlineStyle: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth),
    outlineColor: style.outlineColor, around: around.filter((colour) => colour !== null)
  };
}"""


def rgb(colour: str) -> tuple[float, float, float]:
    numbers = [float(n) for n in re.findall(r"[\d.]+", colour)[:3]]
    return numbers[0], numbers[1], numbers[2]


def contrast(first: str, second: str) -> float:
    """WCAG 2.1 contrast ratio of two opaque colours."""

    def luminance(colour: str) -> float:
        channels = [c / 255 for c in rgb(colour)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize(
    ("kind", "device", "large"),
    [("home", "desktop", False), ("home", "phone", True), ("search", "desktop", False)],
)
def test_every_focusable_element_shows_a_clear_focus_ring(
    chromium: Browser, demo: Demo, kind: str, device: str, large: bool
) -> None:
    """Tab through the whole page: each stop shows a solid outline of 2px or more with a
    contrast of 3:1 against what surrounds it (WCAG 2.4.7, 1.4.11)."""
    with browsing(chromium, device, large_text=large) as (_, page):
        if kind == "search":
            page.goto(f"{demo.url}search/index.html?q=煤业")
            assert wait_for_search(page)["results"]
        else:
            page.goto(demo.url + "index.html")
        settle(page)
        expected = page.evaluate(FOCUSABLE)
        stops: list[dict[str, Any]] = []
        for _ in range(expected + 5):
            page.keyboard.press("Tab")
            focused = page.evaluate(FOCUSED)
            if focused is None:
                break
            stops.append(focused)
        assert len(stops) == expected, [stop["element"] for stop in stops]
        faint = [
            stop
            for stop in stops
            if not stop["focusVisible"]
            or stop["outlineStyle"] in ("none", "hidden")
            or stop["outlineWidth"] < 2
            or not stop["around"]
            or min(contrast(stop["outlineColor"], colour) for colour in stop["around"]) < 3
        ]
        assert faint == [], faint


# --- meaning never by colour alone --------------------------------------------------------------

LINKS_AND_BADGES = """() => {
  const shown = (element) => element.getClientRects().length > 0;
  const links = Array.from(document.querySelectorAll('main a[href]'))
    .filter((link) => shown(link) && !link.closest('nav'))
    .map((link) => {
      const style = getComputedStyle(link);
      return {text: link.textContent.trim().slice(0, 30),
              underlined: style.textDecorationLine.includes('underline'),
              boxed: style.borderTopStyle !== 'none' && parseFloat(style.borderTopWidth) > 0};
    });
  const badges = Array.from(document.querySelectorAll('.badge')).filter(shown)
    .map((badge) => badge.textContent.trim());
  const current = Array.from(document.querySelectorAll('.site-nav a')).map((link) => {
    const style = getComputedStyle(link);
    return {current: link.hasAttribute('aria-current'), weight: parseInt(style.fontWeight, 10),
            mark: style.boxShadow};
  });
  return {links: links, badges: badges, nav: current};
}"""


@pytest.mark.parametrize("kind", KINDS)
def test_meaning_is_never_carried_by_colour_alone(chromium: Browser, demo: Demo, kind: str) -> None:
    """Links in the text are underlined (or boxed), state badges have words, and the current
    navigation entry is bold and marked, not only coloured (WCAG 1.4.1)."""
    with browsing(chromium, "desktop") as (_, page):
        open_kind(page, demo, kind)
        shown = page.evaluate(LINKS_AND_BADGES)
        assert shown["links"] or kind == "notice", shown  # a notice may link to nothing
        plain = [link for link in shown["links"] if not link["underlined"] and not link["boxed"]]
        assert plain == [], plain
        assert all(shown["badges"]), shown["badges"]
        if kind == "notice":
            assert "已撤下" in shown["badges"]
        for entry in shown["nav"]:
            if entry["current"]:
                assert entry["weight"] >= 600 and entry["mark"] != "none", entry
