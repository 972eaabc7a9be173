"""Unit tests of `publisher.site`: the page list and listing structures, without Pelican."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from factories import id_number, inspection, penalty, write_content, write_yaml

from publisher.content import Content
from publisher.labels import format_date
from publisher.loader import load_content
from publisher.public import public_items
from publisher.site import (
    NO_PENALTY_MESSAGE,
    MonthSummary,
    Page,
    PublicOfficer,
    format_money,
    listing_pages,
    month_range,
    site_pages,
)
from publisher.visibility import plan_publication

AS_OF = dt.date(2026, 11, 28)


def load(root: Path, records: list[dict[str, Any]]) -> Content:
    write_content(root, records)
    result = load_content(root)
    assert result.content is not None, result.findings
    return result.content


def pages_for(content: Content, as_of: dt.date = AS_OF) -> dict[str, Page]:
    plan = plan_publication([r.record for r in content.records], content.settings, as_of)
    items = public_items(content.records, plan)
    pages = site_pages(items, plan, content)
    by_path = {page.path: page for page in pages}
    assert len(by_path) == len(pages), "two pages at one address"
    return by_path


def test_dates_and_money_are_formatted_for_readers() -> None:
    assert format_date(dt.date(2024, 3, 6)) == "2024年3月6日"
    assert format_date(None) == ""
    assert format_money(1234567) == "1,234,567"


def test_month_range_spans_years_inclusively() -> None:
    months = month_range(dt.date(2024, 11, 30), dt.date(2025, 2, 1))
    assert months == [(2024, 11), (2024, 12), (2025, 1), (2025, 2)]


def test_page_root_climbs_back_to_the_site_root() -> None:
    home = Page(path="", template="index", title="首页", section="", context={})
    record = Page(path="records/x-1/", template="record", title="t", section="", context={})
    month = Page(path="years/2024/03/", template="month", title="t", section="", context={})
    assert (home.root, record.root, month.root) == ("", "../../", "../../../")
    assert month.output_file == "years/2024/03/index.html"


def test_every_month_from_first_publication_to_as_of_has_a_page(tmp_path: Path) -> None:
    content = load(
        tmp_path / "c",
        [
            penalty(published="2024-03-06"),
            inspection(published="2024-05-20", decided="2024-05-10"),
        ],
    )
    pages = pages_for(content)
    month_pages = sorted(p for p in pages if p.startswith("years/") and p.count("/") == 3)
    assert month_pages[0] == "years/2024/03/"
    assert month_pages[-1] == "years/2026/11/"
    assert len(month_pages) == 10 + 12 + 11
    empty: MonthSummary = pages_for(content)["years/2024/04/"].context["month"]  # type: ignore[assignment]
    assert empty.count == 0
    assert pages["years/2024/04/"].context["no_penalty_message"] == NO_PENALTY_MESSAGE
    # An inspection does not make a month a month with penalty decisions (R-A2).
    may: MonthSummary = pages["years/2024/05/"].context["month"]  # type: ignore[assignment]
    assert may.penalties == () and [e.id for e in may.inspections] == ["2024-jc-0001"]


def test_hidden_records_get_no_page_and_no_listing(tmp_path: Path) -> None:
    minor = {
        "name": "赵小示",
        "kind": "natural_person",
        "id_number": id_number(dt.date(2010, 1, 1)),
    }
    content = load(
        tmp_path / "c",
        [
            penalty(),
            penalty(id="2024-cf-0009", doc_no="青工信罚〔2024〕9号", published=None),
            penalty(id="2026-cf-0001", doc_no="青工信罚〔2026〕1号", published="2026-12-01"),
            penalty(id="2024-cf-0008", doc_no="青工信罚〔2024〕8号", party=minor),
        ],
    )
    pages = pages_for(content)
    assert "records/2024-cf-0001/" in pages
    for hidden in ("2024-cf-0009", "2026-cf-0001", "2024-cf-0008"):
        assert f"records/{hidden}/" not in pages
        for page in pages.values():
            assert hidden not in repr(page.context)


def test_withdrawn_record_becomes_a_notice_that_links_its_replacement(tmp_path: Path) -> None:
    withdrawal = {
        "act": "revoked",
        "date": "2025-01-10",
        "recorded": "2025-01-12",
        "explanation": "经行政复议，原决定被撤销。",
        "replaced_by": "2025-cf-0001",
    }
    content = load(
        tmp_path / "c",
        [
            penalty(withdrawal=withdrawal),
            penalty(id="2025-cf-0001", doc_no="青工信罚〔2025〕1号", published="2025-02-10"),
        ],
    )
    page = pages_for(content)["records/2024-cf-0001/"]
    assert page.template == "notice"
    assert not page.searchable
    notice: Any = page.context["notice"]
    assert notice.replaced_by_url_path == "records/2025-cf-0001/"
    assert not hasattr(notice, "facts")
    assert pages_for(content)["records/2025-cf-0001/"].searchable


def test_corrections_page_lists_published_records_newest_first(tmp_path: Path) -> None:
    corrections = [
        {"date": "2024-04-01", "fields": ["facts"], "summary": "更正日期", "reason": "笔误"},
        {"date": "2024-05-01", "fields": ["party.name"], "summary": "更正名称", "reason": "申请",
         "public_request": True},
        {"date": "2027-01-01", "fields": ["basis"], "summary": "将来的更正", "reason": "无"},
    ]  # fmt: skip
    content = load(tmp_path / "c", [penalty(corrections=corrections)])
    listed: Any = pages_for(content)["corrections/"].context["corrections"]
    assert [c.date for c in listed] == [dt.date(2024, 5, 1), dt.date(2024, 4, 1)]
    assert listed[0].public_request and listed[0].fields == ("行政相对人名称",)
    assert pages_for(content)["corrections/"].lastmod == dt.date(2024, 5, 1)


def test_officer_list_shows_only_valid_certificates_and_public_fields(tmp_path: Path) -> None:
    """R-A2, R-B2: expired, revoked, suspended and unexamined certificates drop off the list;
    a certificate whose suspension has ended is back on it."""
    root = tmp_path / "c"
    until = "2029-01-01"
    suspended = [{"start": "2026-11-01", "ground": "3.1.3"}]
    suspension_over = [{"start": "2026-01-01", "end": "2026-02-01", "ground": "3.1.1"}]
    # The 2026 inspection fell due on 31 March and was never passed.
    examined_to_2025 = [{"year": y, "date": f"{y}-03-01"} for y in range(2020, 2026)]
    write_yaml(
        root / "officers.yaml",
        {
            "officers": [
                officer("甲示例", "QYZF001", valid_until=until),
                officer("乙示例", "QYZF002", valid_until="2026-01-01"),
                officer("丙示例", "QYZF003", valid_until=until, revoked="2026-06-01"),
                officer("丁示例", "QYZF004", valid_until=until, suspensions=suspended),
                officer(
                    "戊示例", "QYZF005", valid_until=until, annual_inspections=examined_to_2025
                ),
                officer("己示例", "QYZF006", valid_until=until, suspensions=suspension_over),
            ]
        },
    )
    content = load(root, [penalty()])
    officers: Any = pages_for(content)["about/officers/"].context["officers"]
    assert officers == (
        PublicOfficer("甲示例", "QYZF001", ("煤矿安全监管",)),
        PublicOfficer("己示例", "QYZF006", ("煤矿安全监管",)),
    )


def test_home_lists_the_latest_items_and_pages_carry_lastmod(tmp_path: Path) -> None:
    records = [
        penalty(
            id=f"2024-cf-{n:04d}", doc_no=f"青工信罚〔2024〕{n}号", published=f"2024-03-{n:02d}"
        )
        for n in range(1, 13)
    ]
    content = load(tmp_path / "c", records)
    pages = pages_for(content)
    latest: Any = pages[""].context["latest"]
    assert [e.id for e in latest] == [f"2024-cf-{n:04d}" for n in range(12, 2, -1)]
    assert pages["records/2024-cf-0005/"].lastmod == dt.date(2024, 3, 5)
    assert pages["about/rules/"].lastmod is None


def test_all_areas_and_kinds_have_pages(tmp_path: Path) -> None:
    pages = pages_for(load(tmp_path / "c", [penalty()]))
    for path in (
        "areas/coal_mine_safety/",
        "areas/power/",
        "areas/civil_explosives/",
        "areas/other/",
        "kinds/penalty/",
        "kinds/inspection/",
        "about/",
        "about/procedures/",
        "about/inspection-items/",
        "about/rules/",
    ):
        assert path in pages


def officer(name: str, number: str, **fields: Any) -> dict[str, Any]:
    """A certificate issued in 2019 and examined every year to 2026 (R-B2: an unexamined
    certificate is invalid); `fields` replace any of it."""
    return {
        "name": name,
        "certificate_no": number,
        "areas": ["coal_mine_safety"],
        "section": "煤矿安全监管科",
        "valid_from": "2019-01-15",
        "annual_inspections": [
            {"year": year, "date": f"{year}-03-01", "passed": True} for year in range(2020, 2027)
        ],
        **fields,
    }


def test_long_listings_are_split_into_linked_pages(tmp_path: Path) -> None:
    records = [
        penalty(id=f"2024-cf-{n:04d}", doc_no=f"青工信罚〔2024〕{n}号", published="2024-03-06")
        for n in range(1, 6)
    ]
    pages = pages_for(load(tmp_path / "c", records))
    entries: Any = pages["kinds/penalty/"].context["entries"]
    listed = listing_pages("kinds/penalty/", "行政处罚决定", "kinds/penalty/", entries, "", (), 2)
    assert [p.path for p in listed] == [
        "kinds/penalty/",
        "kinds/penalty/page/2/",
        "kinds/penalty/page/3/",
    ]
    middle: Any = listed[1].context["pagination"]
    assert (middle.previous_path, middle.next_path) == ("kinds/penalty/", "kinds/penalty/page/3/")
    assert [len(p.context["entries"]) for p in listed] == [2, 2, 1]  # type: ignore[arg-type]
    empty = listing_pages("areas/other/", "其他", "areas/", (), "暂无", (), 2)
    assert len(empty) == 1 and empty[0].context["entries"] == ()
