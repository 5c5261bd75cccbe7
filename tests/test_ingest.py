"""`python build.py ingest`: from a raw article to a draft that builds."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from briefing.cli import main
from briefing.dates import PartialDate
from briefing.errors import Collector
from briefing.frontmatter import parse_document
from briefing.ingest.analyse import analyse
from briefing.ingest.claims import DateFinder, NumberFinder, QuoteFinder
from briefing.ingest.command import read_knowledge
from briefing.ingest.draft import make_draft
from briefing.ingest.extract import read_article
from briefing.ingest.names import NameIndex
from briefing.ingest.text import fold
from briefing.ingest.topics import detect_language, read_lexicon
from briefing.ingest.words import ENGLISH, PORTUGUESE
from briefing.load import load_config
from briefing.model import Actor
from briefing.pipeline import BuildOptions, render

from .conftest import REPO

# Written for these tests in the manner of a wire story; not copied from any outlet.
WIRE_STORY = """\
Moscow is ready to help Mozambique fight the insurgents in Cabo Delgado by sharing \
intelligence and equipment, the Russian ambassador, Vladimir Taravov, told reporters in Pemba.
"We can pass on what we know about the armed groups to our partners," the diplomat said, \
according to Lusa.
Since 2017 the violence has driven more than one million people from their homes and, in \
2024 alone, left at least 349 people dead. Taravov added that President Daniel Chapo would \
visit Russia at the invitation of Vladimir Putin.
Source: Example Daily
"""

HISTOIRE_PT = """\
A Rússia quer reforçar a cooperação com Moçambique, disse em Maputo o embaixador russo, \
Vladimir Tararov, citado pela Lusa.
«Queremos alargar a cooperação económica e a segurança», afirmou o diplomata. As trocas \
comerciais atingiram 150 milhões de dólares em 2024 e cerca de 1,5 milhões de pessoas \
vivem na província de Nampula.
Fonte: Jornal Exemplo
"""


@pytest.fixture
def briefing(tmp_path: Path) -> Path:
    """A writable copy of the real briefing, where ingest may write."""
    root = tmp_path / "briefing"
    root.mkdir()
    for name in ("site.yaml", "lexicon.yaml"):
        shutil.copyfile(REPO / name, root / name)
    for name in ("content", "seeds", "templates", "static", "i18n"):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, root / name)
    return root


@pytest.fixture(scope="module")
def knowledge():
    return read_knowledge(REPO)


def ingest(root: Path, article: Path, *extra: str) -> int:
    return main(["ingest", str(article), "--root", str(root), *extra])


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def written(root: Path, capsys) -> tuple[str, dict, dict]:
    """The id, article front matter and source record of the last ingest."""
    out = capsys.readouterr().out
    line = next(line for line in out.splitlines() if line.startswith("wrote "))
    ident = Path(line.split()[1]).stem
    article = parse_document("a.md", (root / "content" / "articles" / f"{ident}.md").read_text())
    source = parse_document("s.yaml", (root / "seeds" / f"{ident}.yaml").read_text(), has_body=False)
    return ident, article.meta, source.meta


# The command, end to end ---------------------------------------------------------

def test_a_misspelt_name_resolves_to_the_known_actor_and_is_flagged(briefing, tmp_path, capsys):
    article = write(tmp_path, "story.txt", WIRE_STORY)
    assert ingest(briefing, article, "--published", "2025-10-03") == 0
    ident, meta, source = written(briefing, capsys)
    assert "vladimir-tararov" in meta["actors"]
    assert {"written": "Vladimir Taravov", "actor": "vladimir-tararov",
            "name": "Vladimir Tararov"} in meta["suggestions"]["misspellings"]
    assert {"daniel-chapo", "vladimir-putin", "russia", "mozambique", "lusa"} <= set(meta["actors"])
    assert {"cabo-delgado", "pemba", "russia"} <= set(meta["places"])
    assert meta["draft"] == "true" and meta["sources"] == [ident]
    assert meta["topics"][0] == "security"
    notes = [c["note"] for c in meta["claims"]]
    assert all(c["status"] == "unverified" for c in meta["claims"])
    assert "Number to check: at least 349 people dead." in notes
    assert "Number to check: more than 1,000,000 people." in notes
    assert any(n.startswith("Period to check: Since 2017") for n in notes)
    assert any("probably Vladimir Tararov (vladimir-tararov)" in n for n in notes)
    assert source == {"outlet": "Example Daily", "origin": "Lusa", "title": source["title"],
                      "published": "2025-10-03", "language": "en", "kind": "newspaper",
                      "reliability": "F", "draft": "true"}
    assert ident == f"example-daily-2025-10-03-{ident[-6:]}"


def test_the_draft_builds_with_drafts_and_is_held_back_without(briefing, tmp_path, capsys):
    ingest(briefing, write(tmp_path, "story.txt", WIRE_STORY), "--published", "2025-10-03")
    ident, _, _ = written(briefing, capsys)
    preview = render(BuildOptions(root=briefing, drafts=True))
    page = preview.files[f"articles/{ident}/index.html"].decode()
    assert "badge-draft" in page and "Vladimir Tararov" in page
    assert main(["build", "--root", str(briefing), "--output", str(tmp_path / "site")]) == 0
    assert not (tmp_path / "site" / "articles" / ident).exists()
    out = capsys.readouterr().out
    assert (f"held back 2 drafts, not published (review, remove 'draft: true', or preview with "
            f"--drafts): seeds/{ident}.yaml, content/articles/{ident}.md") in out


def test_publishing_needs_a_summary_and_no_suggestions(briefing, tmp_path, capsys):
    ingest(briefing, write(tmp_path, "story.txt", WIRE_STORY), "--published", "2025-10-03")
    ident, _, _ = written(briefing, capsys)
    article = briefing / "content" / "articles" / f"{ident}.md"
    source = briefing / "seeds" / f"{ident}.yaml"
    for path in (article, source):
        path.write_text(path.read_text().replace("draft: true\n", ""))
    assert main(["build", "--root", str(briefing), "--output", str(tmp_path / "site")]) == 1
    errors = capsys.readouterr().err
    assert f"content/articles/{ident}.md:1: missing required key 'summary'" in errors
    assert "'suggestions' are ingest's notes on a draft" in errors
    # What the editor does: write the summary, delete the suggestions.
    text = article.read_text()
    text = text.replace("summary:\n", "summary: Russia's ambassador offered intelligence.\n")
    article.write_text(text.split("suggestions:")[0] + "---\n")
    result = render(BuildOptions(root=briefing))
    assert result.site.articles[ident].summary == "Russia's ambassador offered intelligence."
    assert f"articles/{ident}/index.html" in result.files


def test_same_input_gives_the_same_ids_and_files(briefing, tmp_path, capsys):
    other = tmp_path / "other"
    shutil.copytree(briefing, other)
    article = write(tmp_path, "story.txt", WIRE_STORY)
    ingest(briefing, article, "--published", "2025-10-03")
    first, _, _ = written(briefing, capsys)
    ingest(other, article, "--published", "2025-10-03")
    second, _, _ = written(other, capsys)
    assert first == second
    for name in (f"seeds/{first}.yaml", f"content/articles/{first}.md"):
        assert (briefing / name).read_bytes() == (other / name).read_bytes()
    changed = write(tmp_path, "changed.txt", WIRE_STORY.replace("349", "350"))
    ingest(briefing, changed, "--published", "2025-10-03")
    third, _, _ = written(briefing, capsys)
    assert third != first and third.startswith("example-daily-2025-10-03-")


def test_nothing_is_overwritten_without_force(briefing, tmp_path, capsys):
    article = write(tmp_path, "story.txt", WIRE_STORY)
    ingest(briefing, article, "--published", "2025-10-03")
    ident, _, _ = written(briefing, capsys)
    draft = briefing / "content" / "articles" / f"{ident}.md"
    draft.write_text(draft.read_text().replace("summary:\n", "summary: Edited by hand.\n"))
    assert ingest(briefing, article, "--published", "2025-10-03") == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"content/articles/{ident}.md: already exists: ingest does not overwrite "
        "(use --force to replace it)",
        f"seeds/{ident}.yaml: already exists: ingest does not overwrite (use --force to replace it)",
        "ingest failed: 2 errors"]
    assert "Edited by hand." in draft.read_text()
    assert ingest(briefing, article, "--published", "2025-10-03", "--force") == 0
    assert "Edited by hand." not in draft.read_text()


def test_missing_outlet_and_date_are_reported_together(briefing, tmp_path, capsys):
    article = write(tmp_path, "bare.txt", WIRE_STORY.replace("Source: Example Daily\n", ""))
    before = sorted(p.name for p in (briefing / "seeds").iterdir())
    assert ingest(briefing, article) == 1
    err = capsys.readouterr().err
    assert "no outlet found (no 'Source:' or 'Fonte:' line): give it with --outlet NAME" in err
    assert "no publication date found in the article: give it with --published" in err
    assert "Traceback" not in err
    assert sorted(p.name for p in (briefing / "seeds").iterdir()) == before
    assert ingest(briefing, article, "--outlet", "Example Daily", "--published", "2025") == 0
    ident, _, source = written(briefing, capsys)
    assert source["outlet"] == "Example Daily" and source["published"] == "2025"


def test_a_bad_date_or_url_is_refused(briefing, tmp_path, capsys):
    article = write(tmp_path, "story.txt", WIRE_STORY)
    assert ingest(briefing, article, "--published", "2025-13", "--url", "ftp://x") == 1
    err = capsys.readouterr().err
    assert "--published: '2025-13' is not a date: month 13 does not exist" in err
    assert "--url: 'ftp://x' must start with https:// or http://" in err


def test_a_portuguese_article(briefing, tmp_path, capsys):
    article = write(tmp_path, "noticia.txt", HISTOIRE_PT)
    assert ingest(briefing, article, "--published", "2025-10") == 0
    ident, meta, source = written(briefing, capsys)
    assert source["language"] == "pt" and source["outlet"] == "Jornal Exemplo"
    assert source["origin"] == "Lusa"
    assert {"russia", "mozambique", "vladimir-tararov", "lusa"} <= set(meta["actors"])
    assert {"maputo", "nampula"} <= set(meta["places"])
    notes = [c["note"] for c in meta["claims"]]
    assert "Number to check: 150,000,000 dólares." in notes
    assert "Number to check: about 1,500,000 pessoas." in notes
    assert ("Quotation to check, said by “o diplomata”: probably Vladimir Tararov "
            "(vladimir-tararov).") in notes


def test_an_html_page(briefing, tmp_path, capsys):
    page = f"""<!doctype html><html lang="en"><head>
    <title>Ignored page title | Example Daily</title>
    <meta property="og:title" content="Russia offers Mozambique help against insurgents">
    <meta property="og:site_name" content="Example Daily">
    <meta property="article:published_time" content="2025-10-03T08:30:00Z">
    <link rel="canonical" href="https://example.org/news/russia-offer">
    <script>var trackers = "Vladimir Putin in Niassa";</script></head>
    <body><nav><a href="/">Home</a> <a href="/niassa">Niassa news</a></nav>
    <article><h1>Russia offers Mozambique help</h1>
    {''.join(f"<p>{p}</p>" for p in WIRE_STORY.splitlines()[:-1])}
    </article><footer>Copyright Example Daily, Nampula office</footer></body></html>"""
    assert ingest(briefing, write(tmp_path, "page.html", page)) == 0
    ident, meta, source = written(briefing, capsys)
    assert source["title"] == meta["title"] == "Russia offers Mozambique help against insurgents"
    assert source["published"] == "2025-10-03"
    assert source["url"] == "https://example.org/news/russia-offer"
    assert "niassa" not in meta["places"] and "nampula" not in meta["places"]
    assert "vladimir-tararov" in meta["actors"]


def test_a_markdown_file(briefing, tmp_path, capsys):
    text = ("---\ntitle: Ambassador's offer\ndate: 2025-10-03\nsource: Example Daily\n---\n"
            "# Ambassador's offer\n\n" + WIRE_STORY.replace(
                "Cabo Delgado", "[Cabo Delgado](https://example.org/cd)").replace(
                "Source: Example Daily\n", ""))
    assert ingest(briefing, write(tmp_path, "story.md", text)) == 0
    _, meta, source = written(briefing, capsys)
    assert source["title"] == "Ambassador's offer" and source["published"] == "2025-10-03"
    assert "cabo-delgado" in meta["places"]
    assert all("https://" not in c["text"] for c in meta["claims"])


@pytest.mark.skipif(not any((p / "shared" / "seeds").is_dir() for p in (REPO.parent, REPO.parents[1])),
                    reason="the shared seed items are not beside this checkout")
def test_the_seed_item_if_present(briefing, capsys):
    folder = next(p / "shared" / "seeds" for p in (REPO.parent, REPO.parents[1])
                  if (p / "shared" / "seeds").is_dir())
    seed = folder / "000_89e8467e37a5df5c.txt"
    if not seed.is_file():
        pytest.skip("the seed item is not there")
    assert ingest(briefing, seed, "--published", "2025-10") == 0
    _, meta, source = written(briefing, capsys)
    assert source["outlet"] == "Diário Económico" and source["origin"] == "Lusa"
    assert {"written": "Vladimir Taravov", "actor": "vladimir-tararov",
            "name": "Vladimir Tararov"} in meta["suggestions"]["misspellings"]
    assert "diario-economico" in meta["actors"]
    render(BuildOptions(root=briefing, drafts=True))


# The parts, on strings --------------------------------------------------------------

def test_plain_text_headline_and_labels():
    raw = read_article("x.txt", "Ambassador offers help\n\nFirst line of the story.\n"
                                "Second line.\nPublished: 3 October 2025\nSource: Example Daily\n")
    assert raw.title == "Ambassador offers help"
    assert raw.outlet == "Example Daily" and raw.published == "3 October 2025"
    assert "Source" not in raw.text and "Published" not in raw.text
    no_headline = read_article("x.txt", "A whole first paragraph that ends a sentence.\nMore.\n")
    assert no_headline.title == ""


def test_language_is_told_by_function_words():
    assert detect_language("The minister said that the talks were over.", "pt") == "en"
    assert detect_language("O ministro disse que as conversações não terminaram.", "en") == "pt"
    assert detect_language("Maputo, Pemba, Nampula", "pt") == "pt"  # no clue: the site's language


def numbers(text: str, words=ENGLISH) -> list[tuple]:
    return [(n.value, n.qualifier, n.counts) for n in NumberFinder(words).find(text)]


def test_numbers_with_what_they_count():
    assert numbers("It is worth 2.5 billion dollars and employs 3,400 people.") == [
        (2_500_000_000, "exact", "dollars"), (3400, "exact", "people")]
    assert numbers("In 2024 the two ministers met on 22 July; about 15% of voters and US$4 million "
                   "were at stake, plus a three-day visit.") == [
        (15, "about", "voters"), (4_000_000, "exact", "dollars"), (3, "exact", "day visit")]
    assert numbers("cerca de 1,5 milhões de pessoas e 2.000 casas, desde 2017, a 3 de outubro",
                   PORTUGUESE) == [(1_500_000, "about", "pessoas"), (2000, "exact", "casas")]
    assert numbers("the death toll rose to 45.") == [(45, "exact", "")]
    assert [n[0] for n in numbers("1,000,000 and 1.000.000 and 1,5 and 1,000.5 and 2.000")] == [
        1_000_000, 1_000_000, 1.5, 1000.5, 2]
    assert [n[0] for n in numbers("2.000 e 2,5 e 1.000,5", PORTUGUESE)] == [2000, 2.5, 1000.5]


def test_dates_and_periods():
    found = [(d.written, d.iso, d.period) for d in DateFinder(ENGLISH).find(
        "On 22 July 2025 he spoke; since 2017 and between 2017 and 2020, in June, and May 2024. "
        "They may meet.")]
    assert found == [("On 22 July 2025", "2025-07-22", False), ("since 2017", "2017", True),
                     ("between 2017 and 2020", "2017", True), ("in June", "", False),
                     ("May 2024", "2024-05", False)]
    pt = [(d.written, d.iso) for d in DateFinder(PORTUGUESE).find(
        "Chegou a 3 de outubro de 2025, depois de março de 2024, e voltará em junho.")]
    assert pt == [("a 3 de outubro de 2025", "2025-10-03"), ("de março de 2024", "2024-03"),
                  ("em junho", "")]


def test_quotations_and_who_said_them(knowledge):
    text = ('Sergey Lavrov met the press. Lavrov said: "We will help our friends in Maputo." '
            'Then Vladimir Putin spoke. "The talks went well for everyone," the president said. '
            '"Short phrase" is not a quotation.')
    index = NameIndex(knowledge.actors, knowledge.places)
    people = [m for m in index.mentions(text) if m.person]
    roles = {a.id: a.role for a in knowledge.actors}
    found = [(q.said_by, q.speaker) for q in QuoteFinder(ENGLISH).find(text, people, roles)]
    assert found == [("Lavrov", "sergey-lavrov"), ("the president", "vladimir-putin")]


def test_names_need_a_capital_and_a_shared_surname_is_not_guessed():
    actors = [Actor(ident, "", name, "person", "", (), (), (), "", 0)
              for ident, name in (("ana-silva", "Ana Silva"), ("rui-silva", "Rui Silva"),
                                  ("joao-lusa", "João Lusa"))]
    index = NameIndex(actors, [])
    found = [(m.id, m.how) for m in index.mentions("Silva met Ana Silva; a imprensa lusa e Lusa.")]
    assert found == [("ana-silva", "name"), ("joao-lusa", "surname")]


def test_candidates_for_unknown_names(knowledge):
    # Names the briefing does not know (it now knows Palma, Afungi, TotalEnergies, IOM, Nyusi).
    text = ("Troops moved from Mueda to the Quirimbas peninsula. PetroSul said the World Food "
            "Programme and President Armando Guebuza agreed. Russian companies "
            "met Tararrov in Maputo.")
    found = {c.name: (c.kind, c.like) for c in analyse(text, knowledge).candidates}
    assert found == {"Mueda": ("place", ""), "Quirimbas": ("place", ""),
                     "PetroSul": ("organisation", ""),
                     "World Food Programme": ("organisation", ""),
                     "Armando Guebuza": ("person", ""), "Tararrov": ("unknown", "vladimir-tararov")}


def test_lexicon_mistakes_are_reported_at_their_line(knowledge):
    config = load_config(REPO)
    doc = parse_document("lexicon.yaml", "topics:\n  securty:\n    en: [war]\n  economy:\n"
                                         "    es: [dinero]\nwire: [Lusa]\n", has_body=False)
    problems = Collector()
    read_lexicon(doc, config, problems)
    assert [str(p) for p in problems.problems] == [
        "lexicon.yaml:6: unknown key 'wire' (did you mean 'wires'?) (expected one of: topics, wires)",
        "lexicon.yaml:2: topic 'securty' is not declared in site.yaml (did you mean 'security'?) "
        "(expected one of: security, diplomacy, economy)",
        "lexicon.yaml:5: unknown key 'es' (expected one of: en, pt)"]


WORDS = st.sampled_from(["Taravov", "Moçambique", "said", "disse", "“", "”", "«", "»", '"',
                         "349", "1,5", "milhões de", "at least", "in June", "since 2017", ": ",
                         "#", "- ", "'", "\n", "Source", "&", "*", "!", "{", "[", "Lusa", "%"])


@settings(max_examples=60, deadline=None)
@example("Source :  since 2017")
@example("In June\x85 2025 \u2028 12 people\x07 said so")  # control characters from pasted text  # a match with no sentence around it once the source line goes
@given(st.lists(WORDS | st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=8),
                max_size=60).map(" ".join))
def test_any_text_gives_a_draft_the_strict_reader_accepts(knowledge, text):
    assert len(fold(text)) == len(text)
    analysis = analyse(text, knowledge)
    for claim in analysis.numbers + analysis.dates + analysis.quotations:
        assert 0 <= claim.start < claim.end <= len(text)
    draft = make_draft("x.txt", read_article("x.txt", text), analysis, knowledge,
                       outlet="Example: Daily", published=PartialDate(2025, 10), url="")
    article = parse_document("a.md", draft.article_markdown)
    source = parse_document("s.yaml", draft.source_yaml, has_body=False)
    assert article.meta["draft"] == source.meta["draft"] == "true"
    assert [c["status"] for c in article.meta.get("claims", [])] == ["unverified"] * len(
        analysis.numbers + analysis.dates + analysis.quotations)


def test_a_briefing_without_lexicon_or_theme_gets_its_first_topic(golden_copy, tmp_path, capsys):
    story = write(tmp_path, "story.txt", "Ana Silva visited Port City on Monday.\n"
                                         "She said 40 workers would be hired.\nSource: Wire\n")
    assert ingest(golden_copy, story, "--published", "2025-03") == 0
    _, meta, _ = written(golden_copy, capsys)
    assert meta["topics"] == ["security"]
    assert meta["suggestions"]["topics"] == {"security": "0.00", "economy": "0.00"}
    assert meta["actors"] == ["ana-silva"] and meta["places"] == ["port-city"]


def test_a_mistake_in_the_briefing_stops_ingest(golden_copy, tmp_path, capsys):
    (golden_copy / "content" / "actors" / "ana-silva.md").write_text("---\nname: Ana\n---\n")
    story = write(tmp_path, "story.txt", WIRE_STORY)
    assert ingest(golden_copy, story, "--published", "2025-03") == 1
    assert capsys.readouterr().err.splitlines() == [
        "content/actors/ana-silva.md:1: missing required key 'kind'", "ingest failed: 1 error"]
    assert not list((golden_copy / "content" / "articles").glob("example-daily-*"))
