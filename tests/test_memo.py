"""The memo every stage is handed: unit tests, no build."""
from __future__ import annotations

import pytest

from briefing.memo import Memo, NoMemo, digest


def test_a_memo_keeps_between_builds_only_what_the_last_build_used():
    memo = Memo({"a": 1, "b": 2, "c": 3})
    assert memo.get("a") == 1 and memo.get("missing", "default") == "default"
    memo.put("d", 4)
    memo.prune()
    assert dict(memo.entries) == {"a": 1, "d": 4}
    memo.prune()  # a build that used nothing: everything goes
    assert len(memo) == 0


def test_a_memo_knows_whether_it_changed_since_it_was_saved():
    memo = Memo({"listing": ["x", "y"]})
    memo.put("listing", ["x", "y"])  # the same listing again: nothing to save
    assert not memo.changed
    memo.put("listing", ["x", "y", "z"])
    assert memo.changed
    memo.changed = False
    value = object()
    memo.put("object", value)
    assert memo.changed  # new key
    memo.changed = False
    memo.put("object", value)  # the very same object
    assert not memo.changed
    memo.get("listing")
    memo.get("object")
    memo.prune()  # everything used: nothing dropped, nothing to save
    assert not memo.changed


def test_no_memo_remembers_nothing():
    memo = NoMemo()
    assert memo.put("k", 1) == 1
    assert memo.get("k") is None and "k" not in memo and len(memo) == 0
    memo.prune()


def test_a_digest_is_of_the_text_and_sixteen_bytes():
    assert digest("é") == digest("é".encode("utf-8"))
    assert len(digest("x")) == 32 and digest("x") != digest("y")


def test_a_key_names_its_namespace_and_refuses_what_it_cannot_hold():
    from pathlib import Path
    from briefing.memo import Key, key
    assert key(Key.FILE, "content/x.md") == ("file", "content/x.md")
    assert key(Key.PLAN, "pt") != key(Key.LOCALIZED, "pt")
    for unfit in (object(), Path("x"), [lambda: 1]):
        with pytest.raises(TypeError):
            key(Key.FILE, unfit)  # its repr would differ between runs, or hide what it holds


def test_a_hashed_key_changes_with_every_part_and_namespace_and_nothing_else():
    from dataclasses import dataclass
    from briefing.memo import Key, hashed

    @dataclass(frozen=True)
    class Topic:
        id: str
        name: str

    made = hashed(Key.EDITION, "en", Topic("security", "Security"), {"a": ("b", 1)})
    assert made == hashed(Key.EDITION, "en", Topic("security", "Security"), {"a": ("b", 1)})
    assert made != hashed(Key.EDITION, "en", Topic("security", "Safety"), {"a": ("b", 1)})
    assert made != hashed(Key.EDITION, "en", Topic("security", "Security"), {"a": ("b", 2)})
    assert made != hashed(Key.PLAN_STRUCTURE, "en", Topic("security", "Security"), {"a": ("b", 1)})
    assert hashed(Key.CHECKED, ("a", "bc")) != hashed(Key.CHECKED, ("ab", "c"))
    assert hashed(Key.CHECKED, 1) != hashed(Key.CHECKED, "1")


def test_a_hashed_key_of_a_set_is_the_same_in_every_process():
    """A set's order follows its strings' hashes, which Python seeds per process: a
    key over it must not, or a cache on disk would never be found again."""
    import os
    import subprocess
    import sys
    program = ("from briefing.memo import Key, hashed; "
               "print(hashed(Key.BODY_PLACE, frozenset(f'id-{i}' for i in range(50))))")
    made = {subprocess.run([sys.executable, "-c", program], capture_output=True, text=True,
                           check=True, env={**os.environ, "PYTHONHASHSEED": seed}).stdout
            for seed in ("1", "2", "3")}
    assert len(made) == 1
