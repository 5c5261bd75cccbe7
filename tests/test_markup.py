"""Markdown bodies: links checked, pathological input stopped, never a hang."""
from __future__ import annotations

import signal
import threading

import pytest

from briefing.load.fields import LANGUAGE_TAG, web_url_problem
from briefing.render.markup import BadLink, MarkdownRenderer, MarkupError, TooSlow

# Python-Markdown takes quadratic time over unclosed '[' (here about 20 s at full speed).
SLOW = "x[" * 10000


def no_items(kind, ident):
    return None


def test_a_body_past_its_time_budget_is_stopped_with_a_clear_error():
    renderer = MarkdownRenderer(seconds=0.05)
    with pytest.raises(TooSlow) as caught:
        renderer.render(SLOW, no_items)
    assert caught.value.message.startswith("Markdown took more than 0.05 s to render this body")
    assert renderer.render("*still* works", no_items) == "<p><em>still</em> works</p>"


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
