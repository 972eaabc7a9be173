"""The internal report (`publisher report`): its pages, its guards, and that nothing internal
reaches the public site (RULES.md B and C: internal fields never reach a carrier).

All names and numbers are fictional.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag
from click.testing import CliRunner, Result
from factories import penalty, write_content, write_yaml
from supervision_factories import (
    COAL,
    case_file,
    legal_review_and_discussion,
    officer,
    officers,
    write_supervision,
)

from publisher.build import BuildOptions, build_site
from publisher.cli import main
from publisher.internal_report.guard import MARKER_FILE
from publisher.loader import load_content

PROJECT = Path(__file__).resolve().parent.parent
AS_OF = "2026-11-28"
SITE_URL = "https://www.example.gov.cn/gxj/zfgs"
PAGES = (
    "index.html",
    "findings.html",
    "deadlines.html",
    "correction_requests.html",
    "status.html",
    "responsibility.html",
    "certificates.html",
    "major.html",
    "draws.html",
    "reviews.html",
    "faults.html",
)


def run_report(*args: str) -> Result:
    return CliRunner().invoke(main, ["report", "--as-of", AS_OF, *args])


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def rank(seed: str, key: str) -> str:
    return hashlib.sha256(f"{seed}:{key}".encode()).hexdigest()


def ranked(seed: str, keys: list[str]) -> list[dict[str, str]]:
    return sorted(({"id": k, "rank": rank(seed, k)} for k in keys), key=lambda c: c["rank"])


# --- a bureau with every kind of supervision file ---------------------------------------------


def supervision_records(text: dict[str, str]) -> list[dict[str, Any]]:
    """A published major penalty with a full case file, a draft past its deadline (R-A3), a
    withdrawal not yet registered (R-A5) of a major fine without a case file (R-B4), and a
    correction made on request (R-A7)."""
    major_case = {
        **case_file("2026-cf-0001", "penalty", "2026-03-02"),
        **legal_review_and_discussion("2026-03-02"),
        "major": True,
        "major_reason": text["major_reason"],
    }
    major_case["legal_review"]["opinion"] = text["review_opinion"]
    major_case["discussion"]["conclusion"] = text["discussion"]
    major_case["acts"][0]["note"] = text["act_note"]
    major_case["stages"][0]["documents"][0]["kind"] = text["document_kind"]
    major_case["stages"][0]["media"] = [
        {"file": "2026-cf-0001/现场.mp4", "sha256": "0" * 64, "description": text["media"]}
    ]
    return [
        penalty(
            id="2026-cf-0001",
            doc_no="青工信罚〔2026〕1号",
            decided="2026-03-02",
            published="2026-03-05",
            penalty={"kinds": ["order_suspension", "fine"], "fine_yuan": 60000},
            notes=text["notes"],
            case=major_case,
            corrections=[
                {"date": "2026-04-01", "fields": ["party.legal_rep"], "summary": "更正法定代表人姓名",
                 "reason": "当事人提供营业执照", "public_request": True},
            ],
        ),
        penalty(id="2026-cf-0002", doc_no="青工信罚〔2026〕2号", decided="2026-10-09",
                published=None, title="关于青崖县草稿示例煤业有限公司的行政处罚决定"),
        penalty(id="2026-cf-0003", doc_no="青工信罚〔2026〕3号", decided="2026-06-01",
                published="2026-06-05", title="关于青崖县撤销示例煤业有限公司的行政处罚决定",
                penalty={"kinds": ["fine"], "fine_yuan": 80000},
                withdrawal={"act": "revoked", "date": "2026-11-20",
                            "explanation": "经行政复议，原处罚决定予以撤销。"}),
    ]  # fmt: skip


def supervision_files(root: Path, text: dict[str, str]) -> None:
    roster = {
        "legal_section": "政策法规科",
        "sections": [{"name": COAL, "areas": ["coal_mine_safety"]}, {"name": "政策法规科"}],
        "appointments": [
            {"name": text["head"], "role": "head", "start": "2019-01-01"},
            {"name": text["deputy"], "role": "deputy", "sections": [COAL], "start": "2019-01-01"},
            {"name": "杨卫东", "role": "section_head", "sections": [COAL], "start": "2019-01-01"},
            {"name": "郝丽娟", "role": "officer", "sections": [COAL], "start": "2019-01-01"},
        ],
        "legal_advisers": [{"name": text["adviser"], "role": "legal_adviser", "start": "2019-01-01"}],
    }  # fmt: skip
    staff = officers()
    staff[0] = {**staff[0], "section": text["officer_section"]}
    staff[1] = officer(
        "郝丽娟", "14010019002", ["coal_mine_safety"], COAL, valid_until="2026-12-20"
    )
    staff.append(
        officer("卫示例", "14010016007", ["power"], COAL, valid_until="2030-12-31",
                suspensions=[{"start": "2026-11-01", "ground": "3.1.3", "note": text["suspension"]}])
    )  # fmt: skip
    write_supervision(root, roster=roster, officer_list=staff)
    write_yaml(root / "inspection_items.yaml", {"items": [
        {"code": "QY-MK-01", "name": "煤矿安全生产条件检查", "area": "coal_mine_safety",
         "basis": "《煤矿安全生产条例》"},
    ]})  # fmt: skip
    write_yaml(root / "targets.yaml", {"targets": [
        {"id": "T01", "name": "青崖县甲示例煤业有限公司", "area": "coal_mine_safety"},
        {"id": "T02", "name": "青崖县乙示例煤业有限公司", "area": "coal_mine_safety"},
    ]})  # fmt: skip
    # 2026-sj-01 as staff typed it: the team in another order and a certified officer (阎春霞)
    # left out of the candidates, so it does not recompute; its results are overdue.
    seed = "2026-05-06 示例开奖号码 01 02 03"
    write_yaml(root / "draws" / "2026-sj-01.yaml", {
        "plan": {"id": "2026-sj-01", "item": "QY-MK-01", "date": "2026-05-08", "targets": 1,
                 "inspection_start": "2026-05-11", "inspection_end": "2026-10-30",
                 "conflicts": [{"officer": "杨卫东", "target": "T02", "reason": text["conflict"]}]},
        "seed": seed,
        "target_candidates": ranked(seed, ["T01", "T02"]),
        "officer_candidates": ranked(seed, ["杨卫东", "郝丽娟"]),
        "teams": [{"target": "T01", "officers": ["杨卫东", "郝丽娟"]}],
    })  # fmt: skip
    # 2026-sj-02 drawn by the documented method (one target, the first two officers by rank,
    # no conflicts), its results published in time.
    seed = "2026-05-29 示例开奖号码 04 05 06"
    targets, staff = ranked(seed, ["T01", "T02"]), ranked(seed, ["杨卫东", "郝丽娟", "阎春霞"])
    write_yaml(root / "draws" / "2026-sj-02.yaml", {
        "plan": {"id": "2026-sj-02", "item": "QY-MK-01", "date": "2026-06-01", "targets": 1,
                 "inspection_start": "2026-06-08", "inspection_end": "2026-06-30"},
        "seed": seed,
        "target_candidates": targets,
        "officer_candidates": staff,
        "teams": [{"target": targets[0]["id"], "officers": [o["id"] for o in staff[:2]]}],
        "results_published": "2026-07-10",
    })  # fmt: skip
    write_yaml(root / "reviews" / "2025.yaml", {
        "year": 2025, "seed": "2025 年终评查种子", "drawn": "2025-12-28",
        "candidates": ["2025-cf-0001", "2025-cf-0002"], "sample": ["2025-cf-0001", "2025-cf-0002"],
        "sheets": [{"record": "2025-cf-0001", "reviewer": text["reviewer"], "vetoes": ["wrong_law"],
                    "automatic": [text["automatic"]], "comment": text["review_comment"]}],
    })  # fmt: skip
    write_yaml(root / "faults.yaml", {"faults": [
        {"id": "2026-gc-01", "record": "2026-cf-0001", "type": "illegal_procedure",
         "found_by": "case_review", "found": "2026-06-30", "description": text["fault"],
         "outcomes": [{"person": "郝丽娟", "kind": "criticism_education", "date": "2026-07-15",
                       "note": text["outcome_note"]}]},
    ]})  # fmt: skip


CANARY_FIELDS = (
    "notes",
    "major_reason",
    "review_opinion",
    "discussion",
    "act_note",
    "document_kind",
    "media",
    "head",
    "deputy",
    "adviser",
    "officer_section",
    "suspension",
    "conflict",
    "reviewer",
    "automatic",
    "review_comment",
    "fault",
    "outcome_note",
)


def canaries() -> dict[str, str]:
    """A unique string per internal field; letters only, so no scanner mistakes it for a
    number and no masking changes it."""
    return {name: f"canary{name.replace('_', '')}zq" for name in CANARY_FIELDS}


def plain_text() -> dict[str, str]:
    return {
        **canaries(),
        "major_reason": "责令停产停业并处较大数额罚款",
        "fault": "未按规定告知当事人陈述、申辩权利",
        "head": "高建平",
        "deputy": "李志强",
        "adviser": "钱明远",
        "officer_section": COAL,
    }


def write_bureau(root: Path, text: dict[str, str]) -> Path:
    write_content(root, supervision_records(text))
    supervision_files(root, text)
    result = load_content(root)
    # Every supervision file must load, or its canaries would never be tested.
    assert result.content is not None, [f.format_text() for f in result.findings]
    assert result.all_findings == [], [f.format_text() for f in result.all_findings]
    content = result.content
    assert content.roster and content.targets and content.faults
    assert len(content.draws) == 2 and len(content.reviews) == 1
    return root


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("report")
    content = write_bureau(base / "content", plain_text())
    result = run_report("--content", str(content), "--output", str(base / "internal"))
    assert result.exit_code == 0, result.output
    return base / "internal"


# --- the pages --------------------------------------------------------------------------------


def test_every_section_has_its_page_in_chinese_and_linked_from_the_dashboard(report: Path) -> None:
    index = soup(report / "index.html")
    nav = {a["href"] for a in index.select("nav a")}
    assert nav == set(PAGES)
    for name in PAGES:
        page = soup(report / name)
        assert page.html is not None and page.html["lang"] == "zh-CN"
        assert page.h1 is not None and page.h1.get_text(strip=True)
        current = page.select('nav a[aria-current="page"]')
        assert [a["href"] for a in current] == [name]


def test_every_page_says_noindex_and_the_folder_is_marked(report: Path) -> None:
    for name in PAGES:
        robots = soup(report / name).find("meta", attrs={"name": "robots"})
        assert robots is not None and "noindex" in str(robots["content"])
    assert (report / "robots.txt").read_text(encoding="utf-8") == "User-agent: *\nDisallow: /\n"
    assert (report / MARKER_FILE).is_file()


def test_a_finding_links_to_its_file_and_line(report: Path) -> None:
    """R-A3: the draft past its deadline is reported at its `decided` line."""
    record = report.parent / "content" / "records" / "2026-cf-0002.yaml"
    line = record.read_text(encoding="utf-8").splitlines().index("decided: '2026-10-09'") + 1
    label = f"content/records/2026-cf-0002.yaml:{line}"
    page = soup(report / "findings.html")
    links = [a for a in page.select("#r-a3 a") if a.get_text(strip=True) == label]
    assert len(links) == 1
    assert links[0]["href"] == f"vscode://file{record.resolve().as_posix()}:{line}"
    row = links[0].find_parent("tr")
    assert row is not None and "2026-cf-0002" in row.get_text() and "警告" in row.get_text()


def test_deadlines_list_drafts_withdrawals_the_annual_report_and_requests(report: Path) -> None:
    page = soup(report / "deadlines.html")
    draft = page.select_one("#publication tbody tr")
    assert draft is not None and "2026-cf-0002" in draft.get_text()
    # 7 working days after 2026-10-09 (National Day week shifts the count): overdue now.
    assert "已超过公示期限" in draft.get_text() and "overdue" in draft["class"]
    withdrawal = page.select_one("#withdrawals tbody tr")
    assert withdrawal is not None and "2026-cf-0003" in withdrawal.get_text()
    assert "2026年11月25日" in withdrawal.get_text()  # 3 working days after 20 November
    annual = page.select_one("#annual-report").get_text()  # type: ignore[union-attr]
    assert "2026 年度" in annual and "2027年1月31日" in annual and "尚未生成" in annual
    assert page.select_one("#corrections") is None  # R-A7 has its own page now
    # R-A7: a correction marked public_request without `request` names no registered request.
    unlinked = soup(report / "correction_requests.html").select_one("#unlinked")
    assert unlinked is not None and "2026-cf-0001" in unlinked.get_text()


def cells(row: Tag) -> list[str]:
    return [cell.get_text(" ", strip=True) for cell in row.find_all(["th", "td"], recursive=False)]


def row_with(page: Tag, selector: str, text: str) -> Tag:
    """The one table row under `selector` whose text contains `text`."""
    rows = [row for row in page.select(f"{selector} tbody tr") if text in row.get_text()]
    assert len(rows) == 1, [row.get_text(" ", strip=True) for row in rows]
    return rows[0]


def line_of(path: Path, text: str) -> int:
    """The 1-based line of `path` that is exactly `text`."""
    return path.read_text(encoding="utf-8").splitlines().index(text) + 1


def test_status_page_lists_both_horizons(report: Path) -> None:
    status = soup(report / "status.html").get_text()
    assert "30 天内" in status and "90 天内" in status


def test_the_roster_page_shows_who_holds_each_level_of_every_section(report: Path) -> None:
    page = soup(report / "responsibility.html")
    header = cells(page.select_one("#roster thead tr"))  # type: ignore[arg-type]
    assert header[1:6] == ["重要领导责任（局长）", "主要领导责任（分管副局长）",
                           "直接领导责任（科室负责人）", "直接责任（执法人员）",
                           "指导监督（政策法规科）"]  # fmt: skip
    roster = report.parent / "content" / "roster.yaml"
    coal = row_with(page, "#roster", COAL)
    assert cells(coal)[:6] == [COAL, "高建平", "李志强", "杨卫东", "郝丽娟", "（空缺）"]
    assert cells(coal)[6] == f"content/roster.yaml:{line_of(roster, f'- name: {COAL}')}"
    # 政策法规科 has nobody but the head in this roster: every other level is shown vacant.
    legal = row_with(page, "#roster", "政策法规科")
    assert cells(legal)[:6] == ["政策法规科", "高建平"] + ["（空缺）"] * 4


def test_certificate_alerts_give_reason_ground_and_officers_line(report: Path) -> None:
    page = soup(report / "certificates.html")
    officers_file = report.parent / "content" / "officers.yaml"
    suspended = row_with(page, "#invalid", "卫示例")
    row = cells(suspended)
    assert row[3] == "2026年11月1日" and row[4] == "被暂扣"
    assert row[5].startswith("第三条(一)3")
    assert f"content/officers.yaml:{line_of(officers_file, '- name: 卫示例')}" == row[-1]
    link = suspended.select_one("a")
    assert link is not None and str(link["href"]).startswith("vscode://file/")
    expiring = row_with(page, "#expiring", "郝丽娟")
    assert cells(expiring)[3] == "2026年12月20日" and "还有 22 天" in cells(expiring)[4]
    line = line_of(officers_file, "- name: 郝丽娟")
    assert cells(expiring)[-1] == f"content/officers.yaml:{line}"
    assert "没有即将到期的年检" in page.select_one("#inspections").get_text()  # type: ignore[union-attr]


def test_major_decisions_with_reasons_status_and_problems(report: Path) -> None:
    page = soup(report / "major.html")
    assert "暂只列出" not in page.get_text() and "尚未接入" not in page.get_text()
    case = row_with(page, "main", "2026-cf-0001")
    assert "incomplete" in case["class"]
    row = cells(case)
    assert row[2].split() == ["责令停产停业整顿、责令停产停业",
                              "安全生产方面罚款", "60000", "元，达到对法人或其他组织", "5",
                              "万元以上", "其他重大、复杂的行政执法决定（人工认定）"]  # fmt: skip
    assert row[3] == "有缺漏"
    # The roster has no 政策法规科 staff, so the reviewers are not its people (Article 6).
    assert "法制审核人员 阎春霞、石磊 在 2026-02-25 不是政策法规科的人员" in row[4]
    record = report.parent / "content" / "records" / "2026-cf-0001.yaml"
    assert row[-1] == f"content/records/2026-cf-0001.yaml:{line_of(record, 'case:')}"
    # A fine of 80 000 yuan is major by itself (Article 6(一)), case file or not.
    no_case = row_with(page, "main", "2026-cf-0003")
    assert "no_case" in no_case["class"] and cells(no_case)[3] == "无案卷记录"
    assert "没有案卷记录" in cells(no_case)[4]
    record = report.parent / "content" / "records" / "2026-cf-0003.yaml"
    assert cells(no_case)[-1].endswith(f":{line_of(record, '  fine_yuan: 80000')}")


def test_draws_show_the_deadline_and_whether_they_recompute(report: Path) -> None:
    page = soup(report / "draws.html")
    late = row_with(page, "main", "2026-sj-01")
    row = cells(late)
    assert row[:4] == ["2026-sj-01", "QY-MK-01 煤矿安全生产条件检查", "2026年5月8日",
                       "T01 青崖县甲示例煤业有限公司"]  # fmt: skip
    # 20 working days after 30 October 2026, by the drawing module's own deadline.
    assert row[5] == "2026年11月27日" and row[7] == "逾期未公示检查结果"
    assert "overdue" in late["class"]
    assert row[8].startswith("不一致（2 处）")
    assert "对象 T01 的检查组应为 郝丽娟、杨卫东，记录为 杨卫东、郝丽娟" in row[8]
    assert "执法人员 阎春霞 在 2026-05-08 符合条件，却未参加抽取" in row[8]
    on_time = cells(row_with(page, "main", "2026-sj-02"))
    assert on_time[6] == "2026年7月10日" and on_time[7] == "已公示" and on_time[8] == "一致"


def test_reviews_show_scores_grades_vetoes_and_incomplete_sheets(report: Path) -> None:
    year = soup(report / "reviews.html").select_one("#year-2025")
    assert year is not None
    vetoed = cells(row_with(year, "table.files", "2025-cf-0001"))
    assert vetoed[3:7] == ["0", "不合格", "0 分，不合格", "适用法律错误"]
    missing = cells(row_with(year, "table.files", "2025-cf-0002"))
    assert missing[3:7] == ["—", "—", "没有评查表", "—"]
    section = cells(year.select_one("table.sections tbody tr"))  # type: ignore[arg-type]
    assert section == ["（记录不存在）", "2", "0.0", "0", "0", "1", "1"]
    assert [li.get_text(strip=True) for li in year.select("ul.vetoes li")] == ["适用法律错误：1 件"]
    assert "2025-cf-0002" in year.select_one("p.incomplete").get_text()  # type: ignore[union-attr]


def test_faults_name_the_people_at_each_level_and_the_outcomes(report: Path) -> None:
    page = soup(report / "faults.html")
    fault = page.select_one("#year-2026 #fault-2026-gc-01")
    assert fault is not None
    levels = {row["data-level"]: cells(row)[1] for row in fault.select("tr.level")}
    assert levels == {
        "head": "高建平",
        "deputy": "李志强",
        "section_head": "杨卫东",
        "direct": "杨卫东、郝丽娟（案卷中参与执法行为的人员）",
        "guidance": "（空缺）",
    }
    assert "名册中没有指导监督（政策法规科）的人员" in fault.get_text()
    outcome = cells(fault.select_one("tr.outcomes"))  # type: ignore[arg-type]
    assert outcome[1].startswith("郝丽娟：批评教育（2026年7月15日）")
    rows = page.select("#year-2026 .by-person tbody tr")
    people = {cells(row)[0]: cells(row)[1:] for row in rows}
    assert people["郝丽娟"] == ["直接责任（执法人员） 1 起（2026-gc-01）", "批评教育（2026-gc-01）"]
    assert people["高建平"] == ["重要领导责任（局长） 1 起（2026-gc-01）", "—"]
    text = page.get_text()
    assert f"{COAL}：1 起（2026-gc-01）" in text
    assert "第九条(六) 违反法定程序：1 起（2026-gc-01）" in text
    assert "第九条(一) 不履行或拖延履行法定职责的行政失职行为：0 起" in text


def test_same_inputs_give_the_same_bytes(report: Path, tmp_path: Path) -> None:
    content = report.parent / "content"
    result = run_report("--content", str(content), "--output", str(tmp_path / "again"))
    assert result.exit_code == 0, result.output
    first = {p.name: p.read_bytes() for p in sorted(report.iterdir())}
    second = {p.name: p.read_bytes() for p in sorted((tmp_path / "again").iterdir())}
    assert first == second
    assert not list(tmp_path.glob(".again.*")), "staging folder left behind"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("demo") / "r"
    result = run_report("--content", str(PROJECT / "content"), "--output", str(output))
    assert result.exit_code == 0, result.output
    return output


def test_the_demo_content_gives_a_report(demo: Path) -> None:
    for name in PAGES:
        assert soup(demo / name).h1 is not None
    links = [a for name in PAGES for a in soup(demo / name).select("main a[href^='vscode://']")]
    assert links
    for link in links:
        assert link.get_text().startswith("content/")


def test_the_demo_report_shows_the_supervision_stories(demo: Path) -> None:
    """The stories the demo content tells (see the comments in its files)."""
    # R-B5: 2026-sj-02 ended on 4 September; results due 9 October, published 15 October.
    late = cells(row_with(soup(demo / "draws.html"), "main", "2026-sj-02"))
    assert late[5:9] == ["2026年10月9日", "2026年10月15日", "已公示（逾期）", "一致"]
    # R-B6: the 2025 review zeroed 2025-cf-0003 with a veto (the fault 2025-gc-01 followed).
    if (PROJECT / "content" / "reviews" / "2025.yaml").exists():
        year = soup(demo / "reviews.html").select_one("#year-2025")
        assert year is not None and year.select("ul.vetoes li")
        vetoed = cells(row_with(year, "table.files", "2025-cf-0003"))
        assert vetoed[4] == "不合格" and vetoed[6] != "—"
    # R-B4: every major decision has a status; 2026-cf-0011 lacks a signature.
    major = soup(demo / "major.html")
    assert all(cells(row)[3] for row in major.select("main tbody tr"))
    unsigned = cells(row_with(major, "main", "2026-cf-0011"))
    assert unsigned[3] == "有缺漏" and "未在讨论记录上签名" in unsigned[4]
    # R-B7: both faults name someone at every level, from the roster on the act date.
    faults = soup(demo / "faults.html")
    stories = (("2024-gc-01", "贺志远"), ("2025-gc-01", "申红梅"))  # deputies on the act dates
    for fault_id, deputy in stories:
        fault = faults.select_one(f"#year-{fault_id[:4]} #fault-{fault_id}")
        assert fault is not None
        levels = {row["data-level"]: cells(row)[1] for row in fault.select("tr.level")}
        assert list(levels) == ["head", "deputy", "section_head", "direct", "guidance"]
        assert all(names and "空缺" not in names for names in levels.values()), levels
        assert levels["head"] == "高建平" and levels["deputy"] == deputy
    # R-B1: the roster view has every section of roster.yaml.
    roster = soup(demo / "responsibility.html").select("#roster tbody tr")
    assert [cells(row)[0] for row in roster] == ["煤矿安全监管科", "电力能源科", "民爆安全监管科",
                                                 "政策法规科"]  # fmt: skip


def test_unloadable_content_exits_1_and_the_report_shows_why(tmp_path: Path) -> None:
    content = write_content(tmp_path / "content", [penalty()])
    (content / "records" / "broken.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    result = run_report("--content", str(content), "--output", str(tmp_path / "r"))
    assert result.exit_code == 1
    assert "broken.yaml" in result.output
    page = soup(tmp_path / "r" / "findings.html")
    assert any(a.get_text().startswith("content/records/broken.yaml:") for a in page.select("a"))
    assert "无法载入" in soup(tmp_path / "r" / "deadlines.html").get_text()


# --- guards -----------------------------------------------------------------------------------


def fake_public_site(folder: Path) -> Path:
    write_yaml(folder / "data" / "records.json", [])
    (folder / "index.html").write_text("<html></html>", encoding="utf-8")
    return folder


@pytest.mark.parametrize("where", ["site", "site/internal"])
def test_refuses_a_public_site_or_a_folder_inside_one(tmp_path: Path, where: str) -> None:
    content = write_content(tmp_path / "content", [penalty()])
    fake_public_site(tmp_path / "site")
    before = sorted(p.relative_to(tmp_path) for p in (tmp_path / "site").rglob("*"))
    result = run_report("--content", str(content), "--output", str(tmp_path / where))
    assert result.exit_code == 1 and "公示网站" in result.output
    assert sorted(p.relative_to(tmp_path) for p in (tmp_path / "site").rglob("*")) == before


def test_refuses_a_folder_containing_a_public_site(tmp_path: Path) -> None:
    content = write_content(tmp_path / "content", [penalty()])
    old = tmp_path / "old-report"
    assert run_report("--content", str(content), "--output", str(old)).exit_code == 0
    (old / "deploy" / "pagefind").mkdir(parents=True)
    result = run_report("--content", str(content), "--output", str(old))
    assert result.exit_code == 1 and "含有公示网站" in result.output
    assert (old / "deploy" / "pagefind").is_dir()


def test_refuses_a_folder_it_did_not_write(tmp_path: Path) -> None:
    content = write_content(tmp_path / "content", [penalty()])
    (tmp_path / "mine" / "notes.txt").parent.mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me", encoding="utf-8")
    result = run_report("--content", str(content), "--output", str(tmp_path / "mine"))
    assert result.exit_code == 1 and MARKER_FILE in result.output
    assert (tmp_path / "mine" / "notes.txt").read_text(encoding="utf-8") == "keep me"


@pytest.mark.parametrize("where", ["output", "output/internal", ".", "content/internal"])
def test_refuses_the_projects_public_folder_and_the_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    write_content(tmp_path / "content", [penalty()])
    monkeypatch.chdir(tmp_path)
    result = run_report("--content", "content", "--output", where)
    assert result.exit_code == 1, result.output
    assert not (tmp_path / "output").exists()
    assert not (tmp_path / "content" / "internal").exists()


def test_rebuilds_over_its_own_previous_report(tmp_path: Path) -> None:
    content = write_content(tmp_path / "content", [penalty()])
    for _ in range(2):
        result = run_report("--content", str(content), "--output", str(tmp_path / "r"))
        assert result.exit_code == 0, result.output


def test_the_public_build_refuses_a_report_folder(tmp_path: Path) -> None:
    content = write_content(tmp_path / "content", [penalty()])
    report = tmp_path / "r"
    assert run_report("--content", str(content), "--output", str(report)).exit_code == 0
    before = {p.name: p.read_bytes() for p in report.iterdir()}
    options = BuildOptions(
        content, report, dt.date.fromisoformat(AS_OF), PROJECT / "pelicanconf.py"
    )
    assert build_site(options) == 1
    inside = BuildOptions(content, report / "site", options.as_of, options.settings_file)
    assert build_site(inside) == 1
    # Pelican run directly (the plugin's own guard): same refusal, nothing written.
    command = [sys.executable, "-m", "pelican", str(content), "-s", "pelicanconf.py", "-o",
               str(report), "-e", f'DISCLOSURE_AS_OF="{AS_OF}"']  # fmt: skip
    completed = subprocess.run(command, cwd=PROJECT, capture_output=True, text=True, timeout=300)
    assert completed.returncode != 0 and "内部报告" in completed.stderr
    assert {p.name: p.read_bytes() for p in report.iterdir()} == before


# --- the leak property ------------------------------------------------------------------------


def public_texts(site: Path) -> dict[str, str]:
    """Every file of the public output as text; Pagefind's compressed files decompressed."""
    texts = {}
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        texts[path.relative_to(site).as_posix()] = data.decode("utf-8", errors="replace")
    return texts


def test_no_internal_field_reaches_any_public_file(tmp_path: Path) -> None:
    """RULES.md C: every internal field holds a unique canary; none appears in the public
    site, its feeds, open data, sitemap or search index. The internal report shows them."""
    text = canaries()
    content = write_bureau(tmp_path / "content", text)
    sources = "".join(p.read_text(encoding="utf-8") for p in content.rglob("*.yaml"))
    assert all(canary in sources for canary in text.values())
    site = tmp_path / "public"
    options = BuildOptions(
        content, site, dt.date.fromisoformat(AS_OF), PROJECT / "pelicanconf.py", SITE_URL
    )
    assert build_site(options) == 0
    texts = public_texts(site)
    assert any(name.startswith("pagefind/") for name in texts)
    assert {"data/records.json", "data/records.csv", "feeds/atom.xml"} <= set(texts)
    assert "records/2026-cf-0001/index.html" in texts  # the case's own page is public
    leaks = [(name, field) for name, body in texts.items()
             for field, canary in text.items() if canary in body]  # fmt: skip
    assert leaks == []
    result = run_report("--content", str(content), "--output", str(tmp_path / "internal"))
    assert result.exit_code == 0, result.output
    # The canaries are real text that a page can show: the internal report does.
    internal = (tmp_path / "internal" / "faults.html").read_text(encoding="utf-8")
    assert text["fault"] in internal and text["outcome_note"] in internal
    reviews = (tmp_path / "internal" / "reviews.html").read_text(encoding="utf-8")
    assert text["reviewer"] in reviews
