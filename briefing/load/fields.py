"""Typed reading of front matter, with every problem collected at its line."""
from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from urllib.parse import urlsplit

from .dates import PartialDate, parse_date
from ..errors import Collector
from .frontmatter import Document

ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_MISSING = object()
LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")  # BCP 47, loosely
_URL_SCHEMES = ("http", "https")
# Characters that cannot stand as they are in an href: written out they make it invalid.
_URL_FORBIDDEN = re.compile(r'[\s"<>\\^`{|}\x00-\x1f\x7f]')


def suggest(word: str, choices: Iterable[str]) -> str:
    """' (did you mean 'x'?)' when a close match exists, else ''."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def web_url_problem(url: str) -> str | None:
    """Why a URL from the content cannot be a link, or None if it is a plain http(s) URL."""
    scheme = url.split(":", 1)[0].lower()
    if scheme not in _URL_SCHEMES or not url[len(scheme):].startswith("://"):
        return "must start with https:// or http://"
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return "is not a valid web address"
    if not host:
        return "has no host name"
    for character in url:
        if _URL_FORBIDDEN.match(character) or unicodedata.category(character) in ("Cf", "Zl", "Zp"):
            name = "a space" if character == " " else f"the character U+{ord(character):04X}"
            if character.isprintable() and not character.isspace():
                name = f"the character '{character}'"
            fix = f"percent-encode it as %{ord(character):02X}" if ord(character) < 128 else "remove it"
            return f"contains {name}: {fix}"
    return None


def expected(choices: Iterable[str]) -> str:
    return "expected one of: " + ", ".join(choices)


# The key of a note for the editors alone, on any item, claim or entry.
INTERNAL = "internal"


class FieldReader:
    """Reads one document's metadata against what the schema allows.

    Each accessor returns a usable value (or a default) and records a problem
    instead of raising, so that all the mistakes of a build are reported.
    """

    def __init__(self, doc: Document, problems: Collector, meta: dict | None = None,
                 key: tuple = ()):
        self.doc = doc
        self.problems = problems
        self.meta = doc.meta if meta is None else meta
        self.key = key

    def error(self, name: str | int | None, message: str) -> None:
        key = self.key if name is None else self.key + (name,)
        self.problems.add(self.doc.path, self.doc.line(*key), message)

    def check_keys(self, allowed: Iterable[str]) -> None:
        """Refuse keys not allowed here. An editors' note, `internal:`, is allowed
        everywhere: it is checked to be text, and never read, so it reaches no output."""
        allowed = list(allowed)
        if INTERNAL in self.meta:
            self.text(INTERNAL)
        for name in self.meta:
            if name not in allowed and name != INTERNAL:
                self.error(name, f"unknown key '{name}'{suggest(name, allowed)}"
                                 f" ({expected(allowed)})")

    def _get(self, name: str, required: bool):
        value = self.meta.get(name)
        if value is None:
            if required:
                self.error(None, f"missing required key '{name}'")
            return _MISSING
        return value

    def text(self, name: str, required: bool = False, default: str = "") -> str:
        value = self._get(name, required)
        if value is _MISSING:
            return default
        if not isinstance(value, str):
            self.error(name, f"'{name}' must be text, not a {_kind(value)}" + _TEXT_HINTS.get(
                type(value), "").format(name=name))
            return default
        return value.strip()

    def url(self, name: str) -> str:
        """An http(s) URL that is safe to write into an href, or '' (with a problem noted)."""
        url = self.text(name)
        problem = web_url_problem(url) if url else None
        if problem:
            shown = url if len(url) <= 60 else url[:57] + "..."
            self.error(name, f"'{name}' {problem}: '{shown}'")
            return ""
        return url

    def language(self, name: str, required: bool = False, default: str = "") -> str:
        """A language code such as 'en', 'pt' or 'pt-BR'."""
        value = self.text(name, required, default)
        if value and not LANGUAGE_TAG.fullmatch(value):
            self.error(name, f"'{name}' must be a language code such as en, pt or pt-BR, "
                             f"not '{value}'")
            return default
        return value

    def choice(self, name: str, choices: tuple[str, ...], required: bool = False,
               default: str = "") -> str:
        value = self.text(name, required, default)
        if value and value not in choices:
            self.error(name, f"'{name}' is '{value}'{suggest(value, choices)} ({expected(choices)})")
            return default
        return value

    def flag(self, name: str) -> bool:
        value = self._get(name, False)
        if value is _MISSING:
            return False
        if value not in ("true", "false"):
            self.error(name, f"'{name}' must be true or false, not '{value}'")
            return False
        return value == "true"

    def number(self, name: str, required: bool = False) -> int | float | None:
        value = self._get(name, required)
        if value is _MISSING:
            return None
        if isinstance(value, str):
            cleaned = value.replace("_", "")
            try:
                return int(cleaned)
            except ValueError:
                try:
                    number = float(cleaned)
                except ValueError:
                    pass
                else:
                    if number == number and number not in (float("inf"), float("-inf")):
                        return number
        self.error(name, f"'{name}' must be a number, not '{value}'")
        return None

    def date(self, name: str, required: bool = False, allow_unknown: bool = False) -> PartialDate:
        value = self._get(name, required)
        if value is _MISSING:
            return PartialDate()
        if not isinstance(value, str):
            self.error(name, f"'{name}' must be a date, not a {_kind(value)}")
            return PartialDate()
        try:
            return parse_date(value, allow_unknown=allow_unknown)
        except ValueError as error:
            self.error(name, f"bad date in '{name}': {error}")
            return PartialDate()

    def items(self, name: str, required: bool = False) -> list:
        """A list; a single value is taken as a list of one."""
        value = self._get(name, required)
        if value is _MISSING:
            return []
        if not isinstance(value, list):
            value = [value]
        if required and not value:
            self.error(name, f"'{name}' must not be empty")
        return value

    def text_list(self, name: str, required: bool = False) -> tuple[str, ...]:
        result = []
        for index, item in enumerate(self.items(name, required)):
            if isinstance(item, str):
                result.append(item.strip())
            else:
                self.at(name, index).error(None, f"items of '{name}' must be text, not a {_kind(item)}")
        return tuple(result)

    def at(self, *key: str | int) -> FieldReader:
        """A reader for a nested mapping (or scalar) at a key path."""
        value = self.meta
        for part in key:
            value = value[part]
        return FieldReader(self.doc, self.problems, value if isinstance(value, dict) else {},
                           self.key + key)


# YAML reads a value that starts with [ as a list and one that starts with { as a
# mapping (every other scalar is read as text, and typed by its key).
_TEXT_HINTS = {
    list: " (YAML reads a value that starts with '[' as a list: put it in quotes, as in "
          "{name}: \"[Update] Talks resume\")",
    dict: " (YAML reads a value that starts with '{{' as a mapping: put it in quotes)",
}


def _kind(value) -> str:
    return {dict: "mapping", list: "list", str: "text"}.get(type(value), type(value).__name__)

