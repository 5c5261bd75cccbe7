"""The pages of one language edition through the build's templates.

An `EditionRenderer` renders them. A template sees its page's context
(plan/contexts.py) and the edition's settings, strings, URL helpers and drawings
(drawings.py), nothing else; the page's key is therefore a hash of its
context's fingerprint, its templates (each with what it includes, imports or
extends), the bodies it shows (bodies.py) and the edition's settings (`key`).
"""
from __future__ import annotations

import dataclasses
import functools

from collections.abc import Callable

from markupsafe import Markup

from ..kinds import listing
from ..memo import Key, Memo, NoMemo, hashed
from ..model import Catalogue, last_updated, sources_reach
from ..model import direction_of
from ..model import Edition
from ..plan import PlannedPage, Urls
from ..plan import fingerprint
from .bodies import BodyRenderer
from .drawings import EditionDrawings
from .linked_data import LinkedData
from .maps import MapDrawer
from .markup import MarkdownRenderer
from .template_set import TEMPLATE_PREFIX


class EditionRenderer:
    """Renders the pages of one language edition; templates are shared by all."""

    def __init__(self, edition: Edition, catalogue: Catalogue, environment: Callable | None,
                 maps: MapDrawer | None = None, map_key: str = "",
                 reserved_ids: frozenset[str] = frozenset(), drawings: Memo | None = None,
                 made: frozenset[str] = frozenset(), fragments: Memo | None = None,
                 closure_digest: Callable[[str], str] | None = None):
        site = edition.site
        config = site.config
        self.site = site
        self.catalogue = catalogue
        self.language = edition.language
        self.urls = Urls(config, edition.language)
        self.environment = environment  # () -> the Jinja environment, made when first asked
        self.bodies = BodyRenderer(site, self.urls,
                                   MarkdownRenderer(config.max_markdown_seconds, reserved_ids), made)
        self.linked_data = LinkedData(config, self.urls)
        nav_topics = tuple(site.topics.values())
        has_about = "about" in site.pages
        updated, reach = last_updated(site), sources_reach(site)
        # The sources the map's disputed areas cite: shown under every map.
        map_sources = {ident: site.sources[ident] for area in (maps.data.disputed if maps else ())
                       for ident in area.sources if ident in site.sources}
        # What every page of the edition shows besides its own context.
        self.key = hashed(Key.EDITION, self.language, config, catalogue.locale,
                          catalogue.strings, [t.digest for t in nav_topics], has_about, updated,
                          reach, map_key, [(i, s.digest) for i, s in sorted(map_sources.items())])
        self.drawings = EditionDrawings(self.key, catalogue, self.urls, maps,
                                        drawings if drawings is not None else NoMemo(),
                                        config.country, map_sources)
        self._shown = (nav_topics, has_about, updated, reach)
        # An item's entry as every listing shows it, by its macro and arguments: for one
        # build, whose templates, settings and strings are the same throughout; and, in
        # a process that builds again (the preview), kept for the next build by all it
        # is made from.
        self.fragments: dict[tuple, Markup] = {}
        self.kept_fragments = fragments if fragments is not None else NoMemo()
        self.closure_digest = closure_digest

    @functools.cached_property
    def globals(self) -> dict:
        """What every template of the edition sees besides its page's context: made when
        the first page is rendered (a build that renders none never looks up the
        language's direction in the CLDR)."""
        nav_topics, has_about, updated, reach = self._shown
        catalogue, urls = self.catalogue, self.urls
        return dict(
            config=self.site.config,
            catalogue=catalogue,
            t=catalogue.t,
            link=urls.link,
            listing=listing,
            asset=urls.asset,
            site_link=urls.site_link,
            absolute=urls.absolute,
            alternates=urls.alternates,
            nav_topics=nav_topics,
            has_about=has_about,
            last_updated=updated,
            sources_reach=reach,
            chart=self.drawings.chart,
            locator_map=self.drawings.locator_map,
            fragment=self.fragment,
            direction=catalogue.direction,
            direction_of=direction_of,
        )

    def fragment(self, macro, *args) -> Markup:
        """What `macro(*args)` renders, rendered once per edition: the same entry on every
        listing that shows it (as Hugo's partialCached)."""
        # The macro's compiled code tells two macros of one name in two templates apart.
        code = macro._func.__code__
        key = (macro.name, code, fingerprint(args)[0])
        done = self.fragments.get(key)
        if done is None:
            done = self.fragments[key] = self._kept_fragment(macro, code, key[2], args)
        return done

    def _kept_fragment(self, macro, code, arguments: str, args: tuple) -> Markup:
        """A fragment kept from the last build, if its key is unchanged: the edition's
        settings and strings, the text of the macro's template and of what that uses,
        the macro and its arguments' fingerprint, as a page's key is made. (Shared by
        every page that lists it, a fragment reads only its arguments and what every
        page of the edition sees.)"""
        if isinstance(self.kept_fragments, NoMemo) or self.closure_digest is None:
            return macro(*args)
        template = code.co_filename.removeprefix(TEMPLATE_PREFIX)
        key = hashed(Key.FRAGMENT, self.key, self.closure_digest(template), macro.name,
                     arguments)
        done = self.kept_fragments.get(key)
        if done is None:
            done = self.kept_fragments.put(key, macro(*args))
        return done

    def page(self, page: PlannedPage, bodies: dict[str, Markup]) -> str:
        template = self.environment().get_template(page.template)
        context = {f.name: getattr(page.context, f.name) for f in dataclasses.fields(page.context)}
        return template.render(self.globals, **context, page_path=page.path,
                               page_url=page.url, language=page.language, bodies=bodies,
                               search=page.search, linked_data=self.linked_data.of(page.context))
