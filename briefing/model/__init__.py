"""Model: validate what was loaded and resolve references, into a Site per edition."""
from __future__ import annotations

from dataclasses import dataclass, replace

from ..errors import Collector
from ..load import Inputs
from ..vocabulary import SiteConfig
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
          memo: Memo | None = None) -> Model:
    """Validate everything loaded; raises BuildFailed with every problem found."""
    site = build_site(config, inputs.documents, include_drafts=drafts, memo=memo)
    problems = Collector()
    differences = Collector()
    translations = read_translations(site, inputs.translations, problems, memo, differences)
    catalogues = _catalogues(inputs, config, problems)
    if inputs.map is not None:
        _places_off_the_map(site, inputs, problems)
        _disputed_areas_sourced(site, inputs, problems)
    _logo_in_static(config, inputs, problems)
    problems.raise_if_any()
    editions = [localize(site, language.code, translations, memo) for language in config.languages]
    return Model(site, editions, catalogues, tuple(differences.problems))


def _logo_in_static(config: SiteConfig, inputs: Inputs, problems: Collector) -> None:
    """The brand's logo is a file the build publishes: one of the static files."""
    logo = config.brand.logo
    if logo and logo not in inputs.static:
        line = inputs.config_document.line("brand", "logo") if inputs.config_document else 0
        problems.add("site.yaml", line, f"logo 'static/{logo}' not found: put the SVG in the "
                                        f"briefing's static/ folder{suggest(logo, inputs.static)}")


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
