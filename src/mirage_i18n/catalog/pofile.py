"""PO/POT reading and writing (byte-for-byte GNU gettext style).

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
    if msg.previous_msgid is not None:  # gettext has no #| msgctxt without a #| msgid
        if msg.previous_context is not None:
            lines += _string_lines("msgctxt", msg.previous_context, prev)
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
    # raw "#…" lines; a trailing backslash would join the next line in gettext's lexer too
    head = [line + " " if line.endswith("\\") else line for line in catalog.header_comments]
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
# the escapes msgfmt accepts (it refuses \? and \', which C would allow)
_STRING = re.compile(r'^"(?:[^"\\]|\\(?:[\\"ntrabfv]|[0-7]{1,3}|x[0-9A-Fa-f]+))*"\s*$')
_KEYWORD = re.compile(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*)', re.DOTALL)
_PREVIOUS = re.compile(r'(msgctxt|msgid_plural|msgid)\s+(".*)', re.DOTALL)
_UNESCAPES = {
    "n": "\n",
    "t": "\t",
    "r": "\r",
    "a": "\a",
    "b": "\b",
    "f": "\f",
    "v": "\v",
    "\\": "\\",
    '"': '"',
}
_ESCAPE_SEQ = re.compile(r'\\([ntrabfv\\"]|[0-7]{1,3}|x[0-9A-Fa-f]+)')
_BYTE_ESCAPE = re.compile(r"\\(?:[0-7]{1,3}|x[0-9A-Fa-f]+)")

# Parser states: between entries, comments of a new entry read, inside a keyword's strings.
_START, _COMMENTS, _CTX, _ID, _PLURAL, _STR, _STRN = range(7)


def _unescape(body: str, path: str, number: int) -> str:
    """The value of a string's body (between the quotes), every GNU escape decoded.

    Octal and hex escapes stand for bytes of the (UTF-8) file, as msgfmt reads them.
    """
    if _BYTE_ESCAPE.search(body) is None:
        return _ESCAPE_SEQ.sub(lambda m: _UNESCAPES[m.group(1)], body)
    out = bytearray()
    pos = 0
    for match in _ESCAPE_SEQ.finditer(body):
        out += body[pos : match.start()].encode("utf-8")
        code = match.group(1)
        if code in _UNESCAPES:
            out += _UNESCAPES[code].encode("utf-8")
        else:
            value = int(code[1:], 16) if code[0] == "x" else int(code, 8)
            if value > 0xFF:
                raise CatalogError("syntax error: escape sequence out of range", path, number)
            out.append(value)
        pos = match.end()
    out += body[pos:].encode("utf-8")
    try:
        return out.decode("utf-8")
    except UnicodeDecodeError:
        raise CatalogError("escape sequences do not form valid UTF-8", path, number) from None


def _string(token: str, path: str, number: int) -> str:
    """A quoted PO string token (``"…"`` with optional trailing blanks) to its value."""
    body = token[1:-1]
    if token[-1:] == '"' and len(token) > 1 and '"' not in body and "\\" not in body:
        return body  # the common case: nothing to check or decode
    if not token.startswith('"'):
        raise CatalogError(f"syntax error: unexpected {token[:30]!r}", path, number)
    if not _STRING.match(token):
        raise CatalogError("syntax error: string not terminated or bad escape", path, number)
    return _unescape(token.rstrip()[1:-1], path, number)


class _Entry:
    """One entry being read; turned into a :class:`Message` when complete."""

    __slots__ = (
        "comments",
        "ctx",
        "flags",
        "lineno",
        "locations",
        "msgid",
        "msgstr",
        "obsolete",
        "plural",
        "plurals",
        "prev",
        "tcomment",
    )

    def __init__(self, lineno: int) -> None:
        self.lineno = lineno
        self.tcomment: str | None = None
        self.comments: list[str] | None = None
        self.locations: list[str] | None = None
        self.flags: list[str] | None = None
        self.prev: dict[str, str] | None = None
        self.ctx: str | None = None
        self.msgid = ""
        self.plural: str | None = None
        self.msgstr = ""
        self.plurals: dict[int, str] | None = None
        self.obsolete = False

    def message(self) -> Message:
        prev = self.prev or {}
        tc = self.tcomment
        plural = self.plural or None  # an empty msgid_plural reads as none, as polib does
        # Message is frozen: filling __dict__ directly skips 15 object.__setattr__ calls per
        # entry (a third of the reading time); the tests compare with the normal constructor.
        msg = _new_object(Message)
        msg.__dict__.update(
            msgid=self.msgid,
            msgstr="" if plural else self.msgstr,
            context=self.ctx,
            msgid_plural=plural,
            msgstr_plural=tuple(self.plurals[i] for i in sorted(self.plurals))
            if plural and self.plurals
            else (),
            flags=tuple(self.flags) if self.flags else (),
            auto_comments=tuple(self.comments) if self.comments else (),
            user_comments=tuple(tc.split("\n")) if tc else (),
            locations=tuple(self.locations) if self.locations else (),
            previous_context=prev.get("msgctxt"),
            previous_msgid=prev.get("msgid"),
            previous_msgid_plural=prev.get("msgid_plural"),
            obsolete=self.obsolete,
            lineno=self.lineno,
        )
        return msg


_new_object = object.__new__


def _comment_text(acc: str | None, text: str) -> str:
    # polib joins comment lines with "\n" but adds no separator after an empty first part;
    # kept so that a catalogue reads as it always has.
    return text if not acc else acc + "\n" + text


def parse_po(text: str, path: str) -> Catalog:
    """Read a PO/POT text strictly, as msgfmt does, in one pass.

    Our own reader (polib stays the differential reference in the tests): it is several
    times faster, and strict where polib is lenient — an unterminated string, a comment or a
    ``msgstr[n]`` in the wrong place, a missing ``msgstr`` are syntax errors with their line.
    ``Message.lineno`` is the entry's first line (its first comment, or its first keyword).
    """
    entries: list[_Entry] = []
    header_comments: str | None = None
    header_line: int | None = None
    header_flags: list[str] = []
    before_msgid = True  # no raw line starting with "msgid" seen yet (header flags)
    at_top = True  # only translator comments so far: they belong to the header
    state = _START
    entry: _Entry | None = None
    field = ""  # which string continuation lines extend
    plural_index = 0
    number = 0
    last = 0
    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.strip()
        if not line:
            continue
        last = number
        first = line[0]
        obsolete = False
        if first == "#":
            if before_msgid and raw.startswith("#,"):
                header_flags.append(raw[2:])
            second = line[1:2]
            if second == "~":
                rest = line[2:]
                if rest[:1] == "|":
                    line = "#" + rest
                    second = "|"
                elif rest[:1].isspace():
                    line = rest.lstrip()
                    first = line[0]
                    second = line[1:2]
                    obsolete = True
                else:
                    raise CatalogError("syntax error", path, number)
            if first == "#":
                if second == "|":
                    rest = line[2:].lstrip()
                    if rest[:1] == '"':
                        if entry is None or not field.startswith("prev:"):
                            raise CatalogError("syntax error", path, number)
                        assert entry.prev is not None
                        entry.prev[field[5:]] += _string(rest, path, number)
                        continue
                    match = _PREVIOUS.match(rest) if line[2:3].isspace() else None
                    if match is None:
                        raise CatalogError(f"syntax error: unexpected {rest[:30]!r}", path, number)
                    if state in (_CTX, _ID, _PLURAL):
                        raise CatalogError("syntax error", path, number)
                    if state != _COMMENTS or entry is None:
                        entry = _Entry(number)
                        entries.append(entry)
                        state = _COMMENTS
                    at_top = False
                    if entry.prev is None:
                        entry.prev = {}
                    entry.prev[match.group(1)] = _string(match.group(2), path, number)
                    field = "prev:" + match.group(1)
                    continue
                # an ordinary comment line
                if state in (_CTX, _ID, _PLURAL):
                    raise CatalogError("syntax error: comment inside an entry", path, number)
                body = line[2:]
                if second in ("", " ", "\t") or second.isspace() or second == "#":
                    kind = "#"
                elif second in ".:," and (not body or body[0].isspace()):
                    kind = second
                else:
                    raise CatalogError(f"syntax error: unexpected {line[:30]!r}", path, number)
                if kind == "#" and at_top and not obsolete:
                    token = line[2:]
                    header_comments = (
                        _comment_text(header_comments, token) if header_comments else token
                    )
                    continue
                if kind != "#" and not body.strip():
                    continue  # "#." / "#:" / "#," with nothing after: polib skips them
                if state != _COMMENTS:
                    entry = _Entry(number)
                    entries.append(entry)
                    state = _COMMENTS
                field = ""
                at_top = False
                assert entry is not None
                if kind == "#":
                    comment = line.lstrip("#").removeprefix(" ")
                    entry.tcomment = _comment_text(entry.tcomment, comment)
                elif kind == ".":
                    if entry.comments is None:
                        entry.comments = []
                    entry.comments.append(line[3:])
                elif kind == ":":
                    if entry.locations is None:
                        entry.locations = []
                    entry.locations.extend(line[3:].split())
                else:
                    if entry.flags is None:
                        entry.flags = []
                    entry.flags.extend(c.strip() for c in line[3:].split(","))
                continue
        if first == '"':
            if (
                state in (_START, _COMMENTS)
                or entry is None
                or field.startswith("prev:")
                or not field
            ):
                raise CatalogError("syntax error: string outside an entry", path, number)
            value = _string(line, path, number)
            if field == "msgstr[]":
                assert entry.plurals is not None
                entry.plurals[plural_index] += value
            else:
                setattr(entry, field, getattr(entry, field) + value)
            continue
        if line.startswith('msgid "'):
            keyword, index, token = "msgid", None, line[6:]
        elif line.startswith('msgstr "'):
            keyword, index, token = "msgstr", None, line[7:]
        else:
            match = _KEYWORD.match(line)
            if match is None:
                if _KEYWORD_LINE.match(line) is None:
                    raise CatalogError(f"syntax error: unexpected {line[:30]!r}", path, number)
                raise CatalogError("syntax error", path, number)
            keyword, index, token = match.groups()
        if before_msgid and raw.startswith("msgid"):
            before_msgid = False
        if header_line is None and raw.startswith('msgid ""'):
            header_line = number
        value = _string(token, path, number)
        at_top = False
        if keyword == "msgid" or keyword == "msgctxt":
            if state in (_STR, _STRN, _START):
                entry = _Entry(number)
                entries.append(entry)
            elif state == _ID or state == _PLURAL or (state == _CTX and keyword == "msgctxt"):
                raise CatalogError(
                    "syntax error: missing msgstr before this line"
                    if keyword == "msgid"
                    else "syntax error",
                    path,
                    number,
                )
            assert entry is not None
            if keyword == "msgctxt":
                entry.ctx = value
                field = "ctx"
                state = _CTX
            else:
                entry.msgid = value
                entry.obsolete = obsolete
                field = "msgid"
                state = _ID
        elif keyword == "msgid_plural":
            if state != _ID:
                raise CatalogError("syntax error", path, number)
            assert entry is not None
            entry.plural = value
            field = "plural"
            state = _PLURAL
        elif index is None:  # msgstr
            if state != _ID:
                raise CatalogError("syntax error", path, number)
            assert entry is not None
            entry.msgstr = value
            field = "msgstr"
            state = _STR
        else:  # msgstr[n]
            if state not in (_PLURAL, _STRN):
                raise CatalogError("syntax error: msgstr[n] without msgid_plural", path, number)
            assert entry is not None
            if entry.plurals is None:
                entry.plurals = {}
            plural_index = int(index)
            entry.plurals[plural_index] = value
            field = "msgstr[]"
            state = _STRN
    if state in (_CTX, _ID, _PLURAL):
        raise CatalogError("syntax error: the last entry has no msgstr", path, last or number)
    if state == _COMMENTS and entries and not entries[-1].msgid and entries[-1].ctx is None:
        entries.pop()  # trailing comments belong to no entry

    header_entry = _header_entry(entries)
    if header_entry is not None:
        entries.remove(header_entry)
    headers = _headers(header_entry.msgstr if header_entry else "")
    header_line = header_line or 1
    charset = {k.lower(): v for k, v in headers}.get("content-type", "")
    found = re.search(r"charset=([\w-]+)", charset)
    if found and found.group(1).lower() not in ("utf-8", "utf8", "charset"):
        raise CatalogError(
            f"charset is {found.group(1)}; mirage-i18n catalogues are UTF-8", path, header_line
        )
    comments = (
        tuple(("# " + c if c else "#") for c in header_comments.split("\n"))
        if header_comments
        else ()
    )
    messages = [e.message() for e in entries]
    seen: dict[tuple[str | None, str], int] = {}
    if header_entry is not None:  # a second header is a duplicate of it, as msgfmt says
        seen[(header_entry.ctx, "")] = header_entry.lineno
    for msg in messages:  # obsolete entries too: msgfmt and msgcat reject those duplicates
        key = (msg.context, msg.msgid)
        if key in seen:
            earlier, later = sorted((seen[key], msg.lineno or 0))  # the header may be the later
            raise CatalogError(
                f"duplicate entry {msg.msgid[:40]!r} (first defined at line {earlier})",
                path,
                later,
            )
        seen[key] = msg.lineno or 0
    return Catalog(
        headers=headers,
        header_comments=comments,
        header_fuzzy="fuzzy" in ",".join(header_flags),
        messages=tuple(messages),
        path=path,
    )


def _header_entry(entries: list[_Entry]) -> _Entry | None:
    """The entry with an empty msgid; among several, the last one without context (as polib)."""
    matches = [e for e in entries if e.msgid == "" and not e.obsolete]
    if len(matches) > 1:
        return next((e for e in reversed(matches) if not e.ctx), matches[0])
    return matches[0] if matches else None


def _headers(msgstr: str) -> tuple[tuple[str, str], ...]:
    """Header fields in order; a line without a colon continues the previous field (as polib)."""
    fields: dict[str, str] = {}
    key: str | None = None
    for line in msgstr.splitlines():
        name, colon, value = line.partition(":")
        if colon:
            key = name
            fields[key] = value.strip()
        elif key is not None:
            fields[key] += "\n" + line.strip()
    return tuple((k.strip(), v.strip()) for k, v in fields.items())


def format_catalog_bytes(catalog: Catalog) -> bytes:
    buf = io.StringIO()
    write_po(buf, catalog)
    return buf.getvalue().encode("utf-8")
