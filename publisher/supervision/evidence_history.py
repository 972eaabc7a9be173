"""R-B3 tampering in the repository's history: case files or evidence entries deleted or
rewritten (Article 5(四)3)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from publisher.history import HistoryResult


def check_evidence_history(content_root: Path, as_of: dt.date | None = None) -> HistoryResult:
    return HistoryResult(findings=[], checked=False, note=None)
