"""Read a Markdown source file into a :class:`SourceDocument`, and rebuild it translated.

The only module here that touches the file system; everything it calls takes strings.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from ..errors import SourceError
from ..fsutil import real_folder, real_path
from ..limits import MAX_SEGMENT_CHARS
from ..model import Segment, SourceDocument
from .frontmatter import read_source, split_front_matter
from .markdown import ParsedMarkdown, Translations, segment_markdown, translation_lookup

FRONT_MATTER_KIND = "front matter: "


class Reassembled(NamedTuple):
    """A translated document: front matter (same key order) and Markdown body."""

    front_matter: dict[Any, Any]
    body: str


def read_document(
    path: Path,
    root: Path,
    domain: str,
    kind: str,
    translatable_keys: Sequence[str],
) -> SourceDocument:
    """Read ``path``; references use its POSIX path relative to ``root``."""
    rel = _relative(path, root)
    return parse_document(read_source(path, rel), rel, domain, kind, translatable_keys)


def parse_document(
    text: str,
    path: str,
    domain: str,
    kind: str,
    translatable_keys: Sequence[str],
) -> SourceDocument:
    """Front matter segments (translatable string values, in file order) then body segments.

    The segmented body is kept in ``SourceDocument.parsed`` for :func:`reassemble_document`.
    """
    fm = split_front_matter(text, path)
    title = fm.data.get("title")
    if "title" not in fm.data:
        raise SourceError("front matter has no 'title'", path, 1)
    if not isinstance(title, str) or not title.strip():
        raise SourceError(
            "front matter 'title' must be a non-empty string",
            path,
            fm.key_lines["title"],
        )
    wanted = set(translatable_keys)
    head = tuple(
        Segment(value, FRONT_MATTER_KIND + str(key), fm.key_lines[key])
        for key, value in fm.data.items()
        if key in wanted and isinstance(value, str) and value.strip()
    )
    parsed = segment_markdown(fm.body, fm.body_line, path=path)
    for segment in parsed.segments:
        if len(segment.text) > MAX_SEGMENT_CHARS:
            raise SourceError(
                f"one {segment.kind} is {len(segment.text):,} characters long; the limit for a "
                f"translatable text is {MAX_SEGMENT_CHARS:,}: split it",
                path,
                segment.line,
            )
    return SourceDocument(
        path=path,
        domain=domain,
        kind=kind,
        front_matter=fm.data,
        segments=tuple(s for s in head + parsed.segments if has_words(s.text)),
        body=parsed.body,
        body_line=fm.body_line,
        parsed=parsed,
    )


def has_words(text: str) -> bool:
    """Segments without a letter (``09:30``, ``2021``, ``—``) are not worth a translator's time:
    they are not extracted, and reassembly keeps them as in the source."""
    return any(ch.isalpha() for ch in text)


def reassemble_document(document: SourceDocument, translations: Translations) -> Reassembled:
    """Translated front matter values and body; untranslated segments keep the source."""
    lookup = translation_lookup(translations)
    front: dict[Any, Any] = dict(document.front_matter)
    for segment in document.segments:
        if segment.kind.startswith(FRONT_MATTER_KIND):
            key = _key_of(segment, document.front_matter)
            translation = lookup(segment)
            if translation:
                front[key] = translation
    parsed = document.parsed
    if not isinstance(parsed, ParsedMarkdown):
        parsed = segment_markdown(document.body, document.body_line, path=document.path)
    return Reassembled(front, parsed.reassemble(lookup))


def _key_of(segment: Segment, front_matter: Mapping[Any, Any]) -> Any:
    name = segment.kind[len(FRONT_MATTER_KIND) :]
    for key in front_matter:
        if str(key) == name:
            return key
    raise KeyError(name)


def _relative(path: Path, root: Path) -> str:
    # the root resolved as confine resolves it: once per stage (a system call per source before)
    real, real_root = real_path(path), real_folder(root)
    if real.startswith(real_root + "/") and real_root != "/":  # realpath's text is normalised
        return real[len(real_root) + 1 :]
    try:
        return Path(real).relative_to(real_root).as_posix()
    except ValueError:
        return Path(os.path.relpath(path, root)).as_posix()
