"""Glossary checks: do-not-translate terms kept verbatim, required target terms used."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import lru_cache, partial

from ..model import Message
from .context import EntryContext, LanguageRules
from .registry import PerLanguage, TextTest, check
from .util import pairs, quote, source_cache


def _holds_a_dnt_term(rules: LanguageRules) -> TextTest | None:
    """Where glossary-dnt may report: an English text holding a do-not-translate term."""
    return _test(_terms_in, rules.do_not_translate) if rules.do_not_translate else None


@lru_cache(maxsize=256)
def _test(
    func: Callable[[tuple[str, ...], str], tuple[str, ...]], terms: tuple[str, ...]
) -> TextTest:
    """One test object per glossary: languages with the same terms share what the engine
    learns from each English text."""
    return partial(func, terms)


@check(
    id="glossary-dnt",
    severity="error",
    title="do-not-translate terms (names, acronyms) kept verbatim",
    source_screen=PerLanguage(_holds_a_dnt_term),
)
def do_not_translate(msg: Message, ctx: EntryContext) -> Iterator[str]:
    rules = ctx.rules
    for source, text in pairs(msg):
        for term in _terms_in(rules.do_not_translate, source):
            if term in text or term in rules.dnt_exempt:
                continue
            accepted = rules.dnt_renderings.get(term, ())
            if any(term_pattern(r).search(text) for r in accepted):
                continue
            yield dnt_message(term, ctx.lang, accepted)


@source_cache
def _terms_in(terms: tuple[str, ...], source: str) -> tuple[str, ...]:
    """The do-not-translate terms (in glossary order) that the English ``source`` holds: every
    language asks about the same sources."""
    return tuple(term for term in terms if term in source)


def dnt_message(term: str, lang: str, accepted: tuple[str, ...]) -> str:
    listed = ", ".join(f'"{r}"' for r in accepted)
    line = f'{_toml_key(term)} = [{listed + ", " if listed else ""}"<how {lang} writes it>"]'
    return (
        f"do-not-translate term {quote(term)} is missing or altered in the translation; "
        f"keep it as it is, or, if {lang} writes it another way, add under "
        f"[renderings.{lang}] in glossary.toml: {line}"
    )


def _toml_key(term: str) -> str:
    return term if re.fullmatch(r"[A-Za-z0-9_-]+", term) else '"' + term.replace('"', '\\"') + '"'


VOWELS = frozenset("aeiouyåäöéèàìòùáíóúőűâêîôûæøœ")
MIN_STEM = 5


@lru_cache(maxsize=4096)
def _starts_word(term: str, case_sensitive: bool) -> re.Pattern[str]:
    """A word starting with the term, so inflected forms count (TCN:s, employers).

    A final vowel of a longer term may change in inflection (arbetsgivare → arbetsgivarna,
    formazione → formazioni), so the term without it counts too.
    """
    stem = term[:-1] if len(term) >= MIN_STEM and term[-1].lower() in VOWELS else term
    return re.compile(r"(?<!\w)" + re.escape(stem), 0 if case_sensitive else re.IGNORECASE)


def term_pattern(term: str) -> re.Pattern[str]:
    """What finds a glossary target or rendering in a translation (inflected forms count)."""
    return _starts_word(term, _case_sensitive(term))


@lru_cache(maxsize=4096)
def _case_sensitive(term: str) -> bool:
    """Acronyms and mixed case (TCN, MIraGE) must match exactly; ordinary words need not."""
    return any(c.isupper() for c in term[1:])


@source_cache
def _mentions(term: str, source: str) -> bool:
    """Does the English ``source`` use ``term``? Every language asks about the same sources."""
    return _starts_word(term, _case_sensitive(term)).search(source) is not None


@source_cache
def _mentioned(terms: tuple[str, ...], source: str) -> tuple[str, ...]:
    """The terms (in glossary order) that ``source`` uses: one look-up per entry, not per term."""
    return tuple(term for term in terms if _mentions(term, source))


def mentioned_terms(terms: tuple[str, ...], source: str) -> tuple[str, ...]:
    """The glossary's English terms (in its order) that the English ``source`` uses."""
    return _mentioned(terms, source)


def required_term_message(english: str, target: str, lang: str) -> str:
    return (
        f"glossary: {quote(english)} is {quote(target)} in {lang} "
        f"(inflected forms starting with it count)"
    )


def _mentions_a_term(rules: LanguageRules) -> TextTest | None:
    """Where glossary-term may report: an English text using a term of the language's glossary."""
    return _test(_mentioned, tuple(rules.terms)) if rules.terms else None


@check(
    id="glossary-term",
    severity="warning",
    title="required target terms of the language's glossary used",
    source_screen=PerLanguage(_mentions_a_term),
)
def required_terms(msg: Message, ctx: EntryContext) -> Iterator[str]:
    terms = ctx.rules.terms
    if not terms:
        return
    englishes = tuple(terms)
    for source, text in pairs(msg):
        for english in _mentioned(englishes, source):
            target = terms[english]
            if not term_pattern(target).search(text):
                yield required_term_message(english, target, ctx.lang)
