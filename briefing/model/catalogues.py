"""Interface strings per language, and dates and numbers in the reader's locale.

Catalogues live in the theme's i18n/<lang>.yaml (a briefing's own i18n/<lang>.yaml
replaces the theme's whole); every language must have the keys of the default
language's catalogue. Dates keep their precision:
'22 July 2025' / '22 de julho de 2025', 'July 2025' / 'julho de 2025'.
"""
from __future__ import annotations

import datetime
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import babel
from babel.dates import format_skeleton, get_month_names
from babel.numbers import format_decimal
from markupsafe import Markup, escape

from ..errors import Collector
from ..kinds import CATALOGUE_FOLDER as CATALOGUE_DIR
from ..vocabulary import NUMBERING_SYSTEMS, PartialDate
from ..load import Document
_SKELETONS = {"day": "yMMMMd", "month": "yMMMM", "year": "y"}
# date.month_names in a catalogue: the locale's own month names, or capitalised
# ones ("22 de Julho de 2025"), as the spelling before the 1990 agreement writes them.
MONTH_NAMES = ("locale", "capitalised")


@dataclass(frozen=True)
class Catalogue:
    language: str
    locale: str
    path: str
    strings: dict = field(repr=False)
    digits: str = ""  # the numbering system numbers and dates are written in ('' : Babel's)

    def t(self, key: str, **values) -> Markup:
        """The string for `key`, with {name} fields filled in (values are escaped). A
        string given in plural forms takes the form `count` calls for in the locale
        (CLDR's rules through Babel: Arabic has six). In a right-to-left edition each
        value is isolated (U+2068 ... U+2069), so that a Latin name or a number inside
        the sentence keeps its punctuation where a reader expects it."""
        try:
            text = self.strings[key]
        except KeyError:
            from jinja2 import UndefinedError  # a template's mistake, reported as Jinja's are
            raise UndefinedError(f"no interface string '{key}' in {self.path}") from None
        if isinstance(text, dict):
            text = text.get(plural_category(self.locale, values.get("count", 0)), text["other"])
        if not values:
            return Markup(escape(text))
        if self.direction == "rtl":
            values = {name: Markup("\u2068{}\u2069").format(value) for name, value in values.items()}
        return Markup(escape(text)).format(**values)

    @property
    def direction(self) -> str:
        """'rtl' for a language written right to left (from the CLDR), else 'ltr'."""
        return direction_of(self.locale)

    def date(self, value: PartialDate) -> str:
        if not value.known:
            return self.strings["date.unknown"]
        return self._in_digits(format_partial_date(
            value, self.locale, self.strings.get("date.month_names") == "capitalised"))

    def month_abbreviated(self, value: PartialDate) -> str:
        """'Nov', 'nov.': a month's short name, for where twelve must fit in a row."""
        day = datetime.date(value.year, value.month or 1, 1)
        return self._in_digits(format_skeleton("MMM", day, locale=self.locale))

    def figure(self, figure) -> Markup:
        """A figure's value as its qualifier says it: 'more than 1,000,000', 'cerca de
        215 000', '5,000–6,000'."""
        high = self.number(figure.value_high) if figure.value_high is not None else ""
        return self.t("qualifier." + figure.qualifier, value=self.number(figure.value), high=high)

    def number(self, value) -> str:
        return self._in_digits(format_number(value, self.locale))

    def _in_digits(self, text: str) -> str:
        """Babel writes the digits 0-9 whatever the locale: the edition's own, if chosen."""
        zero = NUMBERING_SYSTEMS.get(self.digits, "0")
        if zero == "0":
            return text
        return text.translate({ord("0") + n: ord(zero) + n for n in range(10)})


PLURAL_CATEGORIES = frozenset({"zero", "one", "two", "few", "many", "other"})


def is_plural(value) -> bool:
    """A string given in plural forms: {one: ..., other: ...}, CLDR's category names."""
    return (isinstance(value, dict) and "other" in value and set(value) <= PLURAL_CATEGORIES
            and all(isinstance(text, str) for text in value.values()))


@lru_cache(maxsize=256)
def plural_category(locale: str, count) -> str:
    """CLDR's plural category of a count in a locale; a count already written out
    ('1,204', '١٢') is read back from its digits."""
    if isinstance(count, str):
        digits = "".join(str(unicodedata.digit(c)) for c in count if c.isdigit())
        count = int(digits) if digits else 0
    try:
        return babel.Locale.parse(locale).plural_form(abs(count))
    except (ValueError, TypeError, babel.UnknownLocaleError):
        return "other"


@lru_cache(maxsize=64)
def direction_of(language: str) -> str:
    """'rtl' or 'ltr', as the CLDR writes the language ('ar', 'fa', 'ur', 'he')."""
    try:
        order = babel.Locale.parse(language.replace("-", "_")).character_order
    except (ValueError, babel.UnknownLocaleError):
        return "ltr"
    return "rtl" if order == "right-to-left" else "ltr"


@lru_cache(maxsize=4096)
def format_partial_date(value: PartialDate, locale: str, capitalise_months: bool = False) -> str:
    day = datetime.date(value.year, value.month or 1, value.day or 1)
    text = format_skeleton(_SKELETONS[value.precision], day, locale=locale)
    if capitalise_months and value.month:
        name = get_month_names("wide", locale=locale)[value.month]
        text = text.replace(name, name[:1].upper() + name[1:], 1)
    return text


@lru_cache(maxsize=4096)
def format_number(value, locale: str) -> str:
    if isinstance(value, float) and not value.is_integer():
        return format_decimal(value, format="#,##0.0", locale=locale)
    return format_decimal(int(value), locale=locale)


def _flatten(value: dict, doc: Document, prefix: tuple = ()) -> dict[str, tuple[str, int]]:
    flat = {}
    for key, item in value.items():
        path = prefix + (key,)
        if isinstance(item, dict) and not is_plural(item):
            flat.update(_flatten(item, doc, path))
        else:
            flat[".".join(path)] = (item, doc.line(*path))
    return flat


def read_catalogues(docs: dict[str, Document], languages: list[str], default: str,
                    problems: Collector) -> dict[str, Catalogue]:
    """One catalogue per language; each must have exactly the default's keys."""
    flat = {}
    for language in languages:
        doc = docs.get(language)
        if doc is None:
            model = docs[default].path if default in docs else f"{CATALOGUE_DIR}/{default}.yaml"
            problems.add(f"{CATALOGUE_DIR}/{language}.yaml", 0,
                         f"no interface strings for language '{language}': add "
                         f"{CATALOGUE_DIR}/{language}.yaml to the briefing (copy {model} "
                         "and translate it)")
            continue
        flat[language] = _flatten(doc.meta, doc)
        for key, (text, line) in flat[language].items():
            if not isinstance(text, str) and not is_plural(text):
                problems.add(doc.path, line, f"'{key}' must be text, or plural forms "
                                             "(zero, one, two, few, many, other: 'other' "
                                             "required)")
    reference = flat.get(default, {})
    catalogues = {}
    for language, strings in flat.items():
        doc = docs[language]
        if language != default:
            for key in reference:
                if key not in strings:
                    problems.add(doc.path, 1, f"missing interface string '{key}' "
                                              f"(it is in {CATALOGUE_DIR}/{default}.yaml)")
            for key, (_, line) in strings.items():
                if key not in reference:
                    problems.add(doc.path, line, f"unknown interface string '{key}' "
                                                 f"(not in {CATALOGUE_DIR}/{default}.yaml)")
        month_names, line = strings.get("date.month_names", ("locale", 1))
        if month_names not in MONTH_NAMES:
            problems.add(doc.path, line, f"'date.month_names' is '{month_names}' "
                                         f"(expected one of: {', '.join(MONTH_NAMES)})")
        locale = strings.get("locale", ("", 0))[0] or language
        try:
            babel.Locale.parse(locale)
        except (ValueError, babel.UnknownLocaleError):
            problems.add(doc.path, strings.get("locale", ("", 1))[1],
                         f"unknown locale '{locale}' (expected e.g. en_GB or pt_MZ)")
            locale = "en"
        catalogues[language] = Catalogue(language, locale, doc.path,
                                         {k: v for k, (v, _) in strings.items()})
    return catalogues
