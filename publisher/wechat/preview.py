"""The build's WeChat outputs (R-A1): for every article of the as-of date, a preview page
`wechat/<key>.html` and the draft/add request body `wechat/<key>.json`, plus
`wechat/index.json` listing them.

The previews sit in the public output beside the site, so staff and the public can compare the
account with the site; they are marked `noindex` and are in neither the sitemap nor the search
index (they repeat the record pages). Byte-deterministic like every output: fixed key order,
articles in `wechat_articles` order, no clock.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from functools import partial

from publisher.content import Content
from publisher.memo import Memo
from publisher.public import PublicItem
from publisher.visibility import Plan
from publisher.wechat.articles import THUMB_PLACEHOLDER, WechatArticle, wechat_articles
from publisher.wechat.render import environment

WECHAT_FOLDER = "wechat"
INDEX_FILE = f"{WECHAT_FOLDER}/index.json"


def wechat_files(
    content: Content,
    plan: Plan,
    site_url: str,
    *,
    items: Sequence[PublicItem] | None = None,
    memo: Memo | None = None,
) -> dict[str, bytes]:
    """Every WeChat output file of the build, by path relative to the output folder.

    `items` and `memo` as for `wechat_articles`: the build passes the public items it has
    and its memo of articles."""
    return {
        name: make()
        for name, _article, make in wechat_file_makers(
            content, plan, site_url, items=items, memo=memo
        )
    }


WechatFile = tuple[str, WechatArticle | None, Callable[[], bytes]]
"""A WeChat output file's path, the article it shows (None: the index of all of them), and
how to make its bytes."""


def wechat_file_makers(
    content: Content,
    plan: Plan,
    site_url: str,
    *,
    items: Sequence[PublicItem] | None = None,
    memo: Memo | None = None,
) -> list[WechatFile]:
    """`wechat_files`, each file still to be made: a build makes only those whose article
    changed (at 100,000 records there are 12,800 of them, 160 MB)."""
    articles = wechat_articles(content, plan, plan.as_of, site_url, items=items, memo=memo)
    files: list[WechatFile] = [(INDEX_FILE, None, partial(_json_bytes, index_rows(articles)))]
    for article in articles:
        files.append((f"{WECHAT_FOLDER}/{article.key}.json", article, partial(draft_json, article)))
        files.append(
            (f"{WECHAT_FOLDER}/{article.key}.html", article, partial(preview_page, article))
        )
    return files


def draft_json(article: WechatArticle) -> bytes:
    """The draft/add request body, with the placeholder for the cover's media id."""
    return _json_bytes(article.draft_body(THUMB_PLACEHOLDER))


def index_rows(articles: Sequence[WechatArticle]) -> list[dict[str, object]]:
    return [
        {
            "key": article.key,
            "kind": article.kind,
            "title": article.title,
            "record_ids": list(article.record_ids),
            "period_end": article.period_end.isoformat(),
        }
        for article in articles
    ]


def preview_page(article: WechatArticle) -> bytes:
    """A standalone page showing the article as a phone shows it, for staff to review. It
    names no date: a page that changed every day would count as a change of the site
    (`publisher status --next-change`)."""
    html = environment().get_template("preview.html").render(article=article)
    return html.encode("utf-8")


def _json_bytes(value: object) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
