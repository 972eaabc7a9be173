"""The visibility engine: what each record shows on the as-of date, until when, and why.

A pure function of the records, the settings and the as-of date (no clock, no files), so the
same inputs always give the same plan. Rules: R-A3 (when visible), R-A4 (retention), R-A5
(withdrawal notices), R-A8 (minors are never published).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from operator import attrgetter

from publisher.idnumber import birth_date_of, is_minor_on
from publisher.model import Record
from publisher.retention import retention_last_day
from publisher.settings import Settings

ONE_DAY = dt.timedelta(days=1)


class State(StrEnum):
    HIDDEN = "hidden"
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"


class Reason(StrEnum):
    DRAFT = "draft"
    NOT_YET = "not_yet"
    MINOR = "minor"
    PUBLISHED = "published"
    PAST_PERIOD_KEPT = "past_period_kept"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"
    NOTICE_EXPIRED = "notice_expired"
    REMOVED = "removed"


_RULE: Mapping[Reason, str] = {
    Reason.DRAFT: "R-A3",
    Reason.NOT_YET: "R-A3",
    Reason.MINOR: "R-A8",
    Reason.PUBLISHED: "R-A3",
    Reason.PAST_PERIOD_KEPT: "R-A4",
    Reason.EXPIRED: "R-A4",
    Reason.WITHDRAWN: "R-A5",
    Reason.NOTICE_EXPIRED: "R-A5",
    Reason.REMOVED: "R-A4",
}


@dataclass(frozen=True)
class PlanEntry:
    """The publication decision for one record on the as-of date."""

    record_id: str
    state: State
    reason: Reason
    why: str
    """A sentence in 简体中文 for staff (shown by `publisher status`)."""
    visible_until: dt.date | None
    """The last day the current state shows, if the content says so; None when hidden or
    when automatic withdrawal is off."""
    retention_last_day: dt.date | None
    """The last day of the R-A4 period; None for drafts and minors' cases."""
    next_change: dt.date | None
    """The next day on which this record's state changes by a rule (rebuild needed)."""
    last_change: dt.date | None
    """The latest day, not after the as-of date, on which this record's public appearance
    changed: publication, a correction, a withdrawal or its departure."""

    @property
    def rule(self) -> str:
        return _RULE[self.reason]

    @property
    def is_visible(self) -> bool:
        return self.state is not State.HIDDEN


@dataclass(frozen=True)
class Plan:
    """The publication plan: one entry per record, in record-id order."""

    as_of: dt.date
    entries: tuple[PlanEntry, ...]

    def __iter__(self) -> Iterator[PlanEntry]:
        return iter(self.entries)

    def entry(self, record_id: str) -> PlanEntry:
        for entry in self.entries:
            if entry.record_id == record_id:
                return entry
        raise KeyError(record_id)

    def by_id(self) -> dict[str, PlanEntry]:
        return {entry.record_id: entry for entry in self.entries}

    def visible(self) -> tuple[PlanEntry, ...]:
        return tuple(entry for entry in self.entries if entry.is_visible)

    def kept_past_period(self) -> tuple[PlanEntry, ...]:
        """Records still shown (as a result or a notice) after their R-A4 period ended,
        which happens only when automatic withdrawal is off."""
        return tuple(
            entry
            for entry in self.visible()
            if entry.retention_last_day is not None and entry.retention_last_day < self.as_of
        )

    def next_rebuild(self) -> dt.date | None:
        """The next date on which the site must be rebuilt for a rule to take effect."""
        dates = [e.next_change for e in self.entries if e.next_change is not None]
        return min(dates, default=None)

    def last_change(self) -> dt.date | None:
        """The latest change to any carrier; feeds use it as their own `updated`."""
        dates = [e.last_change for e in self.entries if e.last_change is not None]
        return max(dates, default=None)


def plan_publication(records: Iterable[Record], settings: Settings, as_of: dt.date) -> Plan:
    """Decide every record's state on `as_of`. Order of `records` does not matter."""
    entries = sorted(
        (decide(record, settings, as_of) for record in records), key=attrgetter("record_id")
    )
    return Plan(as_of=as_of, entries=tuple(entries))


def party_birth_date(record: Record) -> dt.date | None:
    party = record.party
    if party.birth_date is not None:
        return party.birth_date
    if party.id_number is not None:
        return birth_date_of(party.id_number)
    return None


def was_minor_at_decision(record: Record) -> bool:
    """R-A8: a case whose party was a minor at the decision date is never published.

    The operator of a 个体工商户 is a natural person too (民法典 第五十四条): when a birth date
    is known for one, the same rule applies."""
    if not record.party.kind.is_natural_person:
        return False
    birth = party_birth_date(record)
    return birth is not None and is_minor_on(birth, record.decided)


def decide(record: Record, settings: Settings, as_of: dt.date) -> PlanEntry:
    """The plan entry of one record; see the module docstring for the rules."""
    published = record.published
    if published is None:
        return _hidden(record, Reason.DRAFT, "草稿：未填写公示日期，不公开", None, None, None)
    if was_minor_at_decision(record):
        return _hidden(record, Reason.MINOR, "当事人作出决定时未成年，永不公开", None, None, None)
    last_day = retention_last_day(published, record.party.kind, settings)
    if as_of < published:
        removed = record.removed
        if removed is not None and removed <= published:
            # Taken down before it ever showed: its publication day changes nothing, so it
            # is no day to rebuild on (`publisher status --next-change`).
            why = f"人工撤下日期 {removed.isoformat()} 不晚于公示日期，不会公示"
            return _hidden(record, Reason.NOT_YET, why, last_day, None, None)
        why = f"将于 {published.isoformat()} 公示"
        return _hidden(record, Reason.NOT_YET, why, last_day, published, None)
    return _decide_after_publication(record, published, last_day, settings, as_of)


def _decide_after_publication(
    record: Record,
    published: dt.date,
    last_day: dt.date,
    settings: Settings,
    as_of: dt.date,
) -> PlanEntry:
    expires = last_day + ONE_DAY if settings.auto_withdraw else None
    removed = record.removed
    # A record the period already took off is not taken off again by a later `removed`: its
    # departure (and the feeds' `updated`) stays the expiry day.
    if removed is not None and removed <= as_of and (expires is None or removed < expires):
        why = f"已于 {removed.isoformat()} 人工撤下"
        left_on = removed if removed > published else None  # never shown: nothing changed
        return _hidden(record, Reason.REMOVED, why, last_day, None, left_on)
    if expires is not None and as_of >= expires:
        reason = Reason.NOTICE_EXPIRED if _withdrawn_by(record, as_of) else Reason.EXPIRED
        why = f"公示期已于 {last_day.isoformat()} 届满，自 {expires.isoformat()} 起撤下"
        return _hidden(record, reason, why, last_day, None, expires)
    ends = [d for d in (expires, removed) if d is not None]
    withdrawal = record.withdrawal
    if withdrawal is not None and withdrawal.date <= as_of:
        return PlanEntry(
            record_id=record.id,
            state=State.WITHDRAWN,
            reason=Reason.WITHDRAWN,
            why=f"原决定自 {max(withdrawal.date, published).isoformat()} 起撤下，显示撤下说明",
            visible_until=_day_before(min(ends, default=None)),
            retention_last_day=last_day,
            next_change=min(ends, default=None),
            last_change=max(withdrawal.date, published),
        )
    if withdrawal is not None:
        ends.append(withdrawal.date)
    past_period = as_of > last_day
    corrections = [c.date for c in record.corrections if c.date <= as_of]
    return PlanEntry(
        record_id=record.id,
        state=State.PUBLISHED,
        reason=Reason.PAST_PERIOD_KEPT if past_period else Reason.PUBLISHED,
        why=(
            f"公示期已于 {last_day.isoformat()} 届满，自动撤下已关闭，需人工撤下"
            if past_period
            else f"公示中，公示期至 {last_day.isoformat()}"
        ),
        visible_until=_day_before(min(ends, default=None)),
        retention_last_day=last_day,
        next_change=min(ends, default=None),
        last_change=max([published, *corrections]),
    )


def _withdrawn_by(record: Record, day: dt.date) -> bool:
    return record.withdrawal is not None and record.withdrawal.date <= day


def _day_before(day: dt.date | None) -> dt.date | None:
    return None if day is None else day - ONE_DAY


def _hidden(
    record: Record,
    reason: Reason,
    why: str,
    last_day: dt.date | None,
    next_change: dt.date | None,
    left_on: dt.date | None,
) -> PlanEntry:
    return PlanEntry(
        record_id=record.id,
        state=State.HIDDEN,
        reason=reason,
        why=why,
        visible_until=None,
        retention_last_day=last_day,
        next_change=next_change,
        last_change=left_on,
    )
