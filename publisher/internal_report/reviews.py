"""Annual case-file reviews (R-B6): how far each year's review has got.

ADAPTER: `publisher.supervision.review.review_report(content, year, settings)` is being written
beside this module and will score and grade the sheets. Until it lands, `review_section` counts
completed sheets itself (`sheet_completed`); switch it to `review_report` once it does.
"""

from __future__ import annotations

from publisher.content import Content, Loaded
from publisher.internal_report.locations import Locator
from publisher.internal_report.model import ReviewRow
from publisher.settings import Settings
from publisher.supervision.casereview import CaseReview, ScoreSheet


def sheet_completed(sheet: ScoreSheet, settings: Settings) -> bool:
    """Every configured item scored, or a veto item (which zeroes the file anyway)."""
    codes = {item.code for item in settings.supervision.review.items}
    return bool(sheet.vetoes) or codes <= set(sheet.scores)


def review_section(content: Content, locator: Locator) -> tuple[ReviewRow, ...]:
    rows = [_row(loaded, content.settings, locator) for loaded in content.reviews]
    return tuple(sorted(rows, key=lambda row: row.year, reverse=True))


def _row(loaded: Loaded[CaseReview], settings: Settings, locator: Locator) -> ReviewRow:
    review = loaded.model
    sample = set(review.sample)
    sheets = [sheet for sheet in review.sheets if sheet.record in sample]
    return ReviewRow(
        year=review.year,
        drawn=review.drawn,
        candidates=len(review.candidates),
        sample=len(review.sample),
        sheets=len(sheets),
        completed=sum(1 for sheet in sheets if sheet_completed(sheet, settings)),
        location=locator.at(loaded.path, loaded.line_of("sheets")),
    )
