"""The indented JSON writer against json.dumps, which it stands in for."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mirage_i18n.jsontext import dumps_indented

SCALARS = (
    st.text()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.booleans()
    | st.none()
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=5), inner, max_size=4)
        | st.tuples(inner, inner)
    ),
    max_leaves=30,
)


@settings(max_examples=1000, deadline=None)
@given(VALUES, st.integers(min_value=0, max_value=3))
def test_same_text_as_json_dumps(value: Any, indent: int) -> None:
    assert dumps_indented(value, indent) == json.dumps(value, ensure_ascii=False, indent=indent)


@pytest.mark.parametrize(
    "value",
    [
        {"": {"domain": "d", "lang": "sv"}, "a\x04b": ["x", "y"], "e": []},
        {1: "int key", None: "none key", 2.5: "float key"},  # json.dumps turns them into text
        {"n": math.nan, "i": math.inf, "big": 10**30, "t": True, "f": False, "z": None},
        ['\u2028 \udc80 \x00 " \\ é 😀'],
        {"nested": [[[]], [{}], {"x": [1, [2, {"y": "z"}]]}]},
    ],
)
def test_named_cases(value: Any) -> None:
    for indent in (0, 1, 2):
        assert dumps_indented(value, indent) == json.dumps(value, ensure_ascii=False, indent=indent)


@settings(max_examples=500, deadline=None)
@given(VALUES, st.integers(min_value=0, max_value=3), st.integers(min_value=0, max_value=3))
def test_a_value_written_nested_is_the_text_json_dumps_gives_it_there(
    value: Any, indent: int, level: int
) -> None:
    """A part of a large document, written on its own at its depth: wrapped in ``level``
    lists, ``json.dumps`` writes it the same, between the lists' own lines."""
    nested: Any = value
    for _ in range(level):
        nested = [nested]
    whole = json.dumps(nested, ensure_ascii=False, indent=indent)
    lead = "".join("[\n" + " " * (indent * (i + 1)) for i in range(level))
    tail = "".join("\n" + " " * (indent * i) + "]" for i in reversed(range(level)))
    assert whole == lead + dumps_indented(value, indent, level) + tail


@settings(max_examples=500, deadline=None)
@given(VALUES, st.integers(min_value=0, max_value=3), st.integers(min_value=0, max_value=3))
def test_written_member_by_member_it_is_the_same_text(value: Any, indent: int, depth: int) -> None:
    from mirage_i18n.jsontext import iter_indented

    pieces = list(iter_indented(value, indent, depth))
    assert "".join(pieces) == json.dumps(value, ensure_ascii=False, indent=indent)


def test_a_long_list_is_written_an_item_at_a_time() -> None:
    from mirage_i18n.jsontext import iter_indented

    report = {"preview": False, "documents": [{"lang": "sv", "n": i} for i in range(100)]}
    pieces = list(iter_indented(report, 2))
    assert len(pieces) > 100
    assert "".join(pieces) == json.dumps(report, ensure_ascii=False, indent=2)
