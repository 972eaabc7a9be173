"""The command line: each command calls one function of the core and prints its result."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click

from publisher.build import BuildOptions, build_site
from publisher.checks import run_checks
from publisher.clock import Clock, resolve_as_of, system_clock
from publisher.content import Content
from publisher.findings import Finding, Severity, has_errors, sorted_findings
from publisher.history import check_history
from publisher.loader import load_content
from publisher.model import RecordType
from publisher.scaffold import create_record
from publisher.schemas import write_schemas
from publisher.status import StatusReport, status_report
from publisher.visibility import State

CONTENT_OPTION = click.option(
    "--content",
    "content_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("content"),
    show_default=True,
    help="内容目录（records repository）。",
)
AS_OF_OPTION = click.option(
    "--as-of",
    "as_of_text",
    metavar="YYYY-MM-DD",
    default=None,
    help="按哪一天的规则生成（默认：北京时间今天）。",
)


def _clock(ctx: click.Context) -> Clock:
    obj = ctx.find_root().obj
    clock = obj.get("clock") if isinstance(obj, dict) else None
    return clock if clock is not None else system_clock


def _as_of(ctx: click.Context, text: str | None) -> dt.date:
    try:
        return resolve_as_of(text, _clock(ctx))
    except ValueError as exc:
        raise click.BadParameter(f"日期格式应为 YYYY-MM-DD：{text}", param_hint="--as-of") from exc


@click.group()
@click.version_option(package_name="enforcement-disclosure-publisher")
def main() -> None:
    """行政执法公示发布工具（enforcement-disclosure publisher）。"""


@main.command()
@CONTENT_OPTION
@click.option(
    "--output", type=click.Path(path_type=Path), default=Path("output"), show_default=True
)
@AS_OF_OPTION
@click.option("--site-url", default=None, help="网站地址，如 https://www.example.gov.cn/gxj/zfgs/")
@click.option(
    "--settings",
    "settings_file",
    type=click.Path(path_type=Path, dir_okay=False),
    default=Path("pelicanconf.py"),
    show_default=True,
    help="站点生成配置文件。",
)
@click.pass_context
def build(
    ctx: click.Context,
    content_dir: Path,
    output: Path,
    as_of_text: str | None,
    site_url: str | None,
    settings_file: Path,
) -> None:
    """生成公示网站（失败时保留原网站不变）。"""
    if not settings_file.is_file():
        raise click.UsageError(f"找不到站点配置文件 {settings_file}（用 --settings 指定）")
    options = BuildOptions(
        content=content_dir,
        output=output,
        as_of=_as_of(ctx, as_of_text),
        settings_file=settings_file,
        site_url=site_url,
    )
    ctx.exit(build_site(options))


def collect_findings(content_dir: Path, as_of: dt.date) -> tuple[list[Finding], str | None]:
    """Schema, R-A rules and the silent-edit history check, every finding at once, and a note
    when the history could not be checked (fully)."""
    result = load_content(content_dir)
    findings = list(result.findings)
    if result.content is not None:
        findings += run_checks(result.content, as_of)
    history = check_history(content_dir, as_of)
    findings += history.findings
    return sorted_findings(findings), history.note


@main.command()
@CONTENT_OPTION
@AS_OF_OPTION
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text")
@click.pass_context
def check(
    ctx: click.Context, content_dir: Path, as_of_text: str | None, output_format: str
) -> None:
    """检查记录格式和公示规则；有错误时退出码非零。"""
    findings, note = collect_findings(content_dir, _as_of(ctx, as_of_text))
    if note:
        click.echo(f"提示（R-A6）：{note}", err=True)
    if output_format == "json":
        payload = [finding.to_json() for finding in findings]
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        for finding in findings:
            click.echo(finding.format_text())
        click.echo(_summary(findings), err=True)
    ctx.exit(1 if has_errors(findings) else 0)


def _summary(findings: list[Finding]) -> str:
    errors = sum(1 for f in findings if f.severity is Severity.ERROR)
    warnings = len(findings) - errors
    if not findings:
        return "检查通过：没有发现问题。"
    return f"共 {errors} 个错误、{warnings} 个警告。"


def _load_or_exit(ctx: click.Context, content_dir: Path) -> Content:
    result = load_content(content_dir)
    if result.content is None:
        for finding in sorted_findings(result.findings):
            click.echo(finding.format_text(), err=True)
        click.echo("内容有错误，请先运行 publisher check 并修正。", err=True)
        ctx.exit(1)
    assert result.content is not None
    return result.content


@main.command()
@CONTENT_OPTION
@AS_OF_OPTION
@click.pass_context
def status(ctx: click.Context, content_dir: Path, as_of_text: str | None) -> None:
    """显示当前公示情况、即将撤下的记录和下次需要重新生成网站的日期。"""
    content = _load_or_exit(ctx, content_dir)
    click.echo(format_status(status_report(content, _as_of(ctx, as_of_text))))


STATE_LABEL = {State.PUBLISHED: "公示中", State.WITHDRAWN: "显示撤下说明", State.HIDDEN: "未公开"}


def format_status(report: StatusReport) -> str:
    lines = [f"公示情况（{report.as_of.isoformat()}）"]
    lines.append(
        f"  公示中 {report.counts[State.PUBLISHED]} 件，"
        f"显示撤下说明 {report.counts[State.WITHDRAWN]} 件，"
        f"不公开 {report.counts[State.HIDDEN]} 件"
    )
    for reason, count in report.hidden_by_reason.items():
        lines.append(f"    不公开原因 {reason.value}: {count} 件")
    for days, changes in report.changes.items():
        lines.append(f"{days} 天内公示状态将变化的记录：{len(changes)} 件")
        for change in changes:
            lines.append(
                f"  {change.effective.isoformat()} 起  {change.record_id}  {change.title}"
                f"（现状：{STATE_LABEL[change.state]}；{change.why}）"
            )
    if report.past_period:
        lines.append("已过公示期但自动撤下已关闭、需人工撤下的记录（R-A4）：")
        lines.extend(f"  {e.record_id}（{e.why}）" for e in report.past_period)
    rebuild = report.next_rebuild.isoformat() if report.next_rebuild else "无"
    lines.append(f"下次必须重新生成网站的日期：{rebuild}")
    return "\n".join(lines)


@main.command()
@click.argument("kind", type=click.Choice([k.value for k in RecordType]))
@CONTENT_OPTION
@click.pass_context
def new(ctx: click.Context, kind: str, content_dir: Path) -> None:
    """新建一条记录（penalty 行政处罚 | inspection 行政检查），自动分配下一个编号。"""
    today = resolve_as_of(None, _clock(ctx))
    path = create_record(content_dir, RecordType(kind), today)
    click.echo(f"已新建 {path}：请替换其中的【待填写】内容；公示前填写 published 日期。")


@main.command()
@click.option(
    "--output",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("schemas"),
    show_default=True,
)
def schema(output: Path) -> None:
    """写出 JSON Schema 文件，供编辑器实时校验。"""
    for path in write_schemas(output):
        click.echo(f"已写出 {path}")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
