"""Builders of fictional supervision data (roster, certificates, case files, evidence) shared
by the R-B test modules. All names are invented.

The defaults describe a bureau where everything is in order on any day from 2020 to 2030, so a
test changes one thing and asserts the one finding that change causes.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

from publisher.supervision.process import DEFAULT_REQUIRED_DOCUMENTS
from tests.factories import write_yaml

HEAD = "高建平"
DEPUTY_COAL_AND_LEGAL = "李志强"  # supervises 煤矿安全监管科 and 政策法规科
DEPUTY_POWER_AND_EXPLOSIVES = "赵文华"  # supervises 电力能源科 and 民爆安全监管科
COAL = "煤矿安全监管科"
POWER = "电力能源科"
EXPLOSIVES = "民爆安全监管科"
LEGAL = "政策法规科"
SECTION_HEAD = {COAL: "杨卫东", POWER: "薛志明", EXPLOSIVES: "苗文杰", LEGAL: "阎春霞"}
SECTION_OF_AREA = {"coal_mine_safety": COAL, "power": POWER, "civil_explosives": EXPLOSIVES}
ADVISER = "钱明远"

ROSTER: dict[str, Any] = {
    "legal_section": LEGAL,
    "sections": [
        {"name": COAL, "areas": ["coal_mine_safety"]},
        {"name": POWER, "areas": ["power"]},
        {"name": EXPLOSIVES, "areas": ["civil_explosives"]},
        {"name": LEGAL, "areas": []},
    ],
    "appointments": [
        {"name": HEAD, "role": "head", "start": "2019-01-01"},
        {
            "name": DEPUTY_COAL_AND_LEGAL,
            "role": "deputy",
            "sections": [COAL, LEGAL],
            "start": "2019-01-01",
        },
        {
            "name": DEPUTY_POWER_AND_EXPLOSIVES,
            "role": "deputy",
            "sections": [POWER, EXPLOSIVES],
            "start": "2019-01-01",
        },
        *(
            {"name": name, "role": "section_head", "sections": [section], "start": "2019-01-01"}
            for section, name in SECTION_HEAD.items()
        ),
        {"name": "郝丽娟", "role": "officer", "sections": [COAL], "start": "2019-01-01"},
        {"name": "程晓峰", "role": "officer", "sections": [POWER], "start": "2019-01-01"},
        {"name": "韩雪梅", "role": "officer", "sections": [EXPLOSIVES], "start": "2019-01-01"},
        {"name": "石磊", "role": "officer", "sections": [LEGAL], "start": "2019-01-01"},
    ],
    "legal_advisers": [{"name": ADVISER, "role": "legal_adviser", "start": "2019-01-01"}],
}


def officer(
    name: str,
    number: str,
    areas: list[str],
    section: str,
    valid_from: str = "2019-01-15",
    valid_until: str = "2030-12-31",
    **overrides: Any,
) -> dict[str, Any]:
    """A certificate examined every year from the year after issue to 2030."""
    first = dt.date.fromisoformat(valid_from).year + 1
    data: dict[str, Any] = {
        "name": name,
        "certificate_no": number,
        "areas": areas,
        "section": section,
        "valid_from": valid_from,
        "valid_until": valid_until,
        "annual_inspections": [
            {"year": year, "date": f"{year}-03-01", "passed": True} for year in range(first, 2031)
        ],
    }
    data.update(overrides)
    return data


def officers() -> list[dict[str, Any]]:
    return [
        officer("杨卫东", "14010019001", ["coal_mine_safety"], COAL),
        officer("郝丽娟", "14010019002", ["coal_mine_safety", "other"], COAL),
        officer("薛志明", "14010019003", ["power"], POWER),
        officer("程晓峰", "14010019004", ["power", "other"], POWER),
        officer("苗文杰", "14010019005", ["civil_explosives"], EXPLOSIVES),
        officer("韩雪梅", "14010019006", ["civil_explosives"], EXPLOSIVES),
        officer("阎春霞", "14010019007", ["coal_mine_safety", "civil_explosives"], LEGAL),
        officer("石磊", "14010019008", ["power"], LEGAL),
    ]


def evidence_bytes(record_id: str, kind: str) -> bytes:
    """The fictional content of one evidence file (what the store holds)."""
    return f"{record_id} {kind} 示例文书内容\n".encode()


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def document(record_id: str, kind: str) -> dict[str, str]:
    return {
        "kind": kind,
        "file": f"{record_id}/{kind}.pdf",
        "sha256": sha256_of(evidence_bytes(record_id, kind)),
    }


def case_file(
    record_id: str,
    record_type: str,
    decided: str,
    section: str = COAL,
    team: tuple[str, ...] = ("杨卫东", "郝丽娟"),
) -> dict[str, Any]:
    """A complete case file: acts by two certified officers, all five stages in order with the
    built-in required documents, dated in the 20 days before the decision."""
    day = dt.date.fromisoformat(decided)
    template = DEFAULT_REQUIRED_DOCUMENTS[record_type]
    offsets = {"start": -20, "investigation": -15, "decision": 0, "service": 2, "archive": 10}
    stages = [
        {
            "stage": stage,
            "date": (day + dt.timedelta(days=offsets[stage])).isoformat(),
            "documents": [document(record_id, kind) for kind in kinds],
        }
        for stage, kinds in template.items()
    ]
    acts = [
        {"kind": "inspection", "date": (day - dt.timedelta(days=15)).isoformat()},
        {"kind": "service", "date": (day + dt.timedelta(days=2)).isoformat()},
    ]
    for act in acts:
        act["officers"] = list(team)
    return {"section": section, "acts": acts, "stages": stages}


def evidence_store(root: Path, records: list[dict[str, Any]]) -> Path:
    """Write every document and media file the records' case files list, with the bytes
    `evidence_bytes` gives (so their hashes match)."""
    root.mkdir(parents=True, exist_ok=True)
    for record in records:
        for stage in (record.get("case") or {}).get("stages", []):
            for entry in [*stage.get("documents", []), *stage.get("media", [])]:
                path = root / entry["file"]
                path.parent.mkdir(parents=True, exist_ok=True)
                kind = entry.get("kind") or Path(entry["file"]).stem
                path.write_bytes(evidence_bytes(record["id"], kind))
    return root


def legal_review_and_discussion(decided: str, section: str = COAL) -> dict[str, Any]:
    """A lawful legal review and a complete, signed collective discussion before `decided`."""
    day = dt.date.fromisoformat(decided)
    deputy = DEPUTY_COAL_AND_LEGAL if section in (COAL, LEGAL) else DEPUTY_POWER_AND_EXPLOSIVES
    attendees = list(
        dict.fromkeys(
            [HEAD, DEPUTY_COAL_AND_LEGAL, deputy, SECTION_HEAD[LEGAL], SECTION_HEAD[section]]
        )
    )
    return {
        "legal_review": {
            "date": (day - dt.timedelta(days=5)).isoformat(),
            "reviewers": [SECTION_HEAD[LEGAL], "石磊"],
            "conclusion": "lawful",
        },
        "discussion": {
            "date": (day - dt.timedelta(days=2)).isoformat(),
            "chair": HEAD,
            "attendees": attendees,
            "signed_by": list(attendees),
            "conclusion": "同意作出处罚决定。",
        },
    }


def write_supervision(
    root: Path,
    roster: dict[str, Any] | None = None,
    officer_list: list[dict[str, Any]] | None = None,
) -> Path:
    """roster.yaml and officers.yaml in `root` (defaults: the in-order bureau above)."""
    write_yaml(root / "roster.yaml", copy.deepcopy(roster if roster is not None else ROSTER))
    write_yaml(root / "officers.yaml", {"officers": officer_list or officers()})
    return root
