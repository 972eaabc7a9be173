"""The command line: each command calls one function of the core and prints its result."""

from __future__ import annotations

import datetime as dt
import json
import sys
from enum import StrEnum
from pathlib import Path

import click

from publisher.build import BuildOptions, build_site
from publisher.checks import run_checks
from publisher.clock import resolve_as_of
from publisher.commands.carriers import carriers
from publisher.commands.common import (
    AS_OF_OPTION,
    CONTENT_OPTION,
    as_of_date,
    clock_of,
    load_or_exit,
)
from publisher.commands.draw import draw
from publisher.commands.evidence import evidence
from publisher.commands.faults import faults
from publisher.commands.report import report
from publisher.commands.review import review
from publisher.commands.synth import synth
from publisher.commands.verify import verify
from publisher.commands.wechat import wechat
from publisher.commands.who import who
from publisher.findings import Finding, Severity, has_errors, sorted_findings
from publisher.gitlog import completeness_findings, read_history_once
from publisher.history import check_history
from publisher.loader import load_content
from publisher.model import RecordType
from publisher.scaffold import create_record
from publisher.schemas import write_schemas
from publisher.status import StatusReport, status_report
from publisher.supervision.checks import run_supervision_checks
from publisher.supervision.evidence_history import check_evidence_history
from publisher.visibility import State


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
@click.option(
    "--no-cache",
    is_flag=True,
    help="不读也不写构建缓存（.cache/publisher/），从头完整生成。",
)
@click.pass_context
def build(
    ctx: click.Context,
    content_dir: Path,
    output: Path,
    as_of_text: str | None,
    site_url: str | None,
    settings_file: Path,
    no_cache: bool,
) -> None:
    """生成公示网站（失败时保留原网站不变）。"""
    if not settings_file.is_file():
        raise click.UsageError(f"找不到站点配置文件 {settings_file}（用 --settings 指定）")
    options = BuildOptions(
        content=content_dir,
        output=output,
        as_of=as_of_date(ctx, as_of_text),
        settings_file=settings_file,
        site_url=site_url,
        use_cache=not no_cache,
    )
    ctx.exit(build_site(options))


class Scope(StrEnum):
    """Which rules `publisher check` runs: publication (R-A, what gates deployment),
    supervision (R-B, the bureau's internal conduct) or both."""

    ALL = "all"
    PUBLICATION = "publication"
    SUPERVISION = "supervision"


def collect_findings(
    content_dir: Path, as_of: dt.date, scope: Scope = Scope.ALL, require_history: bool = False
) -> tuple[list[Finding], list[str]]:
    """Schema, rules and the history checks, every finding at once, and notes for staff when
    a history could not be checked; with `require_history` that is an error instead
    (`publisher.gitlog.completeness_findings`)."""
    result = load_content(content_dir)
    findings = list(result.findings)
    notes: list[str] = []
    internal = result.supervision_findings
    if scope is not Scope.SUPERVISION:
        # The correction-request register (R-A7) is a publication rule kept out of the build.
        findings += [f for f in internal if f.rule.startswith("R-A")]
        if result.content is not None:
            findings += run_checks(result.content, as_of)
    walk = read_history_once(content_dir, as_of)
    if scope is not Scope.SUPERVISION:
        history = check_history(content_dir, as_of, walk)
        extra, more_notes = completeness_findings(history, content_dir, "R-A6", require_history)
        findings += [*history.findings, *extra]
        notes += more_notes
    if scope is not Scope.PUBLICATION:
        findings += [f for f in internal if not f.rule.startswith("R-A")]
        if result.content is not None:
            findings += run_supervision_checks(result.content, as_of)
        evidence = check_evidence_history(content_dir, as_of, walk)
        extra, more_notes = completeness_findings(evidence, content_dir, "R-B3", require_history)
        findings += [*evidence.findings, *extra]
        notes += more_notes
    return sorted_findings(findings), notes


@main.command()
@CONTENT_OPTION
@AS_OF_OPTION
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text")
@click.option(
    "--scope",
    type=click.Choice([s.value for s in Scope]),
    default=Scope.ALL.value,
    show_default=True,
    help="publication 只查公示规则（R-A，部署前用）；supervision 只查内部监督（R-B）；all 全部。",
)
@click.option(
    "--require-history",
    is_flag=True,
    help="要求完整的 git 历史（CI 用）：浅克隆或不在 git 仓库中时报错，而不是只提示（R-A6、R-B3）。",
)
@click.pass_context
def check(
    ctx: click.Context,
    content_dir: Path,
    as_of_text: str | None,
    output_format: str,
    scope: str,
    require_history: bool,
) -> None:
    """检查记录格式、公示规则和内部监督规则；有错误时退出码非零。"""
    as_of = as_of_date(ctx, as_of_text)
    findings, notes = collect_findings(content_dir, as_of, Scope(scope), require_history)
    for note in notes:
        click.echo(note, err=True)
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


@main.command()
@CONTENT_OPTION
@AS_OF_OPTION
@click.option(
    "--next-change",
    is_flag=True,
    help="只输出下次网站因规则变化的日期（YYYY-MM-DD，北京时间），供定时任务使用；没有时不输出。",
)
@click.pass_context
def status(
    ctx: click.Context, content_dir: Path, as_of_text: str | None, next_change: bool
) -> None:
    """显示当前公示情况、即将撤下的记录和下次需要重新生成网站的日期。"""
    content = load_or_exit(ctx, content_dir)
    report = status_report(content, as_of_date(ctx, as_of_text))
    if next_change:
        # Only the date, so that schedulers can use it as is: `at 00:10 $(publisher status
        # --next-change)`. Nothing at all when no change is scheduled (exit 0 all the same).
        if report.next_rebuild is not None:
            click.echo(report.next_rebuild.isoformat())
        return
    click.echo(format_status(report))


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
    lines.extend(format_pending_requests(report))
    lines.extend(format_annual_report(report))
    rebuild = report.next_rebuild.isoformat() if report.next_rebuild else "无"
    lines.append(f"下次必须重新生成网站的日期：{rebuild}")
    return "\n".join(lines)


def format_annual_report(report: StatusReport) -> list[str]:
    """R-A10: from 1 January until it is on the site, the previous year's statistics report."""
    due = report.annual_report
    if due is None:
        return []
    return [f"{'逾期' if due.overdue else '提醒'}：{due.message()}（R-A10）"]


def format_pending_requests(report: StatusReport) -> list[str]:
    """R-A7: pending correction requests with their deadlines, the overdue ones marked."""
    requests = report.pending_requests
    if not requests:
        return ["待办理的更正申请（R-A7）：无"]
    overdue = sum(1 for r in requests if r.overdue)
    lines = [f"待办理的更正申请（R-A7）：{len(requests)} 件，其中已逾期 {overdue} 件"]
    lines.extend(
        f"  {r.request_id}  记录 {r.record_id}  收到 {r.received.isoformat()}"
        f"  办理期限 {r.due.isoformat()}{'  已逾期' if r.overdue else ''}"
        for r in requests
    )
    return lines


@main.command()
@click.argument("kind", type=click.Choice([k.value for k in RecordType]))
@CONTENT_OPTION
@click.pass_context
def new(ctx: click.Context, kind: str, content_dir: Path) -> None:
    """新建一条记录（penalty 行政处罚 | inspection 行政检查），自动分配下一个编号。"""
    today = resolve_as_of(None, clock_of(ctx))
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


for command in (who, draw, evidence, review, faults, report, verify, carriers, synth, wechat):
    main.add_command(command)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
