"""The public website's structure: which pages exist, what each lists, and when it changed.

Pure and Pelican-free: the Pelican plugin renders these pages with the theme's templates, and
the sitemap lists them. Every page is built from the public views of `publisher.public` (never
from records), so what is hidden on the as-of date cannot appear in any listing (R-A3, R-A4,
R-A5, R-A8). Every listing has a fixed order, so the same inputs give the same site (R-C).
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from publisher.bureau import InspectionItem, Officer
from publisher.content import Content
from publisher.labels import AREA, RECORD_TYPE
from publisher.memo import Memo
from publisher.model import Area, PartyKind, RecordType
from publisher.public import (
    CorrectionHowTo,
    PublicItem,
    PublicRecord,
    WithdrawalNotice,
    correction_how_to,
)
from publisher.public_draws import DRAWS_PATH, PublicDraw, draw_example, public_draws
from publisher.settings import Settings
from publisher.supervision.certificates import certificate_status
from publisher.visibility import Plan, State

if TYPE_CHECKING:
    from publisher.search_facets import SearchFacet  # imports this module

NO_PENALTY_MESSAGE = "本月无行政处罚案件"  # R-A2: an empty month says so explicitly
NO_INSPECTION_MESSAGE = "本月无行政检查结果"
LISTING_PAGE_SIZE = 50  # entries per page of every paged listing

# List addresses (docs/design.md, "Lists"). Record pages live only under `records/<id>/`; every
# list lives in a folder of its own outside `records/`, its later pages under `page/<n>/` and
# its sort variants under `sort/<name>/`. No record id, document number or facet value can
# produce a list's address, and no list page can take a record's (tests/test_list_paths.py).
LIST_PATH = "list/"
PARTY_TYPES_PATH = "party-types/"
PAGE_SEGMENT = "page"
SORT_SEGMENT = "sort"

# The main navigation: (path relative to the site root, label). "" is the home page.
NAV: tuple[tuple[str, str], ...] = (
    ("", "首页"),
    ("kinds/penalty/", "行政处罚"),
    ("kinds/inspection/", "行政检查"),
    ("years/", "按年月"),
    ("areas/", "按领域"),
    ("corrections/", "更正记录"),
    ("about/", "事前公开"),
)
# The search page's entry, appended to NAV when the build writes a search index.
SEARCH_NAV: tuple[str, str] = ("search/", "站内搜索")

KIND_SLUG: Mapping[RecordType, str] = {
    RecordType.PENALTY: "penalty",
    RecordType.INSPECTION: "inspection",
}


@dataclass(frozen=True)
class Crumb:
    path: str
    label: str


@dataclass(frozen=True)
class Page:
    """One page of the site, rendered to `<path>index.html` under the output folder."""

    path: str
    """Relative to the site root, directory style: "records/2024-cf-0003/"; "" is home."""
    template: str
    """Template name without extension, e.g. "record"."""
    title: str
    section: str
    """The navigation entry this page belongs to (a path from NAV)."""
    context: Mapping[str, object] = field(compare=False)
    lastmod: dt.date | None = None
    crumbs: tuple[Crumb, ...] = ()
    """The breadcrumb links above this page, from 首页 down; the page itself follows them."""
    searchable: bool = False
    """Only published record pages go into the search index (notices never do)."""
    current_crumb: str = ""
    """The last breadcrumb (this page, not a link); empty: the page's title."""

    @property
    def output_file(self) -> str:
        return f"{self.path}index.html"

    @property
    def root(self) -> str:
        """The prefix from this page back to the site root, so links work under any
        sub-path of the county portal and when the output folder is opened locally."""
        return "../" * self.path.count("/")

    @property
    def crumb_label(self) -> str:
        return self.current_crumb or self.title


@dataclass(frozen=True)
class ListEntry:
    """One line of a listing: the same fields for published records and notices, so that
    templates never reach for a field a notice does not have."""

    id: str
    path: str
    title: str
    state: State
    type: RecordType
    type_label: str
    area: Area
    area_label: str
    doc_no: str | None
    party_name: str | None
    """None for withdrawal notices: the notice carries no party data (R-A5)."""
    party_kind: PartyKind | None
    """None for withdrawal notices, for the same reason."""
    fine_yuan: int | None
    """A published penalty decision's fine (0 without one); None for inspection results and
    for notices, which carry no penalty (R-A5)."""
    decided: dt.date
    published: dt.date
    updated: dt.date
    visible_until: dt.date | None
    """The last day this entry shows in its current state (R-A4, R-A5); None when automatic
    withdrawal is off."""

    @property
    def is_withdrawn(self) -> bool:
        return self.state is State.WITHDRAWN


@dataclass(frozen=True)
class MonthSummary:
    year: int
    month: int
    path: str
    penalties: tuple[ListEntry, ...]
    inspections: tuple[ListEntry, ...]

    @property
    def label(self) -> str:
        return f"{self.year}年{self.month}月"

    @property
    def count(self) -> int:
        return len(self.penalties) + len(self.inspections)


@dataclass(frozen=True)
class YearSummary:
    year: int
    path: str
    months: tuple[MonthSummary, ...]

    @property
    def penalty_count(self) -> int:
        return sum(len(m.penalties) for m in self.months)

    @property
    def inspection_count(self) -> int:
        return sum(len(m.inspections) for m in self.months)

    @property
    def entries(self) -> tuple[ListEntry, ...]:
        """Everything published in the year, newest first."""
        return newest_first(e for m in self.months for e in (*m.penalties, *m.inspections))


@dataclass(frozen=True)
class AreaSummary:
    area: Area
    label: str
    path: str
    entries: tuple[ListEntry, ...]


@dataclass(frozen=True)
class PartyType:
    """A group of party kinds with a list of its own (`party-types/<slug>/`)."""

    slug: str
    label: str
    kinds: tuple[PartyKind, ...]
    description: str

    @property
    def path(self) -> str:
        return f"{PARTY_TYPES_PATH}{self.slug}/"


# Two groups, along the line the rules draw: a 个体工商户 is a natural person (民法典 第五十四条;
# R-A4 gives both 2 years), organisations are everything else. Natural persons' own names are
# public on their live record pages (R-A8 forbids only *other* natural persons' names and the
# personal numbers), so their list shows the same entry fields as every other list.
PARTY_TYPES: tuple[PartyType, ...] = (
    PartyType(
        "natural-person",
        "自然人和个体工商户",
        (PartyKind.NATURAL_PERSON, PartyKind.INDIVIDUAL_BUSINESS),
        "公民个人，以及按自然人对待的个体工商户",
    ),
    PartyType(
        "organization",
        "法人和其他组织",
        (PartyKind.LEGAL_PERSON, PartyKind.OTHER_ORGANIZATION),
        "企业等法人，以及不具有法人资格的其他组织",
    ),
)
PARTY_TYPE_NOTE = (
    "已撤下公示的决定只保留撤下公示说明，不再显示当事人信息，因此不按当事人类型列出；"
    "可在全部公示信息和按类别、年份、领域的列表中查看。"
)


@dataclass(frozen=True)
class PartyTypeSummary:
    party_type: PartyType
    entries: tuple[ListEntry, ...]


@dataclass(frozen=True)
class SortOrder:
    """One pre-built order of a main list; `slug` "" is the default at the list's own address."""

    slug: str
    label: str
    description: str
    arrange: Callable[[Iterable[ListEntry]], tuple[ListEntry, ...]] = field(compare=False)


@dataclass(frozen=True)
class SortLink:
    path: str
    label: str
    current: bool


@dataclass(frozen=True)
class FilterLink:
    path: str
    label: str
    current: bool = False


@dataclass(frozen=True)
class FilterGroup:
    label: str
    links: tuple[FilterLink, ...]


@dataclass(frozen=True)
class FilterBar:
    """The filter links on every list page: one facet at a time, the current one marked."""

    groups: tuple[FilterGroup, ...]
    current_label: str
    """What this list is filtered by, e.g. "执法领域：电力监管"; "" when no link is current."""


@dataclass(frozen=True)
class CorrectionEntry:
    """One correction on the site-wide corrections page (R-A6)."""

    date: dt.date
    record_id: str
    record_path: str
    record_title: str
    fields: tuple[str, ...]
    summary: str
    reason: str
    public_request: bool


@dataclass(frozen=True)
class PublicOfficer:
    """The public part of an officer (R-A2): never the section or certificate dates."""

    name: str
    certificate_no: str
    area_labels: tuple[str, ...]


@dataclass(frozen=True)
class PublicInspectionItem:
    code: str
    name: str
    area_label: str
    basis: str
    targets: str
    method: str
    ratio: str


# ---------------------------------------------------------------------------------------------
# Formatting used by the templates (registered as Jinja filters by the plugin).


def format_money(yuan: int) -> str:
    """30000 → 30,000 (thousands separators; the template adds the unit)."""
    return f"{yuan:,}"


# ---------------------------------------------------------------------------------------------
# Listing structures.


def list_entry(item: PublicItem) -> ListEntry:
    record = item if isinstance(item, PublicRecord) else None
    return ListEntry(
        id=item.id,
        path=item.url_path,
        title=item.title,
        state=item.state,
        type=item.type,
        type_label=item.type_label,
        area=item.area,
        area_label=item.area_label,
        doc_no=item.doc_no,
        party_name=record.party_name if record else None,
        party_kind=record.party_kind if record else None,
        fine_yuan=record.fine_yuan if record and record.type is RecordType.PENALTY else None,
        decided=item.decided,
        published=item.published,
        updated=item.updated,
        visible_until=item.visible_until,
    )


_BY_PUBLICATION = operator.attrgetter("published", "id")
"""The sort key of the lists by date: made in C, a lambda costs twice as much over the
hundred-odd lists of 100,000 records."""


def newest_first(entries: Iterable[ListEntry]) -> tuple[ListEntry, ...]:
    return tuple(sorted(entries, key=_BY_PUBLICATION, reverse=True))


def oldest_first(entries: Iterable[ListEntry]) -> tuple[ListEntry, ...]:
    return tuple(sorted(entries, key=_BY_PUBLICATION))


def highest_fine_first(entries: Iterable[ListEntry]) -> tuple[ListEntry, ...]:
    """By fine, highest first; equal fines newest first. Entries without a fine amount
    (inspection results, withdrawal notices, which must not reveal the revoked penalty,
    R-A5) come last, newest first."""
    return tuple(
        sorted(
            newest_first(entries),
            key=lambda e: -1 if e.fine_yuan is None else e.fine_yuan,
            reverse=True,  # Python keeps a stable order for equal keys also when reversed
        )
    )


NEWEST = SortOrder("", "最新公示在前", "按公示日期从新到旧排列", newest_first)
OLDEST = SortOrder("oldest", "最早公示在前", "按公示日期从旧到新排列", oldest_first)
BY_FINE = SortOrder(
    "fine",
    "罚款金额从高到低",
    "按罚款金额从高到低排列，金额相同的按公示日期从新到旧；已撤下公示的决定不显示金额，排在最后",
    highest_fine_first,
)


def month_range(first: dt.date, last: dt.date) -> list[tuple[int, int]]:
    """Every (year, month) from the month of `first` to the month of `last`, inclusive."""
    months: list[tuple[int, int]] = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def month_path(year: int, month: int) -> str:
    return f"years/{year}/{month:02d}/"


def year_summaries(entries: Sequence[ListEntry], as_of: dt.date) -> tuple[YearSummary, ...]:
    """Years and months by publication date, from the first publication month to the as-of
    month; months without entries are kept so that the site can say so (R-A2)."""
    first = min((e.published for e in entries), default=as_of)
    by_month: dict[tuple[int, int], list[ListEntry]] = {}
    for entry in entries:
        by_month.setdefault((entry.published.year, entry.published.month), []).append(entry)
    years: dict[int, list[MonthSummary]] = {}
    for year, month in month_range(min(first, as_of), as_of):
        in_month = by_month.get((year, month), [])
        summary = MonthSummary(
            year=year,
            month=month,
            path=month_path(year, month),
            penalties=newest_first(e for e in in_month if e.type is RecordType.PENALTY),
            inspections=newest_first(e for e in in_month if e.type is RecordType.INSPECTION),
        )
        years.setdefault(year, []).append(summary)
    return tuple(
        YearSummary(year=year, path=f"years/{year}/", months=tuple(months))
        for year, months in sorted(years.items(), reverse=True)
    )


def area_summaries(entries: Sequence[ListEntry]) -> tuple[AreaSummary, ...]:
    """Every area, including those without records (so their page says so)."""
    return tuple(
        AreaSummary(
            area=area,
            label=AREA[area],
            path=f"areas/{area.value}/",
            entries=newest_first(e for e in entries if e.area is area),
        )
        for area in Area
    )


def party_type_summaries(entries: Sequence[ListEntry]) -> tuple[PartyTypeSummary, ...]:
    """Published records by party type. Withdrawal notices carry no party (R-A5), so they
    are in no party-type list."""
    return tuple(
        PartyTypeSummary(
            party_type=party_type,
            entries=newest_first(e for e in entries if e.party_kind in party_type.kinds),
        )
        for party_type in PARTY_TYPES
    )


def kind_path(kind: RecordType) -> str:
    return f"kinds/{KIND_SLUG[kind]}/"


def facet_groups(years: Sequence[YearSummary]) -> tuple[FilterGroup, ...]:
    """The filter bar's links, none current: each leads to a pre-built list of one facet."""
    return (
        FilterGroup("全部", (FilterLink(LIST_PATH, "全部公示信息"),)),
        FilterGroup("类别", tuple(FilterLink(kind_path(k), RECORD_TYPE[k]) for k in KIND_SLUG)),
        FilterGroup("公示年份", tuple(FilterLink(y.path, f"{y.year}年") for y in years)),
        FilterGroup("执法领域", tuple(FilterLink(f"areas/{a.value}/", AREA[a]) for a in Area)),
        FilterGroup("当事人类型", tuple(FilterLink(t.path, t.label) for t in PARTY_TYPES)),
    )


def filter_bar(groups: Sequence[FilterGroup], current: str) -> FilterBar:
    """The filter bar of the list at `current` (its first page's path)."""
    marked = tuple(
        FilterGroup(
            group.label,
            tuple(replace(link, current=link.path == current) for link in group.links),
        )
        for group in groups
    )
    label = next(
        (
            link.label if link.path == LIST_PATH else f"{group.label}：{link.label}"
            for group in marked
            for link in group.links
            if link.current
        ),
        "",
    )
    return FilterBar(groups=marked, current_label=label)


def correction_entries(items: Sequence[PublicItem]) -> tuple[CorrectionEntry, ...]:
    """Corrections of published records only, newest first (R-A6); a withdrawn record's
    corrections would reveal its original content, so they leave with it."""
    entries = [
        CorrectionEntry(
            date=correction.date,
            record_id=item.id,
            record_path=item.url_path,
            record_title=item.title,
            fields=correction.fields,
            summary=correction.summary,
            reason=correction.reason,
            public_request=correction.public_request,
        )
        for item in items
        if isinstance(item, PublicRecord)
        for correction in item.corrections
    ]
    return tuple(sorted(entries, key=lambda c: (c.date, c.record_id), reverse=True))


def public_officers(
    officers: Iterable[Officer], as_of: dt.date, inspection_due: str = "03-31"
) -> tuple[PublicOfficer, ...]:
    """Officers with a valid certificate on the as-of date (R-A2, R-B2), by certificate:
    expired, revoked, suspended and unexamined certificates drop off."""
    listed = [
        PublicOfficer(
            name=officer.name,
            certificate_no=officer.certificate_no,
            area_labels=tuple(AREA[area] for area in officer.areas),
        )
        for officer in officers
        if certificate_status(officer, as_of, inspection_due).valid
    ]
    return tuple(sorted(listed, key=lambda o: (o.certificate_no, o.name)))


def public_inspection_items(items: Iterable[InspectionItem]) -> tuple[PublicInspectionItem, ...]:
    return tuple(
        PublicInspectionItem(
            code=item.code,
            name=item.name,
            area_label=AREA[item.area],
            basis=item.basis,
            targets=item.targets,
            method=item.method,
            ratio=item.ratio,
        )
        for item in sorted(items, key=lambda i: i.code)
    )


def latest_change(entries: Iterable[ListEntry]) -> dt.date | None:
    return max((e.updated for e in entries), default=None)


# ---------------------------------------------------------------------------------------------
# Pages.


def common_context(
    settings: Settings, site_url: str, as_of: dt.date, outputs: Mapping[str, bool]
) -> dict[str, object]:
    """What every template may use besides its page's own context. `outputs["search"]`
    adds the search page to the navigation."""
    return {
        "site_title": settings.site_title,
        "organ": settings.organ,
        "footer": settings.footer,
        "site_url": site_url.rstrip("/"),
        "as_of": as_of,
        "nav": (*NAV, SEARCH_NAV) if outputs.get("search") else NAV,
        "outputs": dict(outputs),
    }


def site_pages(
    items: Sequence[PublicItem],
    plan: Plan,
    content: Content,
    *,
    search: bool = False,
    page_size: int = LISTING_PAGE_SIZE,
    charts: Memo | None = None,
) -> tuple[Page, ...]:
    """Every page of the site for the plan's as-of date, in a fixed order; `search` adds
    the search page (the index itself is written by the plugin, over the same pages);
    `page_size` is the number of entries on a page of a list; `charts` keeps the
    statistics charts between builds (`publisher.statistics_pages`)."""
    from publisher.search_facets import search_facets  # imports this module
    from publisher.statistics_pages import statistics_pages  # imports this module

    as_of = plan.as_of
    entries = newest_first(list_entry(item) for item in items)
    years = year_summaries(entries, as_of)
    facets = facet_groups(years)
    pages: list[Page] = [home_page(entries, content.settings, years)]
    pages.extend(record_pages(items, content))
    pages.extend(main_list_pages(entries, facets, page_size))
    pages.extend(year_pages(years, facets, page_size))
    pages.extend(area_pages(area_summaries(entries), facets, page_size))
    pages.extend(kind_pages(entries, facets, page_size))
    pages.extend(party_type_pages(party_type_summaries(entries), facets, page_size))
    pages.append(corrections_page(correction_entries(items)))
    pages.extend(about_pages(content, as_of))
    pages.extend(draw_pages(public_draws(content, items, as_of), content.settings))
    pages.extend(statistics_pages(content, as_of, charts))  # R-A10, annual_reports.yaml
    if search:
        pages.append(search_page(search_facets(items).facets))
    return tuple(pages)


def home_page(
    entries: Sequence[ListEntry], settings: Settings, years: Sequence[YearSummary]
) -> Page:
    latest = entries[: settings.home_latest]
    return Page(
        path="",
        template="index",
        title="首页",
        section="",
        context={
            "latest": latest,
            "years": years,
            "penalty_count": count_published(entries, RecordType.PENALTY),
            "inspection_count": count_published(entries, RecordType.INSPECTION),
        },
        lastmod=latest_change(latest),
    )


def count_published(entries: Iterable[ListEntry], kind: RecordType) -> int:
    """Records in force; withdrawal notices are listed but are not decisions in force."""
    return sum(1 for e in entries if e.type is kind and e.state is State.PUBLISHED)


def record_pages(items: Sequence[PublicItem], content: Content) -> list[Page]:
    item_names = {i.code: i.name for i in content.inspection_items.items}
    how_to = correction_how_to(content.settings, content.bureau)
    pages = [record_page(item, item_names, how_to) for item in items]
    return sorted(pages, key=lambda p: p.path)


def record_page(
    item: PublicItem, item_names: Mapping[str, str], how_to: CorrectionHowTo | None = None
) -> Page:
    """A published record's page, or the withdrawal notice at its address (R-A5). Only the
    record page says how to ask for a correction (R-A7): a notice carries no original
    content left to correct."""
    section = f"kinds/{KIND_SLUG[item.type]}/"
    crumbs = (Crumb("", "首页"), Crumb(section, RECORD_TYPE[item.type]))
    if isinstance(item, WithdrawalNotice):
        return Page(
            path=item.url_path,
            template="notice",
            title=f"撤下公示说明：{item.title}",
            section=section,
            context={"notice": item},
            lastmod=item.updated,
            crumbs=crumbs,
        )
    inspection_name = item_names.get(item.inspection_item or "")
    return Page(
        path=item.url_path,
        template="record",
        title=item.title,
        section=section,
        context={"record": item, "inspection_name": inspection_name, "correction_help": how_to},
        lastmod=item.updated,
        crumbs=crumbs,
        searchable=True,
    )


HOME_CRUMB = Crumb("", "首页")


def main_list_pages(
    entries: Sequence[ListEntry], facets: Sequence[FilterGroup], per_page: int
) -> list[Page]:
    """`list/`: every published record and withdrawal notice, newest or oldest first."""
    return sorted_listing_pages(
        LIST_PATH,
        "全部公示信息",
        LIST_PATH,
        entries,
        "暂无公示信息",
        (HOME_CRUMB,),
        (NEWEST, OLDEST),
        filter_bar(facets, LIST_PATH),
        per_page,
    )


def year_pages(
    years: Sequence[YearSummary], facets: Sequence[FilterGroup], per_page: int
) -> list[Page]:
    """`years/`, and for each year its months and a list of everything published in it."""
    index = Crumb("years/", "按年月")
    pages = [
        Page(
            path="years/",
            template="years",
            title="按年月浏览",
            section="years/",
            context={"years": years},
            crumbs=(HOME_CRUMB,),
        )
    ]
    for year in years:
        filters = filter_bar(facets, year.path)
        pages.extend(
            listing_pages(
                year.path,
                f"{year.year}年公示信息",
                "years/",
                year.entries,
                "本年暂无公示信息",
                (HOME_CRUMB, index),
                per_page,
                template="year",
                context={"year": year, "filters": filters},
                current_crumb=f"{year.year}年",
            )
        )
        year_crumb = Crumb(year.path, f"{year.year}年")
        pages.extend(
            month_page(month, (HOME_CRUMB, index, year_crumb), filters) for month in year.months
        )
    return pages


def month_page(month: MonthSummary, crumbs: tuple[Crumb, ...], filters: FilterBar) -> Page:
    return Page(
        path=month.path,
        template="month",
        title=month.label,
        section="years/",
        context={
            "month": month,
            "no_penalty_message": NO_PENALTY_MESSAGE,
            "no_inspection_message": NO_INSPECTION_MESSAGE,
            "filters": filters,
        },
        lastmod=latest_change((*month.penalties, *month.inspections)),
        crumbs=crumbs,
    )


def area_pages(
    areas: Sequence[AreaSummary], facets: Sequence[FilterGroup], per_page: int
) -> list[Page]:
    pages = [
        Page(
            path="areas/",
            template="areas",
            title="按执法领域浏览",
            section="areas/",
            context={"areas": areas},
            crumbs=(HOME_CRUMB,),
        )
    ]
    for area in areas:
        pages.extend(
            listing_pages(
                area.path,
                area.label,
                "areas/",
                area.entries,
                "该领域暂无公示信息",
                (HOME_CRUMB, Crumb("areas/", "按领域")),
                per_page,
                context={"filters": filter_bar(facets, area.path)},
            )
        )
    return pages


def kind_pages(
    entries: Sequence[ListEntry], facets: Sequence[FilterGroup], per_page: int
) -> list[Page]:
    """The two main lists by kind; penalty decisions can also be read by fine."""
    titles = {RecordType.PENALTY: "行政处罚决定", RecordType.INSPECTION: "行政检查结果"}
    empty = {RecordType.PENALTY: "暂无行政处罚决定", RecordType.INSPECTION: "暂无行政检查结果"}
    orders = {
        RecordType.PENALTY: (NEWEST, OLDEST, BY_FINE),
        RecordType.INSPECTION: (NEWEST, OLDEST),
    }
    pages = []
    for kind in KIND_SLUG:
        path = kind_path(kind)
        pages.extend(
            sorted_listing_pages(
                path,
                titles[kind],
                path,
                tuple(e for e in entries if e.type is kind),
                empty[kind],
                (HOME_CRUMB,),
                orders[kind],
                filter_bar(facets, path),
                per_page,
            )
        )
    return pages


def party_type_pages(
    summaries: Sequence[PartyTypeSummary], facets: Sequence[FilterGroup], per_page: int
) -> list[Page]:
    pages = [
        Page(
            path=PARTY_TYPES_PATH,
            template="party_types",
            title="按当事人类型浏览",
            section=PARTY_TYPES_PATH,
            context={"party_types": summaries, "intro": PARTY_TYPE_NOTE},
            crumbs=(HOME_CRUMB,),
        )
    ]
    for summary in summaries:
        party_type = summary.party_type
        pages.extend(
            listing_pages(
                party_type.path,
                party_type.label,
                PARTY_TYPES_PATH,
                summary.entries,
                "暂无此类当事人的公示信息",
                (HOME_CRUMB, Crumb(PARTY_TYPES_PATH, "按当事人类型")),
                per_page,
                context={"filters": filter_bar(facets, party_type.path), "intro": PARTY_TYPE_NOTE},
            )
        )
    return pages


@dataclass(frozen=True)
class Pagination:
    """Where a page of a long listing sits among its siblings."""

    number: int
    count: int
    first_path: str
    previous_path: str | None
    next_path: str | None
    last_path: str


def listing_page_path(base: str, number: int) -> str:
    """Page 1 is the listing's own address; later pages are `<base>page/<n>/`."""
    return base if number == 1 else f"{base}{PAGE_SEGMENT}/{number}/"


def sort_path(base: str, order: SortOrder) -> str:
    """The default order is the list's own address; the others are `<base>sort/<slug>/`."""
    return f"{base}{SORT_SEGMENT}/{order.slug}/" if order.slug else base


def sorted_listing_pages(
    base: str,
    title: str,
    section: str,
    entries: Sequence[ListEntry],
    empty_message: str,
    crumbs: tuple[Crumb, ...],
    orders: Sequence[SortOrder],
    filters: FilterBar,
    per_page: int,
) -> list[Page]:
    """A main list in each of `orders` (the first is the default), each paged on its own."""
    pages = []
    for order in orders:
        path = sort_path(base, order)
        sorts = tuple(SortLink(sort_path(base, o), o.label, o is order) for o in orders)
        variant = path != base
        pages.extend(
            listing_pages(
                path,
                f"{title}（{order.label}）" if variant else title,
                section,
                order.arrange(entries),
                empty_message,
                (*crumbs, Crumb(base, title)) if variant else crumbs,
                per_page,
                context={"filters": filters, "sorts": sorts},
                order=order.description,
                current_crumb=order.label if variant else "",
            )
        )
    return pages


def listing_pages(
    base: str,
    title: str,
    section: str,
    entries: Sequence[ListEntry],
    empty_message: str,
    crumbs: tuple[Crumb, ...],
    per_page: int = LISTING_PAGE_SIZE,
    *,
    template: str = "listing",
    context: Mapping[str, object] | None = None,
    order: str = NEWEST.description,
    current_crumb: str = "",
) -> list[Page]:
    """A listing split into pages of `per_page` entries, so that a phone on a slow
    connection never loads thousands of entries at once; an empty listing is one page.
    `entries` are already in `order` (a sentence for the reader); `context` adds to every
    page's context (`filters`, `sorts`, `intro`, a template's own variables)."""
    chunks = [entries[i : i + per_page] for i in range(0, len(entries), per_page)] or [()]
    count = len(chunks)
    first_crumb = Crumb(base, current_crumb or title)
    pages = []
    for number, chunk in enumerate(chunks, start=1):
        pagination = Pagination(
            number=number,
            count=count,
            first_path=listing_page_path(base, 1),
            previous_path=listing_page_path(base, number - 1) if number > 1 else None,
            next_path=listing_page_path(base, number + 1) if number < count else None,
            last_path=listing_page_path(base, count),
        )
        pages.append(
            Page(
                path=listing_page_path(base, number),
                template=template,
                title=title if number == 1 else f"{title}（第{number}页）",
                section=section,
                context={
                    "filters": None,
                    "sorts": (),
                    "intro": "",
                    **(context or {}),
                    "entries": tuple(chunk),
                    "total": len(entries),
                    "empty_message": empty_message,
                    "pagination": pagination,
                    "order": order,
                },
                lastmod=latest_change(chunk),
                crumbs=crumbs if number == 1 else (*crumbs, first_crumb),
                current_crumb=current_crumb if number == 1 else f"第{number}页",
            )
        )
    return pages


def corrections_page(corrections: Sequence[CorrectionEntry]) -> Page:
    return Page(
        path="corrections/",
        template="corrections",
        title="更正记录",
        section="corrections/",
        context={"corrections": corrections},
        lastmod=max((c.date for c in corrections), default=None),
        crumbs=(Crumb("", "首页"),),
    )


# The 事前公开 pages (R-A2): (path, template, title, one-line description for the index).
ABOUT_SECTIONS: tuple[tuple[str, str, str, str], ...] = (
    ("about/subject/", "about_subject", "执法主体", "执法主体名称及其法律地位"),
    ("about/duties/", "about_duties", "职责权限", "本局主要职责和行政执法职权清单"),
    ("about/basis/", "about_basis", "执法依据", "行政执法所依据的法律、法规、规章"),
    ("about/procedures/", "about_procedures", "执法程序", "行政执法程序及流程图"),
    ("about/officers/", "about_officers", "执法人员", "持有效行政执法证件的执法人员名单"),
    (
        "about/inspection-items/",
        "about_inspection_items",
        "随机抽查事项清单",
        "双随机抽查事项、依据和方式",
    ),
    ("about/supervision/", "about_supervision", "监督方式", "投诉举报电话、电子邮箱和来信地址"),
    ("about/remedies/", "about_remedies", "救济渠道", "申请行政复议、提起行政诉讼的途径"),
    ("about/rules/", "about_rules", "公示规则", "公示期限、撤下公示和更正的规则"),
)


# The double-random draws (R-B5) are listed among the 事前公开 sections, after the item list
# they draw from, but have pages of their own (`draw_pages`).
DRAWS_SECTION: tuple[str, str, str, str] = (
    DRAWS_PATH,
    "draws",
    "双随机抽查",
    "抽取方法、随机种子和已结束检查的抽取结果，任何人都可复核",
)


def about_index_sections() -> tuple[tuple[str, str, str, str], ...]:
    index = next(i for i, s in enumerate(ABOUT_SECTIONS) if s[0] == "about/inspection-items/")
    return (*ABOUT_SECTIONS[: index + 1], DRAWS_SECTION, *ABOUT_SECTIONS[index + 1 :])


def about_pages(content: Content, as_of: dt.date) -> list[Page]:
    context: dict[str, object] = {
        "bureau": content.bureau,
        "officers": public_officers(
            content.officers.officers, as_of, content.settings.supervision.annual_inspection_due
        ),
        "inspection_items": public_inspection_items(content.inspection_items.items),
        "rules": publication_rules(content.settings),
    }
    home = Crumb("", "首页")
    pages = [
        Page(
            path="about/",
            template="about",
            title="事前公开",
            section="about/",
            context={"sections": about_index_sections(), "bureau": content.bureau},
            crumbs=(home,),
        )
    ]
    pages.extend(
        Page(
            path=path,
            template=template,
            title=title,
            section="about/",
            context=context,
            crumbs=(home, Crumb("about/", "事前公开")),
        )
        for path, template, title, _ in ABOUT_SECTIONS
    )
    return pages


def draw_pages(draws: Sequence[PublicDraw], settings: Settings) -> list[Page]:
    """The draws page (method, worked example, list) and one page per published draw."""
    home = Crumb("", "首页")
    about = Crumb("about/", "事前公开")
    index = Page(
        path=DRAWS_PATH,
        template="draws",
        title=DRAWS_SECTION[2],
        section="about/",
        context={
            "draws": tuple(draws),
            "example": draw_example(),
            "results_workdays": settings.deadlines.draw_results_workdays,
        },
        lastmod=max((draw_lastmod(d) for d in draws), default=None),
        crumbs=(home, about),
    )
    crumbs = (home, about, Crumb(DRAWS_PATH, DRAWS_SECTION[2]))
    return [index, *(draw_page(draw, crumbs) for draw in draws)]


def draw_page(draw: PublicDraw, crumbs: tuple[Crumb, ...]) -> Page:
    return Page(
        path=draw.path,
        template="draw",
        title=f"双随机抽查 {draw.id}",
        section="about/",
        context={"draw": draw},
        lastmod=draw_lastmod(draw),
        crumbs=crumbs,
    )


def draw_lastmod(draw: PublicDraw) -> dt.date:
    """A draw page appears the day after its inspection ends and changes when its results
    are published or a linked result record changes."""
    changes = [draw.visible_from, *(r.updated for r in draw.results)]
    if draw.results_published is not None:
        changes.append(draw.results_published)
    return max(changes)


def search_page(facets: Sequence[SearchFacet] = ()) -> Page:
    """The full-text search over published records; the browser runs it from the index
    under `pagefind/`, which holds the searchable pages of this very build (R-A1), and
    narrows it with the filters of `publisher.search_facets`."""
    return Page(
        path="search/",
        template="search",
        title="站内搜索",
        section=SEARCH_NAV[0],
        context={"facets": tuple(facets)},
        crumbs=(Crumb("", "首页"),),
    )


@dataclass(frozen=True)
class PublicationRules:
    """The numbers the rules page states, taken from the bureau's settings."""

    retention_years: int
    natural_person_retention_years: int
    auto_withdraw: bool
    penalty_publication_workdays: int
    other_publication_workdays: int
    correction_request_workdays: int


def publication_rules(settings: Settings) -> PublicationRules:
    return PublicationRules(
        retention_years=settings.retention_years,
        natural_person_retention_years=settings.natural_person_retention_years,
        auto_withdraw=settings.auto_withdraw,
        penalty_publication_workdays=settings.deadlines.penalty_publication_workdays,
        other_publication_workdays=settings.deadlines.other_publication_workdays,
        correction_request_workdays=settings.deadlines.correction_request_workdays,
    )


def sitemap_entries(pages: Iterable[Page]) -> list[tuple[str, dt.date | None]]:
    """(path, lastmod) of every page, for `publisher.sitemap.build_sitemap`."""
    return [(page.path, page.lastmod) for page in pages]
