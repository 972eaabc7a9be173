"""Vanilla Pelican 4.12 for `make bench`: the comparison corpus (bench/corpus.py) with a theme
as small as the issue asks for — a page per record, a paginated index, a paginated page per
area (Pelican's categories) and one Atom feed. `bench/run.py` passes PATH and OUTPUT_PATH."""

from __future__ import annotations

from pathlib import Path

SITENAME = "青崖县工业和信息化局 行政执法公示（对比）"
SITEURL = ""
TIMEZONE = "Asia/Shanghai"
DEFAULT_LANG = "zh-CN"
THEME = str(Path(__file__).resolve().parent / "theme")

ARTICLE_PATHS = ["records"]
PAGE_PATHS: list[str] = []
STATIC_PATHS: list[str] = []
ARTICLE_URL = "records/{slug}/"
ARTICLE_SAVE_AS = "records/{slug}/index.html"
CATEGORY_URL = "areas/{slug}/"
CATEGORY_SAVE_AS = "areas/{slug}/index.html"
DRAFT_SAVE_AS = ""  # records our site does not show are drafts: not written
DIRECT_TEMPLATES = ["index"]
PAGINATED_TEMPLATES = {"index": None, "category": None}
DEFAULT_PAGINATION = 50
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)
TAG_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
TAGS_SAVE_AS = ""
PAGE_SAVE_AS = ""

FEED_DOMAIN = "https://www.example.gov.cn"
FEED_ALL_ATOM = "feeds/atom.xml"
FEED_MAX_ITEMS = 50
FEED_ATOM = None
FEED_RSS = None
CATEGORY_FEED_ATOM = None
CATEGORY_FEED_RSS = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TAG_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None

# Vanilla: Pelican's defaults for caching (off) and everything else.
DELETE_OUTPUT_DIRECTORY = False
