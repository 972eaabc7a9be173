"""Reading YAML while remembering where each key and value stands in the file.

Staff fix what the message points at, so every finding must carry the line of the offending
key or value. PyYAML's composed nodes keep those positions; we convert the nodes to plain
Python values and keep a `LineMap` beside them. Duplicate keys are refused (a silent
last-one-wins would publish the wrong text).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

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


class _Loader(yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader):  # type: ignore[misc]
    """Safe loading (libyaml when present: parsing is most of a large build's load time),
    with timestamps left as text: the schema parses dates, so an impossible date such as
    2024-13-01 becomes a finding on its line rather than a parser crash."""


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_str)


def parse_yaml(text: str) -> YamlDocument:
    """Parse one YAML document into plain values and a line map; raises YamlSyntaxError."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        lines: dict[Loc, int] = {(): 1}
        data = _plain(loader, node, (), lines) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        raise YamlSyntaxError(line, str(exc.problem or exc.context or "YAML 语法错误")) from exc
    finally:
        loader.dispose()
    return YamlDocument(data=data, lines=LineMap(lines))


def load_plain(text: str) -> Any:
    """Plain values only, read exactly as `parse_yaml` reads them (dates as text), for callers
    that need no line numbers; raises YamlSyntaxError."""
    return parse_yaml(text).data


def load_yaml_file(path: Path) -> YamlDocument:
    return parse_yaml(path.read_text(encoding="utf-8"))


def _plain(loader: _Loader, node: Node, loc: Loc, lines: dict[Loc, int]) -> Any:
    if isinstance(node, MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = str(loader.construct_object(key_node, deep=True))
            if key in out:
                line = key_node.start_mark.line + 1
                raise YamlSyntaxError(line, f"重复的键 {key}")
            child = (*loc, key)
            # Scalars point at the value itself; nested blocks at their key.
            mark = (
                value_node.start_mark if isinstance(value_node, ScalarNode) else key_node.start_mark
            )
            lines[child] = mark.line + 1
            out[key] = _plain(loader, value_node, child, lines)
        return out
    if isinstance(node, SequenceNode):
        items: list[Any] = []
        for index, item in enumerate(node.value):
            child = (*loc, index)
            lines[child] = item.start_mark.line + 1
            items.append(_plain(loader, item, child, lines))
        return items
    value = loader.construct_object(node, deep=True)
    if isinstance(value, bool | int | float | dt.date) or value is None:
        return value
    return str(value)
