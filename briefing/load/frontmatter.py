"""Split a file into YAML front matter and body, and read the YAML strictly.

Pure functions on strings: nothing here touches the disk. Every scalar stays
text (``title: NO`` is "NO", ``title: 1.10`` is "1.10"); the model decides what
a value means. The line of every key and list item is kept for error messages.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field

import re

import yaml

from ..memo import Key, digest, hashed

try:  # the C loader is about ten times faster
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader

MAX_DEPTH = 20
NULLS = frozenset({"", "~", "null", "Null", "NULL"})
# Control characters (but tab and line ends), and the line separators YAML would count as
# new lines where an editor shows none.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")

KeyPath = tuple  # e.g. ("claims", 0, "status")


class ParseError(Exception):
    """A problem at a line of the text being parsed (1-based)."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass(frozen=True)
class Document:
    """A file as read: metadata, body, and where each key stands.

    Where each key stands is needed only to report a problem, so it is worked out
    again from the front matter when first asked for (`lines`), rather than kept
    for every file of a briefing."""

    path: str
    meta: dict
    front: str = field(default="", repr=False)  # the front matter, as parsed
    first_line: int = 1  # the file's line of the front matter's first
    body: str = ""
    body_line: int = 0
    key: str = field(default="", compare=False)  # a hash of the metadata: changes with any key's value
    body_key: str = field(default="", compare=False)  # a hash of the body

    @functools.cached_property
    def lines(self) -> dict:
        """The line of every key path: {(): 1, ('title',): 2, ('claims', 0): 9, ...}."""
        lines = parse_yaml(self.front, self.first_line)[1] if self.front.strip() else {}
        lines[()] = 1  # a missing key is reported at the top of the file
        return lines

    def line(self, *key: str | int) -> int:
        """Line of a key path, falling back to its nearest known parent."""
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key[:-1]
        return self.lines.get((), 1)


def normalise_text(text: str) -> str:
    """Accept a UTF-8 BOM and CRLF or CR line ends."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def split_front_matter(text: str) -> tuple[str, str, int]:
    """Return (front matter, body, line where the body starts)."""
    if not text.strip():
        raise ParseError(1, "file is empty")
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        raise ParseError(1, "missing front matter: the file must start with a line '---'")
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            front = "\n".join(lines[1:index])
            body = "\n".join(lines[index + 1:])
            return front, body, index + 2
    raise ParseError(1, "front matter is not closed: add a line '---' after the metadata")


def parse_document(path: str, text: str, *, has_body: bool = True) -> Document:
    """Parse a Markdown file with front matter, or a plain YAML file."""
    text = normalise_text(text)
    _refuse_control_characters(text)
    if has_body:
        front, body, body_line = split_front_matter(text)
        first_line = 2
    else:
        if not text.strip():
            raise ParseError(1, "file is empty")
        front, body, body_line, first_line = text, "", 0, 1
    meta, _ = parse_yaml(front, first_line)
    return Document(path, meta, front, first_line, body, body_line, hashed(Key.DOCUMENT, meta),
                    digest(body))


def parse_yaml(text: str, first_line: int = 1) -> tuple[dict, dict]:
    """Parse a YAML mapping; return it with the line of every key path."""
    if "\t" in text:
        _refuse_tab_indent(text, first_line)
    last_line = text.count("\n")  # YAML places the end of input past the last line
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        if "quoted scalar" in (error.context or "") and error.context_mark:
            mark = error.context_mark  # where the quote was opened, not where the text ends
        line = first_line + min(mark.line if mark else 0, last_line)
        raise ParseError(line, f"invalid YAML: {_describe(error)}") from None
    except yaml.YAMLError as error:
        raise ParseError(first_line, f"invalid YAML: {error}") from None
    lines: dict = {(): first_line}
    if node is None:
        return {}, lines
    reader = _NodeReader(first_line, last_line, lines)
    if not isinstance(node, yaml.MappingNode):
        raise ParseError(reader.line_of(node), "the metadata must be a mapping of 'key: value' lines")
    return reader.read(node, (), 0), lines


def remove_control_characters(text: str) -> str:
    """Text pasted from elsewhere, made acceptable: line separators become line
    ends, other invisible control characters go."""
    return _FORBIDDEN.sub(lambda m: "\n" if m.group() in "\x85\u2028\u2029" else "", text)


def _refuse_control_characters(text: str) -> None:
    found = _FORBIDDEN.search(text)
    if found:
        raise ParseError(text.count("\n", 0, found.start()) + 1,
                         f"invisible control character U+{ord(found.group()):04X} in the text "
                         "(delete it; it often comes with text copied from elsewhere)")


def _refuse_tab_indent(text: str, first_line: int) -> None:
    for number, line in enumerate(text.split("\n")):
        stripped = line.lstrip(" ")
        if stripped.startswith("\t"):
            raise ParseError(first_line + number,
                             "invalid YAML: tab character used for indentation (use spaces)")


# What to do about YAML's commonest traps, by what PyYAML says of them.
_HINTS = (
    ("mapping values are not allowed", "a value with ': ' in it must be in quotes, as in "
                                       "title: \"Talks: the port\""),
    ("while scanning a quoted scalar", "a quote is opened and not closed: close it, or put a "
                                       "value with a quote in it between the other kind of quotes"),
    ("expected ',' or ']'", "a list in [ ] ends with ] on the same line, and an entry with a "
                            "comma, a colon or a bracket in it must be in quotes"),
    ("expected ',' or '}'", "a mapping in { } ends with } on the same line, and a value with a "
                            "comma, a colon or a brace in it must be in quotes"),
)


def _describe(error: yaml.MarkedYAMLError) -> str:
    problem = (error.problem or "").strip()
    said = f"{problem} ({error.context.strip()})" if error.context else (problem or str(error))
    for words, hint in _HINTS:
        if words in said:
            return f"{said}; {hint}"
    return said


class _NodeReader:
    """Turns a composed YAML node graph into plain Python values."""

    def __init__(self, first_line: int, last_line: int, lines: dict):
        self.first_line = first_line
        self.last_line = last_line
        self.lines = lines
        self.seen: set[int] = set()

    def line_of(self, node: yaml.Node) -> int:
        return self.first_line + min(node.start_mark.line, self.last_line)

    def read(self, node: yaml.Node, key: KeyPath, depth: int):
        if depth > MAX_DEPTH:
            raise ParseError(self.line_of(node), f"invalid YAML: nesting deeper than {MAX_DEPTH} levels")
        if id(node) in self.seen:  # an alias: the same node met a second time
            raise ParseError(self.lines.get(key, self.line_of(node)),
                             "YAML anchors and aliases are not allowed")
        self.seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            if not node.style and node.value in NULLS:  # plain (unquoted) style
                return None
            return node.value
        if isinstance(node, yaml.SequenceNode):
            items = []
            for index, item in enumerate(node.value):
                if id(item) in self.seen:  # an alias as a list item: its own place is lost
                    raise ParseError(self.lines.get(key, self.line_of(node)),
                                     "YAML anchors and aliases are not allowed")
                self.lines[key + (index,)] = self.line_of(item)
                items.append(self.read(item, key + (index,), depth + 1))
            return items
        return self.read_mapping(node, key, depth)

    def read_mapping(self, node: yaml.MappingNode, key: KeyPath, depth: int) -> dict:
        result: dict = {}
        for key_node, value_node in node.value:
            line = self.line_of(key_node)
            if not isinstance(key_node, yaml.ScalarNode):
                raise ParseError(line, "invalid YAML: a key must be plain text")
            name = key_node.value
            if name == "<<" and key_node.tag.endswith(":merge"):
                raise ParseError(line, "YAML merge keys ('<<') are not allowed")
            if name in result:
                first = self.lines[key + (name,)]
                raise ParseError(line, f"duplicate key '{name}' (first given on line {first})")
            self.lines[key + (name,)] = line
            result[name] = self.read(value_node, key + (name,), depth + 1)
        return result
