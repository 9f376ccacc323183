"""Numbers written in words, from CLDR's rule-based number format (``unicode-rbnf``).

Good translators write small numbers in words: "in 9 EU languages" is "på nio EU-språk",
"a 3-year project" is "ett treårigt projekt", "тригодишен проект", "τριετές έργο",
"dreijähriges Projekt", "hároméves projekt". CLDR's spellout rules give every cardinal and
ordinal form of a number with its genders and cases (``tre``, ``tredje``; ``три``, ``трима``,
``трета``; ``τρία``, ``τρεις``, ``τρίτος``); a word that starts with one of them counts, so
compounds and inflected forms do (``treårigt``, ``шестте``, ``tízből``). Texts are compared
without accents and case (``două`` = ``doua``, ``şase`` = ``șase``), and a form may lose its
final vowel in a compound (``τρία`` → ``τριετές``).

CLDR has no combining forms of Greek and Latin origin (``διετής``, ``triennale``,
``двугодишен``, ``μονόδρομος``): :data:`COMBINING` adds those few prefixes, which count only
at the start of a longer word.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

MAX_SPELLED = 100  # larger numbers are written in digits in news prose
MIN_STEM = 3  # a form without its final vowel must keep this many letters
VOWELS = frozenset("aeiouyαεηιουωаеиоуъюяэы")
# Combining forms of Greek and Latin origin, by language (accents removed).
COMBINING: dict[str, dict[int, tuple[str, ...]]] = {
    "el": {
        1: ("μονο",),
        2: ("δι", "δυο"),
        3: ("τρι",),
        4: ("τετρα",),
        5: ("πεντα",),
        6: ("εξα",),
        7: ("επτα",),
        8: ("οκτα",),
        10: ("δεκα",),
    },
    "bg": {2: ("дву",), 3: ("три",), 4: ("четири",)},
    "it": {1: ("mono", "uni"), 2: ("bi",), 3: ("tri",), 4: ("quadri",), 5: ("quinqu",)},
    "fr": {1: ("mono", "uni"), 2: ("bi",), 3: ("tri",), 4: ("quadri",), 5: ("quinqu",)},
    "ro": {1: ("mono", "uni"), 2: ("bi",), 3: ("tri",), 4: ("cvadri",)},
    "de": {2: ("bi",), 3: ("tri",)},
    "sv": {2: ("bi",), 3: ("tri",)},
    "hu": {2: ("bi",), 3: ("tri",)},
}


MARKS_RE = re.compile(r"[\u0300-\u036f]+")  # the accents fold drops (after NFKD)


def fold(text: str) -> str:
    """Lower case without accents: the form both sides are compared in.

    Folded word by word (split at spaces), each word once: case folding is per character and
    NFKD decomposes each character on its own, reordering only runs of combining marks, which
    a space (a starter) ends; so the pieces fold to the whole's folding (tested against
    folding the whole text), and a language's words recur in every entry.
    """
    if text.isascii():  # no accent, no compatibility character; case folding is lower()
        return text.lower()
    return " ".join(map(_fold_word, text.split(" ")))


@lru_cache(maxsize=65536)
def _fold_word(word: str) -> str:
    return fold_whole(word)


def fold_whole(text: str) -> str:
    """:func:`fold` in one piece: the definition."""
    return MARKS_RE.sub("", unicodedata.normalize("NFKD", text.casefold()))


@lru_cache(maxsize=32)
def _engine(lang: str) -> object | None:
    try:
        from unicode_rbnf import RbnfEngine

        return RbnfEngine.for_language(lang.replace("-", "_").split("_")[0])
    except Exception:  # a language CLDR has no spellout rules for
        return None


@lru_cache(maxsize=4096)
def spellings(lang: str, value: int) -> tuple[str, ...]:
    """Every CLDR spellout of ``value`` in ``lang`` (cardinal and ordinal, all genders), folded."""
    engine = _engine(lang)
    if engine is None:
        return ()
    out: set[str] = set()
    for name in engine.rulesets:  # type: ignore[attr-defined]
        if not (name.startswith("spellout-cardinal") or name.startswith("spellout-ordinal")):
            if name != "spellout-numbering":
                continue
        try:
            text = engine.format_number(value, ruleset_names=[name]).text  # type: ignore[attr-defined]
        except Exception:  # a private ruleset without a rule for this value
            continue
        text = fold(text.strip())
        if len(text) >= 2 and not text.startswith(("-", " ")):
            out.add(text)
    return tuple(sorted(out, key=len, reverse=True))


@lru_cache(maxsize=4096)
def _pattern(lang: str, value: int) -> re.Pattern[str] | None:
    forms = spellings(lang, value)
    if not forms:
        return None
    pieces = []
    for form in forms:
        # multi-word forms ("twenty-one", "douazeci si unu") with any spacing or hyphen
        words = [re.escape(w) for w in re.split(r"[\s\u00ad-]+", form) if w]
        pieces.append(r"[\s-]*".join(words))
        if " " not in form and len(form) > MIN_STEM and form[-1] in VOWELS:
            pieces.append(re.escape(form[:-1]) + r"(?=\w)")  # τρια → τριετες
    base = lang.replace("-", "_").split("_")[0]
    for prefix in COMBINING.get(base, {}).get(value, ()):
        pieces.append(re.escape(prefix) + r"(?=\w{3})")
    return re.compile(r"(?<!\w)(?:" + "|".join(pieces) + ")")


def spelled_pattern(lang: str, value: int) -> re.Pattern[str] | None:
    """What finds ``value`` written in words of ``lang`` in a :func:`fold`-ed text, or None
    (out of range, or no spellout rules for the language)."""
    return _pattern(lang, value) if 0 <= value <= MAX_SPELLED else None


def spelled_in(text: str, lang: str, value: int) -> bool:
    """Does ``text`` (already :func:`fold`-ed) write ``value`` in words of ``lang``?"""
    pattern = spelled_pattern(lang, value)
    return pattern is not None and pattern.search(text) is not None


@lru_cache(maxsize=8)
def _word_values(lang: str) -> dict[str, int]:
    """Folded spellout → value, for the source language's words (``nine`` → 9)."""
    out: dict[str, int] = {}
    for value in range(2, MAX_SPELLED + 1):  # "one"/"first" are articles and idioms more often
        for form in spellings(lang, value):
            out.setdefault(form, value)
    return out


_WORDS_RE = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)?")


@lru_cache(maxsize=32768)
def word_numbers(text: str, lang: str) -> frozenset[int]:
    """The numbers a source text writes in words (``nine EU languages`` → {9})."""
    table = _word_values(lang)
    if not table:
        return frozenset()
    return frozenset(table[w] for w in _WORDS_RE.findall(fold(text)) if w in table)
