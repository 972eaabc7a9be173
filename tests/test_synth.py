"""`publisher synth`: a fictional records repository that checks, builds and is reproducible.

Sizes here are small; how fast large repositories synthesise and build is measured by
`make bench` (bench/run.py), never asserted in tests.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from publisher.cli import Scope, collect_findings, main
from publisher.content import Content
from publisher.creditcode import is_valid_credit_code
from publisher.findings import Severity
from publisher.idnumber import birth_date_of, is_minor_on, is_valid_id_number
from publisher.loader import load_content
from publisher.model import Area, PartyKind, RecordType
from publisher.synth import SynthOptions, synthesise
from publisher.synth_yaml import dump, text
from publisher.visibility import Reason, plan_publication

PROJECT = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2026, 11, 28)
SMALL = 150
LARGER = 2_000


def synth_into(folder: Path, records: int, seed: str = "test") -> Path:
    synthesise(SynthOptions(records=records, out=folder, seed=seed, as_of=AS_OF))
    return folder


def loaded(folder: Path) -> Content:
    result = load_content(folder)
    assert result.content is not None, [f.format_text() for f in result.findings]
    return result.content


def reasons_of(content: Content) -> dict[str, Reason]:
    plan = plan_publication([r.record for r in content.records], content.settings, AS_OF)
    return {entry.record_id: entry.reason for entry in plan}


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synth_into(tmp_path_factory.mktemp("synth") / "content", SMALL)


@pytest.fixture(scope="module")
def larger(tmp_path_factory: pytest.TempPathFactory) -> Content:
    return loaded(synth_into(tmp_path_factory.mktemp("synth-larger") / "content", LARGER))


def test_publication_check_finds_no_errors(small: Path) -> None:
    """The repository passes the deploy job's gate (R-A1…R-A11); warnings are allowed."""
    findings, _notes = collect_findings(small, AS_OF, Scope.PUBLICATION)
    errors = [f.format_text() for f in findings if f.severity is Severity.ERROR]
    assert errors == []


def test_same_seed_gives_a_byte_identical_tree(small: Path, tmp_path: Path) -> None:
    again = synth_into(tmp_path / "again", SMALL)
    assert snapshot(again) == snapshot(small)
    other = synth_into(tmp_path / "other", SMALL, seed="another")
    assert snapshot(other) != snapshot(small)


def test_every_state_appears_in_a_small_repository(small: Path) -> None:
    """Drafts and future records (R-A3), expired ones (R-A4), withdrawal notices (R-A5),
    corrections (R-A6) and a minor's case (R-A8) are all there, even at 150 records."""
    content = loaded(small)
    reasons = Counter(reasons_of(content).values())
    for reason in (Reason.PUBLISHED, Reason.DRAFT, Reason.NOT_YET, Reason.EXPIRED,
                   Reason.WITHDRAWN, Reason.MINOR):  # fmt: skip
        assert reasons[reason] >= 1, reason
    records = [r.record for r in content.records]
    assert any(r.corrections for r in records)
    replaced = [r for r in records if r.withdrawal and r.withdrawal.replaced_by]
    assert replaced and all(r.withdrawal for r in records if r.withdrawal)
    assert {r.type for r in records} == set(RecordType)


def test_identifiers_pass_their_checks(small: Path) -> None:
    """Valid-checksum fictional ID numbers (R-A8) and credit codes (R-A9)."""
    parties = [r.record.party for r in loaded(small).records]
    numbers = [p.id_number for p in parties if p.id_number]
    codes = [p.credit_code for p in parties if p.credit_code]
    assert numbers and all(is_valid_id_number(n) for n in numbers)
    assert codes and all(is_valid_credit_code(c) for c in codes)


def test_proportions_are_realistic(larger: Content) -> None:
    records = [r.record for r in larger.records]
    total = len(records)
    assert total == LARGER
    share = Counter(r.type for r in records)
    assert 0.38 < share[RecordType.PENALTY] / total < 0.52
    areas = Counter(r.area for r in records)
    assert all(areas[area] / total > 0.08 for area in Area)
    kinds = Counter(r.party.kind for r in records)
    assert 0.6 < kinds[PartyKind.LEGAL_PERSON] / total < 0.9
    assert kinds[PartyKind.NATURAL_PERSON] / total > 0.02
    years = Counter(r.decided.year for r in records)
    assert len(years) == 11  # ten years back from 28 November, so 11 calendar years
    assert years[2025] > years[2017]  # enforcement grew
    penalties = [r for r in records if r.type is RecordType.PENALTY]
    withdrawn = sum(1 for r in penalties if r.withdrawal)
    assert 0.005 < withdrawn / len(penalties) < 0.05
    assert 0.03 < sum(1 for r in records if r.corrections) / total < 0.08


def test_minors_are_minors_and_adults_are_adults(larger: Content) -> None:
    """R-A8's minor rule sees what it would see in real data: the birth date in the ID
    number decides, and only the cases made minors on purpose are."""
    reasons = reasons_of(larger)
    for loaded_record in larger.records:
        record = loaded_record.record
        birth = record.party.birth_date or (
            birth_date_of(record.party.id_number) if record.party.id_number else None
        )
        if record.party.kind is not PartyKind.NATURAL_PERSON or birth is None:
            continue
        is_minor = reasons[record.id] is Reason.MINOR
        assert is_minor == is_minor_on(birth, record.decided)


def test_the_repository_builds_and_shows_a_withdrawal_notice(small: Path, tmp_path: Path) -> None:
    output = tmp_path / "output"
    command = [sys.executable, "-m", "publisher.cli", "build", "--content", str(small),
               "--output", str(output), "--as-of", AS_OF.isoformat()]  # fmt: skip
    result = subprocess.run(command, cwd=PROJECT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    content = loaded(small)
    reasons = reasons_of(content)
    notice = next(
        r.record
        for r in content.records
        if r.record.withdrawal and reasons[r.record.id] is Reason.WITHDRAWN
    )
    assert notice.withdrawal is not None
    page = output / "records" / notice.id / "index.html"
    shown = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").get_text()
    assert notice.withdrawal.explanation in shown
    assert notice.facts is not None and notice.facts not in shown
    hidden = [i for i, reason in reasons.items() if reason in (Reason.MINOR, Reason.DRAFT)]
    assert hidden and not any((output / "records" / i).exists() for i in hidden)


def test_command_writes_and_refuses_to_overwrite(tmp_path: Path) -> None:
    out = tmp_path / "synthetic"
    args = ["synth", "--records", "50", "--out", str(out), "--as-of", AS_OF.isoformat()]
    first = CliRunner().invoke(main, args)
    assert first.exit_code == 0, first.output
    assert "生成 50 条虚构记录" in first.stdout
    assert len(list((out / "records").rglob("*.yaml"))) == 50
    again = CliRunner().invoke(main, args)
    assert again.exit_code == 2
    assert "不覆盖" in again.stderr


@given(st.text(st.characters(exclude_categories=("Cs",))))
def test_any_text_reads_back_unchanged(value: str) -> None:
    assert yaml.safe_load(f"key: {text(value)}\n") == {"key": value}


@given(
    st.dictionaries(
        st.sampled_from(["title", "kinds", "party", "decided", "fine_yuan", "flag"]),
        st.one_of(
            st.text(st.characters(exclude_categories=("Cs",))),
            st.integers(min_value=0),
            st.booleans(),
            st.dates(),
            st.lists(st.sampled_from(["fine", "warning", "2024-cf-0001", "yes", "1.5"])),
            st.dictionaries(st.sampled_from(["name", "kind"]), st.text(), min_size=1),
        ),
    )
)
def test_documents_read_back_unchanged(data: dict[str, object]) -> None:
    assert (yaml.safe_load(dump(data)) or {}) == data  # type: ignore[arg-type]
