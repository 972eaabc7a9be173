"""Page fingerprints (`publisher.fingerprint`): equal fingerprints only for equal values, the
same fingerprint for the same values in every process and build, whatever objects they share.

The text encoding used before is kept here as an oracle: wherever it told two values apart,
the current encoding must too (it also tells apart a few it did not: see
`test_values_the_text_encoding_confused_have_different_fingerprints`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import hashlib
import operator
import subprocess
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st
from markupsafe import Markup

from publisher.fingerprint import Fingerprinter


class Shade(enum.Enum):
    LIGHT = "light"
    DARK = "dark"


class Level(enum.IntEnum):
    ONE = 1


@dataclasses.dataclass(frozen=True)
class Pair:
    first: object
    second: object


@dataclasses.dataclass(frozen=True)
class Single:
    only: object


def fingerprint(*values: object) -> bytes | None:
    return Fingerprinter().digest(*values)


# --- values --------------------------------------------------------------------------------

# Strings with the characters the old text encoding used as delimiters, and lone surrogates
# (a file name read with surrogateescape).
TRICKY = st.sampled_from(["", ",", ",s", "a,sb", "(", ")", ":", "\x1e", "None", "s1:a", "\udcff"])
TEXT = st.one_of(st.text(max_size=12), TRICKY, st.text(alphabet="青崖县,s(){}:", max_size=6))
LEAVES = st.one_of(
    TEXT,
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False),
    st.booleans(),
    st.none(),
    st.dates(),
    st.binary(max_size=6),
    st.sampled_from(Shade),
)


def containers(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(
        st.lists(children, max_size=4).map(tuple),
        st.lists(children, max_size=4),
        st.dictionaries(TEXT, children, max_size=3),
        st.frozensets(st.one_of(TEXT, st.integers()), max_size=4),
        st.builds(Pair, children, children),
        st.builds(Single, children),
    )


VALUES = st.recursive(LEAVES, containers, max_leaves=12)


def rebuilt(value: Any) -> Any:
    """`value` made again from new objects: every string copied, nothing shared (as a record
    parsed afresh, where the parse cache's would share its strings)."""
    if type(value) is str:
        return "".join(list(value))
    if type(value) in (tuple, list):
        return type(value)(rebuilt(item) for item in value)
    if type(value) is dict:
        return {rebuilt(k): rebuilt(v) for k, v in value.items()}
    if type(value) is frozenset:
        return frozenset(rebuilt(item) for item in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return type(value)(*(rebuilt(getattr(value, f.name)) for f in dataclasses.fields(value)))
    return value


def shared(value: Any, seen: dict[Any, Any] | None = None) -> Any:
    """`value` made again with every equal string and dataclass one object."""
    seen = {} if seen is None else seen
    if type(value) is str:
        return seen.setdefault(("s", value), value)
    if type(value) in (tuple, list):
        return type(value)(shared(item, seen) for item in value)
    if type(value) is dict:
        return {shared(k, seen): shared(v, seen) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        made = type(value)(
            *(shared(getattr(value, f.name), seen) for f in dataclasses.fields(value))
        )
        return seen.setdefault(("d", repr(made)), made)
    return value


# --- the oracle: the text encoding used before -----------------------------------------------


class TextOracle:
    """The previous `Fingerprinter` encoding (without its memo), unchanged in what it tells
    apart."""

    def encode(self, value: object) -> str:
        kind = type(value)
        if kind is str:
            text: str = value  # type: ignore[assignment]
            return "s" + text if len(text) <= 64 else "h" + _hash(text)
        if kind is tuple or kind is list:
            return "(" + self.items(value) + ")"  # type: ignore[arg-type]
        if value is None or kind is bool or kind is int or kind is float:
            return repr(value)
        if kind is dict:
            pairs = value.items()  # type: ignore[attr-defined]
            return "{" + ",".join([self.encode(k) + ":" + self.encode(v) for k, v in pairs]) + "}"
        if kind is dt.date or kind is dt.datetime:
            return "d" + repr(value)
        if kind is bytes:
            return "b" + value.hex()  # type: ignore[attr-defined]
        encoded = kind.__module__ + "." + kind.__qualname__ + self.body(value)
        return "h" + _hash(encoded) if len(encoded) > 64 else encoded

    def body(self, value: Any) -> str:
        if isinstance(value, enum.Enum):
            return "." + value.name + "=" + self.encode(value.value)
        if dataclasses.is_dataclass(value):
            names = [field.name for field in dataclasses.fields(value)]
            return (
                "("
                + self.items(
                    operator.attrgetter(*names)(value)
                    if len(names) > 1
                    else [getattr(value, names[0])]
                )
                + ")"
            )
        if isinstance(value, str):
            return "(" + self.encode(str(value)) + ")"
        if isinstance(value, frozenset | set):
            return "{" + ",".join(sorted(self.encode(item) for item in value)) + "}"
        if isinstance(value, Mapping):
            return self.encode(dict(value.items()))
        raise TypeError(type(value))

    def items(self, items: Iterable[object]) -> str:
        return ",".join(self.encode(item) for item in items)

    def text(self, *values: object) -> str:
        return "\x1e".join(self.encode(value) for value in values)


def _hash(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


# --- properties ------------------------------------------------------------------------------


@given(VALUES, VALUES)
@example(("a", "b"), ("a", "c"))
def test_values_the_text_encoding_told_apart_have_different_fingerprints(a: Any, b: Any) -> None:
    if TextOracle().text(a) != TextOracle().text(b):
        assert fingerprint(a) != fingerprint(b)


@given(VALUES)
def test_the_same_values_give_the_same_fingerprint_whatever_objects_they_share(value: Any) -> None:
    digest = fingerprint(value)
    assert digest is not None
    assert fingerprint(rebuilt(value)) == digest
    assert fingerprint(shared(value)) == digest
    # Known by identity after the first time, within one build: the same encoding.
    fingerprints = Fingerprinter()
    assert fingerprints.digest(value, value) == fingerprints.digest(value, rebuilt(value))
    assert fingerprints.digest(value) == digest


@given(st.lists(VALUES, min_size=1, max_size=3), st.lists(VALUES, min_size=1, max_size=3))
def test_the_values_of_one_fingerprint_are_not_mixed_up(a: list[Any], b: list[Any]) -> None:
    if TextOracle().text(*a) != TextOracle().text(*b):
        assert fingerprint(*a) != fingerprint(*b)
    assert fingerprint(*a) == fingerprint(*rebuilt(a))


def test_values_the_text_encoding_confused_have_different_fingerprints() -> None:
    """A string holding the old delimiters could pass for several values: a stale page."""
    confused: list[tuple[object, object]] = [
        (("a,sb",), ("a", "b")),
        (Pair("x,sy", None), Pair("x", "y,None")),
        ({"a": "b,sc:sd"}, {"a": "b", "c": "d"}),
        ("a\x1esb", ("a", "b")),
    ]
    for first, second in confused:
        assert fingerprint(first) != fingerprint(second)
    assert fingerprint("a", "b") != fingerprint("a\x1esb")


def test_kinds_that_render_differently_have_different_fingerprints() -> None:
    assert fingerprint(Markup("<b>")) != fingerprint("<b>")  # not escaped, escaped
    assert fingerprint(Level.ONE) != fingerprint(1)
    assert fingerprint(True) != fingerprint(1) != fingerprint(1.0)
    assert fingerprint(Shade.LIGHT) != fingerprint("light")
    assert fingerprint(b"ab") != fingerprint("ab")
    assert fingerprint(dt.date(2026, 1, 2)) != fingerprint("2026-01-02")
    assert fingerprint(dt.datetime(2026, 1, 2)) != fingerprint(dt.date(2026, 1, 2))
    assert fingerprint({"a": 1}) != fingerprint(("a", 1))
    assert fingerprint(Path("a/b")) != fingerprint("a/b")
    assert fingerprint(Single(("a", "b"))) != fingerprint(Pair("a", "b"))


def test_lists_and_tuples_alike_and_sets_in_any_order() -> None:
    assert fingerprint(["a", Pair(1, 2)]) == fingerprint(("a", Pair(1, 2)))
    assert fingerprint(frozenset({"b", "a", "c"})) == fingerprint(frozenset(["c", "a", "b"]))
    assert fingerprint({"b", "a"}) != fingerprint(frozenset({"b", "a"}))


def test_what_cannot_be_encoded_gives_no_fingerprint() -> None:
    assert fingerprint(object()) is None
    assert fingerprint(("a", Pair(1, object()))) is None
    assert fingerprint({"a": {1: object()}}) is None


def test_classes_and_functions_by_name() -> None:
    assert fingerprint(Shade) == fingerprint(Shade) != fingerprint(Level)
    assert fingerprint(fingerprint) != fingerprint(rebuilt)


SCRIPT = """
import dataclasses, datetime as dt, enum, sys
sys.path.insert(0, {root!r})
from publisher.fingerprint import Fingerprinter
Shade = enum.Enum("Shade", ["LIGHT", "DARK"])
@dataclasses.dataclass(frozen=True)
class Pair:
    first: object
    second: object
value = (
    frozenset({{"甲", "乙", "丙", "a,b", "x"}}),
    {{"k": {{Shade.DARK, Shade.LIGHT}}, "d": dt.date(2026, 11, 28)}},
    Pair(frozenset(range(40)), frozenset({{("a", 1), ("b", 2)}})),
)
print(Fingerprinter().digest(*value).hex())
"""


def test_the_same_values_give_the_same_fingerprint_in_every_process() -> None:
    """Set order follows the string hash, which PYTHONHASHSEED changes from run to run."""
    script = SCRIPT.format(root=str(Path(__file__).parent.parent))
    digests = {
        subprocess.run(
            [sys.executable, "-c", script],
            env={"PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(digests) == 1 and len(next(iter(digests))) == 41
