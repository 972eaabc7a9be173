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
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from publisher.content import Content
from publisher.feeds import numbered_corrections
from publisher.labels import format_date
from publisher.model import RecordType
from publisher.public import PublicCorrection, PublicRecord, WithdrawalNotice, public_items
from publisher.settings import WECHAT_TITLE_LIMIT, Settings
from publisher.sitemap import absolute_url
from publisher.visibility import Plan
from publisher.wechat.periods import Period, period_of
from publisher.wechat.render import (
    CONTENT_BUDGET,
    DigestEntry,
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
    content: Content, plan: Plan, as_of: dt.date, site_url: str
) -> list[WechatArticle]:
    """Every article the public may read on WeChat on `as_of`, sorted by (period_end, key).

    Digests cover the periods from the first publication to the one containing `as_of`, each
    with the records first published in it and still published today; periods without any
    have no article. Only ended periods are complete: `wechat push` sends those alone."""
    if plan.as_of != as_of:
        raise ValueError(f"plan is for {plan.as_of}, articles asked for {as_of}")
    items = public_items(content.records, plan)
    records = [item for item in items if isinstance(item, PublicRecord)]
    notices = [item for item in items if isinstance(item, WithdrawalNotice)]
    maker = _ArticleMaker(content.settings, site_url)
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
            content_source_url=absolute_url(self.site_url, source_path),
            record_ids=record_ids,
            need_open_comment=wechat.need_open_comment,
            only_fans_can_comment=wechat.only_fans_can_comment,
        )

    def _url(self, path: str) -> str:
        return absolute_url(self.site_url, path)

    # --- digests ------------------------------------------------------------------------

    def digests(self, records: Sequence[PublicRecord], as_of: dt.date) -> Iterator[WechatArticle]:
        kind = self.settings.wechat.period
        by_period: dict[Period, list[PublicRecord]] = {}
        for record in records:
            if record.published <= as_of:
                by_period.setdefault(period_of(record.published, kind), []).append(record)
        for period in sorted(by_period):
            chosen = sorted(by_period[period], key=lambda r: (r.published, r.id))
            yield from self._digest_parts(period, [self._entry(r) for r in chosen])

    def _entry(self, record: PublicRecord) -> DigestEntry:
        if record.penalty_content is not None:
            label, summary = "处罚内容", record.penalty_content
        else:
            label, summary = "检查结果", record.result or ""
        return DigestEntry(
            record_id=record.id,
            is_penalty=record.type is RecordType.PENALTY,
            type_label=record.type_label,
            title=fit(record.title, ITEM_TITLE_LIMIT),
            party=record.party_name,
            doc_no=record.doc_no,
            decided=format_date(record.decided),
            published=format_date(record.published),
            summary_label=label,
            summary=fit(summary, ITEM_TEXT_LIMIT),
            url=self._url(record.url_path),
        )

    def _digest_parts(self, period: Period, entries: list[DigestEntry]) -> Iterator[WechatArticle]:
        """One article, or as few equal parts as fit the content budget."""
        parts = 1
        while True:
            chunks = _even_chunks(entries, parts)
            bodies = [
                self._digest_body(period, chunk, entries, part, parts)
                for part, chunk in enumerate(chunks, start=1)
            ]
            if all(fits_budget(body) for body in bodies) or parts == len(entries):
                break
            parts += 1
        for part, (chunk, body) in enumerate(zip(chunks, bodies, strict=True), start=1):
            yield self._digest_article(period, chunk, entries, body, part, parts)

    def _digest_body(
        self,
        period: Period,
        chunk: list[DigestEntry],
        entries: list[DigestEntry],
        part: int,
        parts: int,
    ) -> str:
        first = entries.index(chunk[0]) + 1
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
