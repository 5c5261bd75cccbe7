"""Building sites end to end: the real briefing, reproducibility, exit codes, drafts."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from briefing.commands.check import check_site
from briefing.cli import main
from briefing.errors import BuildFailed
from briefing.engine import BuildOptions, build

from .conftest import CLOCKS, FAKETIME, REPO, THEME, copy_theme, differing_files, render, tree


def test_real_briefing_builds_every_page_with_no_broken_link(published):
    result, output = published
    site = result.site
    urls = {page.url for page in result.pages}
    expected = {"", "timeline/", "sources/", "about/", "articles/", "actors/", "places/", "figures/"}
    expected |= {f"topics/{t}/" for t in ("security", "diplomacy", "economy")}
    expected |= {f"articles/{i}/" for i in site.articles} | {f"events/{i}/" for i in site.events}
    expected |= {f"actors/{i}/" for i in site.actors} | {f"places/{i}/" for i in site.places}
    expected |= {f"sources/{i}/" for i in site.sources}
    assert expected <= urls
    assert check_site(output, site.config.base_url) == []


def test_real_briefing_content_carries_the_checked_facts(published):
    site = published[0].site
    assert "vladimir-tararov" in site.actors
    assert "Taravov" in " ".join(site.actors["vladimir-tararov"].misspellings)
    statuses = {c.status for c in site.articles["tararov-offer"].claims}
    assert {"corrected", "disputed", "unverified", "confirmed", "reported"} <= statuses
    announced = [e for e in site.events.values() if e.status == "announced"]
    assert len([e for e in announced if not e.date.known]) >= 2
    assert site.events["lavrov-lucas-talks"].date.iso() == "2025-07-22"
    assert any(f.value == 349 and f.status == "unverified" for f in site.figures.values())


def test_announced_event_without_date_is_shown_as_upcoming(published):
    html = published[0].files["index.html"].decode()
    upcoming = html.split('id="upcoming"', 1)[1].split("</section>", 1)[0]
    assert "date not set" in upcoming
    assert "Announced" in upcoming


def test_two_builds_from_scratch_are_byte_identical(two_fresh_builds):
    first, second = (tree(output) for output in two_fresh_builds)
    assert len(first) > 100
    assert differing_files(first, second) == []


def test_build_py_builds_and_exits_zero(tmp_path):
    output = tmp_path / "out"
    run = subprocess.run([sys.executable, str(REPO / "build.py"), "--output", str(output),
                          "--base-url", "https://example.github.io/briefing-mz/", "--no-cache"],
                         capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    home = (output / "index.html").read_text()
    assert 'href="/briefing-mz/static/css/site.css"' in home


def test_content_error_exits_non_zero_without_traceback(golden_copy, tmp_path):
    (golden_copy / "content" / "events" / "port-talks.md").write_text(
        "---\ntitle: T\nstatus: occurred\ntopics: [economy]\nsources: [wire-reprot]\nsummary: s\n---\n")
    env = dict(os.environ, PYTHONPATH=str(REPO))
    run = subprocess.run([sys.executable, "-m", "briefing", "build", "--root", str(golden_copy),
                          "--theme", str(THEME), "--output", str(tmp_path / "out")],
                         capture_output=True, text=True, env=env)
    assert run.returncode == 1
    assert run.stderr.splitlines()[0] == (
        "content/events/port-talks.md:5: source 'wire-reprot' not found (did you mean 'wire-report'?)")
    assert "Traceback" not in run.stderr
    debug = subprocess.run(run.args + ["--debug"], capture_output=True, text=True, env=env)
    assert debug.returncode == 1 and "Traceback" in debug.stderr


def test_failed_build_leaves_previous_site_as_it_was(golden_copy, tmp_path):
    output = tmp_path / "site"
    args = ["build", "--root", str(golden_copy), "--theme", str(THEME), "--output", str(output)]
    assert main(args) == 0
    before = tree(output)
    (golden_copy / "content" / "actors" / "testland.md").write_text("---\nname: [\n---\n")
    assert main(args) == 1
    assert tree(output) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site.")]


def test_drafts_are_left_out_unless_asked(golden_copy):
    path = golden_copy / "content" / "events" / "border-clash.md"
    path.write_text(path.read_text().replace("status: occurred", "status: occurred\ndraft: true"))
    normal = render(BuildOptions(root=golden_copy, theme=THEME))
    assert "border-clash" not in normal.site.events
    assert "events/border-clash/index.html" not in normal.files
    with_drafts = render(BuildOptions(root=golden_copy, theme=THEME, drafts=True))
    page = with_drafts.files["events/border-clash/index.html"].decode()
    assert "badge-draft" in page


DRAFT_ONE_OF_EACH = {
    "content/articles/port-deal.md": "articles/port-deal/index.html",
    "content/events/border-clash.md": "events/border-clash/index.html",
    "content/actors/ana-silva.md": "actors/ana-silva/index.html",
    "content/places/port-city.md": "places/port-city/index.html",
    "content/pages/about.md": "about/index.html",
    "content/topics/security.md": "topics/security/index.html",
    "content/months/2025-02.md": "updates/2025-02/index.html",
}


def _mark_draft(path: Path) -> None:
    text = path.read_text()
    if text.startswith("---\n"):
        path.write_text("---\ndraft: true\n" + text[4:])
    else:
        path.write_text("draft: true\n" + text)


def test_every_kind_of_draft_is_marked_in_a_build_with_drafts(golden_copy):
    for name in [*DRAFT_ONE_OF_EACH, "seeds/census.yaml", "content/figures/population-2024.yaml"]:
        _mark_draft(golden_copy / name)
    files = render(BuildOptions(root=golden_copy, theme=THEME, drafts=True)).files
    badge = '<span class="badge badge-draft">Draft</span>'
    for output in DRAFT_ONE_OF_EACH.values():
        assert badge in files[output].decode(), output
    assert '<span class="badge badge-draft">Rascunho</span>' in files["pt/actors/ana-silva/index.html"].decode()
    sources = files["sources/index.html"].decode()
    assert badge in sources.split('id="census"', 1)[1].split("</li>", 1)[0]
    assert badge not in sources.split('id="wire-report"', 1)[1].split("</li>", 1)[0]
    figures = files["figures/index.html"].decode()
    assert badge in figures.split('id="population-2024"', 1)[1].split("</article>", 1)[0]
    assert badge not in figures.split('id="deaths-2024"', 1)[1].split("</article>", 1)[0]
    assert "badge-draft" not in files["events/port-talks/index.html"].decode()


def test_a_template_slip_is_reported_at_its_line(golden_copy):
    copy_theme(golden_copy)
    template = golden_copy / "templates" / "page.html"
    template.write_text(template.read_text().replace("<article>", "<article>\n{{ page.title + 1 }}"))
    line = template.read_text().splitlines().index("{{ page.title + 1 }}") + 1
    with pytest.raises(BuildFailed) as failure:
        render(BuildOptions(root=golden_copy))
    assert str(failure.value.problems[0]) == (
        f'templates/page.html:{line}: TypeError: can only concatenate str (not "int") to str '
        "(while rendering /about/)")


def test_build_refuses_a_folder_it_did_not_write(tmp_path, capsys):
    output = tmp_path / "precious"
    output.mkdir()
    (output / "notes.txt").write_text("keep me")
    assert main(["build", "--root", str(REPO), "--output", str(output), "--no-cache"]) == 1
    assert "refusing to build here" in capsys.readouterr().err
    assert (output / "notes.txt").read_text() == "keep me"


def test_the_output_never_depends_on_the_clock(two_fresh_builds):
    """The two builds from scratch ran with the clock at two dates (and gave the same
    bytes: test_two_builds_from_scratch_are_byte_identical); faketime really sets it."""
    for clock in CLOCKS:
        faked = subprocess.run([FAKETIME, clock, sys.executable, "-c",
                                "import datetime; print(datetime.datetime.now())"],
                               capture_output=True, text=True, check=True)
        assert faked.stdout.startswith(clock[:10]), faked
    first, second = (tree(output) for output in two_fresh_builds)
    assert len(first) > 100
    assert differing_files(first, second) == []


def test_two_documents_of_one_outlet_are_told_apart_wherever_they_are_cited(golden_copy):
    """An outlet cited for two documents in one list is numbered, each link titled
    with its document, rather than the same name twice; other outlets stay plain."""
    seeds = golden_copy / "seeds"
    follow_up = (seeds / "wire-report.yaml").read_text().replace(
        "Minister announces a port deal", "Port deal, the terms").replace("/port-deal", "/port-terms")
    (seeds / "wire-terms.yaml").write_text(follow_up)
    for relative in ("content/events/port-talks.md", "content/actors/ana-silva.md"):
        path = golden_copy / relative
        path.write_text(path.read_text().replace("sources: [wire-report]",
                                                 "sources: [wire-report, wire-terms]"))
    files = render(BuildOptions(root=golden_copy, theme=THEME)).files
    event = files["events/port-talks/index.html"].decode()
    assert ('<a href="/testland/sources/wire-report/" title="Minister announces a port deal">'
            'Daily Example 1</a>, <a href="/testland/sources/wire-terms/" title="Port deal, the terms">'
            'Daily Example 2</a>') in event
    actor = files["actors/ana-silva/index.html"].decode()  # the same date as well: numbered
    assert 'title="Port deal, the terms">Daily Example 2</a> (<time datetime="2025-03-04">' in actor
    other = files["events/border-clash/index.html"].decode()
    assert "Daily Example 1" not in other and ">Daily Example</a>" in other


def test_a_place_given_without_a_confidence_is_never_shown_as_confirmed(golden_copy):
    """'places: [north]' says where, not how sure: the page says the confidence is not
    stated, the CSV leaves it empty and the JSON gives null; a stated one is kept."""
    import csv
    import io
    import json
    files = render(BuildOptions(root=golden_copy, theme=THEME)).files
    page = files["events/border-clash/index.html"].decode()
    assert "(confidence not stated)" in page and "(confirmed)" not in page
    assert "(grau de certeza não indicado)" in files["pt/events/border-clash/index.html"].decode()
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(files["data/events.csv"].decode()))}
    assert rows["border-clash"]["place_confidence"] == ""
    assert rows["port-talks"]["place_confidence"] == "reported"  # stated by the editor
    events = {e["id"]: e for e in json.loads(files["data/events.json"])["events"]}
    assert events["border-clash"]["places"][0]["confidence"] is None
    assert "confirmed" not in files["events/border-clash/index.html"].decode()


def test_an_internal_note_reaches_no_output_anywhere(golden_copy, tmp_path):
    """'internal:' on every kind of file, on a claim and in a translation: the marker
    is in no file of the built site, the search index decompressed included."""
    import gzip
    planted = []
    for path in sorted((golden_copy / "content").rglob("*")) + sorted((golden_copy / "seeds").glob("*")):
        if path.suffix not in (".md", ".yaml"):
            continue
        marker = f"INTERNAL-{len(planted)}-NOTE"
        text = path.read_text()
        if path.suffix == ".md":
            text = text.replace("---\n", f"---\ninternal: {marker}\n", 1)
        else:
            text = f"internal: {marker}\n" + text
        path.write_text(text)
        planted.append(marker)
    article = golden_copy / "content" / "articles" / "port-deal.md"
    article.write_text(article.read_text().replace(
        "    note: No document gives the figure.\n",
        "    note: No document gives the figure.\n    internal: INTERNAL-CLAIM-NOTE\n"))
    planted.append("INTERNAL-CLAIM-NOTE")
    output = tmp_path / "site"
    build(BuildOptions(root=golden_copy, output=output, cache=False))
    kinds = {p.parent.name for p in (golden_copy / "content").rglob("*.md")}
    assert len(planted) > 15 and {"events", "articles", "actors", "places", "topics", "months",
                                  "pages"} <= kinds
    found = []
    for file in output.rglob("*"):
        if not file.is_file():
            continue
        data = file.read_bytes()
        if file.suffix.startswith(".pf_"):
            data = gzip.decompress(data)
        found += [m for m in planted if m.encode() in data]
    assert found == []


def test_a_disputed_area_is_shown_under_each_map_with_its_sources_and_follows_them(golden_copy,
                                                                                   capsys):
    """The caption names the disputed area, what is disputed and its sources, linked,
    and the borders' date; an edit to a cited source reaches every map's caption in
    an incremental build; a source that does not exist stops the build at the map."""
    from briefing.cli import main
    from .test_maps import with_disputed
    map_file = golden_copy / "map" / "country.geojson"
    map_file.write_text(with_disputed(map_file.read_text()))
    output = golden_copy / "site"
    assert main(["build", "--root", str(golden_copy), "--output", str(output), "--no-search"]) == 0
    page = (output / "events" / "port-talks" / "index.html").read_text()
    assert ('Disputed area (hatched): Border Strip, claimed by both provinces&#39; councils. '
            'Sources: <a href="/testland/sources/wire-report/">Daily Example</a>.') in page
    assert ', as of <time datetime="2024-06">June 2024</time>.</p>' in page
    assert 'class="map-disputed"' in page
    seed = golden_copy / "seeds" / "wire-report.yaml"
    seed.write_text(seed.read_text().replace("Daily Example", "Daily Renamed"))
    assert main(["build", "--root", str(golden_copy), "--output", str(output), "--no-search"]) == 0
    page = (output / "events" / "port-talks" / "index.html").read_text()
    assert ">Daily Renamed</a>." in page and ">Daily Example</a>." not in page
    map_file.write_text(map_file.read_text().replace('"sources": ["wire-report"]',
                                                     '"sources": ["wire-reprot"]'))
    assert main(["build", "--root", str(golden_copy), "--output", str(output), "--no-search"]) == 1
    assert ("map/country.geojson: disputed area 'Border Strip': no source 'wire-reprot' in "
            "seeds/ (did you mean 'wire-report'?)") in capsys.readouterr().err
