"""Open data: the visible records as JSON and CSV (R-A9, R-A1, R-A5, R-A8).

`data/records.json` is a JSON array, one object per visible record in id order, with the
CONTRACT.md keys `id`, `type`, `title`, `state` (`published` | `withdrawn`) and
`visible_until` (the last day shown, ISO date, or null when automatic withdrawal is off).
A published record adds its public fields; a withdrawn one (R-A5) only its notice's fields.
`url_path` is the record's address relative to the site root (these functions do not know
the site's address).

`data/records.csv` (UTF-8 with a BOM so that Excel reads the Chinese, CRLF line ends) has one
row per visible record: `id`, `type`, `state`, `visible_until`, `title`, then the 双公示
行政处罚 field set in its order (R-A9), then one column of our own, `检查结果`:

- penalty decisions fill the 双公示 columns; amounts are in 万元, exact decimals;
- inspection results leave the 处罚 columns empty and put the result in `检查结果` and its
  date in `备注`;
- withdrawn records leave facts, penalty and party columns empty (the notice carries none)
  and put the act, its date and the explanation in `备注`;
- natural persons (and 个体工商户) have no 法定代表人; natural persons no credit code;
- a cell whose text starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets an
  apostrophe in front, so that no spreadsheet runs it as a formula (`publisher.safetext`);
  the JSON keeps the text exactly.

Everything comes from the public views (`publisher.public`), already masked (R-A8), so an ID
number cannot reach these files. Output is deterministic (RULES.md C).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Mapping, Sequence
from decimal import Context, Decimal
from typing import Any, NamedTuple

from publisher.model import RecordType
from publisher.public import PublicCorrection, PublicItem, PublicRecord, WithdrawalNotice
from publisher.safetext import spreadsheet_row
from publisher.settings import Settings
from publisher.visibility import Plan

RECORDS_JSON = "data/records.json"
RECORDS_CSV = "data/records.csv"

BASE_COLUMNS = ("id", "type", "state", "visible_until", "title")
# The 双公示 行政处罚 field set, in its order (R-A9).
PENALTY_COLUMNS = (
    "行政相对人名称",
    "行政相对人类别",
    "统一社会信用代码",
    "法定代表人",
    "决定书文号",
    "违法行为类型",
    "违法事实",
    "处罚依据",
    "处罚类别",
    "处罚内容",
    "罚款金额（万元）",
    "没收违法所得、没收非法财物的金额（万元）",
    "暂扣或吊销证照名称及编号",
    "处罚决定日期",
    "处罚有效期",
    "公示截止期",
    "处罚机关",
    "处罚机关统一社会信用代码",
    "数据来源单位",
    "备注",
)
INSPECTION_RESULT_COLUMN = "检查结果"
CSV_COLUMNS = (*BASE_COLUMNS, *PENALTY_COLUMNS, INSPECTION_RESULT_COLUMN)
_CSV_COLUMN_SET = frozenset(CSV_COLUMNS)

YUAN_PER_WAN = 4  # 1 万元 = 10^4 元


class OpenDataPiece(NamedTuple):
    """One item's part of the open data, a pure function of the item and the settings. A
    named tuple: a build may keep tens of thousands (`publisher.opendata_memo`), and tuples
    pickle and load faster than other objects."""

    json: bytes
    """Its object in `records.json`, indented as inside the array (`json_piece`)."""
    csv: bytes
    """Its line of `records.csv`, UTF-8 with the CRLF line end (`csv_line`)."""


PieceMaker = Callable[[PublicItem], OpenDataPiece]
"""`open_data_piece` for the build's settings, or a memo of it (`publisher.opendata_memo`)."""


def open_data_piece(item: PublicItem, settings: Settings) -> OpenDataPiece:
    return OpenDataPiece(json_piece(item), csv_line(item, settings))


def build_open_data(
    items: Sequence[PublicItem],
    plan: Plan,
    settings: Settings,
    piece_of: PieceMaker | None = None,
) -> dict[str, bytes]:
    """`data/records.json` and `data/records.csv` for the visible items, in id order;
    `piece_of` gives each item's part (by default `open_data_piece`)."""
    check_same_state(items, plan)
    ordered = sorted(items, key=lambda item: item.id)
    make = piece_of or (lambda item: open_data_piece(item, settings))
    pieces = [make(item) for item in ordered]
    return {
        RECORDS_JSON: json_file([piece.json for piece in pieces]),
        RECORDS_CSV: csv_file([piece.csv for piece in pieces]),
    }


def check_same_state(items: Sequence[PublicItem], plan: Plan) -> None:
    """R-A1: every carrier shows the same records in the same state. Items built from
    another plan than the one the build uses would break that silently: refuse them."""
    entries = plan.by_id()
    for item in items:
        entry = entries.get(item.id)
        if entry is None or (entry.state, entry.visible_until) != (
            item.state,
            item.visible_until,
        ):
            raise ValueError(f"[R-A1] 记录 {item.id} 的公示状态与本次构建的公示计划不一致")


def yuan_to_wan(yuan: int) -> str:
    """An amount in yuan as an exact 万元 decimal string: 30000 → "3", 12345 → "1.2345".

    Decimal, never float; the context is wide enough for every digit, so nothing rounds.
    """
    context = Context(prec=len(str(abs(yuan))) + YUAN_PER_WAN)
    wan = Decimal(yuan).scaleb(-YUAN_PER_WAN, context).normalize(context)
    return f"{wan:f}"


# JSON ----------------------------------------------------------------------------------


def records_json(items: Sequence[PublicItem]) -> bytes:
    """The JSON array of `items`, written object by object: the bytes of
    `json.dumps(objects, ensure_ascii=False, indent=2)`, without the whole array's text in
    memory at once (at 100,000 records that text and its pieces took over 500 MB)."""
    return json_file([json_piece(item) for item in items])


def json_file(pieces: Sequence[bytes]) -> bytes:
    """The array of the objects `pieces` (`json_piece`)."""
    if not pieces:
        return b"[]\n"
    return b"[\n  " + b",\n  ".join(pieces) + b"\n]\n"


def json_piece(item: PublicItem) -> bytes:
    """One object of `records_json`, indented as inside the array."""
    value = _record_object(item) if isinstance(item, PublicRecord) else _notice_object(item)
    return indented_json(value, ARRAY_INDENT).encode("utf-8")


ARRAY_INDENT = "  "
_JSON_STRING = json.encoder.encode_basestring  # what json.dumps uses with ensure_ascii=False


def indented_json(value: object, indent: str = "") -> str:
    """`json.dumps(value, ensure_ascii=False, indent=2)`, every line after the first
    prefixed with `indent`.

    With an indent, `json` encodes in pure Python through generators; at 10,000 records that
    took two thirds of the open data's time. This walks the few kinds of values the open data
    holds directly; anything else goes to `json.dumps` itself."""
    if isinstance(value, str):
        return _JSON_STRING(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    inner = indent + "  "
    if isinstance(value, dict):
        if not value:
            return "{}"
        # Keys are strings (encode_basestring refuses anything else); most values are too,
        # and are encoded here without a call of this function.
        members = [
            f"{inner}{_JSON_STRING(key)}: "
            + (_JSON_STRING(member) if type(member) is str else indented_json(member, inner))
            for key, member in value.items()
        ]
        return "{\n" + ",\n".join(members) + "\n" + indent + "}"
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        elements = [inner + indented_json(element, inner) for element in value]
        return "[\n" + ",\n".join(elements) + "\n" + indent + "]"
    return json.dumps(value, ensure_ascii=False)  # floats: never in our objects


def _common_object(item: PublicItem) -> dict[str, Any]:
    return {
        "id": item.id,
        "type": item.type.value,
        "type_label": item.type_label,
        "title": item.title,
        "state": item.state.value,
        "visible_until": _iso(item.visible_until),
        "doc_no": item.doc_no,
        "area": item.area.value,
        "area_label": item.area_label,
        "decided": item.decided.isoformat(),
        "published": item.published.isoformat(),
        "updated": item.updated.isoformat(),
    }


def _record_object(record: PublicRecord) -> dict[str, Any]:
    return {
        **_common_object(record),
        "party": {
            "name": record.party_name,
            "kind": record.party_kind.value,
            "kind_label": record.party_kind_label,
            "credit_code": record.credit_code,
            "legal_rep": record.legal_rep,
        },
        "violation_type": record.violation_type,
        "facts": record.facts,
        "basis": record.basis,
        "penalty": _penalty_object(record),
        "result": record.result,
        "inspection_item": record.inspection_item,
        "corrections": [_correction_object(c) for c in record.corrections],
        "url_path": record.url_path,
    }


def _penalty_object(record: PublicRecord) -> dict[str, Any] | None:
    if record.type is not RecordType.PENALTY:
        return None
    return {
        "kinds": [kind.value for kind in record.penalty_kinds],
        "kind_labels": list(record.penalty_labels),
        "content": record.penalty_content,
        "fine_yuan": record.fine_yuan,
        "confiscated_yuan": record.confiscated_yuan,
        "license": record.license,
        "valid_until": _iso(record.penalty_valid_until),
    }


def _correction_object(correction: PublicCorrection) -> dict[str, Any]:
    return {
        "date": correction.date.isoformat(),
        "fields": list(correction.fields),
        "summary": correction.summary,
        "reason": correction.reason,
        "public_request": correction.public_request,
    }


def _notice_object(notice: WithdrawalNotice) -> dict[str, Any]:
    """R-A5: the withdrawal notice only; no facts, penalty or party."""
    return {
        **_common_object(notice),
        "withdrawn": notice.withdrawn.isoformat(),
        "act": notice.act.value,
        "act_label": notice.act_label,
        "explanation": notice.explanation,
        "replaced_by": notice.replaced_by,
        "replaced_by_url_path": notice.replaced_by_url_path,
        "url_path": notice.url_path,
    }


# CSV -----------------------------------------------------------------------------------


def records_csv(items: Sequence[PublicItem], settings: Settings) -> bytes:
    """The header and a line per item (`csv_line`)."""
    return csv_file([csv_line(item, settings) for item in items])


def csv_file(lines: Sequence[bytes]) -> bytes:
    """The header, then the lines (`csv_line`)."""
    # The BOM tells Excel the file is UTF-8; without it Chinese shows as mojibake.
    return codecs.BOM_UTF8 + _csv_text(list(CSV_COLUMNS)).encode("utf-8") + b"".join(lines)


def csv_line(item: PublicItem, settings: Settings) -> bytes:
    # Settings' text is cleaned here like the views' text; a text starting with = + - @
    # opens as a formula in a spreadsheet: neutralised.
    return _csv_text(spreadsheet_row(_csv_row(item, settings))).encode("utf-8")


def _csv_text(cells: list[str]) -> str:
    """One CSV line: every line is written alike, whatever comes before it."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(cells)
    return buffer.getvalue()


def _csv_row(item: PublicItem, settings: Settings) -> list[str]:
    cells = {
        "id": item.id,
        "type": item.type.value,
        "state": item.state.value,
        "visible_until": _iso(item.visible_until) or "",
        "title": item.title,
        "决定书文号": item.doc_no or "",
        "公示截止期": _iso(item.visible_until) or "",
        "处罚机关": settings.organ,
        "处罚机关统一社会信用代码": settings.organ_credit_code,
        "数据来源单位": settings.data_source_unit,
    }
    if isinstance(item, WithdrawalNotice):
        cells.update(_withdrawn_cells(item))
    elif item.type is RecordType.PENALTY:
        cells.update(_party_cells(item))
        cells.update(_penalty_cells(item))
    else:
        cells.update(_party_cells(item))
        cells.update(_inspection_cells(item))
    return _in_column_order(cells)


def _party_cells(record: PublicRecord) -> dict[str, str]:
    # The public view already drops a natural person's credit code and every natural
    # person's legal representative (R-A8).
    return {
        "行政相对人名称": record.party_name,
        "行政相对人类别": record.party_kind_label,
        "统一社会信用代码": record.credit_code or "",
        "法定代表人": record.legal_rep or "",
    }


def _penalty_cells(record: PublicRecord) -> dict[str, str]:
    return {
        "违法行为类型": record.violation_type or "",
        "违法事实": record.facts or "",
        "处罚依据": record.basis or "",
        "处罚类别": "、".join(record.penalty_labels),
        "处罚内容": record.penalty_content or "",
        "罚款金额（万元）": yuan_to_wan(record.fine_yuan),
        "没收违法所得、没收非法财物的金额（万元）": yuan_to_wan(record.confiscated_yuan),
        "暂扣或吊销证照名称及编号": record.license or "",
        "处罚决定日期": record.decided.isoformat(),
        "处罚有效期": _iso(record.penalty_valid_until) or "",
        "备注": f"已更正，最后更新日期：{record.updated.isoformat()}"
        if record.is_corrected
        else "",
    }


def _inspection_cells(record: PublicRecord) -> dict[str, str]:
    remark = f"行政检查结果，作出日期：{record.decided.isoformat()}"
    if record.is_corrected:
        remark += f"；已更正，最后更新日期：{record.updated.isoformat()}"
    return {"备注": remark, INSPECTION_RESULT_COLUMN: record.result or ""}


def _withdrawn_cells(notice: WithdrawalNotice) -> dict[str, str]:
    parts = [
        f"原决定被{notice.act_label}，公示内容已于{notice.withdrawn.isoformat()}撤下",
        f"说明：{notice.explanation}",
    ]
    if notice.replaced_by:
        parts.append(f"重新作出的决定：{notice.replaced_by}")
    cells = {"备注": "；".join(parts)}
    if notice.type is RecordType.PENALTY:
        cells["处罚决定日期"] = notice.decided.isoformat()
    return cells


def _in_column_order(cells: Mapping[str, str]) -> list[str]:
    if not cells.keys() <= _CSV_COLUMN_SET:  # a misspelt column would stay empty: fail
        raise ValueError(f"unknown CSV columns: {sorted(cells.keys() - _CSV_COLUMN_SET)}")
    return [cells.get(column, "") for column in CSV_COLUMNS]


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()
