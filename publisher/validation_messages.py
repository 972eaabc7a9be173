"""Staff-facing wording (简体中文) for schema validation errors."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from typing import Any, get_args, get_origin

from pydantic import BaseModel

from publisher.model import RECORD_ID_PATTERN

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


def describe_error(
    loc: Sequence[str | int], error: Any, model: type[BaseModel] | None = None
) -> str:
    """`字段 party.kind：取值应为以下之一：…` for one pydantic error.

    With the `model` that was validated, an unknown key gets a did-you-mean suggestion from
    the field names where it stands (`pubished` → `published`)."""
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
        if context.get("pattern") == RECORD_ID_PATTERN:
            text = (
                "格式不正确：记录编号只能由小写字母、数字和连字符组成，以字母或数字开头，"
                "共 3–64 位（不能有 / 或 ..，不能用大写或汉字）"
            )
    if kind == "extra_forbidden" and model is not None and loc and isinstance(loc[-1], str):
        suggestion = suggest_field(model, loc[:-1], loc[-1])
        if suggestion is not None:
            text = f"未知字段，是不是想写 {suggestion}？（请检查拼写，或删除该字段）"
    field = ".".join(str(part) for part in loc) or "（文件）"
    return f"字段 {field}：{text}"


def suggest_field(model: type[BaseModel], parent: Sequence[str | int], key: str) -> str | None:
    """The field name closest to `key` in the (sub-)model at `parent`, if one is close."""
    current: type[BaseModel] | None = model
    for part in parent:
        if current is None:
            return None
        if isinstance(part, int):
            continue
        info = current.model_fields.get(part)
        current = _model_in(info.annotation) if info is not None else None
    if current is None:
        return None
    matches = difflib.get_close_matches(key, list(current.model_fields), n=1, cutoff=0.6)
    return matches[0] if matches else None


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The model inside `X | None`, `list[X]` or `X` (None when there is none)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if get_origin(annotation) is not None:
        for arg in get_args(annotation):
            found = _model_in(arg)
            if found is not None:
                return found
    return None
