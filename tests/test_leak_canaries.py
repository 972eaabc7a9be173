"""RULES.md C: internal fields never reach a carrier.

The demo bureau (every file kind, every supervision story) with a unique marker in every
internal field that `publisher.field_disclosure` classifies, built once, and every file of
the public output searched for every marker: pages, feeds, open data, sitemap, the annual
reports' CSV, the WeChat previews and the Pagefind index (decompressed).

Text fields get a letters-only canary (`canary` + three letters + `zq`: no number scan or
masking changes it). The internal fields that take no free text but would say most if they
leaked get a marker of their own shape: ID numbers (also searched without their check digit,
and as the birth date they hold), birth dates (ISO, compact and in Chinese) and the evidence
hashes. Other internal dates and numbers cannot carry a marker; the explicit public views
(`publisher.public`) keep them out.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from factories import id_number
from hostile_content import (
    Field,
    Placed,
    build,
    copy_demo,
    letters,
    output_files,
    read_yaml,
    rewrite_fields,
    write_yaml,
)

from publisher.field_disclosure import INTERNAL, fields_of
from publisher.labels import format_date
from publisher.loader import load_content
from publisher.settings import DEFAULT_REVIEW_ITEMS
from publisher.wechat.ledger import load_ledger

CANARY = re.compile(rb"canary[a-z]{3}zq")
HASH_FIELDS = {"case.stages.documents.sha256", "case.stages.media.sha256"}
# Internal text fields a canary cannot stand in, with the reason.
NO_CANARY = {
    ("wechat_ledger.schema.json", "publications.key"): "must match its kind (a model validator)",
}


class Markers:
    """Hands out one unique marker per occurrence of an internal field."""

    def __init__(self) -> None:
        self.count = 0
        self.people = 0
        self.searched: dict[str, list[str]] = {}
        """Each marker that is not a text canary → the forms a leak of it could take."""

    def __call__(self, field: Field, current: object) -> object | None:
        if field.disclosure is not INTERNAL or (field.kind, field.path) in NO_CANARY:
            return None
        self.count += 1
        if field.text:
            return f"canary{letters(self.count)}zq"
        if field.path == "party.id_number":
            return self.id_number()
        if field.path == "party.birth_date":
            return self.birth_date()
        if field.path in HASH_FIELDS:
            digest = hashlib.sha256(f"canary-hash-{self.count}".encode()).hexdigest()
            self.searched[digest] = [digest]
            return digest
        return None

    def id_number(self) -> str:
        # Adults born in the 1950s, so that each record is published and its page is there to
        # leak into; a different day for each.
        self.people += 1
        birth = dt.date(1950, 1, 1) + dt.timedelta(days=97 * self.people)
        number = id_number(birth, region="140199", sequence=f"{self.count % 1000:03d}")
        self.searched[number] = [number, number[:17], f"{birth:%Y%m%d}{number[14:17]}"]
        return number

    def birth_date(self) -> dt.date:
        self.people += 1
        birth = dt.date(1940, 1, 1) + dt.timedelta(days=97 * self.people)
        self.searched[birth.isoformat()] = [
            birth.isoformat(),
            f"{birth:%Y%m%d}",
            format_date(birth),
        ]
        return birth


def supplement(root: Path) -> None:
    """Fill the optional internal fields the demo leaves empty, so that every internal text
    field occurs at least once (the coverage test says which one is missing)."""
    records = {path: read_yaml(path) for path in sorted((root / "records").rglob("*.yaml"))}
    with_case = next(path for path, data in records.items() if data.get("case"))
    records[with_case]["case"]["major_reason"] = "人工认定的理由"
    # A natural person known by the birth date alone (no ID number): it gets a marker too.
    person = next(path for path, data in records.items() if data["party"].get("id_number"))
    del records[person]["party"]["id_number"]
    records[person]["party"]["birth_date"] = dt.date(1970, 1, 1)
    for path in (with_case, person):
        write_yaml(path, records[path])
    settings = read_yaml(root / "settings.yaml")
    review = settings.setdefault("supervision", {}).setdefault("review", {})
    review["items"] = [item.model_dump() for item in DEFAULT_REVIEW_ITEMS]
    write_yaml(root / "settings.yaml", settings)
    request = next((root / "correction_requests").glob("*.yaml"))
    data = read_yaml(request)
    data["evidence"]["files"] = [f"correction_requests/{request.stem}/营业执照.pdf"]
    write_yaml(request, data)


class Leaky:
    """The rewritten content, the markers placed and the public output."""

    def __init__(self, content: Path, placed: list[Placed], markers: Markers, site: Path):
        self.content = content
        self.placed = placed
        self.markers = markers
        self.site = site


@pytest.fixture(scope="module")
def leaky(tmp_path_factory: pytest.TempPathFactory) -> Leaky:
    base = tmp_path_factory.mktemp("leak")
    content = copy_demo(base / "content")
    supplement(content)
    markers = Markers()
    placed = rewrite_fields(content, markers)
    site = base / "public"
    build(content, site)
    return Leaky(content, placed, markers, site)


def test_every_internal_text_field_holds_a_canary(leaky: Leaky) -> None:
    """A new internal field fails here until `supplement` gives it a value: otherwise it
    would never be tested."""
    expected = {(f.kind, f.path) for f in fields_of(INTERNAL) if f.text} - set(NO_CANARY)
    filled = {(p.field.kind, p.field.path) for p in leaky.placed if p.field.text}
    assert sorted(expected - filled) == []
    assert leaky.markers.searched, "no ID number, birth date or hash marker was placed"


def test_every_file_with_markers_still_loads(leaky: Leaky) -> None:
    """A supervision file that no longer validated would be left out of the build, and its
    canaries could not leak: every file must still load."""
    result = load_content(leaky.content)
    assert result.content is not None
    errors = [f.format_text() for f in result.all_findings if f.severity == "error"]
    schema_errors = [line for line in errors if "字段" in line]
    assert schema_errors == []
    content = result.content
    assert content.roster and content.targets and content.faults
    assert content.draws and content.reviews and content.correction_requests
    ledger = load_ledger(leaky.content)
    assert ledger.ledger is not None and ledger.ledger.publications, ledger.findings


def public_texts(site: Path) -> Iterator[tuple[str, bytes]]:
    yield from output_files(site)


def test_no_marker_reaches_any_public_file(leaky: Leaky) -> None:
    files = dict(public_texts(leaky.site))
    kinds = {name.rsplit(".", 1)[-1] for name in files}
    # The carriers are all there: pages, feeds, open data, sitemap, statistics, search index.
    assert {"html", "xml", "json", "csv", "pf_fragment", "pf_index", "pf_meta"} <= kinds
    assert any(name.startswith("wechat/") for name in files)
    leaks = [
        (name, match.decode()) for name, data in files.items() for match in CANARY.findall(data)
    ]
    assert leaks == []
    forms = [(marker, form.encode()) for marker, all_forms in leaky.markers.searched.items()
             for form in all_forms]  # fmt: skip
    leaks = [(name, marker) for name, data in files.items() for marker, form in forms
             if form in data]  # fmt: skip
    assert leaks == []


def test_the_canaries_are_text_the_internal_report_shows(leaky: Leaky, tmp_path: Path) -> None:
    """The markers are ordinary text a page can show: the staff's internal report does."""
    from click.testing import CliRunner

    from publisher.cli import main

    output = tmp_path / "internal"
    args = ["report", "--content", str(leaky.content), "--output", str(output),
            "--as-of", "2026-11-28"]  # fmt: skip
    CliRunner().invoke(main, args)
    shown = {match for path in output.glob("*.html") for match in CANARY.findall(path.read_bytes())}
    assert len(shown) >= 20, sorted(shown)
