"""`publisher faults report`: the year's enforcement faults and who answers for them (R-B7)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from publisher.commands.common import CONTENT_OPTION
from publisher.commands.who import guidance_line, load_supervised, names_or_vacant
from publisher.supervision.accountability import (
    OUTCOME_LABEL,
    DirectSource,
    FaultEntry,
    FaultReport,
    OutcomeLine,
    PersonSummary,
    SectionSummary,
    fault_report,
)
from publisher.supervision.grounds import GROUND_LABEL
from publisher.supervision.responsibility import LEVEL_LABEL, Level

NO_SECTION = "（无法确定承办科室）"
NONE = "  无"
ARTICLE_2_LEVELS = (Level.HEAD, Level.DEPUTY, Level.SECTION_HEAD, Level.DIRECT)


@click.group(name="faults")
def faults() -> None:
    """执法过错责任追究（第九条）：登记在 faults.yaml，按年度出具报告。"""


@faults.command(name="report")
@click.option("--year", type=int, required=True, help="报告年度（按发现日期统计）。")
@CONTENT_OPTION
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text")
@click.pass_context
def report_command(ctx: click.Context, year: int, content_dir: Path, output_format: str) -> None:
    """某年度发现的执法过错：各级责任人、处理结果，按人员、科室、类型汇总。"""
    content = load_supervised(ctx, content_dir, "R-B7")
    report = fault_report(content, year)
    if output_format == "json":
        click.echo(json.dumps(report_json(report), ensure_ascii=False, indent=2))
    else:
        click.echo(format_report(report))


# --- Text -------------------------------------------------------------------------------


def format_report(report: FaultReport) -> str:
    lines = [f"执法过错责任追究报告（{report.year} 年，按发现日期）"]
    if not report.register_found:
        lines.append("未找到 faults.yaml（执法过错登记簿）。")
    lines.append(f"共 {len(report.faults)} 起。")
    lines += ["", "一、过错明细"]
    lines += [line for entry in report.faults for line in _entry_lines(entry)] or [NONE]
    lines += ["", "二、按人员汇总", *map(_person_line, report.by_person)]
    lines += [] if report.by_person else [NONE]
    lines += ["", "三、按科室汇总", *map(_section_line, report.by_section)]
    lines += [] if report.by_section else [NONE]
    lines += ["", "四、按过错类型汇总（第九条）"]
    lines += [f"  {t.label}：{len(t.fault_ids)} 起" for t in report.by_type]
    return "\n".join(lines)


def _entry_lines(entry: FaultEntry) -> list[str]:
    title = entry.record_title or "（记录不存在）"
    details = [
        f"案件：{entry.record_id} {title}",
        f"承办科室：{entry.section or NO_SECTION}",
        f"过错行为日期：{_act_date_text(entry)}",
        f"发现：{entry.found.isoformat()}（{entry.found_by_label}）",
        f"情况：{entry.description}",
        *_chain_lines(entry),
        *(f"注意：{gap}" for gap in entry.gaps),
        "处理结果：" + ("" if entry.outcomes else "尚未处理"),
    ]
    outcomes = [f"      {_outcome_text(outcome)}" for outcome in entry.outcomes]
    return [f"  {entry.fault_id}  {entry.type_label}", *(f"    {d}" for d in details), *outcomes]


def _act_date_text(entry: FaultEntry) -> str:
    if entry.act_date is None:
        return "不详"
    source = "（按案件决定日期）" if entry.act_date_from_decision else ""
    return entry.act_date.isoformat() + source


def _chain_lines(entry: FaultEntry) -> list[str]:
    chain = entry.chain
    if chain is None:
        return []
    levels = chain.by_level()
    lines = [
        f"{LEVEL_LABEL[level]}：{names_or_vacant(levels[level])}" for level in ARTICLE_2_LEVELS
    ]
    if entry.direct_source is DirectSource.ROSTER:
        # Say so: the roster's officers are a fallback, not the people who acted.
        lines[-1] += "（案卷未列执法行为，按名册中该科室执法人员）"
    return [*lines, guidance_line(chain)]


def _outcome_text(outcome: OutcomeLine) -> str:
    text = f"{outcome.person}：{outcome.label}（{outcome.date.isoformat()}）"
    if outcome.ground_label:
        text += f"，依据{outcome.ground_label}"
    if outcome.note:
        text += f"；{outcome.note}"
    return text


def _person_line(person: PersonSummary) -> str:
    by_level: dict[Level, list[str]] = {}
    for fault_id, level in person.named:
        by_level.setdefault(level, []).append(fault_id)
    parts = [
        f"{LEVEL_LABEL[level]} {len(ids)} 起（{'、'.join(ids)}）"
        for level in Level
        if (ids := by_level.get(level))
    ]
    parts += [f"{OUTCOME_LABEL[kind]}（{fault_id}）" for fault_id, kind in person.outcomes]
    return f"  {person.name}：" + "；".join(parts)


def _section_line(section: SectionSummary) -> str:
    name = section.section or NO_SECTION
    return f"  {name}：{len(section.fault_ids)} 起（{'、'.join(section.fault_ids)}）"


# --- JSON -------------------------------------------------------------------------------


def report_json(report: FaultReport) -> dict[str, object]:
    return {
        "year": report.year,
        "register_found": report.register_found,
        "faults": [_entry_json(entry) for entry in report.faults],
        "by_person": [_person_json(person) for person in report.by_person],
        "by_section": [
            {"section": s.section, "faults": list(s.fault_ids)} for s in report.by_section
        ],
        "by_type": [
            {"type": t.type.value, "label": t.label, "faults": list(t.fault_ids)}
            for t in report.by_type
        ],
    }


def _entry_json(entry: FaultEntry) -> dict[str, object]:
    chain = entry.chain
    return {
        "id": entry.fault_id,
        "record": entry.record_id,
        "record_title": entry.record_title,
        "type": entry.type.value,
        "type_label": entry.type_label,
        "found_by": entry.found_by.value,
        "found": entry.found.isoformat(),
        "description": entry.description,
        "act_date": entry.act_date.isoformat() if entry.act_date else None,
        "act_date_from_decision": entry.act_date_from_decision,
        "section": entry.section,
        "responsible": None if chain is None else _chain_json(entry),
        "gaps": list(entry.gaps),
        "outcomes": [_outcome_json(outcome) for outcome in entry.outcomes],
    }


def _chain_json(entry: FaultEntry) -> dict[str, object]:
    assert entry.chain is not None
    chain = entry.chain
    return {
        "head": list(chain.head),
        "deputies": list(chain.deputies),
        "section_heads": list(chain.section_heads),
        "officers": list(chain.officers),
        "officers_from": entry.direct_source.value if entry.direct_source else None,
        "legal_section": chain.legal_section,
        "legal_section_heads": list(chain.legal_section_heads),
        "legal_deputies": list(chain.legal_deputies),
    }


def _outcome_json(outcome: OutcomeLine) -> dict[str, object]:
    return {
        "person": outcome.person,
        "kind": outcome.kind.value,
        "label": outcome.label,
        "date": outcome.date.isoformat(),
        "ground": outcome.ground,
        "ground_label": GROUND_LABEL.get(outcome.ground) if outcome.ground else None,
        "note": outcome.note,
    }


def _person_json(person: PersonSummary) -> dict[str, object]:
    return {
        "name": person.name,
        "named": [{"fault": fid, "level": level.value} for fid, level in person.named],
        "outcomes": [{"fault": fid, "kind": kind.value} for fid, kind in person.outcomes],
    }
