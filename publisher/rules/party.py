"""The party's identifiers: what R-A8 needs to apply the minor rule, and R-A9's credit code.

The minor rule fails closed: a natural person whose age cannot be worked out stops the build,
because publishing a minor's case cannot be undone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from publisher.content import LoadedRecord
from publisher.creditcode import is_valid_credit_code
from publisher.findings import Finding
from publisher.idnumber import birth_date_of, check_digit
from publisher.labels import PARTY_KIND
from publisher.model import PartyKind
from publisher.rules.report import record_error, record_warning

ORGANISATIONS = frozenset({PartyKind.LEGAL_PERSON, PartyKind.OTHER_ORGANIZATION})
# ID numbers begin with a region digit 1–8 (GB 11643 / GB/T 2260).
REGION_DIGITS = "12345678"


def check_party(loaded: LoadedRecord) -> Iterator[Finding]:
    yield from _check_age_known(loaded)
    yield from _check_id_number(loaded)
    yield from _check_birth_date(loaded)
    yield from _check_fields_for_kind(loaded)
    yield from _check_credit_code(loaded)


def _check_age_known(loaded: LoadedRecord) -> Iterator[Finding]:
    party = loaded.record.party
    if party.kind is PartyKind.NATURAL_PERSON and not (party.id_number or party.birth_date):
        message = (
            "自然人当事人须填写身份证号（id_number）或出生日期（birth_date），"
            "否则无法判断是否未成年，不予发布"
        )
        yield record_error(loaded, ("party",), "R-A8", message)


def _check_id_number(loaded: LoadedRecord) -> Iterator[Finding]:
    party = loaded.record.party
    if party.id_number is None or party.kind in ORGANISATIONS:
        return
    loc = ("party", "id_number")
    problem = birth_date_problem(party.id_number, loaded.record.decided)
    if problem is not None:
        # Without a real birth date the minor rule cannot be applied: fail closed.
        yield record_error(loaded, loc, "R-A8", problem)
        return
    typo = id_number_typo(party.id_number)
    if typo is not None:
        # The number is never published and its birth date still decides the minor rule, so a
        # typo elsewhere in it is for staff to fix, not a reason to stop publication.
        yield record_warning(loaded, loc, "R-A8", typo)


def birth_date_problem(id_number: str, decided: dt.date) -> str | None:
    """Why the birth date in an ID number cannot be right, or None. Never echoes the number."""
    birth = birth_date_of(id_number)
    if birth is None:
        return "身份证号中的出生日期不是有效日期，请核对"
    if birth > decided:
        return "身份证号中的出生日期晚于决定日期，请核对"
    return None


def id_number_typo(id_number: str) -> str | None:
    """A region digit or check digit that does not fit, or None."""
    if id_number[0] not in REGION_DIGITS:
        return "身份证号的地区码无效（应以 1–8 开头），请核对"
    if check_digit(id_number[:17]) != id_number[17].upper():
        return "身份证号校验位错误，请核对"
    return None


def _check_birth_date(loaded: LoadedRecord) -> Iterator[Finding]:
    record = loaded.record
    party = record.party
    if party.birth_date is None or party.kind in ORGANISATIONS:
        return
    loc = ("party", "birth_date")
    if party.birth_date > record.decided:
        yield record_error(loaded, loc, "R-A8", "出生日期晚于决定日期，请核对")
    from_id = birth_date_of(party.id_number) if party.id_number else None
    if from_id is not None and from_id != party.birth_date:
        # Visibility trusts birth_date; a disagreement could publish a minor's case.
        message = "出生日期与身份证号中的出生日期不一致，请核对（未成年人案件不得公示）"
        yield record_error(loaded, loc, "R-A8", message)


def _check_fields_for_kind(loaded: LoadedRecord) -> Iterator[Finding]:
    party = loaded.record.party
    kind_label = PARTY_KIND[party.kind]
    if party.kind in ORGANISATIONS:
        for key, label in (("id_number", "身份证号"), ("birth_date", "出生日期")):
            if getattr(party, key) is not None:
                message = f"{kind_label}没有{label}，请删除 {key}（可能填错了当事人类别）"
                yield record_error(loaded, ("party", key), "R-A8", message)
    elif party.kind is PartyKind.NATURAL_PERSON:
        for key, label in (("credit_code", "统一社会信用代码"), ("legal_rep", "法定代表人")):
            if getattr(party, key) is not None:
                message = f"自然人没有{label}，该字段不会公开；请核对当事人类别"
                yield record_warning(loaded, ("party", key), "R-A8", message)


def _check_credit_code(loaded: LoadedRecord) -> Iterator[Finding]:
    code = loaded.record.party.credit_code
    if code is not None and not is_valid_credit_code(code):
        # Public data for the credit platform: a typo is for staff to fix, not a leak.
        message = "统一社会信用代码校验位错误，请核对"
        yield record_warning(loaded, ("party", "credit_code"), "R-A9", message)
