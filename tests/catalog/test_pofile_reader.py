"""Our PO reader against polib (the reference it replaced) and GNU gettext.

On every catalogue polib reads correctly, ``parse_po`` must give exactly what the polib-based
reader gave (messages, line numbers, headers); where polib is lenient or wrong (unterminated
strings, ``\\a``, octal and hex escapes, entries without msgstr), msgfmt is the reference.
"""

from __future__ import annotations

import dataclasses
import io
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mirage_i18n.catalog.poreader import _STRING, _string, _unescape, parse_po, read_po
from mirage_i18n.catalog.powriter import format_po, kept_when_obsolete
from mirage_i18n.errors import CatalogError
from mirage_i18n.model import Catalog, Message
from tests.catalog.strategies import catalogues
from tests.gnu import REPO, run_tool

# ---------------------------------------------------------------------------- the reference


def polib_reference(text: str) -> Catalog:
    """The reader as it was before ours: polib's state machine, converted to our model."""
    parser = polib._POFileParser("", encoding="utf-8", check_for_duplicates=False)
    parser.fhandle = text.split("\n")
    po = parser.parse()
    headers = []
    for key, value in po.metadata.items():
        name, _, val = f"{key}: {value}".partition(":")
        headers.append((name.strip(), val.strip()))
    messages = []
    for entry in po:
        plural = None
        if entry.msgid_plural:
            plural = tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural))
        messages.append(
            Message(
                msgid=entry.msgid,
                msgstr=entry.msgstr if not entry.msgid_plural else "",
                context=entry.msgctxt,
                msgid_plural=entry.msgid_plural or None,
                msgstr_plural=plural or (),
                flags=tuple(entry.flags),
                auto_comments=tuple(entry.comment.split("\n")) if entry.comment else (),
                user_comments=tuple(entry.tcomment.split("\n")) if entry.tcomment else (),
                locations=tuple(f"{f}:{ln}" if ln else f for f, ln in entry.occurrences),
                previous_context=entry.previous_msgctxt,
                previous_msgid=entry.previous_msgid,
                previous_msgid_plural=entry.previous_msgid_plural,
                obsolete=bool(entry.obsolete),
                lineno=entry.linenum,
            )
        )
    flags = []
    for line in text.split("\n"):
        if line.startswith("msgid"):
            break
        if line.startswith("#,"):
            flags.append(line[2:])
    comments = tuple(("# " + c if c else "#") for c in po.header.split("\n")) if po.header else ()
    return Catalog(
        headers=tuple(headers),
        header_comments=comments,
        header_fuzzy="fuzzy" in ",".join(flags),
        messages=tuple(messages),
    )


def _without_leading(comments: tuple[str, ...], empty: str) -> tuple[str, ...]:
    """polib drops the empty comment lines (``#``) an entry or the header starts with; GNU
    gettext and our reader keep them."""
    while comments and comments[0] == empty:
        comments = comments[1:]
    return comments


def _comparable(catalog: Catalog) -> list[tuple[object, ...]]:
    """Every field, line numbers included; polib skips ``#~|`` lines, so obsolete entries'
    previous fields (and the first line they start on) are left out."""
    out = []
    for m in catalog.messages:
        m = dataclasses.replace(m, user_comments=_without_leading(m.user_comments, ""))
        if m.obsolete:
            m = dataclasses.replace(
                m, previous_context=None, previous_msgid=None, previous_msgid_plural=None
            )
        line = None if m.obsolete and "#~|" in _TEXT_HOLDER[0] else m.lineno
        out.append((*(getattr(m, f.name) for f in dataclasses.fields(m)), line))
    return out


_TEXT_HOLDER = [""]


def assert_same_as_polib(text: str) -> Catalog:
    ours = parse_po(text, "x.po")
    ref = polib_reference(text)
    _TEXT_HOLDER[0] = text
    assert ours.headers == ref.headers
    assert _without_leading(ours.header_comments, "#") == ref.header_comments
    assert ours.header_fuzzy == ref.header_fuzzy
    assert _comparable(ours) == _comparable(ref)
    # the fast constructor gives objects equal to the normal one's
    assert [
        Message(**{f.name: getattr(m, f.name) for f in dataclasses.fields(m)})
        for m in ours.messages
    ] == list(ours.messages)
    return ours


# ---------------------------------------------------------------------------- generated catalogues


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalogues())
@pytest.mark.slow
def test_writer_output_reads_as_polib_reads_it(catalog: Catalog) -> None:
    out = format_po(catalog)
    ours = assert_same_as_polib(out)
    kept = [m for m in catalog.messages if not m.obsolete or kept_when_obsolete(m)]
    assert list(ours.messages) == kept  # and it round-trips, obsolete previous fields included


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalogues())
def test_msgcat_wrapped_catalogues_read_the_same(
    tmp_path_factory: pytest.TempPathFactory, catalog: Catalog
) -> None:
    """Poedit and msgcat wrap long strings at 79 columns: same entries, read like polib."""
    path = tmp_path_factory.mktemp("wrap") / "x.po"
    path.write_text(format_po(catalog), encoding="utf-8")
    result = run_tool("msgcat", "--width=79", str(path))
    assert result.returncode == 0, result.stderr.decode()
    wrapped = result.stdout.decode("utf-8")
    ours = assert_same_as_polib(wrapped)
    plain = parse_po(path.read_text(encoding="utf-8"), "x.po")

    # msgcat moves obsolete entries to the end and puts flags in its own order
    def norm(cat: Catalog, obsolete: bool) -> list[Message]:
        return [
            dataclasses.replace(m, flags=tuple(sorted(m.flags)))
            for m in cat.messages
            if m.obsolete == obsolete
        ]

    for obsolete in (False, True):
        assert norm(ours, obsolete) == norm(plain, obsolete)


def _catalogue_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.suffix in (".po", ".pot") and p.is_file())


def test_every_catalogue_of_the_repository_reads_as_polib_reads_it() -> None:
    files = _catalogue_files(REPO / "locales") + _catalogue_files(REPO / "tests")
    assert len(files) > 20
    for path in files:
        text = path.read_text(encoding="utf-8")
        try:
            polib_reference(text)
        except OSError:
            continue  # a deliberately broken fixture: the error tests below cover those
        assert_same_as_polib(text)


def test_every_catalogue_of_the_benchmark_corpus_reads_as_polib_reads_it(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            str(REPO / "benchmarks" / "corpus.py"),
            str(tmp_path / "c"),
            "-n",
            "12",
            "-m",
            "3",
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    files = _catalogue_files(tmp_path / "c" / "locales")
    assert len(files) > 40
    for path in files:
        assert_same_as_polib(path.read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------- escapes, GNU as reference


def _gnu_value(tmp_path: Path, quoted: str) -> str:
    """What msgfmt makes of a msgstr: compile it and read the .mo back with Python's gettext."""
    import gettext

    po = tmp_path / "e.po"
    po.write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        f'msgid "k"\nmsgstr {quoted}\n',
        encoding="utf-8",
    )
    mo = tmp_path / "e.mo"
    result = run_tool("msgfmt", "-o", str(mo), str(po))
    assert result.returncode == 0, result.stderr.decode()
    with mo.open("rb") as fh:
        return gettext.GNUTranslations(fh).gettext("k")


@pytest.mark.parametrize(
    "quoted",
    [
        r'"a\nb\tc\rd"',
        r'"bell\a back\b feed\f vtab\v"',
        r'"quote \" backslash \\"',
        r'"octal \101\102 \303\244 \0101"',
        r'"hex \x41\x42 \xc3\xa4"',
        '"U+2028 \u2028 and \x85"',
    ],
)
def test_escapes_decode_as_msgfmt_decodes_them(tmp_path: Path, quoted: str) -> None:
    text = (
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        f'msgid "k"\nmsgstr {quoted}\n'
    )
    ours = parse_po(text, "x.po").messages[0].msgstr
    assert ours == _gnu_value(tmp_path, quoted)
    assert parse_po(format_po(parse_po(text, "x.po")), "x.po").messages[0].msgstr == ours


# ---------------------------------------------------------------------------- errors

HEAD = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'


@pytest.mark.parametrize(
    ("body", "line", "what", "gnu_rejects"),
    [
        ('msgid "a"\nmsgstr "b\n', 6, "not terminated", True),
        ('msgid "a"\nmsgstr "b\\"\n', 6, "not terminated", True),
        ('msgid "a"\nmsgstr "b\\q"\n', 6, "bad escape", True),
        ('msgid "a"\nmsgstr "why\\?"\n', 6, "bad escape", True),
        ('msgid "a"\nmsgstr "b"\n"c\n', 7, "not terminated", True),
        ('msgid "a"\n# comment\nmsgstr "b"\n', 6, "syntax error", True),
        ('msgid "a"\nmsgstr[0] "b"\n', 6, "syntax error", True),
        ('msgid "a"\nmsgid_plural "as"\nmsgstr "b"\n', 7, "syntax error", True),
        ('msgid "a"\n\nmsgid "b"\nmsgstr "c"\n', 7, "syntax error", True),
        ('msgid "a"\nmsgstr "b"\n\nmsgid "c"\n', 8, "no msgstr", True),
        ('msgstr "b"\n', 5, "syntax error", True),
        ('#, fuzzy\n"stray"\nmsgid "a"\nmsgstr "b"\n', 6, "syntax error", True),
        ('msgid "a"\nmsgstr "b"\n\nmsgtxt "c"\n', 8, 'keyword "msgtxt" unknown', True),
        ('#| msgid "old\nmsgid "a"\nmsgstr "b"\n', 5, "not terminated", True),
        ('#~ msgid "a\n#~ msgstr "b"\n', 5, "not terminated", True),
        ('msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n', 8, "duplicate", True),
        # msgfmt counts obsolete entries too: an update would write two "#~" copies it rejects
        ('msgid "a"\nmsgstr "b"\n\n#~ msgid "a"\n#~ msgstr "c"\n', 8, "duplicate", True),
        ('#~ msgid "a"\n#~ msgstr "b"\n\n#~ msgid "a"\n#~ msgstr "c"\n', 8, "duplicate", True),
        # two header entries (two catalogues pasted into one): the first was read as an entry
        ('msgid ""\nmsgstr "X-Generator: b\\n"\n', 5, "duplicate", True),
        # issue 13: msgfmt refuses these; the reader accepted them silently
        ('msgid "a"\nmsgstr "b"\n\x85\n', 7, "syntax error", True),  # U+0085 alone
        ('msgid "a"\nmsgstr "b"\n\u2028\n', 7, "syntax error", True),
        ('msgid "a"\nmsgstr "b"\n \u2029 \n', 7, "syntax error", True),
        ('\u00a0msgid "a"\nmsgstr "b"\n', 5, "syntax error", True),  # no-break space
        ('msgid\u2028"a"\nmsgstr "b"\n', 5, "syntax error", True),
        ('#~ msgid "a"\nmsgstr "b"\n', 6, "inconsistent use of #~", True),
        ('msgid "a"\n#~ msgstr "b"\n', 6, "inconsistent use of #~", True),
        ('#~ msgid "a"\n#~ msgstr "b"\n"c"\n', 7, "inconsistent use of #~", True),
        ('#, fuzzy\n#| msgid "x"\n#~ msgid "a"\n#~ msgstr "b"\n', 7, "inconsistent use", True),
        ('msgid "a\x04b"\nmsgstr "b"\n', 5, "context separator <EOT> within string", True),
        ('msgid "a\\004b"\nmsgstr "b"\n', 5, "context separator <EOT>", True),
        ('msgctxt "c\\x04"\nmsgid "a"\nmsgstr "b"\n', 5, "context separator <EOT>", True),
        ('#~ msgid "a"\n#~ msgstr "b\x04"\n', 6, "context separator <EOT>", True),
        ('msgid "a"\nmsgid_plural "b"\nmsgstr[1] "c"\n', 7, "first plural form has nonzero", True),
        ('msgid "a"\nmsgid_plural "b"\nmsgstr[0] "c"\nmsgstr[2] "d"\n', 8, "wrong index", True),
        ('msgid "a"\nmsgid_plural "b"\nmsgstr[0] "c"\nmsgstr[0] "d"\n', 8, "wrong index", True),
        ('#| msgid "x"\n# comment\nmsgid "a"\nmsgstr "b"\n', 6, "comment inside an entry", True),
        ('#, fuzzy\n#| msgid "x"\n#| msgctxt "y"\nmsgid "a"\nmsgstr "b"\n', 7, "syntax", True),
        ('msgid "a"\nmsgstr "b" #| "c"\n', 6, "syntax error", True),
        # any comment, an empty one too, ends the entry: the string after it continues nothing
        ('msgid "a"\nmsgstr "b"\n#.\n"c"\n', 8, "string outside an entry", True),
        ('msgid "a"\nmsgstr "b"\n#.\n"c"\n', 8, "string outside an entry", True),
        # msgfmt cuts a string at a NUL (its own FIXME): we refuse rather than lose the rest
        ('msgid "a"\nmsgstr "b\\0c"\n', 6, "NUL character within string", False),
        # a backslash at a line end joins the next line, in a comment too (po-lex.c)
        ('# see C:\\\nmsgid "a"\nmsgstr "b"\n', 7, "syntax error", True),
    ],
)
def test_syntax_errors_have_their_line_and_msgfmt_agrees(
    tmp_path: Path, body: str, line: int, what: str, gnu_rejects: bool
) -> None:
    data = (HEAD + body).encode("utf-8")
    with pytest.raises(CatalogError) as info:
        read_po(io.BytesIO(data), "locales/sv/LC_MESSAGES/x.po")
    assert info.value.path == "locales/sv/LC_MESSAGES/x.po"
    assert info.value.line == line, str(info.value)
    assert what in str(info.value)
    path = tmp_path / "x.po"
    path.write_bytes(data)
    gnu = run_tool("msgfmt", "--check", "-o", "/dev/null", str(path))
    assert (gnu.returncode != 0) == gnu_rejects, gnu.stderr.decode()


HEAD_PLURAL = HEAD.replace("\n\n", '\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n')
# What GNU's lexer accepts besides the lines our writer writes: it reads tokens, not lines.
ACCEPTED_LIKE_MSGFMT = [
    '#,fuzzy\nmsgid "a"\nmsgstr "b"\n',
    '#!fuzzy\nmsgid "a"\nmsgstr "b"\n',
    '#, fuzzy python-format\nmsgid "a"\nmsgstr "b"\n',
    '#:source_texts/a.md:3\n#.note\n#x\nmsgid "a"\nmsgstr "b"\n',
    'msgid"a"\nmsgstr"b"\n',
    'msgid\n"a"\nmsgstr\n"b"\n',
    'msgid "a" msgstr "b"\n',
    'msgid "a"\nmsgstr "b" "c"\n',
    'msgid "a"\nmsgstr "b" # a comment for the next entry\n\nmsgid "c"\nmsgstr "d"\n',
    'msgid "a"\nmsgid_plural "as"\nmsgstr[ 0 ] "b"\nmsgstr [1]\n"c"\n',
    'msgid "a"\nmsgid_plural "as"\nmsgstr[\n0] "b"\nmsgstr[01] "c"\n',
    '#~msgid "a"\n#~msgstr "b"\n',
    '#~ msgid\n#~ "a"\n#~ msgstr "b"\n',
    '#, fuzzy\n#|msgid "x"\n#| "y"\nmsgid "a"\nmsgstr "b"\n',
    '#, fuzzy\n#~| msgid "x"\n#~ msgid "a"\n#~ msgstr "b"\n',
    'msgid "a"\nmsgstr "b\\\nc"\n',
    'msgid "a"\r\nmsgstr "b"\r\n',
    'msgid "a"\rmsgstr "b"\n',
    'msgid\t"a"\f\nmsgstr\v"b"\n\v\n',
]


@pytest.mark.parametrize("body", ACCEPTED_LIKE_MSGFMT)
def test_what_msgfmt_accepts_is_read_and_written_as_gnu_writes_it(
    tmp_path: Path, body: str
) -> None:
    """msgfmt accepts the file, we read it, and our writer gives msgcat --no-wrap's bytes."""
    text = HEAD_PLURAL + body
    path = tmp_path / "x.po"
    path.write_bytes(text.encode("utf-8"))
    gnu = run_tool("msgfmt", "--check", "-o", "/dev/null", str(path))
    assert gnu.returncode == 0, gnu.stderr.decode()
    ours = format_po(parse_po(text, "x.po"))
    msgcat = run_tool("msgcat", "--no-wrap", str(path))
    assert msgcat.returncode == 0, msgcat.stderr.decode()
    assert ours == msgcat.stdout.decode("utf-8")


def test_token_forms_read_as_the_canonical_lines() -> None:
    canonical = parse_po(
        HEAD + '#, fuzzy\nmsgid "a"\nmsgid_plural "as"\nmsgstr[0] "b"\nmsgstr[1] "c"\n', "x"
    )
    squeezed = parse_po(
        HEAD + '#,fuzzy\nmsgid"a"msgid_plural"as"msgstr[0]"b"msgstr[ 1 ]\n"c"\n', "x"
    )
    assert squeezed.messages == canonical.messages
    assert [m.lineno for m in squeezed.messages] == [5]


def test_a_header_with_msgctxt_is_no_header() -> None:
    """msgfmt: 'PO file header missing or invalid'; it was read as the header."""
    catalog = parse_po(
        'msgctxt "x"\nmsgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n', "x"
    )
    assert catalog.headers == ()
    assert [(m.context, m.msgid) for m in catalog.messages] == [("x", "")]


def test_polib_accepts_what_we_refuse() -> None:
    """Why the reader is ours: polib reads an unterminated string and a msgid without msgstr."""
    polib_reference(HEAD + 'msgid "a"\nmsgstr "b\n')
    polib_reference(HEAD + 'msgid "a"\nmsgstr "b"\n\nmsgid "c"\n')
    with pytest.raises(CatalogError):
        parse_po(HEAD + 'msgid "a"\nmsgstr "b\n', "x.po")


def test_previous_fields_of_obsolete_entries_are_kept() -> None:
    text = HEAD + '#, fuzzy\n#~| msgid "old"\n#~ msgid "new"\n#~ msgstr "ny"\n'
    msg = parse_po(text, "x.po").messages[0]
    assert (msg.obsolete, msg.previous_msgid, msg.msgid, msg.lineno) == (True, "old", "new", 5)
    assert '#~| msgid "old"' in format_po(parse_po(text, "x.po"))


def _outcome(decode: Callable[[], str | None]) -> object:
    try:
        return decode()
    except CatalogError as exc:
        return str(exc)


@given(st.text(alphabet='ab\\"nx\n0é', max_size=8))
def test_a_string_s_fast_paths_decode_as_the_escape_decoder(body: str) -> None:
    """``_string`` returns a body without backslash as it is, and one whose only escape is a
    final ``\\n`` (every header field line) without the decoder: both agree with the full
    check and decoder (``_STRING`` and ``_unescape``) on any body, errors included."""
    for text in (body, body + "\\n"):
        token = f'"{text}"'
        want = _outcome(
            lambda t=text, k=token: _unescape(t, "x.po", 1) if _STRING.match(k) else None
        )
        assert _outcome(lambda k=token: _string(k, "x.po", 1)) == want
