"""Fuzzing the visibility engine and the rebuild schedule against the rules, stated
independently of the code (RULES.md R-A3, R-A4, R-A5, R-A8, and R-A2/R-A6/R-B2 for the
schedule).

tests/test_visibility.py holds the engine's properties over 2016–2027 (a record's life only
moves forward, withdrawal wins over retention, `next_change` and `visible_until` are exact,
the plan ignores record order). This module adds what they leave out: the whole calendar the
content may use, retention counted by its own oracle (29 February, configured periods),
the minors rule at its 18th-birthday boundary, a withdrawal's exact window, and
`next_site_change` over records, corrections and officers together: the public state does not
change from the as-of date through the day before the next change, and does change on it.
The budget comes from the Hypothesis profile (tests/fuzzing.py).
"""

from __future__ import annotations

import calendar
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from factories import id_number, penalty
from hypothesis import assume, given
from hypothesis import strategies as st

from publisher.bureau import Officer, OfficerList
from publisher.content import Content, LoadedRecord
from publisher.date_range import EARLIEST, LATEST
from publisher.model import PartyKind, Record, WithdrawalAct
from publisher.schedule import first_of_next_month, next_site_change
from publisher.settings import Settings
from publisher.supervision.certificates import certificate_status
from publisher.visibility import Reason, State, decide, plan_publication
from publisher.yamlsource import LineMap

pytestmark = pytest.mark.fuzz

ONE_DAY = dt.timedelta(days=1)
NATURAL = (PartyKind.NATURAL_PERSON, PartyKind.INDIVIDUAL_BUSINESS)

# --- Oracles: the rules as RULES.md words them ----------------------------------------------------


def same_day_years_later(start: dt.date, years: int) -> dt.date:
    """R-A4 (民法典 第二百零一、二百零二条): the same month and day N years later; a 29 February
    with no such day in that year ends on the last day of February."""
    year = start.year + years
    if start.month == 2 and start.day == 29 and not calendar.isleap(year):
        return dt.date(year, 2, 28)
    return dt.date(year, start.month, start.day)


def period_years(kind: PartyKind, config: Settings) -> int:
    """R-A4: 5 years; 2 for natural persons, and a 个体工商户 is one (民法典 第五十四条)."""
    return config.natural_person_retention_years if kind in NATURAL else config.retention_years


def eighteenth_birthday(birth: dt.date) -> dt.date:
    """R-A8: adult from the 18th birthday; born 29 February, from 1 March in a common year."""
    year = birth.year + 18
    if birth.month == 2 and birth.day == 29 and not calendar.isleap(year):
        return dt.date(year, 3, 1)
    return dt.date(year, birth.month, birth.day)


def birth_of(record: Record) -> dt.date | None:
    party = record.party
    if party.birth_date is not None:
        return party.birth_date
    if party.id_number is not None:
        digits = party.id_number[6:14]
        return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    return None


def minor_at_decision(record: Record) -> bool:
    birth = birth_of(record)
    return (
        record.party.kind in NATURAL and birth is not None
        and record.decided < eighteenth_birthday(birth)
    )  # fmt: skip


# --- Generated records over the whole accepted calendar ------------------------------------------

# Content dates are refused outside EARLIEST–LATEST (publisher.date_range); leave room for
# the 18 years before a decision and the periods after publication.
content_days = st.dates(min_value=dt.date(EARLIEST.year + 20, 1, 1), max_value=LATEST)
leap_days = st.integers(EARLIEST.year // 4 + 5, LATEST.year // 4).map(
    lambda n: dt.date(4 * n, 2, 29) if calendar.isleap(4 * n) else dt.date(4 * n, 2, 28)
)
days_in = st.one_of(content_days, leap_days)
offsets = st.integers(min_value=-60, max_value=3000).map(lambda n: n * ONE_DAY)


@st.composite
def births(draw: st.DrawFn, decided: dt.date) -> dt.date:
    """Around the 18th birthday before `decided` (both sides), on 29 February, or any age."""
    near = draw(st.integers(min_value=-40, max_value=40))
    choice = draw(st.sampled_from(["near", "leap", "any"]))
    if choice == "leap":
        year = decided.year - 18 - draw(st.integers(min_value=-1, max_value=3))
        while not calendar.isleap(year):
            year -= 1
        return dt.date(year, 2, 29)
    if choice == "near":
        try:
            birthday = decided.replace(year=decided.year - 18)
        except ValueError:
            birthday = dt.date(decided.year - 18, 2, 28)
        return birthday + near * ONE_DAY
    return decided - draw(st.integers(min_value=0, max_value=90 * 366)) * ONE_DAY


@st.composite
def parties(draw: st.DrawFn, decided: dt.date) -> dict[str, Any]:
    kind = draw(st.sampled_from(list(PartyKind)))
    if kind not in NATURAL:
        return {"name": "示例有限公司", "kind": kind.value}
    party: dict[str, Any] = {"name": "赵示例", "kind": kind.value}
    birth = draw(births(decided))
    how = draw(st.sampled_from(["id_number", "birth_date", "unknown"]))
    if how == "id_number":
        party["id_number"] = id_number(birth)
    elif how == "birth_date":
        party["birth_date"] = birth.isoformat()
    return party


def within_range(day: dt.date) -> dt.date:
    return min(max(day, EARLIEST), LATEST)


@st.composite
def records(
    draw: st.DrawFn,
    number: int = 1,
    *,
    draft: bool | None = None,
    withdrawn: bool | None = None,
    removed: bool | None = None,
) -> Record:
    """A valid penalty record; `draft`, `withdrawn` and `removed` fix what is otherwise
    drawn (no `published` date, a withdrawal, a `removed` date)."""
    decided = draw(days_in)
    later = st.integers(0, 400).map(lambda n: decided + n * ONE_DAY)
    published = draw(
        st.none() if draft else later if draft is False else st.one_of(st.none(), later)
    )
    base = published or decided
    data: dict[str, Any] = {
        "id": f"2024-cf-{number:04d}",
        "doc_no": f"青工信罚〔2024〕{number}号",
        "decided": decided.isoformat(),
        "published": within_range(published).isoformat() if published else None,
        "party": draw(parties(decided)),
    }
    if draw(st.booleans()) if withdrawn is None else withdrawn:
        act = draw(st.sampled_from([a.value for a in WithdrawalAct]))
        day = within_range(base + draw(offsets)).isoformat()
        data["withdrawal"] = {"act": act, "date": day, "explanation": "原决定已被依法撤销。"}
    if draw(st.integers(0, 3)) == 0 if removed is None else removed:
        data["removed"] = within_range(base + draw(offsets)).isoformat()
    data["corrections"] = [
        {
            "date": within_range(base + draw(offsets)).isoformat(),
            "fields": ["facts"],
            "summary": "更正事实表述",
            "reason": "录入错误",
        }
        for _ in range(draw(st.integers(0, 2)))
    ]
    return Record.model_validate(penalty(**data))


configs = st.builds(
    Settings,
    auto_withdraw=st.booleans(),
    retention_years=st.integers(1, 10),
    natural_person_retention_years=st.integers(1, 10),
)
standard = st.builds(Settings, auto_withdraw=st.just(True))
as_of_days = st.dates(min_value=EARLIEST, max_value=LATEST)


# --- R-A3, R-A4: visible exactly from publication through the period's last day -------------------


@given(rec=records(withdrawn=False, removed=False), config=configs, as_of=as_of_days)
def test_r_a3_r_a4_visible_exactly_from_published_through_the_last_day(
    rec: Record, config: Settings, as_of: dt.date
) -> None:
    """Without withdrawal, removal or a minor: visible iff published ≤ as_of ≤ last day, where
    the last day is the same date N years later (29 February → 28 February)."""
    assume(not minor_at_decision(rec))
    entry = decide(rec, config, as_of)
    if rec.published is None:
        assert entry.reason is Reason.DRAFT and not entry.is_visible  # R-A3
        return
    last = same_day_years_later(rec.published, period_years(rec.party.kind, config))
    assert entry.retention_last_day == last
    in_period = rec.published <= as_of <= last
    if config.auto_withdraw:
        assert entry.is_visible == in_period, (rec.published, last, as_of)
    else:  # R-A4: automatic withdrawal off, the record stays until staff remove it
        assert entry.is_visible == (rec.published <= as_of)


@given(rec=records(), config=configs, first=as_of_days, later=as_of_days)
def test_r_a4_hidden_for_retention_stays_hidden(
    rec: Record, config: Settings, first: dt.date, later: dt.date
) -> None:
    """Monotonic: a record taken off for its period (or by hand) never comes back."""
    first, later = sorted((first, later))
    if decide(rec, config, first).reason in (Reason.EXPIRED, Reason.NOTICE_EXPIRED, Reason.REMOVED):
        assert not decide(rec, config, later).is_visible


# --- R-A5: the notice replaces the decision from the act through the original period ------------


@given(rec=records(draft=False, withdrawn=True, removed=False), as_of=as_of_days)
def test_r_a5_notice_exactly_from_the_act_through_the_original_period(
    rec: Record, as_of: dt.date
) -> None:
    assume(not minor_at_decision(rec))
    assert rec.withdrawal is not None and rec.published is not None
    config = Settings()
    last = same_day_years_later(rec.published, period_years(rec.party.kind, config))
    entry = decide(rec, config, as_of)
    notice_from = max(rec.withdrawal.date, rec.published)
    if as_of < rec.published or as_of > last:
        assert not entry.is_visible
    elif as_of >= notice_from:
        assert entry.state is State.WITHDRAWN and entry.rule == "R-A5"
    else:
        assert entry.state is State.PUBLISHED


# --- R-A8: a minor's case is never published; an adult's on the 18th birthday is -----------------


@given(rec=records(), config=configs, as_of=as_of_days)
def test_r_a8_a_minor_at_decision_is_never_visible(
    rec: Record, config: Settings, as_of: dt.date
) -> None:
    entry = decide(rec, config, as_of)
    if minor_at_decision(rec):
        assert not entry.is_visible
        assert entry.reason is (Reason.DRAFT if rec.published is None else Reason.MINOR)
    else:
        assert entry.reason is not Reason.MINOR


# --- The schedule: nothing public changes before the next change, something does on it ---------


@st.composite
def officers(draw: st.DrawFn, around: dt.date, number: int) -> Officer:
    valid_from = around + draw(st.integers(-800, 60)) * ONE_DAY
    valid_until = valid_from + draw(st.integers(30, 2000)) * ONE_DAY
    years = range(valid_from.year + 1, valid_until.year + 1)
    inspections = [
        {
            "year": year,
            # Due by 31 March (the default); April is late (R-B2).
            "date": (dt.date(year, 3, 1) + draw(st.integers(0, 60)) * ONE_DAY).isoformat(),
            "passed": draw(st.booleans()),
        }
        for year in years
        if draw(st.integers(0, 4))  # now and then a year without inspection
    ]
    data: dict[str, Any] = {
        "name": f"执法人员{number}",
        "certificate_no": f"1401001900{number}",
        "areas": ["power"],
        "valid_from": valid_from.isoformat(),
        "valid_until": valid_until.isoformat(),
        "annual_inspections": inspections,
    }
    if draw(st.booleans()):
        start = valid_from + draw(st.integers(0, 900)) * ONE_DAY
        end = start + draw(st.integers(0, 90)) * ONE_DAY
        data["suspensions"] = [
            {"start": start.isoformat(), "end": end.isoformat(), "ground": "3.1.5"}
        ]
    if draw(st.integers(0, 3)) == 0:
        data["revoked"] = (valid_from + draw(st.integers(0, 900)) * ONE_DAY).isoformat()
    return Officer.model_validate(data)


@st.composite
def contents(draw: st.DrawFn) -> tuple[Content, dt.date]:
    """Records and officers, and an as-of date near their dates."""
    recs = [draw(records(number)) for number in range(1, draw(st.integers(0, 5)) + 1)]
    around = draw(
        st.sampled_from([r.published or r.decided for r in recs] or [dt.date(2026, 1, 1)])
    )
    as_of = within_range(around + draw(st.integers(-400, 2500)) * ONE_DAY)
    staff = [draw(officers(as_of, number)) for number in range(draw(st.integers(0, 3)))]
    loaded = [LoadedRecord(record=r, path=content_path(r.id), lines=LineMap({})) for r in recs]
    content = Content(
        root=content_path(""), settings=draw(configs), records=loaded,
        officers=OfficerList(officers=staff),
    )  # fmt: skip
    return content, as_of


def content_path(record_id: str) -> Path:
    return Path("content/records") / f"{record_id}.yaml"


def public_state(content: Content, day: dt.date) -> tuple[Any, ...]:
    """What the site shows on `day` that a rule can change: each record's state, the last
    day it says it shows and the last day it changed (R-A3, R-A4, R-A5, R-A8; the internal
    reason, such as "kept past its period", is not shown), the corrections shown on published
    records (R-A6), the officers on the public list (R-A2, R-B2) and the month pages (R-A2)."""
    plan = plan_publication([r.record for r in content.records], content.settings, day)
    entries = plan.by_id()
    shown = frozenset((e.record_id, e.state, e.visible_until, e.last_change) for e in plan)
    corrections = frozenset(
        (loaded.record.id, index)
        for loaded in content.records
        for index, correction in enumerate(loaded.record.corrections)
        if correction.date <= day and entries[loaded.record.id].state is State.PUBLISHED
    )
    due = content.settings.supervision.annual_inspection_due
    on_list = frozenset(
        o.name for o in content.officers.officers if certificate_status(o, day, due).valid
    )
    return shown, corrections, on_list, (day.year, day.month)


def test_a_record_removed_before_its_publication_day_schedules_no_rebuild() -> None:
    """Found by the property below: a record removed on (or before) its publication day never
    shows, so that day is no change; `next_change` used to name it."""
    party = {"name": "示例有限公司", "kind": "legal_person"}
    data = penalty(decided="2000-01-01", published="2000-01-02", removed="2000-01-02", party=party)
    entry = decide(Record.model_validate(data), Settings(), dt.date(2000, 1, 1))
    assert (entry.state, entry.next_change) == (State.HIDDEN, None)
    assert not decide(Record.model_validate(data), Settings(), dt.date(2000, 1, 2)).is_visible


@given(case=contents())
def test_next_site_change_is_the_first_day_anything_public_changes(
    case: tuple[Content, dt.date],
) -> None:
    content, as_of = case
    plan = plan_publication([r.record for r in content.records], content.settings, as_of)
    change = next_site_change(content, plan)
    assert change is not None and as_of < change <= first_of_next_month(as_of)
    today = public_state(content, as_of)
    day = as_of + ONE_DAY
    while day < change:
        assert public_state(content, day) == today, f"the site changed on {day}, before {change}"
        day += ONE_DAY
    assert public_state(content, change) != today, f"nothing changed on {change}"
