"""YAML front matter: the block between a first line ``---`` and the next ``---`` line.

Errors point at the file line of the problem (``path:line: message``): the YAML parser's
marks are offset by the line where the front matter starts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from ..errors import SourceError

_FENCE = "---"
_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class FrontMatter:
    """A source file split in two. Without front matter, ``data`` is empty."""

    data: dict[Any, Any]  # key order as in the file
    key_lines: dict[Any, int]  # file line of each top-level key
    body: str
    body_line: int  # file line of the body's first line


def decode_source(data: bytes, path: str) -> str:
    """UTF-8 text without BOM and with LF line ends, or a SourceError saying where not."""
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
    """Parse once (compose, then construct) to get both the values and the key lines."""
    loader = yaml.SafeLoader(yaml_text)
    try:
        return _construct(loader, path, first_line)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + mark.line if mark is not None else first_line
        problem = exc.problem or exc.context or "invalid YAML"
        raise SourceError(f"invalid YAML front matter: {problem}", path, line) from None
    except yaml.YAMLError as exc:
        raise SourceError(f"invalid YAML front matter: {exc}", path, first_line) from None
    finally:
        loader.dispose()


def _construct(
    loader: yaml.SafeLoader, path: str, first_line: int
) -> tuple[dict[Any, Any], dict[Any, int]]:
    node = loader.get_single_node()
    if node is None:
        return {}, {}
    try:
        data = loader.construct_document(node)
    except (ValueError, TypeError) as exc:  # 2021-02-30, !!int abc: parsed, but no value
        bad = _unbuildable(node, set())
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
    for (
        key_node,
        _,
    ) in node.value:  # merge keys ("<<") were flattened away by construction
        key = loader.construct_object(key_node, deep=True)
        line = first_line + key_node.start_mark.line
        if key in key_lines:
            raise SourceError(
                f"duplicate front matter key {key!r} (first on line {key_lines[key]})",
                path,
                line,
            )
        key_lines[key] = line
    return data, key_lines


def _unbuildable(node: yaml.Node, seen: set[int]) -> yaml.ScalarNode | None:
    """The first scalar (document order) whose tag's constructor rejects its text."""
    if id(node) in seen:  # an alias back to an enclosing node
        return None
    seen.add(id(node))
    if isinstance(node, yaml.ScalarNode):
        try:
            yaml.SafeLoader("").construct_object(node)
        except (ValueError, TypeError):
            return node
        return None
    children: list[yaml.Node] = []
    if isinstance(node, yaml.SequenceNode):
        children = list(node.value)
    elif isinstance(node, yaml.MappingNode):
        children = [n for pair in node.value for n in pair]
    for child in children:
        found = _unbuildable(child, seen)
        if found is not None:
            return found
    return None
