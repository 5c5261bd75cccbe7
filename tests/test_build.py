"""Building sites end to end: the real briefing, reproducibility, exit codes, drafts."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from briefing.check import check_site
from briefing.cli import main
from briefing.errors import BuildFailed
from briefing.pipeline import BuildOptions, build, render

from .conftest import REPO, copy_theme, tree


def test_real_briefing_builds_every_page_with_no_broken_link(tmp_path):
    output = tmp_path / "site"
    result = build(BuildOptions(root=REPO, output=output))
    site = result.site
    urls = {page.url for page in result.pages}
    expected = {"", "timeline/", "sources/", "about/", "articles/", "actors/", "places/", "figures/"}
    expected |= {f"topics/{t}/" for t in ("security", "diplomacy", "economy")}
    expected |= {f"articles/{i}/" for i in site.articles} | {f"events/{i}/" for i in site.events}
    expected |= {f"actors/{i}/" for i in site.actors} | {f"places/{i}/" for i in site.places}
    assert expected <= urls
    assert check_site(output, site.config.base_url) == []


def test_real_briefing_content_carries_the_checked_facts():
    site = render(BuildOptions(root=REPO)).site
    assert "vladimir-tararov" in site.actors
    assert "Taravov" in " ".join(site.actors["vladimir-tararov"].misspellings)
    statuses = {c.status for c in site.articles["tararov-offer"].claims}
    assert {"corrected", "disputed", "unverified", "confirmed", "reported"} <= statuses
    announced = [e for e in site.events.values() if e.status == "announced"]
    assert len([e for e in announced if not e.date.known]) >= 2
    assert site.events["lavrov-lucas-talks"].date.iso() == "2025-07-22"
    assert any(f.value == 349 and f.status == "unverified" for f in site.figures.values())


def test_announced_event_without_date_is_shown_as_upcoming(tmp_path):
    html = render(BuildOptions(root=REPO)).files["index.html"].decode()
    upcoming = html.split('id="upcoming"', 1)[1].split("</section>", 1)[0]
    assert "date not set" in upcoming
    assert "Announced" in upcoming


def test_two_builds_are_byte_identical(tmp_path):
    first, second = tmp_path / "one", tmp_path / "two"
    build(BuildOptions(root=REPO, output=first))
    build(BuildOptions(root=REPO, output=second))
    assert tree(first) == tree(second)


def test_build_py_builds_and_exits_zero(tmp_path):
    output = tmp_path / "out"
    run = subprocess.run([sys.executable, str(REPO / "build.py"), "--output", str(output),
                          "--base-url", "https://example.github.io/briefing-mz/"],
                         capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    home = (output / "index.html").read_text()
    assert 'href="/briefing-mz/static/css/site.css"' in home


def test_content_error_exits_non_zero_without_traceback(golden_copy, tmp_path):
    (golden_copy / "content" / "events" / "port-talks.md").write_text(
        "---\ntitle: T\nstatus: occurred\ntopics: [economy]\nsources: [wire-reprot]\nsummary: s\n---\n")
    env = dict(os.environ, PYTHONPATH=str(REPO))
    run = subprocess.run([sys.executable, "-m", "briefing", "build", "--root", str(golden_copy),
                          "--theme", str(REPO), "--output", str(tmp_path / "out")],
                         capture_output=True, text=True, env=env)
    assert run.returncode == 1
    assert run.stderr.splitlines()[0] == (
        "content/events/port-talks.md:5: source 'wire-reprot' not found (did you mean 'wire-report'?)")
    assert "Traceback" not in run.stderr
    debug = subprocess.run(run.args + ["--debug"], capture_output=True, text=True, env=env)
    assert debug.returncode == 1 and "Traceback" in debug.stderr


def test_failed_build_leaves_previous_site_as_it_was(golden_copy, tmp_path):
    output = tmp_path / "site"
    args = ["build", "--root", str(golden_copy), "--theme", str(REPO), "--output", str(output)]
    assert main(args) == 0
    before = tree(output)
    (golden_copy / "content" / "actors" / "testland.md").write_text("---\nname: [\n---\n")
    assert main(args) == 1
    assert tree(output) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site.")]


def test_drafts_are_left_out_unless_asked(golden_copy):
    path = golden_copy / "content" / "events" / "border-clash.md"
    path.write_text(path.read_text().replace("status: occurred", "status: occurred\ndraft: true"))
    normal = render(BuildOptions(root=golden_copy, theme=REPO))
    assert "border-clash" not in normal.site.events
    assert "events/border-clash/index.html" not in normal.files
    with_drafts = render(BuildOptions(root=golden_copy, theme=REPO, drafts=True))
    page = with_drafts.files["events/border-clash/index.html"].decode()
    assert "badge-draft" in page


DRAFT_ONE_OF_EACH = {
    "content/articles/port-deal.md": "articles/port-deal/index.html",
    "content/events/border-clash.md": "events/border-clash/index.html",
    "content/actors/ana-silva.md": "actors/ana-silva/index.html",
    "content/places/port-city.md": "places/port-city/index.html",
    "content/pages/about.md": "about/index.html",
    "content/topics/security.md": "topics/security/index.html",
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
    files = render(BuildOptions(root=golden_copy, theme=REPO, drafts=True)).files
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
    assert main(["build", "--root", str(REPO), "--output", str(output)]) == 1
    assert "refusing to build here" in capsys.readouterr().err
    assert (output / "notes.txt").read_text() == "keep me"


def test_source_date_is_never_the_clock(tmp_path):
    files = render(BuildOptions(root=REPO)).files
    import datetime
    today = datetime.date.today()
    stamp = f"{today.day} {today.strftime('%B')} {today.year}"
    assert all(stamp.encode() not in data for data in files.values())
