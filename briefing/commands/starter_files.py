"""The files of a new briefing, made in memory from the facts `new` gathered: a pure
function of them and of the starter's templates and words (briefing/commands/starter/).
"""
from __future__ import annotations

import datetime
import json
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import babel
import jinja2
import yaml
from babel.core import get_global

from ..countries import Country
from ..kinds import BY_NAME, CATALOGUE_FOLDER, MAP_FILE, STATIC_FOLDER, TEMPLATE_FOLDER
from ..load import Area, fold_name

STARTER = Path(__file__).with_name("starter")


@dataclass(frozen=True)
class Facts:
    """What the files of a new briefing are made from: the request checked, and
    what the data says of the country."""

    country: Country
    names: dict[str, str]  # language -> the country's name in it
    languages: tuple[str, ...]
    locales: dict[str, str]  # language -> locale for dates and numbers, where Babel has one
    timezone: str
    title: str
    topics: tuple[str, ...]
    map_text: str
    province: Area | None  # the division the examples are in; None for a country without
    place: tuple[float, float]  # (lon, lat) of the example town
    today: datetime.date
    requirement: str  # a pip requirement line, or '' when unknown
    folder: str  # the new folder's name, for the example base URL
    words: dict[str, dict] = field(repr=False)  # language -> the starter's words


def slug(text: str) -> str:
    """'Tombouctou' -> 'tombouctou', 'Cabo Delgado' -> 'cabo-delgado'."""
    folded = fold_name(text)
    return "-".join(re.findall(r"[a-z0-9]+", folded))



def language_name(language: str) -> str:
    """The language's name in itself: 'English', 'Français', 'Português'."""
    name = babel.Locale.parse(language).get_display_name(language) or language
    return name[:1].upper() + name[1:]



def yaml_scalar(value) -> str:
    """A value as YAML reads it back as the same text: plain where it can be."""
    text = str(value)
    plain = (text == text.strip() and "\n" not in text and text[:1] not in "!&*[]{}|>'\"%@`#,?:-"
             and ": " not in text and " #" not in text and not text.endswith(":"))
    try:
        plain = plain and yaml.safe_load(text) == text
    except yaml.YAMLError:
        plain = False
    return text if plain else json.dumps(text, ensure_ascii=False)


def yaml_folded(value, indent: int = 2, width: int = 78) -> str:
    """A long text as a folded block (`>-`), wrapped; a short one as a scalar."""
    text = " ".join(re.split(r"[ \t\n]+", str(value).strip(" \t\n")))  # not no-break spaces
    if len(text) <= width - 20:
        return yaml_scalar(text)
    lines = textwrap.wrap(text, width - indent, break_long_words=False, break_on_hyphens=False)
    return ">-\n" + "\n".join(" " * indent + line for line in lines)


def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(STARTER), undefined=jinja2.StrictUndefined,
        autoescape=False, keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
    environment.filters.update(yaml=yaml_scalar, folded=yaml_folded)
    return environment


class _Later(dict):
    """Fields not known yet ({topic}) stay as they are, to be filled in later."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _fill(words, values: dict):
    """The starter's words with {fields} filled in, all the way down."""
    if isinstance(words, dict):
        return {key: _fill(value, values) for key, value in words.items()}
    if isinstance(words, list):
        return [_fill(value, values) for value in words]
    return words.format_map(_Later(values)) if isinstance(words, str) else words


LEXICON_HEADER = """\
# Words that suggest each topic, per language, for `briefing ingest`: it files a
# story under the topics whose words it uses most. Extend the lists freely; a topic
# must be declared in site.yaml, a language must be one ingest reads (en, pt).
# Matching ignores case and accents; a word ending in * matches any ending
# ("terror*" matches terrorism, terroristas); a phrase matches as a whole.
"""


def lexicon_text(topics: tuple[str, ...]) -> str:
    """lexicon.yaml for the topics of a new briefing: the starter's words for the
    topics it knows, empty lists (to fill in) for the others."""
    known = yaml.safe_load((STARTER / "lexicon.yaml").read_text(encoding="utf-8"))["topics"]
    lines = [LEXICON_HEADER.rstrip("\n"), "topics:"]
    for topic in topics:
        words = known.get(topic)
        lines.append(f"  {topic}:" + ("" if words else "  # no words yet: add some, or ingest "
                                                       "will not find this topic"))
        for language in ("en", "pt"):
            listed = ", ".join(yaml_scalar(word) for word in (words or {}).get(language, ()))
            lines.append(f"    {language}: [{listed}]")
    return "\n".join(lines) + "\n"


def topic_words(words: dict, topic: str) -> dict:
    known = words["topics"].get(topic)
    if known:
        return known
    name = topic.replace("-", " ").capitalize()
    return {"name": name, "description": words["other_topic"].format(topic=name)}


# Each example: (template, its kind, its id); its file is where the kind's files go.
EXAMPLES = (
    ("source.yaml", "sources", "example-source"),
    ("article.md", "articles", "example-article"),
    ("event.md", "events", "example-event"),
    ("actor.md", "actors", "example-person"),
    ("town.md", "places", "example-town"),
    ("figure.yaml", "figures", "example-figure"),
    ("about.md", "pages", "about"),
)
OTHER_FILES = (
    ("site.yaml", "site.yaml"),
    ("README.md", "README.md"),
    ("build.py", "build.py"),
    ("gitignore", ".gitignore"),
    ("requirements.txt", "requirements.txt"),
    ("pages.yml", ".github/workflows/pages.yml"),
)
# Folders for the briefing's own theme files: kept in git by an ignored hidden file.
OWN_THEME_FOLDERS = (TEMPLATE_FOLDER, STATIC_FOLDER, CATALOGUE_FOLDER)


def briefing_files(facts: Facts) -> dict[str, bytes]:
    """Every file of the new briefing, by its path below the folder."""
    environment = _environment()
    root = facts.languages[0]
    place = facts.province.name if facts.province else ""
    base = {"province": place, "province_id": slug(place) if place else "",
            "place_id": slug(place) if place else "example-town"}
    texts = {}
    for language in facts.languages:
        values = dict(base, country=facts.names[language])
        town = facts.words[language]["town"]["name"]
        if facts.province:  # as the map names it in the edition's language, if it does
            values["province"] = facts.province.name_in(language)
        values["place"] = values["province"] or town
        texts[language] = _fill(facts.words[language], values)
    next_month = (facts.today.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    context = {
        "facts": facts, "root": root, "w": texts[root], "texts": texts,
        "province": facts.province, "province_id": base["province_id"],
        "today": facts.today.isoformat(), "this_month": facts.today.strftime("%Y-%m"),
        "next_month": next_month.strftime("%Y-%m"),
        "topics": [(t, {l: topic_words(texts[l], t) for l in facts.languages})
                   for t in facts.topics],
        "first_topic": facts.topics[0], "site_folder": slug(facts.folder) or "briefing",
        "language_names": {l: language_name(l) for l in facts.languages},
        "zone_count": len(get_global("territory_zones").get(facts.country.alpha2, [])),
    }
    files: dict[str, str] = {}
    for template, target in OTHER_FILES:
        files[target] = environment.get_template(template).render(context)
    files["lexicon.yaml"] = lexicon_text(facts.topics)
    examples = list(EXAMPLES)
    if facts.province is not None:
        examples.append(("province.md", "places", base["province_id"]))
    examples += [("topic.md", "topics", topic) for topic in facts.topics]
    for template, kind, ident in examples:
        topic = template == "topic.md" and ident
        for language in facts.languages:
            original = language == root
            files[BY_NAME[kind].file(ident if original else f"{ident}.{language}")] = \
                environment.get_template(template).render(
                    context, original=original, t=texts[language], language=language,
                    topic=topic and topic_words(texts[language], topic))
    files[MAP_FILE] = facts.map_text
    for folder in OWN_THEME_FOLDERS:
        files[f"{folder}/.gitkeep"] = ""
    return {name: text.encode("utf-8") for name, text in sorted(files.items())}
