"""Which records the case-file checks (R-B2 to R-B4) apply to."""

from __future__ import annotations

from publisher.model import Record
from publisher.settings import Settings


def in_scope(record: Record, settings: Settings) -> bool:
    """Decided on or after `supervision.since` (every record when it is not set)."""
    since = settings.supervision.since
    return since is None or record.decided >= since
