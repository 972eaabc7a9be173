"""Fictional parties for `publisher synth`: companies that come back year after year,
individual businesses, co-operatives and residents, with identifiers that pass their checks.

Credit codes carry a valid check character (GB 32100) and are unique; ID numbers carry a real
birth date and a valid check digit (GB 11643) under fictional region codes, so the minor rule
(R-A8) and the output scanner see what they would see in real data.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from publisher.creditcode import ALPHABET, credit_check_char
from publisher.idnumber import check_digit
from publisher.model import Area, PartyKind
from publisher.synth_text import (
    COMPANY_SUFFIXES,
    COUNTY,
    GIVEN_NAME_CHARS,
    ID_REGIONS,
    INDIVIDUAL_SUFFIXES,
    OTHER_ORGANIZATIONS,
    REGION_CODE,
    SURNAMES,
    TOWNSHIPS,
    TRADE_NAMES,
    VILLAGES,
)

RECORDS_PER_COMPANY = 12
"""Each area's pool holds one company per this many records of the repository, so that a
company comes back: two or three records each over the ten years."""
BIRTH_DATE_ONLY_SHARE = 0.1
"""Natural persons recorded with a birth date instead of an ID number (no ID card at hand)."""
DAYS_PER_YEAR = 365
ORG_CODE_DIGITS = 7
SPREAD_FACTOR = 7_654_321
SPREAD_OFFSET = 1_234_567
_CREDIT_PREFIX = {
    PartyKind.LEGAL_PERSON: "91",
    PartyKind.INDIVIDUAL_BUSINESS: "92",
    PartyKind.OTHER_ORGANIZATION: "93",
}


@dataclass(frozen=True)
class Party:
    name: str
    kind: PartyKind
    credit_code: str | None = None
    legal_rep: str | None = None
    id_number: str | None = None
    birth_date: dt.date | None = None

    @property
    def short(self) -> str:
        """How facts refer back to the party: 该公司, 该单位 or 当事人."""
        if self.kind.is_natural_person:
            return "当事人"
        return "该公司" if self.name.endswith("公司") else "该单位"


def credit_code(kind: PartyKind, serial: int) -> str:
    """A unified social credit code with a valid check character: the registration kind
    (91 company, 92 individual business, 93 co-operative), the county's region code, and an
    organisation code made unique by `serial`."""
    # Spread consecutive serials over the code space (a bijection: the factor is coprime to
    # 31**7), so that codes look like issued ones rather than a counter.
    number = (serial * SPREAD_FACTOR + SPREAD_OFFSET) % len(ALPHABET) ** ORG_CODE_DIGITS
    body = ""
    for _ in range(ORG_CODE_DIGITS):
        number, digit = divmod(number, len(ALPHABET))
        body = ALPHABET[digit] + body
    first17 = f"{_CREDIT_PREFIX[kind]}{REGION_CODE}MA{body}"
    return first17 + credit_check_char(first17)


def id_number(rng: random.Random, birth: dt.date) -> str:
    """A resident ID number with a valid check digit under a fictional region code."""
    first17 = f"{rng.choice(ID_REGIONS)}{birth:%Y%m%d}{rng.randint(100, 999)}"
    return first17 + check_digit(first17)


def person_name(rng: random.Random) -> str:
    given = "".join(rng.choices(GIVEN_NAME_CHARS, k=rng.choice((1, 2, 2))))
    return rng.choice(SURNAMES) + given


class PeopleFactory:
    """Hands out parties; companies are drawn from a pool per area so that they recur."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.pool_size = 1
        self.companies: dict[tuple[Area, int], Party] = {}
        self.serial = 0

    def size_pools(self, records: int) -> None:
        self.pool_size = max(5, records // RECORDS_PER_COMPANY)

    def party(self, area: Area, kind: PartyKind, decided: dt.date) -> Party:
        if kind is PartyKind.LEGAL_PERSON:
            return self._company(area)
        if kind is PartyKind.NATURAL_PERSON:
            return self._resident(decided)
        place = f"{COUNTY}{self.rng.choice(TOWNSHIPS)}"
        if kind is PartyKind.INDIVIDUAL_BUSINESS:
            name = f"{place}{self.rng.choice(TRADE_NAMES)}{self.rng.choice(INDIVIDUAL_SUFFIXES)}"
        else:
            name = f"{place}{self.rng.choice(VILLAGES)}村{self.rng.choice(OTHER_ORGANIZATIONS)}"
        return self._organisation(name, kind)

    def minor(self, decided: dt.date) -> Party:
        """A resident who was 16 or 17 on `decided` (R-A8: never published)."""
        age_days = self.rng.randint(16 * DAYS_PER_YEAR + 5, 18 * DAYS_PER_YEAR - 5)
        birth = decided - dt.timedelta(days=age_days)
        return Party(person_name(self.rng), PartyKind.NATURAL_PERSON, None, None,
                     id_number(self.rng, birth))  # fmt: skip

    def _company(self, area: Area) -> Party:
        suffixes = COMPANY_SUFFIXES[area]
        capacity = len(TRADE_NAMES) * len(suffixes) * (len(TOWNSHIPS) + 1)
        slot = self.rng.randrange(min(self.pool_size, capacity))
        key = (area, slot)
        if key not in self.companies:
            trade, rest = divmod(slot, len(TRADE_NAMES))[::-1]
            suffix, township = divmod(rest, len(suffixes))[::-1]
            town = TOWNSHIPS[township - 1] if township else ""
            name = f"{COUNTY}{town}{TRADE_NAMES[trade]}{suffixes[suffix]}"
            self.companies[key] = self._organisation(name, PartyKind.LEGAL_PERSON)
        return self.companies[key]

    def _organisation(self, name: str, kind: PartyKind) -> Party:
        self.serial += 1
        return Party(name, kind, credit_code(kind, self.serial), person_name(self.rng))

    def _resident(self, decided: dt.date) -> Party:
        age_days = self.rng.randint(19 * DAYS_PER_YEAR, 70 * DAYS_PER_YEAR)
        birth = decided - dt.timedelta(days=age_days)
        name = person_name(self.rng)
        if self.rng.random() < BIRTH_DATE_ONLY_SHARE:
            return Party(name, PartyKind.NATURAL_PERSON, birth_date=birth)
        return Party(name, PartyKind.NATURAL_PERSON, id_number=id_number(self.rng, birth))
