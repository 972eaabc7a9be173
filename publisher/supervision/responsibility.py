"""R-B1 responsibility chain: who held each level of responsibility for a section on a day.

Every module that needs a person's role (legal review, collective discussion, fault
accountability, the internal report) asks here, so the roster is read one way only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from publisher.content import Content
from publisher.findings import Finding
from publisher.supervision.roster import Role, Roster


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
    return []
