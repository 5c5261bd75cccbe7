"""`briefing new PATH --country CODE`: a new briefing folder that builds at once.

It writes the project's own shape: site.yaml (the country's name in each
edition's language and its locale, from Babel's CLDR data; the capital's time
zone), one example of each kind of item in content/ and seeds/ (each
translated for the other editions), the country's map from briefing.countries,
empty templates/, static/ and i18n/ folders where the briefing's own theme
files go, a thin build.py, a .gitignore, a GitHub Pages workflow with the
requirements.txt it installs, and a README. Nothing comes from the network.

The examples are published, not drafts, so that the first build shows a whole
site; each says it is an example, and every example file is named example-*.

Everything is made in memory first (`briefing_files`, a pure function of the
request and the data), then written into a new folder beside PATH that is
renamed into place: an interrupted `new` leaves no half-made briefing.
"""
from __future__ import annotations

import datetime
import difflib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import babel
import yaml
from babel.core import get_global

from ..countries import Country, countries, country_map, find_country
from ..errors import BuildFailed, Problem
from ..kinds import CATALOGUE_FOLDER, DEFAULT_THEME
from ..schema import EVENT_STATUSES
from ..load import LANGUAGE_CODE
from ..load import ID_PATTERN, suggest
from ..load import Area, MapData, fold_name, parse_map
from .starter_files import STARTER, Facts, briefing_files, slug

DEFAULT_TOPICS = ("security", "diplomacy", "economy")

# The time zone of the capital, for the countries whose territory spans several
# zones in the CLDR (Babel's 'territory_zones'); every other country has one
# zone. Each is the zone of the capital city in GeoNames (its countries' capital,
# then that city's time zone), which agrees with the tz database's zone.tab.
# tests/test_new.py checks that every country with a map and several zones is
# here and that each zone is one of its country's.
CAPITAL_ZONES = {
    "AR": "America/Argentina/Buenos_Aires", "AU": "Australia/Sydney",  # Canberra
    "BR": "America/Sao_Paulo",  # Brasília
    "CA": "America/Toronto",  # Ottawa
    "CD": "Africa/Kinshasa", "CL": "America/Santiago", "CN": "Asia/Shanghai",  # Beijing
    "CY": "Asia/Nicosia", "DE": "Europe/Berlin", "EC": "America/Guayaquil",  # Quito
    "ES": "Europe/Madrid", "FM": "Pacific/Pohnpei",  # Palikir
    "GL": "America/Nuuk", "ID": "Asia/Jakarta", "KI": "Pacific/Tarawa",
    "KZ": "Asia/Almaty",  # Astana
    "MH": "Pacific/Majuro", "MN": "Asia/Ulaanbaatar", "MX": "America/Mexico_City",
    "MY": "Asia/Kuala_Lumpur", "NZ": "Pacific/Auckland",  # Wellington
    "PF": "Pacific/Tahiti",  # Papeete
    "PG": "Pacific/Port_Moresby", "PS": "Asia/Hebron",  # Ramallah, East Jerusalem
    "PT": "Europe/Lisbon", "RU": "Europe/Moscow", "UA": "Europe/Kyiv",
    "UM": "Pacific/Wake",  # no capital: the first of its zones
    "US": "America/New_York",  # Washington
    "UZ": "Asia/Tashkent",
    "XK": "Europe/Belgrade",  # Kosovo: the zone the tz database gives it (zone1970.tab)
}
NO_ZONE = "UTC"  # uninhabited islands (Bouvet, Heard and McDonald) have none


@dataclass(frozen=True)
class NewRequest:
    path: Path
    country: str  # ISO 3166-1 alpha-2 or alpha-3, any case
    title: str = ""  # default: each edition's own ("Sudan Briefing", "Dossier Mali")
    languages: tuple[str, ...] = ()  # the first is the root edition; default: English only
    topics: tuple[str, ...] = DEFAULT_TOPICS
    today: datetime.date | None = None  # the examples' dates; default: today
    requirement: str | None = None  # how GitHub Actions installs Briefing; None: as it is here


@dataclass(frozen=True)
class Created:
    path: Path
    facts: Facts
    files: tuple[str, ...]


# Checking the request ------------------------------------------------------


def interface_languages() -> list[str]:
    """The languages the packaged theme has an interface catalogue for."""
    return sorted(path.stem for path in (DEFAULT_THEME / CATALOGUE_FOLDER).glob("*.yaml"))


def _countries_by_name() -> dict[str, Country]:
    """Every country by its folded name in each interface language and in the index."""
    named = {}
    for language in interface_languages():
        territories = babel.Locale.parse(language).territories
        for country in countries():
            if country.alpha2 in territories:
                named.setdefault(fold_name(territories[country.alpha2]), country)
    for country in countries():
        named.setdefault(fold_name(country.name), country)
    return named


def _meant(text: str) -> Country | None:
    """The country a wrong code most likely means: a code the CLDR knows as an
    alias ('UK' for GB), or a country's name, as written or nearly."""
    for alias in get_global("territory_aliases").get(text.upper(), []):
        if find_country(alias) is not None:
            return find_country(alias)
    named = _countries_by_name()
    if fold_name(text) in named:
        return named[fold_name(text)]
    if len(text) > 3:
        close = difflib.get_close_matches(fold_name(text), list(named), n=1, cutoff=0.7)
        return named[close[0]] if close else None
    return None


def country_problem(code: str) -> str | None:
    """Why `code` names no country with a map (with a suggestion), or None."""
    if find_country(code) is not None:
        return None
    text = code.strip()
    meant = _meant(text)
    if meant is not None:
        hint = f" (did you mean '{meant.alpha2}', {meant.name}?)"
    elif len(text) <= 3:
        hint = suggest(text.upper(), [c for x in countries() for c in (x.alpha2, x.alpha3)])
    else:
        hint = ""
    return (f"unknown country code '{code}'{hint}: give an ISO 3166-1 code such as SD or SDN")


def language_problems(languages: tuple[str, ...]) -> list[str]:
    known = interface_languages()
    problems, seen = [], set()
    for code in languages:
        if code in seen:
            problems.append(f"language '{code}' is given twice")
        elif code not in known:
            hint = suggest(code.lower(), known)
            problems.append(f"no interface catalogue for language '{code}'{hint}: Briefing's "
                            f"theme has {', '.join(known)}; for another language, start with "
                            f"one of these, then add i18n/<code>.yaml to the briefing (see its "
                            "README)" if LANGUAGE_CODE.fullmatch(code) else
                            f"bad language code '{code}': use a two- or three-letter lowercase "
                            f"code such as {', '.join(known)}")
        seen.add(code)
    return problems


def topic_problems(topics: tuple[str, ...]) -> list[str]:
    problems, seen = [], set()
    if not topics:
        problems.append("give at least one topic, e.g. --topics security,diplomacy,economy")
    for topic in topics:
        if not ID_PATTERN.fullmatch(topic):
            problems.append(f"bad topic id '{topic}': use lowercase letters, digits and hyphens")
        elif topic in EVENT_STATUSES or topic.isdigit():
            problems.append(f"topic id '{topic}' would be read as an event status or a year in "
                            "the timeline's filter pages: choose another id")
        elif topic in seen:
            problems.append(f"topic '{topic}' is given twice")
        seen.add(topic)
    return problems


def path_problem(path: Path) -> str | None:
    if path.is_symlink() or (path.exists() and not path.is_dir()):
        return "already exists and is not a folder: give a new folder's path"
    if path.is_dir() and any(path.iterdir()):
        return "is not empty: 'briefing new' writes only into a new or empty folder"
    return None


def check(request: NewRequest) -> None:
    """Raise BuildFailed with every reason the request cannot be made."""
    problems = []
    if (reason := path_problem(request.path)) is not None:
        problems.append(Problem(str(request.path), 0, reason))
    if (reason := country_problem(request.country)) is not None:
        problems.append(Problem("--country", 0, reason))
    problems += [Problem("--language", 0, reason) for reason in language_problems(request.languages)]
    problems += [Problem("--topics", 0, reason) for reason in topic_problems(request.topics)]
    if problems:
        raise BuildFailed(problems)


# What the data says ----------------------------------------------------------


def capital_zone(alpha2: str) -> str:
    """The IANA time zone of the country's capital (see CAPITAL_ZONES)."""
    if alpha2 in CAPITAL_ZONES:
        return CAPITAL_ZONES[alpha2]
    zones = get_global("territory_zones").get(alpha2, [])
    return zones[0] if zones else NO_ZONE


def country_name(country: Country, language: str) -> str:
    return babel.Locale.parse(language).territories.get(country.alpha2, country.name)


def edition_locale(language: str, alpha2: str) -> str:
    """'fr_ML' when the CLDR has the language as written in the country, else ''
    (the catalogue's own locale then applies)."""
    name = f"{language}_{alpha2}"
    return name if babel.localedata.exists(name) else ""


def example_province(data: MapData) -> Area | None:
    """The division nearest the middle of the country (its label), whose name is not
    also the country's (it would be taken for the whole country on the map)."""
    country = data.country
    centre = country.label or country.polygons[0][0][0]
    divisions = [a for a in data.areas if a.role == "province" and a.label is not None
                 and fold_name(a.name) != fold_name(country.name) and slug(a.name)]
    if not divisions:
        return None
    return min(divisions, key=lambda a: ((a.label[0] - centre[0]) ** 2
                                         + (a.label[1] - centre[1]) ** 2, a.name))


DISTRIBUTION = "country-briefing"  # Briefing's name on the package index


def installed_requirement() -> str:
    """A pip requirement for this Briefing as it was installed: from the Git repository
    or web address it came from (as pip records in direct_url.json, PEP 610), else
    the package index's release of the version that runs."""
    try:
        distribution = metadata.distribution(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return ""
    recorded = distribution.read_text("direct_url.json")
    return (requirement_from(json.loads(recorded) if recorded else {})
            or f"{DISTRIBUTION}=={distribution.version}")


def requirement_from(direct_url: dict) -> str:
    url = direct_url.get("url", "")
    if not url.startswith(("https://", "http://")):
        return ""  # a local wheel or checkout: the workflow cannot get at it
    vcs = direct_url.get("vcs_info")
    if vcs:
        return f"{DISTRIBUTION} @ {vcs.get('vcs', 'git')}+{url}@{vcs.get('commit_id', '')}".rstrip("@")
    return f"{DISTRIBUTION} @ {url}" if "archive_info" in direct_url else ""


def read_words(language: str) -> dict:
    return yaml.safe_load((STARTER / "words" / f"{language}.yaml").read_text(encoding="utf-8"))


def gather(request: NewRequest) -> Facts:
    """The facts a checked request makes a briefing of."""
    country = find_country(request.country)
    languages = request.languages or ("en",)
    map_text = country_map(country.alpha3)
    data = parse_map(map_text)
    province = example_province(data)
    lon, lat = (province or data.country).label or data.country.polygons[0][0][0]
    words = {language: read_words(language) for language in languages}
    names = {language: country_name(country, language) for language in languages}
    title = request.title.strip() or words[languages[0]]["title"].format(country=names[languages[0]])
    requirement = (request.requirement if request.requirement is not None
                   else installed_requirement())
    return Facts(country=country, names=names, languages=languages,
                 locales={l: edition_locale(l, country.alpha2) for l in languages},
                 timezone=capital_zone(country.alpha2), title=title, topics=request.topics,
                 map_text=map_text, province=province,
                 place=(round((lon + 180) % 360 - 180, 2), round(lat, 2)),
                 today=request.today or datetime.date.today(), requirement=requirement,
                 folder=Path(os.path.abspath(request.path)).name, words=words)


# Writing ---------------------------------------------------------------------


def write_new_folder(path: Path, files: dict[str, bytes]) -> None:
    """Write the files into a scratch folder, then move them into place: a new
    folder is renamed to `path` whole; into an existing empty folder (`new .`,
    where a shell may stand) the scratch folder's entries are moved one by one."""
    path = Path(os.path.abspath(path))
    existing = path.is_dir()
    home = path if existing else path.parent
    home.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{path.name}.new-", dir=home))
    try:
        for name, data in files.items():
            target = scratch / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            if name == "build.py":
                target.chmod(0o755)
        if existing:
            for entry in sorted(scratch.iterdir()):
                os.rename(entry, path / entry.name)
            scratch.rmdir()
        else:
            scratch.chmod(0o777 & ~_umask())
            os.rename(scratch, path)
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def new_briefing(request: NewRequest) -> Created:
    """Check the request (raising BuildFailed with every problem), then write the
    new briefing."""
    check(request)
    facts = gather(request)
    files = briefing_files(facts)
    try:
        write_new_folder(request.path, files)
    except OSError as error:
        raise BuildFailed([Problem(str(request.path), 0,
                                   f"cannot write here: {error.strerror or error}")]) from None
    return Created(request.path, facts, tuple(files))
