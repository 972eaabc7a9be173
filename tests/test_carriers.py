"""R-A1 over generated inputs: every carrier of one build lists the same records in the same
state, and nothing of a record that is not published (its facts) reaches any of them.

The pure pipeline is used (no Pelican): plan → public views → pages, feeds, open data,
sitemap. The built-site equivalent on the demo bureau is in test_acceptance.py.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import feedparser
from hypothesis import given, settings
from test_visibility import days, record_sets, settings_strategy

from publisher.content import Content, LoadedRecord
from publisher.feeds import RESULTS_ATOM, build_feeds
from publisher.model import Record
from publisher.opendata import build_open_data
from publisher.public import public_items
from publisher.settings import Settings
from publisher.site import site_pages, sitemap_entries
from publisher.sitemap import build_sitemap
from publisher.visibility import State, plan_publication
from publisher.yamlsource import LineMap

SITE = "https://www.example.gov.cn/gxj/zfgs"


def with_unique_facts(records: list[Record]) -> list[Record]:
    return [r.model_copy(update={"facts": f"独有事实{r.id}不得外泄"}) for r in records]


@settings(max_examples=150, deadline=None)
@given(recs=record_sets(), config=settings_strategy, as_of=days)
def test_r_a1_every_carrier_agrees_and_r_a5_r_a8_hidden_facts_stay_out(
    recs: list[Record], config: Settings, as_of: dt.date
) -> None:
    recs = with_unique_facts(recs)
    plan = plan_publication(recs, config, as_of)
    loaded = [LoadedRecord(r, Path(f"{r.id}.yaml"), LineMap({})) for r in recs]
    items = public_items(loaded, plan)
    expected = {e.record_id: e.state.value for e in plan.visible()}

    data = build_open_data(items, plan, config)
    rows = json.loads(data["data/records.json"])
    table = list(csv.DictReader(io.StringIO(data["data/records.csv"].decode("utf-8-sig"))))
    feeds = build_feeds(items, plan, config, SITE)
    entries = feedparser.parse(feeds[RESULTS_ATOM]).entries
    pages = site_pages(items, plan, Content(root=Path("."), settings=config, records=loaded))
    sitemap = build_sitemap(sitemap_entries(pages), SITE).decode("utf-8")

    assert {row["id"]: row["state"] for row in rows} == expected
    assert {row["id"]: row["state"] for row in table} == expected
    assert {
        e.id.split(":")[-1].split("/")[1]: "withdrawn"
        if e.id.endswith("/withdrawal")
        else "published"
        for e in entries
    } == expected
    record_pages = {p.path.split("/")[1] for p in pages if p.path.startswith("records/")}
    assert record_pages == set(expected)
    assert {i for i in expected if f"records/{i}/" in sitemap} == set(expected)

    everything = "\n".join(
        [*(b.decode("utf-8-sig") for b in (*data.values(), *feeds.values())), sitemap]
        + [json.dumps(p.context, default=str, ensure_ascii=False) for p in pages]
    )
    for record in recs:
        if plan.entry(record.id).state is not State.PUBLISHED:
            assert record.facts is not None and record.facts not in everything, record.id
