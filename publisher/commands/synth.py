"""`publisher synth`: write a fictional records repository of a given size (for benchmarks)."""

from __future__ import annotations

from pathlib import Path

import click

from publisher.commands.common import AS_OF_OPTION, as_of_date
from publisher.labels import RECORD_TYPE
from publisher.model import RecordType
from publisher.synth import OutputNotEmptyError, Special, SynthOptions, SynthSummary, synthesise

SPECIAL_LABEL = {
    Special.DRAFT: "草稿（未填公示日期）",
    Special.FUTURE: "公示日期在截止日之后",
    Special.MINOR: "未成年人案件（不公示）",
    Special.WITHDRAWN: "已撤下（撤下说明）",
    Special.REPLACEMENT: "重新作出的决定",
    Special.CORRECTED: "有更正记录",
}


@click.command(name="synth")
@click.option("--records", type=click.IntRange(min=1), required=True, help="记录条数。")
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    required=True,
    help="写入的目录（须不存在或为空）。",
)
@click.option("--seed", default="1", show_default=True, help="随机种子：相同种子生成相同内容。")
@AS_OF_OPTION
@click.pass_context
def synth(ctx: click.Context, records: int, out: Path, seed: str, as_of_text: str | None) -> None:
    """生成虚构的记录库（十年的行政处罚和行政检查记录及事前公开信息），用于性能测试。

    生成的目录可直接用作 --content；全部内容均为虚构。
    """
    as_of = as_of_date(ctx, as_of_text)
    try:
        summary = synthesise(SynthOptions(records=records, out=out, seed=seed, as_of=as_of))
    except OutputNotEmptyError:
        click.echo(f"目录 {out} 已存在且不为空：publisher synth 不覆盖任何文件。", err=True)
        ctx.exit(2)
    click.echo(format_summary(out, summary))


def format_summary(out: Path, summary: SynthSummary) -> str:
    kinds = "，".join(
        f"{RECORD_TYPE[kind]} {summary.by_type.get(kind, 0)} 件" for kind in RecordType
    )
    lines = [
        f"已在 {out} 生成 {summary.records} 条虚构记录"
        f"（{summary.first_day.isoformat()} 至 {summary.as_of.isoformat()}）：{kinds}；"
        f"当事人为自然人或个体工商户的 {summary.natural_persons} 件",
    ]
    lines += [
        f"  {label}：{summary.by_special.get(key, 0)} 件" for key, label in SPECIAL_LABEL.items()
    ]
    return "\n".join(lines)
