"""Turn an analysis into the two files ingest writes: a source record and a draft
article. Pure: returns their text."""
from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass

import yaml

from ..load import parse_date
from ..vocabulary import DAY, PartialDate
from ..load import remove_control_characters
from .analyse import Analysis, Knowledge
from .claims import DateClaim, DateFinder, NumberClaim
from .extract import RawArticle
from .names import Candidate
from .quotes import NAMED, ONLY_PERSON, PRONOUN, Quotation
from .text import fold, fragment, sentence_at, sentences
from .words import LANGUAGES

TOPIC_THRESHOLD = 0.2  # topics scoring at least this go into `topics`
MAX_QUOTE_WORDS = 25
MAX_SLUG = 40
DEFAULT_KIND = "newspaper"
DEFAULT_RELIABILITY = "F"  # the Admiralty grade for "cannot be judged": the editor grades it


@dataclass(frozen=True)
class Draft:
    id: str
    source_yaml: str
    article_markdown: str


class _Dumper(yaml.SafeDumper):
    """Every value is text (the project reads YAML without implicit types), so
    nothing needs quoting for its type; no anchors."""

    yaml_implicit_resolvers: dict = {}

    def ignore_aliases(self, data):
        return True


# An empty value is "not given" to the project's reader: `summary:` is left for the editor.
_Dumper.add_representer(type(None), lambda d, _: d.represent_str(""))


def _yaml(data: dict) -> str:
    return yaml.dump(_printable(data), Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     width=88, default_flow_style=False)


_LINE_SEPARATORS_TO_SPACES = str.maketrans("\x85\u2028\u2029", "   ")


def _printable(value):
    """The strict reader refuses invisible control characters: never write one."""
    if isinstance(value, str):
        return remove_control_characters(value.translate(_LINE_SEPARATORS_TO_SPACES))
    if isinstance(value, dict):
        return {key: _printable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_printable(item) for item in value]
    return value


def parse_published(written: str, language: str) -> PartialDate | None:
    """A date as an article states it: ISO ('2025-10-03T09:00Z'), or words
    ('3 October 2025', '3 de outubro de 2025')."""
    written = written.strip()
    iso = re.match(r"(\d{4}(?:-\d{2}(?:-\d{2})?)?)(?!\d)", written)
    candidates = [iso.group(1)] if iso else []
    for words in (language, *LANGUAGES):
        candidates += [d.iso for d in DateFinder(LANGUAGES[words]).find(written) if d.iso]
    for candidate in candidates:
        try:
            return parse_date(candidate)
        except ValueError:
            continue
    return None


def draft_id(outlet: str, published: PartialDate, text: str) -> str:
    """Outlet, date and a digest of the text: the same input always gives the same id."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(outlet)).strip("-")[:MAX_SLUG].strip("-") or "source"
    digest = hashlib.sha256(" ".join(text.split()).encode()).hexdigest()[:6]
    return f"{slug}-{published.iso()}-{digest}"


def make_draft(name: str, raw: RawArticle, analysis: Analysis, knowledge: Knowledge, *,
               outlet: str, published: PartialDate, url: str) -> Draft:
    ident = draft_id(outlet, published, raw.text)
    title = raw.title or _describe(outlet, analysis, knowledge)
    source = {"outlet": outlet, "origin": analysis.origin or None, "title": title,
              "published": published.iso(), "language": analysis.language, "url": url or None,
              "kind": "wire" if fold(outlet) in {fold(w) for w in knowledge.lexicon.wires}
              else DEFAULT_KIND,
              "reliability": DEFAULT_RELIABILITY, "draft": "true"}
    source_notes = [f"Written by `briefing ingest` from {name}.",
                    "Check it, then remove `draft: true`: kind is a guess, and reliability "
                    f"{DEFAULT_RELIABILITY}",
                    "(cannot be judged) a placeholder until the editor grades the source."]
    if not raw.title:
        source_notes.append("The text has no title: the title is a description to rewrite.")
    source_yaml = _comment(source_notes) + _yaml({k: v for k, v in source.items() if v})
    article = {
        "title": title,
        "published": published.iso(),
        "summary": None,
        "draft": "true",
        "topics": filed_topics(analysis, knowledge),
        "actors": _with_outlet(analysis.ids("actor"), outlet, knowledge),
        "places": analysis.ids("place"),
        "sources": [ident],
        "claims": _claims(raw.text, analysis, knowledge, published),
        "suggestions": _suggestions(analysis, knowledge),
    }
    article = {k: v for k, v in article.items() if v or k == "summary"}
    notes = [f"Draft written by `briefing ingest` from {name}.",
             "To publish it: write the title and summary in our own words; keep only the",
             "topics, actors and places that apply; check each claim and set its status",
             "and note; delete `suggestions`; then remove `draft: true` here and in",
             f"seeds/{ident}.yaml."]
    return Draft(ident, source_yaml, f"---\n{_comment(notes)}{_yaml(article)}---\n")


def _comment(lines: list[str]) -> str:
    return "".join(f"# {line}\n" for line in lines)


def _describe(outlet: str, analysis: Analysis, knowledge: Knowledge) -> str:
    """A title in our words when the text has none: who and where it is about."""
    names = {a.id: a.name for a in knowledge.actors} | {p.id: p.name for p in knowledge.places}
    counts = Counter(names[m.id] for m in analysis.mentions)
    top = [name for name, _ in counts.most_common(3)]
    if not top:
        return f"{outlet} report"
    listed = top[0] if len(top) == 1 else ", ".join(top[:-1]) + " and " + top[-1]
    return f"{outlet} report on {listed}"


def _with_outlet(actors: list[str], outlet: str, knowledge: Knowledge) -> list[str]:
    """The outlet is an actor too when the briefing knows it (as media)."""
    for actor in knowledge.actors:
        if fold(outlet) in {fold(n) for n in (actor.name, *actor.aliases)}:
            return actors if actor.id in actors else actors + [actor.id]
    return actors


def filed_topics(analysis: Analysis, knowledge: Knowledge) -> list[str]:
    """The topics a draft is filed under: those scoring enough, else the best, else the first."""
    chosen = [s.topic for s in analysis.topics if s.matches and s.score >= TOPIC_THRESHOLD]
    return chosen or [analysis.topics[0].topic if analysis.topics else knowledge.topics[0]]


def _suggestions(analysis: Analysis, knowledge: Knowledge) -> dict:
    names = {a.id: a.name for a in knowledge.actors}
    return {
        "language": analysis.language,
        "topics": {s.topic: f"{s.score:.2f}" for s in analysis.topics},
        "misspellings": [{"written": m.written, "actor" if m.kind == "actor" else "place": m.id,
                          "name": names.get(m.id, m.id)} for m in analysis.misspellings],
        "candidates": [_candidate(c, knowledge) for c in analysis.candidates],
    }


def _candidate(candidate: Candidate, knowledge: Knowledge) -> dict:
    """A name we have no record of; a country comes with the id its record would have,
    as an actor (kind state) or a place (kind country)."""
    entry = {"name": candidate.name, "kind": candidate.kind}
    if candidate.like:
        entry["like"] = candidate.like
    if candidate.countries and (ident := knowledge.countries.suggested_id(candidate.countries)):
        entry["id"] = ident
    return entry


def _claims(text: str, analysis: Analysis, knowledge: Knowledge,
            published: PartialDate) -> list[dict]:
    parts = sentences(text)
    names = {a.id: a.name for a in knowledge.actors}
    found: list[tuple[int, dict]] = []
    for number in analysis.numbers:
        found.append((number.start, _claim(_piece(text, number, parts), _number_note(number))))
    for date in analysis.dates:
        found.append((date.start, _claim(_piece(text, date, parts), _date_note(date, published))))
    for quote in analysis.quotations:
        found.append((quote.start, _claim(_quoted(quote), _quote_note(quote, names))))
    return [claim for _, claim in sorted(found, key=lambda pair: pair[0])]


def _claim(text: str, note: str) -> dict:
    return {"text": text, "status": "unverified", "note": note}


def _piece(text: str, claim: NumberClaim | DateClaim, parts) -> str:
    return fragment(text, claim.start, claim.end, sentence_at(parts, claim.start))


def _number_note(number: NumberClaim) -> str:
    value = f"{number.value:,}"
    qualifier = "" if number.qualifier == "exact" else number.qualifier + " "
    counts = f" {number.counts}" if number.counts else " (what it counts: see the text)"
    return f"Number to check: {qualifier}{value}{counts}."


def _date_note(date: DateClaim, published: PartialDate) -> str:
    kind = "Period" if date.period else "Date"
    if date.relative and date.resolved:
        shown = date.resolved.replace("/", " to ")
        on = "" if date.how.startswith("the publication date") else f" on {published.iso()}"
        return f"{kind} to check: {date.written}, resolved to {shown} ({date.how}{on})."
    if date.relative and not date.iso:
        if published.precision == DAY:  # "31 February", in no year
            return (f"{kind} to check: {date.written} (no such date near publication "
                    f"on {published.iso()}).")
        return (f"{kind} to check: {date.written} (said from the day of publication, which "
                f"is given only as {published.iso() or 'unknown'}).")
    if date.iso and date.iso not in date.written:
        return f"{kind} to check: {date.written} ({date.iso})."
    if date.iso:
        return f"{kind} to check: {date.written}."
    return f"{kind} to check: {date.written} (the text gives no year; published {published.iso()})."


def _quoted(quote: Quotation) -> str:
    words = quote.text.split()
    cut = " ".join(words[:MAX_QUOTE_WORDS]) + ("…" if len(words) > MAX_QUOTE_WORDS else "")
    return f"“{cut}”"


def _quote_note(quote: Quotation, names: dict[str, str]) -> str:
    """Who said it, as its sentence writes it; a known actor only when that sentence
    names the actor."""
    actor = f"{names.get(quote.speaker, quote.speaker)} ({quote.speaker})" if quote.known else ""
    if quote.how == NAMED:
        if not actor:
            return f"Quotation to check, said by “{quote.said_by}”."
        if fold(quote.said_by) == fold(names.get(quote.speaker, "")):
            return f"Quotation to check, said by {actor}."
        return f"Quotation to check, said by “{quote.said_by}”: {actor}."
    if quote.how == PRONOUN:
        return f"Quotation to check: speaker not named in its sentence (“{quote.said_by}”)."
    if quote.how == ONLY_PERSON:
        return (f"Quotation to check: speaker not named; probably {actor or quote.speaker}, "
                "the one person its sentence names.")
    return "Quotation to check: speaker not named."
