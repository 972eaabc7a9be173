"""Generated files (feeds, open data, WeChat files) written by the plugin's
`write_generated`: a file given with a key (`LazyFile`: a WeChat preview or draft body keyed
by its article) is not even made when the current site has a file of that key, and is made
and written when it has not; any file is scanned for personal numbers when written (R-A8)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "plugins"))
from disclosure import LazyFile, write_generated

from publisher.sitecache import SiteUpdate


def lazy(key: bytes, text: str, made: list[str]) -> LazyFile:
    def make() -> bytes:
        made.append(text)
        return text.encode()

    return LazyFile(key, make)


def test_a_lazy_file_of_an_unchanged_key_is_not_made_again(tmp_path: Path) -> None:
    live, staging = tmp_path / "site", tmp_path / "staging"
    staging.mkdir()
    made: list[str] = []
    first = SiteUpdate(staging, live, {}, {}, frozenset())
    files = [
        ("wechat/a.html", lazy(b"k-a", "甲", made)),
        ("wechat/b.html", lazy(b"k-b", "乙", made)),
    ]
    assert write_generated([*files, ("wechat/index.json", b"[]")], first) == 3
    assert made == ["甲", "乙"]
    os.rename(staging, live)

    staging.mkdir()
    second = SiteUpdate(staging, live, dict(first.files), {}, frozenset())
    changed = [
        ("wechat/a.html", lazy(b"k-a", "甲", made)),
        ("wechat/b.html", lazy(b"k-b2", "丙", made)),
    ]
    assert write_generated(changed, second) == 2
    assert made == ["甲", "乙", "丙"]  # only the file whose key changed was made
    assert (staging / "wechat/a.html").read_text() == "甲"  # the current site's file, linked
    assert (staging / "wechat/b.html").read_text() == "丙"
    assert second.written == 1


def test_a_lazy_file_is_scanned_when_written_R_A8(tmp_path: Path) -> None:
    staging = tmp_path / "staging"
    staging.mkdir()
    update = SiteUpdate(staging, tmp_path / "site", {}, {}, frozenset())
    write_generated([("wechat/a.html", lazy(b"k", "联系电话 13912345678", []))], update)
    assert [leak.file for leak in update.leaks] == ["wechat/a.html"]
