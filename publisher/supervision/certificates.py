"""R-B2 certificates: whether an officer's certificate is valid on a day, and why not; the
check that every enforcement act had two certified officers; alerts for the internal report.

Valid on a day when issued and not expired, not revoked, not suspended, and the last annual
inspection that had fallen due was passed (due date configurable, default 31 March; the first
one is due in the year after issue). The public officer list, the two-officer check of every
enforcement act, and the draw of inspectors all use `certificate_status`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Literal

from publisher.bureau import Officer, OfficerList
from publisher.content import Content, Loaded, LoadedRecord
from publisher.findings import Finding, Severity
from publisher.labels import AREA
from publisher.model import Area
from publisher.rules.report import located_finding, record_error, record_warning, with_rule
from publisher.supervision.casefile import ActKind, CaseFile, EnforcementAct
from publisher.supervision.grounds import GROUND_LABEL, SuspensionGround
from publisher.supervision.scope import in_scope


class Invalidity(StrEnum):
    NOT_YET_ISSUED = "not_yet_issued"
    EXPIRED = "expired"
    REVOKED = "revoked"
    SUSPENDED = "suspended"
    UNEXAMINED = "unexamined"


@dataclass(frozen=True)
class CertificateStatus:
    """A certificate's validity on one day; when invalid, why, and the Article 3 ground."""

    valid: bool
    reason: Invalidity | None = None
    ground: str | None = None
    """An Article 3 ground code (3.1.n / 3.2.n) where one applies."""
    detail: str = ""
    since: dt.date | None = None
    """The first day of the current invalidity (None when valid or not yet issued)."""

    def describe(self) -> str:
        """Why the certificate is invalid, in 简体中文, naming the Article 3 ground."""
        if self.valid:
            return "证件有效"
        text = self.detail
        if self.ground is not None:
            text += f"（{GROUND_LABEL[self.ground]}）"
        return text


VALID = CertificateStatus(valid=True)
ONE_DAY = dt.timedelta(days=1)


def inspection_due(year: int, due: str) -> dt.date:
    """The day `year`'s annual inspection is due, from settings' MM-DD (29 Feb → 28 Feb)."""
    month, day = (int(part) for part in due.split("-"))
    try:
        return dt.date(year, month, day)
    except ValueError:
        return dt.date(year, month, 28)


def last_due_inspection_year(officer: Officer, day: dt.date, due: str) -> int | None:
    """The latest year whose inspection had fallen due by `day` (the due day itself is still
    within time), or None when none has yet."""
    year = day.year if day > inspection_due(day.year, due) else day.year - 1
    return year if year > officer.valid_from.year else None


def certificate_status(officer: Officer, day: dt.date, due: str = "03-31") -> CertificateStatus:
    """Whether `officer`'s certificate is valid on `day` (R-B2)."""
    if day < officer.valid_from:
        detail = f"证件尚未发证（发证日期 {officer.valid_from.isoformat()}）"
        return CertificateStatus(False, Invalidity.NOT_YET_ISSUED, None, detail)
    if officer.revoked is not None and officer.revoked <= day:
        ground = officer.revoked_ground.value if officer.revoked_ground else None
        detail = f"证件已于 {officer.revoked.isoformat()} 吊销或注销"
        return CertificateStatus(False, Invalidity.REVOKED, ground, detail, officer.revoked)
    if day > officer.valid_until:
        detail = f"证件有效期已于 {officer.valid_until.isoformat()} 届满"
        since = officer.valid_until + ONE_DAY
        return CertificateStatus(False, Invalidity.EXPIRED, None, detail, since)
    for suspension in officer.suspensions:
        if suspension.start <= day and (suspension.end is None or day <= suspension.end):
            detail = f"证件自 {suspension.start.isoformat()} 起被暂扣"
            detail += f"至 {suspension.end.isoformat()}" if suspension.end else "，尚未发还"
            ground = suspension.ground.value
            return CertificateStatus(False, Invalidity.SUSPENDED, ground, detail, suspension.start)
    year = last_due_inspection_year(officer, day, due)
    if year is not None and not _passed(officer, year, day):
        deadline = inspection_due(year, due)
        detail = f"证件未通过 {year} 年度年检（截止 {deadline.isoformat()}）"
        ground = SuspensionGround.UNEXAMINED.value
        since = deadline + ONE_DAY
        return CertificateStatus(False, Invalidity.UNEXAMINED, ground, detail, since)
    return VALID


def _passed(officer: Officer, year: int, day: dt.date) -> bool:
    return any(i.year == year and i.passed and i.date <= day for i in officer.annual_inspections)


# --- The R-B2 check: two certified officers per enforcement act, and officers.yaml itself ---

RULE = "R-B2"
MINIMUM_OFFICERS = 2
"""行政处罚法 第四十二条: 执法人员不得少于两人."""

ACT_LABEL: dict[ActKind, str] = {
    ActKind.INSPECTION: "检查",
    ActKind.INVESTIGATION: "调查",
    ActKind.EVIDENCE: "取证",
    ActKind.SERVICE: "送达",
}

Roll = Mapping[str, Officer]
"""Officers by name, as case files refer to them."""


def officers_by_name(officers: OfficerList) -> dict[str, Officer]:
    """The first officer of each name (a repeated name is itself an error in officers.yaml)."""
    roll: dict[str, Officer] = {}
    for officer in officers.officers:
        roll.setdefault(officer.name, officer)
    return roll


def check_certificates(content: Content, as_of: dt.date) -> list[Finding]:
    """Every R-B2 finding: officers.yaml consistency, and each in-scope case's acts."""
    return [*check_officer_file(content, as_of), *check_case_officers(content, as_of)]


def check_case_officers(content: Content, as_of: dt.date) -> list[Finding]:
    roll = officers_by_name(content.officers)
    due = content.settings.supervision.annual_inspection_due
    findings: list[Finding] = []
    for loaded in content.records:
        case = loaded.record.case
        if case is not None and in_scope(loaded.record, content.settings):
            findings += _case_findings(loaded, case, roll, due, as_of)
    return findings


def _case_findings(
    loaded: LoadedRecord, case: CaseFile, roll: Roll, due: str, as_of: dt.date
) -> list[Finding]:
    about = f"案件 {loaded.record.id}："
    if not case.acts:
        message = (
            f"{about}案卷未登记执法行为和执法人员；每次检查、调查、取证、送达都须登记日期和"
            "至少两名持有效证件的执法人员（行政处罚法 第四十二条）"
        )
        return [record_error(loaded, ("case", "acts"), RULE, message)]
    findings = [
        record_error(loaded, ("case", "acts", index, "officers"), RULE, about + problem)
        for index, act in enumerate(case.acts)
        if (problem := act_problem(act, roll, due, as_of)) is not None
    ]
    return findings + _area_warnings(loaded, case, roll)


def act_problem(act: EnforcementAct, roll: Roll, due: str, as_of: dt.date) -> str | None:
    """Why `act` breaks R-B2, naming each officer who does not count; None when it is in
    order. Everyone named must hold a valid certificate (Article 3: only certificate holders
    enforce), and at least two distinct people must (第四十二条)."""
    names = tuple(dict.fromkeys(act.officers))
    refusals = {name: why_not_counted(name, roll, act.date, due, as_of) for name in names}
    reasons = [f"{name}：{why}" for name, why in refusals.items() if why is not None]
    counted = sum(1 for why in refusals.values() if why is None)
    if counted >= MINIMUM_OFFICERS and not reasons:
        return None
    if counted < MINIMUM_OFFICERS:
        # One person written twice is the commonest way to "have" two officers.
        repeated = [name for name in names if act.officers.count(name) > 1]
        reasons += [f"{name}：重复填写，只计一人" for name in repeated]
    return _act_message(act, counted, reasons)


def _act_message(act: EnforcementAct, counted: int, reasons: list[str]) -> str:
    what = f"{act.date.isoformat()} 的{ACT_LABEL[act.kind]}"
    if counted < MINIMUM_OFFICERS:
        summary = (
            f"{what}只有 {counted} 名持有效证件的执法人员，"
            f"须至少 {MINIMUM_OFFICERS} 名（行政处罚法 第四十二条）"
        )
    else:
        summary = (
            f"{what}有不具备执法资格的人员参与，只有持有效证件的人员才能执法（监督制度第三条）"
        )
    return f"{summary}。{'；'.join(reasons)}" if reasons else summary


def why_not_counted(name: str, roll: Roll, day: dt.date, due: str, as_of: dt.date) -> str | None:
    """Why `name` does not count as a certified officer on `day`; None when they count."""
    officer = roll.get(name)
    if officer is None:
        return "不在 officers.yaml 的执法人员名单中"
    if day > as_of:
        # A planned act: whether the certificate will be valid then depends on inspections
        # and suspensions not yet recorded, so only the names are checked now.
        return None
    status = certificate_status(officer, day, due)
    return None if status.valid else status.describe()


def _area_warnings(loaded: LoadedRecord, case: CaseFile, roll: Roll) -> list[Finding]:
    """One warning per officer whose certificate does not cover the case's area (Article 3:
    在规定的职责范围内行使执法权). Area "other" has no certificate area to match."""
    area = loaded.record.area
    if area is Area.OTHER:
        return []
    warned: set[str] = set()
    findings: list[Finding] = []
    for index, act in enumerate(case.acts):
        for position, name in enumerate(act.officers):
            officer = roll.get(name)
            if officer is None or name in warned or area in officer.areas:
                continue
            warned.add(name)
            covered = "、".join(AREA[a] for a in officer.areas)
            message = (
                f"案件 {loaded.record.id}：{name} 的执法证件领域为{covered}，不含本案的{AREA[area]}，"
                "请核对是否在规定的职责范围内执法（监督制度第三条）"
            )
            loc = ("case", "acts", index, "officers", position)
            findings.append(record_warning(loaded, loc, RULE, message))
    return findings


def check_officer_file(content: Content, as_of: dt.date) -> list[Finding]:
    """officers.yaml contradicting itself: findings on the file's own lines."""
    loaded = content.officers_file
    if loaded is None:
        return []
    findings = [
        *_repeated(loaded, "name", "姓名", "案卷和名册按姓名引用执法人员，姓名须唯一"),
        *_repeated(loaded, "certificate_no", "证件号", "一个证件号只属于一名执法人员"),
    ]
    for index, officer in enumerate(loaded.model.officers):
        findings += _entry_findings(loaded, index, officer, as_of)
    return findings


def _repeated(
    loaded: Loaded[OfficerList], key: Literal["name", "certificate_no"], what: str, why: str
) -> Iterator[Finding]:
    first: dict[str, int] = {}
    for index, officer in enumerate(loaded.model.officers):
        value = officer.name if key == "name" else officer.certificate_no
        if value not in first:
            first[value] = index
            continue
        line = loaded.line_of("officers", first[value], key)
        message = f"{what}“{value}”与第 {line} 行重复：{why}"
        yield located_finding(loaded, ("officers", index, key), RULE, Severity.ERROR, message)


def _entry_findings(
    loaded: Loaded[OfficerList], index: int, officer: Officer, as_of: dt.date
) -> Iterator[Finding]:
    problems = (
        *_validity_period(officer),
        *_suspension_periods(officer),
        *_inspection_entries(officer, as_of),
        *_revocation(officer),
    )
    for severity, loc, message in problems:
        loc_in_file = ("officers", index, *loc)
        yield located_finding(loaded, loc_in_file, RULE, severity, f"{officer.name}：{message}")


Problem = tuple[Severity, tuple[str | int, ...], str]
"""A problem of one officers.yaml entry: severity, key within the entry, message."""


def _validity_period(officer: Officer) -> Iterator[Problem]:
    if officer.valid_until < officer.valid_from:
        message = (
            f"证件有效期截止日 {officer.valid_until.isoformat()} "
            f"早于发证日期 {officer.valid_from.isoformat()}"
        )
        yield Severity.ERROR, ("valid_until",), message


def _suspension_periods(officer: Officer) -> Iterator[Problem]:
    for position, suspension in enumerate(officer.suspensions):
        if suspension.end is not None and suspension.end < suspension.start:
            message = (
                f"暂扣结束日期 {suspension.end.isoformat()} "
                f"早于开始日期 {suspension.start.isoformat()}"
            )
            yield Severity.ERROR, ("suspensions", position, "end"), message


def _inspection_entries(officer: Officer, as_of: dt.date) -> Iterator[Problem]:
    """Warnings only: such an entry never makes a certificate valid, so the certificate's
    status is still right; the entry is probably a typing slip."""
    issued = officer.valid_from.year
    for position, inspection in enumerate(officer.annual_inspections):
        loc = ("annual_inspections", position)
        if inspection.year <= issued:
            message = (
                f"{inspection.year} 年度年检不晚于发证年度 {issued}：发证次年起才须年检，"
                "该记录不影响证件效力，请核对年度"
            )
            yield Severity.WARNING, (*loc, "year"), message
        if inspection.date > as_of:
            message = (
                f"年检日期 {inspection.date.isoformat()} 晚于检查日 {as_of.isoformat()}："
                "该日之前不计入证件效力，请核对"
            )
            yield Severity.WARNING, (*loc, "date"), message


def _revocation(officer: Officer) -> Iterator[Problem]:
    if officer.revoked_ground is not None and officer.revoked is None:
        message = (
            f"填写了吊销情形 {officer.revoked_ground.value} 但没有吊销日期 revoked："
            "无法确定证件自何日起无效"
        )
        yield Severity.ERROR, ("revoked_ground",), message


# --- Alerts for the internal report -------------------------------------------------------


class AlertKind(StrEnum):
    EXPIRING = "expiring"
    INSPECTION_DUE = "inspection_due"
    INVALID = "invalid"


@dataclass(frozen=True)
class CertificateAlert:
    """Something staff must act on about one certificate (R-B2), for the internal report."""

    name: str
    certificate_no: str
    kind: AlertKind
    date: dt.date
    """expiring: the last valid day; inspection_due: the due day; invalid: the first invalid
    day (for a certificate not yet issued, its issue day)."""
    message: str
    section: str = ""
    index: int = 0
    """The officer's position in officers.yaml, to link the report to the line."""
    reason: Invalidity | None = None
    ground: str | None = None
    """The Article 3 ground code of an invalid certificate, where one applies."""


def certificate_alerts(content: Content, as_of: dt.date, days: int) -> list[CertificateAlert]:
    """Certificates invalid on `as_of`, expiring within `days`, or with an annual inspection
    falling due within `days` and not yet passed; by date, then name."""
    due = content.settings.supervision.annual_inspection_due
    horizon = as_of + dt.timedelta(days=days)
    alerts = [
        alert
        for index, officer in enumerate(content.officers.officers)
        for alert in _officer_alerts(officer, index, as_of, horizon, due)
    ]
    return sorted(alerts, key=lambda a: (a.date, a.name, a.kind))


def _officer_alerts(
    officer: Officer, index: int, as_of: dt.date, horizon: dt.date, due: str
) -> Iterator[CertificateAlert]:
    status = certificate_status(officer, as_of, due)
    if not status.valid:
        yield _invalid_alert(officer, index, status)
    if status.reason in (Invalidity.EXPIRED, Invalidity.REVOKED):
        return  # the certificate is finished: reminders to renew or examine it are noise
    if as_of <= officer.valid_until <= horizon:
        yield _expiry_alert(officer, index, as_of)
    inspection_day = next_inspection_due(as_of, due)
    if inspection_day <= horizon and _inspection_owed(officer, inspection_day, as_of):
        yield _inspection_alert(officer, index, as_of, inspection_day)


def next_inspection_due(as_of: dt.date, due: str) -> dt.date:
    """The first annual-inspection due day on or after `as_of`."""
    this_year = inspection_due(as_of.year, due)
    return this_year if as_of <= this_year else inspection_due(as_of.year + 1, due)


def _inspection_owed(officer: Officer, due_day: dt.date, as_of: dt.date) -> bool:
    """Whether the inspection due on `due_day` is owed and not yet passed: none is owed in
    the issue year, nor once the certificate has expired."""
    year = due_day.year
    owed = year > officer.valid_from.year and due_day <= officer.valid_until
    return owed and not _passed(officer, year, as_of)


def _holder(officer: Officer) -> str:
    return f"{officer.name}（证号 {officer.certificate_no}）"


def _alert(
    officer: Officer, index: int, kind: AlertKind, date: dt.date, message: str
) -> CertificateAlert:
    return CertificateAlert(
        name=officer.name,
        certificate_no=officer.certificate_no,
        kind=kind,
        date=date,
        message=with_rule(message, RULE),
        section=officer.section,
        index=index,
    )


def _invalid_alert(officer: Officer, index: int, status: CertificateStatus) -> CertificateAlert:
    message = (
        f"{_holder(officer)}今日证件无效：{status.describe()}；"
        "不得从事执法活动，已不在公开的执法人员名单中"
    )
    since = status.since or officer.valid_from
    alert = _alert(officer, index, AlertKind.INVALID, since, message)
    return replace(alert, reason=status.reason, ground=status.ground)


def _expiry_alert(officer: Officer, index: int, as_of: dt.date) -> CertificateAlert:
    left = (officer.valid_until - as_of).days
    message = (
        f"{_holder(officer)}的证件有效期至 {officer.valid_until.isoformat()}"
        f"（还有 {left} 天），请及时办理换证"
    )
    return _alert(officer, index, AlertKind.EXPIRING, officer.valid_until, message)


def _inspection_alert(
    officer: Officer, index: int, as_of: dt.date, due_day: dt.date
) -> CertificateAlert:
    left = (due_day - as_of).days
    message = (
        f"{_holder(officer)}的 {due_day.year} 年度年检截止 {due_day.isoformat()}"
        f"（还有 {left} 天），尚未登记通过；逾期未通过，证件自截止日次日起无效"
    )
    return _alert(officer, index, AlertKind.INSPECTION_DUE, due_day, message)
