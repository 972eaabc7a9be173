"""R-A4 with automatic withdrawal turned off: every record shown past its retention period.

Staff then withdraw such records by hand (`removed`), so each one is reported until they do.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from publisher.content import Content
from publisher.findings import Finding
from publisher.retention import retention_years
from publisher.rules.report import record_warning
from publisher.visibility import plan_publication


def check_past_period(content: Content, as_of: dt.date) -> Iterator[Finding]:
    settings = content.settings
    if settings.auto_withdraw:
        return
    plan = plan_publication([r.record for r in content.records], settings, as_of)
    loaded_by_id = content.record_by_id()
    for entry in plan.kept_past_period():
        loaded = loaded_by_id[entry.record_id]
        years = retention_years(loaded.record.party.kind, settings)
        assert entry.retention_last_day is not None  # a shown record has a period
        message = (
            f"公示期（{years} 年）已于 {entry.retention_last_day.isoformat()} 届满，"
            "自动撤下已关闭，仍在公示；请填写 removed 日期撤下"
        )
        yield record_warning(loaded, ("published",), "R-A4", message)
