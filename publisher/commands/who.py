"""`publisher who`: who held each level of responsibility for a section on a day (R-B1)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from pathlib import Path

import click

from publisher.commands.common import AS_OF_METAVAR, CONTENT_OPTION, as_of_date
from publisher.content import Content
from publisher.findings import sorted_findings
from publisher.loader import load_content
from publisher.supervision.responsibility import (
    LEVEL_LABEL,
    Level,
    Responsibility,
    section_names,
)
from publisher.supervision.responsibility import who as responsibility_of
from publisher.supervision.roster import Roster

VACANT = "（空缺）"


@click.command(name="who")
@CONTENT_OPTION
@click.option("--section", default=None, help="科室名称（默认：全部科室）。")
@click.option(
    "--date",
    "--as-of",
    "day_text",
    metavar=AS_OF_METAVAR,
    default=None,
    help="查询哪一天的责任人：YYYY-MM-DD，或 today（北京时间今天，也是默认值）。",
)
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text")
@click.pass_context
def who(
    ctx: click.Context,
    content_dir: Path,
    section: str | None,
    day_text: str | None,
    output_format: str,
) -> None:
    """查询某科室某日各级执法责任人（局长、分管副局长、科室负责人、执法人员、政策法规科）。"""
    day = as_of_date(ctx, day_text)
    roster = roster_or_exit(ctx, content_dir)
    sections = section_names(roster)
    if section is not None and section not in sections:
        known = "、".join(sections) or "（无）"
        click.echo(f"科室「{section}」不在 roster.yaml 中。已登记的科室：{known}", err=True)
        ctx.exit(2)
    chosen = sections if section is None else (section,)
    chains = [responsibility_of(roster, name, day) for name in chosen]
    if output_format == "json":
        click.echo(json.dumps(who_json(day, chains), ensure_ascii=False, indent=2))
    else:
        click.echo(format_who(day, chains))


def load_supervised(ctx: click.Context, content_dir: Path, file_rule: str) -> Content:
    """The loaded content, or every finding on stderr and exit 1. Also exit 1 when the
    supervision file of `file_rule` is broken: an answer from a half-read roster or register
    would look complete and mislead."""
    result = load_content(content_dir)
    broken = [f for f in result.supervision_findings if f.rule == file_rule]
    if result.content is None or broken:
        for finding in sorted_findings([*result.findings, *broken]):
            click.echo(finding.format_text(), err=True)
        click.echo("内容有错误，请先运行 publisher check 并修正。", err=True)
        ctx.exit(1)
    assert result.content is not None
    return result.content


def roster_or_exit(ctx: click.Context, content_dir: Path) -> Roster:
    content = load_supervised(ctx, content_dir, "R-B1")
    if content.roster is None:
        click.echo(f"找不到 {content_dir / 'roster.yaml'}（执法责任人员名册）。", err=True)
        ctx.exit(1)
    assert content.roster is not None
    return content.roster.model


def format_who(day: dt.date, chains: Sequence[Responsibility]) -> str:
    """One block per section, one line per level of Article 2, in 简体中文."""
    if not chains:
        return "roster.yaml 中没有登记科室。"
    blocks = [_section_block(chain) for chain in chains]
    return f"执法责任人（{day.isoformat()}）\n\n" + "\n\n".join(blocks)


def _section_block(chain: Responsibility) -> str:
    levels = chain.by_level()
    lines = [chain.section]
    for level in (Level.HEAD, Level.DEPUTY, Level.SECTION_HEAD, Level.DIRECT):
        lines.append(f"  {LEVEL_LABEL[level]}：{names_or_vacant(levels[level])}")
    lines.append(f"  {guidance_line(chain)}")
    return "\n".join(lines)


def guidance_line(chain: Responsibility) -> str:
    """政策法规科's head and its supervising deputy, each named so staff see both roles."""
    return (
        f"指导监督（{chain.legal_section}）：负责人 {names_or_vacant(chain.legal_section_heads)}；"
        f"分管领导 {names_or_vacant(chain.legal_deputies)}"
    )


def names_or_vacant(names: Sequence[str]) -> str:
    return "、".join(names) if names else VACANT


def who_json(day: dt.date, chains: Sequence[Responsibility]) -> dict[str, object]:
    """The same answer for scripts; always a list of sections, even for one."""
    return {"date": day.isoformat(), "sections": [chain_json(chain) for chain in chains]}


def chain_json(chain: Responsibility) -> dict[str, object]:
    return {
        "section": chain.section,
        "date": chain.day.isoformat(),
        "head": list(chain.head),
        "deputies": list(chain.deputies),
        "section_heads": list(chain.section_heads),
        "officers": list(chain.officers),
        "legal_section": chain.legal_section,
        "legal_section_heads": list(chain.legal_section_heads),
        "legal_deputies": list(chain.legal_deputies),
    }
