"""Does the translation render the whole source, and only it?

* ``english-left``: a run of the English prose (four words or more, at least two of them
  ordinary lower-case words, so names and titles do not count) is still in the translation.
* ``truncation``: the translation has fewer sentences than the source and is clearly shorter
  than this language's translations usually are, or far shorter whatever its sentences.
  "Usually" is learnt from the project: the median of translation length / source length
  over the language's reviewed entries (Swedish runs about as long as English, Greek and
  French longer), so one threshold serves every language pair.
* ``wrong-paragraph``: the translation names things the source does not (numbers, links,
  addresses, do-not-translate terms) while its length is far from the usual ratio: the
  translation of another paragraph pasted into this entry.

Sentences are counted by sentencex (Wikimedia's segmenter: abbreviations of each language,
``г.``, ``Dr.``, ``z. B.``, a Greek question mark). Both project-scope checks run once per
language over all its catalogues, since the ratio is a property of the language pair.
"""

from __future__ import annotations

import re
import statistics
import weakref
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from ..model import Catalog, EntryState, Message
from .context import DISCLAIMER_CONTEXT, CatalogContext, EntryContext, LanguageRules
from .mdfacts import md_facts, source_facts
from .numbers import _prose, source_prose, unexplained_digits
from .placeholders import emails, urls
from .registry import Problem, check
from .spelled import fold
from .suppress import ignore_comment
from .util import language_cache, pairs, quote, source_cache

RUN = 4  # words of English in a row that make "English left"
PROSE_WORDS = 2  # of which at least this many ordinary lower-case words
MIN_SAMPLES = 10  # reviewed entries needed to learn a ratio; fewer: assume 1.0
MIN_LENGTH = 20  # shorter sources (titles, list items) say little about a ratio
SHORT = 0.8  # fewer sentences and below this share of the usual length: truncated
VERY_SHORT = 0.5  # below this share of the usual length: truncated whatever the sentences
FAR = (0.45, 2.2)  # a length this far from the usual one, with foreign anchors: another text

WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")  # words as english-left reads them
_PIECES_RE = re.compile(r"[|()\[\]:;.!?\"“”]")  # a run never crosses these


def _source_runs(source: str, dnt: tuple[str, ...]) -> frozenset[tuple[str, ...]]:
    """Every run of RUN words of the English prose with enough ordinary words."""
    prose = source_prose(source)
    for term in dnt:
        prose = prose.replace(term, " | ")
    runs: set[tuple[str, ...]] = set()
    for piece in _PIECES_RE.split(prose):
        words = WORD_RE.findall(piece)
        if len(words) < RUN:
            continue
        # each word folded once (a word holds no combining mark, so folding the words of a
        # run one by one is folding the run: tested against the joined form)
        folded = [_folded_word(w) for w in words]
        prose_word = [w.islower() and len(w) > 1 for w in words]
        single = all(len(f) == 1 for f in folded)  # the usual case: one word folds to one
        flat = [f[0] for f in folded] if single else []
        count = sum(prose_word[: RUN - 1])  # ordinary words in the window, kept as it slides
        for i in range(len(words) - RUN + 1):
            count += prose_word[i + RUN - 1]
            if count >= PROSE_WORDS:
                if single:
                    runs.add(tuple(flat[i : i + RUN]))
                else:
                    runs.add(tuple(t for f in folded[i : i + RUN] for t in f))
            count -= prose_word[i]
    return frozenset(runs)


@lru_cache(maxsize=65536)
def _folded_word(word: str) -> tuple[str, ...]:
    """A word as the runs hold it (English repeats its words: folded once each)."""
    return tuple(WORD_RE.findall(fold(word)))


def source_runs(
    source: str, rules: LanguageRules, context: str | None
) -> frozenset[tuple[str, ...]]:
    """The runs of :func:`fold`-ed English words that english-left looks for in a translation
    of ``source`` (none where English may stay: the disclaimer, an allowed text)."""
    if _english_may_stay(source, rules, context):
        return frozenset()
    return _source_runs(source, rules.do_not_translate)


def _english_may_stay(source: str, rules: LanguageRules, context: str | None) -> bool:
    return context == DISCLAIMER_CONTEXT or source in rules.same_as_source_allow


class _Runs(NamedTuple):
    """:func:`_source_runs` as english-left keeps it for every English text: the keys its
    screen reads for every translation, and the runs as one text, which only a translation
    that passes the screen unpacks. A long paragraph has some 80 runs: a frozenset of them
    (with two caches keyed by it) was 8 kB, their text is 2.5 kB (60 MB less at N = 4,000)."""

    keys: tuple[str, ...]  # the longest word of each run: see english_left
    text: str  # a line per run, its words separated by spaces (WORD_RE: a word holds neither)

    def runs(self) -> set[tuple[str, ...]]:
        return {tuple(line.split(" ")) for line in self.text.split("\n")}

    def vocabulary(self) -> set[str]:
        return set(self.text.split())


@source_cache
def _english_runs(source: str, dnt: tuple[str, ...]) -> _Runs | None:
    # an empty run (words that fold to nothing) matches no window of RUN words: left out
    runs = [run for run in _source_runs(source, dnt) if run]
    if not runs:
        return None
    keys = tuple({max(run, key=len) for run in runs})
    return _Runs(keys, "\n".join(" ".join(run) for run in runs))


def _runs_of(source: str, rules: LanguageRules, context: str | None) -> _Runs | None:
    """:func:`source_runs`, as english-left reads them."""
    if _english_may_stay(source, rules, context):
        return None
    return _english_runs(source, rules.do_not_translate)


def english_left_message(shown: str, msg: Message) -> str:
    return (
        f"English left in the translation: {quote(shown)}; translate it, or, if it must "
        f"stay in English (a title, a quotation), add '# {ignore_comment(msg, ['english-left'])}'"
    )


@check(
    id="english-left",
    severity="error",
    title="no run of English words from the source left in the translation",
)
def english_left(msg: Message, ctx: EntryContext) -> Iterator[str]:
    # the English disclaimer is an approved fallback: the disclaimer check decides
    for source, text in pairs(msg):
        if text == source:
            continue  # same-as-source reports an untouched entry
        english = _runs_of(source, ctx.rules, msg.context)
        if english is None:
            continue
        folded = fold(_prose(text))
        # a translation holding a run holds its key (its longest word) as a substring, so one
        # without any key is done after a few substring searches (no word split)
        for key in english.keys:
            if key in folded:
                break
        else:
            continue  # no run can be there
        words = WORD_RE.findall(folded)
        if len(english.vocabulary().intersection(words)) < RUN - 1:
            continue  # too few of the source's words to hold a run of them
        runs = english.runs()
        hits = [i for i in range(len(words) - RUN + 1) if tuple(words[i : i + RUN]) in runs]
        if not hits:
            continue
        start = hits[0]
        end = start + RUN
        while end < len(words) and end - RUN + 1 in hits:
            end += 1
        yield english_left_message(" ".join(words[start:end]), msg)


# ---------------------------------------------------------------------------- length and sentences


@language_cache(65536)
def sentence_count(text: str, lang: str) -> int:
    return _sentences(md_facts(text).text, lang)


@source_cache
def source_sentence_count(source: str, lang: str) -> int:
    """:func:`sentence_count` of an English source, beside :func:`.mdfacts.source_facts`."""
    return _sentences(source_facts(source).text, lang)


def _sentences(prose: str, lang: str) -> int:
    from sentencex import segment

    return sum(1 for s in segment(lang.split("_")[0].split("-")[0], prose) if s.strip())


_Text = tuple[Message, CatalogContext, str, str]  # an entry, its catalogue, source, translation


@dataclass(frozen=True)
class _Lengths:
    """What truncation and wrong-paragraph read of a language's catalogues, in one pass."""

    texts: tuple[_Text, ...]  # every translation that is not the source (disclaimer left out)
    usual: float  # the median translation/source length over the reviewed entries


# The last language's lengths, with weak references to its catalogues and their contexts:
# both checks run on the same ones one after the other, and both are frozen (the same objects,
# the same answer), so the second check reuses the first one's pass. Forgotten with the
# catalogues (the texts hold their entries and contexts, which must not outlive them).
_Memo = tuple[tuple["weakref.ref[Catalog | CatalogContext]", ...], _Lengths]
_last: list[_Memo] = []


def _forget(memo: _Memo) -> None:
    if _last and _last[0] is memo:
        _last.clear()


def _lengths(catalogs: Sequence[tuple[Catalog, CatalogContext]]) -> _Lengths:
    if _last:
        refs, known = _last[0]
        objects = [item for pair in catalogs for item in pair]
        if len(refs) == len(objects) and all(ref() is item for ref, item in zip(refs, objects)):
            return known
    texts: list[_Text] = []
    ratios: list[float] = []
    reviewed = EntryState.REVIEWED
    for catalog, ctx in catalogs:
        for msg in catalog.active:
            if msg.context == DISCLAIMER_CONTEXT:
                continue
            for source, text in pairs(msg):
                if text != source:
                    texts.append((msg, ctx, source, text))
                    if msg.state is reviewed and len(source) >= MIN_LENGTH:
                        ratios.append(len(text) / len(source))
    usual = statistics.median(ratios) if len(ratios) >= MIN_SAMPLES else 1.0
    lengths = _Lengths(tuple(texts), usual)
    if catalogs:
        memo = (tuple(weakref.ref(item) for pair in catalogs for item in pair), lengths)
        _last[:] = [memo]
        weakref.finalize(catalogs[0][0], _forget, memo)
    return lengths


def usual_ratio(catalogs: Sequence[tuple[Catalog, CatalogContext]]) -> float:
    """Median translation/source length over the language's reviewed entries."""
    return _lengths(catalogs).usual


@check(
    id="truncation",
    severity="error",
    title="translation not cut short: fewer sentences than the source, or far below the language's usual length",
    scope="project",
)
def truncation(catalogs: Sequence[tuple[Catalog, CatalogContext]], lang: str) -> Iterator[Problem]:
    lengths = _lengths(catalogs)
    usual = lengths.usual
    src_lang = catalogs[0][1].rules.source_lang if catalogs else "en"
    for msg, ctx, source, text in lengths.texts:
        if len(source) < MIN_LENGTH:
            continue
        share = len(text) / len(source) / usual
        if share >= SHORT:
            continue
        want, got = source_sentence_count(source, src_lang), sentence_count(text, lang)
        if got < want or share < VERY_SHORT:
            what = f"has {got} sentence(s) where the source has {want}, and " if got < want else ""
            yield Problem(
                f"the translation {what}is {share:.0%} of the length {lang} translations "
                f"usually have: was the end cut off? If it is complete, add "
                f"'# {ignore_comment(msg, ['truncation'])}'",
                path=ctx.path,
                msg=msg,
            )


def _anchors(text: str, dnt: Sequence[str], renderings: dict[str, tuple[str, ...]]) -> set[str]:
    found = {t for t in dnt if t in text}
    for term, forms in renderings.items():
        if any(f.lower() in text.lower() for f in forms):
            found.add(term)
    return found | set(urls(text)) | set(emails(text))


@check(
    id="wrong-paragraph",
    severity="error",
    title="the translation is of this paragraph: no numbers, links or names foreign to the source, with a length far from the usual",
    scope="project",
)
def wrong_paragraph(
    catalogs: Sequence[tuple[Catalog, CatalogContext]], lang: str
) -> Iterator[Problem]:
    lengths = _lengths(catalogs)
    usual = lengths.usual
    low, high = FAR
    for msg, ctx, source, text in lengths.texts:
        share = len(text) / max(len(source), 1) / usual
        if low <= share <= high:
            continue
        rules = ctx.rules
        renderings = dict(rules.dnt_renderings)
        foreign = sorted(
            _anchors(text, rules.do_not_translate, renderings)
            - _anchors(source, rules.do_not_translate, renderings)
        )
        foreign += sorted(unexplained_digits(source, _prose(text), rules))
        if not foreign:
            continue
        yield Problem(
            f"the translation mentions {', '.join(quote(a, 40) for a in foreign[:4])}, which the "
            f"source does not, and is {share:.0%} of the usual length: is it the translation of "
            f"another paragraph?",
            path=ctx.path,
            msg=msg,
        )
