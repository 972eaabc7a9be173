"""Staff-facing wording (简体中文) for schema validation errors."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

_MESSAGES: dict[str, str] = {
    "missing": "缺少必填字段",
    "extra_forbidden": "未知字段（请检查拼写，或删除该字段）",
    "string_type": "应为文字",
    "string_too_short": "不能为空",
    "string_pattern_mismatch": "格式不正确",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数（不带小数）",
    "greater_than_equal": "不能小于 {ge}",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "date_type": "应为日期，格式 YYYY-MM-DD",
    "date_parsing": "应为日期，格式 YYYY-MM-DD",
    "date_from_datetime_inexact": "应为日期，不带时间",
    "date_from_datetime_parsing": "应为有效日期，格式 YYYY-MM-DD",
    "enum": "取值应为以下之一：{expected}",
    "list_type": "应为列表",
    "too_short": "至少需要 {min_length} 项",
    "model_type": "应为键值对（映射）",
    "dict_type": "应为键值对（映射）",
}


def describe_error(loc: Sequence[str | int], error: Any) -> str:
    """`字段 party.kind：取值应为以下之一：…` for one pydantic error."""
    kind = str(error.get("type", ""))
    template = _MESSAGES.get(kind)
    context = dict(error.get("ctx") or {})
    if template is None:
        text = f"取值无效（{error.get('msg', kind)}）"
    else:
        try:
            text = template.format(**context)
        except (KeyError, IndexError):
            text = template
    if kind == "string_pattern_mismatch":
        text = f"格式不正确（应匹配 {context.get('pattern', '')}）"
    field = ".".join(str(part) for part in loc) or "（文件）"
    return f"字段 {field}：{text}"
