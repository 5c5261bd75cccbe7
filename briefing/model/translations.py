"""Content translations: `<id>.<lang>.md` beside the original, read and applied.

A translation holds only the words of an item (title, summary, claims' text,
body...); dates, statuses and references always come from the original, so the
editions cannot drift apart. `localize` gives the Site as one edition shows it.
Both remember their results by the digests of the documents and items they
are made from.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..errors import Collector
from ..kinds import BY_NAME, KINDS, item_id
from ..load.fields import INTERNAL, FieldReader
from ..load.frontmatter import Document
from ..memo import Memo, NoMemo, digest
from .items import Body, Claim, Site


@dataclass(frozen=True)
class Translation:
    """The translated words of one item."""

    path: str
    fields: dict
    claims: tuple[tuple[str, str], ...] = ()  # (text, note) for each claim, in order
    body: Body | None = None
    key: str = ""  # a hash of the translation's metadata and of its original


@dataclass(frozen=True)
class Edition:
    """The Site as one language edition shows it."""

    language: str
    site: Site
    untranslated: tuple[tuple[str, str], ...] = field(default=())  # (kind, id)


def read_translations(site: Site, documents: dict[str, dict[str, list[Document]]],
                      problems: Collector, memo: Memo | None = None
                      ) -> dict[str, dict[str, dict[str, Translation]]]:
    """Validate translation documents: language -> kind -> id -> Translation."""
    memo = memo if memo is not None else NoMemo()
    result: dict[str, dict[str, dict[str, Translation]]] = {}
    for language, by_kind in sorted(documents.items()):
        for kind, docs in sorted(by_kind.items()):
            items = getattr(site, kind)
            for doc in sorted(docs, key=lambda d: d.path):
                ident = item_id(doc.path).rsplit(".", 1)[0]
                if ident in site.drafts.get(kind, ()):
                    continue
                if ident not in items:
                    problems.add(doc.path, 1, f"translation of unknown {BY_NAME[kind].singular} "
                                              f"'{ident}' (there is no original '{ident}' to "
                                              "translate)")
                    continue
                original = items[ident]
                key = (kind, doc.path, doc.key, doc.body_key, original.digest,
                       site.bodies.get(original.path, Body("", 0)).text.strip() != "")
                found = memo.get(key)
                if found is None:
                    mine = Collector()
                    translation = _read_one(kind, doc, original, site, mine)
                    found = memo.put(key, (replace(translation, key=digest(repr(key))),
                                           tuple(mine.problems)))
                translation, its_problems = found
                problems.problems.extend(its_problems)
                result.setdefault(language, {}).setdefault(kind, {})[ident] = translation
    return result


def _read_one(kind: str, doc: Document, original, site: Site, problems: Collector) -> Translation:
    r = FieldReader(doc, problems)
    allowed = BY_NAME[kind].translatable
    if INTERNAL in doc.meta:
        r.text(INTERNAL)
    for name in doc.meta:
        if name not in allowed and name != INTERNAL:
            r.error(name, f"'{name}' cannot be translated: set it in the original, "
                          f"{original.path} (a translation may set: {', '.join(allowed)})")
    fields = {name: r.text(name) for name in allowed
              if name not in ("claims", "roles") and r.text(name)}
    if "roles" in allowed:
        fields.update(_read_roles(r, original))
    claims = _read_claims(r, original) if "claims" in allowed else ()
    with_body = BY_NAME[kind].has_body
    has_body = with_body and bool(doc.body.strip())
    if with_body and site.bodies[original.path].text.strip() and not has_body:
        problems.add(doc.path, doc.body_line or 1,
                     f"the original ({original.path}) has a text below its metadata: "
                     "translate it too, so that a reader never meets half a translation")
    return Translation(doc.path, fields, claims, Body(doc.body, doc.body_line, doc.body_key) if has_body else None)


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


def localize(site: Site, language: str, translations: dict, memo: Memo | None = None) -> Edition:
    """The Site with every translated item's words replaced, and every untranslated
    item marked with the language its words are in; the rest as it is."""
    if language == site.config.default_language:
        return Edition(language, site)
    memo = memo if memo is not None else NoMemo()
    mine = translations.get(language, {})
    config = site.config.localized(language)
    declared = {topic.id: topic for topic in config.topics}
    default = site.config.default_language
    untranslated = []
    changes: dict[str, dict] = {}
    bodies = dict(site.bodies)
    for kind in KINDS:
        done = mine.get(kind.name, {})
        localized = changes[kind.name] = {}
        for ident, item in getattr(site, kind.name).items():
            translation = done.get(ident)
            if translation is None and _has_words(kind.name, item):
                untranslated.append((kind.name, ident))
            topic = declared.get(ident) if kind.name == "topics" else None
            key = (item.digest, language, translation.key if translation else "",
                   (topic.name, topic.description) if topic else ())
            localized[ident] = memo.get(key) or memo.put(
                key, _localized(kind.name, item, translation, topic, default, digest(repr(key))))
            if translation is not None and kind.has_body:
                bodies[translation.path] = translation.body or site.bodies.get(item.path, Body("", 0))
    localized_site = replace(site, config=config, bodies=bodies, **changes)
    return Edition(language, localized_site, tuple(untranslated))


def _localized(kind: str, item, translation: Translation | None, topic, default: str, key: str):
    """An item as an edition shows it."""
    values: dict = {"digest": key}
    if translation is not None:
        values.update(_translated(item, translation))
    elif _has_words(kind, item):
        values["lang"] = default
    if topic is not None:  # a topic's name and description are translated in site.yaml
        values.update(name=topic.name, description=topic.description)
    return replace(item, **values)


def _has_words(kind: str, item) -> bool:
    """Whether an item has words of ours to translate (a source's title is its own)."""
    if kind == "sources":
        return bool(item.notes)
    return item.path != "site.yaml"  # a topic declared only in site.yaml is translated there


def _translated(item, translation: Translation) -> dict:
    values = dict(translation.fields)
    values["path"] = translation.path
    if translation.claims:
        values["claims"] = tuple(Claim(text, claim.status, note or claim.note, claim.sources)
                                 for (text, note), claim in zip(translation.claims, item.claims))
    return values


def translation_report(editions: list[Edition]) -> list[str]:
    """For each edition with untranslated items: a count, then the ids by kind."""
    lines = []
    for edition in editions:
        if not edition.untranslated:
            continue
        by_kind: dict[str, list[str]] = {}
        for kind, ident in edition.untranslated:
            by_kind.setdefault(kind, []).append(ident)
        total = sum(_has_words(kind.name, item) for kind in KINDS
                    for item in getattr(edition.site, kind.name).values())
        lines.append(f"{edition.language}: {len(edition.untranslated)} of {total} items not "
                     f"translated (shown in {edition.site.config.default_language}):")
        lines += [f"  {kind} ({len(ids)}): {', '.join(ids)}" for kind, ids in by_kind.items()]
    return lines
