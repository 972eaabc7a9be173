"""Reading YAML while remembering where each key and value stands in the file.

Staff fix what the message points at, so every finding must carry the line of the offending
key or value. PyYAML's composed nodes keep those positions; we convert the nodes to plain
Python values and keep a `LineMap` beside them. Duplicate keys are refused (a silent
last-one-wins would publish the wrong text).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    NodeEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

Loc = tuple[str | int, ...]

# Far deeper than any content file needs; far shallower than what exhausts the stack.
MAX_DEPTH = 40
# Nodes in a file once every alias is expanded; a large register has a few thousand.
MAX_NODES = 200_000
# Bytes of one record file: the largest real one, case file included, has about 6 KB.
MAX_RECORD_BYTES = 1024 * 1024
# Bytes of any other content file: registers (targets, roster) grow with the county.
MAX_FILE_BYTES = 16 * 1024 * 1024
# Characters on one line: a long paragraph of facts is a few thousand; more is pasted data.
MAX_LINE_CHARS = 20_000
# What YAML does not allow in a file (its printable set): NUL and the other control characters.
_NOT_PRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


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


def _staff_problem(exc: yaml.MarkedYAMLError, source: str) -> str:
    problem = str(exc.problem or exc.context or "")
    # libyaml does not name the character; a tab is by far the most common one.
    if problem.startswith("found character that cannot start any token") and (
        _character_at(source, exc.problem_mark) == "\t"
    ):
        problem = "found character '\\t' that cannot start any token"
    for start, text in _PROBLEMS:
        if problem.startswith(start):
            return f"{text}（{problem}）"
    return f"YAML 语法错误（{problem}）" if problem else "YAML 语法错误"


def _character_at(source: str, mark: yaml.Mark | None) -> str | None:
    if mark is None:
        return None
    lines = source.split("\n")
    if mark.line >= len(lines) or mark.column >= len(lines[mark.line]):
        return None
    return lines[mark.line][mark.column]


def _syntax_error(exc: yaml.MarkedYAMLError, source: str) -> YamlSyntaxError:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark is not None else 1
    return YamlSyntaxError(line, _staff_problem(exc, source))


class YamlSyntaxError(Exception):
    def __init__(self, line: int, problem: str) -> None:
        self.line = line
        self.problem = problem
        super().__init__(f"line {line}: {problem}")


class RefusedFile(Exception):
    """A content file refused before anything of it is parsed (a symbolic link, a folder, too
    large, unreadable); `problem` says why in 简体中文. It concerns the file as a whole."""

    def __init__(self, problem: str) -> None:
        self.problem = problem
        super().__init__(problem)


class _Loader(yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader):  # type: ignore[misc]
    """Safe loading (libyaml when present: parsing is most of a large build's load time),
    with timestamps left as text: the schema parses dates, so an impossible date such as
    2024-13-01 becomes a finding on its line rather than a parser crash."""


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_str)


def parse_yaml(text: str) -> YamlDocument:
    """Parse one YAML document into plain values and a line map; raises YamlSyntaxError."""
    _refuse_unusable_text(text)
    plain = _parse_plain_file(text)
    if plain is not None:
        return plain
    # Anything unusual (anchors, aliases, tags, a mistake): the guarded two-pass reading,
    # whose refusals and messages are the reference.
    _refuse_bombs(text)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        lines: dict[Loc, int] = {(): 1}
        data = _plain(loader, node, (), lines) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, text) from exc
    except yaml.YAMLError as exc:  # a reader error carries no mark; never a traceback
        raise YamlSyntaxError(1, f"YAML 语法错误（{exc}）") from exc
    finally:
        loader.dispose()
    return YamlDocument(data=data, lines=LineMap(lines))


def _refuse_unusable_text(text: str) -> None:
    """Control characters (NUL above all: a binary or damaged file) and absurdly long lines
    (pasted data, a minified export) are refused with their line before parsing."""
    bad = _NOT_PRINTABLE.search(text)
    if bad is not None:
        line = text.count("\n", 0, bad.start()) + 1
        code = f"U+{ord(bad.group()):04X}"
        name = f"空字符 NUL（{code}）" if bad.group() == "\0" else f"控制字符 {code}"
        raise YamlSyntaxError(
            line,
            f"文件中有不允许的{name}：文件可能是二进制文件或已损坏，或从其他软件粘贴时带入了"
            "不可见字符；请删除该字符，或确认打开的是正确的文本文件",
        )
    lengths = (len(row) for row in text.split("\n"))
    long_line = next((n for n, length in enumerate(lengths, 1) if length > MAX_LINE_CHARS), None)
    if long_line is not None:
        raise YamlSyntaxError(
            long_line,
            f"这一行超过 {MAX_LINE_CHARS} 个字符：请检查是否误粘贴了图片、表格或其他文件的内容；"
            "很长的文字请分段，用 | 写成多行",
        )


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
        raise _syntax_error(exc, text) from exc
    finally:
        loader.dispose()


class _NotPlain(Exception):
    """The file needs the guarded two-pass reading (`parse_yaml`)."""


def _parse_plain_file(text: str) -> YamlDocument | None:
    """A file of plain mappings, lists and scalars (every record file staff write), read in
    one pass over the parser's events: the same values and line map as the two passes of
    `parse_yaml`, in well under half the time (the events are what libyaml makes; composing
    nodes from them and walking the nodes again was most of the cost).

    None when the file has anything else, or anything wrong: an anchor, an alias, a tag, a
    complex or duplicate key, a second document, a syntax error, a limit exceeded. The
    two-pass reading then reads it from the start and reports what it finds, so every
    refusal and message stays exactly as it was."""
    loader = _Loader(text)
    try:
        return _plain_events(loader)
    except Exception:  # whatever it is, the two-pass reading meets it and reports it
        return None
    finally:
        loader.dispose()


def _plain_events(loader: _Loader) -> YamlDocument:
    lines: dict[Loc, int] = {(): 1}
    root: list[Any] = []
    # One frame per open collection: [its value, its location, the pending key or None].
    stack: list[list[Any]] = []
    nodes = 0
    documents = 0
    while True:
        event: Any = loader.get_event()
        kind = type(event)
        if kind is StreamEndEvent or event is None:
            break
        if kind is ScalarEvent or kind is MappingStartEvent or kind is SequenceStartEvent:
            if event.anchor is not None or event.tag is not None:
                raise _NotPlain
            nodes += 1
            if nodes > MAX_NODES:
                raise _NotPlain
            line: int = event.start_mark.line + 1
            if stack and stack[-1][2] is None and type(stack[-1][0]) is dict:
                if kind is not ScalarEvent:
                    raise _NotPlain  # a complex key
                key = str(_scalar(loader, event))
                if key in stack[-1][0]:
                    raise _NotPlain  # a duplicate key: the two-pass reading reports it
                stack[-1][2] = (key, line)
                continue
            loc = _child(stack, lines, line, kind is ScalarEvent)
            if kind is ScalarEvent:
                _attach(stack, root, _scalar(loader, event))
                continue
            value: Any = {} if kind is MappingStartEvent else []
            stack.append([value, loc, None])
            if len(stack) > MAX_DEPTH:
                raise _NotPlain
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            _attach(stack, root, stack.pop()[0])
        elif kind is DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise _NotPlain
        elif kind is AliasEvent:
            raise _NotPlain
    return YamlDocument(data=root[0] if root else None, lines=LineMap(lines))


def _child(stack: list[list[Any]], lines: dict[Loc, int], line: int, scalar: bool) -> Loc:
    """The location of the value starting on `line`, entered in the line map as `_plain`
    does: scalars at the value itself, nested blocks at their key; list items at the item."""
    if not stack:
        return ()
    frame = stack[-1]
    if type(frame[0]) is dict:
        key, key_line = frame[2]
        loc = (*frame[1], key)
        lines[loc] = line if scalar else key_line
        return loc
    loc = (*frame[1], len(frame[0]))
    lines[loc] = line
    return loc


def _attach(stack: list[list[Any]], root: list[Any], value: Any) -> None:
    if not stack:
        root.append(value)
        return
    frame = stack[-1]
    if type(frame[0]) is dict:
        frame[0][frame[2][0]] = value
        frame[2] = None
    else:
        frame[0].append(value)


def _scalar(loader: _Loader, event: Any) -> Any:
    """The plain value of a scalar, as `_plain` makes it from the composed node: the tag the
    resolver gives (only plain scalars whose first character starts some implicit type are
    asked), constructed by the loader's own constructor."""
    value: str = event.value
    resolvers = loader.yaml_implicit_resolvers
    if event.implicit[0] and (None in resolvers or value[:1] in resolvers):
        tag = loader.resolve(ScalarNode, value, event.implicit)
        if tag != _STR_TAG:
            node = ScalarNode(tag, value, event.start_mark, event.end_mark, event.style)
            constructed = loader.construct_object(node, deep=True)
            if isinstance(constructed, bool | int | float | dt.date) or constructed is None:
                return constructed
            return str(constructed)
    return value


_STR_TAG = "tag:yaml.org,2002:str"


def load_plain(text: str) -> Any:
    """Plain values only, read exactly as `parse_yaml` reads them (dates as text), for callers
    that need no line numbers; raises YamlSyntaxError."""
    return parse_yaml(text).data


def load_yaml_file(path: Path, max_bytes: int = MAX_FILE_BYTES) -> YamlDocument:
    """Read and parse one content file; raises RefusedFile, UnicodeDecodeError or
    YamlSyntaxError."""
    return parse_content_bytes(read_content_bytes(path, max_bytes))


def parse_content_bytes(data: bytes) -> YamlDocument:
    """Parse the bytes of a content file as `load_yaml_file` does (the parse cache reads the
    bytes itself, to know what it parsed); raises UnicodeDecodeError or YamlSyntaxError."""
    # utf-8-sig: a byte-order mark, which some Windows editors add, is not content.
    return parse_yaml(data.decode("utf-8-sig"))


def read_content_bytes(path: Path, max_bytes: int) -> bytes:
    """The bytes of a regular file of at most `max_bytes`, never following a symbolic link.

    A link could lead anywhere (/etc/passwd, a file outside the repository whose edits the
    history checks never see), so a link is refused without reading what it points to. The
    size is read before the content, so a huge file is refused at once."""
    try:
        status = os.lstat(path)
        if stat.S_ISLNK(status.st_mode):
            raise RefusedFile(
                f"这是一个符号链接（指向 {os.readlink(path)}），不会被读取：content/ 中的 YAML "
                "文件必须是普通文件，请把内容复制为一个真正的文件"
            )
        _refuse_special(status)
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        descriptor = os.open(path, flags)
        with os.fdopen(descriptor, "rb") as file:
            status = os.fstat(file.fileno())
            _refuse_special(status, max_bytes)
            # As many bytes as the file has (asking for the limit would allocate it for
            # every file), then, should it have grown since, the rest up to the limit.
            data = file.read(status.st_size + 1)
            if len(data) > status.st_size:
                data += file.read(max_bytes + 1 - len(data))
    except PermissionError as exc:
        raise RefusedFile("没有读取这个文件的权限：请检查文件的权限和所有者") from exc
    except OSError as exc:
        raise RefusedFile(f"无法读取这个文件（{exc.strerror or exc}）") from exc
    if len(data) > max_bytes:
        raise RefusedFile(_too_large(len(data), max_bytes))
    return data


def _refuse_special(status: os.stat_result, max_bytes: int | None = None) -> None:
    if stat.S_ISDIR(status.st_mode):
        raise RefusedFile(
            "这是一个文件夹，但名字像 YAML 文件：文件夹里的内容不会被当作这个文件读取，"
            "请给文件夹改名（去掉 .yaml）或删除它"
        )
    if not stat.S_ISREG(status.st_mode):
        raise RefusedFile("这不是普通文件（可能是管道或设备文件），不会被读取，请删除它")
    if max_bytes is not None and status.st_size > max_bytes:
        raise RefusedFile(_too_large(status.st_size, max_bytes))


def _too_large(size: int, max_bytes: int) -> str:
    return (
        f"文件过大（{size / 1024 / 1024:.1f} MB，上限 {max_bytes / 1024 / 1024:g} MB），"
        "未读取：请检查是否误粘贴了图片或其他文件的内容，或把内容拆分到多个文件"
    )


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
