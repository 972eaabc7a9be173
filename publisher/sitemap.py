"""The sitemap (sitemaps.org 0.9) and robots.txt of the public site (R-A1).

Pure functions of their inputs, so the same pages give byte-identical files. The site may
live under a sub-path of the county portal (R-A1, e.g. `https://www.example.gov.cn/gxj/zfgs/`),
so every address is built by `absolute_url`, which the feeds use too: all carriers link a
page by the same address.

Pages are plain paths relative to the site root (not percent-encoded); characters outside
the unreserved set are percent-encoded (UTF-8) as the sitemap protocol requires. One sitemap
holds at most 50,000 addresses by the protocol; a county bureau's disclosure site stays far
below that, so no sitemap index is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from urllib.parse import quote, urlsplit
from xml.sax.saxutils import escape

SITEMAP_PATH = "sitemap.xml"
SITEMAP_NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"

# sitemaps.org asks for all five XML entities to be escaped, quotes included.
_ENTITIES = {'"': "&quot;", "'": "&apos;"}


def absolute_url(site_url: str, path: str) -> str:
    """The address of `path` (relative to the site root) on the site at `site_url`.

    `site_url` may or may not end in "/" and may carry a sub-path (R-A1).
    """
    return address_maker(site_url)(path)


def address_maker(site_url: str) -> Callable[[str], str]:
    """`absolute_url` for many paths of one site: the site's address is checked once."""
    parts = urlsplit(site_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"站点地址必须是以 http:// 或 https:// 开头的完整地址：{site_url!r}")
    base = site_url.rstrip("/") + "/"
    return lambda path: base + quote(path.lstrip("/"), safe="/")


def build_sitemap(pages: Sequence[tuple[str, dt.date | None]], site_url: str) -> bytes:
    """`sitemap.xml` listing `pages` as (path, last modification date or None).

    Sorted by address; a path given twice is listed once with its latest date, so the output
    never depends on the order of `pages`.
    """
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<urlset xmlns="{SITEMAP_NAMESPACE}">',
    ]
    for loc, lastmod in _latest_by_address(pages, site_url):
        lines.extend(_url_element(loc, lastmod))
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def robots_txt(site_url: str) -> bytes:
    """`robots.txt` allowing every crawler and naming the sitemap's absolute address.

    Crawlers only read robots.txt at a host's root; under a sub-path the portal can still
    copy the `Sitemap:` line into its own file.
    """
    sitemap = absolute_url(site_url, SITEMAP_PATH)
    return f"User-agent: *\nAllow: /\n\nSitemap: {sitemap}\n".encode()


def _latest_by_address(
    pages: Sequence[tuple[str, dt.date | None]], site_url: str
) -> list[tuple[str, dt.date | None]]:
    latest: dict[str, dt.date | None] = {}
    address = address_maker(site_url)
    for path, lastmod in pages:
        loc = address(path)
        known = latest.get(loc)
        latest[loc] = max(known, lastmod) if known and lastmod else (known or lastmod)
    return sorted(latest.items())


def _url_element(loc: str, lastmod: dt.date | None) -> list[str]:
    element = ["  <url>", f"    <loc>{escape(loc, _ENTITIES)}</loc>"]
    if lastmod is not None:
        element.append(f"    <lastmod>{lastmod.isoformat()}</lastmod>")
    element.append("  </url>")
    return element
