"""Options and helpers every command shares: the content folder, the as-of date, the clock."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from publisher.clock import Clock, resolve_as_of, system_clock
from publisher.content import Content
from publisher.date_range import EARLIEST, LATEST, is_in_range
from publisher.findings import sorted_findings
from publisher.loader import load_content

CONTENT_OPTION = click.option(
    "--content",
    "content_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("content"),
    show_default=True,
    help="内容目录（records repository）。",
)
AS_OF_METAVAR = "YYYY-MM-DD|today"
AS_OF_OPTION = click.option(
    "--as-of",
    "as_of_text",
    metavar=AS_OF_METAVAR,
    default=None,
    help="按哪一天的规则生成：YYYY-MM-DD，或 today（北京时间今天，也是默认值）。",
)


def clock_of(ctx: click.Context) -> Clock:
    obj = ctx.find_root().obj
    clock = obj.get("clock") if isinstance(obj, dict) else None
    return clock if clock is not None else system_clock


def as_of_date(ctx: click.Context, text: str | None) -> dt.date:
    try:
        day = resolve_as_of(text, clock_of(ctx))
    except ValueError as exc:
        raise click.BadParameter(
            f"日期格式应为 YYYY-MM-DD，或写 today（北京时间今天）：{text}", param_hint="--as-of"
        ) from exc
    if not is_in_range(day):  # the same range as content dates: every count stays in range
        raise click.BadParameter(
            f"日期应在 {EARLIEST.isoformat()} 至 {LATEST.isoformat()} 之间：{text}",
            param_hint="--as-of",
        )
    return day


def load_or_exit(ctx: click.Context, content_dir: Path) -> Content:
    """The loaded content, or every finding on stderr and exit 1."""
    result = load_content(content_dir)
    if result.content is None:
        for finding in sorted_findings(result.findings):
            click.echo(finding.format_text(), err=True)
        click.echo("内容有错误，请先运行 publisher check 并修正。", err=True)
        ctx.exit(1)
    assert result.content is not None
    return result.content
