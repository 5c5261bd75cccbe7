"""Text helpers shared by the analysers: folding for matching, sentences, fragments."""
from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from dataclasses import dataclass

FRAGMENT_WORDS = 7  # words kept on each side of what a claim is about


def fold(text: str) -> str:
    """Lowercase without accents, one character for one, so that offsets match the
    original: fold("Moçambique") == "mocambique"."""
    return "".join(map(_folded_character, text))


@functools.lru_cache(maxsize=4096)
def _folded_character(char: str) -> str:
    base = unicodedata.normalize("NFD", char)[0]
    lower = base.lower()
    return lower if len(lower) == 1 else base


def word_pattern(phrase: str) -> str:
    """A regex for a folded phrase as whole words; a trailing * matches any ending."""
    prefix = phrase.endswith("*")
    words = fold(phrase.rstrip("*")).split()
    body = r"\s+".join(re.escape(w) for w in words)
    return r"(?<!\w)" + body + (r"\w*" if prefix else r"(?!\w)")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


_SENTENCE_END = re.compile(r"(?<=[.!?])[»”\"']?\s+(?=[«“\"'(\[]?[A-ZÀ-Ý0-9])|\n\s*\n")
_INITIAL = re.compile(r"(?:^|\s)(?:[A-Z]|Mr|Mrs|Ms|Dr|Sr|Sra|St|Gen|Lt|Col|No|nº)\.$")


def sentences(text: str) -> list[Sentence]:
    """Split at a full stop followed by a capital, not after an initial ("V. N. Tararov")."""
    result = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if _INITIAL.search(text[start:match.start()]):
            continue
        result.append(Sentence(start, match.start(), text[start:match.start()]))
        start = match.end()
    if text[start:].strip():
        result.append(Sentence(start, len(text), text[start:]))
    return [_trimmed(s) for s in result if s.text.strip()]


def _trimmed(s: Sentence) -> Sentence:
    lead = len(s.text) - len(s.text.lstrip())
    text = s.text.strip()
    return Sentence(s.start + lead, s.start + lead + len(text), text)


def sentence_at(sentences_: list[Sentence], offset: int) -> Sentence:
    if not sentences_:  # a text of nothing but a match (e.g. "since 2017" on its own)
        return Sentence(offset, offset, "")
    # Sentences are in the order of the text: the one starting last at or before offset.
    at = bisect.bisect_right(sentences_, offset, key=lambda s: s.start) - 1
    if at >= 0 and sentences_[at].start <= offset < sentences_[at].end:
        return sentences_[at]
    return min(sentences_, key=lambda s: abs(s.start - offset))


def fragment(text: str, start: int, end: int, sentence: Sentence,
             words: int = FRAGMENT_WORDS) -> str:
    """A short piece of the sentence around text[start:end], marked … where cut."""
    before = [m.start() for m in re.finditer(r"\S+", text[sentence.start:start])]
    after = [m.end() for m in re.finditer(r"\S+", text[end:sentence.end])]
    first = sentence.start + before[-words] if len(before) > words else sentence.start
    last = end + after[words - 1] if len(after) > words else sentence.end
    piece = " ".join(text[first:last].split())
    if first > sentence.start:
        piece = "…" + piece
    if last < sentence.end:
        piece = piece.rstrip(",;:") + "…"
    return piece
