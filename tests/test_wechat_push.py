"""`publisher wechat push|status|withdraw` on a copy of the demo, against the fake WeChat
server on 127.0.0.1 (R-A1, R-A4, R-A5, R-A6): what staff see, what was sent, what the
ledger keeps."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from click.testing import CliRunner, Result

from publisher.cli import main
from publisher.commands.wechat import site_url_from_settings
from publisher.wechat.bookkeeping import write_atomically
from publisher.wechat.fake import (
    AUTHOR_LIMIT,
    CONTENT_BYTES,
    CONTENT_CHARACTERS,
    DIGEST_LIMIT,
    TITLE_LIMIT,
    FakeWechat,
    Faults,
    ScriptedError,
)
from publisher.wechat.ledger import Ledger, dump_ledger, load_ledger

PROJECT = Path(__file__).resolve().parent.parent
AS_OF = "2026-11-28"
SITE_URL = "https://www.example.gov.cn/gxj/zfgs/"
LEDGER = Path("wechat") / "ledger.yaml"
DRY_RUN_ITEM = re.compile(r"^  \d+\. ")


def fixed_clock() -> dt.datetime:
    return dt.datetime(2026, 11, 28, 2, 0, tzinfo=dt.UTC)


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    return Path(shutil.copytree(PROJECT / "content", tmp_path / "content"))


@pytest.fixture
def wechat() -> Iterator[FakeWechat]:
    with FakeWechat() as server:
        yield server


class Sleeps(list[float]):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def run(
    command: str,
    content: Path,
    *args: str,
    server: FakeWechat | None = None,
    env: dict[str, str] | None = None,
    obj: dict[str, Any] | None = None,
) -> Result:
    arguments = ["wechat", command, "--content", str(content), "--as-of", AS_OF, *args]
    if server is not None:
        arguments += ["--api-base", server.url]
    if command != "status":
        arguments += ["--site-url", SITE_URL]
    if env is None and server is not None:
        env = {"WECHAT_APPID": server.appid, "WECHAT_SECRET": server.secret}
    context = {"clock": fixed_clock, "sleep": Sleeps(), **(obj or {})}
    return CliRunner().invoke(main, arguments, obj=context, env=env)


def ledger_of(content: Path) -> Ledger:
    loaded = load_ledger(content)
    assert loaded.ledger is not None, loaded.findings
    return loaded.ledger


def keys_of(ledger: Ledger) -> list[str]:
    return [publication.key for publication in ledger.publications]


def pending_keys(content: Path) -> list[str]:
    """The keys a push would send, in order, as the dry run lists them ("  1. 2026-W47（digest）…")."""
    result = run("push", content, "--dry-run")
    assert result.exit_code == 0, result.output
    listed = [line.split()[1] for line in result.stdout.splitlines() if DRY_RUN_ITEM.match(line)]
    return [item.split("（")[0] for item in listed]


def check_draft_limits(server: FakeWechat) -> int:
    """Every accepted draft meets every documented limit and uses an uploaded thumb."""
    thumbs = server.thumbs()
    accepted = [call for call in server.calls_to("draft/add") if call.errcode == 0]
    for call in accepted:
        for sent in call.body["articles"]:
            assert len(sent["title"]) <= TITLE_LIMIT
            assert len(sent["author"]) <= AUTHOR_LIMIT
            assert len(sent["digest"]) <= DIGEST_LIMIT
            assert len(sent["content"]) < CONTENT_CHARACTERS
            assert len(sent["content"].encode("utf-8")) < CONTENT_BYTES
            assert sent["thumb_media_id"] in thumbs
            assert sent["content_source_url"].startswith(SITE_URL)
            assert "<script" not in sent["content"] and "class=" not in sent["content"]
    return len(accepted)


# --- push ---------------------------------------------------------------------------------------


def test_push_recovers_from_a_revoked_token_and_publishes_the_ended_periods(demo: Path) -> None:
    """Acceptance: a server that revokes the first token; push recovers, creates drafts that
    meet every limit with an uploaded thumb, submits and polls them, records them (R-A1)."""
    before = ledger_of(demo)
    due = pending_keys(demo)
    assert due, "the demo has periods not yet in its ledger"
    sleeps = Sleeps()
    with FakeWechat(faults=Faults(revoke_first_token=40001)) as server:
        result = run("push", demo, server=server, obj={"sleep": sleeps})
        calls = server.calls
        published = server.published()
        assert check_draft_limits(server) == len(due)
    assert result.exit_code == 0, result.output
    endpoints = [(c.endpoint, c.errcode) for c in calls]
    # The revoked token: refused once, refreshed with force_refresh, the call repeated.
    assert endpoints[:3] == [("stable_token", 0), ("draft/add", 40001), ("stable_token", 0)]
    assert calls[2].body["force_refresh"] is True
    assert [e for e, _ in endpoints].count("material/add_material") == 1
    assert [e for e, code in endpoints if code == 0].count("freepublish/submit") == len(due)
    assert sleeps and all(seconds > 0 for seconds in sleeps)  # polled while publishing
    # Recorded: the new publications with WeChat's ids, the new cover, nothing else changed.
    after = ledger_of(demo)
    assert keys_of(after) == keys_of(before) + due
    new = after.publications[len(before.publications) :]
    assert [p.article_id for p in new] == [a.article_id for a in published]
    assert all(p.pushed == dt.date(2026, 11, 28) for p in new)
    assert after.cover is not None and after.cover.media_id in server.thumbs()
    assert [p.articles[0].title for p in new] == [a.title for a in published]
    assert "推送完成" in result.stdout
    # A second push has nothing to send and sends nothing.
    with FakeWechat() as again:
        second = run("push", demo, server=again)
        assert again.calls == []
    assert second.exit_code == 0 and "没有需要推送的文章" in second.stdout


def test_push_reuses_the_uploaded_cover_while_the_file_is_unchanged(
    demo: Path, wechat: FakeWechat
) -> None:
    assert run("push", demo, server=wechat).exit_code == 0
    # Forget the newest publication, so that the next run has one article to send.
    ledger = ledger_of(demo)
    trimmed = Ledger(cover=ledger.cover, publications=ledger.publications[:-1])
    (demo / LEDGER).write_text(dump_ledger(trimmed), encoding="utf-8")
    uploads = len(wechat.calls_to("material/add_material"))
    assert run("push", demo, server=wechat).exit_code == 0
    assert len(wechat.calls_to("material/add_material")) == uploads == 1
    assert keys_of(ledger_of(demo))[-1] == ledger.publications[-1].key


@pytest.mark.parametrize(
    ("faults", "message"),
    [
        (Faults(errors=(ScriptedError("draft/add", 45009),)), "调用频率超限"),
        (Faults(ip_not_allowed=True), "IP 白名单"),
        (Faults(publishing_polls=0, final_status=4), "平台审核不通过"),
        (Faults(publishing_polls=10_000), "仍在发布中"),
    ],
)
def test_push_errors_stop_with_a_message_and_leave_the_ledger_byte_identical(
    demo: Path, faults: Faults, message: str
) -> None:
    before = (demo / LEDGER).read_bytes()
    with FakeWechat(faults=faults) as server:
        result = run("push", demo, server=server)
    assert result.exit_code == 1
    assert message in result.stderr
    assert "没有记为已发布" in result.stderr
    assert (demo / LEDGER).read_bytes() == before


def test_ip_not_allowed_explains_where_push_must_run(demo: Path) -> None:
    with FakeWechat(faults=Faults(ip_not_allowed=True)) as server:
        result = run("push", demo, server=server)
        assert [c.endpoint for c in server.calls] == ["stable_token"]
    assert "40164" in result.stderr
    assert "登记的推送电脑" in result.stderr
    assert "IP白名单" in result.stderr  # the platform's own menu name


def test_a_failure_midway_keeps_what_was_published_and_the_next_push_resumes(
    demo: Path,
) -> None:
    due = pending_keys(demo)
    assert len(due) >= 2
    before = keys_of(ledger_of(demo))
    faults = Faults(errors=(ScriptedError("freepublish/submit", 45009, first=2),))
    with FakeWechat(faults=faults) as server:
        result = run("push", demo, server=server)
    assert result.exit_code == 1
    assert keys_of(ledger_of(demo)) == before + due[:1]
    with FakeWechat() as server:
        assert run("push", demo, server=server).exit_code == 0
        assert len(server.calls_to("freepublish/submit")) == len(due) - 1
    assert keys_of(ledger_of(demo)) == before + due


class CrashingTransport(httpx.HTTPTransport):
    """Forwards to the fake, and dies (as a killed process would) on the n-th submit."""

    def __init__(self, crash_on_submit: int) -> None:
        super().__init__()
        self.submits = 0
        self.crash_on_submit = crash_on_submit

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("freepublish/submit"):
            self.submits += 1
            if self.submits == self.crash_on_submit:
                raise SystemExit("killed")
        return super().handle_request(request)


def test_a_crash_in_the_middle_leaves_a_consistent_ledger(demo: Path, wechat: FakeWechat) -> None:
    due = pending_keys(demo)
    before = keys_of(ledger_of(demo))
    result = run("push", demo, server=wechat, obj={"wechat_transport": CrashingTransport(2)})
    assert result.exit_code != 0
    assert keys_of(ledger_of(demo)) == before + due[:1]
    assert [p.name for p in (demo / "wechat").iterdir() if p.name.startswith(".")] == []


def test_the_ledger_is_replaced_whole_or_not_at_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "wechat" / "ledger.yaml"
    write_atomically(path, "publications: []\n")

    def refuse(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("publisher.wechat.bookkeeping.os.replace", refuse)
    with pytest.raises(OSError):
        write_atomically(path, "publications: [half")
    assert path.read_text(encoding="utf-8") == "publications: []\n"
    assert [p.name for p in path.parent.iterdir()] == ["ledger.yaml"]


def test_dry_run_makes_no_requests_and_needs_no_credentials(demo: Path, wechat: FakeWechat) -> None:
    before = (demo / LEDGER).read_bytes()
    result = run("push", demo, "--dry-run", server=wechat, env={})
    assert result.exit_code == 0, result.output
    assert wechat.calls == []
    assert "未连接微信" in result.stdout
    assert "draft/add" in result.stdout
    assert "WECHAT_APPID" in result.stdout
    assert (demo / LEDGER).read_bytes() == before


def test_push_without_credentials_says_which_variables_to_set(
    demo: Path, wechat: FakeWechat
) -> None:
    result = run("push", demo, server=wechat, env={"WECHAT_APPID": "", "WECHAT_SECRET": ""})
    assert result.exit_code == 1
    assert "缺少环境变量 WECHAT_APPID、WECHAT_SECRET" in result.stderr
    assert wechat.calls == []


# --- status and withdraw ------------------------------------------------------------------------


def edit_record(content: Path, record_id: str, **changes: Any) -> None:
    path = content / "records" / record_id[:4] / f"{record_id}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.update(changes)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def article_carrying(ledger: Ledger, record_id: str) -> tuple[str, int, str]:
    for publication in reversed(ledger.publications):
        for article in publication.articles:
            live = record_id in article.records and article.deleted is None
            if live and publication.kind == "digest":
                return publication.key, article.index, publication.article_id
    raise AssertionError(record_id)


def status_json(content: Path, *args: str) -> tuple[int, list[dict[str, Any]]]:
    result = run("status", content, "--format", "json", *args)
    return result.exit_code, json.loads(result.stdout)["articles"]


def test_withdrawn_record_status_names_the_article_and_withdraw_deletes_it_by_index(
    demo: Path, wechat: FakeWechat
) -> None:
    """Acceptance (R-A5): after a pushed record is withdrawn, status names the article and
    withdraw deletes it with an explicit index, then publishes the notice."""
    assert run("push", demo, server=wechat).exit_code == 0
    record_id = "2026-cf-0009"
    key, index, article_id = article_carrying(ledger_of(demo), record_id)
    edit_record(
        demo,
        record_id,
        withdrawal={
            "act": "revoked",
            "date": dt.date(2026, 11, 27),
            "recorded": dt.date(2026, 11, 27),
            "explanation": "经行政复议，原处罚决定认定事实不清，予以撤销。",
        },
    )
    status = run("status", demo)
    assert status.exit_code == 1
    assert f"{key} 第 {index} 篇" in status.stdout
    assert f"{record_id} 已撤下（R-A5）" in status.stdout
    assert f"--key {key} --index {index}" in status.stdout

    result = run("withdraw", demo, "--key", key, "--index", str(index), server=wechat)
    assert result.exit_code == 0, result.output
    deletes = wechat.calls_to("freepublish/delete")
    assert [call.body for call in deletes] == [{"article_id": article_id, "index": index}]
    assert [a.deleted for a in wechat.published() if a.article_id == article_id] == [True]
    ledger = ledger_of(demo)
    deleted = [
        a.deleted
        for p in ledger.publications
        if p.article_id == article_id
        for a in p.articles
        if a.index == index
    ]
    assert deleted == [dt.date(2026, 11, 28)]
    # The notice, and the period's digest again without the withdrawn decision.
    new = ledger.publications[-2:]
    assert {p.key for p in new} == {f"withdrawal-{record_id}", key}
    notice = next(a for a in wechat.published() if a.article["title"].startswith("撤下公示说明"))
    assert "撤销" in notice.article["content"]
    republished = next(p for p in new if p.key == key)
    assert record_id not in republished.articles[0].records
    # The article is no longer named.
    _code, named = status_json(demo)
    assert key not in [article["key"] for article in named]


def test_withdraw_refuses_an_index_of_0_or_a_key_without_index(
    demo: Path, wechat: FakeWechat
) -> None:
    zero = run("withdraw", demo, "--key", "2025-W13", "--index", "0", server=wechat)
    assert zero.exit_code == 2
    assert "全部文章" in zero.stderr
    alone = run("withdraw", demo, "--key", "2025-W13", server=wechat)
    assert alone.exit_code == 2
    assert "同时给出" in alone.stderr
    assert wechat.calls == []


def test_withdraw_refuses_an_article_that_is_not_stale(demo: Path, wechat: FakeWechat) -> None:
    result = run("withdraw", demo, "--key", "2026-W42", "--index", "1", server=wechat)
    assert result.exit_code == 1
    assert "不是需要撤下的文章" in result.stderr
    assert wechat.calls == []


def test_withdraw_dry_run_shows_the_delete_and_the_notices_without_requests(
    demo: Path, wechat: FakeWechat
) -> None:
    record_id = "2026-jc-0003"
    key, index, article_id = article_carrying(ledger_of(demo), record_id)
    edit_record(
        demo,
        record_id,
        withdrawal={
            "act": "confirmed_illegal",
            "date": dt.date(2026, 11, 25),
            "explanation": "经行政诉讼，原检查结果被确认违法。",
        },
    )
    before = (demo / LEDGER).read_bytes()
    args = ("--dry-run", "--key", key, "--index", str(index))
    result = run("withdraw", demo, *args, server=wechat)
    assert result.exit_code == 0, result.output
    assert f"freepublish/delete article_id={article_id} index={index}" in result.stdout
    assert f"withdrawal-{record_id}" in result.stdout
    assert wechat.calls == []
    assert (demo / LEDGER).read_bytes() == before


def test_status_names_articles_of_corrected_and_expired_records(demo: Path) -> None:
    """R-A6: a correction after the push; R-A4: a record past its period."""
    record_id = "2026-jc-0003"
    key, index, _ = article_carrying(ledger_of(demo), record_id)
    edit_record(
        demo,
        record_id,
        corrections=[
            {
                "date": dt.date(2026, 11, 20),
                "fields": ["result"],
                "summary": "更正检查结果中的设备名称。",
                "reason": "原文笔误。",
            }
        ],
    )
    code, named = status_json(demo)
    assert code == 1
    corrected = next(a for a in named if a["key"] == key)
    assert corrected["index"] == index
    assert [(r["record"], r["problem"], r["rule"]) for r in corrected["records"]] == [
        (record_id, "corrected", "R-A6")
    ]
    # The demo's oldest digest (2021-W48) carries a legal person's decision published
    # 2021-12-06: its five years end on 2026-12-06.
    code, later = status_json(demo, "--as-of", "2026-12-08")
    expired = [r for a in later for r in a["records"] if r["problem"] == "expired"]
    assert "2021-cf-0003" in [r["record"] for r in expired]
    assert all(r["rule"] == "R-A4" for r in expired)


def test_a_withdrawal_notice_is_not_stale_while_its_record_is_withdrawn(demo: Path) -> None:
    _code, named = status_json(demo)
    assert not [a for a in named if a["kind"] == "withdrawal"]


def test_the_site_address_defaults_to_the_deployment_settings(tmp_path: Path) -> None:
    publish = tmp_path / "publishconf.py"
    base = tmp_path / "pelicanconf.py"
    base.write_text('SITEURL = "https://base.example.gov.cn/a"\n', encoding="utf-8")
    publish.write_text('from pelicanconf import *\nSITEURL = "https://www.example.gov.cn/b"\n')
    assert site_url_from_settings([publish, base]) == "https://www.example.gov.cn/b"
    assert (
        site_url_from_settings([tmp_path / "missing.py", base]) == "https://base.example.gov.cn/a"
    )
    assert site_url_from_settings([tmp_path / "missing.py"]) is None


def test_withdraw_of_all_goes_on_past_an_article_wechat_refuses(
    demo: Path, wechat: FakeWechat
) -> None:
    """The demo's stale 2025-W13 has an article_id this fake never issued (40007): it is
    reported, and the article of the newly withdrawn record is deleted all the same (R-A5)."""
    assert run("push", demo, server=wechat).exit_code == 0
    record_id = "2026-cf-0008"
    _key, index, article_id = article_carrying(ledger_of(demo), record_id)
    edit_record(
        demo,
        record_id,
        withdrawal={
            "act": "changed",
            "date": dt.date(2026, 11, 27),
            "explanation": "经复核，原处罚决定予以变更。",
        },
    )
    result = run("withdraw", demo, server=wechat)
    assert result.exit_code == 1
    assert "2025-W13" in result.stderr and "40007" in result.stderr
    bodies = [call.body for call in wechat.calls_to("freepublish/delete")]
    assert bodies[-1] == {"article_id": article_id, "index": index}
    ledger = ledger_of(demo)
    live = {p.key for p in ledger.publications if p.articles[0].deleted is None}
    assert "2025-W13" in live  # not recorded as deleted: WeChat did not confirm
    assert f"withdrawal-{record_id}" in live
