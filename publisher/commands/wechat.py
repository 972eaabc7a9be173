"""`publisher wechat push|status|withdraw`: the official account as a carrier (R-A1).

Push and withdraw talk to WeChat and must run on the bureau's registered machine (the
account's IP allow-list refuses every other address, 40164); status reads the content and
the ledger only. Tests and users plug a fake through the context object: `sleep` (the wait
between polls), `wechat_transport` (an `httpx.BaseTransport`) and `environ` (instead of
`os.environ`), besides the `clock` every command takes.
"""

from __future__ import annotations

import ast
import datetime as dt
import json
import os
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, NoReturn

import click
import httpx

from publisher.commands.common import AS_OF_OPTION, CONTENT_OPTION, as_of_date, load_or_exit
from publisher.content import Content
from publisher.errors import WechatError
from publisher.findings import has_errors, sorted_findings
from publisher.sitemap import absolute_url
from publisher.visibility import plan_publication
from publisher.wechat.api import (
    DEFAULT_API_BASE,
    Credentials,
    WechatClient,
    credentials_from_env,
)
from publisher.wechat.articles import WechatArticle
from publisher.wechat.bookkeeping import LedgerBook, with_deleted
from publisher.wechat.ledger import Ledger, ledger_path, load_ledger
from publisher.wechat.push import (
    Cover,
    Poll,
    Publisher,
    articles_of_the_day,
    cover_path,
    pending_articles,
    read_cover,
)
from publisher.wechat.stale import StaleArticle, stale_articles
from publisher.wechat.withdraw import Selection, chosen, follow_up_articles, withdraw

SITE_SETTINGS = (Path("publishconf.py"), Path("pelicanconf.py"))
"""Where the site's address is read from when --site-url is not given (the first that has a
literal `SITEURL = "…"`): the deployment settings, as `publisher build` uses them."""

API_BASE_OPTION = click.option(
    "--api-base",
    default=DEFAULT_API_BASE,
    show_default=True,
    help="微信接口地址（测试时指向本机的模拟接口，如 http://127.0.0.1:8899）。",
)
SITE_URL_OPTION = click.option(
    "--site-url",
    default=None,
    help="公示网站地址，文章中的链接和“阅读原文”指向这里（默认取 publishconf.py 的 SITEURL）。",
)
DRY_RUN_OPTION = click.option(
    "--dry-run", is_flag=True, help="只显示将要发送的内容，不连接微信、不改台账。"
)
OUTPUT_OPTION = click.option(
    "--output",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("output"),
    show_default=True,
    help="已生成的网站目录，--dry-run 时指出其中 wechat/ 下的文章预览。",
)


@click.group(name="wechat")
def wechat() -> None:
    """微信公众号（R-A1）：推送公示文章，查看并撤下与网站不一致的文章。"""


# --- push ---------------------------------------------------------------------------------------


@wechat.command(name="push")
@CONTENT_OPTION
@OUTPUT_OPTION
@AS_OF_OPTION
@API_BASE_OPTION
@SITE_URL_OPTION
@DRY_RUN_OPTION
@click.pass_context
def push_command(
    ctx: click.Context,
    content_dir: Path,
    output: Path,
    as_of_text: str | None,
    api_base: str,
    site_url: str | None,
    dry_run: bool,
) -> None:
    """把尚未发布的公示摘要（已结束的每期）和撤下、更正说明发布到公众号，并记入台账。"""
    as_of = as_of_date(ctx, as_of_text)
    content = load_or_exit(ctx, content_dir)
    ledger = ledger_or_exit(ctx, content_dir)
    articles = articles_of_the_day(content, as_of, resolve_site_url(site_url))
    pending = pending_articles(articles, ledger, as_of)
    if not pending:
        click.echo(
            f"没有需要推送的文章（{as_of.isoformat()}）：台账已包含全部已结束各期的摘要和说明。"
        )
        return
    cover = cover_or_exit(ctx, content)
    if dry_run:
        click.echo("\n".join(dry_run_lines(pending, ledger, cover, output, ctx)))
        return
    with connect(ctx, api_base) as client:
        publisher = make_publisher(ctx, client, content_dir, ledger, cover, as_of)
        run_or_exit(ctx, lambda: publisher.publish_all(pending), len(pending), "推送")
    click.echo(
        f"推送完成：发布 {len(pending)} 篇，已写入 {ledger_path(content_dir)}，请提交（commit）。"
    )


# --- status -------------------------------------------------------------------------------------


@wechat.command(name="status")
@CONTENT_OPTION
@AS_OF_OPTION
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text")
@click.pass_context
def status_command(
    ctx: click.Context, content_dir: Path, as_of_text: str | None, output_format: str
) -> None:
    """列出公众号上仍载有已撤下、已到期或已更正记录的文章；有则退出码为 1。"""
    as_of = as_of_date(ctx, as_of_text)
    stale = stale_or_exit(ctx, content_dir, as_of)
    if output_format == "json":
        payload = {"as_of": as_of.isoformat(), "articles": [a.to_json() for a in stale]}
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        click.echo("\n".join(status_lines(stale, as_of.isoformat())))
    ctx.exit(1 if stale else 0)


def status_lines(stale: Sequence[StaleArticle], day: str) -> list[str]:
    if not stale:
        return [f"公众号文章与网站一致（{day}）：没有需要撤下的文章。"]
    lines = [f"公众号上需要撤下的文章（{day}）：{len(stale)} 篇"]
    for article in stale:
        where = f"  {article.url}" if article.url else ""
        lines.append(
            f"  {article.key} 第 {article.index} 篇《{article.title}》"
            f"（推送于 {article.pushed.isoformat()}）{where}"
        )
        lines.extend(f"    {problem.describe()}" for problem in article.problems)
        lines.append(f"    处理：{article.action()}")
    return lines


# --- withdraw -----------------------------------------------------------------------------------


def _explicit_index(ctx: click.Context, param: click.Parameter, value: int | None) -> int | None:
    if value is not None and value < 1:
        raise click.BadParameter(
            f"文章序号从 1 开始，不能是 {value}：0 或不填会删除整次发布的全部文章，本工具不这样做",
            ctx=ctx,
            param=param,
        )
    return value


@wechat.command(name="withdraw")
@CONTENT_OPTION
@OUTPUT_OPTION
@AS_OF_OPTION
@API_BASE_OPTION
@SITE_URL_OPTION
@DRY_RUN_OPTION
@click.option("--key", default=None, help="只撤下这一篇：台账中的文章键，如 2026-W47。")
@click.option(
    "--index",
    type=int,
    default=None,
    callback=_explicit_index,
    help="与 --key 同用：文章序号，从 1 开始。",
)
@click.pass_context
def withdraw_command(
    ctx: click.Context,
    content_dir: Path,
    output: Path,
    as_of_text: str | None,
    api_base: str,
    site_url: str | None,
    dry_run: bool,
    key: str | None,
    index: int | None,
) -> None:
    """用 freepublish/delete（逐篇指定序号）删除需要撤下的文章，并发布撤下、更正说明。"""
    if (key is None) != (index is None):
        raise click.UsageError("--key 和 --index 须同时给出（序号从 1 开始）")
    selection = Selection(key, index) if key is not None and index is not None else None
    as_of = as_of_date(ctx, as_of_text)
    content = load_or_exit(ctx, content_dir)
    ledger = ledger_or_exit(ctx, content_dir)
    try:
        targets = chosen(stale_of(content, ledger, as_of), selection)
    except WechatError as error:
        fail(ctx, str(error))
    if not targets:
        click.echo(f"公众号文章与网站一致（{as_of.isoformat()}）：没有需要撤下的文章。")
        return
    articles = articles_of_the_day(content, as_of, resolve_site_url(site_url))
    follow_ups = planned_follow_ups(targets, articles, ledger, as_of)
    # The cover is checked before anything is deleted, but only when something will be
    # published: a broken cover must not hold back taking an article down.
    cover = cover_or_exit(ctx, content) if follow_ups else None
    if dry_run:
        click.echo(
            "\n".join(withdraw_dry_run_lines(targets, follow_ups, ledger, cover, output, ctx))
        )
        return
    with connect(ctx, api_base) as client:
        publisher = make_publisher(ctx, client, content_dir, ledger, cover, as_of)
        result = run_or_exit(
            ctx, lambda: withdraw(publisher, targets, articles), len(targets), "撤下"
        )
    for refusal in result.refused:
        click.echo(f"错误：{refusal.message}", err=True)
    click.echo(
        f"撤下：删除 {len(result.deleted)} 篇，发布说明和重新发布的摘要 {len(result.published)} 篇，"
        f"已写入 {ledger_path(content_dir)}，请提交（commit）。"
    )
    if result.refused:
        fail(
            ctx,
            f"有 {len(result.refused)} 篇未能删除，见上；处理后重新运行 publisher wechat withdraw。",
        )


# --- shared steps -------------------------------------------------------------------------------


def fail(ctx: click.Context, message: str) -> NoReturn:
    click.echo(message, err=True)
    ctx.exit(1)


def _obj(ctx: click.Context) -> Mapping[str, Any]:
    obj = ctx.find_root().obj
    return obj if isinstance(obj, dict) else {}


def ledger_or_exit(ctx: click.Context, content_dir: Path) -> Ledger:
    """The ledger, or its problems on stderr and exit 1: pushing on a ledger that cannot be
    read would publish everything again."""
    loaded = load_ledger(content_dir)
    if loaded.ledger is None or has_errors(loaded.findings):
        for finding in sorted_findings(loaded.findings):
            click.echo(finding.format_text(), err=True)
        fail(ctx, f"台账 {ledger_path(content_dir)} 有错误，请先修正（见 publisher check）。")
    return loaded.ledger


def stale_of(content: Content, ledger: Ledger, as_of: dt.date) -> list[StaleArticle]:
    plan = plan_publication([r.record for r in content.records], content.settings, as_of)
    return stale_articles(content, plan, ledger)


def stale_or_exit(ctx: click.Context, content_dir: Path, as_of: dt.date) -> list[StaleArticle]:
    content = load_or_exit(ctx, content_dir)
    return stale_of(content, ledger_or_exit(ctx, content_dir), as_of)


def cover_or_exit(ctx: click.Context, content: Content) -> Cover:
    try:
        return read_cover(cover_path(content))
    except WechatError as error:
        fail(ctx, str(error))


def resolve_site_url(site_url: str | None) -> str:
    """--site-url, else the literal SITEURL of the deployment settings."""
    url = site_url or site_url_from_settings(SITE_SETTINGS)
    if url is None:
        raise click.UsageError(
            "找不到 publishconf.py 中的 SITEURL：请用 --site-url 指定公示网站地址"
        )
    try:
        absolute_url(url, "")
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--site-url") from error
    return url


def site_url_from_settings(candidates: Sequence[Path]) -> str | None:
    """The first `SITEURL = "…"` string literal in the settings files (read, never run)."""
    for path in candidates:
        if not path.is_file():
            continue
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if (
                isinstance(node, ast.Assign)
                and any(isinstance(t, ast.Name) and t.id == "SITEURL" for t in node.targets)
                and isinstance(node.value, ast.Constant)
                and isinstance(node.value.value, str)
            ):
                return node.value.value
    return None


def connect(ctx: click.Context, api_base: str) -> WechatClient:
    obj = _obj(ctx)
    environ = obj.get("environ", os.environ)
    try:
        credentials: Credentials = credentials_from_env(environ)
    except WechatError as error:
        fail(ctx, str(error))
    transport = obj.get("wechat_transport")
    assert transport is None or isinstance(transport, httpx.BaseTransport)
    return WechatClient(credentials, api_base=api_base, transport=transport)


def make_publisher(
    ctx: click.Context,
    client: WechatClient,
    content_dir: Path,
    ledger: Ledger,
    cover: Cover | None,
    as_of: dt.date,
) -> Publisher:
    sleep = _obj(ctx).get("sleep", time.sleep)
    return Publisher(
        client=client,
        book=LedgerBook(ledger_path(content_dir), ledger),
        cover=cover,
        as_of=as_of,
        poll=Poll(sleep=sleep),
        log=click.echo,
    )


def run_or_exit(ctx: click.Context, step: Callable[[], Any], planned: int, what: str) -> Any:
    """Run a step that talks to WeChat; on failure its message, what was kept, exit 1."""
    try:
        return step()
    except WechatError as error:
        click.echo(f"错误：{error}", err=True)
        fail(
            ctx,
            f"{what}中止：已确认完成的每一步都已写入台账，其余（计划 {planned} 篇中未完成的）"
            "没有记为已发布。请提交已写入的台账，处理上述问题后重新运行。",
        )


# --- dry runs -----------------------------------------------------------------------------------


def cover_line(ledger: Ledger, cover: Cover) -> str:
    size = f"{len(cover.data) / 1024:.1f} KB"
    if ledger.cover is not None and ledger.cover.sha256 == cover.sha256:
        return f"封面：{cover.path}（{size}），沿用台账中已上传的素材 {ledger.cover.media_id}"
    return f"封面：{cover.path}（{size}），将上传为永久素材（material/add_material，type=thumb）"


def article_lines(number: int, article: WechatArticle, output: Path) -> list[str]:
    size = len(article.content.encode("utf-8"))
    lines = [
        f"  {number}. {article.key}（{article.kind}）《{article.title}》",
        f"     载有记录：{'、'.join(article.record_ids) or '无'}",
        f"     draft/add：标题 {len(article.title)} 字，作者“{article.author}”，"
        f"摘要 {len(article.digest)} 字，正文 {len(article.content)} 字符（{size} 字节），"
        f"阅读原文 {article.content_source_url}",
    ]
    preview = output / "wechat" / f"{article.key}.html"
    if preview.is_file():
        lines.append(f"     预览：{preview}（请求体：{preview.with_suffix('.json')}）")
    return lines


def credentials_note(ctx: click.Context) -> list[str]:
    try:
        credentials_from_env(_obj(ctx).get("environ", os.environ))
    except WechatError:
        return [
            "提示：尚未设置环境变量 WECHAT_APPID、WECHAT_SECRET，正式运行前须在推送电脑上设置。"
        ]
    return []


def dry_run_lines(
    pending: Sequence[WechatArticle], ledger: Ledger, cover: Cover, output: Path, ctx: click.Context
) -> list[str]:
    if not pending:
        return ["（--dry-run）没有需要推送的文章。"]
    lines = [
        f"（--dry-run，未连接微信，台账未改动）将推送 {len(pending)} 篇文章：",
        cover_line(ledger, cover),
    ]
    for number, article in enumerate(pending, start=1):
        lines += article_lines(number, article, output)
    lines.append(
        "每篇依次调用 draft/add、freepublish/submit、freepublish/get（直到发布成功），然后写入台账。"
    )
    return lines + credentials_note(ctx)


def planned_follow_ups(
    targets: Sequence[StaleArticle],
    articles: Sequence[WechatArticle],
    ledger: Ledger,
    as_of: dt.date,
) -> list[WechatArticle]:
    """What `withdraw` will publish once the targets are deleted."""
    remaining = ledger
    for target in targets:
        remaining = with_deleted(remaining, target.publish_id, target.index, as_of)
    return follow_up_articles(articles, remaining, {t.key for t in targets}, as_of)


def withdraw_dry_run_lines(
    targets: Sequence[StaleArticle],
    follow_ups: Sequence[WechatArticle],
    ledger: Ledger,
    cover: Cover | None,
    output: Path,
    ctx: click.Context,
) -> list[str]:
    lines = [f"（--dry-run，未连接微信，台账未改动）将删除 {len(targets)} 篇文章："]
    lines += [
        f"  freepublish/delete article_id={t.article_id or '（台账中没有）'} index={t.index}"
        f"  {t.key}《{t.title}》"
        for t in targets
    ]
    lines.append(f"然后发布 {len(follow_ups)} 篇：")
    if cover is not None:
        lines.append(cover_line(ledger, cover))
    for number, article in enumerate(follow_ups, start=1):
        lines += article_lines(number, article, output)
    return lines + credentials_note(ctx)
