"""Text every carrier can hold, and shows as it reads.

Staff paste text from word processors, which sometimes carries control characters; lxml
refuses them in feeds, and they are invisible noise in pages and data files, so the public
views remove them once for all carriers (R-A1: every carrier shows the same text).

The bidirectional embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069)
go too: Chinese and Latin text never needs them, and they make text display in another order
than it is stored, so a title, a file name or the draw page's `sha256sum` command could show
one thing and be another ("Trojan Source"). Everything else, markup included, stays as it
is: the carriers escape it (Jinja autoescape, feedgen, json, csv), so it shows as text.

A spreadsheet opens a CSV cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage
return as a formula (`=HYPERLINK(…)` becomes a live link, older versions ran commands).
`spreadsheet_cell` puts an apostrophe in front of such a cell, the usual neutralisation (the
OWASP advice on CSV injection): the cell opens as text, apostrophe included. Only the CSV files
get it; the JSON keeps the text exactly (docs/design.md, "Injection").
"""

from __future__ import annotations

import re

# C0 controls other than tab and line ends, lone surrogates, U+FFFE/U+FFFF.
_XML_ILLEGAL = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
# Either of the two: almost no text holds one, so one search usually settles it.
_NOT_CARRIED = re.compile(f"{_XML_ILLEGAL.pattern}|{_BIDI_CONTROLS.pattern}")
NOT_CARRIED = _NOT_CARRIED
"""Matches somewhere in any text `carrier_text` changes."""
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FORMULA_GUARD = "'"
"""What `spreadsheet_cell` puts in front of a cell a spreadsheet would read as a formula."""


def xml_safe(text: str) -> str:
    """`text` without the characters XML 1.0 cannot carry."""
    return _XML_ILLEGAL.sub("", text)


def carrier_text(text: str) -> str:
    """`text` without the characters XML 1.0 cannot carry and without bidirectional
    controls: what every public carrier shows of a text from the content."""
    if _NOT_CARRIED.search(text) is None:
        return text
    return _BIDI_CONTROLS.sub("", xml_safe(text))


def spreadsheet_cell(text: str) -> str:
    """`text` as a CSV cell no spreadsheet reads as a formula."""
    return FORMULA_GUARD + text if text.startswith(_FORMULA_START) else text


def spreadsheet_row(cells: list[str]) -> list[str]:
    """`spreadsheet_cell(carrier_text(cell))` of every cell; the row is searched once."""
    if _NOT_CARRIED.search("\n".join(cells)) is not None:  # "\n" is carried: adds nothing
        cells = [carrier_text(cell) for cell in cells]
    return [FORMULA_GUARD + cell if cell.startswith(_FORMULA_START) else cell for cell in cells]
