"""Atom and RSS feeds of the public results (R-A1, R-A5, R-A6, R-A8).

Two feeds, each in Atom and RSS:

- `feeds/atom.xml`, `feeds/rss.xml`: new and changed results (CONTRACT.md), one entry per
  published record (penalty decisions and inspection results; a correction moves the entry's
  `updated`) and one per withdrawal notice, newest first, at most `feed_entries`. A withdrawn
  (R-A5) or expired (R-A4) record's own entry is not in them.
- `feeds/changes-atom.xml`, `feeds/changes-rss.xml`: one entry per correction of a published
  record (R-A6) and one per withdrawal notice (R-A5), newest first, at most `feed_entries`.
  A withdrawal entry carries only the notice's fields, never facts, penalty or party.

Entry ids are tag URIs (RFC 4151) that never change: a corrected record keeps its id and only
its `updated` moves, so readers update the entry instead of showing it twice. Every date is a
calendar day at 00:00 Asia/Shanghai (+08:00); the feed's own `updated` is the plan's last
change, which includes the day a record left, so readers see that the feed changed. Nothing
reads the clock and feedgen's defaults that would (dates, generator version, entry order) are
all set here: the same inputs give byte-identical feeds (RULES.md C).

Everything is built from the public views (`publisher.public`), whose text is already masked
(R-A8); XML-illegal control characters are stripped because lxml refuses them. Staff text is
never markup: titles and Atom summaries are plain text, and the HTML of the entries' content
and of RSS descriptions escapes it, so `<script>` in a record shows as text in every reader.
"""

from __future__ import annotations

import datetime as dt
import functools
import heapq
import html
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from feedgen.feed import FeedGenerator

from publisher.labels import format_date
from publisher.public import PublicCorrection, PublicItem, PublicRecord, WithdrawalNotice
from publisher.safetext import xml_safe
from publisher.settings import Settings
from publisher.sitemap import absolute_url
from publisher.visibility import Plan

# Asia/Shanghai has kept +08:00 all year since 1991: a fixed offset is exact for our dates.
SHANGHAI = dt.timezone(dt.timedelta(hours=8))
GENERATOR = "enforcement-disclosure-publisher"
LANGUAGE = "zh-CN"
# The feed's `updated` when no record has ever been public: fixed, so builds stay identical.
FALLBACK_UPDATED = dt.date(2019, 1, 1)

RESULTS_ATOM = "feeds/atom.xml"
RESULTS_RSS = "feeds/rss.xml"
CHANGES_ATOM = "feeds/changes-atom.xml"
CHANGES_RSS = "feeds/changes-rss.xml"


@dataclass(frozen=True)
class FeedItem:
    """One feed entry, format-neutral; text not yet cleaned."""

    tag: str
    """The specific part of the tag URI, e.g. `records/2024-cf-0003`."""
    title: str
    url_path: str
    published: dt.date
    updated: dt.date
    category: str
    fields: tuple[tuple[str, str], ...]
    """(label, value) pairs shown as the entry's summary and content."""


@dataclass(frozen=True)
class FeedSpec:
    """One feed: the specific part of its tag URI, its titles and its two files."""

    tag: str
    title: str
    description: str
    atom_path: str
    rss_path: str


def build_feeds(
    items: Sequence[PublicItem], plan: Plan, settings: Settings, site_url: str
) -> dict[str, bytes]:
    """The four feed files, keyed by their path under the output folder."""
    updated = plan.last_change() or FALLBACK_UPDATED
    results = FeedSpec(
        tag="feeds/results",
        title=f"{settings.organ}行政执法公示：最新公示",
        description=f"{settings.organ}公示的行政处罚决定和行政检查结果。",
        atom_path=RESULTS_ATOM,
        rss_path=RESULTS_RSS,
    )
    changes = FeedSpec(
        tag="feeds/changes",
        title=f"{settings.organ}行政执法公示：更正和撤下",
        description=f"{settings.organ}对已公示行政执法信息的更正和撤下。",
        atom_path=CHANGES_ATOM,
        rss_path=CHANGES_RSS,
    )
    files: dict[str, bytes] = {}
    for feed, entries in (
        (results, result_entries(items, settings)),
        (changes, change_entries(items, settings)),
    ):
        files[feed.atom_path] = _render(feed, entries, updated, settings, site_url, atom=True)
        files[feed.rss_path] = _render(feed, entries, updated, settings, site_url, atom=False)
    return files


def tag_uri(settings: Settings, specific: str) -> str:
    """An RFC 4151 tag URI: `tag:<authority>,<date>:<specific>`; never changes once issued."""
    return f"tag:{settings.tag_authority},{settings.tag_start}:{specific}"


def feed_datetime(day: dt.date) -> dt.datetime:
    """A calendar day as 00:00 Asia/Shanghai: feeds need a time and a zone (feedgen refuses
    naive datetimes), the records only have days."""
    return dt.datetime.combine(day, dt.time(), tzinfo=SHANGHAI)


def xml_text(text: str) -> str:
    """`text` without the characters XML 1.0 cannot carry."""
    return xml_safe(text)


def result_entries(items: Sequence[PublicItem], settings: Settings) -> list[FeedItem]:
    """New and changed results (CONTRACT.md): every published record (a correction moves
    its `updated`, same entry) and every withdrawal notice, newest first, then by id."""
    newest = heapq.nlargest(settings.feed_entries, items, key=_result_order)
    return [
        _record_entry(item) if isinstance(item, PublicRecord) else _withdrawal_entry(item)
        for item in newest
    ]


def _result_order(item: PublicItem) -> tuple[dt.date, str]:
    """Newest first, then by id: ids are unique, so the order is total."""
    return (item.published if isinstance(item, PublicRecord) else item.withdrawn, item.id)


def change_entries(items: Sequence[PublicItem], settings: Settings) -> list[FeedItem]:
    """Corrections of published records and withdrawal notices, newest first."""
    # Entries are made for the newest only: at 100,000 records most are never shown.
    keyed: list[tuple[tuple[dt.date, str, int], Callable[[], FeedItem]]] = []
    for item in items:
        if isinstance(item, PublicRecord):
            for number, correction in numbered_corrections(item.corrections):
                entry = functools.partial(_correction_entry, item, number, correction)
                keyed.append(((correction.date, item.id, number), entry))
        else:
            keyed.append(((item.withdrawn, item.id, 0), functools.partial(_withdrawal_entry, item)))
    newest = heapq.nlargest(settings.feed_entries, keyed, key=lambda pair: pair[0])
    return [make_entry() for _, make_entry in newest]


def numbered_corrections(
    corrections: Iterable[PublicCorrection],
) -> list[tuple[int, PublicCorrection]]:
    """Corrections numbered from 1 in the order they were made, the number being part of the
    entry id. The public view lists them newest first; a stable sort by date restores the
    file's order (R-A6: staff append corrections, oldest first)."""
    oldest_first = sorted(corrections, key=lambda correction: correction.date)
    return list(enumerate(oldest_first, start=1))


def _record_entry(record: PublicRecord) -> FeedItem:
    return FeedItem(
        tag=f"records/{record.id}",
        title=record.title,
        url_path=record.url_path,
        published=record.published,
        updated=record.updated,
        category=record.type_label,
        fields=_record_fields(record),
    )


def _record_fields(record: PublicRecord) -> tuple[tuple[str, str], ...]:
    fields = [("类别", record.type_label), ("行政相对人", record.party_name)]
    if record.doc_no:
        fields.append(("决定书文号", record.doc_no))
    fields.append(("决定日期", format_date(record.decided)))
    if record.penalty_content:
        fields.append(("处罚内容", record.penalty_content))
    if record.result:
        fields.append(("检查结果", record.result))
    if record.is_corrected:
        fields.append(("最后更新", format_date(record.updated)))
    return tuple(fields)


def _correction_entry(record: PublicRecord, number: int, correction: PublicCorrection) -> FeedItem:
    fields = [("原公示", record.title)]
    if record.doc_no:
        fields.append(("决定书文号", record.doc_no))
    fields += [
        ("更正日期", format_date(correction.date)),
        ("更正内容", "、".join(correction.fields)),
        ("更正摘要", correction.summary),
        ("更正理由", correction.reason),
    ]
    return FeedItem(
        tag=f"records/{record.id}/corrections/{number}",
        title=f"更正：{record.title}",
        url_path=record.url_path,
        published=correction.date,
        updated=correction.date,
        category="更正",
        fields=tuple(fields),
    )


def _withdrawal_entry(notice: WithdrawalNotice) -> FeedItem:
    """R-A5: the notice's own fields only; a notice has no facts, penalty or party to leak."""
    fields = [("原公示", notice.title)]
    if notice.doc_no:
        fields.append(("决定书文号", notice.doc_no))
    fields += [
        ("原决定日期", format_date(notice.decided)),
        ("撤下日期", format_date(notice.withdrawn)),
        ("撤下事由", f"原决定被{notice.act_label}"),
        ("说明", notice.explanation),
    ]
    if notice.replaced_by_title:
        fields.append(("重新作出的决定", notice.replaced_by_title))
    return FeedItem(
        tag=f"records/{notice.id}/withdrawal",
        title=f"撤下公示：{notice.title}",
        url_path=notice.url_path,
        published=notice.withdrawn,
        updated=notice.withdrawn,
        category="撤下",
        fields=tuple(fields),
    )


def _render(
    feed: FeedSpec,
    entries: Sequence[FeedItem],
    updated: dt.date,
    settings: Settings,
    site_url: str,
    *,
    atom: bool,
) -> bytes:
    generator = _generator(feed, updated, settings, site_url, atom=atom)
    for entry in entries:
        _add_entry(generator, entry, settings, site_url)
    output: bytes = generator.atom_str(pretty=True) if atom else generator.rss_str(pretty=True)
    return output


def _generator(
    feed: FeedSpec, updated: dt.date, settings: Settings, site_url: str, *, atom: bool
) -> FeedGenerator:
    generator = FeedGenerator()
    generator.id(tag_uri(settings, feed.tag))
    generator.title(xml_text(feed.title))
    # One value for Atom's <subtitle> (plain text) and RSS's <description> (read as HTML).
    description = xml_text(feed.description)
    generator.description(description if atom else html.escape(description, quote=False))
    generator.author({"name": xml_text(settings.organ)})
    generator.language(LANGUAGE)
    # Without these feedgen writes its own version and the build time: set both ourselves.
    generator.generator(GENERATOR)
    generator.updated(feed_datetime(updated))
    own_path = feed.atom_path if atom else feed.rss_path
    media_type = "application/atom+xml" if atom else "application/rss+xml"
    generator.link(href=absolute_url(site_url, own_path), rel="self", type=media_type)
    # RSS takes the last link as the channel's <link>: the site itself comes last.
    generator.link(href=absolute_url(site_url, ""), rel="alternate", type="text/html")
    return generator


def _add_entry(
    generator: FeedGenerator, entry: FeedItem, settings: Settings, site_url: str
) -> None:
    # 'append' keeps our sorted order; feedgen would otherwise prepend each entry.
    feed_entry = generator.add_entry(order="append")
    feed_entry.id(tag_uri(settings, entry.tag))
    feed_entry.title(xml_text(entry.title))
    feed_entry.link(href=absolute_url(site_url, entry.url_path), rel="alternate")
    feed_entry.published(feed_datetime(entry.published))
    feed_entry.updated(feed_datetime(entry.updated))
    feed_entry.category(term=xml_text(entry.category))
    summary = xml_text(_summary_text(entry.fields))
    feed_entry.summary(summary)  # Atom: <summary> is plain text
    # RSS readers take <description> as HTML (RSS Best Practices Profile), so it is escaped
    # like the content: markup in a record's text shows as text, not as markup (injection).
    # `description` also sets Atom's content, which the next line sets again.
    feed_entry.description(html.escape(summary, quote=False))
    feed_entry.content(xml_text(_content_html(entry.fields)), type="html")


def _summary_text(fields: Sequence[tuple[str, str]]) -> str:
    return "；".join(f"{label}：{value}" for label, value in fields)


def _content_html(fields: Sequence[tuple[str, str]]) -> str:
    rows = "".join(
        f"<dt>{html.escape(label)}</dt><dd>{html.escape(value)}</dd>" for label, value in fields
    )
    return f"<dl>{rows}</dl>"
