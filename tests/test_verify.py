"""`publisher verify`: the daily check that the deployed site is what the plan says today.

The demo is built once for an as-of date, then verified as a folder and over HTTP under the
portal's sub-path, as it is and after the ways a deployed site goes stale or wrong: a later
day on which a record's period has ended (R-A4), a withdrawn record's decision put back
(R-A5), a page deleted, an unmasked ID number (R-A8), an unknown record in the open data.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from browser import serve
from click.testing import CliRunner
from factories import id_number, penalty, write_content

from publisher.cli import main
from publisher.content import Content
from publisher.loader import load_content
from publisher.public import public_items
from publisher.site import LISTING_PAGE_SIZE, Page
from publisher.verify import (
    FetchError,
    HttpFetcher,
    PageState,
    ProblemKind,
    page_state,
    verify_site,
)
from publisher.verify_carriers import FEEDS, expected_list_pages
from publisher.visibility import Plan, State, plan_publication

PROJECT = Path(__file__).resolve().parent.parent
CONTENT = PROJECT / "content"
AS_OF = dt.date(2026, 11, 28)
SUB_PATH = "/gxj/zfgs/"


def fixed_clock() -> dt.datetime:
    # 2026-11-27 20:30 UTC is 2026-11-28 in Asia/Shanghai: the as-of date of the demo build.
    return dt.datetime(2026, 11, 27, 20, 30, tzinfo=dt.UTC)


def cli_build(output: Path, as_of: dt.date) -> None:
    command = [
        sys.executable, "-m", "publisher.cli", "build", "--content", str(CONTENT),
        "--output", str(output), "--as-of", as_of.isoformat(),
    ]  # fmt: skip
    result = subprocess.run(command, cwd=PROJECT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr[-3000:]


@dataclass(frozen=True)
class Outcome:
    code: int
    out: str
    err: str

    def json(self) -> dict[str, Any]:
        payload: dict[str, Any] = json.loads(self.out)
        return payload

    def problems(self) -> list[dict[str, Any]]:
        problems: list[dict[str, Any]] = self.json()["problems"]
        return problems


def verify(target: Path | str, *args: str) -> Outcome:
    runner = CliRunner()
    command = ["verify", "--content", str(CONTENT), *args, str(target)]
    result = runner.invoke(main, command, obj={"clock": fixed_clock})
    return Outcome(result.exit_code, result.stdout, result.stderr)


def about(problems: list[dict[str, Any]], record: str) -> set[tuple[str, str]]:
    """(kind, rule) of every problem naming `record`."""
    return {(p["kind"], p["rule"]) for p in problems if p["record"] == record}


@pytest.fixture(scope="module")
def demo() -> Content:
    result = load_content(CONTENT)
    assert result.content is not None
    return result.content


@pytest.fixture(scope="module")
def plan(demo: Content) -> Plan:
    return plan_publication([r.record for r in demo.records], demo.settings, AS_OF)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("verify") / "site"
    cli_build(folder, AS_OF)
    return folder


@pytest.fixture
def site(built: Path, tmp_path: Path) -> Path:
    """A copy of the built site that a test may break."""
    return Path(shutil.copytree(built, tmp_path / "site"))


def record_page(site: Path, record_id: str) -> Path:
    return site / "records" / record_id / "index.html"


def first_to_expire(plan: Plan) -> tuple[str, dt.date]:
    """The published record whose last day comes first, and that day."""
    entries = [
        e for e in plan.visible() if e.state is State.PUBLISHED and e.visible_until is not None
    ]
    entry = min(entries, key=lambda e: (e.visible_until or dt.date.max, e.record_id))
    assert entry.visible_until is not None
    return entry.record_id, entry.visible_until


def first_withdrawn(demo: Content, plan: Plan) -> tuple[str, dt.date]:
    """A record that shows only its withdrawal notice on AS_OF, and its withdrawal date."""
    for loaded in demo.records:
        record = loaded.record
        if plan.entry(record.id).state is State.WITHDRAWN and record.withdrawal is not None:
            return record.id, record.withdrawal.date
    raise AssertionError("the demo should have a withdrawn record")


# --- the command on the demo ------------------------------------------------------------------


def test_the_site_of_the_day_passes(built: Path) -> None:
    """Same content, same day (the clock's, without --as-of): nothing to report, exit 0."""
    outcome = verify(built)
    assert outcome.code == 0, outcome.out + outcome.err
    assert outcome.out == ""
    assert "核对通过" in outcome.err


def test_json_says_what_was_checked(built: Path) -> None:
    outcome = verify(built, "--as-of", AS_OF.isoformat(), "--format", "json")
    assert outcome.code == 0, outcome.err
    payload = outcome.json()
    assert payload["ok"] is True
    assert payload["as_of"] == AS_OF.isoformat()
    assert payload["problems"] == []
    assert payload["checked"] > 40


def test_r_a4_a_record_past_its_last_day_is_flagged(built: Path, plan: Plan) -> None:
    """The rebuild did not run: on the day after a record's last day its page and its row in
    the open data are still there. On the last day itself nothing is wrong with it."""
    record_id, last_day = first_to_expire(plan)
    on_last_day = verify(built, "--as-of", last_day.isoformat(), "--format", "json")
    assert about(on_last_day.problems(), record_id) == set()
    gone = last_day + dt.timedelta(days=1)
    outcome = verify(built, "--as-of", gone.isoformat(), "--format", "json")
    assert outcome.code == 1
    assert about(outcome.problems(), record_id) == EVERY_CARRIER
    pages = [p for p in outcome.problems() if p["kind"] == ProblemKind.PAGE_NOT_REMOVED.value]
    page = next(p for p in pages if p["record"] == record_id)
    assert page["file"] == f"records/{record_id}/index.html"
    assert "届满" in page["message"]
    assert files_naming(outcome.problems(), record_id) >= CARRIER_FILES


# A record past its last day, on a site not rebuilt since: flagged on every carrier (R-A1).
EVERY_CARRIER = {
    (kind.value, "R-A4")
    for kind in (
        ProblemKind.PAGE_NOT_REMOVED,
        ProblemKind.DATA_NOT_REMOVED,
        ProblemKind.LIST_NOT_UPDATED,
        ProblemKind.SITEMAP_NOT_UPDATED,
        ProblemKind.FEED_NOT_UPDATED,
        ProblemKind.SEARCH_NOT_UPDATED,
    )
}
CARRIER_FILES = {
    "data/records.json",
    "data/records.csv",
    "list/index.html",
    "list/sort/oldest/index.html",
    "kinds/penalty/index.html",
    "sitemap.xml",
    "feeds/atom.xml",
    "feeds/rss.xml",
}


def files_naming(problems: list[dict[str, Any]], record: str) -> set[str]:
    return {p["file"] for p in problems if p["record"] == record}


def test_text_output_names_the_file_rule_and_record(built: Path, plan: Plan) -> None:
    record_id, last_day = first_to_expire(plan)
    gone = (last_day + dt.timedelta(days=1)).isoformat()
    outcome = verify(built, "--as-of", gone)
    assert outcome.code == 1
    page = str(record_page(built, record_id))
    assert any(
        line.startswith(f"{page}: 错误 [R-A4] 记录 {record_id} ")
        for line in outcome.out.splitlines()
    ), outcome.out
    assert "发现" in outcome.err


@pytest.fixture(scope="module")
def before_withdrawal(
    demo: Content, plan: Plan, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, Path]:
    """The demo built the day before a record's withdrawal, and that record."""
    record_id, withdrawn = first_withdrawn(demo, plan)
    folder = tmp_path_factory.mktemp("before") / "site"
    cli_build(folder, withdrawn - dt.timedelta(days=1))
    return record_id, folder


@pytest.fixture(scope="module")
def decision_page(before_withdrawal: tuple[str, Path]) -> tuple[str, bytes]:
    """A withdrawn record's page as it was the day before its withdrawal: the decision."""
    record_id, folder = before_withdrawal
    return record_id, record_page(folder, record_id).read_bytes()


def test_r_a5_a_withdrawn_decision_still_found_by_search_is_flagged(
    site: Path, before_withdrawal: tuple[str, Path]
) -> None:
    """The search index of the day before the withdrawal, deployed with today's pages: the
    decision can still be found although its page shows only the notice."""
    record_id, folder = before_withdrawal
    shutil.rmtree(site / "pagefind")
    shutil.copytree(folder / "pagefind", site / "pagefind")
    outcome = verify(site, "--format", "json")
    assert outcome.code == 1
    assert (ProblemKind.SEARCH_NOT_UPDATED.value, "R-A5") in about(outcome.problems(), record_id)


def test_r_a5_a_withdrawn_decision_put_back_is_flagged(
    site: Path, decision_page: tuple[str, bytes]
) -> None:
    record_id, page = decision_page
    assert page_state(record_page(site, record_id).read_bytes()) is PageState.WITHDRAWN
    record_page(site, record_id).write_bytes(page)
    outcome = verify(site, "--format", "json")
    assert outcome.code == 1
    assert about(outcome.problems(), record_id) == {
        (ProblemKind.DECISION_NOT_WITHDRAWN.value, "R-A5")
    }
    assert len(outcome.problems()) == 1


def test_r_a5_a_decision_page_from_before_the_marker_is_recognised(
    site: Path, decision_page: tuple[str, bytes]
) -> None:
    """A site deployed before the pages carried their state marker is still told apart by
    its <article class="decision">."""
    record_id, page = decision_page
    older = re.sub(rb'<meta name="disclosure-state"[^>]*>\n?', b"", page)
    assert b"disclosure-state" not in older
    record_page(site, record_id).write_bytes(older)
    outcome = verify(site, "--format", "json")
    assert about(outcome.problems(), record_id) == {
        (ProblemKind.DECISION_NOT_WITHDRAWN.value, "R-A5")
    }


def test_deleted_pages_are_missing(site: Path, demo: Content, plan: Plan) -> None:
    """A published record's page and a withdrawn record's notice must both be there."""
    published, _ = first_to_expire(plan)
    withdrawn, _ = first_withdrawn(demo, plan)
    record_page(site, published).unlink()
    record_page(site, withdrawn).unlink()
    outcome = verify(site, "--format", "json")
    assert outcome.code == 1
    assert about(outcome.problems(), published) == {(ProblemKind.PAGE_MISSING.value, "R-A1")}
    assert about(outcome.problems(), withdrawn) == {(ProblemKind.PAGE_MISSING.value, "R-A5")}


def test_a_record_missing_from_the_open_data(site: Path, plan: Plan) -> None:
    record_id, _ = first_to_expire(plan)
    data = site / "data" / "records.json"
    rows = json.loads(data.read_text(encoding="utf-8"))
    kept = [row for row in rows if row["id"] != record_id]
    data.write_text(json.dumps(kept, ensure_ascii=False), encoding="utf-8")
    outcome = verify(site, "--format", "json")
    assert outcome.code == 1
    assert about(outcome.problems(), record_id) == {(ProblemKind.DATA_MISSING.value, "R-A1")}


def test_a_record_unknown_to_the_content_is_flagged(site: Path, plan: Plan) -> None:
    """A record deleted from the content whose page and row are still deployed."""
    record_id, _ = first_to_expire(plan)
    ghost = "2019-cf-9999"
    shutil.copytree(site / "records" / record_id, site / "records" / ghost)
    data = site / "data" / "records.json"
    rows = json.loads(data.read_text(encoding="utf-8"))
    rows.append({**next(r for r in rows if r["id"] == record_id), "id": ghost})
    data.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    outcome = verify(site, "--format", "json")
    assert about(outcome.problems(), ghost) == {
        (ProblemKind.PAGE_NOT_REMOVED.value, "R-A1"),
        (ProblemKind.DATA_NOT_REMOVED.value, "R-A1"),
    }


def test_a_folder_finds_a_record_page_nothing_lists(site: Path, plan: Plan) -> None:
    """A folder can be listed: a record folder that neither the content nor the open data
    knows is found too (over HTTP it could not be)."""
    record_id, _ = first_to_expire(plan)
    orphan = "2018-cf-0001"
    shutil.copytree(site / "records" / record_id, site / "records" / orphan)
    outcome = verify(site, "--format", "json")
    assert outcome.code == 1
    assert about(outcome.problems(), orphan) == {(ProblemKind.PAGE_NOT_REMOVED.value, "R-A1")}


def test_r_a8_an_unmasked_id_number_is_flagged_but_never_printed(site: Path, plan: Plan) -> None:
    record_id, _ = first_to_expire(plan)
    number = id_number(dt.date(1985, 6, 1), region="140121", sequence="517")
    page = record_page(site, record_id)
    page.write_text(
        page.read_text(encoding="utf-8").replace("</main>", f"<p>身份证号 {number}</p>\n</main>"),
        encoding="utf-8",
    )
    for output_format in ("text", "json"):
        outcome = verify(site, "--format", output_format)
        assert outcome.code == 1
        printed = outcome.out + outcome.err
        assert number not in printed and number[:14] not in printed and number[-8:] not in printed
    leaks = [p for p in outcome.problems() if p["rule"] == "R-A8"]
    assert len(leaks) == 1
    assert leaks[0]["record"] == record_id
    assert leaks[0]["file"] == f"records/{record_id}/index.html"
    assert leaks[0]["line"] > 1
    assert "身份证号" in leaks[0]["message"]


def test_r_a8_a_mobile_number_in_the_csv_is_flagged(site: Path) -> None:
    data = site / "data" / "records.csv"
    data.write_bytes(data.read_bytes() + "联系电话 13912345678\r\n".encode())
    outcome = verify(site, "--format", "json")
    assert outcome.code == 1
    assert [(p["file"], p["rule"]) for p in outcome.problems()] == [("data/records.csv", "R-A8")]
    assert "13912345678" not in outcome.out


# --- over HTTP under the portal's sub-path ----------------------------------------------------


def test_http_under_a_sub_path(built: Path) -> None:
    with serve(built, SUB_PATH) as url:
        assert url.endswith(SUB_PATH)
        outcome = verify(url)
        assert outcome.code == 0, outcome.out + outcome.err
        without_slash = verify(url.rstrip("/"))
        assert without_slash.code == 0, without_slash.out + without_slash.err


def test_http_flags_a_stale_site_with_its_address(built: Path, plan: Plan) -> None:
    record_id, last_day = first_to_expire(plan)
    gone = (last_day + dt.timedelta(days=1)).isoformat()
    with serve(built, SUB_PATH) as url:
        outcome = verify(url, "--as-of", gone, "--format", "json")
    assert outcome.code == 1
    pages = [p for p in outcome.problems() if p["kind"] == ProblemKind.PAGE_NOT_REMOVED.value]
    assert f"{url}records/{record_id}/index.html" in {p["location"] for p in pages}


@pytest.fixture(scope="module")
def yesterdays_site(plan: Plan, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The demo built on the last day of the record that leaves the site first."""
    record_id, last_day = first_to_expire(plan)
    folder = tmp_path_factory.mktemp("yesterday") / "site"
    cli_build(folder, last_day)
    return folder, record_id


def test_r_a4_http_a_copy_built_for_yesterday_is_flagged_on_every_carrier(
    yesterdays_site: tuple[Path, str], plan: Plan
) -> None:
    """The acceptance case: the rebuild failed last night, so the portal still serves the
    copy built yesterday, while a record's last day has passed. Over HTTP under the portal's
    sub-path, the record is flagged on its page, the list pages, the sitemap, the feeds, the
    search index and both open-data files."""
    folder, record_id = yesterdays_site
    _, last_day = first_to_expire(plan)
    today = (last_day + dt.timedelta(days=1)).isoformat()
    with serve(folder, SUB_PATH) as url:
        assert verify(url, "--as-of", last_day.isoformat()).code == 0
        outcome = verify(url, "--as-of", today, "--format", "json")
    assert outcome.code == 1
    assert about(outcome.problems(), record_id) == EVERY_CARRIER
    files = files_naming(outcome.problems(), record_id)
    assert files >= CARRIER_FILES
    assert f"records/{record_id}/index.html" in files
    assert any(f.startswith("pagefind/fragment/") for f in files)
    pages = [p for p in outcome.problems() if p["kind"] == ProblemKind.LIST_NOT_UPDATED.value]
    assert f"{url}list/index.html" in {p["location"] for p in pages}


def test_http_a_left_over_page_beyond_the_end_of_a_list_is_flagged(site: Path) -> None:
    """A page the plan no longer has (the list got shorter) but a copy without --delete kept."""
    stale = site / "list" / "page" / "2" / "index.html"
    stale.parent.mkdir(parents=True)
    html = (site / "list" / "index.html").read_text(encoding="utf-8")
    stale.write_text(html.replace('/list/">', '/list/page/2/">', 1), encoding="utf-8")
    with serve(site, SUB_PATH) as url:
        outcome = verify(url, "--format", "json")
    assert outcome.code == 1
    assert [(p["kind"], p["file"]) for p in outcome.problems()] == [
        (ProblemKind.PAGE_NOT_REMOVED.value, "list/page/2/index.html")
    ]


def test_a_missing_list_page_and_a_list_leaving_out_a_record(site: Path, plan: Plan) -> None:
    record_id, _ = first_to_expire(plan)
    (site / "areas" / "power" / "index.html").unlink()
    listed = site / "list" / "index.html"
    html = listed.read_text(encoding="utf-8")
    listed.write_text(html.replace(f"records/{record_id}/", "records/x/"), encoding="utf-8")
    outcome = verify(site, "--format", "json")
    assert outcome.code == 1
    assert {(p["kind"], p["file"], p["record"]) for p in outcome.problems()} == {
        (ProblemKind.PAGE_MISSING.value, "areas/power/index.html", None),
        (ProblemKind.LIST_MISSING_RECORD.value, "list/index.html", record_id),
    }


@pytest.fixture(scope="module")
def small_pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo with ten entries on a page of a list (DISCLOSURE_PAGE_SIZE)."""
    folder = tmp_path_factory.mktemp("pages")
    settings = folder / "tenconf.py"
    settings.write_text(
        f"import sys\nsys.path.insert(0, {str(PROJECT)!r})\n"
        "from pelicanconf import *  # noqa: F403\n"
        f"PLUGIN_PATHS = [{str(PROJECT / 'plugins')!r}]\n"
        f"THEME = {str(PROJECT / 'theme')!r}\n"
        "DISCLOSURE_PAGE_SIZE = 10\nDISCLOSURE_SEARCH = False\n",
        encoding="utf-8",
    )
    command = [
        sys.executable, "-m", "publisher.cli", "build", "--content", str(CONTENT),
        "--output", str(folder / "site"), "--as-of", AS_OF.isoformat(),
        "--settings", str(settings),
    ]  # fmt: skip
    result = subprocess.run(command, cwd=PROJECT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    return folder / "site"


def test_the_page_size_of_the_build_is_given_to_verify(small_pages: Path) -> None:
    """Lists paged by ten: verified with --page-size 10 the site is right, and a site without
    search is fine; with the default size its later pages are reported as left over."""
    assert (small_pages / "list" / "page" / "2" / "index.html").is_file()
    assert not (small_pages / "pagefind").exists()
    right = verify(small_pages, "--page-size", "10")
    assert right.code == 0, right.out + right.err
    wrong = verify(small_pages, "--format", "json")
    assert wrong.code == 1
    kinds = {p["kind"] for p in wrong.problems()}
    assert kinds == {ProblemKind.PAGE_NOT_REMOVED.value}
    assert "list/page/2/index.html" in {p["file"] for p in wrong.problems()}


def test_http_flags_an_injected_number(site: Path, plan: Plan) -> None:
    record_id, _ = first_to_expire(plan)
    page = record_page(site, record_id)
    number = id_number(dt.date(1990, 2, 3))
    page.write_text(page.read_text(encoding="utf-8") + number, encoding="utf-8")
    with serve(site, SUB_PATH) as url:
        outcome = verify(url, "--format", "json")
    assert outcome.code == 1
    assert about(outcome.problems(), record_id) == {(ProblemKind.PERSONAL_NUMBER.value, "R-A8")}
    assert number not in outcome.out


# --- what cannot be verified: exit 2 ----------------------------------------------------------


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def test_an_unreachable_address_exits_2() -> None:
    outcome = verify(f"http://127.0.0.1:{closed_port()}/gxj/zfgs/", "--timeout", "5")
    assert outcome.code == 2
    assert "无法核对" in outcome.err


def test_an_address_that_is_not_the_site_exits_2(built: Path) -> None:
    with serve(built, SUB_PATH) as url:
        outcome = verify(url.replace(SUB_PATH, "/elsewhere/"))
    assert outcome.code == 2
    assert "不是公示网站" in outcome.err


@pytest.mark.parametrize("target", ["no-such-folder", "ftp://example.gov.cn/x/", "https:///x"])
def test_a_bad_target_is_a_usage_error(target: str, tmp_path: Path) -> None:
    outcome = verify(tmp_path / target if "/" not in target else target)
    assert outcome.code == 2
    assert outcome.out == ""


def test_a_server_error_is_not_taken_for_a_missing_page(built: Path) -> None:
    """Only 404 and 410 mean "no such page"; a 500 leaves the question open (exit 2)."""
    import http.server
    import threading

    class Failing(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(500)
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            """Keep the test output clean."""

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Failing)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        fetcher = HttpFetcher(f"http://127.0.0.1:{server.server_address[1]}/gxj/zfgs/")
        with pytest.raises(FetchError, match="HTTP 500"):
            fetcher.fetch("index.html")
    finally:
        server.shutdown()
        server.server_close()


# --- the core with a fake fetcher -------------------------------------------------------------


@dataclass(frozen=True)
class FakeSite:
    """A deployed site as a mapping of paths to bytes, as a web server shows it."""

    files: Mapping[str, bytes]
    soft_404: bytes | None = None
    """A portal that answers every unknown address with its own page and status 200."""

    def fetch(self, path: str) -> bytes | None:
        return self.files.get(path, self.soft_404)

    def location(self, path: str) -> str:
        return f"https://www.example.gov.cn/gxj/zfgs/{path}"

    def listing(self) -> tuple[str, ...]:
        return ()


HOME_PAGE = b"<!DOCTYPE html><html><head><title>\xe9\xa6\x96\xe9\xa1\xb5</title></head></html>"


def record_html(state: str) -> bytes:
    article = "decision" if state == "published" else "notice"
    return (
        f'<!DOCTYPE html><html><head><meta name="disclosure-state" content="{state}"></head>'
        f'<body><article class="{article}"><h1>t</h1></article></body></html>'
    ).encode()


def open_data(rows: Mapping[str, str]) -> bytes:
    return json.dumps([{"id": i, "state": s} for i, s in rows.items()]).encode()


def small_content(tmp_path: Path) -> Content:
    """One published decision and one withdrawn decision with a scanned attachment."""
    withdrawn = penalty(
        id="2024-cf-0002",
        doc_no="青工信罚〔2024〕2号",
        attachments=[{"file": "attachments/2024-cf-0002.pdf", "title": "被撤销的决定书"}],
        withdrawal={
            "act": "revoked",
            "date": "2024-09-02",
            "recorded": "2024-09-03",
            "explanation": "经行政复议，原处罚决定予以撤销。",
        },
    )
    root = write_content(tmp_path / "content", [penalty(), withdrawn])
    result = load_content(root)
    assert result.content is not None, [f.format_text() for f in result.findings]
    return result.content


SMALL_AS_OF = dt.date(2024, 12, 1)


SMALL_STATES = {"2024-cf-0001": "published", "2024-cf-0002": "withdrawn"}
SITE_URL = "https://www.example.gov.cn/gxj/zfgs/"


def list_html(path: str, record_ids: Sequence[str]) -> bytes:
    """A list page as verify reads it: its canonical link and its links to records."""
    links = "".join(f'<a href="../records/{i}/index.html">{i}</a>' for i in record_ids)
    return (
        f'<!DOCTYPE html><html><head><link rel="canonical" href="{SITE_URL}{path}">'
        f"</head><body>{links}</body></html>"
    ).encode()


def listed_ids(page: Page) -> list[str]:
    return [entry.id for key in ("entries", "latest") for entry in page.context.get(key, ())]


def good_site() -> dict[str, bytes]:
    """The small content's site on SMALL_AS_OF, as much of it as verify reads: the record
    pages, every list page, the open data, the sitemap and the feeds (no search)."""
    with tempfile.TemporaryDirectory() as folder:
        content = small_content(Path(folder))
    plan = plan_publication([r.record for r in content.records], content.settings, SMALL_AS_OF)
    items = public_items(content.records, plan)
    files = {
        "data/records.json": open_data(SMALL_STATES),
        "data/records.csv": b"id,state\r\n"
        + "".join(f"{i},{s}\r\n" for i, s in SMALL_STATES.items()).encode(),
        "records/2024-cf-0001/index.html": record_html("published"),
        "records/2024-cf-0002/index.html": record_html("withdrawn"),
        "sitemap.xml": (
            "<urlset>" + "".join(f"<loc>{SITE_URL}records/{i}/</loc>" for i in SMALL_STATES)
        ).encode()
        + b"</urlset>",
    }
    for page in expected_list_pages(content, items, SMALL_AS_OF, LISTING_PAGE_SIZE):
        files[page.output_file] = list_html(page.path, listed_ids(page))
    for feed in FEEDS:
        files[feed] = b"<feed>" + f"<link href='{SITE_URL}records/2024-cf-0001/'/>".encode()
    return files


def test_core_a_good_site_passes(tmp_path: Path) -> None:
    result = verify_site(small_content(tmp_path), SMALL_AS_OF, FakeSite(good_site()))
    assert result.ok, result.problems


def test_r_a5_core_a_withdrawn_records_attachment_still_served(tmp_path: Path) -> None:
    files = {**good_site(), "records/2024-cf-0002/2024-cf-0002.pdf": b"%PDF-1.4 scan"}
    result = verify_site(small_content(tmp_path), SMALL_AS_OF, FakeSite(files))
    assert [(p.kind, p.rule, p.record) for p in result.problems] == [
        (ProblemKind.ATTACHMENT_NOT_REMOVED, "R-A5", "2024-cf-0002")
    ]


def test_core_a_soft_404_is_no_page(tmp_path: Path) -> None:
    """A portal answering unknown addresses with 200 and its own page: hidden records are
    not reported for it, a published record's page is reported missing."""
    files = good_site()
    del files["records/2024-cf-0001/index.html"]
    result = verify_site(small_content(tmp_path), SMALL_AS_OF, FakeSite(files, HOME_PAGE))
    assert [(p.kind, p.record) for p in result.problems] == [
        (ProblemKind.PAGE_MISSING, "2024-cf-0001")
    ]
    assert "不是记录页面" in result.problems[0].message


def test_core_unreadable_open_data_is_one_problem(tmp_path: Path) -> None:
    files = {**good_site(), "data/records.json": b"{not json"}
    result = verify_site(small_content(tmp_path), SMALL_AS_OF, FakeSite(files))
    assert [(p.kind, p.rule) for p in result.problems] == [(ProblemKind.DATA_UNREADABLE, "R-A1")]


def test_core_wrong_state_in_the_open_data(tmp_path: Path) -> None:
    files = {
        **good_site(),
        "data/records.json": open_data({"2024-cf-0001": "published", "2024-cf-0002": "published"}),
    }
    result = verify_site(small_content(tmp_path), SMALL_AS_OF, FakeSite(files))
    assert [(p.kind, p.rule, p.record) for p in result.problems] == [
        (ProblemKind.DATA_WRONG_STATE, "R-A5", "2024-cf-0002")
    ]


def test_core_invalid_ids_in_the_open_data_are_never_fetched(tmp_path: Path) -> None:
    """The open data comes from the site: an id that is no record id is not a path to read."""
    rows = {"2024-cf-0001": "published", "2024-cf-0002": "withdrawn", "../../etc": "published"}
    files = {**good_site(), "data/records.json": open_data(rows)}
    asked: list[str] = []

    class Recording(FakeSite):
        def fetch(self, path: str) -> bytes | None:
            asked.append(path)
            return super().fetch(path)

    result = verify_site(small_content(tmp_path), SMALL_AS_OF, Recording(files))
    assert not [path for path in asked if ".." in path]
    assert [p.kind for p in result.problems] == [ProblemKind.DATA_UNREADABLE]


def test_core_without_a_home_page_nothing_can_be_said(tmp_path: Path) -> None:
    with pytest.raises(FetchError):
        verify_site(small_content(tmp_path), SMALL_AS_OF, FakeSite({}))


@pytest.mark.parametrize(
    ("body", "state"),
    [
        (None, PageState.ABSENT),
        (record_html("published"), PageState.PUBLISHED),
        (record_html("withdrawn"), PageState.WITHDRAWN),
        (
            b'<html><head><meta content="withdrawn" name="disclosure-state"></head></html>',
            PageState.WITHDRAWN,
        ),
        (b'<main><article class="notice wide">x</article></main>', PageState.WITHDRAWN),
        (b'<main><article class="decision">x</article></main>', PageState.PUBLISHED),
        (HOME_PAGE, PageState.OTHER),
        (b"\xff\xfe not even text", PageState.OTHER),
    ],
)
def test_page_state(body: bytes | None, state: PageState) -> None:
    assert page_state(body) is state
