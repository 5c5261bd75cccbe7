"""Analyse an article's text against what the briefing already knows. Pure."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..vocabulary import PartialDate
from ..model import Actor, Place
from .claims import DateClaim, DateFinder, NumberClaim, NumberFinder
from .countries import CountryNames, country_names
from .names import Candidate, Mention, NameIndex, candidates
from .quotes import Quotation, QuoteFinder
from .text import fold, sentences
from .topics import Lexicon, TopicScore, detect_language, score_topics
from .words import LANGUAGES


@dataclass(frozen=True)
class Knowledge:
    """What the briefing knows that ingest matches a text against."""

    actors: tuple[Actor, ...]
    places: tuple[Place, ...]
    topics: tuple[str, ...]  # declared in site.yaml, in order
    lexicon: Lexicon
    default_language: str = "en"
    countries: CountryNames = field(default_factory=country_names)
    max_file_bytes: int = 0  # the build's limit on a content file (site.yaml's max_file_kb)


@dataclass(frozen=True)
class Analysis:
    language: str
    topics: list[TopicScore]
    mentions: list[Mention]
    candidates: list[Candidate]
    numbers: list[NumberClaim]
    dates: list[DateClaim]
    quotations: list[Quotation]
    origin: str  # the news agency the text cites, if any

    def ids(self, kind: str) -> list[str]:
        """Actor or place ids in order of first mention."""
        return list(dict.fromkeys(m.id for m in self.mentions if m.kind == kind))

    @property
    def misspellings(self) -> list[Mention]:
        seen: dict[tuple[str, str], Mention] = {}
        for m in self.mentions:
            if m.how == "misspelling":
                seen.setdefault((m.id, m.written), m)
        return list(seen.values())


def analyse(text: str, knowledge: Knowledge, language: str = "",
            published: PartialDate | None = None) -> Analysis:
    """`published`: the publication date, that relative dates ("ontem") resolve against."""
    language = language or detect_language(text, knowledge.default_language)
    words = LANGUAGES[language]
    index = NameIndex(knowledge.actors, knowledge.places, knowledge.countries)
    mentions = index.mentions(text)
    parts = sentences(text)
    unknown = candidates(text, mentions, parts, words, index, knowledge.countries.find(text))
    people = [m for m in mentions if m.person] + [c for c in unknown if c.kind == "person"]
    actors = [m for m in mentions if m.kind == "actor"]
    return Analysis(
        language=language,
        topics=score_topics(text, knowledge.lexicon, language, list(knowledge.topics)),
        mentions=mentions,
        candidates=unknown,
        numbers=NumberFinder(words).find(text),
        dates=DateFinder(words).find(text, published),
        quotations=QuoteFinder(words).find(text, people, actors, parts),
        origin=find_origin(text, knowledge.lexicon.wires))


def find_origin(text: str, wires: tuple[str, ...]) -> str:
    """The first news agency the text cites: "according to Lusa", "(Lusa)",
    "segundo a Agência Lusa", "Reuters reported"."""
    cues = sorted({fold(a) for w in LANGUAGES.values() for a in w.attributions}, key=len,
                  reverse=True)
    cue = "|".join(re.escape(c) for c in cues)
    folded = fold(text)
    best = None
    for wire in wires:
        name = re.escape(fold(wire))
        pattern = (rf"(?:(?:{cue})\s+(?:(?:the|a|o)\s+)?(?:(?:news\s+)?agency\s+|agencia\s+)?{name}"
                   rf"|\(\s*{name}\s*\)|{name}\s+(?:reported|noticiou|news agency))(?!\w)")
        for match in re.finditer(pattern, folded):
            written = text[match.start():match.end()]
            if re.search(re.escape(wire), written) and (best is None or match.start() < best[0]):
                best = (match.start(), wire)
                break
    return best[1] if best else ""
