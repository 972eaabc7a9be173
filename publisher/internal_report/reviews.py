"""Annual case-file reviews (R-B6): each year's scores, grades, vetoes and unfinished sheets.

Scores and grades are `publisher.supervision.review.review_report`, the same as
`publisher review report`; this module links each file to its score sheet.
"""

from __future__ import annotations

from publisher.content import Content, Loaded
from publisher.internal_report.locations import Locator
from publisher.internal_report.model import (
    GradeCount,
    ReviewFileRow,
    ReviewSection,
    ReviewSectionRow,
    ReviewYear,
    VetoCount,
)
from publisher.supervision.casereview import VETO_LABEL, CaseReview
from publisher.supervision.review import (
    FileResult,
    Grade,
    ReviewReport,
    SectionSummary,
    describe_missing,
    find_review,
    first_sheets,
    review_report,
)


def review_section(content: Content, locator: Locator) -> ReviewSection:
    settings = content.settings.supervision.review
    years = sorted({loaded.model.year for loaded in content.reviews}, reverse=True)
    return ReviewSection(
        full_marks=sum(item.points for item in settings.items),
        excellent=settings.excellent,
        passing=settings.passing,
        grades=tuple(grade.value for grade in Grade),
        years=tuple(
            _year(report, loaded, locator)
            for year in years
            if (report := review_report(content, year, settings)) is not None
            and (loaded := find_review(content, year)) is not None
        ),
    )


def _year(report: ReviewReport, loaded: Loaded[CaseReview], locator: Locator) -> ReviewYear:
    return ReviewYear(
        year=report.year,
        drawn=report.drawn,
        seed=report.seed,
        candidates=report.candidates,
        files=tuple(_file(result, loaded, locator) for result in report.files),
        sections=tuple(_section(summary) for summary in report.sections),
        vetoes=tuple(VetoCount(VETO_LABEL[veto], n) for veto, n in report.vetoes.items()),
        incomplete=report.incomplete,
        location=locator.at(loaded.path, loaded.line_of("year")),
    )


def _file(file: FileResult, loaded: Loaded[CaseReview], locator: Locator) -> ReviewFileRow:
    result = file.result
    sheet = first_sheets(loaded.model).get(file.record)
    # A file without a sheet is pointed at the sample, where its sheet is still missing.
    line = loaded.line_of("sheets", sheet[0]) if sheet else loaded.line_of("sample")
    return ReviewFileRow(
        record=file.record,
        section=file.section,
        reviewer=result.reviewer,
        has_sheet=file.has_sheet,
        total=result.total,
        grade=result.grade.value if result.grade is not None else None,
        complete=result.complete,
        status=file_status(file),
        vetoes=tuple(VETO_LABEL[veto] for veto in result.vetoes),
        problems=tuple(problem.message for problem in result.problems),
        location=locator.at(loaded.path, line),
    )


def file_status(file: FileResult) -> str:
    """As `publisher review report` says it: graded, unfinished (and what is missing), or a
    score the settings do not allow."""
    result = file.result
    if not file.has_sheet:
        return "没有评查表"
    if result.grade is not None:
        return f"{result.total} 分，{result.grade.value}"
    if not result.complete:
        return f"未完成（{describe_missing(result)}）"
    return "评分有误，未定等级"


def _section(summary: SectionSummary) -> ReviewSectionRow:
    return ReviewSectionRow(
        section=summary.section,
        files=summary.files,
        average=summary.average,
        grades=tuple(GradeCount(grade.value, n) for grade, n in summary.grades.items()),
        incomplete=summary.incomplete,
    )
