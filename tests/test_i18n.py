"""Language editions: catalogues, dates in the reader's language, translations, switcher."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from briefing.cli import main
from briefing.load.dates import parse_date
from briefing.errors import Collector
from briefing.load.frontmatter import parse_document
from briefing.model.catalogues import format_number, format_partial_date, read_catalogues
from briefing.engine import BuildOptions

from .conftest import render, FIXTURES, REPO, THEME


@pytest.mark.parametrize("text, english, portuguese", [
    ("2025-07-22", "22 July 2025", "22 de julho de 2025"),
    ("2025-07", "July 2025", "julho de 2025"),
    ("2025", "2025", "2025"),
    ("2024-03-01", "1 March 2024", "1 de março de 2024"),
])
def test_dates_in_each_language_keep_their_precision(text, english, portuguese):
    date = parse_date(text)
    assert format_partial_date(date, "en_GB") == english
    assert format_partial_date(date, "pt_MZ") == portuguese


def test_numbers_follow_the_locale():
    assert format_number(946508, "en_GB") == "946,508"
    assert format_number(946508, "pt_MZ").replace("\u00a0", " ").replace("\u202f", " ") == "946 508"
    assert format_number(2.5, "pt_MZ") == "2,5"


@pytest.fixture(scope="module")
def golden():
    return render(BuildOptions(root=FIXTURES / "golden", theme=THEME))


def pages(files, prefix=""):
    """HTML pages of one edition, without the single 404 page every edition shares."""
    return {name[len(prefix):] for name in files
            if name.endswith(".html") and name.startswith(prefix) and name != "404.html" and
            (prefix or not name.startswith("pt/"))}


def test_every_english_page_has_a_portuguese_counterpart(golden):
    english = pages(golden.files)
    assert english and english == pages(golden.files, "pt/")


class _Facts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.lang = None
        self.switcher = {}
        self.alternates = {}
        self._in_switcher = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if tag == "nav" and "languages" in (a.get("class") or ""):
            self._in_switcher = True
        if tag == "a" and self._in_switcher:
            self.switcher[a["hreflang"]] = a["href"]
        if tag == "link" and a.get("rel") == "alternate" and a.get("hreflang"):
            self.alternates[a["hreflang"]] = a["href"]

    def handle_endtag(self, tag):
        if tag == "nav":
            self._in_switcher = False


def facts(html: bytes) -> _Facts:
    parser = _Facts()
    parser.feed(html.decode())
    return parser


@pytest.mark.parametrize("edition, other", [("", "pt"), ("pt/", "en")])
def test_language_switcher_and_hreflang_lead_to_the_matching_page(golden, edition, other):
    for name in pages(golden.files, edition):
        info = facts(golden.files[edition + name])
        assert info.lang == ("pt" if edition else "en")
        counterpart = ("pt/" if other == "pt" else "") + name
        url = "/testland/" + counterpart.removesuffix("index.html")
        assert info.switcher == {other: url}, name
        assert info.alternates[other] == "https://example.org" + url
        assert info.alternates["x-default"].startswith("https://example.org/testland/")
        assert counterpart in golden.files


def test_the_one_404_page_offers_each_editions_home(golden):
    info = facts(golden.files["404.html"])
    assert info.switcher == {"pt": "/testland/pt/"}
    assert "pt/404.html" not in golden.files


def test_translated_item_is_in_portuguese_without_a_notice(golden):
    html = golden.files["pt/articles/port-deal/index.html"].decode()
    assert "<h1>Ministra anuncia um acordo para o porto</h1>" in html
    assert "Afirmações verificadas" in html
    assert "Não verificado" in html
    assert 'href="/testland/pt/events/port-talks/"' in html  # body links stay in the edition
    assert "ainda não foi traduzido" not in html
    assert "4 de Março de 2025" in html  # months capitalised, as the edition's spelling writes them


def test_untranslated_item_is_shown_in_english_marked_as_such(golden):
    html = golden.files["pt/events/port-talks/index.html"].decode()
    assert '<h1 lang="en">Talks on the port</h1>' in html
    assert "Este texto ainda não foi traduzido e é apresentado em inglês." in html
    assert "Fevereiro de 2025" in html
    assert "Onde" in html  # the interface stays Portuguese


def test_unknown_dates_and_qualifiers_use_the_catalogue(golden):
    html = golden.files["pt/index.html"].decode()
    assert "data por definir" in html
    assert "cerca de 1" in html
    # An unverified count is no key figure: it is on the figures page.
    assert "pelo menos 349" in golden.files["pt/figures/index.html"].decode()


def test_build_reports_untranslated_items(golden_copy, tmp_path, capsys):
    status = main(["build", "--root", str(golden_copy), "--theme", str(THEME),
                   "--output", str(tmp_path / "site")])
    out = capsys.readouterr().out
    assert status == 0
    assert "pt: 13 of 16 items not translated (shown in en):" in out
    assert "  events (4): border-clash, first-attacks, port-talks, state-visit" in out


def test_real_briefing_builds_both_editions(published):
    result = published[0]
    assert [e.language for e in result.editions] == ["en", "pt"]
    english = pages(result.files)
    assert english == pages(result.files, "pt/")
    home = result.files["pt/index.html"].decode()
    assert '<html lang="pt">' in home
    assert "Dossier Moçambique" in home


def catalogue_documents(pt_text: str) -> dict:
    english = (THEME / "i18n" / "en.yaml").read_text()
    return {"en": parse_document("i18n/en.yaml", english, has_body=False),
            "pt": parse_document("i18n/pt.yaml", pt_text, has_body=False)}


def test_catalogues_must_have_the_same_keys():
    portuguese = (THEME / "i18n" / "pt.yaml").read_text()
    lines = portuguese.splitlines()
    promise = next(i for i, line in enumerate(lines) if line.startswith("  promise:"))
    broken = "\n".join(lines[:promise] + lines[promise + 1:] + ["extra: sobra"]) + "\n"
    problems = Collector()
    read_catalogues(catalogue_documents(broken), ["en", "pt"], "en", problems)
    assert [str(p) for p in problems.problems] == [
        "i18n/pt.yaml:1: missing interface string 'site.promise' (it is in i18n/en.yaml)",
        f"i18n/pt.yaml:{len(lines)}: unknown interface string 'extra' (not in i18n/en.yaml)",
    ]


def test_repository_catalogues_are_complete():
    problems = Collector()
    portuguese = (THEME / "i18n" / "pt.yaml").read_text()
    catalogues = read_catalogues(catalogue_documents(portuguese), ["en", "pt"], "en", problems)
    assert problems.problems == []
    assert catalogues["pt"].locale == "pt_MZ"
    assert str(catalogues["pt"].t("site.last_updated", date="<b>x</b>")) == (
        "Última actualização: &lt;b&gt;x&lt;/b&gt;.")


@pytest.mark.parametrize("text, capitalised", [
    ("2025-07-22", "22 de Julho de 2025"),
    ("2025-07", "Julho de 2025"),
    ("2025", "2025"),
    ("2024-03-01", "1 de Março de 2024"),
])
def test_month_names_can_be_capitalised(text, capitalised):
    assert format_partial_date(parse_date(text), "pt_MZ", capitalise_months=True) == capitalised


def test_the_portuguese_edition_capitalises_months_and_english_does_not():
    problems = Collector()
    portuguese = (THEME / "i18n" / "pt.yaml").read_text()
    catalogues = read_catalogues(catalogue_documents(portuguese), ["en", "pt"], "en", problems)
    assert catalogues["pt"].date(parse_date("2025-07-22")) == "22 de Julho de 2025"
    assert catalogues["en"].date(parse_date("2025-07-22")) == "22 July 2025"


def test_an_unknown_month_names_setting_is_reported_at_its_line():
    portuguese = (THEME / "i18n" / "pt.yaml").read_text()
    line = portuguese.splitlines().index("  month_names: capitalised") + 1
    problems = Collector()
    read_catalogues(catalogue_documents(portuguese.replace("month_names: capitalised", "month_names: upper")),
                    ["en", "pt"], "en", problems)
    assert [str(p) for p in problems.problems] == [
        f"i18n/pt.yaml:{line}: 'date.month_names' is 'upper' (expected one of: locale, capitalised)"]


def french_catalogue(problems: Collector):
    docs = {language: parse_document(f"i18n/{language}.yaml",
                                     (THEME / "i18n" / f"{language}.yaml").read_text(),
                                     has_body=False)
            for language in ("en", "fr")}
    return read_catalogues(docs, ["en", "fr"], "en", problems), docs


def test_the_french_catalogue_is_complete_and_in_french():
    problems = Collector()
    catalogues, docs = french_catalogue(problems)
    assert problems.problems == []
    english, french = catalogues["en"].strings, catalogues["fr"].strings
    # Words that are the same in both languages, and the values made of fields only.
    same = {"nav.articles", "nav.sources", "article.kind", "article.sources_label",
            "articles.title", "event.sources", "not_found.sources", "place_kind.province",
            "place_kind.district", "sources.title", "topic.articles", "actor.articles",
            "place.articles", "data.events.csv", "data.sources.title", "chart.source",
            "figure.source_label", "actor_kind.organisation", "entry.article",
            "search.types", "sources.kind", "search.type.article", "search.type.source",
            "actor.sources", "place.sources", "date.month_names", "months.json",
            "pager.label", "pager.page", "sources.articles", "sources.kind_label", "site.menu",
            "list.separator", "map.svg.separator"}
    untranslated = sorted(key for key, text in english.items()
                          if text == french[key] and key not in same
                          and re.sub(r"\{\w+\}", "", text).strip("–") != "")
    assert untranslated == []
    # French typography: a no-break space before a colon and inside guillemets, a
    # narrow one before ; ? and ! (so that a line never starts with one).
    for key, text in french.items():
        assert " :" not in text and " ;" not in text and "« " not in text and " »" not in text, key
    assert catalogues["fr"].locale == "fr_FR"
    assert catalogues["fr"].date(parse_date("2025-07-22")) == "22 juillet 2025"
    assert catalogues["fr"].date(parse_date("2025-07")) == "juillet 2025"
    assert catalogues["fr"].number(946508).replace("\u202f", " ") == "946 508"
    assert str(catalogues["fr"].t("figures.description", country="Mali")) == (
        "Tous les chiffres du dossier «\u00a0Mali\u00a0», avec leur date de référence, leur "
        "périmètre, leur définition et leur source.")


def test_every_value_of_every_vocabulary_has_its_words_in_every_shipped_catalogue():
    """What a page prints for a status, a confidence, a kind or a trend comes from the
    catalogue: every value the content model allows (kinds.py) has its words in each
    language Briefing ships, Arabic included, so that no page of any edition fails on
    a value its own briefing happens not to use."""
    import yaml as pyyaml

    from briefing import schema

    vocabularies = {
        "claim": schema.CLAIM_STATUSES, "event_status": schema.EVENT_STATUSES,
        "confidence": (*schema.PLACE_CONFIDENCE, "not_stated"), "qualifier": schema.QUALIFIERS,
        "reliability": schema.RELIABILITY,
        "source_kind": schema.SOURCE_KINDS, "actor_kind": schema.ACTOR_KINDS,
        "place_kind": schema.PLACE_KINDS,
        "month.trend": schema.TRENDS, "month.topic_trend": schema.TRENDS,
    }
    catalogues = sorted((REPO / "i18n").glob("*.yaml"))
    assert {path.stem for path in catalogues} >= {"ar", "en", "fr", "pt"}
    for path in catalogues:
        strings = pyyaml.safe_load(path.read_text(encoding="utf-8"))
        for group, values in vocabularies.items():
            table = strings
            for part in group.split("."):
                table = table[part]
            missing = [value for value in values if not table.get(value)]
            assert missing == [], f"{path.name}: {group} has no words for {missing}"
