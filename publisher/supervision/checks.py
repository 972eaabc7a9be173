"""Every R-B check over loaded content, for `publisher check` and the internal report.

These findings never stop the public build: they concern the bureau's own conduct, and holding
back publication would break R-A3. `publisher check` reports them and exits non-zero on errors.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from publisher.content import Content
from publisher.findings import Finding, sorted_findings
from publisher.supervision.accountability import check_faults
from publisher.supervision.certificates import check_certificates
from publisher.supervision.drawing import check_draws
from publisher.supervision.major import check_major_decisions
from publisher.supervision.process import check_process
from publisher.supervision.responsibility import check_roster
from publisher.supervision.review import check_reviews

SupervisionCheck = Callable[[Content, dt.date], list[Finding]]

SUPERVISION_CHECKS: tuple[SupervisionCheck, ...] = (
    check_roster,
    check_certificates,
    check_process,
    check_major_decisions,
    check_draws,
    check_reviews,
    check_faults,
)


def run_supervision_checks(content: Content, as_of: dt.date) -> list[Finding]:
    """Every R-B finding for `content` on `as_of`."""
    return sorted_findings(f for check in SUPERVISION_CHECKS for f in check(content, as_of))
