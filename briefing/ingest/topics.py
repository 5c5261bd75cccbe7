"""The site's topic lexicon (lexicon.yaml), topic scores, and the language of a text."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..vocabulary import SiteConfig
from ..errors import Collector
from ..load import FieldReader, expected, suggest
from ..load import Document
from .text import fold, word_pattern
from .words import LANGUAGES

LEXICON_FILE = "lexicon.yaml"
LEAD_WORDS = 50  # a news story says first what it is about: matches there count twice


@dataclass(frozen=True)
class Lexicon:
    """Keywords per topic and language, and the news agencies a text may cite."""

    keywords: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)  # topic -> lang
    wires: tuple[str, ...] = ()


def read_lexicon(doc: Document | None, config: SiteConfig, problems: Collector) -> Lexicon:
    """Check lexicon.yaml against site.yaml; every problem is collected at its line."""
    if doc is None:
        return Lexicon()
    r = FieldReader(doc, problems)
    r.check_keys(("topics", "wires"))
    declared = [t.id for t in config.topics]
    keywords: dict[str, dict[str, tuple[str, ...]]] = {}
    topics = r.meta.get("topics") or {}
    if not isinstance(topics, dict):
        r.error("topics", "'topics' must map each topic id to its keywords per language")
        topics = {}
    for topic, by_language in topics.items():
        t = r.at("topics", topic)
        if topic not in declared:
            t.error(None, f"topic '{topic}' is not declared in site.yaml{suggest(topic, declared)}"
                          f" ({expected(declared)})")
            continue
        if not isinstance(by_language, dict):
            t.error(None, f"topic '{topic}' must map language codes (en, pt) to lists of keywords")
            continue
        t.check_keys(LANGUAGES)
        keywords[topic] = {lang: t.text_list(lang) for lang in by_language if lang in LANGUAGES}
    return Lexicon(keywords, r.text_list("wires"))


def detect_language(text: str, default: str) -> str:
    """The language whose function words the text uses most; `default` on a tie.

    Ingest reads English and Portuguese only, and these two are told apart
    reliably by a few dozen frequent words that the other language lacks.
    """
    counts = {code: 0 for code in LANGUAGES}
    for token in re.findall(r"[^\W\d_]+", text.lower()):
        for code, words in LANGUAGES.items():
            if token in words.stopwords:
                counts[code] += 1
    best = max(counts.values())
    leaders = [code for code, count in counts.items() if count == best]
    if best == 0 or len(leaders) > 1:
        return default if default in LANGUAGES else "en"
    return leaders[0]


@dataclass(frozen=True)
class TopicScore:
    topic: str
    score: float  # its share of all keyword matches, 0 to 1
    matches: int  # weighted: a match in the lead counts twice


def score_topics(text: str, lexicon: Lexicon, language: str,
                 topic_order: list[str]) -> list[TopicScore]:
    """Count keyword matches per topic (longest keyword first, each word counted
    once, twice in the lead), best first; topics without a keyword in this
    language score 0."""
    owners: dict[str, str] = {}
    for topic, by_language in lexicon.keywords.items():
        for keyword in by_language.get(language, ()):
            owners.setdefault(fold(keyword), topic)
    counts = dict.fromkeys(topic_order, 0)
    if owners:
        ordered = sorted(owners, key=lambda k: len(k.rstrip("*")), reverse=True)
        pattern = re.compile("|".join(f"(?P<k{i}>{word_pattern(k)})" for i, k in enumerate(ordered)))
        lead = [m.end() for m in re.finditer(r"\S+", text)][:LEAD_WORDS]
        lead_end = lead[-1] if lead else 0
        for match in pattern.finditer(fold(text)):
            keyword = ordered[int(match.lastgroup[1:])]
            counts[owners[keyword]] += 2 if match.start() < lead_end else 1
    total = sum(counts.values())
    scores = [TopicScore(t, round(n / total, 2) if total else 0.0, n) for t, n in counts.items()]
    return sorted(scores, key=lambda s: (-s.matches, topic_order.index(s.topic)))
