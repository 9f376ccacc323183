"""YAML as the sources need it: safe, bounded, and every error at its file line.

Front matter and ``shared.yaml`` come from pull requests. ``yaml.safe_load`` alone still lets
an author expand aliases into gigabytes ("billion laughs"), nest lists until Python's recursion
limit, and slip control characters or lone surrogates into a title through escapes
(``"\\0"``, ``"\\ud800"``). Content has no use for any of that, so it is refused here, once,
for every YAML the project reads.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent, CollectionStartEvent
from yaml.resolver import Resolver

from ..chars import describe, first_forbidden
from ..errors import SourceError
from ..limits import MAX_YAML_DEPTH


class _Refused(yaml.MarkedYAMLError):
    """Raised inside the loader; turned into a SourceError with the file line."""


class StrictLoader(yaml.SafeLoader):
    """SafeLoader without aliases and with a nesting bound (both checked while composing, before
    anything is expanded or recursed into)."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(AliasEvent):
            event = self.peek_event()
            raise _Refused(
                None, None, "YAML aliases (*name) are not allowed in source texts", event.start_mark
            )
        starts_collection = self.check_event(CollectionStartEvent)
        if starts_collection:
            self._depth += 1
            if self._depth > MAX_YAML_DEPTH:
                raise _Refused(
                    None,
                    None,
                    f"nested deeper than {MAX_YAML_DEPTH} levels",
                    self.peek_event().start_mark,
                )
        try:
            return super().compose_node(parent, index)
        finally:
            if starts_collection:
                self._depth -= 1


def compose(text: str, path: str, first_line: int, what: str) -> tuple[StrictLoader, Any]:
    """The loader (for constructing values later) and the root node, or a SourceError.

    ``first_line`` is the file line of ``text``'s first line; ``what`` names the YAML in messages
    ("front matter", "shared texts").
    """
    try:
        loader = StrictLoader(text)  # the reader checks for forbidden characters here
        return loader, loader.get_single_node()
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + first_line
        raise SourceError(
            f"invalid YAML {what}: control character {describe(chr(exc.character))} "
            "is not allowed; remove it",
            path,
            line,
        ) from None
    except yaml.MarkedYAMLError as exc:
        raise located(exc, path, first_line, what) from None
    except yaml.YAMLError as exc:
        raise SourceError(f"invalid YAML {what}: {exc}", path, first_line) from None


def construct(loader: SafeConstructor, node: yaml.Node) -> Any:
    """The value of ``node``; raises ValueError for a scalar its tag cannot build
    (``2021-02-30``, ``!!int abc``, ``!!timestamp soon``)."""
    try:
        return loader.construct_object(node, deep=True)
    except TypeError as exc:
        raise ValueError(str(exc)) from None
    except AttributeError:  # PyYAML's timestamp constructor on text that is no timestamp
        raise ValueError("not a date or time") from None


_STR = Resolver.DEFAULT_SCALAR_TAG  # "tag:yaml.org,2002:str"


def built(loader: SafeConstructor, node: yaml.Node) -> Any:
    """:func:`construct`, with a string scalar's value taken as it is: PyYAML's constructor
    for the ``str`` tag returns ``node.value`` itself (the same object)."""
    if node.tag == _STR and isinstance(node, yaml.ScalarNode):
        return node.value
    return construct(loader, node)


def construct_simple(builder: NodeBuilder, node: yaml.Node) -> Any:
    """:func:`construct` of a tree :func:`compose_simple` made: the same values, built in the
    same order (so the same first error), strings and lists here and other scalars (dates,
    numbers, booleans, nulls) by PyYAML. PyYAML's generic path, a generator and a cache
    entry per node, was 40 % of reading a front matter."""
    if node.tag != Resolver.DEFAULT_MAPPING_TAG or not isinstance(node, yaml.MappingNode):
        return construct(builder, node)
    data: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = built(builder, key_node)
        if isinstance(value_node, yaml.SequenceNode):
            if value_node.tag != Resolver.DEFAULT_SEQUENCE_TAG:
                return construct(builder, node)
            data[key] = [built(builder, item) for item in value_node.value]
        else:
            data[key] = built(builder, value_node)
    return data


def unbuildable(loader: SafeConstructor, node: yaml.Node) -> yaml.ScalarNode | None:
    """The first scalar (document order) whose tag's constructor rejects its text."""
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, yaml.ScalarNode):
            try:
                construct(yaml.SafeLoader(""), current)
            except (ValueError, yaml.MarkedYAMLError):
                return current
            continue
        if isinstance(current, yaml.SequenceNode):
            stack.extend(reversed(current.value))
        elif isinstance(current, yaml.MappingNode):
            stack.extend(reversed([n for pair in current.value for n in pair]))
    return None


def bad_character(value: Any) -> str | None:
    """The first forbidden character (see :mod:`mirage_i18n.chars`) in ``value`` or any string
    inside it, described for a message; None when there is none."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            at = first_forbidden(item)
            if at >= 0:
                return describe(item[at])
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)
    return None


def located(exc: yaml.MarkedYAMLError, path: str, first_line: int, what: str) -> SourceError:
    mark = exc.problem_mark or exc.context_mark
    line = first_line + mark.line if mark is not None else first_line
    problem = exc.problem or exc.context or "invalid YAML"
    return SourceError(f"invalid YAML {what}: {problem}", path, line)


# ---------------------------------------------------------------------------- the common shape


class NodeBuilder(SafeConstructor, Resolver):
    """What :class:`StrictLoader` does after composing (resolving tags, constructing values),
    for a node tree composed by :func:`compose_simple`."""

    def __init__(self) -> None:
        SafeConstructor.__init__(self)
        Resolver.__init__(self)

    def dispose(self) -> None:
        """Nothing to release (the loader's parser states); here so that both can be disposed."""


# Anything here makes compose_simple leave the text to the YAML parser: what PyYAML's reader
# refuses, tabs, and the line breaks YAML knows besides "\n" (and a byte order mark).
_NOT_SIMPLE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")
_KEY_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_-]{0,199}):(.*)")
_ITEM_LINE = re.compile(r"( *)- +(.*)")
# A plain scalar in block context that is one line and nothing else: it starts with no
# indicator, and holds no ": " or " #" (which would end it) and no final ":".
_PLAIN = re.compile(r"""[^-?:,\[\]{}#&*!|>'"%@` ](?:(?!: | #).)*(?<!:)""")
# A plain scalar in a flow sequence: neither the flow indicators nor ":" or "#".
_FLOW_PLAIN = re.compile(r"""[^-?:,\[\]{}#&*!|>'"%@` ][^,\[\]{}#:]*""")
_DOUBLE = re.compile(r'"([^"\\]*)"')
_SINGLE = re.compile(r"'([^']*)'")
_NAME = "<unicode string>"  # what PyYAML names a str stream in its marks


def compose_simple(text: str) -> tuple[NodeBuilder, yaml.MappingNode] | None:
    """The node tree :class:`StrictLoader` composes from ``text``, for the shape front matter
    nearly always has; None for anything else, which the YAML parser then reads.

    The shape: ``key: value`` lines at column 0, a value being one-line plain, ``"double"``
    (no escapes) or ``'single'`` (no quotes) scalar, a one-line ``[flow, sequence]`` of such
    scalars, nothing (null), or a block sequence of such scalars (``- item`` lines, at column 0
    or all at the same indentation); blank lines and comment lines. PyYAML's pure-Python
    scanner took 95 % of front-matter reading (a third of ``extract``); tags are still
    resolved and values built by PyYAML (:class:`NodeBuilder`), and a differential test
    checks the trees against :class:`StrictLoader`'s. Nothing here can alias or nest deeply.
    """
    if _NOT_SIMPLE.search(text) is not None:
        return None
    builder = NodeBuilder()
    pairs: list[tuple[yaml.Node, yaml.Node]] = []
    items: list[yaml.Node] | None = None  # the block sequence being read
    item_indent = -1
    pending: tuple[yaml.ScalarNode, int] | None = None  # a key without value yet, its line
    for number, line in enumerate(text.split("\n")):
        stripped = line.lstrip(" ")
        if not stripped.rstrip(" ") or stripped[0] == "#":
            continue
        if pending is not None and stripped[0] == "-":
            found = _ITEM_LINE.fullmatch(line)
            if found is None:
                return None
            indent = len(found.group(1))
            if items is None:
                items, item_indent = [], indent
                key_node, _ = pending
                style = False if indent else None  # as PyYAML's parser has it (no effect)
                seq = yaml.SequenceNode(
                    Resolver.DEFAULT_SEQUENCE_TAG, items, _mark(number, indent), None, style
                )
                pairs.append((key_node, seq))
            elif indent != item_indent:
                return None
            value = found.group(2)
            item = _scalar(builder, value.rstrip(" "), number, len(line) - len(value), _PLAIN)
            if item is None:
                return None
            items.append(item)
            continue
        if pending is not None and items is None:  # "key:" and nothing under it: null
            key_node, key_line = pending
            pairs.append((key_node, _null(builder, key_line, len(key_node.value) + 1)))
        pending, items = None, None
        found = _KEY_LINE.fullmatch(line)
        if found is None:
            return None
        key = _scalar(builder, found.group(1), number, 0, _PLAIN)
        rest = found.group(2)
        value = rest.lstrip(" ")
        if key is None or (value and value == rest):  # "key:value" is one scalar, not a pair
            return None
        if not value.rstrip(" "):
            pending = (key, number)
            continue
        column = len(line) - len(value)
        node: yaml.Node | None
        if value[0] == "[":
            node = _flow_sequence(builder, value.rstrip(" "), number, column)
        else:
            node = _scalar(builder, value.rstrip(" "), number, column, _PLAIN)
        if node is None:
            return None
        pairs.append((key, node))
    if pending is not None and items is None:
        key_node, key_line = pending
        pairs.append((key_node, _null(builder, key_line, len(key_node.value) + 1)))
    if not pairs:
        return None
    start = pairs[0][0].start_mark
    return builder, yaml.MappingNode(Resolver.DEFAULT_MAPPING_TAG, pairs, start, None, False)


def _mark(line: int, column: int) -> yaml.Mark:
    return yaml.Mark(_NAME, 0, line, column, None, 0)


def _scalar(
    builder: NodeBuilder, text: str, line: int, column: int, plain: re.Pattern[str]
) -> yaml.ScalarNode | None:
    """A one-line scalar (``text`` without the blanks around it), or None if it is not one."""
    if not text:
        return None
    first = text[0]
    if first == '"' or first == "'":
        found = (_DOUBLE if first == '"' else _SINGLE).fullmatch(text)
        if found is None:
            return None
        value, style, implicit = found.group(1), first, (False, True)
    elif plain.fullmatch(text) is not None:
        value, style, implicit = text, None, (True, False)
    else:
        return None
    tag = builder.resolve(yaml.ScalarNode, value, implicit)
    return yaml.ScalarNode(tag, value, _mark(line, column), None, style)


def _null(builder: NodeBuilder, line: int, column: int) -> yaml.ScalarNode:
    tag = builder.resolve(yaml.ScalarNode, "", (True, False))
    return yaml.ScalarNode(tag, "", _mark(line, column), None, None)


def _flow_sequence(
    builder: NodeBuilder, text: str, line: int, column: int
) -> yaml.SequenceNode | None:
    """``[a, "b", 'c']`` on one line; ``[]``."""
    if text[-1] != "]":
        return None
    inner = text[1:-1]
    items: list[yaml.Node] = []
    if inner.strip(" "):
        offset = column + 1
        for part in inner.split(","):
            value = part.strip(" ")
            at = offset + len(part) - len(part.lstrip(" "))
            item = _scalar(builder, value, line, at, _FLOW_PLAIN)
            if item is None:
                return None
            items.append(item)
            offset += len(part) + 1
    return yaml.SequenceNode(Resolver.DEFAULT_SEQUENCE_TAG, items, _mark(line, column), None, True)
