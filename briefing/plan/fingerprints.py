"""A page's fingerprint: a hash of everything in its context.

Each item stands in for its digest (model/items.py), every other value for its
repr, walked through dataclasses, tuples, lists and dicts. The walk also
gathers the items a context holds: the page must be planned again when one of
them changes.
"""
from __future__ import annotations

from ..vocabulary import PartialDate
from ..memo import KeyWalker
from ..model import KIND_OF

# The walk of every memo key, with items standing in for their digests and dates
# taken by their repr (the commonest value after text, and a flat one).
_WALKER = KeyWalker(KIND_OF, scalars=(PartialDate,))


def fingerprint(context, refs: dict | None = None) -> tuple[str, tuple, int]:
    """(hash of the context, the (kind, id) of every item in it, each once, the number
    of values in it: a measure of how much the page shows). `refs`: the (kind, id)
    pairs met so far, so that the pages of a plan share one pair per item. The items
    are a tuple, not a set: a third of the memory, and they are only gone through."""
    hashed, items, size = _WALKER.hashed(context)
    if refs is not None:
        items = {refs.get(item, item) for item in items}
    return hashed, tuple(items), size
