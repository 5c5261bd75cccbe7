"""A page's fingerprint: a hash of everything in its context.

Each item stands in for its digest (model/items.py), every other value for its
repr, walked through dataclasses, tuples, lists and dicts. The walk also
gathers the items a context holds: the page must be planned again when one of
them changes.
"""
from __future__ import annotations

import functools
from dataclasses import fields, is_dataclass

from ..load.dates import PartialDate
from ..memo import digest
from ..model import Item

_SCALARS = (str, int, float, bool, type(None), PartialDate)
_SCALAR_TYPES = frozenset(_SCALARS)


def fingerprint(context, kind_of: dict[type, str]) -> tuple[str, frozenset, int]:
    """(hash of the context, the (kind, id) of every item in it, the number of values
    in it: a measure of how much the page shows)."""
    tokens: list[str] = []
    items: set[tuple[str, str]] = set()
    _walk(context, tokens, items, kind_of)
    return digest("\x1f".join(tokens)), frozenset(items), len(tokens)


def _walk(value, tokens: list[str], items: set, kind_of: dict[type, str]) -> None:
    kind = type(value)
    item_kind = kind_of.get(kind)
    if item_kind is not None:
        tokens.append(value.digest)
        items.add((item_kind, value.id))
    elif kind is tuple or kind is list:
        tokens.append("[")
        for element in value:
            _walk(element, tokens, items, kind_of)
        tokens.append("]")
    elif kind in _SCALAR_TYPES or isinstance(value, _SCALARS):
        tokens.append(repr(value))
    elif kind is dict:
        tokens.append("{")
        for key, element in value.items():
            tokens.append(repr(key))
            _walk(element, tokens, items, kind_of)
        tokens.append("}")
    elif is_dataclass(value) and not isinstance(value, (type, Item)):
        tokens.append(kind.__name__ + "(")
        for name in _field_names(kind):
            _walk(getattr(value, name), tokens, items, kind_of)
        tokens.append(")")
    else:  # an item of a kind not registered, or a value of unknown shape: refuse to guess
        raise TypeError(f"cannot fingerprint a {kind.__name__} in a page context")


@functools.cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))
