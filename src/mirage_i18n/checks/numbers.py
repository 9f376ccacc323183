"""Numbers: every number of the source appears in the translation.

The source is read with the source language's separators and the translation with the
target language's (CLDR, through Babel): ``1,500.5`` in English is ``1 500,5`` in Swedish
(no-break space) and ``1.500,5`` in German. To keep good translations free of false
alarms, a number of the source counts as present when the translation writes it in
either convention, or as a plain digit run (``15`` in ``15:e``), or in words of the target
language (``nio``, ``treårigt``, ``тригодишен``: see :mod:`.spelled`). Words count only when
the translation has no digits the source lacks: "16" where the source says "15" is a changed
number even if the word "fifteen" happens to be there. The reverse holds too: the source's
"nine" explains a "9" of the translation.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from ..model import Message
from .context import EntryContext, LanguageRules
from .mdfacts import md_facts, source_facts
from .placeholders import BRACE_RE, EMAIL_RE, PRINTF_RE, URL_RE, may_hold_url
from .registry import check
from .spelled import fold, spelled_pattern, word_numbers
from .suppress import ignore_comment
from .util import language_cache, pairs, source_cache

SPACES = "\u00a0\u202f\u2009 "  # no-break, narrow no-break, thin, plain
# "\d\d*", not "\d+": a pattern that starts with a character class lets the search skip to the
# next digit at C speed, where "\d+" is tried at every position (three times slower; the same
# matches, tested)
DIGITS_RE = re.compile(r"\d\d*")
# Where none of these is, no number can be: a digit, or "&", as an entity could write one.
# (The check's gate, and its own shortcut for the English it reads once per language.)
MAY_HOLD_NUMBER = r"[\d&]"
_may_hold_number = re.compile(MAY_HOLD_NUMBER).search


@lru_cache(maxsize=64)
def _run_re(separators: str) -> re.Pattern[str]:
    seps = re.escape("".join(sorted(set(separators))))
    return re.compile(rf"\d\d*(?:[{seps}]\d+)*")  # "\d\d*": see DIGITS_RE


@lru_cache(maxsize=16384)
def canonical(run: str, decimal: str, group: str) -> str | None:
    """The value of ``run`` under one convention (normalised text), or None if not valid."""
    groups = {group} | (set(SPACES) if group in SPACES else set())
    integer, dot, fraction = run.partition(decimal) if decimal in run else (run, "", "")
    if dot and (not fraction.isdigit()):
        return None
    pieces = re.split("[" + re.escape("".join(groups)) + "]", integer)
    if not pieces[0].isdigit():
        return None
    if len(pieces) > 1 and not all(len(p) == 3 and p.isdigit() for p in pieces[1:]):
        return None
    whole = "".join(pieces).lstrip("0") or "0"
    fraction = fraction.rstrip("0")
    return f"{whole}.{fraction}" if fraction else whole


@language_cache(65536)
def _prose(text: str) -> str:
    """The visible text with URLs, addresses and placeholders (checked elsewhere) removed.

    Cached: english-left, both number checks and the project checks (wrong-language,
    wrong-paragraph) read the same translation's prose."""
    return prose_of(md_facts(text).text)


@source_cache
def source_prose(source: str) -> str:
    """:func:`_prose` of an English source, beside :func:`.mdfacts.source_facts`."""
    return prose_of(source_facts(source).text)


def prose_of(prose: str) -> str:
    """:func:`_prose` of Markdown facts' visible text, uncached."""
    # each pattern needs a character most prose lacks: skip the ones that cannot match
    if may_hold_url(prose):
        prose = URL_RE.sub(" ", prose)
    if "@" in prose:
        prose = EMAIL_RE.sub(" ", prose)
    if "{" in prose:
        prose = BRACE_RE.sub(" ", prose)
    if "%" in prose:
        prose = PRINTF_RE.sub(" ", prose)
    return prose


def source_numbers(text: str, rules: LanguageRules) -> list[tuple[str, str]]:
    """(as written, canonical value) for each number of a source text; the review page's live
    number check is fed from here."""
    return list(_source_numbers(text, rules.source_decimal, rules.source_group))


@source_cache
def _source_numbers(text: str, decimal: str, group: str) -> tuple[tuple[str, str], ...]:
    # every language checks the same English: read its numbers once
    if not _may_hold_number(text):
        return ()
    out: list[tuple[str, str]] = []
    for match in _run_re(decimal + group).finditer(_prose(text)):
        run = match.group(0)
        value = canonical(run, decimal, group)
        if value is not None:
            out.append((run, value))
        else:  # "15.10.2021": not one number; each digit run must survive
            out.extend((d, canonical(d, ".", ",") or d) for d in DIGITS_RE.findall(run))
    return tuple(out)


def _digit_runs(prose: str) -> set[str]:
    """The values of the bare digit runs (a subset of :func:`_values`)."""
    return {d.lstrip("0") or "0" for d in DIGITS_RE.findall(prose)}


def _values(prose: str, rules: LanguageRules) -> set[str]:
    values: set[str] = set()
    conventions = [(rules.decimal, rules.group), (rules.source_decimal, rules.source_group)]
    for decimal, group in conventions:
        seps = decimal + group + (SPACES if group in SPACES else "")
        for match in _run_re(seps).finditer(prose):
            value = canonical(match.group(0), decimal, group)
            if value is not None:
                values.add(value)
    values.update(canonical(d, ".", ",") or d for d in DIGITS_RE.findall(prose))
    return values


@check(
    id="number",
    severity="error",
    title="every number of the source present in the translation (local separators accepted)",
    needs=MAY_HOLD_NUMBER,
)
def numbers_present(msg: Message, ctx: EntryContext) -> Iterator[str]:
    rules = ctx.rules
    for source, text in pairs(msg):
        numbers = _source_numbers(source, rules.source_decimal, rules.source_group)
        if not numbers:
            continue  # nothing to look for: the translation's numbers do not matter
        prose = _prose(text)
        if _digit_runs(prose).issuperset(value for _, value in numbers):
            continue  # all found as plain digit runs, which every reading includes
        have = _values(prose, rules)
        missing = [(w, v) for w, v in numbers if v not in have]
        if not missing:
            continue
        words_count = not unexplained_digits(source, prose, rules)
        folded = fold(prose) if words_count else ""
        for written, value in missing:
            if words_count:
                pattern = words_pattern(value, ctx.lang)
                if pattern is not None and pattern.search(folded):
                    continue
            yield missing_number_message(written, ctx.lang, msg)


def words_pattern(value: str, lang: str) -> re.Pattern[str] | None:
    """What finds the canonical ``value`` written in words of ``lang`` in a :func:`fold`-ed
    translation, or None when words never stand for it (a fraction, a large number)."""
    return spelled_pattern(lang, int(value)) if value.isdigit() else None


def missing_number_message(written: str, lang: str, msg: Message) -> str:
    return (
        f"number {written} of the source is missing in the translation (digits, or "
        f"words in {lang}); if it is right as it is, add the translator comment "
        f"'# {ignore_comment(msg, ['number'])}'"
    )


def _known_digits(source: str, rules: LanguageRules) -> set[str]:
    return _digit_runs(source_prose(source)) | {
        v for _, v in _source_numbers(source, rules.source_decimal, rules.source_group)
    }


def explained_digits(source: str, rules: LanguageRules) -> frozenset[str]:
    """The digit runs (as values) a translation may hold because the source has them, in
    digits or in words: what :func:`unexplained_digits` leaves out."""
    words = {str(n) for n in word_numbers(source, rules.source_lang)}
    return frozenset(_known_digits(source, rules) | words)


def unexplained_digits(source: str, prose: str, rules: LanguageRules) -> set[str]:
    """Digit runs of the translation that no number of the source (digits or words) explains."""
    have = _digit_runs(prose)
    if not have:
        return set()
    left = have - _known_digits(source, rules)
    if left:
        left -= {str(n) for n in word_numbers(source, rules.source_lang)}
    return left


@source_cache
def _source_digit_runs(source: str) -> frozenset[str]:
    """The digit runs of an English text, as written (every language reads the same)."""
    return frozenset(DIGITS_RE.findall(source))


@check(
    id="number-added",
    severity="warning",
    title="no number in the translation that the source lacks (in digits or in words)",
    needs=r"[\d]",
)
def numbers_added(msg: Message, ctx: EntryContext) -> Iterator[str]:
    for source, text in pairs(msg):
        if _source_digit_runs(source).issuperset(DIGITS_RE.findall(text)):
            continue  # every digit run of the translation is in the source: the usual case
        extra = unexplained_digits(source, _prose(text), ctx.rules)
        if extra:
            shown = ", ".join(sorted(extra, key=lambda v: (len(v), v))[:4])
            yield (
                f"the translation has number(s) {shown} that the source does not have: a typo, "
                f"or the translation of another paragraph?"
            )
