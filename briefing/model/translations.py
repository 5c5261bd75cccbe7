"""Content translations: `<id>.<lang>.md` beside the original, read and applied.

A translation holds only the words of an item (title, summary, claims' text,
body...); dates, statuses and references always come from the original, so the
editions cannot drift apart. `localize` gives the Site as one edition shows it.
Both remember their results by the digests of the documents and items they
are made from.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..errors import Collector, Problem
from ..kinds import BY_NAME, KINDS, item_id
from ..load import INTERNAL, FieldReader
from ..load import Document
from ..memo import Key, Memo, NoMemo, hashed
from ..memo import key as memo_key
from .items import Body, Claim, Site
from .numbers import described, months_in, numbers_in


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
                      problems: Collector, memo: Memo | None = None,
                      warnings: Collector | None = None
                      ) -> dict[str, dict[str, dict[str, Translation]]]:
    """Validate translation documents: language -> kind -> id -> Translation.
    `warnings`: where a translation's numbers or dates differ from its original's."""
    warnings = warnings if warnings is not None else Collector()
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
                original_body = site.bodies.get(original.path, Body("", 0))
                key = memo_key(Key.TRANSLATION, kind, doc.path, doc.key, doc.body_key,
                               original.digest, original_body.text.strip() != "",
                               original_body.key)
                found = memo.get(key)
                if found is None:
                    mine = Collector()
                    translation = _read_one(kind, doc, original, site, mine)
                    differences = tuple(differing_numbers(
                        doc, original, translation, original_body,
                        site.config.default_language, language)) if not mine.problems else ()
                    found = memo.put(key, (replace(translation, key=hashed(Key.TRANSLATION, key)),
                                           tuple(mine.problems), differences))
                translation, its_problems, its_differences = found
                problems.problems.extend(its_problems)
                warnings.problems.extend(its_differences)
                result.setdefault(language, {}).setdefault(kind, {})[ident] = translation
    return result


def _read_one(kind: str, doc: Document, original, site: Site, problems: Collector) -> Translation:
    r = FieldReader(doc, problems)
    schema = BY_NAME[kind]
    allowed = schema.translatable
    if INTERNAL in doc.meta:
        r.text(INTERNAL)
    for name in doc.meta:
        if name not in allowed and name != INTERNAL:
            r.error(name, f"'{name}' cannot be translated: set it in the original, "
                          f"{original.path} (a translation may set: {', '.join(allowed)})")
    fields = {entry.key: r.text(entry.key) for entry in schema.fields
              if entry.translatable and entry.type == "text" and r.text(entry.key)}
    claims = ()
    for entry in schema.fields:
        if entry.translated_as == "roles":
            fields.update(_read_roles(r, original))
        elif entry.translatable and entry.type == "trends":
            fields.update(_read_trends(r, original))
        elif entry.translatable and entry.type == "claims":
            claims = _read_claims(r, original, entry)
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


def _read_trends(r: FieldReader, original) -> dict:
    """A month's reasons for its trends, translated: {topic id: why}. The trends
    themselves come from the original."""
    value = r.meta.get("trends")
    if value is None:
        return {}
    if not isinstance(value, dict):
        r.error("trends", "'trends' in a translation maps topic ids to the translated why")
        return {}
    known = {t.topic: t for t in original.trends}
    reasons = r.at("trends")
    translated = {}
    for topic in value:
        if topic not in known:
            reasons.error(topic, f"'{topic}' has no trend in the original ({original.path}: "
                                 f"{', '.join(known) or 'none'})")
        else:
            translated[topic] = reasons.text(topic)
    if not translated:
        return {}
    return {"trends": tuple(replace(t, why=translated.get(t.topic) or t.why)
                            for t in original.trends)}


def _read_claims(r: FieldReader, original, schema) -> tuple[tuple[str, str], ...]:
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
        c.check_keys(part.key for part in schema.parts if part.translatable)
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
            key = memo_key(Key.LOCALIZED, item.digest, language,
                           translation.key if translation else "",
                           (topic.name, topic.description) if topic else ())
            localized[ident] = memo.get(key) or memo.put(
                key, _localized(kind.name, item, translation, topic, default,
                                hashed(Key.LOCALIZED, key)))
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


def differing_numbers(doc: Document, original, translation: Translation, original_body: Body,
                      original_language: str, language: str) -> list[Problem]:
    """A translation says the same: each translated text states the numbers and names the
    months of the original's text, compared as numbers and months whatever each
    language's way of writing them ('1.3 million' = '1,3 milhões')."""
    pairs = [((name,), getattr(original, name, None), text)
             for name, text in translation.fields.items() if isinstance(text, str)]
    for trend in translation.fields.get("trends", ()):
        said = next(t.why for t in original.trends if t.topic == trend.topic)
        pairs.append((("trends", trend.topic), said, trend.why))
    for index, (text, note) in enumerate(translation.claims):
        claim = original.claims[index]
        pairs += [(("claims", index, "text"), claim.text, text),
                  (("claims", index, "note"), claim.note, note)]
    found = []
    for key, said, translated in pairs:
        if isinstance(said, str) and translated:
            found += _compare(doc, original.path, doc.line(*key), said, translated,
                              original_language, language)
    if translation.body is not None:
        found += _compare(doc, original.path, translation.body.line, original_body.text,
                          translation.body.text, original_language, language)
    return found


_LINK_TARGET = re.compile(r"\]\([^)]*\)|https?://\S+")


def _compare(doc: Document, original_path: str, line: int, said: str, translated: str,
             original_language: str, language: str) -> list[Problem]:
    said, translated = _LINK_TARGET.sub("]", said), _LINK_TARGET.sub("]", translated)
    numbers = numbers_in(said, original_language), numbers_in(translated, language)
    months = months_in(said, original_language), months_in(translated, language)
    if numbers[0] == numbers[1] and months[0] == months[1]:
        return []
    only_original = described(numbers[0] - numbers[1], months[0] - months[1], original_language)
    only_here = described(numbers[1] - numbers[0], months[1] - months[0], original_language)
    return [Problem(doc.path, line, f"numbers or dates differ from the original "
                                    f"({original_path}): only the original has {only_original}; "
                                    f"only this translation has {only_here}")]
