"""Right-to-left editions: direction from the CLDR (never a hand-kept list), plural
forms from the CLDR's rules, and values isolated inside right-to-left sentences."""
from __future__ import annotations

import json
import re

import pytest

from briefing.cli import main
from briefing.model import Catalogue
from briefing.model.catalogues import direction_of, plural_category


@pytest.mark.parametrize("language, direction", [
    ("ar", "rtl"), ("fa", "rtl"), ("ur", "rtl"), ("he", "rtl"), ("ar_YE", "rtl"),
    ("en", "ltr"), ("pt_MZ", "ltr"), ("fr", "ltr"), ("sw", "ltr"), ("xx-unknown", "ltr")])
def test_the_direction_of_a_language_comes_from_the_cldr(language, direction):
    assert direction_of(language) == direction


def test_arabic_has_six_plural_forms_and_english_two():
    assert [plural_category("ar", n) for n in (0, 1, 2, 3, 10, 11, 99, 100, 102, 103, 111)] == [
        "zero", "one", "two", "few", "few", "many", "many", "other", "other", "few", "many"]
    assert [plural_category("en", n) for n in (0, 1, 2)] == ["other", "one", "other"]
    assert plural_category("ar", "1,204") == "few" and plural_category("ar", "١١") == "many"


MONTHS = {"zero": "لا أشهر", "one": "الشهر الأخير", "two": "الشهران الأخيران",
          "few": "آخر {count} أشهر", "many": "آخر {count} شهرًا", "other": "آخر {count} شهر"}


def test_a_string_in_plural_forms_takes_the_form_its_count_calls_for():
    arabic = Catalogue("ar", "ar", "i18n/ar.yaml", {"home.trends": MONTHS, "site.by": "بقلم {name}"})
    assert arabic.t("home.trends", count=1) == "الشهر الأخير"
    assert arabic.t("home.trends", count=2) == "الشهران الأخيران"
    assert arabic.t("home.trends", count=12) == "آخر \u206812\u2069 شهرًا"
    assert arabic.t("home.trends", count=3) == "آخر \u20683\u2069 أشهر"
    # A Latin name inside an Arabic sentence is isolated, so its punctuation stays with it.
    assert arabic.t("site.by", name="Lusa (Maputo)") == "بقلم \u2068Lusa (Maputo)\u2069"
    english = Catalogue("en", "en_GB", "i18n/en.yaml", {"site.by": "by {name}"})
    assert english.t("site.by", name="Lusa") == "by Lusa"  # left to right: nothing added
    assert arabic.direction == "rtl" and english.direction == "ltr"


def test_a_new_arabic_briefing_reads_right_to_left_with_english_beside_it(tmp_path):
    """`briefing new yemen --country YE --language ar --language en`, as a new user would:
    the Arabic edition is right to left, the English one is not, an item not yet
    translated keeps its own direction, and search indexes Arabic."""
    root = tmp_path / "yemen"
    assert main(["new", str(root), "--country", "YE", "--language", "ar", "--language", "en"]) == 0
    (root / "content" / "articles" / "example-article.en.md").unlink()  # not yet translated
    assert main(["build", "--root", str(root)]) == 0
    site = root / "site"
    arabic, english = (site / "index.html").read_text(), (site / "en" / "index.html").read_text()
    assert '<html lang="ar" dir="rtl">' in arabic
    assert '<html lang="en">' in english
    article = (site / "en" / "articles" / "example-article" / "index.html").read_text()
    assert ' lang="ar" dir="rtl"' in article  # Arabic words in the English edition
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text())
    assert set(entry["languages"]) == {"ar", "en"} and entry["languages"]["ar"]["page_count"] > 0
    # The interface strings that name a date or a name isolate it inside Arabic text.
    assert "\u2068" in arabic
    # Lists written in a sentence take the language's comma: the event's two places.
    event = (site / "events" / "example-event" / "index.html").read_text()
    assert "</span>، <a href=" in event and "</span>, <a href=" not in event


RTL_PAGES = ["", "timeline/", "events/example-event/", "articles/example-article/", "places/",
             "sources/", "search/", "updates/"]


def test_an_arabic_edition_passes_axe_in_light_and_dark(tmp_path):
    """Every kind of page of a new Arabic briefing, read right to left, as the English
    pages are checked (tests/test_browser.py)."""
    from playwright.sync_api import sync_playwright

    from .pages_server import PagesServer
    from .test_browser import AXE_TAGS, CHROMIUM, CHROMIUM_ARGS, axe

    root = tmp_path / "yemen"
    assert main(["new", str(root), "--country", "YE", "--language", "ar", "--language", "en"]) == 0
    assert main(["build", "--root", str(root), "--base-url", "https://example.org/yemen/"]) == 0
    with PagesServer(root / "site", "/yemen/") as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=CHROMIUM_ARGS)
        page = browser.new_page()
        found = {}
        for path in RTL_PAGES:
            page.emulate_media(color_scheme="light")
            page.goto(server.origin + "/yemen/" + path)
            assert page.locator("html").get_attribute("dir") == "rtl"
            found[(path, "light")] = axe(page, {"type": "tag", "values": AXE_TAGS})
            # The dark scheme changes the stylesheet's colours only: its colour rules.
            page.emulate_media(color_scheme="dark")
            assert page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches")
            found[(path, "dark")] = axe(page, {"type": "rule",
                                               "values": ["color-contrast", "link-in-text-block"]})
        browser.close()
    found = {where: violations for where, violations in found.items() if violations}
    assert found == {}


def test_an_edition_may_write_its_numbers_and_dates_in_its_own_digits(tmp_path, capsys):
    """Babel writes 0-9 in every locale; `digits: arab` in site.yaml gives the Arabic
    edition ٠١٢٣٤٥٦٧٨٩ in its dates and numbers, and leaves the English one alone."""
    import re
    root = tmp_path / "yemen"
    assert main(["new", str(root), "--country", "YE", "--language", "ar", "--language", "en"]) == 0
    config = root / "site.yaml"
    text = config.read_text()
    assert "  - code: ar\n" in text
    output = tmp_path / "site"
    assert main(["build", "--root", str(root), "--output", str(output), "--no-search"]) == 0
    before = (output / "events" / "example-event" / "index.html").read_text()
    config.write_text(text.replace("  - code: ar\n", "  - code: ar\n    digits: arab\n", 1))
    assert main(["build", "--root", str(root), "--output", str(output), "--no-search"]) == 0
    arabic = (output / "events" / "example-event" / "index.html").read_text()
    english = (output / "en" / "events" / "example-event" / "index.html").read_text()
    dates = re.findall(r'<time datetime="[^"]+">([^<]+)</time>', arabic)
    assert dates and all(re.search("[\u0660-\u0669]", d) and not re.search("[0-9]", d)
                         for d in dates), dates
    assert any(re.search("[0-9]", d) for d in re.findall(r'<time datetime="[^"]+">([^<]+)</time>',
                                                          before))
    assert not re.search("[\u0660-\u0669]", english)
    config.write_text(text.replace("  - code: ar\n", "  - code: ar\n    digits: arabic\n", 1))
    assert main(["build", "--root", str(root), "--output", str(output), "--no-search"]) == 1
    assert "unknown digits 'arabic' (did you mean 'arab'?)" in capsys.readouterr().err


def test_each_numbering_system_is_ten_digits_from_its_zero():
    import unicodedata
    from briefing.vocabulary import NUMBERING_SYSTEMS
    for name, zero in NUMBERING_SYSTEMS.items():
        assert [unicodedata.decimal(chr(ord(zero) + n)) for n in range(10)] == list(range(10)), name


def test_the_maps_name_the_divisions_in_the_editions_language(tmp_path):
    """The packaged maps carry Natural Earth's names for each division in Arabic,
    French and Portuguese: an Arabic edition's maps name Yemen's governorates in
    Arabic, the English edition's in English, and the example division's own page is
    named as the map names it."""
    root = tmp_path / "yemen"
    assert main(["new", str(root), "--country", "YE", "--language", "ar", "--language", "en"]) == 0
    output = tmp_path / "site"
    assert main(["build", "--root", str(root), "--output", str(output), "--no-search"]) == 0

    def division_names(page):
        return set(re.findall(r'<text class="map-name map-name-province"[^>]*>([^<]+)</text>',
                              page.read_text()))

    arabic = division_names(output / "events" / "example-event" / "index.html")
    english = division_names(output / "en" / "events" / "example-event" / "index.html")
    assert "Hadramawt" in english and "محافظة حضرموت" in arabic
    assert not any(re.search("[A-Za-z]", name) for name in arabic), arabic
    assert "محافظة شبوة" in (output / "places" / "shabwah" / "index.html").read_text()


def test_an_arabic_first_briefing_passes_the_link_check_and_its_feeds_are_whole(tmp_path):
    """Issue 23's 'Done when', besides axe (above) and the Nu checker
    (test_html_validator.py): every link and anchor resolves, and each edition's
    Atom and JSON feeds parse, say their language and hold the briefing's entries."""
    import xml.etree.ElementTree as ET
    from briefing.commands.check import check_site
    root = tmp_path / "yemen"
    assert main(["new", str(root), "--country", "YE", "--language", "ar", "--language", "en"]) == 0
    output = tmp_path / "site"
    base = "https://example.github.io/yemen/"
    assert main(["build", "--root", str(root), "--output", str(output), "--no-search",
                 "--base-url", base]) == 0
    assert check_site(output, base) == []
    atom = "{http://www.w3.org/2005/Atom}"
    for prefix, language in (("", "ar"), ("en/", "en")):
        feed = ET.parse(output / prefix / "feed.xml").getroot()
        assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == language
        assert feed.findall(f"{atom}entry"), prefix
        document = json.loads((output / prefix / "feed.json").read_text())
        assert document["language"] == language and document["items"], prefix
