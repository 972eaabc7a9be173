"""Reading a Pagefind index back (publisher.search_index): the fragments of a built folder, as
the build and `publisher carriers` read them, and one file at a time, as `publisher verify`
reads a deployed copy over HTTP: the pages listed in a language's meta file, each fragment's
address, and refusal of anything else, bounded. A real index is read in tests/test_verify.py
(meta file and fragments over HTTP) and tests/test_wechat_carriers.py (a built folder)."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest

from publisher.search_index import (
    MAX_INFLATED_BYTES,
    SEARCH_FOLDER,
    SIGNATURE,
    SearchIndexUnreadable,
    fragment_paths,
    fragment_text,
    fragment_url,
    meta_paths,
    read_fragments,
)


def text(value: str) -> bytes:
    data = value.encode("utf-8")
    assert len(data) < 24
    return bytes([0x60 | len(data)]) + data


def meta(*pages: tuple[str, int]) -> bytes:
    """A meta file as Pagefind 1.5 writes it: [version, [[hash, words], ...], chunks...]."""
    body = bytes([0x83]) + text("1.5.2") + bytes([0x80 | len(pages)])
    for name, words in pages:
        body += bytes([0x82]) + text(name) + bytes([0x18, words])
    body += bytes([0x80])  # no index chunks
    return gzip.compress(SIGNATURE + body)


def fragment(page: dict[str, object]) -> bytes:
    return gzip.compress(SIGNATURE + json.dumps(page, ensure_ascii=False).encode())


def test_the_pages_of_a_meta_file() -> None:
    data = meta(("zh-CN_1014a2b", 200), ("zh-CN_f9e4fe6", 31))
    assert fragment_paths(data) == [
        "pagefind/fragment/zh-CN_1014a2b.pf_fragment",
        "pagefind/fragment/zh-CN_f9e4fe6.pf_fragment",
    ]


def test_the_meta_file_of_every_language() -> None:
    entry = {"version": "1.5.2", "languages": {"zh-CN": {"hash": "zh-CN_6e82cbe586459"}}}
    assert meta_paths(json.dumps(entry).encode()) == [
        "pagefind/pagefind.zh-CN_6e82cbe586459.pf_meta"
    ]


def test_names_that_would_lead_outside_the_index_are_refused() -> None:
    # A deployed index is read from outside: its names must not become `../` paths (R-A1).
    with pytest.raises(SearchIndexUnreadable):
        fragment_paths(meta(("../../etc/x", 1)))
    entry = {"languages": {"zh-CN": {"hash": "zh-CN/../../x"}}}
    with pytest.raises(SearchIndexUnreadable):
        meta_paths(json.dumps(entry).encode())


def test_a_fragments_address_and_text() -> None:
    data = fragment({"url": "/gxj/zfgs/records/2024-cf-0001/", "content": "罚款人民币叁万元整"})
    assert fragment_url(data) == "/gxj/zfgs/records/2024-cf-0001/"
    assert "叁万元" in fragment_text(data)


@pytest.mark.parametrize(
    "data",
    [
        b"<!DOCTYPE html><html>not found</html>",
        gzip.compress(b"something else"),
        gzip.compress(SIGNATURE + bytes([0x9F])),  # an indefinite-length array
        gzip.compress(SIGNATURE + bytes([0x82, 0x65]) + b"1.5"),  # cut short
        gzip.compress(SIGNATURE + bytes([0x9B]) + b"\xff" * 8),  # claims 2**64 items
        gzip.compress(SIGNATURE + bytes([0x81] * 100 + [0x00])),  # nested too deep
        gzip.compress(SIGNATURE + bytes([0x82]) + text("1.5.2") + bytes([0x00])),
        gzip.compress(SIGNATURE + bytes([0x82]) + text("1.5.2") + bytes([0x81, 0x81, 0x00])),
        gzip.compress(SIGNATURE + bytes([0xA1, 0x80, 0x00])),  # a list as a map key
        gzip.compress(SIGNATURE + bytes([0x80, 0x00])),  # something after the item
    ],
)
def test_anything_else_is_refused_with_a_reason(data: bytes) -> None:
    with pytest.raises(SearchIndexUnreadable):
        fragment_paths(data)


def test_a_compression_bomb_is_refused_without_inflating_it() -> None:
    bomb = gzip.compress(SIGNATURE + bytes(MAX_INFLATED_BYTES + 1), compresslevel=1)
    assert len(bomb) < MAX_INFLATED_BYTES // 100
    with pytest.raises(SearchIndexUnreadable, match="过大"):
        fragment_url(bomb)


def write_fragments(site: Path, fragments: dict[str, bytes]) -> None:
    folder = site / SEARCH_FOLDER / "fragment"
    folder.mkdir(parents=True)
    for name, data in fragments.items():
        (folder / f"{name}.pf_fragment").write_bytes(data)


def test_the_fragments_of_a_built_folder_in_order(tmp_path: Path) -> None:
    write_fragments(
        tmp_path,
        {
            "zh-CN_f9e4fe6": fragment({"url": "/records/2025-cf-0001/", "title": "乙"}),
            "zh-CN_1014a2b": fragment({"url": "/records/2024-cf-0001/", "title": "甲"}),
        },
    )
    assert list(read_fragments(tmp_path)) == [
        (
            "pagefind/fragment/zh-CN_1014a2b.pf_fragment",
            {"url": "/records/2024-cf-0001/", "title": "甲"},
        ),
        (
            "pagefind/fragment/zh-CN_f9e4fe6.pf_fragment",
            {"url": "/records/2025-cf-0001/", "title": "乙"},
        ),
    ]


def test_a_folder_without_an_index_has_no_fragments(tmp_path: Path) -> None:
    assert list(read_fragments(tmp_path)) == []


@pytest.mark.parametrize(
    "data",
    [
        json.dumps({"url": "/records/2024-cf-0001/"}).encode(),  # not compressed
        gzip.compress(json.dumps({"url": "/records/2024-cf-0001/"}).encode()),  # no signature
        gzip.compress(SIGNATURE + b"[1, 2]"),  # not an object
        gzip.compress(SIGNATURE + b'{"url": '),  # cut short
        gzip.compress(SIGNATURE + bytes(MAX_INFLATED_BYTES + 1), compresslevel=1),
    ],
)
def test_a_folders_fragment_is_read_as_strictly_as_a_deployed_one(
    tmp_path: Path, data: bytes
) -> None:
    write_fragments(tmp_path, {"zh-CN_1014a2b": data})
    with pytest.raises(SearchIndexUnreadable, match=re.escape("zh-CN_1014a2b.pf_fragment")):
        list(read_fragments(tmp_path))
