"""The schema (briefing/schema.py) is what the build reads each file by: a key's
type, whether it is required and its choices are checked as the schema says, and
each kind's item holds exactly the keys its schema gives."""
from __future__ import annotations

import copy
from dataclasses import fields

import pytest
import yaml

from briefing.kinds import BY_NAME, KINDS
from briefing.load import load_config
from briefing.load.frontmatter import parse_document
from briefing.model import KIND_OF
from briefing.model.validate import _BY_TYPE, check_document
from briefing.schema import DRAFTS_MAY_OMIT, TYPES, Field

from .conftest import FIXTURES

# What every item has besides its keys; a topic's name and description come from site.yaml.
NOT_KEYS = {"id", "path", "lang", "digest"}
FROM_CONFIG = {"topics": {"name", "description"}}
# Keys read only to be checked, never kept: ingest's suggestions on a draft.
CHECKED_ONLY = {"suggestions"}

# A valid value of each type, to make a file that sets every key.
GOOD = {"text": "x", "texts": ["x"], "number": "1", "bool": "false", "date": "2025-01",
        "date or unknown": "2025-01", "day": "2025-01-02", "language": "en",
        "url": "https://example.org/", "id": "some-id", "ids": ["some-id"],
        "ids with detail": ["some-id"]}


@pytest.fixture(scope="module")
def config():
    return load_config(FIXTURES / "golden")


def good_value(field: Field):
    if field.type == "choice":
        return field.choices[0]
    if field.parts:
        inner = {part.key: good_value(part) for part in field.parts}
        if field.key == "location":
            inner.update(lat="1", lon="2")
        if field.type == "claims":
            return [inner]
        if field.type == "trends":
            return {"security": inner}
        return inner
    return copy.deepcopy(GOOD[field.type])  # one object met twice would be dumped as an alias


def document(kind, meta: dict):
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    text = f"---\n{front}---\nBody.\n" if kind.has_body else front
    ident = "2025-01" if kind.name == "months" else "security" if kind.name == "topics" else "x"
    return parse_document(kind.file(ident), text, has_body=kind.has_body)


def every_key(kind) -> dict:
    meta = {field.key: good_value(field) for field in kind.fields
            if field.key not in CHECKED_ONLY}
    if kind.name == "figures":
        meta["status"] = "confirmed"
    return meta


def test_every_type_of_key_has_a_reader():
    assert set(_BY_TYPE) == set(TYPES)
    with pytest.raises(ValueError):
        Field("x", "colour")


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.name)
def test_each_kinds_item_holds_exactly_the_keys_of_its_schema(kind):
    item_class = next(cls for cls, name in KIND_OF.items() if name == kind.name)
    held = {f.name for f in fields(item_class)} - NOT_KEYS - FROM_CONFIG.get(kind.name, set())
    assert held == set(kind.keys) - CHECKED_ONLY


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.name)
def test_a_file_that_sets_every_key_of_its_schema_is_read_without_a_problem(kind, config):
    checked = check_document(kind.name, document(kind, every_key(kind)), config, False)
    assert checked.problems == ()
    assert checked.item is not None


REQUIRED = [(kind, field) for kind in KINDS for field in kind.fields
            if field.required in (True, DRAFTS_MAY_OMIT)]


@pytest.mark.parametrize("kind, field", REQUIRED,
                         ids=[f"{kind.name}.{field.key}" for kind, field in REQUIRED])
def test_each_required_key_of_the_schema_is_required_by_the_build(kind, field, config):
    meta = every_key(kind)
    del meta[field.key]
    checked = check_document(kind.name, document(kind, meta), config, False)
    assert [p.message for p in checked.problems] == [f"missing required key '{field.key}'"]


CHOICES = [(kind, field) for kind in KINDS for field in kind.fields if field.type == "choice"]


@pytest.mark.parametrize("kind, field", CHOICES,
                         ids=[f"{kind.name}.{field.key}" for kind, field in CHOICES])
def test_each_choice_of_the_schema_is_the_one_list_the_build_accepts(kind, field, config):
    meta = every_key(kind)
    meta[field.key] = "none of these"
    checked = check_document(kind.name, document(kind, meta), config, False)
    (problem,) = checked.problems
    assert problem.message.endswith("(expected one of: " + ", ".join(field.choices) + ")")


def test_a_key_the_schema_does_not_give_is_refused_with_the_schemas_list(config):
    events = BY_NAME["events"]
    meta = every_key(events) | {"severity": "high"}
    (problem,) = check_document("events", document(events, meta), config, False).problems
    assert problem.message == ("unknown key 'severity' (expected one of: "
                               + ", ".join(events.keys) + ")")


def test_a_translation_may_set_only_what_the_schema_marks_translatable():
    assert BY_NAME["events"].translatable == ("title", "date_note", "roles", "summary")
    assert BY_NAME["figures"].translatable == ("label", "unit", "period", "scope",
                                               "definition", "note")
    claims = BY_NAME["articles"].field("claims")
    assert [part.key for part in claims.parts if part.translatable] == ["text", "note"]


def test_listing_pages_are_where_the_registry_puts_them_and_templates_ask_it():
    """A kind's listing page is planned at its registry entry's path, and templates
    link to it by kind (`listing('events')`), never by spelling the path."""
    import re
    from briefing.engine import BuildOptions
    from briefing.kinds import listing
    from .conftest import REPO, render
    files = render(BuildOptions(root=FIXTURES / "golden")).files
    home = files["index.html"].decode()
    listed = [kind for kind in KINDS if kind.listing]
    assert {kind.name for kind in listed} >= {"events", "sources", "figures", "months"}
    for kind in listed:
        assert kind.listing + "index.html" in files, kind.name
        assert re.search(f'href="[^"]*/{kind.listing}"', home), kind.name  # the header's links
    for path in (REPO / "templates").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for kind in listed:
            assert f"'{kind.listing}" not in text, (path.name, kind.listing)
    with pytest.raises(ValueError, match="no page lists the kind 'pages'"):
        listing("pages")
