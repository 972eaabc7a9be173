"""Reading the static search index (Pagefind 1.x) back: which pages the public can find with
the search box, and their text.

Three readers ask this of an index, and all of them through this module:

- the build checks that the index holds exactly this build's published record pages and scans
  its text for personal numbers (R-A1, R-A8), with `read_fragments` over the output folder;
- `publisher carriers` reads it as one of the carriers of a built folder (R-A1), the same way;
- `publisher verify` reads a deployed copy, a folder or an `http(s)://` address, one file at a
  time (`meta_paths`, `fragment_paths`, `fragment_url`, `fragment_text`): a record that left
  the site must leave the index too (R-A1, R-A4, R-A5).

Pagefind writes `pagefind/pagefind-entry.json` (JSON: the languages and their index hashes),
one `pagefind/pagefind.<hash>.pf_meta` per language (gzip, then the signature `pagefind_dcd`,
then CBOR whose second item lists the pages as `[fragment hash, word count]`), and one
`pagefind/fragment/<hash>.pf_fragment` per page (gzip, signature, JSON: the page's `url`, its
title and the text that search results quote). Whoever reads it, every file is inflated within
`MAX_INFLATED_BYTES` and must carry the signature: a deployed index comes from outside.
Writing the index is the plugin's business (`plugins/disclosure/search.py`).
"""

from __future__ import annotations

import io
import json
import re
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import cbor2

SEARCH_FOLDER = "pagefind"
"""The bundle folder under the site root; the search page loads its UI from here."""
ENTRY = f"{SEARCH_FOLDER}/pagefind-entry.json"
_SAFE_NAME = re.compile(r"[A-Za-z0-9_-]{1,128}")
SIGNATURE = b"pagefind_dcd"
# Far above a real file (an index of 10,000 records has 23 MB in all, over 5,500 files).
MAX_INFLATED_BYTES = 64 * 1024 * 1024
# Pagefind's meta file nests four levels deep; a hostile one must not recurse without end.
_MAX_CBOR_DEPTH = 32


class SearchIndexUnreadable(ValueError):
    """The index, or one of its files, is not what Pagefind writes (or not Pagefind's at all)."""


def read_fragments(site: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    """(path relative to `site`, decoded fragment) of every page in the index, in order."""
    folder = site / SEARCH_FOLDER / "fragment"
    for path in sorted(folder.glob("*.pf_fragment")):
        try:
            fragment = fragment_document(path.read_bytes())
        except OSError as error:
            raise SearchIndexUnreadable(f"无法读取索引片段 {path.name}") from error
        except SearchIndexUnreadable as error:
            raise SearchIndexUnreadable(f"无法读取索引片段 {path.name}：{error}") from error
        yield path.relative_to(site).as_posix(), fragment


def meta_paths(entry: bytes) -> list[str]:
    """The meta file of every language listed in `pagefind-entry.json`."""
    try:
        languages = json.loads(entry.decode("utf-8"))["languages"]
        hashes = [str(language["hash"]) for language in languages.values()]
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise SearchIndexUnreadable("pagefind-entry.json 格式不对") from error
    return [f"{SEARCH_FOLDER}/pagefind.{_file_name(name)}.pf_meta" for name in sorted(hashes)]


def fragment_paths(meta: bytes) -> list[str]:
    """The fragment file of every page a language's meta file lists."""
    hashes = _page_hashes(_decode_cbor(_payload(meta)))
    return [f"{SEARCH_FOLDER}/fragment/{_file_name(name)}.pf_fragment" for name in hashes]


def _file_name(name: str) -> str:
    """A name from the index, checked before it becomes part of a path: a deployed index is
    read from outside and must not lead the reader elsewhere (`../x`)."""
    if not _SAFE_NAME.fullmatch(name):
        raise SearchIndexUnreadable(f"索引中的文件名不合规：{name[:40]}")
    return name


def fragment_document(fragment: bytes) -> dict[str, Any]:
    """A fragment's JSON object: `url`, `title`, `content`, `meta` and what else Pagefind keeps."""
    payload = _payload(fragment)
    try:
        document = json.loads(payload.decode("utf-8"))
    except ValueError as error:  # not UTF-8, or not JSON
        raise SearchIndexUnreadable("索引片段格式不对") from error
    if not isinstance(document, dict):
        raise SearchIndexUnreadable("索引片段格式不对")
    return document


def fragment_url(fragment: bytes) -> str:
    """The address of the page a fragment indexes, as Pagefind recorded it."""
    url = fragment_document(fragment).get("url")
    if not isinstance(url, str):
        raise SearchIndexUnreadable("索引片段中没有页面地址")
    return url


def fragment_text(fragment: bytes) -> str:
    """A fragment's whole text (its JSON: address, title, content, metadata)."""
    return _payload(fragment).decode("utf-8", errors="replace")


def _payload(data: bytes) -> bytes:
    """The gzip-compressed content after Pagefind's signature, inflated within bounds."""
    inflater = zlib.decompressobj(wbits=31)  # 31: gzip header and trailer
    try:
        inflated = inflater.decompress(data, MAX_INFLATED_BYTES)
    except zlib.error as error:
        raise SearchIndexUnreadable("不是 gzip 压缩的索引文件") from error
    if not inflater.eof:
        if len(inflated) >= MAX_INFLATED_BYTES:
            raise SearchIndexUnreadable("索引文件解压后过大")
        raise SearchIndexUnreadable("索引文件不完整")
    if not inflated.startswith(SIGNATURE):
        raise SearchIndexUnreadable("不是 Pagefind 的索引文件")
    return inflated[len(SIGNATURE) :]


def _decode_cbor(data: bytes) -> Any:
    """One CBOR item filling all of `data`. Pagefind writes only definite lengths and text keys;
    anything else is refused rather than decoded."""
    stream = io.BytesIO(data)
    decoder = cbor2.CBORDecoder(
        stream, max_depth=_MAX_CBOR_DEPTH, allow_indefinite=False, strict_hashable_types=True
    )
    try:
        document = decoder.decode()
    except cbor2.CBORDecodeEOF as error:
        raise SearchIndexUnreadable("索引元数据不完整") from error
    except cbor2.CBORDecodeError as error:
        raise SearchIndexUnreadable("索引元数据格式不对") from error
    # The decoder stops after one item; what follows it would be ignored without this check.
    if stream.tell() != len(data):
        raise SearchIndexUnreadable("索引元数据末尾有多余内容")
    return document


def _page_hashes(document: Any) -> list[str]:
    """The fragment hash of every page in a decoded meta file (its second item)."""
    if not isinstance(document, list) or len(document) < 2 or not isinstance(document[1], list):
        raise SearchIndexUnreadable("索引元数据中没有页面列表")
    pages: list[Any] = document[1]
    if not all(isinstance(page, list) and page and isinstance(page[0], str) for page in pages):
        raise SearchIndexUnreadable("索引元数据中的页面列表格式不对")
    return [page[0] for page in pages]
