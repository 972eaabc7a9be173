"""Findings by rule: the list `publisher check` prints, grouped for the report."""

from __future__ import annotations

import re
from collections.abc import Iterable

from publisher.findings import Finding, Severity, sorted_findings
from publisher.internal_report.locations import Locator
from publisher.internal_report.model import FindingRow, RuleGroup

RULE_TITLE: dict[str, str] = {
    "R-A1": "公示载体一致",
    "R-A2": "公示内容",
    "R-A3": "公示时间和时限",
    "R-A4": "公示期限",
    "R-A5": "撤下公示",
    "R-A6": "更正",
    "R-A7": "更正申请",
    "R-A8": "个人信息保护",
    "R-A9": "开放数据",
    "R-A10": "年度统计报告",
    "R-A11": "工作日和节假日",
    "R-B1": "执法责任制",
    "R-B2": "执法证件",
    "R-B3": "执法全过程记录",
    "R-B4": "重大执法决定法制审核",
    "R-B5": "双随机、一公开",
    "R-B6": "案卷评查",
    "R-B7": "执法过错责任追究",
    "R-C": "文件无法读取",
}

_RULE_PARTS = re.compile(r"^R-([A-Z])(\d*)$")


def rule_order(rule: str) -> tuple[str, int, str]:
    """R-A2 before R-A10 (numeric, not text order); unknown ids last, by text."""
    match = _RULE_PARTS.match(rule)
    if match is None:
        return ("~", 0, rule)
    letter, number = match.groups()
    return (letter, int(number or 0), rule)


def finding_row(finding: Finding, locator: Locator) -> FindingRow:
    return FindingRow(
        rule=finding.rule,
        is_error=finding.severity is Severity.ERROR,
        message=finding.message,
        record=finding.record,
        location=locator.at(finding.file, finding.line),
    )


def group_by_rule(findings: Iterable[Finding], locator: Locator) -> tuple[RuleGroup, ...]:
    ordered = sorted_findings(findings)
    rules = sorted({f.rule for f in ordered}, key=rule_order)
    return tuple(
        RuleGroup(
            rule=rule,
            title=RULE_TITLE.get(rule, ""),
            findings=tuple(finding_row(f, locator) for f in ordered if f.rule == rule),
        )
        for rule in rules
    )
