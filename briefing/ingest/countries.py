"""Country names in the languages Briefing's interface speaks, from Babel's
territory names (the Unicode CLDR), so that "Ruanda", "Tanzânia", "África do Sul"
and "Afrique du Sud" are known to be countries."""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.core import get_global

from .text import fold, word_pattern

# English, Portuguese as Brazil and as Portugal (and Mozambique, which follows
# Portugal) spell it, and French.
LOCALES = ("en", "pt", "pt_PT", "fr")
# CLDR territories that are not countries: the European Union, "Unknown Region".
NOT_COUNTRIES = frozenset({"EU", "ZZ"})
# Where a word starts, French elisions included ("l'Afrique du Sud").
WORD_START = re.compile(r"(?<![\w'’-])\w|(?<=\b[dlDL]['’])\w")


@dataclass(frozen=True)
class CountryMatch:
    start: int
    end: int
    codes: tuple[str, ...]  # ISO 3166 codes: two for "Congo"


class CountryNames:
    """Every name of every country in the given locales, for matching in a text."""

    def __init__(self, locales: tuple[str, ...] = LOCALES):
        countries = set(get_global("territory_currencies")) - NOT_COUNTRIES
        codes: dict[str, set[str]] = defaultdict(set)
        self.english: dict[str, str] = {}
        for locale in locales:
            for code, name in Locale.parse(locale).territories.items():
                if len(code) == 2 and code in countries:
                    for variant in name_variants(name):
                        codes[fold(variant)].add(code)
        for code, name in Locale.parse("en").territories.items():
            if code in countries:
                self.english[code] = name_variants(name)[0]
        self.codes = {name: tuple(sorted(found)) for name, found in codes.items()}
        # One pattern per initial, tried only where a capitalised word starts: a single
        # alternation of every name, tried at every character, is slow.
        by_initial: dict[str, list[str]] = defaultdict(list)
        for form in sorted(self.codes, key=len, reverse=True):
            by_initial[form[0]].append(form)
        self.patterns = {initial: re.compile("|".join(map(word_pattern, forms)))
                         for initial, forms in by_initial.items()}

    def find(self, text: str) -> list[CountryMatch]:
        """Each country name in the text, written with a capital."""
        folded = fold(text)
        found = []
        position = 0
        for word in WORD_START.finditer(text):
            pattern = self.patterns.get(folded[word.start()])
            if word.start() < position or pattern is None or not word.group().isupper():
                continue
            if match := pattern.match(folded, word.start()):
                found.append(CountryMatch(match.start(), match.end(),
                                          self.codes[" ".join(match.group(0).split())]))
                position = match.end()
        return found

    def codes_of(self, name: str) -> tuple[str, ...]:
        return self.codes.get(" ".join(fold(name).split()), ())

    def names_of(self, code: str) -> list[str]:
        """The folded names of one country, in every locale."""
        return [name for name, codes in self.codes.items() if codes == (code,)]

    def suggested_id(self, codes: tuple[str, ...]) -> str:
        """The id a record of this country would have: its English name as a slug."""
        if len(codes) != 1 or codes[0] not in self.english:
            return ""
        return re.sub(r"[^a-z0-9]+", "-", fold(self.english[codes[0]])).strip("-")


def name_variants(name: str) -> list[str]:
    """A CLDR name and the forms a text writes it in: "Myanmar (Burma)" is also
    "Myanmar" and "Burma", "Congo - Kinshasa" also "Congo", "St. Helena" also
    "Saint Helena", "Côte d’Ivoire" also "Côte d'Ivoire". The first is the
    plainest."""
    variants = []
    inside = re.fullmatch(r"(.+?)\s*\((.+)\)", name)
    if inside:
        variants += [inside.group(1), inside.group(2)]
    elif " - " in name:
        variants += [name.split(" - ")[0], name.replace(" - ", "-")]
    variants.append(name)
    for variant in list(variants):
        variants += [variant.replace("’", "'"), variant.replace(" & ", " and "),
                     re.sub(r"\bSt\. ", "Saint ", variant)]
    return list(dict.fromkeys(v.strip() for v in variants if v.strip()))


@lru_cache(maxsize=4)
def country_names(locales: tuple[str, ...] = LOCALES) -> CountryNames:
    """Built once per set of locales: Babel reads its data files for it."""
    return CountryNames(locales)


def site_locales(editions: list[tuple[str, str]]) -> tuple[str, ...]:
    """LOCALES and the locales of a site's language editions, (code, locale) pairs:
    a site with a Spanish edition has its countries recognised in Spanish too."""
    extra = []
    for code, locale in editions:
        try:
            name = str(Locale.parse((locale or code).replace("-", "_")))
        except (UnknownLocaleError, ValueError):
            continue
        if name not in LOCALES and name not in extra:
            extra.append(name)
    return LOCALES + tuple(extra)
