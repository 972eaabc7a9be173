"""Open data files (R-A9, R-A1, R-A4, R-A5, R-A8), built through the real pipeline:
YAML records → loader → visibility plan → public views → JSON and CSV, then parsed back."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
from decimal import Decimal, localcontext
from pathlib import Path
from typing import Any

import pytest
from factories import credit_code, id_number, inspection, penalty, public_pipeline
from hypothesis import given
from hypothesis import strategies as st

from publisher.feeds import build_feeds
from publisher.opendata import CSV_COLUMNS, build_open_data, yuan_to_wan
from publisher.sitemap import build_sitemap

AS_OF = dt.date(2024, 7, 1)
JSON_FILE, CSV_FILE = "data/records.json", "data/records.csv"

EXPECTED_HEADER = [
    "id",
    "type",
    "state",
    "visible_until",
    "title",
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
    "检查结果",
]
PENALTY_ONLY = [
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
]
PARTY_COLUMNS = ["行政相对人名称", "行政相对人类别", "统一社会信用代码", "法定代表人"]

WITHDRAWAL = {
    "act": "revoked",
    "date": "2024-06-01",
    "recorded": "2024-06-03",
    "explanation": "原决定经行政复议被撤销。",
}


def build(
    root: Path,
    records: list[dict[str, Any]],
    as_of: dt.date = AS_OF,
    settings: dict[str, Any] | None = None,
) -> dict[str, bytes]:
    return build_open_data(*public_pipeline(root, records, as_of, settings))


def read_json(files: dict[str, bytes]) -> dict[str, dict[str, Any]]:
    objects = json.loads(files[JSON_FILE].decode("utf-8"))
    assert [o["id"] for o in objects] == sorted(o["id"] for o in objects)
    return {o["id"]: o for o in objects}


def read_csv(files: dict[str, bytes]) -> dict[str, dict[str, str]]:
    rows = list(csv.DictReader(io.StringIO(files[CSV_FILE].decode("utf-8-sig"), newline="")))
    return {row["id"]: row for row in rows}


def natural_person(number: str, **overrides: Any) -> dict[str, Any]:
    return penalty(
        id="2024-cf-0005",
        doc_no="青工信罚〔2024〕5号",
        title="关于赵某某违规储存民用爆炸物品的行政处罚决定",
        area="civil_explosives",
        party={"name": "赵某某", "kind": "natural_person", "id_number": number},
        **overrides,
    )


def withdrawn_penalty() -> dict[str, Any]:
    return penalty(id="2024-cf-0002", doc_no="青工信罚〔2024〕2号", withdrawal=WITHDRAWAL)


def test_csv_header_is_the_shuang_gongshi_field_set_in_order_R_A9(tmp_path: Path) -> None:
    files = build(tmp_path / "c", [penalty()])
    header = next(csv.reader(io.StringIO(files[CSV_FILE].decode("utf-8-sig"))))
    assert header == EXPECTED_HEADER == list(CSV_COLUMNS)


def test_csv_is_utf8_with_bom_and_crlf_lines_R_A9(tmp_path: Path) -> None:
    data = build(tmp_path / "c", [penalty(), inspection()])[CSV_FILE]
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.endswith(b"\r\n")
    assert data.count(b"\n") == data.count(b"\r\n") == 3  # header and two rows


@pytest.mark.parametrize(
    ("yuan", "wan"),
    [(0, "0"), (30000, "3"), (12345, "1.2345"), (500, "0.05"), (1, "0.0001"), (300000, "30")],
)
def test_yuan_to_wan_examples_R_A9(yuan: int, wan: str) -> None:
    assert yuan_to_wan(yuan) == wan


@given(st.integers(min_value=0, max_value=10**40))
def test_yuan_to_wan_is_exact_R_A9(yuan: int) -> None:
    wan = yuan_to_wan(yuan)
    assert "e" not in wan.lower()
    assert not (("." in wan) and wan.endswith("0"))  # no trailing zeros
    with localcontext(prec=100):  # the default 28 digits would round the check itself
        assert Decimal(wan) * 10000 == yuan


def test_csv_amounts_are_in_wan_R_A9(tmp_path: Path) -> None:
    records = [
        penalty(),
        natural_person(
            id_number(dt.date(1980, 1, 2)),
            penalty={
                "kinds": ["fine", "confiscate_income"],
                "fine_yuan": 12345,
                "confiscated_yuan": 500,
            },
        ),
    ]
    rows = read_csv(build(tmp_path / "c", records))
    assert rows["2024-cf-0001"]["罚款金额（万元）"] == "3"
    assert rows["2024-cf-0001"]["没收违法所得、没收非法财物的金额（万元）"] == "0"
    assert rows["2024-cf-0005"]["罚款金额（万元）"] == "1.2345"
    assert rows["2024-cf-0005"]["没收违法所得、没收非法财物的金额（万元）"] == "0.05"
    assert rows["2024-cf-0005"]["处罚类别"] == "罚款、没收违法所得"


def test_state_and_visible_until_follow_the_contract_R_A4_R_A5(tmp_path: Path) -> None:
    records = [
        penalty(),  # legal person, published 2024-03-06: shown through 2029-03-06
        natural_person(id_number(dt.date(1980, 1, 2))),  # natural person: through 2026-03-06
        withdrawn_penalty(),  # notice shown until the original period ends
        penalty(id="2024-cf-0003", doc_no="青工信罚〔2024〕3号", published=None),  # draft
        penalty(id="2024-cf-0004", doc_no="青工信罚〔2024〕4号", published="2024-12-01"),
        penalty(id="2019-cf-0001", doc_no="青工信罚〔2019〕1号", published="2019-06-28"),
    ]
    files = build(tmp_path / "c", records)
    objects, rows = read_json(files), read_csv(files)
    expected = {
        "2024-cf-0001": ("published", "2029-03-06"),
        "2024-cf-0002": ("withdrawn", "2029-03-06"),
        "2024-cf-0005": ("published", "2026-03-06"),
    }
    assert {i: (o["state"], o["visible_until"]) for i, o in objects.items()} == expected
    assert {i: (r["state"], r["visible_until"]) for i, r in rows.items()} == expected
    assert all(r["公示截止期"] == r["visible_until"] for r in rows.values())
    assert list(rows) == sorted(rows)


def test_visible_until_is_null_when_automatic_withdrawal_is_off_R_A4(tmp_path: Path) -> None:
    files = build(tmp_path / "c", [penalty()], settings={"auto_withdraw": False})
    assert read_json(files)["2024-cf-0001"]["visible_until"] is None
    row = read_csv(files)["2024-cf-0001"]
    assert row["visible_until"] == row["公示截止期"] == ""


def test_withdrawn_record_carries_only_the_notice_R_A5(tmp_path: Path) -> None:
    files = build(tmp_path / "c", [withdrawn_penalty()])
    notice = read_json(files)["2024-cf-0002"]
    assert set(notice) == {
        "id",
        "type",
        "type_label",
        "title",
        "state",
        "visible_until",
        "doc_no",
        "area",
        "area_label",
        "decided",
        "published",
        "updated",
        "withdrawn",
        "act",
        "act_label",
        "explanation",
        "replaced_by",
        "replaced_by_url_path",
        "url_path",
    }
    assert (notice["withdrawn"], notice["act"], notice["act_label"]) == (
        "2024-06-01",
        "revoked",
        "撤销",
    )
    row = read_csv(files)["2024-cf-0002"]
    assert [row[c] for c in PENALTY_ONLY if c != "处罚决定日期"] == [""] * 9
    assert [row[c] for c in PARTY_COLUMNS] == [""] * 4
    assert row["处罚决定日期"] == "2024-03-01"
    assert "撤销" in row["备注"] and "2024-06-01" in row["备注"]
    assert "原决定经行政复议被撤销。" in row["备注"]
    raw = b"".join(files.values()).decode("utf-8-sig")
    assert penalty()["facts"] not in raw and penalty()["party"]["legal_rep"] not in raw


def test_inspection_row_leaves_penalty_columns_empty_R_A9(tmp_path: Path) -> None:
    row = read_csv(build(tmp_path / "c", [inspection()]))["2024-jc-0001"]
    assert [row[c] for c in PENALTY_ONLY] == [""] * len(PENALTY_ONLY)
    assert row["检查结果"] == "未发现问题。"
    assert "2024-05-10" in row["备注"]
    assert row["行政相对人名称"] == "青崖县示例电力有限公司"


def test_natural_person_has_no_credit_code_or_legal_rep_R_A8(tmp_path: Path) -> None:
    person = natural_person(id_number(dt.date(1980, 1, 2)))
    person["party"].update(credit_code=credit_code("92140121MA0M"), legal_rep="赵某某之父")
    files = build(tmp_path / "c", [person])
    party = read_json(files)["2024-cf-0005"]["party"]
    assert (party["credit_code"], party["legal_rep"]) == (None, None)
    row = read_csv(files)["2024-cf-0005"]
    assert (row["统一社会信用代码"], row["法定代表人"], row["行政相对人类别"]) == ("", "", "自然人")


def test_individual_business_keeps_its_credit_code_R_A8(tmp_path: Path) -> None:
    shop = penalty(
        party={
            "name": "青崖县示例五金店",
            "kind": "individual_business",
            "credit_code": credit_code("92140121MA0N"),
        }
    )
    row = read_csv(build(tmp_path / "c", [shop]))["2024-cf-0001"]
    assert row["统一社会信用代码"] == credit_code("92140121MA0N")
    assert row["法定代表人"] == ""


def test_id_number_appears_in_no_output_at_all_R_A8(tmp_path: Path) -> None:
    """The ID number is in the party and pasted into free text; no carrier may carry it."""
    number = id_number(dt.date(1979, 11, 3))
    person = natural_person(
        number,
        facts=f"当事人赵某某（身份证号码{number}）未按规定储存民用爆炸物品。",
        basis=f"《民用爆炸物品安全管理条例》第四十九条（当事人{number}）",
        corrections=[
            {
                "date": "2024-04-01",
                "fields": ["facts"],
                "summary": f"更正{number}",
                "reason": "录入错误",
            }
        ],
    )
    items, plan, settings = public_pipeline(tmp_path / "c", [person], AS_OF)
    outputs = {
        **build_open_data(items, plan, settings),
        **build_feeds(items, plan, settings, "https://www.example.gov.cn/gxj/zfgs/"),
        "sitemap.xml": build_sitemap(
            [(i.url_path, i.updated) for i in items], "https://www.example.gov.cn/"
        ),
    }
    assert read_json(outputs)["2024-cf-0005"]["facts"].startswith("当事人赵某某")
    for name, data in outputs.items():
        text = data.decode("utf-8-sig")
        assert number not in text, name


def test_organ_columns_come_from_the_settings_R_A9(tmp_path: Path) -> None:
    organ_code = credit_code("11140121MB1")
    settings = {
        "organ_credit_code": organ_code,
        "data_source": "青崖县社会信用体系建设领导小组办公室",
    }
    row = read_csv(build(tmp_path / "c", [penalty()], settings=settings))["2024-cf-0001"]
    assert row["处罚机关"] == "青崖县工业和信息化局"
    assert row["处罚机关统一社会信用代码"] == organ_code
    assert row["数据来源单位"] == "青崖县社会信用体系建设领导小组办公室"
    default = read_csv(build(tmp_path / "d", [penalty()]))["2024-cf-0001"]
    assert default["数据来源单位"] == "青崖县工业和信息化局"


def test_json_is_readable_utf8_and_byte_identical_R_A9(tmp_path: Path) -> None:
    records = [penalty(), inspection(), withdrawn_penalty()]
    first = build(tmp_path / "one", records)
    assert first == build(tmp_path / "two", list(reversed(records)))
    text = first[JSON_FILE].decode("utf-8")
    assert "青崖县示例煤业有限公司" in text  # not \\u-escaped
    assert text.startswith('[\n  {\n    "id": "2024-cf-0001"')
    record = read_json(first)["2024-cf-0001"]
    assert record["party"]["name"] == "青崖县示例煤业有限公司"
    assert record["penalty"]["fine_yuan"] == 30000
    assert record["url_path"] == "records/2024-cf-0001/"


def test_items_from_another_plan_are_refused_R_A1(tmp_path: Path) -> None:
    """Every carrier shows the same state: items that disagree with the plan stop the build."""
    items, plan, settings = public_pipeline(tmp_path / "c", [penalty()], AS_OF)
    stale = [dataclasses.replace(items[0], visible_until=dt.date(2030, 1, 1))]
    with pytest.raises(ValueError, match="R-A1"):
        build_open_data(stale, plan, settings)
