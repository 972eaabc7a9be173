"""The shortcuts the whole-site files take on every build give the bytes of the plain way.

The open data, the feeds, the sitemap and the publication plan are computed from every
visible record at every build, so their hot paths avoid generic machinery (the pure-Python
`json` encoder with an indent, a regex substitution per CSV cell, an entry per record in the
feeds, a calendar per record). Each shortcut is checked here against what it replaces.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re

from hypothesis import given
from hypothesis import strategies as st

from publisher.opendata import indented_json
from publisher.retention import last_day_of_period
from publisher.safetext import (
    carrier_text,
    spreadsheet_cell,
    spreadsheet_row,
)
from publisher.sitemap import absolute_url, address_maker

# Text with what the carriers drop (controls, bidirectional marks, a lone surrogate) or
# escape (quotes, backslashes, line separators) and what starts a formula.
TRICKY_TEXT = st.text(
    alphabet=st.sampled_from(
        [
            "a",
            "中",
            '"',
            "\\",
            "\n",
            "\r",
            "\t",
            "\x00",
            "\x1f",
            "\x7f",
            "\u2028",
            "\u202e",
            "\u2066",
            "\ud800",
            "\ufffe",
            "=",
            "+",
            "-",
            "@",
            " ",
            "\U0001f600",
        ]
    ),
    max_size=12,
)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | TRICKY_TEXT,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.tuples(inner, inner)
        | st.dictionaries(TRICKY_TEXT, inner, max_size=3)
    ),
    max_leaves=15,
)


@given(JSON_VALUES, st.sampled_from(["", "  ", "    "]))
def test_indented_json_is_what_json_dumps_writes(value: object, indent: str) -> None:
    expected = json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + indent)
    assert indented_json(value, indent) == expected


def _carrier_text_by_substitution(text: str) -> str:
    xml_illegal = "[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
    return re.sub("[\u202a-\u202e\u2066-\u2069]", "", re.sub(xml_illegal, "", text))


@given(TRICKY_TEXT)
def test_carrier_text_drops_exactly_what_the_two_substitutions_drop(text: str) -> None:
    assert carrier_text(text) == _carrier_text_by_substitution(text)


@given(st.lists(TRICKY_TEXT, max_size=6))
def test_a_csv_row_is_its_cells_made_safe_one_by_one_R_A9(cells: list[str]) -> None:
    row = spreadsheet_row(cells)
    assert row == [spreadsheet_cell(carrier_text(cell)) for cell in cells]
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row)


@given(
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2090, 12, 31)),
    st.integers(min_value=0, max_value=10),
)
def test_a_period_ends_on_the_same_day_or_the_end_of_a_shorter_month_R_A4(
    start: dt.date, years: int
) -> None:
    year = start.year + years
    last = calendar.monthrange(year, start.month)[1]
    assert last_day_of_period(start, years) == dt.date(year, start.month, min(start.day, last))


@given(st.text(alphabet="a中/ %?#&-_.~", max_size=10))
def test_addresses_of_one_site_are_those_of_absolute_url(path: str) -> None:
    for site in ("https://example.gov.cn", "https://example.gov.cn/gxj/zfgs/"):
        assert address_maker(site)(path) == absolute_url(site, path)
