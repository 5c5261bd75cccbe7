"""Candidate claims in a text: numbers with what they count, and dates and
periods (quotations are in quotes.py)."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..vocabulary import PartialDate
from .relative import NO_YEAR, WEEKDAY, Relative, resolve
from .text import fold
from .words import Words

YEAR = r"(?:1[89]\d\d|20\d\d)"
ORDINAL_END = r"(?!\w|[.,]\d|\.?[ºª]|:\d)"


@dataclass(frozen=True)
class NumberClaim:
    value: int | float
    qualifier: str  # as the model's figures have it: exact, at least, about, more than
    counts: str  # what is counted, as written ("deaths", "displaced families")
    start: int
    end: int


@dataclass(frozen=True)
class DateClaim:
    written: str
    iso: str  # '2025-07-22', '2025-07', '2025', or '' when the year is not said
    period: bool  # "since 2017", "between January and March"
    start: int
    end: int
    relative: bool = False  # "ontem", "on Tuesday", "em julho": said from the day of publication
    resolved: str = ""  # what it stands for, given the publication date (relative.Resolved)
    how: str = ""  # how it was resolved: "the day before publication"


# Numbers --------------------------------------------------------------------

def _alternatives(phrases) -> str:
    return "|".join(re.escape(fold(p)) for p in sorted(phrases, key=len, reverse=True))


class NumberFinder:
    NEXT_WORD = re.compile(r"\s*([^\W\d_][\w'’-]*)")
    CURRENCIES = {"us$": "dollars", "usd": "dollars", "$": "dollars", "€": "euros",
                  "eur": "euros", "£": "pounds", "mzn": "meticais", "mt": "meticais"}

    def __init__(self, words: Words):
        self.words = words
        self.number_words = {fold(w): n for w, n in words.number_words.items()}
        self.multipliers = {fold(w): n for w, n in words.multipliers.items()}
        self.qualifiers = {fold(w): q for w, q in words.qualifiers.items()}
        words_alt = _alternatives(words.number_words)
        multipliers = _alternatives(words.multipliers)
        qualifiers = _alternatives(words.qualifiers)
        currency = _alternatives(self.CURRENCIES)
        percent = "%|" + _alternatives(words.percent_words)
        self.pattern = re.compile(
            rf"(?<![\w.,-])(?:(?P<qualifier>{qualifiers})\s+)?(?:(?P<currency>{currency})\s?)?"
            rf"(?:(?P<digits>\d{{1,3}}(?:[.,\u00a0\u202f]\d{{3}})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)"
            rf"|(?P<word>{words_alt})|(?P<one>one|um|uma)(?=\s?(?:{multipliers})(?!\w)))"
            rf"(?:\s?(?P<multiplier>{multipliers})(?!\w))?"
            rf"(?:\s?(?P<percent>{percent}))?"
            rf"(?:-(?P<unit>[a-z]+))?{ORDINAL_END}")
        self.months = "|".join(fold(m) for m in words.months)
        self.stops = frozenset(fold(w) for w in words.stopwords | words.place_prepositions
                               | words.count_links) | {"and", "e", "or", "ou", "per", "each"}
        self.date_words = frozenset(fold(p) for p in words.date_prepositions
                                    + words.period_prepositions) | set(self.months.split("|"))

    def find(self, text: str) -> list[NumberClaim]:
        folded = fold(text)
        found = []
        for match in self.pattern.finditer(folded):
            claim = self._claim(text, folded, match)
            if claim is not None:
                found.append(claim)
        return found

    def _claim(self, text: str, folded: str, match: re.Match) -> NumberClaim | None:
        digits, word = match.group("digits"), match.group("word")
        value = self._value(digits) if digits else self.number_words.get(word, 1)
        if match.group("multiplier"):
            value *= self.multipliers[match.group("multiplier")]
        before = folded[max(0, match.start() - 30):match.start()].split()
        after = folded[match.end():match.end() + 20]
        bare = not (match.group("qualifier") or match.group("currency") or match.group("multiplier")
                    or match.group("percent"))
        if bare and before and before[-1] in self.words.determiners:
            return None  # "the two ministers" refers back
        if bare and digits and self._is_date_part(digits, before, after):
            return None
        counts = self._counts(text, folded, match)
        if bare and digits and re.fullmatch(YEAR, digits) and not counts:
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        qualifier = self.qualifiers.get(match.group("qualifier") or "", "exact")
        return NumberClaim(value, qualifier, counts, match.start(), match.end())

    def _value(self, digits: str) -> float:
        """'3,400' and '2.5' in English, '2.000' and '1,5' in Portuguese; a mark that
        comes more than once separates thousands, a mark met once may be either."""
        thousands = "," if self.words.decimal_mark == "." else "."
        cleaned = digits.replace("\u00a0", "").replace("\u202f", "")
        marks = [i for i, c in enumerate(cleaned) if c in ".,"]
        if not marks:
            return float(cleaned)
        kinds = {cleaned[i] for i in marks}
        tail = cleaned[marks[-1] + 1:]
        if len(kinds) == 1 and (len(marks) > 1 or (kinds == {thousands} and len(tail) == 3)):
            return float(re.sub(r"[.,]", "", cleaned))
        return float(re.sub(r"[.,]", "", cleaned[:marks[-1]]) + "." + tail)

    def _is_date_part(self, digits: str, before: list[str], after: str) -> bool:
        """Years after "in"/"since"/a month, and days next to a month name."""
        if re.fullmatch(YEAR, digits) and before and (before[-1] in self.date_words
                                                     or before[-1].rstrip(",") in self.date_words):
            return True
        if re.fullmatch(r"\d{1,2}", digits):
            if re.match(rf"(?:st|nd|rd|th)?\s+(?:de\s+)?(?:{self.months})\b", after):
                return True
            if before and before[-1] in self.months.split("|"):
                return True
        return False

    def _counts(self, text: str, folded: str, match: re.Match) -> str:
        """The words after the number that say what it counts."""
        if match.group("currency"):
            return self.CURRENCIES[match.group("currency")]
        if match.group("unit"):
            head = match.group("unit")
            rest = self._noun_words(text, folded, match.end(), 1)
            return " ".join([head] + rest)
        position = match.end()
        link = re.match(rf"\s+(?:{'|'.join(self.words.count_links)}|do|da|dos|das)\s+",
                        folded[position:])
        if link and (match.group("multiplier") or match.group("percent")):
            position += link.end()  # "150 milhões de dólares", "12% do investimento"
        words = self._noun_words(text, folded, position, 2)
        if match.group("percent") and not words:
            return "per cent"
        return " ".join(words)

    def _noun_words(self, text: str, folded: str, position: int, limit: int) -> list[str]:
        """Up to `limit` words straight after a position, ending at punctuation or at a
        function word ("12 civilians and", "30 empresas russas estão")."""
        words: list[str] = []
        while len(words) < limit:
            match = self.NEXT_WORD.match(folded, position)
            if not match:
                break
            form = match.group(1)
            if form in self.stops or len(form) == 1 or (
                    words and form.endswith(self.words.verb_endings)):
                break
            words.append(text[match.start(1):match.end(1)])
            position = match.end()
            if position < len(folded) and not folded[position].isspace():
                break
        return words


# Dates ----------------------------------------------------------------------

class DateFinder:
    def __init__(self, words: Words):
        self.words = words
        self.month_numbers = {fold(m): n for n, m in enumerate(words.months, 1)}
        month = "|".join(self.month_numbers)
        weekday = _alternatives(words.weekdays)
        point = _alternatives(words.date_prepositions)
        period = _alternatives(words.period_prepositions)
        de = r"(?:de\s+)?"
        core = (rf"(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+{de}(?P<m1>{month})(?:,?\s+{de}(?P<y1>{YEAR}))?"
                rf"|(?P<m2>{month})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?:,\s+(?P<y2>{YEAR}))?"
                rf"|(?P<m3>{month}),?\s+{de}(?P<y3>{YEAR})"
                rf"|(?P<y4>{YEAR})")
        weekday_before = _alternatives(words.weekday_before)
        weekday_after = _alternatives(words.weekday_after) or "(?!)"
        self.pattern = re.compile(
            rf"(?<![\w-])(?:(?:(?P<period>{period})|(?P<point>{point}))\s+)?(?:{core}"
            rf"|(?<=\s)(?P<m4>{month})(?=\W)"
            rf"|(?:(?P<before>{weekday_before})\s+)?(?P<weekday>{weekday})"
            rf"(?:\s+(?P<after>{weekday_after}))?"
            rf"|(?P<relative>{_alternatives(words.relative_dates)}))(?!\w|[.,]\d)")
        self.weekdays = {fold(day): n for day, n in words.weekdays.items()}
        self.speech_verbs = frozenset(fold(verb) for verb in words.speech_verbs)
        self.relatives = {fold(phrase): unit for phrase, unit in words.relative_dates.items()}
        self.directions = {fold(w): d for w, d in (words.weekday_before | words.weekday_after).items()}
        self.future_words = re.compile(rf"(?<!\w)(?:{_alternatives(words.future_words) or '(?!)'})"
                                       rf"(?!\w)")
        endings = "|".join(map(re.escape, words.future_endings)) or "(?!)"
        self.future_endings = re.compile(rf"\w(?:{endings})(?!\w)")  # on the text with accents
        self.year_tail = re.compile(rf"\s*(?:–|-|\bto\b|\buntil\b|\ba\b|\bate\b)\s*{YEAR}(?!\w)")
        self.tail = re.compile(
            rf"\s*(?:–|-|\bto\b|\band\b|\buntil\b|\be\b|\ba\b|\bate\b)\s*(?:{core}|(?P<m4>{month}))(?!\w)")

    def find(self, text: str, published: PartialDate | None = None) -> list[DateClaim]:
        """Dates and periods; those said relative to publication ("ontem", "on Tuesday",
        "em julho") are resolved when the publication date is given."""
        folded = fold(text)
        found = []
        position = 0
        while match := self.pattern.search(folded, position):
            groups = match.groupdict()
            if groups["m4"] and not (groups["period"] or groups["point"]):
                position = match.end()  # "may" is a month only after "in", "since"...
                continue
            end, period = match.end(), bool(groups["period"])
            if period and (tail := self.tail.match(folded, end)):
                end = tail.end()
            elif groups["y4"] and (tail := self.year_tail.match(folded, end)):
                end, period = tail.end(), True  # "2026 to 2028", "2017–2020"
            elif groups["period"] in ("de", "from") and not groups["y4"]:
                period = False  # "na madrugada de sábado" is a day, not a period
            claim = DateClaim(" ".join(text[match.start():end].split()), self._iso(groups), period,
                              match.start(), end)
            found.append(self._resolved(claim, self._relative(groups), text, published))
            position = end
        return found

    def _relative(self, groups: dict) -> Relative | None:
        if groups["relative"]:
            unit, amount = self.relatives[" ".join(groups["relative"].split())]
            return Relative(unit, amount)
        if groups["weekday"]:
            direction = self.directions.get(groups["before"] or groups["after"] or "", 0)
            return Relative(WEEKDAY, self.weekdays[groups["weekday"]], direction)
        month = groups["m1"] or groups["m2"] or groups["m4"]
        if month and not (groups["y1"] or groups["y2"]):
            day = int(groups["d1"] or groups["d2"] or 0)
            return Relative(NO_YEAR, month=self.month_numbers[month], day=day if day <= 31 else 0)
        return None

    def _resolved(self, claim: DateClaim, relative: Relative | None, text: str,
                  published: PartialDate | None) -> DateClaim:
        if relative is None:
            return claim
        resolved = resolve(relative, published, self._future(text, claim.start)) if (
            published is not None) else None
        return replace(claim, relative=True, resolved=resolved.iso if resolved else "",
                       how=resolved.how if resolved else "")

    def _future(self, text: str, position: int) -> bool:
        """Whether the clause around a position speaks of what is to come ("vai
        reunir-se", "will visit"); clauses end at "that"/"que", ";" and sentences.
        A date right after a speech verb is when it was said: "they will come, the
        ministry said on Monday"."""
        if set(fold(text[max(0, position - 30):position]).split()[-2:]) & self.speech_verbs:
            return False
        clause = re.compile(r"[.!?;:]\s|\b(?:that|que)\b")
        starts = [m.end() for m in clause.finditer(text, 0, position)]
        end = clause.search(text, position)
        words = text[starts[-1] if starts else 0:end.start() if end else len(text)].lower()
        return bool(self.future_words.search(fold(words)) or self.future_endings.search(words))

    def _iso(self, groups: dict) -> str:
        year = groups["y1"] or groups["y2"] or groups["y3"] or groups["y4"] or ""
        month = groups["m1"] or groups["m2"] or groups["m3"] or ""
        day = groups["d1"] or groups["d2"] or ""
        if not year:
            return ""
        if not month:
            return year
        text = f"{year}-{self.month_numbers[month]:02d}"
        return f"{text}-{int(day):02d}" if day and 1 <= int(day) <= 31 else text
