"""R-A10: the annual enforcement statistics report (行政执法统计年报).

The figures on a small hand-made content (year boundaries, a decision with several kinds,
withdrawn and corrected records, drafts), the built pages read as a visitor reads them (the
table, the CSV and the figures agree; every chart is an image with a name; no case is
identified, R-A8), publication from the approval date, the reminders of `publisher status`
and `publisher check`, determinism, and the demo's 2025 report.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag
from factories import credit_code, id_number, inspection, penalty, write_content, write_yaml
from test_site_build import build, snapshot

from publisher.annual_report import AnnualReport, published_reports, report_due
from publisher.checks import run_checks
from publisher.cli import format_status
from publisher.content import Content
from publisher.findings import Severity
from publisher.loader import load_content
from publisher.model import Area, PenaltyKind, Record, WithdrawalAct
from publisher.statistics import UNCLASSIFIED, YearFigures, figure_groups, year_figures
from publisher.statistics_charts import render_chart
from publisher.statistics_pages import statistics_csv, statistics_files, statistics_pages
from publisher.status import status_report
from publisher.supervision.draws import DrawRecord

PROJECT = Path(__file__).resolve().parent.parent

ADULT = {"name": "钱示例", "kind": "natural_person", "id_number": id_number(dt.date(1980, 1, 1))}
MINOR = {"name": "孙小示", "kind": "natural_person", "id_number": id_number(dt.date(2010, 2, 2))}
WITHDRAWN_PARTY = {
    "name": "青崖县撤销示例商贸有限公司",
    "kind": "legal_person",
    "credit_code": credit_code("91140121MA0W"),
    "legal_rep": "周撤示",
}


def statistics_records() -> list[dict[str, Any]]:
    """Fictional cases around the 2025/2026 boundary; the comments give what each counts as."""
    return [
        # 2025 (31 December), three kinds: once in each kind, once as a decision.
        penalty(
            id="2025-cf-0001",
            doc_no="青工信罚〔2025〕1号",
            decided="2025-12-31",
            published="2026-01-06",
            penalty={
                "kinds": ["warning", "fine", "confiscate_income"],
                "fine_yuan": 30000,
                "confiscated_yuan": 12000,
            },
        ),
        # 2026 (1 January).
        penalty(
            id="2026-cf-0001",
            doc_no="青工信罚〔2026〕1号",
            area="power",
            decided="2026-01-01",
            published="2026-01-08",
            penalty={"kinds": ["fine"], "fine_yuan": 5000},
        ),
        # Decided in 2024, revoked in 2025: a 2024 decision and a 2025 withdrawal.
        penalty(
            id="2024-cf-0003",
            doc_no="青工信罚〔2024〕3号",
            area="civil_explosives",
            party=WITHDRAWN_PARTY,
            decided="2024-06-03",
            published="2024-06-07",
            penalty={"kinds": ["fine"], "fine_yuan": 88000},
            withdrawal={
                "act": "revoked",
                "date": "2025-01-10",
                "recorded": "2025-01-13",
                "explanation": "经县人民政府行政复议，原处罚决定认定事实不清，予以撤销。",
            },
        ),
        # A natural person, corrected on 31 December 2025 (own) and 1 January 2026 (request).
        penalty(
            id="2025-cf-0002",
            doc_no="青工信罚〔2025〕2号",
            title="关于钱示例无证从事电力设施施工的行政处罚决定",
            area="power",
            party=ADULT,
            decided="2025-02-05",
            published="2025-02-10",
            penalty={"kinds": ["fine"], "fine_yuan": 2000},
            corrections=[
                {
                    "date": "2025-12-31",
                    "fields": ["facts"],
                    "summary": "更正违法事实中的日期",
                    "reason": "录入笔误",
                },
                {
                    "date": "2026-01-01",
                    "fields": ["basis"],
                    "summary": "更正处罚依据的条款",
                    "reason": "当事人申请更正",
                    "public_request": True,
                },
            ],
        ),
        # A draft: never counted, nor its withdrawal or correction.
        penalty(
            id="2025-cf-0091",
            doc_no="青工信罚〔2025〕91号",
            published=None,
            decided="2025-05-05",
            penalty={"kinds": ["order_closure"], "fine_yuan": 999999},
            withdrawal={"act": "changed", "date": "2025-06-01", "explanation": "变更。"},
            corrections=[
                {"date": "2025-07-01", "fields": ["facts"], "summary": "草稿更正", "reason": "无"}
            ],
        ),
        # A minor's case: never published (R-A8), yet counted.
        penalty(
            id="2025-cf-0093",
            doc_no="青工信罚〔2025〕93号",
            area="other",
            party=MINOR,
            decided="2025-07-15",
            published="2025-07-20",
            penalty={"kinds": ["warning"]},
        ),
        inspection(
            id="2025-jc-0001",
            decided="2025-03-03",
            published="2025-03-10",
            inspection_outcome="compliant",
        ),
        inspection(
            id="2025-jc-0002",
            area="other",
            decided="2025-12-31",
            published="2026-01-12",
            inspection_outcome="rectification",
        ),
        inspection(  # no outcome: 未分类
            id="2025-jc-0003",
            area="coal_mine_safety",
            decided="2025-11-11",
            published="2025-11-20",
        ),
        inspection(
            id="2026-jc-0001",
            decided="2026-01-01",
            published="2026-01-09",
            inspection_outcome="penalty_case",
        ),
    ]


def draw(draw_id: str, day: str, targets: int) -> DrawRecord:
    return DrawRecord.model_validate(
        {
            "plan": {"id": draw_id, "item": "DL-01", "date": day, "targets": targets},
            "seed": "01 02 03",
            "target_candidates": [],
            "officer_candidates": [],
            "teams": [
                {"target": f"t-{n}", "officers": ["甲示例", "乙示例"]} for n in range(targets)
            ],
        }
    )


DRAWS = (draw("2025-sj-09", "2025-12-31", 2), draw("2026-sj-01", "2026-01-01", 1))


def records() -> list[Record]:
    return [Record.model_validate(data) for data in statistics_records()]


@pytest.fixture(scope="module")
def figures_2025() -> YearFigures:
    return year_figures(records(), DRAWS, 2025)


# --- the figures --------------------------------------------------------------------------------


def test_r_a10_decisions_count_by_decision_year_31_december_vs_1_january(
    figures_2025: YearFigures,
) -> None:
    assert (figures_2025.penalties, figures_2025.inspections) == (3, 3)
    figures_2026 = year_figures(records(), DRAWS, 2026)
    assert (figures_2026.penalties, figures_2026.inspections) == (1, 1)
    assert figures_2025.by_month[12] == (1, 1)  # both decided on 31 December
    assert figures_2026.by_month[1] == (1, 1)  # both decided on 1 January
    assert sum(p for p, _ in figures_2025.by_month.values()) == figures_2025.penalties
    assert sum(i for _, i in figures_2025.by_month.values()) == figures_2025.inspections


def test_r_a10_a_decision_with_several_kinds_counts_in_each(figures_2025: YearFigures) -> None:
    kinds = figures_2025.by_kind
    assert list(kinds) == list(PenaltyKind)  # every kind, in the law's order
    assert kinds[PenaltyKind.WARNING] == 2
    assert kinds[PenaltyKind.FINE] == 2
    assert kinds[PenaltyKind.CONFISCATE_INCOME] == 1
    assert kinds[PenaltyKind.ORDER_CLOSURE] == 0  # only the draft had it
    assert sum(kinds.values()) == 5 > figures_2025.penalties


def test_r_a10_areas_amounts_and_outcomes(figures_2025: YearFigures) -> None:
    assert figures_2025.by_area == {
        Area.COAL_MINE_SAFETY: (1, 1),
        Area.POWER: (1, 1),
        Area.CIVIL_EXPLOSIVES: (0, 0),
        Area.OTHER: (1, 1),
    }
    assert (figures_2025.fines_yuan, figures_2025.confiscated_yuan) == (32000, 12000)
    assert figures_2025.by_outcome == {
        "compliant": 1,
        "rectification": 1,
        "penalty_case": 0,
        "other": 0,
        UNCLASSIFIED: 1,
    }


def test_r_a10_withdrawals_count_in_the_year_of_the_act(figures_2025: YearFigures) -> None:
    assert figures_2025.withdrawals[WithdrawalAct.REVOKED] == 1
    assert figures_2025.withdrawal_count == 1  # the draft's "changed" does not count
    figures_2024 = year_figures(records(), DRAWS, 2024)
    assert figures_2024.penalties == 1 and figures_2024.fines_yuan == 88000
    assert figures_2024.withdrawal_count == 0


def test_r_a10_corrections_count_by_their_date_and_how_they_came(
    figures_2025: YearFigures,
) -> None:
    assert (figures_2025.corrections_own, figures_2025.corrections_on_request) == (1, 0)
    figures_2026 = year_figures(records(), DRAWS, 2026)
    assert (figures_2026.corrections_own, figures_2026.corrections_on_request) == (0, 1)


def test_r_a10_draws_count_by_draw_date(figures_2025: YearFigures) -> None:
    assert (figures_2025.draws, figures_2025.draw_targets) == (1, 2)
    figures_2026 = year_figures(records(), DRAWS, 2026)
    assert (figures_2026.draws, figures_2026.draw_targets) == (1, 1)


def test_r_a10_drafts_are_never_counted() -> None:
    drafts = [r for r in records() if r.is_draft]
    assert drafts
    assert year_figures(drafts, (), 2025) == year_figures([], (), 2025)


def csv_rows(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with a BOM, like data/records.csv
    text = data.decode("utf-8-sig")
    assert "\r\n" in text
    return list(csv.DictReader(io.StringIO(text)))


def test_r_a10_csv_has_one_row_per_number_of_every_group(figures_2025: YearFigures) -> None:
    groups = figure_groups(figures_2025)
    rows = csv_rows(statistics_csv(2025, groups))
    expected = [
        (group.key, row.key, series.key, value)
        for group in groups
        for row in group.rows
        for series, value in zip(group.series, row.values, strict=True)
    ]
    assert [(r["group"], r["item"], r["measure"], int(r["数值"])) for r in rows] == expected
    assert {r["年度"] for r in rows} == {"2025"}


# --- the charts ---------------------------------------------------------------------------------


def test_r_a10_charts_are_deterministic_text_svg_with_a_name(figures_2025: YearFigures) -> None:
    group = figure_groups(figures_2025)[1]
    first = render_chart(group, "chart-2025-kinds", "2025年按处罚种类统计图")
    again = render_chart(group, "chart-2025-kinds", "2025年按处罚种类统计图")
    assert first.svg == again.svg
    svg = BeautifulSoup(first.svg, "html.parser").svg
    assert svg is not None
    assert svg["role"] == "img" and svg["aria-label"] == "2025年按处罚种类统计图"
    assert svg.title is not None and svg.title.get_text() == "2025年按处罚种类统计图"
    labels = [t.get_text() for t in svg.find_all("text")]
    assert "限制开展生产经营活动" in labels  # text stays text (svg.fonttype: none)
    assert "font-family" not in first.svg  # the page's font applies
    assert "<?xml" not in first.svg and "metadata" not in first.svg


# --- publication and reminders ------------------------------------------------------------------


def load(root: Path) -> Content:
    result = load_content(root)
    assert result.content is not None, [f.format_text() for f in result.findings]
    return result.content


def reports_file(root: Path, *reports: dict[str, Any]) -> None:
    write_yaml(root / "annual_reports.yaml", {"reports": list(reports)})


@pytest.fixture
def content_root(tmp_path: Path) -> Path:
    root = write_content(tmp_path / "content", statistics_records())
    reports_file(root, {"year": 2024, "published": "2025-01-20"})
    return root


def test_r_a10_a_report_shows_from_its_approval_date(content_root: Path) -> None:
    reports_file(
        content_root,
        {"year": 2024, "published": "2025-01-20"},
        {"year": 2025, "published": "2026-01-23", "note": "说明"},
    )
    content = load(content_root)

    def paths(as_of: str) -> list[str]:
        return [p.path for p in statistics_pages(content, dt.date.fromisoformat(as_of))]

    assert paths("2026-01-22") == ["statistics/", "statistics/2024/"]
    assert paths("2026-01-23") == ["statistics/", "statistics/2025/", "statistics/2024/"]
    assert list(statistics_files(content, dt.date(2026, 1, 22))) == [
        "statistics/2024/statistics.csv"
    ]
    assert "statistics/2025/statistics.csv" in statistics_files(content, dt.date(2026, 1, 23))
    assert [p.path for p in statistics_pages(content, dt.date(2025, 1, 19))] == ["statistics/"]


def test_r_a10_published_reports_one_per_year_newest_first() -> None:
    reports = [
        AnnualReport(year=2024, published=dt.date(2025, 1, 20)),
        AnnualReport(year=2025, published=dt.date(2026, 1, 23)),
    ]
    assert [r.year for r in published_reports(reports, dt.date(2026, 6, 1))] == [2025, 2024]


def r_a10(content: Content, as_of: dt.date) -> list[Any]:
    return [f for f in run_checks(content, as_of) if f.rule == "R-A10"]


def test_r_a10_status_reminds_from_1_january_and_check_warns_after_31_january(
    content_root: Path,
) -> None:
    content = load(content_root)  # the 2024 report is recorded, the 2025 one is not
    assert status_report(content, dt.date(2025, 12, 31)).annual_report is None
    assert r_a10(content, dt.date(2025, 12, 31)) == []
    for day in (dt.date(2026, 1, 1), dt.date(2026, 1, 31)):
        due = status_report(content, day).annual_report
        assert due is not None and due.year == 2025 and not due.overdue
        assert due.due == dt.date(2026, 1, 31)
        assert r_a10(content, day) == []  # not yet late: only the status reminds
        text = format_status(status_report(content, day))
        assert "提醒：2025 年行政执法统计年报应于 2026-01-31 前公布" in text
    late = status_report(content, dt.date(2026, 2, 1))
    assert late.annual_report is not None and late.annual_report.overdue
    assert "逾期" in format_status(late)
    (finding,) = r_a10(content, dt.date(2026, 2, 1))
    assert finding.severity is Severity.WARNING
    assert finding.file.endswith("annual_reports.yaml")
    assert "2025" in finding.message and "逾期" in finding.message


def test_r_a10_a_scheduled_report_is_still_due_until_its_day(content_root: Path) -> None:
    reports_file(
        content_root,
        {"year": 2024, "published": "2025-01-20"},
        {"year": 2025, "published": "2026-01-23"},
    )
    content = load(content_root)
    due = status_report(content, dt.date(2026, 1, 22)).annual_report
    assert due is not None and due.scheduled == dt.date(2026, 1, 23)
    assert "2026-01-23" in due.message()
    assert status_report(content, dt.date(2026, 1, 23)).annual_report is None
    # The report's day is a day the site must be rebuilt on.
    assert status_report(content, dt.date(2026, 1, 22)).next_rebuild == dt.date(2026, 1, 23)


def test_r_a10_without_the_file_the_check_still_warns(tmp_path: Path) -> None:
    content = load(write_content(tmp_path / "content", statistics_records()))
    assert report_due([], dt.date(2026, 3, 1)) is not None
    (finding,) = r_a10(content, dt.date(2026, 3, 1))
    assert finding.line is None and finding.file.endswith("annual_reports.yaml")


def test_r_a10_duplicate_years_and_early_approval_are_errors(content_root: Path) -> None:
    reports_file(
        content_root,
        {"year": 2024, "published": "2025-01-20"},
        {"year": 2024, "published": "2025-01-21"},
        {"year": 2025, "published": "2025-12-30"},
        {"year": 2023, "published": "2024-02-05"},
    )
    findings = r_a10(load(content_root), dt.date(2026, 1, 10))
    errors = sorted((f.line, f.message) for f in findings if f.severity is Severity.ERROR)
    assert len(errors) == 2
    assert "重复" in errors[0][1] and "早于该年度结束" in errors[1][1]
    late = [f for f in findings if f.severity is Severity.WARNING]
    assert len(late) == 1 and "晚于 2024-01-31" in late[0].message


def test_r_a10_a_broken_reports_file_stops_the_build(content_root: Path) -> None:
    (content_root / "annual_reports.yaml").write_text(
        "reports:\n  - year: 2025\n    published: 不是日期\n", encoding="utf-8"
    )
    result = load_content(content_root)
    assert result.content is None
    (finding,) = [f for f in result.findings if f.rule == "R-A10"]
    assert finding.severity is Severity.ERROR and finding.line == 3


# --- the built site -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("statistics")
    root = write_content(base / "content", statistics_records())
    reports_file(
        root,
        {"year": 2024, "published": "2025-01-20"},
        {"year": 2025, "published": "2026-01-23", "note": "本年度统计口径说明。"},
        {"year": 2026, "published": "2027-01-15"},  # approved for a later day: not yet shown
    )
    result = build(root, base / "output", DISCLOSURE_SEARCH="false")
    assert result.returncode == 0, result.stderr
    return base / "output"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def table_numbers(section: Tag) -> list[tuple[str, list[int]]]:
    rows = []
    for tr in section.select("table tbody tr"):
        header = tr.find("th")
        assert isinstance(header, Tag)
        values = [int(td.get_text().replace(",", "")) for td in tr.find_all("td")]
        rows.append((header.get_text(strip=True), values))
    return rows


def check_report_page(output: Path, year: int, figures: YearFigures) -> None:
    """Every group: the table, the CSV and the figures hold the same numbers, and the
    chart beside them is an SVG image with a name."""
    page = soup(output / "statistics" / str(year) / "index.html")
    rows = csv_rows((output / "statistics" / str(year) / "statistics.csv").read_bytes())
    groups = figure_groups(figures)
    sections = page.select("section[data-group]")
    assert [s["data-group"] for s in sections] == [g.key for g in groups]
    for section, group in zip(sections, groups, strict=True):
        table = table_numbers(section)
        assert [label for label, _ in table] == [
            row.label if group.common_unit else f"{row.label}（{row.unit}）" for row in group.rows
        ]
        from_table = [v for _, values in table for v in values]
        from_csv = [int(r["数值"]) for r in rows if r["group"] == group.key]
        from_figures = [v for row in group.rows for v in row.values]
        assert from_table == from_csv == from_figures, group.key
        svg = section.find("svg")
        assert isinstance(svg, Tag), group.key
        assert svg["role"] == "img" and str(svg["aria-label"]).startswith(f"{year}年")
        assert svg.find("title") is not None
    link = page.find("a", string=re.compile("CSV"))
    assert isinstance(link, Tag)
    folder = output / "statistics" / str(year)
    assert (folder / str(link["href"])).resolve() == (folder / "statistics.csv").resolve()
    ids = [tag["id"] for tag in page.find_all(id=True)]
    assert len(ids) == len(set(ids))  # several charts, no shared id


def test_r_a10_report_page_table_csv_and_figures_agree(site: Path) -> None:
    # This content has no draw records: its draw figures are zero.
    check_report_page(site, 2025, year_figures(records(), (), 2025))
    check_report_page(site, 2024, year_figures(records(), (), 2024))


def test_r_a10_index_lists_the_published_years_and_home_and_sitemap_link_it(site: Path) -> None:
    index = soup(site / "statistics" / "index.html")
    links = [(site / "statistics" / str(a["href"])).resolve() for a in index.select(".entry-title")]
    assert links == [site / "statistics" / y / "index.html" for y in ("2025", "2024")]
    assert not (site / "statistics" / "2026").exists()  # approved for 2027-01-15
    home = soup(site / "index.html")
    assert home.find("a", href="statistics/index.html") is not None
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "/statistics/</loc>" in sitemap and "/statistics/2025/</loc>" in sitemap
    assert "/statistics/2026/" not in sitemap
    page = soup(site / "statistics" / "2025" / "index.html")
    assert "本年度统计口径说明。" in page.get_text()
    assert "2026年1月23日" in page.get_text()


def test_r_a10_no_case_is_identified_on_the_statistics_pages(site: Path) -> None:
    """R-A8: counts only. The minor's and the natural person's cases count, but no id,
    document number, name or code of any case reaches these pages or the CSV."""
    data = statistics_records()
    secrets = {r["id"] for r in data} | {r.get("doc_no") or r["id"] for r in data}
    for record in data:
        party = record["party"]
        secrets |= {party["name"], party.get("legal_rep") or party["name"]}
        secrets |= {
            party.get("credit_code") or party["name"],
            party.get("id_number") or party["name"],
        }
    files = sorted((site / "statistics").rglob("*.*"))
    assert len(files) == 1 + 2 * 2  # index, and a page and a CSV per published year
    for path in files:
        text = path.read_text(encoding="utf-8-sig")
        found = [secret for secret in secrets if secret in text]
        assert found == [], (path, found)
        assert "records/" not in text


def test_r_a10_two_builds_are_byte_identical(tmp_path: Path, site: Path) -> None:
    root = write_content(tmp_path / "content", statistics_records())
    reports_file(
        root,
        {"year": 2024, "published": "2025-01-20"},
        {"year": 2025, "published": "2026-01-23", "note": "本年度统计口径说明。"},
        {"year": 2026, "published": "2027-01-15"},
    )
    result = build(root, tmp_path / "again", DISCLOSURE_SEARCH="false")
    assert result.returncode == 0, result.stderr
    assert snapshot(tmp_path / "again") == snapshot(site)


# --- the demo -----------------------------------------------------------------------------------

DEMO_2025 = {
    "overview": [7, 3],
    "kinds": [1, 0, 6, 0, 1, 1, 0, 0, 1, 0, 0, 0, 0],
    "areas": [3, 1, 2, 1, 1, 0, 1, 1],
    "months": [0, 0, 0, 0, 1, 1, 1, 0, 1, 0, 0, 1, 1, 0, 1, 0, 1, 0, 1, 0, 0, 1, 0, 0],
    "amounts": [257500, 36000],
    "outcomes": [2, 1, 0, 0, 0],
    "withdrawals": [0, 0, 1, 0, 0],
    "corrections": [1, 1],
    "draws": [1, 2],
}


def test_r_a10_the_demo_records_approved_reports_for_2019_to_2025() -> None:
    content = load(PROJECT / "content")
    assert content.annual_reports is not None
    reports = content.annual_reports.model.reports
    assert [r.year for r in reports] == list(range(2019, 2026))
    assert all(r.published.year == r.year + 1 and r.published.month == 1 for r in reports)
    assert r_a10(content, dt.date(2026, 11, 28)) == []


def test_r_a10_the_demo_2025_report_shows_the_demo_figures(tmp_path: Path) -> None:
    content = load(PROJECT / "content")
    figures = year_figures(
        [r.record for r in content.records], [d.model for d in content.draws], 2025
    )
    assert {
        g.key: [v for row in g.rows for v in row.values] for g in figure_groups(figures)
    } == DEMO_2025
    demo = tmp_path / "content"
    shutil.copytree(PROJECT / "content", demo)
    result = build(demo, tmp_path / "output", DISCLOSURE_SEARCH="false")
    assert result.returncode == 0, result.stderr
    check_report_page(tmp_path / "output", 2025, figures)
    years = [
        a.get_text()
        for a in soup(tmp_path / "output" / "statistics" / "index.html").select(".entry-title")
    ]
    assert years == [f"{y}年行政执法统计年报" for y in range(2025, 2018, -1)]
