"""What the public sees of the double-random draws (R-B5 一公开, Article 7 阳光监管).

A draw is published once its inspection has ended (plan.inspection_end before the as-of
date): publishing the selected targets earlier would warn them. Its page carries everything
needed to redo the draw with any SHA-256 tool — item, date, seed and its source, every ranked
candidate, the conflict pairs (回避) and the teams — and nothing else of the internal record:
no conflict reasons, no certificate data. Like `publisher.public`, each view is built from an
explicit list of fields.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from publisher.bureau import InspectionItem
from publisher.content import Content
from publisher.labels import AREA
from publisher.public import PublicItem
from publisher.redaction import find_numbers
from publisher.supervision.drawing import DrawOutcome, run_draw, verify_draw
from publisher.supervision.draws import DrawRecord, RankedCandidate
from publisher.visibility import State

DRAWS_PATH = "draws/"


@dataclass(frozen=True)
class PublicCandidate:
    position: int
    id: str
    name: str
    rank: str
    selected: bool


@dataclass(frozen=True)
class PublicTeam:
    target_id: str
    target_name: str
    officers: tuple[str, ...]


@dataclass(frozen=True)
class PublicConflict:
    """A pair that may not meet; the reason stays internal (it may be personal)."""

    officer: str
    target_id: str
    target_name: str


@dataclass(frozen=True)
class PublicResult:
    id: str
    title: str
    path: str
    withdrawn: bool
    updated: dt.date


@dataclass(frozen=True)
class PublicDraw:
    id: str
    path: str
    item_code: str
    item_name: str
    item_basis: str
    area_label: str
    date: dt.date
    seed: str
    seed_source: str
    target_count: int
    team_size: int
    inspection_start: dt.date | None
    inspection_end: dt.date
    target_candidates: tuple[PublicCandidate, ...]
    officer_candidates: tuple[PublicCandidate, ...]
    teams: tuple[PublicTeam, ...]
    conflicts: tuple[PublicConflict, ...]
    results_published: dt.date | None
    """Shown only from that date on."""
    results: tuple[PublicResult, ...]
    """Result records visible on the as-of date."""
    consistent: bool
    """The record recomputes to itself (checked at build time, as a visitor would)."""
    check_command: str
    """The shell command that recomputes the first candidate's rank."""
    visible_from: dt.date

    @property
    def first_candidate(self) -> PublicCandidate:
        return self.target_candidates[0]


def is_public(record: DrawRecord, as_of: dt.date) -> bool:
    """Published the day after the inspection ends; never while it may still be running."""
    end = record.plan.inspection_end
    return end is not None and end < as_of


def public_draws(
    content: Content, items: Sequence[PublicItem], as_of: dt.date
) -> tuple[PublicDraw, ...]:
    """The public view of every draw whose inspection has ended, newest draw first."""
    by_code = {item.code: item for item in content.inspection_items.items}
    names = register_names(content)
    visible = {item.id: item for item in items}
    draws = [
        public_draw(loaded.model, by_code.get(loaded.model.plan.item), names, visible, as_of)
        for loaded in content.draws
        if is_public(loaded.model, as_of)
    ]
    return tuple(sorted(draws, key=lambda d: (d.date, d.id), reverse=True))


def register_names(content: Content) -> dict[str, str]:
    register = content.targets.model.targets if content.targets is not None else []
    return {target.id: target.name for target in register}


def public_draw(
    record: DrawRecord,
    item: InspectionItem | None,
    names: Mapping[str, str],
    visible: Mapping[str, PublicItem],
    as_of: dt.date,
) -> PublicDraw:
    plan = record.plan
    end = plan.inspection_end
    assert end is not None, "only ended inspections are public"
    # The name recorded at the draw is what was drawn; the register is the fallback for
    # records written by hand.
    target_names = {c.id: c.name or names.get(c.id, "") for c in record.target_candidates}
    published = record.results_published
    return PublicDraw(
        id=plan.id,
        path=draw_path(plan.id),
        item_code=plan.item,
        item_name=item.name if item else "",
        item_basis=item.basis if item else "",
        area_label=AREA[item.area] if item else "",
        date=plan.date,
        seed=record.seed,
        seed_source=plan.seed_source or "",
        target_count=plan.targets,
        team_size=plan.team_size,
        inspection_start=plan.inspection_start,
        inspection_end=end,
        target_candidates=candidates(record.target_candidates, target_names, record),
        officer_candidates=candidates(record.officer_candidates, {}, None),
        teams=tuple(
            PublicTeam(t.target, target_names.get(t.target, ""), tuple(t.officers))
            for t in record.teams
        ),
        conflicts=tuple(
            PublicConflict(c.officer, c.target, target_names.get(c.target, names.get(c.target, "")))
            for c in sorted(plan.conflicts, key=lambda c: (c.officer, c.target))
        ),
        results_published=published if published is not None and published <= as_of else None,
        results=public_results(record.results, visible),
        consistent=not verify_draw(record),
        check_command=check_command(record.seed, record.target_candidates),
        visible_from=end + dt.timedelta(days=1),
    )


def draw_path(draw_id: str) -> str:
    return f"{DRAWS_PATH}{draw_id}/"


def candidates(
    ranked: Sequence[RankedCandidate], names: Mapping[str, str], record: DrawRecord | None
) -> tuple[PublicCandidate, ...]:
    selected = {t.target for t in record.teams} if record is not None else set()
    return tuple(
        PublicCandidate(
            position=position,
            id=c.id,
            name=names.get(c.id, ""),
            rank=c.rank,
            selected=c.id in selected,
        )
        for position, c in enumerate(ranked, start=1)
    )


def public_results(
    ids: Iterable[str], visible: Mapping[str, PublicItem]
) -> tuple[PublicResult, ...]:
    """Links to the result records the public can open today (a hidden one is left out)."""
    return tuple(
        PublicResult(
            id=visible[i].id,
            title=visible[i].title,
            path=visible[i].url_path,
            withdrawn=visible[i].state is State.WITHDRAWN,
            updated=visible[i].updated,
        )
        for i in ids
        if i in visible
    )


def shell_quote(text: str) -> str:
    """`text` as one single-quoted POSIX shell word, whatever quotes it holds."""
    return "'" + text.replace("'", "'\\''") + "'"


def check_command(seed: str, ranked: Sequence[RankedCandidate]) -> str:
    first = ranked[0].id if ranked else "编号"
    return f"printf '%s' {shell_quote(f'{seed}:{first}')} | sha256sum"


# --- the worked example on the draws page -------------------------------------------------------

EXAMPLE_SEED = "20261102"
EXAMPLE_TARGETS = ("SL-01", "SL-02", "SL-03", "SL-04", "SL-05")
EXAMPLE_OFFICERS = ("甲", "乙", "丙", "丁")
EXAMPLE_COUNT = 2
EXAMPLE_TEAM_SIZE = 2
# Chosen so that the example shows a conflict being skipped and the pointer wrapping round.
EXAMPLE_CONFLICT = ("乙", "SL-05")


@dataclass(frozen=True)
class DrawExample:
    """A small draw computed at build time with the same code as real draws."""

    seed: str
    count: int
    team_size: int
    conflict: tuple[str, str]
    outcome: DrawOutcome
    command: str
    targets: tuple[PublicCandidate, ...]
    officers: tuple[PublicCandidate, ...]


def draw_example() -> DrawExample:
    outcome = run_draw(
        EXAMPLE_SEED,
        EXAMPLE_TARGETS,
        EXAMPLE_OFFICERS,
        EXAMPLE_COUNT,
        EXAMPLE_TEAM_SIZE,
        frozenset({EXAMPLE_CONFLICT}),
    )
    selected = {t.target for t in outcome.teams}
    return DrawExample(
        seed=EXAMPLE_SEED,
        count=EXAMPLE_COUNT,
        team_size=EXAMPLE_TEAM_SIZE,
        conflict=EXAMPLE_CONFLICT,
        outcome=outcome,
        command=check_command(EXAMPLE_SEED, outcome.target_candidates),
        targets=tuple(
            PublicCandidate(n, c.id, "", c.rank, c.id in selected)
            for n, c in enumerate(outcome.target_candidates, start=1)
        ),
        officers=tuple(
            PublicCandidate(n, c.id, "", c.rank, False)
            for n, c in enumerate(outcome.officer_candidates, start=1)
        ),
    )


# --- numbers published on purpose ---------------------------------------------------------------


def draw_numbers(content: Content) -> frozenset[str]:
    """Digit runs of the draws' seeds, ids and ranks that look like personal numbers (R-A8).

    A seed is often a lottery draw ("15 21 27 31 12…") and a SHA-256 hex digest holds runs of
    digits; either can take the shape of a mobile number by chance. They are published on
    purpose, so the output scan must not stop the build for them; every other text is still
    scanned.
    """
    texts: list[str] = []
    for loaded in content.draws:
        record = loaded.model
        texts.append(record.seed)
        for candidate in (*record.target_candidates, *record.officer_candidates):
            texts += [candidate.id, candidate.rank, f"{record.seed}:{candidate.id}"]
    example = draw_example()
    texts.append(example.seed)
    texts += [c.rank for c in (*example.targets, *example.officers)]
    # Compacted as the scan compares them: without the spaces and hyphens inside a run.
    return frozenset(
        text[m.start : m.end].replace(" ", "").replace("-", "")
        for text in texts
        for m in find_numbers(text)
    )
