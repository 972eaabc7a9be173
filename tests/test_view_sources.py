"""The view sources (`publisher.view_sources`): what a published record's public view is made
from, which the open data's memo and the record pages' fingerprints use instead of the view.
A record has a source only when its view is certainly a function of it (RULES.md C: a stale
public page or file is a disclosure bug)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from factories import inspection, write_content, write_yaml
from test_opendata_memo import records  # a withdrawal notice and the record replacing it

from publisher.loader import load_content
from publisher.parsecache import RecordCache
from publisher.public import PublicRecord, WithdrawalNotice, public_items
from publisher.view_sources import ViewSources
from publisher.visibility import plan_publication

AS_OF = dt.date(2024, 12, 31)
CODE_KEY = "test"


def sources_of(content: Path, cache_folder: Path, context: bytes | None = b"ctx") -> dict[str, Any]:
    cache = RecordCache(cache_folder, CODE_KEY)
    loaded = load_content(content, cache).content
    assert loaded is not None
    plan = plan_publication([r.record for r in loaded.records], loaded.settings, AS_OF)
    sources = ViewSources(loaded.records, cache, context)
    found = {item.id: (type(item), sources.of(item)) for item in public_items(loaded.records, plan)}
    cache.save()
    return found


def test_only_published_records_read_through_the_parse_cache_have_a_source(
    tmp_path: Path,
) -> None:
    content = write_content(tmp_path / "content", records())
    found = sources_of(content, tmp_path / "cache")
    assert found["2024-cf-0002"] == (WithdrawalNotice, None)  # it names another record
    published = {k: s for k, (kind, s) in found.items() if kind is PublicRecord}
    assert len(published) == 3 and all(s is not None for s in published.values())
    assert all(s[2] == b"ctx" for s in published.values() if s is not None)
    assert all(kind is PublicRecord or s is None for kind, s in found.values())
    assert all(s is None for _, s in sources_of(content, tmp_path / "c2", None).values())


def test_a_changed_file_changes_its_source_and_no_other(tmp_path: Path) -> None:
    content = write_content(tmp_path / "content", records())
    before = sources_of(content, tmp_path / "cache")
    write_yaml(content / "records" / "2024-jc-0001.yaml", inspection(title="新的标题"))
    after = sources_of(content, tmp_path / "cache")
    changed = {k for k in before if before[k] != after[k]}
    assert changed == {"2024-jc-0001"}


def test_an_id_two_files_share_has_no_source_R_A2(tmp_path: Path) -> None:
    content = write_content(tmp_path / "content", records())
    write_yaml(content / "records" / "copy.yaml", inspection())
    cache = RecordCache(tmp_path / "cache", CODE_KEY)
    loaded = load_content(content, cache).content
    if loaded is None:  # the duplicate stops the load: nothing is published from it
        return
    plan = plan_publication([r.record for r in loaded.records], loaded.settings, AS_OF)
    sources = ViewSources(loaded.records, cache, b"ctx")
    shared = [i for i in public_items(loaded.records, plan) if i.id == "2024-jc-0001"]
    assert all(sources.of(item) is None for item in shared)
