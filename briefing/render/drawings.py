"""An edition's charts and locator maps, each drawn once per distinct input: the
chart of a figure's series and the map of a page's places, kept in the drawings
memo under the edition's key and a fingerprint of what is drawn."""
from __future__ import annotations

import dataclasses
import functools
from collections import Counter

import babel

from markupsafe import Markup

from ..countries import find_country
from ..schema import PLACE_KINDS
from ..memo import Key, Memo
from ..memo import key as memo_key
from ..model import Catalogue, Figure, Source
from ..plan import Urls
from ..plan.contexts import FigureShown, MapMark
from ..plan import fingerprint
from .charts import ChartPoint, ChartWords, line_chart
from .maps import LocatorMap, MapDrawer, MapWords


@dataclasses.dataclass(frozen=True)
class FigureChart:
    """A series drawn as a chart, and the figures it draws, oldest first."""

    svg: Markup
    title: str
    rows: tuple[FigureShown, ...]

    @property
    def figures(self) -> list[Figure]:
        return [row.figure for row in self.rows]

    @property
    def sources(self) -> list:
        return list({row.source.id: row.source for row in self.rows}.values())


@dataclasses.dataclass(frozen=True)
class DisputedArea:
    """A disputed area as a map's caption gives it: what is disputed, and who says so."""

    name: str
    note: str
    sources: tuple[Source, ...]


class EditionDrawings:
    """The charts and maps of one edition, for its templates (`chart`, `locator_map`)."""

    def __init__(self, key: str, catalogue: Catalogue, urls: Urls, maps: MapDrawer | None,
                 memo: Memo, country: str, map_sources: dict[str, Source] | None = None):
        self.key = key  # the edition's: its settings, strings, map and the map's sources
        self.catalogue = catalogue
        self.urls = urls
        self.maps = maps
        self.memo = memo
        self.country = country
        self.map_sources = map_sources or {}

    def words(self, prefix: str) -> dict[str, str]:
        """The catalogue's strings below a key, as plain text: {'as_of': 'as of'}."""
        return {key[len(prefix) + 1:]: text for key, text in self.catalogue.strings.items()
                if key.startswith(prefix + ".")}

    def chart(self, shown: FigureShown) -> FigureChart | None:
        """The chart of the series a figure is the newest of, if it has one."""
        if not shown.series:
            return None
        # The whole of what is shown: the figures of the series and the sources cited.
        key = memo_key(Key.CHART, self.key, fingerprint(shown)[0])
        return self.memo.get(key) or self.memo.put(key, self._chart(shown))

    def _chart(self, shown: FigureShown) -> FigureChart:
        figure, series = shown.figure, shown.series
        date = self.catalogue.date
        points = [ChartPoint(f.figure.as_of, date(f.figure.as_of), f.figure.value,
                             str(self.catalogue.figure(f.figure)),
                             f.figure.value_high if f.figure.qualifier == "range" else None)
                  for f in series]
        words = self.words("chart.svg")
        title = words.pop("title").format(label=figure.label, first=date(series[0].figure.as_of),
                                          last=date(figure.as_of))
        svg = line_chart(points, ident=f"chart-{figure.id}", title=title, unit=figure.unit,
                         words=ChartWords(**words))
        return FigureChart(Markup(svg), title, series)

    def locator_map(self, marks: tuple[MapMark, ...], ident: str = "map") -> LocatorMap | None:
        """The map with a page's places marked; None when the briefing has no map.
        Drawn once per distinct set of marks."""
        if self.maps is None:
            return None
        key = memo_key(Key.MAP, self.key, ident, fingerprint(marks)[0])
        drawn = self.memo.get(key)
        if drawn is None:
            drawn = self.memo.put(key, self._locator_map(marks, ident))
        return drawn

    @functools.cached_property
    def area_names(self) -> dict[str, str]:
        """Names in the edition's language, by map code, where they differ from the map's
        own (English, Natural Earth's): the country's and its neighbours' from the CLDR,
        and a division's from the map's `names` where it gives one."""
        locale = babel.Locale.parse(self.catalogue.locale)
        if locale.language == "en":
            return {}
        names = {}
        codes = Counter(area.code for area in self.maps.data.areas)
        for area in self.maps.data.areas:
            if area.role == "province":
                if codes[area.code] == 1 and area.name_in(locale.language) != area.name:
                    names[area.code] = area.name_in(locale.language)
                continue
            country = find_country(area.code)
            if country is not None and country.alpha2 in locale.territories:
                names[area.code] = locale.territories[country.alpha2]
        return names

    def _locator_map(self, marks: tuple[MapMark, ...], ident: str) -> LocatorMap:
        words = self.words("map.svg")
        kinds = {kind: self.catalogue.strings["place_kind." + kind].lower() for kind in PLACE_KINDS}
        drawn = self.maps.draw(list(marks), lambda place: self.urls.link("place", place.id), ident,
                               MapWords(**words, kinds=kinds, area_names=self.area_names),
                               self.country)
        disputed = tuple(DisputedArea(area.name, area.note, tuple(
            self.map_sources[ident] for ident in area.sources if ident in self.map_sources))
            for area in drawn.disputed)
        return dataclasses.replace(drawn, svg=Markup(drawn.svg), inset=Markup(drawn.inset),
                                   disputed=disputed)
