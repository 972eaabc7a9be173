"""A small YAML writer for `publisher synth`: block style like the staff's own files, fast.

PyYAML's dumper costs about a millisecond per record, a minute and a half for 100,000 records;
the synthetic files only ever hold mappings, lists and scalars, so this writer emits them
directly. A string stays plain (unquoted, as staff write it) only when PyYAML is certain to read
it back as that same string; anything else is written as a double-quoted scalar (JSON's string
syntax is valid YAML there), with every character YAML may not carry literally escaped.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from typing import TypeAlias

from yaml.resolver import Resolver

Scalar: TypeAlias = str | int | bool | dt.date
Value: TypeAlias = Scalar | list["Value"] | dict[str, "Value"] | None
"""What the writer takes: plain dicts and lists (checked with `type`, which is fast)."""

INDENT = "  "
TEXT_CACHE_SIZE = 65_536
"""Names, legal bases, enum values and codes repeat across records: decide each once."""
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
"""ASCII words (ids, enum values, codes), which may stand in a flow list like `[a, b]`."""
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@` \t") | {""}
"""What a plain scalar may not start with (and the empty string, which reads as null)."""
_UNSAFE_PLAIN = re.compile(
    r"[^\x20-\x22\x24-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]"
)
"""Characters a plain scalar may not hold: controls, '#', YAML's extra line breaks (NEL,
U+2028, U+2029), the byte-order mark, surrogates and anything outside the BMP."""
_ESCAPE_IN_QUOTES = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd"
    "\U00010000-\U0010ffff]"
)
"""Characters a double-quoted scalar must escape beyond what JSON escapes: YAML's extra line
breaks (they would be folded into spaces) and what YAML's reader refuses to read."""


def dump(data: dict[str, Value], header: str = "") -> str:
    """`data` as a YAML document; `header` lines become comments at the top. Keys whose
    value is None are left out (as staff leave out a field they do not fill in)."""
    lines = [f"# {line}" for line in header.splitlines()]
    lines += _mapping(data, 0)
    return "\n".join(lines) + "\n"


def scalar(value: Scalar) -> str:
    if type(value) is str:  # the common case first: this runs a million times
        return text(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return text(value)


@functools.lru_cache(maxsize=TEXT_CACHE_SIZE)
def text(value: str) -> str:
    """A string as a YAML scalar that reads back as exactly `value`."""
    return value if is_plain(value) else quoted(value)


def quoted(value: str) -> str:
    body = json.dumps(value, ensure_ascii=False)
    return _ESCAPE_IN_QUOTES.sub(lambda m: f"\\u{ord(m.group()):04x}", body)


def is_plain(value: str) -> bool:
    """Whether `value` can be written unquoted: it does not start with a YAML indicator,
    holds nothing that would end or comment out a plain scalar, and is not read as another
    type (a number, a date, a boolean: PyYAML's own resolvers decide)."""
    return (
        value[:1] not in _INDICATORS
        and not _UNSAFE_PLAIN.search(value)
        and ": " not in value
        and not value.endswith((":", " "))
        and not _resolves_to_another_type(value)
    )


def _resolves_to_another_type(token: str) -> bool:
    resolvers = Resolver.yaml_implicit_resolvers.get(token[0], [])
    return any(regexp.match(token) for tag, regexp in resolvers if not tag.endswith(":str"))


def _mapping(data: dict[str, Value], depth: int) -> list[str]:
    pad = INDENT * depth
    lines: list[str] = []
    for key, value in data.items():
        if value is None:
            continue
        if isinstance(value, dict):
            lines.append(f"{pad}{key}:")
            lines += _mapping(value, depth + 1)
        elif isinstance(value, list):
            lines += _sequence(key, value, depth)
        else:
            lines.append(f"{pad}{key}: {scalar(value)}")
    return lines


def _sequence(key: str, items: list[Value], depth: int) -> list[str]:
    pad = INDENT * depth
    words = [item for item in items if isinstance(item, str) and _TOKEN.fullmatch(item)]
    if len(words) == len(items):
        # Short lists of words, like `kinds: [warning, fine]`, read best in flow style.
        return [f"{pad}{key}: [{', '.join(scalar(word) for word in words)}]"]
    lines = [f"{pad}{key}:"]
    for item in items:
        if isinstance(item, dict):
            body = _mapping(item, depth + 2)
            first = body[0].lstrip(" ")
            lines.append(f"{pad}{INDENT}- {first}")
            lines += body[1:]
        elif isinstance(item, list):
            raise TypeError(f"{key}: lists of lists are not written")
        elif item is not None:
            lines.append(f"{pad}{INDENT}- {scalar(item)}")
    return lines
