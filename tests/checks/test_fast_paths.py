"""The shortcuts taken for speed give what the plain code gives (see benchmarks/README.md)."""

from __future__ import annotations

import re
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from mirage_i18n.checks.mdfacts import (
    md_facts,
    reference_labels,
    source_facts,
    source_reference_labels,
)
from mirage_i18n.checks.numbers import MAY_HOLD_NUMBER, _prose, _source_numbers
from mirage_i18n.checks.placeholders import BRACE_RE, EMAIL_RE, PRINTF_RE, URL_RE, may_hold_url
from mirage_i18n.checks.text import _edge

from .helpers import rules_for_test

SPACES = "".join(c for c in map(chr, range(sys.maxunicode + 1)) if re.match(r"\s", c))
text = st.text(
    alphabet=st.sampled_from(SPACES) | st.characters(blacklist_categories=("Cs",)), max_size=40
)


def test_every_regex_whitespace_is_what_str_strip_strips() -> None:
    assert len(SPACES) > 20
    assert all(c.isspace() for c in SPACES)
    assert all(
        not re.match(r"\s", c) for c in map(chr, range(sys.maxunicode + 1)) if not c.isspace()
    )


@settings(max_examples=300, deadline=None)
@given(text)
def test_edges_as_the_regex_found_them(value: str) -> None:
    lead = re.match(r"\s*", value)
    trail = re.search(r"\s*\Z", value)
    assert lead is not None and trail is not None
    assert _edge(value, True) == lead.group(0)
    assert _edge(value, False) == trail.group(0)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab 1[]()*_`<>!&\\\n@.:/"), max_size=40))
def test_source_facts_are_md_facts(value: str) -> None:
    assert source_facts(value) == md_facts(value)


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.sampled_from("ab 1234567890.,\u00a0٣߃²&#;x") | st.characters(), max_size=30)
    | st.sampled_from(["&#49;", "&#x31;", "&sup2;", "&#1635;", "²³", "٣", "&amp;1"])
)
def test_source_numbers_without_a_digit_shortcut(value: str) -> None:
    """Strings without a \\d digit or an "&" skip the number scan: the scan's \\d could match
    nothing in their prose (superscripts are isdigit() but not \\d; only entities add digits)."""
    if re.search(MAY_HOLD_NUMBER, value) is None:
        assert re.search(r"\d", _prose(value)) is None
        rules = rules_for_test("sv")
        assert _source_numbers(value, rules.source_decimal, rules.source_group) == ()
    elif "&#49;" in value or "&#x31;" in value:
        assert "1" in _prose(value)  # the entity case is real: the shortcut must not skip it


URLISH = st.lists(
    st.sampled_from(list("wW.:/hHtTpPsS aé\u212a") + ["www.", "WwW.", "://", "http://x"]),
    max_size=20,
).map("".join)


@settings(max_examples=500, deadline=None)
@given(URLISH | st.text(max_size=30))
def test_url_pattern_needs_what_the_prefilter_looks_for(value: str) -> None:
    if URL_RE.search(value) is not None:
        assert may_hold_url(value)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["a", "1", " ", "{x}", "%s", "%", "a@b.eu", "www.x.eu", "https://x.eu/{y}", "@", "{"]
        ),
        max_size=12,
    ).map("".join)
)
def test_prose_with_skipped_patterns_is_the_full_substitution(value: str) -> None:
    prose = md_facts(value).text
    for pattern in (URL_RE, EMAIL_RE, BRACE_RE, PRINTF_RE):
        prose = pattern.sub(" ", prose)
    assert _prose(value) == prose


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.sampled_from("0123456789 .,'\u00a0\u202f٣߃²a"), max_size=30),
    st.sampled_from(["sv", "de", "fr", "it", "bg", "el", "hu", "ro"]),
)
def test_digit_runs_are_among_the_values(prose: str, lang: str) -> None:
    """The number check accepts when every source value is a plain digit run of the
    translation: only sound if those runs are always among the full set of readings."""
    from mirage_i18n.checks.numbers import _digit_runs, _values

    assert _digit_runs(prose) <= _values(prose, rules_for_test(lang))


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "a",
                " ",
                "[",
                "]",
                "(",
                ")",
                "![",
                "](",
                "][",
                "`",
                "*",
                "\\",
                "[x](https://a.eu)",
                "[y]",
                "[y][]",
                "[t][y]",
                "<b>",
                "&#91;",
                "\n",
            ]
        ),
        max_size=14,
    ).map("".join)
)
def test_strings_read_without_the_parser_hold_no_reference_link(value: str) -> None:
    """reference_labels trusts the scanner: where it read a string, the parser (resolving every
    label) finds no reference link either."""
    from mirage_i18n.checks.mdfacts import MdFacts, _reference_labels

    parsed = _reference_labels(value, MdFacts())  # simple=False: always the parser
    if md_facts(value).simple:
        assert parsed == ()
    assert (
        source_reference_labels(value)
        == reference_labels(value)
        == (() if md_facts(value).simple else parsed)
    )
