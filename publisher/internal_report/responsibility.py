"""The responsibility chain (R-B1): who answers at each level of Article 2 for every section on
the as-of date, from `publisher.supervision.responsibility.who` (the same answer as
`publisher who`). The fault page shows each fault's chain with the same helper.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from publisher.content import Content
from publisher.internal_report.locations import Locator
from publisher.internal_report.model import PeopleAtLevel, RosterRow, RosterSection
from publisher.loader import ROSTER_FILE
from publisher.supervision.responsibility import LEVEL_LABEL, Level, section_names, who
from publisher.supervision.roster import Roster

LEVELS: tuple[Level, ...] = tuple(Level)
"""Article 2's order: 局长, 分管副局长, 科室负责人, 执法人员, 政策法规科."""


def people_at_levels(
    levels: Mapping[Level, tuple[str, ...]], notes: Mapping[Level, str] | None = None
) -> tuple[PeopleAtLevel, ...]:
    """`Responsibility.by_level()` in Article 2 order, labelled."""
    notes = notes or {}
    return tuple(
        PeopleAtLevel(
            level=level.value,
            label=LEVEL_LABEL[level],
            names=levels.get(level, ()),
            note=notes.get(level),
        )
        for level in LEVELS
    )


def roster_section(content: Content, as_of: dt.date, locator: Locator) -> RosterSection:
    labels = tuple(LEVEL_LABEL[level] for level in LEVELS)
    loaded = content.roster
    if loaded is None:
        return RosterSection(
            found=False,
            legal_section=Roster().legal_section,
            levels=labels,
            rows=(),
            location=locator.at(content.root / ROSTER_FILE, None),
        )
    roster = loaded.model
    rows = tuple(
        RosterRow(
            section=name,
            levels=people_at_levels(who(roster, name, as_of).by_level()),
            location=locator.at(loaded.path, loaded.line_of("sections", index)),
        )
        for index, name in enumerate(section_names(roster))
    )
    return RosterSection(
        found=True,
        legal_section=roster.legal_section,
        levels=labels,
        rows=rows,
        location=locator.at(loaded.path, None),
    )
