"""Compliance checks over loaded content (R-A rules beyond the schema).

`run_checks` is what `publisher check` and the build run after loading; errors stop the build
(fail closed), warnings are reported.
"""

from __future__ import annotations

import datetime as dt

from publisher.content import Content
from publisher.findings import Finding


def run_checks(content: Content, as_of: dt.date) -> list[Finding]:
    """Every R-A finding for `content` on `as_of` (cross-field rules, deadlines, R-A8)."""
    return []
