"""The numbers and months a text states, read the way its language writes them.

"1,300,000", "1.3 million" and "1,3 milhões" are one number; "27 February 2026"
and "27 de Fevereiro de 2026" are one date. Used to hold a claim to the figure it
states, and a translation to the numbers and dates of its original. Separators
and month names come from the language's CLDR data (Babel); spaces (plain, no-break
and narrow) group thousands in every language, as editors write them.
"""
from __future__ import annotations

import functools
import re

from babel import Locale, UnknownLocaleError
from babel.dates import get_month_names
from babel.numbers import get_decimal_symbol, get_group_symbol

SPACES = " \u00a0\u202f"
# Words that multiply the number before them, longest first ("mil milhões" before "mil").
SCALES = {
    "en": (("thousand", 1e3), ("million", 1e6), ("millions", 1e6), ("billion", 1e9),
           ("billions", 1e9), ("bn", 1e9), ("m", 1e6)),
    "pt": (("mil milhões", 1e9), ("milhões", 1e6), ("milhão", 1e6), ("mil", 1e3)),
    "fr": (("milliards", 1e9), ("milliard", 1e9), ("millions", 1e6), ("million", 1e6),
           ("mille", 1e3)),
}


@functools.cache
def _reader(language: str):
    """(number pattern, group symbols, scale words, month numbers by name, month pattern)
    for a language."""
    locale = _locale_or_english(language)
    decimal = get_decimal_symbol(locale)
    groups = set(SPACES) | {get_group_symbol(locale)}
    groups.discard(decimal)
    group_class = "[" + re.escape("".join(sorted(groups))) + "]"
    # Not a number: digits inside a word or code ('G20', 'round-19' is one), or a time's
    # minutes ('11:00').
    pattern = re.compile(rf"(?<![\w.,:])(\d{{1,3}}(?:{group_class}\d{{3}})+|\d+)"
                         rf"(?:{re.escape(decimal)}(\d+))?(?!\d)")
    scales = sorted(SCALES.get(locale.language, SCALES["en"]), key=lambda s: -len(s[0]))
    names = get_month_names("wide", locale=locale)
    months = {name.casefold(): number for number, name in names.items()}
    # Where the CLDR capitalises months (English), only a capitalised word is one:
    # "may" is a verb, "May" a month. Elsewhere ("fevereiro", "Fevereiro") any case.
    capitalised = all(name[:1].isupper() for name in names.values())
    alternatives = "|".join(sorted(map(re.escape, names.values() if capitalised else months),
                                   key=len, reverse=True))
    month_pattern = re.compile(rf"\b({alternatives})\b", 0 if capitalised else re.IGNORECASE)
    return pattern, groups, scales, months, month_pattern


def numbers_in(text: str, language: str) -> set[float]:
    """Every number a text states, scaled by a word that follows it ('1.3 million')."""
    pattern, groups, scales, _, _ = _reader(language)
    found = set()
    for match in pattern.finditer(text):
        whole = "".join(c for c in match.group(1) if c not in groups)
        value = float(whole + ("." + match.group(2) if match.group(2) else ""))
        # '1.3 million', '4.7-billion-dollar', a scale word on the next line
        after = text[match.end():match.end() + 16].lstrip(SPACES + "\n-").casefold()
        for word, factor in scales:
            if after.startswith(word) and not after[len(word):len(word) + 1].isalpha():
                value *= factor
                break
        found.add(round(value, 6))
    return found


def months_in(text: str, language: str) -> set[int]:
    """The months a text names (1 to 12)."""
    _, _, _, months, month_pattern = _reader(language)
    return {months[m.group(1).casefold()] for m in month_pattern.finditer(text)}


def states_number(text: str, language: str, value: float) -> bool:
    """Whether a text states this number (as written in its language)."""
    return round(float(value), 6) in numbers_in(text, language)


def described(numbers: set[float], months: set[int], language: str) -> str:
    """'1,300,000; 2026; February', for a message."""
    names = get_month_names("wide", locale=_locale_or_english(language))
    parts = [f"{n:,.6f}".rstrip("0").rstrip(".") for n in sorted(numbers)]
    parts += [names[m] for m in sorted(months)]
    return "; ".join(parts) or "none"


def _locale_or_english(language: str) -> Locale:
    try:
        return Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")
