"""Completeness counting, shared by status, validate and the build's gate."""

from __future__ import annotations

from mirage_i18n.model import Catalog, Message, counts_for


def test_counts_states_and_words() -> None:
    cat = Catalog(
        messages=(
            Message(msgid="one two three", msgstr="ett två tre"),
            Message(msgid="four five", msgstr="fyra fem", flags=("fuzzy",)),
            Message(msgid="six"),
            Message(msgid="gone", msgstr="borta", obsolete=True),
        )
    )
    c = counts_for(cat)
    assert (c.total, c.reviewed, c.fuzzy, c.untranslated, c.obsolete) == (3, 1, 1, 1, 1)
    assert (c.source_words, c.reviewed_words) == (6, 3)
    assert round(c.percent_reviewed, 1) == 33.3


def test_untranslated_disclaimer_is_an_english_fallback_not_a_gap() -> None:
    disclaimer = Message(msgid="This project was funded by…", context="disclaimer")
    contact = Message(
        msgid="Contact: <info@mirageproject.eu>",
        msgstr="Kontakt: <info@mirageproject.eu>",
        context="contact",
    )
    c = counts_for(Catalog(messages=(disclaimer, contact)))
    assert (c.total, c.reviewed, c.untranslated, c.fallback) == (1, 1, 0, 1)
    assert c.percent_reviewed == 100.0
    # A fuzzy (unreviewed) disclaimer is not a fallback: it needs review and blocks the gate.
    fuzzy = Message(
        msgid=disclaimer.msgid, msgstr="Maskinöversatt", context="disclaimer", flags=("fuzzy",)
    )
    c = counts_for(Catalog(messages=(fuzzy, contact)))
    assert (c.total, c.fuzzy, c.fallback) == (2, 1, 0)
