"""The PO writer is byte-identical to GNU gettext's --no-wrap output and round-trips."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mirage_i18n.catalog.poreader import parse_po, read_po
from mirage_i18n.catalog.powriter import format_po
from mirage_i18n.errors import CatalogError
from mirage_i18n.model import Catalog, Message
from tests.gnu import msgcat_fixed_point, msgfmt_check, run_tool

HEADERS = (
    ("Project-Id-Version", "MIraGE news/x"),
    ("Language", "sv"),
    ("MIME-Version", "1.0"),
    ("Content-Type", "text/plain; charset=UTF-8"),
    ("Content-Transfer-Encoding", "8bit"),
    ("Plural-Forms", "nplurals=2; plural=(n != 1);"),
)

# Text as translators write it: any printable Unicode, quotes, backslashes, tabs, newlines.
text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029")
    | st.sampled_from(['"', "\\", "\t", "\n", " ", "ö", "€", "’", "\U0001f600"]),
    min_size=1,
    max_size=120,
)
comment = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=60)
location = st.from_regex(r"source_texts/[a-z0-9_/-]{1,40}\.md:[1-9][0-9]{0,3}", fullmatch=True)


@st.composite
def messages(draw: st.DrawFn) -> list[Message]:
    msgids = draw(st.lists(text, min_size=1, max_size=12, unique=True))
    out = []
    for msgid in msgids:
        msgstr = draw(st.one_of(st.just(""), text))
        fuzzy = bool(msgstr) and draw(st.booleans())
        prev = draw(st.one_of(st.none(), text)) if fuzzy else None
        out.append(
            Message(
                msgid=msgid,
                msgstr=msgstr,
                context=draw(st.one_of(st.none(), text)),
                flags=("fuzzy",) if fuzzy else (),
                # polib trims comment lines; editors never write trailing blanks there anyway.
                auto_comments=tuple(
                    c.strip() for c in draw(st.lists(comment, max_size=2)) if c.strip()
                ),
                user_comments=tuple(
                    c.strip() for c in draw(st.lists(comment, max_size=2)) if c.strip()
                ),
                locations=tuple(draw(st.lists(location, max_size=6, unique=True))),
                previous_msgid=prev,
                obsolete=False,
            )
        )
    return out


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(messages())
def test_writer_is_msgcat_fixed_point_and_round_trips(
    tmp_path_factory: pytest.TempPathFactory, msgs: list[Message]
) -> None:
    catalog = Catalog(
        headers=HEADERS, header_comments=("# Swedish translation.",), messages=tuple(msgs)
    )
    path = tmp_path_factory.mktemp("po") / "x.po"
    path.write_text(format_po(catalog), encoding="utf-8")
    msgcat_fixed_point(path)
    back = parse_po(path.read_text(encoding="utf-8"), str(path))
    assert back.headers == catalog.headers
    assert [m.msgid for m in back.messages] == [m.msgid for m in msgs]
    assert [m.msgstr for m in back.messages] == [m.msgstr for m in msgs]
    assert [m.context for m in back.messages] == [m.context for m in msgs]
    assert [m.previous_msgid for m in back.messages] == [m.previous_msgid for m in msgs]
    assert [m.locations for m in back.messages] == [m.locations for m in msgs]
    assert [m.flags for m in back.messages] == [m.flags for m in msgs]
    assert format_po(back) == format_po(catalog)


def test_plural_obsolete_and_header_layout(tmp_path: Path) -> None:
    catalog = Catalog(
        headers=HEADERS,
        header_comments=("# Swedish translation.",),
        messages=(
            Message(
                msgid="one file",
                msgid_plural="{n} files",
                msgstr_plural=("en fil", "{n} filer"),
                locations=("source_texts/shared.yaml:3",),
            ),
            Message(msgid="a\nb", msgstr="a\nb", flags=("fuzzy",), previous_msgid="old\ntext"),
            Message(msgid="gone", msgstr="borta", obsolete=True, user_comments=("kept",)),
            Message(msgid="gone untranslated", obsolete=True),
        ),
    )
    out = format_po(catalog)
    path = tmp_path / "x.po"
    path.write_text(out, encoding="utf-8")
    msgcat_fixed_point(path)
    msgfmt_check(path)
    assert 'msgstr[1] "{n} filer"' in out
    assert '#| msgid ""\n#| "old\\n"\n#| "text"' in out
    assert '#~ msgid "gone"\n#~ msgstr "borta"' in out
    assert "gone untranslated" not in out  # gettext drops empty obsolete entries too


def test_long_reference_lines_wrap_like_gettext(tmp_path: Path) -> None:
    refs = tuple(
        f"source_texts/news/a-rather-long-article-name-{i}.md:{i * 10}" for i in range(1, 8)
    )
    catalog = Catalog(headers=HEADERS, messages=(Message(msgid="x", locations=refs),))
    path = tmp_path / "x.po"
    path.write_text(format_po(catalog), encoding="utf-8")
    msgcat_fixed_point(path)
    assert all(len(line) <= 79 for line in path.read_text().splitlines() if line.startswith("#:"))


@pytest.mark.parametrize(
    ("data", "line", "what"),
    [
        (
            b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "a"\nmsgstr "b\n',
            6,
            "syntax",
        ),
        (
            b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "a"\nmsgstr "\xe4"\n',
            6,
            "UTF-8",
        ),
        (b'\xef\xbb\xbfmsgid ""\nmsgstr ""\n', 1, "byte order mark"),
        (
            b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n',
            8,
            "duplicate",
        ),
        (b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=ISO-8859-1\\n"\n', 1, "charset"),
    ],
)
def test_bad_catalogues_report_path_and_line(data: bytes, line: int, what: str) -> None:
    with pytest.raises(CatalogError) as info:
        read_po(io.BytesIO(data), "locales/sv/LC_MESSAGES/x.po")
    err = info.value
    assert err.path == "locales/sv/LC_MESSAGES/x.po"
    assert err.line == line, str(err)
    assert what.lower() in str(err).lower()


def test_previous_context_alone_is_not_written(tmp_path: Path) -> None:
    """A lone ``#| msgctxt`` is a syntax error for gettext: it is only written with ``#| msgid``."""
    catalog = Catalog(
        headers=HEADERS,
        messages=(
            Message(msgid="a", msgstr="b", flags=("fuzzy",), previous_context="old"),
            Message(
                msgid="c", msgstr="d", flags=("fuzzy",), previous_context="ctx", previous_msgid="C"
            ),
        ),
    )
    path = tmp_path / "x.po"
    path.write_text(format_po(catalog), encoding="utf-8")
    msgfmt_check(path)
    msgcat_fixed_point(path)
    text = path.read_text(encoding="utf-8")
    assert '#| msgctxt "old"' not in text
    assert '#| msgctxt "ctx"\n#| msgid "C"' in text


def test_comments_ending_in_a_backslash_do_not_join_the_next_line(tmp_path: Path) -> None:
    """gettext's lexer joins a line that ends in a backslash with the next one, in comments
    too: a header or translator comment like "# C:\\" would swallow the msgid below it."""
    catalog = Catalog(
        headers=(("Content-Type", "text/plain; charset=UTF-8"), ("Language", "sv")),
        header_comments=("# saved in C:\\",),
        messages=(
            Message("Hello", "Hej", user_comments=("path D:\\",), auto_comments=("see E:\\",)),
        ),
    )
    path = tmp_path / "x.po"
    path.write_text(format_po(catalog), encoding="utf-8")
    msgfmt_check(path)
    msgcat_fixed_point(path)
    again = parse_po(path.read_text(encoding="utf-8"), "x.po")
    assert again.header_comments == ("# saved in C:\\",)
    assert again.messages[0].user_comments == ("path D:\\",) and again.messages[0].msgstr == "Hej"


def test_hand_typed_comments_are_rewritten_as_msgcat_rewrites_them(tmp_path: Path) -> None:
    """``## x`` is the comment ``# x`` (GNU writes ``# # x``); an empty ``#`` line is kept,
    first in a block too; a tab after ``#`` is text."""
    text = (
        "#\n# Header\n##  double\n#\tTab\n"
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#\n# first after an empty one\n## x\n###y\n#\ttab\n#  two spaces\nmsgid "a"\nmsgstr "b"\n\n'
        '#\nmsgid "c"\nmsgstr "d"\n\n'
        '## old\n#~ msgid "e"\n#~ msgstr "f"\n'
    )
    path = tmp_path / "x.po"
    path.write_text(text, encoding="utf-8")
    gnu = run_tool("msgcat", "--no-wrap", str(path))
    assert gnu.returncode == 0, gnu.stderr.decode()
    catalog = parse_po(text, "x.po")
    assert catalog.messages[0].user_comments == (
        "",
        "first after an empty one",
        "# x",
        "##y",
        "\ttab",
        " two spaces",
    )
    assert catalog.messages[1].user_comments == ("",)
    assert format_po(catalog) == gnu.stdout.decode("utf-8")


def test_obsolete_plurals_are_kept_as_gnu_keeps_them(tmp_path: Path) -> None:
    """An obsolete entry stays when its msgstr[0] is translated (msgcat's rule), not only when
    every form is; one whose msgstr[0] is empty is dropped, as msgcat drops it."""
    forms = {"day": ("en dag", ""), "week": ("", "{n} veckor"), "year": ("ett år", "{n} år")}
    catalog = Catalog(
        headers=HEADERS,
        messages=tuple(
            Message(f"one {k}", msgid_plural=f"{{n}} {k}s", msgstr_plural=v, obsolete=True)
            for k, v in forms.items()
        ),
    )
    out = format_po(catalog)
    assert [m.msgid for m in parse_po(out, "x.po").messages] == ["one day", "one year"]
    everything = tmp_path / "all.po"  # what msgcat makes of all three: the same
    everything.write_text(
        format_po(Catalog(headers=HEADERS))
        + "".join(
            f'\n#~ msgid "one {k}"\n#~ msgid_plural "{{n}} {k}s"\n'
            f'#~ msgstr[0] "{v[0]}"\n#~ msgstr[1] "{v[1]}"\n'
            for k, v in forms.items()
        ),
        encoding="utf-8",
    )
    gnu = run_tool("msgcat", "--no-wrap", str(everything))
    assert gnu.stdout.decode("utf-8") == out
    path = tmp_path / "x.po"
    path.write_text(out, encoding="utf-8")
    msgcat_fixed_point(path)
