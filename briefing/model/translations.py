"""Content translations: `<id>.<lang>.md` beside the original, read and applied.

A translation holds only the words of an item (title, summary, claims' text,
body...); dates, statuses and references always come from the original, so the
editions cannot drift apart. `localize` gives the Site as one edition shows it.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..errors import Collector
from .fields import FieldReader
from ..load.frontmatter import Document
from .schema import SINGULAR, Claim, Site, item_id

# The keys a translation may set, per kind of item.
TRANSLATABLE = {
    "articles": ("title", "summary", "claims"),
    "events": ("title", "summary", "date_note", "roles"),
    "actors": ("name", "role"),
    "places": ("name",),
    "figures": ("label", "unit", "period", "scope", "definition", "note"),
    "topics": ("title",),
    "pages": ("title", "description"),
    "sources": ("title", "notes"),
}
WITH_BODY = ("articles", "events", "actors", "places", "topics", "pages")


@dataclass(frozen=True)
class Translation:
    """The translated words of one item."""

    path: str
    fields: dict
    claims: tuple[tuple[str, str], ...] = ()  # (text, note) for each claim, in order
    body: str | None = None
    body_line: int = 0


@dataclass(frozen=True)
class Edition:
    """The Site as one language edition shows it."""

    language: str
    site: Site
    untranslated: tuple[tuple[str, str], ...] = field(default=())  # (kind, id)


def translation_language(path: str) -> str:
    """'pt' for 'content/events/x.pt.md', '' for an original."""
    name = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return name.rsplit(".", 1)[1] if "." in name else ""


def read_translations(site: Site, documents: dict[str, dict[str, list[Document]]],
                      problems: Collector) -> dict[str, dict[str, dict[str, Translation]]]:
    """Validate translation documents: language -> kind -> id -> Translation."""
    result: dict[str, dict[str, dict[str, Translation]]] = {}
    for language, by_kind in sorted(documents.items()):
        for kind, docs in sorted(by_kind.items()):
            items = getattr(site, kind)
            for doc in sorted(docs, key=lambda d: d.path):
                ident = item_id(doc.path).rsplit(".", 1)[0]
                if ident in site.drafts.get(kind, ()):
                    continue
                if ident not in items:
                    problems.add(doc.path, 1, f"translation of unknown {SINGULAR[kind]} '{ident}' "
                                              f"(there is no original '{ident}' to translate)")
                    continue
                translation = _read_one(kind, doc, items[ident], problems)
                result.setdefault(language, {}).setdefault(kind, {})[ident] = translation
    return result


def _read_one(kind: str, doc: Document, original, problems: Collector) -> Translation:
    r = FieldReader(doc, problems)
    allowed = TRANSLATABLE[kind]
    for name in doc.meta:
        if name not in allowed:
            r.error(name, f"'{name}' cannot be translated: set it in the original, "
                          f"{original.path} (a translation may set: {', '.join(allowed)})")
    fields = {name: r.text(name) for name in allowed
              if name not in ("claims", "roles") and r.text(name)}
    if "roles" in allowed:
        fields.update(_read_roles(r, original))
    claims = _read_claims(r, original) if "claims" in allowed else ()
    has_body = kind in WITH_BODY and bool(doc.body.strip())
    if kind in WITH_BODY and original.body.strip() and not has_body:
        problems.add(doc.path, doc.body_line or 1,
                     f"the original ({original.path}) has a text below its metadata: "
                     "translate it too, so that a reader never meets half a translation")
    return Translation(doc.path, fields, claims, doc.body if has_body else None, doc.body_line)


def _read_roles(r: FieldReader, original) -> dict:
    """An event's actor roles, translated: {actor id: role}."""
    value = r.meta.get("roles")
    if value is None:
        return {}
    if not isinstance(value, dict):
        r.error("roles", "'roles' must map actor ids to their translated roles")
        return {}
    roles = r.at("roles")
    known = {actor.id: actor for actor in original.actors}
    translated = {}
    for ident in value:
        if ident not in known:
            roles.error(ident, f"'{ident}' is not one of this event's actors "
                               f"({', '.join(known) or 'it has none'})")
        else:
            translated[ident] = roles.text(ident)
    actors = tuple(replace(a, role=translated.get(a.id, a.role)) for a in original.actors)
    return {"actors": actors} if translated else {}


def _read_claims(r: FieldReader, original) -> tuple[tuple[str, str], ...]:
    values = r.items("claims")
    if not values:
        return ()
    if len(values) != len(original.claims):
        r.error("claims", f"the translation has {len(values)} claims but the original has "
                          f"{len(original.claims)}: translate each claim, in the same order")
        return ()
    claims = []
    for index, value in enumerate(values):
        c = r.at("claims", index)
        if not isinstance(value, dict):
            c.error(None, "each translated claim must be a mapping with text (and note)")
            continue
        c.check_keys(("text", "note"))
        claims.append((c.text("text", True), c.text("note")))
    return tuple(claims)


def localize(site: Site, language: str, translations: dict) -> Edition:
    """The Site with every translated item's words replaced; the rest as it is."""
    if language == site.config.default_language:
        return Edition(language, site)
    mine = translations.get(language, {})
    untranslated = []
    changes = {}
    for kind in TRANSLATABLE:
        items = getattr(site, kind)
        done = mine.get(kind, {})
        localized = {}
        for ident, item in items.items():
            if ident in done:
                localized[ident] = _apply(item, done[ident])
            else:
                localized[ident] = item
                if _has_words(kind, item):
                    untranslated.append((kind, ident))
        changes[kind] = localized
    config = site.config.localized(language)
    for topic in config.topics:  # a topic's name and description are translated in site.yaml
        changes["topics"][topic.id] = replace(changes["topics"][topic.id], name=topic.name,
                                              description=topic.description)
    localized_site = replace(site, config=config, **changes)
    return Edition(language, localized_site, tuple(untranslated))


def _has_words(kind: str, item) -> bool:
    """Whether an item has words of ours to translate (a source's title is its own)."""
    if kind == "sources":
        return bool(item.notes)
    return item.path != "site.yaml"  # a topic declared only in site.yaml is translated there


def _apply(item, translation: Translation):
    values = dict(translation.fields)
    values["path"] = translation.path
    if translation.claims:
        values["claims"] = tuple(Claim(text, claim.status, note or claim.note, claim.sources)
                                 for (text, note), claim in zip(translation.claims, item.claims))
    if translation.body is not None:
        values["body"], values["body_line"] = translation.body, translation.body_line
    elif hasattr(item, "body"):
        values["body"], values["body_line"] = item.body, item.body_line
    return replace(item, **values)


def translation_report(editions: list[Edition]) -> list[str]:
    """For each edition with untranslated items: a count, then the ids by kind."""
    lines = []
    for edition in editions:
        if not edition.untranslated:
            continue
        by_kind: dict[str, list[str]] = {}
        for kind, ident in edition.untranslated:
            by_kind.setdefault(kind, []).append(ident)
        total = sum(_has_words(kind, item) for kind in TRANSLATABLE
                    for item in getattr(edition.site, kind).values())
        lines.append(f"{edition.language}: {len(edition.untranslated)} of {total} items not "
                     f"translated (shown in {edition.site.config.default_language}):")
        lines += [f"  {kind} ({len(ids)}): {', '.join(ids)}" for kind, ids in by_kind.items()]
    return lines
