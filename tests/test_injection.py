"""Injection: markup and scripts in any text of the content show as text on every carrier.

The demo bureau with a hostile payload in every public text field of every file kind (the
fields come from `publisher.field_disclosure`), built once, and every file of the output
read back by what its readers use: BeautifulSoup for pages and WeChat previews, lxml and
feedparser (with its sanitiser off, like a reader that trusts the feed) for feeds, json, csv,
lxml for the sitemap, and Chromium for the pages and the search results. The payload must be
there as text, and nothing of it may be markup: no element, attribute, script, comment or
link it brought. Spreadsheet formulas in the CSV are neutralised (docs/design.md,
"Injection").

There is no Markdown anywhere in the content (every text is plain text), so there is nothing
for a Markdown sanitiser to do: `*`, `[x](javascript:…)` and `<b>` all show as typed.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import feedparser
import pytest
from browser import serve
from bs4 import BeautifulSoup, Comment, Tag
from hostile_content import (
    SITE_URL,
    Field,
    Placed,
    build,
    copy_demo,
    csv_rows,
    letters,
    output_files,
    read_yaml,
    rewrite_fields,
    write_yaml,
)
from lxml import etree

from publisher.field_disclosure import PUBLIC, fields_of
from publisher.safetext import FORMULA_GUARD

# What the browser-side scripts of the site may be (all from the site itself).
SITE_SCRIPTS = ("theme/js/textsize.js", "theme/js/search.js", "pagefind/pagefind-ui.js")
LINK_SCHEMES = {"http", "https", "mailto", "tel"}
SCRIPT_SCHEMES = {"javascript", "vbscript"}  # wrong in any attribute
# Attributes that browsers load or follow as addresses.
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster",
                  "srcset", "background", "cite", "ping"}  # fmt: skip
FOREIGN_ELEMENTS = {"img", "iframe", "frame", "frameset", "object", "embed", "applet", "base",
                    "math", "video", "audio", "source", "track", "portal"}  # fmt: skip
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# Public text fields that get no payload, and why.
NO_PAYLOAD = {
    ("record.schema.json", "attachments.file"): "a path to an existing file (see the link test)",
    ("record.schema.json", "corrections.fields"): "field names, checked against PUBLIC_FIELD",
}
# Public fields whose payload no carrier shows today (they are public, but only in a form
# that takes the payload out): tested for markup like all others, not for being shown.
NOT_SHOWN = {
    # Officers' names in a draw are the candidates' ids; `name` is for targets only.
    ("draw.schema.json", "officer_candidates.name"),
    # Record ids: a draw links its results only when they are visible records.
    ("draw.schema.json", "results"),
    # The register's ids and names show only for candidates the draw file gives no name.
    ("targets.schema.json", "targets.id"),
    ("targets.schema.json", "targets.name"),
    # Draw plans are the input of `publisher draw new`; the build reads the draw it wrote.
    *(
        ("draw_plan.schema.json", path)
        for path in ("item", "seed_source", "conflicts.officer", "conflicts.target")
    ),
    # A template: what shows is the title it makes (checked on its own below).
    ("settings.schema.json", "wechat.title_template"),
}
# Fields with a length or format of their own get a short payload that fits.
SHORT_PAYLOADS = {
    ("settings.schema.json", "wechat.author"): "<svg onload=1>",  # at most 16 characters
    # Python format text; the longest title it gives, with a part suffix, fits 32 characters.
    ("settings.schema.json", "wechat.title_template"): "<img src=x onerror={number}>",
}


def payload(tag: str) -> str:
    """Every classic: a spreadsheet formula first (the CSV cell starts with it), tags that run
    script, attribute breakouts, a script scheme, template syntax, CDATA and comment ends, a
    right-to-left override and control characters. `tag` makes each placement unique."""
    return (
        f'=HYPERLINK("https://evil.example/{tag}","{tag}")'
        f"<script>alert('{tag}')</script>"
        "<img src=x onerror=alert(1)>"
        '"><svg onload=alert(1)>'
        "'><iframe src=javascript:alert(1)></iframe>"
        " javascript:alert(1) [点我](javascript:alert(1)) {{ 7*7 }} {% if true %}jinja{% endif %}"
        " ]]> </script> <!-- \u202egpj.exe\u202c \x01\x1b&lt;b&gt;"
    )


def shown(text: str) -> str:
    """What a carrier shows of `text`: control and bidirectional characters removed."""
    return re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\u202a-\u202e\u2066-\u2069]", "", text)


class Payloads:
    """Hands out one payload per occurrence of a public text field."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, field: Field, current: object) -> object | None:
        key = (field.kind, field.path)
        if field.disclosure is not PUBLIC or not field.text or key in NO_PAYLOAD:
            return None
        if key in SHORT_PAYLOADS:
            return SHORT_PAYLOADS[key]
        self.count += 1
        return payload(f"xss{letters(self.count)}")


# --- the hostile site -------------------------------------------------------------------------

ATTACHMENT = "attachments/决定书 #1?a=%41&b.pdf"
"""An attachment whose name holds every character that would change a link's meaning."""


def supplement(root: Path) -> None:
    """Fill the optional public fields the demo leaves empty (the coverage test says which)."""
    record = root / "records" / "2026" / "2026-cf-0002.yaml"
    data = read_yaml(record)
    data["attachments"] = [{"file": ATTACHMENT, "title": "行政处罚决定书"}]
    write_yaml(record, data)
    (root / ATTACHMENT).parent.mkdir(parents=True, exist_ok=True)
    (root / ATTACHMENT).write_bytes(b"%PDF-1.4\n% fictional\n")
    settings = read_yaml(root / "settings.yaml")
    settings["correction_requests"] = {
        "phone": "0355-1234567",
        "email": "gxj@example.gov.cn",
        "address": "青崖县迎宾大道18号",
        "hours": "工作日",
        "form_url": "https://www.example.gov.cn/gxj/更正申请?from=zfgs&x=1",
    }
    write_yaml(root / "settings.yaml", settings)
    draw = next((root / "draws").glob("*.yaml"))
    data = read_yaml(draw)
    data["officer_candidates"][0]["name"] = "执法人员不填名称"
    write_yaml(draw, data)


@dataclass(frozen=True)
class Hostile:
    site: Path
    placed: list[Placed]
    files: dict[str, bytes]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Hostile:
    base = tmp_path_factory.mktemp("injection")
    content = copy_demo(base / "content")
    supplement(content)
    placed = rewrite_fields(content, Payloads())
    site = base / "public"
    build(content, site)
    return Hostile(site, placed, dict(output_files(site)))


def pages(hostile: Hostile) -> Iterator[tuple[str, BeautifulSoup]]:
    for name, data in hostile.files.items():
        if name.endswith(".html"):
            yield name, BeautifulSoup(data.decode("utf-8"), "html.parser")


# --- what counts as markup brought by the content --------------------------------------------


def link_scheme(value: str) -> str | None:
    """The scheme a browser reads in `value` (it trims spaces and controls at both ends and
    drops tabs and line breaks inside), or None for a relative link."""
    cleaned = re.sub("[\t\n\r]", "", value.strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c"
                                                  "\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18"
                                                  "\x19\x1a\x1b\x1c\x1d\x1e\x1f "))  # fmt: skip
    match = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", cleaned)
    return match.group(1).lower() if match else None


def live_markup(soup: BeautifulSoup) -> list[str]:
    """Every element, attribute, comment or link in `soup` that the site itself never writes."""
    problems: list[str] = []
    for element in soup.find_all(True):
        problems += element_problems(element)
    for comment in soup.find_all(string=lambda text: isinstance(text, Comment)):
        problems.append(f"comment: {str(comment)[:60]!r}")
    return problems


def element_problems(element: Tag) -> list[str]:
    problems: list[str] = []
    name = element.name
    if name in FOREIGN_ELEMENTS:
        problems.append(f"<{name}>")
    if name == "svg" and not (element.parent and "chart" in element.parent.get("class", [])):
        problems.append("<svg> outside a chart")
    if name == "script" and (element.string or "").strip():
        problems.append("inline <script>")
    if name == "script" and not str(element.get("src", "")).endswith(SITE_SCRIPTS):
        problems.append(f"<script src={element.get('src')!r}>")
    for attribute, value in element.attrs.items():
        if attribute.lower().startswith("on"):
            problems.append(f"<{name} {attribute}=…>")
        text = " ".join(value) if isinstance(value, list) else str(value)
        scheme = link_scheme(text)
        followed = attribute.lower() in URL_ATTRIBUTES and scheme not in (None, *LINK_SCHEMES)
        if followed or scheme in SCRIPT_SCHEMES:
            problems.append(f"<{name} {attribute}={text[:60]!r}>")
    return problems


def visible_texts(hostile: Hostile) -> list[str]:
    """What people read in every carrier: the text of pages, feed entries, JSON strings
    (HTML ones as text) and CSV cells."""
    texts: list[str] = []
    for name, data in hostile.files.items():
        if name.endswith(".html"):
            texts.append(BeautifulSoup(data.decode("utf-8"), "html.parser").get_text())
        elif name.endswith(".json"):
            texts += [as_text(name, key, value) for key, value in json_strings(json.loads(data))]
        elif name.endswith(".csv"):
            texts += [cell.removeprefix(FORMULA_GUARD) for row in csv_rows(data) for cell in row]
        elif name.startswith("feeds/"):
            texts += feed_texts(data)
    return texts


def is_article_body(name: str, key: str) -> bool:
    """The HTML body of a WeChat draft article (`content`, beside its title and digest)."""
    return name.startswith("wechat/") and key == "content"


def as_text(name: str, key: str, value: str) -> str:
    return BeautifulSoup(value, "html.parser").get_text() if is_article_body(name, key) else value


def json_strings(value: Any, key: str = "") -> Iterator[tuple[str, str]]:
    """Every string in a JSON document with the key it stands under."""
    if isinstance(value, dict):
        for child_key, child in value.items():
            yield from json_strings(child, str(child_key))
    elif isinstance(value, list):
        for child in value:
            yield from json_strings(child, key)
    elif isinstance(value, str):
        yield key, value


def feed_texts(data: bytes) -> list[str]:
    feed = feedparser.parse(data, sanitize_html=False)
    texts = []
    for entry in feed.entries:
        texts.append(entry.get("id", ""))
        for detail in entry_details(entry):
            value = detail["value"]
            texts.append(
                BeautifulSoup(value, "html.parser").get_text() if is_html(detail) else value
            )
    return texts


def entry_details(entry: Any) -> list[Any]:
    details = [entry.get("title_detail"), entry.get("summary_detail"), *entry.get("content", [])]
    return [detail for detail in details if detail]


def is_html(detail: Any) -> bool:
    return "html" in str(detail.get("type", ""))


# --- the tests --------------------------------------------------------------------------------


def test_every_public_text_field_holds_a_payload(hostile: Hostile) -> None:
    """A new public text field fails here until `supplement` gives it a value."""
    expected = {(f.kind, f.path) for f in fields_of(PUBLIC) if f.text} - set(NO_PAYLOAD)
    filled = {(p.field.kind, p.field.path) for p in hostile.placed}
    assert sorted(expected - filled) == []


def test_every_payload_shows_as_text(hostile: Hostile) -> None:
    """The payloads are there, intact, as text a reader sees, template syntax untouched:
    escaped, not dropped and not evaluated."""
    corpus = "\n".join(visible_texts(hostile))
    placed = {(p.field.kind, p.field.path) for p in hostile.placed}
    seen = {(p.field.kind, p.field.path) for p in hostile.placed if shown(str(p.value)) in corpus}
    missing = sorted(placed - seen - NOT_SHOWN)
    assert missing == [], "\n".join(f"{kind}: {path}" for kind, path in missing)
    assert "{{ 7*7 }}" in corpus and "{% if true %}jinja{% endif %}" in corpus
    assert re.search(r"<img src=x onerror=\d+>", corpus), "the WeChat titles' template"


def test_no_page_has_markup_from_the_content(hostile: Hostile) -> None:
    """Every page, the WeChat previews included: the payloads' elements, attributes,
    comments and links exist nowhere."""
    checked = 0
    problems: dict[str, list[str]] = {}
    for name, soup in pages(hostile):
        checked += 1
        found = live_markup(soup)
        if found:
            problems[name] = found[:5]
    assert checked > 100
    assert problems == {}


def test_the_payload_is_text_inside_a_record_page(hostile: Hostile) -> None:
    """One record page in detail: the title is a text node of the heading."""
    record = next(p for p in hostile.placed if p.field.path == "title" and "2026-cf-0002" in p.file)
    page = BeautifulSoup(hostile.files["records/2026-cf-0002/index.html"], "html.parser")
    assert page.h1 is not None and page.h1.get_text() == shown(str(record.value))
    assert page.title is not None and shown(str(record.value)) in page.title.get_text()


def test_charts_hold_no_text_from_the_content(hostile: Hostile) -> None:
    """The annual report's note is a paragraph of the page; the SVG charts are drawn from
    numbers and fixed labels only (matplotlib would read `$…$` as mathematics)."""
    reports = [
        s for name, s in pages(hostile) if re.fullmatch(r"statistics/\d{4}/index.html", name)
    ]
    assert reports
    charts = [svg for soup in reports for svg in soup.select("div.chart > svg")]
    assert charts and all(chart.get("role") == "img" for chart in charts)
    assert not [chart for chart in charts if "xss" in str(chart)]
    notes = [p for soup in reports for p in soup.select("main p") if "=HYPERLINK" in p.get_text()]
    assert notes


def test_feeds_carry_the_payloads_as_text(hostile: Hostile) -> None:
    """Well-formed XML; Atom titles and summaries plain text; the HTML of the entries'
    content and of RSS descriptions holds the payload as text (RSS readers take a description
    as HTML, so it is escaped once more)."""
    feeds = {name: data for name, data in hostile.files.items() if name.startswith("feeds/")}
    assert len(feeds) == 4
    for name, data in feeds.items():
        root = etree.fromstring(data)
        parsed = feedparser.parse(data, sanitize_html=False)
        assert not parsed.bozo, (name, parsed.get("bozo_exception"))
        assert parsed.entries
        for entry in parsed.entries:
            for detail in entry_details(entry):
                if is_html(detail):
                    soup = BeautifulSoup(detail["value"], "html.parser")
                    assert live_markup(soup) == [], (name, entry.id)
        if root.tag == "rss":
            for description in root.iter("description"):
                assert BeautifulSoup(description.text or "", "html.parser").find() is None, name
        else:
            atom = "{http://www.w3.org/2005/Atom}"
            for element in (*root.iter(f"{atom}title"), *root.iter(f"{atom}summary")):
                assert element.get("type", "text") == "text", name
    rss = feedparser.parse(feeds["feeds/rss.xml"], sanitize_html=False)
    assert any("<script>alert(" in BeautifulSoup(e.summary, "html.parser").get_text()
               for e in rss.entries)  # fmt: skip


def test_open_data_keeps_the_text_and_the_csv_holds_no_formula(hostile: Hostile) -> None:
    """JSON keeps the text exactly; no CSV cell starts a formula (the usual neutralisation:
    an apostrophe in front), in the records and in the annual reports alike."""
    records = json.loads(hostile.files["data/records.json"])
    titles = {record["title"] for record in records}
    assert any(title.startswith('=HYPERLINK("https://evil.example/') for title in titles)
    for name, data in hostile.files.items():
        if name.endswith(".json"):
            json.loads(data)  # well-formed, whatever the text
        if name.endswith(".csv"):
            cells = [cell for row in csv_rows(data) for cell in row]
            assert [c for c in cells if c.startswith(FORMULA_START)] == [], name
    rows = csv_rows(hostile.files["data/records.csv"])
    guarded = [cell for row in rows for cell in row if cell.startswith(f"{FORMULA_GUARD}=")]
    assert guarded and all(cell[1:].startswith('=HYPERLINK("') for cell in guarded)


def test_json_html_bodies_have_no_markup_from_the_content(hostile: Hostile) -> None:
    """HTML carried inside JSON (the WeChat draft bodies) is held to the page rule."""
    bodies = [(name, value) for name, data in hostile.files.items() if name.endswith(".json")
              for key, value in json_strings(json.loads(data)) if is_article_body(name, key)]  # fmt: skip
    assert bodies
    for name, body in bodies:
        assert live_markup(BeautifulSoup(body, "html.parser")) == [], name


def test_sitemap_lists_only_the_sites_own_addresses(hostile: Hostile) -> None:
    root = etree.fromstring(hostile.files["sitemap.xml"])
    locations = [element.text or "" for element in root.iter("{*}loc")]
    assert locations and all(loc.startswith(SITE_URL + "/") for loc in locations)
    assert not [loc for loc in locations if re.search(r"[<>\"' ]|xss", loc)]


def test_search_index_holds_the_payload_as_text(hostile: Hostile) -> None:
    """The index stores text; the search page shows it (tested in Chromium below)."""
    fragments = [json.loads(data.removeprefix(b"pagefind_dcd"))
                 for name, data in hostile.files.items() if name.endswith(".pf_fragment")]  # fmt: skip
    assert fragments
    # Pagefind separates the words of its content with zero-width spaces.
    contents = [str(f.get("content", "")).replace("\u200b", "") for f in fragments]
    assert any("<script>alert('xss" in content for content in contents)
    assert any("<script>alert('xss" in str(f["meta"].get("title", "")) for f in fragments)


def test_the_attachment_link_leads_to_its_file(hostile: Hostile) -> None:
    """`#`, `?`, `%`, `&` and a space in an attachment's name are percent-encoded in the
    link, so it leads to the published file and nowhere else."""
    page = BeautifulSoup(hostile.files["records/2026-cf-0002/index.html"], "html.parser")
    name = ATTACHMENT.rsplit("/", 1)[-1]
    links = [a for a in page.find_all("a") if "%E5%86%B3%E5%AE%9A" in str(a.get("href", ""))]
    assert len(links) == 1
    from urllib.parse import unquote, urlsplit

    href = str(links[0]["href"])
    assert urlsplit(href).query == "" and urlsplit(href).fragment == ""
    assert unquote(href) == f"../../records/2026-cf-0002/{name}"
    assert (hostile.site / "records" / "2026-cf-0002" / name).is_file()


# --- in the browser ---------------------------------------------------------------------------

WATCH = """() => ({
  foreign: document.querySelectorAll('img, iframe, object, embed, base, math').length,
  handlers: Array.from(document.querySelectorAll('*')).filter(
    (e) => Array.from(e.attributes).some((a) => a.name.startsWith('on'))).length,
  scriptLinks: Array.from(document.querySelectorAll('[href], [src], [action]')).filter(
    (e) => /^\\s*(javascript|vbscript|data):/i.test(
      e.getAttribute('href') || e.getAttribute('src') || e.getAttribute('action'))).length,
})"""


def browse(chromium: Any, url: str, action: Any = None) -> dict[str, Any]:
    """Open `url`, optionally act on the page, and report dialogs, script errors and what
    the live document holds."""
    context = chromium.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    errors: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(url)
        if action is not None:
            action(page)
        page.wait_for_timeout(300)  # let any onerror or onload handler fire
        found = page.evaluate(WATCH)
    finally:
        context.close()
    return {"dialogs": dialogs, "errors": errors, **found}


def test_no_script_runs_in_the_browser(chromium: Any, hostile: Hostile) -> None:
    """A hostile record page, its withdrawal notice, the about pages, a draw, an annual
    report, the corrections list and a WeChat preview: no dialog, no error, nothing live."""
    names = ["index.html", "records/2026-cf-0002/index.html", "corrections/index.html",
             "about/index.html", "about/subject/index.html", "about/officers/index.html",
             "about/inspection-items/index.html", "draws/index.html"]  # fmt: skip
    names += [n for n in hostile.files if re.fullmatch(r"draws/[^/]+/index.html", n)][:1]
    names += [n for n in hostile.files if re.fullmatch(r"statistics/\d{4}/index.html", n)][:1]
    names += [n for n in hostile.files if n.startswith("wechat/") and n.endswith(".html")][:1]
    records = json.loads(hostile.files["data/records.json"])
    notices = [r["url_path"] for r in records if r["state"] == "withdrawn"]
    names += [f"{notices[0]}index.html"]
    with serve(hostile.site) as site:
        for name in names:
            assert name in hostile.files, name
            seen = browse(chromium, site + name)
            assert seen == {"dialogs": [], "errors": [], "foreign": 0, "handlers": 0,
                            "scriptLinks": 0}, name  # fmt: skip


def test_search_results_show_the_payload_as_text(chromium: Any, hostile: Hostile) -> None:
    """The search page puts the index's titles and excerpts into the page: searching for a
    payload's word must show its record's title as text and run nothing."""
    record = next(p for p in hostile.placed if p.field.path == "title" and "2026-cf-0002" in p.file)
    word = re.search(r"alert\('(xss[a-z]{3})'\)", str(record.value)).group(1)  # type: ignore[union-attr]
    as_text = f"<script>alert('{word}')</script>"

    def wait_for_results(page: Any) -> None:
        shown_as_text = f"() => document.body.innerText.includes({json.dumps(as_text)})"
        page.wait_for_function(shown_as_text, timeout=15_000)

    with serve(hostile.site) as site:
        seen = browse(chromium, f"{site}search/index.html?q={word}", wait_for_results)
    assert seen == {"dialogs": [], "errors": [], "foreign": 0, "handlers": 0, "scriptLinks": 0}


# --- WeChat articles ----------------------------------------------------------------------------


def test_a_hostile_record_stays_text_in_the_wechat_articles(tmp_path: Path) -> None:
    """R-A1: the digest, the correction and the withdrawal articles hold the record's title,
    penalty, correction and explanation as text; the body is HTML with none of their markup
    and the title, digest and author are plain text."""
    from factories import penalty, write_content

    from publisher.loader import load_content
    from publisher.visibility import plan_publication
    from publisher.wechat.articles import wechat_articles

    title = "<script>alert('标题')</script>关于<b>示例</b>公司的处罚"
    said = {
        "penalty": "罚款<img src=x onerror=alert(1)>{{ 7*7 }}",
        "summary": '更正<svg onload=alert(1)>"><a href="javascript:alert(1)">链接</a>',
        "explanation": "撤销</p><iframe src=javascript:alert(1)></iframe>]]><!--",
    }
    live = penalty(
        title=title,
        penalty={"kinds": ["fine"], "fine_yuan": 30000, "content": said["penalty"]},
        corrections=[{"date": "2024-04-01", "fields": ["facts"], "summary": said["summary"],
                      "reason": "核对原件"}],
    )  # fmt: skip
    withdrawn = penalty(
        id="2024-cf-0002", doc_no="青工信罚〔2024〕2号", title=f"撤下{title}",
        withdrawal={"act": "revoked", "date": "2024-05-10", "recorded": "2024-05-10",
                    "explanation": said["explanation"]},
    )  # fmt: skip
    result = load_content(write_content(tmp_path / "content", [live, withdrawn]))
    assert result.content is not None, [f.format_text() for f in result.findings]
    as_of = dt.date(2024, 6, 1)
    plan = plan_publication(
        [r.record for r in result.content.records], result.content.settings, as_of
    )
    articles = wechat_articles(result.content, plan, as_of, SITE_URL)
    assert {article.kind for article in articles} == {"digest", "correction", "withdrawal"}
    texts = []
    for article in articles:
        body = BeautifulSoup(article.content, "html.parser")
        assert live_markup(body) == [], article.key
        assert not body.find_all(["script", "img", "svg", "iframe"]), article.key
        assert all(str(a.get("href", "")).startswith("https://") for a in body.find_all("a"))
        texts += [body.get_text(), article.title, article.digest]
    corpus = "\n".join(texts)
    assert "<script>alert('标题')</script>" in corpus
    assert all(text in corpus for text in said.values())
