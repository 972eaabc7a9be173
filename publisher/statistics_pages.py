"""The annual statistics report's pages and CSV files (行政执法统计年报, R-A10).

`statistics/` lists the reports on the site; `statistics/<year>/` shows one report, each
figure group as an inline SVG chart and a table with the same numbers; beside it,
`statistics/<year>/statistics.csv` holds those numbers again. All three come from the same
`FigureGroup` rows, so they cannot disagree. A report shows from the day the bureau approved
it (`content/annual_reports.yaml`, `published` on or before the as-of date).

Only counts and sums reach these pages (R-A8): no record id, name or text of any case.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from publisher.annual_report import AnnualReport, published_reports, recorded_reports
from publisher.content import Content
from publisher.memo import Memo
from publisher.redaction import mask_text
from publisher.site import Crumb, Page
from publisher.statistics import (
    FigureGroup,
    YearFigures,
    figure_groups,
    figures_by_year,
)
from publisher.statistics_charts import Chart, ChartRequest, render_charts

STATISTICS_PATH = "statistics/"
STATISTICS_TITLE = "行政执法统计年报"
CSV_NAME = "statistics.csv"
CSV_COLUMNS = ("年度", "分组", "项目", "指标", "数值", "单位", "group", "item", "measure")


@dataclass(frozen=True)
class ReportSummary:
    """One line of the reports index."""

    year: int
    path: str
    published: dt.date
    penalties: int
    inspections: int


@dataclass(frozen=True)
class GroupView:
    group: FigureGroup
    chart: Chart

    @property
    def heading_id(self) -> str:
        return f"{self.group.key}-heading"


@dataclass(frozen=True)
class ReportView:
    """One year's report as its page shows it."""

    year: int
    path: str
    csv_path: str
    published: dt.date
    note: str | None
    figures: YearFigures
    groups: tuple[GroupView, ...]


def report_path(year: int) -> str:
    return f"{STATISTICS_PATH}{year}/"


def csv_path(year: int) -> str:
    return f"{report_path(year)}{CSV_NAME}"


def figures_of(content: Content, year: int) -> YearFigures:
    return figures_of_years(content, [year])[year]


def figures_of_years(content: Content, years: Iterable[int]) -> dict[int, YearFigures]:
    """Each year's figures; every record is looked at once, not once per year."""
    records = (loaded.record for loaded in content.records)
    return figures_by_year(records, [draw.model for draw in content.draws], years)


def statistics_pages(content: Content, as_of: dt.date, charts: Memo | None = None) -> list[Page]:
    """The index and one page per report on the site on `as_of`, newest year first. The
    charts are kept in `charts` (the memo of the build): only those whose figures, titles
    or labels changed are drawn again."""
    reports = published_reports(recorded_reports(content), as_of)
    figures = figures_of_years(content, [report.year for report in reports])
    views = report_views(reports, figures, charts)
    home = Crumb("", "首页")
    index = Page(
        path=STATISTICS_PATH,
        template="statistics",
        title=STATISTICS_TITLE,
        section=STATISTICS_PATH,
        context={
            "reports": tuple(
                ReportSummary(
                    year=r.year,
                    path=report_path(r.year),
                    published=r.published,
                    penalties=figures[r.year].penalties,
                    inspections=figures[r.year].inspections,
                )
                for r in reports
            )
        },
        lastmod=max((r.published for r in reports), default=None),
        crumbs=(home,),
    )
    crumbs = (home, Crumb(STATISTICS_PATH, STATISTICS_TITLE))
    return [index, *(report_page(view, crumbs) for view in views)]


def report_views(
    reports: Sequence[AnnualReport], figures: Mapping[int, YearFigures], charts: Memo | None
) -> list[ReportView]:
    """Each report's page content; every chart of every report is drawn in one go, so that
    the charts to draw are spread over the cores together."""
    groups = {report.year: figure_groups(figures[report.year]) for report in reports}
    requests = [
        ChartRequest(group, chart_id(report.year, group), chart_label(report.year, group))
        for report in reports
        for group in groups[report.year]
    ]
    drawn = iter(render_charts(requests, charts))
    return [
        ReportView(
            year=report.year,
            path=report_path(report.year),
            csv_path=csv_path(report.year),
            published=report.published,
            note=mask_text(report.note) if report.note else None,
            figures=figures[report.year],
            groups=tuple(GroupView(group, next(drawn)) for group in groups[report.year]),
        )
        for report in reports
    ]


def report_page(view: ReportView, crumbs: tuple[Crumb, ...]) -> Page:
    return Page(
        path=view.path,
        template="statistics_year",
        title=f"{view.year}年{STATISTICS_TITLE}",
        section=STATISTICS_PATH,
        context={"report": view},
        lastmod=view.published,
        crumbs=crumbs,
    )


def chart_id(year: int, group: FigureGroup) -> str:
    return f"chart-{year}-{group.key}"


def chart_label(year: int, group: FigureGroup) -> str:
    return f"{year}年{group.title}统计图（数据见下表）"


# --- CSV ----------------------------------------------------------------------------------------


def statistics_files(content: Content, as_of: dt.date) -> dict[str, bytes]:
    """`statistics/<year>/statistics.csv` for every report on the site on `as_of`."""
    reports = published_reports(recorded_reports(content), as_of)
    figures = figures_of_years(content, [report.year for report in reports])
    return {
        csv_path(report.year): statistics_csv(report.year, figure_groups(figures[report.year]))
        for report in reports
    }


def statistics_csv(year: int, groups: Sequence[FigureGroup]) -> bytes:
    """One row per number, in page order: UTF-8 with a BOM and CRLF line ends, like
    `data/records.csv` (publisher.opendata), so that Excel reads the Chinese."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for group in groups:
        for row in group.rows:
            for series, value in zip(group.series, row.values, strict=True):
                labels = (year, group.title, row.label, series.label, value, row.unit)
                writer.writerow((*labels, group.key, row.key, series.key))
    return buffer.getvalue().encode("utf-8-sig")
