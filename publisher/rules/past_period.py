"""R-A4 with automatic withdrawal turned off: every record shown past its retention period.

Staff then withdraw such records by hand (`removed`), so each one is reported until they do.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from publisher.content import Content, LoadedRecord
from publisher.findings import Finding
from publisher.retention import retention_last_day, retention_years
from publisher.rules.report import record_warning
from publisher.settings import Settings
from publisher.visibility import was_minor_at_decision


def check_past_period(content: Content, as_of: dt.date) -> Iterator[Finding]:
    settings = content.settings
    if settings.auto_withdraw:
        return
    for loaded in content.records:
        if is_kept_past_period(loaded, settings, as_of):
            yield _warning(loaded, settings)


def is_kept_past_period(loaded: LoadedRecord, settings: Settings, as_of: dt.date) -> bool:
    """Shown on `as_of` (as a result or a withdrawal notice) after its period's last day."""
    record = loaded.record
    if record.published is None or was_minor_at_decision(record):
        return False
    if record.removed is not None and record.removed <= as_of:
        return False
    return as_of > retention_last_day(record.published, record.party.kind, settings)


def _warning(loaded: LoadedRecord, settings: Settings) -> Finding:
    record = loaded.record
    assert record.published is not None  # checked by is_kept_past_period
    last_day = retention_last_day(record.published, record.party.kind, settings)
    years = retention_years(record.party.kind, settings)
    message = (
        f"公示期（{years} 年）已于 {last_day.isoformat()} 届满，自动撤下已关闭，"
        "仍在公示；请填写 removed 日期撤下"
    )
    return record_warning(loaded, ("published",), "R-A4", message)
