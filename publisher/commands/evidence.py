"""`publisher evidence`: verify the evidence store against the case files, hash files (R-B3)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from publisher.commands.common import CONTENT_OPTION, load_or_exit
from publisher.supervision.evidence import (
    EvidenceReport,
    Status,
    evidence_findings,
    hash_file,
    verify_store,
)


@click.group(name="evidence")
def evidence() -> None:
    """全过程记录的证据存储：核对文件是否齐全、未被修改，计算文件的 SHA-256（R-B3）。"""


@evidence.command()
@click.option(
    "--store",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    required=True,
    help="证据存储（本局专用存储器）的根目录；案卷中登记的文件路径相对于此目录。",
)
@CONTENT_OPTION
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text")
@click.pass_context
def verify(ctx: click.Context, store: Path, content_dir: Path, output_format: str) -> None:
    """核对每个案卷登记的文书和音像记录：缺失或被修改时退出码为 1。"""
    report = verify_store(load_or_exit(ctx, content_dir), store)
    if output_format == "json":
        click.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        for finding in evidence_findings(report):
            click.echo(finding.format_text())
        # Unlisted files are information, not problems: stderr keeps stdout to the problems.
        for name in report.unlisted:
            click.echo(f"提示：{Path(store, name)} 未被任何案卷登记（R-B3）", err=True)
        click.echo(_summary(report), err=True)
    ctx.exit(1 if report.problems else 0)


def _summary(report: EvidenceReport) -> str:
    total = len(report.entries)
    if not report.problems:
        return f"证据存储核对通过：登记的 {total} 个文件齐全且未被修改。"
    missing, altered, refused = (
        len(report.with_status(status))
        for status in (Status.MISSING, Status.ALTERED, Status.REFUSED)
    )
    return (
        f"核对登记的 {total} 个文件：缺失 {missing} 个，被修改 {altered} 个，"
        f"路径越出证据存储 {refused} 个；另有 {len(report.unlisted)} 个文件未被登记。"
    )


@evidence.command(name="hash")
@click.argument(
    "files",
    nargs=-1,
    required=True,
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
)
def hash_command(files: tuple[Path, ...]) -> None:
    """计算文件的 SHA-256，每行输出“哈希值  路径”，供填入案卷的 sha256。"""
    for file in files:
        click.echo(f"{hash_file(file)}  {file}")
