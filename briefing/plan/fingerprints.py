"""A page's fingerprint: a hash of everything in its context.

Each item stands in for its digest (model/items.py), every other value for its
repr, walked through dataclasses, tuples, lists and dicts. The walk also
gathers the items a context holds: the page must be planned again when one of
them changes.
"""
from __future__ import annotations

import functools
from dataclasses import fields, is_dataclass

from ..vocabulary import PartialDate
from ..memo import digest
from ..model import KIND_OF, Item

_SCALARS = (str, int, float, bool, type(None), PartialDate)


def fingerprint(context, refs: dict | None = None) -> tuple[str, tuple, int]:
    """(hash of the context, the (kind, id) of every item in it, each once, the number
    of values in it: a measure of how much the page shows). `refs`: the (kind, id)
    pairs met so far, so that the pages of a plan share one pair per item. The items
    are a tuple, not a set: a third of the memory, and they are only gone through."""
    tokens: list[str] = []
    items: set[tuple[str, str]] = set()
    _walk(context, tokens, items)
    if refs is not None:
        items = {refs.get(item, item) for item in items}
    return digest("\x1f".join(tokens)), tuple(items), len(tokens)


@functools.cache
def _shape(kind: type):
    """How a value of this type is walked: its kind name (an item), () (a scalar), the
    type itself (a tuple, list or dict), or the field names of a dataclass."""
    shape = KIND_OF.get(kind)
    if shape is None:
        if issubclass(kind, _SCALARS):
            shape = ()
        elif is_dataclass(kind) and not issubclass(kind, Item):
            shape = tuple(f.name for f in fields(kind))
        elif kind in (tuple, list, dict):
            shape = kind
        else:  # an item of a kind not registered, or a value of unknown shape: refuse to guess
            raise TypeError(f"cannot fingerprint a {kind.__name__} in a page context")
    return shape


def _walk(value, tokens: list[str], items: set) -> None:
    kind = type(value)
    shape = _shape(kind)
    if shape.__class__ is str:  # an item: its kind
        tokens.append(value.digest)
        items.add((shape, value.id))
    elif shape == ():
        tokens.append(repr(value))
    elif shape is tuple or shape is list:
        tokens.append("[")
        for element in value:
            inner = _shape(type(element))
            if inner.__class__ is str:  # an item, the commonest element: no call for it
                tokens.append(element.digest)
                items.add((inner, element.id))
            else:
                _walk(element, tokens, items)
        tokens.append("]")
    elif shape is dict:
        tokens.append("{")
        for key, element in value.items():
            tokens.append(repr(key))
            _walk(element, tokens, items)
        tokens.append("}")
    else:
        tokens.append(kind.__name__ + "(")
        for name in shape:
            _walk(getattr(value, name), tokens, items)
        tokens.append(")")
