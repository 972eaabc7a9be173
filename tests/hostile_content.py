"""The demo bureau with chosen fields rewritten, and the whole public output read back: shared by
the injection test (hostile markup in every public text field) and the leak test (a unique
marker in every internal field).

Which fields exist, and which are public or internal, comes from `publisher.field_disclosure`
(itself derived from the JSON Schemas), never from a list kept here, so a new field is
rewritten as soon as it is classified.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from publisher.build import BuildOptions, build_site
from publisher.field_disclosure import Disclosure, FieldPath, classify, field_paths
from publisher.schemas import SCHEMA_FILES

PROJECT = Path(__file__).resolve().parent.parent
DEMO_CONTENT = PROJECT / "content"
AS_OF = dt.date(2026, 11, 28)
SITE_URL = "https://www.example.gov.cn/gxj/zfgs"


@dataclass(frozen=True)
class Field:
    """One field of one file kind with its classification."""

    kind: str
    path: str
    text: bool
    disclosure: Disclosure


@dataclass(frozen=True)
class Placed:
    """A value written into one occurrence of a field."""

    field: Field
    file: str
    value: object


NewValue = Callable[[Field, object], object | None]
"""Given a field and its current value: the value to write, or None to leave it."""


def file_kind(relative: str) -> str | None:
    """The file kind (a key of `SCHEMA_FILES`) of a content file, by its path relative to the
    content folder; None for files no schema describes (the WeChat ledger, images)."""
    path = PurePosixPath(relative)
    for kind, (_model, glob) in SCHEMA_FILES.items():
        pattern = PurePosixPath(glob.removeprefix("content/"))
        if "**" in pattern.parts:  # records/**/*.yaml: any depth below records/
            top = pattern.parts[0]
            if path.parts[0] == top and path.match(pattern.name):
                return kind
        elif len(path.parts) == len(pattern.parts) and path.match(str(pattern)):
            return kind
    return None


def copy_demo(target: Path) -> Path:
    shutil.copytree(DEMO_CONTENT, target)
    return target


def read_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def write_yaml(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False)
    path.write_text(text, encoding="utf-8")


def rewrite_fields(root: Path, new_value: NewValue) -> list[Placed]:
    """Offer every scalar of every content file to `new_value` and write back what it
    returns; the files keep their structure (comments are lost)."""
    placed: list[Placed] = []
    for path in sorted(root.rglob("*.yaml")):
        relative = path.relative_to(root).as_posix()
        kind = file_kind(relative)
        if kind is None:
            continue
        fields = {f.path: _with_disclosure(f) for f in field_paths(kind)}
        rewrite = _Rewrite(fields, new_value, relative, placed)
        write_yaml(path, rewrite.node(read_yaml(path), ""))
    return placed


@dataclass
class _Rewrite:
    fields: dict[str, Field]
    new_value: NewValue
    file: str
    placed: list[Placed]

    def node(self, value: Any, path: str) -> Any:
        if isinstance(value, dict):
            return {key: self.node(child, _join(path, str(key))) for key, child in value.items()}
        if isinstance(value, list):
            return [self.node(child, path) for child in value]
        field = self.fields.get(path)
        if field is None:
            return value
        new = self.new_value(field, value)
        if new is None:
            return value
        self.placed.append(Placed(field, self.file, new))
        return new


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _with_disclosure(field: FieldPath) -> Field:
    disclosure = classify(field.kind, field.path)
    assert disclosure is not None, f"unclassified field {field.kind}: {field.path}"
    return Field(field.kind, field.path, field.text, disclosure)


def letters(number: int) -> str:
    """0 → "aaa", 1 → "aab", …: a serial number as three letters, which no number scan
    (R-A8) or masking touches."""
    assert 0 <= number < 26**3
    digits = []
    for _ in range(3):
        number, rest = divmod(number, 26)
        digits.append(chr(ord("a") + rest))
    return "".join(reversed(digits))


def build(content: Path, output: Path) -> None:
    """One build of `content` as of the demo's date, search index included."""
    options = BuildOptions(content, output, AS_OF, PROJECT / "pelicanconf.py", SITE_URL)
    assert build_site(options) == 0


def output_files(site: Path) -> Iterator[tuple[str, bytes]]:
    """Every file of the output (path relative to the site, bytes); gzip-compressed files
    (Pagefind's `.pf_fragment`, `.pf_index`, `.pf_meta`) decompressed."""
    for path in sorted(site.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if data[:2] == b"\x1f\x8b":
                data = gzip.decompress(data)
            yield path.relative_to(site).as_posix(), data


def csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
