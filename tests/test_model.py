"""Completeness counting, shared by status, validate and the build's gate."""

from __future__ import annotations

import dataclasses
import inspect
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mirage_i18n.catalog.merge import MergeStats
from mirage_i18n.catalog.poreader import parse_po
from mirage_i18n.catalog.update import PlannedCatalog
from mirage_i18n.model import Catalog, Message, Segment, counts_for
from mirage_i18n.sources.markdown import _Slot


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


@pytest.mark.parametrize("cls", [Message, Segment, _Slot, Catalog, MergeStats, PlannedCatalog])
def test_hand_written_init_takes_the_fields_in_order_with_their_defaults(cls: type) -> None:
    """The dataclasses made by the thousand write ``__dict__`` themselves (speed); their
    parameters are the fields, in order, with the same defaults, as the generated ``__init__``
    had."""
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
    for cls in (Message, Segment, _Slot, Catalog, MergeStats, PlannedCatalog):
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
            made.msgid = "x"  # type: ignore[misc, attr-defined]


@pytest.mark.parametrize("cls", [Message, Segment, _Slot, Catalog, MergeStats, PlannedCatalog])
def test_instances_share_their_dict_keys(cls: type) -> None:
    """``shared_key_init``'s ``__init__`` keeps CPython's key-sharing instance dicts: smaller than
    a dict with a table of its own (what ``__dict__.update(...)`` made: 2.5× the memory)."""
    values = [f"value {n}" for n in range(len(dataclasses.fields(cls)))]
    ours = vars(cls(*values))
    assert sys.getsizeof(ours) < sys.getsizeof(dict(ours))
    assert sys.getsizeof(vars(cls(*values))) == sys.getsizeof(ours)


def test_read_entries_share_their_dict_keys() -> None:
    text = 'msgid "a"\nmsgstr "b"\n\n#. c\nmsgid "d"\nmsgstr ""\n'
    read = parse_po(text, "x.po").messages
    made = Message("e", "f")
    assert {sys.getsizeof(vars(m)) for m in read} == {sys.getsizeof(vars(made))}
    assert sys.getsizeof(vars(made)) < sys.getsizeof(dict(vars(made)))


def test_shared_key_init_refuses_a_default_factory() -> None:
    """A factory would be shared by every instance as a plain default: refused, not copied."""
    from mirage_i18n.model import shared_key_init

    @dataclasses.dataclass(frozen=True)
    class Holder:
        items: list[str] = dataclasses.field(default_factory=list)

    with pytest.raises(TypeError, match="default factories"):
        shared_key_init(Holder)
