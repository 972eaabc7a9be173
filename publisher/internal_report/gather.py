"""The report model for one as-of date: a pure function of the loaded content and findings.

The findings come from the caller (the same list `publisher check` gives), so the report and
the check can never disagree, and this module reads no files and no clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from publisher.findings import Finding
from publisher.internal_report.certificates import certificate_section
from publisher.internal_report.correction_requests import request_section
from publisher.internal_report.deadlines import deadline_section
from publisher.internal_report.draws import draw_section
from publisher.internal_report.faults import fault_section
from publisher.internal_report.findings import group_by_rule
from publisher.internal_report.locations import Locator
from publisher.internal_report.major import major_section
from publisher.internal_report.model import InternalReport
from publisher.internal_report.responsibility import roster_section
from publisher.internal_report.reviews import review_section
from publisher.internal_report.status import status_section
from publisher.loader import LoadResult


def gather_report(
    load: LoadResult,
    findings: Iterable[Finding],
    notes: Iterable[str],
    as_of: dt.date,
    locator: Locator,
) -> InternalReport:
    rules = group_by_rule(findings, locator)
    content = load.content
    if content is None:
        # Nothing else can be computed from content that failed to load: show the errors.
        return InternalReport(as_of=as_of, organ="", notes=tuple(notes), rules=rules)
    return InternalReport(
        as_of=as_of,
        organ=content.settings.organ,
        notes=tuple(notes),
        rules=rules,
        deadlines=deadline_section(content, as_of, locator),
        correction_requests=request_section(content, as_of, locator),
        status=status_section(content, as_of),
        roster=roster_section(content, as_of, locator),
        certificates=certificate_section(content, as_of, locator),
        major=major_section(content, as_of, locator),
        draws=draw_section(content, as_of, locator),
        reviews=review_section(content, locator),
        faults=fault_section(content, locator),
    )
