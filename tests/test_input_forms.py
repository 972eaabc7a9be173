"""Dates and numbers typed on a Chinese keyboard (publisher.input_forms): every form that
means one value is read as that value, text is never changed, the history check reads old
versions the same way (R-A6), and personal numbers in full-width digits are masked (R-A8)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from factories import id_number, penalty
from hypothesis import given
from hypothesis import strategies as st

from publisher.input_forms import iso_date_text, normalise
from publisher.model import Record
from publisher.redaction import find_numbers, mask_text
from publisher.settings import Settings
from tests.gitrepo import GitRepoBase

FULL_WIDTH = str.maketrans({str(d): chr(0xFF10 + d) for d in range(10)} | {"-": "－", "X": "Ｘ"})
NUMERALS = "〇一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1–31 as a decision writes a month or day: 五, 十, 十二, 二十, 三十一."""
    tens, units = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else f"{NUMERALS[tens]}十")
    return head + (NUMERALS[units] if units else "") if n >= 10 else NUMERALS[n]


def forms(day: dt.date) -> list[str]:
    year = "".join(NUMERALS[int(d)] for d in str(day.year))
    return [
        day.isoformat(),
        f"{day.year}-{day.month}-{day.day}",
        f"{day.year}年{day.month}月{day.day}日",
        f"{day.year} 年 {day.month:02d} 月 {day.day:02d} 日",
        day.isoformat().translate(FULL_WIDTH),
        f"{day.year}年{day.month}月{day.day}日".translate(FULL_WIDTH),
        f"{year}年{chinese_number(day.month)}月{chinese_number(day.day)}日",
    ]


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2999, 12, 31)))
def test_every_accepted_form_of_a_date_is_that_date(day: dt.date) -> None:
    for text in forms(day):
        assert iso_date_text(text) == day.isoformat(), text


@pytest.mark.parametrize(
    "text",
    ["2024/03/05", "03/05/2024", "2024.03.05", "2024年3月", "3月5日", "二〇二四年三月", "明天",
     "2024-03-05T10:00", "٢٠٢٤-٠٣-٠٥", "二〇二四年十三十月五日"],
)  # fmt: skip
def test_other_forms_are_left_to_the_schema(text: str) -> None:
    assert iso_date_text(text) is None


def test_only_date_and_number_fields_change() -> None:
    data = {
        "title": "２０２４年３月５日的决定",
        "doc_no": "青工信罚〔２０２４〕１号",
        "decided": "２０２４年３月１日",
        "penalty": {"kinds": ["fine"], "fine_yuan": "３００００", "content": "罚款３００００元"},
        "corrections": [{"date": "2024年4月1日", "fields": ["facts"], "summary": "２"}],
        "party": {"name": "张三", "birth_date": "二〇〇一年一月二日"},
        "unknown_key": "２０２４年３月５日",
    }
    assert normalise(Record, data) == {
        **data,
        "decided": "2024-03-01",
        "penalty": {**data["penalty"], "fine_yuan": "30000"},
        "corrections": [{**data["corrections"][0], "date": "2024-04-01"}],
        "party": {"name": "张三", "birth_date": "2001-01-02"},
    }


def test_settings_numbers_in_full_width_digits() -> None:
    data = {"deadlines": {"penalty_publication_workdays": "７"}, "retention_years": "５"}
    settings = Settings.model_validate(normalise(Settings, data))
    assert settings.deadlines.penalty_publication_workdays == 7
    assert settings.retention_years == 5


def test_r_a8_numbers_in_full_width_digits_are_masked() -> None:
    number = id_number(dt.date(1985, 6, 1))
    typed = number.translate(FULL_WIDTH)
    text = f"身份证号{typed}，手机１３９　１２３４　５６７８。"
    assert [m.kind.value for m in find_numbers(text)] == ["id_number", "mobile"]
    masked = mask_text(text)
    assert masked == "身份证号［身份证号已隐去］，手机［手机号已隐去］。"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> GitRepoBase:
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", "/dev/null")
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for who in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{who}_NAME", "测试人员")
        monkeypatch.setenv(f"GIT_{who}_EMAIL", "staff@example.invalid")
    return GitRepoBase(tmp_path / "repo")


def test_r_a6_rewriting_a_chinese_date_in_iso_form_is_no_edit(repo: GitRepoBase) -> None:
    from publisher.history import check_history

    repo.write(penalty(decided="2024年3月1日", published="２０２４－０３－０６"))
    repo.commit("2024-03-06T09:00:00+08:00")
    repo.write(penalty(decided="2024-03-01", published="2024-03-06"))
    repo.commit("2025-04-02T10:00:00+08:00", "统一日期写法")
    assert check_history(repo.content, dt.date(2025, 6, 30)).findings == []
    repo.write(penalty(decided="2024-03-02", published="2024-03-06"))
    [finding] = check_history(repo.content, dt.date(2025, 6, 30)).findings
    assert "decided" in finding.message
