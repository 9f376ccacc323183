"""YAML front matter: the block between a first line ``---`` and the next ``---`` line.

Errors point at the file line of the problem (``path:line: message``): the YAML parser's
marks are offset by the line where the front matter starts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from ..chars import describe, first_forbidden
from ..errors import SourceError
from ..fsutil import read_prefix
from ..limits import MAX_SEGMENT_CHARS, MAX_SOURCE_BYTES, MAX_TITLE_CHARS
from .yamlload import (
    NodeBuilder,
    StrictLoader,
    bad_character,
    built,
    compose,
    compose_simple,
    construct,
    construct_simple,
    located,
    unbuildable,
)

_FENCE = "---"
LINE_KEYS = frozenset({"title", "subject", "slug", "image_alt"})  # one line of text each
_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class FrontMatter:
    """A source file split in two. Without front matter, ``data`` is empty."""

    data: dict[Any, Any]  # key order as in the file
    key_lines: dict[Any, int]  # file line of each top-level key
    body: str
    body_line: int  # file line of the body's first line


def read_source(path: Path, shown: str) -> str:
    """A source file's text (see :func:`decode_source`), refused above the size limit before it
    is read whole: a 50 MB article took gigabytes of memory in build."""
    try:
        data = read_prefix(path, MAX_SOURCE_BYTES + 1)
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror or exc}", shown) from None
    if len(data) > MAX_SOURCE_BYTES:
        raise SourceError(
            f"larger than the {MAX_SOURCE_BYTES:,}-byte limit for a source text; split it",
            shown,
        )
    return decode_source(data, shown)


def decode_source(data: bytes, path: str) -> str:
    """UTF-8 text without BOM, with LF line ends and without control characters, or a
    SourceError saying where not."""
    if data.startswith(_BOM):
        raise SourceError("file starts with a UTF-8 byte order mark (BOM); remove it", path, 1)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise SourceError(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8",
            path,
            line,
        ) from None
    cr = text.find("\r")
    if cr >= 0:
        line = text.count("\n", 0, cr) + 1
        kind = "CRLF" if text.startswith("\r\n", cr) else "CR"
        raise SourceError(f"{kind} line end; use LF (Unix) line ends", path, line)
    bad = first_forbidden(text)
    if bad >= 0:
        line = text.count("\n", 0, bad) + 1
        raise SourceError(f"holds {describe(text[bad])}; remove it", path, line)
    return text


def split_front_matter(text: str, path: str) -> FrontMatter:
    """Split ``text`` into front matter and body; parse the front matter with safe_load."""
    lines = text.split("\n")
    if lines[0].rstrip(" \t") != _FENCE:
        return FrontMatter({}, {}, text, 1)
    for end in range(1, len(lines)):
        if lines[end].rstrip(" \t") == _FENCE:
            break
    else:
        raise SourceError("front matter is not closed by a '---' line", path, 1)
    yaml_text = "\n".join(lines[1:end]) + "\n"
    data, key_lines = _load(yaml_text, path, first_line=2)
    return FrontMatter(data, key_lines, "\n".join(lines[end + 1 :]), end + 2)


def _load(yaml_text: str, path: str, first_line: int) -> tuple[dict[Any, Any], dict[Any, int]]:
    """Parse once (compose, then construct) to get both the values and the key lines.

    The common shape of front matter is composed by :func:`compose_simple` (the same nodes,
    without PyYAML's scanner); anything else by the YAML parser.
    """
    simple = compose_simple(yaml_text)
    loader: StrictLoader | NodeBuilder
    if simple is not None:
        loader, node = simple
    else:
        loader, node = compose(yaml_text, path, first_line, "front matter")
    try:
        return _construct(loader, node, path, first_line)
    except yaml.MarkedYAMLError as exc:  # a tag no safe constructor knows (!!python/object)
        raise located(exc, path, first_line, "front matter") from None
    finally:
        loader.dispose()


def _construct(
    loader: SafeConstructor, node: yaml.Node | None, path: str, first_line: int
) -> tuple[dict[Any, Any], dict[Any, int]]:
    if node is None:
        return {}, {}
    try:
        if isinstance(loader, NodeBuilder):
            data = construct_simple(loader, node)
        else:
            data = construct(loader, node)
    except ValueError as exc:  # 2021-02-30, !!int abc: parsed, but no value
        bad = unbuildable(loader, node)
        what = f"{bad.value!r} is not a valid {bad.tag.rsplit(':', 1)[-1]}" if bad else "bad value"
        raise SourceError(
            f"invalid YAML front matter: {what} ({exc})",
            path,
            first_line + (bad or node).start_mark.line,
        ) from None
    if data is None:
        return {}, {}
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        raise SourceError(
            f"front matter must be a mapping of keys to values, not {type(data).__name__}",
            path,
            first_line + node.start_mark.line,
        )
    key_lines: dict[Any, int] = {}
    for key_node, value_node in node.value:
        key = built(loader, key_node)
        line = first_line + key_node.start_mark.line
        if key in key_lines:
            raise SourceError(
                f"duplicate front matter key {key!r} (first on line {key_lines[key]})",
                path,
                line,
            )
        key_lines[key] = line
        bad_char = bad_character([key, data[key]])
        if bad_char:
            raise SourceError(f"front matter {key!r} holds {bad_char}; remove it", path, line)
        _check_value(key, data[key], path, line, first_line + value_node.start_mark.line)
    return data, key_lines


def _check_value(key: Any, value: Any, path: str, line: int, value_line: int) -> None:
    """Front-matter values that would otherwise fail far away, or silently: a 50 MB title, a
    date that no page, feed or e-mail can show."""
    limit = MAX_TITLE_CHARS if key in LINE_KEYS else MAX_SEGMENT_CHARS
    if isinstance(value, str) and len(value) > limit:
        raise SourceError(
            f"front matter {key!r} is {len(value):,} characters long; the limit is {limit:,}",
            path,
            line,
        )
    if key == "date" and to_iso_date(value) is None:
        raise SourceError(
            f"front matter 'date' {value!r} is not a date: write it as YYYY-MM-DD "
            "(for example 2021-10-02)",
            path,
            value_line,
        )


def to_iso_date(value: Any) -> dt.date | None:
    """A front-matter date as a ``date``: YAML's own date or datetime, or a string in full ISO
    form (``2021-10-02``, ``2021-10-02T09:30:00``). ``2021-10-2`` and ``25 October 2021`` are
    not: they were silently dropped, and the feed and e-mail said 1970-01-01."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            return (
                dt.datetime.fromisoformat(text).date()
                if "T" in text or " " in text
                else (dt.date.fromisoformat(text) if len(text) == 10 else None)
            )
        except ValueError:
            return None
    return None
