"""The public website's structure: which pages exist, what each lists, and when it changed.

Pure and Pelican-free: the Pelican plugin renders these pages with the theme's templates, and
the sitemap lists them. Every page is built from the public views of `publisher.public` (never
from records), so what is hidden on the as-of date cannot appear in any listing (R-A3, R-A4,
R-A5, R-A8). Every listing has a fixed order, so the same inputs give the same site (R-C).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from publisher.bureau import InspectionItem, Officer
from publisher.content import Content
from publisher.labels import AREA, RECORD_TYPE
from publisher.model import Area, RecordType
from publisher.public import PublicItem, PublicRecord, WithdrawalNotice
from publisher.public_draws import DRAWS_PATH, PublicDraw, draw_example, public_draws
from publisher.settings import Settings
from publisher.supervision.certificates import certificate_status
from publisher.visibility import Plan, State

NO_PENALTY_MESSAGE = "本月无行政处罚案件"  # R-A2: an empty month says so explicitly
NO_INSPECTION_MESSAGE = "本月无行政检查结果"
LISTING_PAGE_SIZE = 50  # entries per page of the kind and area listings

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
    searchable: bool = False
    """Only published record pages go into the search index (notices never do)."""

    @property
    def output_file(self) -> str:
        return f"{self.path}index.html"

    @property
    def root(self) -> str:
        """The prefix from this page back to the site root, so links work under any
        sub-path of the county portal and when the output folder is opened locally."""
        return "../" * self.path.count("/")


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
    area_label: str
    doc_no: str | None
    party_name: str | None
    """None for withdrawal notices: the notice carries no party data (R-A5)."""
    decided: dt.date
    published: dt.date
    updated: dt.date

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


@dataclass(frozen=True)
class AreaSummary:
    area: Area
    label: str
    path: str
    entries: tuple[ListEntry, ...]


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
    party = item.party_name if isinstance(item, PublicRecord) else None
    return ListEntry(
        id=item.id,
        path=item.url_path,
        title=item.title,
        state=item.state,
        type=item.type,
        type_label=item.type_label,
        area_label=item.area_label,
        doc_no=item.doc_no,
        party_name=party,
        decided=item.decided,
        published=item.published,
        updated=item.updated,
    )


def newest_first(entries: Iterable[ListEntry]) -> tuple[ListEntry, ...]:
    return tuple(sorted(entries, key=lambda e: (e.published, e.id), reverse=True))


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


def area_summaries(
    entries: Sequence[ListEntry], items: Sequence[PublicItem]
) -> tuple[AreaSummary, ...]:
    """Every area, including those without records (so their page says so)."""
    area_of = {item.id: item.area for item in items}
    return tuple(
        AreaSummary(
            area=area,
            label=AREA[area],
            path=f"areas/{area.value}/",
            entries=newest_first(e for e in entries if area_of[e.id] is area),
        )
        for area in Area
    )


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
    items: Sequence[PublicItem], plan: Plan, content: Content, *, search: bool = False
) -> tuple[Page, ...]:
    """Every page of the site for the plan's as-of date, in a fixed order; `search` adds
    the search page (the index itself is written by the plugin, over the same pages)."""
    as_of = plan.as_of
    entries = newest_first(list_entry(item) for item in items)
    years = year_summaries(entries, as_of)
    pages: list[Page] = [home_page(entries, content.settings, years)]
    pages.extend(record_pages(items, content))
    pages.extend(year_pages(years))
    pages.extend(area_pages(area_summaries(entries, items)))
    pages.extend(kind_pages(entries))
    pages.append(corrections_page(correction_entries(items)))
    pages.extend(about_pages(content, as_of))
    pages.extend(draw_pages(public_draws(content, items, as_of), content.settings))
    if search:
        pages.append(search_page())
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
    pages = [record_page(item, item_names) for item in items]
    return sorted(pages, key=lambda p: p.path)


def record_page(item: PublicItem, item_names: Mapping[str, str]) -> Page:
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
        context={"record": item, "inspection_name": inspection_name},
        lastmod=item.updated,
        crumbs=crumbs,
        searchable=True,
    )


def year_pages(years: Sequence[YearSummary]) -> list[Page]:
    home = Crumb("", "首页")
    index = Crumb("years/", "按年月")
    pages = [
        Page(
            path="years/",
            template="years",
            title="按年月浏览",
            section="years/",
            context={"years": years},
            crumbs=(home,),
        )
    ]
    for year in years:
        year_entries = [e for m in year.months for e in (*m.penalties, *m.inspections)]
        pages.append(
            Page(
                path=year.path,
                template="year",
                title=f"{year.year}年",
                section="years/",
                context={"year": year},
                lastmod=latest_change(year_entries),
                crumbs=(home, index),
            )
        )
        year_crumb = Crumb(year.path, f"{year.year}年")
        pages.extend(month_page(month, (home, index, year_crumb)) for month in year.months)
    return pages


def month_page(month: MonthSummary, crumbs: tuple[Crumb, ...]) -> Page:
    return Page(
        path=month.path,
        template="month",
        title=month.label,
        section="years/",
        context={
            "month": month,
            "no_penalty_message": NO_PENALTY_MESSAGE,
            "no_inspection_message": NO_INSPECTION_MESSAGE,
        },
        lastmod=latest_change((*month.penalties, *month.inspections)),
        crumbs=crumbs,
    )


def area_pages(areas: Sequence[AreaSummary]) -> list[Page]:
    home = Crumb("", "首页")
    pages = [
        Page(
            path="areas/",
            template="areas",
            title="按执法领域浏览",
            section="areas/",
            context={"areas": areas},
            crumbs=(home,),
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
                (home, Crumb("areas/", "按领域")),
            )
        )
    return pages


def kind_pages(entries: Sequence[ListEntry]) -> list[Page]:
    titles = {RecordType.PENALTY: "行政处罚决定", RecordType.INSPECTION: "行政检查结果"}
    empty = {RecordType.PENALTY: "暂无行政处罚决定", RecordType.INSPECTION: "暂无行政检查结果"}
    pages = []
    for kind, slug in KIND_SLUG.items():
        of_kind = tuple(e for e in entries if e.type is kind)
        path = f"kinds/{slug}/"
        crumbs = (Crumb("", "首页"),)
        pages.extend(listing_pages(path, titles[kind], path, of_kind, empty[kind], crumbs))
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
    """Page 1 is the listing's own address; later pages follow directory style."""
    return base if number == 1 else f"{base}page/{number}/"


def listing_pages(
    base: str,
    title: str,
    section: str,
    entries: Sequence[ListEntry],
    empty_message: str,
    crumbs: tuple[Crumb, ...],
    per_page: int = LISTING_PAGE_SIZE,
) -> list[Page]:
    """A listing split into pages of `per_page` entries, so that a phone on a slow
    connection never loads thousands of entries at once; an empty listing is one page."""
    chunks = [entries[i : i + per_page] for i in range(0, len(entries), per_page)] or [()]
    count = len(chunks)
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
                template="listing",
                title=title if number == 1 else f"{title}（第{number}页）",
                section=section,
                context={
                    "entries": tuple(chunk),
                    "total": len(entries),
                    "empty_message": empty_message,
                    "pagination": pagination,
                },
                lastmod=latest_change(chunk),
                crumbs=crumbs,
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


def search_page() -> Page:
    """The full-text search over published records; the browser runs it from the index
    under `pagefind/`, which holds the searchable pages of this very build (R-A1)."""
    return Page(
        path="search/",
        template="search",
        title="站内搜索",
        section=SEARCH_NAV[0],
        context={},
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
