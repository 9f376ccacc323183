"""YAML as the sources need it: safe, bounded, and every error at its file line.

Front matter and ``shared.yaml`` come from pull requests. ``yaml.safe_load`` alone still lets
an author expand aliases into gigabytes ("billion laughs"), nest lists until Python's recursion
limit, and slip control characters or lone surrogates into a title through escapes
(``"\\0"``, ``"\\ud800"``). Content has no use for any of that, so it is refused here, once,
for every YAML the project reads.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.events import AliasEvent, CollectionStartEvent

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


def construct(loader: StrictLoader, node: yaml.Node) -> Any:
    """The value of ``node``; raises ValueError for a scalar its tag cannot build
    (``2021-02-30``, ``!!int abc``, ``!!timestamp soon``)."""
    try:
        return loader.construct_object(node, deep=True)
    except TypeError as exc:
        raise ValueError(str(exc)) from None
    except AttributeError:  # PyYAML's timestamp constructor on text that is no timestamp
        raise ValueError("not a date or time") from None


def unbuildable(loader: StrictLoader, node: yaml.Node) -> yaml.ScalarNode | None:
    """The first scalar (document order) whose tag's constructor rejects its text."""
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, yaml.ScalarNode):
            try:
                construct(yaml.SafeLoader(""), current)  # type: ignore[arg-type]
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
