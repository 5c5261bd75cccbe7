"""Markdown bodies: links checked, pathological input stopped, never a hang."""
from __future__ import annotations

import signal
import sys
import threading
import time

import pytest

from briefing.load.fields import LANGUAGE_TAG, web_url_problem
from briefing.render.markup import (BadLink, BodyProblems, CreditNotAlone, MarkdownRenderer, MarkupError,
                                    MissingTarget, NoAltText, RawSitePath, RelativePath, TooSlow)

def no_items(kind, ident):
    return None


def never_finishes(text: str) -> str:
    """A Markdown conversion that runs until the budget's alarm ends it, however fast or
    slow the machine is (given up after a minute, so that a broken budget fails the
    test instead of hanging it)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        time.sleep(0.001)
    return "<p>the budget never stopped it</p>"


def test_a_body_past_its_time_budget_is_stopped_with_a_clear_error(monkeypatch):
    renderer = MarkdownRenderer(seconds=0.05)
    monkeypatch.setattr(renderer._md, "convert", never_finishes)
    with pytest.raises(TooSlow) as caught:
        renderer.render("a body Markdown would take minutes over", no_items)
    assert caught.value.message.startswith("Markdown took more than 0.05 s to render this body")
    # The interrupted instance is replaced by a fresh one, which renders as before.
    assert renderer.render("*still* works", no_items) == "<p><em>still</em> works</p>"
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_the_budget_leaves_the_alarm_as_it_found_it():
    def previous(signum, frame):
        pass
    old = signal.signal(signal.SIGALRM, previous)
    try:
        MarkdownRenderer(seconds=1).render("text", no_items)
        assert signal.getsignal(signal.SIGALRM) is previous
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    finally:
        signal.signal(signal.SIGALRM, old)


def test_rendering_outside_the_main_thread_works_without_a_budget():
    results = []
    thread = threading.Thread(
        target=lambda: results.append(MarkdownRenderer(seconds=0.01).render("a *b*", no_items)))
    thread.start()
    thread.join()
    assert results == ["<p>a <em>b</em></p>"]


def test_long_runs_of_brackets_are_refused_before_rendering():
    with pytest.raises(MarkupError) as caught:
        MarkdownRenderer().render("ok\n\n" + "[" * 500, no_items)
    assert caught.value.line_offset == 2
    assert "a run of 200 or more brackets" in caught.value.message


@pytest.mark.parametrize("body, url", [
    ("[a](javascript:alert(1))", "javascript:alert(1)"),
    ("text\n\n[a](evnt:port-talks)", "evnt:port-talks"),
    ("![a](data:image/png;base64,AAAA)", "data:image/png;base64,AAAA"),
])
def test_links_with_other_schemes_are_refused(body, url):
    with pytest.raises(BadLink) as caught:
        MarkdownRenderer().render(body, no_items)
    assert caught.value.url == url
    assert caught.value.line_offset == body.count("\n")


def test_raw_html_is_sanitised():
    html = MarkdownRenderer().render(
        '<p onclick="x()">a</p><script>alert(1)</script><a href="javascript:x">b</a>', no_items)
    assert html == "<p>a</p>\n\n<p><a>b</a></p>"


@pytest.mark.parametrize("url, problem", [
    ("https://example.com/a?b=c#d", None),
    ("http://pt.wikipedia.org/wiki/Moçambique", None),
    ("javascript:alert(1)", "must start with https:// or http://"),
    ("https:example.com", "must start with https:// or http://"),
    ("https://", "has no host name"),
    ("https://[::1", "is not a valid web address"),
    ("https://example.com/a b", "contains a space: percent-encode it as %20"),
    ('https://example.com/"onmouseover=x', "contains the character '\"': percent-encode it as %22"),
    ("https://example.com/\u200bx", "contains the character U+200B: remove it"),
])
def test_web_url_problems(url, problem):
    assert web_url_problem(url) == problem


@pytest.mark.parametrize("code, valid", [
    ("en", True), ("pt-BR", True), ("zh-Hant-TW", True), ("English", False), ("e", False),
    ("en_GB", False), ('en" onload="x', False),
])
def test_language_codes(code, valid):
    assert bool(LANGUAGE_TAG.fullmatch(code)) is valid


# Site paths and images ------------------------------------------------------

SITE = {"/timeline/": "/base/timeline/", "/timeline/#2025": "/base/timeline/#2025",
        "/static/img/harbour.png": "/base/static/img/harbour.png"}


def placed(url):
    return SITE.get(url)


def test_site_paths_are_placed_by_the_caller():
    html = MarkdownRenderer().render("See [the timeline](/timeline/) and [2025](/timeline/#2025), "
                                     "[here](#notes), [a site](https://example.org/x), "
                                     "[mail](mailto:a@example.org).", no_items, placed)
    assert html == ('<p>See <a href="/base/timeline/">the timeline</a> and '
                    '<a href="/base/timeline/#2025">2025</a>, <a href="#notes">here</a>, '
                    '<a href="https://example.org/x">a site</a>, '
                    '<a href="mailto:a@example.org">mail</a>.</p>')


@pytest.mark.parametrize("body, url, image, line", [
    ("[the timeline](/timline/)", "/timline/", False, 0),
    ("One.\n\nTwo [a](/timeline/) and ![A harbour](/static/img/harbor.png)", "/static/img/harbor.png",
     True, 2),
    ("text\n\n![A harbour]()", "", True, 2),
])
def test_a_site_path_the_build_does_not_make_is_refused(body, url, image, line):
    with pytest.raises(MissingTarget) as caught:
        MarkdownRenderer().render(body, no_items, placed)
    assert (caught.value.url, caught.value.image, caught.value.line_offset) == (url, image, line)


def test_without_a_placer_every_site_path_is_refused():
    with pytest.raises(MissingTarget):
        MarkdownRenderer().render("[the timeline](/timeline/)", no_items)


@pytest.mark.parametrize("body, message", [
    ("[the timeline](../timeline/)", "relative link '../timeline/': a body is shown at more than one "
     "address, so write the path from the site root ('/timeline/') or an item link such as event:<id>"),
    ("[the timeline](timeline/)", "relative link 'timeline/': a body is shown at more than one "
     "address, so write the path from the site root ('/timeline/') or an item link such as event:<id>"),
    ("![A map](img/map.png)", "relative image path 'img/map.png': a body is shown at more than one "
     "address, so write the path from the site root ('/static/img/map.png')"),
    ("![A map](./static/map.png)", "relative image path './static/map.png': a body is shown at more "
     "than one address, so write the path from the site root ('/static/map.png')"),
])
def test_relative_paths_are_refused(body, message):
    with pytest.raises(RelativePath) as caught:
        MarkdownRenderer().render(body, no_items, placed)
    assert caught.value.message == message


@pytest.mark.parametrize("body", ["![](/static/img/harbour.png)", "![  ](/static/img/harbour.png)",
                                  '![](https://example.org/a.png "Photo: X")'])
def test_an_image_needs_alt_text(body):
    with pytest.raises(NoAltText) as caught:
        MarkdownRenderer().render(body, no_items, placed)
    assert caught.value.message.startswith("image '")
    assert "has no alt text: say what it shows between the brackets" in caught.value.message


def test_an_image_of_its_own_is_a_figure_with_its_title_as_credit():
    html = MarkdownRenderer().render(
        'Before.\n\n![Pemba harbour at dawn](/static/img/harbour.png "Photo: A. Reporter / Lusa")\n\nAfter.',
        no_items, placed)
    assert html == ('<p>Before.</p>\n<figure><img alt="Pemba harbour at dawn" loading="lazy" '
                    'src="/base/static/img/harbour.png"><figcaption>Photo: A. Reporter / Lusa'
                    '</figcaption></figure>\n<p>After.</p>')


def test_a_figure_without_a_credit_has_no_caption():
    html = MarkdownRenderer().render("![Pemba harbour](/static/img/harbour.png)", no_items, placed)
    assert html == ('<figure><img alt="Pemba harbour" loading="lazy" '
                    'src="/base/static/img/harbour.png"></figure>')


def test_a_linked_image_of_its_own_is_a_figure_too():
    html = MarkdownRenderer().render(
        '[![Pemba harbour](/static/img/harbour.png "Photo: Lusa")](https://example.org/big.png)',
        no_items, placed)
    assert html == ('<figure><a href="https://example.org/big.png"><img alt="Pemba harbour" '
                    'loading="lazy" src="/base/static/img/harbour.png"></a>'
                    '<figcaption>Photo: Lusa</figcaption></figure>')


def test_an_image_within_text_stays_inline_and_may_not_carry_a_credit():
    html = MarkdownRenderer().render("A ![pin](/static/img/harbour.png) marks it.", no_items, placed)
    assert html == ('<p>A <img alt="pin" loading="lazy" src="/base/static/img/harbour.png"> '
                    'marks it.</p>')
    with pytest.raises(CreditNotAlone) as caught:
        MarkdownRenderer().render('Text\nA ![pin](/static/img/harbour.png "Photo: X") marks it.',
                                  no_items, placed)
    assert caught.value.line_offset == 1


def test_a_credit_is_text():
    html = MarkdownRenderer().render(
        '![Harbour](/static/img/harbour.png "<b onclick=x()>Lusa</b> & co")', no_items, placed)
    assert "<figcaption>&lt;b onclick=x()&gt;Lusa&lt;/b&gt; &amp; co</figcaption>" in html


@pytest.mark.parametrize("body, url, image", [
    ('Text <a href="/timeline/">the timeline</a>.', "/timeline/", False),
    ('<p><img src="/static/img/harbour.png" alt="Harbour"></p>', "/static/img/harbour.png", True),
])
def test_a_site_path_in_raw_html_is_refused(body, url, image):
    with pytest.raises(RawSitePath) as caught:
        MarkdownRenderer().render("First.\n\n" + body, no_items, placed)
    assert caught.value.url == url
    assert caught.value.line_offset == 2
    assert ("a Markdown image" if image else "a Markdown link") in caught.value.message


def test_raw_html_other_addresses_are_left_to_the_sanitiser():
    html = MarkdownRenderer().render('<a href="https://example.org/">x</a> <a href="//cdn.example">y</a> '
                                     '<img src="x" onerror="alert(1)">', no_items, placed)
    assert html == '<p><a href="https://example.org/">x</a> <a href="//cdn.example">y</a> <img src="x"></p>'


def test_every_problem_of_a_body_is_reported_at_its_line():
    body = ("[a](/timline/) and [b](event:nowhere)\n\n![](/static/img/harbour.png)\n\n"
            "text\n\n[a again](/timline/)\n\n[c](javascript:x)")
    with pytest.raises(BodyProblems) as caught:
        MarkdownRenderer().render(body, no_items, placed)
    assert [(type(p).__name__, p.line_offset) for p in caught.value.problems] == [
        ("MissingTarget", 0), ("UnknownLink", 0), ("NoAltText", 2), ("MissingTarget", 6),
        ("BadLink", 8)]


def test_a_path_is_found_at_its_own_line_not_inside_a_longer_one():
    body = "![A](/static/img/harbour.png)\n\n![B](/img/harbour.png)"
    with pytest.raises(MissingTarget) as caught:
        MarkdownRenderer().render(body, no_items, placed)
    assert (caught.value.url, caught.value.line_offset) == ("/img/harbour.png", 2)


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_the_budget_holds_when_its_first_alarm_lands_where_exceptions_are_dropped(monkeypatch):
    """An exception raised inside a finaliser is printed and dropped by Python: the
    alarm rings again until the rendering is stopped."""
    class Finalised:
        def __del__(self):
            deadline = time.monotonic() + 0.2
            while time.monotonic() < deadline:  # the first alarm rings in here
                pass

    def finaliser_then_forever(text: str) -> str:
        Finalised()  # dropped at once: its __del__ runs, and swallows the first alarm
        never_finishes(text)

    renderer = MarkdownRenderer(seconds=0.05)
    monkeypatch.setattr(renderer._md, "convert", finaliser_then_forever)
    # Python hands the dropped exception to sys.unraisablehook; pytest's own hook formats
    # it, which can take longer than the alarm's interval on a busy machine, and a ring
    # inside pytest's hook is pytest's problem, not the renderer's. A hook that does
    # nothing drops it as Python's own does, at no cost.
    monkeypatch.setattr(sys, "unraisablehook", lambda unraisable: None)
    with pytest.raises(TooSlow):
        renderer.render("text", no_items)
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


# Text made of what link parsing turns on: brackets, parentheses, references,
# images, escapes, code spans and paragraph breaks.
_LINKISH = ["[", "]", "(", ")", "!", "x", " ", "\n", "*", "`", "\\", "<", ">", ":", "/", '"',
            "'", "[a](b)", "![i](s.png)", "[r][1]", "[1]: http://e.org\n", "[s]", "\n\n", "[^",
            "[a [b] c](d)", "[](", "](x)"]


def test_links_are_parsed_as_python_markdown_parses_them_without_its_rescan():
    """Briefing's link processors (render/link_brackets.py) give Python-Markdown's HTML
    byte for byte: compared with Markdown's own on generated link-heavy text, and
    wired into the renderer every body goes through."""
    import markdown
    from hypothesis import given, settings
    from hypothesis import strategies as st
    from briefing.render.link_brackets import LinearBracketsExtension, closing_brackets

    extensions = ["tables", "fenced_code", "sane_lists", "abbr", "def_list", "toc"]
    stock = markdown.Markdown(extensions=extensions, output_format="html")
    linear = markdown.Markdown(extensions=[*extensions, LinearBracketsExtension()],
                               output_format="html")

    @settings(max_examples=3000, deadline=None, derandomize=True)
    @given(st.lists(st.sampled_from(_LINKISH), max_size=40).map("".join))
    def same_html(text):
        assert linear.reset().convert(text) == stock.reset().convert(text)

    same_html()
    assert closing_brackets("a [b [c] d] [e") == {3: 11, 6: 8}
    renderer = MarkdownRenderer()
    renderer.render("[x](https://example.org/)", lambda kind, ident: None)
    for name in ("link", "reference", "image_link", "image_reference", "short_reference",
                 "short_image_ref"):
        assert type(renderer._md.inlinePatterns[name]).__module__ == "briefing.render.link_brackets"
