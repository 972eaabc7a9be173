"""`publisher wechat status`: live articles on the account that the site no longer agrees
with (R-A1).

An article published on WeChat cannot be edited; when a record it carries changes state, the
article must go (`wechat withdraw`). For every article of the ledger that is not deleted,
each record it carries is compared with the publication plan of the as-of date:

- a digest or correction notice carrying a record that is withdrawn (R-A5) — the original
  decision must leave every carrier;
- any article carrying a record whose period has ended or that staff took off (R-A4), or
  that is not public any more for another reason (draft again, minor: R-A3, R-A8), or that
  is no longer in the content;
- a digest carrying a record corrected (R-A6) after the article was pushed: the article
  shows the old text;
- a withdrawal notice whose record is no longer withdrawn (the withdrawal was taken back).

A withdrawal notice is meant to carry its withdrawn record, and a correction notice stays
true history after a later correction, so neither is reported for that.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from publisher.content import Content, LoadedRecord
from publisher.visibility import Plan, PlanEntry, Reason, State
from publisher.wechat.ledger import Ledger, LedgerArticle, Publication

Problem = Literal["withdrawn", "expired", "corrected", "hidden", "missing", "reinstated"]

RULE_OF: dict[Problem, str] = {
    "withdrawn": "R-A5",
    "expired": "R-A4",
    "corrected": "R-A6",
    "hidden": "R-A3",
    "missing": "R-A1",
    "reinstated": "R-A5",
}
PROBLEM_LABEL: dict[Problem, str] = {
    "withdrawn": "已撤下",
    "expired": "公示期已满或已人工撤下",
    "corrected": "推送后已更正",
    "hidden": "已不再公开",
    "missing": "内容中已没有该记录",
    "reinstated": "已不再是撤下状态",
}
ENDED = frozenset({Reason.EXPIRED, Reason.NOTICE_EXPIRED, Reason.REMOVED})


@dataclass(frozen=True)
class RecordProblem:
    """Why one record makes an article stale."""

    record_id: str
    problem: Problem
    detail: str

    @property
    def rule(self) -> str:
        return RULE_OF[self.problem]

    def describe(self) -> str:
        return f"{self.record_id} {PROBLEM_LABEL[self.problem]}（{self.rule}）：{self.detail}"


@dataclass(frozen=True)
class StaleArticle:
    """A live article of the ledger that must be deleted from the account."""

    key: str
    kind: str
    publish_id: str
    article_id: str
    index: int
    title: str
    url: str
    pushed: dt.date
    problems: tuple[RecordProblem, ...]

    def action(self) -> str:
        """What staff do, in one sentence."""
        delete = (
            f"运行 publisher wechat withdraw 删除该文章（--key {self.key} --index {self.index}）"
        )
        kinds = {problem.problem for problem in self.problems}
        follow: list[str] = []
        if "withdrawn" in kinds:
            follow.append("同时发布撤下说明")
        if "corrected" in kinds:
            follow.append("同时发布更正说明")
        if self.kind == "digest":
            follow.append("并按现有内容重新发布本期摘要（不再载有上述记录的原内容）")
        return delete + ("，" + "，".join(follow) if follow else "") + "。"

    def to_json(self) -> dict[str, object]:
        return {
            "key": self.key,
            "kind": self.kind,
            "publish_id": self.publish_id,
            "article_id": self.article_id,
            "index": self.index,
            "title": self.title,
            "url": self.url,
            "pushed": self.pushed.isoformat(),
            "records": [
                {
                    "record": p.record_id,
                    "problem": p.problem,
                    "rule": p.rule,
                    "message": p.describe(),
                }
                for p in self.problems
            ],
            "action": self.action(),
        }


def stale_articles(content: Content, plan: Plan, ledger: Ledger) -> list[StaleArticle]:
    """Every live article of the ledger carrying a record the site no longer shows as it
    did, in ledger order."""
    records = content.record_by_id()
    entries = plan.by_id()
    stale: list[StaleArticle] = []
    for publication in ledger.publications:
        for article in publication.articles:
            if article.deleted is not None:
                continue
            problems = tuple(
                problem
                for record_id in article.records
                if (problem := _problem(publication, record_id, records, entries, plan.as_of))
                is not None
            )
            if problems:
                stale.append(_stale(publication, article, problems))
    return stale


def _stale(
    publication: Publication, article: LedgerArticle, problems: tuple[RecordProblem, ...]
) -> StaleArticle:
    return StaleArticle(
        key=publication.key,
        kind=publication.kind,
        publish_id=publication.publish_id,
        article_id=publication.article_id,
        index=article.index,
        title=article.title,
        url=publication.url,
        pushed=publication.pushed,
        problems=problems,
    )


def _problem(
    publication: Publication,
    record_id: str,
    records: Mapping[str, LoadedRecord],
    entries: Mapping[str, PlanEntry],
    as_of: dt.date,
) -> RecordProblem | None:
    entry = entries.get(record_id)
    if entry is None or record_id not in records:
        return RecordProblem(record_id, "missing", "请核对记录编号；已公示的记录不得删除（R-A6）")
    if entry.state is State.HIDDEN:
        problem: Problem = "expired" if entry.reason in ENDED else "hidden"
        return RecordProblem(record_id, problem, entry.why)
    if publication.kind == "withdrawal":
        if entry.state is State.PUBLISHED:
            return RecordProblem(record_id, "reinstated", "记录现在正常公示，撤下说明已不再属实")
        return None
    if entry.state is State.WITHDRAWN:
        return RecordProblem(record_id, "withdrawn", entry.why)
    if publication.kind == "digest":
        return _corrected_since(publication, record_id, records, as_of)
    return None


def _corrected_since(
    publication: Publication, record_id: str, records: Mapping[str, LoadedRecord], as_of: dt.date
) -> RecordProblem | None:
    corrections = records[record_id].record.corrections
    later = [c.date for c in corrections if publication.pushed < c.date <= as_of]
    if not later:
        return None
    dates = "、".join(day.isoformat() for day in sorted(later))
    return RecordProblem(
        record_id, "corrected", f"{dates} 更正，晚于文章推送日 {publication.pushed.isoformat()}"
    )
