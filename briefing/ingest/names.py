"""Names in a text: known actors and places (by name, alias, misspelling, a
person's surname, or a country's name in another language), and unknown names
that look like people, places, organisations or countries."""
from __future__ import annotations

import bisect
import difflib
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from ..model import Actor, Place
from .countries import CountryMatch, CountryNames
from .text import Sentence, fold, sentence_at, word_pattern
from .words import LANGUAGES, Words

MIN_SURNAME = 4
SIMILAR = 0.8  # how close an unknown name must be to a known one to be pointed out


@dataclass(frozen=True)
class Mention:
    kind: str  # "actor" or "place"
    id: str
    written: str
    start: int
    end: int
    how: str  # "name", "alias", "misspelling" or "surname"
    person: bool = False


@dataclass(frozen=True)
class Candidate:
    name: str
    kind: str  # "person", "place", "organisation", "country" or "unknown"
    start: int
    like: str = ""  # id of a known record it resembles: a new misspelling?
    countries: tuple[str, ...] = ()  # a country's ISO codes (two for "Congo")


@dataclass(frozen=True)
class _Variant:
    kind: str
    id: str
    how: str
    person: bool


def _without_qualifier(name: str) -> str:
    """'al-Shabaab (Mozambique)' is written 'al-Shabaab' in running text."""
    return re.sub(r"\s*\([^)]*\)\s*$", "", name).strip()


# Records that a country's name, in any language, names.
COUNTRY_KINDS = {"actor": "state", "place": "country"}


class NameIndex:
    """Every way the known actors and places are written, ready for matching."""

    def __init__(self, actors: Iterable[Actor], places: Iterable[Place],
                 countries: CountryNames | None = None):
        self.variants: dict[str, list[_Variant]] = defaultdict(list)
        surnames: dict[str, set[tuple[str, str]]] = defaultdict(set)
        for kind, records in (("actor", actors), ("place", places)):
            for record in records:
                person = kind == "actor" and record.kind == "person"
                for how, names in (("name", [record.name]), ("alias", record.aliases),
                                   ("misspelling", record.misspellings)):
                    for name in names:
                        self._add(_without_qualifier(name), _Variant(kind, record.id, how, person))
                        if person and len(name.split()) > 1:
                            surname = name.split()[-1]
                            if len(surname) >= MIN_SURNAME and "." not in surname:
                                how_surname = "misspelling" if how == "misspelling" else "surname"
                                surnames[fold(surname)].add((record.id, how_surname))
                if countries is not None and record.kind == COUNTRY_KINDS[kind]:
                    for name in _other_language_names(record, countries):
                        self._add(name, _Variant(kind, record.id, "alias", False))
        for surname, owners in surnames.items():
            ids = {ident for ident, _ in owners}
            if len(ids) == 1 and surname not in self.variants:
                ident = ids.pop()
                how = "surname" if (ident, "surname") in owners else "misspelling"
                self.variants[surname].append(_Variant("actor", ident, how, True))
        forms = sorted(self.variants, key=len, reverse=True)
        self.pattern = re.compile("|".join(map(word_pattern, forms))) if forms else None

    def _add(self, name: str, variant: _Variant) -> None:
        if len(name) < 2:
            return
        folded = " ".join(fold(name).split())
        if variant not in self.variants[folded]:
            self.variants[folded].append(variant)

    def mentions(self, text: str) -> list[Mention]:
        """Each known name in the text, longest first; names must be written with a
        capital ("lusa" the adjective is not Lusa the agency)."""
        if self.pattern is None:
            return []
        found = []
        for match in self.pattern.finditer(fold(text)):
            written = text[match.start():match.end()]
            if written == written.lower():
                continue
            for variant in self.variants[" ".join(match.group(0).split())]:
                found.append(Mention(variant.kind, variant.id, written, match.start(),
                                     match.end(), variant.how, variant.person))
        return found

    def resembling(self, name: str) -> str:
        """The id of a known record whose name is close to an unknown one."""
        folded = fold(name)
        best, best_ratio = "", SIMILAR
        for form, variants in self.variants.items():
            ratio = difflib.SequenceMatcher(None, folded, form).ratio()
            if ratio >= best_ratio:
                best, best_ratio = variants[0].id, ratio
        return best


def _other_language_names(record: Actor | Place, countries: CountryNames) -> list[str]:
    """A country's names in every language, for a record whose own names say which
    country it is: "África do Sul" names the record called "South Africa"."""
    codes = {code for name in (record.name, *record.aliases)
             for code in countries.codes_of(_without_qualifier(name))}
    return countries.names_of(codes.pop()) if len(codes) == 1 else []


# Unknown names -------------------------------------------------------------

_ALL = tuple(LANGUAGES.values())
_CONNECTORS = frozenset().union(*(w.name_connectors for w in _ALL)) - {"e", "and"}
_CAPITALISED = r"[A-ZÀ-ÖØ-Þ][\w’'-]*"
_RUN = re.compile(rf"(?<![\w-]){_CAPITALISED}(?:\s+(?:(?:{'|'.join(_CONNECTORS)})\s+)*"
                  rf"{_CAPITALISED})*")
_DEMONYM = re.compile(r"(?:an|ian|ese|ish|ic)$")


def _folded(attribute: str) -> frozenset[str]:
    return frozenset(fold(word) for w in _ALL for word in getattr(w, attribute))


# Capitalised words that do not make a name on their own.
_NOT_NAMES = (_folded("stopwords") | _folded("titles") | _folded("months") | _folded("weekdays")
              | _CONNECTORS)
_STOP_CONNECTORS = _folded("stopwords") | _folded("months") | _folded("weekdays") | _CONNECTORS
_ORGANISATION_WORDS = _folded("organisation_words")
_PLACE_WORDS = _folded("place_words")


def candidates(text: str, mentions: list[Mention], sentences: list[Sentence], words: Words,
               index: NameIndex, countries: list[CountryMatch] = ()) -> list[Candidate]:
    """Countries, then capitalised runs that are not known names, sorted out by what
    surrounds them."""
    taken = _Spans((m.start, m.end) for m in mentions)
    found: dict[str, Candidate] = {}
    for country in _free_countries(text, countries, taken):
        name = text[country.start:country.end]
        found.setdefault(fold(name), Candidate(name, "country", country.start,
                                               countries=country.codes))
        taken.add(country.start, country.end)
    for match in _RUN.finditer(text):
        for start, end in _split(text, _outside(match.start(), match.end(), taken)):
            piece = _trim(text, start, end)
            if piece is None:
                continue
            start, end = piece
            name = text[start:end]
            lead = text[sentence_at(sentences, start).start:start]
            at_start = not re.search(r"\w", lead)  # only quotation marks before it
            if not _is_name(name, at_start, text, end):
                continue
            kind = _kind(text, start, end, words)
            key = fold(name)
            previous = found.get(key)
            if previous is None:
                found[key] = Candidate(name, kind, start, index.resembling(name))
            elif previous.kind == "unknown" and kind != "unknown":
                found[key] = Candidate(previous.name, kind, previous.start, previous.like)
    return sorted(found.values(), key=lambda c: c.start)


def _free_countries(text: str, countries: Iterable[CountryMatch],
                    taken: _Spans) -> list[CountryMatch]:
    """The country names that stand for the country: not inside a known name, and not
    part of a longer name ("Chad Smith", "Michael Jordan", "Forças de Defesa do Ruanda")."""
    runs = [(m.start(), m.end()) for m in _RUN.finditer(text)]
    run_starts = [start for start, _ in runs]
    free = []
    for country in countries:
        if taken.overlapping(country.start, country.end):
            continue
        before = re.search(r"(\S+)\s+$", text[max(0, country.start - 40):country.start])
        after = re.match(r"\s+(\S+)", text[country.end:country.end + 40])
        if (before and before.group(1)[-1].isalnum() and _joins_name(before.group(1))
                or after and after.group(1)[0].isalnum() and _joins_name(after.group(1))):
            continue
        at = bisect.bisect_right(run_starts, country.start) - 1
        run = runs[at] if at >= 0 and runs[at][0] <= country.start < runs[at][1] else (0, 0)
        outside = (text[run[0]:country.start] + " " + text[country.end:run[1]]).split()
        if any(fold(w) in _ORGANISATION_WORDS for w in outside):
            continue
        free.append(country)
    return free


def _joins_name(word: str) -> bool:
    """A capitalised word right beside a country's name, with no punctuation between,
    makes one name with it ("Rwanda Defence Force"), unless it is a function word,
    a month or a weekday ("The", "In", "Monday")."""
    core = word.strip(",;:.()«»“”\"'")
    return bool(core) and core[0].isupper() and fold(core) not in _STOP_CONNECTORS


# Words that join the parts of an organisation's name ("Organization for Migration")
# but would otherwise run two names together ("Palma for the Afungi peninsula").
_ORGANISATION_CONNECTORS = frozenset({"of", "for", "the", "para", "as", "os"})


def _split(text: str, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    result = []
    for start, end in pieces:
        words = [fold(w) for w in text[start:end].split()]
        if any(w in _ORGANISATION_WORDS for w in words):
            result.append((start, end))
            continue
        position = start
        for gap in re.finditer(r"\s(?:" + "|".join(_ORGANISATION_CONNECTORS) + r")(?:\s(?:"
                               + "|".join(_ORGANISATION_CONNECTORS) + r"))*\s", text[start:end]):
            result.append((position, start + gap.start()))
            position = start + gap.end()
        result.append((position, end))
    return result


class _Spans:
    """Spans of the text already taken by a name, found by where they start: asking
    what overlaps a run costs a search, not a pass over every span (ingest stays
    linear in the length of the text)."""

    def __init__(self, spans: Iterable[tuple[int, int]] = ()):
        self.spans: list[tuple[int, int]] = sorted(spans)
        self.longest = max((end - start for start, end in self.spans), default=0)

    def add(self, start: int, end: int) -> None:
        bisect.insort(self.spans, (start, end))
        self.longest = max(self.longest, end - start)

    def overlapping(self, start: int, end: int) -> list[tuple[int, int]]:
        first = bisect.bisect_left(self.spans, (start - self.longest, -1))
        last = bisect.bisect_left(self.spans, (end, -1))
        return [(s, e) for s, e in self.spans[first:last] if s < end and start < e]


def _outside(start: int, end: int, taken: _Spans) -> list[tuple[int, int]]:
    pieces = [(start, end)]
    for t_start, t_end in taken.overlapping(start, end):
        next_pieces = []
        for p_start, p_end in pieces:
            if t_end <= p_start or t_start >= p_end:
                next_pieces.append((p_start, p_end))
                continue
            if t_start > p_start:
                next_pieces.append((p_start, t_start))
            if t_end < p_end:
                next_pieces.append((t_end, p_end))
        pieces = next_pieces
    return pieces


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Drop the words at either end that are not part of a name: "The", "President",
    "Minister". An organisation's name keeps its words ("Ministry of Defence")."""
    tokens = [(m.start() + start, m.end() + start) for m in re.finditer(r"\S+", text[start:end])]
    words = [fold(text[s:e].rstrip(".’'")) for s, e in tokens]
    organisation = any(w in _ORGANISATION_WORDS for w in words)
    drop = _STOP_CONNECTORS if organisation else _NOT_NAMES

    def droppable(index: int) -> bool:
        return words[index] in drop or not text[tokens[index][0]].isupper()

    first, last = 0, len(tokens) - 1
    while first <= last and droppable(first):
        first += 1
    while last >= first and droppable(last):
        last -= 1
    if first > last:
        return None
    return tokens[first][0], tokens[last][1]


def _is_name(name: str, at_sentence_start: bool, text: str, end: int) -> bool:
    tokens = name.split()
    if len(tokens) > 1:
        return True
    word = tokens[0]
    if len(word.strip("’'-")) < 2 or fold(word) in _ORGANISATION_WORDS:
        return False  # "Estado" in "visita de Estado", "Government"
    distinctive = word.isupper() or any(c.isupper() for c in word[1:])
    if at_sentence_start and not distinctive:
        return False  # any word is capitalised there
    following = text[end:end + 2]
    if _DEMONYM.search(word) and re.match(r" [a-z]", following):
        return False  # "Russian companies", "Rwandan troops"
    return True


def _words_before(text: str, start: int, count: int) -> list[str]:
    return [fold(w.strip(",;:")) for w in text[max(0, start - 60):start].split()][-count:]


def _kind(text: str, start: int, end: int, words: Words) -> str:
    name = text[start:end]
    tokens = [fold(t) for t in name.split()]
    before = _words_before(text, start, 3)
    after = [fold(w.strip(",;:.")) for w in text[end:end + 40].split()][:2]
    org_words, place_words = _ORGANISATION_WORDS, _PLACE_WORDS
    titles = frozenset(fold(t) for t in words.titles)
    if any(t in org_words for t in tokens) or name.isupper() or any(
            c.isupper() for c in name.split()[0][1:]):
        return "organisation"
    if before and before[-1] in org_words:
        return "organisation"  # "a organização ACLED", "the company X"
    if any(t in titles for t in before) or (after and after[0] in words.speech_verbs):
        return "person"
    if any(t in place_words for t in tokens) or (after and after[0] in place_words) or (
            before and (before[-1] in place_words or before[-1] in words.place_prepositions
                        or " ".join(before[-2:]) in ("perto de", "junto a"))):
        return "place"
    if len(tokens) > 1:
        return "person"
    return "unknown"
