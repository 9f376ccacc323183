"""PO/POT reading (through polib) and writing (byte-for-byte GNU gettext style).

Writing is our own because every catalogue we produce must be a fixed point of
``msgcat --no-wrap``: strings are never wrapped except after an embedded newline, exactly
as GNU gettext does with ``--no-wrap``, and ``#:`` references wrap at 79 columns as gettext
always does. Poedit and Weblate keep a file's no-wrap style, so saving does not churn.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from typing import IO

import polib

from ..errors import CatalogError
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


# ---------------------------------------------------------------------------- writing


def escape(text: str) -> str:
    return _ESCAPE_RE.sub(lambda m: _ESCAPES[m.group(0)], text)


def _string_lines(keyword: str, value: str, prefix: str) -> list[str]:
    """``msgid "…"`` as gettext writes it without wrapping: split only after ``\\n``."""
    portions = value.split("\n")
    parts = [p + "\n" for p in portions[:-1]]
    if portions[-1]:
        parts.append(portions[-1])
    if len(parts) <= 1:
        return [f'{prefix}{keyword} "{escape(value)}"']
    return [f'{prefix}{keyword} ""'] + [f'{prefix}"{escape(p)}"' for p in parts]


def _location_lines(locations: Iterable[str]) -> list[str]:
    lines: list[str] = []
    current = "#:"
    column = 2
    for loc in locations:
        width = len(loc.encode("utf-8")) + 1
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
        for line in comment.split("\n"):
            if line.endswith("\\"):
                line += " "  # gettext's lexer would join a trailing backslash with the next line
            out.append(f"{marker} {line}" if line else marker)
    return out


def _message_lines(msg: Message) -> list[str]:
    lines = _comment_lines("#", msg.user_comments)
    lines += _comment_lines("#.", msg.auto_comments)
    lines += _location_lines(msg.locations)
    if msg.flags:
        lines.append("#, " + ", ".join(msg.flags))
    prev = "#~| " if msg.obsolete else "#| "
    if msg.previous_context is not None:
        lines += _string_lines("msgctxt", msg.previous_context, prev)
    if msg.previous_msgid is not None:
        lines += _string_lines("msgid", msg.previous_msgid, prev)
    if msg.previous_msgid_plural is not None:
        lines += _string_lines("msgid_plural", msg.previous_msgid_plural, prev)
    pre = "#~ " if msg.obsolete else ""
    if msg.context is not None:
        lines += _string_lines("msgctxt", msg.context, pre)
    lines += _string_lines("msgid", msg.msgid, pre)
    if msg.msgid_plural is not None:
        lines += _string_lines("msgid_plural", msg.msgid_plural, pre)
        for index, text in enumerate(msg.msgstr_plural or ("", "")):
            lines += _string_lines(f"msgstr[{index}]", text, pre)
    else:
        lines += _string_lines("msgstr", msg.msgstr, pre)
    return lines


def header_text(catalog: Catalog) -> str:
    return "".join(f"{key}: {value}\n" for key, value in catalog.headers)


def format_po(catalog: Catalog) -> str:
    """The whole file as text, in GNU gettext's ``--no-wrap`` layout."""
    blocks: list[list[str]] = []
    head = list(catalog.header_comments)
    if catalog.header_fuzzy:
        head.append("#, fuzzy")
    head += _string_lines("msgid", "", "")
    head += _string_lines("msgstr", header_text(catalog), "")
    blocks.append(head)
    for msg in catalog.messages:
        if msg.obsolete and not msg.translated:
            continue  # gettext drops obsolete entries that hold no translation
        blocks.append(_message_lines(msg))
    return "\n\n".join("\n".join(block) for block in blocks) + "\n"


def write_po(fileobj: IO[str], catalog: Catalog) -> None:
    fileobj.write(format_po(catalog))


# ---------------------------------------------------------------------------- reading

_POLIB_LINE = re.compile(r"\(line (\d+)\)")


def decode_po(data: bytes, path: str) -> str:
    """UTF-8 only: a catalogue in another charset is refused with the line of the first bad byte."""
    if data.startswith(b"\xef\xbb\xbf"):
        raise CatalogError("file starts with a UTF-8 byte order mark; save it without BOM", path, 1)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CatalogError("not valid UTF-8 (catalogues must be UTF-8)", path, line) from None
    return text.replace("\r\n", "\n")


def read_po_bytes(data: bytes, path: str) -> Catalog:
    return parse_po(decode_po(data, path), path)


def read_po(fileobj: IO[bytes], path: str | None = None) -> Catalog:
    name = path or getattr(fileobj, "name", "<catalogue>")
    return read_po_bytes(fileobj.read(), str(name))


_KEYWORD_LINE = re.compile(r'^(?:msgctxt|msgid|msgid_plural|msgstr|msgstr\[\d+\])\s+(".*)$')
_STRING = re.compile(r'^"(?:[^"\\]|\\(?:[\\"ntrabfv?\']|[0-7]{1,3}|x[0-9A-Fa-f]+))*"\s*$')


def check_syntax(text: str, path: str) -> None:
    """Line-level lexing as msgfmt does it; polib silently accepts e.g. an unterminated string."""
    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.strip()
        if line.startswith("#~"):
            line = line[2:].lstrip("|").strip()
        elif line.startswith("#"):
            continue
        if not line:
            continue
        match = _KEYWORD_LINE.match(line)
        string = match.group(1) if match else line
        if not string.startswith('"'):
            raise CatalogError(f"syntax error: unexpected {line[:30]!r}", path, number)
        if not _STRING.match(string):
            raise CatalogError("syntax error: string not terminated or bad escape", path, number)


def parse_po(text: str, path: str) -> Catalog:
    check_syntax(text, path)
    try:
        po = _polib_parse(text)
    except (OSError, ValueError, UnicodeError) as exc:
        message = str(exc)
        match = _POLIB_LINE.search(message)
        line = int(match.group(1)) if match else None
        message = _POLIB_LINE.sub("", message).strip()
        message = re.sub(r"Syntax error in po file\s*(None)?", "syntax error", message).strip()
        raise CatalogError(message or "syntax error", path, line) from None

    header_line = _header_line(text)
    headers: list[tuple[str, str]] = []
    for raw in _header_fields(po):
        if ":" not in raw:
            raise CatalogError(f"malformed header field {raw!r}", path, header_line)
        key, _, value = raw.partition(":")
        headers.append((key.strip(), value.strip()))
    charset = dict((k.lower(), v) for k, v in headers).get("content-type", "")
    match = re.search(r"charset=([\w-]+)", charset)
    if match and match.group(1).lower() not in ("utf-8", "utf8", "charset"):
        raise CatalogError(
            f"charset is {match.group(1)}; mirage-i18n catalogues are UTF-8", path, header_line
        )
    header_comments = tuple(("# " + c if c else "#") for c in po.header.split("\n")) if po.header else ()
    messages = []
    seen: dict[tuple[str | None, str], int] = {}
    for entry in po:
        messages.append(_message_from_polib(entry))
    for msg in messages:
        if msg.obsolete:
            continue
        if msg.key in seen:
            raise CatalogError(
                f"duplicate entry {msg.msgid[:40]!r} (first defined at line {seen[msg.key]})",
                path,
                msg.lineno,
            )
        seen[msg.key] = msg.lineno or 0
    return Catalog(
        headers=tuple(headers),
        header_comments=header_comments,
        header_fuzzy="fuzzy" in _header_flags(text),
        messages=tuple(messages),
        path=path,
    )


def _polib_parse(text: str) -> polib.POFile:
    """polib splits text with ``str.splitlines``, which also breaks at U+2028, U+0085 and other
    separators that are ordinary characters inside a PO string; give it ``\n`` lines only."""
    # An empty string: polib would otherwise stat() the whole text as a file name and split it.
    parser = polib._POFileParser("", encoding="utf-8", check_for_duplicates=False)
    parser.fhandle = text.split("\n")
    return parser.parse()


def _header_fields(po: polib.POFile) -> list[str]:
    # polib parses the header into an ordered dict; rebuild field order from it.
    return [f"{k}: {v}" for k, v in po.metadata.items()]


def _header_line(text: str) -> int:
    for number, line in enumerate(text.split("\n"), 1):
        if line.startswith('msgid ""'):
            return number
    return 1


def _header_flags(text: str) -> str:
    flags = []
    for line in text.split("\n"):
        if line.startswith("msgid"):
            break
        if line.startswith("#,"):
            flags.append(line[2:])
    return ",".join(flags)


def _message_from_polib(entry: polib._BaseEntry) -> Message:
    plural = None
    if entry.msgid_plural:
        plural = tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural))
    locations = tuple(f"{f}:{ln}" if ln else f for f, ln in entry.occurrences)
    return Message(
        msgid=entry.msgid,
        msgstr=entry.msgstr if not entry.msgid_plural else "",
        context=entry.msgctxt,
        msgid_plural=entry.msgid_plural or None,
        msgstr_plural=plural or (),
        flags=tuple(entry.flags),
        auto_comments=tuple(entry.comment.split("\n")) if entry.comment else (),
        user_comments=tuple(entry.tcomment.split("\n")) if entry.tcomment else (),
        locations=locations,
        previous_context=entry.previous_msgctxt,
        previous_msgid=entry.previous_msgid,
        previous_msgid_plural=entry.previous_msgid_plural,
        obsolete=bool(entry.obsolete),
        lineno=entry.linenum,
    )


def format_catalog_bytes(catalog: Catalog) -> bytes:
    buf = io.StringIO()
    write_po(buf, catalog)
    return buf.getvalue().encode("utf-8")
