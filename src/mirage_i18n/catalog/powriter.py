"""PO/POT writing, byte for byte as GNU gettext writes with ``--no-wrap``.

Writing is our own because every catalogue we produce must be a fixed point of
``msgcat --no-wrap``: strings are never wrapped except after an embedded newline, exactly
as GNU gettext does with ``--no-wrap``, and ``#:`` references wrap at 79 columns as gettext
always does (polib wraps them its own way). Poedit and Weblate keep a file's no-wrap style,
so saving does not churn.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import IO

from ..model import Catalog, Message

PAGE_WIDTH = 79
_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\a": "\\a",
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\v": "\\v",
}
_ESCAPE_RE = re.compile(r'[\\"\a\b\f\n\r\t\v]')


def escape(text: str) -> str:
    return _ESCAPE_RE.sub(_escaped, text)


def _string_lines(keyword: str, value: str, prefix: str) -> list[str]:
    """``msgid "…"`` as gettext writes it without wrapping: split only after ``\\n``."""
    if "\n" not in value:  # the common case: one line
        return [f'{prefix}{keyword} "{_ESCAPE_RE.sub(_escaped, value)}"']
    portions = value.split("\n")
    parts = [p + "\n" for p in portions[:-1]]
    if portions[-1]:
        parts.append(portions[-1])
    if len(parts) <= 1:
        return [f'{prefix}{keyword} "{escape(value)}"']
    return [f'{prefix}{keyword} ""'] + [f'{prefix}"{escape(p)}"' for p in parts]


def _escaped(match: re.Match[str]) -> str:
    return _ESCAPES[match.group(0)]


def _location_lines(locations: Iterable[str]) -> list[str]:
    lines: list[str] = []
    current = "#:"
    column = 2
    for loc in locations:
        width = (len(loc) if loc.isascii() else len(loc.encode("utf-8"))) + 1
        if column > 2 and column + width > PAGE_WIDTH:
            lines.append(current)
            current, column = "#:", 2
        current += " " + loc
        column += width
    if column > 2:
        lines.append(current)
    return lines


def _comment_lines(marker: str, comments: Iterable[str]) -> list[str]:
    out = []
    for comment in comments:
        if "\n" not in comment and comment and comment[-1] != "\\":  # the common case
            out.append(f"{marker} {comment}")
            continue
        for line in comment.split("\n"):
            if line.endswith("\\"):
                line += " "  # gettext's lexer would join a trailing backslash with the next line
            out.append(f"{marker} {line}" if line else marker)
    return out


# What the source owns of an entry, formatted: (its "#." and "#:" lines, its msgctxt, msgid
# and msgid_plural lines), keyed by those fields; see format_po's ``shared``.
SourceLines = dict[tuple[object, ...], tuple[list[str], list[str]]]


def _source_lines(msg: Message) -> tuple[list[str], list[str]]:
    comments = _comment_lines("#.", msg.auto_comments) if msg.auto_comments else []
    if msg.locations:
        comments += _location_lines(msg.locations)
    pre = "#~ " if msg.obsolete else ""
    ids = _string_lines("msgctxt", msg.context, pre) if msg.context is not None else []
    ids += _string_lines("msgid", msg.msgid, pre)
    if msg.msgid_plural is not None:
        ids += _string_lines("msgid_plural", msg.msgid_plural, pre)
    return comments, ids


def _message_lines(msg: Message, shared: SourceLines | None = None) -> list[str]:
    if shared is None:
        comments, ids = _source_lines(msg)
    else:
        key = (
            msg.auto_comments,
            msg.locations,
            msg.context,
            msg.msgid,
            msg.msgid_plural,
            msg.obsolete,
        )
        found = shared.get(key)
        if found is None:
            found = shared[key] = _source_lines(msg)
        comments, ids = found
    lines = _comment_lines("#", msg.user_comments) if msg.user_comments else []
    lines += comments
    flags = msg.flags
    if flags:
        first = (msg.msgstr_plural or ("",))[0] if msg.msgid_plural is not None else msg.msgstr
        if not first and "fuzzy" in flags:  # GNU writes no fuzzy flag on an empty msgstr
            flags = tuple(f for f in flags if f != "fuzzy")
        if flags:
            lines.append("#, " + ", ".join(flags))
    obsolete = msg.obsolete
    if msg.previous_msgid is not None:  # gettext has no #| msgctxt without a #| msgid
        prev = "#~| " if obsolete else "#| "
        if msg.previous_context is not None:
            lines += _string_lines("msgctxt", msg.previous_context, prev)
        lines += _string_lines("msgid", msg.previous_msgid, prev)
        if msg.previous_msgid_plural is not None:
            lines += _string_lines("msgid_plural", msg.previous_msgid_plural, prev)
    pre = "#~ " if obsolete else ""
    lines += ids
    if msg.msgid_plural is not None:
        for index, text in enumerate(msg.msgstr_plural or ("", "")):
            lines += _string_lines(f"msgstr[{index}]", text, pre)
    else:
        lines += _string_lines("msgstr", msg.msgstr, pre)
    return lines


def header_text(catalog: Catalog) -> str:
    """The msgstr of the header entry: ``Name: value`` lines, each ending in ``\\n``."""
    return "".join(f"{key}: {value}\n" for key, value in catalog.headers)


def kept_when_obsolete(msg: Message) -> bool:
    """GNU gettext writes an obsolete entry only if its (first) msgstr is not empty.

    msgcat and msgmerge keep ``#~ msgstr[0] "en"`` / ``#~ msgstr[1] ""`` and drop
    ``#~ msgstr[0] ""`` / ``#~ msgstr[1] "flera"``; writing what they drop would make every
    catalogue change under ``msgcat --no-wrap``.
    """
    if msg.msgid_plural is not None:
        return bool(msg.msgstr_plural) and bool(msg.msgstr_plural[0])
    return bool(msg.msgstr)


def format_po(catalog: Catalog, shared: SourceLines | None = None) -> str:
    """The whole file as text, in GNU gettext's ``--no-wrap`` layout.

    ``shared``: a dict kept by a caller that formats the catalogues of one template for every
    language; the lines of what the source owns are formatted once and reused (the same
    bytes; ``update`` formats 8 catalogues per template)."""
    blocks: list[list[str]] = []
    # raw "#…" lines; a trailing backslash would join the next line in gettext's lexer too
    head = [line + " " if line.endswith("\\") else line for line in catalog.header_comments]
    if catalog.header_fuzzy:
        head.append("#, fuzzy")
    head += _string_lines("msgid", "", "")
    head += _string_lines("msgstr", header_text(catalog), "")
    blocks.append(head)
    for msg in catalog.messages:
        if msg.obsolete and not kept_when_obsolete(msg):
            continue
        blocks.append(_message_lines(msg, shared))
    return "\n\n".join(["\n".join(block) for block in blocks]) + "\n"


def format_catalog_bytes(catalog: Catalog, shared: SourceLines | None = None) -> bytes:
    """The file's bytes (UTF-8): what is written, hashed and compared with a file on disk."""
    return format_po(catalog, shared).encode("utf-8")


def write_po(fileobj: IO[bytes], catalog: Catalog) -> None:
    """Write the catalogue to a binary file object, as :func:`format_catalog_bytes`."""
    fileobj.write(format_catalog_bytes(catalog))
