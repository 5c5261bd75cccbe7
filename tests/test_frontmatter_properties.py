"""Property tests on the front-matter parser: what it reads back is what was
written, and no text can make it fail with anything but a located ParseError."""
from __future__ import annotations

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from briefing.load.frontmatter import ParseError, parse_document

# Keys as editors write them; text as it may come from a news wire, less what the
# parser refuses on purpose (control characters and U+2028/U+2029 line separators).
keys = st.from_regex(r"[a-z][a-z0-9_]{0,15}", fullmatch=True)
text = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")) | st.sampled_from("\t\n"),
               max_size=40)
metadata = st.recursive(
    text,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(keys, children, max_size=4),
    max_leaves=20,
)


def as_front_matter(meta: dict, body: str) -> str:
    dumped = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1_000_000)
    return f"---\n{dumped}---\n{body}"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(keys, metadata, max_size=6), text)
@example({"title": "NO", "version": "1.10", "when": "2025-07-22", "flag": "yes"}, "")
@example({"empty": "", "null": "null", "tilde": "~", "list": [""]}, "body")
def test_metadata_round_trips_as_text(meta, body):
    doc = parse_document("content/x.md", as_front_matter(meta, body))
    assert doc.meta == meta
    assert doc.body == body


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(keys, text, min_size=1, max_size=8))
def test_every_key_has_its_line(meta):
    document = as_front_matter(meta, "")
    doc = parse_document("content/x.md", document)
    lines = document.split("\n")
    for key in meta:
        assert lines[doc.line(key) - 1].startswith(key + ":") or lines[doc.line(key) - 1].startswith(f"'{key}':")


def assert_parses_or_fails_inside(document: str, has_body: bool) -> None:
    try:
        parse_document("content/x.md", document, has_body=has_body)
    except ParseError as error:
        line_count = max(1, len(document.replace("\r\n", "\n").replace("\r", "\n").split("\n")))
        assert 1 <= error.line <= line_count, (error.line, line_count, error.message)
        assert error.message and "\n" not in error.message


yaml_alphabet = st.sampled_from(list(":-[]{}&*!|>'\"#%@`,? \t\n\r\ufeff\x00\x85\u2028ab01~<=.\\"))


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=200), st.booleans())
def test_any_text_parses_or_fails_with_a_line_inside_the_file(document, has_body):
    assert_parses_or_fails_inside(document, has_body)


@settings(max_examples=1000, deadline=None)
@given(st.text(yaml_alphabet, max_size=120), st.text(yaml_alphabet, max_size=20), st.booleans())
def test_yaml_like_text_parses_or_fails_with_a_line_inside_the_file(front, body, has_body):
    assert_parses_or_fails_inside(f"---\n{front}\n---\n{body}" if has_body else front, has_body)
