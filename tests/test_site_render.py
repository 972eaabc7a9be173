"""Rendering in a real browser (headless Chromium): pages fit a 375px phone screen.

Skipped where Chromium is not installed (`apt-get install -y chromium` on Debian). Headless
Chromium will not make a window narrower than 500px, so each page is loaded into a 375px-wide
iframe of a probe page, served from a local HTTP server so that the probe may measure it.
"""

from __future__ import annotations

import functools
import re
import subprocess
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from test_site_build import build, write_fixture

CHROMIUM = Path("/usr/bin/chromium")
WIDTH = 375
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--hide-scrollbars",
    "--window-size=800,900",
    "--virtual-time-budget=3000",
]

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium is not installed")

PROBE = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>probe</title>
<style>body{{margin:0}} iframe{{border:0;width:{width}px;height:880px}}</style></head>
<body><iframe src="/{page}"></iframe>
<script>
document.querySelector('iframe').addEventListener('load', function (event) {{
  var doc = event.target.contentDocument;
  document.body.setAttribute('data-scroll-width', doc.documentElement.scrollWidth);
  document.body.setAttribute('data-client-width', doc.documentElement.clientWidth);
}});
</script></body></html>
"""

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


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output clean."""


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    base = tmp_path_factory.mktemp("render")
    result = build(write_fixture(base / "content"), base / "output")
    assert result.returncode == 0, result.stderr
    site = base / "output"
    probes = base / "probes"
    probes.mkdir()
    handler = functools.partial(QuietHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def chromium(*args: str) -> subprocess.CompletedProcess[str]:
    command = [str(CHROMIUM), *FLAGS, *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


def write_probe(site: Path, page: str) -> str:
    """A probe page inside the served folder (removed by the caller)."""
    name = "probe-" + re.sub(r"[^a-z0-9]+", "-", page) + ".html"
    (site / name).write_text(PROBE.format(width=WIDTH, page=page), encoding="utf-8")
    return name


@pytest.mark.parametrize("page", PAGES)
def test_page_fits_a_phone_screen_without_horizontal_scrolling(
    served: tuple[Path, str], page: str
) -> None:
    site, url = served
    probe = write_probe(site, page)
    try:
        result = chromium("--dump-dom", f"{url}/{probe}")
    finally:
        (site / probe).unlink()
    client = re.search(r'data-client-width="(\d+)"', result.stdout)
    scroll = re.search(r'data-scroll-width="(\d+)"', result.stdout)
    assert client and scroll, result.stderr[-2000:]
    assert int(client.group(1)) == WIDTH  # the page really was laid out at phone width
    assert int(scroll.group(1)) <= WIDTH


def test_record_page_screenshot(served: tuple[Path, str], tmp_path: Path) -> None:
    site, url = served
    probe = write_probe(site, "records/2024-cf-0001/index.html")
    shot = tmp_path / "record-375.png"
    try:
        chromium(f"--screenshot={shot}", f"{url}/{probe}")
    finally:
        (site / probe).unlink()
    assert shot.is_file() and shot.stat().st_size > 1000
