"""R-B4 major decisions and legal review."""

from __future__ import annotations

import datetime as dt

from publisher.content import Content
from publisher.findings import Finding


def check_major_decisions(content: Content, as_of: dt.date) -> list[Finding]:
    return []
