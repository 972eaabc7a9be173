"""R-A10: the annual enforcement statistics report and its approval dates.

- Errors (the build stops, fail closed): two entries for one year, or a report approved before
  its year has ended (its figures would not be final).
- Warnings: a report approved after 31 January of the next year, and, from 1 February, the
  previous year's report not yet on the site. (`publisher status` reminds staff from
  1 January.)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from publisher.annual_report import ANNUAL_REPORTS_FILE, due_date, report_due
from publisher.content import Content
from publisher.findings import Finding, Severity
from publisher.rules.report import located_finding, with_rule

RULE = "R-A10"


def check_annual_reports(content: Content, as_of: dt.date) -> Iterator[Finding]:
    loaded = content.annual_reports
    reports = loaded.model.reports if loaded is not None else []
    if loaded is not None:
        seen: set[int] = set()
        for index, report in enumerate(reports):
            if report.year in seen:
                message = f"{report.year} 年的年报重复登记，每年只能有一条"
                yield located_finding(
                    loaded, ("reports", index, "year"), RULE, Severity.ERROR, message
                )
            seen.add(report.year)
            where = ("reports", index, "published")
            if report.published < dt.date(report.year + 1, 1, 1):
                message = (
                    f"{report.year} 年年报的批准发布日期 {report.published.isoformat()} "
                    "早于该年度结束，年度数据尚不完整"
                )
                yield located_finding(loaded, where, RULE, Severity.ERROR, message)
            elif report.published > due_date(report.year):
                message = (
                    f"{report.year} 年年报于 {report.published.isoformat()} 发布，"
                    f"晚于 {due_date(report.year).isoformat()}"
                )
                yield located_finding(loaded, where, RULE, Severity.WARNING, message)
    due = report_due(reports, as_of)
    if due is not None and due.overdue:
        yield Finding(
            file=loaded.file if loaded is not None else str(content.root / ANNUAL_REPORTS_FILE),
            line=loaded.line_of("reports") if loaded is not None else None,
            rule=RULE,
            severity=Severity.WARNING,
            message=with_rule(due.message(), RULE),
        )
