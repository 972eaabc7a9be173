"""Double-random draws (R-B5): what was drawn and whether the results were published in time.

ADAPTER: `publisher.supervision.drawing.check_draws` (being written beside this module) will
verify the draws themselves and report as R-B5 findings; this module only summarises the draw
records for the report and computes the results deadline with the bureau's calendar. Switch
`draw_status` to the drawing module's own deadline once it exposes one.
"""

from __future__ import annotations

import datetime as dt

from publisher.content import Content, Loaded
from publisher.internal_report.locations import Locator
from publisher.internal_report.model import DrawRow
from publisher.supervision.draws import DrawRecord
from publisher.workdays import WorkCalendar


def draw_section(content: Content, as_of: dt.date, locator: Locator) -> tuple[DrawRow, ...]:
    calendar = content.calendar()
    rows = [_row(loaded, content, calendar, as_of, locator) for loaded in content.draws]
    return tuple(sorted(rows, key=lambda row: (row.date, row.id)))


def _row(
    loaded: Loaded[DrawRecord],
    content: Content,
    calendar: WorkCalendar,
    as_of: dt.date,
    locator: Locator,
) -> DrawRow:
    draw = loaded.model
    plan = draw.plan
    due = None
    if plan.inspection_end is not None:
        workdays = content.settings.deadlines.draw_results_workdays
        due = calendar.add_workdays(plan.inspection_end, workdays).date
    status, overdue = draw_status(draw, due, as_of)
    return DrawRow(
        id=plan.id,
        item=_item_label(content, plan.item),
        date=plan.date,
        targets=tuple(_target_label(content, team.target) for team in draw.teams),
        inspection_end=plan.inspection_end,
        results_due=due,
        results_published=draw.results_published,
        status=status,
        overdue=overdue,
        location=locator.at(loaded.path, loaded.line_of("plan")),
    )


def draw_status(draw: DrawRecord, due: dt.date | None, as_of: dt.date) -> tuple[str, bool]:
    """(what staff read, whether the results deadline was missed)."""
    published = draw.results_published
    end = draw.plan.inspection_end
    if due is None or end is None:
        return ("未填写检查结束日期，无法计算公示期限", False)
    if published is not None:
        late = published > due
        return (f"已公示{'（逾期）' if late else ''}", late)
    if as_of <= end:
        return ("检查进行中", False)
    if as_of > due:
        return ("逾期未公示检查结果", True)
    return ("待公示检查结果", False)


def _item_label(content: Content, code: str) -> str:
    names = {item.code: item.name for item in content.inspection_items.items}
    return f"{code} {names[code]}" if code in names else f"{code}（不在抽查事项清单中）"


def _target_label(content: Content, target_id: str) -> str:
    register = content.targets.model.targets if content.targets is not None else []
    names = {target.id: target.name for target in register}
    return f"{target_id} {names[target_id]}" if target_id in names else target_id
