"""R-B6 annual case-file review: sampling, score sheets, grades."""

from __future__ import annotations

import datetime as dt

from publisher.content import Content
from publisher.findings import Finding


def check_reviews(content: Content, as_of: dt.date) -> list[Finding]:
    return []
