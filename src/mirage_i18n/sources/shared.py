"""Shared texts (``source_texts/shared.yaml``): disclaimer, contact line, site and newsletter strings.

A flat or nested YAML mapping of key → English text. Nested keys are joined with dots
(``site: {read_more: …}`` → ``site.read_more``); the key becomes the entry's msgctxt, so one
English word used in two roles can be translated twice.
"""

from __future__ import annotations

from collections.abc import Iterator

import yaml

from ..errors import SourceError
from ..limits import MAX_SEGMENT_CHARS
from ..model import Segment, SourceDocument
from .yamlload import StrictLoader, bad_character, compose, construct, located

SHARED_DOMAIN = "shared"
LOCKED_KEYS = frozenset({"disclaimer"})  # legal text: never machine-translated


def parse_shared(text: str, path: str) -> SourceDocument:
    loader, node = compose(text, path, 1, "shared texts")
    try:
        segments = _segments(loader, node, path)
    except yaml.MarkedYAMLError as exc:  # a tag no safe constructor knows (!!python/object)
        raise located(exc, path, 1, "shared texts") from None
    finally:
        loader.dispose()
    return SourceDocument(
        path=path,
        domain=SHARED_DOMAIN,
        kind="shared",
        front_matter={s.context or "": s.text for s in segments},
        segments=tuple(segments),
    )


def _segments(loader: StrictLoader, node: yaml.Node | None, path: str) -> list[Segment]:
    if node is None:
        return []
    if not isinstance(node, yaml.MappingNode):
        raise SourceError(
            "shared texts must be a mapping of key: text", path, node.start_mark.line + 1
        )
    segments = []
    seen: dict[str, int] = {}
    for key, value_node, line in _walk(node, "", path):
        if key in seen:
            raise SourceError(
                f"key {key!r} is defined twice (first at line {seen[key]})", path, line
            )
        seen[key] = line
        try:
            value = construct(loader, value_node)
        except ValueError:  # 2021-02-30, !!int soon: YAML but no value
            value = None
        if value is None and isinstance(value_node, yaml.ScalarNode) and not value_node.value:
            raise SourceError(f"shared text {key!r} has no text after the colon", path, line)
        if not isinstance(value, str):
            raise SourceError(f"shared text {key!r} must be a string", path, line)
        bad = bad_character([key, value])
        if bad:
            raise SourceError(f"shared text {key!r} holds {bad}; remove it", path, line)
        text_value = value.strip()
        if not text_value:
            raise SourceError(f"shared text {key!r} is empty", path, line)
        if len(text_value) > MAX_SEGMENT_CHARS:
            raise SourceError(
                f"shared text {key!r} is {len(text_value):,} characters long; "
                f"the limit is {MAX_SEGMENT_CHARS:,}",
                path,
                line,
            )
        kind = (
            "shared text, locked: approved translations only"
            if key in LOCKED_KEYS
            else "shared text"
        )
        segments.append(Segment(text=text_value, kind=kind, line=line, context=key))
    return segments


def _walk(node: yaml.MappingNode, prefix: str, path: str) -> Iterator[tuple[str, yaml.Node, int]]:
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            raise SourceError("keys must be plain names", path, key_node.start_mark.line + 1)
        key = prefix + str(key_node.value)
        if isinstance(value_node, yaml.MappingNode):
            yield from _walk(value_node, key + ".", path)
        else:
            yield key, value_node, key_node.start_mark.line + 1
