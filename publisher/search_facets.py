"""The search page's filters (年份、领域、类别、当事人类型) and each live record's value in them.

The search page offers the filters as an ordinary form (`search/?q=…&year=2025&area=…`), and
the browser narrows Pagefind's results with a table the build writes beside the index
(`plugins/disclosure/search.py`). The filters are not Pagefind's own: Pagefind 1.5 writes its
filter files in a different order on every run, and the site must be byte-identical for the
same input (RULES.md C; docs/design.md, "Search").

Only published record pages are searchable, so only they have values here; a withdrawal
notice is in no filter (R-A5). The values are the ones the lists use in their addresses
(`years/2025/`, `areas/coal_mine_safety/`, `kinds/penalty/`, `party-types/organization/`),
so a list and a search link say the same thing in the same words.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from publisher.labels import AREA, RECORD_TYPE
from publisher.model import Area
from publisher.public import PublicItem, PublicRecord
from publisher.site import KIND_SLUG, PARTY_TYPES, PartyType


@dataclass(frozen=True)
class FacetOption:
    value: str
    """As in the query string and in the list's address: "2025", "coal_mine_safety"."""
    label: str


@dataclass(frozen=True)
class SearchFacet:
    name: str
    """The query-string key: year, area, kind, party."""
    label: str
    any_label: str
    """The choice that filters nothing: 全部年份."""
    options: tuple[FacetOption, ...]
    """Only values that live records have, in the lists' order (years newest first)."""


@dataclass(frozen=True)
class SearchFacets:
    facets: tuple[SearchFacet, ...]
    pages: Mapping[str, tuple[str, ...]]
    """The output file of every published record page (`records/x/index.html`) and its
    value in each facet, in the order of `facets`."""


@dataclass(frozen=True)
class FacetRule:
    """How one facet reads a record, and every value it can take in display order."""

    name: str
    label: str
    any_label: str
    value_of: Callable[[PublicRecord], str]
    label_of: Callable[[str], str]
    order: Callable[[str], tuple[int, str]]


def party_type(record: PublicRecord) -> PartyType:
    return next(t for t in PARTY_TYPES if record.party_kind in t.kinds)


PARTY_TYPE_BY_SLUG = {t.slug: t for t in PARTY_TYPES}
KIND_BY_SLUG = {slug: kind for kind, slug in KIND_SLUG.items()}


def position(values: Sequence[str], value: str) -> tuple[int, str]:
    return (values.index(value), value)


FACET_RULES: tuple[FacetRule, ...] = (
    FacetRule(
        "year",
        "年份",
        "全部年份",
        lambda record: str(record.published.year),  # the year it was published, as years/
        lambda value: f"{value}年",
        lambda value: (-int(value), value),
    ),
    FacetRule(
        "area",
        "领域",
        "全部领域",
        lambda record: record.area.value,
        lambda value: AREA[Area(value)],
        lambda value: position([area.value for area in Area], value),
    ),
    FacetRule(
        "kind",
        "类别",
        "全部类别",
        lambda record: KIND_SLUG[record.type],
        lambda value: RECORD_TYPE[KIND_BY_SLUG[value]],
        lambda value: position(list(KIND_SLUG.values()), value),
    ),
    FacetRule(
        "party",
        "当事人类型",
        "全部当事人类型",
        lambda record: party_type(record).slug,
        lambda value: PARTY_TYPE_BY_SLUG[value].label,
        lambda value: position(list(PARTY_TYPE_BY_SLUG), value),
    ),
)
"""The facets, in the order of the search form."""


def record_page_file(record: PublicRecord) -> str:
    """The file of the record's page, as `publisher.site.Page.output_file` names it."""
    return f"{record.url_path}index.html"


def search_facets(items: Sequence[PublicItem]) -> SearchFacets:
    """The filters over the published records among `items`, and each record's values."""
    records = sorted(
        (item for item in items if isinstance(item, PublicRecord)), key=lambda r: r.url_path
    )
    pages = {
        record_page_file(record): tuple(rule.value_of(record) for rule in FACET_RULES)
        for record in records
    }
    facets = tuple(
        facet_of(rule, {values[position] for values in pages.values()})
        for position, rule in enumerate(FACET_RULES)
    )
    return SearchFacets(facets=facets, pages=pages)


def facet_of(rule: FacetRule, values: set[str]) -> SearchFacet:
    options = tuple(FacetOption(v, rule.label_of(v)) for v in sorted(values, key=rule.order))
    return SearchFacet(rule.name, rule.label, rule.any_label, options)
