"""How many parts a long WeChat digest is split into (R-A1): the search starts at a lower
bound taken from the digest in one part (`fewest_parts`) and must choose exactly the split
that counting up from one part chooses, kept here as the oracle."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from publisher.settings import Settings
from publisher.wechat import render
from publisher.wechat.articles import WechatArticle, _ArticleMaker, _even_chunks
from publisher.wechat.periods import Period, period_of
from publisher.wechat.render import DigestEntry, fewest_parts, fits_budget

SITE = "https://www.example.gov.cn/gxj/zfgs"
PERIOD = period_of(dt.date(2026, 11, 18), "week")
SMALL_BUDGET = 2_500
"""A budget a few entries fill, so that short lists need many parts (the real one, 18,000
characters, holds about twenty entries of ordinary length)."""

# Text with what the renderer escapes, inlines or strips: markup characters, quotes, CJK,
# runs of spaces and line breaks.
_TEXT = st.text(
    alphabet=st.sampled_from(list("青崖县煤矿有限公司罚款 abcXYZ019&<>\"'\n\t.-/（）")),
    max_size=40,
)
_LONG_TEXT = st.one_of(_TEXT, _TEXT.map(lambda text: text * 25))
"""Some fields many times longer than the others: a part's size then depends on which
entries fall into it, and whether n parts fit is not monotone in n."""


@st.composite
def digest_entries(draw: st.DrawFn, max_size: int = 24) -> list[DigestEntry]:
    count = draw(st.integers(min_value=1, max_value=max_size))
    return [
        DigestEntry(
            record_id=f"2026-cf-{index:04d}",  # ids are unique, as in the content
            is_penalty=draw(st.booleans()),
            type_label=draw(st.sampled_from(["行政处罚决定", "检查结果"])),
            title=draw(_LONG_TEXT),
            party=draw(_LONG_TEXT),
            doc_no=draw(st.none() | _TEXT),
            decided="2026年11月2日",
            published="2026年11月18日",
            summary_label=draw(st.sampled_from(["处罚内容", "检查结果"])),
            summary=draw(_LONG_TEXT),
            url=f"{SITE}/records/2026-cf-{index:04d}/",
        )
        for index in range(count)
    ]


def counted_from_one(
    maker: _ArticleMaker, period: Period, entries: list[DigestEntry]
) -> Iterator[WechatArticle]:
    """The search as it was: render 1, 2, 3 … parts until every part fits (or one entry a
    part)."""
    parts = 1
    while True:
        chunks = _even_chunks(entries, parts)
        bodies = [
            maker._digest_body(
                period, chunk, entries, part, parts, first=entries.index(chunk[0]) + 1
            )
            for part, chunk in enumerate(chunks, start=1)
        ]
        if all(fits_budget(body) for body in bodies) or parts == len(entries):
            break
        parts += 1
    for part, (chunk, body) in enumerate(zip(chunks, bodies, strict=True), start=1):
        yield maker._digest_article(period, chunk, entries, body, part, parts)


@contextmanager
def small_budget() -> Iterator[None]:
    """Inside a test, not a fixture: hypothesis runs a test body many times per fixture."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(render, "CONTENT_BUDGET", SMALL_BUDGET)
        yield


@settings(max_examples=60, deadline=None)
@given(entries=digest_entries())
def test_the_split_is_the_one_counting_up_from_one_part_finds(entries: list[DigestEntry]) -> None:
    maker = _ArticleMaker(Settings(), SITE)
    with small_budget():
        chosen = list(maker._digest_parts(PERIOD, entries))
        assert chosen == list(counted_from_one(maker, PERIOD, entries))


@settings(max_examples=5, deadline=None)
@given(entries=digest_entries(max_size=60))
def test_the_split_is_the_same_with_the_real_budget(entries: list[DigestEntry]) -> None:
    maker = _ArticleMaker(Settings(), SITE)
    chosen = list(maker._digest_parts(PERIOD, entries))
    assert chosen == list(counted_from_one(maker, PERIOD, entries))


@settings(max_examples=15, deadline=None)
@given(entries=digest_entries())
def test_the_lower_bound_holds_for_every_split(entries: list[DigestEntry]) -> None:
    """The premise of the bound: however a digest is split, its parts together are at least
    as long as the digest in one part, in characters and in bytes."""
    maker = _ArticleMaker(Settings(), SITE)
    whole = maker._digest_body(PERIOD, entries, entries, 1, 1, first=1)
    for parts in range(1, len(entries) + 1):
        bodies = [
            maker._digest_body(
                PERIOD, chunk, entries, part, parts, first=entries.index(chunk[0]) + 1
            )
            for part, chunk in enumerate(_even_chunks(entries, parts), start=1)
        ]
        assert sum(len(body) for body in bodies) >= len(whole)
        assert sum(len(body.encode()) for body in bodies) >= len(whole.encode())


def test_fewest_parts_counts_characters_and_bytes() -> None:
    with small_budget():
        assert fewest_parts("") == 1
        assert fewest_parts("x" * SMALL_BUDGET) == 1
        assert fewest_parts("x" * (SMALL_BUDGET + 1)) == 2
        assert fewest_parts("x" * (3 * SMALL_BUDGET)) == 3
        assert fewest_parts("煤" * SMALL_BUDGET) == 1
