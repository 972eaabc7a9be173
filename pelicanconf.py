"""Pelican settings for the enforcement-disclosure site (demo values; see publishconf.py).

Our records are YAML data read by the `disclosure` plugin, not Pelican articles: every
Pelican content path, direct template and feed is switched off so that Pelican itself writes
nothing but the theme's static files.
"""

from __future__ import annotations

import jinja2

SITENAME = "青崖县工业和信息化局 行政执法公示"
SITEURL = "https://www.example.gov.cn/gxj/zfgs"  # demo address; override with -e SITEURL=...
TIMEZONE = "Asia/Shanghai"
DEFAULT_LANG = "zh-CN"

PATH = "content"
OUTPUT_PATH = "output"
THEME = "theme"
PLUGIN_PATHS = ["plugins"]
PLUGINS = ["disclosure"]

# The as-of date of the build (ISO string); None means today in Asia/Shanghai (R-A3).
DISCLOSURE_AS_OF = None
# False: links end in index.html, so the output also works opened from disk.
DISCLOSURE_DIRECTORY_LINKS = False
# A search page and a Pagefind index over the published record pages (needs pagefind[extended]).
DISCLOSURE_SEARCH = True

# Nothing for Pelican's own generators to read or write.
ARTICLE_PATHS: list[str] = []
PAGE_PATHS: list[str] = []
STATIC_PATHS: list[str] = []
DIRECT_TEMPLATES: list[str] = []
TEMPLATE_PAGES: dict[str, str] = {}
ARTICLE_SAVE_AS = ""
PAGE_SAVE_AS = ""
DRAFT_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
CATEGORY_SAVE_AS = ""
TAG_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
TAGS_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
INDEX_SAVE_AS = ""

FEED_ATOM = None
FEED_RSS = None
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
CATEGORY_FEED_RSS = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TAG_FEED_ATOM = None
TAG_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
TRANSLATION_FEED_RSS = None

CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
DELETE_OUTPUT_DIRECTORY = False  # the plugin builds into a fresh staging folder anyway
OUTPUT_SOURCES = False

JINJA_ENVIRONMENT = {
    "autoescape": True,
    "undefined": jinja2.StrictUndefined,
    "trim_blocks": True,
    "lstrip_blocks": True,
}
