"""Jinja filters of the disclosure theme.

Links are page-relative (every page knows its `root`, e.g. "../../"), so the same output works
under a sub-path of the county portal and when the folder is opened from disk.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

from publisher.labels import format_date
from publisher.safetext import carrier_text
from publisher.site import format_money

_BLANK_LINES = re.compile(r"\n\s*\n")


@pass_context
def url(context: Context, path: str) -> Markup:
    """The link from the current page to `path` (relative to the site root).

    Directory paths get an explicit `index.html` unless the site is served by a web server
    (DISCLOSURE_DIRECTORY_LINKS): a browser opening files from disk does not add it itself.
    """
    link = path
    if (path == "" or path.endswith("/")) and not context["directory_links"]:
        link += "index.html"
    root = context["root"]
    if not root and not link:
        return Markup("./")
    # The root is put in as it is, never filtered: a fragment's placeholder root must come
    # through (`rendering.ROOT_MARK`); a real root is "../" repeated, which nothing changes.
    return str.__new__(Markup, f"{root}{escaped_text(link)}")


def paragraphs(text: str) -> Markup:
    """Plain text as escaped paragraphs: blank lines split paragraphs, single newlines
    become line breaks (staff write facts and explanations as plain text, never markup)."""
    text = carrier_text(text)
    blocks = [block.strip() for block in _BLANK_LINES.split(text.strip()) if block.strip()]
    # Built as plain strings from escaped lines (Markup's own `format` and `join` cost far more).
    rendered = (
        "<p>" + "<br>\n".join(escape(line) for line in block.split("\n")) + "</p>"
        for block in blocks
    )
    return Markup("\n".join(rendered))


def shown_value(value: object) -> object:
    """The theme's `finalize`: every text a template prints goes through `carrier_text`
    (no control or bidirectional characters, whatever file it comes from), then through
    autoescape as usual. Markup (a filter's escaped output, a chart) is left alone."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return carrier_text(value)
    return value


def escaped_text(text: str) -> str:
    """`escape(shown_value(text))` of a plain string, as a plain string; faster for the usual
    text, which holds no character `carrier_text` removes (`isprintable` is false for every
    control, bidirectional, surrogate and non-character code point, and for some harmless
    ones, which take the full path) and none of the five characters HTML escaping replaces."""
    if not text.isprintable():
        text = carrier_text(text)
    if "&" in text or "<" in text or ">" in text or '"' in text or "'" in text:
        return str(escape(text))
    return text


FILTERS: Mapping[str, Callable[..., Any]] = {
    "cn_date": format_date,
    "money": format_money,
    "url": url,
    "paragraphs": paragraphs,
}
