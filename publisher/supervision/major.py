"""R-B4 major decisions and legal review (Article 6 of the supervision rules).

`major_reasons` says whether a decision is major and why; `check_major_decisions` reports,
for every major decision in scope, each missing, late or "unlawful" piece of the legal review,
the external review and the collective discussion; `major_decisions` summarises the same for
the internal report.

Decisions (docs/supervision/major-decisions.md, 设计说明):
- The amounts decide: a fine amount counts even when the kinds omit `fine`, a confiscated
  value even when they omit `confiscate_income`/`confiscate_property`. A missed major decision
  escapes review altogether; one wrongly flagged costs a review the bureau may do anyway.
- Only fines depend on `work_safety` (Article 6(一) says 安全生产方面 for fines); confiscation
  of that value is major whatever the matter.
- "Before the decision date" admits the same day: review, discussion and decision are often
  dated the same day, and the documents carry no time of day to order them by.
- The roles on the day come from the roster (R-B1, `who()`/`holders()`); without a usable
  roster the composition cannot be checked, which is itself an error.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum

from publisher.content import Content, LoadedRecord
from publisher.findings import Finding
from publisher.model import PartyKind, PenaltyKind, Record
from publisher.rules.report import record_error
from publisher.supervision.casefile import (
    AdviserRole,
    CaseFile,
    Conclusion,
    Discussion,
    ExternalReview,
    ExternalReviewTrigger,
    Measure,
)
from publisher.supervision.responsibility import holders, who
from publisher.supervision.roster import Role, Roster
from publisher.supervision.scope import in_scope

RULE = "R-B4"

NATURAL_PERSON_THRESHOLD = 20_000
"""安全生产方面对公民处以 2 万元以上罚款（以上含本数）；个体工商户按自然人计。"""
ORGANISATION_THRESHOLD = 50_000
"""对法人或者其他组织处以 5 万元以上罚款（以上含本数）。"""

Loc = tuple[str | int, ...]


class MajorReason(StrEnum):
    """Why a decision is major, in the order of Article 6(一)."""

    RESTRICT_PRODUCTION = "restrict_production"
    STOP_CONSTRUCTION = "stop_construction"
    ORDER_SUSPENSION = "order_suspension"
    ORDER_CLOSURE = "order_closure"
    RESTRICT_PRACTICE = "restrict_practice"
    LARGE_FINE = "large_fine"
    LARGE_CONFISCATION = "large_confiscation"
    CORRECT_DECISION_IN_FORCE = "correct_decision_in_force"
    STATE_COMPENSATION = "state_compensation"
    SEIZE_EQUIPMENT_OR_GOODS = "seize_equipment_or_goods"
    SEAL_WORKPLACE = "seal_workplace"
    SEAL_HAZARD_MATERIAL = "seal_hazard_material"
    CUT_SUPPLY = "cut_supply"
    COURT_ENFORCEMENT = "court_enforcement"
    MANUAL = "manual"

    @property
    def label(self) -> str:
        return REASON_LABEL[self]


REASON_LABEL: dict[MajorReason, str] = {
    MajorReason.RESTRICT_PRODUCTION: "限制开展生产经营活动",
    MajorReason.STOP_CONSTRUCTION: "责令停止建设、责令停止施工",
    MajorReason.ORDER_SUSPENSION: "责令停产停业整顿、责令停产停业",
    MajorReason.ORDER_CLOSURE: "责令关闭",
    MajorReason.RESTRICT_PRACTICE: "限制从业",
    MajorReason.LARGE_FINE: "安全生产方面对自然人罚款2万元以上或对组织罚款5万元以上",
    MajorReason.LARGE_CONFISCATION: "没收违法所得或非法财物价值达到重大罚款数额",
    MajorReason.CORRECT_DECISION_IN_FORCE: "纠正已发生法律效力的行政执法决定",
    MajorReason.STATE_COMPENSATION: "作出行政赔偿或不予行政赔偿决定",
    MajorReason.SEIZE_EQUIPMENT_OR_GOODS: "查封、扣押不符合标准的设施设备器材或违法危险物品",
    MajorReason.SEAL_WORKPLACE: "查封违法生产、储存、使用、经营危险物品的作业场所",
    MajorReason.SEAL_HAZARD_MATERIAL: "封存造成或可能导致职业病危害事故的材料和设备",
    MajorReason.CUT_SUPPLY: "通知强制停止供电或停止供应民用爆炸物品",
    MajorReason.COURT_ENFORCEMENT: "申请法院强制执行",
    MajorReason.MANUAL: "其他重大、复杂的行政执法决定（人工认定）",
}

KIND_REASON: dict[PenaltyKind, MajorReason] = {
    PenaltyKind.RESTRICT_PRODUCTION: MajorReason.RESTRICT_PRODUCTION,
    PenaltyKind.ORDER_SUSPENSION: MajorReason.ORDER_SUSPENSION,
    PenaltyKind.ORDER_CLOSURE: MajorReason.ORDER_CLOSURE,
    PenaltyKind.RESTRICT_PRACTICE: MajorReason.RESTRICT_PRACTICE,
}

MEASURE_REASON: dict[Measure, MajorReason] = {
    Measure.STOP_CONSTRUCTION: MajorReason.STOP_CONSTRUCTION,
    Measure.CORRECT_DECISION_IN_FORCE: MajorReason.CORRECT_DECISION_IN_FORCE,
    Measure.STATE_COMPENSATION: MajorReason.STATE_COMPENSATION,
    Measure.SEIZE_EQUIPMENT_OR_GOODS: MajorReason.SEIZE_EQUIPMENT_OR_GOODS,
    Measure.SEAL_WORKPLACE: MajorReason.SEAL_WORKPLACE,
    Measure.SEAL_HAZARD_MATERIAL: MajorReason.SEAL_HAZARD_MATERIAL,
    Measure.CUT_SUPPLY: MajorReason.CUT_SUPPLY,
    Measure.COURT_ENFORCEMENT: MajorReason.COURT_ENFORCEMENT,
}

TRIGGER_LABEL: dict[ExternalReviewTrigger, str] = {
    ExternalReviewTrigger.MAJOR_PUBLIC_INTEREST: "涉及重大公共利益",
    ExternalReviewTrigger.MAJOR_RIGHTS_HEARING: "直接关系当事人或第三人重大权益且经过听证",
    ExternalReviewTrigger.MULTIPLE_LEGAL_RELATIONS: "案情疑难复杂、涉及多个法律关系",
}

ADVISER_LABEL: dict[AdviserRole, str] = {
    AdviserRole.LEGAL_ADVISER: "法律顾问",
    AdviserRole.PUBLIC_LAWYER: "公职律师",
}


# --- Which decisions are major ----------------------------------------------------------


def amount_threshold(kind: PartyKind) -> int:
    """The fine or confiscated value from which a decision is major for this party kind."""
    return NATURAL_PERSON_THRESHOLD if kind.is_natural_person else ORGANISATION_THRESHOLD


def major_reasons(record: Record) -> tuple[MajorReason, ...]:
    """Why `record` is a major decision (R-B4), in Article 6(一) order; empty when it is not."""
    found = {*_penalty_reasons(record), *_case_reasons(record.case)}
    return tuple(reason for reason in MajorReason if reason in found)


def _penalty_reasons(record: Record) -> Iterator[MajorReason]:
    penalty = record.penalty
    if penalty is None:
        return
    yield from (KIND_REASON[kind] for kind in penalty.kinds if kind in KIND_REASON)
    threshold = amount_threshold(record.party.kind)
    if penalty.work_safety and penalty.fine_yuan >= threshold:
        yield MajorReason.LARGE_FINE
    if penalty.confiscated_yuan >= threshold:
        yield MajorReason.LARGE_CONFISCATION


def _case_reasons(case: CaseFile | None) -> Iterator[MajorReason]:
    if case is None:
        return
    yield from (MEASURE_REASON[measure] for measure in case.measures)
    if case.major:
        yield MajorReason.MANUAL


def reason_loc(reason: MajorReason) -> Loc:
    """The key of a record that makes it major for `reason` (where staff look first)."""
    if reason is MajorReason.LARGE_FINE:
        return ("penalty", "fine_yuan")
    if reason is MajorReason.LARGE_CONFISCATION:
        return ("penalty", "confiscated_yuan")
    if reason is MajorReason.MANUAL:
        return ("case", "major")
    if reason in MEASURE_REASON.values():
        return ("case", "measures")
    return ("penalty", "kinds")


def describe_reason(record: Record, reason: MajorReason) -> str:
    """The reason as staff read it in a finding: amounts name the sum and the threshold."""
    penalty = record.penalty
    if penalty is None or reason not in (MajorReason.LARGE_FINE, MajorReason.LARGE_CONFISCATION):
        return reason.label
    kind = record.party.kind
    whom = "自然人（含个体工商户）" if kind.is_natural_person else "法人或其他组织"
    limit = f"对{whom} {amount_threshold(kind) // 10_000} 万元以上"
    if reason is MajorReason.LARGE_FINE:
        return f"安全生产方面罚款 {penalty.fine_yuan} 元，达到{limit}"
    return f"没收违法所得或非法财物价值 {penalty.confiscated_yuan} 元，达到{limit}"


def reasons_text(record: Record, reasons: Sequence[MajorReason]) -> str:
    return "；".join(describe_reason(record, reason) for reason in reasons)


# --- What a major decision lacks ----------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One missing, late or wrong piece of a major decision's review, at a key of the record."""

    loc: Loc
    text: str


def review_problems(record: Record, roster: Roster | None) -> list[Problem]:
    """Everything a major decision lacks under Article 6(二)–(四), in the order it is needed."""
    case = record.case
    if case is None:
        loc = reason_loc(major_reasons(record)[0])
        return [Problem(loc, "没有案卷记录（case），未记录法制审核和集体讨论")]
    problems = [
        *_legal_review_problems(case, record.decided, roster),
        *_external_review_problems(case, record.decided, roster),
        *_discussion_problems(case, record.decided, roster),
    ]
    if roster is None:
        text = "没有可用的 roster.yaml（缺失或无效），无法核对法制审核人员和集体讨论的组成"
        problems.append(Problem(("case",), text))
    return problems


def _not_later(
    loc: Loc, what: str, day: dt.date, case: CaseFile, decided: dt.date
) -> list[Problem]:
    """`what` must be dated on or before the discussion (where one is recorded) and the
    decision; the same day is allowed (the records carry no time of day)."""
    problems = []
    discussion = case.discussion
    if discussion is not None and day > discussion.date:
        late = f"{what}日期 {day.isoformat()} 晚于集体讨论日期 {discussion.date.isoformat()}"
        problems.append(Problem((*loc, "date"), late))
    if day > decided:
        late = f"{what}日期 {day.isoformat()} 晚于决定日期 {decided.isoformat()}"
        problems.append(Problem((*loc, "date"), late))
    return problems


def _legal_review_problems(
    case: CaseFile, decided: dt.date, roster: Roster | None
) -> list[Problem]:
    review = case.legal_review
    loc: Loc = ("case", "legal_review")
    if review is None:
        return [Problem(loc, "缺少政策法规科的法制审核（case.legal_review）")]
    problems = _not_later(loc, "法制审核", review.date, case, decided)
    if review.conclusion is Conclusion.UNLAWFUL:
        text = "法制审核结论为不合法，依规定不得提交集体讨论或作出决定，但已作出决定"
        problems.insert(0, Problem((*loc, "conclusion"), text))
    if roster is not None:
        problems += _reviewers_outside_legal_section(review.reviewers, review.date, roster)
    return problems


def _reviewers_outside_legal_section(
    reviewers: Sequence[str], day: dt.date, roster: Roster
) -> list[Problem]:
    legal = roster.legal_section
    staff = {
        *holders(roster, Role.SECTION_HEAD, day, legal),
        *holders(roster, Role.OFFICER, day, legal),
    }
    outside = [name for name in reviewers if name not in staff]
    if not outside:
        return []
    text = f"法制审核人员 {'、'.join(outside)} 在 {day.isoformat()} 不是{legal}的人员"
    return [Problem(("case", "legal_review", "reviewers"), text)]


def _external_review_problems(
    case: CaseFile, decided: dt.date, roster: Roster | None
) -> list[Problem]:
    review = case.external_review
    loc: Loc = ("case", "external_review")
    triggered = bool(case.external_review_triggers)
    if review is None:
        triggers = "、".join(TRIGGER_LABEL[t] for t in case.external_review_triggers)
        text = f"案件{triggers}，缺少县政府法律顾问或公职律师的审核（case.external_review）"
        return [Problem(loc, text)] if triggered else []
    problems: list[Problem] = []
    if review.conclusion is Conclusion.UNLAWFUL:
        text = "法律顾问或公职律师审核结论为不合法，但已作出决定"
        problems.append(Problem((*loc, "conclusion"), text))
    # Without a trigger the external review is optional: only an "unlawful" conclusion counts.
    if triggered:
        problems += _not_later(loc, "法律顾问或公职律师审核", review.date, case, decided)
        problems += _adviser_problems(review, roster)
    return problems


def _adviser_problems(review: ExternalReview, roster: Roster | None) -> list[Problem]:
    if roster is None or _is_adviser(roster, review.reviewer, review.role, review.date):
        return []
    role = ADVISER_LABEL[review.role]
    text = f"审核人 {review.reviewer} 在 {review.date.isoformat()} 不是名册中的县政府{role}"
    return [Problem(("case", "external_review", "reviewer"), text)]


def _is_adviser(roster: Roster, name: str, role: AdviserRole, day: dt.date) -> bool:
    return any(a.name == name and a.role is role and a.holds_on(day) for a in roster.legal_advisers)


def _discussion_problems(case: CaseFile, decided: dt.date, roster: Roster | None) -> list[Problem]:
    discussion = case.discussion
    loc: Loc = ("case", "discussion")
    if discussion is None:
        return [Problem(loc, "缺少集体讨论记录（case.discussion）")]
    problems: list[Problem] = []
    if discussion.date > decided:
        text = f"集体讨论日期 {discussion.date.isoformat()} 晚于决定日期 {decided.isoformat()}"
        problems.append(Problem((*loc, "date"), text))
    if roster is not None:
        problems += _chair_problems(discussion, roster)
        problems += _composition_problems(discussion, case.section, roster)
    problems += _signature_problems(discussion)
    if not (discussion.conclusion or "").strip():
        problems.append(Problem((*loc, "conclusion"), "集体讨论没有记录结论性意见（conclusion）"))
    return problems


def _chair_problems(discussion: Discussion, roster: Roster) -> list[Problem]:
    """Article 6(四)1: the head chairs, or a deputy the head delegated."""
    chair, day = discussion.chair, discussion.date
    loc: Loc = ("case", "discussion", "chair")
    if chair in holders(roster, Role.HEAD, day):
        return []
    if chair in holders(roster, Role.DEPUTY, day):
        if discussion.chair_delegated:
            return []
        text = f"主持人 {chair} 是副局长，但未记录受局长委托主持（chair_delegated: true）"
        return [Problem(loc, text)]
    return [Problem(loc, f"主持人 {chair} 在 {day.isoformat()} 既不是局长也不是副局长")]


def required_members(
    roster: Roster, section: str, day: dt.date
) -> list[tuple[str, tuple[str, ...]]]:
    """Article 6(三): each role the discussion must include, with who held it on `day`."""
    held = who(roster, section, day)
    legal = held.legal_section
    members = [
        ("局长", held.head),
        (f"{legal}分管领导", held.legal_deputies),
        (f"{section}分管领导", held.deputies),
        (f"{legal}负责人", held.legal_section_heads),
        (f"{section}负责人", held.section_heads),
    ]
    # A case of the legal section itself: its leaders are the same people, listed once.
    return members[:2] + members[3:4] if section == legal else members


def _composition_problems(discussion: Discussion, section: str, roster: Roster) -> list[Problem]:
    loc: Loc = ("case", "discussion", "attendees")
    day = discussion.date.isoformat()
    attendees = set(discussion.attendees)
    members = required_members(roster, section, discussion.date)
    vacant = [role for role, names in members if not names]
    absent = [
        f"{role} {'或'.join(names)}"
        for role, names in members
        if names and not attendees.intersection(names)
    ]
    problems = []
    if vacant:
        text = f"名册中 {day} 无人担任{'、'.join(vacant)}，无法确认集体讨论的组成"
        problems.append(Problem(loc, text))
    if absent:
        problems.append(
            Problem(loc, f"集体讨论参会人员缺少{'、'.join(absent)}（以 {day} 名册为准）")
        )
    return problems


def _signature_problems(discussion: Discussion) -> list[Problem]:
    signed = set(discussion.signed_by)
    unsigned = [name for name in discussion.attendees if name not in signed]
    if not unsigned:
        return []
    text = f"参会人员 {'、'.join(unsigned)} 未在讨论记录上签名"
    return [Problem(("case", "discussion", "signed_by"), text)]


# --- The check and the summary ----------------------------------------------------------


def _major_in_scope(content: Content) -> Iterator[tuple[LoadedRecord, tuple[MajorReason, ...]]]:
    for loaded in content.records:
        reasons = major_reasons(loaded.record)
        if reasons and in_scope(loaded.record, content.settings):
            yield loaded, reasons


def check_major_decisions(content: Content, as_of: dt.date) -> list[Finding]:
    """An R-B4 error for each problem of each major decision made on or before `as_of`.

    A decision dated after `as_of` has not been made yet: its review may still follow.
    """
    roster = content.roster.model if content.roster is not None else None
    findings: list[Finding] = []
    for loaded, reasons in _major_in_scope(content):
        if loaded.record.decided > as_of:
            continue
        prefix = f"重大执法决定 {loaded.record.id}（{reasons_text(loaded.record, reasons)}）"
        findings += [
            record_error(loaded, problem.loc, RULE, f"{prefix}：{problem.text}")
            for problem in review_problems(loaded.record, roster)
        ]
    return findings


class ReviewStatus(StrEnum):
    COMPLETE = "complete"
    INCOMPLETE = "incomplete"
    NO_CASE = "no_case"

    @property
    def label(self) -> str:
        return STATUS_LABEL[self]


STATUS_LABEL: dict[ReviewStatus, str] = {
    ReviewStatus.COMPLETE: "法制审核和集体讨论齐全",
    ReviewStatus.INCOMPLETE: "有缺漏",
    ReviewStatus.NO_CASE: "无案卷记录",
}


@dataclass(frozen=True)
class MajorDecision:
    """One major decision and the state of its review, for the internal report."""

    record: str
    file: str
    line: int
    """The line of `case:`, or of the key that made the record major when it has no case."""
    decided: dt.date
    reasons: tuple[MajorReason, ...]
    reasons_text: str
    """The reasons as staff read them, amounts included."""
    status: ReviewStatus
    problems: tuple[str, ...]
    """What the review lacks, one 简体中文 sentence each (the R-B4 findings' substance)."""


def major_decisions(content: Content) -> list[MajorDecision]:
    """Every major decision in scope, by decision date then id, with its review status."""
    roster = content.roster.model if content.roster is not None else None
    found = [_summary(loaded, reasons, roster) for loaded, reasons in _major_in_scope(content)]
    return sorted(found, key=lambda d: (d.decided, d.record))


def _summary(
    loaded: LoadedRecord, reasons: tuple[MajorReason, ...], roster: Roster | None
) -> MajorDecision:
    record = loaded.record
    problems = tuple(p.text for p in review_problems(record, roster))
    if record.case is None:
        status = ReviewStatus.NO_CASE
        line = loaded.line_of(*reason_loc(reasons[0]))
    else:
        status = ReviewStatus.INCOMPLETE if problems else ReviewStatus.COMPLETE
        line = loaded.line_of("case")
    return MajorDecision(
        record=record.id,
        file=loaded.file,
        line=line,
        decided=record.decided,
        reasons=reasons,
        reasons_text=reasons_text(record, reasons),
        status=status,
        problems=problems,
    )
