"""R-B7 fault accountability: checks of the fault register and the yearly fault report.

A fault is registered against a case (`content/faults.yaml`); the people answerable at each
level of Article 2 are not typed in but taken from the roster (R-B1) for the case's section on
the day of the faulty act, so a deputy who left before the fault was found is still named.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from enum import StrEnum

from publisher.bureau import Officer
from publisher.content import Content, Loaded, LoadedRecord
from publisher.findings import Finding, Severity
from publisher.model import Record
from publisher.rules.report import located_finding
from publisher.supervision.faults import (
    Fault,
    FaultRegister,
    FaultType,
    FoundBy,
    Outcome,
    OutcomeKind,
)
from publisher.supervision.grounds import GROUND_LABEL, RevocationGround, SuspensionGround
from publisher.supervision.responsibility import (
    LEVEL_LABEL,
    Level,
    Responsibility,
    section_names,
    who,
)
from publisher.supervision.roster import Roster

RULE = "R-B7"

FAULT_TYPE_LABEL: dict[FaultType, str] = {
    FaultType.NEGLECT: "第九条(一) 不履行或拖延履行法定职责的行政失职行为",
    FaultType.EXCEED_AUTHORITY: "第九条(二) 超越职务权限的行政越权行为",
    FaultType.IMPROPER_DISCRETION: "第九条(三) 在自由裁量权限范围内不正当、不适当行使行政权力",
    FaultType.INSUFFICIENT_FACTS: "第九条(四) 主要事实不清或主要证据不足",
    FaultType.WRONG_LAW: "第九条(五) 没有正确适用法律、法规、规章依据",
    FaultType.ILLEGAL_PROCEDURE: "第九条(六) 违反法定程序",
    FaultType.INFRINGEMENT: "第九条(七) 侵害他人合法权益、依法须承担行政赔偿责任",
    FaultType.OTHER: "第九条(八) 其他违反法律、法规和规章的行政行为",
}

FOUND_BY_LABEL: dict[FoundBy, str] = {
    FoundBy.CASE_REVIEW: "案卷评查",
    FoundBy.COMPLAINT: "投诉举报",
    FoundBy.RECONSIDERATION: "行政复议",
    FoundBy.LITIGATION: "行政诉讼",
    FoundBy.SUPERVISION: "执法监督",
    FoundBy.SELF_INSPECTION: "自查",
    FoundBy.OTHER: "其他",
}

OUTCOME_LABEL: dict[OutcomeKind, str] = {
    OutcomeKind.CRITICISM_EDUCATION: "批评教育",
    OutcomeKind.ORDER_CORRECTION: "责令改正",
    OutcomeKind.WRITTEN_SELF_REVIEW: "书面检查",
    OutcomeKind.NOTIFIED_CRITICISM: "通报批评",
    OutcomeKind.CERTIFICATE_SUSPENDED: "暂扣执法证件",
    OutcomeKind.CERTIFICATE_REVOKED: "吊销执法证件",
    OutcomeKind.DISCIPLINARY: "政务处分",
    OutcomeKind.NO_LIABILITY: "不予追究",
    OutcomeKind.OTHER: "其他",
}

# The certificate actions of Article 3 and the ground codes each may cite.
CERTIFICATE_GROUNDS: dict[OutcomeKind, frozenset[str]] = {
    OutcomeKind.CERTIFICATE_SUSPENDED: frozenset(g.value for g in SuspensionGround),
    OutcomeKind.CERTIFICATE_REVOKED: frozenset(g.value for g in RevocationGround),
}
GROUND_RANGE: dict[OutcomeKind, str] = {
    OutcomeKind.CERTIFICATE_SUSPENDED: "第三条(一) 3.1.1–3.1.5",
    OutcomeKind.CERTIFICATE_REVOKED: "第三条(二) 3.2.1–3.2.6",
}

Loc = tuple[str | int, ...]


# --- Checks -------------------------------------------------------------------------------


def check_faults(content: Content, as_of: dt.date) -> list[Finding]:
    """R-B7: every registered fault points at a real case and is dated sensibly; every outcome
    names a known person, cites a fitting Article 3 ground, and shows in officers.yaml."""
    if content.faults is None:
        return []
    register = content.faults
    records = content.record_by_id()
    people = known_people(content)
    officers = {officer.name: officer for officer in content.officers.officers}
    findings = list(_duplicate_ids(register))
    for index, fault in enumerate(register.model.faults):
        findings += _fault_findings(register, index, fault, records, as_of)
        for position, outcome in enumerate(fault.outcomes):
            loc = ("faults", index, "outcomes", position)
            findings += _outcome_findings(register, loc, fault, outcome, people, officers)
    return findings


def known_people(content: Content) -> frozenset[str]:
    """Everyone in the roster or officers.yaml: the people an outcome may name."""
    roster = content.roster.model.appointments if content.roster else []
    return frozenset(
        [a.name for a in roster] + [officer.name for officer in content.officers.officers]
    )


def _duplicate_ids(register: Loaded[FaultRegister]) -> Iterator[Finding]:
    lines: defaultdict[str, list[int]] = defaultdict(list)
    for index, fault in enumerate(register.model.faults):
        lines[fault.id].append(index)
    for fault_id, indexes in lines.items():
        for index in indexes[1:]:
            first_line = register.line_of("faults", indexes[0], "id")
            message = f"过错编号 {fault_id} 重复（第 {first_line} 行已使用）；编号必须唯一"
            yield _error(register, ("faults", index, "id"), message, fault_id)


def _fault_findings(
    register: Loaded[FaultRegister],
    index: int,
    fault: Fault,
    records: Mapping[str, LoadedRecord],
    as_of: dt.date,
) -> Iterator[Finding]:
    if fault.record not in records:
        message = f"过错 {fault.id} 登记的案件记录 {fault.record} 不存在"
        yield _error(register, ("faults", index, "record"), message, fault.record)
    if fault.found > as_of:
        message = (
            f"过错 {fault.id} 的发现日期 {fault.found.isoformat()} 晚于检查日期 {as_of.isoformat()}"
        )
        yield _error(register, ("faults", index, "found"), message, fault.record)
    if fault.act_date is not None and fault.act_date > fault.found:
        message = (
            f"过错 {fault.id} 的过错行为日期 {fault.act_date.isoformat()} 晚于发现日期 "
            f"{fault.found.isoformat()}"
        )
        yield _error(register, ("faults", index, "act_date"), message, fault.record)


def _outcome_findings(
    register: Loaded[FaultRegister],
    loc: Loc,
    fault: Fault,
    outcome: Outcome,
    people: frozenset[str],
    officers: Mapping[str, Officer],
) -> Iterator[Finding]:
    what = f"过错 {fault.id} 对 {outcome.person} 的处理（{OUTCOME_LABEL[outcome.kind]}）"
    if outcome.person not in people:
        message = f"{what}：{outcome.person} 不在 roster.yaml 或 officers.yaml 中"
        yield _warning(register, (*loc, "person"), message, fault.record)
    problem = ground_problem(outcome)
    if problem is not None:
        yield _error(register, (*loc, "ground"), f"{what}：{problem}", fault.record)
    if outcome.kind in CERTIFICATE_GROUNDS and not reflected_in_officers(outcome, officers):
        message = f"{what}：officers.yaml 中没有相应记录（{_expected_entry(outcome)}）"
        yield _warning(register, (*loc, "kind"), message, fault.record)


def ground_problem(outcome: Outcome) -> str | None:
    """Why the outcome's Article 3 ground is wrong, or None when it is right."""
    allowed = CERTIFICATE_GROUNDS.get(outcome.kind)
    if allowed is None:
        return None if outcome.ground is None else "只有暂扣、吊销执法证件的处理才填写 ground"
    if outcome.ground is None:
        return f"须在 ground 中填写{GROUND_RANGE[outcome.kind]}中的情形代码"
    if outcome.ground not in allowed:
        return f"情形代码 {outcome.ground} 不适用，应为{GROUND_RANGE[outcome.kind]}之一"
    return None


def reflected_in_officers(outcome: Outcome, officers: Mapping[str, Officer]) -> bool:
    """Whether officers.yaml carries the certificate action: a suspension starting on or after
    the outcome date, or a revocation dated on or after it (grounds must agree when both are
    given), so the public officer list (R-B2) follows the decision."""
    officer = officers.get(outcome.person)
    if officer is None:
        return False
    if outcome.kind is OutcomeKind.CERTIFICATE_SUSPENDED:
        return any(
            s.start >= outcome.date and _same_ground(outcome.ground, s.ground.value)
            for s in officer.suspensions
        )
    revoked_ground = officer.revoked_ground.value if officer.revoked_ground else None
    return (
        officer.revoked is not None
        and officer.revoked >= outcome.date
        and _same_ground(outcome.ground, revoked_ground)
    )


def _same_ground(registered: str | None, recorded: str | None) -> bool:
    return registered is None or recorded is None or registered == recorded


def _expected_entry(outcome: Outcome) -> str:
    day = outcome.date.isoformat()
    if outcome.kind is OutcomeKind.CERTIFICATE_SUSPENDED:
        return f"应有 {day} 或之后开始的 suspensions 暂扣记录"
    return f"应有 {day} 或之后的 revoked 吊销日期"


def _error(register: Loaded[FaultRegister], loc: Loc, message: str, record: str) -> Finding:
    return located_finding(register, loc, RULE, Severity.ERROR, message, record=record)


def _warning(register: Loaded[FaultRegister], loc: Loc, message: str, record: str) -> Finding:
    return located_finding(register, loc, RULE, Severity.WARNING, message, record=record)


# --- Report -------------------------------------------------------------------------------


class DirectSource(StrEnum):
    """Where the 直接责任人 of a fault came from."""

    ACTS = "acts"
    """The officers who acted in the case (case.acts)."""
    ROSTER = "roster"
    """The case lists no acts: the section's officers in the roster on the act date."""


@dataclass(frozen=True)
class OutcomeLine:
    """One outcome of a fault, as the report shows it."""

    person: str
    kind: OutcomeKind
    date: dt.date
    ground: str | None
    note: str | None

    @property
    def label(self) -> str:
        return OUTCOME_LABEL[self.kind]

    @property
    def ground_label(self) -> str | None:
        return GROUND_LABEL.get(self.ground) if self.ground else None


@dataclass(frozen=True)
class FaultEntry:
    """One fault with the people answerable for it at each level of Article 2."""

    fault_id: str
    record_id: str
    record_title: str | None
    """None when the registered record does not exist."""
    type: FaultType
    found_by: FoundBy
    found: dt.date
    description: str
    act_date: dt.date | None
    """The fault's act date, else the case's decision date; None when neither is known."""
    act_date_from_decision: bool
    section: str | None
    """The case's section; None when the record or its case file is missing."""
    chain: Responsibility | None
    """Who answered at each level on `act_date`; officers are the 直接责任人."""
    direct_source: DirectSource | None
    gaps: tuple[str, ...]
    """Why part of the chain could not be named, in 简体中文."""
    outcomes: tuple[OutcomeLine, ...]

    @property
    def type_label(self) -> str:
        return FAULT_TYPE_LABEL[self.type]

    @property
    def found_by_label(self) -> str:
        return FOUND_BY_LABEL[self.found_by]


@dataclass(frozen=True)
class PersonSummary:
    """What one person was named for, and what was decided about them, in the year."""

    name: str
    named: tuple[tuple[str, Level], ...]
    """(fault id, level) for every fault and level the person was named at."""
    outcomes: tuple[tuple[str, OutcomeKind], ...]
    """(fault id, outcome) for every outcome concerning the person."""


@dataclass(frozen=True)
class SectionSummary:
    section: str | None
    """None collects faults whose case has no known section."""
    fault_ids: tuple[str, ...]


@dataclass(frozen=True)
class TypeSummary:
    type: FaultType
    fault_ids: tuple[str, ...]

    @property
    def label(self) -> str:
        return FAULT_TYPE_LABEL[self.type]


@dataclass(frozen=True)
class FaultReport:
    """The faults found in one year, by fault, person, section and type (R-B7)."""

    year: int
    faults: tuple[FaultEntry, ...]
    by_person: tuple[PersonSummary, ...]
    by_section: tuple[SectionSummary, ...]
    by_type: tuple[TypeSummary, ...]
    """All eight types of Article 9 in its order, including those with no fault."""
    register_found: bool
    """Whether content/faults.yaml was there to read."""


def fault_report(content: Content, year: int) -> FaultReport:
    """The report of the faults found in `year` (R-B7)."""
    register = content.faults.model.faults if content.faults else []
    found = sorted((f for f in register if f.found.year == year), key=lambda f: (f.found, f.id))
    records = content.record_by_id()
    roster = content.roster.model if content.roster else None
    entries = tuple(fault_entry(fault, records.get(fault.record), roster) for fault in found)
    return FaultReport(
        year=year,
        faults=entries,
        by_person=_by_person(entries),
        by_section=_by_section(entries, roster),
        by_type=_by_type(entries),
        register_found=content.faults is not None,
    )


def fault_entry(fault: Fault, loaded: LoadedRecord | None, roster: Roster | None) -> FaultEntry:
    """One fault with its chain on the act date (R-B1 via `who`)."""
    record = loaded.record if loaded else None
    act_date = fault.act_date or (record.decided if record else None)
    section = record.case.section if record and record.case else None
    chain, source = _chain(record, section, act_date, roster)
    return FaultEntry(
        fault_id=fault.id,
        record_id=fault.record,
        record_title=record.title if record else None,
        type=fault.type,
        found_by=fault.found_by,
        found=fault.found,
        description=fault.description,
        act_date=act_date,
        act_date_from_decision=fault.act_date is None and record is not None,
        section=section,
        chain=chain,
        direct_source=source,
        gaps=tuple(_gaps(fault, record, section, act_date, roster)),
        outcomes=tuple(_outcome_line(outcome) for outcome in fault.outcomes),
    )


def _chain(
    record: Record | None, section: str | None, day: dt.date | None, roster: Roster | None
) -> tuple[Responsibility | None, DirectSource | None]:
    if record is None or section is None or day is None or roster is None:
        return None, None
    chain = who(roster, section, day)
    acted = officers_who_acted(record)
    if not acted:
        return chain, DirectSource.ROSTER
    return replace(chain, officers=acted), DirectSource.ACTS


def officers_who_acted(record: Record) -> tuple[str, ...]:
    """Every officer named in the case's enforcement acts, in order of first appearance."""
    acts = record.case.acts if record.case else []
    return tuple(dict.fromkeys(name for act in acts for name in act.officers))


def _gaps(
    fault: Fault,
    record: Record | None,
    section: str | None,
    day: dt.date | None,
    roster: Roster | None,
) -> Iterator[str]:
    if record is None:
        yield f"案件记录 {fault.record} 不存在，无法确定承办科室和责任人"
        return
    if section is None:
        yield "案件没有内部案卷（case），无法确定承办科室和责任人"
        return
    if roster is None:
        yield "未找到 roster.yaml，无法认定各级责任人"
        return
    if section not in section_names(roster):
        yield f"承办科室「{section}」没有在 roster.yaml 中登记"
    act_day = day or record.decided
    for level, names in who(roster, section, act_day).by_level().items():
        # 直接责任 falls back to the case's acts, so an empty roster level there is no gap.
        if not names and level is not Level.DIRECT:
            yield f"{act_day.isoformat()} 名册中没有{LEVEL_LABEL[level]}的人员"


def _outcome_line(outcome: Outcome) -> OutcomeLine:
    return OutcomeLine(
        person=outcome.person,
        kind=outcome.kind,
        date=outcome.date,
        ground=outcome.ground,
        note=outcome.note,
    )


def _by_person(entries: Iterable[FaultEntry]) -> tuple[PersonSummary, ...]:
    named: dict[str, list[tuple[str, Level]]] = defaultdict(list)
    outcomes: dict[str, list[tuple[str, OutcomeKind]]] = defaultdict(list)
    order: dict[str, None] = {}
    for entry in entries:
        levels = entry.chain.by_level() if entry.chain else {}
        for level, names in levels.items():
            for name in names:
                order.setdefault(name)
                named[name].append((entry.fault_id, level))
        for outcome in entry.outcomes:
            order.setdefault(outcome.person)
            outcomes[outcome.person].append((entry.fault_id, outcome.kind))
    return tuple(PersonSummary(name, tuple(named[name]), tuple(outcomes[name])) for name in order)


def _by_section(entries: Iterable[FaultEntry], roster: Roster | None) -> tuple[SectionSummary, ...]:
    grouped: dict[str | None, list[str]] = defaultdict(list)
    for entry in entries:
        grouped[entry.section].append(entry.fault_id)
    # Roster order first (how staff think of the bureau), then unknown names, then no section.
    known = section_names(roster) if roster else ()
    ordered = [s for s in known if s in grouped]
    ordered += sorted(s for s in grouped if s is not None and s not in known)
    keys: list[str | None] = [*ordered, *([None] if None in grouped else [])]
    return tuple(SectionSummary(key, tuple(grouped[key])) for key in keys)


def _by_type(entries: Iterable[FaultEntry]) -> tuple[TypeSummary, ...]:
    grouped: dict[FaultType, list[str]] = defaultdict(list)
    for entry in entries:
        grouped[entry.type].append(entry.fault_id)
    return tuple(TypeSummary(kind, tuple(grouped[kind])) for kind in FaultType)
