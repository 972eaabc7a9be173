"""R-B5 the draw: ranks, selection, teams, and its checks (recomputation, results deadline).

Article 7 asks for inspections whose targets and inspectors are drawn at random and whose
fairness anyone can see. A draw is therefore a pure function of inputs that are all written
into its record: the candidate ids, a seed made public before the draw, and the plan's numbers
(targets, team size) and conflicts (回避). Anyone with a SHA-256 tool can redo it:

1. rank(id) = SHA-256 hex digest of the UTF-8 text "种子:编号"; candidates sorted by rank,
   lowest first (a tie is practically impossible; the id breaks it).
2. The targets are the first k target candidates.
3. For each selected target in rank order, the team is the next `team_size` officers of the
   ranked officer list, read cyclically from a pointer, skipping officers with a conflict with
   that target; the pointer continues after the last officer taken, so work spreads evenly.

Candidates: targets on the register on the draw date (start <= date < end) in the item's area;
officers whose certificate is valid on the draw date (R-B2) and whose areas include it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from publisher.bureau import InspectionItem, Officer
from publisher.content import Content, Loaded, LoadedRecord
from publisher.findings import Finding, Severity
from publisher.labels import AREA
from publisher.model import Area, RecordType
from publisher.rules.report import located_finding, record_error
from publisher.rules.timeliness import missing_year_findings
from publisher.settings import Settings
from publisher.supervision.certificates import certificate_status
from publisher.supervision.draws import (
    DrawPlan,
    DrawRecord,
    RankedCandidate,
    Target,
    Team,
)
from publisher.supervision.ranking import rank
from publisher.workdays import WorkCalendar, WorkdayAnswer

RULE = "R-B5"
ARTICLE_7 = "第七条：只对随机抽查事项清单内的事项开展检查"

ConflictPairs = frozenset[tuple[str, str]]
"""(officer name, target id) pairs that must not meet (回避)."""


class DrawError(ValueError):
    """A draw that cannot be made from its inputs; the message is for staff (简体中文)."""


# --- the algorithm (pure) ---------------------------------------------------------------------


def ranked(
    seed: str, ids: Iterable[str], names: Mapping[str, str | None] | None = None
) -> tuple[RankedCandidate, ...]:
    """Every candidate with its rank, lowest rank first (the id breaks a tie)."""
    names = names or {}
    candidates = (RankedCandidate(id=i, rank=rank(seed, i), name=names.get(i)) for i in ids)
    return tuple(sorted(candidates, key=lambda c: (c.rank, c.id)))


@dataclass(frozen=True)
class DrawOutcome:
    """What a draw gives: both ranked candidate lists and the teams."""

    target_candidates: tuple[RankedCandidate, ...]
    officer_candidates: tuple[RankedCandidate, ...]
    teams: tuple[Team, ...]


def run_draw(
    seed: str,
    target_ids: Sequence[str],
    officer_ids: Sequence[str],
    count: int,
    team_size: int,
    conflicts: ConflictPairs = frozenset(),
    names: Mapping[str, str | None] | None = None,
) -> DrawOutcome:
    """The draw itself; raises DrawError when it cannot be made."""
    _require_unique(target_ids, "检查对象编号")
    _require_unique(officer_ids, "执法人员姓名")
    targets = ranked(seed, target_ids, names)
    if len(targets) < count:
        raise DrawError(f"符合条件的检查对象只有 {len(targets)} 个，少于计划抽取的 {count} 个")
    officers = ranked(seed, officer_ids)
    selected = [c.id for c in targets[:count]]
    teams = assign_teams(selected, [c.id for c in officers], team_size, conflicts)
    return DrawOutcome(targets, officers, teams)


def _require_unique(ids: Sequence[str], what: str) -> None:
    repeated = sorted(i for i, n in Counter(ids).items() if n > 1)
    if repeated:
        raise DrawError(f"{what}重复：{'、'.join(repeated)}")


def assign_teams(
    targets: Sequence[str], officers: Sequence[str], team_size: int, conflicts: ConflictPairs
) -> tuple[Team, ...]:
    """A team for each target in order, from a pointer that cycles over the ranked officers."""
    teams: list[Team] = []
    pointer = 0
    for target in targets:
        members, pointer = _team_for(target, officers, team_size, conflicts, pointer)
        teams.append(Team(target=target, officers=members))
    return tuple(teams)


def _team_for(
    target: str, officers: Sequence[str], team_size: int, conflicts: ConflictPairs, start: int
) -> tuple[list[str], int]:
    """`team_size` officers from `start` on (one full cycle at most), and the next pointer."""
    members: list[str] = []
    for step in range(len(officers)):
        index = (start + step) % len(officers)
        name = officers[index]
        if (name, target) in conflicts or name in members:
            continue
        members.append(name)
        if len(members) == team_size:
            return members, (index + 1) % len(officers)
    raise DrawError(
        f"检查对象 {target} 可派的执法人员只有 {len(members)} 人（已除去回避人员），"
        f"少于每组 {team_size} 人"
    )


def conflict_pairs(plan: DrawPlan) -> ConflictPairs:
    return frozenset((c.officer, c.target) for c in plan.conflicts)


# --- candidates on the draw date ----------------------------------------------------------------


def on_register(target: Target, day: dt.date) -> bool:
    """In the register on `day`: from `start` (inclusive) until `end` (exclusive)."""
    started = target.start is None or target.start <= day
    return started and (target.end is None or day < target.end)


def eligible_targets(targets: Iterable[Target], area: Area, day: dt.date) -> list[Target]:
    return [t for t in targets if t.area is area and on_register(t, day)]


def eligible_officers(
    officers: Iterable[Officer], area: Area, day: dt.date, due: str
) -> list[Officer]:
    """Officers of `area` with a certificate valid on `day` (R-B2: only holders enforce)."""
    return [o for o in officers if area in o.areas and certificate_status(o, day, due).valid]


def register_of(content: Content) -> list[Target]:
    return list(content.targets.model.targets) if content.targets is not None else []


def find_item(content: Content, code: str) -> InspectionItem | None:
    return next((i for i in content.inspection_items.items if i.code == code), None)


def item_problem(item: InspectionItem | None, code: str) -> str | None:
    """Why `code` may not be inspected (Article 7), or None."""
    if item is None:
        return f"抽查事项 {code} 不在随机抽查事项清单中（{ARTICLE_7}）"
    if not item.basis.strip():
        return f"抽查事项 {code} 未写明检查依据（{ARTICLE_7}，每项须有法律、法规依据）"
    return None


# --- a new draw, its recomputation and verification -------------------------------------------


def new_draw(content: Content, plan: DrawPlan, seed: str) -> DrawRecord:
    """Draw targets and teams for `plan` with the public `seed`; raises DrawError."""
    seed = seed.strip()  # the record keeps the stripped seed, so the ranks must use it too
    if not seed:
        raise DrawError("随机种子不能为空")
    item = find_item(content, plan.item)
    problem = item_problem(item, plan.item)
    if item is None or problem is not None:
        raise DrawError(problem or "")
    targets = eligible_targets(register_of(content), item.area, plan.date)
    if not targets:
        raise DrawError(f"检查对象名录中没有 {plan.date.isoformat()} 在册的{AREA[item.area]}对象")
    due = content.settings.supervision.annual_inspection_due
    officers = eligible_officers(content.officers.officers, item.area, plan.date, due)
    outcome = run_draw(
        seed,
        [t.id for t in targets],
        [o.name for o in officers],
        plan.targets,
        plan.team_size,
        conflict_pairs(plan),
        {t.id: t.name for t in targets},
    )
    return DrawRecord(
        plan=plan,
        seed=seed,
        target_candidates=list(outcome.target_candidates),
        officer_candidates=list(outcome.officer_candidates),
        teams=list(outcome.teams),
    )


def recompute(record: DrawRecord) -> DrawRecord:
    """The draw redone from the record's own inputs (ids, seed, plan); raises DrawError."""
    outcome = run_draw(
        record.seed,
        [c.id for c in record.target_candidates],
        [c.id for c in record.officer_candidates],
        record.plan.targets,
        record.plan.team_size,
        conflict_pairs(record.plan),
        {c.id: c.name for c in record.target_candidates},
    )
    return record.model_copy(
        update={
            "target_candidates": list(outcome.target_candidates),
            "officer_candidates": list(outcome.officer_candidates),
            "teams": list(outcome.teams),
        }
    )


@dataclass(frozen=True)
class Difference:
    """One way a draw record differs from what it should be, at a key of the record."""

    loc: tuple[str | int, ...]
    message: str


def verify_draw(record: DrawRecord, content: Content | None = None) -> list[str]:
    """Every difference between the record and its recomputation; with `content`, also
    between its candidate lists and the register and certificates on the draw date."""
    return [d.message for d in draw_differences(record, content)]


def draw_differences(record: DrawRecord, content: Content | None = None) -> list[Difference]:
    differences = recomputation_differences(record)
    if content is not None:
        item = find_item(content, record.plan.item)
        if item is None:
            message = f"抽查事项 {record.plan.item} 不在随机抽查事项清单中，无法核对候选名单"
            differences.append(Difference(("plan", "item"), message))
        else:
            differences += candidate_differences(record, item, content)
    return differences


def recomputation_differences(record: DrawRecord) -> list[Difference]:
    try:
        again = recompute(record)
    except DrawError as error:
        return [Difference(("plan",), f"按记录的输入无法重新抽取：{error}")]
    return [
        *_rank_differences("target_candidates", "对象", record.target_candidates, record.seed),
        *_rank_differences(
            "officer_candidates", "执法人员", record.officer_candidates, record.seed
        ),
        *_order_difference("target_candidates", "对象", record, again),
        *_order_difference("officer_candidates", "执法人员", record, again),
        *_team_differences(record, again),
    ]


def _rank_differences(
    key: str, what: str, candidates: Sequence[RankedCandidate], seed: str
) -> Iterator[Difference]:
    for index, candidate in enumerate(candidates):
        expected = rank(seed, candidate.id)
        if candidate.rank != expected:
            message = f"{what} {candidate.id} 的排序值应为 {expected}，记录为 {candidate.rank}"
            yield Difference((key, index, "rank"), message)


def _order_difference(
    key: str, what: str, record: DrawRecord, again: DrawRecord
) -> Iterator[Difference]:
    recorded = [c.id for c in getattr(record, key)]
    expected = [c.id for c in getattr(again, key)]
    for index, (was, should) in enumerate(zip(recorded, expected, strict=True)):
        if was != should:
            message = f"{what}候选名单未按排序值从小到大排列：第 {index + 1} 位应为 {should}，记录为 {was}"
            yield Difference((key, index), message)
            return


def _team_differences(record: DrawRecord, again: DrawRecord) -> Iterator[Difference]:
    recorded = [t.target for t in record.teams]
    expected = [t.target for t in again.teams]
    if recorded != expected:
        message = f"抽中的对象应为 {_names(expected)}，记录为 {_names(recorded)}"
        yield Difference(("teams",), message)
        return
    for index, (was, should) in enumerate(zip(record.teams, again.teams, strict=True)):
        if was.officers != should.officers:
            message = (
                f"对象 {was.target} 的检查组应为 {_names(should.officers)}，"
                f"记录为 {_names(was.officers)}"
            )
            yield Difference(("teams", index, "officers"), message)


def _names(ids: Sequence[str]) -> str:
    return "、".join(ids) if ids else "（无）"


def candidate_differences(
    record: DrawRecord, item: InspectionItem, content: Content
) -> list[Difference]:
    """The recorded candidates against the register and the certificates on the draw date."""
    day = record.plan.date
    targets = {t.id for t in eligible_targets(register_of(content), item.area, day)}
    due = content.settings.supervision.annual_inspection_due
    officers = {o.name for o in eligible_officers(content.officers.officers, item.area, day, due)}
    when = f"{day.isoformat()} 符合条件"
    return [
        *_set_differences("target_candidates", "对象", record.target_candidates, targets, when),
        *_set_differences(
            "officer_candidates", "执法人员", record.officer_candidates, officers, when
        ),
    ]


def _set_differences(
    key: str, what: str, recorded: Sequence[RankedCandidate], expected: Collection[str], when: str
) -> Iterator[Difference]:
    ids = {c.id for c in recorded}
    for missing in sorted(set(expected) - ids):
        yield Difference((key,), f"{what} {missing} 在 {when}，却未参加抽取")
    for index, candidate in enumerate(recorded):
        if candidate.id not in expected:
            message = f"{what} {candidate.id} 在 {when}的名单之外（不在名录、领域不符或证件无效），不应参加抽取"
            yield Difference((key, index), message)


# --- the results deadline -----------------------------------------------------------------------


def results_deadline(
    plan: DrawPlan, settings: Settings, calendar: WorkCalendar
) -> WorkdayAnswer | None:
    """The last day the inspection results may be published (R-B5: 20 working days after the
    inspection ends, configurable), or None while the plan has no end date."""
    if plan.inspection_end is None:
        return None
    return calendar.add_workdays(plan.inspection_end, settings.deadlines.draw_results_workdays)


def deadline_problem(
    record: DrawRecord, due: dt.date, as_of: dt.date, workdays: int
) -> tuple[tuple[str, ...], str] | None:
    """(key, warning) when the results are late, or still unpublished after the deadline."""
    published = record.results_published
    if published is not None and published > due:
        message = (
            f"检查结果公示日期 {published.isoformat()} 晚于检查结束后 {workdays} 个工作日"
            f"（应不晚于 {due.isoformat()}）"
        )
        return ("results_published",), message
    if published is None and as_of > due:
        end = record.plan.inspection_end
        message = (
            f"检查已于 {end.isoformat() if end else ''} 结束，超过 {workdays} 个工作日仍未公示检查结果"
            f"（应不晚于 {due.isoformat()}）；公示后请填写 results_published"
        )
        return ("plan", "inspection_end"), message
    return None


# --- the R-B5 check ----------------------------------------------------------------------------


def check_draws(content: Content, as_of: dt.date) -> list[Finding]:
    """Every draw recomputes, inspects a listed item and publishes its results in time; every
    inspection record cites a listed item (R-B5, Article 7)."""
    calendar = content.calendar()
    findings: list[Finding] = []
    missing_years: set[int] = set()
    for loaded in content.draws:
        findings += check_draw(loaded, content)
        due = results_deadline(loaded.model.plan, content.settings, calendar)
        if due is not None:
            findings += _deadline_findings(loaded, due.date, as_of, content.settings)
            missing_years |= due.missing_years
    findings += [f for loaded in content.records for f in check_inspection_item(loaded, content)]
    findings += missing_year_findings(content.root, missing_years)
    return findings


def check_draw(loaded: Loaded[DrawRecord], content: Content) -> list[Finding]:
    """One draw file: its name, its item, its recomputation and candidates, its result ids
    (the results deadline needs the as-of date and is checked beside it)."""
    record = loaded.model
    findings = [_error(loaded, loc, message) for loc, message in _file_name_problems(loaded)]
    item = find_item(content, record.plan.item)
    problem = item_problem(item, record.plan.item)
    if problem is not None:
        findings.append(_error(loaded, ("plan", "item"), problem))
    differences = recomputation_differences(record)
    if item is not None:
        differences += candidate_differences(record, item, content)
    findings += [_error(loaded, d.loc, f"抽取结果无法复核：{d.message}") for d in differences]
    findings += [_error(loaded, loc, message) for loc, message in _result_problems(record, content)]
    return findings


def _file_name_problems(loaded: Loaded[DrawRecord]) -> Iterator[tuple[tuple[str, ...], str]]:
    expected = f"{loaded.model.plan.id}.yaml"
    if Path(loaded.path).name != expected:
        yield ("plan", "id"), f"抽取记录的文件名应为 {expected}（与抽查编号一致）"


def _result_problems(
    record: DrawRecord, content: Content
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    by_id = content.record_by_id()
    for index, result_id in enumerate(record.results):
        result = by_id.get(result_id)
        loc: tuple[str | int, ...] = ("results", index)
        if result is None:
            yield loc, f"检查结果记录 {result_id} 不存在"
        elif result.record.type is not RecordType.INSPECTION:
            yield loc, f"记录 {result_id} 不是行政检查结果（type 应为 inspection）"
        elif result.record.inspection_item != record.plan.item:
            cited = result.record.inspection_item or "（未填写）"
            yield (
                loc,
                f"检查结果记录 {result_id} 的检查事项为 {cited}，与本次抽查事项 {record.plan.item} 不一致",
            )


def _deadline_findings(
    loaded: Loaded[DrawRecord], due: dt.date, as_of: dt.date, settings: Settings
) -> list[Finding]:
    problem = deadline_problem(loaded.model, due, as_of, settings.deadlines.draw_results_workdays)
    if problem is None:
        return []
    loc, message = problem
    return [located_finding(loaded, loc, RULE, Severity.WARNING, message, loaded.model.plan.id)]


def check_inspection_item(loaded: LoadedRecord, content: Content) -> Iterator[Finding]:
    """An inspection citing an item must cite a listed one. An inspection citing none was not
    a random inspection (e.g. one following a complaint), which Article 7 does not cover."""
    record = loaded.record
    if record.type is not RecordType.INSPECTION or record.inspection_item is None:
        return
    if find_item(content, record.inspection_item) is None:
        message = f"检查事项 {record.inspection_item} 不在随机抽查事项清单中（{ARTICLE_7}）"
        yield record_error(loaded, ("inspection_item",), RULE, message)


def _error(loaded: Loaded[DrawRecord], loc: Sequence[str | int], message: str) -> Finding:
    return located_finding(loaded, loc, RULE, Severity.ERROR, message, loaded.model.plan.id)
