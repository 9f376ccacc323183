"""md_facts reads common link and emphasis shapes without markdown-it: identical facts or None.

The fast reader may decline (None, then the parser decides); whenever it answers, its facts
and text parts must be exactly the parser's.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mirage_i18n.checks.mdfacts import _parse_facts, _simple_facts, md_facts

SPEC = json.loads(
    (Path(__file__).parents[1] / "data" / "commonmark-spec-0.31.2.json").read_text(encoding="utf-8")
)

PIECES = st.sampled_from(
    list("ab Z1.,:;?-()'\"é*[]<>`_!&\\\n\t\u00a0\u3000\u2009~")
    + [
        "**",
        "*",
        "***",
        "[a](",
        "](",
        "https://x.eu/ä b",
        "http://x.eu",
        "<https://x.eu>",
        "<mailto:a@b.eu>",
        "<a@b.eu>",
        "javascript:x",
        "<javascript:x>",
        "data:x",
        "%20",
        "(x)",
        "word",
        "``",
        "`a`",
        "` a `",
        "`*`",
        "a_b@c.eu",
        "Ω",
        "٣",
        "½",
        "&amp;",
        "\\*",
        "\0",
        "\r",
        "<b>",
        "</b>",
        " (",
        ").",
    ]
)


def _same(text: str) -> None:
    fast = _simple_facts(text)
    if fast is None:
        return
    slow = _parse_facts(text)
    assert fast == slow, text
    assert fast.text_parts == slow.text_parts, text


@settings(max_examples=3000)
@given(st.lists(PIECES, max_size=24).map("".join))
@pytest.mark.slow
def test_simple_facts_equal_the_parser(text: str) -> None:
    _same(text)


@given(st.text(max_size=40))
def test_any_text(text: str) -> None:
    _same(text)


def test_every_spec_example() -> None:
    for example in SPEC:
        md = example["markdown"]
        _same(md)
        for line in md.split("\n"):
            _same(line)
            _same(line.strip())


def test_the_common_shapes_skip_the_parser() -> None:
    # (so the differential tests above compare something)
    for text in [
        "See [the site](https://x.eu/a?b=1) and <https://y.eu/>.",
        "A **strong** word, an *emphasised* one; **two words**.",
        "(**x**) and [](https://x.eu)",
        "Use `mirage *x*` or <office@x.eu>.",
    ]:
        fast = _simple_facts(text)
        assert fast is not None, text
        assert fast == _parse_facts(text)
    assert md_facts("a **b** [c](https://d.eu)").strong == 1


def test_doubtful_shapes_go_to_the_parser() -> None:
    for text in [
        "a**b**",
        "**a*",
        "[a](javascript:x)",
        "<a b>",
        "[a] (b)",
        "*a **b***",
        "_a_",
        "``x``",
        "` x `",
        '[a](b "t")',
        "**a**b",
        "<b>x</b>",
    ]:
        assert _simple_facts(text) is None, text


def test_letters_and_digits_are_never_markdown_punctuation_or_space() -> None:
    """The scanner decides flanking with str.isalnum(): sound only because no such character
    is punctuation or whitespace to markdown-it."""
    import sys

    from markdown_it.common.utils import isPunctChar, isWhiteSpace

    clash = [
        hex(code)
        for code in range(sys.maxunicode + 1)
        if chr(code).isalnum() and (isPunctChar(chr(code)) or isWhiteSpace(code))
    ]
    assert clash == []
