"""Listings that stay light as a briefing grows.

Above 200 entries the timeline (every view), the articles index, a topic's
articles and the sources index are split into pages of 100, newest first,
joined by a pager of plain links (plan/paging.py); what cites a source is on
the source's own page. Checked on a generated briefing of 1,000 items, where
every page used to grow with the briefing (a topic page was 224 KB).
"""
from __future__ import annotations

import math
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from briefing.plan.paging import PAGE_SIZE, SPLIT_ABOVE, Pager, split

from .conftest import BIG_PREFIX as PREFIX

PAGE_BYTES = 150 * 1024  # the most HTML a page may weigh
PAGE_ELEMENTS = 3000  # and the most elements it may hold


# Splitting ------------------------------------------------------------------------------

def test_a_listing_of_up_to_200_entries_stays_one_page_without_a_pager():
    assert split(range(SPLIT_ABOVE), "articles/") == [("articles/", tuple(range(SPLIT_ABOVE)), None)]
    assert split((), "articles/") == [("articles/", (), None)]


def test_a_longer_listing_is_split_into_pages_of_100_in_its_own_order():
    pages = split(range(SPLIT_ABOVE + 1), "timeline/security/")
    assert [len(page.entries) for page in pages] == [PAGE_SIZE, PAGE_SIZE, 1]
    assert [e for page in pages for e in page.entries] == list(range(SPLIT_ABOVE + 1))
    assert [page.path for page in pages] == [
        "timeline/security/", "timeline/security/page/2/", "timeline/security/page/3/"]
    pagers = [page.pager for page in pages]
    assert [p.path(p.number) for p in pagers] == [page.path for page in pages]
    assert [(p.first, p.last, p.total, p.count) for p in pagers] == [
        (1, 100, 201, 3), (101, 200, 201, 3), (201, 201, 201, 3)]
    assert (pagers[0].previous, pagers[0].next) == ("", "timeline/security/page/2/")
    assert (pagers[2].previous, pagers[2].next) == ("timeline/security/page/2/", "")


@pytest.mark.parametrize("number, count, numbers", [
    (1, 3, (1, 2, 3)),
    (1, 40, (1, 2, 3, None, 40)),
    (5, 40, (1, 2, 3, 4, 5, 6, 7, None, 40)),  # one page left out would be shown instead
    (20, 40, (1, None, 18, 19, 20, 21, 22, None, 40)),
    (40, 40, (1, None, 38, 39, 40)),
])
def test_the_pager_links_the_first_the_last_and_the_nearby_pages(number, count, numbers):
    assert Pager("articles/", number, count, 1, 1, 1).numbers == numbers


# A briefing of 1,000 items ------------------------------------------------------------

def parse(output: Path, url: str) -> LexborHTMLParser:
    return LexborHTMLParser((output / url.removeprefix(PREFIX) / "index.html").read_text())


def hrefs(tree: LexborHTMLParser, selector: str) -> list[str]:
    return [node.attributes["href"] for node in tree.css(selector)]


def walk(output: Path, url: str) -> list[tuple[str, LexborHTMLParser]]:
    """The pages of the listing at `url`, following their <link rel="next">, each
    checked against its neighbours and its pager."""
    pages: list[tuple[str, LexborHTMLParser]] = []
    while url:
        tree = parse(output, url)
        previous = tree.css_first('link[rel="prev"]')
        assert (previous.attributes["href"] if previous else None) == (pages[-1][0] if pages else None)
        pages.append((url, tree))
        following = tree.css_first('link[rel="next"]')
        url = following.attributes["href"] if following else ""
    if len(pages) > 1:
        for number, (url, tree) in enumerate(pages, 1):
            assert hrefs(tree, '.pager a[aria-current="page"]') == [url]
            assert tree.css_first(".pager-status").text().startswith(f"Page {number} of {len(pages)}:")
            title = tree.css_first("title").text()
            assert (f"(page {number} of {len(pages)})" in title) == (number > 1), title
            numbered = set(hrefs(tree, ".pager li:not(.pager-step) a"))
            assert {pages[0][0], pages[-1][0]} <= numbered
    else:
        assert pages[0][1].css_first(".pager") is None
    return pages


def newest_first(items, date) -> list:
    return sorted(items, key=lambda item: (date(item), item.id), reverse=True)


def in_timeline_order(events) -> list:
    announced = [e for e in events if e.status == "announced"]
    return (sorted(announced, key=lambda e: (not e.date.known, e.date, e.id))
            + newest_first([e for e in events if e.status != "announced"], lambda e: e.date))


def test_no_page_is_over_150_kb_or_3000_elements(big_briefing):
    result, output = big_briefing
    assert len(result.site.articles) > SPLIT_ABOVE and len(result.site.events) > SPLIT_ABOVE
    heavy = []
    for path in sorted(output.rglob("*.html")):
        data = path.read_bytes()
        elements = len(LexborHTMLParser(data.decode("utf-8")).css("*"))
        if len(data) > PAGE_BYTES or elements > PAGE_ELEMENTS:
            heavy.append(f"{path.relative_to(output)}: {len(data) // 1024} KB, {elements} elements")
    assert heavy == []


def test_the_articles_index_holds_every_article_once_newest_first(big_briefing):
    result, output = big_briefing
    pages = walk(output, PREFIX + "articles/")
    assert len(pages) == math.ceil(len(result.site.articles) / PAGE_SIZE) > 1
    listed = [hrefs(tree, ".entries .entry > a") for _, tree in pages]
    assert all(len(entries) == PAGE_SIZE for entries in listed[:-1])
    articles = newest_first(result.site.articles.values(), lambda a: a.published)
    assert sum(listed, []) == [f"{PREFIX}articles/{a.id}/" for a in articles]


@pytest.mark.parametrize("topic, status", [("", ""), ("security", ""), ("", "occurred"),
                                           ("economy", "occurred")])
def test_each_view_of_the_timeline_holds_its_events_once_in_order_across_its_pages(
        big_briefing, topic, status):
    result, output = big_briefing
    view = "".join(f"{value}/" for value in (topic, status) if value)
    events = [e for e in result.site.events.values()
              if (not topic or topic in e.topics) and (not status or e.status == status)]
    pages = walk(output, PREFIX + "timeline/" + view)
    assert len(pages) == math.ceil(len(events) / PAGE_SIZE) > 1
    listed = sum((hrefs(tree, ".timeline-item h2 a") for _, tree in pages), [])
    assert listed == [f"{PREFIX}events/{e.id}/" for e in in_timeline_order(events)]
    for number, (_, tree) in enumerate(pages, 1):
        # Not every event is on the page: the script must leave the filters as links.
        assert tree.css_first(".filters[data-complete]") is None
        first = (number - 1) * PAGE_SIZE + 1
        last = min(number * PAGE_SIZE, len(events))
        assert tree.css_first("#timeline-shown").text() == \
            f"Events shown: {first:,}–{last:,} of {len(events):,}."
        # The filters lead to the first page of each view; the view chosen is marked.
        chosen = tree.css('.filters a[aria-current]')
        assert len(chosen) == 3
        assert {a.attributes["aria-current"] for a in chosen} == {"page" if number == 1 else "true"}


def test_a_topic_page_shows_the_first_articles_and_events_and_leads_to_the_rest(big_briefing):
    result, output = big_briefing
    site = result.site
    pages = walk(output, PREFIX + "topics/security/")
    articles = newest_first([a for a in site.articles.values() if "security" in a.topics],
                            lambda a: a.published)
    assert len(pages) == math.ceil(len(articles) / PAGE_SIZE) > 1
    first = pages[0][1]
    listed = hrefs(first, '[aria-labelledby="topic-articles"] .entry > a')
    listed += sum((hrefs(tree, ".entries .entry > a") for _, tree in pages[1:]), [])
    assert listed == [f"{PREFIX}articles/{a.id}/" for a in articles]
    # The topic's events: the first page of the timeline's view of the topic, then a link to the next.
    events = in_timeline_order([e for e in site.events.values() if "security" in e.topics])
    assert len(events) > SPLIT_ABOVE
    assert hrefs(first, '[aria-labelledby="topic-timeline"] .timeline-item h3 a') == \
        [f"{PREFIX}events/{e.id}/" for e in events[:PAGE_SIZE]]
    assert hrefs(first, '[aria-labelledby="topic-timeline"] .more a') == \
        [PREFIX + "timeline/security/page/2/"]
    # Only the first page, with the introduction, figures and map, is the topic in search.
    searched = {page.path: page.search for page in result.pages if page.path.startswith("topics/security/")}
    assert searched.pop("topics/security/").type == "topic"
    assert set(searched.values()) == {None}
    for _, tree in pages[1:]:
        assert tree.css_first("h1").text().startswith("Security: articles")
        assert hrefs(tree, "main > p a") == [PREFIX + "topics/security/"]


def test_each_source_has_a_page_with_what_cites_it_and_the_index_lists_them(big_briefing):
    result, output = big_briefing
    site = result.site
    pages = walk(output, PREFIX + "sources/")
    listed = sum((hrefs(tree, ".source-title a") for _, tree in pages), [])
    assert sorted(listed) == sorted(f"{PREFIX}sources/{s}/" for s in site.sources)
    assert len(listed) == len(set(listed))
    for source in list(site.sources)[:20]:
        tree = parse(output, f"{PREFIX}sources/{source}/")
        citing = {f"{PREFIX}articles/{a.id}/" for a in site.articles.values()
                  if source in a.sources or any(source in c.sources for c in a.claims)}
        citing |= {f"{PREFIX}events/{e.id}/" for e in site.events.values() if source in e.sources}
        shown = hrefs(tree, '[aria-labelledby="cited-by"] .entry > a')
        shown += hrefs(tree, '[aria-labelledby="cited-by"] .timeline-item h4 a')
        assert sorted(shown) == sorted(citing)
        figures = {f"{PREFIX}figures/#{f.id}" for f in site.figures.values() if f.source == source}
        assert set(hrefs(tree, ".cited-figures a")) == figures
