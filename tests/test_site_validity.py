"""The built site is valid HTML (the Nu Html Checker) and accessible (axe-core in Chromium).

Both run over one small but complete build: a penalty with corrections and an attachment, a
withdrawn decision and the one that replaced it, a natural person, inspection results citing a
random-inspection item, enough of them for a second listing page, the demo's 事前公开 files, and
a published double-random draw (R-B5) from `tests/draw_fixture/`.

The tools are installed by `.ci/run`: the Nu Html Checker and axe-core from `package.json`
(`npm ci --ignore-scripts`, into the git-ignored node_modules/), Java and Chromium from
Debian. Where one is missing the test is skipped, so `make test` runs anywhere; with
`REQUIRE_VALIDATORS=1` (set by `.ci/run`) a missing tool fails the test instead.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, NoReturn

import pytest
from factories import id_number, inspection, penalty, write_content, write_yaml
from test_site_build import build

PROJECT = Path(__file__).resolve().parent.parent
NODE_MODULES = PROJECT / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--hide-scrollbars",
    "--window-size=1300,1000",
    "--virtual-time-budget=120000",
]
DRAW_FIXTURE = PROJECT / "tests" / "draw_fixture"
INSTALL_HINT = "run `npm ci --ignore-scripts` in the project folder"

# One page of each kind; each is checked at a desktop and at a phone width.
AXE_PAGES = [
    "index.html",
    "records/2024-cf-0001/index.html",  # record with corrections and an attachment
    "records/2024-cf-0002/index.html",  # withdrawal notice
    "records/2024-jc-0001/index.html",  # inspection result citing an inspection item
    "years/2024/05/index.html",  # month without penalties
    "kinds/inspection/page/2/index.html",  # listing with a pager
    "kinds/penalty/sort/fine/index.html",  # a main list: filter bar and sort links
    "party-types/natural-person/index.html",  # a party-type list (no withdrawal notices)
    "years/2025/index.html",  # a year: its months and its list
    "about/procedures/index.html",
    "about/officers/index.html",
    "about/basis/index.html",
    "corrections/index.html",
    "draws/index.html",  # the double-random method, worked example and list (R-B5)
    "draws/2026-sj-03/index.html",  # one published draw, from tests/draw_fixture/
    "statistics/index.html",  # the annual statistics reports (R-A10)
    "statistics/2025/index.html",  # one report: inline SVG charts and their tables
]
# Checked when the build wrote them (the search page exists only with DISCLOSURE_SEARCH on).
OPTIONAL_AXE_PAGES = ["search/index.html"]
AXE_WIDTHS = (1280, 375)
FAILING_IMPACTS = {"serious", "critical"}
# Page structure that axe rates "moderate" but that screen-reader users navigate by: these
# fail the test at any impact.
STRUCTURE_RULES = {
    "bypass",
    "heading-order",
    "landmark-banner-is-top-level",
    "landmark-contentinfo-is-top-level",
    "landmark-main-is-top-level",
    "landmark-no-duplicate-banner",
    "landmark-no-duplicate-contentinfo",
    "landmark-no-duplicate-main",
    "landmark-one-main",
    "landmark-unique",
    "page-has-heading-one",
    "region",
    "skip-link",
}


def missing(reason: str) -> NoReturn:
    """Skip for want of a tool, except where CI promised to install every tool."""
    if os.environ.get("REQUIRE_VALIDATORS") == "1":
        pytest.fail(f"{reason} (REQUIRE_VALIDATORS=1)")
    pytest.skip(reason)


def validity_records() -> list[dict[str, Any]]:
    corrections = [
        {"date": "2024-04-01", "fields": ["facts"], "summary": "更正违法事实中的检查日期",
         "reason": "录入笔误"},
        {"date": "2024-05-08", "fields": ["party.legal_rep"], "summary": "更正法定代表人姓名",
         "reason": "当事人提供营业执照证明", "public_request": True},
    ]  # fmt: skip
    records = [
        penalty(
            corrections=corrections,
            attachments=[{"file": "attachments/2024-cf-0001.pdf", "title": "行政处罚决定书"}],
        ),
        penalty(
            id="2024-cf-0002",
            doc_no="青工信罚〔2024〕2号",
            title="关于违规储存民爆物品的行政处罚决定",
            area="civil_explosives",
            decided="2024-06-03",
            published="2024-06-07",
            withdrawal={
                "act": "revoked",
                "date": "2025-01-10",
                "recorded": "2025-01-13",
                "explanation": "经县人民政府行政复议，原处罚决定认定事实不清，予以撤销。",
                "replaced_by": "2025-cf-0001",
            },
        ),
        penalty(
            id="2025-cf-0001",
            doc_no="青工信罚〔2025〕1号",
            title="关于违规储存民爆物品重新作出的行政处罚决定",
            area="civil_explosives",
            decided="2025-02-05",
            published="2025-02-10",
        ),
        penalty(
            id="2026-cf-0001",
            doc_no="青工信罚〔2026〕1号",
            title="关于钱示例无证从事电力设施施工的行政处罚决定",
            area="power",
            party={
                "name": "钱示例",
                "kind": "natural_person",
                "id_number": id_number(dt.date(1980, 1, 1)),
            },
            decided="2026-09-01",
            published="2026-09-04",
        ),
        inspection(inspection_item="DL-01"),
    ]
    # One more inspection result than a listing page holds (LISTING_PAGE_SIZE), for the pager.
    records += [
        inspection(
            id=f"2025-jc-{number:04d}",
            title=f"对青崖县示例供电站{number}号的行政检查结果",
            decided="2025-03-03",
            published="2025-03-10",
        )
        for number in range(1, 51)
    ]
    return records


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("validity")
    content = write_content(base / "content", validity_records())
    for name in ("bureau.yaml", "officers.yaml", "inspection_items.yaml", "settings.yaml"):
        shutil.copy(PROJECT / "content" / name, content / name)
    (content / "attachments").mkdir()
    (content / "attachments" / "2024-cf-0001.pdf").write_bytes(b"%PDF-1.4 fictional\n")
    # The demo has no draws yet: a fictional register and draw record of the tests' own.
    shutil.copytree(DRAW_FIXTURE, content, dirs_exist_ok=True)
    # One approved annual statistics report (R-A10), with its charts.
    write_yaml(
        content / "annual_reports.yaml", {"reports": [{"year": 2025, "published": "2026-01-23"}]}
    )
    result = build(content, base / "output")
    assert result.returncode == 0, result.stderr
    output = base / "output"
    for page in AXE_PAGES:
        assert (output / page).is_file(), page
    return output


# --- the Nu Html Checker ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def java() -> str:
    """The java command; requested before `site`, so that a skip costs no build."""
    found = shutil.which("java")
    if found is None:
        missing("java is not installed (apt-get install -y default-jre-headless)")
    if not VNU_JAR.is_file():
        missing(f"the Nu Html Checker is not installed: {INSTALL_HINT}")
    return found


def test_every_page_and_the_stylesheet_are_valid(java: str, site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 60
    stylesheet = site / "theme" / "css" / "site.css"
    # One JVM over every page; the stylesheet is named too, so that our CSS is checked but
    # not whatever else lies in the output.
    command = [java, "-jar", str(VNU_JAR), "--errors-only", "--also-check-css", "--stdout"]
    command += ["--format", "json", *map(str, pages), str(stylesheet)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert result.stdout.startswith("{"), result.stderr[-3000:]  # e.g. a Java older than 17
    report = json.loads(result.stdout)
    errors = [
        f"{message.get('url', '').split('/output/')[-1]}:{message.get('lastLine', '?')}: "
        f"{message['message']}"
        for message in report["messages"]
        if message["type"] != "info"
    ]
    assert errors == [], "\n".join(errors)


# --- axe-core -----------------------------------------------------------------------------------

PROBE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>axe probe</title>
<style>body{margin:0} iframe{border:0;height:900px}</style></head>
<body><iframe id="frame" title="page under test"></iframe><pre id="results"></pre>
<script>
var pages = PAGES, widths = WIDTHS, runs = [], results = [];
pages.forEach(function (page) { widths.forEach(function (width) { runs.push([page, width]); }); });
var frame = document.getElementById('frame');
function finish() {
  var out = document.getElementById('results');
  out.textContent = JSON.stringify(results);
  out.setAttribute('data-done', 'yes');
}
function next(i) {
  if (i >= runs.length) { finish(); return; }
  var page = runs[i][0], width = runs[i][1];
  frame.onload = function () {
    var doc = frame.contentDocument, script = doc.createElement('script');
    script.src = '/__axe__/axe.min.js';
    script.onerror = function () {
      results.push({page: page, width: width, error: 'axe.min.js did not load'});
      next(i + 1);
    };
    script.onload = function () {
      frame.contentWindow.axe.run(doc, {resultTypes: ['violations']}).then(function (r) {
        results.push({page: page, width: width, violations: r.violations.map(function (v) {
          return {id: v.id, impact: v.impact, help: v.help,
                  targets: v.nodes.slice(0, 5).map(function (n) { return n.target.join(' '); })};
        })});
        next(i + 1);
      }, function (error) {
        results.push({page: page, width: width, error: String(error)});
        next(i + 1);
      });
    };
    doc.head.appendChild(script);
  };
  frame.style.width = width + 'px';
  frame.src = '/' + page;
}
next(0);
</script></body></html>
"""


def axe_pages(site: Path) -> list[str]:
    return AXE_PAGES + [page for page in OPTIONAL_AXE_PAGES if (site / page).is_file()]


def serve(site: Path) -> ThreadingHTTPServer:
    """Serve the site, plus the probe page and axe-core under /__axe__/ (nothing is written
    into the output folder, which the Nu Html Checker also reads)."""
    probe = (
        PROBE.replace("PAGES", json.dumps(axe_pages(site)))
        .replace("WIDTHS", json.dumps(list(AXE_WIDTHS)))
        .encode("utf-8")
    )
    axe = AXE_JS.read_bytes()

    class Handler(SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(site), **kwargs)

        def do_GET(self) -> None:
            extra = {
                "/__axe__/probe.html": (probe, "text/html; charset=utf-8"),
                "/__axe__/axe.min.js": (axe, "text/javascript; charset=utf-8"),
            }
            if self.path not in extra:
                super().do_GET()
                return
            body, kind = extra[self.path]
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            """Keep the test output clean."""

    return ThreadingHTTPServer(("127.0.0.1", 0), Handler)


@pytest.fixture(scope="module")
def browser() -> Path:
    """Chromium; requested before `site`, so that a skip costs no build."""
    if not CHROMIUM.exists():
        missing("Chromium is not installed (apt-get install -y chromium)")
    if not AXE_JS.is_file():
        missing(f"axe-core is not installed: {INSTALL_HINT}")
    return CHROMIUM


@pytest.fixture(scope="module")
def axe_results(browser: Path, site: Path) -> Iterator[list[dict[str, Any]]]:
    server = serve(site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/__axe__/probe.html"
        command = [str(browser), *CHROMIUM_FLAGS, "--dump-dom", url]
        result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    finally:
        server.shutdown()
        server.server_close()
    found = re.search(r'<pre id="results" data-done="yes">(.*?)</pre>', result.stdout, re.S)
    assert found, "axe did not finish:\n" + result.stderr[-3000:]
    yield json.loads(html.unescape(found.group(1)))


def test_axe_checked_every_page_at_both_widths(
    site: Path, axe_results: list[dict[str, Any]]
) -> None:
    checked = {(run["page"], run["width"]) for run in axe_results if "violations" in run}
    errors = [
        f"{run['page']} @{run['width']}px: {run['error']}" for run in axe_results if "error" in run
    ]
    assert errors == []
    assert checked == {(page, width) for page in axe_pages(site) for width in AXE_WIDTHS}


def test_pages_have_no_serious_accessibility_violations(
    axe_results: list[dict[str, Any]],
) -> None:
    problems = [
        f"{run['page']} @{run['width']}px: [{violation['impact']}] {violation['id']}: "
        f"{violation['help']} — {', '.join(violation['targets'])}"
        for run in axe_results
        for violation in run.get("violations", [])
        if violation["impact"] in FAILING_IMPACTS or violation["id"] in STRUCTURE_RULES
    ]
    assert problems == [], "\n".join(problems)
