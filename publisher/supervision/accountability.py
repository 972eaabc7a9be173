"""R-B7 fault register checks and report."""

from __future__ import annotations

import datetime as dt

from publisher.content import Content
from publisher.findings import Finding


def check_faults(content: Content, as_of: dt.date) -> list[Finding]:
    return []
