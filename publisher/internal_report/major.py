"""Major decisions (R-B4): every major decision, why it is major, and the state of its legal
review and collective discussion.

The decisions, reasons, status and problems are `publisher.supervision.major.major_decisions`,
the same criteria of Article 6 as the R-B4 check; this module adds the title, a summary of the
review and discussion as registered, and the link to the case file.
"""

from __future__ import annotations

import datetime as dt

from publisher.content import Content
from publisher.internal_report.locations import Locator
from publisher.internal_report.model import MajorRow
from publisher.model import Record
from publisher.supervision.casefile import CaseFile, Conclusion
from publisher.supervision.major import MajorDecision, describe_reason, major_decisions

CONCLUSION = {Conclusion.LAWFUL: "合法", Conclusion.UNLAWFUL: "不合法"}
NOT_REGISTERED = "未登记"


def major_section(content: Content, as_of: dt.date, locator: Locator) -> tuple[MajorRow, ...]:
    # By file, not id: a repeated id (an R-A error of its own) must not mix two records up.
    records = {loaded.file: loaded.record for loaded in content.records}
    return tuple(
        _row(decision, records[decision.file], as_of, locator)
        for decision in major_decisions(content)
    )


def _row(decision: MajorDecision, record: Record, as_of: dt.date, locator: Locator) -> MajorRow:
    case = record.case
    return MajorRow(
        record_id=decision.record,
        title=record.title,
        decided=decision.decided,
        reasons=tuple(describe_reason(record, reason) for reason in decision.reasons),
        status=decision.status.value,
        status_label=decision.status.label,
        problems=decision.problems,
        pending=decision.decided > as_of,
        legal_review=_legal_review(case),
        discussion=_discussion(case),
        location=locator.at(decision.file, decision.line),
    )


def _legal_review(case: CaseFile | None) -> str:
    review = case.legal_review if case is not None else None
    if review is None:
        return NOT_REGISTERED
    return f"{review.date.isoformat()} {CONCLUSION[review.conclusion]}（{'、'.join(review.reviewers)}）"


def _discussion(case: CaseFile | None) -> str:
    discussion = case.discussion if case is not None else None
    if discussion is None:
        return NOT_REGISTERED
    return (
        f"{discussion.date.isoformat()} 主持：{discussion.chair}，"
        f"参会 {len(discussion.attendees)} 人"
    )
