"""Personal numbers in public text (R-A8): find them, mask them, and scan the finished output.

Three kinds are recognised, each validated so that ordinary numbers (document numbers, credit
codes, amounts) are left alone: resident ID numbers (a region digit, a real birth date and a
matching check digit), mainland mobile numbers, and bank-card numbers (16–19 digits passing
the Luhn check).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from publisher.creditcode import is_valid_credit_code
from publisher.idnumber import is_valid_id_number


class NumberKind(StrEnum):
    ID_NUMBER = "id_number"
    MOBILE = "mobile"
    BANK_CARD = "bank_card"


MASKS: dict[NumberKind, str] = {
    NumberKind.ID_NUMBER: "［身份证号已隐去］",
    NumberKind.MOBILE: "［手机号已隐去］",
    NumberKind.BANK_CARD: "［银行卡号已隐去］",
}

LABELS: dict[NumberKind, str] = {
    NumberKind.ID_NUMBER: "身份证号",
    NumberKind.MOBILE: "手机号",
    NumberKind.BANK_CARD: "银行卡号",
}

# A run of digits (an ID may end in X), split by single spaces or hyphens as people write card
# and phone numbers; never part of a longer run of digits. Letters may touch it ("Tel138…",
# "ID1101…"): staff write numbers that way, and a number glued to a word is still a leak.
# A run may hold several numbers side by side ("13800138000 2次"), so its space- or hyphen-separated parts are examined, not
# only the whole run: otherwise the mobile number would hide in a 13-digit run that is nothing.
# The end is checked in code, not by a lookahead: backtracking over long runs is quadratic.
_RUN = re.compile(r"(?<![0-9])\+?\d(?:[ -]?\d)*[Xx]?")
_PART = re.compile(r"[^ -]+")
_GLUE = re.compile(r"[0-9]")
# A mobile number's 11 digits to "+86" and a 19-digit card: the lengths worth classifying.
_SHORTEST = 11
_LONGEST = 22
_MOBILE = re.compile(r"^1[3-9]\d{9}$")


def luhn_valid(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def classify(candidate: str) -> NumberKind | None:
    """What kind of personal number `candidate` is, if any."""
    compact = _compact(candidate)
    if compact.startswith("+86"):
        compact = compact[3:]
    elif compact.startswith("86") and len(compact) == 13:
        compact = compact[2:]
    if is_valid_id_number(compact):
        return NumberKind.ID_NUMBER
    if not compact.isdigit() or is_valid_credit_code(compact):
        return None
    if _MOBILE.match(compact):
        return NumberKind.MOBILE
    if 16 <= len(compact) <= 19 and luhn_valid(compact):
        return NumberKind.BANK_CARD
    return None


@dataclass(frozen=True)
class Match:
    kind: NumberKind
    start: int
    end: int


# A Chinese input method types full-width digits (１３９…) and the ideographic space: the same
# number, so it is found the same way. One character for one keeps every position.
_HALF_WIDTH = str.maketrans(
    {**{chr(0xFF10 + d): str(d) for d in range(10)}, "Ｘ": "X", "ｘ": "x", "－": "-", "＋": "+"}
    | {"\u3000": " "}
)


# Every personal number has at least 11 digits, at most one separator apart (full-width forms
# included): text without such a stretch holds none and is passed over at C speed, instead of
# examining each of its runs of digits (dates, amounts) in Python. Most pages hold none.
_SEPARATOR = r"[ \-－\u3000]"
_CANDIDATE = re.compile(rf"\d(?:{_SEPARATOR}?\d){{10}}")
NUMBER_PRECHECK = _CANDIDATE
"""Matches somewhere in any text that holds a personal number: text it does not match is
left as it is by `mask_text`."""


@functools.cache
def _bmp_candidate() -> re.Pattern[str]:
    """`_CANDIDATE` for text without characters beyond U+FFFF, `\\d` spelt out as the digits
    it matches there: the regular expression engine tests such a class with a bitmap, a
    third faster than the character database lookup of `\\d` (which, beyond U+FFFF, it
    cannot replace: a class with those characters is tested range by range)."""
    digits = [ord(c) for c in re.findall(r"\d", "".join(map(chr, range(0x10000))))]
    spans: list[list[int]] = []
    for code in digits:
        if spans and spans[-1][1] == code - 1:
            spans[-1][1] = code
        else:
            spans.append([code, code])
    digit = "[" + "".join(f"{chr(first)}-{chr(last)}" for first, last in spans) + "]"
    return re.compile(f"{digit}(?:{_SEPARATOR}?{digit}){{10}}")


def _candidate_pattern(text: str) -> re.Pattern[str]:
    """The fastest exact form of `_CANDIDATE` for `text` (UTF-16 takes two bytes for each
    character up to U+FFFF, four beyond: an encoding that costs little next to a search)."""
    if len(text.encode("utf-16-le", "surrogatepass")) == 2 * len(text):
        return _bmp_candidate()
    return _CANDIDATE


def find_numbers(text: str) -> Iterator[Match]:
    if _CANDIDATE.search(text) is None:
        return
    text = text.translate(_HALF_WIDTH)
    for run in _RUN.finditer(text):
        yield from _numbers_in_run(text, run.start(), _run_end(text, run.start(), run.end()))


def _run_end(text: str, start: int, end: int) -> int:
    """A run glued to a following digit ends at its last separator: the glued part belongs
    to a longer number. A closing X (an ID's check character) always ends a run."""
    if text[end - 1] in "Xx" or not _GLUE.match(text, end):
        return end
    return max(text.rfind(" ", start, end), text.rfind("-", start, end), start)


def _numbers_in_run(text: str, start: int, end: int) -> Iterator[Match]:
    """From the left, the longest stretch of consecutive parts that is a personal number.

    Every stretch not masked was tried, so masking the result finds nothing more (idempotent).
    """
    parts = [(p.start(), p.end()) for p in _PART.finditer(text, start, end)]
    first = 0
    while first < len(parts):
        found = _longest_at(text, parts, first)
        if found is None:
            first += 1
        else:
            yield found[0]
            first = found[1]


def _longest_at(text: str, parts: list[tuple[int, int]], first: int) -> tuple[Match, int] | None:
    """The longest personal number made of parts[first:stop], and its `stop`."""
    stops: list[int] = []
    length = 0
    for index in range(first, len(parts)):
        length += parts[index][1] - parts[index][0]
        if length > _LONGEST:
            break
        if length >= _SHORTEST:
            stops.append(index + 1)
    for stop in reversed(stops):
        begin, end = parts[first][0], parts[stop - 1][1]
        kind = classify(text[begin:end])
        if kind is not None:
            return Match(kind, begin, end), stop
    return None


def mask_text(text: str) -> str:
    """`text` with every personal number replaced by a mask saying what was removed."""
    pieces: list[str] = []
    position = 0
    for match in find_numbers(text):
        pieces.append(text[position : match.start])
        pieces.append(MASKS[match.kind])
        position = match.end
    pieces.append(text[position:])
    return "".join(pieces)


@dataclass(frozen=True, order=True)
class Leak:
    """An unmasked personal number found in the finished output."""

    file: str
    line: int
    kind: NumberKind

    def format_text(self) -> str:
        return (
            f"{self.file}:{self.line}: 错误 [R-A8] 输出中出现未隐去的{LABELS[self.kind]}，"
            "构建已终止，原网站保持不变"
        )


SCANNED_SUFFIXES = frozenset(
    {
        ".html",
        ".htm",
        ".xml",
        ".json",
        ".csv",
        ".txt",
        ".js",
        ".css",
        ".svg",
        ".md",
        ".atom",
        ".rss",
    }
)


def scan_text(text: str, file: str, public_numbers: frozenset[str] = frozenset()) -> Iterator[Leak]:
    yield from scan_text_allowing(text, file, public_numbers)[0]


def scan_text_allowing(
    text: str, file: str, public_numbers: frozenset[str] = frozenset()
) -> tuple[list[Leak], frozenset[str]]:
    """The leaks in `text`, and the public numbers it holds that were let through: while
    those stay public, the same text gives the same result (incremental builds rescan an
    unchanged file only when one of them is no longer public)."""
    leaks: list[Leak] = []
    allowed: set[str] = set()
    for number, line in _candidate_lines(text):
        for kind, compact in _numbers_of_line(line):
            if compact in public_numbers:
                allowed.add(compact)
            else:
                leaks.append(Leak(file, number, kind))
    return leaks, frozenset(allowed)


@functools.lru_cache(maxsize=4096)
def _numbers_of_line(line: str) -> tuple[tuple[NumberKind, str], ...]:
    """The personal numbers of one line, compacted. Remembered: the lines that hold a
    candidate are mostly the same on every page (the footer's telephone number)."""
    return tuple(
        (match.kind, _compact(line[match.start : match.end].translate(_HALF_WIDTH)))
        for match in find_numbers(line)
    )


# Line ends `str.splitlines` knows besides the line feed; text holding one is split the slow way.
# Looked for one by one: `in` is several times faster than a regular expression's class.
_OTHER_LINE_ENDS = "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


def _candidate_lines(text: str) -> Iterator[tuple[int, str]]:
    """The lines of `text` (numbered from 1, as `str.splitlines` counts them) that hold a
    pre-check candidate; the others hold no personal number. A candidate never spans a line
    end, so the lines are found from the candidates, at C speed: nearly every page holds one
    (the bureau's telephone number in the footer) among a few hundred lines."""
    pattern = _candidate_pattern(text)
    candidate = pattern.search(text)
    if candidate is None:
        return
    if any(end in text for end in _OTHER_LINE_ENDS):
        lines = enumerate(text.splitlines(), start=1)
        yield from ((n, line) for n, line in lines if _CANDIDATE.search(line) is not None)
        return
    number, counted = 1, 0
    while candidate is not None:
        start = text.rfind("\n", 0, candidate.start()) + 1
        end = text.find("\n", candidate.end())
        end = len(text) if end < 0 else end
        number += text.count("\n", counted, start)
        counted = start
        yield number, text[start:end]
        candidate = pattern.search(text, end)


def scan_output(folder: Path, public_numbers: frozenset[str] = frozenset()) -> list[Leak]:
    """Every unmasked personal number in the text files under `folder` (R-A8).

    `public_numbers` are numbers the bureau publishes on purpose that happen to look like a
    personal number: officers' certificate numbers (R-A2) often have 11 digits starting with
    a province code such as 14, the shape of a mobile number.
    """
    leaks: list[Leak] = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.suffix.lower() in SCANNED_SUFFIXES:
            text = path.read_text(encoding="utf-8", errors="replace")
            leaks.extend(scan_text(text, str(path.relative_to(folder)), public_numbers))
    return leaks


def _compact(text: str) -> str:
    """A number without the spaces and hyphens people write inside it."""
    return re.sub(r"[ -]", "", text)
