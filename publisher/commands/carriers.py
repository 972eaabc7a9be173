"""`publisher carriers`: do the site, feeds, open data, sitemap, search index, WeChat previews
and the WeChat ledger carry exactly the same records for the as-of date? (R-A1)

Exit 0 when they do (warnings, such as periods not yet pushed to WeChat, allowed), 1 when any
carrier is out of step or the content or ledger has errors, 2 when OUTPUT is not a built site.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from publisher.carriers import CarrierReport, check_carriers
from publisher.commands.common import AS_OF_OPTION, CONTENT_OPTION, as_of_date, load_or_exit
from publisher.findings import Severity, sorted_findings
from publisher.verify import HOME
from publisher.wechat.ledger import load_ledger


@click.command(name="carriers")
@CONTENT_OPTION
@AS_OF_OPTION
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text")
@click.argument("output", type=click.Path(path_type=Path))
@click.pass_context
def carriers(
    ctx: click.Context,
    content_dir: Path,
    as_of_text: str | None,
    output_format: str,
    output: Path,
) -> None:
    """核对生成的网站 OUTPUT 的各公示载体和公众号文章台账是否载有相同的记录（R-A1）。"""
    as_of = as_of_date(ctx, as_of_text)
    if not (output / HOME).is_file():
        click.echo(f"错误：{output} 不是生成的公示网站（没有 {HOME}）", err=True)
        ctx.exit(2)
    content = load_or_exit(ctx, content_dir)
    ledger = load_ledger(content_dir)
    if ledger.findings:
        for finding in sorted_findings(ledger.findings):
            click.echo(finding.format_text(), err=True)
        click.echo("公众号文章台账有错误，请先修正。", err=True)
        ctx.exit(1)
    report = check_carriers(content, ledger.loaded, output, as_of)
    if output_format == "json":
        click.echo(json.dumps(as_json(report), ensure_ascii=False, indent=2))
    else:
        for line in as_text(report):
            click.echo(line)
    click.echo(summary(report), err=True)
    ctx.exit(0 if report.ok else 1)


def as_text(report: CarrierReport) -> list[str]:
    lines = []
    for problem in report.problems:
        level = "错误" if problem.severity is Severity.ERROR else "警告"
        lines.append(f"{problem.carrier}: {level} [{problem.rule}] {problem.message}")
    return lines


def as_json(report: CarrierReport) -> dict[str, object]:
    return {
        "as_of": report.as_of.isoformat(),
        "ok": report.ok,
        "carriers": [
            {"name": c.name, "present": c.present, "records": c.records} for c in report.carriers
        ],
        "problems": [
            {
                "carrier": p.carrier,
                "rule": p.rule,
                "severity": p.severity.value,
                "record": p.record,
                "article": p.article,
                "message": p.message,
            }
            for p in report.problems
        ],
    }


def summary(report: CarrierReport) -> str:
    day = report.as_of.isoformat()
    checked = "、".join(c.name for c in report.carriers if c.present)
    absent = [c.name for c in report.carriers if not c.present]
    skipped = f"（没有：{'、'.join(absent)}）" if absent else ""
    errors = sum(1 for p in report.problems if p.severity is Severity.ERROR)
    warnings = len(report.problems) - errors
    if report.ok:
        return f"各载体一致：{checked}{skipped} 载有 {day} 应公示的相同记录（{warnings} 个警告）。"
    return f"发现 {errors} 个错误、{warnings} 个警告：有载体与 {day} 的公示计划不一致。"
