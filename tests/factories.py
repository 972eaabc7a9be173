"""Builders of fictional test data shared by the test modules (all names are invented)."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from publisher.creditcode import credit_check_char
from publisher.idnumber import check_digit
from publisher.loader import load_content
from publisher.public import PublicItem, public_items
from publisher.settings import Settings
from publisher.visibility import Plan, plan_publication


def id_number(birth: dt.date, region: str = "140121", sequence: str = "123") -> str:
    """A fictional resident ID number with a valid check digit."""
    first17 = f"{region}{birth:%Y%m%d}{sequence}"
    return first17 + check_digit(first17)


def credit_code(body: str = "91140121MA0K") -> str:
    """A fictional unified social credit code with a valid check character."""
    first17 = (body + "00000000000000000")[:17]
    return first17 + credit_check_char(first17)


BASE_PENALTY: dict[str, Any] = {
    "id": "2024-cf-0001",
    "type": "penalty",
    "title": "关于青崖县示例煤业有限公司未按规定进行安全检查的行政处罚决定",
    "doc_no": "青工信罚〔2024〕1号",
    "area": "coal_mine_safety",
    "party": {
        "name": "青崖县示例煤业有限公司",
        "kind": "legal_person",
        "credit_code": credit_code(),
        "legal_rep": "王示例",
    },
    "decided": "2024-03-01",
    "published": "2024-03-06",
    "violation_type": "未按规定进行安全检查",
    "facts": "经查，该公司于2024年1月未按规定对井下设备进行安全检查。",
    "basis": "《中华人民共和国安全生产法》第九十九条",
    "penalty": {"kinds": ["fine"], "fine_yuan": 30000},
}

BASE_INSPECTION: dict[str, Any] = {
    "id": "2024-jc-0001",
    "type": "inspection",
    "title": "对青崖县示例电力有限公司的行政检查结果",
    "area": "power",
    "party": {
        "name": "青崖县示例电力有限公司",
        "kind": "legal_person",
        "credit_code": credit_code("91140121MA0L"),
        "legal_rep": "李示例",
    },
    "decided": "2024-05-10",
    "published": "2024-05-20",
    "result": "未发现问题。",
}


def penalty(**overrides: Any) -> dict[str, Any]:
    """A valid penalty record as YAML data, with top-level keys replaced by `overrides`."""
    data = copy.deepcopy(BASE_PENALTY)
    data.update(overrides)
    return data


def inspection(**overrides: Any) -> dict[str, Any]:
    data = copy.deepcopy(BASE_INSPECTION)
    data.update(overrides)
    return data


def write_yaml(path: Path, data: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False)
    path.write_text(text, encoding="utf-8")
    return path


def write_content(
    root: Path,
    records: list[dict[str, Any]],
    settings: dict[str, Any] | None = None,
) -> Path:
    """A content folder with one file per record under records/ and optional settings."""
    root.mkdir(parents=True, exist_ok=True)
    for record in records:
        write_yaml(root / "records" / f"{record['id']}.yaml", record)
    if settings is not None:
        write_yaml(root / "settings.yaml", settings)
    return root


def public_pipeline(
    root: Path,
    records: list[dict[str, Any]],
    as_of: dt.date,
    settings: dict[str, Any] | None = None,
) -> tuple[list[PublicItem], Plan, Settings]:
    """Public items, plan and settings for `records`, through the same steps as a build."""
    write_content(root, records, settings)
    result = load_content(root)
    assert result.findings == [], [f.format_text() for f in result.findings]
    assert result.content is not None
    content = result.content
    plan = plan_publication([r.record for r in content.records], content.settings, as_of)
    return public_items(content.records, plan), plan, content.settings
