"""Unified social credit codes (GB 32100): organisations' public identifiers.

They are public (R-A8), and an all-digit one can look like a bank-card number, so the
redaction scanner recognises and leaves valid ones alone.
"""

from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_check_char(first17: str) -> str:
    total = sum(ALPHABET.index(c) * w for c, w in zip(first17, _WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def is_valid_credit_code(text: str) -> bool:
    if len(text) != 18 or any(c not in ALPHABET for c in text):
        return False
    return credit_check_char(text[:17]) == text[17]
