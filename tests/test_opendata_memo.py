"""The open data's pieces kept between builds (`publisher.opendata_memo`): the files are
those made without the memo, and only what changed is made again (R-A9, R-A1, RULES.md C)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from factories import inspection, penalty, write_content, write_yaml

from publisher.loader import load_content
from publisher.memo import Memo
from publisher.opendata import RECORDS_CSV, RECORDS_JSON, build_open_data
from publisher.opendata_memo import OpenDataMemo
from publisher.parsecache import RecordCache
from publisher.public import public_items
from publisher.visibility import plan_publication

AS_OF = dt.date(2024, 12, 31)
CODE_KEY = "test"


def records() -> list[dict[str, Any]]:
    replaced = penalty(
        id="2024-cf-0002",
        doc_no="青工信罚〔2024〕2号",
        withdrawal={
            "date": "2024-06-01",
            "act": "revoked",
            "explanation": "原决定经行政复议被撤销。",
            "replaced_by": "2024-cf-0003",
        },
    )
    replacing = penalty(id="2024-cf-0003", doc_no="青工信罚〔2024〕3号", published="2024-06-10")
    return [penalty(), inspection(), replaced, replacing]


def build(
    content: Path, cache_folder: Path, as_of: dt.date = AS_OF
) -> tuple[dict[str, bytes], int]:
    """The open data through the memo, checked against the files made without it, and the
    number of pieces made (not taken from the last build)."""
    cache = RecordCache(cache_folder, CODE_KEY)
    loaded = load_content(content, cache).content
    assert loaded is not None
    plan = plan_publication([r.record for r in loaded.records], loaded.settings, as_of)
    items = public_items(loaded.records, plan)
    memo = Memo.in_folder(cache_folder, "opendata", CODE_KEY)
    pieces = OpenDataMemo(memo, loaded.records, cache, loaded.settings, as_of)
    files = build_open_data(items, plan, loaded.settings, pieces)
    assert files == build_open_data(items, plan, loaded.settings)
    memo.save()
    cache.save()
    return files, memo.computed


def titles(files: dict[str, bytes]) -> dict[str, str]:
    return {o["id"]: o["title"] for o in json.loads(files[RECORDS_JSON])}


def test_a_build_makes_only_the_pieces_of_changed_records_R_A9(tmp_path: Path) -> None:
    content = write_content(tmp_path / "content", records())
    cache = tmp_path / "cache"
    _, made = build(content, cache)
    assert made == 3  # the published records; the withdrawal notice is made at every build
    assert build(content, cache)[1] == 0
    write_yaml(content / "records" / "2024-jc-0001.yaml", inspection(title="新的标题"))
    files, made = build(content, cache)
    assert made == 1
    assert titles(files)["2024-jc-0001"] == "新的标题"
    assert "新的标题".encode() in files[RECORDS_CSV]


def test_the_replacing_record_changes_the_notice_that_names_it_R_A5(tmp_path: Path) -> None:
    content = write_content(tmp_path / "content", records())
    cache = tmp_path / "cache"
    build(content, cache)
    replacing = penalty(id="2024-cf-0003", doc_no="青工信罚〔2024〕3号", published="2025-02-01")
    write_yaml(content / "records" / "2024-cf-0003.yaml", replacing)
    files, _ = build(content, cache)  # not published yet: the notice no longer names it
    (notice,) = [o for o in json.loads(files[RECORDS_JSON]) if o["id"] == "2024-cf-0002"]
    assert notice["replaced_by"] is None


def test_the_settings_and_the_date_are_part_of_every_piece_R_A9_R_A4(tmp_path: Path) -> None:
    content = write_content(tmp_path / "content", records())
    cache = tmp_path / "cache"
    build(content, cache)
    write_yaml(content / "settings.yaml", {"organ": "青崖县应急管理局"})
    files, made = build(content, cache)
    assert made == 3
    assert "青崖县应急管理局".encode() in files[RECORDS_CSV]
    files, made = build(content, cache, AS_OF + dt.timedelta(days=1))
    assert made == 3
    assert "青崖县应急管理局".encode() in files[RECORDS_CSV]


def test_without_the_caches_every_piece_is_made(tmp_path: Path) -> None:
    content = write_content(tmp_path / "content", records())
    loaded = load_content(content).content
    assert loaded is not None
    plan = plan_publication([r.record for r in loaded.records], loaded.settings, AS_OF)
    items = public_items(loaded.records, plan)
    memo = Memo.disabled()
    pieces = OpenDataMemo(memo, loaded.records, None, loaded.settings, AS_OF)
    assert build_open_data(items, plan, loaded.settings, pieces) == build_open_data(
        items, plan, loaded.settings
    )
    assert memo.computed == 0  # nothing even asked the memo
