"""When the public site next changes by itself: the day a scheduled rebuild must not miss.

Every carrier is a function of the content and the as-of date (R-C). Between two edits of
`content/`, the site therefore changes only on days when a dated rule takes effect:

- a record appears on its `published` day (R-A3), leaves the day after its period (R-A4), turns
  into a withdrawal notice or leaves by hand (R-A5): `Plan.next_rebuild`;
- a correction dated after the as-of date shows on its day (R-A6);
- an annual statistics report shows from its approval day (R-A10);
- a draw page appears the day after its inspection ends, its results from `results_published`
  (R-B5);
- an officer joins or leaves the public officer list as the certificate becomes valid or
  invalid (R-A2, R-B2);
- on the first day of each month the month's page appears, empty or not (R-A2).

The "本站信息截至" line of every page changes daily and is not a rule taking effect: the daily
rebuild keeps it current, and `publisher status --next-change` does not count it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence

from publisher.annual_report import next_publication, recorded_reports
from publisher.bureau import Officer
from publisher.content import Content
from publisher.model import Record
from publisher.public_draws import is_public
from publisher.settings import Settings
from publisher.supervision.certificates import certificate_status, inspection_due
from publisher.supervision.draws import DrawRecord
from publisher.visibility import ONE_DAY, Plan, State, decide


def next_site_change(content: Content, plan: Plan) -> dt.date | None:
    """The first day after `plan.as_of` on which the public site differs (see the module)."""
    as_of = plan.as_of
    records = [loaded.record for loaded in content.records]
    return earliest(
        plan.next_rebuild(),
        next_correction(records, content.settings, as_of),
        next_publication(recorded_reports(content), as_of),
        next_draw_change([loaded.model for loaded in content.draws], as_of),
        next_officer_change(
            content.officers.officers, as_of, content.settings.supervision.annual_inspection_due
        ),
        first_of_next_month(as_of),
    )


def earliest(*days: dt.date | None) -> dt.date | None:
    return min((day for day in days if day is not None), default=None)


def first_of_next_month(day: dt.date) -> dt.date:
    """R-A2: each month has its own page from its first day, saying so when it is empty."""
    return dt.date(day.year + 1, 1, 1) if day.month == 12 else dt.date(day.year, day.month + 1, 1)


def next_correction(
    records: Iterable[Record], settings: Settings, as_of: dt.date
) -> dt.date | None:
    """R-A6: a later-dated correction shows on its day, but only on a published record (a
    notice carries none, and a hidden record shows nothing)."""
    return min(
        (
            c.date
            for record in records
            for c in record.corrections
            if c.date > as_of and decide(record, settings, c.date).state is State.PUBLISHED
        ),
        default=None,
    )


def next_draw_change(draws: Iterable[DrawRecord], as_of: dt.date) -> dt.date | None:
    """R-B5: a draw's page appears the day after its inspection ends; its results show from
    `results_published` once the page is there."""
    return min((day for draw in draws for day in draw_days(draw) if day > as_of), default=None)


def draw_days(draw: DrawRecord) -> Iterator[dt.date]:
    end = draw.plan.inspection_end
    if end is not None:
        yield end + ONE_DAY
    published = draw.results_published
    if published is not None and is_public(draw, published):
        yield published


def next_officer_change(officers: Sequence[Officer], as_of: dt.date, due: str) -> dt.date | None:
    """R-A2, R-B2: the first day an officer joins or leaves the public list. Validity only
    flips on a certificate's dated events, so those are the days to compare."""
    days = sorted({day for o in officers for day in certificate_days(o, due) if day > as_of})
    return next(
        (
            day
            for day in days
            if any(_valid(o, day, due) != _valid(o, day - ONE_DAY, due) for o in officers)
        ),
        None,
    )


def certificate_days(officer: Officer, due: str) -> Iterator[dt.date]:
    """Every day on which the certificate's validity may change."""
    yield officer.valid_from
    yield officer.valid_until + ONE_DAY
    if officer.revoked is not None:
        yield officer.revoked
    for suspension in officer.suspensions:
        yield suspension.start
        if suspension.end is not None:
            yield suspension.end + ONE_DAY
    yield from (inspection.date for inspection in officer.annual_inspections)
    # An annual inspection not passed by its due day invalidates the certificate the day
    # after; none can matter once the certificate has expired.
    for year in range(officer.valid_from.year + 1, officer.valid_until.year + 1):
        yield inspection_due(year, due) + ONE_DAY


def _valid(officer: Officer, day: dt.date, due: str) -> bool:
    return certificate_status(officer, day, due).valid
