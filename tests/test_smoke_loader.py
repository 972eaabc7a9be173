from __future__ import annotations

from pathlib import Path

from factories import inspection, penalty, write_content

from publisher.loader import load_content


def test_valid_records_load(tmp_path: Path) -> None:
    root = write_content(tmp_path / "content", [penalty(), inspection()])
    result = load_content(root)
    assert result.findings == []
    assert result.content is not None
    assert [r.record.id for r in result.content.records] == ["2024-cf-0001", "2024-jc-0001"]
