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
from yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent, NodeEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

Loc = tuple[str | int, ...]

# Far deeper than any content file needs; far shallower than what exhausts the stack.
MAX_DEPTH = 40
# Nodes in a file once every alias is expanded; a large register has a few thousand.
MAX_NODES = 200_000


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


# PyYAML's wording of the common mistakes, by how the problem text starts, in staff's words.
_PROBLEMS: tuple[tuple[str, str], ...] = (
    ("mapping values are not allowed", "此处不能出现“键: 值”：请检查缩进，或给含冒号的文字加引号"),
    ("found a tab character", "缩进中有制表符（Tab），请改用空格缩进"),
    ("found character '\\t'", "缩进中有制表符（Tab），请改用空格缩进"),
    ("found unexpected end of stream", "文件意外结束：可能有未闭合的引号"),
    ("did not find expected ',' or ']'", "方括号 [ ] 未闭合，或列表项之间缺少逗号"),
    ("did not find expected ',' or '}'", "花括号 { } 未闭合，或各项之间缺少逗号"),
    ("but found another document", "一个文件只能写一条记录（发现了第二个以 --- 分隔的文档）"),
    ("did not find expected key", "缩进不一致，请检查这一行和上一行的缩进"),
    ("expected <block end>", "缩进不一致，请检查这一行和上一行的缩进"),
    ("found duplicate anchor", "不允许使用 YAML 锚点（&），请把内容直接写出"),
    ("found undefined alias", "不允许使用 YAML 别名（*），请把内容直接写出"),
)


def _staff_problem(exc: yaml.MarkedYAMLError) -> str:
    problem = str(exc.problem or exc.context or "")
    for start, text in _PROBLEMS:
        if problem.startswith(start):
            return f"{text}（{problem}）"
    return f"YAML 语法错误（{problem}）" if problem else "YAML 语法错误"


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
    _refuse_bombs(text)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        lines: dict[Loc, int] = {(): 1}
        data = _plain(loader, node, (), lines) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        raise YamlSyntaxError(line, _staff_problem(exc)) from exc
    finally:
        loader.dispose()
    return YamlDocument(data=data, lines=LineMap(lines))


def _refuse_bombs(text: str) -> None:
    """Refuse very deep nesting and alias expansion beyond any real file, before anything is
    built from them.

    An alias repeats its anchored node: a few lines of nested aliases ("billion laughs")
    expand to gigabytes, and deep nesting exhausts the stack. Both are measured from the
    parser's events in linear time, nothing expanded; ordinary anchors stay allowed."""
    loader = _Loader(text)
    nodes = 0  # nodes after expanding every alias
    sizes: dict[str, tuple[int, int]] = {}  # anchor -> (expanded nodes, height)
    # One frame per open collection: its anchor, `nodes` at its start, its tallest child.
    stack: list[list[Any]] = []
    try:
        while loader.check_event():
            event = loader.get_event()
            line = event.start_mark.line + 1 if event.start_mark is not None else 1
            if isinstance(event, CollectionStartEvent):
                nodes += 1
                stack.append([event.anchor, nodes - 1, 0])
                if len(stack) > MAX_DEPTH:
                    raise YamlSyntaxError(
                        line, f"嵌套层级过深（超过 {MAX_DEPTH} 层），请检查缩进和括号"
                    )
                continue
            if isinstance(event, CollectionEndEvent):
                anchor, first, tallest = stack.pop()
                size, height = nodes - first, tallest + 1
            elif isinstance(event, AliasEvent):
                size, height = sizes.get(str(event.anchor), (1, 0))
                nodes += size
                if nodes > MAX_NODES or len(stack) + height > MAX_DEPTH:
                    raise YamlSyntaxError(
                        line,
                        f"别名 *{event.anchor} 展开后内容过多或层级过深，请删除别名，把内容直接写出",
                    )
                anchor = None
            elif isinstance(event, NodeEvent):  # a scalar
                nodes += 1
                anchor, size, height = event.anchor, 1, 0
            else:
                continue
            if anchor is not None:
                sizes[anchor] = (size, height)
            if stack:
                stack[-1][2] = max(stack[-1][2], height)
            if nodes > MAX_NODES:
                raise YamlSyntaxError(line, f"文件内容过多（超过 {MAX_NODES} 项），请拆分或精简")
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        raise YamlSyntaxError(line, _staff_problem(exc)) from exc
    finally:
        loader.dispose()


def load_plain(text: str) -> Any:
    """Plain values only, read exactly as `parse_yaml` reads them (dates as text), for callers
    that need no line numbers; raises YamlSyntaxError."""
    return parse_yaml(text).data


def load_yaml_file(path: Path) -> YamlDocument:
    # utf-8-sig: a byte-order mark, which some Windows editors add, is not content.
    return parse_yaml(path.read_text(encoding="utf-8-sig"))


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
