"""PO/POT reading: our own strict reader, one pass, one method per kind of line.

Laid out like Babel's ``PoFileParser``: a parser object walks the lines once and hands each
to the method for its kind (translator comment, extracted comment, reference, flags,
previous ``#|`` field, obsolete ``#~`` line, keyword, continuation string); the states are
an :class:`enum.Enum`. It is ours rather than polib's (the interop model, see
``polib_bridge``, and the tests' reference) because it is four times faster and strict where
polib is lenient: an unterminated string, a comment or a
``msgstr[n]`` in the wrong place, a missing ``msgstr`` are syntax errors with their line, as
msgfmt says (``docs/catalogues.md``).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable
from typing import IO

from ..errors import CatalogError
from ..model import Catalog, Message

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


# ---------------------------------------------------------------------------- entry points


def read_po(fileobj: IO[bytes], path: str | None = None) -> Catalog:
    """The catalogue in a binary file object; ``path`` (default: its name) is shown in errors."""
    name = str(path or getattr(fileobj, "name", "<catalogue>"))
    return parse_po(decode_po(fileobj.read(), name), name)


def read_po_bytes(data: bytes, path: str) -> Catalog:
    """The catalogue in ``data`` (a zip member, a test's bytes); errors name ``path``."""
    return parse_po(decode_po(data, path), path)


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


def parse_po(text: str, path: str) -> Catalog:
    """Read a PO/POT text strictly, as msgfmt does, in one pass.

    ``Message.lineno`` is the entry's first line (its first comment, or its first keyword).
    """
    return PoParser(path).parse(text)


def header_field_line(text: str, name: str) -> int | None:
    """The line of the header entry's ``"Name: …`` string (header fields have no entry line)."""
    needle = f'"{name}:'.lower()
    for number, line in enumerate(text.split("\n"), 1):
        line = line.strip().lower()
        if line.startswith(needle) or line.startswith("msgstr " + needle):
            return number
    return None


# ---------------------------------------------------------------------------- strings


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


# ---------------------------------------------------------------------------- entries


class _Entry:
    """One entry being read; turned into a :class:`Message` by :func:`_message`."""

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
        self.tcomment: list[str] | None = None
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


_new_object = object.__new__


def _message(entry: _Entry) -> Message:
    """The entry as a :class:`Message`, built without the dataclass constructor.

    Message is frozen: filling ``__dict__`` directly skips 15 ``object.__setattr__`` calls per
    entry (a third of the reading time); the tests compare with the normal constructor.
    """
    prev = entry.prev
    tc = entry.tcomment
    plural = entry.plural or None  # an empty msgid_plural reads as none, as polib does
    plurals = entry.plurals
    msg = _new_object(Message)
    msg.__dict__.update(
        msgid=entry.msgid,
        msgstr="" if plural else entry.msgstr,
        context=entry.ctx,
        msgid_plural=plural,
        msgstr_plural=tuple(plurals[i] for i in sorted(plurals)) if plural and plurals else (),
        flags=tuple(entry.flags) if entry.flags else (),
        auto_comments=tuple(entry.comments) if entry.comments else (),
        user_comments=tuple(tc) if tc else (),
        locations=tuple(entry.locations) if entry.locations else (),
        previous_context=prev.get("msgctxt") if prev else None,
        previous_msgid=prev.get("msgid") if prev else None,
        previous_msgid_plural=prev.get("msgid_plural") if prev else None,
        obsolete=entry.obsolete,
        lineno=entry.lineno,
    )
    return msg


# ---------------------------------------------------------------------------- the parser


class _State(enum.Enum):
    """Where the parser is; a keyword state means its string may continue on the next line."""

    START = "between entries"
    COMMENTS = "in the comments of an entry"
    CTX = "msgctxt"
    ID = "msgid"
    PLURAL = "msgid_plural"
    STR = "msgstr"
    STRN = "msgstr[n]"


_START, _COMMENTS = _State.START, _State.COMMENTS
_CTX, _ID, _PLURAL, _STR, _STRN = _State.CTX, _State.ID, _State.PLURAL, _State.STR, _State.STRN
_INSIDE = (_CTX, _ID, _PLURAL)  # an entry without its msgstr yet: no comment may come


class PoParser:
    """One catalogue's text → :class:`Catalog` (a parser reads one text); see :func:`parse_po`.

    Each ``_…_line`` method gets the raw line, the stripped line and its number. The hot paths
    are written for speed (``benchmarks/po_reader.py``): locals, ``is`` on the states, the
    common case of a string inlined.
    """

    __slots__ = (
        "at_top",
        "before_msgid",
        "entries",
        "entry",
        "field",
        "header_comments",
        "header_flags",
        "header_line",
        "path",
        "plural_index",
        "state",
    )

    def __init__(self, path: str) -> None:
        self.path = path
        self.entries: list[_Entry] = []
        self.entry = _Entry(0)  # the entry being read (a placeholder, never kept, before the first)
        self.state = _START
        self.field = ""  # the _Entry attribute that continuation strings extend
        self.plural_index = 0
        self.header_comments: list[str] = []
        self.header_line: int | None = None  # the first 'msgid ""' line
        self.header_flags: list[str] = []
        self.before_msgid = True  # no raw line starting with "msgid" seen yet (header flags)
        self.at_top = True  # only translator comments so far: they belong to the header

    def error(self, message: str, number: int) -> CatalogError:
        return CatalogError(message, self.path, number)

    def parse(self, text: str) -> Catalog:
        comment_kinds = _COMMENT_KINDS
        other_comment = PoParser._comment_line
        continuation = self._continuation_line
        keyword = self._keyword_line
        for number, raw in enumerate(text.split("\n"), 1):
            line = raw.strip()
            if not line:
                continue
            first = line[0]
            if first == '"':
                continuation(raw, line, number)
            elif first == "#":
                comment_kinds.get(line[:2], other_comment)(self, raw, line, number)
            else:
                keyword(raw, line, number)
        return self._finish(text)

    # -- comments

    def _comment_entry(self, number: int) -> _Entry:
        """The entry a comment line belongs to: a new one unless comments are being read."""
        if self.state is not _COMMENTS:
            self.entry = _Entry(number)
            self.entries.append(self.entry)
            self.state = _COMMENTS
        self.field = ""
        self.at_top = False
        return self.entry

    def _comment_line(self, raw: str, line: str, number: int, obsolete: bool = False) -> None:
        """A ``#`` line the fast table does not know: another blank after ``#``, or an error."""
        if self.state in _INSIDE:
            raise self.error("syntax error: comment inside an entry", number)
        second = line[1:2]
        if second in ("", "#") or second.isspace():
            self._translator_comment(raw, line, number, obsolete)
        elif second in (".", ":", ","):
            _COMMENT_KINDS[line[:2]](self, raw, line, number)
        else:
            raise self.error(f"syntax error: unexpected {line[:30]!r}", number)

    def _translator_comment(self, raw: str, line: str, number: int, obsolete: bool = False) -> None:
        """``# text``; one blank after ``#`` is markup, the rest is text (``## x`` is ``# x``)."""
        if self.state in _INSIDE:
            raise self.error("syntax error: comment inside an entry", number)
        text = line[1:].removeprefix(" ")
        if self.at_top and not obsolete:
            self.header_comments.append(text)
            return
        entry = self._comment_entry(number)
        if entry.tcomment is None:
            entry.tcomment = [text]
        else:
            entry.tcomment.append(text)

    # "#.", "#:" and "#,": the kind, a blank, then the text; without text the line is skipped,
    # as polib does. The three are written out (not one method with a switch): they are half
    # of all lines.

    def _extracted_comment(self, raw: str, line: str, number: int) -> None:
        if self.state in _INSIDE:
            raise self.error("syntax error: comment inside an entry", number)
        body = line[2:]
        if body[:1] != " " and body and not body[0].isspace():
            raise self.error(f"syntax error: unexpected {line[:30]!r}", number)
        if body and not body.isspace():
            if self.state is _COMMENTS:  # _comment_entry's common case, inlined
                entry = self.entry
                self.field = ""
            else:
                entry = self._comment_entry(number)
            if entry.comments is None:
                entry.comments = [line[3:]]
            else:
                entry.comments.append(line[3:])

    def _reference_line(self, raw: str, line: str, number: int) -> None:
        if self.state in _INSIDE:
            raise self.error("syntax error: comment inside an entry", number)
        body = line[2:]
        if body[:1] != " " and body and not body[0].isspace():
            raise self.error(f"syntax error: unexpected {line[:30]!r}", number)
        if body and not body.isspace():
            if self.state is _COMMENTS:
                entry = self.entry
                self.field = ""
            else:
                entry = self._comment_entry(number)
            if entry.locations is None:
                entry.locations = line[3:].split()
            else:
                entry.locations.extend(line[3:].split())

    def _flag_line(self, raw: str, line: str, number: int) -> None:
        if self.before_msgid and raw.startswith("#,"):
            self.header_flags.append(raw[2:])
        if self.state in _INSIDE:
            raise self.error("syntax error: comment inside an entry", number)
        body = line[2:]
        if body[:1] != " " and body and not body[0].isspace():
            raise self.error(f"syntax error: unexpected {line[:30]!r}", number)
        if body and not body.isspace():
            entry = self._comment_entry(number)
            if entry.flags is None:
                entry.flags = []
            entry.flags.extend(c.strip() for c in line[3:].split(","))

    def _previous_line(self, raw: str, line: str, number: int) -> None:
        """``#| msgid "…"`` (or msgctxt, msgid_plural) and its continuation ``#| "…"``."""
        rest = line[2:].lstrip()
        if rest[:1] == '"':
            entry = self.entry
            if entry.prev is None or not self.field.startswith("prev:"):
                raise self.error("syntax error", number)
            entry.prev[self.field[5:]] += _string(rest, self.path, number)
            return
        match = _PREVIOUS.match(rest) if line[2:3].isspace() else None
        if match is None:
            raise self.error(f"syntax error: unexpected {rest[:30]!r}", number)
        if self.state in _INSIDE:
            raise self.error("syntax error", number)
        entry = self._comment_entry(number)
        if entry.prev is None:
            entry.prev = {}
        entry.prev[match.group(1)] = _string(match.group(2), self.path, number)
        self.field = "prev:" + match.group(1)

    def _obsolete_line(self, raw: str, line: str, number: int) -> None:
        """``#~ …``: any other line of an obsolete entry, ``#~|`` for its previous fields."""
        rest = line[2:]
        if rest[:1] == "|":
            self._previous_line(raw, "#" + rest, number)
            return
        if not rest[:1].isspace():
            raise self.error("syntax error", number)
        line = rest.lstrip()
        if line[0] == '"':
            self._continuation_line(raw, line, number)
        elif line[0] != "#":
            self._keyword_line(raw, line, number, obsolete=True)
        elif line[1:2] == "|":
            self._previous_line(raw, line, number)
        else:  # "#~ #~" is no comment kind: _comment_line refuses it
            self._comment_line(raw, line, number, obsolete=True)

    # -- strings

    def _continuation_line(self, raw: str, line: str, number: int) -> None:
        """``"…"`` on a line of its own: extends the last keyword's string."""
        field = self.field
        entry = self.entry
        if self.state in (_START, _COMMENTS) or not field or field.startswith("prev:"):
            raise self.error("syntax error: string outside an entry", number)
        body = line[1:-1]
        if line[-1] == '"' and len(line) > 1 and '"' not in body and "\\" not in body:
            value = body  # _string's common case, inlined: most lines take it
        else:
            value = _string(line, self.path, number)
        if field == "msgstr[]":
            assert entry.plurals is not None
            entry.plurals[self.plural_index] += value
        else:
            setattr(entry, field, getattr(entry, field) + value)

    def _keyword_line(self, raw: str, line: str, number: int, obsolete: bool = False) -> None:
        """``msgctxt``, ``msgid``, ``msgid_plural``, ``msgstr`` or ``msgstr[n]`` and its string."""
        if line.startswith('msgid "'):
            keyword, index, token = "msgid", None, line[6:]
        elif line.startswith('msgstr "'):
            keyword, index, token = "msgstr", None, line[7:]
        else:
            match = _KEYWORD.match(line)
            if match is None:
                if _KEYWORD_LINE.match(line) is None:
                    raise self.error(f"syntax error: unexpected {line[:30]!r}", number)
                raise self.error("syntax error", number)
            keyword, index, token = match.groups()
        if self.before_msgid and raw.startswith("msgid"):
            self.before_msgid = False
        if self.header_line is None and raw.startswith('msgid ""'):
            self.header_line = number
        body = token[1:-1]
        if token[-1] == '"' and len(token) > 1 and '"' not in body and "\\" not in body:
            value = body  # _string's common case, inlined
        else:
            value = _string(token, self.path, number)
        state = self.state
        entry = self.entry
        if keyword == "msgid" or keyword == "msgctxt":
            if state is _STR or state is _STRN or state is _START:
                entry = self.entry = _Entry(number)
                self.entries.append(entry)
                self.at_top = False  # in any other state a comment or keyword did it already
            elif state is _ID or state is _PLURAL or (state is _CTX and keyword == "msgctxt"):
                raise self.error(
                    "syntax error: missing msgstr before this line"
                    if keyword == "msgid"
                    else "syntax error",
                    number,
                )
            if keyword == "msgctxt":
                entry.ctx = value
                self.field = "ctx"
                self.state = _CTX
            else:
                entry.msgid = value
                entry.obsolete = obsolete
                self.field = "msgid"
                self.state = _ID
        elif keyword == "msgid_plural":
            if state is not _ID:
                raise self.error("syntax error", number)
            entry.plural = value
            self.field = "plural"
            self.state = _PLURAL
        elif index is None:  # msgstr
            if state is not _ID:
                raise self.error("syntax error", number)
            entry.msgstr = value
            self.field = "msgstr"
            self.state = _STR
        else:  # msgstr[n]
            if state is not _PLURAL and state is not _STRN:
                raise self.error("syntax error: msgstr[n] without msgid_plural", number)
            if entry.plurals is None:
                entry.plurals = {}
            self.plural_index = int(index)
            entry.plurals[self.plural_index] = value
            self.field = "msgstr[]"
            self.state = _STRN

    # -- the whole file

    def _finish(self, text: str) -> Catalog:
        entries = self.entries
        if self.state in _INSIDE:
            lines = text.split("\n")  # split again: keeping the lines would cost every file
            last = next(n for n in range(len(lines), 0, -1) if lines[n - 1].strip())
            raise self.error("syntax error: the last entry has no msgstr", last)
        if (
            self.state is _COMMENTS
            and entries
            and not entries[-1].msgid
            and entries[-1].ctx is None
        ):
            entries.pop()  # trailing comments belong to no entry
        header_entry = _header_entry(entries)
        if header_entry is not None:
            entries.remove(header_entry)
        headers = _headers(header_entry.msgstr if header_entry else "")
        self._check_charset(headers)
        messages = [_message(e) for e in entries]
        self._check_duplicates(messages, header_entry)
        return Catalog(
            headers=headers,
            header_comments=tuple(("# " + c if c else "#") for c in self.header_comments),
            header_fuzzy="fuzzy" in ",".join(self.header_flags),
            messages=tuple(messages),
            path=self.path,
        )

    def _check_charset(self, headers: tuple[tuple[str, str], ...]) -> None:
        content_type = {k.lower(): v for k, v in headers}.get("content-type", "")
        found = re.search(r"charset=([\w-]+)", content_type)
        if found and found.group(1).lower() not in ("utf-8", "utf8", "charset"):
            raise self.error(
                f"charset is {found.group(1)}; mirage-i18n catalogues are UTF-8",
                self.header_line or 1,
            )

    def _check_duplicates(self, messages: list[Message], header_entry: _Entry | None) -> None:
        """Obsolete entries count too: msgfmt and msgcat reject those duplicates."""
        seen: dict[tuple[str | None, str], int] = {}
        if header_entry is not None:  # a second header is a duplicate of it, as msgfmt says
            seen[(header_entry.ctx, "")] = header_entry.lineno
        for msg in messages:
            key = (msg.context, msg.msgid)
            if key in seen:
                earlier, later = sorted((seen[key], msg.lineno or 0))  # the header may be later
                raise self.error(
                    f"duplicate entry {msg.msgid[:40]!r} (first defined at line {earlier})", later
                )
            seen[key] = msg.lineno or 0


# The comment kinds by their first two characters (plain functions: bound methods kept on the
# parser would make each one a reference cycle for the garbage collector). Any other "#…" line
# is sorted out by PoParser._comment_line.
_COMMENT_KINDS: dict[str, Callable[[PoParser, str, str, int], None]] = {
    "#:": PoParser._reference_line,
    "#.": PoParser._extracted_comment,
    "#,": PoParser._flag_line,
    "# ": PoParser._translator_comment,
    "#": PoParser._translator_comment,
    "##": PoParser._translator_comment,
    "#|": PoParser._previous_line,
    "#~": PoParser._obsolete_line,
}


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
