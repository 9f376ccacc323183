"""Hugo front matter as YAML: the bytes ``yaml.safe_dump(front, allow_unicode=True,
sort_keys=False, width=1000)`` writes, without PyYAML's emitter for the usual shape.

PyYAML's emitter analyses every scalar character by character in Python (a tenth of a clean
build went there). Front matter is nearly always a mapping of short one-line strings, numbers
and lists of strings: for those this module decides the style as the emitter does (plain where
its analysis allows a block plain scalar and the plain text reads back as a string, else
single-quoted) and writes the line. Any other key or value (a date object, a nested mapping, a
line break, a character the emitter escapes, a text long enough to be folded, a list that
appears twice, which PyYAML writes with an anchor) goes through ``yaml.safe_dump`` as before,
one key at a time: each key of a block mapping is written independently of the others.
``tests/publish/test_frontmatter.py`` compares both on many inputs, hostile ones included.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import yaml

_OPTIONS: dict[str, Any] = {"allow_unicode": True, "sort_keys": False, "width": 1000}
# characters the emitter writes as they are with allow_unicode (its analyze_scalar), minus
# every line break and the characters that count as white space next to an indicator
_PRINTABLE = re.compile(
    "[\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010fffe]*"
)
# what makes a one-line printable scalar unfit for the block plain style (analyze_scalar's
# block_indicators, leading and trailing spaces)
_NOT_PLAIN = re.compile(r"\A(?:[ #,\[\]{}&*!|>'\"%@`]|[-?:](?: |\Z)|---|\.\.\.)|: |:\Z|[ ]#| \Z")
_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")
# a line longer than this could be folded (the emitter breaks at a space past column 1000)
_MAX_LINE = 990
_RESOLVERS = yaml.SafeDumper.yaml_implicit_resolvers
_STR = "tag:yaml.org,2002:str"


def dump_front_matter(front: Mapping[Any, Any]) -> str:
    """``yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=1000)``."""
    if not front or _shares_a_list(front):
        return yaml.safe_dump(dict(front), **_OPTIONS)
    out: list[str] = []
    for key, value in front.items():
        line = _pair(key, value)
        out.append(line if line is not None else yaml.safe_dump({key: value}, **_OPTIONS))
    return "".join(out)


def _pair(key: object, value: object) -> str | None:
    """The lines of one ``key: value`` of the top-level mapping; None: PyYAML must write it."""
    # exact types: PyYAML's safe representer refuses subclasses (a str subclass is an error)
    if type(key) is not str or not _KEY.fullmatch(key) or _resolved(key) != _STR:
        return None
    kind = type(value)
    if kind is str:
        scalar = _scalar(value, len(key) + 2)  # type: ignore[arg-type]
        return None if scalar is None else f"{key}: {scalar}\n"
    if kind is bool:
        return f"{key}: {'true' if value else 'false'}\n"
    if kind is int:
        return f"{key}: {value}\n" if abs(value) < 10**18 else None  # type: ignore[arg-type]
    if kind is list and value and all(type(v) is str for v in value):  # type: ignore[attr-defined]
        items = [_scalar(v, 2) for v in value]  # type: ignore[attr-defined]
        if any(item is None for item in items):
            return None
        return f"{key}:\n" + "".join(f"- {item}\n" for item in items)
    return None


def _scalar(text: str, column: int) -> str | None:
    """``text`` as the emitter writes a string starting at ``column`` of a block; None when
    the fast path does not know (empty, multi-line, escaped characters, long)."""
    if not text or column + len(text) > _MAX_LINE or not _PRINTABLE.fullmatch(text):
        return None
    if _NOT_PLAIN.search(text) is None and _resolved(text) == _STR:
        return text
    quoted = "'" + text.replace("'", "''") + "'"
    return quoted if column + len(quoted) <= _MAX_LINE else None  # the line as written


def _resolved(text: str) -> str:
    """The tag a plain ``text`` reads back as (PyYAML's ``Resolver.resolve`` for a scalar)."""
    for tag, pattern in (*_RESOLVERS.get(text[0], ()), *_RESOLVERS.get(None, ())):
        if pattern.match(text):
            return str(tag)
    return _STR


def _shares_a_list(front: Mapping[Any, Any]) -> bool:
    """Whether one list or mapping appears twice anywhere in ``front`` (or inside itself):
    PyYAML writes an anchor and an alias then, across keys."""
    seen: set[int] = set()
    stack: list[Any] = list(front.values())
    while stack:
        value = stack.pop()
        if isinstance(value, (str, bytes, int, float, type(None))):
            continue  # never anchored (SafeRepresenter.ignore_aliases)
        if id(value) in seen:
            return True
        seen.add(id(value))
        if isinstance(value, Mapping):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, (list, tuple, set)):
            stack.extend(value)
    return False
