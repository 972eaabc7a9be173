"""WeChat articles (R-A1): periods, what each digest and notice carries, the limits of
draft/add, WeChat-safe HTML, and that nothing hidden or personal reaches them (R-A5, R-A8)."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from factories import id_number, inspection, penalty, public_pipeline
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from test_visibility import days, record_sets, settings_strategy

from publisher.content import Content, LoadedRecord
from publisher.loader import load_content
from publisher.model import Record
from publisher.redaction import scan_text
from publisher.settings import Settings, WechatSettings
from publisher.visibility import Plan, State, plan_publication
from publisher.wechat.articles import (
    DIGEST_LIMIT,
    THUMB_PLACEHOLDER,
    TITLE_LIMIT,
    WechatArticle,
    part_suffix,
    wechat_articles,
)
from publisher.wechat.periods import period_of, periods_between
from publisher.wechat.preview import INDEX_FILE, wechat_files
from publisher.wechat.render import CONTENT_BYTE_LIMIT, CONTENT_CHAR_LIMIT
from publisher.yamlsource import LineMap

PROJECT = Path(__file__).resolve().parent.parent
SITE = "https://www.example.gov.cn/gxj/zfgs/"
DEMO_AS_OF = dt.date(2026, 11, 28)
FORBIDDEN_TAGS = ("script", "style", "link", "iframe", "img", "object", "embed", "form")
ONE_DAY = dt.timedelta(days=1)


def content_of(records: list[Record], config: Settings | None = None) -> Content:
    loaded = [LoadedRecord(r, Path(f"{r.id}.yaml"), LineMap({})) for r in records]
    return Content(root=Path("."), settings=config or Settings(), records=loaded)


def articles_for(content: Content, as_of: dt.date) -> tuple[Plan, list[WechatArticle]]:
    plan = plan_publication([r.record for r in content.records], content.settings, as_of)
    return plan, wechat_articles(content, plan, as_of, SITE)


@pytest.fixture(scope="module")
def demo() -> tuple[Content, Plan, list[WechatArticle]]:
    result = load_content(PROJECT / "content")
    assert result.content is not None
    plan, articles = articles_for(result.content, DEMO_AS_OF)
    return result.content, plan, articles


def assert_wechat_safe(article: WechatArticle) -> None:
    """The limits of draft/add and the HTML WeChat keeps (FIELD-NOTES.md)."""
    assert 0 < len(article.title) <= TITLE_LIMIT, article.title
    assert len(article.author) <= 16
    assert len(article.digest) <= DIGEST_LIMIT, article.digest
    assert len(article.content) < CONTENT_CHAR_LIMIT
    assert len(article.content.encode("utf-8")) < CONTENT_BYTE_LIMIT
    tree = BeautifulSoup(article.content, "html.parser")
    for tag in tree.find_all(True):
        assert tag.name not in FORBIDDEN_TAGS, tag
        assert set(tag.attrs) <= ({"style", "href"} if tag.name == "a" else {"style"}), tag
        if tag.name == "a":
            assert str(tag["href"]).startswith(("https://", "http://")), tag
    assert article.content_source_url.startswith(SITE)


# --- periods ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "key", "start", "end"),
    [
        ("2026-12-31", "2026-W53", "2026-12-28", "2027-01-03"),
        ("2027-01-01", "2026-W53", "2026-12-28", "2027-01-03"),
        ("2027-01-03", "2026-W53", "2026-12-28", "2027-01-03"),
        ("2027-01-04", "2027-W01", "2027-01-04", "2027-01-10"),
        ("2021-01-03", "2020-W53", "2020-12-28", "2021-01-03"),
        ("2024-12-30", "2025-W01", "2024-12-30", "2025-01-05"),
        ("2026-11-28", "2026-W48", "2026-11-23", "2026-11-29"),
    ],
)
def test_iso_week_edges(day: str, key: str, start: str, end: str) -> None:
    period = period_of(dt.date.fromisoformat(day), "week")
    assert (period.key, period.start.isoformat(), period.end.isoformat()) == (key, start, end)


def test_months_and_their_keys() -> None:
    period = period_of(dt.date(2024, 2, 10), "month")
    assert (period.key, period.start, period.end) == (
        "2024-02",
        dt.date(2024, 2, 1),
        dt.date(2024, 2, 29),
    )
    keys = [p.key for p in periods_between(dt.date(2026, 11, 30), dt.date(2027, 1, 1), "month")]
    assert keys == ["2026-11", "2026-12", "2027-01"]


@given(day=days, kind=st.sampled_from(["week", "month"]))
def test_every_day_is_in_exactly_one_period(day: dt.date, kind: Any) -> None:
    period = period_of(day, kind)
    assert period.contains(day)
    assert period_of(period.start, kind) == period == period_of(period.end, kind)
    assert period.following().start == period.end + ONE_DAY
    assert period_of(period.start - ONE_DAY, kind).following() == period
    if kind == "week":
        assert period.start.isoweekday() == 1 and (period.end - period.start).days == 6


@st.composite
def corrected_record_sets(draw: st.DrawFn) -> list[Record]:
    """The visibility tests' records, some with corrections after publication."""
    records = draw(record_sets())
    out = []
    for record in records:
        if record.published is not None and draw(st.booleans()):
            day = record.published + draw(st.integers(0, 400)) * ONE_DAY
            fix = {"date": day, "fields": ["facts"], "summary": "更正摘要", "reason": "录入错误"}
            record = record.model_copy(
                update={
                    "corrections": [
                        Record.model_validate({**penalty(), "corrections": [fix]}).corrections[0]
                    ]
                }
            )
        out.append(record)
    return out


@settings(max_examples=60, deadline=None)
@given(
    recs=corrected_record_sets(),
    config=settings_strategy,
    as_of=days,
    kind=st.sampled_from(["week", "month"]),
)
def test_r_a1_every_live_record_is_in_exactly_one_digest_of_its_publication_period(
    recs: list[Record], config: Settings, as_of: dt.date, kind: Any
) -> None:
    config = config.model_copy(update={"wechat": WechatSettings(period=kind)})
    plan, articles = articles_for(content_of(recs, config), as_of)
    digests = [a for a in articles if a.kind == "digest"]
    carried = [record_id for a in digests for record_id in a.record_ids]
    published = {e.record_id for e in plan if e.state is State.PUBLISHED}
    assert sorted(carried) == sorted(published)  # each exactly once, nothing else (R-A5)
    by_id = {r.id: r for r in recs}
    for article in digests:
        period = period_of(article.period_end, kind)
        assert article.key.startswith(period.key)
        for record_id in article.record_ids:
            published_on = by_id[record_id].published
            assert published_on is not None and period.contains(published_on)
    withdrawn = {e.record_id for e in plan if e.state is State.WITHDRAWN}
    assert {a.record_ids[0] for a in articles if a.kind == "withdrawal"} == withdrawn
    for article in articles:
        if article.kind == "correction":
            assert article.record_ids[0] in published and article.period_end <= as_of
    assert articles == sorted(articles, key=lambda a: (a.period_end, a.key))
    assert len({a.key for a in articles}) == len(articles)


# --- limits and safe HTML ---------------------------------------------------------------------


def test_every_demo_article_meets_the_draft_add_limits(demo: Any) -> None:
    _, _, articles = demo
    assert {a.kind for a in articles} == {"digest", "withdrawal", "correction"}
    for article in articles:
        assert_wechat_safe(article)
        body = article.draft_body("MEDIA")
        assert body == {"articles": [article.draft_article("MEDIA")]}
        assert set(body["articles"][0]) == {  # type: ignore[index]
            "title", "author", "digest", "content", "content_source_url",
            "thumb_media_id", "need_open_comment", "only_fans_can_comment",
        }  # fmt: skip


def test_demo_digest_lists_each_record_with_its_link(demo: Any) -> None:
    _, _, articles = demo
    article = next(a for a in articles if a.key == "2026-W47")
    assert article.title == "行政执法公示（2026年第47期）"
    assert article.record_ids == ("2026-jc-0004", "2026-cf-0009")
    links = [a["href"] for a in BeautifulSoup(article.content, "html.parser").find_all("a")]
    for record_id in article.record_ids:
        assert f"{SITE}records/{record_id}/" in links
    assert "青工信罚〔2026〕9号" in article.content and "罚款人民币伍万元整" in article.content


def test_r_a5_withdrawal_article_links_the_notice_and_says_why(demo: Any) -> None:
    _, _, articles = demo
    article = next(a for a in articles if a.key == "withdrawal-2025-cf-0001")
    assert article.period_end == dt.date(2025, 6, 23)
    assert article.content_source_url == f"{SITE}records/2025-cf-0001/"
    text = BeautifulSoup(article.content, "html.parser").get_text()
    assert "责令重新作出" in text and "说明" in text
    assert f"{SITE}records/2025-cf-0005/" in article.content  # the decision made again


def test_r_a6_correction_articles_are_numbered_in_order(demo: Any) -> None:
    _, _, articles = demo
    keys = [a.key for a in articles if a.record_ids == ("2023-cf-0002",)]
    assert keys == ["2023-W29", "correction-2023-cf-0002-1", "correction-2023-cf-0002-2"]
    second = next(a for a in articles if a.key == "correction-2023-cf-0002-2")
    assert second.period_end == dt.date(2024, 1, 10) and "16200" in second.content


def test_a_big_period_is_split_into_parts_that_each_fit(tmp_path: Path) -> None:
    records = [
        penalty(
            id=f"2026-cf-{n:04d}",
            doc_no=f"青工信罚〔2026〕{n}号",
            title=f"关于青崖县第{n}示例煤业有限公司未按规定进行安全检查的行政处罚决定" * 2,
            penalty={"kinds": ["fine"], "fine_yuan": 1000 + n, "content": "罚款" * 60},
            decided="2026-11-02",
            published=f"2026-11-{16 + n % 7:02d}",
        )
        for n in range(1, 121)
    ]
    _, plan, _ = public_pipeline(tmp_path / "content", records, dt.date(2026, 11, 28))
    content = load_content(tmp_path / "content").content
    assert content is not None
    articles = wechat_articles(content, plan, plan.as_of, SITE)
    parts = [a for a in articles if a.kind == "digest"]
    assert len(parts) > 1
    assert [a.key for a in parts] == ["2026-W47"] + [
        f"2026-W47-{n}" for n in range(2, len(parts) + 1)
    ]
    assert [a.title for a in parts] == [
        f"行政执法公示（2026年第47期）{part_suffix(n)}" for n in range(1, len(parts) + 1)
    ]
    carried = [record_id for a in parts for record_id in a.record_ids]
    assert sorted(carried) == sorted(r["id"] for r in records)
    sizes = [len(a.record_ids) for a in parts]
    assert max(sizes) - min(sizes) <= 1
    for article in parts:
        assert_wechat_safe(article)
    assert "分 " in parts[1].content and "本篇为第 2 篇" in parts[1].content


def test_part_suffixes() -> None:
    assert [part_suffix(n) for n in (1, 2, 10, 11, 20, 99)] == [
        "之一", "之二", "之十", "之十一", "之二十", "之九十九",
    ]  # fmt: skip


def test_record_text_is_escaped_never_markup(tmp_path: Path) -> None:
    """A title or party name with markup stays text: no script, no image, no handler."""
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    records = [
        penalty(
            title=f"关于{hostile}的行政处罚决定",
            party={"name": f"示例{hostile}公司", "kind": "legal_person"},
            published="2024-03-06",
            corrections=[
                {
                    "date": "2024-04-01",
                    "fields": ["facts"],
                    "summary": hostile,
                    "reason": "<a href='javascript:alert(1)'>点</a>",
                }
            ],
        ),
        inspection(
            result=hostile,
            withdrawal={"act": "revoked", "date": "2024-06-01", "explanation": hostile},
        ),
    ]
    _, plan, _ = public_pipeline(tmp_path / "content", records, dt.date(2024, 7, 1))
    content = load_content(tmp_path / "content").content
    assert content is not None
    articles = wechat_articles(content, plan, plan.as_of, SITE)
    assert {a.kind for a in articles} == {"digest", "withdrawal", "correction"}
    for article in articles:
        assert_wechat_safe(article)
        assert "<script" not in article.content and "<img" not in article.content
    digest = next(a for a in articles if a.kind == "digest")
    assert '<script>alert("x")</script>' in BeautifulSoup(digest.content, "html.parser").get_text()


def test_settings_limit_titles_and_author() -> None:
    with pytest.raises(ValidationError, match="32"):
        WechatSettings(
            title_template="青崖县工业和信息化局行政执法决定和检查结果公示（{year}年第{number}期）"
        )
    with pytest.raises(ValidationError, match="占位符"):
        WechatSettings(title_template="公示（{yaer}年）")
    with pytest.raises(ValidationError):
        WechatSettings(author="青崖县工业和信息化局行政执法监督科室")
    with pytest.raises(ValidationError):
        WechatSettings(cover="../secret.jpg")
    monthly = WechatSettings(period="month", title_template="执法公示{year}年{number}月")
    assert monthly.period == "month"


# --- nothing hidden, nothing personal (R-A5, R-A8) -------------------------------------------


@settings(max_examples=40, deadline=None)
@given(recs=corrected_record_sets(), config=settings_strategy, as_of=days)
def test_r_a5_r_a8_no_hidden_record_and_no_facts_reach_the_wechat_files(
    recs: list[Record], config: Settings, as_of: dt.date
) -> None:
    recs = [
        r.model_copy(update={"title": f"标题{r.id}标题", "facts": f"独有事实{r.id}不得外泄"})
        for r in recs
    ]
    content = content_of(recs, config)
    plan = plan_publication(recs, config, as_of)
    files = wechat_files(content, plan, SITE)
    everything = "\n".join(data.decode("utf-8") for data in files.values())
    for record in recs:
        assert f"独有事实{record.id}" not in everything  # digests carry no facts at all
        if not plan.entry(record.id).is_visible:
            assert f"标题{record.id}标题" not in everything, record.id
            assert f'"{record.id}"' not in everything
    for name, data in files.items():
        assert list(scan_text(data.decode("utf-8"), name)) == []


def test_r_a8_personal_numbers_in_public_text_are_masked(tmp_path: Path) -> None:
    mobile, card = "13912345678", "6222020200112233446"
    person = id_number(dt.date(1980, 5, 6))
    records = [
        inspection(
            result=f"当事人电话{mobile}，身份证{person}，账户{card}。", published="2024-05-20"
        ),
        penalty(
            party={"name": "钱示例", "kind": "natural_person", "id_number": person},
            penalty={"kinds": ["fine"], "fine_yuan": 500, "content": f"罚款，联系{mobile}"},
        ),
    ]
    _, plan, _ = public_pipeline(tmp_path / "content", records, dt.date(2024, 6, 1))
    content = load_content(tmp_path / "content").content
    assert content is not None
    files = wechat_files(content, plan, SITE)
    assert files[INDEX_FILE]
    for name, data in files.items():
        text = data.decode("utf-8")
        assert mobile not in text and person not in text and card not in text, name
        assert list(scan_text(text, name)) == []


# --- the build's files --------------------------------------------------------------------------


def test_wechat_files_are_deterministic_and_independent_of_record_order(demo: Any) -> None:
    content, plan, articles = demo
    first = wechat_files(content, plan, SITE)
    shuffled = list(content.records)
    random.Random(7).shuffle(shuffled)
    again = wechat_files(
        Content(root=content.root, settings=content.settings, records=shuffled), plan, SITE
    )
    assert first == again
    index = json.loads(first[INDEX_FILE])
    assert [row["key"] for row in index] == [a.key for a in articles]
    assert set(index[0]) == {"key", "kind", "title", "record_ids", "period_end"}
    for article in articles:
        body = json.loads(first[f"wechat/{article.key}.json"])
        assert body == article.draft_body(THUMB_PLACEHOLDER)
        page = BeautifulSoup(first[f"wechat/{article.key}.html"], "html.parser")
        robots = page.find("meta", attrs={"name": "robots"})
        assert robots is not None and "noindex" in str(robots["content"])
        assert page.find("h1") is not None and page.find("h1").get_text() == article.title
