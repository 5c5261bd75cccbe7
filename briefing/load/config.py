"""site.yaml: the briefing's settings, read against a typed schema."""
from __future__ import annotations

import re
import zoneinfo
from urllib.parse import urlsplit

from ..errors import Collector
from ..schema import EVENT_STATUSES
from ..vocabulary import (DEFAULT_MAX_FILE_KB, DEFAULT_MAX_MARKDOWN_SECONDS, NUMBERING_SYSTEMS,
                          BrandConfig,
                          EditorConfig, LanguageConfig, SiteConfig, TopicConfig,
                          normalise_base_url)
from . import colours
from .fields import ID_PATTERN, FieldReader, suggest
from .frontmatter import Document

CONFIG_KEYS = ("title", "country", "language", "languages", "base_url", "timezone",
               "description", "topics", "cname", "max_file_kb", "max_markdown_seconds",
               "brand", "editors")
BRAND_KEYS = ("organisation", "url", "logo", "accent", "accent_dark", "font", "footer", "licence")
FONT_SUFFIXES = (".woff2", ".woff")
LANGUAGE_CODE = re.compile(r"[a-z]{2,3}")
HOSTNAME = re.compile(r"(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}")


def read_config(doc: Document, problems: Collector) -> SiteConfig:
    """Read site.yaml; problems are collected, a usable config is always returned."""
    r = FieldReader(doc, problems)
    r.check_keys(CONFIG_KEYS)
    base_url = r.text("base_url", True, "http://localhost/")
    try:
        base_url = normalise_base_url(base_url)
    except ValueError as error:
        r.error("base_url", str(error))
        base_url = "http://localhost/"
    timezone = r.text("timezone", default="UTC")
    try:
        zoneinfo.ZoneInfo(timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        r.error("timezone", f"unknown timezone '{timezone}' (expected an IANA name such as Africa/Maputo)")
        timezone = "UTC"
    cname = _read_cname(r, base_url)
    max_kb = r.number("max_file_kb")
    if max_kb is not None and (not isinstance(max_kb, int) or max_kb < 1):
        r.error("max_file_kb", "'max_file_kb' must be a whole number of kilobytes, at least 1")
        max_kb = None
    max_seconds = r.number("max_markdown_seconds")
    if max_seconds is not None and max_seconds <= 0:
        r.error("max_markdown_seconds", "'max_markdown_seconds' must be more than 0")
        max_seconds = None
    language = r.language("language", default="en")
    languages = _read_languages(r, language)
    return SiteConfig(title=r.text("title", True), country=r.text("country", True),
                      language=language, base_url=base_url,
                      timezone=timezone, description=r.text("description"),
                      topics=_read_topics(r, [l.code for l in languages[1:]]),
                      cname=cname, max_file_kb=max_kb or DEFAULT_MAX_FILE_KB,
                      languages=languages,
                      max_markdown_seconds=max_seconds or DEFAULT_MAX_MARKDOWN_SECONDS,
                      brand=_read_brand(r), editors=_read_editors(r))


def _read_brand(r: FieldReader) -> BrandConfig:
    value = r.meta.get("brand")
    if value is None:
        return BrandConfig()
    if not isinstance(value, dict):
        r.error("brand", "'brand' must be a mapping: organisation, url, logo, accent, font, "
                         "footer, licence")
        return BrandConfig()
    b = r.at("brand")
    b.check_keys(BRAND_KEYS)
    url = b.text("url")
    if url and urlsplit(url).scheme not in ("http", "https"):
        b.error("url", f"'url' must be a web address (https://...), not '{url}'")
        url = ""
    logo = b.text("logo").removeprefix("static/").lstrip("/")
    if logo and (not logo.lower().endswith(".svg") or ".." in logo.split("/")):
        b.error("logo", f"'logo' must be an SVG file below the briefing's static/ folder, "
                        f"such as img/logo.svg, not '{logo}'")
        logo = ""
    font = b.text("font").removeprefix("static/").lstrip("/")
    if font and (not font.lower().endswith(FONT_SUFFIXES) or ".." in font.split("/")):
        b.error("font", f"'font' must be a WOFF2 or WOFF file below the briefing's static/ "
                        f"folder, such as fonts/source-serif.woff2, not '{font}' (the "
                        "typeface is served from the briefing itself, never a font host)")
        font = ""
    accent = _accent(b, "accent", colours.LIGHT_PAGE, "light")
    accent_dark = _accent(b, "accent_dark", colours.DARK_PAGE, "dark")
    if accent and not accent_dark and "accent_dark" not in b.meta:
        accent_dark = colours.nearest_passing(accent, colours.DARK_PAGE)
    return BrandConfig(organisation=b.text("organisation"), url=url, logo=logo, accent=accent,
                       accent_dark=accent_dark, font=font, footer=b.text("footer"),
                       licence=b.text("licence"))


def _accent(b: FieldReader, name: str, page: str, which: str) -> str:
    """A link colour that reads on the page (WCAG AA, 4.5:1), or '' with a problem
    that gives the nearest one that does."""
    colour = b.text(name).lower()
    if not colour:
        return ""
    if colours.parse(colour) is None:
        b.error(name, f"'{name}' must be a colour written #rrggbb (or #rgb), not '{colour}'")
        return ""
    ratio = colours.contrast(colour, page)
    if ratio < colours.AA_TEXT:
        b.error(name, f"'{name}' {colour} has a contrast of {ratio:.1f}:1 on the {which} page "
                      f"({page}); links need {colours.AA_TEXT}:1 (WCAG AA). The nearest colour "
                      f"that passes: {colours.nearest_passing(colour, page)}")
        return ""
    return colour


def _read_editors(r: FieldReader) -> tuple[EditorConfig, ...]:
    editors = []
    for index, value in enumerate(r.items("editors")):
        entry = r.at("editors", index)
        if not isinstance(value, dict):
            entry.error(None, "each editor must be a mapping with name (and role)")
            continue
        entry.check_keys(("name", "role"))
        name = entry.text("name", True)
        if name:
            editors.append(EditorConfig(name, entry.text("role")))
    return tuple(editors)


def _read_languages(r: FieldReader, default: str) -> tuple[LanguageConfig, ...]:
    """The editions; without a `languages` list, one edition in `language`."""
    if r.meta.get("languages") is None:
        return (LanguageConfig(default, default),)
    languages = []
    for index, value in enumerate(r.items("languages", True)):
        entry = r.at("languages", index)
        if not isinstance(value, dict):
            entry.error(None, "each language must be a mapping with code and name")
            continue
        entry.check_keys(("code", "name", "locale", "title", "description", "country", "digits"))
        code = entry.text("code", True)
        if code and not LANGUAGE_CODE.fullmatch(code):
            entry.error("code", f"bad language code '{code}': use a two- or three-letter "
                                "lowercase code such as 'pt'")
            continue
        if code in [l.code for l in languages]:
            entry.error("code", f"language '{code}' is declared twice")
            continue
        digits = entry.text("digits")
        if digits and digits not in NUMBERING_SYSTEMS:
            entry.error("digits", f"unknown digits '{digits}'{suggest(digits, NUMBERING_SYSTEMS)}"
                                  f" (one of {', '.join(NUMBERING_SYSTEMS)}: CLDR's names, such as "
                                  "'arab' for ٠١٢٣)")
            digits = ""
        languages.append(LanguageConfig(code, entry.text("name", True), entry.text("locale"),
                                        entry.text("title"), entry.text("description"),
                                        entry.text("country"), digits))
    if languages and languages[0].code != default:
        r.error("languages", f"the first language ('{languages[0].code}') is the default edition "
                             f"and must be the site's language ('{default}')")
    return tuple(languages) or (LanguageConfig(default, default),)


def _read_cname(r: FieldReader, base_url: str) -> str:
    """The custom domain GitHub Pages serves the site at; the base URL must use it."""
    cname = r.text("cname").strip().lower()
    if not cname:
        return ""
    if not HOSTNAME.fullmatch(cname):
        r.error("cname", f"'cname' must be a domain name such as briefing.example.org, not '{cname}'")
        return ""
    parts = urlsplit(base_url)
    if parts.netloc != cname or parts.path != "/":
        r.error("cname", f"cname '{cname}' does not match base_url {base_url}: a custom domain "
                         f"serves the site at its root, so set base_url to https://{cname}/")
    return cname


def _names_a_timeline_filter(topic_id: str) -> bool:
    """Timeline filter pages are timeline/<topic>/<status>/<year>/, each part optional."""
    return topic_id in EVENT_STATUSES or topic_id.isdigit()


def _read_topics(r: FieldReader, other_languages: list[str]) -> tuple[TopicConfig, ...]:
    topics = []
    seen = set()
    for index, value in enumerate(r.items("topics", True)):
        t = r.at("topics", index)
        if not isinstance(value, dict):
            t.error(None, "each topic must be a mapping with id, name and description")
            continue
        t.check_keys(("id", "name", "description", *other_languages))
        topic_id = t.text("id", True)
        if topic_id and not ID_PATTERN.fullmatch(topic_id):
            t.error("id", f"bad topic id '{topic_id}': use lowercase letters, digits and hyphens")
            continue
        if topic_id in seen:
            t.error("id", f"topic '{topic_id}' is declared twice")
            continue
        if topic_id and _names_a_timeline_filter(topic_id):
            t.error("id", f"topic id '{topic_id}' would be read as an event status or a year in "
                          f"the timeline's filter pages (/timeline/{topic_id}/): choose another id")
            continue
        seen.add(topic_id)
        translations = {}
        for code in other_languages:
            if isinstance(value.get(code), dict):
                tr = t.at(code)
                tr.check_keys(("name", "description"))
                translations[code] = (tr.text("name", True), tr.text("description"))
            elif value.get(code) is not None:
                t.error(code, f"'{code}' must be a mapping with the topic's name and description")
        topics.append(TopicConfig(topic_id, t.text("name", True), t.text("description"),
                                  translations))
    return tuple(topics)
