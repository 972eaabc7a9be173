"""The pieces of fast builds (docs/performance.md): cache files, page fingerprints, the
no-change command line, work on several cores, and the personal-number pre-check (R-A8)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import os
import pickle
import sys
from pathlib import Path

import pytest
from factories import inspection, write_content
from hypothesis import given
from hypothesis import strategies as st

from publisher import redaction
from publisher.buildcache import (
    CacheFile,
    Stamp,
    cache_folder,
    installed_distributions,
    pack_fields,
)
from publisher.content import LoadedRecord
from publisher.fastpath import REQUEST_KEY, BuildRequest, manifest_id, remember_request
from publisher.findings import Finding, Severity
from publisher.fingerprint import Fingerprinter
from publisher.launcher import build_options
from publisher.loader import load_content
from publisher.parallel import map_forked
from publisher.parsecache import RecordCache
from publisher.sitecache import (
    Manifest,
    SiteCache,
    TreeState,
    folders_of,
    same_inode,
    without_change_time,
)


@pytest.mark.parametrize("damage", ["cut short", "changed", "other code"])
def test_a_cache_file_that_does_not_read_back_whole_is_ignored(tmp_path: Path, damage: str) -> None:
    file = CacheFile(tmp_path / "x.pickle", "code-1")
    file.write({"a": [1, 2, 3]})
    assert file.read() == {"a": [1, 2, 3]}
    data = file.path.read_bytes()
    if damage == "cut short":
        file.path.write_bytes(data[:-5])
    elif damage == "changed":
        file.path.write_bytes(data[:-5] + bytes(5))
    assert (CacheFile(file.path, "code-2") if damage == "other code" else file).read() is None


_INT64 = st.integers(min_value=-(2**63), max_value=2**63 - 1)
_FIELDS = st.tuples(st.integers(0, 2**63 - 1), _INT64, _INT64, st.integers(0, 2**63 - 1))


@given(_FIELDS, _FIELDS)
def test_a_packed_stamp_keeps_every_field_and_equals_only_an_equal_stamp(
    fields: tuple[int, int, int, int], other: tuple[int, int, int, int]
) -> None:
    stamp = Stamp.of_fields(*fields)
    assert stamp.fields() == fields
    assert (stamp == Stamp.of_fields(*other)) == (fields == other)
    assert pickle.loads(pickle.dumps(stamp, protocol=pickle.HIGHEST_PROTOCOL)).fields() == fields


@given(_FIELDS, _FIELDS)
def test_an_output_stamp_compares_inodes_and_all_but_the_change_time_exactly(
    fields: tuple[int, int, int, int], other: tuple[int, int, int, int]
) -> None:
    stamp, another = pack_fields(*fields), pack_fields(*other)
    assert same_inode(stamp, another) == (fields[0] == other[0])
    assert (without_change_time(stamp) == without_change_time(another)) == (fields[:3] == other[:3])


def test_a_stamp_is_trusted_only_for_files_changed_well_before_it_was_taken() -> None:
    stamp = Stamp.of_fields(size=10, mtime_ns=5_000_000_000, ctime_ns=5_000_000_000, ino=1)
    assert stamp.settled(checked_ns=8_000_000_000)
    assert not stamp.settled(checked_ns=6_000_000_000)


class Colour(enum.Enum):
    RED = "red"


@dataclasses.dataclass(frozen=True)
class Entry:
    title: str
    day: dt.date
    colour: Colour
    tags: tuple[str, ...] = ()


def test_equal_values_give_equal_fingerprints_and_any_difference_another() -> None:
    first = Entry("标题", dt.date(2026, 1, 2), Colour.RED, ("a", "b"))
    same = Entry("标题", dt.date(2026, 1, 2), Colour.RED, ("a", "b"))
    digest = Fingerprinter().digest({"entries": (first,)})
    assert digest is not None
    assert Fingerprinter().digest({"entries": (same,)}) == digest
    for changed in (
        dataclasses.replace(first, title="标题2"),
        dataclasses.replace(first, day=dt.date(2026, 1, 3)),
        dataclasses.replace(first, tags=("a",)),
        "标题" * 100,
    ):
        assert Fingerprinter().digest({"entries": (changed,)}) != digest
    assert Fingerprinter().digest({"entries": [first]}) == digest  # lists and tuples alike
    assert Fingerprinter().digest({"entries": (first,), "more": 1}) != digest


def test_values_it_cannot_encode_make_no_fingerprint() -> None:
    assert Fingerprinter().digest({"x": object()}) is None
    assert Fingerprinter().digest(frozenset({"b", "a"})) == Fingerprinter().digest(
        frozenset({"a", "b"})
    )


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        (["--content", "c", "--output", "o", "--as-of", "2026-11-28"], ("c", "o", True)),
        (["--content=c", "--no-cache", "--as-of=2026-11-28"], ("c", "output", False)),
        (["--content", "c", "--content", "d"], None),  # twice: leave it to the real parser
        (["--content"], None),
        (["--output", "--no-cache"], None),
        (["--unknown", "x"], None),
        (["-h"], None),
        (["--as-of", "2026-13-01"], None),
    ],
)
def test_the_quick_check_reads_only_arguments_it_is_sure_of(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    arguments: list[str],
    expected: tuple[str, str, bool] | None,
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pelicanconf.py").write_text("", encoding="utf-8")
    options = build_options(arguments)
    if expected is None:
        assert options is None
    else:
        assert options is not None
        assert (str(options.content), str(options.output), options.use_cache) == expected


def square(value: int) -> int:
    return value * value + os.getpid() * 0


def test_work_on_several_cores_comes_back_in_order() -> None:
    items = list(range(1000))
    assert map_forked(square, items, minimum=1, processes=2) == [n * n for n in items]
    assert map_forked(square, [3], processes=2) == [9]


def test_a_request_is_tied_only_to_the_manifest_its_own_build_wrote(tmp_path: Path) -> None:
    """`publisher build` remembers what it asked for only with the manifest the generator
    wrote for it: a generator that exits 0 without writing one (another version of the
    plugin, a settings file under which it keeps no manifest) must not leave the request
    tied to an older build's manifest, which the no-change check would then trust."""
    output = tmp_path / "site"
    site = SiteCache.of(cache_folder(output), output)
    requests = CacheFile(site.folder / "request.pickle", REQUEST_KEY)

    def manifest(build_id: str) -> Manifest:
        return Manifest(build_id, "code", (), None, None, TreeState({}, {}))

    site.write_manifest(manifest("older"), None)
    before = manifest_id(output)
    remember_request(output, ["build"], "settings", [], before)
    assert requests.read() is None
    site.write_manifest(manifest("this"), None)
    remember_request(output, ["build"], "settings", [], before)
    request = requests.read()
    assert isinstance(request, BuildRequest) and request.build_id == "this"
    # A manifest whose build was killed before its id was written is tied to nothing.
    site.manifest_id_file.remove()
    remember_request(output, ["build"], "settings", [], "this")
    assert requests.read() is None


def test_the_folders_of_a_site() -> None:
    assert folders_of(["index.html", "records/a/index.html", "records/b/x.pdf"]) == {
        "",
        "records",
        "records/a",
        "records/b",
    }


def without_precheck(text: str) -> list[tuple[str, int, int]]:
    """find_numbers as it was before the pre-check: every run of digits examined."""
    text = text.translate(redaction._HALF_WIDTH)
    found = []
    for run in redaction._RUN.finditer(text):
        end = redaction._run_end(text, run.start(), run.end())
        found += [
            (m.kind.value, m.start, m.end)
            for m in redaction._numbers_in_run(text, run.start(), end)
        ]
    return found


DIGITISH = st.text(
    alphabet="0123456789０１２３４５６７８９ -－\u3000Xx+号码电话：abc\n", max_size=60
)


@given(
    st.lists(
        st.sampled_from(["13912345678", "110101199003077578", "6222020200012345675"]) | DIGITISH,
        max_size=6,
    )
)
def test_the_pre_check_never_hides_a_personal_number(parts: list[str]) -> None:
    """R-A8: text the pre-check passes over holds no personal number by the full search."""
    text = " ".join(parts)
    assert [
        (m.kind.value, m.start, m.end) for m in redaction.find_numbers(text)
    ] == without_precheck(text)


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.text(alphabet='ab\n\t"\\\u2028中文 ', max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3)
    ),
    max_leaves=12,
)


@given(st.lists(st.dictionaries(st.text(max_size=4), JSON_VALUES, max_size=4), max_size=4))
def test_open_data_written_object_by_object_is_the_array_dump(
    objects: list[dict[str, object]],
) -> None:
    """`records_json` writes the array one object at a time, to keep memory low at 100,000
    records; the bytes are those of one `json.dumps` of the whole array (R-A9)."""
    import json

    whole = (json.dumps(objects, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    pieces = [
        json.dumps(o, ensure_ascii=False, indent=2).replace("\n", "\n  ").encode() for o in objects
    ]
    by_object = b"[\n  " + b",\n  ".join(pieces) + b"\n]\n" if objects else b"[]\n"
    assert by_object == whole


def test_the_open_data_of_the_golden_bureau_is_the_array_dump() -> None:
    import json

    from publisher import opendata
    from publisher.loader import load_content
    from publisher.public import PublicRecord, public_items
    from publisher.visibility import plan_publication

    content = load_content(Path(__file__).parent / "golden" / "content").content
    assert content is not None
    plan = plan_publication(
        [r.record for r in content.records], content.settings, dt.date(2026, 11, 28)
    )
    items = sorted(public_items(content.records, plan), key=lambda item: item.id)
    objects = [
        opendata._record_object(i) if isinstance(i, PublicRecord) else opendata._notice_object(i)
        for i in items
    ]
    assert (
        opendata.records_json(items)
        == (json.dumps(objects, ensure_ascii=False, indent=2) + "\n").encode()
    )
    assert opendata.records_json([]) == (json.dumps([], indent=2) + "\n").encode()


@given(
    st.lists(
        st.sampled_from(["13912345678", "\n", "\r\n", "\r", "\u2028", "文字", "x" * 7]), max_size=40
    )
)
def test_a_large_file_scanned_in_pieces_gives_the_findings_of_the_whole(
    parts: list[str],
) -> None:
    """R-A8: the same leaks, on the same lines, as one scan of the whole text."""
    from publisher import sitecache
    from publisher.redaction import scan_text_allowing

    data = "".join(parts).encode()
    whole = scan_text_allowing(data.decode(), "f.html", frozenset())
    original = sitecache._SCAN_PIECE
    sitecache._SCAN_PIECE = 5
    try:
        leaks, allowed = sitecache.scan("f.html", data, frozenset())
    finally:
        sitecache._SCAN_PIECE = original
    assert (leaks, allowed) == whole


def test_the_code_key_does_not_depend_on_the_folder_a_build_is_started_from(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`python -m pelican` puts the working directory on the import path; the project's own
    `*.egg-info` in the repository's root must not make its builds cold elsewhere."""
    here = tmp_path / "repository"
    (here / "qingya_tools-9.9.9.egg-info").mkdir(parents=True)
    monkeypatch.chdir(here)
    monkeypatch.setattr(sys, "path", [str(here), *sys.path])
    with_cwd = installed_distributions()
    monkeypatch.setattr(sys, "path", ["", *sys.path[1:]])
    assert installed_distributions() == with_cwd
    assert "qingya_tools-9.9.9.egg-info" not in with_cwd
    monkeypatch.chdir(tmp_path)
    assert installed_distributions() == with_cwd


def test_the_parse_cache_gives_back_findings_only_for_the_file_named_the_same_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A cached record's own findings name its file as the build that checked it named it
    # (kept as a length when that name ends the absolute path): another name checks again.
    write_content(tmp_path / "content", [inspection()])
    monkeypatch.chdir(tmp_path)
    absolute, detour = str(tmp_path / "content"), "content/../content"
    named = ["content", "content", absolute, absolute, detour, detour, "content"]
    checked: list[str] = []

    def check(loaded: LoadedRecord) -> tuple[Finding, ...]:
        checked.append(str(loaded.path.parent.parent))
        return (Finding(str(loaded.path), 1, "R-A3", Severity.WARNING, "迟延公示"),)

    for folder in named:
        cache = RecordCache(tmp_path / "cache", "test")
        content = load_content(Path(folder), cache).content
        assert content is not None and len(content.records) == 1
        for record in content.records:
            assert [f.file for f in cache.findings_of(record, check)] == [str(record.path)]
        cache.save()
    assert checked == ["content", absolute, detour, "content"]
