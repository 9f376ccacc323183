"""JSON text with an indent, character for character as ``json.dumps(obj, ensure_ascii=False,
indent=n)`` writes it, at C speed for the strings.

With an indent, :mod:`json` leaves its C encoder for a pure-Python one, a generator per nesting
level: the build's Jed catalogues (a language's every published entry, nested three deep) spent
more time there than in compiling their ``.mo`` files. The plain shapes JSON output is made of
(dicts with string keys, lists, strings, integers, booleans, None, finite floats) are written
here, each string by the C encoder; anything else goes to ``json.dumps`` whole.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from json.encoder import encode_basestring  # C where available: what json.dumps itself uses
from typing import Any


class _Other(Exception):
    """A value outside the plain shapes: the whole document goes to ``json.dumps``."""


def dumps_indented(obj: Any, indent: int, level: int = 0) -> str:
    """``json.dumps(obj, ensure_ascii=False, indent=indent)``; ``level``: as the value is
    written nested that deep in a larger document (each line after the first indented by
    ``level`` more steps), so that a large document can be written a part at a time."""
    out: list[str] = []
    step = " " * indent
    try:
        _write(obj, out, "\n" + step * level, step)
    except (_Other, RecursionError):
        text = json.dumps(obj, ensure_ascii=False, indent=indent)
        return (
            text.replace("\n", "\n" + step * level) if level else text
        )  # no raw newline in a string
    return "".join(out)


def iter_indented(obj: Any, indent: int, depth: int = 2, level: int = 0) -> Iterator[str]:
    """:func:`dumps_indented` ``(obj, indent, level)`` in pieces: the members of dicts and
    lists down to ``depth`` levels are written one at a time (the build's report lists 36,000
    documents at N = 4,000 articles; whole, its text was 12 MB held twice)."""
    kind = type(obj)
    if (
        depth <= 0
        or not obj
        or (kind is not dict and kind is not list)
        or (kind is dict and any(type(key) is not str for key in obj))
    ):
        yield dumps_indented(obj, indent, level)
        return
    step = " " * indent
    inner = "\n" + step * (level + 1)
    if kind is dict:
        sep = "{" + inner
        for key, value in obj.items():
            yield sep + encode_basestring(key) + ": "
            yield from iter_indented(value, indent, depth - 1, level + 1)
            sep = "," + inner
        yield "\n" + step * level + "}"
    else:
        sep = "[" + inner
        for item in obj:
            yield sep
            yield from iter_indented(item, indent, depth - 1, level + 1)
            sep = "," + inner
        yield "\n" + step * level + "]"


def key_text(key: str) -> str:
    """A key (or any string) as :func:`dumps_indented` writes it."""
    return encode_basestring(key)


def _write(obj: Any, out: list[str], newline: str, step: str) -> None:
    kind = type(obj)
    if kind is str:
        out.append(encode_basestring(obj))
    elif kind is dict:
        if not obj:
            out.append("{}")
            return
        inner = newline + step
        sep = "{" + inner
        for key, value in obj.items():
            if type(key) is not str:
                raise _Other
            out.append(sep)
            out.append(encode_basestring(key))
            out.append(": ")
            if type(value) is str:
                out.append(encode_basestring(value))
            else:
                _write(value, out, inner, step)
            sep = "," + inner
        out.append(newline + "}")
    elif kind is list:
        if not obj:
            out.append("[]")
            return
        inner = newline + step
        if all(type(item) is str for item in obj):  # the Jed entries: a list of translations
            out.append(
                "[" + inner + ("," + inner).join(map(encode_basestring, obj)) + newline + "]"
            )
            return
        sep = "[" + inner
        for item in obj:
            out.append(sep)
            _write(item, out, inner, step)
            sep = "," + inner
        out.append(newline + "]")
    elif obj is None:
        out.append("null")
    elif obj is True:
        out.append("true")
    elif obj is False:
        out.append("false")
    elif kind is int:
        out.append(int.__repr__(obj))
    elif kind is float and obj == obj and obj not in (float("inf"), float("-inf")):
        out.append(float.__repr__(obj))
    else:
        raise _Other
