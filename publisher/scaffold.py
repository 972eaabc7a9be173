"""`publisher new`: a filled-in record template with the next free id."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from pathlib import Path

from publisher.content_tree import yaml_entries
from publisher.model import RecordType
from publisher.yamlsource import MAX_RECORD_BYTES, RefusedFile, read_content_bytes

PLACEHOLDER = "【待填写"
"""Marks template text staff still have to replace; a published record must not contain it."""

ID_PREFIX: dict[RecordType, str] = {RecordType.PENALTY: "cf", RecordType.INSPECTION: "jc"}

_PENALTY_TEMPLATE = """\
id: {id}
type: penalty
title: 关于【待填写：当事人名称】【待填写：违法行为】的行政处罚决定
doc_no: 【待填写：文书号】
area: coal_mine_safety   # coal_mine_safety | power | civil_explosives | other
party:
  name: 【待填写：当事人名称】
  kind: legal_person     # natural_person | individual_business | legal_person | other_organization
  # credit_code: 组织和个体工商户填写18位统一社会信用代码
  # legal_rep: 组织填写法定代表人
  # id_number: 自然人必填，仅用于未成年人判断，永不公开
decided: {today}
# published: 填写首次公示日期后才会公示（决定后 7 个工作日内，R-A3）
violation_type: 【待填写：违法行为类型】
facts: >-
  【待填写：违法事实】
basis: >-
  【待填写：处罚依据】
penalty:
  kinds: [fine]          # warning | criticism | fine | confiscate_income | ...
  fine_yuan: 0
  confiscated_yuan: 0
  work_safety: true

# 案卷（内部，永不公开；R-B2–R-B4，见 docs/supervision/whole-process-record.md）
case:
  section: 【待填写：承办科室】
  acts: []      # - {{kind: inspection, date: YYYY-MM-DD, officers: [执法人员甲, 执法人员乙]}}
  stages: []    # - {{stage: start, date: YYYY-MM-DD, documents: [{{kind: 立案审批表, file: …, sha256: …}}]}}
"""

_INSPECTION_TEMPLATE = """\
id: {id}
type: inspection
title: 对【待填写：检查对象】的行政检查结果
area: power              # coal_mine_safety | power | civil_explosives | other
party:
  name: 【待填写：检查对象名称】
  kind: legal_person     # natural_person | individual_business | legal_person | other_organization
  # credit_code: 组织和个体工商户填写18位统一社会信用代码
  # legal_rep: 组织填写法定代表人
decided: {today}
# published: 填写首次公示日期后才会公示（结果作出后 20 个工作日内，R-A3）
# inspection_item: 随机抽查事项编号
result: >-
  【待填写：检查结果】

# 案卷（内部，永不公开；R-B2–R-B4，见 docs/supervision/whole-process-record.md）
case:
  section: 【待填写：承办科室】
  acts: []      # - {{kind: inspection, date: YYYY-MM-DD, officers: [执法人员甲, 执法人员乙]}}
  stages: []    # - {{stage: start, date: YYYY-MM-DD, documents: [{{kind: 立案审批表, file: …, sha256: …}}]}}
"""


def next_record_id(existing: Iterable[str], kind: RecordType, year: int) -> str:
    """`<year>-<cf|jc>-<NNNN>`, one past the highest number ever used that year."""
    prefix = f"{year}-{ID_PREFIX[kind]}-"
    pattern = re.compile(rf"^{re.escape(prefix)}(\d+)$")
    numbers = [int(m.group(1)) for i in existing if (m := pattern.match(i))]
    return f"{prefix}{max(numbers, default=0) + 1:04d}"


def record_template(kind: RecordType, record_id: str, today: dt.date) -> str:
    template = _PENALTY_TEMPLATE if kind is RecordType.PENALTY else _INSPECTION_TEMPLATE
    return template.format(id=record_id, year=today.year, today=today.isoformat())


def existing_ids(content_root: Path) -> set[str]:
    """Ids of every record file, valid or not, so a broken file's id is never handed out."""
    ids: set[str] = set()
    for path in yaml_entries(content_root / "records", recursive=True).files:
        try:  # as the loader reads: no link followed, no pipe waited on, any encoding
            text = read_content_bytes(path, MAX_RECORD_BYTES).decode("utf-8", errors="replace")
        except RefusedFile:
            text = ""
        match = re.search(r"^id:\s*['\"]?([a-z0-9-]+)", text, re.M)
        ids.add(match.group(1) if match else path.stem)
    return ids


def create_record(content_root: Path, kind: RecordType, today: dt.date) -> Path:
    record_id = next_record_id(existing_ids(content_root), kind, today.year)
    path = content_root / "records" / str(today.year) / f"{record_id}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as stream:
        stream.write(record_template(kind, record_id, today))
    return path
