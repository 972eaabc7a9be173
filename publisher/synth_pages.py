"""The public pages of a `publisher synth` repository (R-A2, R-A10): settings, the bureau's
事前公开 information, officers, the random-inspection item list and the annual reports.

Same structure as the demo's `content/`, generated for the synthetic history: officers hold
valid certificates over the whole period, and every year before the as-of date has its
statistics report approved in January (R-A10).
"""

from __future__ import annotations

import datetime as dt
import random

from publisher.annual_report import ANNUAL_REPORTS_FILE
from publisher.creditcode import credit_check_char
from publisher.loader import BUREAU_FILE, INSPECTION_ITEMS_FILE, OFFICERS_FILE, SETTINGS_FILE
from publisher.model import Area
from publisher.synth_people import person_name
from publisher.synth_text import (
    COUNTY,
    DUTIES,
    INSPECTION_STEPS,
    ITEMS,
    LEGAL_BASES,
    ORGAN,
    PENALTY_STEPS,
    REGION_CODE,
    REMEDIES,
    SECTIONS,
    VIOLATIONS,
)
from publisher.synth_yaml import Value, dump

OFFICERS_PER_AREA = 3
HEADER = "虚构数据：由 publisher synth 生成，仅用于测试和性能测量。"
ORGAN_CREDIT_CODE_BODY = f"11{REGION_CODE}MB0123456"


def public_files(rng: random.Random, first_day: dt.date, as_of: dt.date) -> dict[str, str]:
    """File name → YAML text of every public file beside `records/`."""
    return {
        SETTINGS_FILE: dump(settings(first_day), HEADER),
        BUREAU_FILE: dump(bureau(rng), HEADER),
        OFFICERS_FILE: dump(officers(rng, first_day, as_of), HEADER),
        INSPECTION_ITEMS_FILE: dump(inspection_items(), HEADER),
        ANNUAL_REPORTS_FILE: dump(annual_reports(rng, first_day, as_of), HEADER),
    }


def organ_credit_code() -> str:
    return ORGAN_CREDIT_CODE_BODY + credit_check_char(ORGAN_CREDIT_CODE_BODY)


def settings(first_day: dt.date) -> dict[str, Value]:
    return {
        "site_title": f"{ORGAN}行政执法公示",
        "organ": ORGAN,
        "organ_credit_code": organ_credit_code(),
        "data_source": ORGAN,
        "tag_authority": "example.gov.cn",
        "tag_start": f"{first_day.year}-01-01",
        "auto_withdraw": True,
        "retention_years": 5,
        "natural_person_retention_years": 2,
        "footer": {
            "sponsor": ORGAN,
            "contact": f"电话：0355-1234567　地址：{COUNTY}迎宾大道18号",
            "site_code": "1400000099",
        },
    }


def bureau(rng: random.Random) -> dict[str, Value]:
    address = f"{COUNTY}迎宾大道18号县政府综合办公楼东楼四层"
    return {
        "subject": {
            "name": ORGAN,
            "legal_status": f"{COUNTY}人民政府工作部门，机关法人，以本局名义独立行使行政处罚、行政检查职权。",
            "credit_code": organ_credit_code(),
            "address": address,
            "head": person_name(rng),
        },
        "duties": list(DUTIES),
        "authorities": _authorities(),
        "legal_bases": [
            {"title": title, "issuer": issuer, "effective": dt.date.fromisoformat(day)}
            for title, issuer, day in LEGAL_BASES
        ],
        "procedures": [
            _procedure("行政处罚普通程序", PENALTY_STEPS),
            _procedure("行政检查程序", INSPECTION_STEPS),
        ],
        "supervision": {
            "phone": "0355-1234567",
            "email": "zfjd@gxj.qingya.example.gov.cn",
            "address": f"{address} {ORGAN}政策法规科",
            "hours": "工作日 上午 8:30—12:00，下午 14:30—17:30",
        },
        "remedies": [
            {"kind": kind, "organ": organ, "deadline": deadline, "description": description}
            for kind, organ, deadline, description in REMEDIES
        ],
    }


def _authorities() -> list[Value]:
    penalties: list[Value] = [
        {"name": f"对{v.violation_type}的处罚", "kind": "行政处罚", "basis": v.basis}
        for v in VIOLATIONS
    ]
    inspections: list[Value] = [
        {"name": item.name, "kind": "行政检查", "basis": item.basis} for item in ITEMS
    ]
    return penalties + inspections


def _procedure(name: str, steps: tuple[tuple[str, str, str], ...]) -> dict[str, Value]:
    return {
        "name": name,
        "steps": [
            {"name": step, "description": description, "deadline": deadline}
            for step, description, deadline in steps
        ],
    }


def officers(rng: random.Random, first_day: dt.date, as_of: dt.date) -> dict[str, Value]:
    """Certified officers for every area, valid from before the history until after it, each
    with every annual inspection that has fallen due (R-B2)."""
    valid_from = dt.date(first_day.year - 1, 1, 15)
    valid_until = dt.date(as_of.year + 3, 1, 14)
    entries: list[Value] = []
    for area_number, area in enumerate(Area):
        for serial in range(OFFICERS_PER_AREA):
            inspections: list[Value] = [
                {"year": year, "date": dt.date(year, 3, 10)}
                for year in range(valid_from.year + 1, as_of.year + 1)
                if dt.date(year, 3, 10) <= as_of
            ]
            entries.append(
                {
                    "name": person_name(rng),
                    "certificate_no": f"1401{valid_from.year % 100:02d}{area_number}{serial:04d}",
                    "areas": [area.value],
                    "section": SECTIONS[area],
                    "valid_from": valid_from,
                    "valid_until": valid_until,
                    "annual_inspections": inspections,
                }
            )
    return {"officers": entries}


def inspection_items() -> dict[str, Value]:
    return {
        "items": [
            {
                "code": item.code,
                "name": item.name,
                "area": item.area.value,
                "basis": item.basis,
                "targets": item.targets,
                "method": item.method,
                "ratio": item.ratio,
            }
            for item in ITEMS
        ]
    }


def annual_reports(rng: random.Random, first_day: dt.date, as_of: dt.date) -> dict[str, Value]:
    """Each finished year's report, approved in the second half of January (R-A10)."""
    reports: list[Value] = []
    for year in range(first_day.year, as_of.year):
        approved = dt.date(year + 1, 1, rng.randint(12, 28))
        if approved <= as_of:
            reports.append({"year": year, "published": approved})
    return {"reports": reports}
