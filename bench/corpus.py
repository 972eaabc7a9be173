"""The comparison corpora: the same synthetic records as Markdown, for Pelican and for Hugo.

One `.md` file per record, with the record's public fields as metadata and its text (facts
and basis, the inspection result, or the withdrawal notice) as the body. Every record is in
the corpus, so each tool reads as many files as ours; the records our site does not show on
the as-of date (drafts, not yet published, minors' cases, past their period) are drafts,
which neither tool writes. So each tool writes one page per record our site shows, plus its
paginated index, its pages by area and one feed.
"""

from __future__ import annotations

import datetime as dt
import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from publisher.labels import AREA, PARTY_KIND
from publisher.loader import load_content
from publisher.model import Record
from publisher.visibility import Reason, plan_publication

FILE_WRITERS = 8
SHOWN = (Reason.PUBLISHED, Reason.WITHDRAWN)


@dataclass(frozen=True)
class Corpus:
    """What the benchmark needs to know about one synthetic repository."""

    records: int
    shown: int
    """Records with a page on our site on the as-of date (published or notice)."""
    edit_path: str
    """The record file the one-record-change scenario edits (relative to the content)."""
    as_of: str = ""
    """The as-of date the repository and corpora were made for."""

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.__dict__, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> Corpus:
        return cls(**json.loads(path.read_text(encoding="utf-8")))


def make_corpora(content: Path, pelican_dir: Path, hugo_dir: Path, as_of: dt.date) -> Corpus:
    """Write both Markdown corpora for `content`; returns what the benchmark needs."""
    loaded = load_content(content)
    if loaded.content is None:
        raise SystemExit(f"{content}: 内容有错误，无法生成对比语料")
    records = loaded.content.records
    plan = plan_publication([r.record for r in records], loaded.content.settings, as_of)
    reasons = {entry.record_id: entry.reason for entry in plan}
    (pelican_dir / "records").mkdir(parents=True, exist_ok=True)
    (hugo_dir / "records").mkdir(parents=True, exist_ok=True)
    with ThreadPoolExecutor(FILE_WRITERS) as pool:
        jobs = []
        for item in records:
            record, reason = item.record, reasons[item.record.id]
            name = f"records/{record.id}.md"
            jobs.append(pool.submit(_write, pelican_dir / name, pelican_page(record, reason)))
            jobs.append(pool.submit(_write, hugo_dir / name, hugo_page(record, reason)))
        for job in jobs:
            job.result()
    shown = [r for r in records if reasons[r.record.id] in SHOWN]
    # The newest published record: staff correct what they published last, and it stands on
    # the home page, in the feed and on the first page of every list it is in.
    edited = max(
        (r for r in shown if reasons[r.record.id] is Reason.PUBLISHED),
        key=lambda r: (r.record.published or as_of, r.record.id),
    )
    edit_path = edited.path.relative_to(content).as_posix()
    return Corpus(len(records), len(shown), edit_path, as_of.isoformat())


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def body(record: Record, reason: Reason) -> str:
    """The record's text in Markdown: what its page on our site says."""
    if reason is Reason.WITHDRAWN and record.withdrawal is not None:
        return f"**撤下公示说明**：{record.withdrawal.explanation}\n"
    if record.result is not None:
        return f"**检查结果**：{record.result}\n"
    return f"**违法事实**：{record.facts}\n\n**处罚依据**：{record.basis}\n"


def fields(record: Record) -> dict[str, str]:
    """The public metadata of a record, as plain strings."""
    values = {
        "doc_no": record.doc_no or "",
        "party": record.party.name,
        "party_kind": PARTY_KIND[record.party.kind],
        "decided": record.decided.isoformat(),
        "area_label": AREA[record.area],
        "kind": record.type.value,
    }
    if record.penalty is not None:
        values["fine_yuan"] = str(record.penalty.fine_yuan)
    return values


def pelican_page(record: Record, reason: Reason) -> str:
    """Pelican's Markdown reader takes `Key: value` lines before the first blank line."""
    meta = {
        "Title": record.title,
        "Date": (record.published or record.decided).isoformat(),
        "Slug": record.id,
        "Category": record.area.value,
        **{key.replace("_", "").capitalize(): value for key, value in fields(record).items()},
    }
    if reason not in SHOWN:
        meta["Status"] = "draft"
    head = "".join(f"{key}: {value}\n" for key, value in meta.items())
    return f"{head}\n{body(record, reason)}"


def hugo_page(record: Record, reason: Reason) -> str:
    """Hugo's YAML front matter; JSON strings are valid YAML scalars."""
    meta: dict[str, object] = {
        "title": record.title,
        "date": (record.published or record.decided).isoformat(),
        "slug": record.id,
        "draft": reason not in SHOWN,
        "areas": [record.area.value],
        **fields(record),
    }
    head = "".join(
        f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in meta.items()
    )
    return f"---\n{head}---\n\n{body(record, reason)}"
