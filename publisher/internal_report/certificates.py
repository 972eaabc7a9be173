"""Certificates (R-B2): invalid today, expiring, or due for annual inspection soon.

The alerts are `publisher.supervision.certificates.certificate_alerts`, the same validity rules
as the R-B2 check and the public officer list; this module only groups them and links each to
the officer's entry in officers.yaml.
"""

from __future__ import annotations

import datetime as dt

from publisher.content import Content
from publisher.internal_report.locations import Locator
from publisher.internal_report.model import CertificateRow, CertificateSection, Location
from publisher.loader import OFFICERS_FILE
from publisher.supervision.certificates import (
    AlertKind,
    CertificateAlert,
    Invalidity,
    certificate_alerts,
)
from publisher.supervision.grounds import GROUND_LABEL

INVALIDITY_LABEL: dict[Invalidity, str] = {
    Invalidity.NOT_YET_ISSUED: "尚未发证",
    Invalidity.EXPIRED: "有效期届满",
    Invalidity.REVOKED: "已吊销或注销",
    Invalidity.SUSPENDED: "被暂扣",
    Invalidity.UNEXAMINED: "未通过年检",
}


def certificate_section(content: Content, as_of: dt.date, locator: Locator) -> CertificateSection:
    supervision = content.settings.supervision
    days = supervision.expiry_warning_days
    rows = [_row(alert, content, locator) for alert in certificate_alerts(content, as_of, days)]
    return CertificateSection(
        warning_days=days,
        inspection_due=supervision.annual_inspection_due,
        invalid=_of_kind(rows, AlertKind.INVALID),
        expiring=_of_kind(rows, AlertKind.EXPIRING),
        inspections=_of_kind(rows, AlertKind.INSPECTION_DUE),
    )


def _of_kind(rows: list[CertificateRow], kind: AlertKind) -> tuple[CertificateRow, ...]:
    # certificate_alerts orders by date, then name: kept within each group.
    return tuple(row for row in rows if row.kind == kind.value)


def _row(alert: CertificateAlert, content: Content, locator: Locator) -> CertificateRow:
    return CertificateRow(
        name=alert.name,
        certificate_no=alert.certificate_no,
        section=alert.section,
        kind=alert.kind.value,
        date=alert.date,
        message=alert.message,
        reason=INVALIDITY_LABEL[alert.reason] if alert.reason is not None else None,
        ground=GROUND_LABEL.get(alert.ground, alert.ground) if alert.ground else None,
        location=_officer_location(content, alert.index, locator),
    )


def _officer_location(content: Content, index: int, locator: Locator) -> Location:
    loaded = content.officers_file
    if loaded is None:
        return locator.at(content.root / OFFICERS_FILE, None)
    return locator.at(loaded.path, loaded.line_of("officers", index))
