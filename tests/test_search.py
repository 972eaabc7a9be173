"""The static full-text search (Pagefind): what the index holds, the search page, determinism,
and a real search in headless Chromium under a sub-path of the portal and at a host's root.

The index must show exactly the published records of the same build (R-A1): never a
withdrawal notice (R-A5), a hidden record or personal numbers (R-A8), nor the other pages.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import gzip
import json
import os
import select
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path, PurePosixPath
from types import SimpleNamespace
from typing import Any
from urllib.parse import quote, urlsplit

import pytest
from bs4 import BeautifulSoup
from factories import penalty, write_content
from test_site_build import (
    EXPLANATION,
    HIDDEN_MARKERS,
    WITHDRAWN_FACTS,
    WITHDRAWN_PARTY,
    build,
    snapshot,
    write_fixture,
)

from publisher.loader import load_content
from publisher.search_facets import SearchFacets
from publisher.staging import prepare_staging

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT / "plugins"))

import disclosure  # noqa: E402  (the plugin lives outside the installed packages)
from disclosure import search  # noqa: E402

pytest.importorskip("pagefind.index", reason="pagefind[extended] is not installed")

PUBLISHED = {"records/2024-cf-0001/", "records/2024-jc-0001/", "records/2025-cf-0001/"}
SUB_PATH = "/gxj/zfgs/"
CHROMIUM = Path("/usr/bin/chromium")


def fragments(site: Path) -> dict[str, dict[str, Any]]:
    """The index's pages by URL, read back from the compressed fragments."""
    pages: dict[str, dict[str, Any]] = {}
    for path in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd")
        fragment = json.loads(data[len(b"pagefind_dcd") :])
        pages[fragment["url"]] = fragment
    return pages


def facet_table(site: Path) -> dict[str, Any]:
    table: dict[str, Any] = json.loads((site / "pagefind" / "facets.json").read_bytes())
    return table


NO_FACETS = SearchFacets(facets=(), pages={})


def no_facets_for(*pages: str) -> SearchFacets:
    return SearchFacets(facets=(), pages={page: () for page in pages})


def entry(site: Path) -> dict[str, Any]:
    result: dict[str, Any] = json.loads((site / "pagefind" / "pagefind-entry.json").read_bytes())
    return result


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("search")
    content = write_fixture(base / "content")
    result = build(content, base / "output")
    assert result.returncode == 0, result.stderr
    return base / "output"


# --- what the index holds -----------------------------------------------------------------------


def test_index_holds_exactly_the_published_record_pages(site: Path) -> None:
    indexed = fragments(site)
    assert set(indexed) == {f"/{path}index.html" for path in PUBLISHED}
    languages = entry(site)["languages"]
    assert list(languages) == ["zh-CN"]  # one language code, the one of <html lang>
    assert languages["zh-CN"]["page_count"] == len(PUBLISHED)
    title = indexed["/records/2024-cf-0001/index.html"]["meta"]["title"]
    assert title == "关于青崖县示例煤业有限公司未按规定进行安全检查的行政处罚决定"


def test_index_has_no_notice_hidden_record_or_other_page(site: Path) -> None:
    """R-A5: the withdrawn decision's notice stays out, and so does its original content;
    R-A3/R-A4/R-A8: hidden records are nowhere; the about and listing pages are not records."""
    text = "".join(json.dumps(f, ensure_ascii=False) for f in fragments(site).values())
    text = text.replace("\u200b", "")  # Pagefind's word separators
    forbidden = [marker for pair in HIDDEN_MARKERS.values() for marker in pair]
    forbidden += [WITHDRAWN_FACTS, WITHDRAWN_PARTY, EXPLANATION, "撤下公示", "2024-cf-0002"]
    forbidden += ["事前公开", "本页网址"]  # page chrome and the printed address stay out
    for marker in forbidden:
        assert marker not in text, marker
    assert "未按规定对井下设备进行安全检查" in text


def test_index_segments_chinese_into_words(site: Path) -> None:
    """The extended binary splits Chinese text into words (zero-width spaces between them);
    the standard one would index a whole run of characters as one word."""
    content = fragments(site)["/records/2024-cf-0001/index.html"]["content"]
    words = content.split("\u200b")
    assert {"井下", "设备", "安全", "检查", "煤业"} <= set(words)


def test_directory_links_give_directory_result_urls(tmp_path: Path) -> None:
    content = write_fixture(tmp_path / "content")
    result = build(content, tmp_path / "out", DISCLOSURE_DIRECTORY_LINKS="true")
    assert result.returncode == 0, result.stderr
    assert set(fragments(tmp_path / "out")) == {f"/{path}" for path in PUBLISHED}


def test_two_builds_are_byte_identical_including_the_index(tmp_path: Path, site: Path) -> None:
    """RULES.md C: Pagefind names its files by content hash and writes no time or random id;
    the filter table is ours, with sorted keys."""
    content = write_fixture(tmp_path / "content")
    result = build(content, tmp_path / "again")
    assert result.returncode == 0, result.stderr
    again = snapshot(tmp_path / "again")
    assert again == snapshot(site)
    assert sum(1 for name in again if name.startswith("pagefind/fragment/")) == len(PUBLISHED)


def test_no_page_uses_pagefind_filters_or_sorts(site: Path) -> None:
    """Pagefind 1.5 writes its filter and sort files in a different order on every run, which
    would break byte-identical builds: the filters are our own table instead (facets.json)."""
    for page in sorted(site.rglob("*.html")):
        if "pagefind" in page.relative_to(site).parts:
            continue
        html = page.read_text(encoding="utf-8")
        assert "data-pagefind-filter" not in html and "data-pagefind-sort" not in html, page
    assert not any((site / "pagefind").glob("filter/*"))


def party_group(kind: str) -> str:
    return "natural-person" if kind in ("natural_person", "individual_business") else "organization"


def test_the_filter_table_gives_each_indexed_record_its_values(site: Path) -> None:
    """Every indexed page, by its id in the index, with its publication year, area, kind and
    party type: the same values as the open data and the lists' addresses."""
    table = facet_table(site)
    names = [facet["name"] for facet in table["facets"]]
    assert names == ["year", "area", "kind", "party"]
    ids = {PurePosixPath(name).stem: f["url"] for name, f in search.fragments(site)}
    assert set(table["pages"]) == set(ids)
    records = json.loads((site / "data" / "records.json").read_text(encoding="utf-8"))
    expected = {
        f"/{record['url_path']}index.html": {
            "year": record["published"][:4],
            "area": record["area"],
            "kind": record["type"],
            "party": party_group(record["party"]["kind"]),
        }
        for record in records
        if record["state"] == "published"
    }
    shown = {
        ids[page]: {
            facet["name"]: facet["values"][position]
            for facet, position in zip(table["facets"], row, strict=True)
        }
        for page, row in table["pages"].items()
    }
    assert shown == expected
    years = next(facet["values"] for facet in table["facets"] if facet["name"] == "year")
    assert years == sorted(years, reverse=True)  # newest first, as on the lists


def test_the_search_form_offers_the_filters_in_chinese(site: Path) -> None:
    """Each filter is a labelled select inside a fieldset; its choices are the table's values,
    in the same order, after the choice that filters nothing."""
    page = BeautifulSoup((site / "search" / "index.html").read_text("utf-8"), "html.parser")
    form = page.find("form", id="search-form")
    assert form is not None and form["method"] == "get"
    assert form.find("input", attrs={"name": "q"}) is not None
    fieldset = form.find("fieldset")
    assert fieldset is not None and fieldset.legend.get_text(strip=True) == "筛选"
    labels = {}
    for facet in facet_table(site)["facets"]:
        select = fieldset.find("select", attrs={"name": facet["name"]})
        label = fieldset.find("label", attrs={"for": select["id"]})
        labels[facet["name"]] = label.get_text(strip=True)
        values = [option["value"] for option in select.find_all("option")]
        assert values == ["", *facet["values"]]
    assert labels == {"year": "年份", "area": "领域", "kind": "类别", "party": "当事人类型"}


def test_search_can_be_switched_off(tmp_path: Path) -> None:
    content = write_fixture(tmp_path / "content")
    result = build(content, tmp_path / "out", DISCLOSURE_SEARCH="false")
    assert result.returncode == 0, result.stderr
    out = tmp_path / "out"
    assert not (out / "pagefind").exists() and not (out / "search").exists()
    assert "站内搜索" not in (out / "index.html").read_text(encoding="utf-8")
    assert "search/" not in (out / "sitemap.xml").read_text(encoding="utf-8")


def test_nothing_published_gives_an_empty_index(tmp_path: Path) -> None:
    """Without one data-pagefind-body page Pagefind would index whole pages, a withdrawal
    notice included: with nothing to publish the index must stay empty."""
    notice = tmp_path / "site" / "records" / "x" / "index.html"
    notice.parent.mkdir(parents=True)
    notice.write_text('<html lang="zh-CN"><body><h1>撤下公示说明</h1></body></html>', "utf-8")
    search.build_index(tmp_path / "site", [], NO_FACETS, directory_links=False)
    assert entry(tmp_path / "site")["languages"] == {}
    assert fragments(tmp_path / "site") == {}
    assert facet_table(tmp_path / "site") == {"facets": [], "pages": {}}


def test_an_index_that_differs_from_the_pages_is_refused(tmp_path: Path) -> None:
    """The page list and the data-pagefind-body marks disagree: the build must stop."""
    pages = {
        "a": "<main data-pagefind-body>有标记的页面</main>",
        "b": "<main>没有标记的页面</main>",
    }
    for name, body in pages.items():
        page = tmp_path / "site" / "records" / name / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(f'<html lang="zh-CN"><body>{body}</body></html>', "utf-8")
    with pytest.raises(search.SearchIndexError, match="不一致"):
        search.build_index(
            tmp_path / "site",
            ["records/b/index.html"],
            no_facets_for("records/b/index.html"),
            directory_links=False,
        )


def test_filter_values_for_other_pages_than_the_index_are_refused(tmp_path: Path) -> None:
    """The filter table must cover exactly the indexed pages, or the build stops."""
    page = tmp_path / "site" / "records" / "a" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text('<html lang="zh-CN"><body><main data-pagefind-body>页面</main></body></html>')
    with pytest.raises(search.SearchIndexError, match="筛选"):
        search.build_index(
            tmp_path / "site",
            ["records/a/index.html"],
            no_facets_for("records/b/index.html"),
            directory_links=False,
        )


# --- fail closed: the index is scanned for personal numbers too --------------------------------


def test_a_number_joined_only_in_the_index_stops_the_build(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Tags keep '139' and '12345678' apart in the HTML, so the page scan passes; the index
    joins them into a mobile number, which the scan of the fragments must catch (R-A8)."""
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("旧网站", encoding="utf-8")
    staging = prepare_staging(output)
    page = staging / "records" / "x" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text(
        '<html lang="zh-CN"><body><main data-pagefind-body><h1>示例</h1>'
        "<p>电话<b>139</b><b>12345678</b></p></main></body></html>",
        encoding="utf-8",
    )
    content = load_content(write_content(tmp_path / "content", [penalty()])).content
    assert content is not None
    build_state = disclosure.Build(
        content=content, as_of=dt.date(2026, 11, 28), staging=staging, output=output
    )
    settings = {
        disclosure.BUILD_KEY: build_state,
        disclosure.SEARCH_PAGES_KEY: ("records/x/index.html",),
        disclosure.SEARCH_FACETS_KEY: no_facets_for("records/x/index.html"),
        "DISCLOSURE_SEARCH": True,
        "OUTPUT_PATH": str(staging),
    }
    pelican = SimpleNamespace(settings=settings, output_path=str(staging))
    with pytest.raises(SystemExit):
        disclosure.scan_and_commit(pelican)
    err = capsys.readouterr().err
    assert "pagefind/fragment/" in err and "手机号" in err and "R-A8" in err
    assert not staging.exists()
    assert (output / "index.html").read_text(encoding="utf-8") == "旧网站"


# --- the search page ----------------------------------------------------------------------------


def test_search_page_uses_only_files_of_the_site(site: Path) -> None:
    page = site / "search" / "index.html"
    document = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    targets = [tag.get("src") or tag.get("href") for tag in document.find_all(["script", "link"])]
    for target in targets:
        assert isinstance(target, str)
        if target.startswith("https://www.example.gov.cn/gxj/zfgs/"):
            continue  # the canonical address
        assert not urlsplit(target).scheme and not target.startswith(("/", "//")), target
        assert (page.parent / target).resolve().is_file(), target
    assert "../theme/js/search.js" in targets
    form = document.find("form", id="search-form")
    assert form is not None and form["data-bundle"] == "../pagefind/"
    for name in ("pagefind.js", "facets.json"):  # what theme/js/search.js loads from there
        assert (page.parent / "../pagefind" / name).resolve().is_file(), name
    noscript = document.find("noscript")
    assert noscript is not None and "按年月浏览" in noscript.get_text()
    home = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert home.find("a", href="search/index.html", string="站内搜索") is not None


# --- a real search in Chromium -----------------------------------------------------------------

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-background-timer-throttling",
    "--disable-renderer-backgrounding",
    "--disable-backgrounding-occluded-windows",
]

# What the search page shows. The search is done once the status line has its final words and
# the result list is no longer aria-busy (results are added once their data has loaded).
SNAPSHOT = """
(function () {
  var status = document.getElementById('search-status');
  var list = document.getElementById('search-results');
  var message = status ? status.textContent : '';
  var results = Array.prototype.map.call(
    document.querySelectorAll('.search-result'), function (result) {
      var link = result.querySelector('h2 a');
      var excerpt = result.querySelector('.search-result-excerpt');
      return {title: link.textContent, href: link.getAttribute('href'),
              excerpt: excerpt ? excerpt.textContent : ''};
    });
  return {
    finished: !!message && message.indexOf('正在') !== 0 && !!list &&
              list.getAttribute('aria-busy') === 'false',
    message: message || null,
    results: results
  };
})()
"""


class ProtocolError(Exception):
    """Chromium answered a DevTools call with an error."""


class Browser:
    """Headless Chromium driven over the DevTools protocol on a pipe (file descriptors 3
    and 4, NUL-separated JSON): no extra package, no debugging port."""

    def __init__(self, profile: Path) -> None:
        reading, self.to_child = os.pipe()
        self.from_child, writing = os.pipe()
        # Above 9, so that moving them to 3 and 4 in the child cannot overwrite one another.
        child_in = fcntl.fcntl(reading, fcntl.F_DUPFD_CLOEXEC, 10)
        child_out = fcntl.fcntl(writing, fcntl.F_DUPFD_CLOEXEC, 10)
        os.close(reading)
        os.close(writing)

        def pipe_to_3_and_4() -> None:
            os.dup2(child_in, 3)
            os.dup2(child_out, 4)

        command = [str(CHROMIUM), *CHROMIUM_FLAGS, f"--user-data-dir={profile}"]
        command += ["--remote-debugging-pipe", "about:blank"]
        self.process = subprocess.Popen(
            command,
            preexec_fn=pipe_to_3_and_4,  # before any server thread of this test starts
            close_fds=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(child_in)
        os.close(child_out)
        self.buffer = b""
        self.last_id = 0
        self.requests: list[str] = []

    def call(
        self, method: str, session: str | None = None, timeout: float = 30, **params: Any
    ) -> dict[str, Any]:
        self.last_id += 1
        message: dict[str, Any] = {"id": self.last_id, "method": method, "params": params}
        if session is not None:
            message["sessionId"] = session
        os.write(self.to_child, json.dumps(message).encode("utf-8") + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            while b"\0" in self.buffer:
                raw, self.buffer = self.buffer.split(b"\0", 1)
                reply = json.loads(raw)
                if reply.get("method") == "Network.requestWillBeSent":
                    self.requests.append(reply["params"]["request"]["url"])
                if reply.get("id") == self.last_id:
                    if "error" in reply:
                        raise ProtocolError(reply["error"].get("message", ""))
                    result: dict[str, Any] = reply["result"]
                    return result
            remaining = deadline - time.monotonic()
            assert remaining > 0, f"Chromium did not answer {method}"
            ready, _, _ = select.select([self.from_child], [], [], remaining)
            if ready:
                chunk = os.read(self.from_child, 1 << 16)
                assert chunk, "Chromium closed the pipe"
                self.buffer += chunk

    def search(self, url: str) -> dict[str, Any]:
        """Open `url` in a new tab, wait for the search to finish, and report what the page
        shows and every address it requested."""
        self.requests = []
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        try:
            self.call("Network.enable", session)
            self.call("Page.navigate", session, url=url)
            # Polled from here, not by timers in the page: a background tab's are throttled.
            shown: dict[str, Any] = {}
            deadline = time.monotonic() + 30
            while not shown.get("finished") and time.monotonic() < deadline:
                time.sleep(0.2)
                try:
                    reply = self.call(
                        "Runtime.evaluate", session, expression=SNAPSHOT, returnByValue=True
                    )
                except ProtocolError:  # the page navigated while we asked
                    continue
                assert "exceptionDetails" not in reply, reply["exceptionDetails"]
                shown = reply["result"].get("value") or {}
            assert shown.get("finished"), f"the search did not finish: {shown}"
            value = shown
            value["requests"] = list(self.requests)
            return value
        finally:
            self.call("Target.closeTarget", targetId=target)

    def close(self) -> None:
        try:
            self.call("Browser.close", timeout=5)
        except (AssertionError, OSError, ProtocolError):
            self.process.kill()
        self.process.wait(timeout=10)
        os.close(self.to_child)
        os.close(self.from_child)


def serve(site: Path, prefix: str) -> ThreadingHTTPServer:
    """Serve the site at `prefix` (a county portal's sub-path, or "/"); 404 elsewhere."""

    class Handler(SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(site), **kwargs)

        def translate_path(self, path: str) -> str:
            if not path.startswith(prefix):
                return str(site / "__outside_the_site__")
            return super().translate_path("/" + path[len(prefix) :])

        def log_message(self, format: str, *args: object) -> None:
            """Keep the test output clean."""

    return ThreadingHTTPServer(("127.0.0.1", 0), Handler)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    if not CHROMIUM.exists():
        if os.environ.get("REQUIRE_VALIDATORS") == "1":
            pytest.fail("Chromium is not installed (REQUIRE_VALIDATORS=1)")
        pytest.skip("Chromium is not installed (apt-get install -y chromium)")
    chromium = Browser(tmp_path_factory.mktemp("chromium-profile"))
    try:
        yield chromium
    finally:
        chromium.close()


def search_in_browser(browser: Browser, site: Path, prefix: str, word: str) -> dict[str, Any]:
    server = serve(site, prefix)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        port = server.server_address[1]
        url = f"http://127.0.0.1:{port}{prefix}search/index.html?q={quote(word)}"
        return browser.search(url)
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("prefix", [SUB_PATH, "/"])
def test_a_two_character_word_finds_the_published_records(
    browser: Browser, site: Path, prefix: str
) -> None:
    """'井下' occurs only inside the facts '对井下设备进行安全检查' of the two penalty records:
    found only if Chinese is segmented into words, in the index and in the query."""
    shown = search_in_browser(browser, site, prefix, "井下")
    hrefs = {result["href"] for result in shown["results"]}
    assert hrefs == {
        f"{prefix}records/2024-cf-0001/index.html",
        f"{prefix}records/2025-cf-0001/index.html",
    }, shown
    titles = {result["title"] for result in shown["results"]}
    assert "关于青崖县示例煤业有限公司未按规定进行安全检查的行政处罚决定" in titles
    assert all("井下" in result["excerpt"] for result in shown["results"])
    # Everything the search needs comes from the site itself, under its own path.
    assert shown["requests"], shown
    for address in shown["requests"]:
        parts = urlsplit(address)
        if parts.scheme == "data" or parts.path == "/favicon.ico":
            continue  # an icon inlined in Pagefind's stylesheet; the browser's own request
        assert parts.hostname == "127.0.0.1" and parts.path.startswith(prefix), address
    assert "找到 2 个" in (shown["message"] or "")


def test_withdrawn_and_hidden_content_finds_nothing(browser: Browser, site: Path) -> None:
    for word in ("复议", "民爆", "草稿"):
        shown = search_in_browser(browser, site, SUB_PATH, word)
        assert shown["results"] == [], (word, shown)
        assert shown["message"] and "未找到" in shown["message"], (word, shown)
