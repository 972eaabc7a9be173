"""R-A8: personal numbers in public text are masked, and the finished output is scanned."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from factories import id_number
from hypothesis import given, settings
from hypothesis import strategies as st

from publisher.creditcode import credit_check_char, is_valid_credit_code
from publisher.redaction import (
    MASKS,
    Leak,
    NumberKind,
    find_numbers,
    luhn_valid,
    mask_text,
    scan_output,
    scan_text,
)

ID = id_number(dt.date(1985, 7, 14))
ID_X = "11010519491231002X"
MOBILE = "13800138000"


def card_number(body: str) -> str:
    """A fictional bank-card number: `body` plus its Luhn check digit."""
    return next(body + d for d in "0123456789" if luhn_valid(body + d))


CARD_16 = card_number("622202000000123")
CARD_19 = card_number("621700000000000123")


def digit_credit_code() -> str:
    """A fictional all-digit credit code that also passes the Luhn check, i.e. looks exactly
    like a bank card to a naive scanner."""
    for n in range(100000):
        first17 = f"9114012100{n:07d}"
        code = first17 + credit_check_char(first17)
        if code.isdigit() and luhn_valid(code):
            return code
    raise AssertionError("no such code")  # pragma: no cover


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (f"当事人身份证号{ID}，", NumberKind.ID_NUMBER),
        (f"身份证号：{ID_X}。", NumberKind.ID_NUMBER),
        (f"身份证号：{ID_X.lower()}。", NumberKind.ID_NUMBER),
        (f"联系电话{MOBILE}。", NumberKind.MOBILE),
        ("联系电话 138 0013 8000。", NumberKind.MOBILE),
        ("联系电话 138-0013-8000。", NumberKind.MOBILE),
        ("联系电话 +86 138 0013 8000。", NumberKind.MOBILE),
        ("联系电话 +8613800138000。", NumberKind.MOBILE),
        (f"银行卡号{CARD_16}。", NumberKind.BANK_CARD),
        (
            f"银行卡号 {CARD_19[:4]} {CARD_19[4:8]} {CARD_19[8:12]} {CARD_19[12:]}。",
            NumberKind.BANK_CARD,
        ),
        (
            f"银行卡号 {CARD_16[:4]}-{CARD_16[4:8]}-{CARD_16[8:12]}-{CARD_16[12:]}。",
            NumberKind.BANK_CARD,
        ),
    ],
)
def test_r_a8_personal_numbers_are_masked(text: str, kind: NumberKind) -> None:
    masked = mask_text(text)
    assert MASKS[kind] in masked
    assert list(find_numbers(masked)) == []
    assert [m.kind for m in find_numbers(text)] == [kind]


@pytest.mark.parametrize(
    "text",
    [
        "青工信罚〔2024〕1号",
        "文书号：青工信罚〔2024〕12号，决定日期 2024-03-01",
        "2024年3月1日",
        "罚款人民币30000元（叁万元整）",
        "罚款 1,000,000 元",
        "没收违法所得 12345678901.50 元",
        "固定电话 0351-1234567",
        "固定电话 (0351) 12345678",
        "固定电话 0351-12345678 转 8001",
        "统一社会信用代码 91140121MA0K000000",
        "2024-0001-0002",
    ],
)
def test_r_a8_ordinary_numbers_are_left_alone(text: str) -> None:
    assert mask_text(text) == text


def test_r_a8_valid_credit_code_is_not_a_bank_card() -> None:
    """R-A8: credit codes are public; an all-digit one passing Luhn is still left alone."""
    code = digit_credit_code()
    assert is_valid_credit_code(code)
    assert mask_text(f"统一社会信用代码{code}") == f"统一社会信用代码{code}"


def test_r_a8_invalid_id_number_shaped_run_is_not_an_id() -> None:
    """R-A8: 18 digits with a wrong check digit are not an ID number (and fail Luhn here)."""
    wrong = ID[:17] + ("0" if ID[17] != "0" else "1")
    kinds = [m.kind for m in find_numbers(wrong)]
    assert NumberKind.ID_NUMBER not in kinds


def test_r_a8_mobile_next_to_another_number_is_masked() -> None:
    """R-A8: a mobile number followed by a space and a count must not escape in a long run."""
    assert mask_text(f"拨打{MOBILE} 2次") == f"拨打{MASKS[NumberKind.MOBILE]} 2次"
    assert mask_text(f"{MOBILE}-1") == f"{MASKS[NumberKind.MOBILE]}-1"


def test_r_a8_several_numbers_in_one_text() -> None:
    text = f"身份证号{ID}，手机{MOBILE}，卡号{CARD_16}。"
    masked = mask_text(text)
    assert masked == (
        f"身份证号{MASKS[NumberKind.ID_NUMBER]}，手机{MASKS[NumberKind.MOBILE]}，"
        f"卡号{MASKS[NumberKind.BANK_CARD]}。"
    )


def test_r_a8_scan_output_finds_leaks_with_file_and_line(tmp_path: Path) -> None:
    """R-A8: the finished output is scanned; each leak names its file and line."""
    (tmp_path / "records" / "2024-cf-0001").mkdir(parents=True)
    (tmp_path / "records" / "2024-cf-0001" / "index.html").write_text(
        "<html>\n<p>罚款 30000 元</p>\n<p>电话 138 0013 8000</p>\n</html>\n", encoding="utf-8"
    )
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "records.csv").write_text(f"id,x\n2024-cf-0001,{ID}\n", encoding="utf-8")
    (tmp_path / "clean.html").write_text("青工信罚〔2024〕1号\n", encoding="utf-8")
    (tmp_path / "image.png").write_bytes(MOBILE.encode())
    leaks = scan_output(tmp_path)
    assert leaks == [
        Leak("data/records.csv", 2, NumberKind.ID_NUMBER),
        Leak("records/2024-cf-0001/index.html", 3, NumberKind.MOBILE),
    ]
    assert leaks[1].format_text().startswith("records/2024-cf-0001/index.html:3: 错误 [R-A8]")


def test_r_a8_scan_output_of_masked_text_is_clean(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(mask_text(f"手机{MOBILE}，身份证{ID}"), encoding="utf-8")
    assert scan_output(tmp_path) == []


def test_r_a8_scan_text_counts_lines_from_one() -> None:
    assert list(scan_text(f"{MOBILE}\n", "a.txt")) == [Leak("a.txt", 1, NumberKind.MOBILE)]


# Pieces of generated text: personal numbers, ordinary numbers, words and separators.
births = st.dates(min_value=dt.date(1930, 1, 1), max_value=dt.date(2020, 12, 31))
ids = st.builds(lambda b, s: id_number(b, sequence=f"{s:03d}"), births, st.integers(0, 999))
mobiles = st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True)
# 16 and 19 digits: an 18-digit card can coincide with a valid all-digit credit code, which
# is public and deliberately left alone (see the report in classify's callers).
cards = st.one_of(
    st.from_regex(r"62[0-9]{13}", fullmatch=True), st.from_regex(r"62[0-9]{16}", fullmatch=True)
).map(card_number)
spaced = st.one_of(mobiles, cards).map(
    lambda n: " ".join(n[i : i + 4] for i in range(0, len(n), 4))
)
ordinary = st.one_of(
    st.integers(0, 10**9).map(str),
    st.dates().map(dt.date.isoformat),
    st.just("青工信罚〔2024〕1号"),
    st.just("0351-1234567"),
)
words = st.sampled_from(["，", "。", " ", "-", "号", "电话", "罚款", "元", "X", "a"])
pieces = st.lists(st.one_of(ids, mobiles, cards, spaced, ordinary, words), max_size=12)
texts = pieces.map("".join)


@settings(max_examples=200)
@given(texts)
def test_r_a8_masking_is_idempotent(text: str) -> None:
    once = mask_text(text)
    assert mask_text(once) == once


@settings(max_examples=200)
@given(texts)
def test_r_a8_masked_output_has_no_detectable_number(text: str) -> None:
    """R-A8: what the build writes passes the output scan."""
    assert list(find_numbers(mask_text(text))) == []
    assert list(scan_text(mask_text(text), "page.html")) == []


@settings(max_examples=200)
@given(
    prefix=st.sampled_from(["", "，", "电话", "号码 "]),
    number=st.one_of(ids, mobiles, cards),
    suffix=st.sampled_from(["", "。", " 2次", "-1", "，号"]),
)
def test_r_a8_a_delimited_personal_number_never_survives(
    prefix: str, number: str, suffix: str
) -> None:
    """R-A8: a personal number between non-alphanumeric neighbours is always masked."""
    assert number not in mask_text(prefix + number + suffix)


def test_r_a8_numbers_glued_to_latin_letters_are_still_masked() -> None:
    """Staff write "Tel13812345678" or "ID<number>": a number touching a word still leaks."""
    person = id_number(dt.date(1990, 3, 7))
    masked = mask_text(f"Tel13812345678，ID{person}")
    assert "13812345678" not in masked and person not in masked
    assert masked == "Tel［手机号已隐去］，ID［身份证号已隐去］"
