"""Which fields of every content file kind may reach the public (RULES.md C: internal fields
never reach a carrier).

The one declared place: `DISCLOSURE` classifies every field of every file kind that
`publisher schema` describes (`publisher.schemas.SCHEMA_FILES`) as

- **public**: its value may appear on a carrier (a page, a feed, the open data, the sitemap,
  the search index, a WeChat article), as text, masked (R-A8), as a label or as a date;
- **internal**: its value never appears on any carrier. It may decide *what* shows (a birth
  date decides the minor rule, `work_safety` the major-decision rule), but is never printed.

Fields are named by their path in the YAML file, list items left out: `party.id_number`,
`corrections.summary`, `case.acts.officers`. A file kind's entry `""` classifies the whole
file. An internal entry covers everything below it (`case` is the whole internal case file),
so a field added there is internal without further ado; a public entry covers exactly one
field, so a field added to a public part is unclassified until someone decides.
`tests/test_meta.py` fails on any unclassified field, and `tests/test_leak_canaries.py` fills
every internal text field with a unique string and searches the whole public output for it.

The carriers do not read this table: they are built from the explicit public views
(`publisher.public`, `publisher.public_draws`, `publisher.site`). The table states what
those views may copy, so that tests can hold them to it and a new field needs a decision.

Paths come from the JSON Schema of each kind (the same `publisher schema` writes), so the
table and the files staff edit cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from publisher.schemas import SCHEMA_FILES


class Disclosure(StrEnum):
    PUBLIC = "public"
    INTERNAL = "internal"


PUBLIC = Disclosure.PUBLIC
INTERNAL = Disclosure.INTERNAL
WHOLE_FILE = ""
"""The path that classifies a whole file kind (internal only)."""

_RECORD: dict[str, Disclosure] = {
    "id": PUBLIC,
    "type": PUBLIC,
    "title": PUBLIC,
    "doc_no": PUBLIC,
    "area": PUBLIC,
    "party.name": PUBLIC,
    "party.kind": PUBLIC,
    "party.credit_code": PUBLIC,
    "party.legal_rep": PUBLIC,
    "party.id_number": INTERNAL,  # R-A8: never published in any form
    "party.birth_date": INTERNAL,  # decides the minor rule only (R-A8)
    "decided": PUBLIC,
    "published": PUBLIC,
    "violation_type": PUBLIC,
    "facts": PUBLIC,
    "basis": PUBLIC,
    "penalty.kinds": PUBLIC,
    "penalty.fine_yuan": PUBLIC,
    "penalty.confiscated_yuan": PUBLIC,
    "penalty.work_safety": INTERNAL,  # decides R-B4 only
    "penalty.content": PUBLIC,
    "penalty.license": PUBLIC,
    "penalty.valid_until": PUBLIC,
    "result": PUBLIC,
    "inspection_item": PUBLIC,
    "inspection_outcome": PUBLIC,  # counted in the annual report (R-A10)
    "withdrawal.act": PUBLIC,
    "withdrawal.date": PUBLIC,
    "withdrawal.recorded": INTERNAL,  # the R-A5 deadline check only
    "withdrawal.explanation": PUBLIC,
    "withdrawal.replaced_by": PUBLIC,
    "corrections.date": PUBLIC,
    "corrections.fields": PUBLIC,
    "corrections.summary": PUBLIC,
    "corrections.reason": PUBLIC,
    "corrections.public_request": PUBLIC,  # the 依申请更正 mark
    "corrections.request": INTERNAL,  # the register is internal (R-A7); only the mark shows
    "attachments.file": PUBLIC,  # its file name is published beside the record's page
    "attachments.title": PUBLIC,
    "removed": INTERNAL,  # ends publication; never printed
    "notes": INTERNAL,
    "case": INTERNAL,  # the whole internal case file (R-B2 to R-B4)
}

_BUREAU: dict[str, Disclosure] = {
    # 事前公开 (R-A2): the whole file is what the about pages publish.
    path: PUBLIC
    for path in (
        "subject.name",
        "subject.legal_status",
        "subject.credit_code",
        "subject.address",
        "subject.head",
        "duties",
        "authorities.name",
        "authorities.kind",
        "authorities.basis",
        "legal_bases.title",
        "legal_bases.issuer",
        "legal_bases.effective",
        "legal_bases.articles",
        "procedures.name",
        "procedures.steps.name",
        "procedures.steps.description",
        "procedures.steps.deadline",
        "supervision.phone",
        "supervision.email",
        "supervision.address",
        "supervision.hours",
        "remedies.kind",
        "remedies.organ",
        "remedies.deadline",
        "remedies.description",
    )
}

_OFFICERS: dict[str, Disclosure] = {
    # R-A2 publishes name, certificate number and areas; the certificate's history is R-B2's.
    "officers.name": PUBLIC,
    "officers.certificate_no": PUBLIC,
    "officers.areas": PUBLIC,
    "officers.section": INTERNAL,
    "officers.valid_from": INTERNAL,
    "officers.valid_until": INTERNAL,
    "officers.annual_inspections": INTERNAL,
    "officers.suspensions": INTERNAL,
    "officers.revoked": INTERNAL,
    "officers.revoked_ground": INTERNAL,
}

_INSPECTION_ITEMS: dict[str, Disclosure] = {
    f"items.{name}": PUBLIC
    for name in ("code", "name", "area", "basis", "targets", "method", "ratio")
}

_SETTINGS: dict[str, Disclosure] = {
    "site_title": PUBLIC,
    "organ": PUBLIC,
    "organ_credit_code": PUBLIC,
    "data_source": PUBLIC,
    "tag_authority": PUBLIC,  # in every feed entry's id
    "tag_start": PUBLIC,
    "auto_withdraw": PUBLIC,  # the rules page says whether records leave by themselves
    "retention_years": PUBLIC,
    "natural_person_retention_years": PUBLIC,
    "deadlines.penalty_publication_workdays": PUBLIC,
    "deadlines.other_publication_workdays": PUBLIC,
    "deadlines.withdrawal_workdays": PUBLIC,
    "deadlines.correction_request_workdays": PUBLIC,
    "deadlines.draw_results_workdays": PUBLIC,
    "footer.sponsor": PUBLIC,
    "footer.contact": PUBLIC,
    "footer.site_code": PUBLIC,
    "footer.icp": PUBLIC,
    "footer.police_record": PUBLIC,
    "correction_requests.phone": PUBLIC,
    "correction_requests.email": PUBLIC,
    "correction_requests.address": PUBLIC,
    "correction_requests.hours": PUBLIC,
    "correction_requests.form_url": PUBLIC,
    "supervision": INTERNAL,  # RULES.md B: the bureau's internal supervision
    "home_latest": INTERNAL,  # layout numbers: decide how much shows, never printed
    "feed_entries": INTERNAL,
    "wechat.period": PUBLIC,  # the WeChat articles (R-A1) carry these
    "wechat.author": PUBLIC,
    "wechat.cover": PUBLIC,
    "wechat.need_open_comment": PUBLIC,
    "wechat.only_fans_can_comment": PUBLIC,
    "wechat.title_template": PUBLIC,
}

_TARGETS: dict[str, Disclosure] = {
    # A draw's page names its candidates by id and name (R-B5); the rest of the register stays.
    "targets.id": PUBLIC,
    "targets.name": PUBLIC,
    "targets.area": INTERNAL,
    "targets.credit_code": INTERNAL,
    "targets.address": INTERNAL,
    "targets.start": INTERNAL,
    "targets.end": INTERNAL,
}

_DRAW_PLAN: dict[str, Disclosure] = {
    # R-B5 一公开: everything needed to redo the draw, but never why someone must stand aside.
    "id": PUBLIC,
    "item": PUBLIC,
    "date": PUBLIC,
    "targets": PUBLIC,
    "team_size": PUBLIC,
    "inspection_start": PUBLIC,
    "inspection_end": PUBLIC,
    "conflicts.officer": PUBLIC,
    "conflicts.target": PUBLIC,
    "conflicts.reason": INTERNAL,
    "seed_source": PUBLIC,
}

_DRAW: dict[str, Disclosure] = {
    **{f"plan.{path}": disclosure for path, disclosure in _DRAW_PLAN.items()},
    "seed": PUBLIC,
    "target_candidates.id": PUBLIC,
    "target_candidates.rank": PUBLIC,
    "target_candidates.name": PUBLIC,
    "officer_candidates.id": PUBLIC,
    "officer_candidates.rank": PUBLIC,
    "officer_candidates.name": PUBLIC,  # left empty for officers; a target's name elsewhere
    "teams.target": PUBLIC,
    "teams.officers": PUBLIC,
    "results_published": PUBLIC,
    "results": PUBLIC,
}

_ANNUAL_REPORTS: dict[str, Disclosure] = {
    "reports.year": PUBLIC,
    "reports.published": PUBLIC,
    "reports.note": PUBLIC,  # shown on the report's page, masked like record text
}

DISCLOSURE: Mapping[str, Mapping[str, Disclosure]] = {
    "record.schema.json": _RECORD,
    "bureau.schema.json": _BUREAU,
    "officers.schema.json": _OFFICERS,
    "inspection_items.schema.json": _INSPECTION_ITEMS,
    "settings.schema.json": _SETTINGS,
    # The working-day calendar decides deadlines; no carrier prints it.
    "holidays.schema.json": {WHOLE_FILE: INTERNAL},
    "roster.schema.json": {WHOLE_FILE: INTERNAL},  # R-B1
    "targets.schema.json": _TARGETS,
    "draw.schema.json": _DRAW,
    "draw_plan.schema.json": _DRAW_PLAN,
    "review.schema.json": {WHOLE_FILE: INTERNAL},  # R-B6
    "faults.schema.json": {WHOLE_FILE: INTERNAL},  # R-B7
    "correction_request.schema.json": {WHOLE_FILE: INTERNAL},  # R-A7: the register
    "annual_reports.schema.json": _ANNUAL_REPORTS,
    # The WeChat push's own bookkeeping (media and publish ids, what each article carried):
    # the articles are built from the public views, never from the ledger.
    "wechat_ledger.schema.json": {WHOLE_FILE: INTERNAL},
}
"""File kind (its schema file name in `SCHEMA_FILES`) → field path → classification."""


@dataclass(frozen=True)
class FieldPath:
    """One field of a file kind, as its JSON Schema describes it."""

    kind: str
    path: str
    text: bool
    """Takes free text (a string without a pattern, format or list of values), so any
    string fits: the fields a leak test can fill with a unique marker."""


def field_paths(kind: str) -> tuple[FieldPath, ...]:
    """Every field of file kind `kind` (a key of `SCHEMA_FILES`), in schema order."""
    model, _glob = SCHEMA_FILES[kind]
    schema = model.model_json_schema()
    found: dict[str, bool] = {}
    _walk(schema, schema.get("$defs", {}), "", found)
    return tuple(FieldPath(kind, path, text) for path, text in found.items())


def all_field_paths() -> tuple[FieldPath, ...]:
    return tuple(field for kind in SCHEMA_FILES for field in field_paths(kind))


def classify(kind: str, path: str) -> Disclosure | None:
    """The classification of `path` in file kind `kind`: its own entry, else that of the
    nearest internal entry above it; None when unclassified."""
    table = DISCLOSURE.get(kind, {})
    if path in table:
        return table[path]
    for ancestor in _ancestors(path):
        if table.get(ancestor) is INTERNAL:
            return INTERNAL
    return None


def unclassified() -> list[FieldPath]:
    """Fields no entry classifies: each needs a decision in `DISCLOSURE`."""
    return [field for field in all_field_paths() if classify(field.kind, field.path) is None]


def misplaced_entries() -> list[str]:
    """Entries that classify nothing (a misspelt or removed field, or a file kind no longer
    in `SCHEMA_FILES`), and public entries above other fields (a public entry must name one
    field, so that a field added below it is not public by accident)."""
    problems = [f"{kind}: not a file kind" for kind in DISCLOSURE if kind not in SCHEMA_FILES]
    for kind, table in DISCLOSURE.items():
        if kind not in SCHEMA_FILES:
            continue
        paths = {field.path for field in field_paths(kind)}
        for entry, disclosure in table.items():
            below = any(_is_below(path, entry) for path in paths)
            if entry not in paths and not below:
                problems.append(f"{kind}: {entry!r} is no field")
            elif disclosure is PUBLIC and (below or entry == WHOLE_FILE):
                problems.append(f"{kind}: public entry {entry!r} covers more than one field")
    return problems


def fields_of(disclosure: Disclosure) -> tuple[FieldPath, ...]:
    return tuple(f for f in all_field_paths() if classify(f.kind, f.path) is disclosure)


# --- the JSON Schema walk -----------------------------------------------------------------------

_NOT_FREE_TEXT = frozenset({"pattern", "format", "enum", "const"})


def _walk(
    node: Mapping[str, Any], defs: Mapping[str, Any], path: str, found: dict[str, bool]
) -> None:
    """Record every leaf below `node` in `found` (path → takes free text)."""
    node = _resolved(node, defs)
    if "properties" in node:
        for key, child in node["properties"].items():
            _walk(child, defs, f"{path}.{key}" if path else key, found)
        return
    alternatives = node.get("anyOf") or node.get("oneOf")
    if alternatives:  # `X | None`, `date | DateRange`: every alternative's fields
        for alternative in alternatives:
            _walk(alternative, defs, path, found)
        return
    if node.get("type") == "array":
        _walk(node.get("items", {}), defs, path, found)
        return
    if node.get("type") == "null":
        return
    text = node.get("type") == "string" and not (_NOT_FREE_TEXT & set(node))
    found[path] = found.get(path, False) or text


def _resolved(node: Mapping[str, Any], defs: Mapping[str, Any]) -> Mapping[str, Any]:
    while "$ref" in node:
        node = defs[str(node["$ref"]).rsplit("/", 1)[-1]]
    return node


def _ancestors(path: str) -> Iterator[str]:
    """`a.b.c` → `a.b`, `a`, and the whole file."""
    parts = path.split(".")
    for end in range(len(parts) - 1, 0, -1):
        yield ".".join(parts[:end])
    yield WHOLE_FILE


def _is_below(path: str, entry: str) -> bool:
    return entry == WHOLE_FILE or path.startswith(f"{entry}.")
