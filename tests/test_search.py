"""The search index written with the site, and the timeline's filter pages."""
from __future__ import annotations

import gzip
import itertools
import json
import os
import random
import re
import shutil
import stat
import tempfile
from collections import Counter
from pathlib import Path

import cbor2
import pytest

from briefing.cli import main
from briefing.schema import EVENT_STATUSES
from briefing.engine import BuildOptions, build
from briefing.write.search import INDEX_FOLDER, PAGEFIND_MAGIC, index_site, make_reproducible
from briefing.plan.timeline import TimelineFilter, event_year

from .conftest import FIXTURES, REPO, assert_left_as_it_was, differing_files, tree


@pytest.fixture(scope="module")
def rendered(published):
    return published[0]


# The index -------------------------------------------------------------------------

def test_the_index_has_one_language_per_edition_and_every_indexed_page(published):
    result, output = published
    entry = json.loads((output / INDEX_FOLDER / "pagefind-entry.json").read_text())
    indexed = Counter(page.language for page in result.pages if page.search)
    assert {code: info["page_count"] for code, info in entry["languages"].items()} == indexed
    for info in entry["languages"].values():
        assert (output / INDEX_FOLDER / f"pagefind.{info['hash']}.pf_meta").is_file()
    assert (output / INDEX_FOLDER / "pagefind.js").is_file()


def test_item_pages_are_indexed_with_their_type_and_topics_and_lists_are_not(rendered):
    pages = {page.output: page for page in rendered.pages}
    for name, page in pages.items():
        html = rendered.files[name].decode()
        filters = re.findall(r'data-pagefind-filter="(\w+):([\w-]+)"', html)
        if page.search is None:
            assert "data-pagefind-body" not in html and not filters, name
            continue
        assert '<main id="main" data-pagefind-body>' in html, name
        assert filters == [("type", page.search.type)] + [("topic", t) for t in page.search.topics]
    article = pages["articles/tararov-offer/index.html"]
    assert article.search.topics == ("security", "diplomacy", "economy")
    actor = pages["pt/actors/vladimir-tararov/index.html"]  # topics of what mentions him
    assert actor.search.type == "actor" and "diplomacy" in actor.search.topics
    assert pages["timeline/index.html"].search is None and pages["index.html"].search is None


def test_no_search_builds_without_an_index(tmp_path, capsys):
    output = tmp_path / "site"
    assert main(["build", "--root", str(REPO), "--output", str(output), "--no-search",
                 "--no-cache"]) == 0
    assert not (output / INDEX_FOLDER).exists()
    assert (output / "search" / "index.html").is_file()
    assert "without a search index" in capsys.readouterr().out


def fake_indexer(folder: Path, exit_code: int, message: str) -> Path:
    script = folder / "pagefind"
    script.write_text(f"#!/bin/sh\necho '{message}' >&2\nexit {exit_code}\n")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


@pytest.mark.parametrize("binary, expected", [
    ("missing", "search index: the Pagefind indexer is not installed, so search would find "
                "nothing; install it with: pip install 'pagefind[bin]'"),
    ("failing", "search index: the Pagefind indexer failed: Error: the disk is full"),
], ids=["missing", "failing"])
def test_an_index_that_cannot_be_written_fails_the_build_and_keeps_the_old_site(
        tmp_path, monkeypatch, capsys, binary, expected):
    output = tmp_path / "site"
    root = FIXTURES / "golden"  # a small briefing: what is tested is the failure, not the index
    build(BuildOptions(root=root, output=output, cache=False))
    before = tree(output)
    if binary == "missing":
        monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-such-pagefind"))
    else:
        monkeypatch.setenv("PAGEFIND_BINARY_PATH",
                           str(fake_indexer(tmp_path, 3, "Error: the disk is full")))
    # From scratch: with nothing changed, an incremental build keeps the index it has.
    assert main(["build", "--root", str(root), "--output", str(output), "--no-cache"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(expected) and "Traceback" not in err
    assert err.rstrip().endswith("build failed: 1 error")
    assert_left_as_it_was(output, before)


def test_two_indexes_built_from_scratch_are_byte_identical(two_fresh_builds):
    # Pagefind writes its filter tables in hash-map order; briefing/search.py sorts them.
    one, two = (tree(output / INDEX_FOLDER) for output in two_fresh_builds)
    assert [name for name in one if name.startswith("filter/")]
    assert differing_files(one, two) == []


def copy_pages(site: Path, target: Path, newest_first: bool) -> Path:
    """The pages of a built site, without its index, copied into `target` one by one,
    in the order of their names or the reverse."""
    files = sorted(p for p in site.rglob("*") if p.is_file()
                   and INDEX_FOLDER not in p.relative_to(site).parts)
    for path in reversed(files) if newest_first else files:
        copy = target / path.relative_to(site)
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, copy)
    return target


def test_the_index_is_the_same_whatever_order_the_filesystem_lists_the_pages_in(
        published, tmp_path):
    # Pagefind numbers pages in the order it finds them. tmpfs lists a folder's files
    # newest first, ext4 in the order of a hash seeded per filesystem.
    _, site = published
    memory = Path("/dev/shm")
    if not (memory.is_dir() and os.access(memory, os.W_OK)):
        pytest.skip("no /dev/shm to hold a second filesystem's copy")
    with tempfile.TemporaryDirectory(dir=memory) as folder:
        copies = [copy_pages(site, Path(folder) / "one", newest_first=False),
                  copy_pages(site, Path(folder) / "two", newest_first=True),
                  copy_pages(site, tmp_path / "disk", newest_first=False)]
        if len({tuple(os.listdir(copy / "events")) for copy in copies}) == 1:
            pytest.skip("these filesystems list files in one order, however they were made")
        for copy in copies:
            index_site(copy)
        one, two, disk = (tree(copy / INDEX_FOLDER) for copy in copies)
    assert differing_files(one, two) == [] and differing_files(one, disk) == []
    assert one == tree(site / INDEX_FOLDER)


def read_bundle_file(path: Path):
    data = gzip.decompress(path.read_bytes())
    return cbor2.loads(data[len(PAGEFIND_MAGIC):])


def write_bundle_file(path: Path, value) -> None:
    path.write_bytes(gzip.compress(PAGEFIND_MAGIC + cbor2.dumps(value)))


def shuffle_pages(pages: list, new_number: dict[int, int]) -> None:
    """Renumber a word's pages, which Pagefind gives in order, each as the difference
    from the one before."""
    absolute = list(itertools.accumulate(page[0] for page in pages))
    for page, number in zip(pages, absolute):
        page[0] = new_number[number]
    pages.sort(key=lambda page: page[0])
    for page, previous in zip(pages, [0] + [page[0] for page in pages]):
        page[0] -= previous


def test_an_index_numbered_in_any_page_order_is_written_the_same(published, tmp_path):
    # What Pagefind writes for pages found in another order, made from the published
    # index: the pages numbered anew, each word's spelling variants in another order.
    _, site = published
    bundle = shutil.copytree(site / INDEX_FOLDER, tmp_path / INDEX_FOLDER)
    entry = json.loads((bundle / "pagefind-entry.json").read_text())
    for info in entry["languages"].values():
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = read_bundle_file(meta_path)
        numbers = list(range(len(meta[1])))
        random.Random(info["hash"]).shuffle(numbers)
        new_number = dict(enumerate(numbers))
        meta[1] = [page for _, page in sorted(zip(numbers, meta[1]))]
        write_bundle_file(meta_path, meta)
        for _, _, chunk in meta[2]:
            words = read_bundle_file(bundle / "index" / f"{chunk}.pf_index")
            for word in words[0]:
                shuffle_pages(word[1], new_number)
                for variant in word[2]:
                    shuffle_pages(variant[1], new_number)
                word[2].reverse()
            write_bundle_file(bundle / "index" / f"{chunk}.pf_index", words)
        for _, table_name in meta[3]:
            table = read_bundle_file(bundle / "filter" / f"{table_name}.pf_filter")
            for pair in table[1]:
                pair[1] = sorted(new_number[page] for page in pair[1])
            table[1].reverse()
            write_bundle_file(bundle / "filter" / f"{table_name}.pf_filter", table)
    shuffled = tree(bundle)
    assert differing_files(shuffled, tree(site / INDEX_FOLDER))  # the shuffle changed files
    make_reproducible(bundle)
    assert differing_files(tree(bundle), tree(site / INDEX_FOLDER)) == []


# The timeline's filter pages ------------------------------------------------------------

def timeline_pages(rendered, language: str) -> dict[str, object]:
    return {page.path: page for page in rendered.pages
            if page.template == "timeline.html" and page.language == language}


def matches(event, view: TimelineFilter) -> bool:
    return ((not view.topic or view.topic in event.topics)
            and (not view.status or view.status == event.status)
            and (not view.year or view.year == event_year(event)))


def test_every_filter_choice_links_to_a_page_that_lists_what_it_counts(rendered):
    for language in ("en", "pt"):
        pages = timeline_pages(rendered, language)
        for page in pages.values():
            for facet, options in page.context.facets:
                for option in options:
                    if option.count:
                        assert len(pages[option.path].context.events) == option.count
                        assert getattr(pages[option.path].context.view, facet) == option.value
                    else:
                        assert option.path == ""


def test_each_view_lists_exactly_its_events_in_timeline_order(rendered):
    pages = timeline_pages(rendered, "en")
    everything = pages["timeline/"].context.events
    assert len(everything) == len(rendered.site.events)
    views = 0
    for topic in ("", *rendered.site.topics):
        for status in ("", *EVENT_STATUSES):
            for year in ("", *sorted({event_year(e) for e in everything if event_year(e)})):
                view = TimelineFilter(topic, status, year)
                expected = [e for e in everything if matches(e, view)]
                if expected:
                    assert list(pages[view.path].context.events) == expected
                    views += 1
                else:
                    assert view.path not in pages
    assert views == len(pages) > 20


def test_both_editions_have_the_same_filter_pages_and_say_which_filters_apply(rendered):
    english, portuguese = timeline_pages(rendered, "en"), timeline_pages(rendered, "pt")
    assert set(english) == set(portuguese)
    html = rendered.files["pt/timeline/security/occurred/2025/index.html"].decode()
    assert "<title>Cronologia: Segurança, Ocorrido, 2025 – Dossier Moçambique</title>" in html
    base = rendered.site.config.base_path
    assert f'href="{base}pt/timeline/security/2025/" aria-current' not in html
    assert f'href="{base}pt/timeline/security/occurred/2025/" aria-current="page"' in html


def cutting_indexer(folder: Path) -> Path:
    """The real indexer, then one of its files cut short, and exit 0: what Pagefind
    does when the disk fills while it writes."""
    from briefing.write.search import pagefind_binary
    script = folder / "pagefind-cut"
    script.write_text(f"""#!/bin/sh
"{pagefind_binary()}" "$@" || exit $?
fragment=$(find "$2/pagefind/fragment" -type f | sort | head -n 1)
head -c 20 "$fragment" > "$fragment.cut" && mv "$fragment.cut" "$fragment"
exit 0
""")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


@pytest.mark.parametrize("free, expected", [
    (10 ** 9, "search index: the Pagefind indexer left an incomplete index ("),
    (0, "search index: the disk is full (0 bytes free): the search index could not be written whole"),
], ids=["cut-short", "disk-full"])
def test_an_index_cut_short_is_never_published(golden_copy, tmp_path, monkeypatch, capsys,
                                               free, expected):
    output = tmp_path / "site"
    build(BuildOptions(root=golden_copy, output=output, cache=False))
    before = tree(output)
    (golden_copy / "content/events/port-talks.md").write_text(
        (golden_copy / "content/events/port-talks.md").read_text().replace("Officials", "Envoys"))
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(cutting_indexer(tmp_path)))
    real_statvfs = os.statvfs

    class Full:
        def __init__(self, stats):
            self.f_frsize, self.f_bavail = stats.f_frsize, free // stats.f_frsize

    monkeypatch.setattr(os, "statvfs", lambda path: Full(real_statvfs(path)))
    assert main(["build", "--root", str(golden_copy), "--output", str(output)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(expected) and "Traceback" not in err
    assert_left_as_it_was(output, before)
    # With the indexer whole again, the next build publishes a whole index.
    monkeypatch.undo()
    assert main(["build", "--root", str(golden_copy), "--output", str(output)]) == 0
    from briefing.write.search import verify_index
    verify_index(output / "pagefind")
