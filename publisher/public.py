"""What the public may see of a record (R-A8, R-A5, R-C): built from an explicit list of
public fields, never from the record itself.

Every carrier (pages, feeds, open data, sitemap) is built from these views, so a field that
is not copied here cannot reach the public. Free text is masked on the way in.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from publisher.bureau import Bureau
from publisher.content import LoadedRecord
from publisher.labels import (
    AREA,
    PARTY_KIND,
    PENALTY_KIND,
    PUBLIC_FIELD,
    RECORD_TYPE,
    WITHDRAWAL_ACT,
)
from publisher.model import Area, PartyKind, PenaltyKind, Record, RecordType, WithdrawalAct
from publisher.redaction import NUMBER_PRECHECK
from publisher.redaction import mask_text as _mask_numbers
from publisher.safetext import NOT_CARRIED, carrier_text
from publisher.settings import Settings
from publisher.visibility import Plan, PlanEntry, State


@dataclass(frozen=True)
class PublicCorrection:
    date: dt.date
    fields: tuple[str, ...]
    """Labels of the corrected fields (简体中文)."""
    summary: str
    reason: str
    public_request: bool


@dataclass(frozen=True)
class PublicAttachment:
    source: str
    """Path relative to the content folder (copied only while the record is published)."""
    url_path: str
    """Path relative to the site root."""
    title: str


@dataclass(frozen=True, slots=True)
class PublicRecord:
    """A published record's public fields.

    With slots: past 30 attributes an instance no longer shares its dictionary's keys with
    the others, and 50,000 published records would take 1.5 kB each instead of 0.3 kB."""

    id: str
    type: RecordType
    type_label: str
    title: str
    doc_no: str | None
    area: Area
    area_label: str
    party_name: str
    party_kind: PartyKind
    party_kind_label: str
    credit_code: str | None
    legal_rep: str | None
    decided: dt.date
    published: dt.date
    updated: dt.date
    """The latest correction date not after the as-of date, else `published`."""
    violation_type: str | None
    facts: str | None
    basis: str | None
    penalty_kinds: tuple[PenaltyKind, ...]
    penalty_labels: tuple[str, ...]
    penalty_content: str | None
    fine_yuan: int
    confiscated_yuan: int
    license: str | None
    penalty_valid_until: dt.date | None
    result: str | None
    inspection_item: str | None
    corrections: tuple[PublicCorrection, ...]
    """Newest first (R-A6)."""
    attachments: tuple[PublicAttachment, ...]
    visible_until: dt.date | None
    url_path: str

    @property
    def state(self) -> State:
        return State.PUBLISHED

    @property
    def is_corrected(self) -> bool:
        return self.updated != self.published


@dataclass(frozen=True)
class WithdrawalNotice:
    """What stays at a withdrawn record's address (R-A5): no facts, penalty or personal data."""

    id: str
    type: RecordType
    type_label: str
    title: str
    doc_no: str | None
    area: Area
    area_label: str
    decided: dt.date
    published: dt.date
    withdrawn: dt.date
    act: WithdrawalAct
    act_label: str
    explanation: str
    replaced_by: str | None
    """The id of the replacing record, only while that record is visible."""
    replaced_by_title: str | None
    replaced_by_url_path: str | None
    visible_until: dt.date | None
    url_path: str

    @property
    def state(self) -> State:
        return State.WITHDRAWN

    @property
    def updated(self) -> dt.date:
        return self.withdrawn


PublicItem = PublicRecord | WithdrawalNotice


@dataclass(frozen=True)
class CorrectionHowTo:
    """How to ask for a correction (R-A7), shown on every published record's page: the
    bureau's channels and deadline only, never anything from the request register."""

    workdays: int
    """settings deadlines.correction_request_workdays."""
    phone: str
    email: str
    address: str
    hours: str
    form_url: str

    @property
    def has_channels(self) -> bool:
        return any((self.phone, self.email, self.address, self.hours, self.form_url))


def correction_how_to(settings: Settings, bureau: Bureau | None) -> CorrectionHowTo:
    """The channels of settings `correction_requests`; where it names no phone, e-mail,
    address or hours, those of bureau.yaml's supervision channels (R-A2) instead."""
    own = settings.correction_requests
    if own.has_contacts or bureau is None:
        phone, email, address, hours = own.phone, own.email, own.address, own.hours
    else:
        channels = bureau.supervision
        phone, email, address, hours = (
            channels.phone,
            channels.email,
            channels.address,
            channels.hours,
        )
    return CorrectionHowTo(
        workdays=settings.deadlines.correction_request_workdays,
        phone=carrier_text(phone),
        email=carrier_text(email),
        address=carrier_text(address),
        hours=carrier_text(hours),
        form_url=own.form_url,
    )


def record_url_path(record_id: str) -> str:
    return f"records/{record_id}/"


def public_items(records: Sequence[LoadedRecord], plan: Plan) -> list[PublicItem]:
    """The public view of every visible record, newest publication first, then by id."""
    entries = plan.by_id()
    by_id = {loaded.record.id: loaded.record for loaded in records}
    items: list[PublicItem] = []
    for record_id in sorted(by_id):
        entry = entries[record_id]
        if entry.state is State.PUBLISHED:
            items.append(public_record(by_id[record_id], entry, plan.as_of))
        elif entry.state is State.WITHDRAWN:
            items.append(withdrawal_notice(by_id[record_id], entry, entries, by_id))
    items.sort(key=lambda item: (item.published, item.id), reverse=True)
    return items


def public_record(record: Record, entry: PlanEntry, as_of: dt.date) -> PublicRecord:
    assert record.published is not None  # a published entry always has a date
    party = record.party
    organisation = not party.kind.is_natural_person
    penalty = record.penalty
    corrections = tuple(
        PublicCorrection(
            date=c.date,
            fields=tuple(PUBLIC_FIELD.get(name, name) for name in c.fields),
            summary=mask_text(c.summary),
            reason=mask_text(c.reason),
            public_request=c.by_request,
        )
        for c in sorted(record.corrections, key=lambda c: c.date, reverse=True)
        if c.date <= as_of
    )
    return PublicRecord(
        id=record.id,
        type=record.type,
        type_label=RECORD_TYPE[record.type],
        title=mask_text(record.title),
        doc_no=record.doc_no,
        area=record.area,
        area_label=AREA[record.area],
        party_name=mask_text(party.name),
        party_kind=party.kind,
        party_kind_label=PARTY_KIND[party.kind],
        credit_code=party.credit_code if party.kind is not PartyKind.NATURAL_PERSON else None,
        legal_rep=mask_text(party.legal_rep) if organisation and party.legal_rep else None,
        decided=record.decided,
        published=record.published,
        updated=max([record.published, *(c.date for c in corrections)]),
        violation_type=_masked(record.violation_type),
        facts=_masked(record.facts),
        basis=_masked(record.basis),
        penalty_kinds=tuple(penalty.kinds) if penalty else (),
        penalty_labels=tuple(PENALTY_KIND[k] for k in penalty.kinds) if penalty else (),
        penalty_content=_penalty_content(record),
        fine_yuan=penalty.fine_yuan if penalty else 0,
        confiscated_yuan=penalty.confiscated_yuan if penalty else 0,
        license=_masked(penalty.license) if penalty else None,
        penalty_valid_until=penalty.valid_until if penalty else None,
        result=_masked(record.result),
        inspection_item=record.inspection_item,
        corrections=corrections,
        attachments=tuple(
            PublicAttachment(
                source=a.file,
                url_path=f"{record_url_path(record.id)}{a.file.rsplit('/', 1)[-1]}",
                title=mask_text(a.title),
            )
            for a in record.attachments
        ),
        visible_until=entry.visible_until,
        url_path=record_url_path(record.id),
    )


def withdrawal_notice(
    record: Record,
    entry: PlanEntry,
    entries: Mapping[str, PlanEntry],
    records: Mapping[str, Record],
) -> WithdrawalNotice:
    withdrawal = record.withdrawal
    assert withdrawal is not None and record.published is not None
    replacement = withdrawal.replaced_by
    shown = (
        replacement is not None
        and replacement in entries
        and (entries[replacement].state is State.PUBLISHED)
    )
    return WithdrawalNotice(
        id=record.id,
        type=record.type,
        type_label=RECORD_TYPE[record.type],
        title=mask_text(record.title),
        doc_no=record.doc_no,
        area=record.area,
        area_label=AREA[record.area],
        decided=record.decided,
        published=record.published,
        withdrawn=max(withdrawal.date, record.published),
        act=withdrawal.act,
        act_label=WITHDRAWAL_ACT[withdrawal.act],
        explanation=mask_text(withdrawal.explanation),
        replaced_by=replacement if shown else None,
        replaced_by_title=mask_text(records[replacement].title) if shown and replacement else None,
        replaced_by_url_path=record_url_path(replacement) if shown and replacement else None,
        visible_until=entry.visible_until,
        url_path=record_url_path(record.id),
    )


def mask_text(text: str) -> str:
    """Public text: personal numbers masked (R-A8), characters no carrier can hold and
    bidirectional controls removed (`publisher.safetext`)."""
    if _MAY_CHANGE.search(text) is None:
        return text
    return _mask_numbers(carrier_text(text))


# Either pre-check: text matching neither holds nothing to remove or mask, which is nearly
# all of it, so one search settles it (250,000 texts at 100,000 records).
_MAY_CHANGE = re.compile(f"{NOT_CARRIED.pattern}|{NUMBER_PRECHECK.pattern}")


def _masked(text: str | None) -> str | None:
    return None if text is None else mask_text(text)


def _penalty_content(record: Record) -> str | None:
    penalty = record.penalty
    if penalty is None:
        return None
    if penalty.content:
        return mask_text(penalty.content)
    parts: list[str] = []
    for kind in penalty.kinds:
        if kind is PenaltyKind.FINE and penalty.fine_yuan:
            parts.append(f"罚款人民币 {penalty.fine_yuan:,} 元")
        elif kind in (PenaltyKind.CONFISCATE_INCOME, PenaltyKind.CONFISCATE_PROPERTY):
            amount = f" {penalty.confiscated_yuan:,} 元" if penalty.confiscated_yuan else ""
            parts.append(f"{PENALTY_KIND[kind]}{amount}")
        else:
            parts.append(PENALTY_KIND[kind])
    return "；".join(parts)
