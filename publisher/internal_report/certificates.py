"""Certificates (R-B2): invalid today, expiring, or due for annual inspection soon.

ADAPTER: `publisher.supervision.certificates.certificate_alerts(content, as_of, days)` is being
written beside this module. Until it lands, `certificate_section` computes the alerts here from
`certificate_status`; once it does, map its results to `CertificateRow` in
`certificate_section` and delete `_expiry` and `_inspection`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from publisher.bureau import Officer
from publisher.content import Content
from publisher.internal_report.locations import Locator
from publisher.internal_report.model import CertificateRow, CertificateSection, Location
from publisher.loader import OFFICERS_FILE
from publisher.supervision.certificates import certificate_status, inspection_due


def certificate_section(content: Content, as_of: dt.date, locator: Locator) -> CertificateSection:
    supervision = content.settings.supervision
    days = supervision.expiry_warning_days
    due = supervision.annual_inspection_due
    horizon = as_of + dt.timedelta(days=days)
    invalid: list[CertificateRow] = []
    expiring: list[CertificateRow] = []
    inspections: list[CertificateRow] = []
    for index, officer in enumerate(content.officers.officers):
        where = _officer_location(content, index, locator)
        status = certificate_status(officer, as_of, due)
        if not status.valid:
            invalid.append(_alert(officer, "invalid", None, status.describe(), where))
            continue
        expiring.extend(_expiry(officer, as_of, horizon, where))
        inspections.extend(_inspection(officer, as_of, horizon, due, where))
    return CertificateSection(
        warning_days=days,
        invalid=tuple(invalid),
        expiring=tuple(sorted(expiring, key=_order)),
        inspections=tuple(sorted(inspections, key=_order)),
    )


def _alert(
    officer: Officer, kind: str, date: dt.date | None, detail: str, where: Location
) -> CertificateRow:
    return CertificateRow(
        name=officer.name,
        certificate_no=officer.certificate_no,
        section=officer.section,
        kind=kind,
        date=date,
        detail=detail,
        location=where,
    )


def _order(alert: CertificateRow) -> tuple[dt.date, str]:
    return (alert.date or dt.date.min, alert.name)


def _officer_location(content: Content, index: int, locator: Locator) -> Location:
    loaded = content.officers_file
    if loaded is None:
        return locator.at(content.root / OFFICERS_FILE, None)
    return locator.at(loaded.path, loaded.line_of("officers", index))


def _expiry(
    officer: Officer, as_of: dt.date, horizon: dt.date, where: Location
) -> Iterator[CertificateRow]:
    if as_of <= officer.valid_until <= horizon:
        days = (officer.valid_until - as_of).days
        detail = f"证件有效期至 {officer.valid_until.isoformat()}（还有 {days} 天），请及时换证"
        yield _alert(officer, "expiry", officer.valid_until, detail, where)


def next_inspection_due(as_of: dt.date, due: str) -> dt.date:
    """The first annual-inspection due day on or after `as_of`."""
    this_year = inspection_due(as_of.year, due)
    return this_year if as_of <= this_year else inspection_due(as_of.year + 1, due)


def _inspection(
    officer: Officer, as_of: dt.date, horizon: dt.date, due: str, where: Location
) -> Iterator[CertificateRow]:
    """An inspection falling due within the horizon and not yet passed. The first one is due
    in the year after issue, and none after the certificate has expired (as in R-B2)."""
    day = next_inspection_due(as_of, due)
    year = day.year
    owed = year > officer.valid_from.year and day <= officer.valid_until
    passed = any(i.year == year and i.passed for i in officer.annual_inspections)
    if owed and not passed and day <= horizon:
        detail = f"{year} 年度年检截止 {day.isoformat()}，尚未登记通过"
        yield _alert(officer, "inspection", day, detail, where)
