"""The visibility engine: R-A3 (when visible), R-A4 (retention), R-A5 (withdrawal notices),
R-A8 (minors never published), with examples and properties over generated records."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest
from factories import id_number, penalty
from hypothesis import given, settings
from hypothesis import strategies as st

from publisher.content import LoadedRecord
from publisher.model import PartyKind, Record, WithdrawalAct
from publisher.public import WithdrawalNotice, public_items
from publisher.settings import Settings
from publisher.visibility import Reason, State, decide, plan_publication
from publisher.yamlsource import LineMap

D = dt.date
ONE_DAY = dt.timedelta(days=1)
SETTINGS = Settings()
KEPT = Settings(auto_withdraw=False)


def record(**overrides: Any) -> Record:
    return Record.model_validate(penalty(**overrides))


def natural_person(
    birth: dt.date, *, via_id: bool = True, kind: str = "natural_person"
) -> dict[str, Any]:
    party: dict[str, Any] = {"name": "赵示例", "kind": kind}
    if via_id:
        party["id_number"] = id_number(birth)
    else:
        party["birth_date"] = birth.isoformat()
    return party


def withdrawal(act: str = "revoked", date: str = "2025-01-10", **extra: Any) -> dict[str, Any]:
    return {
        "act": act,
        "date": date,
        "recorded": date,
        "explanation": "原决定已被依法撤销。",
        **extra,
    }


# --- R-A3: when a record becomes visible -----------------------------------------------------


@pytest.mark.parametrize("as_of", [D(2024, 3, 1), D(2024, 3, 6), D(2030, 1, 1)])
def test_r_a3_draft_is_never_visible(as_of: dt.date) -> None:
    entry = decide(record(published=None), SETTINGS, as_of)
    assert (entry.state, entry.reason, entry.rule) == (State.HIDDEN, Reason.DRAFT, "R-A3")
    assert entry.next_change is None
    assert entry.last_change is None


def test_r_a3_future_publication_is_not_yet_visible() -> None:
    entry = decide(record(published="2024-03-06"), SETTINGS, D(2024, 3, 5))
    assert (entry.state, entry.reason) == (State.HIDDEN, Reason.NOT_YET)
    assert entry.next_change == D(2024, 3, 6)
    assert entry.last_change is None


def test_r_a3_visible_from_published_date_inclusive() -> None:
    entry = decide(record(published="2024-03-06"), SETTINGS, D(2024, 3, 6))
    assert (entry.state, entry.reason) == (State.PUBLISHED, Reason.PUBLISHED)
    assert entry.last_change == D(2024, 3, 6)


def test_r_a6_last_change_is_the_latest_correction_shown() -> None:
    """R-A6: a correction is a change to the carriers, but only from its date."""
    corrections = [{"date": "2024-04-01", "fields": ["facts"], "summary": "更正", "reason": "笔误"}]
    rec = record(corrections=corrections)
    assert decide(rec, SETTINGS, D(2024, 3, 31)).last_change == D(2024, 3, 6)
    assert decide(rec, SETTINGS, D(2024, 4, 1)).last_change == D(2024, 4, 1)


# --- R-A4: retention ---------------------------------------------------------------------------


def test_r_a4_legal_person_visible_through_last_day_gone_next_day() -> None:
    """R-A4: published 2020-03-06, legal person: last day 2025-03-06, gone 2025-03-07."""
    rec = record(published="2020-03-06", decided="2020-03-02")
    last = decide(rec, SETTINGS, D(2025, 3, 6))
    assert last.state is State.PUBLISHED
    assert last.visible_until == D(2025, 3, 6)
    assert last.retention_last_day == D(2025, 3, 6)
    assert last.next_change == D(2025, 3, 7)
    gone = decide(rec, SETTINGS, D(2025, 3, 7))
    assert (gone.state, gone.reason, gone.rule) == (State.HIDDEN, Reason.EXPIRED, "R-A4")
    assert gone.last_change == D(2025, 3, 7)
    assert gone.next_change is None


@pytest.mark.parametrize("kind", ["natural_person", "individual_business"])
def test_r_a4_natural_person_29_february(kind: str) -> None:
    """R-A4: published 2024-02-29, natural person (or 个体工商户): last day 2026-02-28."""
    party = natural_person(D(1980, 5, 1), kind=kind)
    rec = record(published="2024-02-29", decided="2024-02-26", party=party)
    assert decide(rec, SETTINGS, D(2026, 2, 28)).visible_until == D(2026, 2, 28)
    assert decide(rec, SETTINGS, D(2026, 2, 28)).state is State.PUBLISHED
    assert decide(rec, SETTINGS, D(2026, 3, 1)).reason is Reason.EXPIRED


def test_r_a4_auto_withdraw_off_keeps_records_past_period() -> None:
    """R-A4: with the setting off, a record stays, flagged past_period_kept."""
    rec = record(published="2020-03-06", decided="2020-03-02")
    entry = decide(rec, KEPT, D(2025, 3, 7))
    assert (entry.state, entry.reason, entry.rule) == (
        State.PUBLISHED,
        Reason.PAST_PERIOD_KEPT,
        "R-A4",
    )
    assert entry.visible_until is None
    assert entry.next_change is None
    assert decide(rec, KEPT, D(2025, 3, 6)).reason is Reason.PUBLISHED


def test_r_a4_removed_by_staff() -> None:
    """R-A4: `removed` takes a record off from that day."""
    rec = record(published="2020-03-06", decided="2020-03-02", removed="2025-04-01")
    before = decide(rec, KEPT, D(2025, 3, 31))
    assert before.state is State.PUBLISHED
    assert before.visible_until == D(2025, 3, 31)
    assert before.next_change == D(2025, 4, 1)
    after = decide(rec, KEPT, D(2025, 4, 1))
    assert (after.state, after.reason, after.rule) == (State.HIDDEN, Reason.REMOVED, "R-A4")


# --- R-A5: withdrawal after a legal change -----------------------------------------------------


@pytest.mark.parametrize("act", [a.value for a in WithdrawalAct])
def test_r_a5_each_act_replaces_content_by_a_notice_from_its_date(act: str) -> None:
    rec = record(withdrawal=withdrawal(act))
    before = decide(rec, SETTINGS, D(2025, 1, 9))
    assert before.state is State.PUBLISHED
    assert before.visible_until == D(2025, 1, 9)
    assert before.next_change == D(2025, 1, 10)
    notice = decide(rec, SETTINGS, D(2025, 1, 10))
    assert (notice.state, notice.reason, notice.rule) == (
        State.WITHDRAWN,
        Reason.WITHDRAWN,
        "R-A5",
    )
    assert notice.last_change == D(2025, 1, 10)


def test_r_a5_notice_stays_until_original_period_ends() -> None:
    """R-A5: published 2024-03-06 (legal person): the notice shows through 2029-03-06."""
    rec = record(withdrawal=withdrawal())
    last = decide(rec, SETTINGS, D(2029, 3, 6))
    assert last.state is State.WITHDRAWN
    assert last.visible_until == D(2029, 3, 6)
    assert last.next_change == D(2029, 3, 7)
    gone = decide(rec, SETTINGS, D(2029, 3, 7))
    assert (gone.state, gone.reason) == (State.HIDDEN, Reason.NOTICE_EXPIRED)


def test_r_a5_withdrawal_before_publication_shows_notice_from_publication() -> None:
    rec = record(withdrawal=withdrawal(date="2024-03-04"))
    assert decide(rec, SETTINGS, D(2024, 3, 5)).state is State.HIDDEN
    entry = decide(rec, SETTINGS, D(2024, 3, 6))
    assert entry.state is State.WITHDRAWN
    assert entry.last_change == D(2024, 3, 6)


def _loaded(rec: Record) -> LoadedRecord:
    from pathlib import Path

    return LoadedRecord(record=rec, path=Path(f"records/{rec.id}.yaml"), lines=LineMap({}))


def test_r_a5_notice_links_to_replacing_record_while_it_is_published() -> None:
    old = record(withdrawal=withdrawal(replaced_by="2025-cf-0001"))
    new = record(
        id="2025-cf-0001",
        doc_no="青工信罚〔2025〕1号",
        decided="2025-01-15",
        published="2025-01-20",
    )
    loaded = [_loaded(old), _loaded(new)]

    def notice(as_of: dt.date) -> WithdrawalNotice:
        items = public_items(loaded, plan_publication([old, new], SETTINGS, as_of))
        (found,) = [i for i in items if isinstance(i, WithdrawalNotice)]
        return found

    assert notice(D(2025, 1, 19)).replaced_by is None  # the new decision is not public yet
    shown = notice(D(2025, 1, 20))
    assert shown.replaced_by == "2025-cf-0001"
    assert shown.replaced_by_url_path == "records/2025-cf-0001/"


def test_r_a5_notice_carries_no_facts_penalty_or_personal_data() -> None:
    rec = record(withdrawal=withdrawal())
    plan = plan_publication([rec], SETTINGS, D(2025, 2, 1))
    (item,) = public_items([_loaded(rec)], plan)
    assert isinstance(item, WithdrawalNotice)
    fields = vars(item)
    for private in ("facts", "basis", "penalty_content", "fine_yuan", "party_name", "legal_rep"):
        assert private not in fields
    shown = " ".join(str(value) for value in fields.values())
    assert rec.facts is not None and rec.facts not in shown
    assert rec.basis is not None and rec.basis not in shown
    assert "30000" not in shown


# --- R-A8: minors ------------------------------------------------------------------------------


@pytest.mark.parametrize("via_id", [True, False])
def test_r_a8_minor_at_decision_is_never_published(via_id: bool) -> None:
    """R-A8: the birth date comes from the ID number or from birth_date."""
    rec = record(party=natural_person(D(2006, 3, 2), via_id=via_id), decided="2024-03-01")
    for as_of in (D(2024, 3, 6), D(2025, 1, 1), D(2040, 1, 1)):
        entry = decide(rec, SETTINGS, as_of)
        assert (entry.state, entry.reason, entry.rule) == (State.HIDDEN, Reason.MINOR, "R-A8")
        assert entry.next_change is None


@pytest.mark.parametrize("via_id", [True, False])
def test_r_a8_adult_on_eighteenth_birthday_is_published(via_id: bool) -> None:
    rec = record(party=natural_person(D(2006, 3, 1), via_id=via_id), decided="2024-03-01")
    assert decide(rec, SETTINGS, D(2024, 3, 6)).state is State.PUBLISHED


# --- Properties over generated records --------------------------------------------------------

days = st.integers(min_value=0, max_value=4000).map(lambda n: D(2016, 1, 1) + n * ONE_DAY)
offsets = st.integers(min_value=0, max_value=2500).map(lambda n: n * ONE_DAY)


@st.composite
def parties(draw: st.DrawFn, decided: dt.date) -> dict[str, Any]:
    kind = draw(st.sampled_from(list(PartyKind)))
    if not kind.is_natural_person:
        return {"name": "示例有限公司", "kind": kind.value}
    age_days = draw(st.integers(min_value=10 * 365, max_value=60 * 365))
    return natural_person(decided - age_days * ONE_DAY, via_id=draw(st.booleans()), kind=kind.value)


@st.composite
def records(draw: st.DrawFn, record_id: str = "2024-cf-0001") -> Record:
    decided = draw(days)
    published = draw(st.one_of(st.none(), st.integers(0, 60).map(lambda n: decided + n * ONE_DAY)))
    base = published or decided
    data: dict[str, Any] = {
        "id": record_id,
        "decided": decided.isoformat(),
        "published": published.isoformat() if published else None,
        "party": draw(parties(decided)),
    }
    if draw(st.booleans()):
        act = draw(st.sampled_from([a.value for a in WithdrawalAct]))
        data["withdrawal"] = withdrawal(act, (base + draw(offsets) - 30 * ONE_DAY).isoformat())
    if draw(st.booleans()):
        data["removed"] = (base + draw(offsets)).isoformat()
    return record(**data)


settings_strategy = st.builds(Settings, auto_withdraw=st.booleans())


def _phase(state: State, reason: Reason) -> int:
    """Life of a record: not yet → published → withdrawal notice → gone (never back)."""
    if reason in (Reason.DRAFT, Reason.NOT_YET, Reason.MINOR):
        return 0
    return {State.PUBLISHED: 1, State.WITHDRAWN: 2, State.HIDDEN: 3}[state]


@settings(max_examples=200)
@given(rec=records(), config=settings_strategy, d1=days, d2=days)
def test_r_a3_r_a4_r_a5_the_life_of_a_record_only_moves_forward(
    rec: Record, config: Settings, d1: dt.date, d2: dt.date
) -> None:
    """Once gone never back; moving the as-of date forward never reveals a gone record."""
    d1, d2 = sorted((d1, d2))
    first, second = decide(rec, config, d1), decide(rec, config, d2)
    assert _phase(first.state, first.reason) <= _phase(second.state, second.reason)
    if first.reason in (Reason.EXPIRED, Reason.NOTICE_EXPIRED, Reason.REMOVED):
        assert second.state is State.HIDDEN


@settings(max_examples=200)
@given(rec=records(), config=settings_strategy, d0=days, d1=days, d2=days)
def test_r_a4_hidden_after_visible_stays_hidden(
    rec: Record, config: Settings, d0: dt.date, d1: dt.date, d2: dt.date
) -> None:
    """Visible at d0 and hidden at a later d1 implies hidden at every d2 after d1."""
    d0, d1, d2 = sorted((d0, d1, d2))
    if decide(rec, config, d0).is_visible and not decide(rec, config, d1).is_visible:
        assert not decide(rec, config, d2).is_visible


@settings(max_examples=200)
@given(rec=records(), config=settings_strategy, as_of=days)
def test_r_a5_withdrawal_always_wins_over_retention(
    rec: Record, config: Settings, as_of: dt.date
) -> None:
    """A record withdrawn on or before the as-of date never shows its original content."""
    if rec.withdrawal is not None and rec.withdrawal.date <= as_of:
        assert decide(rec, config, as_of).state is not State.PUBLISHED


@settings(max_examples=200)
@given(rec=records(), as_of=days)
def test_r_a5_withdrawn_only_between_withdrawal_and_retention_end(
    rec: Record, as_of: dt.date
) -> None:
    entry = decide(rec, SETTINGS, as_of)
    if entry.state is State.WITHDRAWN:
        assert rec.withdrawal is not None and rec.published is not None
        assert entry.retention_last_day is not None
        assert rec.withdrawal.date <= as_of <= entry.retention_last_day
        assert rec.published <= as_of


@settings(max_examples=200)
@given(rec=records(), config=settings_strategy, as_of=days)
def test_r_a3_r_a4_r_a8_visible_records_satisfy_every_rule(
    rec: Record, config: Settings, as_of: dt.date
) -> None:
    entry = decide(rec, config, as_of)
    if not entry.is_visible:
        return
    assert rec.published is not None and rec.published <= as_of  # R-A3
    assert entry.reason is not Reason.MINOR  # R-A8
    assert rec.removed is None or as_of < rec.removed  # R-A4
    if config.auto_withdraw:
        assert entry.retention_last_day is not None and as_of <= entry.retention_last_day


@settings(max_examples=200)
@given(rec=records(), config=settings_strategy, as_of=days)
def test_visible_until_is_the_last_day_of_the_current_state(
    rec: Record, config: Settings, as_of: dt.date
) -> None:
    """visible_until ≥ as_of; same state on that day, a different one the day after."""
    entry = decide(rec, config, as_of)
    if not entry.is_visible or entry.visible_until is None:
        return
    assert entry.visible_until >= as_of
    assert decide(rec, config, entry.visible_until).state is entry.state
    assert decide(rec, config, entry.visible_until + ONE_DAY).state is not entry.state


@settings(max_examples=200)
@given(rec=records(), config=settings_strategy, as_of=days)
def test_next_change_is_after_as_of_and_nothing_changes_before_it(
    rec: Record, config: Settings, as_of: dt.date
) -> None:
    entry = decide(rec, config, as_of)
    if entry.next_change is None:
        return
    assert entry.next_change > as_of
    assert decide(rec, config, entry.next_change - ONE_DAY).state is entry.state
    after = decide(rec, config, entry.next_change)
    assert (after.state, after.reason) != (entry.state, entry.reason)


@settings(max_examples=200)
@given(rec=records(), config=settings_strategy, as_of=days)
def test_last_change_is_never_after_as_of(rec: Record, config: Settings, as_of: dt.date) -> None:
    entry = decide(rec, config, as_of)
    assert entry.last_change is None or entry.last_change <= as_of
    if entry.is_visible:
        assert rec.published is not None and entry.last_change is not None
        assert entry.last_change >= rec.published


@settings(max_examples=200)
@given(rec=records(), config=settings_strategy, as_of=days)
def test_a_gone_record_last_changed_on_the_day_it_left(
    rec: Record, config: Settings, as_of: dt.date
) -> None:
    """The departure date feeds use is the day the record left, or None if it never showed."""
    entry = decide(rec, config, as_of)
    if entry.reason not in (Reason.EXPIRED, Reason.NOTICE_EXPIRED, Reason.REMOVED):
        return
    if entry.last_change is None:
        assert rec.published is not None
        assert not decide(rec, config, rec.published).is_visible
    else:
        assert decide(rec, config, entry.last_change - ONE_DAY).is_visible
        assert not decide(rec, config, entry.last_change).is_visible


def test_r_a4_removed_after_expiry_keeps_the_expiry_as_departure() -> None:
    """R-A4: a `removed` date after the period ended does not move the departure date."""
    rec = record(published="2020-03-06", decided="2020-03-02", removed="2026-01-01")
    entry = decide(rec, SETTINGS, D(2026, 2, 1))
    assert (entry.reason, entry.last_change) == (Reason.EXPIRED, D(2025, 3, 7))


@st.composite
def record_sets(draw: st.DrawFn) -> list[Record]:
    count = draw(st.integers(min_value=0, max_value=6))
    return [draw(records(record_id=f"2024-cf-{n:04d}")) for n in range(count)]


@settings(max_examples=100)
@given(recs=record_sets(), config=settings_strategy, as_of=days, seed=st.randoms())
def test_plan_does_not_depend_on_record_order(
    recs: list[Record], config: Settings, as_of: dt.date, seed: random.Random
) -> None:
    shuffled = list(recs)
    seed.shuffle(shuffled)
    plan = plan_publication(recs, config, as_of)
    assert plan == plan_publication(shuffled, config, as_of)
    assert [e.record_id for e in plan] == sorted(r.id for r in recs)
    last = plan.last_change()
    assert last is None or last <= as_of
    rebuild = plan.next_rebuild()
    assert rebuild is None or rebuild > as_of


@settings(max_examples=200)
@given(rec=records(), config=settings_strategy, as_of=days)
def test_r_a8_minor_and_draft_are_never_visible(
    rec: Record, config: Settings, as_of: dt.date
) -> None:
    entry = decide(rec, config, as_of)
    if rec.published is None:
        assert entry.reason is Reason.DRAFT
    party = rec.party
    birth = party.birth_date or (
        D(int(party.id_number[6:10]), int(party.id_number[10:12]), int(party.id_number[12:14]))
        if party.id_number
        else None
    )
    adult_from = None
    if birth is not None:
        try:
            adult_from = birth.replace(year=birth.year + 18)
        except ValueError:
            adult_from = D(birth.year + 18, 3, 1)
    if party.kind is PartyKind.NATURAL_PERSON and adult_from and rec.decided < adult_from:
        assert not entry.is_visible
