import pytest

from briefing.load.frontmatter import ParseError, parse_document, parse_yaml, split_front_matter


def parse(text, has_body=True):
    return parse_document("content/x.md", text, has_body=has_body)


def error_of(text, has_body=True):
    with pytest.raises(ParseError) as caught:
        parse(text, has_body)
    return caught.value.line, caught.value.message


def test_splits_front_matter_and_body_with_body_line():
    doc = parse("---\ntitle: Hello\n---\nBody text\n")
    assert doc.meta == {"title": "Hello"}
    assert doc.body == "Body text\n"
    assert doc.body_line == 4


def test_scalars_stay_text_so_yaml_never_guesses_types():
    doc = parse("---\ntitle: NO\nversion: 1.10\nwhen: 2025-07-22\nflag: yes\n---\n")
    assert doc.meta == {"title": "NO", "version": "1.10", "when": "2025-07-22", "flag": "yes"}


def test_null_forms_mean_not_given_but_quoted_stay_text():
    doc = parse("---\na:\nb: ~\nc: null\nd: 'null'\n---\n")
    assert doc.meta == {"a": None, "b": None, "c": None, "d": "null"}


def test_line_of_every_key_and_list_item():
    doc = parse("---\ntitle: T\nclaims:\n  - text: a\n    status: confirmed\n  - text: b\n---\n")
    assert doc.line("title") == 2
    assert doc.line("claims") == 3
    assert doc.line("claims", 0) == 4
    assert doc.line("claims", 0, "status") == 5
    assert doc.line("claims", 1, "text") == 6
    assert doc.line("claims", 1, "status") == 6  # falls back to the nearest known parent


def test_bom_and_crlf_are_accepted():
    doc = parse("\ufeff---\r\ntitle: T\r\n---\r\nBody\r\n")
    assert doc.meta == {"title": "T"}
    assert doc.body == "Body\n"


def test_missing_front_matter():
    assert error_of("title: T\n") == (1, "missing front matter: the file must start with a line '---'")


def test_unterminated_front_matter():
    assert error_of("---\ntitle: T\nbody\n") == (
        1, "front matter is not closed: add a line '---' after the metadata")


def test_empty_file():
    assert error_of("") == (1, "file is empty")
    assert error_of("  \n\n") == (1, "file is empty")


def test_duplicate_key_names_both_lines():
    assert error_of("---\ntitle: A\nsummary: s\ntitle: B\n---\n") == (
        4, "duplicate key 'title' (first given on line 2)")


def test_anchors_and_aliases_are_refused():
    line, message = error_of("---\na: &x [1, 2]\nb: *x\n---\n")
    assert (line, message) == (3, "YAML anchors and aliases are not allowed")


def test_tab_indentation_is_named():
    assert error_of("---\nclaims:\n\t- text: a\n---\n") == (
        3, "invalid YAML: tab character used for indentation (use spaces)")


def test_unclosed_bracket_points_into_the_file():
    line, message = error_of("---\ntitle: T\ntopics: [security, economy\nsummary: s\n---\n")
    assert message.startswith("invalid YAML:")
    assert 3 <= line <= 5


def test_deep_nesting_is_refused():
    text = "---\na: " + "[" * 30 + "]" * 30 + "\n---\n"
    line, message = error_of(text)
    assert line == 2
    assert "nesting deeper than" in message


def test_top_level_must_be_a_mapping():
    assert error_of("---\n- a\n- b\n---\n") == (2, "the metadata must be a mapping of 'key: value' lines")


def test_yaml_only_files_count_lines_from_one():
    doc = parse("label: X\nvalue: 3\n", has_body=False)
    assert doc.meta == {"label": "X", "value": "3"}
    assert doc.line("value") == 2


def test_merge_keys_are_refused():
    line, message = error_of("---\nbase: {a: 1}\nother:\n  <<: {a: 1}\n---\n")
    assert (line, message) == (4, "YAML merge keys ('<<') are not allowed")


def test_split_keeps_dots_terminator():
    front, body, line = split_front_matter("---\na: 1\n...\nrest")
    assert (front, body, line) == ("a: 1", "rest", 4)


def test_parse_yaml_of_empty_text_is_empty_mapping():
    assert parse_yaml("", 2) == ({}, {(): 2})
