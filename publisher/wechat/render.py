"""WeChat-safe article HTML: a Jinja template, a small stylesheet inlined into `style`
attributes (css-inline), then an allow-list sanitiser (nh3).

WeChat's editor keeps inline styles only: it drops `<style>`, `<link>`, `<script>`, classes
and ids, and filters external images. The templates are written with classes for
readability; the inliner turns the stylesheet into `style` attributes and the sanitiser then
removes everything outside the allow-list (classes included), so whatever a template or a
record's text holds, the result carries only the tags, CSS properties and http(s) links
below. Record text is escaped by Jinja's autoescape, so a title with `<script>` stays text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

import css_inline
import nh3
from jinja2 import Environment, PackageLoader, StrictUndefined

CONTENT_CHAR_LIMIT = 20_000
"""draft/add: the content must be under 20,000 characters …"""
CONTENT_BYTE_LIMIT = 1_000_000
"""… and under 1 MB."""
CONTENT_BUDGET = 18_000
"""What an article may use of the 20,000 characters: WeChat counts after its own processing,
which we cannot see, so a margin of 10 % is kept."""

ALLOWED_TAGS = frozenset(
    {"section", "h2", "h3", "p", "span", "strong", "a", "ul", "ol", "li", "br", "hr"}
)
ALLOWED_ATTRIBUTES: Mapping[str, set[str]] = {"*": {"style"}, "a": {"href"}}
ALLOWED_URL_SCHEMES = frozenset({"http", "https"})
ALLOWED_STYLE_PROPERTIES = frozenset(
    {
        "background-color",
        "border",
        "border-bottom",
        "border-left",
        "border-radius",
        "border-top",
        "color",
        "font-size",
        "font-weight",
        "letter-spacing",
        "line-height",
        "margin",
        "margin-bottom",
        "margin-top",
        "padding",
        "text-align",
        "text-decoration",
        "word-break",
    }
)


@dataclass(frozen=True)
class DigestEntry:
    """One record in a digest: what the site's list shows of it, and its page's address."""

    record_id: str
    is_penalty: bool
    type_label: str
    title: str
    party: str
    doc_no: str | None
    decided: str
    published: str
    summary_label: str
    """处罚内容 or 检查结果."""
    summary: str
    url: str


@cache
def environment() -> Environment:
    return Environment(
        loader=PackageLoader("publisher.wechat", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )


@cache
def stylesheet() -> str:
    return files("publisher.wechat").joinpath("templates", "article.css").read_text("utf-8")


def render_content(template: str, context: Mapping[str, object]) -> str:
    """The article content: rendered, styles inlined, sanitised to the allow-list."""
    html = environment().get_template(template).render(context)
    inliner = css_inline.CSSInliner(
        inline_style_tags=False,
        keep_style_tags=False,
        keep_link_tags=False,
        load_remote_stylesheets=False,
    )
    return sanitise(inliner.inline_fragment(html, stylesheet()))


def sanitise(html: str) -> str:
    """Only the allowed tags, `style` (allowed properties) and http(s) `href`; no comments."""
    cleaned: str = nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags={"script", "style"},
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel=None,
        filter_style_properties=set(ALLOWED_STYLE_PROPERTIES),
        strip_comments=True,
    )
    return "\n".join(line.rstrip() for line in cleaned.strip().splitlines() if line.strip())


def fits_budget(content: str) -> bool:
    return len(content) <= CONTENT_BUDGET and len(content.encode("utf-8")) < CONTENT_BYTE_LIMIT


def fewest_parts(content: str) -> int:
    """The fewest articles that could hold `content` split into parts that each fit the
    budget, were the parts together no shorter than `content` (1 when it fits as it is)."""
    by_chars = -(-len(content) // CONTENT_BUDGET)
    by_bytes = -(-len(content.encode("utf-8")) // (CONTENT_BYTE_LIMIT - 1))
    return max(1, by_chars, by_bytes)


def within_wechat_limits(content: str) -> bool:
    """The hard limits of draft/add (tests check every article against them)."""
    return len(content) < CONTENT_CHAR_LIMIT and len(content.encode("utf-8")) < CONTENT_BYTE_LIMIT
