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
def url(context: Context, path: str) -> str:
    """The link from the current page to `path` (relative to the site root).

    Directory paths get an explicit `index.html` unless the site is served by a web server
    (DISCLOSURE_DIRECTORY_LINKS): a browser opening files from disk does not add it itself.
    """
    link = f"{context['root']}{path}"
    if (path == "" or path.endswith("/")) and not context["directory_links"]:
        link += "index.html"
    return link or "./"


def paragraphs(text: str) -> Markup:
    """Plain text as escaped paragraphs: blank lines split paragraphs, single newlines
    become line breaks (staff write facts and explanations as plain text, never markup)."""
    text = carrier_text(text)
    blocks = [block.strip() for block in _BLANK_LINES.split(text.strip()) if block.strip()]
    rendered = (
        Markup("<p>{}</p>").format(
            Markup("<br>\n").join(escape(line) for line in block.split("\n"))
        )
        for block in blocks
    )
    return Markup("\n").join(rendered)


def shown_value(value: object) -> object:
    """The theme's `finalize`: every text a template prints goes through `carrier_text`
    (no control or bidirectional characters, whatever file it comes from), then through
    autoescape as usual. Markup (a filter's escaped output, a chart) is left alone."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return carrier_text(value)
    return value


FILTERS: Mapping[str, Callable[..., Any]] = {
    "cn_date": format_date,
    "money": format_money,
    "url": url,
    "paragraphs": paragraphs,
}
