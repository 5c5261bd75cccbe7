"""The monthly updates: a page per month, its index, the home and topic pages' links
to them, and a month's page printed as a brief of at most two pages.

Expectations are worked out from the content files (read with PyYAML), not from
Briefing's code. tests/fixtures/busy-month lays a busy March 2025 over the
golden site."""
from __future__ import annotations

import io
import unicodedata
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import sync_playwright
from pypdf import PdfReader
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from briefing.commands.check import check_site
from briefing.engine import BuildOptions

from .conftest import FIXTURES, THEME, overlay_golden, render
from .pages_server import PagesServer
from .test_browser import AXE_TAGS, axe

BASE_URL = "https://example.org/testland/"
PREFIX = "/testland/"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def busy_root(tmp_path_factory) -> Path:
    return overlay_golden(tmp_path_factory.mktemp("busy") / "briefing", "busy-month")


@pytest.fixture(scope="module")
def busy(busy_root):
    return render(BuildOptions(root=busy_root))


@pytest.fixture(scope="module")
def golden():
    return render(BuildOptions(root=FIXTURES / "golden"))


def front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        text = text.split("\n---", 1)[0].removeprefix("---\n")
    return yaml.safe_load(text)


def dated(root: Path, kind: str, key: str) -> list[tuple[str, str, dict]]:
    """(id, date as written, front matter) of each original of a kind that has the key."""
    found = []
    for path in sorted((root / "content" / kind).glob("*.*")):
        if path.stem.count(".") == 0:
            meta = front_matter(path)
            if meta.get(key) is not None:
                found.append((path.stem, str(meta[key]), meta))
    return found


def months_with_news(root: Path) -> set[str]:
    """YYYY-MM of every article, and of every event not merely announced, dated to the
    month or day; and of every month summary."""
    months = {date[:7] for _, date, _ in dated(root, "articles", "published") if len(date) >= 7}
    months |= {date[:7] for _, date, meta in dated(root, "events", "date")
               if len(date) >= 7 and meta["status"] != "announced"}
    months |= {path.stem for path in (root / "content" / "months").glob("*.md") if "." not in path.stem}
    return months


def html(built, name: str) -> HTMLParser:
    return HTMLParser(built.files[name])


def texts(tree: HTMLParser, selector: str) -> list[str]:
    return [" ".join(node.text().split()) for node in tree.css(selector)]


def in_date_order(entries: list[tuple[str, str, dict]]) -> list[tuple[str, str, dict]]:
    """A date known to the month comes before the days of that month; then by id."""
    return sorted(entries, key=lambda e: (e[1] if len(e[1]) == 10 else e[1] + "-00", e[0]))


# Which months have pages ----------------------------------------------------------

@pytest.mark.parametrize("fixture", ["golden", "busy"])
def test_every_month_with_news_has_a_page_in_both_editions_and_the_index_lists_them(
        fixture, request, busy_root):
    built = request.getfixturevalue(fixture)
    root = FIXTURES / "golden" if fixture == "golden" else busy_root
    expected = sorted(months_with_news(root), reverse=True)
    for prefix in ("", "pt/"):
        pages = sorted((name.split("/")[-2] for name in built.files
                        if name.startswith(prefix + "updates/") and name.count("/") == 2 + bool(prefix)
                        and name.endswith("/index.html")), reverse=True)
        assert pages == expected, prefix
        index = html(built, prefix + "updates/index.html")
        links = [a.attributes["href"] for a in index.css(".month-list h2 a")]
        assert links == [f"{PREFIX}{prefix}updates/{month}/" for month in expected]


def test_a_month_with_only_announced_events_has_no_page(busy):
    assert "updates/2025-04/index.html" not in busy.files  # three events announced for April


def test_a_summary_alone_gives_a_month_its_page(golden_copy):
    (golden_copy / "content" / "months" / "2023-05.md").write_text(
        "---\ntitle: A quiet month\ntrend: improved\n---\nNothing was reported.\n")
    built = render(BuildOptions(root=golden_copy))
    page = html(built, "updates/2023-05/index.html")
    assert texts(page, "h1") == ["May 2023"]
    assert texts(page, ".trend") == ["Situation improved"]
    assert texts(page, "#month-events + p") == ["No event is dated in this month."]


# What a month's page holds -------------------------------------------------------

def test_the_months_events_are_grouped_by_their_first_topic_in_date_order(busy, busy_root):
    events = [e for e in dated(busy_root, "events", "date") if e[1].startswith("2025-03")]
    page = html(busy, "updates/2025-03/index.html")
    groups = page.css(".month-topic")
    topics = yaml.safe_load((busy_root / "site.yaml").read_text())["topics"]
    expected_topics = [t["name"] for t in topics if any(e[2]["topics"][0] == t["id"] for e in events)]
    assert [texts(g, "h3")[0] for g in groups] == expected_topics
    for group, topic in zip(groups, [t for t in topics if t["name"] in expected_topics]):
        assert group.css_first("h3 a").attributes["href"] == f"{PREFIX}topics/{topic['id']}/"
        mine = in_date_order([e for e in events if e[2]["topics"][0] == topic["id"]])
        assert texts(group, ".timeline-item h4") == [e[2]["title"] for e in mine]


def test_the_months_articles_figures_and_what_is_announced_next(busy, busy_root):
    page = html(busy, "updates/2025-03/index.html")
    articles = in_date_order([a for a in dated(busy_root, "articles", "published")
                              if a[1].startswith("2025-03")])
    assert texts(page, ".entries .entry a") == [a[2]["title"] for a in articles]
    rows = [texts(row, "th, td") for row in page.css(".month-figures tbody tr")]
    assert rows == [
        ["People displaced in the north (North Province)", "5,000–6,000 people Reported",
         "31 March 2025", "first count"],
        ["Population (Whole country)", "about 1,270,000 people", "March 2025",
         "up 20,000 from about 1,250,000 (2024)"],
    ]
    april = in_date_order([e for e in dated(busy_root, "events", "date")
                           if e[1].startswith("2025-04") and e[2]["status"] == "announced"])
    assert texts(page, "#month-coming") == ["Announced for April 2025"]
    assert texts(page, "#month-coming + .timeline h3") == [e[2]["title"] for e in april]


def test_month_pages_link_to_the_months_before_and_after(golden):
    assert texts(html(golden, "updates/2025-03/index.html"), ".month-nav a") == [
        "Earlier: February 2025", "All monthly updates"]
    assert texts(html(golden, "updates/2025-02/index.html"), ".month-nav a") == [
        "Earlier: November 2024", "All monthly updates", "Later: March 2025"]
    assert texts(html(golden, "pt/updates/2017-10/index.html"), ".month-nav a") == [
        "Todos os resumos mensais", "Seguinte: Novembro de 2024"]


def test_the_editors_summary_and_its_translation(golden, busy):
    english = html(golden, "updates/2025-02/index.html")
    assert texts(english, ".lead") == ["Talks on the port, and a quiet border"]
    assert texts(english, ".month-header .trend") == ["Situation unchanged"]
    assert english.css_first(".prose a").attributes["href"] == f"{PREFIX}places/north/"
    portuguese = html(golden, "pt/updates/2025-02/index.html")
    assert texts(portuguese, ".lead") == ["Conversações sobre o porto, e uma fronteira calma"]
    assert portuguese.css_first(".prose a").attributes["href"] == f"{PREFIX}pt/places/north/"
    assert not portuguese.css(".notice")
    untranslated = html(busy, "pt/updates/2025-03/index.html")  # no 2025-03.pt.md
    assert untranslated.css_first(".lead").attributes["lang"] == "en"
    assert texts(untranslated, ".month-header .notice") == [
        "Este texto ainda não foi traduzido e é apresentado em inglês."]
    generated = html(golden, "updates/2024-11/index.html")  # no summary: no word about one
    assert texts(generated, ".month-header .muted") == []
    assert texts(generated, ".month-header h1") == ["November 2024"]


def test_each_topics_trend_and_why_show_on_the_month_in_both_editions(golden):
    """In the site's order of topics (security before economy), whatever the file's."""
    english = html(golden, "updates/2025-02/index.html")
    assert texts(english, ".assessment-list dt") == ["Security ■ Unchanged", "Economy ▲ Improved"]
    assert texts(english, ".assessment-list dd") == [
        "No new clash was reported in the north.",
        "Officials met investors about expanding the port."]
    portuguese = html(golden, "pt/updates/2025-02/index.html")
    assert texts(portuguese, ".assessment-list dt") == ["Segurança ■ Inalterada",
                                                        "Economy ▲ Melhorou"]
    assert texts(portuguese, ".assessment-list dd")[1] == (
        "Os responsáveis reuniram-se com investidores sobre a ampliação do porto.")
    assert not html(golden, "updates/2025-03/index.html").css(".assessment")  # no summary


def test_the_home_page_opens_with_twelve_months_of_trends_per_topic(golden):
    home = html(golden, "index.html")
    strip = home.css_first(".trend-strip")
    months = [th.css_first(".visually-hidden").text() for th in strip.css("thead th")]
    assert months[0] == "April 2024" and months[-1] == "March 2025" and len(months) == 12
    rows = {row.css_first("th").text(strip=True): row.css("td") for row in strip.css("tbody tr")}
    assert list(rows) == ["Security", "Economy"]
    february = months.index("February 2025")
    cell = rows["Economy"][february].css_first("a")
    assert cell.attributes["href"] == f"{PREFIX}updates/2025-02/#assessment"
    assert cell.css_first(".visually-hidden").text() == "February 2025, Economy: Improved"
    assert rows["Security"][february].css_first(".visually-hidden").text() == (
        "February 2025, Security: Unchanged")
    assert rows["Security"][0].css_first(".visually-hidden").text() == (
        "April 2024, Security: no assessment")
    # A month with no page has no link, in the head or the row.
    assert not strip.css("thead th")[0].css("a") and not rows["Security"][0].css("a")


def test_the_monthly_feed_carries_each_topics_trend(golden):
    feed = golden.files["updates/feed.xml"].decode()
    assert "Security: Unchanged. Economy: Improved.</summary>" in feed
    assert "Segurança: Inalterada. Economy: Melhorou." in golden.files["pt/updates/feed.xml"].decode()


def test_home_and_topic_pages_link_to_the_months(golden):
    home = html(golden, "index.html")
    assert [a.attributes["href"] for a in home.css(".latest-month a")] == [
        f"{PREFIX}updates/2025-03/", f"{PREFIX}updates/"]
    assert texts(home, ".latest-month a")[0] == "Monthly update: March 2025"
    security = html(golden, "topics/security/index.html")
    assert [a.attributes["href"] for a in security.css(".month-links a")] == [
        f"{PREFIX}updates/2024-11/", f"{PREFIX}updates/2017-10/", f"{PREFIX}updates/"]
    economy = html(golden, "pt/topics/economy/index.html")
    assert texts(economy, ".month-links a")[:2] == ["Março de 2025", "Fevereiro de 2025"]


# In the browser --------------------------------------------------------------------

@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The busy month with stale items besides, built, link-checked and served on
    127.0.0.1: (root URL, build result, a chromium)."""
    root = overlay_golden(tmp_path_factory.mktemp("served") / "briefing", "busy-month", "stale")
    output = root.parent / "site"
    built = render(BuildOptions(root=root, output=output))
    assert check_site(output, BASE_URL) == []  # every link and anchor, the month pages' included
    with PagesServer(output, PREFIX) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                             args=CHROMIUM_ARGS)
        yield server.origin + PREFIX, built, browser
        browser.close()


def test_a_busy_month_prints_as_a_brief_of_at_most_two_pages(served):
    root, built, browser = served
    page = browser.new_page()
    page.goto(root + "updates/2025-03/")
    for size in ("A4", "Letter"):
        reader = PdfReader(io.BytesIO(page.pdf(format=size)))
        assert len(reader.pages) <= 2, size
        text = " ".join(p.extract_text() for p in reader.pages)
        printed = " ".join(unicodedata.normalize("NFKC", text).split())  # 'ﬀ' is 'ff'
        for event in built.site.events.values():  # nothing was left out to make it fit
            if event.date.iso().startswith(("2025-03", "2025-04")):
                assert event.title in printed, (size, event.title)
        assert "Overdue: announced for 3 March 2025, no report since." in printed
    page.close()


@pytest.mark.parametrize("path", ["updates/2025-03/", "pt/updates/2025-03/", "updates/",
                                  "pt/updates/", "", "figures/"])
def test_month_pages_and_stale_marks_pass_axe_in_light_and_dark(served, path):
    root, _, browser = served
    page = browser.new_page()
    page.goto(root + path)
    for scheme, only in (("light", {"type": "tag", "values": AXE_TAGS}),
                         ("dark", {"type": "rule", "values": ["color-contrast", "link-in-text-block"]})):
        page.emulate_media(color_scheme=scheme)  # the stylesheet follows it without a reload
        assert page.evaluate(f"matchMedia('(prefers-color-scheme: {scheme})').matches")
        assert axe(page, only) == [], (scheme, path)
    page.close()


def test_readers_never_see_a_months_editorial_gaps_and_the_editors_are_told(golden_copy, tmp_path,
                                                                            capsys):
    """A month without a summary or without articles shows what it has, with no line
    about what was not written; the build lists the months without a summary."""
    from briefing.cli import main
    assert main(["build", "--root", str(golden_copy), "--output", str(tmp_path / "site"),
                 "--no-search"]) == 0
    out = capsys.readouterr().out
    page = (tmp_path / "site" / "updates" / "2024-11" / "index.html").read_text()
    assert "No summary has been written" not in page and "No article was published" not in page
    assert 'id="month-articles"' not in page  # no articles that month: no section
    assert "months without a summary (readers see its events only; write " \
           "content/months/YYYY-MM.md): " in out
    assert "2024-11" in out and "2025-02" not in out.split("without a summary")[1]  # 2025-02 has one


def test_the_front_page_map_marks_the_newest_month_and_says_so(golden_copy):
    """The home page's map is of the newest month's places, naming and linking that
    month; a newest month with no place falls back to every place of the briefing."""
    home = render(BuildOptions(root=golden_copy, theme=THEME)).files["index.html"].decode()
    assert ('<p class="map-period">Places named in <a href="/testland/updates/2025-03/">March '
            '2025</a>, the newest month:</p>') in home
    assert '<desc id="map-desc">Port City.</desc>' in home  # not North Province, of February
    article = golden_copy / "content" / "articles" / "port-deal.md"
    article.write_text(article.read_text().replace("places: [port-city]", "places: []"))
    home = render(BuildOptions(root=golden_copy, theme=THEME)).files["index.html"].decode()
    assert "map-period" not in home
    assert '<desc id="map-desc">North Province (province), Port City.</desc>' in home
