"""`publisher draw new` and `publisher draw verify`: the double-random draw (R-B5).

A draw is made once and recorded; it is never redone, since a second try would let staff
choose between outcomes. `verify` recomputes a record from its own inputs, so anyone holding
the file (or the published page) gets the same answer.
"""

from __future__ import annotations

from pathlib import Path
from typing import NoReturn, TypeVar

import click
import yaml
from pydantic import BaseModel, ValidationError

from publisher.clock import resolve_as_of
from publisher.commands.common import CONTENT_OPTION, clock_of
from publisher.content import Content
from publisher.findings import sorted_findings
from publisher.input_forms import normalise
from publisher.loader import DRAWS_DIR, TARGETS_FILE, load_content
from publisher.supervision.drawing import DrawError, new_draw, verify_draw
from publisher.supervision.draws import DrawPlan, DrawRecord
from publisher.validation_messages import describe_error
from publisher.yamlsource import RefusedFile, YamlSyntaxError, load_yaml_file

ModelT = TypeVar("ModelT", bound=BaseModel)

RECORD_HEADER = (
    "# 双随机抽取记录（R-B5），由 publisher draw new 生成。抽取的输入和结果不得修改：\n"
    "# publisher check 会按记录重新计算并核对。检查结束后只需填写 results_published\n"
    "# （检查结果公示日期）和 results（检查结果记录编号）。\n"
)


@click.group(name="draw")
def draw() -> None:
    """双随机抽查（第七条）：按公开的随机种子抽取检查对象和执法人员，并可由任何人复核。"""


@draw.command(name="new")
@click.option(
    "--plan",
    "plan_file",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    required=True,
    help="抽查计划文件（如 content/draws/plans/2026-sj-01.yaml）。",
)
@click.option("--seed", required=True, help="抽取前已公布的随机种子（原样照抄）。")
@CONTENT_OPTION
@click.option(
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="抽取记录写到哪里（默认：内容目录/draws/<抽查编号>.yaml）。",
)
@click.pass_context
def new_command(
    ctx: click.Context, plan_file: Path, seed: str, content_dir: Path, output: Path | None
) -> None:
    """按计划抽取检查对象和检查组，写出抽取记录；同一计划只能抽取一次。"""
    plan = read_model_or_exit(ctx, plan_file, DrawPlan)
    content = load_for_draw(ctx, content_dir)
    target = output or content_dir / DRAWS_DIR / f"{plan.id}.yaml"
    refuse_redraw(ctx, content, plan, target)
    today = resolve_as_of(None, clock_of(ctx))
    if plan.date > today:
        # Certificates and the register are judged on plan.date: a future day is not known yet.
        fail(
            ctx,
            f"计划的抽取日期 {plan.date.isoformat()} 晚于今天（{today.isoformat()}）：请在抽取当日运行",
        )
    if plan.date < today:
        # Recording a draw made earlier (e.g. on the county's platform) is allowed: the result is
        # computed from the register and certificates of plan.date, and the seed was public.
        click.echo(
            f"提示：计划的抽取日期为 {plan.date.isoformat()}，按该日的检查对象名录和执法证件抽取；"
            "种子须是该日抽取前已公布的种子",
            err=True,
        )
    try:
        record = new_draw(content, plan, seed)
    except DrawError as error:
        fail(ctx, f"无法抽取：{error}")
    write_record(target, record)
    click.echo("\n".join(format_draw(record)))
    click.echo(f"\n已写出抽取记录 {target}：请提交（commit）；检查结束后公示结果。")


@draw.command(name="verify")
@click.argument("record_file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option(
    "--content",
    "content_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="同时核对候选名单与该内容目录中的对象名录和执法证件（不填只按记录本身复核）。",
)
@click.pass_context
def verify_command(ctx: click.Context, record_file: Path, content_dir: Path | None) -> None:
    """按抽取记录重新计算排序、抽中对象和检查组；一致退出码为 0，否则为 1。"""
    record = read_model_or_exit(ctx, record_file, DrawRecord)
    content = load_for_draw(ctx, content_dir) if content_dir is not None else None
    differences = verify_draw(record, content)
    if not differences:
        click.echo("一致")
        return
    click.echo(f"不一致（{len(differences)} 处）：")
    click.echo("\n".join(f"  {difference}" for difference in differences))
    ctx.exit(1)


# --- reading and writing ----------------------------------------------------------------------


def read_model_or_exit(ctx: click.Context, path: Path, model: type[ModelT]) -> ModelT:
    """`path` validated as `model`, or every problem with its line on stderr and exit 1."""
    try:
        document = load_yaml_file(path)
    except YamlSyntaxError as error:
        fail(ctx, f"{path}:{error.line}: 错误 YAML 格式错误：{error.problem}")
    except UnicodeDecodeError:
        fail(ctx, f"{path}: 错误 文件不是 UTF-8 编码")
    except RefusedFile as error:
        fail(ctx, f"{path}:1: 错误 {error.problem}")
    try:
        return model.model_validate(normalise(model, document.data))
    except ValidationError as error:
        for problem in error.errors():
            loc = tuple(part for part in problem["loc"] if isinstance(part, str | int))
            line = document.lines.line_of(loc)
            click.echo(f"{path}:{line}: 错误 {describe_error(loc, problem)}", err=True)
        ctx.exit(1)


def load_for_draw(ctx: click.Context, content_dir: Path) -> Content:
    """The content, refusing a broken register: a draw from part of it would not be fair."""
    result = load_content(content_dir)
    register = content_dir / TARGETS_FILE
    problems = [f for f in result.supervision_findings if Path(f.file) == register]
    if result.content is None or problems:
        for finding in sorted_findings([*result.findings, *problems]):
            click.echo(finding.format_text(), err=True)
        fail(ctx, "内容有错误，请先运行 publisher check 并修正。")
    return result.content


def refuse_redraw(ctx: click.Context, content: Content, plan: DrawPlan, target: Path) -> None:
    existing = [str(d.path) for d in content.draws if d.model.plan.id == plan.id]
    if target.exists():
        existing.append(str(target))
    if existing:
        fail(ctx, f"抽查 {plan.id} 已经抽取过（{'、'.join(sorted(set(existing)))}）：抽取不得重做")


def write_record(path: Path, record: DrawRecord) -> None:
    """Keys in the models' field order, dates unquoted, Chinese as written: staff read it."""
    data = record.model_dump(mode="python", exclude_none=True)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    # "x": never overwrite, even if the file appeared since the check above.
    with path.open("x", encoding="utf-8") as handle:
        handle.write(RECORD_HEADER + text)


def fail(ctx: click.Context, message: str) -> NoReturn:
    click.echo(message, err=True)
    ctx.exit(1)


# --- text for staff -----------------------------------------------------------------------------


def format_draw(record: DrawRecord) -> list[str]:
    plan = record.plan
    lines = [
        f"抽查 {plan.id}：事项 {plan.item}，抽取日期 {plan.date.isoformat()}",
        f"随机种子：{record.seed}" + (f"（来源：{plan.seed_source}）" if plan.seed_source else ""),
        "",
        f"检查对象候选（{len(record.target_candidates)} 个，按排序值从小到大，前 {plan.targets} 个抽中）：",
    ]
    selected = {team.target for team in record.teams}
    for number, candidate in enumerate(record.target_candidates, start=1):
        mark = "抽中" if candidate.id in selected else "    "
        name = f" {candidate.name}" if candidate.name else ""
        lines.append(f"  {number:>3}. {mark} {candidate.rank}  {candidate.id}{name}")
    lines += ["", f"执法人员候选（{len(record.officer_candidates)} 人，按排序值从小到大）："]
    lines += [
        f"  {number:>3}. {candidate.rank}  {candidate.id}"
        for number, candidate in enumerate(record.officer_candidates, start=1)
    ]
    lines += ["", f"检查组（每组 {plan.team_size} 人，已回避）："]
    lines += [f"  {team.target}：{'、'.join(team.officers)}" for team in record.teams]
    return lines
