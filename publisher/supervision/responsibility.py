"""R-B1 responsibility chain: who held each level for a section on a day."""

from __future__ import annotations

import datetime as dt

from publisher.content import Content
from publisher.findings import Finding


def check_roster(content: Content, as_of: dt.date) -> list[Finding]:
    return []
