"""The fault register (R-B7): for every year with faults, each fault with the people answerable
at each level of Article 2 (R-B1) and the outcomes, and the year's totals by person, section
and type.

Everything is `publisher.supervision.accountability.fault_report` and its label tables, the
same as `publisher faults report`; this module links each fault to its entry in faults.yaml.
"""

from __future__ import annotations

from collections.abc import Sequence

from publisher.content import Content
from publisher.internal_report.locations import Locator
from publisher.internal_report.model import (
    FaultIds,
    FaultRow,
    FaultSection,
    FaultYear,
    Location,
    OutcomeRow,
    PeopleAtLevel,
    PersonRow,
)
from publisher.internal_report.responsibility import people_at_levels
from publisher.loader import FAULTS_FILE
from publisher.supervision.accountability import (
    OUTCOME_LABEL,
    DirectSource,
    FaultEntry,
    FaultReport,
    OutcomeLine,
    PersonSummary,
    fault_report,
)
from publisher.supervision.faults import Fault, OutcomeKind
from publisher.supervision.responsibility import LEVEL_LABEL, Level

NO_SECTION = "（无法确定承办科室）"
FROM_ROSTER = "案卷未列执法行为，按名册中该科室的执法人员"
FROM_ACTS = "案卷中参与执法行为的人员"


def fault_section(content: Content, locator: Locator) -> FaultSection:
    register = list(content.faults.model.faults) if content.faults is not None else []
    years = sorted({fault.found.year for fault in register}, reverse=True)
    locations = _Locations(content, register, locator)
    return FaultSection(
        register_found=content.faults is not None,
        years=tuple(_year(fault_report(content, year), locations) for year in years),
    )


class _Locations:
    """Each report entry's line in faults.yaml. Entries carry no position, so each takes the
    first unused register entry with the same id, record and date (an id used twice is an
    R-B7 error of its own, and still gets its own line here)."""

    def __init__(self, content: Content, register: Sequence[Fault], locator: Locator) -> None:
        self._content = content
        self._register = register
        self._locator = locator
        self._used: set[int] = set()

    def of(self, entry: FaultEntry) -> Location:
        loaded = self._content.faults
        if loaded is None:
            return self._locator.at(self._content.root / FAULTS_FILE, None)
        for index, fault in enumerate(self._register):
            same = (fault.id, fault.record, fault.found) == (
                entry.fault_id,
                entry.record_id,
                entry.found,
            )
            if same and index not in self._used:
                self._used.add(index)
                return self._locator.at(loaded.path, loaded.line_of("faults", index))
        return self._locator.at(loaded.path, None)


def _year(report: FaultReport, locations: _Locations) -> FaultYear:
    return FaultYear(
        year=report.year,
        faults=tuple(_fault(entry, locations.of(entry)) for entry in report.faults),
        by_person=tuple(_person(person) for person in report.by_person),
        by_section=tuple(
            FaultIds(summary.section or NO_SECTION, summary.fault_ids)
            for summary in report.by_section
        ),
        by_type=tuple(FaultIds(summary.label, summary.fault_ids) for summary in report.by_type),
    )


def _fault(entry: FaultEntry, location: Location) -> FaultRow:
    return FaultRow(
        id=entry.fault_id,
        record=entry.record_id,
        record_title=entry.record_title,
        type=entry.type_label,
        found_by=entry.found_by_label,
        found=entry.found,
        act_date=entry.act_date,
        act_date_from_decision=entry.act_date_from_decision,
        section=entry.section,
        description=entry.description,
        levels=_levels(entry),
        gaps=entry.gaps,
        outcomes=tuple(_outcome(outcome) for outcome in entry.outcomes),
        location=location,
    )


def _levels(entry: FaultEntry) -> tuple[PeopleAtLevel, ...]:
    if entry.chain is None:
        return ()
    source = FROM_ROSTER if entry.direct_source is DirectSource.ROSTER else FROM_ACTS
    return people_at_levels(entry.chain.by_level(), {Level.DIRECT: source})


def _outcome(outcome: OutcomeLine) -> OutcomeRow:
    return OutcomeRow(
        person=outcome.person,
        label=outcome.label,
        date=outcome.date,
        ground=outcome.ground_label,
        note=outcome.note,
    )


def _person(person: PersonSummary) -> PersonRow:
    named: dict[Level, list[str]] = {}
    for fault_id, level in person.named:
        named.setdefault(level, []).append(fault_id)
    outcomes: dict[OutcomeKind, list[str]] = {}
    for fault_id, kind in person.outcomes:
        outcomes.setdefault(kind, []).append(fault_id)
    return PersonRow(
        name=person.name,
        named=tuple(
            FaultIds(LEVEL_LABEL[level], tuple(named[level])) for level in Level if level in named
        ),
        outcomes=tuple(
            FaultIds(OUTCOME_LABEL[kind], tuple(outcomes[kind]))
            for kind in OutcomeKind
            if kind in outcomes
        ),
    )
