"""The engine's gates skip only checks that could not have reported.

Each gate (``needs``: characters an entry's texts must hold; ``screen`` and ``source_screen``:
tests its texts, or its English, must pass; ``states`` and ``contexts``: the entry states and
msgctxt values a check reports on) is a promise about a check function. These tests hold every gate to
it: findings with gates are the findings of calling every check on every entry.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mirage_i18n.catalog.plurals import plural_forms
from mirage_i18n.checks.engine import CheckPlan, check_catalog
from mirage_i18n.checks.registry import REGISTRY, all_checks, check
from mirage_i18n.model import Catalog, EntryState, Message

from .helpers import (
    APPROVED_SV_DISCLAIMER,
    DNT,
    FIXTURES,
    SV_HEADERS,
    make_context,
    rules_for_test,
)

REPO = Path(__file__).resolve().parents[2]
SPEC = json.loads(
    (REPO / "tests" / "data" / "commonmark-spec-0.31.2.json").read_text(encoding="utf-8")
)
TERMS = {"toolkit": "verktygslåda", "employers": "arbetsgivare"}


def _context(lang: str = "sv"):  # type: ignore[no-untyped-def]
    rules = rules_for_test(
        lang,
        do_not_translate=DNT,
        terms=TERMS,
        disclaimer=APPROVED_SV_DISCLAIMER,
        url_rewrites=(("/en/", "/sv/"),),
    )
    return make_context(lang, rules)


def _catalog(messages: list[Message], lang: str = "sv") -> Catalog:
    local = {"Language": lang, "Plural-Forms": plural_forms(lang) or ""}
    return Catalog(
        headers=tuple((k, local.get(k, v)) for k, v in SV_HEADERS), messages=tuple(messages)
    )


def _both(messages: list[Message], lang: str = "sv") -> tuple[list[object], list[object]]:
    checks = list(all_checks().values())
    catalog, ctx = _catalog(messages, lang), _context(lang)
    return (
        check_catalog(catalog, ctx, CheckPlan(checks, gates=True)),
        check_catalog(catalog, ctx, CheckPlan(checks, gates=False)),
    )


def test_the_gates_exist_and_are_character_classes() -> None:
    checks = all_checks()
    gated = {cid for cid, info in checks.items() if info.needs is not None}
    assert {
        "md-link-count",
        "md-link-target",
        "md-image",
        "md-code",
        "md-emphasis",
        "md-html",
        "md-reference",
        "email",
        "placeholder",
        "number",
        "number-added",
        "punctuation",
        "html-entity",
        "mask-token",
        "control-char",
        "hugo-shortcode",
    } <= gated
    for cid in gated:
        pattern = checks[cid].needs.pattern  # type: ignore[union-attr]
        assert pattern.startswith("[") and pattern.endswith("]") and not pattern.startswith("[^"), (
            cid
        )
    screened = {cid for cid, info in checks.items() if info.screen}
    assert {"mojibake", "url", "whitespace", "double-space", "doubled-punctuation"} <= screened
    assert {"name", "name-case", "glossary-dnt", "glossary-term"} <= {
        cid for cid, info in checks.items() if info.source_screen
    }
    assert checks["disclaimer"].contexts == {"disclaimer"}
    assert checks["untranslated"].states == {EntryState.UNTRANSLATED}
    assert checks["fuzzy"].states == checks["machine-translated"].states == {EntryState.FUZZY}


def test_a_gate_must_be_one_character_class() -> None:
    for bad in ("://", "[^a]", "a|b"):
        with pytest.raises(ValueError, match="character class"):
            check(id="x-test-gate", severity="warning", title="t", needs=bad)(lambda m, c: ())
    with pytest.raises(ValueError, match="entry and state"):
        check(id="x-test-gate", severity="warning", title="t", scope="catalog", needs="[a]")(
            lambda c, x: ()
        )
    assert "x-test-gate" not in REGISTRY


def test_gates_skip_work_on_plain_prose() -> None:
    """The point of the gates: a plain sentence is not handed to the Markdown checks."""
    plan = CheckPlan(all_checks().values())
    ran = {
        c.id
        for c in plan.checks_for(
            Message("We met in Rome.", "Vi träffades i Rom.", lineno=1), _context()
        )
    }
    assert not ran & {
        "md-link-count",
        "md-code",
        "email",
        "placeholder",
        "number",
        "fuzzy",
        "untranslated",
    }
    assert {"english-left", "same-as-source", "length-ratio"} <= ran
    assert not ran & {"punctuation", "mask-token", "html-entity", "number-added"}
    # the screens: no edge whitespace, no "  ", no URL, no mis-decoded pair, no doubled mark,
    # no name or acronym in the English, not the disclaimer
    assert not ran & {
        "whitespace",
        "double-space",
        "url",
        "mojibake",
        "doubled-punctuation",
        "name",
        "name-case",
        "disclaimer",
        "glossary-dnt",
        "glossary-term",
    }
    ran = {
        c.id
        for c in plan.checks_for(
            Message("See [the guide](/en/g) at 10:00.", "Se [guiden](/sv/g) kl. 10.00.", lineno=1),
            _context(),
        )
    }
    assert {"md-link-count", "md-link-target", "number"} <= ran


def test_per_language_screens_follow_each_language_glossary() -> None:
    """glossary-term runs where the English uses a term of the catalogue's language's glossary,
    glossary-dnt where it holds a do-not-translate term: languages interleaved on one plan."""
    plan = CheckPlan(all_checks().values())
    with_terms = _context("sv")
    without = make_context("de", rules_for_test("de", do_not_translate=("AMIF",)))
    other_terms = make_context(
        "fr", rules_for_test("fr", do_not_translate=DNT, terms={"toolkit": "boîte à outils"})
    )
    term = Message("A toolkit for you.", "En verktygslåda.", lineno=1)
    dnt = Message("MIraGE and AMIF.", "MIraGE och AMIF.", lineno=2)

    def ran(msg: Message, ctx) -> set[str]:  # type: ignore[no-untyped-def]
        return {c.id for c in plan.checks_for(msg, ctx)} & {"glossary-term", "glossary-dnt"}

    for _ in range(2):
        assert ran(term, with_terms) == {"glossary-term"}
        assert ran(term, without) == set()
        assert ran(dnt, with_terms) == {"glossary-dnt"}
        assert ran(dnt, without) == {"glossary-dnt"}
        assert ran(Message("MIraGE.", "MIraGE.", lineno=3), without) == set()  # not its term
        # the same do-not-translate terms as sv, another glossary: nothing learnt is shared
        employers = Message("For employers.", "Pour les employeurs.", lineno=4)
        assert ran(employers, with_terms) == {"glossary-term"}
        assert ran(employers, other_terms) == set()
        assert ran(term, other_terms) == {"glossary-term"}


# Texts from the characters every gate looks for, their look-alikes (full-width brackets,
# superscript and Arabic-Indic digits), entities that write them, and plain words.
PIECES = st.sampled_from(
    list("[]()*_`<>!&\\{}%@#.,:;?!0123456789 \n\t\u00a0")
    + [
        "［",
        "＠",
        "²",
        "٣",
        "&#49;",
        "&#x31;",
        "&amp;",
        "&lt;b&gt;",
        "&#91;",
        "&#64;",
        "https://a.eu/en/x",
        "www.a.eu",
        "x@y.eu",
        "<x@y.eu>",
        "<b>",
        "</b>",
        "**",
        "](",
        "![a](i.png)",
        "1,000",
        "2.5",
        "1 500,5",
        "%s",
        "%(n)d",
        "{n}",
        "MIraGE",
        "toolkit",
        "employers",
        "Rome",
        "Hello",
        "world.",
        "Verktygslåda",
        "  ",
        "\\\n",
        "{{<",
        ">}}",
        "{{%",
        "%}}",
        "/*",
        "*/",
        "\x0b",
        "\x01",
        "\x85",
        # what the screens look for, and what could make it without the plain characters
        "Ã©",
        "â€™",
        "Ã ",
        "Ã",
        "é«»",
        "PDF",
        "Pdf",
        "STP",
        "Anna Lindqvist",
        "anna Lindqvist",
        "WWW.a.eu",
        "https&#58;//a.eu",
        "https\\://a.eu",
        "http:*//*a.eu",
        "..",
        ",,",
        "„“",
        "«\u00a0»",
        " ",
        "\u2028",
    ]
)
TEXT = st.lists(PIECES | st.text(max_size=2), max_size=16).map("".join)


@st.composite
def messages(draw: st.DrawFn) -> Message:
    msgid = draw(TEXT)
    kind = draw(st.sampled_from(["other", "same", "empty", "plural", "disclaimer"]))
    flags = tuple(
        draw(
            st.lists(
                st.sampled_from(["fuzzy", "python-format", "c-format", "mt"]),
                unique=True,
                max_size=2,
            )
        )
    )
    comments = tuple(
        draw(
            st.lists(
                st.sampled_from(
                    ["mirage-mt: libre 2026-01-01", "mirage-ignore: number", "note to self"]
                ),
                max_size=1,
            )
        )
    )
    if kind == "plural":
        return Message(
            msgid,
            msgid_plural=draw(TEXT),
            msgstr_plural=(draw(TEXT), draw(TEXT)),
            flags=flags,
            user_comments=comments,
            lineno=3,
        )
    if kind == "disclaimer":
        text = draw(st.sampled_from([APPROVED_SV_DISCLAIMER, "Detta projekt 2021", ""]))
        return Message(msgid, text, context="disclaimer", flags=flags, lineno=3)
    msgstr = {"same": msgid, "empty": ""}.get(kind) or draw(TEXT)
    return Message(msgid, msgstr, flags=flags, user_comments=comments, lineno=3)


@settings(max_examples=600, deadline=None)
@given(st.lists(messages(), min_size=1, max_size=4), st.sampled_from(["sv", "de", "el", "fr"]))
@pytest.mark.slow
def test_gated_findings_are_the_ungated_findings(entries: list[Message], lang: str) -> None:
    gated, everything = _both(entries, lang)
    assert gated == everything


def _mangle(text: str) -> str:
    """A translation that keeps the letters but loses or moves markup: many checks fire."""
    return re.sub(
        r"[*_`\[\]()<>!&@{}%0-9]",
        lambda m: {"[": "(", "(": "[", "*": "_"}.get(m.group(0), ""),
        text,
    )[::-1]


@pytest.mark.parametrize("how", ["identity", "mangled"])
def test_gated_findings_on_every_commonmark_example(how: str) -> None:
    entries = [
        Message(
            ex["markdown"],
            ex["markdown"] if how == "identity" else _mangle(ex["markdown"]),
            lineno=ex["example"],
        )
        for ex in SPEC
    ]
    gated, everything = _both(entries)
    assert gated == everything
    if how == "mangled":
        assert len({f.check_id for f in everything}) >= 8  # the comparison is not vacuous


def test_gated_findings_on_the_fixture_catalogues() -> None:
    from mirage_i18n.catalog.poreader import parse_po

    for path in sorted(FIXTURES.glob("*.po")):
        catalog = parse_po(path.read_text(encoding="utf-8"), str(path))
        messages = list(catalog.active)
        broken = [
            Message(m.msgid, _mangle(m.msgstr), lineno=m.lineno) for m in messages if m.msgstr
        ]
        gated, everything = _both(messages + broken)
        assert gated == everything, path.name
        assert everything, path.name


def _quality_faults():  # type: ignore[no-untyped-def]
    """benchmarks/quality/faults.py, the fault injector of the quality benchmark."""
    import importlib.util

    path = REPO / "benchmarks" / "quality" / "faults.py"
    spec = importlib.util.spec_from_file_location("quality_faults", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_gated_findings_on_the_quality_corpus_with_every_fault() -> None:
    """The quality corpus (real translations of EU-project news in the eight languages), clean
    and with each kind of fault of the quality benchmark injected, checked as validate checks
    it: one plan shared by every catalogue of every language (its per-msgid caches filled by
    the first, used by the others), entry, catalogue and project checks. A gate or a cache that
    lost a finding would show here: the same runs without gates must find the same."""
    from dataclasses import replace

    from mirage_i18n.catalog.poreader import read_po_bytes
    from mirage_i18n.checks.context import CatalogContext, language_rules
    from mirage_i18n.checks.engine import check_project
    from mirage_i18n.config import load_settings

    root = REPO / "benchmarks" / "quality" / "project"
    faults = _quality_faults()
    kinds = {"clean": [], **faults.plan(faults.load_corpus(root))}
    settings = load_settings(root)
    checks = list(all_checks().values())
    gated, plain = CheckPlan(checks, gates=True), CheckPlan(checks, gates=False)
    rules = {lang: language_rules(settings, lang) for lang in settings.languages}
    files = {
        lang: sorted((root / "locales" / lang / "LC_MESSAGES").rglob("*.po"))
        for lang in settings.languages
    }
    fired: set[str] = set()
    for kind, kind_faults in kinds.items():
        after = {(f.lang, f.domain, f.msgid): f.after for f in kind_faults}
        found: dict[bool, list[object]] = {True: [], False: []}
        for lang in settings.languages:
            base = root / "locales" / lang / "LC_MESSAGES"
            loaded = []
            for path in files[lang]:
                domain = path.relative_to(base).with_suffix("").as_posix()
                catalog = read_po_bytes(path.read_bytes(), str(path))
                messages = tuple(
                    replace(m, msgstr=after.get((lang, domain, m.msgid), m.msgstr))
                    for m in catalog.messages
                )
                text = path.read_text(encoding="utf-8")
                ctx = CatalogContext(lang, domain, str(path), rules[lang], text)
                loaded.append((replace(catalog, messages=messages), ctx))
            for with_gates, plan in ((True, gated), (False, plain)):
                for catalog, ctx in loaded:
                    found[with_gates] += check_catalog(catalog, ctx, plan)
                found[with_gates] += check_project(plan, loaded, lang)
        assert found[True] == found[False], kind
        fired |= {f.check_id for f in found[False]}  # type: ignore[attr-defined]
    assert len(kinds) >= 15 and all(list(kinds.values())[1:])  # every kind of fault injected
    assert len(fired) >= 20  # the comparison is not vacuous
