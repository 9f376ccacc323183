"""update's merge rules: human work is never touched, changes become fuzzy with #|."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from mirage_i18n.catalog.merge import (
    _complete_header,
    _completed_header,
    merge,
    new_catalog,
    purge_obsolete,
)
from mirage_i18n.catalog.powriter import format_po
from mirage_i18n.model import Catalog, EntryState, Message
from tests.gnu import msgcat_fixed_point, msgfmt_check

TEMPLATE_HEADERS = (
    ("Project-Id-Version", "MIraGE news/x"),
    ("Content-Type", "text/plain; charset=UTF-8"),
)
P1 = "The meeting was held on Friday 15 October 2021 in a hybrid mode."
P2 = "During the meeting the partners discussed operational and management issues."
P3 = "Finally, they stressed how the project results can be used."


def template(*texts: str) -> Catalog:
    return Catalog(
        headers=TEMPLATE_HEADERS,
        messages=tuple(
            Message(msgid=t, auto_comments=("paragraph",), locations=(f"a.md:{i}",))
            for i, t in enumerate(texts, 1)
        ),
    )


def translated(
    tmpl: Catalog, translations: dict[str, str], fuzzy: set[str] = frozenset()
) -> Catalog:
    cat = new_catalog(tmpl, "sv")
    return replace(
        cat,
        messages=tuple(
            replace(
                m,
                msgstr=translations.get(m.msgid, ""),
                flags=("fuzzy",) if m.msgid in fuzzy else (),
            )
            for m in cat.messages
        ),
    )


def test_new_catalogue_has_language_and_gnu_plural_forms() -> None:
    cat = new_catalog(template(P1), "ro")
    assert cat.header("Language") == "ro"
    assert cat.header("Plural-Forms") == (
        "nplurals=3; plural=n==1 ? 0 : (n==0 || (n%100 > 0 && n%100 < 20)) ? 1 : 2;"
    )
    assert cat.header("Content-Type") == "text/plain; charset=UTF-8"
    assert all(m.state is EntryState.UNTRANSLATED for m in cat.messages)


def test_unchanged_template_is_a_fixed_point() -> None:
    tmpl = template(P1, P2)
    old = translated(
        tmpl, {P1: "Mötet hölls fredagen den 15 oktober 2021.", P2: "Partnerna diskuterade."}
    )
    merged, stats = merge(tmpl, old, "sv")
    assert format_po(merged) == format_po(old)
    assert stats.kept == 2 and stats.fuzzy == 0 and stats.new == 0


def test_changed_paragraph_becomes_fuzzy_with_previous_msgid_and_others_stay() -> None:
    tmpl = template(P1, P2)
    old = translated(
        tmpl, {P1: "Mötet hölls fredagen den 15 oktober 2021.", P2: "Partnerna diskuterade."}
    )
    edited = P2.replace("operational", "practical")
    merged, stats = merge(template(P1, edited), old, "sv")
    by_id = {m.msgid: m for m in merged.messages}
    assert by_id[P1] == old.messages[0]  # reviewed entry untouched
    changed = by_id[edited]
    assert changed.fuzzy and changed.msgstr == "Partnerna diskuterade."
    assert changed.previous_msgid == P2
    assert P2 not in by_id  # the old entry was used for the suggestion, not left obsolete
    assert stats.fuzzy == 1 and stats.obsoleted == 0
    # Only the changed entry differs in the written file.
    before, after = format_po(old).split("\n\n"), format_po(merged).split("\n\n")
    assert len(before) == len(after)
    assert [i for i, (a, b) in enumerate(zip(before, after)) if a != b] == [2]


def test_unrelated_new_text_is_untranslated_and_removed_translated_text_is_obsolete() -> None:
    tmpl = template(P1, P2)
    old = translated(tmpl, {P1: "Mötet hölls.", P2: "Partnerna diskuterade."})
    merged, stats = merge(template(P1, P3), old, "sv", cutoff=0.9)
    by_id = {m.msgid: m for m in merged.messages}
    assert by_id[P3].state is EntryState.UNTRANSLATED
    assert by_id[P2].obsolete and by_id[P2].msgstr == "Partnerna diskuterade."
    assert stats.obsoleted == 1
    # An obsolete entry comes back unchanged when its English returns.
    revived, stats2 = merge(template(P1, P2, P3), merged, "sv", cutoff=0.9)
    by_id = {m.msgid: m for m in revived.messages}
    assert by_id[P2].state is EntryState.REVIEWED and stats2.revived == 1
    assert not any(m.obsolete for m in revived.messages)
    assert not any(m.obsolete for m in purge_obsolete(merged).messages)


def test_fuzzy_entry_keeps_its_previous_msgid_and_translator_comments() -> None:
    tmpl = template(P1)
    old = translated(tmpl, {P1: "Mötet hölls."})
    old = replace(old, messages=(replace(old.messages[0], user_comments=("checked with CSI",)),))
    first, _ = merge(template(P1 + " Really."), old, "sv")
    second, _ = merge(template(P1 + " Really!"), first, "sv")
    entry = second.messages[0]
    assert entry.fuzzy and entry.previous_msgid == P1  # still shows what the translation was for
    assert entry.user_comments == ("checked with CSI",)


def test_reviewed_translation_is_never_overwritten_even_if_fuzzy_candidate_exists() -> None:
    tmpl = template(P1, P1 + " Extra.")
    old = translated(tmpl, {P1: "A", P1 + " Extra.": "B"})
    merged, _ = merge(tmpl, old, "sv")
    assert [m.msgstr for m in merged.messages] == ["A", "B"]
    assert not any(m.fuzzy for m in merged.messages)


def test_source_comments_and_references_follow_the_template() -> None:
    tmpl = template(P1)
    old = translated(tmpl, {P1: "Mötet hölls."})
    moved = replace(
        tmpl,
        messages=(replace(tmpl.messages[0], locations=("a.md:9",), auto_comments=("list item",)),),
    )
    merged, _ = merge(moved, old, "sv")
    assert merged.messages[0].locations == ("a.md:9",)
    assert merged.messages[0].auto_comments == ("list item",)
    assert merged.messages[0].msgstr == "Mötet hölls."


def test_fuzzy_match_between_singular_and_plural_carries_the_translation_over(
    tmp_path: Path,
) -> None:
    """As msgmerge does: msgstr[0] becomes the msgstr; a msgstr fills every plural form.

    Before, the suggestion was an empty fuzzy entry and the old entry, "used", was not kept
    either: the translator's work vanished from the file.
    """
    plural_old = Message(
        msgid="%d new partner joined the project",
        msgid_plural="%d new partners joined the project",
        msgstr_plural=("%d partener nou", "%d parteneri noi", "%d de parteneri noi"),
    )
    singular_old = Message(
        msgid="The newsletter is sent every month", msgstr="Buletinul este trimis lunar"
    )
    old = replace(new_catalog(template(), "ro"), messages=(plural_old, singular_old))
    tmpl = Catalog(
        headers=TEMPLATE_HEADERS,
        messages=(
            Message(msgid="%d new partners joined the project"),
            Message(
                msgid="The newsletter is sent every week",
                msgid_plural="The newsletters are sent every week",
            ),
        ),
    )
    merged, stats = merge(tmpl, old, "ro")
    to_singular, to_plural = merged.messages
    assert to_singular.fuzzy and to_singular.msgstr == "%d partener nou"
    assert to_singular.msgstr_plural == ()
    assert to_plural.fuzzy and to_plural.msgstr == ""
    assert to_plural.msgstr_plural == ("Buletinul este trimis lunar",) * 3  # ro: nplurals=3
    assert stats.fuzzy == 2
    path = tmp_path / "ro.po"
    path.write_text(format_po(merged), encoding="utf-8")
    msgfmt_check(path)


def test_same_msgid_with_a_changed_plural_is_fuzzy_and_keeps_its_translation(
    tmp_path: Path,
) -> None:
    """msgid_plural added, removed or edited is changed English: fuzzy, #| fields, as msgmerge.

    Before, the entry was refreshed as unchanged: an added or removed plural emptied the
    translation (wrong field), an edited plural stayed reviewed against English it never saw.
    """
    old = replace(
        new_catalog(template(), "sv"),
        messages=(
            Message(
                msgid="%d partner",
                msgid_plural="%d partners",
                msgstr_plural=("%d partner", "%d partnerna"),
            ),
            Message(msgid="One file", msgstr="En fil"),
            Message(msgid="a day", msgid_plural="%d days", msgstr_plural=("en dag", "%d dagar")),
        ),
    )
    tmpl = Catalog(
        headers=TEMPLATE_HEADERS,
        messages=(
            Message(msgid="%d partner"),
            Message(msgid="One file", msgid_plural="%d files"),
            Message(msgid="a day", msgid_plural="%d days (plural)"),
        ),
    )
    merged, stats = merge(tmpl, old, "sv")
    singular, plural, edited = merged.messages
    assert (singular.fuzzy, singular.msgstr, singular.msgstr_plural) == (True, "%d partner", ())
    assert (singular.previous_msgid, singular.previous_msgid_plural) == (
        "%d partner",
        "%d partners",
    )
    assert (plural.fuzzy, plural.msgstr_plural, plural.previous_msgid) == (
        True,
        ("En fil", "En fil"),
        "One file",
    )
    assert (edited.fuzzy, edited.msgstr_plural) == (True, ("en dag", "%d dagar"))
    assert (edited.msgid_plural, edited.previous_msgid_plural) == ("%d days (plural)", "%d days")
    assert stats.fuzzy == 3 and stats.kept == 0
    path = tmp_path / "sv.po"
    path.write_text(format_po(merged), encoding="utf-8")
    msgfmt_check(path)


def test_catalogue_without_charset_gets_the_utf8_header_gnu_tools_need(tmp_path: Path) -> None:
    """A file typed without a header (or with msginit's charset=CHARSET) is read as UTF-8.

    Before, update kept it without a charset: msgcat and msgmerge refused the written file
    ("doesn't contain a header entry with a charset specification").
    """
    from mirage_i18n.catalog.poreader import parse_po

    for head in ("", 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=CHARSET\\n"\n\n'):
        old = parse_po(head + f'msgid "{P1}"\nmsgstr "Mötet hölls."\n', "sv.po")
        merged, _ = merge(template(P1), old, "sv")
        assert merged.header("Content-Type") == "text/plain; charset=UTF-8"
        assert merged.messages[0].msgstr == "Mötet hölls."
        path = tmp_path / "sv.po"
        path.write_text(format_po(merged), encoding="utf-8")
        msgfmt_check(path)
        msgcat_fixed_point(path)


def test_partly_translated_plural_whose_source_is_gone_is_kept_as_msgmerge_keeps_it(
    tmp_path: Path,
) -> None:
    """GNU keeps an obsolete entry whose msgstr[0] is translated, and drops the one whose only
    translation is in another form; merge and the writer do the same (msgmerge as reference)."""
    from tests.gnu import run_tool

    old = Catalog(
        headers=(
            *TEMPLATE_HEADERS,
            ("Language", "sv"),
            ("Plural-Forms", "nplurals=2; plural=(n != 1);"),
        ),
        messages=(
            Message("one day", msgid_plural="{n} days", msgstr_plural=("en dag", "")),
            Message("one week", msgid_plural="{n} weeks", msgstr_plural=("", "{n} veckor")),
            Message("one year", msgid_plural="{n} years", msgstr_plural=("ett år", "{n} år")),
        ),
    )
    new = template("Something else entirely, nothing like the old text")
    merged, stats = merge(new, old, "sv")
    obsolete = [m.msgid for m in merged.messages if m.obsolete]
    assert obsolete == ["one day", "one year"]
    assert stats.obsoleted == 2
    (tmp_path / "old.po").write_text(format_po(old), encoding="utf-8")
    (tmp_path / "new.pot").write_text(format_po(new), encoding="utf-8")
    (tmp_path / "ours.po").write_text(format_po(merged), encoding="utf-8")
    gnu = run_tool(
        "msgmerge", "-N", "--no-wrap", "-q", str(tmp_path / "old.po"), str(tmp_path / "new.pot")
    )
    assert gnu.returncode == 0, gnu.stderr.decode()
    gnu_obsolete = [
        line[len('#~ msgid "') : -1]
        for line in gnu.stdout.decode().splitlines()
        if line.startswith('#~ msgid "')
    ]
    assert gnu_obsolete == obsolete
    msgcat_fixed_point(tmp_path / "ours.po")
    msgfmt_check(tmp_path / "ours.po")


_HEADER_NAMES = st.sampled_from(
    [
        "Plural-Forms",
        "plural-forms",
        "Language",
        "LANGUAGE",
        "MIME-Version",
        "Content-Type",
        "content-type",
        "Content-Transfer-Encoding",
        "Project-Id-Version",
    ]
)
_HEADER_VALUES = st.sampled_from(
    ["", "x", "1.0", "text/plain; charset=UTF-8", "text/plain; charset=utf8", "charset=latin1"]
)


@given(
    st.lists(st.tuples(_HEADER_NAMES, _HEADER_VALUES), max_size=8),
    st.sampled_from(["de", "ro", "xx", "el"]),
)
def test_a_header_found_complete_is_one_the_full_completion_leaves_alone(
    headers: list[tuple[str, str]], lang: str
) -> None:
    """merge skips the header's completion when one pass finds every field it would add;
    then the completion, field by field, indeed adds nothing (case, duplicates, empty values,
    charsets, languages with and without a conventional Plural-Forms)."""
    catalog = Catalog(headers=tuple(headers))
    if _complete_header(catalog):
        assert _completed_header(catalog, lang) == catalog


def test_the_usual_header_is_found_complete() -> None:
    usual = (
        ("Project-Id-Version", "MIraGE news/x"),
        ("Language", "de"),
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=UTF-8"),
        ("Content-Transfer-Encoding", "8bit"),
        ("Plural-Forms", "nplurals=2; plural=(n != 1);"),
    )
    assert _complete_header(Catalog(headers=usual))
    assert not _complete_header(Catalog(headers=usual[:-1]))
    latin1 = (*usual[:3], ("Content-Type", "text/plain; charset=latin1"), *usual[4:])
    assert not _complete_header(Catalog(headers=latin1))
