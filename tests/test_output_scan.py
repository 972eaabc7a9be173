"""R-A8: the fast paths of the output scan find exactly what the plain line-by-line scan finds."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from publisher import redaction
from publisher.redaction import _HALF_WIDTH, Leak, _compact, find_numbers, scan_text_allowing


def line_by_line(
    text: str, file: str, public_numbers: frozenset[str]
) -> tuple[list[Leak], frozenset[str]]:
    """The scan as it was first written: every line of the text searched."""
    leaks: list[Leak] = []
    allowed: set[str] = set()
    for number, line in enumerate(text.splitlines(), start=1):
        for match in find_numbers(line):
            compact = _compact(line[match.start : match.end].translate(_HALF_WIDTH))
            if compact in public_numbers:
                allowed.add(compact)
            else:
                leaks.append(Leak(file, number, match.kind))
    return leaks, frozenset(allowed)


PIECES = st.sampled_from(
    [
        "13912345678",
        "110101199003077578",
        "6222020200012345670",
        "0355-1234567",
        "１３９１２３４５６７８",
        "139 1234 5678",
        "\n",
        "\r\n",
        "\r",
        "\u2028",
        "\x0c",
        "文字",
        "١٣٩١٢٣٤٥٦٧٨",  # Arabic-Indic digits: a number all the same to `\\d`
        "𝟏𝟑𝟗𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖",  # mathematical digits, beyond U+FFFF
        "𝟏",
        "𝟔𝟐𝟐𝟐𝟎𝟐𝟎𝟐𝟎𝟎𝟎𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟎",  # a card number in those
        "\u3000",
        "<p>",
        " ",
        "-",
        "7",
    ]
)


@given(st.lists(PIECES, max_size=30), st.booleans())
def test_the_scan_finds_what_a_line_by_line_scan_finds(parts: list[str], public: bool) -> None:
    text = "".join(parts)
    numbers = frozenset({"13912345678", "03551234567"}) if public else frozenset()
    assert scan_text_allowing(text, "f.html", numbers) == line_by_line(text, "f.html", numbers)


def test_a_number_on_a_late_line_is_reported_on_that_line() -> None:
    text = "<p>电话 0355-1234567</p>\n" * 3 + "a\n\n" + "手机 13912345678\n" + "b\n"
    leaks, _ = scan_text_allowing(text, "f.html", frozenset())
    assert [leak.line for leak in leaks] == [6]


def test_the_fast_candidate_search_knows_every_digit_up_to_u_ffff() -> None:
    """R-A8: its class of digits is exactly what `\\d` matches there."""
    pattern = redaction._bmp_candidate().pattern
    digit = re.compile(pattern[: pattern.index("]") + 1])
    assert all(
        bool(digit.fullmatch(chr(code))) == bool(re.fullmatch(r"\d", chr(code)))
        for code in range(0x10000)
    )


def test_a_number_in_digits_beyond_u_ffff_is_found() -> None:
    card = "".join(chr(0x1D7CE + int(d)) for d in "6222020200012345670")
    leaks, _ = scan_text_allowing(f"<p>\u3000</p>\n<p>卡号{card}</p>\n", "f.html", frozenset())
    assert [(leak.line, leak.kind.value) for leak in leaks] == [(2, "bank_card")]
