"""A locator map for every country, shipped with the package: no network needed.

maps.zip holds one GeoJSON map per country, in the shape map/README.md
describes (briefing.load.mapdata.parse_map reads it); index.json lists the countries'
ISO 3166-1 alpha-2 and alpha-3 codes and names. Both are made by
tools/make_country_maps.py from Natural Earth (public domain); README.md here
says how and what was decided.

    country_map("SD") == country_map("sdn")   # the GeoJSON text of Sudan's map
    find_country("XX") is None                 # then countries() for "did you mean"
"""
from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

HERE = Path(__file__).parent
MAPS = HERE / "maps.zip"
INDEX = HERE / "index.json"


@dataclass(frozen=True)
class Country:
    alpha2: str  # ISO 3166-1 alpha-2, e.g. 'SD' (Kosovo: the user-assigned 'XK')
    alpha3: str  # ISO 3166-1 alpha-3, e.g. 'SDN' (Kosovo: 'XKX')
    name: str    # in English, as the map names it


class UnknownCountry(LookupError):
    """No map for this code; countries() lists those there are."""


@cache
def countries() -> tuple[Country, ...]:
    """Every country with a map, by English name."""
    rows = json.loads(INDEX.read_text(encoding="utf-8"))
    return tuple(sorted((Country(*row) for row in rows), key=lambda c: c.name))


@cache
def _by_code() -> dict[str, Country]:
    return {code: c for c in countries() for code in (c.alpha2, c.alpha3)}


def find_country(code: str) -> Country | None:
    """The country of an ISO 3166-1 alpha-2 or alpha-3 code, any case, or None."""
    return _by_code().get(code.strip().upper())


def country_map(code: str) -> str:
    """The GeoJSON text of a country's map, by its alpha-2 or alpha-3 code;
    raises UnknownCountry for a code with no map."""
    country = find_country(code)
    if country is None:
        raise UnknownCountry(code)
    with zipfile.ZipFile(MAPS) as archive:
        return archive.read(f"{country.alpha3}.geojson").decode("utf-8")
