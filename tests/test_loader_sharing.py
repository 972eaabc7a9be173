"""Loaded records share equal values (publisher.sharing) without changing what they hold."""

from __future__ import annotations

import pickle
from pathlib import Path

from publisher.loader import load_content
from publisher.model import Area, Record
from publisher.sharing import ValueSharing
from publisher.yamlsource import LineMap

from .factories import penalty, write_content


def test_loaded_records_share_equal_values_and_keep_them(tmp_path: Path) -> None:
    first = penalty(id="2024-cf-0001", doc_no="青工信罚〔2024〕1号")
    second = penalty(id="2024-cf-0002", doc_no="青工信罚〔2024〕2号", title="另一标题")
    write_content(tmp_path, [first, second])
    result = load_content(tmp_path)
    assert result.content is not None and not result.findings
    one, two = sorted(result.content.records, key=lambda loaded: loaded.record.id)
    # What the files say, unchanged.
    assert one.record == Record.model_validate(first)
    assert two.record.title == "另一标题"
    # Equal values, one object.
    assert one.record.party.name is two.record.party.name
    assert one.record.decided is two.record.decided
    assert one.record.model_fields_set is two.record.model_fields_set
    assert one.lines is two.lines
    assert one.line_of("party", "name") == two.line_of("party", "name")


def test_sharing_leaves_enum_members_and_different_field_sets_alone() -> None:
    sharing = ValueSharing()
    with_notes = Record.model_validate(penalty(notes="other"))
    without = Record.model_validate(penalty())
    sharing.share_model(with_notes)
    sharing.share_model(without)
    assert with_notes.area is Area.COAL_MINE_SAFETY
    assert with_notes.notes == "other" and type(with_notes.notes) is str
    assert with_notes.model_fields_set != without.model_fields_set
    assert "notes" not in without.model_fields_set


def test_sharing_survives_pickling_for_the_parse_cache() -> None:
    sharing = ValueSharing()
    records = [Record.model_validate(penalty(id=f"2024-cf-{n:04d}")) for n in (1, 2)]
    maps = [sharing.line_map(LineMap({("id",): 1, ("party", "name"): 7})) for _ in records]
    for record in records:
        sharing.share_model(record)
    back = pickle.loads(pickle.dumps((records, maps)))
    (one, two), (map_one, map_two) = back
    assert one == records[0] and two == records[1]
    assert one.party.name is two.party.name
    assert one.model_fields_set is two.model_fields_set
    assert map_one is map_two
