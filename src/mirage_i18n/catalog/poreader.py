"""PO/POT reading: our own strict reader, one pass, one method per kind of line.

Laid out like Babel's ``PoFileParser``: a parser object walks the lines once and hands each
to the method for its kind (translator comment, extracted comment, reference, flags,
previous ``#|`` field, obsolete ``#~`` line, keyword, continuation string); the states are
an :class:`enum.Enum`. It is ours rather than polib's (the interop model, see
``polib_bridge``, and the tests' reference) because it is four times faster and reads what
GNU msgfmt reads: an unterminated string, a comment or a ``msgstr[n]`` in the wrong place, a
missing ``msgstr``, an obsolete ``#~`` line inside a live entry are syntax errors with their
line, in msgfmt's words where it has them (``docs/catalogues.md``).

GNU's lexer reads tokens, not lines: ``msgid"x"``, a keyword alone on its line, two strings
on one line, ``#,fuzzy``, a comment after a string are all valid PO. The methods read the
lines our writer and every editor write directly; any other line goes through
:meth:`PoParser._tokens`, which reads it token by token as msgfmt does, into the same states.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable
from typing import IO

from ..errors import CatalogError
from ..model import Catalog, Message

# msgfmt's blanks (po-lex.c); any other character outside a string or a comment, a
# no-break space, U+2028 or U+0085 included, is a syntax error
_BLANKS = " \t\r\f\v"
_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)[ \t]+(\".*)", re.DOTALL)
# the escapes msgfmt accepts (it refuses \? and \', which C would allow)
_STRING = re.compile(r'^"(?:[^"\\]|\\(?:[\\"ntrabfv]|[0-7]{1,3}|x[0-9A-Fa-f]+))*"$', re.DOTALL)
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
# one token of a line, as po-lex.c cuts them; a string may lack its closing quote (an error)
_TOKEN = re.compile(
    r'[ \t\r\f\v]+|(?P<str>"(?:[^"\\]|\\.)*(?:"|\\?$))|(?P<word>[A-Za-z_$][\w$]*)'
    r"|(?P<num>[0-9]+)|(?P<punct>[\[\]#])|(?P<junk>.)",
    re.ASCII | re.DOTALL,
)
_FLAG_SPLIT = re.compile(r"[ \t\r\f\v\n,]+").split
# characters no string may hold: msgctxt's separator in a .mo file (msgfmt refuses it), and
# NUL, where msgfmt silently cuts the string (a FIXME in po-lex.c): text would be lost
_EOT, _NUL = "\x04", "\x00"
_FORBIDDEN = {
    _EOT: "context separator <EOT> within string",
    _NUL: "NUL character within string (msgfmt would cut the string there)",
}


# ---------------------------------------------------------------------------- entry points


def read_po(fileobj: IO[bytes], path: str | None = None) -> Catalog:
    """The catalogue in a binary file object; ``path`` (default: its name) is shown in errors."""
    name = str(path or getattr(fileobj, "name", "<catalogue>"))
    return parse_po(decode_po(fileobj.read(), name), name)


def read_po_bytes(data: bytes, path: str) -> Catalog:
    """The catalogue in ``data`` (a zip member, a test's bytes); errors name ``path``."""
    return parse_po(decode_po(data, path), path)


def decode_po(data: bytes, path: str) -> str:
    """UTF-8 only: a catalogue in another charset is refused with the line of the first bad byte.

    Line ends stay as they are: a carriage return is a blank to the parser, as to msgfmt."""
    if data.startswith(b"\xef\xbb\xbf"):
        raise CatalogError("file starts with a UTF-8 byte order mark; save it without BOM", path, 1)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CatalogError("not valid UTF-8 (catalogues must be UTF-8)", path, line) from None


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
    for byte, char in ((4, _EOT), (0, _NUL)):
        if byte in out:
            raise CatalogError(_FORBIDDEN[char], path, number)
    try:
        return out.decode("utf-8")
    except UnicodeDecodeError:
        raise CatalogError("escape sequences do not form valid UTF-8", path, number) from None


def _string(token: str, path: str, number: int) -> str | None:
    """The value of ``token`` if it is exactly one quoted PO string, else None."""
    body = token[1:-1]
    if token[-1:] == '"' and len(token) > 1 and '"' not in body:
        backslash = body.find("\\")
        if backslash < 0:
            return body  # the common case: nothing to check or decode
        if backslash == len(body) - 2 and body[-1] == "n":
            return body[:-2] + "\n"  # a header field's line: its one escape, the final \n
    if not _STRING.match(token):
        return None
    return _unescape(body, path, number)


def _string_token(token: str, path: str, number: int) -> str:
    """A string token of :data:`_TOKEN` to its value; it may be unterminated or badly escaped."""
    value = _string(token, path, number)
    if value is None:
        raise CatalogError("syntax error: string not terminated or bad escape", path, number)
    return value


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
        self.plurals: list[str] | None = None
        self.obsolete = False


_new_object = object.__new__


def _message(entry: _Entry) -> Message:
    """The entry as a :class:`Message`, built without the dataclass constructor.

    Message is frozen: filling ``__dict__`` directly skips 15 ``object.__setattr__`` calls per
    entry (a third of the reading time); the tests compare with the normal constructor. Item
    by item in the fields' order, as ``Message.__init__`` does: the dict then shares its keys
    with every other Message's (184 bytes, where ``dict.update`` made a 464-byte dict of its
    own for each of a run's 100,000 entries).
    """
    prev = entry.prev
    tc = entry.tcomment
    plural = entry.plural or None  # an empty msgid_plural reads as none, as polib does
    plurals = entry.plurals
    flags = entry.flags
    msg = _new_object(Message)
    fields = msg.__dict__
    fields["msgid"] = entry.msgid
    fields["msgstr"] = "" if plural else entry.msgstr
    fields["context"] = entry.ctx
    fields["msgid_plural"] = plural
    fields["msgstr_plural"] = tuple(plurals) if plural and plurals else ()
    fields["flags"] = (
        (tuple(dict.fromkeys(flags)) if len(flags) > 1 else tuple(flags)) if flags else ()
    )
    fields["auto_comments"] = tuple(entry.comments) if entry.comments else ()
    fields["user_comments"] = tuple(tc) if tc else ()
    fields["locations"] = tuple(entry.locations) if entry.locations else ()
    fields["previous_context"] = prev.get("msgctxt") if prev else None
    fields["previous_msgid"] = prev.get("msgid") if prev else None
    fields["previous_msgid_plural"] = prev.get("msgid_plural") if prev else None
    fields["obsolete"] = entry.obsolete
    fields["lineno"] = entry.lineno
    return msg


# ---------------------------------------------------------------------------- the parser


class _State(enum.Enum):
    """Where the parser is; a keyword state means its string may continue on the next line."""

    START = "between entries"
    COMMENTS = "in the comments of an entry"
    PREV = "in the previous (#|) fields of an entry"
    CTX = "msgctxt"
    ID = "msgid"
    PLURAL = "msgid_plural"
    STR = "msgstr"
    STRN = "msgstr[n]"
    NEED = "after a keyword, before its string"
    BRACKET = "inside msgstr[n]"


_START, _COMMENTS, _PREV = _State.START, _State.COMMENTS, _State.PREV
_CTX, _ID, _PLURAL, _STR, _STRN = _State.CTX, _State.ID, _State.PLURAL, _State.STR, _State.STRN
_NEED, _BRACKET = _State.NEED, _State.BRACKET
# an entry without its msgstr yet, or a keyword without its string: no comment may come
_INSIDE = (_PREV, _CTX, _ID, _PLURAL, _NEED, _BRACKET)
# where a string line does not simply continue the last string
_NO_CONTINUATION = (_START, _COMMENTS, _PREV, _NEED, _BRACKET)
_BOUNDARY = (_START, _COMMENTS, _STR, _STRN)  # between two entries


class PoParser:
    """One catalogue's text → :class:`Catalog` (a parser reads one text); see :func:`parse_po`.

    Each ``_…_line`` method gets the raw line, the stripped line and its number. The hot paths
    are written for speed (``benchmarks/po_reader.py``): locals, ``is`` on the states, the
    common case of a string inlined; a line they do not recognise goes to :meth:`_tokens`.
    """

    __slots__ = (
        "at_top",
        "entries",
        "entry",
        "field",
        "header_comments",
        "need_line",
        "obsolete",
        "path",
        "pending",
        "state",
        "want",
    )

    def __init__(self, path: str) -> None:
        self.path = path
        self.entries: list[_Entry] = []
        self.entry = _Entry(0)  # the entry being read (a placeholder, never kept, before the first)
        self.state = _START
        self.field = ""  # the _Entry attribute that continuation strings extend
        self.obsolete = False  # whether the keywords of the entry being read are "#~"
        self.want = _START  # the state a keyword enters once its string has come (NEED)
        self.need_line = 0  # the line of that keyword
        self.pending: list[object] = []  # "msgstr", "[", n of a msgstr[n] cut by blanks (BRACKET)
        self.header_comments: list[str] = []
        self.at_top = True  # only translator comments so far: they belong to the header

    def error(self, message: str, number: int) -> CatalogError:
        return CatalogError(message, self.path, number)

    def parse(self, text: str) -> Catalog:
        lines = text.split("\n")
        if "\\\n" in text:
            _join_continued(lines)
        if _EOT in text or _NUL in text:
            self._check_strings(lines)
        comment_kinds = _COMMENT_KINDS
        continuation = self._continuation_line
        keyword = self._keyword_line
        blanks = _BLANKS
        for number, raw in enumerate(lines, 1):
            line = raw.strip(blanks)
            if not line:
                continue
            first = line[0]
            if first == '"':
                continuation(raw, line, number)
            elif first == "#":
                comment_kinds.get(line[:2], PoParser._other_comment_line)(self, raw, line, number)
            else:
                keyword(raw, line, number)
        return self._finish(lines)

    def _check_strings(self, lines: list[str]) -> None:
        """No string may hold U+0004 or NUL (in a comment they are harmless)."""
        for number, line in enumerate(lines, 1):
            for char, message in _FORBIDDEN.items():
                if char in line and any(char in s for s in _strings_of(line)):
                    raise self.error(message, number)

    # -- comments

    def _comment_entry(self, number: int) -> _Entry:
        """The entry a comment line belongs to: a new one unless comments are being read."""
        if self.state is not _COMMENTS:
            if self.state in _INSIDE:
                raise self.error("syntax error: comment inside an entry", number)
            self.entry = _Entry(number)
            self.entries.append(self.entry)
            self.state = _COMMENTS
        self.field = ""
        self.at_top = False
        return self.entry

    def _other_comment_line(self, raw: str, line: str, number: int) -> None:
        """A ``#`` line the fast table does not know (``#x``, ``#!``, ``#,fuzzy``…): a comment.

        msgfmt reads the character after ``#`` as the kind (``.``, ``:``, ``,`` or ``!``);
        anything else is a translator comment."""
        self._comment(line[1:], number)

    def _comment(self, text: str, number: int, obsolete: bool = False) -> None:
        """A comment's text (after ``#``), by the character that starts it, as msgfmt reads it.

        Any comment ends the entry before it, an empty ``#.`` too (a string after it is no
        continuation); an empty one adds nothing to the next entry (polib drops it too)."""
        kind = text[:1]
        if kind == "." or kind == ":" or kind == "," or kind == "!":
            entry = self._comment_entry(number)
            if kind == ".":
                body = text[1:].removeprefix(" ")
                if body and not body.isspace():
                    if entry.comments is None:
                        entry.comments = [body]
                    else:
                        entry.comments.append(body)
            elif kind == ":":
                refs = text[1:].split()
                if entry.locations is None:
                    entry.locations = refs or None
                else:
                    entry.locations.extend(refs)
            else:
                flags = [f for f in _FLAG_SPLIT(text[1:]) if f]
                if entry.flags is None:
                    entry.flags = flags or None
                else:
                    entry.flags.extend(flags)
        else:
            self._translator_comment_text(text.removeprefix(" "), number, obsolete)

    def _translator_comment(self, raw: str, line: str, number: int) -> None:
        """``# text``; one blank after ``#`` is markup, the rest is text (``## x`` is ``# x``)."""
        self._translator_comment_text(line[1:].removeprefix(" "), number, False)

    def _translator_comment_text(self, text: str, number: int, obsolete: bool) -> None:
        if self.state in _INSIDE:
            raise self.error("syntax error: comment inside an entry", number)
        if self.at_top and not obsolete:
            self.header_comments.append(text)
            return
        entry = self._comment_entry(number)
        if entry.tcomment is None:
            entry.tcomment = [text]
        else:
            entry.tcomment.append(text)

    # "#.", "#:" and "#,": the kind, a blank, then the text. The fast paths for the lines our
    # writer writes are written out (not one method with a switch): they are half of all
    # lines. Anything else ("#:ref", an empty "#.", a comment inside an entry) goes to _comment.

    def _extracted_comment(self, raw: str, line: str, number: int) -> None:
        body = line[3:]
        if line[2:3] != " " or not body or body.isspace():
            return self._comment(line[1:], number)
        state = self.state
        if state is _COMMENTS:
            entry = self.entry
            if entry.comments is None:
                entry.comments = [body]
            else:
                entry.comments.append(body)
        elif state is _START or state is _STR or state is _STRN:  # _comment_entry, inlined
            entry = self.entry = _Entry(number)
            self.entries.append(entry)
            self.state = _COMMENTS
            self.at_top = False
            entry.comments = [body]
        else:
            return self._comment(line[1:], number)
        self.field = ""
        return None

    def _reference_line(self, raw: str, line: str, number: int) -> None:
        refs = line[2:].split()
        state = self.state
        if state is _COMMENTS:
            entry = self.entry
            if entry.locations is None:
                entry.locations = refs or None
            else:
                entry.locations.extend(refs)
        elif refs and (state is _START or state is _STR or state is _STRN):
            entry = self.entry = _Entry(number)
            self.entries.append(entry)
            self.state = _COMMENTS
            self.at_top = False
            entry.locations = refs
        else:
            return self._comment(line[1:], number)
        self.field = ""
        return None

    def _flag_line(self, raw: str, line: str, number: int) -> None:
        if line == "#, fuzzy" and self.state is _COMMENTS:  # the common case
            entry = self.entry
            if entry.flags is None:
                entry.flags = ["fuzzy"]
            else:
                entry.flags.append("fuzzy")
            self.field = ""
            return
        self._comment(line[1:], number)

    def _previous_line(self, raw: str, line: str, number: int) -> None:
        """``#| msgid "…"`` (or msgctxt, msgid_plural) and its continuation ``#| "…"``."""
        self._previous(line[2:], number, False)

    def _previous(self, rest: str, number: int, obsolete: bool) -> None:
        rest = rest.lstrip(_BLANKS)
        state = self.state
        if rest[:1] == '"' and state is _PREV and obsolete is self.obsolete:
            value = _string(rest, self.path, number)
            if value is not None:
                prev = self.entry.prev
                assert prev is not None
                prev[self.field[5:]] += value
                return
        elif rest.startswith("msgid ") and state in _BOUNDARY:
            value = _string(rest[6:].lstrip(_BLANKS), self.path, number)
            if value is not None:
                entry = self._comment_entry(number) if state is not _COMMENTS else self.entry
                entry.prev = {"msgid": value}
                self.field = "prev:msgid"
                self.state = _PREV
                self.obsolete = obsolete
                return
        self._tokens(rest, number, obsolete, True)

    def _obsolete_line(self, raw: str, line: str, number: int) -> None:
        """``#~ …``: any other line of an obsolete entry, ``#~|`` for its previous fields."""
        rest = line[2:]
        if rest[:1] == "|":
            self._previous(rest[1:], number, True)
            return
        line = rest.lstrip(_BLANKS)
        first = line[:1]
        if first == '"':
            self._continuation_line(raw, line, number, True)
        elif first == "m":
            self._keyword_line(raw, line, number, True)
        else:
            self._tokens(line, number, True)

    # -- strings

    def _continuation_line(self, raw: str, line: str, number: int, obsolete: bool = False) -> None:
        """``"…"`` on a line of its own: extends the last keyword's string."""
        if self.state in _NO_CONTINUATION or obsolete is not self.obsolete:
            return self._tokens(line, number, obsolete)
        body = line[1:-1]
        if line[-1] == '"' and len(line) > 1 and '"' not in body and "\\" not in body:
            value = body  # _string's common case, inlined: most lines take it
        else:
            checked = _string(line, self.path, number)
            if checked is None:
                return self._tokens(line, number, obsolete)
            value = checked
        field = self.field  # _extend, inlined
        entry = self.entry
        if field == "msgstr[]":
            assert entry.plurals is not None
            entry.plurals[-1] += value
        elif field[:5] == "prev:":
            assert entry.prev is not None
            entry.prev[field[5:]] += value
        else:
            setattr(entry, field, getattr(entry, field) + value)
        return None

    def _extend(self, value: str) -> None:
        """Append ``value`` to the string being read (the state allows one)."""
        field = self.field
        entry = self.entry
        if field == "msgstr[]":
            assert entry.plurals is not None
            entry.plurals[-1] += value
        elif field[:5] == "prev:":
            assert entry.prev is not None
            entry.prev[field[5:]] += value
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
                return self._tokens(line, number, obsolete)
            keyword, index, token = match.groups()
        body = token[1:-1]
        if token[-1] == '"' and len(token) > 1 and '"' not in body and "\\" not in body:
            value = body  # _string's common case, inlined
        else:
            checked = _string(token, self.path, number)
            if checked is None:  # two strings, a comment after the string…
                return self._tokens(line, number, obsolete)
            value = checked
        state = self.state
        if keyword == "msgid" and (state is _STR or state is _START or state is _STRN):
            entry = self.entry = _Entry(number)  # _keyword's common cases, inlined
            self.entries.append(entry)
            self.at_top = False
            self.obsolete = entry.obsolete = obsolete
            entry.msgid = value
            self.field = "msgid"
            self.state = _ID
        elif keyword == "msgstr" and state is _ID and obsolete is self.obsolete:
            self.entry.msgstr = value
            self.field = "msgstr"
            self.state = _STR
        elif keyword == "msgid" and state is _COMMENTS:  # after its comments: most entries
            entry = self.entry
            self.obsolete = entry.obsolete = obsolete
            entry.msgid = value
            self.field = "msgid"
            self.state = _ID
        else:
            self._keyword(keyword, int(index) if index else None, value, number, obsolete)
        return None

    def _keyword(
        self, keyword: str, index: int | None, value: str | None, number: int, obsolete: bool
    ) -> None:
        """A keyword and its first string (None: the string is yet to come, on a later line)."""
        state = self.state
        entry = self.entry
        if keyword == "msgid" or keyword == "msgctxt":
            if state is _STR or state is _STRN or state is _START:
                entry = self.entry = _Entry(number)
                self.entries.append(entry)
                self.at_top = False  # in any other state a comment or keyword did it already
                self.obsolete = obsolete
            elif state is _COMMENTS:
                self.obsolete = obsolete
            elif state is _PREV and self.field != "prev:msgctxt":
                self._check_obsolete(obsolete, number)
            elif state is _CTX and keyword == "msgid":
                self._check_obsolete(obsolete, number)
            elif keyword == "msgid" and (state is _ID or state is _PLURAL):
                raise self.error("syntax error: missing msgstr before this line", number)
            else:
                raise self.error("syntax error", number)
            if keyword == "msgctxt":
                entry.ctx = value or ""
                self.field = "ctx"
                self.state = _CTX
            else:
                entry.msgid = value or ""
                entry.obsolete = obsolete
                self.field = "msgid"
                self.state = _ID
        elif keyword == "msgid_plural":
            if state is not _ID:
                raise self.error("syntax error", number)
            self._check_obsolete(obsolete, number)
            entry.plural = value or ""
            self.field = "plural"
            self.state = _PLURAL
        elif index is None:  # msgstr
            if state is not _ID:
                raise self.error("syntax error", number)
            self._check_obsolete(obsolete, number)
            entry.msgstr = value or ""
            self.field = "msgstr"
            self.state = _STR
        else:  # msgstr[n]
            if state is _PLURAL:
                if index != 0:
                    raise self.error("first plural form has nonzero index", number)
                entry.plurals = [value or ""]
            elif state is _STRN:
                assert entry.plurals is not None
                if index != len(entry.plurals):
                    raise self.error("plural form has wrong index", number)
                entry.plurals.append(value or "")
            else:
                raise self.error("syntax error: msgstr[n] without msgid_plural", number)
            self._check_obsolete(obsolete, number)
            self.field = "msgstr[]"
            self.state = _STRN
        if value is None:
            self.want = self.state
            self.state = _NEED
            self.need_line = number

    def _check_obsolete(self, obsolete: bool, number: int) -> None:
        if obsolete is not self.obsolete:
            raise self.error("inconsistent use of #~", number)

    # -- any other line, token by token

    def _tokens(self, text: str, number: int, obsolete: bool, previous: bool = False) -> None:
        """``text`` (a line, or its rest after ``#~`` / ``#|``) read token by token, as msgfmt.

        Blanks between tokens are optional; ``#~`` and ``#|`` mark the tokens after them, any
        other ``#`` starts a comment that runs to the end of the line."""
        pos = 0
        end = len(text)
        while pos < end:
            match = _TOKEN.match(text, pos)
            assert match is not None  # the last alternative matches any character
            pos = match.end()
            kind = match.lastgroup
            if kind is None:  # blanks
                continue
            token = match.group()
            if token == "#":
                after = text[pos : pos + 1]
                if after == "~":
                    obsolete = True
                    pos += 1
                    if text[pos : pos + 1] == "|":
                        previous = True
                        pos += 1
                elif after == "|":
                    previous = True
                    pos += 1
                else:
                    self._comment(text[pos:].rstrip(_BLANKS), number, obsolete)
                    return
            elif self.state is _BRACKET:
                if previous:
                    raise self.error("syntax error", number)
                self._bracket(kind, token, number, obsolete)
            elif kind == "str":
                self._string_tok(
                    _string_token(token, self.path, number), number, obsolete, previous
                )
            elif kind == "word":
                self._word(token, number, obsolete, previous)
            elif kind == "junk":
                raise self.error(f"syntax error: unexpected {text[match.start() :][:30]!r}", number)
            else:
                raise self.error(f"syntax error: unexpected {token!r}", number)

    def _string_tok(self, value: str, number: int, obsolete: bool, previous: bool) -> None:
        state = self.state
        if state is _NEED:
            state = self.state = self.want
        elif state in (_START, _COMMENTS):
            raise self.error("syntax error: string outside an entry", number)
        if previous is not (self.field[:5] == "prev:"):
            raise self.error("syntax error", number)
        self._check_obsolete(obsolete, number)
        self._extend(value)

    def _word(self, word: str, number: int, obsolete: bool, previous: bool) -> None:
        if self.state is _NEED:
            raise self.error(f"syntax error: {word} where a string was expected", number)
        if previous:
            if word not in ("msgctxt", "msgid", "msgid_plural"):
                raise self.error(f'keyword "{word}" unknown', number)
            self._previous_keyword(word, number, obsolete)
        elif word == "msgstr":  # plain, or msgstr[n]: the next token tells
            self.pending = [word, number, obsolete, self.state]
            self.state = _BRACKET
        elif word in ("msgctxt", "msgid", "msgid_plural"):
            self._keyword(word, None, None, number, obsolete)
        elif word == "domain":
            raise self.error("'domain' directives are not supported (one file, one domain)", number)
        else:
            raise self.error(f'keyword "{word}" unknown', number)

    def _bracket(self, kind: str, token: str, number: int, obsolete: bool) -> None:
        """The tokens after ``msgstr``: a string, or ``[``, a number, ``]``."""
        pending = self.pending
        line, keyword_obsolete = pending[1], pending[2]
        assert isinstance(line, int) and isinstance(keyword_obsolete, bool)
        if obsolete is not keyword_obsolete:
            raise self.error("inconsistent use of #~", number)
        step = len(pending) - 4  # 0: after msgstr, 1: after "[", 2: after the number
        if step == 0 and kind == "str":
            self.state = pending[3]  # type: ignore[assignment]
            value = _string_token(token, self.path, number)
            self._keyword("msgstr", None, value, line, keyword_obsolete)
        elif step == 0 and token == "[" or step == 1 and kind == "num":
            pending.append(int(token) if kind == "num" else token)
        elif step == 2 and token == "]":
            self.state = pending[3]  # type: ignore[assignment]
            index = pending[5]
            assert isinstance(index, int)
            self._keyword("msgstr", index, None, line, keyword_obsolete)
        else:
            raise self.error(f"syntax error: unexpected {token!r}", number)

    def _previous_keyword(self, word: str, number: int, obsolete: bool) -> None:
        """``#| msgctxt``, ``#| msgid``, ``#| msgid_plural``: in this order, each at most once."""
        state = self.state
        field = self.field
        if word == "msgctxt" or (
            word == "msgid" and not (state is _PREV and field == "prev:msgctxt")
        ):
            if state not in _BOUNDARY:
                raise self.error("syntax error", number)
            entry = self._comment_entry(number) if state is not _COMMENTS else self.entry
            entry.prev = {}
            self.obsolete = obsolete
        elif word == "msgid" or (
            word == "msgid_plural" and state is _PREV and field == "prev:msgid"
        ):
            self._check_obsolete(obsolete, number)
        else:
            raise self.error("syntax error", number)
        prev = self.entry.prev
        assert prev is not None
        prev[word] = ""
        self.field = "prev:" + word
        self.want = _PREV
        self.state = _NEED
        self.need_line = number

    # -- the whole file

    def _finish(self, lines: list[str]) -> Catalog:
        entries = self.entries
        state = self.state
        if state is _NEED or state is _BRACKET:
            line = self.need_line if state is _NEED else self.pending[1]
            assert isinstance(line, int)
            raise self.error("syntax error: a keyword without its string", line)
        if state in _INSIDE:
            last = next(n for n in range(len(lines), 0, -1) if lines[n - 1].strip(_BLANKS))
            raise self.error("syntax error: the last entry has no msgstr", last)
        if state is _COMMENTS and entries:
            entries.pop()  # trailing comments belong to no entry
        header_entry = _header_entry(entries)
        header_comments = self.header_comments
        if header_entry is not None:
            entries.remove(header_entry)
            if header_entry.tcomment:  # after a "#," line: still the header's, as in GNU
                header_comments = header_comments + header_entry.tcomment
        headers = _headers(header_entry.msgstr if header_entry else "")
        self._check_charset(headers, header_entry, lines)
        messages = [_message(e) for e in entries]
        self._check_duplicates(messages, header_entry)
        return Catalog(
            headers=headers,
            header_comments=tuple(("# " + c if c else "#") for c in header_comments),
            header_fuzzy=bool(
                header_entry and header_entry.flags and "fuzzy" in header_entry.flags
            ),
            messages=tuple(messages),
            path=self.path,
        )

    def _check_charset(
        self, headers: tuple[tuple[str, str], ...], header: _Entry | None, lines: list[str]
    ) -> None:
        content_type = {k.lower(): v for k, v in headers}.get("content-type", "")
        found = re.search(r"charset=([\w-]+)", content_type)
        if found and found.group(1).lower() not in ("utf-8", "utf8", "charset"):
            assert header is not None
            line = next(
                (
                    n
                    for n in range(header.lineno, len(lines) + 1)
                    if lines[n - 1].lstrip(_BLANKS).startswith("msgid")
                ),
                header.lineno,
            )
            raise self.error(f"charset is {found.group(1)}; mirage-i18n catalogues are UTF-8", line)

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
# is a comment of the kind its second character says (PoParser._other_comment_line).
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


def _join_continued(lines: list[str]) -> None:
    """A backslash at the end of a line joins the next line to it, anywhere: po-lex.c's
    ``lex_getc`` drops every backslash-newline pair, as C does. The joined lines are left
    blank, so that the lines after them keep their numbers."""
    i, last = 0, len(lines) - 1
    while i < last:
        if not lines[i].endswith("\\"):
            i += 1
            continue
        joined = lines[i][:-1]
        j = i + 1
        while True:
            following = lines[j]
            lines[j] = ""
            if following.endswith("\\") and j < last:
                joined += following[:-1]
                j += 1
            else:
                joined += following
                break
        lines[i] = joined
        i = j + 1


def _strings_of(line: str) -> list[str]:
    """The string tokens of a line (not inside a comment), as written (quotes, escapes)."""
    out = []
    pos = 0
    text = line.strip(_BLANKS)
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        assert match is not None
        pos = match.end()
        token = match.group()
        if match.lastgroup == "str":
            out.append(token)
        elif token == "#" and text[pos : pos + 1] not in ("~", "|"):
            break
    return out


def _header_entry(entries: list[_Entry]) -> _Entry | None:
    """The live entry with an empty msgid and no msgctxt (msgfmt's header), else None."""
    for entry in entries:
        if entry.msgid == "" and entry.ctx is None and not entry.obsolete:
            return entry
    return None


def _headers(msgstr: str) -> tuple[tuple[str, str], ...]:
    """Header fields in order; a line without a colon continues the previous field (as polib)."""
    fields: dict[str, str] = {}
    key: str | None = None
    for line in msgstr.split("\n"):  # not splitlines(): U+2028, \v… are text
        name, colon, value = line.partition(":")
        if colon:
            key = name
            fields[key] = value.strip()
        elif key is not None:
            fields[key] += "\n" + line.strip()
    return tuple((k.strip(), v.strip()) for k, v in fields.items())
