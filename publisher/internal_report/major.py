"""Major decisions (R-B4): their legal review and collective discussion at a glance.

ADAPTER: `publisher.supervision.major.major_decisions(content)` is being written beside this
module and will apply every criterion of Article 6. Until it lands, `major_records` lists only
what the case files state themselves (marked major by hand, or a legal review or discussion
registered); switch `major_records` to it once it does. The missing or late reviews
themselves are reported as R-B4 findings by `publisher check`.
"""

from __future__ import annotations

from collections.abc import Iterator

from publisher.content import Content, LoadedRecord
from publisher.internal_report.locations import Locator
from publisher.internal_report.model import MajorRow
from publisher.supervision.casefile import CaseFile, Conclusion

CONCLUSION = {Conclusion.LAWFUL: "合法", Conclusion.UNLAWFUL: "不合法"}


def major_records(content: Content) -> Iterator[LoadedRecord]:
    for loaded in content.records:
        case = loaded.record.case
        if case is not None and (case.major or case.legal_review or case.discussion):
            yield loaded


def major_section(content: Content, locator: Locator) -> tuple[MajorRow, ...]:
    rows = [_row(loaded, locator) for loaded in major_records(content)]
    return tuple(sorted(rows, key=lambda row: (row.decided, row.record_id)))


def _row(loaded: LoadedRecord, locator: Locator) -> MajorRow:
    record = loaded.record
    case = record.case
    assert case is not None  # major_records yields case files only
    return MajorRow(
        record_id=record.id,
        title=record.title,
        decided=record.decided,
        reason=_reason(case),
        legal_review=_legal_review(case),
        discussion=_discussion(case),
        location=locator.at(loaded.path, loaded.line_of("case")),
    )


def _reason(case: CaseFile) -> str:
    if case.major:
        return case.major_reason or "人工认定为重大执法决定"
    return "已登记法制审核或集体讨论"


def _legal_review(case: CaseFile) -> str:
    review = case.legal_review
    if review is None:
        return "未登记"
    return f"{review.date.isoformat()} {CONCLUSION[review.conclusion]}（{'、'.join(review.reviewers)}）"


def _discussion(case: CaseFile) -> str:
    discussion = case.discussion
    if discussion is None:
        return "未登记"
    signed = len(set(discussion.signed_by) & set(discussion.attendees))
    return (
        f"{discussion.date.isoformat()} 主持：{discussion.chair}，"
        f"参会 {len(discussion.attendees)} 人、签名 {signed} 人"
    )
