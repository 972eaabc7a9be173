"""Personal numbers in public text (R-A8): find them, mask them, and scan the finished output.

Three kinds are recognised, each validated so that ordinary numbers (document numbers, credit
codes, amounts) are left alone: resident ID numbers (a region digit, a real birth date and a
matching check digit), mainland mobile numbers, and bank-card numbers (16–19 digits passing
the Luhn check).
"""

from __future__ import annotations

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

# A run of digits (an ID may end in X), optionally split by spaces or hyphens as people
# write card and phone numbers; never part of a longer alphanumeric run.
_CANDIDATE = re.compile(r"(?<![0-9A-Za-z])(?:\+?86[ -]?)?\d(?:[ -]?\d){10,18}[Xx]?(?![0-9A-Za-z])")
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
    compact = re.sub(r"[ -]", "", candidate)
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


def find_numbers(text: str) -> Iterator[Match]:
    for found in _CANDIDATE.finditer(text):
        kind = classify(found.group())
        if kind is not None:
            yield Match(kind, found.start(), found.end())


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


def scan_text(text: str, file: str) -> Iterator[Leak]:
    for number, line in enumerate(text.splitlines(), start=1):
        for match in find_numbers(line):
            yield Leak(file, number, match.kind)


def scan_output(folder: Path) -> list[Leak]:
    """Every unmasked personal number in the text files under `folder` (R-A8)."""
    leaks: list[Leak] = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.suffix.lower() in SCANNED_SUFFIXES:
            text = path.read_text(encoding="utf-8", errors="replace")
            leaks.extend(scan_text(text, str(path.relative_to(folder))))
    return leaks
