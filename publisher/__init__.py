"""The enforcement-disclosure publisher: the domain core (no Pelican here).

The public surface is small and explicit; everything else is internal. The names below are
imported when first used, not with the package: `publisher build`'s no-change check
(`publisher.fastpath`) answers in a fraction of the time it takes to import the models.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from publisher.content import Content, LoadedRecord
    from publisher.errors import BuildError, ContentError, LeakError, PublisherError
    from publisher.findings import Finding, Severity
    from publisher.loader import LoadResult, load_content
    from publisher.model import Record
    from publisher.settings import Settings
    from publisher.visibility import Plan, PlanEntry, State, plan_publication

_MODULE_OF = {
    "BuildError": "publisher.errors",
    "Content": "publisher.content",
    "ContentError": "publisher.errors",
    "Finding": "publisher.findings",
    "LeakError": "publisher.errors",
    "LoadResult": "publisher.loader",
    "LoadedRecord": "publisher.content",
    "Plan": "publisher.visibility",
    "PlanEntry": "publisher.visibility",
    "PublisherError": "publisher.errors",
    "Record": "publisher.model",
    "Settings": "publisher.settings",
    "Severity": "publisher.findings",
    "State": "publisher.visibility",
    "load_content": "publisher.loader",
    "plan_publication": "publisher.visibility",
}

__all__ = [
    "BuildError",
    "Content",
    "ContentError",
    "Finding",
    "LeakError",
    "LoadResult",
    "LoadedRecord",
    "Plan",
    "PlanEntry",
    "PublisherError",
    "Record",
    "Settings",
    "Severity",
    "State",
    "load_content",
    "plan_publication",
]


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'publisher' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
