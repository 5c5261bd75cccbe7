"""The on-disk form of the build caches: data that runs nothing when it is read, and
that is read only when this machine's own builds wrote it.

A cache file is three header lines and a JSON body:

    briefing-cache 1
    <the generator version it was made by>
    <HMAC-SHA256 of the version and the body, in hex>
    <the body>

Reading checks, in this order and before anything else is trusted: the first line,
the version (another version's file is outdated, not wrong), then the HMAC under a
key kept outside the briefing folder (`cache_key`), so that a cache committed to a
repository, restored by a CI workflow or planted by anyone else is never read. Only
then is the body parsed: JSON, whose values are rebuilt as the briefing's own
dataclasses without calling any constructor, method or import; a class that is not
one of them is refused. Anything wrong raises CacheRefused with what was wrong.

The body's values: str, int, float, bool and None as in JSON, a list as an array;
every other value is a JSON object with one member, whose name says what it is and
whose value holds it: {"t": [...]} a tuple, {"d": [key, value, ...]} a dict, {"s":
[...]} a set, {"f": [...]} a frozenset, {"b": "..."} bytes, {"D": "..."} a date,
{"T": "..."} a date and time, {"p": "..."} a path, {"m": "..."} Markup, {"o": [class,
number, name, value, ...]} an object, and {"r": number} an object met before, so that
a value shared by several others is shared again when read. A tuple, list, set or
frozenset of tuples of text and numbers only is {"tt"|"lt"|"st"|"ft": [[...], ...]}.
JSON's own parser reads the whole body; only those objects, not every array and
string, are rebuilt in Python (`object_hook`), each after what it holds: so an object
cannot hold itself, and a value that does is refused when written.
"""
from __future__ import annotations

import base64
import dataclasses
import datetime
import hashlib
import hmac
import json
import os
import pathlib
import sys
from pathlib import Path

from markupsafe import Markup

from .atomic import replace_file

MAGIC = b"briefing-cache 2"
KEY_ENVIRONMENT = "BRIEFING_CACHE_KEY"
_HEADER_LIMIT = 200  # bytes in a header line


class CacheRefused(Exception):
    """A cache file that is not read: outdated, not ours, damaged or of unknown shape."""

    def __init__(self, message: str, outdated: bool = False):
        super().__init__(message)
        self.outdated = outdated


def user_cache_folder() -> Path:
    """Briefing's folder in the user's cache (XDG_CACHE_HOME, else ~/.cache): for what
    belongs to this machine's builds and not to any briefing (the cache key, the locks)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "briefing"


def cache_key() -> bytes | None:
    """The key this machine's builds sign their caches with: BRIEFING_CACHE_KEY if set
    (a CI workflow can set it from a secret), else a random key made once in the
    user's cache folder (never in the briefing's). None if there is nowhere to keep one:
    then no cache is read or written."""
    given = os.environ.get(KEY_ENVIRONMENT)
    if given:
        return given.encode("utf-8")
    path = user_cache_folder() / "cache-key"
    try:
        key = path.read_bytes().strip()
        if len(key) >= 32:
            return key
    except OSError:
        pass
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        key = base64.b16encode(os.urandom(32)).lower()
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as file:
            file.write(key)
        return key
    except FileExistsError:  # another build made it first
        try:
            key = path.read_bytes().strip()
        except OSError:
            return None
        return key if len(key) >= 32 else None
    except OSError:
        return None


def write_cache(path: Path, version: str, value, key: bytes) -> None:
    """Keep `value` in `path`. Raises TypeError if it holds a value of a kind that a
    cache file cannot hold, OSError if it cannot be written."""
    body = json.dumps(_Encoder().encode(value), ensure_ascii=False, allow_nan=True,
                      separators=(",", ":")).encode("utf-8")
    stamp = version.encode("ascii")
    signature = _signature(key, stamp, body)
    replace_file(path, b"\n".join((MAGIC, stamp, signature, body)))


def read_cache(path: Path, version: str, key: bytes):
    """The value kept in `path`. Raises FileNotFoundError if there is none, and
    CacheRefused if it is outdated, not made by this machine's builds, or damaged."""
    with open(path, "rb") as file:
        magic = file.readline(_HEADER_LIMIT).rstrip(b"\n")
        if magic != MAGIC:
            raise CacheRefused("not a cache file of this version of Briefing",
                               outdated=magic.startswith(b"briefing-cache "))
        stamp = file.readline(_HEADER_LIMIT).rstrip(b"\n")
        if stamp != version.encode("ascii"):
            raise CacheRefused("made by another version of Briefing", outdated=True)
        signature = file.readline(_HEADER_LIMIT).rstrip(b"\n")
        body = file.read()
    if not hmac.compare_digest(signature, _signature(key, stamp, body)):
        raise CacheRefused("not made by this machine's builds, or changed since")
    try:
        return _Decoder().decode(body)
    except (ValueError, TypeError, KeyError, IndexError, RecursionError, AttributeError) as error:
        raise CacheRefused(f"damaged ({type(error).__name__})") from None


def _signature(key: bytes, stamp: bytes, body: bytes) -> bytes:
    mac = hmac.new(key, stamp + b"\n", hashlib.sha256)
    mac.update(body)
    return mac.hexdigest().encode("ascii")


def _briefing_classes() -> dict[str, type]:
    """The dataclasses of Briefing's own modules, by qualified name: the only classes a
    cache file may hold."""
    classes = {}
    for name, module in list(sys.modules.items()):
        if module is None or not (name == "briefing" or name.startswith("briefing.")):
            continue
        for value in list(vars(module).values()):
            if (isinstance(value, type) and dataclasses.is_dataclass(value)
                    and value.__module__ == name):
                classes[f"{name}:{value.__qualname__}"] = value
    return classes


_SCALARS = (str, int, float, bool, type(None))
_SCALAR_TYPES = frozenset(_SCALARS)
_COLLECTIONS = {tuple: "t", list: "l", set: "s", frozenset: "f"}
_OF_TUPLES = {"tt": tuple, "lt": list, "st": set, "ft": frozenset}


class _Encoder:
    def __init__(self):
        self.seen: dict[int, int] = {}  # id of an object -> its number
        self.kept: list = []  # the objects numbered, alive until the end
        self.open: set[int] = set()  # the numbers of the objects being written
        self.fields: dict[type, tuple[str, ...] | None] = {}  # a slotted class's fields

    def encode(self, value):
        self.allowed = {cls: name for name, cls in _briefing_classes().items()}
        return self._value(value)

    def _value(self, value):
        kind = type(value)
        if kind in _SCALARS:
            return value
        if kind in _COLLECTIONS:
            if value and type(next(iter(value))) is tuple and _of_scalar_tuples(value):
                # Of tuples of text and numbers only (the (kind, id) pairs of a page's
                # items): arrays, made tuples all at once when read.
                return {_COLLECTIONS[kind] + "t": list(value)}  # JSON writes tuples as arrays
            if kind is list:
                return list(map(self._value, value))
            return {_COLLECTIONS[kind]: list(map(self._value, value))}
        if kind is dict:
            flat = []
            for key, element in value.items():
                flat.append(self._value(key))
                flat.append(self._value(element))
            return {"d": flat}
        if kind is bytes:
            return {"b": base64.b64encode(value).decode("ascii")}
        if kind is Markup:
            return {"m": str(value)}
        if kind is datetime.date:
            return {"D": value.isoformat()}
        if kind is datetime.datetime:
            return {"T": value.isoformat()}
        if kind is pathlib.PosixPath or kind is pathlib.PurePosixPath:
            return {"p": str(value)}
        name = self.allowed.get(kind)
        if name is None:
            raise TypeError(f"a cache file cannot hold a {kind.__module__}.{kind.__qualname__}")
        number = self.seen.get(id(value))
        if number is not None:
            if number in self.open:
                raise TypeError(f"a cache file cannot hold a {kind.__qualname__} that holds itself")
            return {"r": number}
        number = self.seen[id(value)] = len(self.kept)
        self.kept.append(value)
        self.open.add(number)
        encoded = [name, number]
        for attribute, element in self._attributes(value, kind):
            encoded.append(attribute)
            encoded.append(self._value(element))
        self.open.discard(number)
        return {"o": encoded}

    def _attributes(self, value, kind: type):
        names = self.fields.get(kind, ())
        if names == ():
            names = self.fields[kind] = (None if hasattr(value, "__dict__") else
                                         tuple(f.name for f in dataclasses.fields(kind)))
        if names is None:
            return vars(value).items()
        return ((name, getattr(value, name)) for name in names)


def _of_scalar_tuples(values) -> bool:
    if any(type(e) is not tuple for e in values):
        return False
    return {type(x) for e in values for x in e} <= _SCALAR_TYPES


class _Decoder:
    """Rebuilds the values of a body as JSON's parser meets its objects (innermost
    first): `tagged` is its object_hook."""

    def __init__(self):
        self.classes = _briefing_classes()
        self.objects: dict[int, object] = {}

    def decode(self, body: bytes):
        return json.loads(body, object_hook=self.tagged)

    def tagged(self, member: dict):
        if len(member) != 1:
            raise ValueError("a JSON object of other than one member")
        (tag, value), = member.items()
        if tag == "o":
            return self._object(value)
        if tag == "r":
            return self.objects[value]
        if tag in _OF_TUPLES:
            if any(type(e) is not list for e in _array(value)):
                raise TypeError("an array of arrays expected")
            return _OF_TUPLES[tag](map(tuple, value))
        if tag == "t":
            return tuple(_array(value))
        if tag == "d":
            flat = _array(value)
            if len(flat) % 2:
                raise ValueError("a dict with a key and no value")
            return dict(zip(flat[::2], flat[1::2]))
        if tag == "s":
            return set(_array(value))
        if tag == "f":
            return frozenset(_array(value))
        if tag == "b":
            return base64.b64decode(_text(value), validate=True)
        if tag == "m":
            return Markup(_text(value))
        if tag == "p":
            return pathlib.PosixPath(_text(value))
        if tag == "D":
            return datetime.date.fromisoformat(_text(value))
        if tag == "T":
            return datetime.datetime.fromisoformat(_text(value))
        raise ValueError(f"unknown tag {tag!r}")

    def _object(self, value):
        name, number = _array(value)[:2]
        cls = self.classes.get(name)
        if cls is None:
            raise TypeError(f"{name!r} is not a class a cache may hold")
        if type(number) is not int or number in self.objects:
            raise ValueError("an object numbered twice")
        names = value[2::2]
        if len(names) != len(value[3::2]) or any(type(n) is not str for n in names):
            raise TypeError("an attribute name that is not text, or without a value")
        made = object.__new__(cls)  # no constructor: nothing of the file's runs
        if hasattr(made, "__dict__"):
            vars(made).update(zip(names, value[3::2]))
        else:
            for attribute, element in zip(names, value[3::2]):
                object.__setattr__(made, attribute, element)
        self.objects[number] = made
        return made


def _array(value) -> list:
    if type(value) is not list:
        raise TypeError("an array expected")
    return value


def _text(value) -> str:
    if type(value) is not str:
        raise TypeError("text expected")
    return value
