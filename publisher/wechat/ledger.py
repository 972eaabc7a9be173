"""The WeChat ledger (`content/wechat/ledger.yaml`): what was published on the official account
and which records each article carries (R-A1).

`wechat push` appends to it and staff commit it, so git keeps the history of every carrier.
The file is read through the project's guarded YAML reader with `FILE:LINE` findings, like
every content file, and written back by `dump_ledger` in one stable layout.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from publisher.content import Loaded
from publisher.findings import Finding
from publisher.loader import load_located
from publisher.model import RecordId
from publisher.yamlsource import LineMap

LEDGER_FILE = "wechat/ledger.yaml"
"""The ledger's path under the content folder."""
LEDGER_RULE = "R-A1"
DIGEST_KEY = re.compile(r"^\d{4}-(W\d{2}|\d{2})(-\d+)?$")
WITHDRAWAL_KEY = re.compile(r"^withdrawal-[a-z0-9][a-z0-9-]{2,63}$")
CORRECTION_KEY = re.compile(r"^correction-[a-z0-9][a-z0-9-]{2,63}-\d+$")
_KEY_OF_KIND = {"digest": DIGEST_KEY, "withdrawal": WITHDRAWAL_KEY, "correction": CORRECTION_KEY}

HEADER = """\
# 微信公众号文章台账（R-A1）：publisher wechat push 推送后自动追加，请随其他内容一并提交。
# 每篇文章载有哪些记录；文章删除后填写 deleted 日期（publisher wechat withdraw 自动填写）。
# 格式见 docs/records-format.md。
"""


class _Strict(BaseModel):
    model_config = ConfigDict(
        extra="forbid", frozen=True, use_attribute_docstrings=True, coerce_numbers_to_str=True
    )


class LedgerCover(_Strict):
    """已上传的封面图片（永久素材，缩略图）。"""

    media_id: str = Field(min_length=1)
    """上传封面后公众号返回的 media_id。"""
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    """上传的封面文件的 SHA-256；封面文件改变后 push 会重新上传。"""
    uploaded: dt.date
    """上传日期。"""


class LedgerArticle(_Strict):
    """一次发布中的一篇文章。"""

    index: int = Field(ge=1)
    """文章在本次发布中的序号，从 1 开始（freepublish/delete 的 index）。"""
    title: str = Field(min_length=1)
    """文章标题。"""
    records: list[RecordId] = Field(default_factory=list)
    """文章载有的记录编号。"""
    deleted: dt.date | None = None
    """用 freepublish/delete 删除该文章的日期；未删除不填。"""


class Publication(_Strict):
    """一次发布（freepublish/submit）。"""

    key: str = Field(min_length=1)
    """文章的键：公示摘要为期号（如 2026-W45，按月为 2026-11，过长拆分的后续篇为 2026-W45-2），撤下说明为 withdrawal-<记录编号>，更正说明为 correction-<记录编号>-<第几次更正>。"""
    kind: Literal["digest", "withdrawal", "correction"]
    """类型：digest 公示摘要 | withdrawal 撤下说明 | correction 更正说明。"""
    publish_id: str = Field(min_length=1)
    """freepublish/submit 返回的 publish_id。"""
    article_id: str = ""
    """发布成功后 freepublish/get 返回的 article_id（删除文章时使用）。"""
    url: str = Field(default="", pattern=r"^(https?://\S+)?$")
    """文章地址（freepublish/get 返回的 article_url），可为空。"""
    pushed: dt.date
    """发布日期。"""
    articles: list[LedgerArticle] = Field(min_length=1)
    """本次发布的文章，每篇一项，序号从 1 开始。"""

    @model_validator(mode="after")
    def _key_and_indexes(self) -> Publication:
        if not _KEY_OF_KIND[self.kind].match(self.key):
            raise ValueError(f"key {self.key!r} 与类型 {self.kind} 的格式不符")
        indexes = [article.index for article in self.articles]
        if sorted(indexes) != list(range(1, len(indexes) + 1)):
            raise ValueError(f"articles 的 index 应依次为 1 至 {len(indexes)}，实际为 {indexes}")
        return self


class Ledger(_Strict):
    """微信公众号文章台账（content/wechat/ledger.yaml）。"""

    cover: LedgerCover | None = None
    """已上传的封面图片；未上传不填。"""
    publications: list[Publication] = Field(default_factory=list)
    """已发布的文章，按发布先后排列。"""


@dataclass(frozen=True)
class LedgerLoad:
    """The ledger read from `content/`, or the findings that kept it from loading.

    A missing file is an empty ledger (nothing pushed yet), not a problem."""

    loaded: Loaded[Ledger] | None
    findings: list[Finding] = field(default_factory=list)

    @property
    def ledger(self) -> Ledger | None:
        return None if self.loaded is None else self.loaded.model


def ledger_path(content_dir: Path) -> Path:
    return content_dir / LEDGER_FILE


def load_ledger(content_dir: Path) -> LedgerLoad:
    """The ledger of `content_dir`, validated; every problem as a finding with its line."""
    path = ledger_path(content_dir)
    if not path.exists():
        return LedgerLoad(Loaded(Ledger(), path, LineMap({})))
    loaded, findings = load_located(path, Ledger, rule=LEDGER_RULE)
    return LedgerLoad(loaded, findings)


def dump_ledger(ledger: Ledger) -> str:
    """The ledger as YAML in one stable layout (a fixed header, keys in model order, dates
    unquoted), so that appending an entry changes only the lines it adds."""
    data = ledger.model_dump(mode="python", exclude_none=False)
    return HEADER + yaml.dump(
        _without_empty_cover(data),
        Dumper=_PlainDumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=10_000,
    )


class _PlainDumper(yaml.SafeDumper):
    """Never writes anchors and aliases (`&id001`, `*id001`): one date object used twice
    would otherwise come out as an alias, which staff would not understand."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _without_empty_cover(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if not (key == "cover" and value is None)}


def live_articles_by_record(ledger: Ledger) -> dict[str, list[tuple[str, int]]]:
    """For each record, the (key, index) of every article not deleted that carries it, in
    ledger order."""
    carried: dict[str, list[tuple[str, int]]] = {}
    for publication in ledger.publications:
        for article in publication.articles:
            if article.deleted is None:
                for record_id in article.records:
                    carried.setdefault(record_id, []).append((publication.key, article.index))
    return carried
