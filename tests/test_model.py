"""Completeness counting, shared by status, validate and the build's gate."""

from __future__ import annotations

import dataclasses
import inspect

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mirage_i18n.model import Catalog, Message, Segment, counts_for


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


@pytest.mark.parametrize("cls", [Message, Segment])
def test_hand_written_init_takes_the_fields_in_order_with_their_defaults(cls: type) -> None:
    """Segment and Message write ``__dict__`` themselves (speed); their parameters are the
    dataclass fields, in order, with the same defaults, as the generated ``__init__`` had."""
    params = list(inspect.signature(cls.__init__).parameters.values())[1:]
    fields = dataclasses.fields(cls)
    assert [p.name for p in params] == [f.name for f in fields]
    for p, f in zip(params, fields, strict=True):
        want = inspect.Parameter.empty if f.default is dataclasses.MISSING else f.default
        assert p.default == want, f.name
        assert f.default_factory is dataclasses.MISSING  # type: ignore[misc]


_VALUES = st.one_of(st.none(), st.text(max_size=3), st.integers(), st.tuples(st.text(max_size=2)))


@given(st.data())
def test_hand_written_init_stores_each_argument_as_its_field(data: st.DataObject) -> None:
    for cls in (Message, Segment):
        fields = dataclasses.fields(cls)
        required = [f for f in fields if f.default is dataclasses.MISSING]
        n = data.draw(st.integers(len(required), len(fields)))
        args = [data.draw(_VALUES) for _ in range(n)]
        keywords = {f.name: data.draw(_VALUES) for f in fields[n:] if data.draw(st.booleans())}
        made = cls(*args, **keywords)
        want = (
            {f.name: f.default for f in fields}
            | dict(zip([f.name for f in fields], args))
            | keywords
        )
        assert vars(made) == want
        assert dataclasses.replace(made) == made and vars(dataclasses.replace(made)) == want
        with pytest.raises(dataclasses.FrozenInstanceError):
            made.msgid = "x" if cls is Message else made.text  # type: ignore[misc, attr-defined]
