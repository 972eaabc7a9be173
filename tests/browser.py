"""Pages in a real browser: Playwright for Python driving Debian's Chromium.

`npx playwright install` cannot download browsers here, so Playwright starts Debian's
`/usr/bin/chromium` (`apt-get install -y chromium`; `.ci/run` installs it) with its own bundled
driver, which works offline. Where Chromium or the `playwright` package is missing the tests
that need them are skipped, except under `REQUIRE_VALIDATORS=1` (set by `.ci/run`), where they
fail.

The fixtures (`chromium`, `screenshots`, `demo`) are made available to every test module by
`conftest.py`. Screenshots go to `test-artifacts/screenshots/` at the project root, or to the
folder named by the environment variable `SCREENSHOT_DIR`; pytest's summary says where.
"""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

PROJECT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags Chromium keeps trying hosts this machine cannot reach.
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
PHONE: dict[str, Any] = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
}
DESKTOP: dict[str, Any] = {"viewport": {"width": 1280, "height": 800}, "device_scale_factor": 1}
DEVICES = {"phone": PHONE, "desktop": DESKTOP}
# The key theme/js/textsize.js keeps the reader's 大字模式 choice under.
TEXT_SIZE_KEY = "disclosure.textSize"
LARGE_TEXT_INIT = f"window.localStorage.setItem({json.dumps(TEXT_SIZE_KEY)}, 'large');"

# The portal's sub-path the demo is served under (README: deploying under the county portal).
SUB_PATH = "/gxj/zfgs/"
DEMO_AS_OF = "2026-11-28"

SCREENSHOT_DIR_VARIABLE = "SCREENSHOT_DIR"
DEFAULT_SCREENSHOT_DIR = PROJECT / "test-artifacts" / "screenshots"


def missing(reason: str) -> NoReturn:
    """Skip for want of a tool, except where CI promised to install every tool."""
    if os.environ.get("REQUIRE_VALIDATORS") == "1":
        pytest.fail(f"{reason} (REQUIRE_VALIDATORS=1)")
    pytest.skip(reason)


# --- serving a built site -----------------------------------------------------------------------


@contextmanager
def serve(site: Path, prefix: str = "/") -> Iterator[str]:
    """Serve `site` over HTTP on 127.0.0.1 at `prefix` (404 elsewhere); yields the site's
    address, ending in "/"."""

    class Handler(SimpleHTTPRequestHandler):
        def translate_path(self, path: str) -> str:
            if not path.startswith(prefix):
                return str(site / "__outside_the_site__")
            return super().translate_path("/" + path[len(prefix) :])

        def log_message(self, format: str, *args: object) -> None:
            """Keep the test output clean."""

    class Server(ThreadingHTTPServer):
        # socketserver's backlog of 5 drops the connections of a client reading many files
        # at once (publisher verify), which then retry a second later; a web server has 511.
        request_queue_size = 128

    handler = functools.partial(Handler, directory=str(site))
    server = Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()


# --- what a page shows --------------------------------------------------------------------------

# The page's widths, and every element that reaches past the left or right edge of the
# viewport. Inside a box that scrolls or clips sideways (a wide table in .table-wrap) content
# may be wider: only the box itself is measured.
OVERFLOW = """() => {
  const root = document.documentElement;
  const width = root.clientWidth;
  const offenders = [];
  const describe = (element, rect) => {
    const classes = element.classList.length ? '.' + Array.from(element.classList).join('.') : '';
    const text = (element.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 40);
    return `${element.tagName.toLowerCase()}${classes} [${Math.round(rect.left)}, ` +
      `${Math.round(rect.right)}] ${text}`;
  };
  const walk = (parent) => {
    for (const element of parent.children) {
      const style = getComputedStyle(element);
      if (style.display === 'none') continue;
      const rect = element.getBoundingClientRect();
      if ((rect.width > 0 || rect.height > 0) && (rect.left < -1 || rect.right > width + 1)) {
        offenders.push(describe(element, rect));
      }
      if (style.overflowX === 'visible') walk(element);
    }
  };
  walk(document.body);
  return {innerWidth: window.innerWidth, clientWidth: width, scrollWidth: root.scrollWidth,
          bodyScrollWidth: document.body.scrollWidth, offenders: offenders.slice(0, 20)};
}"""


def settle(page: Page) -> None:
    """Wait until the page's fonts are loaded, so that what is measured is what is shown."""
    page.evaluate("() => document.fonts.ready.then(() => true)")


def assert_no_sideways_scrolling(page: Page, width: int) -> None:
    settle(page)
    shown = page.evaluate(OVERFLOW)
    where = page.url
    assert shown["innerWidth"] == width, (where, shown)  # really laid out at this width
    assert shown["scrollWidth"] <= shown["innerWidth"], (where, shown)
    assert shown["bodyScrollWidth"] <= shown["innerWidth"], (where, shown)
    assert shown["offenders"] == [], (where, shown)


# --- the search page (theme/js/search.js over Pagefind's index) ---------------------------------

# The search is done once the status line has its final words and the result list is no longer
# aria-busy (results are added once their data has loaded).
SEARCH_SHOWN = """() => {
  const status = document.getElementById('search-status');
  const list = document.getElementById('search-results');
  const message = status ? status.textContent : '';
  const results = Array.from(document.querySelectorAll('.search-result'), (result) => {
    const link = result.querySelector('h2 a');
    const facets = result.querySelector('.search-result-facets');
    return {title: link.textContent, href: link.getAttribute('href'),
            facets: facets ? facets.textContent : ''};
  });
  const more = document.getElementById('search-more');
  return {finished: !!message && !message.startsWith('正在') &&
                    !!list && list.getAttribute('aria-busy') === 'false',
          message: message || null, results: results, more: !!more && !more.hidden};
}"""


def wait_for_search(page: Page) -> dict[str, Any]:
    """What the search page shows once its search has finished: its message, each result's
    title, link and filter values, and whether 显示更多结果 is offered."""
    page.wait_for_function(f"({SEARCH_SHOWN})().finished", timeout=15_000)
    shown: dict[str, Any] = page.evaluate(SEARCH_SHOWN)
    return shown


def search(page: Page, site: str, words: str) -> dict[str, Any]:
    """Open the search page, type `words` into the field, press 搜索, and return what the page
    shows once the search has finished."""
    page.goto(f"{site}search/index.html")
    page.get_by_label("查找词语").fill(words)
    page.get_by_role("button", name="搜索", exact=True).click()
    return wait_for_search(page)


# --- screenshots --------------------------------------------------------------------------------


@dataclass
class Screenshots:
    """Where the screenshots of this run go, and which were taken."""

    folder: Path
    taken: list[Path] = field(default_factory=list)

    def path(self, name: str) -> Path:
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self.folder / f"{name}.png"
        self.taken.append(target)
        return target


SCREENSHOTS_KEY = pytest.StashKey[Screenshots]()


def screenshot_folder() -> Path:
    configured = os.environ.get(SCREENSHOT_DIR_VARIABLE)
    return Path(configured).resolve() if configured else DEFAULT_SCREENSHOT_DIR


def report_screenshots(config: pytest.Config) -> str | None:
    shots = config.stash.get(SCREENSHOTS_KEY, None)
    if shots is None or not shots.taken:
        return None
    return (
        f"{len(set(shots.taken))} screenshots in {shots.folder} "
        f"(set {SCREENSHOT_DIR_VARIABLE} to put them elsewhere)"
    )


# --- fixtures (made available by conftest.py) ---------------------------------------------------


def require_browser() -> None:
    """Skip (or fail, under REQUIRE_VALIDATORS=1) unless Chromium and Playwright are here."""
    if not CHROMIUM.exists():
        missing("Chromium is not installed (apt-get install -y chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing("playwright is not installed (pip install -e '.[test]')")


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    """Debian's Chromium, started by Playwright for one test module. Not for longer: while
    Playwright's synchronous API is running, its event loop is the thread's running loop, and
    tests that call asyncio.run() in this process (the Pagefind index) would fail."""
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="session")
def screenshots(request: pytest.FixtureRequest) -> Screenshots:
    shots = Screenshots(screenshot_folder())
    request.config.stash[SCREENSHOTS_KEY] = shots
    return shots


@contextmanager
def browsing(
    browser: Browser, device: str, *, large_text: bool = False, javascript: bool = True
) -> Iterator[tuple[BrowserContext, Page]]:
    """A fresh browser profile (no stored 大字模式 choice) with one tab, as `device`."""
    context = browser.new_context(**DEVICES[device], java_script_enabled=javascript)
    if large_text:
        context.add_init_script(LARGE_TEXT_INIT)
    try:
        yield context, context.new_page()
    finally:
        context.close()


@dataclass(frozen=True)
class Demo:
    """The demo bureau's site as of DEMO_AS_OF, served under the portal's sub-path."""

    folder: Path
    url: str  # ends in SUB_PATH
    records: list[dict[str, Any]]  # data/records.json

    def published(self) -> list[dict[str, Any]]:
        return [record for record in self.records if record["state"] == "published"]

    def withdrawn(self) -> list[dict[str, Any]]:
        return [record for record in self.records if record["state"] == "withdrawn"]

    def live_record(self) -> dict[str, Any]:
        """The published penalty decision with the most corrections: the fullest page."""
        penalties = [record for record in self.published() if record["type"] == "penalty"]
        return max(penalties, key=lambda record: (len(record["corrections"]), record["id"]))


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    """Built once per session, the way the README builds it (and not at all when the
    browser tests are skipped)."""
    require_browser()
    folder = tmp_path_factory.mktemp("demo") / "site"
    command = [
        sys.executable, "-m", "publisher.cli", "build", "--content", str(PROJECT / "content"),
        "--output", str(folder), "--as-of", DEMO_AS_OF,
    ]  # fmt: skip
    result = subprocess.run(command, cwd=PROJECT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    records = json.loads((folder / "data" / "records.json").read_text(encoding="utf-8"))
    with serve(folder, SUB_PATH) as url:
        yield Demo(folder=folder, url=url, records=records)
