"""An organisation's briefing: its name, logo, colour, footer, licence and editors from
site.yaml, with no template edited; a colour that does not read is refused with the
nearest one that does."""
from __future__ import annotations

from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from briefing.cli import main
from briefing.load import colours

from .conftest import overlay_golden

BRAND = """brand:
  organisation: Testland Policy Institute
  url: https://example.org/institute/
  logo: img/logo.svg
  accent: "#8a1538"
  footer: Independent analysis since 1999.
  licence: CC BY 4.0
editors:
  - name: Ana Lima
    role: editor
  - name: Rui Costa
"""
LOGO = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" fill="#8a1538"/></svg>'


def branded(tmp_path: Path, brand: str = BRAND) -> Path:
    root = overlay_golden(tmp_path / "briefing", theme=False)
    with (root / "site.yaml").open("a", encoding="utf-8") as config:
        config.write(brand)
    (root / "static" / "img").mkdir(parents=True, exist_ok=True)
    (root / "static" / "img" / "logo.svg").write_text(LOGO)
    return root


def test_a_brand_in_site_yaml_shows_on_every_page_with_no_template_edited(tmp_path):
    root = branded(tmp_path)
    assert main(["build", "--root", str(root), "--no-search", "--output", str(tmp_path / "site")]) == 0
    home = HTMLParser((tmp_path / "site" / "index.html").read_text())
    logo = home.css_first(".site-title img.site-logo")
    assert logo.attributes["src"] == "/testland/static/img/logo.svg" and logo.attributes["alt"] == ""
    assert home.css_first(".site-organisation a").attributes["href"] == "https://example.org/institute/"
    style = home.css_first("head style").text()
    assert "--accent: #8a1538" in style
    dark = style.split("prefers-color-scheme: dark")[1].split("--accent: ")[1][:7]
    assert colours.contrast(dark, colours.DARK_PAGE) >= 4.5  # made light enough for the dark page
    assert " ".join(home.css_first(".site-brand").text().split()) == (
        "Published by Testland Policy Institute. Independent analysis since 1999. Licence: CC BY 4.0.")
    about = HTMLParser((tmp_path / "site" / "about" / "index.html").read_text())
    assert [" ".join(li.text().split()) for li in about.css(".editors li")] == [
        "Ana Lima (editor)", "Rui Costa"]
    assert (tmp_path / "site" / "static" / "img" / "logo.svg").read_text() == LOGO


def test_an_accent_that_does_not_read_is_refused_with_the_nearest_that_does(tmp_path, capsys):
    root = branded(tmp_path, BRAND.replace('"#8a1538"', '"#3a9bdc"'))
    assert main(["build", "--root", str(root), "--no-search", "--output", str(tmp_path / "site")]) == 1
    nearest = colours.nearest_passing("#3a9bdc", colours.LIGHT_PAGE)
    assert capsys.readouterr().err.splitlines()[0] == (
        f"site.yaml:28: 'accent' #3a9bdc has a contrast of 3.0:1 on the light page (#ffffff); "
        f"links need 4.5:1 (WCAG AA). The nearest colour that passes: {nearest}")
    assert colours.contrast(nearest, colours.LIGHT_PAGE) >= 4.5
    assert colours.contrast("#3a9bdc", colours.LIGHT_PAGE) < 4.5


def test_a_logo_that_is_not_in_static_is_refused_at_its_line(tmp_path, capsys):
    root = branded(tmp_path, BRAND.replace("logo: img/logo.svg", "logo: img/logo.png.svg"))
    assert main(["build", "--root", str(root), "--no-search", "--output", str(tmp_path / "site")]) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        "site.yaml:27: logo 'static/img/logo.png.svg' not found: put the SVG in the briefing's "
        "static/ folder (did you mean 'img/logo.svg'?)")


def test_a_typeface_is_served_from_the_briefing_itself(tmp_path):
    """brand.font: a WOFF2 in static/, declared and preloaded from the briefing's own
    address, never a font host."""
    root = branded(tmp_path, BRAND.replace("  footer:", "  font: fonts/house.woff2\n  footer:"))
    (root / "static" / "fonts").mkdir()
    (root / "static" / "fonts" / "house.woff2").write_bytes(b"wOF2" + bytes(60))
    assert main(["build", "--root", str(root), "--no-search", "--output", str(tmp_path / "site")]) == 0
    home = HTMLParser((tmp_path / "site" / "index.html").read_text())
    preload = home.css_first('head link[rel="preload"][as="font"]')
    assert preload.attributes["href"] == "/testland/static/fonts/house.woff2"
    style = " ".join(node.text() for node in home.css("head style"))
    assert 'src: url("/testland/static/fonts/house.woff2") format("woff2")' in style
    assert 'font-family: "Briefing brand", var(--font-body)' in style
    assert (tmp_path / "site" / "static" / "fonts" / "house.woff2").read_bytes()[:4] == b"wOF2"


@pytest.mark.parametrize("font, message", [
    ("fonts/house.ttf", "site.yaml:29: 'font' must be a WOFF2 or WOFF file below the briefing's "
                        "static/ folder, such as fonts/source-serif.woff2, not 'fonts/house.ttf'"),
    ("fonts/missing.woff2", "site.yaml:29: font 'static/fonts/missing.woff2' not found: put the "
                            "font file in the briefing's static/ folder"),
])
def test_a_typeface_that_cannot_be_served_is_refused_at_its_line(tmp_path, capsys, font, message):
    root = branded(tmp_path, BRAND.replace("  footer:", f"  font: {font}\n  footer:"))
    assert main(["build", "--root", str(root), "--no-search", "--output", str(tmp_path / "site")]) == 1
    assert capsys.readouterr().err.splitlines()[0].startswith(message)


@pytest.mark.parametrize("colour, page, passes", [
    ("#0b5cad", colours.LIGHT_PAGE, True), ("#7cb7f2", colours.DARK_PAGE, True),
    ("#ffcc00", colours.LIGHT_PAGE, False), ("#333333", colours.DARK_PAGE, False)])
def test_contrast_is_wcag_2s(colour, page, passes):
    assert (colours.contrast(colour, page) >= 4.5) is passes
    assert colours.contrast("#000000", "#ffffff") == pytest.approx(21)


def test_an_article_names_its_authors_with_their_roles(tmp_path):
    root = branded(tmp_path)
    article = root / "content" / "articles" / "port-deal.md"
    article.write_text(article.read_text().replace("published:", "authors: [Ana Lima, Rui Costa]\npublished:", 1))
    assert main(["build", "--root", str(root), "--no-search", "--output", str(tmp_path / "site")]) == 0
    page = HTMLParser((tmp_path / "site" / "articles" / "port-deal" / "index.html").read_text())
    assert page.css_first(".item-authors").text() == "By Ana Lima (editor), Rui Costa"
    import json
    data = json.loads(page.css_first('script[type="application/ld+json"]').text())
    assert data["author"] == [{"@type": "Person", "name": "Ana Lima"},
                              {"@type": "Person", "name": "Rui Costa"}]


def test_an_author_who_is_not_an_editor_is_refused_at_the_line(tmp_path, capsys):
    root = branded(tmp_path)
    article = root / "content" / "articles" / "port-deal.md"
    text = article.read_text().replace("published:", "authors:\n  - Ana Lime\npublished:", 1)
    article.write_text(text)
    line = text.splitlines().index("  - Ana Lime") + 1
    assert main(["build", "--root", str(root), "--no-search", "--output", str(tmp_path / "site")]) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        f"content/articles/port-deal.md:{line}: author 'Ana Lime' is not one of the editors in "
        "site.yaml (did you mean 'Ana Lima'?): add them to 'editors', with their role")
