"""Meta-tests: fail when a rule, setting or schema field is undocumented or untested."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from pydantic import BaseModel

from publisher.schemas import SCHEMA_FILES, schema_text
from publisher.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT.parent / "shared" / "docs" / "RULES.md"
RULE_ID = re.compile(r"\bR-[AB]\d+\b")

# Rules of RULES.md that no shipped code implements yet; each is planned in an open issue.
# Keep this list honest: the test below fails when a rule here gains a test, so it shrinks.
NOT_YET_IMPLEMENTED: set[str] = set()  # none left


def _rule_ids_in_spec() -> set[str]:
    text = RULES.read_text(encoding="utf-8") if RULES.is_file() else ""
    return set(re.findall(r"\*\*(R-[AB]\d+)\b", text))


def _rule_ids_in(folder: str) -> set[str]:
    found: set[str] = set()
    for path in (ROOT / folder).rglob("*.py"):
        found |= set(RULE_ID.findall(path.read_text(encoding="utf-8")))
    return found


@pytest.mark.skipif(not RULES.is_file(), reason="RULES.md is not beside the checkout")
def test_every_rule_cited_in_code_exists_in_the_spec() -> None:
    unknown = (_rule_ids_in("publisher") | _rule_ids_in("plugins")) - _rule_ids_in_spec()
    assert not unknown, f"rule ids not in RULES.md: {sorted(unknown)}"


@pytest.mark.skipif(not RULES.is_file(), reason="RULES.md is not beside the checkout")
def test_every_implemented_rule_has_a_test_naming_it() -> None:
    tested = _rule_ids_in("tests")
    missing = _rule_ids_in_spec() - NOT_YET_IMPLEMENTED - tested
    assert not missing, f"rules without a test citing them: {sorted(missing)}"


def _fields_without_description(model: type[BaseModel], seen: set[type]) -> list[str]:
    if model in seen:
        return []
    seen.add(model)
    missing: list[str] = []
    for name, field in model.model_fields.items():
        if not field.description:
            missing.append(f"{model.__name__}.{name}")
        for candidate in _models_in(field.annotation):
            missing += _fields_without_description(candidate, seen)
    return missing


def _models_in(annotation: object) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for arg in getattr(annotation, "__args__", ()):
        found += _models_in(arg)
    return found


@pytest.mark.parametrize("name", sorted(SCHEMA_FILES))
def test_every_schema_field_has_a_description(name: str) -> None:
    model, _glob = SCHEMA_FILES[name]
    assert _fields_without_description(model, set()) == []


@pytest.mark.parametrize("name", sorted(SCHEMA_FILES))
def test_committed_json_schemas_are_current(name: str) -> None:
    """`make schema` regenerates them; editors validate against the committed copies."""
    model, _glob = SCHEMA_FILES[name]
    committed = ROOT / "schemas" / name
    assert committed.is_file(), "run `make schema`"
    assert committed.read_text(encoding="utf-8") == schema_text(model), "run `make schema`"


def test_every_setting_is_documented_for_staff() -> None:
    guide = (ROOT / "docs" / "staff-guide.md").read_text(encoding="utf-8")
    missing = [name for name in Settings.model_fields if name not in guide]
    assert not missing, f"settings missing from docs/staff-guide.md: {missing}"


def _template_names_and_filters() -> tuple[set[str], set[str]]:
    import jinja2
    import jinja2.meta
    from jinja2 import nodes

    sys.path.insert(0, str(ROOT / "plugins"))
    from disclosure.filters import FILTERS

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(ROOT / "theme" / "templates"))
    env.filters.update(FILTERS)
    variables: set[str] = set()
    filters: set[str] = set()
    macros: set[str] = set()
    for path in (ROOT / "theme" / "templates").glob("*.html"):
        tree = env.parse(path.read_text(encoding="utf-8"))
        variables |= jinja2.meta.find_undeclared_variables(tree)
        # Jinja's own filters are documented by Jinja; ours must be documented here.
        filters |= {node.name for node in tree.find_all(nodes.Filter)} - set(jinja2.filters.FILTERS)
        macros |= {node.name for node in tree.find_all(nodes.Macro)}
    return variables - macros, filters


def test_every_template_variable_and_filter_is_documented() -> None:
    """Datasette-style: a template may only rely on what docs/templates.md describes."""
    documented = (ROOT / "docs" / "templates.md").read_text(encoding="utf-8")
    variables, filters = _template_names_and_filters()
    missing = sorted(n for n in variables | filters if f"`{n}`" not in documented)
    assert not missing, f"undocumented in docs/templates.md: {missing}"


def test_every_command_is_documented_for_staff_and_in_the_readme() -> None:
    from publisher.cli import main

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    guide = (ROOT / "docs" / "staff-guide.md").read_text(encoding="utf-8")
    missing = [
        f"{where}: publisher {name}"
        for name in main.commands
        for where, text in (("README.md", readme), ("docs/staff-guide.md", guide))
        if f"publisher {name}" not in text
    ]
    assert not missing, f"commands not documented: {missing}"


def test_the_editor_settings_map_every_schema_file() -> None:
    """Staff editors validate every content file kind, supervision files included (R-B1…R-B7)."""
    import json

    from publisher.schemas import editor_mapping

    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"] == editor_mapping()


def test_every_field_of_every_file_kind_is_public_or_internal() -> None:
    """RULES.md C: a new field needs a decision in `publisher.field_disclosure.DISCLOSURE`
    before it ships; the leak and injection tests then fill it (docs/design.md)."""
    from publisher.field_disclosure import DISCLOSURE, misplaced_entries, unclassified

    assert set(DISCLOSURE) == set(SCHEMA_FILES)
    missing = [f"{field.kind}: {field.path}" for field in unclassified()]
    assert missing == [], "classify in publisher/field_disclosure.py: " + ", ".join(missing)
    assert misplaced_entries() == []


def test_every_correctable_field_is_public() -> None:
    """R-A6: a correction may name only public fields of a record."""
    from publisher.field_disclosure import PUBLIC, classify, field_paths
    from publisher.labels import PUBLIC_FIELD

    leaves = {field.path for field in field_paths("record.schema.json")}
    named = [name for name in PUBLIC_FIELD if name in leaves]
    assert named and all(classify("record.schema.json", name) is PUBLIC for name in named)
