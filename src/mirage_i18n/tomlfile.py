"""TOML files read for the project: parsed by tomllib, with the line of every key.

tomllib gives values without positions, so an error in a value could only name its key.
:class:`KeyLines` scans the text once (after tomllib accepted it) and records where each key
is written, by its full path: ``threshold`` of ``[languages.it]`` is
``("languages", "it", "threshold")``, whether it comes from a ``[languages.it]`` header, a
dotted key ``languages.it.threshold = 50`` or an inline table ``it = { threshold = 50 }``.

Here, not in the configuration package, because the glossary (``glossary.toml``) is read the
same way and the configuration loads the glossary.
"""

from __future__ import annotations

import bisect
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .limits import MAX_TOML_BYTES

Keys = tuple[str, ...]

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_SCALAR_END = re.compile(r"[,\]}\n#]")


@dataclass(frozen=True)
class TomlFile:
    path: Path
    data: dict[str, Any]
    lines: KeyLines


def read_toml(path: Path) -> TomlFile:
    """Parse ``path``; unreadable, non-UTF-8 or invalid TOML is a :class:`ConfigError` with the
    file's line where one is known."""
    shown = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise ConfigError(f"cannot read {Path(path).name}: {exc.strerror}", shown) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        byte = raw[exc.start]
        raise ConfigError(
            f"not UTF-8 (byte 0x{byte:02x}); save the file as UTF-8", shown, line
        ) from None
    if len(raw) > MAX_TOML_BYTES:
        raise ConfigError(f"larger than the {MAX_TOML_BYTES:,}-byte limit for a TOML file", shown)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"invalid TOML: {exc}", shown, toml_error_line(exc, text)) from None
    except RecursionError:  # tomllib recurses per nested array or inline table
        raise ConfigError("invalid TOML: arrays or tables nested too deeply", shown) from None
    return TomlFile(Path(path), data, KeyLines(text))


def toml_error_line(exc: tomllib.TOMLDecodeError, text: str) -> int | None:
    """tomllib (3.11) puts the position only in its message: "(at line 3, column 7)" or
    "(at end of document)", which is the text's last line."""
    line = getattr(exc, "lineno", None)
    if isinstance(line, int):
        return line
    match = re.search(r"line (\d+)", str(exc))
    if match:
        return int(match.group(1))
    if "end of document" in str(exc):
        return max(1, len(text.splitlines()))
    return None


class KeyLines:
    """Where each key and table of a (valid) TOML text is written, by its full key path.

    The text is scanned on the first question only: a valid configuration never asks one."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._at: dict[Keys, int] | None = None

    def line(self, keys: Sequence[str]) -> int | None:
        """The line of ``keys``; for a key not written down (a default), its nearest table's."""
        if self._at is None:
            self._at = _Scanner(self._text).scan()
        path = tuple(keys)
        while path:
            if path in self._at:
                return self._at[path]
            path = path[:-1]
        return None


class _Scanner:
    """A single pass over valid TOML that skips values, strings and comments and notes the
    line of every key; tomllib has checked the syntax, so nothing here reports errors."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._newlines = [i for i, c in enumerate(text) if c == "\n"]
        self._pos = 0
        self._at: dict[Keys, int] = {}

    def scan(self) -> dict[Keys, int]:
        self._document()
        return self._at

    def _line_here(self) -> int:
        return bisect.bisect_left(self._newlines, self._pos) + 1

    def _record(self, path: Keys, line: int, explicit: bool = True) -> None:
        for n in range(1, len(path)):
            self._at.setdefault(path[:n], line)  # tables a dotted key or header creates
        if explicit or path not in self._at:
            self._at[path] = line

    def _peek(self, n: int = 1) -> str:
        return self._text[self._pos : self._pos + n]

    def _skip_blank(self, newlines: bool) -> None:
        """Spaces and tabs, comments, and (when ``newlines``) line ends."""
        text = self._text
        while self._pos < len(text):
            c = text[self._pos]
            if c in " \t\r" or (newlines and c == "\n"):
                self._pos += 1
            elif c == "#":
                end = text.find("\n", self._pos)
                self._pos = len(text) if end < 0 else end
            else:
                return

    def _document(self) -> None:
        table: Keys = ()
        arrays: dict[Keys, int] = {}
        while True:
            self._skip_blank(newlines=True)
            if self._pos >= len(self._text):
                return
            start = self._pos
            line = self._line_here()
            if self._peek(2) == "[[":
                self._pos += 2
                keys = self._key()
                self._pos = self._text.index("]]", self._pos) + 2
                index = arrays[keys] = arrays.get(keys, -1) + 1
                self._record(keys, line, explicit=False)
                table = (*keys, str(index))
                self._record(table, line)
            elif self._peek() == "[":
                self._pos += 1
                table = self._key()
                self._pos = self._text.index("]", self._pos) + 1
                self._record(table, line)
            else:
                self._key_value(table)
            if self._pos == start:  # cannot happen on valid TOML; never loop forever
                self._pos += 1

    def _key_value(self, table: Keys) -> None:
        line = self._line_here()
        path = (*table, *self._key())
        self._skip_blank(newlines=False)
        if self._peek() == "=":
            self._pos += 1
        self._record(path, line)
        self._skip_blank(newlines=False)
        self._value(path)

    def _key(self) -> Keys:
        parts: list[str] = []
        while True:
            self._skip_blank(newlines=False)
            parts.append(self._simple_key())
            self._skip_blank(newlines=False)
            if self._peek() != ".":
                return tuple(parts)
            self._pos += 1

    def _simple_key(self) -> str:
        c = self._peek()
        if c in ('"', "'"):
            start = self._pos
            self._string()
            return str(tomllib.loads("k = " + self._text[start : self._pos])["k"])
        match = _BARE_KEY.match(self._text, self._pos)
        if match is None:
            return ""
        self._pos = match.end()
        return match.group()

    def _value(self, path: Keys) -> None:
        c = self._peek()
        if c in ('"', "'"):
            self._string()
        elif c == "[":
            self._pos += 1
            index = 0
            while True:
                self._skip_blank(newlines=True)
                if self._peek() in ("]", ""):
                    self._pos += 1
                    return
                start = self._pos
                self._at[(*path, str(index))] = self._line_here()  # an item on its own line
                self._value((*path, str(index)))
                index += 1
                self._skip_blank(newlines=True)
                if self._peek() == ",":
                    self._pos += 1
                elif self._pos == start:
                    self._pos += 1
        elif c == "{":
            self._pos += 1
            while True:
                self._skip_blank(newlines=True)
                if self._peek() in ("}", ""):
                    self._pos += 1
                    return
                start = self._pos
                self._key_value(path)
                self._skip_blank(newlines=True)
                if self._peek() == ",":
                    self._pos += 1
                elif self._pos == start:
                    self._pos += 1
        else:  # number, boolean, date: up to the next delimiter
            match = _SCALAR_END.search(self._text, self._pos)
            self._pos = len(self._text) if match is None else match.start()

    def _string(self) -> None:
        text = self._text
        quote = text[self._pos]
        if text.startswith(quote * 3, self._pos):
            end = self._pos + 3
            while True:
                end = text.find(quote * 3, end)
                if end < 0:
                    self._pos = len(text)
                    return
                if quote == '"' and _escaped(text, end):
                    end += 1
                    continue
                end += 3
                while end < len(text) and text[end] == quote:  # up to two quotes end the text
                    end += 1
                self._pos = end
                return
        end = self._pos + 1
        while end < len(text) and text[end] != quote:
            end += 2 if quote == '"' and text[end] == "\\" else 1
        self._pos = end + 1


def _escaped(text: str, pos: int) -> bool:
    """Is the character at ``pos`` preceded by an odd number of backslashes?"""
    n = 0
    while pos - n - 1 >= 0 and text[pos - n - 1] == "\\":
        n += 1
    return n % 2 == 1
