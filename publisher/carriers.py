"""Do all carriers carry the same records in the same state? (R-A1; `publisher carriers`)

RULES.md R-A1: every carrier of one build shows exactly the same set of records in the same
state. This module reads a built output folder and the WeChat ledger and compares each carrier
with the publication plan for the as-of date:

- the record pages (`records/<id>/index.html`: decision or withdrawal notice), read as
  `publisher verify` reads them;
- the open data (`data/records.json`, `data/records.csv`);
- the four feeds, against the entries the plan gives them (the results feeds hold only the
  newest `feed_entries`; the changes feeds hold corrections and withdrawals);
- the sitemap (every visible record's page listed, no other);
- the search index where present (published record pages only);
- the WeChat previews (`wechat/index.json`) and the WeChat ledger
  (`content/wechat/ledger.yaml`): an article not deleted that still carries a record that is
  withdrawn, expired or corrected since it was pushed is out of step (an error, found as
  `publisher wechat status` finds it); an article due on WeChat that `publisher wechat push`
  would send (a digest of an ended period, a withdrawal or correction notice) is not yet
  pushed (a warning: pushing is a separate step, on the bureau's registered machine).

Each carrier is turned into a set of (record id, mark) pairs, the mark being the state it shows
(`published`, `withdrawn`), `listed` where a carrier shows no state (the sitemap), or
`correction/<n>`; one comparison then reports every difference, so all carriers are judged
alike.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from publisher.content import Content, Loaded
from publisher.feeds import (
    CHANGES_ATOM,
    CHANGES_RSS,
    RESULTS_ATOM,
    RESULTS_RSS,
    change_entries,
    result_entries,
)
from publisher.findings import Severity
from publisher.opendata import RECORDS_CSV, RECORDS_JSON
from publisher.public import public_items
from publisher.search_index import SEARCH_FOLDER, SearchIndexUnreadable, read_fragments
from publisher.sitemap import SITEMAP_PATH
from publisher.verify import FolderFetcher, page_state, read_open_data, record_ids
from publisher.visibility import Plan, State, plan_publication
from publisher.wechat.articles import WechatArticle, wechat_articles
from publisher.wechat.ledger import LEDGER_FILE, Ledger
from publisher.wechat.preview import INDEX_FILE as WECHAT_INDEX
from publisher.wechat.push import pending_articles
from publisher.wechat.stale import stale_articles

Mark = tuple[str, str]
"""(record id, what the carrier shows of it)."""

PUBLISHED = State.PUBLISHED.value
WITHDRAWN = State.WITHDRAWN.value
LISTED = "listed"
PAGES = "records/"
"""The record pages, as a carrier's name."""
_ATOM = "{http://www.w3.org/2005/Atom}"
_SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
# wechat_articles needs an address for its links; the check compares keys and records only.
_ANY_SITE = "https://localhost/"


@dataclass(frozen=True)
class CarrierProblem:
    """One way a carrier differs from the plan (or the ledger from the articles due)."""

    carrier: str
    """The output file or folder (relative to the output folder), or the ledger's path."""
    severity: Severity
    rule: str
    message: str
    """简体中文; names the record and, for the ledger, the article."""
    record: str | None = None
    article: str | None = None
    """The ledger key and article index, e.g. 2026-W45#1."""

    def sort_key(self) -> tuple[str, str, str, str]:
        return (self.carrier, self.record or "", self.article or "", self.message)


@dataclass(frozen=True)
class CarrierSummary:
    name: str
    present: bool
    """False for optional carriers this output does not have (search index, previews)."""
    records: int
    """How many distinct records it carries."""


@dataclass(frozen=True)
class CarrierReport:
    as_of: dt.date
    carriers: tuple[CarrierSummary, ...]
    problems: tuple[CarrierProblem, ...]

    @property
    def ok(self) -> bool:
        return not any(p.severity is Severity.ERROR for p in self.problems)


def check_carriers(
    content: Content, ledger: Loaded[Ledger] | None, output: Path, as_of: dt.date
) -> CarrierReport:
    """Every carrier in `output` and the ledger (None: not checked), compared with the plan
    for `as_of`."""
    plan = plan_publication([r.record for r in content.records], content.settings, as_of)
    expected = _Expected.of(content, plan)
    summaries: list[CarrierSummary] = []
    problems: list[CarrierProblem] = []
    for name, carried, wanted in _output_carriers(output, plan, expected):
        summaries.append(CarrierSummary(name, carried is not None, _count(carried)))
        if carried is None:
            continue
        problems += compare(name, carried, wanted)
    if ledger is not None:
        name = ledger.file
        summaries.append(CarrierSummary(name, True, len(_ledger_records(ledger.model))))
        problems += ledger_problems(ledger.model, content, plan, expected.articles, name)
    return CarrierReport(
        as_of=as_of,
        carriers=tuple(summaries),
        problems=tuple(sorted(problems, key=CarrierProblem.sort_key)),
    )


# --- what each carrier should hold ----------------------------------------------------------


@dataclass(frozen=True)
class _Expected:
    states: frozenset[Mark]
    """(id, published|withdrawn) of every visible record."""
    results_feed: frozenset[Mark]
    changes_feed: frozenset[Mark]
    corrections: frozenset[Mark]
    """(id, correction/<n>) of every correction shown."""
    articles: tuple[WechatArticle, ...]

    @classmethod
    def of(cls, content: Content, plan: Plan) -> _Expected:
        items = public_items(content.records, plan)
        settings = content.settings
        articles = wechat_articles(content, plan, plan.as_of, _ANY_SITE, items=items)
        corrections = {
            (article.record_ids[0], _article_mark(article.kind, article.key))
            for article in articles
            if article.kind == "correction"
        }
        return cls(
            states=frozenset((e.record_id, e.state.value) for e in plan.visible()),
            results_feed=frozenset(_tag_mark(e.tag) for e in result_entries(items, settings)),
            changes_feed=frozenset(_tag_mark(e.tag) for e in change_entries(items, settings)),
            corrections=frozenset(corrections),
            articles=tuple(articles),
        )

    @property
    def published(self) -> frozenset[Mark]:
        return frozenset(mark for mark in self.states if mark[1] == PUBLISHED)

    @property
    def listed(self) -> frozenset[Mark]:
        return frozenset((record_id, LISTED) for record_id, _ in self.states)


def _output_carriers(
    output: Path, plan: Plan, expected: _Expected
) -> list[tuple[str, frozenset[Mark] | None, frozenset[Mark]]]:
    """(name, what it carries or None when absent, what it should carry) of each carrier."""
    return [
        (PAGES, record_pages(output, plan), expected.states),
        (RECORDS_JSON, open_data_json(output), expected.states),
        (RECORDS_CSV, open_data_csv(output), expected.states),
        (RESULTS_ATOM, feed_marks(output / RESULTS_ATOM), expected.results_feed),
        (RESULTS_RSS, feed_marks(output / RESULTS_RSS), expected.results_feed),
        (CHANGES_ATOM, feed_marks(output / CHANGES_ATOM), expected.changes_feed),
        (CHANGES_RSS, feed_marks(output / CHANGES_RSS), expected.changes_feed),
        (SITEMAP_PATH, sitemap_marks(output / SITEMAP_PATH), expected.listed),
        (f"{SEARCH_FOLDER}/", search_marks(output), expected.published),
        (WECHAT_INDEX, preview_marks(output), expected.states | expected.corrections),
    ]


# --- reading the carriers -------------------------------------------------------------------


def record_pages(output: Path, plan: Plan) -> frozenset[Mark]:
    """What each record's address shows, read as `publisher verify` reads it."""
    fetcher = FolderFetcher(output)
    marks: set[Mark] = set()
    for record_id in record_ids(plan.by_id(), {}, fetcher.listing()):
        state = page_state(fetcher.fetch(f"{PAGES}{record_id}/index.html"))
        if state.value in (PUBLISHED, WITHDRAWN):
            marks.add((record_id, state.value))
    return frozenset(marks)


def open_data_json(output: Path) -> frozenset[Mark] | None:
    path = output / RECORDS_JSON
    listed, problems = read_open_data(path.read_bytes() if path.is_file() else None)
    if listed is None:
        return None if not path.is_file() else frozenset()
    del problems  # an unreadable row shows up as a missing record
    return frozenset(listed.items())


def open_data_csv(output: Path) -> frozenset[Mark] | None:
    path = output / RECORDS_CSV
    if not path.is_file():
        return None
    text = path.read_bytes().decode("utf-8-sig", errors="replace")
    rows = csv.DictReader(io.StringIO(text))
    return frozenset((row.get("id") or "", row.get("state") or "") for row in rows)


def feed_marks(path: Path) -> frozenset[Mark] | None:
    """The entries of an Atom or RSS feed of ours, by their tag URI's specific part
    (`records/<id>`, `records/<id>/withdrawal`, `records/<id>/corrections/<n>`)."""
    if not path.is_file():
        return None
    try:
        root = ElementTree.fromstring(path.read_bytes())
    except ElementTree.ParseError:
        return frozenset()
    ids = [entry.findtext(f"{_ATOM}id") or "" for entry in root.iter(f"{_ATOM}entry")]
    ids += [guid.text or "" for guid in root.iter("guid")]
    return frozenset(_tag_mark(_tag_specific(text)) for text in ids)


def sitemap_marks(path: Path) -> frozenset[Mark] | None:
    if not path.is_file():
        return None
    try:
        root = ElementTree.fromstring(path.read_bytes())
    except ElementTree.ParseError:
        return frozenset()
    marks: set[Mark] = set()
    for loc in root.iter(f"{_SITEMAP}loc"):
        record_id = _record_of_url(loc.text or "")
        if record_id is not None:
            marks.add((record_id, LISTED))
    return frozenset(marks)


def search_marks(output: Path) -> frozenset[Mark] | None:
    """The pages in the search index; None when the output has no index."""
    if not (output / SEARCH_FOLDER).is_dir():
        return None
    try:
        fragments = list(read_fragments(output))
    except SearchIndexUnreadable:
        return frozenset()
    marks: set[Mark] = set()
    for _, fragment in fragments:
        record_id = _record_of_url(str(fragment.get("url", "")))
        if record_id is not None:
            marks.add((record_id, PUBLISHED))
    return frozenset(marks)


def preview_marks(output: Path) -> frozenset[Mark] | None:
    """What the WeChat previews carry: digests the published records, withdrawal articles the
    withdrawn ones, correction articles the corrections."""
    path = output / WECHAT_INDEX
    if not path.is_file():
        return None
    try:
        rows = json.loads(path.read_bytes().decode("utf-8"))
    except ValueError:
        return frozenset()
    marks: set[Mark] = set()
    for row in rows if isinstance(rows, list) else []:
        kind, key = str(row.get("kind", "")), str(row.get("key", ""))
        for record_id in row.get("record_ids", []):
            marks.add((str(record_id), _article_mark(kind, key)))
    return frozenset(marks)


def _article_mark(kind: str, key: str) -> str:
    if kind == "digest":
        return PUBLISHED
    if kind == "withdrawal":
        return WITHDRAWN
    return f"correction/{key.rsplit('-', 1)[-1]}"


def _tag_specific(tag: str) -> str:
    """`records/x` of `tag:example.gov.cn,2019-01-01:records/x` (RFC 4151)."""
    parts = tag.split(":", 2)
    return parts[2] if len(parts) == 3 and parts[0] == "tag" else tag


def _tag_mark(specific: str) -> Mark:
    parts = specific.split("/")
    if len(parts) >= 2 and parts[0] == "records":
        if len(parts) == 2:
            return parts[1], PUBLISHED
        if parts[2:] == ["withdrawal"]:
            return parts[1], WITHDRAWN
        if len(parts) == 4 and parts[2] == "corrections":
            return parts[1], f"correction/{parts[3]}"
    return specific, "other"


def _record_of_url(url: str) -> str | None:
    """The record id of an address `…/records/<id>/` or `…/records/<id>/index.html`."""
    parts = [part for part in unquote(urlsplit(url).path).split("/") if part]
    for index in range(len(parts) - 1):
        tail = parts[index + 2 :]
        if parts[index] == "records" and tail in ([], ["index.html"]):
            return parts[index + 1]
    return None


def _count(marks: frozenset[Mark] | None) -> int:
    return len({record_id for record_id, _ in marks or ()})


# --- comparing ------------------------------------------------------------------------------

_MARK_WORDS = {PUBLISHED: "公示中", WITHDRAWN: "撤下说明", LISTED: "列出"}


def _words(mark: str) -> str:
    if mark.startswith("correction/"):
        return f"第{mark.split('/', 1)[1]}次更正"
    return _MARK_WORDS.get(mark, mark)


def compare(
    carrier: str, carried: Iterable[Mark], expected: Iterable[Mark]
) -> list[CarrierProblem]:
    """Every record the carrier holds in a way the plan does not, or lacks."""
    have, want = set(carried), set(expected)
    missing, extra = want - have, have - want
    problems: list[CarrierProblem] = []
    for record_id in sorted({r for r, _ in missing | extra}):
        lacks = sorted(_words(m) for r, m in missing if r == record_id)
        shows = sorted(_words(m) for r, m in extra if r == record_id)
        if lacks and shows:
            message = f"记录 {record_id} 显示为{'、'.join(shows)}，应为{'、'.join(lacks)}"
        elif lacks:
            message = f"缺少记录 {record_id}（应为{'、'.join(lacks)}）"
        else:
            message = f"不应出现记录 {record_id}（现为{'、'.join(shows)}）"
        rule = (
            "R-A5" if any(m == WITHDRAWN for r, m in missing | extra if r == record_id) else "R-A1"
        )
        problems.append(
            CarrierProblem(carrier, Severity.ERROR, rule, f"{message}，与其他载体不一致", record_id)
        )
    return problems


# --- the WeChat ledger ------------------------------------------------------------------------


def _ledger_records(ledger: Ledger) -> set[str]:
    return {
        record_id
        for publication in ledger.publications
        for article in publication.articles
        if article.deleted is None
        for record_id in article.records
    }


def ledger_problems(
    ledger: Ledger,
    content: Content,
    plan: Plan,
    articles: Sequence[WechatArticle],
    name: str = LEDGER_FILE,
) -> list[CarrierProblem]:
    """Live articles that carry what the site no longer shows so (errors, as
    `publisher wechat status` finds them), and articles due on WeChat that `publisher wechat
    push` would send (warnings: pushing runs on the bureau's registered machine, later)."""
    problems: list[CarrierProblem] = []
    for stale in stale_articles(content, plan, ledger):
        where = f"{stale.key}#{stale.index}"
        for record in stale.problems:
            message = (
                f"公众号文章 {stale.key}（第 {stale.index} 篇，{stale.pushed.isoformat()} 发布）"
                f"仍载有记录 {record.describe()}；{stale.action()}"
            )
            problems.append(
                CarrierProblem(name, Severity.ERROR, record.rule, message, record.record_id, where)
            )
    for article in pending_articles(articles, ledger, plan.as_of):
        what = {"digest": "公示摘要", "withdrawal": "撤下说明", "correction": "更正说明"}
        message = (
            f"{what[article.kind]}文章 {article.key}（载有 {'、'.join(article.record_ids)}）"
            "尚未推送到公众号：请在本局登记的电脑上运行 publisher wechat push"
        )
        rule = {"digest": "R-A1", "withdrawal": "R-A5", "correction": "R-A6"}[article.kind]
        problems.append(CarrierProblem(name, Severity.WARNING, rule, message, None, article.key))
    return problems


__all__ = [
    "CarrierProblem",
    "CarrierReport",
    "CarrierSummary",
    "check_carriers",
    "compare",
    "ledger_problems",
]
