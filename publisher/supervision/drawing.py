"""R-B5 the draw: ranks, selection, teams, and its checks (recomputation, results deadline)."""

from __future__ import annotations

import datetime as dt

from publisher.content import Content
from publisher.findings import Finding


def check_draws(content: Content, as_of: dt.date) -> list[Finding]:
    return []
