"""A deterministic briefing-shaped corpus, written as three equivalent projects.

`generate(n, folder)` writes, from one seeded description of the same N items:

    folder/briefing/   site.yaml, seeds/, content/ (the shapes of docs/content-model.md)
    folder/hugo/       a Hugo project making the equivalent pages
    folder/pelican/    a Pelican project making the equivalent pages

Items are a mix of articles (60 %) and events (40 %), each with a 400-600-word
Markdown body (headings, lists, links, emphasis), one to three topics, three to
five actors and three to five places drawn from pools of about 200, and one or
two sources. Every site gets one page per item, per actor, per place, per topic,
and a home page listing the latest items. In Hugo, actors and places are
taxonomies; in Pelican, whose only free taxonomy is tags, both become tags and
the first topic becomes the category.

The same N and seed always give byte-identical files: `random.Random(seed)`,
no clock, sorted iteration.

    python bench/corpus.py 1000 /tmp/corpus     # writes the three projects
"""
from __future__ import annotations

import random
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

POOL = 200  # actors, places and sources each (fewer for small corpora)
TOPICS = (("security", "Security"), ("diplomacy", "Diplomacy"), ("economy", "Economy"))
FIGURES = 24

# Word stock for filler prose: plain English words, combined at random.
_NOUNS = ("ministry", "province", "port", "convoy", "delegation", "agreement", "report",
          "border", "harbour", "council", "pipeline", "district", "envoy", "market",
          "statement", "committee", "mission", "survey", "budget", "election", "village",
          "road", "bridge", "school", "clinic", "court", "company", "licence", "tender",
          "contract", "programme", "office", "patrol", "garrison", "corridor", "coast")
_VERBS = ("announced", "confirmed", "denied", "questioned", "delayed", "approved",
          "reviewed", "signed", "postponed", "described", "challenged", "welcomed",
          "discussed", "reported", "estimated", "published", "cancelled", "extended")
_ADJECTIVES = ("northern", "coastal", "regional", "provisional", "disputed", "official",
               "independent", "joint", "annual", "preliminary", "revised", "local",
               "foreign", "national", "temporary", "formal", "public", "new")
_SYLLABLES = ("ka", "ro", "mi", "ta", "lu", "ne", "sa", "vo", "di", "ba", "ze", "po",
              "ri", "go", "na", "te", "mo", "chi", "la", "fe")
_OUTLETS = ("Coastal Wire", "Northern Courier", "Harbour Times", "Provincial Gazette",
            "Morning Ledger", "Capital Radio", "Delta Post", "Valley Herald")
_ACTOR_KINDS = ("person", "person", "person", "organisation", "state", "armed group", "media")
_PLACE_KINDS = ("town", "city", "district", "province", "region")


@dataclass
class Person:
    id: str
    name: str
    kind: str
    role: str


@dataclass
class Source:
    id: str
    outlet: str
    title: str
    published: str


@dataclass
class Item:
    kind: str  # "article" or "event"
    id: str
    title: str
    date: str
    summary: str
    topics: list[str]
    actors: list[str]
    places: list[str]
    sources: list[str]
    body: str
    status: str = "occurred"
    events: list[str] = field(default_factory=list)


@dataclass
class Corpus:
    actors: list[Person]
    places: list[Person]
    sources: list[Source]
    items: list[Item]
    figures: list[dict]


class _Writer:
    """Random text and records from one seeded generator."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.names: set[str] = set()

    def name(self, parts: int) -> str:
        """A made-up name, never the same twice (taxonomy terms are keyed by name)."""
        while True:
            name = " ".join(
                "".join(self.rng.choice(_SYLLABLES) for _ in range(self.rng.randint(2, 3))).capitalize()
                for _ in range(parts))
            if name not in self.names:
                self.names.add(name)
                return name

    def date(self) -> str:
        return (f"20{self.rng.randint(17, 25):02d}-{self.rng.randint(1, 12):02d}-"
                f"{self.rng.randint(1, 28):02d}")

    def sentence(self, links: list[str] = ()) -> str:
        rng = self.rng
        words = [rng.choice(_ADJECTIVES), rng.choice(_NOUNS), rng.choice(_VERBS), "the",
                 rng.choice(_ADJECTIVES), rng.choice(_NOUNS)]
        words += [rng.choice(("after", "before", "during", "despite", "near")), "the",
                  rng.choice(_NOUNS)]
        if rng.random() < 0.3:
            words += ["and", "the", rng.choice(_NOUNS), rng.choice(_VERBS)]
        position = rng.randrange(1, len(words))
        if links and rng.random() < 0.5:
            words.insert(position, rng.choice(links))
        elif rng.random() < 0.3:
            words[position] = f"*{words[position]}*" if rng.random() < 0.5 else f"**{words[position]}**"
        words[0] = "The " + words[0]
        return " ".join(words) + "."

    def paragraph(self, links: list[str]) -> str:
        return " ".join(self.sentence(links) for _ in range(self.rng.randint(3, 6)))

    def body(self, links: list[str]) -> str:
        """400-600 words of Markdown: paragraphs, two headings, a list."""
        target = self.rng.randint(400, 600)
        blocks: list[str] = []
        words = 0
        while words < target:
            if len(blocks) in (2, 6):
                heading = f"## The {self.rng.choice(_ADJECTIVES)} {self.rng.choice(_NOUNS)}"
                blocks.append(heading)
            if len(blocks) == 4:
                bullets = [f"- {self.sentence(links)}" for _ in range(self.rng.randint(3, 5))]
                blocks.append("\n".join(bullets))
            else:
                blocks.append(self.paragraph(links))
            words += len(blocks[-1].split())
        return "\n\n".join(blocks) + "\n"


def make_corpus(n: int, seed: int = 2025) -> Corpus:
    w = _Writer(seed)
    rng = w.rng
    pool = min(POOL, max(12, n // 5))
    actors = [Person(f"actor-{i:03d}", w.name(2), rng.choice(_ACTOR_KINDS),
                     f"{rng.choice(_ADJECTIVES)} {rng.choice(_NOUNS)} official") for i in range(pool)]
    places = [Person(f"place-{i:03d}", w.name(1), rng.choice(_PLACE_KINDS), "") for i in range(pool)]
    sources = [Source(f"source-{i:03d}", rng.choice(_OUTLETS),
                      f"The {rng.choice(_ADJECTIVES)} {rng.choice(_NOUNS)} {rng.choice(_VERBS)}",
                      w.date()) for i in range(pool)]
    items: list[Item] = []
    events: list[str] = []
    for index in range(n):
        kind = "event" if rng.random() < 0.4 else "article"
        ident = f"{kind}-{index:05d}"
        chosen_actors = sorted(rng.sample(range(pool), rng.randint(3, 5)))
        chosen_places = sorted(rng.sample(range(pool), rng.randint(3, 5)))
        links = [f"[{actors[i].name}](actor:{actors[i].id})" for i in chosen_actors[:2]]
        links += [f"[{places[i].name}](place:{places[i].id})" for i in chosen_places[:1]]
        links += [f"[the {rng.choice(_NOUNS)} notice](https://example.org/notice/{index})"]
        item = Item(
            kind=kind, id=ident,
            title=f"{rng.choice(_ADJECTIVES).capitalize()} {rng.choice(_NOUNS)} {rng.choice(_VERBS)} "
                  f"in {places[chosen_places[0]].name}",
            date=w.date(), summary=w.sentence(), topics=sorted(
                rng.sample([t for t, _ in TOPICS], rng.randint(1, 3))),
            actors=[actors[i].id for i in chosen_actors], places=[places[i].id for i in chosen_places],
            sources=sorted(rng.sample([s.id for s in sources], rng.randint(1, 2))),
            body=w.body(links))
        if kind == "event":
            item.status = "announced" if rng.random() < 0.02 else "occurred"
            events.append(ident)
        elif events:
            item.events = sorted(rng.sample(events[-50:], min(len(events[-50:]), rng.randint(0, 2))))
        items.append(item)
    figures = [{"id": f"figure-{i:02d}", "label": f"{w.name(1)} {rng.choice(_NOUNS)} count",
                "value": str(rng.randint(100, 900000)), "as_of": w.date()[:7],
                "source": rng.choice(sources).id, "topic": rng.choice(TOPICS)[0],
                "key": "true" if i < 4 else "false"} for i in range(FIGURES)]
    return Corpus(actors, places, sources, items, figures)


# Writers --------------------------------------------------------------------

def _yaml_text(value: str) -> str:
    """A YAML double-quoted scalar (the text never holds quotes or backslashes)."""
    return '"' + value + '"'


def _yaml_list(ids: list[str]) -> str:
    return "[" + ", ".join(ids) + "]"


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def write_briefing(corpus: Corpus, folder: Path) -> None:
    topics = "".join(f"  - id: {t}\n    name: {name}\n    description: All about {t}.\n"
                     for t, name in TOPICS)
    _write(folder / "site.yaml", "title: Bench Briefing\ncountry: Benchland\nlanguage: en\n"
                                 "base_url: https://example.org/bench/\ntimezone: UTC\n"
                                 "description: A generated briefing for the benchmark.\n"
                                 f"topics:\n{topics}")
    for s in corpus.sources:
        _write(folder / "seeds" / f"{s.id}.yaml",
               f"outlet: {s.outlet}\ntitle: {_yaml_text(s.title)}\npublished: {s.published}\n"
               f"language: en\nurl: https://example.org/{s.id}\nkind: newspaper\nreliability: B\n")
    for a in corpus.actors:
        _write(folder / "content" / "actors" / f"{a.id}.md",
               f"---\nname: {a.name}\nkind: {a.kind}\nrole: {a.role}\n---\n"
               f"{a.name} appears in the generated briefing.\n")
    for p in corpus.places:
        _write(folder / "content" / "places" / f"{p.id}.md",
               f"---\nname: {p.name}\nkind: {p.kind}\n---\nA {p.kind} in Benchland.\n")
    for t, name in TOPICS:
        _write(folder / "content" / "topics" / f"{t}.md",
               f"---\ntitle: {name}\n---\nThe {t} topic of the generated briefing.\n")
    _write(folder / "content" / "pages" / "about.md",
           "---\ntitle: About\n---\nA generated briefing for the benchmark.\n")
    for f in corpus.figures:
        _write(folder / "content" / "figures" / f"{f['id']}.yaml",
               f"label: {f['label']}\nvalue: {f['value']}\nqualifier: about\nunit: people\n"
               f"as_of: {f['as_of']}\nscope: Benchland\nsource: {f['source']}\nstatus: confirmed\n"
               f"topics: [{f['topic']}]\nkey: {f['key']}\n")
    # An announced event carries the day its sources were read up to: the oldest
    # source's, which no source and no item of the corpus comes before.
    checked = min(s.published for s in corpus.sources)
    for item in corpus.items:
        common = (f"title: {_yaml_text(item.title)}\n")
        refs = (f"topics: {_yaml_list(item.topics)}\nactors: {_yaml_list(item.actors)}\n"
                f"places: {_yaml_list(item.places)}\nsources: {_yaml_list(item.sources)}\n"
                f"summary: {_yaml_text(item.summary)}\n")
        if item.kind == "article":
            front = (common + f"published: {item.date}\n" + refs +
                     (f"events: {_yaml_list(item.events)}\n" if item.events else ""))
            _write(folder / "content" / "articles" / f"{item.id}.md", f"---\n{front}---\n{item.body}")
        else:
            front = common + f"date: {item.date}\nstatus: {item.status}\n" + refs
            if item.status == "announced":
                front += f"checked: {checked}\n"
            _write(folder / "content" / "events" / f"{item.id}.md", f"---\n{front}---\n{item.body}")


def _plain_links(body: str) -> str:
    """Cross-reference links as the other generators' own URLs."""
    return body.replace("](actor:", "](/actors/").replace("](place:", "](/places/")


def write_hugo(corpus: Corpus, folder: Path) -> None:
    _write(folder / "hugo.toml", """baseURL = "https://example.org/bench/"
title = "Bench Briefing"
disableKinds = ["RSS", "sitemap", "robotsTXT", "404"]
[taxonomies]
  topic = "topics"
  actor = "actors"
  place = "places"
[markup.goldmark.renderer]
  unsafe = false
""")
    layouts = folder / "layouts"
    _write(layouts / "_default" / "baseof.html", """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} – {{ site.Title }}</title>
<meta name="description" content="{{ with .Params.summary }}{{ . }}{{ else }}{{ site.Title }}{{ end }}"></head>
<body><header><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a>
<nav>{{ range site.Taxonomies.topics }}<a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> {{ end }}</nav></header>
<main>{{ block "main" . }}{{ end }}</main>
<footer>{{ site.Title }}: a generated briefing.</footer></body></html>
""")
    _write(layouts / "_default" / "single.html", """{{ define "main" }}<article>
<h1>{{ .Title }}</h1><p><time>{{ .Date.Format "2 January 2006" }}</time></p>
<p class="lead">{{ .Params.summary }}</p>
{{ .Content }}
<dl><dt>Topics</dt><dd>{{ range .GetTerms "topics" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</dd>
<dt>People and groups</dt><dd>{{ range .GetTerms "actors" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</dd>
<dt>Places</dt><dd>{{ range .GetTerms "places" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</dd></dl>
</article>{{ end }}
""")
    _write(layouts / "_default" / "list.html", """{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Pages }}<li><time>{{ .Date.Format "2 January 2006" }}</time> <a href="{{ .RelPermalink }}">{{ .Title }}</a><p>{{ .Params.summary }}</p></li>{{ end }}</ul>{{ end }}
""")
    _write(layouts / "index.html", """{{ define "main" }}<h1>{{ site.Title }}</h1>
<h2>Latest developments</h2>
<ul>{{ range first 10 site.RegularPages.ByDate.Reverse }}<li><time>{{ .Date.Format "2 January 2006" }}</time> <a href="{{ .RelPermalink }}">{{ .Title }}</a><p>{{ .Params.summary }}</p></li>{{ end }}</ul>{{ end }}
""")
    names = {p.id: p.name for p in corpus.actors + corpus.places}
    for item in corpus.items:
        section = "articles" if item.kind == "article" else "events"
        front = (f"title: {_yaml_text(item.title)}\ndate: {item.date}\nsummary: {_yaml_text(item.summary)}\n"
                 f"topics: {_yaml_list(item.topics)}\n"
                 f"actors: [{', '.join(_yaml_text(names[a]) for a in item.actors)}]\n"
                 f"places: [{', '.join(_yaml_text(names[p]) for p in item.places)}]\n")
        _write(folder / "content" / section / f"{item.id}.md",
               f"---\n{front}---\n{_plain_links(item.body)}")


def write_pelican(corpus: Corpus, folder: Path) -> None:
    _write(folder / "pelicanconf.py", """AUTHOR = "Bench"
SITENAME = "Bench Briefing"
SITEURL = ""
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
THEME = "theme"
DEFAULT_PAGINATION = False
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
DIRECT_TEMPLATES = ["index"]
AUTHOR_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
ARTICLE_URL = "{category}/{slug}/"
ARTICLE_SAVE_AS = "{category}/{slug}/index.html"
CATEGORY_URL = "topics/{slug}/"
CATEGORY_SAVE_AS = "topics/{slug}/index.html"
TAG_URL = "tags/{slug}/"
TAG_SAVE_AS = "tags/{slug}/index.html"
SLUGIFY_SOURCE = "basename"
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
""")
    theme = folder / "theme" / "templates"
    _write(theme / "base.html", """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{% block title %}{{ SITENAME }}{% endblock %}</title></head>
<body><header><a href="/">{{ SITENAME }}</a>
<nav>{% for cat, items in categories %}<a href="/{{ cat.url }}">{{ cat }}</a> {% endfor %}</nav></header>
<main>{% block content %}{% endblock %}</main><footer>{{ SITENAME }}: a generated briefing.</footer></body></html>
""")
    _write(theme / "article.html", """{% extends "base.html" %}
{% block title %}{{ article.title }} – {{ SITENAME }}{% endblock %}
{% block content %}<article><h1>{{ article.title }}</h1><p><time>{{ article.locale_date }}</time></p>
<p class="lead">{{ article.summary }}</p>{{ article.content }}
<dl><dt>Topic</dt><dd><a href="/{{ article.category.url }}">{{ article.category }}</a></dd>
<dt>People, groups and places</dt><dd>{% for tag in article.tags %}<a href="/{{ tag.url }}">{{ tag }}</a> {% endfor %}</dd></dl>
</article>{% endblock %}
""")
    listing = """{% extends "base.html" %}
{% block content %}<h1>{{ NAME }}</h1>
<ul>{% for article in ITEMS %}<li><time>{{ article.locale_date }}</time> <a href="/{{ article.url }}">{{ article.title }}</a><p>{{ article.summary }}</p></li>{% endfor %}</ul>{% endblock %}
"""
    _write(theme / "index.html", listing.replace("NAME", "SITENAME").replace("ITEMS", "articles[:10]"))
    _write(theme / "tag.html", listing.replace("NAME", "tag").replace("ITEMS", "articles"))
    _write(theme / "category.html", listing.replace("NAME", "category").replace("ITEMS", "articles"))
    _write(theme / "page.html", """{% extends "base.html" %}
{% block content %}<h1>{{ page.title }}</h1>{{ page.content }}{% endblock %}
""")
    names = {p.id: p.name for p in corpus.actors + corpus.places}
    for item in corpus.items:
        tags = ", ".join(names[i] for i in item.actors + item.places)
        _write(folder / "content" / f"{item.id}.md",
               f"Title: {item.title}\nDate: {item.date}\nCategory: {item.topics[0]}\nTags: {tags}\n"
               f"Summary: {item.summary}\n\n{_plain_links(item.body)}")


def generate(n: int, folder: Path, seed: int = 2025) -> Corpus:
    """Write the three projects for N items into folder (replacing what is there)."""
    corpus = make_corpus(n, seed)
    for name, writer in (("briefing", write_briefing), ("hugo", write_hugo),
                         ("pelican", write_pelican)):
        target = folder / name
        shutil.rmtree(target, ignore_errors=True)
        writer(corpus, target)
    return corpus


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python bench/corpus.py N FOLDER")
    made = generate(int(sys.argv[1]), Path(sys.argv[2]))
    print(f"wrote {len(made.items)} items to {sys.argv[2]}/{{briefing,hugo,pelican}}")
