"""Publishing on GitHub Pages: the site built for a project path and served
under it on loopback, crawled from the home page; feeds, sitemap, structured
data and open data checked against the content."""
from __future__ import annotations

import csv
import json
import subprocess
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import feedparser
import pytest
import yaml

from briefing.commands.check import check_site, page_facts
from briefing.cli import main
from briefing.engine import BuildOptions, build
from briefing.plan.downloads import EVENT_COLUMNS, FIGURE_COLUMNS, SOURCE_COLUMNS

from .conftest import render, PUBLISHED_BASE_URL as BASE_URL
from .conftest import PUBLISHED_PREFIX as PREFIX
from .conftest import REPO, THEME
from .expected_feeds import Briefing, as_built, assert_same_entries, atom_entries, json_entries, newest
from .pages_server import PagesServer

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def built(published):
    return published


@pytest.fixture(scope="module")
def server(built):
    with PagesServer(built[1], PREFIX) as pages:
        yield pages


# Fetching and crawling ----------------------------------------------------

_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def local(server: PagesServer, url: str) -> str:
    """An absolute URL of the published site, pointed at the loopback server."""
    if url.startswith(BASE_URL):
        return server.origin + PREFIX + url[len(BASE_URL):]
    return url


def fetch(server: PagesServer, url: str) -> tuple[int, str, bytes, str]:
    """(status, content type, body, final URL) of a GET."""
    try:
        with _OPENER.open(local(server, url), timeout=10) as response:
            return response.status, response.headers.get_content_type(), response.read(), response.url
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get_content_type(), error.read(), error.url


def site_links(server: PagesServer, page_url: str, html: str):
    """(link as written, absolute local URL) of every link on a page to our host."""
    for link, _ in page_facts(html).links:
        target = urljoin(page_url, link)
        parts = urlsplit(target)
        if parts.scheme in ("http", "https") and (
                parts.netloc == urlsplit(BASE_URL).netloc or target.startswith(server.origin)):
            yield link, local(server, target)


@dataclass
class Crawl:
    pages: dict = field(default_factory=dict)  # local URL -> PageFacts
    files: set = field(default_factory=set)  # non-HTML URLs fetched
    problems: list = field(default_factory=list)


def crawl(server: PagesServer, start: str) -> Crawl:
    result = Crawl()
    anchors = []
    queue = [start]
    while queue:
        url = queue.pop()
        if url in result.pages or url in result.files:
            continue
        status, kind, body, final = fetch(server, url)
        if status != 200 or final != url:
            result.problems.append(f"{url}: HTTP {status}, served from {final}")
            result.files.add(url)
            continue
        if kind != "text/html":
            result.files.add(url)
            continue
        html = body.decode("utf-8")
        result.pages[url] = page_facts(html)
        for link, target in site_links(server, url, html):
            page, fragment = urldefrag(target)
            if fragment:
                anchors.append((url, link, page, fragment))
            queue.append(page)
    for source, link, page, fragment in anchors:
        if page in result.pages and fragment not in result.pages[page].ids:
            result.problems.append(f"{source}: broken anchor {link}")
    return result


def html_files(output: Path) -> set[str]:
    return {p.relative_to(output).as_posix() for p in output.rglob("*.html")}


def file_of(server: PagesServer, url: str) -> str:
    """The built file a local URL is served from: '' -> 'index.html'."""
    path = url[len(server.origin + PREFIX):]
    return path + "index.html" if path == "" or path.endswith("/") else path


# Head tags and JSON-LD ------------------------------------------------------

class _HeadParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.links: list[dict] = []
        self.json_ld: list[str] = []
        self._in_json_ld = False

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "meta" and "content" in values:
            self.meta[values.get("property") or values.get("name")] = values["content"]
        elif tag == "link":
            self.links.append(values)
        elif tag == "script" and values.get("type") == "application/ld+json":
            self._in_json_ld = True
            self.json_ld.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_json_ld = False

    def handle_data(self, data):
        if self._in_json_ld:
            self.json_ld[-1] += data


def head_of(html: str) -> _HeadParser:
    parser = _HeadParser()
    parser.feed(html)
    return parser


def absolute_urls(value):
    """Every string under BASE_URL inside a JSON value."""
    if isinstance(value, str):
        return [value] if value.startswith(BASE_URL) else []
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        return [url for item in value for url in absolute_urls(item)]
    return []


# The crawl -----------------------------------------------------------------

def test_every_page_is_reachable_from_home_with_no_broken_link_or_anchor(built, server):
    _, output = built
    result = crawl(server, server.origin + PREFIX)
    assert result.problems == []
    reached = {file_of(server, url) for url in result.pages}
    assert reached == html_files(output) - {"404.html"}
    for name in ("static/css/site.css", "static/favicon.svg", "feed.xml", "feed.json"):
        assert server.origin + PREFIX + name in result.files


def test_404_page_works_at_any_depth_under_the_prefix(built, server):
    _, output = built
    not_found = (output / "404.html").read_bytes()
    for path in ("no-such-page", "events/no-such-event/", "a/b/c/d/e/"):
        url = server.origin + PREFIX + path
        status, _, body, _ = fetch(server, url)
        assert (status, body) == (404, not_found)
        links = list(site_links(server, url, body.decode()))
        assert len(links) > 10
        for link, target in links:
            page, fragment = urldefrag(target)
            if page == url:  # the skip link, to this very page
                assert fragment in page_facts(body.decode()).ids
            else:
                assert fetch(server, target)[0] == 200, f"{link} from {path}"
    head = head_of(not_found.decode())
    assert head.meta["robots"] == "noindex"
    assert not any(link.get("rel") == "canonical" for link in head.links)


def test_same_site_works_at_a_domain_root(tmp_path):
    output = tmp_path / "site"
    build(BuildOptions(root=REPO, output=output, base_url="https://briefing.example.org",
                       cache=False))
    assert check_site(output, "https://briefing.example.org/") == []
    home = (output / "index.html").read_text()
    assert 'href="/static/css/site.css"' in home
    assert '<link rel="canonical" href="https://briefing.example.org/">' in home
    feed = feedparser.parse((output / "feed.xml").read_bytes())
    assert all(e.id.startswith("https://briefing.example.org/events/")
               or e.id.startswith("https://briefing.example.org/articles/") for e in feed.entries)


# Feeds ---------------------------------------------------------------------

# The feeds' expected entries, worked out from the content files alone.
CONTENT = Briefing.read(REPO)


def _check_atom_structure(data: bytes) -> None:
    """The elements RFC 4287 requires, and RFC 3339 times with an offset."""
    root = ET.fromstring(data)
    assert root.tag == ATOM + "feed"
    for name in ("id", "title", "updated", "author"):
        assert len(root.findall(ATOM + name)) == 1, name
    assert root.find(f"{ATOM}link[@rel='self']") is not None
    for entry in root.findall(ATOM + "entry"):
        for name in ("id", "title", "updated", "published", "summary"):
            assert len(entry.findall(ATOM + name)) == 1, name
        assert entry.find(f"{ATOM}link[@rel='alternate']") is not None
        for name in ("updated", "published"):
            assert datetime.fromisoformat(entry.findtext(ATOM + name)).utcoffset() is not None


@pytest.mark.parametrize("language", CONTENT.languages)
def test_atom_feeds_for_the_briefing_and_each_topic(built, server, language):
    _, output = built
    prefix = "" if language == CONTENT.default_language else f"{language}/"
    expected = CONTENT.entries(language)
    feeds = {"": f"{prefix}feed.xml"} | {t: f"{prefix}topics/{t}/feed.xml" for t in CONTENT.topics}
    for topic, path in feeds.items():
        data = (output / path).read_bytes()
        _check_atom_structure(data)
        feed = feedparser.parse(data)
        assert not feed.bozo, feed.get("bozo_exception")
        assert feed.version == "atom10"
        assert feed.feed.links[0].href == BASE_URL + path  # rel=self
        ids = [e.id for e in feed.entries]
        assert len(ids) == len(set(ids))
        assert_same_entries(atom_entries(ET.fromstring(data)),
                            as_built(newest(expected, topic), CONTENT.edition_url(language, BASE_URL)))
        for entry in feed.entries:
            assert entry.link == entry.id
            assert entry.title and entry.summary
            assert entry.published_parsed and entry.updated_parsed
            assert fetch(server, entry.link)[0] == 200
    whole = feedparser.parse((output / f"{prefix}feed.xml").read_bytes())
    updated = [e.updated_parsed for e in whole.entries]
    assert updated == sorted(updated, reverse=True)


def test_feed_entries_carry_the_content_dates_and_summaries(built):
    result, output = built
    site = result.site
    entries = {e.id: e for e in feedparser.parse((output / "feed.xml").read_bytes()).entries}
    talks = entries[BASE_URL + "events/lavrov-lucas-talks/"]
    assert talks.updated == "2025-07-22T00:00:00+02:00"  # midnight in Africa/Maputo
    assert talks.summary == site.events["lavrov-lucas-talks"].summary
    article = site.articles["tararov-offer"]
    entry = entries[BASE_URL + "articles/tararov-offer/"]
    assert entry.title == article.title
    assert entry.published.startswith(article.published.first_day())
    # An announced event without a date enters the feed on the date its news came out.
    visit = site.events["chapo-state-visit-russia"]
    newest_source = max(site.sources[s].published for s in visit.sources)
    assert entries[BASE_URL + "events/chapo-state-visit-russia/"].updated.startswith(
        newest_source.first_day())


def test_json_feed_follows_version_1_1(built, server):
    result, output = built
    feed = json.loads((output / "feed.json").read_bytes())
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["title"] == result.site.config.title
    assert feed["home_page_url"] == BASE_URL
    assert feed["feed_url"] == BASE_URL + "feed.json"
    items = feed["items"]
    names = {t: CONTENT.topic_name(t, "en") for t in CONTENT.topics}
    assert_same_entries(json_entries(feed, names), as_built(newest(CONTENT.entries("en")), BASE_URL))
    for item in items:
        assert isinstance(item["id"], str) and item["url"] == item["id"]
        assert item.get("content_text") or item.get("content_html")
        assert item["summary"]
        for name in ("date_published", "date_modified"):
            assert datetime.fromisoformat(item[name]).utcoffset() is not None
        assert fetch(server, item["url"])[0] == 200


def test_feeds_are_advertised_on_the_pages(built):
    _, output = built
    def alternates(path):
        return {(link["type"], link["href"]) for link in head_of((output / path).read_text()).links
                if link.get("rel") == "alternate" and "type" in link}
    home = alternates("index.html")
    assert ("application/atom+xml", PREFIX + "feed.xml") in home
    assert ("application/feed+json", PREFIX + "feed.json") in home
    assert ("application/atom+xml", PREFIX + "topics/security/feed.xml") in alternates(
        "topics/security/index.html")
    footer = (output / "timeline/index.html").read_text().split('<footer', 1)[1]
    for path in ("data/", "feed.xml", "feed.json"):
        assert f'href="{PREFIX}{path}"' in footer


# Sitemap, robots.txt, .nojekyll --------------------------------------------

def test_sitemap_lists_every_page_and_robots_points_at_it(built, server):
    _, output = built
    urlset = ET.fromstring((output / "sitemap.xml").read_bytes())
    assert urlset.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
    locs = [loc.text for loc in urlset.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert len(locs) == len(set(locs))
    assert {file_of(server, local(server, loc)) for loc in locs} == html_files(output) - {"404.html"}
    robots = (output / "robots.txt").read_text().splitlines()
    assert f"Sitemap: {BASE_URL}sitemap.xml" in robots
    assert (output / ".nojekyll").read_bytes() == b""
    assert not (output / "CNAME").exists()  # site.yaml names no custom domain


def test_cname_is_written_for_a_custom_domain(golden_copy, tmp_path):
    config = golden_copy / "site.yaml"
    text = config.read_text().replace("https://example.org/testland/", "https://briefing.example.org/")
    config.write_text(text + "cname: briefing.example.org\n")
    files = render(BuildOptions(root=golden_copy, theme=THEME)).files
    assert files["CNAME"] == b"briefing.example.org\n"


@pytest.mark.parametrize("cname, message", [
    ("briefing.example.org", "cname 'briefing.example.org' does not match base_url "
                             "https://example.org/testland/: a custom domain serves the site at its "
                             "root, so set base_url to https://briefing.example.org/"),
    ("https://briefing.example.org/", "'cname' must be a domain name such as "
                                      "briefing.example.org, not 'https://briefing.example.org/'"),
])
def test_a_cname_that_cannot_work_is_an_error(golden_copy, tmp_path, capsys, cname, message):
    config = golden_copy / "site.yaml"
    text = config.read_text()
    config.write_text(text + f"cname: {cname}\n")
    assert main(["build", "--root", str(golden_copy), "--theme", str(THEME),
                 "--output", str(tmp_path / "out")]) == 1
    line = text.count("\n") + 1
    assert capsys.readouterr().err.splitlines()[0] == f"site.yaml:{line}: {message}"


# Canonical links, social tags, JSON-LD -------------------------------------

def test_every_page_has_canonical_social_tags_and_valid_json_ld(built, server):
    result, output = built
    types = {}
    for name in sorted(html_files(output) - {"404.html"}):
        head = head_of((output / name).read_text())
        own_url = BASE_URL + name.removesuffix("index.html")
        canonical = [link["href"] for link in head.links if link.get("rel") == "canonical"]
        assert canonical == [own_url], name
        assert head.meta["og:url"] == own_url
        assert head.meta["description"] and head.meta["og:description"] == head.meta["description"]
        assert head.meta["og:title"] and head.meta["twitter:card"] == "summary"
        for block in head.json_ld:
            data = json.loads(block)
            assert data["@context"] == "https://schema.org"
            types[name] = data
            for url in absolute_urls(data):
                assert fetch(server, url)[0] == 200, f"{name}: {url}"
    assert types["index.html"]["@type"] == "WebSite"
    article = types["articles/tararov-offer/index.html"]
    assert article["@type"] == "NewsArticle"
    assert article["headline"] == result.site.articles["tararov-offer"].title
    assert article["datePublished"] == "2025-10-03"
    talks = types["events/lavrov-lucas-talks/index.html"]
    assert (talks["@type"], talks["startDate"]) == ("Event", "2025-07-22")
    visit = types["events/chapo-state-visit-russia/index.html"]
    assert visit["eventStatus"] == "https://schema.org/EventScheduled"
    assert "startDate" not in visit
    assert types["actors/vladimir-tararov/index.html"]["@type"] == "Person"
    assert types["actors/lusa/index.html"]["@type"] == "NewsMediaOrganization"
    assert types["places/pemba/index.html"]["@type"] == "City"
    assert types["places/pemba/index.html"]["containedInPlace"]["url"] == BASE_URL + "places/cabo-delgado/"


def test_a_script_end_tag_in_a_title_cannot_break_out_of_json_ld(golden_copy):
    path = golden_copy / "content" / "articles" / "port-deal.md"
    hostile = "Port deal </script><script>alert(1)</script> signed"
    lines = path.read_text().splitlines()
    title = next(i for i, line in enumerate(lines) if line.startswith("title:"))
    lines[title] = f"title: '{hostile}'"
    path.write_text("\n".join(lines) + "\n")
    html = render(BuildOptions(root=golden_copy, theme=THEME)).files[
        "articles/port-deal/index.html"].decode()
    head = head_of(html)
    assert len(head.json_ld) == 1
    assert json.loads(head.json_ld[0])["headline"] == hostile
    assert "<script>alert(1)" not in html


# Open data -----------------------------------------------------------------

def read_csv(path: Path) -> list[dict]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def ids(text: str) -> list[str]:
    return text.split("; ") if text else []


def test_events_csv_and_json_match_the_content(built):
    result, output = built
    events = result.site.events
    rows = read_csv(output / "data/events.csv")
    assert list(rows[0]) == list(EVENT_COLUMNS)
    assert [row["id"] for row in rows] == list(events)
    for row in rows:
        event = events[row["id"]]
        assert row["title"] == event.title and row["summary"] == event.summary
        assert (row["status"], row["date"], row["date_precision"]) == (
            event.status, event.date.iso(), event.date.precision)
        assert ids(row["places"]) == [p.id for p in event.places]
        assert ids(row["place_confidence"]) == [p.confidence for p in event.places]
        assert ids(row["actors"]) == [a.id for a in event.actors]
        assert ids(row["sources"]) == list(event.sources)
        assert row["page"] == BASE_URL + f"events/{event.id}/"
    document = json.loads((output / "data/events.json").read_bytes())
    records = {record["id"]: record for record in document["events"]}
    assert list(records) == list(events)
    visit = records["chapo-state-visit-russia"]
    assert (visit["status"], visit["date"], visit["date_precision"]) == ("announced", "", "unknown")
    assert visit["places"] == [{"id": "russia", "name": "Russia", "confidence": "reported"}]
    assert visit["actors"][0] == {"id": "daniel-chapo", "name": "Daniel Chapo", "role": "visitor"}


def test_figures_csv_matches_the_content(built):
    result, output = built
    figures = result.site.figures
    rows = read_csv(output / "data/figures.csv")
    assert list(rows[0]) == list(FIGURE_COLUMNS)
    assert [row["id"] for row in rows] == list(figures)
    for row in rows:
        figure = figures[row["id"]]
        assert float(row["value"]) == figure.value
        assert row["value_high"] == ("" if figure.value_high is None else str(figure.value_high))
        assert (row["qualifier"], row["unit"], row["source"]) == (figure.qualifier, figure.unit, figure.source)
        assert (row["as_of"], row["as_of_precision"]) == (figure.as_of.iso(), figure.as_of.precision)
        assert row["verification_status"] == figure.status
        assert ids(row["topics"]) == list(figure.topics)
    unverified = next(row for row in rows if row["verification_status"] == "unverified")
    assert unverified["value"] == "349"


def test_sources_json_matches_the_content(built):
    result, output = built
    document = json.loads((output / "data/sources.json").read_bytes())
    records = document["sources"]
    assert [r["id"] for r in records] == list(result.site.sources)
    for record in records:
        source = result.site.sources[record["id"]]
        assert list(record) == list(SOURCE_COLUMNS)
        assert (record["outlet"], record["reliability"], record["url"]) == (
            source.outlet, source.reliability, source.url)
        assert (record["published"], record["published_precision"]) == (
            source.published.iso(), source.published.precision)
    assert document["documentation"] == BASE_URL + "data/"


def test_data_page_documents_every_column(built):
    _, output = built
    page = (output / "data/index.html").read_text()
    for column in EVENT_COLUMNS + FIGURE_COLUMNS + SOURCE_COLUMNS:
        assert f"<code>{column}</code>" in page
    for name in ("events.json", "events.csv", "figures.csv", "sources.json"):
        assert f'href="{PREFIX}data/{name}"' in page


# Publishing with GitHub Actions --------------------------------------------

def test_make_build_takes_the_base_url():
    run = subprocess.run(["make", "-n", "build", "BASE_URL=https://octo.github.io/repo"],
                         cwd=REPO, capture_output=True, text=True, check=True)
    assert "build.py build --base-url 'https://octo.github.io/repo'" in run.stdout


def test_pages_workflow_builds_for_the_address_pages_reports():
    workflow = yaml.safe_load((REPO / ".github/workflows/pages.yml").read_text())
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    used = {step["uses"].split("@")[0] for step in steps if "uses" in step}
    assert used == {"actions/checkout", "actions/setup-python", "actions/configure-pages",
                    "actions/cache", "actions/upload-pages-artifact", "actions/deploy-pages"}
    configure = next(s for s in steps if s.get("uses", "").startswith("actions/configure-pages"))
    build_step = next(s for s in steps if "make build" in s.get("run", ""))
    assert f"${{{{ steps.{configure['id']}.outputs.base_url }}}}" in build_step["run"]
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "site"
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}


def test_pages_workflow_keeps_the_last_build_until_briefing_changes():
    """A deploy after a small edit is a warm build: the cache folder and the site are
    restored, under a key that changes with Briefing's code and its dependencies."""
    workflow = yaml.safe_load((REPO / ".github/workflows/pages.yml").read_text())
    steps = workflow["jobs"]["build"]["steps"]
    cache = next(s for s in steps if s.get("uses", "").startswith("actions/cache"))
    build_step = next(s for s in steps if "make build" in s.get("run", ""))
    assert steps.index(cache) < steps.index(build_step)
    assert set(cache["with"]["path"].split()) == {".cache/build", "site"}
    key, restore = cache["with"]["key"], cache["with"]["restore-keys"]
    assert "hashFiles('pyproject.toml', 'briefing/**')" in key and key.startswith(restore)
    assert key[len(restore):] == "${{ github.sha }}"  # each deploy saves; the newest is restored
    # Only this branch's own caches: nothing another ref could write is restored.
    assert "${{ github.ref }}" in restore
    # A restored cache is read only if signed with the repository's secret key.
    assert build_step["env"] == {"BRIEFING_CACHE_KEY": "${{ secrets.BRIEFING_CACHE_KEY }}"}


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_a_cell_a_spreadsheet_would_run_is_written_as_text(golden_copy, tmp_path, start):
    """OWASP's advice on CSV injection: a text cell starting with = + - or @ gets a
    leading apostrophe; the JSON keeps the text as the editor wrote it."""
    from briefing.engine import BuildOptions, build
    event = golden_copy / "content" / "events" / "port-talks.md"
    formula = f'{start}HYPERLINK("https://example.org/x","Talks")'
    event.write_text(event.read_text().replace("title: Talks on the port",
                                               f"title: '{formula}'"))
    build(BuildOptions(root=golden_copy, output=tmp_path / "site", search=False))
    rows = {row["id"]: row for row in read_csv(tmp_path / "site" / "data/events.csv")}
    assert rows["port-talks"]["title"] == "'" + formula
    assert rows["border-clash"]["title"][0] not in "'=+-@"
    records = json.loads((tmp_path / "site" / "data/events.json").read_text())
    titles = {r["id"]: r["title"] for r in records["events"]}
    assert titles["port-talks"] == formula


def test_a_version_tag_publishes_the_wheel_with_trusted_publishing():
    workflow = yaml.safe_load((REPO / ".github/workflows/release.yml").read_text())
    assert workflow[True]["push"]["tags"] == ["v*"]  # YAML reads the key 'on' as True
    publish = workflow["jobs"]["publish"]
    assert publish["permissions"] == {"id-token": "write"}  # trusted publishing: no token
    assert publish["steps"][-1]["uses"] == "pypa/gh-action-pypi-publish@release/v1"
    assert "country-briefing" in publish["environment"]["url"]
    import tomllib
    assert tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["name"] == "country-briefing"


def test_the_content_models_key_tables_are_the_ones_the_schema_makes():
    """docs/content-model.md's key table of every kind is made from briefing/schema.py,
    the schema the build reads each file by: a key added, removed or changed there and
    not written into the document (python tools/content_model.py) fails here."""
    from briefing.kinds import KINDS
    from briefing.schema import with_tables
    text = (REPO / "docs" / "content-model.md").read_text(encoding="utf-8")
    for kind in KINDS:
        assert f"<!-- keys: {kind.name} -->" in text, kind.name
    made = with_tables(text, {kind.name: kind.fields for kind in KINDS})
    assert made == text, "docs/content-model.md is out of date: run python tools/content_model.py"
    # and the check is not vacuous: a key the schema gains changes the document
    from dataclasses import replace
    from briefing.schema import Field
    events = next(kind for kind in KINDS if kind.name == "events")
    grown = {kind.name: kind.fields for kind in KINDS}
    grown["events"] = events.fields + (Field("severity", "text", "how bad"),)
    assert "| `severity` | no | text | how bad |" in with_tables(text, grown)
    assert replace(events, fields=grown["events"]).keys[-1] == "severity"
