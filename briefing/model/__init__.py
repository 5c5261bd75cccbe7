"""Model: validate what was loaded and resolve references, into a Site per edition."""
from __future__ import annotations

from dataclasses import dataclass, replace

from ..errors import Collector
from ..load import Inputs
from ..vocabulary import PartialDate, SiteConfig
from ..load import suggest
from ..load import AREA_KINDS, area_named
from ..kinds import MAP_FILE
from ..memo import Memo
from .catalogues import Catalogue, direction_of, read_catalogues
from .dates import last_day, last_updated, sources_reach
from .items import (ITEM_CLASSES, KIND_OF, Actor, Article, Body, Claim, Event, EventActor,
                    EventPlace, Figure, Item, Location, Month, Page, Place, Site, Source,
                    Topic, TopicTrend)
from .translations import Edition, localize, read_translations, translation_report
from .validate import build_site


@dataclass(frozen=True)
class Model:
    """The validated briefing: the Site, each language edition of it, and each
    edition's interface strings."""

    site: Site
    editions: list[Edition]
    catalogues: dict[str, Catalogue]
    # Warnings, never a failed build: translations whose numbers or dates differ.
    warnings: tuple = ()


def model(inputs: Inputs, config: SiteConfig, drafts: bool = False,
          memo: Memo | None = None, as_of: PartialDate | None = None) -> Model:
    """Validate everything loaded; raises BuildFailed with every problem found. as_of:
    the briefing's date, when given rather than taken from its newest item."""
    site = build_site(config, inputs.documents, include_drafts=drafts, memo=memo)
    problems = Collector()
    differences = Collector()
    translations = read_translations(site, inputs.translations, problems, memo, differences)
    catalogues = _catalogues(inputs, config, problems)
    if inputs.map is not None:
        _places_off_the_map(site, inputs, problems)
        _disputed_areas_sourced(site, inputs, problems)
    _logo_in_static(config, inputs, problems)
    _authors_are_editors(site, inputs, problems)
    problems.raise_if_any()
    if as_of is not None:
        _checked_after(site, inputs, as_of, differences)
    editions = [localize(site, language.code, translations, memo) for language in config.languages]
    return Model(site, editions, catalogues, tuple(differences.problems))


def _logo_in_static(config: SiteConfig, inputs: Inputs, problems: Collector) -> None:
    """The brand's logo and typeface are files the build publishes: static files."""
    for key, name, what in (("logo", config.brand.logo, "SVG"),
                            ("font", config.brand.font, "font file")):
        if name and name not in inputs.static:
            line = inputs.config_document.line("brand", key) if inputs.config_document else 0
            problems.add("site.yaml", line, f"{key} 'static/{name}' not found: put the {what} in "
                                            f"the briefing's static/ folder"
                                            f"{suggest(name, inputs.static)}")


def _places_off_the_map(site: Site, inputs: Inputs, problems: Collector) -> None:
    """A country or division with no location of its own is drawn as the map's area of
    that name: one that names no area is an error at its file, with the name meant,
    never a silent "No location given"."""
    documents = {doc.path: doc for doc in inputs.documents.get("places", ())}
    areas = [area.name for area in inputs.map.areas if area.role != "neighbour"]
    for place in site.places.values():
        if place.kind not in AREA_KINDS or place.location is not None:
            continue
        if area_named(inputs.map, place.map_names):
            continue
        document = documents.get(place.path)
        line = document.line("name") if document else 0
        problems.add(place.path, line, (
            f"'{place.name}' is a {place.kind} that the map has no area of"
            f"{suggest(place.name, areas)}: add the map's name to 'aliases', or give a "
            "'location'"))


def _checked_after(site: Site, inputs: Inputs, as_of: PartialDate, warnings: Collector) -> None:
    """A briefing dated with --as-of before a 'checked' day says "no report found as of"
    a day after its own date: a warning at each such check (the date was given on
    purpose, to see the briefing as it stood then)."""
    documents = {doc.path: doc for docs in inputs.documents.values() for doc in docs}
    checks = [(event.path, event.checked, ("checked",)) for event in site.events.values()]
    checks += [(article.path, claim.checked, ("claims", index, "checked"))
               for article in site.articles.values()
               for index, claim in enumerate(article.claims)]
    for path, day, key in sorted(checks, key=lambda check: check[0]):
        if day.known and last_day(day) > last_day(as_of):
            document = documents.get(path)
            warnings.add(path, document.line(*key) if document else 0,
                         f"'checked: {day.iso()}' is later than the briefing's date "
                         f"({as_of.iso()}, given with --as-of): its page says no report was "
                         "found as of a day after the briefing's own")


def _authors_are_editors(site: Site, inputs: Inputs, problems: Collector) -> None:
    """An article's authors are editors of the briefing, named in site.yaml's `editors:`
    (checked here, not with the article, so that an edit to site.yaml is seen)."""
    editors = [editor.name for editor in site.config.editors]
    documents = {doc.path: doc for doc in inputs.documents.get("articles", ())}
    for article in site.articles.values():
        for index, name in enumerate(article.authors):
            if name not in editors:
                document = documents.get(article.path)
                line = document.line("authors", index) if document else 0
                problems.add(article.path, line, f"author '{name}' is not one of the editors in "
                                                 f"site.yaml{suggest(name, editors)}: add them to "
                                                 "'editors', with their role")


def _disputed_areas_sourced(site: Site, inputs: Inputs, problems: Collector) -> None:
    """A disputed area is drawn only with the sources that say it is disputed: each is
    a source of the briefing."""
    for area in inputs.map.disputed:
        for ident in area.sources:
            if ident not in site.sources:
                problems.add(MAP_FILE, 0, f"disputed area '{area.name}': no source "
                                          f"'{ident}' in seeds/{suggest(ident, site.sources)}")


def _catalogues(inputs: Inputs, config: SiteConfig, problems: Collector) -> dict[str, Catalogue]:
    """Each edition's interface strings, with the locale site.yaml may set for it."""
    catalogues = read_catalogues(inputs.catalogues, [l.code for l in config.languages],
                                 config.default_language, problems)
    for language in config.languages:
        if language.locale and language.code in catalogues:
            catalogues[language.code] = replace(catalogues[language.code], locale=language.locale)
        if language.digits and language.code in catalogues:
            catalogues[language.code] = replace(catalogues[language.code], digits=language.digits)
    return catalogues


# The items are the model's public vocabulary, named as such in messages ("'briefing.model.Event
# object' has no attribute ...") and in pickles, wherever in the package they are defined.
for _class in (Actor, Article, Body, Claim, Event, EventActor, EventPlace, Figure, Item, Location,
               Month, Page, Place, Site, Source, Topic):
    _class.__module__ = __name__

__all__ = ["Actor", "Article", "Body", "Catalogue", "Claim", "Edition", "Event", "EventActor",
           "EventPlace", "Figure", "ITEM_CLASSES", "Item", "KIND_OF", "Location", "Model", "Month", "Page", "Place", "Site", "Source",
           "Topic", "TopicTrend", "build_site", "direction_of", "last_day", "last_updated", "model", "sources_reach",
           "translation_report"]
