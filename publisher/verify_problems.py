"""What `publisher verify` reports: one `Problem` per way the deployed site differs from the
publication plan of the as-of date, on one carrier (a page, the open data, a feed, the sitemap,
the search index)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from publisher.visibility import PlanEntry


class ProblemKind(StrEnum):
    PAGE_NOT_REMOVED = "page_not_removed"
    DECISION_NOT_WITHDRAWN = "decision_not_withdrawn"
    PAGE_WRONG_STATE = "page_wrong_state"
    PAGE_MISSING = "page_missing"
    ATTACHMENT_NOT_REMOVED = "attachment_not_removed"
    DATA_UNREADABLE = "data_unreadable"
    DATA_NOT_REMOVED = "data_not_removed"
    DATA_WRONG_STATE = "data_wrong_state"
    DATA_MISSING = "data_missing"
    PERSONAL_NUMBER = "personal_number"
    LIST_NOT_UPDATED = "list_not_updated"
    """A list page (or the home page, the corrections page) still links to a hidden record."""
    LIST_MISSING_RECORD = "list_missing_record"
    """A list leaves out a record the plan shows."""
    SITEMAP_NOT_UPDATED = "sitemap_not_updated"
    SITEMAP_MISSING = "sitemap_missing"
    FEED_NOT_UPDATED = "feed_not_updated"
    SEARCH_NOT_UPDATED = "search_not_updated"
    SEARCH_MISSING = "search_missing"
    SEARCH_UNREADABLE = "search_unreadable"


@dataclass(frozen=True)
class Problem:
    """One way the deployed site differs from what the rules require on the as-of date."""

    kind: ProblemKind
    rule: str
    path: str
    """Relative to the site root, e.g. records/2021-cf-0001/index.html."""
    message: str
    """简体中文; names the record, never a personal number."""
    record: str | None = None
    line: int | None = None

    def sort_key(self) -> tuple[str, int, str, str, str]:
        return (self.path, self.line or 0, self.record or "", self.rule, self.kind.value)


def why_hidden(entry: PlanEntry | None) -> tuple[str, str]:
    """The rule that hides a record and why, in the words of `publisher status`."""
    if entry is None:
        return "R-A1", "内容中没有这条记录"
    return entry.rule, entry.why
