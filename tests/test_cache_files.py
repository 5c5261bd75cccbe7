"""The build caches on disk run nothing when read, are read only when this machine's
own builds wrote them, and a cache that cannot be read costs one line and a build
from scratch, never a failed build."""
from __future__ import annotations

import json
import os
import pickle
import shutil

import pytest

from briefing.cachefile import MAGIC, CacheRefused, read_cache, write_cache
from briefing.caches import CACHE_DIR, Caches, generator_version
from briefing.cli import main
from briefing.engine import BuildOptions, build, build_and_keep

from .conftest import tree


@pytest.fixture
def key(monkeypatch) -> bytes:
    value = "k" * 40
    monkeypatch.setenv("BRIEFING_CACHE_KEY", value)
    return value.encode()


def clean_tree(root, tmp_path) -> dict[str, bytes]:
    output = tmp_path / "clean"
    build(BuildOptions(root=root, output=output, search=False, cache=False))
    return tree(output)


def build_with_cache(root, output, capsys) -> tuple[int, list[str]]:
    status = main(["build", "--root", str(root), "--output", str(output), "--no-search"])
    return status, capsys.readouterr().err.splitlines()


class Planted:
    """A pickle that runs a command when it is unpickled."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def test_a_planted_pickle_is_never_unpickled(golden_copy, tmp_path, key, capsys):
    marker = tmp_path / "ran"
    folder = golden_copy / CACHE_DIR
    folder.mkdir(parents=True)
    for name in ("files", "items", "bodies", "drawings", "written"):
        (folder / f"{name}.pickle").write_bytes(pickle.dumps((generator_version(), Planted(marker))))
    status, _ = build_with_cache(golden_copy, tmp_path / "site", capsys)
    assert status == 0
    assert not marker.exists()
    assert not list(folder.glob("*.pickle"))  # the old format's files are removed
    assert tree(tmp_path / "site") == clean_tree(golden_copy, tmp_path)


def forged_bodies(folder, version: str, forger_key: bytes) -> None:
    """What anyone can make: the right header and version, a body of their choosing,
    signed with a key of their own."""
    caches = Caches.on_disk(folder)
    entries = {key: ("<script>alert(1)</script>" + packed if isinstance(packed, str) else packed,
                     links) for key, (packed, links) in caches.bodies.entries.items()}
    write_cache(folder / "bodies.cache", version, (entries,), forger_key)


def test_a_forged_cache_carries_nothing_into_the_site(golden_copy, tmp_path, key, capsys):
    output = tmp_path / "site"
    assert build_with_cache(golden_copy, output, capsys)[0] == 0
    folder = golden_copy / CACHE_DIR
    forged_bodies(folder, generator_version(), b"another key of anyone's choosing")
    shutil.rmtree(output)  # so that every page is rendered again
    status, err = build_with_cache(golden_copy, output, capsys)
    assert status == 0
    assert [line for line in err if "bodies.cache" in line] == [
        "warning: .cache/build/bodies.cache: not made by this machine's "
        "builds, or changed since: set aside, building without it"]
    assert not any(b"alert(1)" in content for content in tree(output).values())
    assert tree(output) == clean_tree(golden_copy, tmp_path)


def test_a_cache_from_another_machine_is_set_aside(golden_copy, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("BRIEFING_CACHE_KEY", "a" * 40)
    assert build_with_cache(golden_copy, tmp_path / "site", capsys)[0] == 0
    monkeypatch.setenv("BRIEFING_CACHE_KEY", "b" * 40)
    status, err = build_with_cache(golden_copy, tmp_path / "site", capsys)
    assert status == 0
    set_aside = [line for line in err if "set aside" in line]
    assert len(set_aside) == 5  # each of the five files, one line each
    assert tree(tmp_path / "site") == clean_tree(golden_copy, tmp_path)
    # ...and the next build reads what this machine has written since.
    status, err = build_with_cache(golden_copy, tmp_path / "site", capsys)
    assert status == 0 and not [line for line in err if "warning" in line]


@pytest.mark.parametrize("damage", [
    b"\x80\x04\x95\xff\xff\xff\xff\xff\xff\xff\x7f",  # a pickle's header asking for 2**63 bytes
    b"\x00" * 64,
    "empty",
    "header",
    "truncated",
    "body",
])
def test_a_damaged_cache_costs_a_line_and_a_build_from_scratch(golden_copy, tmp_path, key, capsys,
                                                               damage):
    assert build_with_cache(golden_copy, tmp_path / "site", capsys)[0] == 0
    items = golden_copy / CACHE_DIR / "items.cache"
    data = items.read_bytes()
    if damage == "empty":
        data = b""
    elif damage == "header":
        data = b"briefing-cache 9" + data[len(MAGIC):]
    elif damage == "truncated":
        data = data[: len(data) // 2]
    elif damage == "body":
        data = data[:-40] + b"}" * 40
    else:
        data = damage + data
    items.write_bytes(data)
    (golden_copy / "content/events/port-talks.md").write_text(
        (golden_copy / "content/events/port-talks.md").read_text().replace("Officials", "Envoys"))
    status, err = build_with_cache(golden_copy, tmp_path / "site", capsys)
    assert status == 0
    assert "Traceback" not in "\n".join(err)
    if damage != "header":  # a file of another version of the cache is outdated, not damaged
        assert len([line for line in err if "items.cache" in line and "set aside" in line]) == 1
    assert tree(tmp_path / "site") == clean_tree(golden_copy, tmp_path)


def test_only_briefings_own_dataclasses_are_made_and_no_constructor_runs(tmp_path):
    signing = b"k" * 40
    path = tmp_path / "x.cache"
    version = "v"

    def body(value) -> None:
        from briefing.cachefile import _signature
        data = json.dumps(value).encode()
        path.write_bytes(b"\n".join((MAGIC, version.encode(), _signature(signing, b"v", data), data)))

    for foreign in ({"o": ["os:system", 0]}, {"o": ["builtins:eval", 0, "x", "1"]},
                    {"o": ["subprocess:Popen", 0]}, {"x": 1}, {"a": 1, "b": 2},
                    {"tt": ["ab", "cd"]}, {"r": 0}):
        body(foreign)
        with pytest.raises(CacheRefused):
            read_cache(path, version, signing)

    # One of Briefing's own classes is made without its constructor or __post_init__.
    from briefing.vocabulary import PartialDate
    body({"o": ["briefing.vocabulary:PartialDate", 0, "year", 2020, "month", 99, "day", None]})
    made = read_cache(path, version, signing)
    assert type(made) is PartialDate and made.month == 99  # no validation code ran on it


def test_a_real_build_round_trips_through_its_cache_files(golden_copy, tmp_path, key):
    options = BuildOptions(root=golden_copy, output=tmp_path / "site", search=False)
    first = build_and_keep(options)
    assert first.report.notes == []
    caches = Caches.on_disk(golden_copy / CACHE_DIR)
    assert caches.notes == []
    assert len(caches.items) > 0 and len(caches.files) > 0 and len(caches.bodies) > 0
    again = build_and_keep(options)
    assert again.report.notes == []
    assert (again.report.pages_rendered, again.report.render.bodies_rendered) == (0, 0)


def test_every_kind_of_value_is_read_back_as_it_was_written(tmp_path):
    """Each tag of the format, shared objects shared again, and the collections of
    tuples of text and numbers (a page's items) that are read back all at once."""
    import datetime
    import pathlib

    from markupsafe import Markup

    from briefing.vocabulary import PartialDate
    shared = PartialDate(2025, 7, None)
    value = {
        "scalars": ("text", 1, 2.5, True, None),
        "list": [1, "two", [3]],
        "nested": ((1, 2), ("a", (3,))),  # a tuple in a tuple in a tuple: not all-scalar
        ("a", 1): frozenset({"x"}),
        "set": {3, 4},
        "bytes": b"\x00\xff",
        "markup": Markup("<b>x</b>"),
        "day": datetime.date(2025, 7, 22),
        "moment": datetime.datetime(2025, 7, 22, 8, 9, 10),
        "path": pathlib.PurePosixPath("content/a.md"),
        "shared": [shared, shared],
        "pairs": (("articles", "a"), ("events", "e"), ()),
        "pair list": [("places", "p")],
        "pair set": {("sources", "s")},
        "pair frozenset": frozenset({("topics", "t", 1)}),
        "empty": ((), [], set(), frozenset(), {}),
    }
    path = tmp_path / "x.cache"
    write_cache(path, "v", value, b"k" * 40)
    read = read_cache(path, "v", b"k" * 40)
    assert read == value
    assert type(read["pairs"]) is tuple and type(read["pair list"]) is list
    assert type(read["pair set"]) is set and type(read["pair frozenset"]) is frozenset
    assert type(read["markup"]) is Markup and type(read["scalars"]) is tuple
    assert read["shared"][0] is read["shared"][1]
    body = json.loads(path.read_bytes().split(b"\n", 3)[3])
    assert body["d"][body["d"].index("pairs") + 1] == {"tt": [["articles", "a"], ["events", "e"], []]}


def test_a_value_that_holds_itself_is_not_written(tmp_path):
    from briefing.model import Topic
    topic = Topic.__new__(Topic)
    object.__setattr__(topic, "id", "loop")
    object.__setattr__(topic, "parts", (topic,))
    with pytest.raises(TypeError, match="holds itself"):
        write_cache(tmp_path / "x.cache", "v", topic, b"k" * 40)
    assert not (tmp_path / "x.cache").exists()
