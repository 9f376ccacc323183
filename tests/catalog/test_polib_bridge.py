"""to_polib / from_polib: our catalogues as polib objects, and back, byte for byte."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, assume, given, settings

from mirage_i18n.catalog import from_polib, read_po, to_polib, write_po
from mirage_i18n.catalog.poreader import parse_po
from mirage_i18n.catalog.powriter import format_po
from mirage_i18n.model import Catalog
from tests.catalog.strategies import catalogues
from tests.gnu import REPO, msgcat_fixed_point, msgfmt_check, run_tool

# Every kind of line our writer produces, in its layout (the test checks that it is).
EVERYTHING = """\
# Swedish translation.
#
# Second header line.
#, fuzzy
msgid ""
msgstr ""
"Project-Id-Version: MIraGE news/x\\n"
"Language: sv\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"
"X-Generator: Poedit 3.4\\n"

# checked with the author
#. heading
#. note: keep it short
#: source_texts/news/x.md:3 source_texts/news/x.md:9
#, fuzzy, python-brace-format
#| msgctxt "old"
#| msgid "Old title"
msgctxt "title"
msgid "New title"
msgstr "Ny titel"

#: source_texts/shared.yaml
msgid "one file"
msgid_plural "{n} files"
msgstr[0] "en fil"
msgstr[1] "{n} filer"

#. paragraph
msgid ""
"First line\\n"
"second line"
msgstr ""

# kept for reuse
#, fuzzy
#~| msgid "gone before"
#~ msgid "gone"
#~ msgstr "borta"

#~ msgid "one day"
#~ msgid_plural "{n} days"
#~ msgstr[0] "en dag"
#~ msgstr[1] ""
"""


def _read(text: str) -> Catalog:
    return read_po(io.BytesIO(text.encode("utf-8")), "locales/sv/LC_MESSAGES/x.po")


def test_the_fixture_is_what_our_writer_and_gnu_write(tmp_path: Path) -> None:
    path = tmp_path / "x.po"
    path.write_text(EVERYTHING, encoding="utf-8")
    msgcat_fixed_point(path)
    assert format_po(_read(EVERYTHING)) == EVERYTHING


def test_to_polib_gives_every_field_to_polib() -> None:
    po = to_polib(_read(EVERYTHING))
    assert isinstance(po, polib.POFile)
    assert po.fpath == "locales/sv/LC_MESSAGES/x.po"
    assert po.header == "Swedish translation.\n\nSecond header line."
    assert po.metadata_is_fuzzy
    assert po.metadata["Language"] == "sv"
    assert list(po.metadata)[-1] == "X-Generator"
    title = po.find("New title", msgctxt="title")
    assert (title.msgstr, title.tcomment, title.comment) == (
        "Ny titel",
        "checked with the author",
        "heading\nnote: keep it short",
    )
    assert title.occurrences == [("source_texts/news/x.md", "3"), ("source_texts/news/x.md", "9")]
    assert title.flags == ["fuzzy", "python-brace-format"] and title.fuzzy
    assert (title.previous_msgctxt, title.previous_msgid) == ("old", "Old title")
    plural = po.find("one file")
    assert plural.msgid_plural == "{n} files"
    assert plural.msgstr_plural == {0: "en fil", 1: "{n} filer"}
    assert plural.occurrences == [("source_texts/shared.yaml", "")]
    assert po.find("First line\nsecond line").msgstr == ""
    assert [e.msgid for e in po.untranslated_entries()] == ["First line\nsecond line"]
    gone = po.obsolete_entries()
    assert [(e.msgid, e.msgstr, e.previous_msgid) for e in gone] == [
        ("gone", "borta", "gone before"),
        ("one day", "", None),
    ]
    assert gone[1].msgstr_plural == {0: "en dag", 1: ""}


def test_a_script_edits_through_polib_and_the_file_stays_gnu_shaped(tmp_path: Path) -> None:
    """What a web build or script does: review an entry, translate another, write it back."""
    po = to_polib(_read(EVERYTHING))
    title = po.find("New title", msgctxt="title")
    title.flags.remove("fuzzy")
    title.previous_msgctxt = title.previous_msgid = None
    po.find("First line\nsecond line").msgstr = "Första raden\nandra raden"
    po.metadata["Last-Translator"] = "Anna <anna@example.org>"
    path = tmp_path / "x.po"
    with path.open("wb") as fh:
        write_po(fh, from_polib(po))
    msgcat_fixed_point(path)
    back = _read(path.read_text(encoding="utf-8"))
    edited = {m.msgid: m for m in back.messages}
    assert edited["New title"].flags == ("python-brace-format",)
    assert edited["New title"].previous_msgid is None
    assert edited["First line\nsecond line"].msgstr == "Första raden\nandra raden"
    assert back.header("Last-Translator") == "Anna <anna@example.org>"


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalogues())
def test_our_file_through_polib_and_back_is_the_identity(catalog: Catalog) -> None:
    text = format_po(catalog)
    ours = _read(text)
    # polib's model cannot hold a comment block that is one empty "#" line (header = "")
    assume(ours.header_comments != ("#",))
    back = from_polib(to_polib(ours))
    assert back == ours
    assert [m.lineno for m in back.messages] == [m.lineno for m in ours.messages]
    buf = io.BytesIO()
    write_po(buf, back)
    assert buf.getvalue() == text.encode("utf-8")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalogues())
def test_polib_save_of_to_polib_reads_back_the_same(
    tmp_path_factory: pytest.TempPathFactory, catalog: Catalog
) -> None:
    """polib's own writer, on the object we give it: our reader reads the same catalogue.

    polib writes a header comment that starts with "," or ":" as a "#," or "#:" line (it
    would read as flags or references), an empty "#" line when there is no header comment,
    obsolete entries last and without their "#." and "#:" lines, and the header fields it
    knows in its own order; nothing else differs. It also writes a comment that ends with a
    backslash as it is, and GNU's lexer (ours too) joins the next line to such a line: msgfmt
    would not read that file as polib meant it, so those catalogues are left out.
    """
    assume(not any(line[2:3] in (",", ":") for line in catalog.header_comments))
    comments = [*catalog.header_comments]
    for m in catalog.messages:
        comments += [*m.user_comments, *m.auto_comments]
    assume(not any(c.endswith("\\") for c in comments))
    ours = _read(format_po(catalog))
    path = tmp_path_factory.mktemp("polib") / "x.po"
    to_polib(ours).save(str(path))
    with path.open("rb") as fh:
        again = read_po(fh, "x.po")
    assert dict(again.headers) == dict(ours.headers)
    # polib writes a "#" line above a header without comments
    assert again.header_comments == (ours.header_comments or ("#",))
    assert again.header_fuzzy == ours.header_fuzzy
    active = [m for m in ours.messages if not m.obsolete]
    obsolete = [
        dataclasses.replace(m, auto_comments=(), locations=()) for m in ours.messages if m.obsolete
    ]
    assert list(again.messages) == active + obsolete


def test_polib_reads_the_repository_catalogues_as_we_do() -> None:
    """Scripts may also open our files with polib.pofile(): from_polib gives our catalogue."""
    files = sorted((REPO / "locales").rglob("*.po*"))
    assert len(files) > 20
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert from_polib(polib.pofile(str(path))) == parse_po(text, str(path)), path
        assert format_po(from_polib(polib.pofile(str(path)))) == text, path


@pytest.mark.parametrize("width", [78, 0])
def test_why_our_writer_stays_the_engine(tmp_path: Path, width: int) -> None:
    """polib's writer wraps ``#:`` references its own way: at its default width (78, what
    ``polib.pofile()`` gives a script) a 79-column line and every long string are wrapped, at
    width 0 (what :func:`to_polib` sets) references are never wrapped. Either way msgcat
    rewrites polib's file, so every polib save of a catalogue would churn it; ours it keeps."""
    first = _read(EVERYTHING).messages[0]
    visit = "source_texts/news/2021-05-visit.md"
    refs = (f"{visit}:12", f"{visit}:148") if width else tuple(f"{visit}:{n}" for n in range(3))
    catalog = dataclasses.replace(
        _read(EVERYTHING),
        messages=(dataclasses.replace(first, locations=refs, msgstr="Ny titel " * 12),),
    )
    ours, theirs = tmp_path / "ours.po", tmp_path / "polib.po"
    ours.write_text(format_po(catalog), encoding="utf-8")
    po = to_polib(catalog)
    po.wrapwidth = width
    po.save(str(theirs))
    msgcat_fixed_point(ours)
    msgfmt_check(theirs)  # a valid catalogue, with the same data …
    assert _read(theirs.read_text(encoding="utf-8")).messages == catalog.messages
    rewritten = run_tool("msgcat", "--no-wrap", str(theirs)).stdout.decode("utf-8")
    assert rewritten != theirs.read_text(encoding="utf-8")  # … that msgcat rewrites
    assert rewritten == ours.read_text(encoding="utf-8")  # into what our writer wrote
