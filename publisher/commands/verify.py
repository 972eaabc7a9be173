"""`publisher verify`: is the deployed site what the plan says today? (the daily monitoring job)

Exit 0 when it is, 1 when anything is wrong (or the content itself has errors, which would
stop the rebuild too), 2 when the target cannot be read or the command is misused: a monitor
that cannot look must never report "all right".
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import click

from publisher.commands.common import AS_OF_METAVAR, CONTENT_OPTION, as_of_date, load_or_exit
from publisher.site import LISTING_PAGE_SIZE
from publisher.verify import (
    DEFAULT_TIMEOUT,
    Fetcher,
    FetchError,
    FolderFetcher,
    HttpFetcher,
    Verification,
    verify_site,
)


@click.command(name="verify")
@CONTENT_OPTION
@click.option(
    "--as-of",
    "as_of_text",
    metavar=AS_OF_METAVAR,
    default=None,
    help="按哪一天的公示计划核对：YYYY-MM-DD，或 today（北京时间今天，也是默认值）。",
)
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=DEFAULT_TIMEOUT,
    show_default=True,
    help="按网址核对时，每个请求的超时秒数。",
)
@click.option(
    "--page-size",
    type=click.IntRange(min=1),
    default=LISTING_PAGE_SIZE,
    show_default=True,
    help="列表每页条数，与生成网站时的 DISCLOSURE_PAGE_SIZE 一致。",
)
@click.argument("target")
@click.pass_context
def verify(
    ctx: click.Context,
    content_dir: Path,
    as_of_text: str | None,
    output_format: str,
    timeout: float,
    page_size: int,
    target: str,
) -> None:
    """核对已部署的公示网站 TARGET（文件夹或 http(s) 网址）是否与公示计划一致。"""
    as_of = as_of_date(ctx, as_of_text)
    fetcher = fetcher_for(target, timeout)
    content = load_or_exit(ctx, content_dir)
    try:
        result = verify_site(content, as_of, fetcher, page_size)
    except FetchError as error:
        click.echo(f"错误：无法核对 {target}：{error}", err=True)
        ctx.exit(2)
    if output_format == "json":
        click.echo(json.dumps(as_json(result, target, fetcher), ensure_ascii=False, indent=2))
    else:
        for line in as_text(result, fetcher):
            click.echo(line)
    click.echo(summary(result, target), err=True)
    ctx.exit(0 if result.ok else 1)


def fetcher_for(target: str, timeout: float) -> Fetcher:
    """A folder, or the site's address over HTTP(S); anything else is a usage error."""
    parts = urlsplit(target)
    if parts.scheme.lower() in ("http", "https"):
        if not parts.hostname:
            raise click.BadParameter(f"网址缺少主机名：{target}", param_hint="TARGET")
        return HttpFetcher(target, timeout)
    if "://" in target:
        raise click.BadParameter(f"只支持文件夹或 http(s) 网址：{target}", param_hint="TARGET")
    folder = Path(target)
    if not folder.is_dir():
        raise click.BadParameter(f"找不到文件夹 {target}", param_hint="TARGET")
    return FolderFetcher(folder)


def as_text(result: Verification, fetcher: Fetcher) -> list[str]:
    lines = []
    for problem in result.problems:
        where = fetcher.location(problem.path)
        if problem.line is not None:
            where = f"{where}:{problem.line}"
        lines.append(f"{where}: 错误 [{problem.rule}] {problem.message}")
    return lines


def as_json(result: Verification, target: str, fetcher: Fetcher) -> dict[str, object]:
    return {
        "target": target,
        "as_of": result.as_of.isoformat(),
        "ok": result.ok,
        "checked": result.checked,
        "problems": [
            {
                "rule": p.rule,
                "severity": "error",
                "kind": p.kind.value,
                "record": p.record,
                "file": p.path,
                "line": p.line,
                "location": fetcher.location(p.path),
                "message": p.message,
            }
            for p in result.problems
        ],
    }


def summary(result: Verification, target: str) -> str:
    day = result.as_of.isoformat()
    if result.ok:
        return f"核对通过：{target} 与 {day} 的公示计划一致（读取了 {result.checked} 个文件）。"
    return (
        f"发现 {len(result.problems)} 个问题：{target} 与 {day} 的公示计划不一致。"
        "请检查每日重新生成网站的任务，重新运行 publisher build 并部署。"
    )
