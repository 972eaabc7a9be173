"""Fuzzing the loader (RULES.md C, fail closed): whatever bytes staff save in a content file,
`load_content` returns findings and never raises; every finding names the file and a line and
speaks 简体中文; `publisher check` exits 0 or 1, never with a traceback; and content that loads
without errors never crashes the steps of a build that follow (plan, public views, schedule).

Inputs: arbitrary bytes; the demo's own files with bytes spliced in (YAML punctuation, control
characters, a BOM, GBK, aliases); and structured-but-wrong documents: a demo file of each kind
(record, settings, bureau, officers, roster, draws, reviews, correction requests, ...) parsed,
with values replaced by values of wrong types, random Unicode, deep or wide structures, keys
removed or added, and written back as YAML.

The budget comes from the Hypothesis profile (tests/fuzzing.py): bounded in `make test`,
long in `make fuzz`.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from factories import penalty, write_yaml
from fuzzing import share_of_examples
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from publisher.checks import run_checks
from publisher.cli import main
from publisher.findings import Finding, has_errors
from publisher.loader import load_content
from publisher.public import public_items
from publisher.schedule import next_site_change
from publisher.supervision.checks import run_supervision_checks
from publisher.visibility import plan_publication

pytestmark = pytest.mark.fuzz

DEMO = Path(__file__).resolve().parent.parent / "content"

# Where each kind of content file lives, and the demo file that seeds its fuzzing.
SEEDS: dict[str, str] = {
    "records/2025/2025-cf-0002.yaml": "records/2025/2025-cf-0002.yaml",
    "records/2025/2025-jc-0001.yaml": "records/2025/2025-jc-0001.yaml",
    "settings.yaml": "settings.yaml",
    "bureau.yaml": "bureau.yaml",
    "officers.yaml": "officers.yaml",
    "inspection_items.yaml": "inspection_items.yaml",
    "annual_reports.yaml": "annual_reports.yaml",
    "roster.yaml": "roster.yaml",
    "targets.yaml": "targets.yaml",
    "faults.yaml": "faults.yaml",
    "holidays/2027.yaml": "holidays/2027.yaml",
    "draws/2025-sj-01.yaml": "draws/2025-sj-01.yaml",
    "reviews/2025.yaml": "reviews/2025.yaml",
    "correction_requests/2025-sq-0001.yaml": "correction_requests/2025-sq-0001.yaml",
}
SEED_TEXT: dict[str, bytes] = {place: (DEMO / seed).read_bytes() for place, seed in SEEDS.items()}
SEED_DATA: dict[str, Any] = {place: yaml.safe_load(text) for place, text in SEED_TEXT.items()}


def keys_of(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, child in value.items():
            yield str(key)
            yield from keys_of(child)
    elif isinstance(value, list):
        for child in value:
            yield from keys_of(child)


# The real field names of every file kind: generated mappings use them, so the schema looks
# deeper than "unknown key".
REAL_KEYS = sorted({key for data in SEED_DATA.values() for key in keys_of(data)})

CJK = re.compile("[\u4e00-\u9fff]")
RULE_ID = re.compile(r"R-[ABC]\d*")
AS_OF = st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2035, 12, 31))

# --- Values of the wrong type, odd text, deep and wide structures --------------------------------

TRICKY_TEXT = [
    "", " ", "0", "-1", "yes", "no", "null", "~", "NaN", "1e400", "0x1F", "0o17", "1_000",
    "2024-02-30", "2024-13-01", "2024-02-29", "2023-02-29", "0001-01-01", "9999-12-31",
    "２０２４年３月５日", "二〇二四年三月五日", "2024年2月30日", "2024/03/05", "３００００",
    "3万", "../../etc/passwd", "records/../x", "ＡＢＣ", "<script>alert(1)</script>",
    "javascript:alert(1)", "a\u202eb", "\u200b", "\ufeff", "𠀀𪚥", "é" * 3, "\\", "%s{}",
    "140121198001011234", "13800138000", "6222020200112233445",
]  # fmt: skip

# Dates at the ends of the calendar and around 29 February: date arithmetic breaks there.
EDGE_DATES = [
    dt.date.min, dt.date.max, dt.date(9999, 1, 1), dt.date(9995, 3, 6), dt.date(1, 3, 1),
    dt.date(2024, 2, 29), dt.date(2028, 2, 29), dt.date(1900, 2, 28), dt.date(2100, 3, 1),
]  # fmt: skip

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(2**80), max_value=2**80),
    st.floats(),
    st.dates(),
    st.sampled_from(EDGE_DATES),
    st.text(max_size=40),
    st.sampled_from(TRICKY_TEXT),
)
keys = st.one_of(st.sampled_from(REAL_KEYS), st.text(max_size=12), st.integers(-3, 3))
wrong_values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(keys, children, max_size=4),
    ),
    max_leaves=16,
)


@st.composite
def deep(draw: st.DrawFn) -> Any:
    """Nesting around the loader's depth limit (40), in lists or mappings."""
    value: Any = draw(scalars)
    for _ in range(draw(st.integers(min_value=1, max_value=48))):
        value = [value] if draw(st.booleans()) else {draw(st.sampled_from(REAL_KEYS)): value}
    return value


@st.composite
def wide(draw: st.DrawFn) -> Any:
    """Many items: long lists of one value, or mappings with many keys."""
    count = draw(st.integers(min_value=50, max_value=400))
    item = draw(scalars)
    if draw(st.booleans()):
        return [item] * count
    return {f"{draw(st.sampled_from(REAL_KEYS))}_{n}": item for n in range(count)}


replacements = st.one_of(wrong_values, deep(), wide())
any_date = st.one_of(st.sampled_from(EDGE_DATES), st.dates())


def same_kind(value: Any) -> st.SearchStrategy[Any]:
    """Values of the type already there: they pass the schema's type checks and reach the
    rules (a date at the end of the calendar, a huge or negative number, odd text)."""
    if isinstance(value, bool):
        return st.booleans()
    if isinstance(value, dt.date):
        return any_date
    if isinstance(value, int):
        return st.one_of(st.integers(), st.sampled_from([0, -1, 2**31, 2**63, 10**30]))
    if isinstance(value, str):
        return st.one_of(st.text(max_size=40), st.sampled_from(TRICKY_TEXT))
    if isinstance(value, list):
        return st.just([]) if value else st.just(value)
    return st.just(value)


# --- Structured-but-wrong documents -------------------------------------------------------------

Loc = tuple[str | int, ...]


def locations(value: Any, loc: Loc = ()) -> Iterator[Loc]:
    yield loc
    if isinstance(value, dict):
        for key, child in value.items():
            yield from locations(child, (*loc, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from locations(child, (*loc, index))


def value_at(document: Any, loc: Loc) -> Any:
    for part in loc:
        document = document[part]
    return document


VALUE_KINDS: tuple[type | tuple[type, ...], ...] = (
    dt.date,
    (int, float),
    str,
    (dict, list),
    object,
)


@st.composite
def location_in(draw: st.DrawFn, document: Any) -> Loc:
    """A place in `document`, first choosing the kind of value (dates, numbers, text, blocks,
    anything), so that the few dates of a file are hit as often as its many texts."""
    everywhere = list(locations(document))
    kind = draw(st.sampled_from(VALUE_KINDS))
    if kind is None:
        found = [loc for loc in everywhere if len(loc) == 1]
    else:
        found = [loc for loc in everywhere if isinstance(value_at(document, loc), kind)]
    return draw(st.sampled_from(found or everywhere))


def parent_and_key(document: Any, loc: Loc) -> tuple[Any, str | int]:
    parent = document
    for part in loc[:-1]:
        parent = parent[part]
    return parent, loc[-1]


@st.composite
def mutated_document(draw: st.DrawFn, place: str) -> Any:
    """The demo's file for `place` with one to three random changes."""
    document = copy.deepcopy(SEED_DATA[place])
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        loc = draw(location_in(document))
        change = draw(st.sampled_from(["replace", "same_kind", "delete", "add", "duplicate"]))
        if not loc:
            if change == "replace":
                document = draw(replacements)
            continue
        parent, key = parent_and_key(document, loc)
        if change == "replace":
            parent[key] = draw(replacements)
        elif change == "same_kind":
            parent[key] = draw(same_kind(parent[key]))
        elif change == "delete":
            del parent[key]
        elif change == "add" and isinstance(parent, dict):
            parent[draw(keys)] = draw(replacements)
        elif change == "duplicate" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[key]))
    return document


def as_yaml(document: Any, flow: bool) -> bytes:
    text = yaml.safe_dump(
        document, allow_unicode=True, sort_keys=False, default_flow_style=flow, width=80
    )
    return text.encode("utf-8")


# --- Bytes ----------------------------------------------------------------------------------------

TOKENS = [
    b"\t", b": ", b"- ", b"&a ", b"*a", b"*b", b"<<: *a\n", b"{", b"}", b"[", b"]", b'"', b"'",
    b"\n", b"   ", b"#", b"? ", b"---\n", b"...\n", b"%YAML 1.1\n", b"|\n", b">-\n", b"\r",
    b"\x00", b"\x07", b"\x1b", b"\xef\xbb\xbf", b"\xff\xfe", b"\xc2\x85", b"\xe2\x80\xa8",
    b"\xed\xa0\x80", b"\xc0\xaf", "青崖县".encode("gbk"), "２０２４年３月５日".encode(),
    b"!!binary aGk=", b"!!python/object:os.system ", b"!!timestamp ", b"!!set ", b"!custom ",
    b"&a [*a]", b"1e400", b"0x", b"~", b"yes",
]  # fmt: skip


@st.composite
def spliced_bytes(draw: st.DrawFn, place: str) -> bytes:
    """The demo's file for `place` with bytes deleted and tokens or random bytes inserted."""
    data = bytearray(SEED_TEXT[place])
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        at = draw(st.integers(min_value=0, max_value=len(data)))
        removed = draw(st.integers(min_value=0, max_value=12))
        inserted = draw(st.one_of(st.sampled_from(TOKENS), st.binary(max_size=8)))
        data[at : at + removed] = inserted
    return bytes(data)


places = st.sampled_from(sorted(SEEDS))


@st.composite
def fuzzed_files(draw: st.DrawFn) -> tuple[str, bytes]:
    place = draw(places)
    content = draw(
        st.one_of(
            st.binary(max_size=2000),
            spliced_bytes(place),
            st.builds(as_yaml, mutated_document(place), st.booleans()),
        )
    )
    return place, content


# --- Invariants -------------------------------------------------------------------------------


def assert_well_formed(findings: list[Finding], root: Path, *, with_line: bool) -> None:
    """Each finding names a file in the content folder (and a line, if the loader made it),
    cites a rule id and speaks 简体中文."""
    for finding in findings:
        shown = finding.format_text()
        assert finding.file and Path(finding.file).is_relative_to(root), shown
        if with_line:
            assert isinstance(finding.line, int) and finding.line >= 1, shown
        else:
            assert finding.line is None or finding.line >= 1, shown
        assert RULE_ID.fullmatch(finding.rule), shown
        assert CJK.search(finding.message), shown
        assert "Traceback" not in finding.message, shown


def assert_build_steps_survive(root: Path, as_of: dt.date) -> None:
    """Load, check and, when the checks let a build through, run what the build runs next."""
    result = load_content(root)
    assert_well_formed(result.all_findings, root, with_line=True)
    if result.content is None:
        assert has_errors(result.findings)
        event("refused by the loader")
        return
    content = result.content
    checked = run_checks(content, as_of)
    assert_well_formed(checked, root, with_line=False)
    assert_well_formed(run_supervision_checks(content, as_of), root, with_line=False)
    if has_errors(run_checks(content, as_of, for_build=True)):
        event("refused by the checks")
        return  # the build stops here (fail closed)
    event("planned")
    plan = plan_publication([loaded.record for loaded in content.records], content.settings, as_of)
    public_items(content.records, plan)
    change = next_site_change(content, plan)
    assert change is None or change > as_of


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz-loader")


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(fuzzed=fuzzed_files(), as_of=AS_OF)
def test_any_file_gives_findings_never_an_exception(
    scratch: Path, fuzzed: tuple[str, bytes], as_of: dt.date
) -> None:
    """One fuzzed file beside a valid record: the loader, the checks and the build's next
    steps never raise, and every finding is well formed."""
    place, data = fuzzed
    root = Path(tempfile.mkdtemp(dir=scratch)) / "content"
    try:
        write_yaml(root / "records" / "2024" / "2024-cf-0001.yaml", penalty())
        (root / place).parent.mkdir(parents=True, exist_ok=True)
        (root / place).write_bytes(data)
        assert_build_steps_survive(root, as_of)
    finally:
        shutil.rmtree(root.parent)


# --- `publisher check` over the whole demo with one file fuzzed ------------------------------------


@pytest.fixture(scope="module")
def demo_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return Path(shutil.copytree(DEMO, tmp_path_factory.mktemp("fuzz-check") / "content"))


@settings(
    max_examples=share_of_examples(0.1),
    suppress_health_check=[HealthCheck.too_slow],
    deadline=None,
)
@given(fuzzed=fuzzed_files(), as_of=AS_OF)
def test_publisher_check_exits_0_or_1_and_lists_findings(
    demo_copy: Path, fuzzed: tuple[str, bytes], as_of: dt.date
) -> None:
    """The demo with one file fuzzed: `publisher check` runs every rule (R-A, R-B) across the
    files and ends with exit 0 or 1 and findings as JSON, never a traceback."""
    place, data = fuzzed
    target = demo_copy / place
    original = target.read_bytes()
    target.write_bytes(data)
    try:
        arguments = ["check", "--content", str(demo_copy), "--format", "json"]
        result = CliRunner().invoke(main, [*arguments, "--as-of", as_of.isoformat()])
    finally:
        target.write_bytes(original)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.stderr
    for finding in json.loads(result.stdout):
        assert finding["file"] and CJK.search(finding["message"]), finding
