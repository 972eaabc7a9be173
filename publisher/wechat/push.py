"""`publisher wechat push`: publish on the official account the articles not yet there (R-A1).

Which articles: every article of `wechat_articles` for the as-of date whose key has no live
(not deleted) article in the ledger; digests only once their period has ended (a digest of
a running week would miss the rest of the week), notices (withdrawal, correction) at any
time. A key whose every article was deleted (`wechat withdraw`) counts as not there, so the
period's digest is published again as the content now stands.

How, for each article in order (period end, then key), one article per draft:
`draft/add` → `freepublish/submit` → poll `freepublish/get` until publish_status 0; then the
publication is appended to `content/wechat/ledger.yaml` at once (`bookkeeping`). The cover is
uploaded once as permanent thumb material and its media_id kept in the ledger with the file's
SHA-256, so it is uploaded again only when the file changes. Any failure stops the run: what
WeChat confirmed is in the ledger, nothing else is.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from publisher.content import Content
from publisher.errors import WechatError
from publisher.visibility import plan_publication
from publisher.wechat.api import PublishStatus, WechatApiError, WechatClient
from publisher.wechat.articles import WechatArticle, wechat_articles
from publisher.wechat.bookkeeping import LedgerBook, live_keys
from publisher.wechat.ledger import Ledger, LedgerArticle, LedgerCover, Publication

THUMB_LIMIT = 64 * 1024
"""Permanent thumb material: a JPEG of at most 64 KB."""
JPEG_MAGIC = b"\xff\xd8\xff"
INVALID_MEDIA_ID = 40007

Log = Callable[[str], None]


class CoverError(WechatError):
    """The cover file is missing or not what WeChat takes as a thumb; nothing was sent."""


class PublishFailedError(WechatError):
    """`freepublish/get` reported a failure (publish_status 2–6); the article is not recorded."""


class PublishTimeoutError(WechatError):
    """The publication was still in progress after every poll; it is not recorded."""


@dataclass(frozen=True)
class Poll:
    """How `freepublish/get` is polled: `attempts` times, `interval` seconds apart."""

    sleep: Callable[[float], None] = time.sleep
    interval: float = 3.0
    attempts: int = 100


@dataclass(frozen=True)
class Cover:
    """The cover file as read, with its SHA-256."""

    path: Path
    data: bytes
    sha256: str


def read_cover(path: Path) -> Cover:
    """The cover, checked as WeChat checks thumb material (JPEG, at most 64 KB)."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise CoverError(
            f"找不到封面图片 {path}（设置 wechat.cover，相对于 content/ 目录）：{error.strerror}"
        ) from error
    if not data.startswith(JPEG_MAGIC):
        raise CoverError(f"封面图片 {path} 不是 JPG 格式：公众号的缩略图素材只接受 JPG")
    if len(data) > THUMB_LIMIT:
        raise CoverError(
            f"封面图片 {path} 有 {len(data) // 1024} KB，超过公众号缩略图素材的 64 KB 上限：请压缩后再试"
        )
    return Cover(path=path, data=data, sha256=hashlib.sha256(data).hexdigest())


def cover_path(content: Content) -> Path:
    return content.root / content.settings.wechat.cover


def articles_of_the_day(content: Content, as_of: dt.date, site_url: str) -> list[WechatArticle]:
    """Every article the public may read on WeChat on `as_of` (the build previews the same)."""
    plan = plan_publication([r.record for r in content.records], content.settings, as_of)
    return wechat_articles(content, plan, as_of, site_url)


def is_due(article: WechatArticle, as_of: dt.date) -> bool:
    """Notices at once; a digest once its period has ended."""
    return article.kind != "digest" or article.period_end < as_of


def pending_articles(
    articles: Sequence[WechatArticle], ledger: Ledger, as_of: dt.date
) -> list[WechatArticle]:
    """The articles `push` sends, in the order it sends them."""
    on_account = live_keys(ledger)
    return [a for a in articles if a.key not in on_account and is_due(a, as_of)]


@dataclass
class Publisher:
    """One run's connection to the account: the client, the ledger being written, the
    cover, the as-of date (recorded as `pushed`) and how to wait and report progress."""

    client: WechatClient
    book: LedgerBook
    cover: Cover | None
    """None when the run publishes nothing (a withdrawal without notices)."""
    as_of: dt.date
    poll: Poll
    log: Log
    _thumb: str | None = field(default=None, init=False)
    _new_cover: LedgerCover | None = field(default=None, init=False)

    def publish_all(self, articles: Sequence[WechatArticle]) -> list[Publication]:
        """Publish `articles` in order, each recorded as soon as WeChat confirms it."""
        done: list[Publication] = []
        for number, article in enumerate(articles, start=1):
            self.log(f"[{number}/{len(articles)}] 推送《{article.title}》（{article.key}）")
            publication = self.publish(article)
            self.book.add(publication, self._new_cover)
            self._new_cover = None
            done.append(publication)
            self.log(f"    已发布并记入台账：{publication.url or publication.article_id}")
        return done

    def publish(self, article: WechatArticle) -> Publication:
        """draft/add, freepublish/submit, then poll until published."""
        draft = self._add_draft(article)
        publish_id = self.client.submit(draft)
        status = self._wait(article, publish_id)
        return Publication(
            key=article.key,
            kind=article.kind,
            publish_id=publish_id,
            article_id=status.article_id or "",
            url=status.items[0].url if status.items else "",
            pushed=self.as_of,
            articles=[
                LedgerArticle(index=1, title=article.title, records=list(article.record_ids))
            ],
        )

    def _add_draft(self, article: WechatArticle) -> str:
        reused = self._thumb is None and self._reusable_cover() is not None
        try:
            return self.client.add_draft([article.draft_article(self.thumb())])
        except WechatApiError as error:
            # A cover media_id from the ledger may have been deleted on the platform since.
            if not (reused and error.errcode == INVALID_MEDIA_ID):
                raise
        self.log("    台账中的封面素材已失效，重新上传封面")
        self._upload_cover()
        return self.client.add_draft([article.draft_article(self.thumb())])

    def thumb(self) -> str:
        """The cover's media_id: the ledger's while the file is unchanged, else uploaded now."""
        if self._thumb is None:
            reusable = self._reusable_cover()
            if reusable is not None:
                self._thumb = reusable.media_id
            else:
                self._upload_cover()
        assert self._thumb is not None
        return self._thumb

    def _cover(self) -> Cover:
        if self.cover is None:
            raise CoverError("没有可用的封面图片（设置 wechat.cover）")
        return self.cover

    def _reusable_cover(self) -> LedgerCover | None:
        recorded = self.book.ledger.cover
        cover = self._cover()
        return recorded if recorded is not None and recorded.sha256 == cover.sha256 else None

    def _upload_cover(self) -> None:
        cover = self._cover()
        material = self.client.add_thumb(cover.path.name, cover.data)
        self.log(f"    已上传封面 {cover.path}（永久素材）")
        self._thumb = material.media_id
        # Recorded with the next publication: a run that publishes nothing leaves the
        # ledger as it was.
        self._new_cover = LedgerCover(
            media_id=material.media_id, sha256=cover.sha256, uploaded=self.as_of
        )

    def _wait(self, article: WechatArticle, publish_id: str) -> PublishStatus:
        for attempt in range(1, self.poll.attempts + 1):
            status = self.client.publish_status(publish_id)
            if status.published:
                return status
            if not status.publishing:
                raise PublishFailedError(
                    f"《{article.title}》（{article.key}）发布失败：{status.describe()}。"
                    "该文章未记入台账；请在公众平台“发表记录”中查看原因，修正后重新运行 push。"
                )
            if attempt < self.poll.attempts:
                self.poll.sleep(self.poll.interval)
        waited = round(self.poll.interval * (self.poll.attempts - 1))
        raise PublishTimeoutError(
            f"《{article.title}》（{article.key}）提交发布后约 {waited} 秒仍在发布中"
            f"（publish_id {publish_id}），未记入台账。请稍后在公众平台“发表记录”中查看："
            "若已发表，请在那里删除这一篇，再重新运行 push（它会重新发布并记入台账），以免重复。"
        )
