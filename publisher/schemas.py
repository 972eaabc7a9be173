"""JSON Schema files for staff editors (R-C): validate as you type in VS Code's YAML extension.

Generated from the same pydantic models the loader validates with, so they cannot drift.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from pydantic import BaseModel

from publisher.annual_report import AnnualReportList
from publisher.bureau import Bureau, InspectionItemList, OfficerList
from publisher.correction_requests import CorrectionRequest
from publisher.model import Record
from publisher.settings import Settings
from publisher.supervision.casereview import CaseReview
from publisher.supervision.draws import DrawPlan, DrawRecord, TargetRegister
from publisher.supervision.faults import FaultRegister
from publisher.supervision.roster import Roster
from publisher.wechat.ledger import Ledger
from publisher.workdays import HolidayYear

SCHEMA_FILES: Mapping[str, tuple[type[BaseModel], str]] = {
    "record.schema.json": (Record, "content/records/**/*.yaml"),
    "bureau.schema.json": (Bureau, "content/bureau.yaml"),
    "officers.schema.json": (OfficerList, "content/officers.yaml"),
    "inspection_items.schema.json": (InspectionItemList, "content/inspection_items.yaml"),
    "settings.schema.json": (Settings, "content/settings.yaml"),
    "holidays.schema.json": (HolidayYear, "content/holidays/*.yaml"),
    "roster.schema.json": (Roster, "content/roster.yaml"),
    "targets.schema.json": (TargetRegister, "content/targets.yaml"),
    "draw.schema.json": (DrawRecord, "content/draws/*.yaml"),
    "draw_plan.schema.json": (DrawPlan, "content/draws/plans/*.yaml"),
    "review.schema.json": (CaseReview, "content/reviews/*.yaml"),
    "faults.schema.json": (FaultRegister, "content/faults.yaml"),
    "correction_request.schema.json": (CorrectionRequest, "content/correction_requests/*.yaml"),
    "annual_reports.schema.json": (AnnualReportList, "content/annual_reports.yaml"),
    "wechat_ledger.schema.json": (Ledger, "content/wechat/ledger.yaml"),
}


def schema_text(model: type[BaseModel]) -> str:
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    """Write every schema file into `folder`; returns the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for name, (model, _glob) in SCHEMA_FILES.items():
        path = folder / name
        path.write_text(schema_text(model), encoding="utf-8")
        written.append(path)
    return written


def editor_mapping(folder: str = "schemas") -> dict[str, str]:
    """The `yaml.schemas` mapping for VS Code: schema file → content glob."""
    return {f"./{folder}/{name}": glob for name, (_model, glob) in SCHEMA_FILES.items()}
