"""R-B1 responsibility chain: who held each level of responsibility for a section on a day.

Every module that needs a person's role (legal review, collective discussion, fault
accountability, the internal report) asks here, so the roster is read one way only.
`check_roster` makes sure that answer exists: the roster is consistent, and every case in
scope has a known section and a filled chain on its decision date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum

from publisher.content import Content, Loaded, LoadedRecord
from publisher.findings import Finding, Severity
from publisher.rules.report import located_finding, record_error, record_warning
from publisher.supervision.roster import Appointment, Role, Roster
from publisher.supervision.scope import in_scope

RULE = "R-B1"


class Level(StrEnum):
    """The five levels of Article 2, in its order."""

    HEAD = "head"
    DEPUTY = "deputy"
    SECTION_HEAD = "section_head"
    DIRECT = "direct"
    GUIDANCE = "guidance"


LEVEL_LABEL: dict[Level, str] = {
    Level.HEAD: "重要领导责任（局长）",
    Level.DEPUTY: "主要领导责任（分管副局长）",
    Level.SECTION_HEAD: "直接领导责任（科室负责人）",
    Level.DIRECT: "直接责任（执法人员）",
    Level.GUIDANCE: "指导监督（政策法规科）",
}

ROLE_LABEL: dict[Role, str] = {
    Role.HEAD: "局长",
    Role.DEPUTY: "分管副局长",
    Role.SECTION_HEAD: "科室负责人",
    Role.OFFICER: "执法人员",
}


@dataclass(frozen=True)
class Responsibility:
    """The people at each level of Article 2 for one section on one day."""

    section: str
    day: dt.date
    head: tuple[str, ...]
    """局长: 重要领导责任."""
    deputies: tuple[str, ...]
    """分管副局长 supervising the section: 主要领导责任."""
    section_heads: tuple[str, ...]
    """科室负责人: 直接领导责任."""
    officers: tuple[str, ...]
    """执法人员 of the section: 直接责任 (for a case, the officers who acted in it)."""
    legal_section: str
    """政策法规科: 指导、监督."""
    legal_section_heads: tuple[str, ...]
    legal_deputies: tuple[str, ...]

    def by_level(self) -> dict[Level, tuple[str, ...]]:
        """The names at each level; 指导监督 is the legal section's head, then its deputy."""
        guidance = tuple(dict.fromkeys(self.legal_section_heads + self.legal_deputies))
        return {
            Level.HEAD: self.head,
            Level.DEPUTY: self.deputies,
            Level.SECTION_HEAD: self.section_heads,
            Level.DIRECT: self.officers,
            Level.GUIDANCE: guidance,
        }


def holders(
    roster: Roster, role: Role, day: dt.date, section: str | None = None
) -> tuple[str, ...]:
    """Everyone holding `role` on `day` (for `section`, when given), in roster order."""
    names = (
        a.name
        for a in roster.appointments
        if a.role is role and a.holds_on(day) and (section is None or section in a.sections)
    )
    return tuple(dict.fromkeys(names))


def who(roster: Roster, section: str, day: dt.date) -> Responsibility:
    """Who held each level of responsibility for `section` on `day` (R-B1)."""
    legal = roster.legal_section
    return Responsibility(
        section=section,
        day=day,
        head=holders(roster, Role.HEAD, day),
        deputies=holders(roster, Role.DEPUTY, day, section),
        section_heads=holders(roster, Role.SECTION_HEAD, day, section),
        officers=holders(roster, Role.OFFICER, day, section),
        legal_section=legal,
        legal_section_heads=holders(roster, Role.SECTION_HEAD, day, legal),
        legal_deputies=holders(roster, Role.DEPUTY, day, legal),
    )


def section_names(roster: Roster) -> tuple[str, ...]:
    return tuple(s.name for s in roster.sections)


def check_roster(content: Content, as_of: dt.date) -> list[Finding]:
    """R-B1: the roster is consistent and names someone at each level for every case.

    `as_of` is unused: a roster entry is right or wrong whatever the day; the signature is the
    one every supervision check shares.
    """
    cases = cases_in_scope(content)
    if content.roster is None:
        return [_missing_roster(cases)] if cases else []
    roster = content.roster
    return [
        *_section_findings(roster),
        *_appointment_findings(roster),
        *_overlapping_heads(roster),
        *(finding for loaded in cases for finding in _chain_findings(roster.model, loaded)),
    ]


def cases_in_scope(content: Content) -> list[LoadedRecord]:
    """Records with an internal case file that the supervision checks cover."""
    return [
        loaded
        for loaded in content.records
        if loaded.record.case is not None and in_scope(loaded.record, content.settings)
    ]


def _missing_roster(cases: Sequence[LoadedRecord]) -> Finding:
    # Pointed at the first case: without a roster there is no roster line to show.
    first = cases[0]
    message = (
        f"未找到（或未能读取）roster.yaml 执法责任人员名册，{len(cases)} 件有内部案卷的案件"
        f"无法认定各级责任人（首件 {first.record.id}）"
    )
    return record_warning(first, ("case",), RULE, message)


def _section_findings(loaded: Loaded[Roster]) -> Iterator[Finding]:
    roster = loaded.model
    seen: set[str] = set()
    for index, section in enumerate(roster.sections):
        if section.name in seen:
            message = f"科室「{section.name}」在 sections 中重复登记"
            yield _roster_error(loaded, ("sections", index, "name"), message)
        seen.add(section.name)
    if roster.legal_section not in seen:
        message = f"legal_section「{roster.legal_section}」没有在 sections 中登记"
        yield _roster_error(loaded, ("legal_section",), message)


def _appointment_findings(loaded: Loaded[Roster]) -> Iterator[Finding]:
    known = set(section_names(loaded.model))
    for index, appointment in enumerate(loaded.model.appointments):
        yield from _period_findings(loaded, index, appointment)
        yield from _sections_count_findings(loaded, index, appointment)
        yield from _unknown_section_findings(loaded, index, appointment, known)


def _who_holds(appointment: Appointment) -> str:
    return f"{appointment.name}（{ROLE_LABEL[appointment.role]}）"


def _period_findings(
    loaded: Loaded[Roster], index: int, appointment: Appointment
) -> Iterator[Finding]:
    if appointment.end is not None and appointment.end < appointment.start:
        message = (
            f"{_who_holds(appointment)}的任职结束日期 {appointment.end.isoformat()} "
            f"早于开始日期 {appointment.start.isoformat()}"
        )
        yield _roster_error(loaded, ("appointments", index, "end"), message)


def _sections_count_findings(
    loaded: Loaded[Roster], index: int, appointment: Appointment
) -> Iterator[Finding]:
    loc = ("appointments", index, "sections")
    count = len(appointment.sections)
    who_holds = _who_holds(appointment)
    if appointment.role is Role.HEAD and count:
        # The head answers for the whole bureau (Article 2(一)); sections here mean nothing.
        message = f"{who_holds}对全局负责，不填 sections；已填写的科室不起作用"
        yield located_finding(loaded, loc, RULE, Severity.WARNING, message)
    elif appointment.role is Role.DEPUTY and count == 0:
        yield _roster_error(loaded, loc, f"{who_holds}须在 sections 中列出分管的科室")
    elif appointment.role in (Role.SECTION_HEAD, Role.OFFICER) and count != 1:
        message = f"{who_holds}须在 sections 中填写所在的一个科室（现为 {count} 个）"
        yield _roster_error(loaded, loc, message)


def _unknown_section_findings(
    loaded: Loaded[Roster], index: int, appointment: Appointment, known: set[str]
) -> Iterator[Finding]:
    for position, section in enumerate(appointment.sections):
        if section not in known:
            message = f"{_who_holds(appointment)}的科室「{section}」没有在 sections 中登记"
            yield _roster_error(loaded, ("appointments", index, "sections", position), message)


def _overlapping_heads(loaded: Loaded[Roster]) -> Iterator[Finding]:
    """Two 局长 on one day: Article 2(一) has one important-leadership holder."""
    heads = [(i, a) for i, a in enumerate(loaded.model.appointments) if a.role is Role.HEAD]
    for later_position, (index, later) in enumerate(heads):
        for _, earlier in heads[:later_position]:
            first_day = _first_common_day(earlier, later)
            if first_day is not None:
                since = first_day.isoformat()
                message = (
                    f"{later.name} 的两段局长任职自 {since} 起重叠"
                    if earlier.name == later.name
                    else f"{earlier.name} 与 {later.name} 自 {since} 起同时登记为局长"
                ) + "；同一天只能有一名局长"
                loc = ("appointments", index, "start")
                yield located_finding(loaded, loc, RULE, Severity.WARNING, message)


def _first_common_day(a: Appointment, b: Appointment) -> dt.date | None:
    start = max(a.start, b.start)
    ends = [end for end in (a.end, b.end) if end is not None]
    return start if not ends or start <= min(ends) else None


def _chain_findings(roster: Roster, loaded: LoadedRecord) -> Iterator[Finding]:
    record = loaded.record
    assert record.case is not None
    section = record.case.section
    if section not in section_names(roster):
        message = (
            f"案件 {record.id} 的承办科室「{section}」没有在 roster.yaml 的 sections 中登记，"
            "无法认定责任人"
        )
        yield record_error(loaded, ("case", "section"), RULE, message)
        return
    chain = who(roster, section, record.decided)
    on_day = f"案件 {record.id} 决定之日（{record.decided.isoformat()}）"
    if not chain.head:
        # The head answers for every case; a gap here is a roster omission, not a vacancy
        # (whoever presided over the bureau is entered as 局长 for that period).
        message = f"{on_day}名册中没有在任局长（重要领导责任人）"
        yield record_error(loaded, ("decided",), RULE, message)
    # Deputies and section heads can really be vacant for a while: warn, do not fail.
    if not chain.deputies:
        message = f"{on_day}名册中没有分管{section}的副局长（主要领导责任人）"
        yield record_warning(loaded, ("decided",), RULE, message)
    if not chain.section_heads:
        message = f"{on_day}名册中没有{section}负责人（直接领导责任人）"
        yield record_warning(loaded, ("decided",), RULE, message)
    if not chain.legal_section_heads:
        message = f"{on_day}名册中没有{chain.legal_section}负责人（指导监督）"
        yield record_warning(loaded, ("decided",), RULE, message)


def _roster_error(loaded: Loaded[Roster], loc: tuple[str | int, ...], message: str) -> Finding:
    return located_finding(loaded, loc, RULE, Severity.ERROR, message)
