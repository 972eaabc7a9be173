"""R-B5 double random, one public: the draw, its verification, its checks, the `publisher
draw` commands and the public draw pages. All names, seeds and registers are fictional."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup
from click.testing import CliRunner
from factories import inspection, penalty, write_content, write_yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_site_build import build

from publisher.cli import main
from publisher.content import Content
from publisher.findings import Finding, Severity
from publisher.loader import load_content
from publisher.public import public_items
from publisher.public_draws import draw_numbers, public_draws, shell_quote
from publisher.redaction import find_numbers
from publisher.site import site_pages
from publisher.supervision.drawing import (
    DrawError,
    check_draws,
    new_draw,
    recompute,
    run_draw,
    verify_draw,
)
from publisher.supervision.draws import DrawPlan, DrawRecord
from publisher.visibility import plan_publication
from tests.supervision_factories import officer

DRAW_DAY = "2026-05-11"
SEED = "2026053 04 09 16 22 28 33 07"
CONFLICT_REASON = "该执法人员的配偶在该公司任职（内部回避理由）"

ITEMS = {
    "items": [
        {"code": "MK-01", "name": "煤矿安全生产责任制落实情况检查", "area": "coal_mine_safety",
         "basis": "《中华人民共和国安全生产法》第二十一条"},
        {"code": "DL-01", "name": "电力设施保护情况检查", "area": "power",
         "basis": "《电力设施保护条例》第十条"},
        {"code": "JN-09", "name": "无依据的示例事项", "area": "other", "basis": " "},
    ]
}  # fmt: skip

TARGETS = {
    "targets": [
        {"id": "QY-MK-001", "name": "青崖县示例甲煤业有限公司", "area": "coal_mine_safety"},
        {"id": "QY-MK-002", "name": "青崖县示例乙煤业有限公司", "area": "coal_mine_safety"},
        {"id": "QY-MK-003", "name": "青崖县示例丙煤业有限公司", "area": "coal_mine_safety"},
        {"id": "QY-MK-004", "name": "青崖县示例丁煤业有限公司", "area": "coal_mine_safety"},
        {"id": "QY-MK-005", "name": "青崖县示例戊煤业有限公司", "area": "coal_mine_safety",
         "start": DRAW_DAY},
        {"id": "QY-MK-006", "name": "青崖县示例己煤业有限公司", "area": "coal_mine_safety",
         "start": "2026-05-12"},
        {"id": "QY-MK-007", "name": "青崖县示例庚煤业有限公司", "area": "coal_mine_safety",
         "end": DRAW_DAY},
        {"id": "QY-MK-008", "name": "青崖县示例辛煤业有限公司", "area": "coal_mine_safety",
         "end": "2026-05-12"},
        {"id": "QY-DL-001", "name": "青崖县示例供电有限公司", "area": "power"},
    ]
}  # fmt: skip
# On the draw day: 001–004, 005 (enters that day) and 008 (leaves the next day).
ELIGIBLE_TARGETS = ["QY-MK-001", "QY-MK-002", "QY-MK-003", "QY-MK-004", "QY-MK-005", "QY-MK-008"]

COAL = "煤矿安全监管科"


def officers() -> list[dict[str, Any]]:
    return [
        officer("甲示例", "QYZF-T-01", ["coal_mine_safety"], COAL),
        officer("乙示例", "QYZF-T-02", ["coal_mine_safety", "other"], COAL),
        officer("丙示例", "QYZF-T-03", ["coal_mine_safety"], COAL),
        officer("丁示例", "QYZF-T-04", ["coal_mine_safety"], COAL),
        officer("戊示例", "QYZF-T-05", ["power"], "电力能源科"),
        # Invalid on the draw day for one reason each (R-B2): never an inspector.
        officer("己吊销", "QYZF-T-06", ["coal_mine_safety"], COAL, revoked="2026-05-01"),
        officer("庚过期", "QYZF-T-07", ["coal_mine_safety"], COAL, valid_until="2026-05-10"),
        officer(
            "辛暂扣", "QYZF-T-08", ["coal_mine_safety"], COAL,
            suspensions=[{"start": "2026-05-01", "end": "2026-05-31", "ground": "3.1.1"}],
        ),
        officer("壬未检", "QYZF-T-09", ["coal_mine_safety"], COAL, annual_inspections=[]),
    ]  # fmt: skip


VALID_COAL_OFFICERS = ["甲示例", "乙示例", "丙示例", "丁示例"]


def plan_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": "2026-sj-01",
        "item": "MK-01",
        "date": DRAW_DAY,
        "targets": 3,
        "team_size": 2,
        "inspection_start": "2026-05-13",
        "inspection_end": "2026-06-01",
        "seed_source": "2026-05-10 公布的示例彩票开奖号码（虚构）",
        "conflicts": [{"officer": "甲示例", "target": "QY-MK-002", "reason": CONFLICT_REASON}],
    }
    data.update(overrides)
    return data


def write_draw_content(
    root: Path,
    records: list[dict[str, Any]] | None = None,
    officer_list: list[dict[str, Any]] | None = None,
    settings_data: dict[str, Any] | None = None,
) -> Path:
    write_content(root, records or [], settings_data)
    write_yaml(root / "officers.yaml", {"officers": officer_list or officers()})
    write_yaml(root / "inspection_items.yaml", ITEMS)
    write_yaml(root / "targets.yaml", TARGETS)
    return root


def load(root: Path) -> Content:
    result = load_content(root)
    assert result.content is not None, [f.format_text() for f in result.all_findings]
    assert result.supervision_findings == [], [f.format_text() for f in result.supervision_findings]
    return result.content


def make_draw(root: Path, seed: str = SEED, **plan: Any) -> DrawRecord:
    return new_draw(load(root), DrawPlan.model_validate(plan_data(**plan)), seed)


def save_draw(root: Path, record: DrawRecord, name: str | None = None, **extra: Any) -> Path:
    data = record.model_dump(mode="json", exclude_none=True)
    data.update(extra)
    return write_yaml(root / "draws" / (name or f"{record.plan.id}.yaml"), data)


# --- an independent reference implementation, straight from RULES.md R-B5 --------------------


def sha(seed: str, candidate: str) -> str:
    return hashlib.sha256(f"{seed}:{candidate}".encode()).hexdigest()


def reference(
    seed: str,
    targets: list[str],
    officer_names: list[str],
    count: int,
    size: int,
    conflicts: set[tuple[str, str]],
) -> list[tuple[str, list[str]]] | None:
    """The teams, or None when some selected target cannot get a full team."""
    ranked_targets = sorted(targets, key=lambda t: (sha(seed, t), t))
    ranked_officers = sorted(officer_names, key=lambda o: (sha(seed, o), o))
    teams: list[tuple[str, list[str]]] = []
    pointer = 0
    for target in ranked_targets[:count]:
        team: list[str] = []
        for step in range(len(ranked_officers)):
            index = (pointer + step) % len(ranked_officers)
            if (ranked_officers[index], target) not in conflicts:
                team.append(ranked_officers[index])
                if len(team) == size:
                    pointer = (index + 1) % len(ranked_officers)
                    break
        if len(team) < size:
            return None
        teams.append((target, team))
    return teams


def teams_of(record: DrawRecord) -> list[tuple[str, list[str]]]:
    return [(t.target, list(t.officers)) for t in record.teams]


# --- the draw ------------------------------------------------------------------------------------


def test_rank_is_the_sha256_of_seed_colon_id() -> None:
    """R-B5: rank = SHA-256 hex of the UTF-8 text `seed:id`, lowest first."""
    outcome = run_draw("种子", ["B-2", "A-1", "乙"], ["甲", "丙"], 1, 2)
    for candidate in outcome.target_candidates:
        assert candidate.rank == hashlib.sha256(f"种子:{candidate.id}".encode()).hexdigest()
    ranks = [c.rank for c in outcome.target_candidates]
    assert ranks == sorted(ranks)


def test_new_draw_equals_an_independent_recomputation(tmp_path: Path) -> None:
    """R-B5: candidates from the register and certificates on the draw day; teams skip 回避."""
    record = make_draw(write_draw_content(tmp_path / "c"))
    assert sorted(c.id for c in record.target_candidates) == sorted(ELIGIBLE_TARGETS)
    assert sorted(c.id for c in record.officer_candidates) == sorted(VALID_COAL_OFFICERS)
    expected = reference(
        SEED, ELIGIBLE_TARGETS, VALID_COAL_OFFICERS, 3, 2, {("甲示例", "QY-MK-002")}
    )
    assert teams_of(record) == expected
    names = {c.id: c.name for c in record.target_candidates}
    assert names["QY-MK-001"] == "青崖县示例甲煤业有限公司"
    assert record.seed == SEED and verify_draw(record) == []


def test_register_dates_start_inclusive_end_exclusive(tmp_path: Path) -> None:
    record = make_draw(write_draw_content(tmp_path / "c"))
    ids = {c.id for c in record.target_candidates}
    assert "QY-MK-005" in ids  # enters the register on the draw day
    assert "QY-MK-006" not in ids  # enters the day after
    assert "QY-MK-007" not in ids  # leaves on the draw day
    assert "QY-MK-008" in ids  # leaves the day after
    assert "QY-DL-001" not in ids  # another area


@pytest.mark.parametrize("name", ["己吊销", "庚过期", "辛暂扣", "壬未检"])
def test_new_draw_refuses_inspectors_without_a_valid_certificate(tmp_path: Path, name: str) -> None:
    """R-B5 with R-B2: an officer whose certificate is invalid on the draw day is no
    candidate; with only that officer and one valid one, no team of two can be formed."""
    every = {o["name"]: o for o in officers()}
    root = write_draw_content(tmp_path / "c", officer_list=[every["甲示例"], every[name]])
    with pytest.raises(DrawError, match="少于每组 2 人"):
        make_draw(root, conflicts=[])
    full = make_draw(write_draw_content(tmp_path / "full"))
    assert name not in {c.id for c in full.officer_candidates}
    assert all(name not in team.officers for team in full.teams)


def test_conflicts_that_leave_too_few_officers_are_a_clear_error(tmp_path: Path) -> None:
    conflicts = [
        {"officer": n, "target": t} for n in VALID_COAL_OFFICERS[:3] for t in ELIGIBLE_TARGETS
    ]
    with pytest.raises(DrawError, match=r"可派的执法人员只有 1 人"):
        make_draw(write_draw_content(tmp_path / "c"), conflicts=conflicts)


def test_new_draw_refuses_items_off_the_list_or_without_basis(tmp_path: Path) -> None:
    """R-B5 / Article 7: only listed items, each citing its legal basis."""
    root = write_draw_content(tmp_path / "c")
    with pytest.raises(DrawError, match="不在随机抽查事项清单中"):
        make_draw(root, item="XX-99")
    with pytest.raises(DrawError, match="未写明检查依据"):
        make_draw(root, item="JN-09")
    with pytest.raises(DrawError, match="少于计划抽取的 7 个"):
        make_draw(root, targets=7)


# --- properties ----------------------------------------------------------------------------------

IDS = st.text(alphabet="ABCXYZ0123456789-甲乙丙丁", min_size=1, max_size=6)
SEEDS = st.text(min_size=1, max_size=20).map(str.strip).filter(bool)


@st.composite
def draw_inputs(draw: st.DrawFn) -> dict[str, Any]:
    targets = draw(st.lists(IDS, min_size=1, max_size=10, unique=True))
    names = draw(st.lists(IDS.map(lambda s: f"员{s}"), min_size=2, max_size=7, unique=True))
    pairs = [(o, t) for o in names for t in targets]
    conflicts = draw(st.lists(st.sampled_from(pairs), max_size=6)) if pairs else []
    return {
        "seed": draw(SEEDS),
        "targets": targets,
        "officers": names,
        "count": draw(st.integers(1, len(targets))),
        "size": draw(st.integers(2, len(names))),
        "conflicts": set(conflicts),
    }


def attempt(inputs: dict[str, Any], targets: list[str], names: list[str]) -> Any:
    try:
        return run_draw(
            inputs["seed"],
            targets,
            names,
            inputs["count"],
            inputs["size"],
            frozenset(inputs["conflicts"]),
        )
    except DrawError:
        return None


@settings(max_examples=150, deadline=None)
@given(inputs=draw_inputs(), data=st.data())
def test_draw_properties(inputs: dict[str, Any], data: st.DataObject) -> None:
    """R-B5: deterministic, the k lowest ranks, full conflict-free teams, order-independent."""
    outcome = attempt(inputs, inputs["targets"], inputs["officers"])
    expected = reference(
        inputs["seed"],
        inputs["targets"],
        inputs["officers"],
        inputs["count"],
        inputs["size"],
        inputs["conflicts"],
    )
    if outcome is None:
        assert expected is None  # an error only when some target really lacks officers
        return
    assert outcome == attempt(inputs, inputs["targets"], inputs["officers"])
    lowest = sorted(inputs["targets"], key=lambda t: sha(inputs["seed"], t))[: inputs["count"]]
    assert [t.target for t in outcome.teams] == lowest
    for team in outcome.teams:
        assert len(set(team.officers)) == len(team.officers) == inputs["size"]
        assert not any((o, team.target) in inputs["conflicts"] for o in team.officers)
    assert [(t.target, list(t.officers)) for t in outcome.teams] == expected
    shuffled_targets = data.draw(st.permutations(inputs["targets"]))
    shuffled_officers = data.draw(st.permutations(inputs["officers"]))
    assert attempt(inputs, list(shuffled_targets), list(shuffled_officers)) == outcome


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(inputs=draw_inputs())
def test_a_recorded_draw_recomputes_to_itself(inputs: dict[str, Any]) -> None:
    outcome = attempt(inputs, inputs["targets"], inputs["officers"])
    if outcome is None:
        return
    record = DrawRecord(
        plan=DrawPlan(
            id="2026-sj-99",
            item="MK-01",
            date=dt.date(2026, 5, 11),
            targets=inputs["count"],
            team_size=inputs["size"],
            conflicts=[{"officer": o, "target": t} for o, t in sorted(inputs["conflicts"])],
        ),
        seed=inputs["seed"],
        target_candidates=list(outcome.target_candidates),
        officer_candidates=list(outcome.officer_candidates),
        teams=list(outcome.teams),
    )
    assert recompute(record) == record
    assert verify_draw(record) == []


# --- verification --------------------------------------------------------------------------------


def tampered(record: DrawRecord, **changes: Any) -> DrawRecord:
    data = record.model_dump(mode="json")
    for key, change in changes.items():
        data[key] = change(copy.deepcopy(data[key]))
    return DrawRecord.model_validate(data)


def test_verify_detects_a_tampered_selection_rank_order_or_team(tmp_path: Path) -> None:
    """R-B5: re-running the draw from the record gives the same result, so edits show."""
    record = make_draw(write_draw_content(tmp_path / "c"))
    unselected = record.target_candidates[-1].id

    def swap_target(teams: list[dict[str, Any]]) -> list[dict[str, Any]]:
        teams[0]["target"] = unselected
        return teams

    def change_rank(candidates: list[dict[str, Any]]) -> list[dict[str, Any]]:
        candidates[0]["rank"] = "0" * 64
        return candidates

    def reorder(candidates: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [candidates[1], candidates[0], *candidates[2:]]

    def swap_officer(teams: list[dict[str, Any]]) -> list[dict[str, Any]]:
        outside = next(n for n in VALID_COAL_OFFICERS if n not in teams[0]["officers"])
        teams[0]["officers"][0] = outside
        return teams

    assert "抽中的对象应为" in " ".join(verify_draw(tampered(record, teams=swap_target)))
    assert "排序值应为" in " ".join(verify_draw(tampered(record, target_candidates=change_rank)))
    assert "第 1 位应为" in " ".join(verify_draw(tampered(record, officer_candidates=reorder)))
    assert "检查组应为" in " ".join(verify_draw(tampered(record, teams=swap_officer)))
    assert verify_draw(record) == []


def test_verify_with_content_compares_candidates_with_register_and_certificates(
    tmp_path: Path,
) -> None:
    """R-B5: the recorded candidates are what the register and certificates gave that day."""
    root = write_draw_content(tmp_path / "c")
    record = make_draw(root)
    content = load(root)
    assert verify_draw(record, content) == []
    # A candidate left out (and the rest redrawn consistently) still recomputes, but not
    # against the register; an invalid officer slipped in is caught too.
    fewer = tampered(record, target_candidates=lambda c: c[1:])
    fewer = recompute(fewer)
    assert verify_draw(fewer) == []
    assert any("却未参加抽取" in d for d in verify_draw(fewer, content))
    more = recompute(
        tampered(
            record,
            officer_candidates=lambda c: [*c, {"id": "己吊销", "rank": sha(SEED, "己吊销")}],
        )
    )
    assert any("己吊销" in d and "不应参加抽取" in d for d in verify_draw(more, content))


# --- the R-B5 check ------------------------------------------------------------------------------


def errors(findings: list[Finding]) -> list[str]:
    return [f.message for f in findings if f.severity is Severity.ERROR]


def warnings(findings: list[Finding]) -> list[str]:
    return [f.message for f in findings if f.severity is Severity.WARNING]


def checked(root: Path, as_of: str = "2026-06-02") -> list[Finding]:
    return check_draws(load(root), dt.date.fromisoformat(as_of))


def result_record(**overrides: Any) -> dict[str, Any]:
    data = {
        "id": "2026-jc-0101",
        "title": "对青崖县示例甲煤业有限公司的行政检查结果",
        "area": "coal_mine_safety",
        "inspection_item": "MK-01",
        "decided": "2026-06-05",
        "published": "2026-06-10",
    }
    data.update(overrides)
    return inspection(**data)


def test_a_clean_draw_has_no_findings(tmp_path: Path) -> None:
    root = write_draw_content(tmp_path / "c", records=[result_record()])
    save_draw(root, make_draw(root), results_published="2026-06-10", results=["2026-jc-0101"])
    assert checked(root, "2026-12-01") == []


def test_check_reports_a_draw_that_does_not_recompute(tmp_path: Path) -> None:
    root = write_draw_content(tmp_path / "c")
    record = make_draw(root)
    save_draw(root, tampered(record, teams=lambda t: [t[1], t[0], *t[2:]]))
    findings = checked(root)
    assert len(errors(findings)) == 1
    assert findings[0].rule == "R-B5" and findings[0].record == "2026-sj-01"
    assert "抽取结果无法复核" in findings[0].message and findings[0].line is not None


def test_check_reports_file_name_and_item_off_the_list(tmp_path: Path) -> None:
    """R-B5 / Article 7: only listed items; the file is named after the draw."""
    root = write_draw_content(tmp_path / "c")
    save_draw(root, make_draw(root), name="other-name.yaml")
    assert any("文件名应为 2026-sj-01.yaml" in m for m in errors(checked(root)))
    write_yaml(root / "inspection_items.yaml", {"items": ITEMS["items"][1:]})
    assert any("第七条" in m and "MK-01" in m for m in errors(checked(root)))


def test_check_reports_inspections_citing_an_unlisted_item(tmp_path: Path) -> None:
    """R-B5: an inspection record citing an item must cite a listed one."""
    records = [
        result_record(id="2026-jc-0101", inspection_item="MK-77"),
        result_record(id="2026-jc-0102", inspection_item=None),
        result_record(id="2026-jc-0103"),
        penalty(),
    ]
    findings = checked(write_draw_content(tmp_path / "c", records=records))
    assert [(f.record, f.rule) for f in findings] == [("2026-jc-0101", "R-B5")]
    assert "MK-77" in findings[0].message and "第七条" in findings[0].message


def test_check_reports_result_ids_that_do_not_exist_or_do_not_fit(tmp_path: Path) -> None:
    records = [
        result_record(),
        result_record(id="2026-jc-0102", inspection_item="DL-01"),
        penalty(),
    ]
    root = write_draw_content(tmp_path / "c", records=records)
    results = ["2026-jc-0101", "2026-jc-0999", "2024-cf-0001", "2026-jc-0102"]
    save_draw(root, make_draw(root), results_published="2026-06-10", results=results)
    messages = errors(checked(root))
    assert len(messages) == 3
    assert any("2026-jc-0999 不存在" in m for m in messages)
    assert any("2024-cf-0001 不是行政检查结果" in m for m in messages)
    assert any("2026-jc-0102 的检查事项为 DL-01" in m for m in messages)


# inspection_end 2026-06-01; 20 working days later is 2026-06-30, not 06-29: the Dragon Boat
# Festival (2026-06-19) is a holiday on the R-A11 calendar.
DEADLINE = "2026-06-30"


@pytest.mark.parametrize(
    ("as_of", "published", "warned"),
    [
        (DEADLINE, None, False),
        ("2026-07-01", None, True),
        ("2026-12-01", DEADLINE, False),
        ("2026-12-01", "2026-07-01", True),
    ],
)
def test_results_deadline_at_the_exact_working_day_boundary(
    tmp_path: Path, as_of: str, published: str | None, warned: bool
) -> None:
    """R-B5: results within 20 working days (R-A11 calendar) of the inspection's end."""
    root = write_draw_content(tmp_path / "c")
    extra = {"results_published": published} if published else {}
    save_draw(root, make_draw(root), **extra)
    found = warnings(checked(root, as_of))
    assert len(found) == (1 if warned else 0)
    if warned:
        assert f"应不晚于 {DEADLINE}" in found[0]


def test_results_deadline_follows_the_setting(tmp_path: Path) -> None:
    root = write_draw_content(
        tmp_path / "c", settings_data={"deadlines": {"draw_results_workdays": 1}}
    )
    save_draw(root, make_draw(root))
    assert warnings(checked(root, "2026-06-02")) == []
    assert len(warnings(checked(root, "2026-06-03"))) == 1


# --- the commands --------------------------------------------------------------------------------


def clock_on(day: str) -> Any:
    # 02:00 UTC is 10:00 the same day in Asia/Shanghai.
    when = dt.datetime.fromisoformat(f"{day}T02:00:00+00:00")
    return lambda: when


def run(day: str, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), obj={"clock": clock_on(day)})
    return result.exit_code, result.stdout, result.stderr


def write_plan(root: Path, **overrides: Any) -> Path:
    return write_yaml(root / "draws" / "plans" / "2026-sj-01.yaml", plan_data(**overrides))


def test_cli_new_writes_the_record_and_refuses_to_redraw(tmp_path: Path) -> None:
    """R-B5: `publisher draw new` records inputs, seed and outputs once; never redone."""
    root = write_draw_content(tmp_path / "c")
    plan = write_plan(root)
    code, out, err = run(
        DRAW_DAY, "draw", "new", "--plan", str(plan), "--seed", SEED, "--content", str(root)
    )
    assert code == 0, err
    written = root / "draws" / "2026-sj-01.yaml"
    text = written.read_text(encoding="utf-8")
    assert text.startswith("# 双随机抽取记录（R-B5）")
    assert "青崖县示例甲煤业有限公司" in text  # allow_unicode: readable by staff
    data = yaml.safe_load(text)
    assert list(data) == [
        "plan",
        "seed",
        "target_candidates",
        "officer_candidates",
        "teams",
        "results",
    ]
    assert DrawRecord.model_validate(data) == make_draw(root)
    assert "检查组" in out and "抽中" in out and SEED in out
    code, _out, err = run(
        DRAW_DAY, "draw", "new", "--plan", str(plan), "--seed", "另一个种子", "--content", str(root)
    )
    assert code == 1 and "不得重做" in err
    assert written.read_text(encoding="utf-8") == text  # fmt: skip


def test_cli_new_refuses_a_draw_day_in_the_future(tmp_path: Path) -> None:
    """Certificates and the register of a future day are unknown (R-B5)."""
    root = write_draw_content(tmp_path / "c")
    plan = write_plan(root)
    code, _out, err = run(
        "2026-05-10", "draw", "new", "--plan", str(plan), "--seed", SEED, "--content", str(root)
    )
    assert code == 1 and "请在抽取当日运行" in err
    assert not (root / "draws" / "2026-sj-01.yaml").exists()


def test_cli_new_records_a_past_draw_as_of_its_own_day(tmp_path: Path) -> None:
    """A draw recorded later gives the same result as on its day, with a note (R-B5)."""
    on_the_day = write_draw_content(tmp_path / "a")
    later = write_draw_content(tmp_path / "b")
    args = ("draw", "new", "--seed", SEED, "--content")
    assert run(DRAW_DAY, *args, str(on_the_day), "--plan", str(write_plan(on_the_day)))[0] == 0
    code, _out, err = run("2026-06-30", *args, str(later), "--plan", str(write_plan(later)))
    assert code == 0 and "按该日" in err
    written = [root / "draws" / "2026-sj-01.yaml" for root in (on_the_day, later)]
    assert written[0].read_text(encoding="utf-8") == written[1].read_text(encoding="utf-8")


def test_cli_new_reports_a_bad_plan_with_its_line(tmp_path: Path) -> None:
    root = write_draw_content(tmp_path / "c")
    plan = write_plan(root, team_size=1)
    code, _out, err = run(
        DRAW_DAY, "draw", "new", "--plan", str(plan), "--seed", SEED, "--content", str(root)
    )
    assert code == 1 and "2026-sj-01.yaml:5:" in err and "team_size" in err


def test_cli_new_reports_a_draw_that_cannot_be_made(tmp_path: Path) -> None:
    root = write_draw_content(tmp_path / "c")
    plan = write_plan(root, item="XX-99")
    code, _out, err = run(
        DRAW_DAY, "draw", "new", "--plan", str(plan), "--seed", SEED, "--content", str(root)
    )
    assert code == 1 and "无法抽取" in err and "XX-99" in err


def test_cli_verify_says_consistent_or_lists_every_difference(tmp_path: Path) -> None:
    """R-B5: anyone can re-run the draw from its record."""
    root = write_draw_content(tmp_path / "c")
    record = make_draw(root)
    good = save_draw(root, record)
    code, out, _err = run("2026-12-01", "draw", "verify", str(good))
    assert (code, out.strip()) == (0, "一致")
    code, out, _err = run("2026-12-01", "draw", "verify", str(good), "--content", str(root))
    assert (code, out.strip()) == (0, "一致")
    bad = save_draw(
        root,
        tampered(record, target_candidates=lambda c: [{**c[0], "rank": "f" * 64}, *c[1:]]),
        name="bad.yaml",
    )
    code, out, _err = run("2026-12-01", "draw", "verify", str(bad))
    assert code == 1 and "不一致" in out and "排序值应为" in out


# --- the public pages ----------------------------------------------------------------------------

PUBLIC_AS_OF = "2026-11-28"  # test_site_build.build's as-of date
# A seed holding a mobile-number shape: published on purpose, it must not stop the build.
PHONE_SHAPED_SEED = "示例开奖号码 13812345678"


@pytest.fixture(scope="module")
def draw_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("draws")
    root = write_draw_content(base / "content", records=[result_record()])
    ended = make_draw(root, seed=PHONE_SHAPED_SEED)
    save_draw(root, ended, results_published="2026-06-10", results=["2026-jc-0101"])
    running = make_draw(root, id="2026-sj-02", inspection_end=PUBLIC_AS_OF)
    save_draw(root, running)
    undated = make_draw(root, id="2026-sj-03", inspection_end=None)
    save_draw(root, undated)
    result = build(root, base / "output")
    assert result.returncode == 0, result.stderr
    return base / "output"


def page(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def test_only_draws_whose_inspection_ended_are_public(draw_site: Path) -> None:
    """R-B5 一公开: a draw appears the day after its inspection ends, never before."""
    listing = page(draw_site, "draws/index.html")
    links = [a["href"] for a in listing.select("ul.entries a")]
    assert links == ["../draws/2026-sj-01/index.html"]
    assert (draw_site / "draws" / "2026-sj-01" / "index.html").is_file()
    assert not (draw_site / "draws" / "2026-sj-02").exists()
    assert not (draw_site / "draws" / "2026-sj-03").exists()
    sitemap = (draw_site / "sitemap.xml").read_text(encoding="utf-8")
    assert "draws/2026-sj-01/" in sitemap and "draws/2026-sj-02/" not in sitemap
    about = page(draw_site, "about/index.html")
    assert any(a.get_text() == "双随机抽查" for a in about.select("a"))


def test_draw_page_shows_everything_needed_to_recheck(draw_site: Path) -> None:
    """R-B5: inputs, seed and outputs are published so that anyone can verify the draw."""
    soup = page(draw_site, "draws/2026-sj-01/index.html")
    text = soup.get_text(" ")
    assert PHONE_SHAPED_SEED in text and "示例彩票开奖号码" in text
    assert "MK-01" in text and "《中华人民共和国安全生产法》第二十一条" in text
    ranks = [code.get_text() for code in soup.select("#targets-heading ~ div td code")]
    expected = sorted(sha(PHONE_SHAPED_SEED, t) for t in ELIGIBLE_TARGETS)
    assert ranks == expected
    assert "青崖县示例甲煤业有限公司" in text
    conflict_rows = [
        tr.get_text(" ", strip=True) for tr in soup.select("#conflicts-heading ~ div tbody tr")
    ]
    assert conflict_rows == ["甲示例 QY-MK-002 青崖县示例乙煤业有限公司"]
    assert "结果与抽取记录一致" in text
    command = soup.select("#check-heading ~ pre code")[0].get_text()
    first = sorted(ELIGIBLE_TARGETS, key=lambda t: sha(PHONE_SHAPED_SEED, t))[0]
    assert command == f"printf '%s' '{PHONE_SHAPED_SEED}:{first}' | sha256sum"
    results = soup.select("#results-heading ~ ul a")
    assert [a["href"] for a in results] == ["../../records/2026-jc-0101/index.html"]


def test_no_conflict_reason_or_certificate_data_is_published(draw_site: Path) -> None:
    """R-B5 with R-C: reasons for 回避 and certificate data stay internal."""
    for path in draw_site.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".xml", ".json", ".csv", ".txt"}:
            text = path.read_text(encoding="utf-8", errors="replace")
            assert CONFLICT_REASON not in text, path
            assert "QYZF-T-06" not in text and "2030-12-31" not in text, path
    draw_page = (draw_site / "draws" / "2026-sj-01" / "index.html").read_text(encoding="utf-8")
    assert "己吊销" not in draw_page and "QYZF-T-0" not in draw_page


def test_the_worked_example_is_computed_with_sha256(draw_site: Path) -> None:
    soup = page(draw_site, "draws/index.html")
    pre = [p.get_text() for p in soup.select("pre code")]
    assert "printf '%s' '种子:编号' | sha256sum" in pre
    example = next(p for p in pre if p.startswith("$ printf"))
    command, output = example.splitlines()
    quoted = command.split("'")[3]
    seed, target = quoted.split(":")
    assert output == f"{sha(seed, target)}  -"


def test_shell_quote_survives_quotes_in_a_seed() -> None:
    assert shell_quote("it's") == "'it'\\''s'"


def test_draw_numbers_cover_phone_shaped_digit_runs(tmp_path: Path) -> None:
    """R-A8: the scan spares what draws publish on purpose, and nothing else."""
    root = write_draw_content(tmp_path / "c")
    save_draw(root, make_draw(root, seed=PHONE_SHAPED_SEED))
    numbers = draw_numbers(load(root))
    assert "13812345678" in numbers
    assert all(any(ch.isdigit() for ch in n) for n in numbers)
    assert "13912345678" not in numbers and list(find_numbers("13912345678"))


def test_draw_pages_in_the_site_plan(tmp_path: Path) -> None:
    root = write_draw_content(tmp_path / "c", records=[result_record()])
    save_draw(root, make_draw(root), results_published="2026-06-10", results=["2026-jc-0101"])
    content = load(root)
    as_of = dt.date(2026, 6, 2)
    plan = plan_publication([r.record for r in content.records], content.settings, as_of)
    items = public_items(content.records, plan)
    pages = {p.path: p for p in site_pages(items, plan, content)}
    draw_page = pages["draws/2026-sj-01/"]
    assert draw_page.section == "about/" and draw_page.lastmod == dt.date(2026, 6, 2)
    # The result record is not yet visible on 2026-06-02, nor the results publication date.
    public = public_draws(content, items, as_of)[0]
    assert public.results == () and public.results_published is None
    assert pages["draws/"].lastmod == dt.date(2026, 6, 2)


def test_the_staff_guide_example_is_what_the_algorithm_gives() -> None:
    """docs/supervision/double-random.md shows a worked example: keep it true."""
    guide = (Path(__file__).parent.parent / "docs" / "supervision" / "double-random.md").read_text(
        encoding="utf-8"
    )
    outcome = run_draw(
        "20261102", ["SL-01", "SL-02", "SL-03", "SL-04", "SL-05"], ["甲", "乙", "丙", "丁"], 2, 2,
        frozenset({("乙", "SL-05")}),
    )  # fmt: skip
    for candidate in (*outcome.target_candidates, *outcome.officer_candidates):
        assert f"| {candidate.id} | {candidate.rank} |" in guide
    assert [(t.target, t.officers) for t in outcome.teams] == [
        ("SL-04", ["丙", "甲"]),
        ("SL-05", ["丁", "丙"]),
    ]
    assert "检查组为丁、丙" in guide


def test_cli_new_refuses_a_broken_register(tmp_path: Path) -> None:
    """R-B5: a draw from part of the register would not be fair."""
    root = write_draw_content(tmp_path / "c")
    write_yaml(root / "targets.yaml", {"targets": [{"id": "QY-MK-001", "area": "mars"}]})
    plan = write_plan(root)
    code, _out, err = run(
        DRAW_DAY, "draw", "new", "--plan", str(plan), "--seed", SEED, "--content", str(root)
    )
    assert code == 1 and "targets.yaml" in err
    assert not (root / "draws" / "2026-sj-01.yaml").exists()


def test_a_draw_id_is_safe_as_a_file_name_and_address() -> None:
    with pytest.raises(ValueError, match="id"):
        DrawPlan.model_validate(plan_data(id="../2026-sj-01"))
