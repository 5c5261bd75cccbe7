"""Quotations, and who said them as their sentence writes it.

A quotation goes to the speaker its sentence names: a name ("Lavrov"), a title
("o porta-voz da polícia", "the provincial commander") or both ("the provincial
police spokesman, Orlando Mudumane"). A known actor is suggested only when the
sentence names that actor. "He said" names no one: the person meant is named
in another sentence, and guessing who put quotations in the wrong mouths.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .names import Candidate, Mention
from .text import Sentence, fold, sentence_at
from .words import Words

QUOTE = re.compile(r"“([^”]{2,600})”|«([^»]{2,600})»|\"([^\"\n]{2,600})\"")
MIN_QUOTE_WORDS = 4
TOKEN = re.compile(r"[\w’'-]+|[^\w\s]")
MAX_SPEAKER_WORDS = 10
CLOSING = frozenset(",.;:!?)")  # what ends a name or title set off by commas
LOOK_AHEAD = 200  # characters after a quotation where its speaker may be written

# How a quotation's speaker was found (Quotation.how).
NAMED = "named"  # its sentence writes who said it: said_by
PRONOUN = "pronoun"  # "he said": someone named in another sentence
ONLY_PERSON = "only person"  # nothing says who said it; its sentence names one person
NOT_NAMED = ""


@dataclass(frozen=True)
class Quotation:
    text: str
    said_by: str  # as written: "o porta-voz da polícia", "Lavrov", "he"; "" when not said
    speaker: str  # a known actor's id; with ONLY_PERSON, an unknown person's name; or ""
    known: bool  # speaker is a known actor's id
    start: int
    end: int
    how: str = NOT_NAMED


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    word: str  # folded
    lower: str  # lowercase with its accents: "à" (to the) is not "a" (the)
    capital: bool


def _tokens(text: str, start: int, end: int) -> list[_Token]:
    return [_Token(start + m.start(), start + m.end(), fold(m.group()), m.group().lower(),
                   m.group()[0].isupper())
            for m in TOKEN.finditer(text[start:end])]


class QuoteFinder:
    def __init__(self, words: Words):
        def folded(items) -> frozenset[str]:
            return frozenset(fold(w) for w in items)

        self.verbs = folded(words.speech_verbs)
        self.pronouns = folded(words.pronouns)
        self.articles = folded(words.articles)
        self.of_words = folded(words.of_words)
        self.recipients = frozenset(words.recipient_words)
        self.gerund = words.gerund_ending
        self.stops = (folded(words.stopwords | words.place_prepositions | words.clause_words
                             | set(words.months) | set(words.weekdays)
                             | {w for p in words.date_prepositions + words.period_prepositions
                                for w in p.split()})
                      | self.verbs | self.pronouns) - self.articles - self.of_words
        self.cues = [fold(cue).split() for cue in words.speaker_cues]
        self.adverbs = frozenset({"also", "then", "later", "ainda", "depois", "entao"})

    def find(self, text: str, people: list[Mention | Candidate], known: list[Mention],
             parts: list[Sentence]) -> list[Quotation]:
        """Each quotation of MIN_QUOTE_WORDS words or more. `people`: the persons the
        text names, known or not; `known`: every known actor it names."""
        found = []
        for match in QUOTE.finditer(text):
            quoted = next(g for g in match.groups() if g is not None).strip()
            if len(quoted.split()) < MIN_QUOTE_WORDS:
                continue  # a term in quotation marks, not a quotation
            start, end = match.start(), match.end()
            first, last = sentence_at(parts, start), sentence_at(parts, end - 1)
            sentence = (min(first.start, start), max(last.end, end))
            found.append(self._quotation(text, quoted, (start, end), sentence, people, known))
        return found

    def _quotation(self, text: str, quoted: str, quote: tuple[int, int],
                   sentence: tuple[int, int], people: list, known: list[Mention]) -> Quotation:
        clean = quoted.rstrip(",").strip()
        span = None
        if not (quoted.endswith(".") and re.match(r"\s*[A-ZÀ-Þ]", text[quote[1]:])):
            span = self._after(text, quote[1])  # not when the quotation ended a sentence
        span = span or self._before(text, quote[0], sentence[0])
        if span is not None:
            said_by = " ".join(text[span[0]:span[1]].split())
            if fold(said_by) in self.pronouns:
                return Quotation(clean, said_by, "", False, *quote, PRONOUN)
            actor = _actor_in(span, known)
            return Quotation(clean, said_by, actor, bool(actor), *quote, NAMED)
        named = _people_in(sentence, quote, people)
        if len(named) == 1:
            return Quotation(clean, "", named[0][0], named[0][1], *quote, ONLY_PERSON)
        return Quotation(clean, "", "", False, *quote, NOT_NAMED)

    # After the quotation: ', said X', ', X said', ', according to X' -------------

    def _after(self, text: str, end: int) -> tuple[int, int] | None:
        tokens = _tokens(text, end, min(len(text), end + LOOK_AHEAD))
        i = 1 if tokens and tokens[0].word == "," else 0
        i += 1 if i < len(tokens) and tokens[i].word in self.adverbs else 0
        if i >= len(tokens):
            return None
        if tokens[i].word in self.verbs:  # ", disse o porta-voz", ", said Lavrov"
            return self._speaker_at(tokens, self._past_recipient(tokens, i + 1))
        if (after_cue := self._cue_end(tokens, i)) is not None:
            return self._speaker_at(tokens, after_cue)
        return self._speaker_at(tokens, i, verb_after=True)  # ', the commander told Lusa'

    def _past_recipient(self, tokens: list[_Token], i: int) -> int:
        """"disse à Lusa um morador": the speaker comes after whom it was said to."""
        if i >= len(tokens) or tokens[i].lower not in self.recipients:
            return i
        for j in range(i + 1, min(len(tokens), i + 6)):
            if tokens[j].word in self.articles:
                return j
            if tokens[j].word in CLOSING:
                break
        return len(tokens)

    def _cue_end(self, tokens: list[_Token], i: int) -> int | None:
        for cue in self.cues:
            if [t.word for t in tokens[i:i + len(cue)]] == cue:
                return i + len(cue)
        return None

    def _speaker_at(self, tokens: list[_Token], i: int,
                    verb_after: bool = False) -> tuple[int, int] | None:
        """The speaker starting at tokens[i], with a name or title set off by commas
        after it; verb_after: only if a speech verb follows it."""
        end = self._speaker_end(tokens, i, verb_after)
        return None if end is None else (tokens[i].start, tokens[end - 1].end)

    def _speaker_end(self, tokens: list[_Token], i: int, verb_after: bool = False) -> int | None:
        if i < len(tokens) and tokens[i].word in self.pronouns:
            end = i + 1
        else:
            end = self._phrase_end(tokens, i)
            if end is None:
                return None
            if end + 1 < len(tokens) and tokens[end].word == ",":
                second = self._phrase_end(tokens, end + 1)
                if second is not None and self._is_name_or_title(tokens[end + 1]) and (
                        second >= len(tokens) or tokens[second].word in CLOSING
                        or verb_after and tokens[second].word in self.verbs):
                    end = second
        if verb_after:
            j = end + (1 if end < len(tokens) and tokens[end].word == "," else 0)
            j += 1 if j < len(tokens) and tokens[j].word in self.adverbs else 0
            if j >= len(tokens) or tokens[j].word not in self.verbs:
                return None
        return end

    # Before the quotation: 'X said:', 'X disse que', 'according to X,' ---------------

    def _before(self, text: str, start: int, sentence_start: int) -> tuple[int, int] | None:
        tokens = _tokens(text, sentence_start, start)
        j = len(tokens) - 1
        while j >= 0 and tokens[j].word in (":", ",", "that", "que"):
            j -= 1
        verb = self._verb_before(tokens, j)
        if verb is not None:
            k = verb - 1
            k -= 1 if k >= 0 and tokens[k].word in self.adverbs else 0
            k -= 1 if k >= 0 and tokens[k].word == "," else 0
            if k >= 0 and tokens[k].word in self.pronouns:
                return tokens[k].start, tokens[k].end
            return self._speaker_ending(tokens, k)
        for position in range(len(tokens) - 1, -1, -1):
            after_cue = self._cue_end(tokens, position)
            if after_cue is not None:  # "According to the spokesperson, Zacarias Nacute, "..."
                end = self._speaker_end(tokens, after_cue)
                if end is not None and all(t.word in (",", ":") for t in tokens[end:]):
                    return tokens[after_cue].start, tokens[end - 1].end
                return None
        return None

    def _verb_before(self, tokens: list[_Token], j: int) -> int | None:
        """The speech verb that leads into the quotation: right before it, or, before a
        colon, followed by whom it was said to ("told reporters:")."""
        if j >= 0 and tokens[j].word in self.verbs:
            return j
        if j + 1 < len(tokens) and tokens[j + 1].word == ":":
            for k in range(j - 1, max(-1, j - 4), -1):
                if tokens[k].word in self.verbs:
                    return k
        return None

    def _speaker_ending(self, tokens: list[_Token], k: int) -> tuple[int, int] | None:
        """The speaker ending at tokens[k], with a name or title set off by commas
        before it ("O ministro do Interior, Pascoal Ronda, disse")."""
        first = self._phrase_start(tokens, k)
        if first is None:
            return None
        start = first
        if first >= 2 and tokens[first - 1].word == ",":
            second = self._phrase_start(tokens, first - 2)
            if second is not None and self._is_name_or_title(tokens[second]) and (
                    second == 0 or tokens[second - 1].word in CLOSING):
                start = second
        return tokens[start].start, tokens[k].end

    # Phrases ----------------------------------------------------------------------

    def _is_word(self, token: _Token) -> bool:
        """A word that can be part of a speaker: not punctuation, a number, a function
        word, a verb, or an English -ing form ("said Macamo, speaking at...")."""
        word = token.word
        if not word[0].isalpha() or word in self.stops or word in self.articles or (
                word in self.of_words):
            return False
        return token.capital or not (self.gerund and word.endswith(self.gerund) and len(word) > 5)

    def _is_name_or_title(self, token: _Token) -> bool:
        return token.capital or token.word in self.articles

    def _phrase_end(self, tokens: list[_Token], i: int) -> int | None:
        """The end (exclusive) of a speaker phrase starting at tokens[i]: an article,
        then words, joined by "of"/"da" ("the governor of the province")."""
        j = i + (1 if i < len(tokens) and tokens[i].word in self.articles else 0)
        words = 0
        while j < len(tokens) and words < MAX_SPEAKER_WORDS:
            if self._is_word(tokens[j]):
                j += 1
                words += 1
                continue
            if tokens[j].word in self.of_words and words:
                k = j + 1
                k += 1 if k < len(tokens) and tokens[k].word in self.articles else 0
                if k < len(tokens) and self._is_word(tokens[k]):
                    j = k
                    continue
            break
        return j if words else None

    def _phrase_start(self, tokens: list[_Token], k: int) -> int | None:
        """The start of a speaker phrase ending at tokens[k], read backwards."""
        j = k
        words = 0
        while j >= 0 and words < MAX_SPEAKER_WORDS:
            token = tokens[j]
            if self._is_word(token):
                words += 1
                j -= 1
            elif token.word in self.articles and words:
                if j >= 2 and tokens[j - 1].word in self.of_words and self._is_word(tokens[j - 2]):
                    j -= 1  # "the spokesman for the police": go on past "for"
                    continue
                return j
            elif token.word in self.of_words and words and j >= 1 and self._is_word(tokens[j - 1]):
                j -= 1
            else:
                break
        return j + 1 if words else None


def _actor_in(span: tuple[int, int], known: list[Mention]) -> str:
    """The known actor the speaker phrase names: a person first ("President Daniel
    Chapo", "o embaixador russo, Vladimir Tararov"), or an organisation or state
    that is most of the phrase ("the Kremlin")."""
    inside = [m for m in known if m.kind == "actor" and span[0] <= m.start and m.end <= span[1]]
    people = [m for m in inside if m.person]
    if people:
        return people[-1].id
    whole = [m for m in inside if (m.end - m.start) * 3 >= (span[1] - span[0]) * 2]
    return whole[0].id if whole else ""


def _people_in(sentence: tuple[int, int], quote: tuple[int, int],
               people: list[Mention | Candidate]) -> list[tuple[str, bool]]:
    """The different persons a sentence names outside a quotation: (id, True) for a
    known actor, (name, False) for someone the briefing has no record of."""
    named: dict[tuple[str, bool], None] = {}
    for person in people:
        start = person.start
        end = person.end if isinstance(person, Mention) else start + len(person.name)
        if sentence[0] <= start and end <= sentence[1] and not quote[0] <= start < quote[1]:
            named[(person.id, True) if isinstance(person, Mention) else (person.name, False)] = None
    return list(named)
