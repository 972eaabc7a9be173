"""`publisher synth`: a realistic, fictional records repository of any size, for benchmarks.

The repository looks like `content/` after ten years of a busy bureau: penalty decisions and
inspection results in every area, organisations, individual businesses and natural persons
(with valid-checksum fictional ID numbers), drafts, records still to be published, withdrawn
decisions with their notices and replacement decisions, corrected records, minors' cases and
records past their retention period, plus the public pages the site needs (bureau, settings,
officers, inspection items, annual reports). It passes `publisher check --scope publication`
without errors (a few late publications or withdrawals are warnings, as in real life).

Deterministic: the same seed, size and as-of date give a byte-identical tree. Randomness and
the as-of date are passed in (no clock is read here). Files are written with a small YAML
writer of our own (`publisher.synth_yaml`): 100,000 records take seconds, not minutes.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import random
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Generic, TypeVar

from publisher.loader import RECORDS_DIR
from publisher.model import Area, InspectionOutcome, PartyKind, PenaltyKind, RecordType
from publisher.model import WithdrawalAct as Act
from publisher.synth_pages import public_files
from publisher.synth_people import Party, PeopleFactory
from publisher.synth_text import (
    CORRECTIONS_INSPECTION,
    CORRECTIONS_PENALTY,
    COUNTY,
    DOC_PREFIX,
    EVIDENCE,
    ITEMS,
    LINE_NAMES,
    PLACES,
    PROBLEMS,
    REPLACED_SUFFIX,
    REPLACEMENT_NOTE,
    REPLACEMENT_ORGANS,
    RESULTS,
    TOWNSHIPS,
    VILLAGES,
    VIOLATIONS,
    WITHDRAWAL_EXPLANATIONS,
    CorrectionText,
    Item,
    Violation,
)
from publisher.synth_yaml import Value, dump

T = TypeVar("T")


class Weights(Generic[T]):
    """Values with relative weights, drawn by bisecting running totals computed once
    (`random.choices` recomputes them on every draw)."""

    def __init__(self, *weighted: tuple[T, float]) -> None:
        self.values = tuple(value for value, _ in weighted)
        self.totals = tuple(itertools.accumulate(weight for _, weight in weighted))

    def draw(self, rng: random.Random) -> T:
        return self.values[bisect.bisect(self.totals, rng.random() * self.totals[-1])]


YEARS = 10
"""The span of the synthetic history, ending at the as-of date."""
PENALTY_SHARE = 0.45
TYPE_SHARE = Weights(
    (RecordType.PENALTY, PENALTY_SHARE), (RecordType.INSPECTION, 1 - PENALTY_SHARE)
)
AREA_SHARE: dict[RecordType, Weights[Area]] = {
    RecordType.PENALTY: Weights(
        (Area.COAL_MINE_SAFETY, 0.30),
        (Area.POWER, 0.35),
        (Area.CIVIL_EXPLOSIVES, 0.10),
        (Area.OTHER, 0.25),
    ),
    RecordType.INSPECTION: Weights(
        (Area.COAL_MINE_SAFETY, 0.35),
        (Area.POWER, 0.25),
        (Area.CIVIL_EXPLOSIVES, 0.20),
        (Area.OTHER, 0.20),
    ),
}
PARTY_WEIGHT: dict[PartyKind, float] = {
    PartyKind.LEGAL_PERSON: 0.55,
    PartyKind.INDIVIDUAL_BUSINESS: 0.15,
    PartyKind.NATURAL_PERSON: 0.35,
    PartyKind.OTHER_ORGANIZATION: 0.08,
}
"""Penalised parties, among the kinds a violation can be committed by (coal mines and
explosives dealers are companies; residents steal power and dig under pylons)."""
INSPECTED_PARTY = Weights(
    (PartyKind.LEGAL_PERSON, 0.85),
    (PartyKind.INDIVIDUAL_BUSINESS, 0.08),
    (PartyKind.OTHER_ORGANIZATION, 0.07),
)
OUTCOME_SHARE = Weights(
    (InspectionOutcome.COMPLIANT, 0.55),
    (InspectionOutcome.RECTIFICATION, 0.35),
    (InspectionOutcome.PENALTY_CASE, 0.07),
    (InspectionOutcome.OTHER, 0.03),
)
ACT_SHARE = Weights(
    (Act.REVOKED, 0.35),
    (Act.ORDERED_REMADE, 0.25),
    (Act.CHANGED, 0.15),
    (Act.CONFIRMED_ILLEGAL, 0.15),
    (Act.CONFIRMED_INVALID, 0.10),
)
PARTY_SHARE: dict[Violation, Weights[PartyKind]] = {
    violation: Weights(*((kind, PARTY_WEIGHT[kind]) for kind in violation.parties))
    for violation in VIOLATIONS
}
VIOLATIONS_IN: dict[Area, tuple[Violation, ...]] = {
    area: tuple(v for v in VIOLATIONS if v.area is area) for area in Area
}
ITEMS_IN: dict[Area, tuple[Item, ...]] = {
    area: tuple(i for i in ITEMS if i.area is area) for area in Area
}
REPLACED_ACTS = (Act.ORDERED_REMADE, Act.CHANGED)
"""Acts after which the bureau makes a new decision that replaces the withdrawn one."""

# Shares of the special states; each appears at least once in a repository of
# MIN_FOR_EVERY_STATE records or more, so that small test repositories cover them all.
DRAFT_SHARE = 0.0015
"""About a third of the records decided in the last two weeks."""
FUTURE_SHARE = 0.001
WITHDRAWN_SHARE = 0.02
"""Of penalty decisions."""
CORRECTED_SHARE = 0.05
MINOR_SHARE = 0.001
LATE_SHARE = 0.03
"""Published after the R-A3 deadline (a warning, as in real life)."""
MIN_FOR_EVERY_STATE = 40
FILE_WRITERS = 8


@dataclass(frozen=True)
class SynthOptions:
    records: int
    out: Path
    seed: str
    as_of: dt.date
    """The last day of the synthetic history (records run over the ten years before it)."""


class Special(StrEnum):
    """The states a case is given on purpose, beyond a plain published record."""

    DRAFT = "draft"
    FUTURE = "future"
    MINOR = "minor"
    WITHDRAWN = "withdrawn"
    REPLACEMENT = "replacement"
    CORRECTED = "corrected"


@dataclass(frozen=True)
class Withdrawal:
    act: Act
    date: dt.date
    recorded: dt.date
    explanation: str
    replaced_by: int | None = None
    """The index of the replacing case (resolved to its id when written)."""


@dataclass(frozen=True)
class Correction:
    date: dt.date
    text: CorrectionText
    public_request: bool


@dataclass
class Case:
    """One record while it is planned; numbered (`id`, `doc_no`) once every date is final."""

    index: int
    type: RecordType
    area: Area
    party: Party
    decided: dt.date
    published: dt.date | None
    violation: Violation | None = None
    item: Item | None = None
    outcome: InspectionOutcome | None = None
    withdrawal: Withdrawal | None = None
    corrections: list[Correction] = field(default_factory=list)
    replaces: int | None = None
    special: Special | None = None
    id: str = ""
    doc_no: str = ""


@dataclass(frozen=True)
class SynthSummary:
    records: int
    first_day: dt.date
    as_of: dt.date
    by_type: dict[RecordType, int]
    by_special: dict[Special, int]
    natural_persons: int


class OutputNotEmptyError(Exception):
    """The output folder exists and is not empty (synth never overwrites anything)."""


def synthesise(options: SynthOptions) -> SynthSummary:
    """Write the repository into `options.out` (which must not exist or be empty)."""
    if options.out.exists() and any(options.out.iterdir()):
        raise OutputNotEmptyError(str(options.out))
    rng = random.Random(f"publisher-synth:{options.seed}")
    first_day = _years_before(options.as_of, YEARS) + dt.timedelta(days=1)
    planner = Planner(rng, first_day, options.as_of)
    cases = planner.plan(options.records)
    writer = RecordWriter(rng, {case.index: case for case in cases})
    _write_records(options.out, cases, writer)
    for name, text in public_files(rng, first_day, options.as_of).items():
        _write(options.out / name, text)
    return SynthSummary(
        records=len(cases),
        first_day=first_day,
        as_of=options.as_of,
        by_type=dict(Counter(case.type for case in cases)),
        by_special=dict(Counter(case.special for case in cases if case.special is not None)),
        natural_persons=sum(1 for case in cases if case.party.kind.is_natural_person),
    )


def _write_records(out: Path, cases: Sequence[Case], writer: RecordWriter) -> None:
    """Compose in order (the random draws must come in a fixed order), write in parallel:
    creating a file costs far more than composing it, and threads create files side by side
    (20,000 files: 6.5 s in one thread, 1.5 s in eight, on this machine's disk)."""
    folder = out / RECORDS_DIR
    for year in sorted({case.decided.year for case in cases}):
        (folder / str(year)).mkdir(parents=True, exist_ok=True)
    with ThreadPoolExecutor(FILE_WRITERS) as pool:
        pending = [
            pool.submit(
                _write, folder / str(case.decided.year) / f"{case.id}.yaml", writer.render(case)
            )
            for case in cases
        ]
        for job in pending:
            job.result()  # re-raises a failed write


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def weekday_on_or_after(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=max(0, 7 - day.weekday()) if day.weekday() >= 5 else 0)


def add_weekdays(day: dt.date, count: int) -> dt.date:
    """`count` Monday–Friday days after `day`. Holidays are ignored, which only makes the
    result earlier than the legal deadline (publication deadlines then hold)."""
    weeks, rest = divmod(count, 5)
    day += dt.timedelta(weeks=weeks)  # any seven days hold five weekdays
    while rest > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            rest -= 1
    return day


class Planner:
    """Decides every case's type, area, party, dates and special state, then numbers them."""

    def __init__(self, rng: random.Random, first_day: dt.date, as_of: dt.date) -> None:
        self.rng = rng
        self.first_day = first_day
        self.as_of = as_of
        self.people = PeopleFactory(rng)

    def plan(self, count: int) -> list[Case]:
        self.people.size_pools(count)
        cases = [self._base_case(index) for index in range(count)]
        self._assign_special_states(cases)
        return number_cases(cases)

    def _base_case(self, index: int) -> Case:
        kind = TYPE_SHARE.draw(self.rng)
        area = AREA_SHARE[kind].draw(self.rng)
        decided = self._decision_day()
        if kind is RecordType.PENALTY:
            violation = self.rng.choice(VIOLATIONS_IN[area])
            party = self.people.party(area, PARTY_SHARE[violation].draw(self.rng), decided)
            published = self._publication_day(decided, deadline=7)
            return Case(index, kind, area, party, decided, published, violation=violation)
        item = self.rng.choice(ITEMS_IN[area])
        party = self.people.party(area, INSPECTED_PARTY.draw(self.rng), decided)
        published = self._publication_day(decided, deadline=20)
        outcome = OUTCOME_SHARE.draw(self.rng)
        return Case(index, kind, area, party, decided, published, item=item, outcome=outcome)

    def _decision_day(self) -> dt.date:
        # Slightly more cases in later years (u ** 0.85 leans towards 1), as enforcement grew.
        span = (self.as_of - self.first_day).days
        day = self.first_day + dt.timedelta(days=int(span * self.rng.random() ** 0.85))
        day = weekday_on_or_after(day)
        while day > self.as_of:
            day -= dt.timedelta(days=1)
        return day

    def _publication_day(self, decided: dt.date, deadline: int) -> dt.date:
        if self.rng.random() < LATE_SHARE:
            return add_weekdays(decided, self.rng.randint(deadline + 1, deadline + 10))
        return add_weekdays(decided, self.rng.randint(1, deadline - 1))

    def _assign_special_states(self, cases: list[Case]) -> None:
        for assign in (
            self._make_drafts,
            self._make_future,
            self._make_minors,
            self._make_withdrawals,
            self._make_corrections,
        ):
            assign(cases)

    def _choose(
        self,
        cases: Sequence[Case],
        share: float,
        eligible: Callable[[Case], bool],
        minimum: int = 1,
    ) -> list[Case]:
        """Cases for a special state: about `share` of all, at least `minimum` in a
        repository of MIN_FOR_EVERY_STATE records or more, never one already special."""
        pool = [case for case in cases if case.special is None and eligible(case)]
        floor = minimum if len(cases) >= MIN_FOR_EVERY_STATE else 0
        return self.rng.sample(pool, min(len(pool), max(floor, round(len(cases) * share))))

    def _recent_weekday(self, within_days: int) -> dt.date:
        day = self.as_of - dt.timedelta(days=self.rng.randint(0, within_days))
        while day.weekday() >= 5:
            day -= dt.timedelta(days=1)
        return day

    def _make_drafts(self, cases: list[Case]) -> None:
        """Work in progress: decided in the last two weeks, no publication date yet (R-A3)."""
        for case in self._choose(cases, DRAFT_SHARE, lambda c: True):
            case.decided = self._recent_weekday(14)
            case.published = None
            case.special = Special.DRAFT

    def _make_future(self, cases: list[Case]) -> None:
        """Decided in the last days and to be published after the as-of date (R-A3)."""
        for case in self._choose(cases, FUTURE_SHARE, lambda c: True):
            case.decided = self._recent_weekday(4)
            case.published = self.as_of + dt.timedelta(days=self.rng.randint(1, 5))
            case.special = Special.FUTURE

    def _make_minors(self, cases: list[Case]) -> None:
        """A party who was 16 or 17 at the decision: never published (R-A8)."""
        for case in self._choose(cases, MINOR_SHARE, _may_be_natural_person):
            case.party = self.people.minor(case.decided)
            case.special = Special.MINOR

    def _make_withdrawals(self, cases: list[Case]) -> None:
        """Revoked, changed, … decisions (R-A5); after some acts a new decision replaces the
        withdrawn one. The first two are one of each, so that small repositories have both."""
        eligible = _published_penalty(self.as_of - dt.timedelta(days=120))
        share = WITHDRAWN_SHARE * PENALTY_SHARE
        chosen = self._choose(cases, share, eligible, minimum=2)
        for case in chosen:
            case.special = Special.WITHDRAWN
        spare = [case for case in cases if case.special is None and eligible(case)]
        replacements = iter(self.rng.sample(spare, len(spare)))
        for position, case in enumerate(chosen):
            act = (Act.ORDERED_REMADE, Act.REVOKED)[position] if position < 2 else None
            self._withdraw(case, act or ACT_SHARE.draw(self.rng), replacements)

    def _withdraw(self, case: Case, act: Act, replacements: Iterator[Case]) -> None:
        """The act comes weeks to months after publication and is recorded within the three
        working days (a few late, a warning); a replaced decision's act is early enough for
        the new decision to be published by the as-of date."""
        assert case.published is not None
        latest = self.as_of - dt.timedelta(days=14)
        replacement = next(replacements, None) if act in REPLACED_ACTS else None
        after = self.rng.randint(20, 60) if replacement else self.rng.randint(20, 400)
        date = weekday_on_or_after(min(case.published + dt.timedelta(days=after), latest))
        late = self.rng.random() < LATE_SHARE
        recorded = add_weekdays(date, self.rng.randint(4, 8) if late else self.rng.randint(0, 2))
        explanation = self.rng.choice(WITHDRAWAL_EXPLANATIONS[act])
        if replacement is not None:
            self._replace(case, replacement, date)
            explanation += REPLACED_SUFFIX
        replaced_by = replacement.index if replacement else None
        case.withdrawal = Withdrawal(act, date, recorded, explanation, replaced_by)

    def _replace(self, original: Case, replacement: Case, act_day: dt.date) -> None:
        """The new decision: same party and violation, decided a few weeks after the act."""
        replacement.special = Special.REPLACEMENT
        replacement.area = original.area
        replacement.violation = original.violation
        replacement.party = original.party
        replacement.decided = add_weekdays(act_day, self.rng.randint(10, 30))
        replacement.published = add_weekdays(replacement.decided, self.rng.randint(1, 6))
        replacement.replaces = original.index

    def _make_corrections(self, cases: list[Case]) -> None:
        """One or two corrections after publication, oldest first (R-A6)."""
        settled = self.as_of - dt.timedelta(days=10)
        chosen = self._choose(
            cases, CORRECTED_SHARE, lambda c: c.published is not None and c.published <= settled
        )
        for case in chosen:
            assert case.published is not None
            room = (self.as_of - case.published).days
            count = 1 if self.rng.random() < 0.8 else 2
            days = sorted(self.rng.randint(3, max(3, min(room, 400))) for _ in range(count))
            texts = (
                CORRECTIONS_PENALTY if case.type is RecordType.PENALTY else CORRECTIONS_INSPECTION
            )
            case.corrections = [
                Correction(
                    case.published + dt.timedelta(days=day),
                    self.rng.choice(texts),
                    self.rng.random() < 0.1,
                )
                for day in days
            ]
            case.special = Special.CORRECTED


def _may_be_natural_person(case: Case) -> bool:
    return case.violation is not None and PartyKind.NATURAL_PERSON in case.violation.parties


def _published_penalty(latest: dt.date) -> Callable[[Case], bool]:
    def eligible(case: Case) -> bool:
        published = case.published
        return case.type is RecordType.PENALTY and published is not None and published <= latest

    return eligible


def number_cases(cases: list[Case]) -> list[Case]:
    """Ids and document numbers in decision order within each year, as staff number them."""
    ordered = sorted(cases, key=lambda case: (case.decided, case.index))
    counters: Counter[tuple[int, RecordType]] = Counter()
    for case in ordered:
        year = case.decided.year
        counters[(year, case.type)] += 1
        number = counters[(year, case.type)]
        code = "cf" if case.type is RecordType.PENALTY else "jc"
        case.id = f"{year}-{code}-{number:04d}"
        if case.type is RecordType.PENALTY:
            case.doc_no = f"{DOC_PREFIX}〔{year}〕{number}号"
    return ordered


class RecordWriter:
    """A planned case as the YAML staff would write: the public fields, then the rest."""

    def __init__(self, rng: random.Random, by_index: dict[int, Case]) -> None:
        self.rng = rng
        self.by_index = by_index

    def render(self, case: Case) -> str:
        fields: dict[str, Value] = {
            "id": case.id,
            "type": case.type.value,
            "title": self._title(case),
            "doc_no": case.doc_no or None,
            "area": case.area.value,
            "party": _party_fields(case.party),
            "decided": case.decided,
            "published": case.published,
        }
        if case.violation is not None:
            fields |= self._penalty_fields(case, case.violation)
        else:
            fields |= self._inspection_fields(case)
        fields["withdrawal"] = self._withdrawal_fields(case.withdrawal)
        fields["corrections"] = [_correction_fields(c) for c in case.corrections] or None
        return dump(fields)

    def _title(self, case: Case) -> str:
        if case.violation is not None:
            return f"关于{case.party.name}{case.violation.violation_type}的行政处罚决定"
        assert case.item is not None
        return f"{case.party.name}{case.item.name}结果"

    def _slots(self, case: Case) -> dict[str, str | int]:
        rng = self.rng
        found = case.decided - dt.timedelta(days=rng.randint(15, 80))
        place = rng.choice(PLACES[case.area]).format(
            n=rng.randint(2, 9),
            line=rng.choice(LINE_NAMES),
            township=rng.choice(TOWNSHIPS),
            village=rng.choice(VILLAGES),
        )
        return {
            "date": f"{found.year}年{found.month}月{found.day}日",
            "place": place,
            "n": rng.randint(2, 9),
            "amount": rng.randint(20, 600) * 100,
            "party_short": case.party.short,
            "evidence": rng.choice(EVIDENCE),
        }

    def _penalty_fields(self, case: Case, violation: Violation) -> dict[str, Value]:
        slots = self._slots(case)
        facts = violation.facts.format(**slots)
        if case.replaces is not None:
            facts += REPLACEMENT_NOTE.format(organ=self.rng.choice(REPLACEMENT_ORGANS))
        return {
            "violation_type": violation.violation_type,
            "facts": facts,
            "basis": violation.basis,
            "penalty": self._penalty(case, violation, int(slots["amount"])),
        }

    def _penalty(self, case: Case, violation: Violation, amount: int) -> dict[str, Value]:
        low, high = violation.fine
        fine = (
            amount * 2 if violation.confiscates else self.rng.randint(low // 500, high // 500) * 500
        )
        suspends = PenaltyKind.SUSPEND_LICENSE in violation.kinds
        return {
            "kinds": [kind.value for kind in violation.kinds],
            "fine_yuan": fine if PenaltyKind.FINE in violation.kinds else None,
            "confiscated_yuan": amount if violation.confiscates else None,
            "work_safety": None if violation.work_safety else False,
            "license": f"{violation.license}（{COUNTY}{case.decided.year}年第{self.rng.randint(1, 9)}号）"
            if violation.license
            else None,
            "valid_until": case.decided + dt.timedelta(days=90) if suspends else None,
        }

    def _inspection_fields(self, case: Case) -> dict[str, Value]:
        assert case.item is not None and case.outcome is not None
        slots = self._slots(case)
        problem = self.rng.choice(PROBLEMS[case.area]).format(**slots)
        result = self.rng.choice(RESULTS[case.outcome]).format(problem=problem, **slots)
        return {
            "result": result,
            "inspection_item": case.item.code,
            "inspection_outcome": case.outcome.value,
        }

    def _withdrawal_fields(self, withdrawal: Withdrawal | None) -> dict[str, Value] | None:
        if withdrawal is None:
            return None
        replaced_by = withdrawal.replaced_by
        return {
            "act": withdrawal.act.value,
            "date": withdrawal.date,
            "recorded": withdrawal.recorded,
            "explanation": withdrawal.explanation,
            "replaced_by": self.by_index[replaced_by].id if replaced_by is not None else None,
        }


def _party_fields(party: Party) -> dict[str, Value]:
    return {
        "name": party.name,
        "kind": party.kind.value,
        "credit_code": party.credit_code,
        "legal_rep": party.legal_rep,
        # Quoted like staff quote them: an all-digit number would otherwise be an integer.
        "id_number": party.id_number,
        "birth_date": party.birth_date,
    }


def _correction_fields(correction: Correction) -> dict[str, Value]:
    return {
        "date": correction.date,
        "fields": list(correction.text.fields),
        "summary": correction.text.summary,
        "reason": correction.text.reason,
        "public_request": True if correction.public_request else None,
    }
