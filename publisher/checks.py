"""Compliance checks over loaded content (R-A rules beyond the schema).

`run_checks` is what `publisher check` and the build run after loading; errors stop the build
(fail closed), warnings are reported. Each rule family lives in its own `publisher.rules`
module; this one only runs them all and orders the findings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

from publisher.content import Content, LoadedRecord
from publisher.findings import Finding, sorted_findings
from publisher.parsecache import RecordCache
from publisher.rules.annual_report import check_annual_reports
from publisher.rules.attachments import check_attachments
from publisher.rules.completeness import check_placeholders, check_required_fields
from publisher.rules.correction_requests import check_correction_requests
from publisher.rules.corrections import check_corrections
from publisher.rules.party import check_party
from publisher.rules.past_period import check_past_period
from publisher.rules.personal_numbers import check_free_text
from publisher.rules.timeliness import check_timeliness
from publisher.rules.uniqueness import check_unique_doc_nos, check_unique_ids
from publisher.rules.withdrawal import check_withdrawal

RecordCheck = Callable[[LoadedRecord], Iterable[Finding]]
RecordFindings = Callable[[LoadedRecord], Sequence[Finding]]
"""The findings of RECORD_CHECKS for one record; the build's parse cache keeps them with the
record (`publisher.parsecache.RecordCache.findings_of`), so they must stay pure functions of
the loaded record."""

# Checks that need nothing but the record itself.
RECORD_CHECKS: tuple[RecordCheck, ...] = (
    check_required_fields,
    check_placeholders,
    check_corrections,
    check_party,
    check_free_text,
)


def run_checks(
    content: Content,
    as_of: dt.date,
    *,
    for_build: bool = False,
    record_findings: RecordFindings | None = None,
) -> list[Finding]:
    """Every R-A finding for `content` on `as_of` (cross-field rules, deadlines, R-A8).

    `for_build` leaves out the correction-request register (R-A7): it is internal, and a
    mistake in it must never stop the daily build, which would keep expired or withdrawn
    records online (R-A4, R-A5). `publisher check` still reports it. `record_findings`
    replaces running RECORD_CHECKS on each record (the build's cache of them).
    """
    registers = [] if for_build else check_correction_requests(content, as_of)
    findings = [
        *_per_record(content, record_findings or checked_record),
        *check_unique_ids(content.records),
        *check_unique_doc_nos(content.records),
        *check_attachments(content.root, content.records),
        *check_timeliness(content, as_of),
        *check_past_period(content, as_of),
        *check_annual_reports(content, as_of),
        *registers,
    ]
    return sorted_findings(findings)


def checked_record(loaded: LoadedRecord) -> list[Finding]:
    return [finding for check in RECORD_CHECKS for finding in check(loaded)]


def known_record_findings(
    checked: Mapping[str, Sequence[Finding]], cache: RecordCache | None
) -> RecordFindings:
    """The findings of RECORD_CHECKS for each record: those of the process that parsed it
    (`publisher.loader.LoadResult.checked`, by file name), else those kept in the parse
    cache, else run now."""

    def findings(loaded: LoadedRecord) -> Sequence[Finding]:
        known = checked.get(loaded.file)
        if known is not None:
            return known
        if cache is not None:
            return cache.findings_of(loaded, checked_record)
        return checked_record(loaded)

    return findings


def _per_record(content: Content, record_findings: RecordFindings) -> Iterator[Finding]:
    known_ids = frozenset(loaded.record.id for loaded in content.records)
    for loaded in content.records:
        yield from record_findings(loaded)
        yield from check_withdrawal(loaded, known_ids)
