"""Reading YAML while remembering where each key and value stands in the file.

Staff fix what the message points at, so every finding must carry the line of the offending
key or value. ruamel.yaml's round-trip loader keeps those positions; we convert its nodes to
plain Python values and keep a `LineMap` beside them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class LineMap:
    """Maps a location (a path of keys and indexes) to a 1-based line number."""

    lines: dict[Loc, int]

    def line_of(self, loc: Sequence[str | int]) -> int:
        """The line of the deepest known part of `loc`; line 1 when nothing of it is known."""
        path = tuple(loc)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


@dataclass(frozen=True)
class YamlDocument:
    data: Any
    lines: LineMap


class YamlSyntaxError(Exception):
    def __init__(self, line: int, problem: str) -> None:
        self.line = line
        self.problem = problem
        super().__init__(f"line {line}: {problem}")


class _DatesAsText(RoundTripConstructor):
    """Leaves timestamps as text: the schema parses dates, so an impossible date such as
    2024-13-01 becomes a finding on its line rather than a parser crash."""


_DatesAsText.add_constructor("tag:yaml.org,2002:timestamp", RoundTripConstructor.construct_yaml_str)


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Constructor = _DatesAsText
    yaml.allow_duplicate_keys = False
    return yaml


def parse_yaml(text: str) -> YamlDocument:
    """Parse one YAML document into plain values and a line map; raises YamlSyntaxError."""
    try:
        node = _yaml().load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        raise YamlSyntaxError(line, str(exc.problem or exc.context or "YAML 语法错误")) from exc
    lines: dict[Loc, int] = {(): 1}
    data = _plain(node, (), lines)
    return YamlDocument(data=data, lines=LineMap(lines))


def load_yaml_file(path: Path) -> YamlDocument:
    return parse_yaml(path.read_text(encoding="utf-8"))


def _plain(node: Any, loc: Loc, lines: dict[Loc, int]) -> Any:
    if isinstance(node, CommentedMap):
        out: dict[Any, Any] = {}
        for key in node:
            child = (*loc, str(key))
            # The value's line points at the value itself; for nested blocks it is the key's.
            key_line, _ = node.lc.key(key)
            value_line, _ = node.lc.value(key)
            value = node[key]
            nested = isinstance(value, CommentedMap | CommentedSeq)
            lines[child] = (key_line if nested else value_line) + 1
            out[str(key)] = _plain(value, child, lines)
        return out
    if isinstance(node, CommentedSeq):
        items: list[Any] = []
        for index, value in enumerate(node):
            child = (*loc, index)
            item_line, _ = node.lc.item(index)
            lines[child] = item_line + 1
            items.append(_plain(value, child, lines))
        return items
    if isinstance(node, dt.datetime):
        return node
    if isinstance(node, dt.date):
        return node
    if isinstance(node, bool | int | float) or node is None:
        return node
    return str(node)
