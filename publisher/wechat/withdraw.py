"""`publisher wechat withdraw`: delete the stale articles from the account and publish the
notices (R-A1, R-A5, R-A6).

Exactly what it sends, in this order:
1. for each stale article (`stale.stale_articles`, or the one `--key/--index` names), in
   ledger order: `freepublish/delete` with that publication's `article_id` and the article's
   `index` (1 or more, always given: WeChat deletes EVERY article of a publication when the
   index is 0 or missing, so the client refuses both); its `deleted` date is written to the
   ledger as soon as WeChat confirms. An article WeChat refuses to delete (an unknown or
   already deleted article_id) is reported and the others still go; rate limits, the IP
   allow-list, the token and the network stop the run;
2. then, through the same steps as `push` (draft/add, freepublish/submit, freepublish/get,
   one ledger entry each): every withdrawal and correction notice of the day not yet on the
   account (`撤下公示说明：…`, `更正说明：…`, from `wechat_articles`), and for each deleted
   digest whose period still has published records, that digest again as the content now
   stands (same key, without the withdrawn or expired records, with the corrected text).

Other digests due are left to `push`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from publisher.errors import WechatError
from publisher.wechat.api import (
    IpNotAllowedError,
    RateLimitError,
    TokenRejectedError,
    WechatApiError,
    WechatClient,
    WechatTransportError,
)
from publisher.wechat.articles import WechatArticle
from publisher.wechat.bookkeeping import LedgerBook, live_keys
from publisher.wechat.ledger import Ledger, Publication
from publisher.wechat.push import Log, Publisher, is_due
from publisher.wechat.stale import StaleArticle


class NoSuchArticleError(WechatError):
    """`--key/--index` names no live stale article of the ledger."""


@dataclass(frozen=True)
class Selection:
    """One article chosen by hand (`--key KEY --index N`)."""

    key: str
    index: int


def chosen(stale: Sequence[StaleArticle], selection: Selection | None) -> list[StaleArticle]:
    """The stale articles to delete: all of them, or the one selected."""
    if selection is None:
        return list(stale)
    if selection.index < 1:
        raise NoSuchArticleError(
            f"--index 必须是从 1 开始的文章序号，不能是 {selection.index}："
            "0 或不填会删除整次发布的全部文章，本工具不这样做"
        )
    matches = [a for a in stale if a.key == selection.key and a.index == selection.index]
    if not matches:
        names = "、".join(f"{a.key} 第 {a.index} 篇" for a in stale) or "无"
        raise NoSuchArticleError(
            f"{selection.key} 第 {selection.index} 篇不是需要撤下的文章（需要撤下的：{names}）"
        )
    return matches


def follow_up_articles(
    articles: Sequence[WechatArticle], ledger: Ledger, deleted_keys: set[str], as_of: dt.date
) -> list[WechatArticle]:
    """What step 2 publishes: notices not on the account, and the deleted digests again."""
    on_account = live_keys(ledger)
    return [
        article
        for article in articles
        if article.key not in on_account
        and is_due(article, as_of)
        and (article.kind != "digest" or article.key in deleted_keys)
    ]


@dataclass(frozen=True)
class Refusal:
    """An article WeChat would not delete (or that the ledger cannot name), and why."""

    article: StaleArticle
    message: str


# Errors that concern the account or the connection, not one article: they stop the run.
ACCOUNT_WIDE = (RateLimitError, IpNotAllowedError, TokenRejectedError, WechatTransportError)


def delete_stale(
    client: WechatClient,
    book: LedgerBook,
    targets: Sequence[StaleArticle],
    as_of: dt.date,
    log: Log,
) -> tuple[list[StaleArticle], list[Refusal]]:
    """Step 1: delete each article by its explicit index. An article WeChat refuses (say,
    one already deleted by hand on the platform) is reported and the others still go: one
    stale article must not keep the rest on the account."""
    deleted: list[StaleArticle] = []
    refused: list[Refusal] = []
    for target in targets:
        where = f"《{target.title}》（{target.key} 第 {target.index} 篇）"
        if not target.article_id:
            message = (
                f"{where}：台账中没有 article_id，无法通过接口删除。请在公众平台“发表记录”中"
                "手工删除这一篇，然后在台账中填写它的 deleted 日期"
            )
            log(f"    {message}")
            refused.append(Refusal(target, message))
            continue
        log(f"删除{where}，article_id {target.article_id}")
        try:
            client.delete_article(target.article_id, target.index)
        except ACCOUNT_WIDE:
            raise
        except WechatApiError as error:
            message = (
                f"{where}未能删除：{error}。若这一篇已在公众平台手工删除，"
                "请在台账中填写它的 deleted 日期"
            )
            log(f"    {message}")
            refused.append(Refusal(target, message))
            continue
        book.mark_deleted(target.publish_id, target.index, as_of)
        deleted.append(target)
        log("    已删除并记入台账")
    return deleted, refused


@dataclass(frozen=True)
class WithdrawResult:
    deleted: tuple[StaleArticle, ...]
    refused: tuple[Refusal, ...]
    published: tuple[Publication, ...]


def withdraw(
    publisher: Publisher, targets: Sequence[StaleArticle], articles: Sequence[WechatArticle]
) -> WithdrawResult:
    """Steps 1 and 2 of the module docstring; each change is in the ledger once confirmed."""
    deleted, refused = delete_stale(
        publisher.client, publisher.book, targets, publisher.as_of, publisher.log
    )
    keys = {target.key for target in deleted}
    follow_ups = follow_up_articles(articles, publisher.book.ledger, keys, publisher.as_of)
    published = publisher.publish_all(follow_ups)
    return WithdrawResult(
        deleted=tuple(deleted), refused=tuple(refused), published=tuple(published)
    )
