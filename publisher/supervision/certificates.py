"""R-B2 certificates: whether an officer's certificate is valid on a day, and why not.

Valid on a day when issued and not expired, not revoked, not suspended, and the last annual
inspection that had fallen due was passed (due date configurable, default 31 March; the first
one is due in the year after issue). The public officer list, the two-officer check of every
enforcement act, and the draw of inspectors all use `certificate_status`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from publisher.bureau import Officer
from publisher.content import Content
from publisher.findings import Finding
from publisher.supervision.grounds import GROUND_LABEL, SuspensionGround


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

    def describe(self) -> str:
        """Why the certificate is invalid, in 简体中文, naming the Article 3 ground."""
        if self.valid:
            return "证件有效"
        text = self.detail
        if self.ground is not None:
            text += f"（{GROUND_LABEL[self.ground]}）"
        return text


VALID = CertificateStatus(valid=True)


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
        return CertificateStatus(False, Invalidity.NOT_YET_ISSUED, None, "证件尚未发证")
    if officer.revoked is not None and officer.revoked <= day:
        ground = officer.revoked_ground.value if officer.revoked_ground else None
        detail = f"证件已于 {officer.revoked.isoformat()} 吊销或注销"
        return CertificateStatus(False, Invalidity.REVOKED, ground, detail)
    if day > officer.valid_until:
        detail = f"证件已于 {officer.valid_until.isoformat()} 过期"
        return CertificateStatus(False, Invalidity.EXPIRED, None, detail)
    for suspension in officer.suspensions:
        if suspension.start <= day and (suspension.end is None or day <= suspension.end):
            detail = f"证件自 {suspension.start.isoformat()} 起被暂扣"
            return CertificateStatus(False, Invalidity.SUSPENDED, suspension.ground.value, detail)
    year = last_due_inspection_year(officer, day, due)
    if year is not None and not _passed(officer, year, day):
        detail = f"证件未通过 {year} 年度年检（截止 {inspection_due(year, due).isoformat()}）"
        ground = SuspensionGround.UNEXAMINED.value
        return CertificateStatus(False, Invalidity.UNEXAMINED, ground, detail)
    return VALID


def _passed(officer: Officer, year: int, day: dt.date) -> bool:
    return any(i.year == year and i.passed and i.date <= day for i in officer.annual_inspections)


def check_certificates(content: Content, as_of: dt.date) -> list[Finding]:
    return []
