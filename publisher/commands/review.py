"""`publisher review`: the annual case-file review (R-B6).

`sample` draws the year's files and writes `content/reviews/<year>.yaml` once; reviewers then
fill in the sheets; `report` sums up scores and grades.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import click
import yaml

from publisher.commands.common import AS_OF_OPTION, CONTENT_OPTION, as_of_date, load_or_exit
from publisher.loader import REVIEWS_DIR
from publisher.settings import ReviewSettings
from publisher.supervision.casereview import VETO_LABEL, CaseReview, Veto
from publisher.supervision.ranking import ranked
from publisher.supervision.review import (
    FileResult,
    ReviewReport,
    describe_missing,
    draw_sample,
    find_review,
    review_report,
)

YEAR_OPTION = click.option("--year", type=int, required=True, help="评查年度，如 2025。")


@click.group(name="review")
def review() -> None:
    """年度案卷评查（R-B6）：抽取案卷、汇总评分。"""


@review.command()
@YEAR_OPTION
@click.option("--seed", required=True, help="抽取前公布的随机种子（文本），如某期彩票开奖号码。")
@CONTENT_OPTION
@AS_OF_OPTION
@click.pass_context
def sample(
    ctx: click.Context, year: int, seed: str, content_dir: Path, as_of_text: str | None
) -> None:
    """抽取某年度的评查案卷，写出 reviews/<年度>.yaml（已有时不覆盖）。"""
    seed = seed.strip()
    if not seed:
        raise click.BadParameter("种子不能为空", param_hint="--seed")
    today = as_of_date(ctx, as_of_text)
    path = content_dir / REVIEWS_DIR / f"{year}.yaml"
    _refuse_if_drawn(ctx, path)
    content = load_or_exit(ctx, content_dir)
    if (existing := find_review(content, year)) is not None:
        _refuse_if_drawn(ctx, existing.path)
    drawn = draw_sample(content, year, seed, today)
    if not drawn.candidates:
        click.echo(
            f"{year} 年没有已归档的案件（案卷 case 中没有该年的 archive 环节），未抽取。", err=True
        )
        ctx.exit(1)
    if today <= dt.date(year, 12, 31):
        click.echo(f"提示：{year} 年尚未结束，此后归档的案件不在抽取范围内。", err=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = review_yaml(drawn, content.settings.supervision.review, content.settings.organ)
    path.write_text(text, encoding="utf-8")
    click.echo(format_draw(drawn))
    click.echo(f"已写出 {path}：请评查人填写每份评查表的 reviewer 和 scores。")


def _refuse_if_drawn(ctx: click.Context, path: Path) -> None:
    # A sample redrawn with another seed could be picked to avoid a file: it is drawn once.
    if path.exists():
        click.echo(f"{path} 已存在：每年只抽取一次，抽取结果不得重新抽取。", err=True)
        ctx.exit(1)


def format_draw(drawn: CaseReview) -> str:
    chosen = set(drawn.sample)
    lines = [
        f"{drawn.year} 年度案卷评查抽取：种子“{drawn.seed}”，"
        f"候选案卷 {len(drawn.candidates)} 件，抽中 {len(drawn.sample)} 件",
        "候选案卷按 SHA-256(种子:编号) 从小到大排列：",
    ]
    for position, (record_id, value) in enumerate(ranked(drawn.seed, drawn.candidates), 1):
        mark = "  抽中" if record_id in chosen else ""
        lines.append(f"  {position:>3}. {record_id}  {value}{mark}")
    lines.append(f"抽中的案卷：{'、'.join(drawn.sample)}")
    return "\n".join(lines)


class _Dumper(yaml.SafeDumper):
    """Empty values as staff write them (`reviewer:`), not `null`."""


def _represent_none(dumper: yaml.SafeDumper, _value: None) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:null", "")


_Dumper.add_representer(type(None), _represent_none)


def review_yaml(drawn: CaseReview, settings: ReviewSettings, organ: str) -> str:
    """The review file: a header that tells reviewers what to fill in, then the data in the
    schema's key order."""
    data = drawn.model_dump(mode="json")
    data["drawn"] = drawn.drawn  # a plain YAML date, as staff write dates elsewhere
    body = yaml.dump(
        data,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=1000,
    )
    return "".join(f"# {line}".rstrip() + "\n" for line in _header(drawn, settings, organ)) + body


def _header(drawn: CaseReview, settings: ReviewSettings, organ: str) -> list[str]:
    total = sum(item.points for item in settings.items)
    return [
        f"{organ} {drawn.year} 年度案卷评查（R-B6）",
        f"由 publisher review sample 于 {drawn.drawn.isoformat()} 抽取。",
        "year、seed、drawn、sample_ratio、sample_min、candidates、sample 是抽取记录，不得修改。",
        "评查人在每份评查表（sheets）中填写 reviewer（评查人）和 scores（各项得分），",
        "确认或修改 vetoes（否决项，automatic 中的问题是抽取时自动检查的结果，供参考），",
        "可在 comment 中写评查意见。",
        f"评查项目（scores 的键）及满分，合计 {total} 分：",
        *(f"  {item.code}: {item.name}，{item.points} 分" for item in settings.items),
        "否决项（有任一项的案卷计 0 分、不合格）：",
        *(f"  {veto.value}: {VETO_LABEL[veto]}" for veto in Veto),
        f"等级：{settings.excellent} 分以上优秀，{settings.passing} 分以上合格，其余不合格。",
        "",
    ]


@review.command(name="report")
@YEAR_OPTION
@CONTENT_OPTION
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text")
@click.pass_context
def report_command(ctx: click.Context, year: int, content_dir: Path, output_format: str) -> None:
    """显示某年度案卷评查的得分和等级（按案卷、按科室）。"""
    content = load_or_exit(ctx, content_dir)
    result = review_report(content, year, content.settings.supervision.review)
    if result is None:
        path = content_dir / REVIEWS_DIR / f"{year}.yaml"
        why = "无法读取，请运行 publisher check --scope supervision" if path.exists() else "不存在"
        click.echo(f"没有 {year} 年度的案卷评查：{path} {why}。", err=True)
        ctx.exit(1)
    assert result is not None
    if output_format == "json":
        click.echo(json.dumps(report_json(result), ensure_ascii=False, indent=2))
    else:
        click.echo(format_report(result, content.settings.organ))


def format_report(report: ReviewReport, organ: str) -> str:
    lines = [
        f"{organ} {report.year} 年度案卷评查结果",
        f"抽取日期 {report.drawn.isoformat()}，种子“{report.seed}”，"
        f"候选案卷 {report.candidates} 件，抽中 {len(report.files)} 件（{report.file}）",
        "",
        "案卷：",
        *(f"  {_file_line(f)}" for f in report.files),
        "",
        "科室：",
    ]
    for section in report.sections:
        average = "—" if section.average is None else f"{section.average:.1f} 分"
        grades = "，".join(f"{grade} {count} 件" for grade, count in section.grades.items())
        lines.append(
            f"  {section.section}  {section.files} 件，平均 {average}；{grades}，"
            f"未完成 {section.incomplete} 件"
        )
    vetoes = "；".join(f"{VETO_LABEL[v]} {n} 件" for v, n in report.vetoes.items() if n)
    lines += ["", f"否决项：{vetoes or '无'}"]
    incomplete = "、".join(report.incomplete)
    lines.append(f"未完成的评查表：{incomplete}" if incomplete else "全部评查表已完成。")
    return "\n".join(lines)


def _file_line(file: FileResult) -> str:
    result = file.result
    head = f"{file.record}  {file.section}  评查人 {result.reviewer or '—'}"
    if not file.has_sheet:
        status = "没有评查表"
    elif result.grade is not None:
        status = f"{result.total} 分  {result.grade}"
    elif not result.complete:
        status = f"未完成（{describe_missing(result)}）"
    else:
        status = "评分有误，未定等级"
    if result.vetoes:
        status += f"（否决：{'、'.join(VETO_LABEL[v] for v in result.vetoes)}）"
    problems = "".join(f"；{p.message}" for p in result.problems)
    return f"{head}  {status}{problems}"


def report_json(report: ReviewReport) -> dict[str, Any]:
    return {
        "year": report.year,
        "seed": report.seed,
        "drawn": report.drawn.isoformat(),
        "file": report.file,
        "candidates": report.candidates,
        "sampled": len(report.files),
        "files": [_file_json(f) for f in report.files],
        "sections": [
            {
                "section": s.section,
                "files": s.files,
                "average": s.average,
                "grades": {grade.value: count for grade, count in s.grades.items()},
                "incomplete": s.incomplete,
            }
            for s in report.sections
        ],
        "vetoes": {veto.value: count for veto, count in report.vetoes.items()},
        "incomplete": list(report.incomplete),
    }


def _file_json(file: FileResult) -> dict[str, Any]:
    result = file.result
    return {
        "record": file.record,
        "section": file.section,
        "has_sheet": file.has_sheet,
        "reviewer": result.reviewer,
        "total": result.total,
        "grade": None if result.grade is None else result.grade.value,
        "complete": result.complete,
        "vetoes": [veto.value for veto in result.vetoes],
        "missing": list(result.missing),
        "problems": [problem.message for problem in result.problems],
    }
