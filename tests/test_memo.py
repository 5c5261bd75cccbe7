"""The memo every stage is handed: unit tests, no build."""
from __future__ import annotations

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
