"""List addresses never collide (docs/design.md, "Lists"), and the list helpers of
`publisher.site`: sort orders, party-type groups, filter bars.

The property test generates record ids (the contract's pattern, plus ids that look like
list segments: `page`, `sort`, `list`, years), document numbers, attachments and list
sizes, and builds the page plan with small page sizes, so that every list is paged and
every sort variant exists. No output path may be produced twice, and a record's page is
only ever at `records/<id>/` (CONTRACT.md).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

from factories import inspection, penalty
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_visibility import natural_person, withdrawal

from publisher.content import Content, LoadedRecord
from publisher.model import Area, PartyKind, Record, WithdrawalAct
from publisher.public import PublicRecord, public_items
from publisher.rules.attachments import name_problem
from publisher.settings import Settings
from publisher.site import (
    BY_FINE,
    NEWEST,
    OLDEST,
    PARTY_TYPES,
    FilterLink,
    ListEntry,
    Page,
    Pagination,
    facet_groups,
    filter_bar,
    highest_fine_first,
    site_pages,
    year_summaries,
)
from publisher.visibility import State, plan_publication
from publisher.yamlsource import LineMap

AS_OF = dt.date(2026, 11, 28)
RECORD_ID = re.compile(r"^[a-z0-9][a-z0-9-]{2,63}$")
# Ids a careless design could confuse with list addresses or their segments.
LOOKALIKE_IDS = [
    "page", "sort", "list", "index", "records", "years", "areas", "kinds", "party-types",
    "natural-person", "organization", "oldest", "fine", "penalty", "inspection", "2024",
    "2026", "page-2", "sort-fine", "000", "list-page-2",
]  # fmt: skip
LIST_PAGE = re.compile(
    r"^(list|kinds/(penalty|inspection)|areas/[a-z_]+|party-types/[a-z-]+|years/\d{4})/"
    r"(sort/(oldest|fine)/)?(page/([2-9]|[1-9]\d+)/)?$"
)
record_ids = st.one_of(
    st.sampled_from(LOOKALIKE_IDS), st.from_regex(r"\A[a-z0-9][a-z0-9-]{2,63}\Z")
)
days = st.integers(0, (AS_OF - dt.date(2020, 1, 1)).days).map(
    lambda n: dt.date(2020, 1, 1) + dt.timedelta(days=n)
)
# Document numbers never make an address; some look like paths all the same.
doc_prefixes = st.sampled_from(["青工信罚", "page/2/", "records/", "list/sort/fine/", "青工信罚/"])
attachment_names = st.sampled_from(["决定书.pdf", "index.html", "page.pdf", "2.pdf", "index.pdf"])


@st.composite
def record_data(draw: st.DrawFn, record_id: str, number: int) -> dict[str, Any]:
    published = draw(days)
    decided = published - dt.timedelta(days=draw(st.integers(0, 20)))
    kind = draw(st.sampled_from(list(PartyKind)))
    party = (
        natural_person(dt.date(1980, 1, 1), kind=kind.value)
        if kind.is_natural_person
        else {"name": "青崖县示例有限公司", "kind": kind.value}
    )
    common: dict[str, Any] = {
        "id": record_id,
        "area": draw(st.sampled_from([a.value for a in Area])),
        "party": party,
        "decided": decided.isoformat(),
        "published": published.isoformat(),
        "attachments": [
            {"file": f"attachments/{name}", "title": "附件"}
            for name in draw(st.lists(attachment_names, max_size=2))
        ],
    }
    if draw(st.booleans()):
        act = draw(st.sampled_from([a.value for a in WithdrawalAct]))
        common["withdrawal"] = withdrawal(act, (published + dt.timedelta(days=30)).isoformat())
    if draw(st.booleans()):
        return inspection(**common)
    fine = draw(st.sampled_from([0, 5000, 30000, 30000, 200000]))
    return penalty(
        **common,
        doc_no=f"{draw(doc_prefixes)}〔{published.year}〕{number}号",
        penalty={"kinds": ["fine"], "fine_yuan": fine} if fine else {"kinds": ["warning"]},
    )


@st.composite
def record_sets(draw: st.DrawFn) -> list[Record]:
    ids = draw(st.lists(record_ids, max_size=25, unique=True))
    return [
        Record.model_validate(draw(record_data(rid, number)))
        for number, rid in enumerate(ids, start=1)
    ]


def plan_pages(
    records: list[Record], page_size: int, config: Settings | None = None
) -> tuple[tuple[Page, ...], list[Any]]:
    config = config or Settings()
    plan = plan_publication(records, config, AS_OF)
    loaded = [LoadedRecord(r, Path(f"{r.id}.yaml"), LineMap({})) for r in records]
    items = public_items(loaded, plan)
    content = Content(root=Path("."), settings=config, records=loaded)
    return site_pages(items, plan, content, page_size=page_size), items


def attachment_names_ok(record: Record) -> bool:
    """What `publisher check` accepts (R-A2: the attachment rule's name part)."""
    taken: set[str] = set()
    return all(name_problem(a.file, taken) is None for a in record.attachments)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records=record_sets(), page_size=st.integers(1, 4), auto_withdraw=st.booleans())
def test_no_output_path_is_produced_twice(
    records: list[Record], page_size: int, auto_withdraw: bool
) -> None:
    """R-A1: every list, page and sort variant has an address of its own, and no list page
    can take a record page's address (records/<id>/, CONTRACT.md) or an attachment's.
    Records whose attachment names `publisher check` refuses (R-A2) never reach a build."""
    records = [r for r in records if attachment_names_ok(r)]
    pages, items = plan_pages(records, page_size, Settings(auto_withdraw=auto_withdraw))
    outputs = [page.output_file for page in pages]
    outputs += [a.url_path for i in items if isinstance(i, PublicRecord) for a in i.attachments]
    assert len(outputs) == len(set(outputs)), sorted(o for o in outputs if outputs.count(o) > 1)

    visible = {item.id for item in items}
    record_pages = {p.path for p in pages if p.template in ("record", "notice")}
    assert record_pages == {f"records/{i}/" for i in visible}
    for page in pages:
        assert page.path == "" or page.path.endswith("/")
        assert ".." not in page.path.split("/") and not page.path.startswith("/")
        if page.template not in ("record", "notice"):
            assert not page.path.startswith("records/"), page.path
        if "pagination" in page.context:
            assert LIST_PAGE.match(page.path), page.path
    for record in records:
        for page in pages:
            assert record.doc_no is None or record.doc_no not in page.path


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records=record_sets(), page_size=st.integers(1, 4))
def test_every_list_is_paged_completely_and_in_order(records: list[Record], page_size: int) -> None:
    """R-A1: the pages of one list together hold each of its entries exactly once, in the
    list's order, `page_size` at a time."""
    pages, _ = plan_pages(records, page_size)
    lists: dict[str, list[Page]] = defaultdict(list)
    for page in pages:
        pagination = page.context.get("pagination")
        if isinstance(pagination, Pagination):
            lists[pagination.first_path].append(page)
    assert {"list/", "list/sort/oldest/", "kinds/penalty/sort/fine/"} <= set(lists)
    for first, members in lists.items():
        members.sort(key=lambda p: page_number(p))
        total: Any = members[0].context["total"]
        assert len(members) == max(1, math.ceil(total / page_size)), first
        assert [page_number(p) for p in members] == list(range(1, len(members) + 1))
        entries = [e for p in members for e in p.context["entries"]]  # type: ignore[attr-defined]
        assert len(entries) == total == len({e.id for e in entries})
        if first.endswith("sort/oldest/"):
            assert entries == sorted(entries, key=lambda e: (e.published, e.id))
        elif not first.endswith("sort/fine/"):
            assert entries == sorted(entries, key=lambda e: (e.published, e.id), reverse=True)


def page_number(page: Page) -> int:
    pagination = page.context["pagination"]
    assert isinstance(pagination, Pagination)
    return pagination.number


# --- the list helpers ---------------------------------------------------------------------------


def test_party_types_divide_every_party_kind_between_them() -> None:
    """R-A4: a 个体工商户 is grouped with natural persons (民法典 第五十四条)."""
    kinds = [kind for party_type in PARTY_TYPES for kind in party_type.kinds]
    assert sorted(kinds) == sorted(PartyKind) and len(kinds) == len(set(kinds))
    natural = next(t for t in PARTY_TYPES if t.slug == "natural-person")
    assert set(natural.kinds) == {k for k in PartyKind if k.is_natural_person}


def entry(entry_id: str, published: str, fine: int | None, state: State) -> ListEntry:
    from publisher.model import RecordType

    return ListEntry(
        id=entry_id,
        path=f"records/{entry_id}/",
        title=entry_id,
        state=state,
        type=RecordType.PENALTY,
        type_label="行政处罚",
        area=Area.POWER,
        area_label="电力监管",
        doc_no=None,
        party_name=None,
        party_kind=None,
        fine_yuan=fine,
        decided=dt.date.fromisoformat(published),
        published=dt.date.fromisoformat(published),
        updated=dt.date.fromisoformat(published),
        visible_until=None,
    )


def test_sort_orders() -> None:
    """R-A5: a withdrawal notice shows no penalty, so it sorts after every fine."""
    published, withdrawn = State.PUBLISHED, State.WITHDRAWN
    entries = [
        entry("a-1", "2024-01-01", 30000, published),
        entry("b-1", "2025-01-01", 30000, published),
        entry("c-1", "2026-01-01", None, withdrawn),
        entry("d-1", "2023-01-01", 0, published),
        entry("e-1", "2022-01-01", 90000, published),
    ]
    assert [e.id for e in highest_fine_first(entries)] == ["e-1", "b-1", "a-1", "d-1", "c-1"]
    assert [e.id for e in NEWEST.arrange(entries)] == ["c-1", "b-1", "a-1", "d-1", "e-1"]
    assert [e.id for e in OLDEST.arrange(entries)] == ["e-1", "d-1", "a-1", "b-1", "c-1"]
    assert BY_FINE.arrange is highest_fine_first
    assert {NEWEST.slug, OLDEST.slug, BY_FINE.slug} == {"", "oldest", "fine"}


def test_filter_bar_marks_exactly_the_current_list() -> None:
    years = year_summaries([entry("a-1", "2024-05-01", 0, State.PUBLISHED)], AS_OF)
    groups = facet_groups(years)
    links: list[FilterLink] = [link for group in groups for link in group.links]
    assert len({link.path for link in links}) == len(links)
    assert [link.label for link in groups[2].links] == ["2026年", "2025年", "2024年"]
    for link in links:
        bar = filter_bar(groups, link.path)
        current = [c for group in bar.groups for c in group.links if c.current]
        assert [c.path for c in current] == [link.path]
        assert bar.current_label.endswith(link.label)
    assert filter_bar(groups, "areas/power/").current_label == "执法领域：电力监管"
    assert filter_bar(groups, "list/").current_label == "全部公示信息"
    assert filter_bar(groups, "about/").current_label == ""


def test_r_a2_attachment_names_that_would_overwrite_a_published_file_are_refused(
    tmp_path: Path,
) -> None:
    from publisher.rules.attachments import check_attachments

    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    for name in ("a/index.html", "a/x.pdf", "b/x.pdf", "a/y.pdf"):
        (tmp_path / name).write_bytes(b"%PDF-1.4 fictional\n")
    files = ["a/index.html", "a/x.pdf", "b/x.pdf", "a/y.pdf"]
    data = penalty(attachments=[{"file": f, "title": "附件"} for f in files])
    loaded = LoadedRecord(Record.model_validate(data), tmp_path / "r.yaml", LineMap({}))
    findings = list(check_attachments(tmp_path, [loaded]))
    assert [f.rule for f in findings] == ["R-A2", "R-A2"]
    assert "index.html" in findings[0].message and "x.pdf" in findings[1].message


def test_every_record_id_pattern_is_the_contracts() -> None:
    """The look-alike ids of the property test are valid ids, so they really are tested."""
    assert all(RECORD_ID.match(i) for i in LOOKALIKE_IDS)
