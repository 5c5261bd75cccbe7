"""What each kind's file may say: one declarative schema per kind.

Each key a file may set is one `Field`: its type, whether it is required, its
choices, the kind of item its ids refer to, whether a translation may set it, and
what it means. The model's check reads every file by it (model/validate.py), a
translation is checked against it (model/translations.py), the kinds' key lists
come from it (kinds.py), and the key tables in docs/content-model.md are made from
it (`with_tables`; `python tools/content_model.py` writes them, and a test fails
when the document is out of date).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# The content model's vocabularies (docs/content-model.md).
CLAIM_STATUSES = ("confirmed", "corrected", "disputed", "unverified", "reported")
# A key figure is what the home page puts first: only a checked one may be one.
KEY_FIGURE_STATUSES = ("confirmed", "corrected")
EVENT_STATUSES = ("occurred", "announced", "cancelled")
PLACE_CONFIDENCE = ("confirmed", "reported", "disputed")
QUALIFIERS = ("exact", "at least", "about", "more than", "range")
SOURCE_KINDS = ("wire", "newspaper", "broadcaster", "website", "official statement",
                "report", "dataset", "reference")
RELIABILITY = ("A", "B", "C", "D", "E", "F")
ACTOR_KINDS = ("person", "state", "organisation", "armed group", "media")
PLACE_KINDS = ("country", "province", "city", "town", "district", "region")
COORDINATE_PRECISION = ("exact", "approximate")
TRENDS = ("deteriorated", "unchanged", "improved")  # a month summary's judgement, as CrisisWatch's

# How each type is read (model/validate.py has one reader per type) and written in the docs.
TYPES = {
    "text": "text",
    "texts": "list of text",
    "number": "number",
    "bool": "`true` or `false`",
    "date": "date at its precision",
    "date or unknown": "date at its precision; omitted or `unknown` = date not set",
    "day": "day, YYYY-MM-DD",
    "language": "language code (BCP 47: `en`, `pt`, `pt-BR`)",
    "url": "web address, `https://` or `http://` only",
    "choice": "one of {choices}",
    "id": "{refers}id",
    "ids": "list of {refers}ids",
    "ids with detail": "list; each a {refers} id, or a mapping `{{id: …, {detail}: …}}`",
    # Types of one key each, read by a reader of their own (the keys inside are its parts).
    "location": "mapping of {parts}",
    "claims": "list of mappings, each of {parts}",
    "trends": "for each topic id, a mapping of {parts}",
    "ingest notes": "mapping (as `ingest` writes it)",
}
DRAFTS_MAY_OMIT = "unless a draft"  # a `required` that the reader checks itself


@dataclass(frozen=True)
class Field:
    key: str
    type: str  # one of TYPES
    meaning: str = ""
    # True, False, or the condition under which it is required (its kind's check
    # enforces a condition, except DRAFTS_MAY_OMIT, which every reader does).
    required: bool | str = False
    choices: tuple[str, ...] = ()  # for 'choice'
    refers: str = ""  # for ids: the kind (singular) they name; '' for an id that names nothing
    detail: tuple[str, tuple[str, ...]] = ("", ())  # 'ids with detail': its key and choices
    parts: tuple[Field, ...] = ()  # for mappings: the keys inside
    translatable: bool = False  # a translation may set it
    translated_as: str = ""  # the key a translation sets it under, when not its own
    default: str = ""  # for 'choice': the value when it is not given

    def __post_init__(self):
        if self.type not in TYPES:
            raise ValueError(f"unknown type {self.type!r} for {self.key!r}")

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(part.key for part in self.parts)

    def described(self) -> str:
        """Its type, as the docs write it."""
        refers = self.refers + " " if self.refers else ""
        choices = " / ".join(f"`{choice}`" for choice in self.choices)
        parts = ", ".join(f"`{part.key}`" + (" (required)" if part.required is True else "")
                          for part in self.parts)
        detail, detail_choices = self.detail
        detail_choices = (" (" + " / ".join(f"`{choice}`" for choice in detail_choices) + ")"
                          if detail_choices else "")
        return TYPES[self.type].format(choices=choices, refers=refers, parts=parts,
                                       detail=detail, detail_choices=detail_choices)


DRAFT = Field("draft", "bool",
              "a draft is left out of the published site (`serve` and `--drafts` show it)")

SOURCE = (
    Field("outlet", "text", "who published this document (\"Diário Económico\")", True),
    Field("origin", "text", "the wire or author it republished (\"Lusa\")"),
    Field("title", "text", "the document's title (or a description of it, in our words)", True,
          translatable=True),
    Field("published", "date", "when it was published", True),
    Field("language", "language", "the language it is written in", True),
    Field("url", "url", "where to read it"),
    Field("kind", "choice", "what sort of document it is", True, SOURCE_KINDS),
    Field("reliability", "choice", "the Admiralty grade of the source: `A` (reliable) to `F` "
          "(cannot be judged)", True, RELIABILITY),
    Field("notes", "text", "our own notes on this source", translatable=True),
    DRAFT,
)

ACTOR = (
    Field("name", "text", "the name pages show", True, translatable=True),
    Field("kind", "choice", "what sort of actor it is", True, ACTOR_KINDS),
    Field("role", "text", "what it is, e.g. \"Russian ambassador to Mozambique\"",
          translatable=True),
    Field("aliases", "texts", "other names it goes by; ingest finds it by them too"),
    Field("misspellings", "texts", "wrong spellings seen in sources, which ingest also finds"),
    Field("sources", "ids", "the checked references for the profile, listed on its page",
          refers="source"),
    DRAFT,
)

LOCATION = Field(
    "location", "location", "where it is on the map", parts=(
        Field("lat", "number", "latitude, -90 to 90", True),
        Field("lon", "number", "longitude, -180 to 180", True),
        Field("precision", "choice", "`approximate` is drawn as a ring (default `exact`)",
              choices=COORDINATE_PRECISION, default="exact"),
    ))

PLACE = (
    Field("name", "text", "the name pages show", True, translatable=True),
    Field("kind", "choice", "what sort of place it is", True, PLACE_KINDS),
    Field("within", "id", "the place it lies in", refers="place"),
    Field("aliases", "texts", "other names it goes by; ingest finds it by them too"),
    Field("misspellings", "texts", "wrong spellings seen in sources, which ingest also finds"),
    LOCATION,
    Field("sources", "ids", "the checked references for the profile, listed on its page",
          refers="source"),
    DRAFT,
)

CLAIMS = Field(
    "claims", "claims", "what the document claims, each with how far it is checked "
    "(below)", translatable=True, parts=(
        Field("text", "text", "the claim, in our words", True, translatable=True),
        Field("status", "choice", "how far it is checked", True, CLAIM_STATUSES),
        Field("note", "text", "what is known against it or beside it", translatable=True),
        Field("sources", "ids", "the sources that bear it out or dispute it", refers="source"),
        Field("checked", "day", "the day up to which its sources were read (see events)"),
        Field("figure", "id", "the figure whose number it states (below)", refers="figure"),
    ))

ARTICLE = (
    Field("title", "text", "our title for the document", True, translatable=True),
    Field("published", "date", "when the source document summarised was published", True),
    Field("updated", "date", "when we last changed the summary"),
    Field("authors", "texts", "its writers, each one of `editors` in site.yaml: shown on the "
          "article (\"By Ana Lima (editor)\") and in its JSON-LD"),
    Field("summary", "text", "one or two sentences", DRAFTS_MAY_OMIT, translatable=True),
    Field("topics", "ids", "the topics it belongs to", True, refers="topic"),
    Field("actors", "ids", "who it names", refers="actor"),
    Field("places", "ids", "where it happens", refers="place"),
    Field("events", "ids", "the events the source document reports", refers="event"),
    Field("sources", "ids", "the documents it summarises", True, refers="source"),
    CLAIMS,
    DRAFT,
    Field("suggestions", "ingest notes", "drafts only: what `ingest` suggests (below); never rendered"),
)

EVENT = (
    Field("title", "text", "what happened or is announced", True, translatable=True),
    Field("date", "date or unknown", "when, at the precision known"),
    Field("date_note", "text", "what the date is, e.g. \"date of the report; the remarks may be "
          "earlier\"", translatable=True),
    Field("status", "choice", "announced events are listed as upcoming, whatever their date",
          True, EVENT_STATUSES),
    Field("places", "ids with detail", "where; a place given as a bare id has no confidence "
          "(\"confidence not stated\")", refers="place",
          detail=("confidence", PLACE_CONFIDENCE)),
    Field("actors", "ids with detail", "who, each with its role in the event if given",
          refers="actor", detail=("role", ()),
          translated_as="roles"),  # a translation's roles: {actor id: role}
    Field("topics", "ids", "the topics it belongs to", True, refers="topic"),
    Field("sources", "ids", "the documents that report it", True, refers="source"),
    Field("summary", "text", "one or two sentences", True, translatable=True),
    Field("checked", "day", "the day up to which its sources were read with no report that it "
          "took place (below)", "for `announced`"),
    DRAFT,
)

FIGURE = (
    Field("label", "text", "what is counted (\"Internally displaced people, Cabo Delgado\")",
          True, translatable=True),
    Field("value", "number", "the count", True),
    Field("value_high", "number", "the top of the range", "with `range`"),
    Field("qualifier", "choice", "how exact the value is", True, QUALIFIERS),
    Field("unit", "text", "what the number counts (\"people\", \"deaths\")", True,
          translatable=True),
    Field("as_of", "date", "the date the count stands at", True),
    Field("period", "text", "the period covered (\"Jul–Aug 2023\")", translatable=True),
    Field("scope", "text", "where and what it covers", True, translatable=True),
    Field("definition", "text", "how it is defined", translatable=True),
    Field("source", "id", "where the count comes from", True, refers="source"),
    Field("status", "choice", "how far the figure is checked (no default)", True,
          CLAIM_STATUSES),
    Field("supersedes", "id", "the count this one replaces", refers="figure"),
    Field("series", "id", "an id shared by the figures that form one series over time"),
    Field("topics", "ids", "the topics it belongs to", True, refers="topic"),
    Field("key", "bool", "shown in the home page's key-figures box; only a `confirmed` or "
          "`corrected` figure may be a key figure"),
    Field("note", "text", "what a reader should know beside the number", translatable=True),
    DRAFT,
)

TOPIC = (
    Field("title", "text", "the intro's title (default: the topic's name in `site.yaml`)",
          translatable=True),
    Field("sources", "ids", "the checked references for the intro, listed below it on the "
          "topic page", refers="source"),
    DRAFT,
)

PAGE = (
    Field("title", "text", "the page's title", True, translatable=True),
    Field("description", "text", "one sentence for search engines and link previews",
          translatable=True),
    DRAFT,
)

TRENDS_BY_TOPIC = Field(
    "trends", "trends", "the month's assessment of each topic, against the month "
    "before", translatable=True, parts=(
        Field("trend", "choice", "how the topic went", True, TRENDS),
        Field("why", "text", "a sentence saying why", True, translatable=True),
    ))

MONTH = (
    Field("title", "text", "a headline for the month, shown under it and in the monthly feed",
          translatable=True),
    Field("summary", "text", "one or two sentences: the monthly feed's summary (else the "
          "month's headlines)", translatable=True),
    Field("trend", "choice", "how the situation went as a whole, as CrisisWatch says it",
          choices=TRENDS),
    TRENDS_BY_TOPIC,
    DRAFT,
)


def markdown_table(fields: tuple[Field, ...]) -> str:
    """The key table of docs/content-model.md for these fields."""
    rows = ["| key | required | type | meaning |", "|---|---|---|---|"]
    for field in fields:
        required = {True: "yes", False: "no"}.get(field.required, field.required)  # type: ignore
        translatable = "; a translation may set it" if field.translatable else ""
        if field.translated_as:
            translatable = f"; a translation sets it as `{field.translated_as}`"
        rows.append(f"| `{field.key}` | {required} | {field.described()} | "
                    f"{field.meaning}{translatable} |")
    for field in fields:
        if field.parts:
            rows.append("")
            rows.append(f"Inside `{field.key}`:")
            rows.append("")
            rows.extend(markdown_table(field.parts).splitlines())
    return "\n".join(rows)


_TABLE = re.compile(r"(<!-- keys: (\w+) -->\n).*?(\n<!-- /keys -->)", re.S)


def with_tables(document: str, schemas: dict[str, tuple[Field, ...]]) -> str:
    """A document (docs/content-model.md) with the key table between each
    `<!-- keys: NAME -->` and `<!-- /keys -->` made again from schemas[NAME]."""
    return _TABLE.sub(lambda m: m[1] + markdown_table(schemas[m[2]]) + m[3], document)
