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


# Texts that make folding and word splitting hard: combining marks (alone, after a space, in
# mixed order), compatibility characters that decompose to spaces or marks, final sigma,
# ligatures, letters whose case folding is longer (ß, ŉ), digits of other scripts.
FOLDING = st.text(
    alphabet=st.sampled_from(
        list(" \u00a0\u0301\u0308\u0327\u0344\u0345\u05b0\u0591\u00a8\u00b4ß\ufb01ŉİΣσςÅåÉé²٣_")
    )
    | st.characters(blacklist_categories=("Cs",)),
    max_size=40,
)


@settings(max_examples=500, deadline=None)
@given(FOLDING)
def test_folding_word_by_word_is_folding_the_whole(value: str) -> None:
    from mirage_i18n.checks.spelled import fold, fold_whole

    assert fold(value) == fold_whole(value)
    assert fold(value) == fold_whole(value)  # and again, from the word cache


def test_only_w_lower_cases_to_w() -> None:
    """may_hold_url looks for "www." in the lower-cased text only when a w or W is there."""
    assert [c for c in map(chr, range(sys.maxunicode + 1)) if "w" in c.lower()] == ["W", "w"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["www.", "WwW.", "w", "W", "://", ".", "a", "é", "x"]) | text))
def test_url_prefilter_is_the_plain_test(pieces: list[str]) -> None:
    value = "".join(pieces)
    assert may_hold_url(value) == ("://" in value or "www." in value.lower())


def test_cached_fields_are_the_computed_ones() -> None:
    from mirage_i18n.model import Catalog, EntryState, Message

    msg = Message("a", "b", flags=("fuzzy",))
    assert "state" not in msg.__dict__
    assert msg.state is EntryState.FUZZY and msg.__dict__["state"] is EntryState.FUZZY
    assert msg == Message("a", "b", flags=("fuzzy",))  # the cache is no field
    assert msg.with_flag("fuzzy", False).state is EntryState.REVIEWED
    catalog = Catalog(messages=(msg, Message("c", "d", obsolete=True)))
    assert catalog.active == (msg,) and catalog.active is catalog.active


# ---------------------------------------------------------------------------- the project checks

WORDS = st.lists(
    st.sampled_from(["ab", "abc", "Äbcd", "x1y", "a_bc", "ΑΒΓ", "ﬁne", "İst", "²ab", " ", ".", "9"])
    | st.characters(blacklist_categories=("Cs",)),
    max_size=30,
).map("".join)


@settings(max_examples=500, deadline=None)
@given(WORDS)
def test_counted_words_need_no_look_arounds(value: str) -> None:
    """The wrong-language gate's word pattern finds the whole runs of three letters or more,
    as the look-around form (the definition) does."""
    from mirage_i18n.checks.language import COUNTED_RE

    defined = re.compile(r"(?<![^\W\d_])[^\W\d_]{3,}(?![^\W\d_])")
    assert COUNTED_RE.findall(value) == defined.findall(value)
    assert COUNTED_RE.findall(value.lower()) == defined.findall(value.lower())


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from(["*a*", "**b**", "[l](https://x.eu)", "`c`", "&amp;", "\\*", "<b>", "w"])
        | st.sampled_from(["www.x.eu", "a@b.eu", "{n}", "%s", "MIraGE", "AMIF ", "é", " "])
        | text,
        max_size=30,
    ).map("".join)
)
def test_gate_head_without_the_parser_is_the_parsed_head(value: str) -> None:
    """The gate reads the head of the prose through the Markdown facts only when it holds a
    markup character: the facts of plain text are the text (what md_facts itself assumes)."""
    from mirage_i18n.checks.language import GATE_CHARS, _head_text, _without
    from mirage_i18n.checks.mdfacts import md_facts
    from mirage_i18n.checks.numbers import prose_of

    dnt = ("MIraGE", "AMIF")
    head = _prose(value)[:GATE_CHARS]
    assert _head_text(value, dnt) == _without(prose_of(md_facts.__wrapped__(head).text), dnt)


def _plain_usual_ratio(catalogs: list) -> float:  # type: ignore[type-arg]
    """usual_ratio as it was defined before it shared its pass (the reference)."""
    import statistics

    from mirage_i18n.checks.context import DISCLAIMER_CONTEXT
    from mirage_i18n.checks.coverage import MIN_LENGTH, MIN_SAMPLES
    from mirage_i18n.checks.util import pairs
    from mirage_i18n.model import EntryState

    ratios = [
        len(text) / len(source)
        for catalog, _ in catalogs
        for msg in catalog.active
        if msg.state is EntryState.REVIEWED and msg.context != DISCLAIMER_CONTEXT
        for source, text in pairs(msg)
        if text != source and len(source) >= MIN_LENGTH
    ]
    return statistics.median(ratios) if len(ratios) >= MIN_SAMPLES else 1.0


def test_lengths_are_shared_only_by_the_same_catalogues() -> None:
    """truncation and wrong-paragraph read a language's lengths once (both run on the same
    catalogues); other catalogues, or new ones with the same content, are read again, and the
    shared pass goes with its catalogues."""
    import gc

    from mirage_i18n.checks import coverage
    from mirage_i18n.checks.context import DISCLAIMER_CONTEXT
    from mirage_i18n.model import Catalog, Message

    from .helpers import make_context

    def catalogs(scale: int) -> list[tuple[Catalog, object]]:
        messages = [
            Message(f"Source text number {i} of the project, long enough.", "x" * (i * scale))
            for i in range(1, 30)
        ]
        messages += [
            Message("A plural source of some length", "y" * 40, msgid_plural="Plurals of it"),
            Message("A plural source of some length", msgid_plural="p", msgstr_plural=("z" * 9,)),
            Message("Disclaimer text of the project here.", "d" * 90, context=DISCLAIMER_CONTEXT),
            Message("Fuzzy text of the project, long enough.", "f" * 300, flags=("fuzzy",)),
            Message("Same as the source, long enough here", "Same as the source, long enough here"),
        ]
        half = len(messages) // 2
        return [
            (Catalog(messages=tuple(messages[:half])), make_context("sv", path="a.po")),
            (Catalog(messages=tuple(messages[half:])), make_context("sv", path="b.po")),
        ]

    first, second = catalogs(2), catalogs(3)
    for loaded in (first, second, first):
        assert coverage.usual_ratio(loaded) == _plain_usual_ratio(loaded)
        assert coverage._lengths(loaded) is coverage._lengths(loaded)  # shared
        texts = [(m, s, t) for m, _, s, t in coverage._lengths(loaded).texts]
        assert len(texts) == 31 and all(s != t for _, s, t in texts)
    # the same content in new catalogue objects: read again, the same answer
    copy = [(Catalog(messages=c.messages), ctx) for c, ctx in first]
    assert coverage._lengths(copy) is not coverage._lengths(first)
    assert coverage._lengths(copy) == coverage._lengths(first)
    # the same catalogues under other contexts (another path, other rules): read again
    moved = [(c, make_context("sv", path="c.po")) for c, _ in first]
    assert coverage._lengths(moved) is not coverage._lengths(first)
    assert {ctx.path for _, ctx, _, _ in coverage._lengths(moved).texts} == {"c.po"}
    # a catalogue more: read again
    assert coverage._lengths(first + second[:1]) is not coverage._lengths(first)
    # gone with the catalogues
    kept = coverage._lengths(second)
    assert coverage._last and coverage._last[0][1] is kept
    del second, kept
    gc.collect()
    assert not coverage._last


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["1", "22", "٣", "²", " ", "a", ".", "15:e"]) | text).map("".join))
def test_digit_runs_pattern_is_the_plain_repeat(value: str) -> None:
    from mirage_i18n.checks.numbers import DIGITS_RE

    assert DIGITS_RE.findall(value) == re.findall(r"\d+", value)


# The characters of mis-decoded UTF-8: every lead and continuation character, some of their
# neighbours, spaces and letters of the project's scripts.
MOJIBAKE_CHARS = st.sampled_from(
    list("\u00c1\u00c2\u00c3\u00e9\u00ef\u00f0 \u00a0\u007f\u0080\u00bf\u00c0\u0152\u2019\u201d")
    + list("\u2122\u20ac\u2013\u2021\u02dc\u02c6\u02c7a.Σд")
)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=MOJIBAKE_CHARS, max_size=12) | st.text(max_size=12))
def test_mojibake_pattern_finds_what_the_plain_alternation_finds(value: str) -> None:
    from mirage_i18n.checks.encoding import MOJIBAKE_RE

    lead, rest = MOJIBAKE_RE.pattern.split("(?:", 1)
    continuation = rest.split("|", 1)[0]
    plain = re.compile(f"{lead}{continuation}|\u00c3 ")
    assert [m.span() for m in MOJIBAKE_RE.finditer(value)] == [
        m.span() for m in plain.finditer(value)
    ]


@settings(max_examples=400, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from("0123456789 .,'\u00a0\u202f٣߃²a-") | st.characters(), max_size=30
    )
)
def test_digit_patterns_led_by_a_class_find_what_the_plain_ones_find(value: str) -> None:
    """DIGITS_RE and the number runs start with one \\d (the search then skips to a digit):
    the matches of "\\d+" and "\\d+(?:[seps]\\d+)*"."""
    from mirage_i18n.checks.numbers import DIGITS_RE, SPACES, _run_re

    def spans(pattern: re.Pattern[str]) -> list[tuple[int, int]]:
        return [m.span() for m in pattern.finditer(value)]

    assert spans(DIGITS_RE) == spans(re.compile(r"\d+"))
    for seps in (".,", ",." + SPACES, "'."):
        plain = re.compile(r"\d+(?:[" + re.escape("".join(sorted(set(seps)))) + r"]\d+)*")
        assert spans(_run_re(seps)) == spans(plain)


def test_findings_built_without_the_constructor_are_the_constructed_ones() -> None:
    import pickle

    from mirage_i18n.checks.engine import _entry_finding
    from mirage_i18n.checks.registry import all_checks
    from mirage_i18n.checks.results import Finding
    from mirage_i18n.checks.suppress import ignore_comment
    from mirage_i18n.model import Message

    from .helpers import make_context

    ctx = make_context("sv")
    msg = Message("See https://a.eu.", "Se https://b.eu.", lineno=7)
    fuzzy = Message("A", "B", flags=("fuzzy",), lineno=9)
    url, untranslated = all_checks()["url"], all_checks()["untranslated"]
    for info, message, line, path, entry, expected in [
        (url, "URL changed", None, None, msg, Finding(
            "url", "error", ctx.path, 7, "URL changed", "sv", ctx.domain, False,
            f"# {ignore_comment(msg, ['url'])}", True,
        )),
        (url, "x", 3, "other.po", fuzzy, Finding(
            "url", "error", "other.po", 3, "x", "sv", ctx.domain, True,
            f"# {ignore_comment(fuzzy, ['url'])}", False,
        )),
        (untranslated, "y", None, None, None, Finding(
            "untranslated", "warning", ctx.path, None, "y", "sv", ctx.domain,
        )),
    ]:  # fmt: skip
        built = _entry_finding(info, message, line, path, ctx, entry)
        assert built == expected and hash(built) == hash(expected)
        assert built.as_dict() == expected.as_dict() and vars(built) == vars(expected)
        assert pickle.loads(pickle.dumps(built)) == expected  # as workers send them back
