"""R-B3 whole-process record: the five stages, their documents and audio-video evidence.

Article 5 asks for a written and audio-video record of every stage of a case (程序启动, 调查取证,
审查决定, 送达执行, 归档管理) in the document forms of the enforcement area. `check_process`
reports, by Article 5(四) item, what the case files of the records in scope lack:

- no `case` section at all (5(四)1 不制作执法全过程记录);
- a missing stage. Which stages are due when is the project's reading, since the regulation
  fixes no dates:
  - 程序启动, 调查取证 and 审查决定 once the record's decision date has come;
  - 送达执行 once the record is published, or once the service deadline has passed: seven
    working days after the decision (行政处罚法 第六十一条 “七日内送达”, working days by
    第八十五条), used for inspection results too;
  - 归档管理 is a reminder (warning) from 30 days after the decision, and an error from 180
    days: a case normally closes within the six months in which the party may still sue
    (行政诉讼法 第四十六条), so a file not archived by then is overdue;
- stage dates out of the legal order, a stage dated after the as-of date, a stage ending
  before it began, a stage recorded twice; a decision stage not dated on the decision date is a
  warning (the record's `decided` and the case file disagree, one of them is wrong);
- a required document kind missing from a stage that is recorded (templates per area and
  record type, see `required_documents`);
- the same evidence file registered with two different SHA-256 values (at most one of them
  can describe the file).

Whether the files themselves are in the evidence store and unaltered is
`publisher.supervision.evidence`; deletions and rewrites in the repository's history are
`publisher.supervision.evidence_history`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from publisher.content import Content, LoadedRecord
from publisher.findings import Finding, Severity
from publisher.labels import AREA
from publisher.loader import SETTINGS_FILE
from publisher.model import Area, Record, RecordType
from publisher.rules.report import Loc, record_finding, with_rule
from publisher.settings import Settings
from publisher.supervision.casefile import STAGE_ORDER, CaseFile, Stage, StageRecord
from publisher.supervision.scope import in_scope
from publisher.workdays import WorkCalendar
from publisher.yamlsource import YamlSyntaxError, load_yaml_file

RULE = "R-B3"

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

STAGE_LABEL: Mapping[Stage, str] = {
    Stage.START: "程序启动",
    Stage.INVESTIGATION: "调查取证",
    Stage.DECISION: "审查决定",
    Stage.SERVICE: "送达执行",
    Stage.ARCHIVE: "归档管理",
}

SERVICE_WORKDAYS = 7
ARCHIVE_REMINDER_DAYS = 30
ARCHIVE_DEADLINE_DAYS = 180

NO_RECORD = "第五条(四)1 不制作执法全过程记录"
IMPROPER = "第五条(四)1 不按要求制作执法全过程记录"


@dataclass(frozen=True)
class Problem:
    """One finding about a key of a record, before it is given a file and line."""

    loc: Loc
    text: str
    severity: Severity = Severity.ERROR


def required_documents(
    settings: Settings, area: Area, record_type: RecordType
) -> dict[str, list[str]]:
    """Stage → required document kinds for a case of `record_type` in `area`: the bureau's
    template for that area, type and stage where settings configure one (an empty list
    requires nothing), else the built-in template."""
    configured = settings.supervision.required_documents.get(area.value, {})
    own = configured.get(record_type.value, {})
    built_in = DEFAULT_REQUIRED_DOCUMENTS[record_type.value]
    return {
        stage.value: list(own.get(stage.value, built_in.get(stage.value, ())))
        for stage in STAGE_ORDER
    }


def check_process(content: Content, as_of: dt.date) -> list[Finding]:
    """Every R-B3 finding of the case files of the records in scope on `as_of`."""
    calendar = content.calendar()
    scoped = [r for r in content.records if in_scope(r.record, content.settings)]
    findings = _settings_findings(content)
    for loaded in scoped:
        problems = _record_problems(loaded.record, content.settings, calendar, as_of)
        findings += [_finding(loaded, problem) for problem in problems]
    findings += _conflicting_hashes(scoped)
    return findings


def _finding(loaded: LoadedRecord, problem: Problem) -> Finding:
    return record_finding(loaded, problem.loc, RULE, problem.severity, problem.text)


def _record_problems(
    record: Record, settings: Settings, calendar: WorkCalendar, as_of: dt.date
) -> list[Problem]:
    case = record.case
    if case is None:
        text = (
            f"{NO_RECORD}：记录 {record.id} 没有 case（案卷）部分；请按五个环节登记全过程记录"
            "（程序启动、调查取证、审查决定、送达执行、归档管理）及其文书和音像记录"
        )
        return [Problem(("id",), text)]
    firsts = _first_of_each_stage(case)
    return [
        *_duplicate_stages(case),
        *_missing_stages(record, firsts, settings, calendar, as_of),
        *_stage_dates(record, case, as_of),
        *_stage_order(firsts),
        *_missing_documents(record, settings, firsts),
    ]


def _first_of_each_stage(case: CaseFile) -> dict[Stage, tuple[int, StageRecord]]:
    """Each stage's first entry with its index in `case.stages`, in the legal order."""
    found: dict[Stage, tuple[int, StageRecord]] = {}
    for index, entry in enumerate(case.stages):
        found.setdefault(entry.stage, (index, entry))
    return {stage: found[stage] for stage in STAGE_ORDER if stage in found}


def _stage_loc(index: int, *rest: str | int) -> Loc:
    return ("case", "stages", index, *rest)


def _duplicate_stages(case: CaseFile) -> Iterator[Problem]:
    # One entry per stage keeps the order check meaningful; `end` covers a stage's duration.
    seen: set[Stage] = set()
    for index, entry in enumerate(case.stages):
        if entry.stage in seen:
            label = STAGE_LABEL[entry.stage]
            text = f"{IMPROPER}：{label}环节登记了两次；请合并为一条，持续多日的环节用 end 填写结束日期"
            yield Problem(_stage_loc(index, "stage"), text)
        seen.add(entry.stage)


# --- Which stages are due ------------------------------------------------------------------


def _missing_stages(
    record: Record,
    firsts: Mapping[Stage, tuple[int, StageRecord]],
    settings: Settings,
    calendar: WorkCalendar,
    as_of: dt.date,
) -> Iterator[Problem]:
    for stage in STAGE_ORDER:
        if stage in firsts:
            continue
        due = _due(stage, record, calendar, as_of)
        if due is not None:
            severity, why = due
            text = f"{IMPROPER}：缺少{STAGE_LABEL[stage]}（{stage.value}）环节（{why}）"
            yield Problem(("case", "stages"), text, severity)


def _due(
    stage: Stage, record: Record, calendar: WorkCalendar, as_of: dt.date
) -> tuple[Severity, str] | None:
    """Whether a missing `stage` is a finding on `as_of`, how severe, and why (简体中文)."""
    decided = record.decided
    if decided > as_of:
        return None  # nothing is due before the decision date
    if stage in (Stage.START, Stage.INVESTIGATION, Stage.DECISION):
        return Severity.ERROR, f"决定日期 {decided.isoformat()} 已到"
    if stage is Stage.SERVICE:
        return _service_due(record, calendar, as_of)
    return _archive_due(decided, as_of)


def _service_due(
    record: Record, calendar: WorkCalendar, as_of: dt.date
) -> tuple[Severity, str] | None:
    if record.published is not None and record.published <= as_of:
        return Severity.ERROR, f"决定已于 {record.published.isoformat()} 公示"
    deadline = calendar.add_workdays(record.decided, SERVICE_WORKDAYS).date
    if as_of > deadline:
        why = f"决定作出后 {SERVICE_WORKDAYS} 个工作日内应当送达，期限 {deadline.isoformat()} 已过"
        return Severity.ERROR, why
    return None


def _archive_due(decided: dt.date, as_of: dt.date) -> tuple[Severity, str] | None:
    deadline = decided + dt.timedelta(days=ARCHIVE_DEADLINE_DAYS)
    if as_of >= deadline:
        return Severity.ERROR, f"决定作出已满 {ARCHIVE_DEADLINE_DAYS} 天，案卷应当归档"
    if as_of >= decided + dt.timedelta(days=ARCHIVE_REMINDER_DAYS):
        why = f"尚未归档；决定作出满 {ARCHIVE_DEADLINE_DAYS} 天（{deadline.isoformat()}）仍未归档的为错误"
        return Severity.WARNING, why
    return None


# --- Dates and order -----------------------------------------------------------------------


def _stage_dates(record: Record, case: CaseFile, as_of: dt.date) -> Iterator[Problem]:
    for index, entry in enumerate(case.stages):
        yield from _entry_dates(record, index, entry, as_of)


def _entry_dates(
    record: Record, index: int, entry: StageRecord, as_of: dt.date
) -> Iterator[Problem]:
    label = STAGE_LABEL[entry.stage]
    start, end = entry.date.isoformat(), entry.end.isoformat() if entry.end else ""
    if entry.date > as_of:
        text = (
            f"{IMPROPER}：{label}环节日期 {start} 晚于检查日期 {as_of.isoformat()}；"
            "全过程记录只记载已经发生的环节"
        )
        yield Problem(_stage_loc(index, "date"), text)
    if entry.end is not None and entry.end > as_of:
        text = f"{IMPROPER}：{label}环节结束日期 {end} 晚于检查日期 {as_of.isoformat()}"
        yield Problem(_stage_loc(index, "end"), text)
    if entry.end is not None and entry.end < entry.date:
        text = f"{IMPROPER}：{label}环节结束日期 {end} 早于开始日期 {start}"
        yield Problem(_stage_loc(index, "end"), text)
    if entry.stage is Stage.DECISION and entry.date != record.decided:
        text = (
            f"{IMPROPER}：审查决定环节日期 {start} 与记录的决定日期 decided "
            f"{record.decided.isoformat()} 不一致，请核对"
        )
        yield Problem(_stage_loc(index, "date"), text, Severity.WARNING)


def _stage_order(firsts: Mapping[Stage, tuple[int, StageRecord]]) -> Iterator[Problem]:
    # Comparing neighbours is enough: any inversion implies one between two neighbours, and
    # staff see the pair to fix rather than every stage after a single wrong date.
    for (_, earlier), (index, later) in pairwise(firsts.values()):
        if later.date < earlier.date:
            text = (
                f"{IMPROPER}：{STAGE_LABEL[later.stage]}环节日期 {later.date.isoformat()} 早于"
                f"{STAGE_LABEL[earlier.stage]}环节日期 {earlier.date.isoformat()}；环节应依次为"
                "程序启动、调查取证、审查决定、送达执行、归档管理"
            )
            yield Problem(_stage_loc(index, "date"), text)


# --- Documents -----------------------------------------------------------------------------


def _missing_documents(
    record: Record, settings: Settings, firsts: Mapping[Stage, tuple[int, StageRecord]]
) -> Iterator[Problem]:
    # Only recorded stages: a missing stage is one finding, not one per document.
    template = required_documents(settings, record.area, record.type)
    area = AREA[record.area]
    for stage, (index, entry) in firsts.items():
        present = {document.kind for document in entry.documents}
        for kind in template[stage.value]:
            if kind not in present:
                text = (
                    f"{IMPROPER}：{STAGE_LABEL[stage]}环节缺少必备文书「{kind}」"
                    f"（第五条(二)，{area}领域文书要求）"
                )
                yield Problem(_stage_loc(index, "documents"), text)


@dataclass(frozen=True)
class _Registration:
    loaded: LoadedRecord
    loc: Loc
    sha256: str


def _conflicting_hashes(records: Sequence[LoadedRecord]) -> list[Finding]:
    """One error per entry that registers an evidence file already registered (in this or
    another case file) with a different SHA-256: the store holds one file per path."""
    first: dict[str, _Registration] = {}
    findings: list[Finding] = []
    for loaded in records:
        for registration, file in _registrations(loaded):
            earlier = first.setdefault(file, registration)
            if earlier.sha256 == registration.sha256:
                continue
            where = "本案卷" if earlier.loaded is loaded else f"记录 {earlier.loaded.record.id}"
            text = (
                f"{IMPROPER}：文件 {file} 在{where}（第 {earlier.loaded.line_of(*earlier.loc)} 行）"
                f"登记的 SHA-256 为 {earlier.sha256}，此处为 {registration.sha256}；同一文件只能"
                "有一个哈希值，请用 publisher evidence verify 核对证据存储中的原件"
            )
            findings.append(_finding(loaded, Problem(registration.loc, text)))
    return findings


def _registrations(loaded: LoadedRecord) -> Iterator[tuple[_Registration, str]]:
    case = loaded.record.case
    if case is None:
        return
    for index, entry in enumerate(case.stages):
        for position, document in enumerate(entry.documents):
            loc = _stage_loc(index, "documents", position, "sha256")
            yield _Registration(loaded, loc, document.sha256), document.file
        for position, media in enumerate(entry.media):
            loc = _stage_loc(index, "media", position, "sha256")
            yield _Registration(loaded, loc, media.sha256), media.file


# --- Settings ------------------------------------------------------------------------------


def _settings_findings(content: Content) -> list[Finding]:
    """An unknown area, record type or stage in the templates would silently leave the
    built-in template in force; report it on its line of settings.yaml."""
    templates = content.settings.supervision.required_documents
    known = (
        {a.value for a in Area},
        {t.value for t in RecordType},
        {s.value for s in STAGE_ORDER},
    )
    path = content.root / SETTINGS_FILE
    findings: list[Finding] = []
    for loc in _template_keys(templates):
        values = known[len(loc) - 1]
        if loc[-1] not in values:
            text = (
                f"设置 supervision.required_documents 中的 {'.'.join(loc)} 无法识别，"
                f"应为 {' | '.join(sorted(values))} 之一；该模板不会生效"
            )
            findings.append(_settings_finding(path, loc, text))
    return findings


def _template_keys(
    templates: Mapping[str, Mapping[str, Mapping[str, list[str]]]],
) -> Iterator[tuple[str, ...]]:
    for area, types in templates.items():
        yield (area,)
        for record_type, stages in types.items():
            yield (area, record_type)
            for stage in stages:
                yield (area, record_type, stage)


def _settings_finding(path: Path, loc: tuple[str, ...], text: str) -> Finding:
    full = ("supervision", "required_documents", *loc)
    try:
        line: int | None = load_yaml_file(path).lines.line_of(full)
    except (OSError, UnicodeDecodeError, YamlSyntaxError):
        line = None
    return Finding(str(path), line, RULE, Severity.ERROR, with_rule(text, RULE))
