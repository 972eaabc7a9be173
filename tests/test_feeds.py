"""The Atom and RSS feeds (R-A1, R-A4, R-A5, R-A6, R-A8), built through the real pipeline:
YAML records → loader → visibility plan → public views → feeds, then read back by feedparser."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import feedgen.version
import feedparser
import pytest
from factories import id_number, inspection, penalty, public_pipeline

from publisher.feeds import FALLBACK_UPDATED, GENERATOR, build_feeds

SITE = "https://www.example.gov.cn/gxj/zfgs"
AS_OF = dt.date(2024, 7, 1)
ATOM, RSS = "feeds/atom.xml", "feeds/rss.xml"
CHANGES_ATOM, CHANGES_RSS = "feeds/changes-atom.xml", "feeds/changes-rss.xml"
TAG = re.compile(r"^tag:example\.gov\.cn,2019-01-01:records/[a-z0-9][a-z0-9-]+(/.+)?$")

CORRECTION = {
    "date": "2024-04-01",
    "fields": ["facts"],
    "summary": "更正违法事实中的日期",
    "reason": "录入错误",
}
WITHDRAWAL = {
    "act": "revoked",
    "date": "2024-06-01",
    "recorded": "2024-06-03",
    "explanation": "原决定经行政复议被撤销。",
}
# A title without the party's name, so that a leak of the party into a withdrawal is visible.
NEUTRAL_TITLE = "青崖县工业和信息化局行政处罚决定（青工信罚〔2024〕2号）"


def build(
    root: Path,
    records: list[dict[str, Any]],
    as_of: dt.date = AS_OF,
    settings: dict[str, Any] | None = None,
    site_url: str = SITE,
) -> dict[str, bytes]:
    items, plan, loaded_settings = public_pipeline(root, records, as_of, settings)
    return build_feeds(items, plan, loaded_settings, site_url)


def parse(data: bytes) -> Any:
    parsed = feedparser.parse(data)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


def ids(data: bytes) -> list[str]:
    return [entry.id for entry in parse(data).entries]


def withdrawn_penalty() -> dict[str, Any]:
    return penalty(
        id="2024-cf-0002", doc_no="青工信罚〔2024〕2号", title=NEUTRAL_TITLE, withdrawal=WITHDRAWAL
    )


def test_the_four_feeds_parse_without_errors(tmp_path: Path) -> None:
    files = build(tmp_path / "c", [penalty(corrections=[CORRECTION]), withdrawn_penalty()])
    assert set(files) == {ATOM, RSS, CHANGES_ATOM, CHANGES_RSS}
    for name in (ATOM, CHANGES_ATOM):
        assert parse(files[name]).version == "atom10"
    for name in (RSS, CHANGES_RSS):
        assert parse(files[name]).version == "rss20"


def test_entry_ids_are_tag_uris_also_used_as_rss_guids_R_A6(tmp_path: Path) -> None:
    files = build(
        tmp_path / "c", [penalty(corrections=[CORRECTION]), inspection(), withdrawn_penalty()]
    )
    assert ids(files[ATOM]) == [
        "tag:example.gov.cn,2019-01-01:records/2024-cf-0002/withdrawal",
        "tag:example.gov.cn,2019-01-01:records/2024-jc-0001",
        "tag:example.gov.cn,2019-01-01:records/2024-cf-0001",
    ]
    for atom, rss in ((ATOM, RSS), (CHANGES_ATOM, CHANGES_RSS)):
        assert ids(files[atom]) == ids(files[rss])
        assert all(TAG.match(entry_id) for entry_id in ids(files[atom]))
    assert ids(files[CHANGES_ATOM]) == [
        "tag:example.gov.cn,2019-01-01:records/2024-cf-0002/withdrawal",
        "tag:example.gov.cn,2019-01-01:records/2024-cf-0001/corrections/1",
    ]


def test_a_corrected_record_keeps_its_id_and_published_date_R_A6(tmp_path: Path) -> None:
    """Readers update the entry rather than showing the record twice; only `updated` moves."""
    before = parse(build(tmp_path / "before", [penalty()])[ATOM]).entries[0]
    after = parse(build(tmp_path / "after", [penalty(corrections=[CORRECTION])])[ATOM]).entries[0]
    assert after.id == before.id == "tag:example.gov.cn,2019-01-01:records/2024-cf-0001"
    assert after.published == before.published == "2024-03-06T00:00:00+08:00"
    assert before.updated == "2024-03-06T00:00:00+08:00"
    assert after.updated == "2024-04-01T00:00:00+08:00"


def test_rss_guid_and_pubdate_survive_a_correction_R_A6(tmp_path: Path) -> None:
    before = parse(build(tmp_path / "before", [penalty()])[RSS]).entries[0]
    after = parse(build(tmp_path / "after", [penalty(corrections=[CORRECTION])])[RSS]).entries[0]
    assert (after.id, after.published) == (before.id, before.published)


def test_every_date_is_midnight_in_shanghai(tmp_path: Path) -> None:
    files = build(
        tmp_path / "c", [penalty(corrections=[CORRECTION]), inspection(), withdrawn_penalty()]
    )
    for name in (ATOM, CHANGES_ATOM):
        feed = parse(files[name])
        stamps = (
            [feed.feed.updated]
            + [e.published for e in feed.entries]
            + [e.updated for e in feed.entries]
        )
        assert all(stamp.endswith("T00:00:00+08:00") for stamp in stamps)
    for name in (RSS, CHANGES_RSS):
        feed = parse(files[name])
        stamps = [feed.feed.updated] + [e.published for e in feed.entries]
        assert all(stamp.endswith(" 00:00:00 +0800") for stamp in stamps)


def test_new_results_newest_first_then_by_id_and_capped(tmp_path: Path) -> None:
    records = [
        penalty(id="2024-cf-0001", doc_no="青工信罚〔2024〕1号", published="2024-03-06"),
        penalty(id="2024-cf-0002", doc_no="青工信罚〔2024〕2号", published="2024-04-08"),
        penalty(id="2024-cf-0003", doc_no="青工信罚〔2024〕3号", published="2024-04-08"),
        inspection(id="2024-jc-0001", published="2024-05-20"),
        penalty(id="2024-cf-0004", doc_no="青工信罚〔2024〕4号", published="2024-02-01"),
    ]
    files = build(tmp_path / "c", records, settings={"feed_entries": 3})
    expected = [
        f"tag:example.gov.cn,2019-01-01:records/{i}"
        for i in ("2024-jc-0001", "2024-cf-0003", "2024-cf-0002")
    ]
    assert ids(files[ATOM]) == expected
    assert ids(files[RSS]) == expected


def test_output_is_byte_identical_whatever_the_input_order(tmp_path: Path) -> None:
    """RULES.md C: same content, settings and as-of date, same bytes."""
    records = [penalty(corrections=[CORRECTION]), inspection(), withdrawn_penalty()]
    items, plan, settings = public_pipeline(tmp_path / "one", records, AS_OF)
    first = build_feeds(items, plan, settings, SITE)
    assert build_feeds(list(reversed(items)), plan, settings, SITE) == first
    assert build(tmp_path / "two", list(reversed(records))) == first


def test_generator_is_ours_without_a_library_version(tmp_path: Path) -> None:
    files = build(tmp_path / "c", [penalty()])
    for name, data in files.items():
        assert b"python-feedgen" not in data
        assert feedgen.version.version_str.encode() not in data
        assert parse(data).feed.generator == GENERATOR, name


def test_withdrawn_record_leaves_the_main_feeds_R_A5(tmp_path: Path) -> None:
    """The record's own entry leaves; only its withdrawal notice remains (a changed result)."""
    files = build(tmp_path / "c", [withdrawn_penalty()])
    notice_only = ["tag:example.gov.cn,2019-01-01:records/2024-cf-0002/withdrawal"]
    assert ids(files[ATOM]) == ids(files[RSS]) == notice_only
    (entry,) = parse(files[CHANGES_ATOM]).entries
    assert entry.id == "tag:example.gov.cn,2019-01-01:records/2024-cf-0002/withdrawal"
    assert entry.published == entry.updated == "2024-06-01T00:00:00+08:00"
    assert entry.link == f"{SITE}/records/2024-cf-0002/"
    for text in ("青工信罚〔2024〕2号", "撤销", "原决定经行政复议被撤销。", "2024年3月1日"):
        assert text in entry.summary


def test_withdrawal_entry_carries_no_facts_penalty_or_party_R_A5_R_A8(tmp_path: Path) -> None:
    files = build(tmp_path / "c", [withdrawn_penalty()])
    base = penalty()
    leaks = [
        base["facts"],
        base["basis"],
        base["party"]["name"],
        base["party"]["legal_rep"],
        base["party"]["credit_code"],
        "30,000",
        "罚款",
    ]
    for name in (CHANGES_ATOM, CHANGES_RSS, ATOM, RSS):
        text = files[name].decode("utf-8")
        assert [leak for leak in leaks if leak in text] == []


def test_feed_updated_moves_to_the_day_a_record_left_R_A5(tmp_path: Path) -> None:
    records = [inspection(published="2024-05-20"), withdrawn_penalty()]
    before = build(tmp_path / "before", records, as_of=dt.date(2024, 5, 31))
    after = build(tmp_path / "after", records, as_of=dt.date(2024, 6, 1))
    assert parse(before[ATOM]).feed.updated == "2024-05-20T00:00:00+08:00"
    assert parse(after[ATOM]).feed.updated == "2024-06-01T00:00:00+08:00"
    assert parse(after[RSS]).feed.updated == "Sat, 01 Jun 2024 00:00:00 +0800"
    assert "tag:example.gov.cn,2019-01-01:records/2024-cf-0002" in ids(before[ATOM])
    assert "tag:example.gov.cn,2019-01-01:records/2024-cf-0002" not in ids(after[ATOM])


def test_expired_record_leaves_every_feed_and_updated_follows_R_A4(tmp_path: Path) -> None:
    """Natural person published 2024-02-29: last day 2026-02-28, gone on 2026-03-01."""
    person = penalty(
        id="2024-cf-0009",
        doc_no="青工信罚〔2024〕9号",
        title="关于个人违规储存民用爆炸物品的行政处罚决定",
        party={
            "name": "赵某某",
            "kind": "natural_person",
            "id_number": id_number(dt.date(1985, 6, 15)),
        },
        published="2024-02-29",
    )
    records = [person, penalty(published="2024-03-06")]
    last_day = build(tmp_path / "last", records, as_of=dt.date(2026, 2, 28))
    gone = build(tmp_path / "gone", records, as_of=dt.date(2026, 3, 1))
    person_id = "tag:example.gov.cn,2019-01-01:records/2024-cf-0009"
    assert person_id in ids(last_day[ATOM])
    assert all(not entry_id.startswith(person_id) for name in gone for entry_id in ids(gone[name]))
    assert parse(gone[ATOM]).feed.updated == "2026-03-01T00:00:00+08:00"
    assert parse(gone[CHANGES_ATOM]).feed.updated == "2026-03-01T00:00:00+08:00"


def test_one_change_entry_per_correction_dated_that_day_R_A6(tmp_path: Path) -> None:
    corrections = [
        CORRECTION,
        {
            "date": "2024-05-01",
            "fields": ["party.legal_rep"],
            "summary": "更正法定代表人",
            "reason": "笔误",
        },
        {"date": "2024-08-01", "fields": ["basis"], "summary": "更正处罚依据", "reason": "笔误"},
    ]
    now = parse(build(tmp_path / "now", [penalty(corrections=corrections)])[CHANGES_ATOM])
    later_files = build(
        tmp_path / "later", [penalty(corrections=corrections)], as_of=dt.date(2024, 8, 1)
    )
    later = parse(later_files[CHANGES_ATOM])
    prefix = "tag:example.gov.cn,2019-01-01:records/2024-cf-0001/corrections/"
    assert [e.id for e in now.entries] == [prefix + "2", prefix + "1"]
    assert [e.updated for e in now.entries] == [
        "2024-05-01T00:00:00+08:00",
        "2024-04-01T00:00:00+08:00",
    ]
    assert "更正法定代表人" in now.entries[0].summary and "法定代表人" in now.entries[0].summary
    # A later correction adds an entry; the earlier ones keep their ids.
    assert [e.id for e in later.entries] == [prefix + "3", prefix + "2", prefix + "1"]


def test_xml_illegal_control_characters_are_stripped(tmp_path: Path) -> None:
    files = build(
        tmp_path / "c", [penalty(title="关于青崖县示例煤业有限公司\x0b违规\x1f生产的行政处罚决定")]
    )
    for name in (ATOM, RSS):
        assert (
            parse(files[name]).entries[0].title
            == "关于青崖县示例煤业有限公司违规生产的行政处罚决定"
        )


@pytest.mark.parametrize("site_url", [SITE, SITE + "/"])
def test_links_are_absolute_under_a_sub_path_R_A1(tmp_path: Path, site_url: str) -> None:
    files = build(tmp_path / "c", [penalty()], site_url=site_url)
    assert files == build(tmp_path / "d", [penalty()], site_url=SITE)
    atom = parse(files[ATOM])
    assert atom.entries[0].link == f"{SITE}/records/2024-cf-0001/"
    assert {link.href for link in atom.feed.links} == {f"{SITE}/feeds/atom.xml", f"{SITE}/"}
    rss = parse(files[RSS])
    assert rss.feed.link == f"{SITE}/"
    assert rss.entries[0].link == f"{SITE}/records/2024-cf-0001/"


def test_entry_shows_the_public_summary_fields_R_A8(tmp_path: Path) -> None:
    files = build(tmp_path / "c", [penalty(), inspection()])
    by_id = {entry.id.rsplit("/", 1)[1]: entry for entry in parse(files[ATOM]).entries}
    decision = by_id["2024-cf-0001"].summary
    for text in (
        "青崖县示例煤业有限公司",
        "青工信罚〔2024〕1号",
        "2024年3月1日",
        "罚款人民币 30,000 元",
    ):
        assert text in decision
    assert "王示例" not in decision  # legal_rep: public, but not part of the entry summary
    assert "未发现问题。" in by_id["2024-jc-0001"].summary


def test_natural_persons_id_number_is_nowhere_in_the_feeds_R_A8(tmp_path: Path) -> None:
    number = id_number(dt.date(1979, 11, 3))
    person = penalty(
        title=f"关于李某某（身份证号{number}）的行政处罚决定",
        party={"name": "李某某", "kind": "natural_person", "id_number": number},
        facts=f"当事人李某某（身份证号码{number}）未按规定储存民用爆炸物品。",
        corrections=[{**CORRECTION, "summary": f"更正身份证号{number}"}],
    )
    files = build(tmp_path / "c", [person])
    assert ids(files[ATOM])  # the record is in the feeds …
    for data in files.values():  # … but its ID number is not
        assert number.encode() not in data


def test_a_site_with_nothing_public_has_valid_empty_feeds_R_A3(tmp_path: Path) -> None:
    records = [penalty(published=None), inspection(published="2024-12-01")]
    files = build(tmp_path / "c", records)
    expected = f"{FALLBACK_UPDATED.isoformat()}T00:00:00+08:00"
    for name in (ATOM, CHANGES_ATOM):
        feed = parse(files[name])
        assert feed.entries == []
        assert feed.feed.updated == expected
