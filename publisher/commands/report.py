"""`publisher report`: the internal report, a separate static site for staff (never public)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from publisher.commands.common import AS_OF_OPTION, CONTENT_OPTION, as_of_date
from publisher.findings import Finding, sorted_findings
from publisher.internal_report.gather import gather_report
from publisher.internal_report.guard import OutputRefused, check_report_output
from publisher.internal_report.locations import locator_for
from publisher.internal_report.render import render_report
from publisher.internal_report.writer import write_report
from publisher.loader import LoadResult, load_content

DEFAULT_OUTPUT = Path("internal-report")


def check_findings(content_dir: Path, as_of: dt.date) -> tuple[list[Finding], list[str]]:
    """Exactly what `publisher check` reports (all scopes). Imported here, not at the top:
    `publisher.cli` imports this module to register the command."""
    from publisher.cli import collect_findings

    return collect_findings(content_dir, as_of)


@click.command(name="report")
@CONTENT_OPTION
@click.option(
    "--output",
    type=click.Path(path_type=Path, file_okay=False),
    default=DEFAULT_OUTPUT,
    show_default=True,
    help="内部报告目录；不得是公示网站目录（如 output/）或在其中。",
)
@AS_OF_OPTION
@click.pass_context
def report(ctx: click.Context, content_dir: Path, output: Path, as_of_text: str | None) -> None:
    """生成内部报告（检查问题、临近期限、证件、抽查、评查、过错），供本局工作人员查看，不得公开。"""
    as_of = as_of_date(ctx, as_of_text)
    cwd = Path.cwd()
    try:
        check_report_output(output, cwd=cwd, content=content_dir)
    except OutputRefused as refused:
        click.echo(f"错误：{refused}", err=True)
        ctx.exit(1)
    load = load_content(content_dir)
    findings, notes = check_findings(content_dir, as_of)
    model = gather_report(load, findings, notes, as_of, locator_for(content_dir, cwd))
    write_report(render_report(model), output)
    if load.content is None:
        _report_load_errors(load, output)
        ctx.exit(1)
    click.echo(
        f"已生成内部报告：{output}（按 {as_of.isoformat()}；错误 {model.errors} 个，"
        f"警告 {model.warnings} 个）。内部资料，不得与公示网站一同部署。"
    )


def _report_load_errors(load: LoadResult, output: Path) -> None:
    """The content could not be loaded: the errors go to stderr, and the report written
    anyway shows them, so staff who only open the report still see why it is empty."""
    for finding in sorted_findings(load.findings):
        click.echo(finding.format_text(), err=True)
    click.echo(f"内容有错误，无法载入；内部报告 {output} 只列出这些错误。", err=True)
