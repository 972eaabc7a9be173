"""Staff-facing wording (简体中文) for schema validation errors."""

from __future__ import annotations

import difflib
import re
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
    "less_than_equal": "不能大于 {le}",
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
    # Our own validators raise ValueError with a message for staff: show it as it is.
    "value_error": "{error}",
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
    text += _input_hint(kind, loc, error.get("input"))
    if kind == "extra_forbidden" and model is not None and loc and isinstance(loc[-1], str):
        suggestion = suggest_field(model, loc[:-1], loc[-1])
        if suggestion is not None:
            text = f"未知字段，是不是想写 {suggestion}？（请检查拼写，或删除该字段）"
    field = ".".join(str(part) for part in loc) or "（文件）"
    return f"字段 {field}：{text}"


# Full-width ASCII variants (Ａ–Ｚ, ０–９, ／ …) that a Chinese input method types.
_FULL_WIDTH = re.compile(r"[\uFF01-\uFF5E]")
# What staff add to an amount that makes it no number: units, Chinese numerals, separators.
_NOT_A_PLAIN_AMOUNT = re.compile(
    r"[万千百亿元角分〇零一二三四五六七八九十壹贰叁肆伍陆柒捌玖拾佰仟,，]"
)


def _input_hint(kind: str, loc: Sequence[str | int], value: object) -> str:
    """What to change in the value typed, where the mistake is a common one (docs: the
    accepted forms are in docs/records-format.md, "Dates and numbers typed in Chinese")."""
    if not isinstance(value, str):
        return ""
    field = str(loc[-1]) if loc else ""
    if kind in ("int_parsing", "float_parsing") and _NOT_A_PLAIN_AMOUNT.search(value):
        if field.endswith("_yuan"):
            return (
                "：金额以元为单位，只写阿拉伯数字，如 30000；不要写“万”“元”、汉字数字或千位分隔符"
            )
        return "：只写阿拉伯数字，不要写单位、汉字数字或千位分隔符"
    if kind in ("date_parsing", "date_from_datetime_parsing") and re.search(r"[/.．／]", value):
        return "；不能用“/”或“.”分隔（各地写法的年月日顺序不同），请写成 2024-03-05 或 2024年3月5日"
    if kind in ("date_parsing", "date_from_datetime_parsing") and re.search("[年月日]", value):
        return "；中文日期请写全年、月、日，如 2024年3月5日"
    if kind == "string_pattern_mismatch" and _FULL_WIDTH.search(value):
        return "；其中有全角字符，请切换到半角输入后重新输入"
    return ""


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
