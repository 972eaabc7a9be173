"""The WeChat articles of the as-of date (R-A1): one digest per period with new results, one
notice per withdrawal (R-A5) and per correction (R-A6).

A pure function of the content, the plan and the site's address. Everything an article says
comes from the public views (`publisher.public`), the same the site, feeds and open data are
built from, so nothing hidden by the plan and no personal number reaches WeChat (R-A8).

Keys name an article for the ledger (`content/wechat/ledger.yaml`) and the output files:
a digest is keyed by its period ("2026-W47", monthly "2026-11"; the later parts of a digest
too long for one article "2026-W47-2", …), a withdrawal notice "withdrawal-<record id>",
a correction "correction-<record id>-<n>" with n the correction's number, counted from 1 in
the order they were made (as in the feeds' entry ids).

A build keeps the articles it made in a memo (`publisher.memo`): a digest period's parts
under everything they are made of (the period, the fields of its records that the entries
show, the settings and the site's address), a notice under its notice, or record and
correction, likewise; the next build renders only the articles whose inputs changed.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property, partial
from typing import Literal

from publisher.content import Content
from publisher.feeds import numbered_corrections
from publisher.labels import format_date
from publisher.memo import Memo
from publisher.model import RecordType
from publisher.parallel import map_forked
from publisher.public import (
    PublicCorrection,
    PublicItem,
    PublicRecord,
    WithdrawalNotice,
    public_items,
)
from publisher.settings import WECHAT_TITLE_LIMIT, Settings
from publisher.sitemap import address_maker
from publisher.visibility import Plan
from publisher.wechat.periods import Period, period_of
from publisher.wechat.render import (
    CONTENT_BUDGET,
    DigestEntry,
    fewest_parts,
    fits_budget,
    render_content,
)

THUMB_PLACEHOLDER = "{{thumb_media_id}}"
"""Stands for the cover's media id in the `.json` previews; `wechat push` substitutes the
media id of the uploaded cover."""
DIGEST_LIMIT = 128
"""draft/add: a digest (摘要) holds at most 128 characters."""
TITLE_LIMIT = WECHAT_TITLE_LIMIT
DIGEST_LIST_PATH = "list/"
"""Where a digest's 阅读原文 leads: the site's list of all records, newest first."""
NOTICE_TEXT_LIMIT = 2000
"""Staff text in a notice (explanation, summary, reason) is cut here, so that a notice always
fits one article; the record's page has the full text."""
ITEM_TEXT_LIMIT = 80
"""A digest item's one-line summary of the penalty or result."""
ITEM_TITLE_LIMIT = 120
ArticleKind = Literal["digest", "withdrawal", "correction"]

EntrySource = tuple[
    str, RecordType, str, str, str, str | None, dt.date, dt.date, str | None, str | None, str
]
"""The fields of a record that its digest entry shows, as `_entry_source` takes them."""
_entry_source: Callable[[PublicRecord], EntrySource] = operator.attrgetter(
    "id",
    "type",
    "type_label",
    "title",
    "party_name",
    "doc_no",
    "decided",
    "published",
    "penalty_content",
    "result",
    "url_path",
)


@dataclass(frozen=True)
class WechatArticle:
    """One article as `draft/add` takes it, with the records it carries."""

    key: str
    kind: ArticleKind
    period_end: dt.date
    """The last day of the period (notices: the date of the act or correction)."""
    title: str
    author: str
    digest: str
    content: str
    """WeChat-safe HTML: inline styles only, no scripts, classes, ids or images."""
    content_source_url: str
    record_ids: tuple[str, ...]
    need_open_comment: int
    only_fans_can_comment: int

    def draft_article(self, thumb_media_id: str) -> dict[str, object]:
        """One element of the `articles` list of a draft/add request."""
        return {
            "title": self.title,
            "author": self.author,
            "digest": self.digest,
            "content": self.content,
            "content_source_url": self.content_source_url,
            "thumb_media_id": thumb_media_id,
            "need_open_comment": self.need_open_comment,
            "only_fans_can_comment": self.only_fans_can_comment,
        }

    def draft_body(self, thumb_media_id: str) -> dict[str, object]:
        """The whole draft/add request body: one article per draft."""
        return {"articles": [self.draft_article(thumb_media_id)]}


def wechat_articles(
    content: Content,
    plan: Plan,
    as_of: dt.date,
    site_url: str,
    *,
    items: Sequence[PublicItem] | None = None,
    memo: Memo | None = None,
) -> list[WechatArticle]:
    """Every article the public may read on WeChat on `as_of`, sorted by (period_end, key).

    Digests cover the periods from the first publication to the one containing `as_of`, each
    with the records first published in it and still published today; periods without any
    have no article. Only ended periods are complete: `wechat push` sends those alone.

    `items`: `public_items(content.records, plan)` when the caller already has them. `memo`:
    the articles of the last build, reused where their inputs are the same (none kept when
    omitted)."""
    if plan.as_of != as_of:
        raise ValueError(f"plan is for {plan.as_of}, articles asked for {as_of}")
    if items is None:
        items = public_items(content.records, plan)
    records = [item for item in items if isinstance(item, PublicRecord)]
    notices = [item for item in items if isinstance(item, WithdrawalNotice)]
    maker = _ArticleMaker(content.settings, site_url, memo or Memo.disabled())
    articles = [
        *maker.digests(records, as_of),
        *(maker.withdrawal(notice) for notice in notices),
        *(
            maker.correction(record, number, correction)
            for record in records
            for number, correction in numbered_corrections(record.corrections)
        ),
    ]
    return sorted(articles, key=lambda article: (article.period_end, article.key))


def fit(text: str, limit: int) -> str:
    """`text` cut to `limit` characters, an ellipsis marking the cut."""
    text = " ".join(text.split())
    return text if len(text) <= limit else f"{text[: limit - 1]}…"


def part_suffix(part: int) -> str:
    """之一, 之二 … 之九十九 for the parts of a digest too long for one article; settings keep
    room in the title for the longest (`WECHAT_PART_SUFFIX`)."""
    return f"之{_chinese_number(part)}" if part <= 99 else f"之{part}"


_DIGITS = "零一二三四五六七八九"


def _chinese_number(number: int) -> str:
    if not 1 <= number <= 99:
        raise ValueError(f"part number out of range: {number}")
    tens, ones = divmod(number, 10)
    if tens == 0:
        return _DIGITS[ones]
    return f"{'' if tens == 1 else _DIGITS[tens]}十{_DIGITS[ones] if ones else ''}"


def period_words(period: Period) -> str:
    """2026年11月16日至2026年11月22日, or 2026年11月."""
    if period.kind == "month":
        return f"{period.year}年{period.number}月"
    return f"{format_date(period.start)}至{format_date(period.end)}"


@dataclass(frozen=True)
class _ArticleMaker:
    settings: Settings
    site_url: str
    memo: Memo = field(default_factory=Memo.disabled)
    """Articles of the last build, each under everything it is made of: the settings (whole,
    so that no setting an article reads can be forgotten), the site's address, and its
    period and entries' sources, its notice, or its record and correction."""

    def _article(
        self,
        key: str,
        kind: ArticleKind,
        period_end: dt.date,
        title: str,
        digest: str,
        body: str,
        source_path: str,
        record_ids: tuple[str, ...],
    ) -> WechatArticle:
        wechat = self.settings.wechat
        return WechatArticle(
            key=key,
            kind=kind,
            period_end=period_end,
            title=fit(title, TITLE_LIMIT),
            author=wechat.author,
            digest=fit(digest, DIGEST_LIMIT),
            content=body,
            content_source_url=self._url(source_path),
            record_ids=record_ids,
            need_open_comment=wechat.need_open_comment,
            only_fans_can_comment=wechat.only_fans_can_comment,
        )

    @cached_property
    def _url(self) -> Callable[[str], str]:
        """`publisher.sitemap.absolute_url` on this site."""
        return address_maker(self.site_url)

    # --- digests ------------------------------------------------------------------------

    def digests(self, records: Sequence[PublicRecord], as_of: dt.date) -> Iterator[WechatArticle]:
        kind = self.settings.wechat.period
        periods: dict[dt.date, Period] = {}  # a period object per day, not per record
        by_period: dict[Period, list[EntrySource]] = {}
        for record in records:
            if record.published <= as_of:
                day = record.published
                if day not in periods:
                    periods[day] = period_of(day, kind)
                by_period.setdefault(periods[day], []).append(_entry_source(record))
        # By publication date, then id (fields 7 and 0).
        jobs = [
            (period, sorted(by_period[period], key=operator.itemgetter(7, 0)))
            for period in sorted(by_period)
        ]
        # The entries are made from the sources alone, so these are all a period's digest
        # depends on besides the settings and the site. Their `repr` encodes them completely
        # (strings, dates, an enum, None) at a fraction of the cost of fingerprinting them
        # field by field, which counts at 100,000 records.
        inputs = [
            ("digest", self.settings, self.site_url, period, repr(sources))
            for period, sources in jobs
        ]

        def compute(missing: list[int]) -> list[tuple[WechatArticle, ...]]:
            # Periods are independent: the digests not in the memo (all of them in a cold
            # build, 8 s of one core at 100,000 records) are made on every core.
            return map_forked(self._digest_articles, [jobs[n] for n in missing])

        for articles in self.memo.values(inputs, compute):
            yield from articles

    def _digest_articles(self, job: tuple[Period, list[EntrySource]]) -> tuple[WechatArticle, ...]:
        period, sources = job
        return tuple(self._digest_parts(period, [self._entry(s) for s in sources]))

    def _entry(self, source: EntrySource) -> DigestEntry:
        (
            record_id,
            record_type,
            type_label,
            title,
            party_name,
            doc_no,
            decided,
            published,
            penalty_content,
            result,
            url_path,
        ) = source
        if penalty_content is not None:
            label, summary = "处罚内容", penalty_content
        else:
            label, summary = "检查结果", result or ""
        return DigestEntry(
            record_id=record_id,
            is_penalty=record_type is RecordType.PENALTY,
            type_label=type_label,
            title=fit(title, ITEM_TITLE_LIMIT),
            party=party_name,
            doc_no=doc_no,
            decided=format_date(decided),
            published=format_date(published),
            summary_label=label,
            summary=fit(summary, ITEM_TEXT_LIMIT),
            url=self._url(url_path),
        )

    def _digest_parts(self, period: Period, entries: list[DigestEntry]) -> Iterator[WechatArticle]:
        """One article, or as few equal parts as fit the content budget (the whole digest in
        one part when even one entry a part does not fit).

        The search for the number of parts starts at a lower bound taken from the digest in
        one part, `whole`, instead of at 1 (a period of hundreds of records needs several
        parts, and rendering every count below would cost their square). Why it is a lower
        bound: a part's content is the digest's opening paragraph, its entries and the
        closing paragraph, and an entry renders the same in any part (its number counts
        from the first entry of the period; the stylesheet has no rule that looks at an
        element's siblings, and inlining and sanitising treat each element by itself). So
        the parts of any split hold every entry of `whole` once, and each part the closing
        paragraph and an opening paragraph at least as long as the one of `whole` (it adds
        "分 n 篇发布…"): together they are at least as long as `whole`, in characters and in
        bytes. If every part fits the budget, their count is therefore at least
        `fewest_parts(whole)`. Fewer parts cannot fit, so starting there gives the same split
        as counting up from 1 (tests/test_wechat_parts.py checks this against the count from
        1). Whether n parts fit is not monotone in n, hence the count up from the bound."""
        whole = self._digest_body(period, entries, entries, 1, 1, first=1)
        parts = min(fewest_parts(whole), len(entries))
        chunks, bodies = [entries], [whole]
        while parts > 1:
            chunks = _even_chunks(entries, parts)
            fitting = self._bodies_if_all_fit(period, chunks, entries, anyway=parts == len(entries))
            if fitting is not None:
                bodies = fitting
                break
            parts += 1
        for part, (chunk, body) in enumerate(zip(chunks, bodies, strict=True), start=1):
            yield self._digest_article(period, chunk, entries, body, part, parts)

    def _bodies_if_all_fit(
        self,
        period: Period,
        chunks: list[list[DigestEntry]],
        entries: list[DigestEntry],
        anyway: bool,
    ) -> list[str] | None:
        """The parts' contents when every one fits the budget (or `anyway`), else None. The
        part with the most text is rendered first: a split that does not fit is then mostly
        known after one part (the order changes nothing else)."""
        firsts = [1]
        for chunk in chunks[:-1]:
            firsts.append(firsts[-1] + len(chunk))
        bodies: dict[int, str] = {}
        for index in sorted(range(len(chunks)), key=lambda i: -_text_size(chunks[i])):
            body = self._digest_body(
                period, chunks[index], entries, index + 1, len(chunks), first=firsts[index]
            )
            if not anyway and not fits_budget(body):
                return None
            bodies[index] = body
        return [bodies[index] for index in range(len(chunks))]

    def _digest_body(
        self,
        period: Period,
        chunk: list[DigestEntry],
        entries: list[DigestEntry],
        part: int,
        parts: int,
        *,
        first: int,
    ) -> str:
        """`first`: the number of the chunk's first entry in the whole digest."""
        return render_content(
            "digest.html",
            {
                "organ": self.settings.organ,
                "period": period_words(period),
                "total": len(entries),
                "penalties": sum(1 for e in entries if e.is_penalty),
                "entries": chunk,
                "first_number": first,
                "part": part,
                "parts": parts,
                "site_url": self._url(""),
            },
        )

    def _digest_article(
        self,
        period: Period,
        chunk: list[DigestEntry],
        entries: list[DigestEntry],
        body: str,
        part: int,
        parts: int,
    ) -> WechatArticle:
        wechat = self.settings.wechat
        title = wechat.title_template.format(year=period.year, number=period.number)
        if parts > 1:
            title += part_suffix(part)
        names = "、".join(dict.fromkeys(e.party for e in chunk))
        digest = f"{period_words(period)}公示行政执法决定和结果{len(entries)}件"
        if parts > 1:
            digest += f"（分{parts}篇，本篇第{part}篇）"
        return self._article(
            key=period.key if part == 1 else f"{period.key}-{part}",
            kind="digest",
            period_end=period.end,
            title=title,
            digest=f"{digest}：{names}",
            body=body,
            source_path=DIGEST_LIST_PATH,
            record_ids=tuple(e.record_id for e in chunk),
        )

    # --- notices ------------------------------------------------------------------------

    def withdrawal(self, notice: WithdrawalNotice) -> WechatArticle:
        return self.memo.value(
            ("withdrawal", self.settings, self.site_url, notice),
            partial(self._withdrawal, notice),
        )

    def _withdrawal(self, notice: WithdrawalNotice) -> WechatArticle:
        """R-A5: the notice's own fields only, as on the site; no facts, penalty or party."""
        name = notice.doc_no or notice.title
        replaced_url = (
            self._url(notice.replaced_by_url_path) if notice.replaced_by_url_path else None
        )
        body = render_content(
            "withdrawal.html",
            {
                "organ": self.settings.organ,
                "notice": notice,
                "title": fit(notice.title, ITEM_TITLE_LIMIT),
                "decided": format_date(notice.decided),
                "published": format_date(notice.published),
                "withdrawn": format_date(notice.withdrawn),
                "explanation": fit(notice.explanation, NOTICE_TEXT_LIMIT),
                "replaced_by_title": notice.replaced_by_title,
                "replaced_by_url": replaced_url,
                "url": self._url(notice.url_path),
            },
        )
        return self._article(
            key=f"withdrawal-{notice.id}",
            kind="withdrawal",
            period_end=notice.withdrawn,
            title=f"撤下公示说明：{name}",
            digest=(
                f"{format_date(notice.withdrawn)}起撤下原公示的{notice.type_label}{name}"
                f"（原决定被{notice.act_label}）。{notice.explanation}"
            ),
            body=body,
            source_path=notice.url_path,
            record_ids=(notice.id,),
        )

    def correction(
        self, record: PublicRecord, number: int, correction: PublicCorrection
    ) -> WechatArticle:
        return self.memo.value(
            ("correction", self.settings, self.site_url, record, number, correction),
            partial(self._correction, record, number, correction),
        )

    def _correction(
        self, record: PublicRecord, number: int, correction: PublicCorrection
    ) -> WechatArticle:
        """R-A6: what changed and why, as the record's page lists it."""
        name = record.doc_no or record.title
        fields = "、".join(correction.fields)
        body = render_content(
            "correction.html",
            {
                "organ": self.settings.organ,
                "record": record,
                "title": fit(record.title, ITEM_TITLE_LIMIT),
                "date": format_date(correction.date),
                "fields": fields,
                "summary": fit(correction.summary, NOTICE_TEXT_LIMIT),
                "reason": fit(correction.reason, NOTICE_TEXT_LIMIT),
                "public_request": correction.public_request,
                "url": self._url(record.url_path),
            },
        )
        return self._article(
            key=f"correction-{record.id}-{number}",
            kind="correction",
            period_end=correction.date,
            title=f"更正说明：{name}",
            digest=f"{format_date(correction.date)}更正{name}的{fields}：{correction.summary}",
            body=body,
            source_path=record.url_path,
            record_ids=(record.id,),
        )


def _text_size(chunk: list[DigestEntry]) -> int:
    """Roughly how long a part with `chunk` is: the length of its entries' text."""
    return sum(
        len(e.title) + len(e.party) + len(e.doc_no or "") + len(e.summary) + len(e.url)
        for e in chunk
    )


def _even_chunks(entries: list[DigestEntry], parts: int) -> list[list[DigestEntry]]:
    """`entries` in `parts` consecutive runs whose sizes differ by at most one."""
    size, extra = divmod(len(entries), parts)
    chunks: list[list[DigestEntry]] = []
    start = 0
    for index in range(parts):
        end = start + size + (1 if index < extra else 0)
        chunks.append(entries[start:end])
        start = end
    return chunks


__all__ = [
    "CONTENT_BUDGET",
    "DIGEST_LIMIT",
    "THUMB_PLACEHOLDER",
    "TITLE_LIMIT",
    "WechatArticle",
    "wechat_articles",
]
