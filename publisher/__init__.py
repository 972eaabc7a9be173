"""The enforcement-disclosure publisher: the domain core (no Pelican here).

The public surface is small and explicit; everything else is internal.
"""

from publisher.content import Content, LoadedRecord
from publisher.errors import BuildError, ContentError, LeakError, PublisherError
from publisher.findings import Finding, Severity
from publisher.loader import LoadResult, load_content
from publisher.model import Record
from publisher.settings import Settings
from publisher.visibility import Plan, PlanEntry, State, plan_publication

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
