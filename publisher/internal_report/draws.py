"""Double-random draws (R-B5): what was drawn, whether the draw recomputes, and whether the
results were published in time.

The results deadline is `publisher.supervision.drawing.results_deadline` and the lateness
`deadline_problem`, the same as the R-B5 check; whether a draw recomputes is `verify_draw`
with the content (as `publisher draw verify <file> --content content`).
"""

from __future__ import annotations

import datetime as dt

from publisher.content import Content, Loaded
from publisher.internal_report.locations import Locator
from publisher.internal_report.model import DrawRow, DrawSection
from publisher.supervision.drawing import deadline_problem, results_deadline, verify_draw
from publisher.supervision.draws import DrawRecord
from publisher.workdays import WorkCalendar


def draw_section(content: Content, as_of: dt.date, locator: Locator) -> DrawSection:
    calendar = content.calendar()
    rows: list[DrawRow] = []
    missing: set[int] = set()
    for loaded in content.draws:
        row, missing_years = _row(loaded, content, calendar, as_of, locator)
        rows.append(row)
        missing |= missing_years
    return DrawSection(
        workdays=content.settings.deadlines.draw_results_workdays,
        rows=tuple(sorted(rows, key=lambda row: (row.date, row.id))),
        missing_years=tuple(sorted(missing)),
    )


def _row(
    loaded: Loaded[DrawRecord],
    content: Content,
    calendar: WorkCalendar,
    as_of: dt.date,
    locator: Locator,
) -> tuple[DrawRow, frozenset[int]]:
    draw = loaded.model
    plan = draw.plan
    answer = results_deadline(plan, content.settings, calendar)
    due = answer.date if answer is not None else None
    workdays = content.settings.deadlines.draw_results_workdays
    late = due is not None and deadline_problem(draw, due, as_of, workdays) is not None
    row = DrawRow(
        id=plan.id,
        item=_item_label(content, plan.item),
        date=plan.date,
        targets=tuple(_target_label(content, team.target) for team in draw.teams),
        inspection_end=plan.inspection_end,
        results_due=due,
        results_published=draw.results_published,
        status=draw_status(draw, due, as_of, late=late),
        overdue=late,
        differences=tuple(verify_draw(draw, content)),
        location=locator.at(loaded.path, loaded.line_of("plan")),
    )
    return row, answer.missing_years if answer is not None else frozenset()


def draw_status(draw: DrawRecord, due: dt.date | None, as_of: dt.date, *, late: bool) -> str:
    """Where the results stand, as staff read it; `late` is the R-B5 deadline verdict."""
    end = draw.plan.inspection_end
    if due is None or end is None:
        return "未填写检查结束日期，无法计算公示期限"
    if draw.results_published is not None:
        return "已公示（逾期）" if late else "已公示"
    if late:
        return "逾期未公示检查结果"
    if as_of <= end:
        return "检查进行中"
    return "待公示检查结果"


def _item_label(content: Content, code: str) -> str:
    names = {item.code: item.name for item in content.inspection_items.items}
    return f"{code} {names[code]}" if code in names else f"{code}（不在抽查事项清单中）"


def _target_label(content: Content, target_id: str) -> str:
    register = content.targets.model.targets if content.targets is not None else []
    names = {target.id: target.name for target in register}
    return f"{target_id} {names[target_id]}" if target_id in names else target_id
