"""Small helpers shared by the checks."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from functools import _lru_cache_wrapper, lru_cache
from typing import Any, TypeVar

from ..model import Message

# Entries of a cache keyed by English text (or by what is made of it): every language checks
# the same English, one language after another, so such a cache must hold all of a project's
# source texts. One that holds fewer is LRU's worst case, a scan larger than the cache, and
# misses every time: at N = 4,000 articles (37,000 distinct sources) the 32,768-entry cache of
# english-left's runs made validate 50 % slower (benchmarks/README.md, "Caches sized to the
# project"). 262,144 sources is a 28,000-article project; memory is bounded by the project.
SOURCE_CACHE = 262_144

_T = TypeVar("_T")
_SOURCE_CACHES: list[_lru_cache_wrapper[Any]] = []
_LANGUAGE_CACHES: list[_lru_cache_wrapper[Any]] = []


def source_cache(fn: Callable[..., _T]) -> _lru_cache_wrapper[_T]:
    """An LRU cache of what is made of English texts (``SOURCE_CACHE`` entries): kept from one
    language to the next, dropped by :func:`clear_caches` once every language is checked."""
    cached = lru_cache(maxsize=SOURCE_CACHE)(fn)
    _SOURCE_CACHES.append(cached)
    return cached


def language_cache(maxsize: int) -> Callable[[Callable[..., _T]], _lru_cache_wrapper[_T]]:
    """An LRU cache of what is made of one language's translations (the checks of an entry
    share it). No other language asks for the same text, so it is emptied when a language's
    checks end (:func:`clear_language_caches`): kept, it held the last 65,536 translations
    of earlier languages, 45 MB of a build at N = 4,000."""

    def wrap(fn: Callable[..., _T]) -> _lru_cache_wrapper[_T]:
        cached = lru_cache(maxsize=maxsize)(fn)
        _LANGUAGE_CACHES.append(cached)
        return cached

    return wrap


def clear_language_caches() -> None:
    for cached in _LANGUAGE_CACHES:
        cached.cache_clear()


def clear_caches() -> None:
    """Empty every check cache: a build renders its pages after the last language's checks,
    without the English facts (150 MB at N = 4,000) the checks kept."""
    clear_language_caches()
    for cached in _SOURCE_CACHES:
        cached.cache_clear()


def pairs(msg: Message) -> tuple[tuple[str, str], ...]:
    """(source, translation) pairs of an entry: one, or one per plural form.

    Plural form 0 is compared with ``msgid`` and the others with ``msgid_plural``.
    Empty translations are skipped: they are the ``untranslated`` check's business.
    A tuple rather than a generator: every entry check asks for it, the engine first, so the
    last entry's pairs are kept (an entry is frozen; the kept reference keeps its id unique).
    """
    global _last
    last = _last
    if last[0] is msg:
        return last[1]
    if msg.msgid_plural is None:
        out: tuple[tuple[str, str], ...] = ((msg.msgid, msg.msgstr),) if msg.msgstr else ()
    else:
        plural = msg.msgid_plural
        out = tuple(
            ((msg.msgid if index == 0 else plural), text)
            for index, text in enumerate(msg.msgstr_plural)
            if text
        )
    _last = (msg, out)  # one assignment: a thread never sees one entry's pairs for another
    return out


_last: tuple[object, tuple[tuple[str, str], ...]] = (None, ())


def rewrite_candidates(target: str, rewrites: Iterable[tuple[str, str]]) -> set[str]:
    """Every form a source link target may take in a translation under the rewrite rules."""
    out = {target}
    rules = list(rewrites)
    for old, new in rules:
        if old in target:
            out.add(target.replace(old, new))
    combined = target
    for old, new in rules:
        combined = combined.replace(old, new)
    out.add(combined)
    return out


def unmatched(
    source: Iterable[str], translation: Iterable[str], rewrites: Iterable[tuple[str, str]] = ()
) -> tuple[list[str], list[str]]:
    """Items of the source with no counterpart in the translation, and vice versa.

    Each translation item may stand for one source item, either verbatim or rewritten.
    """
    left = list(source)
    items = list(translation)
    if left == items:
        return [], []  # the usual case (often both empty): everything matches exactly
    rules = list(rewrites)
    right = Counter(items)
    missing: list[str] = []
    # Exact matches first, so a rewrite never steals an item an exact match needs.
    pending: list[str] = []
    for item in left:
        if right[item] > 0:
            right[item] -= 1
        else:
            pending.append(item)
    for item in pending:
        for candidate in sorted(rewrite_candidates(item, rules)):
            if right[candidate] > 0:
                right[candidate] -= 1
                break
        else:
            missing.append(item)
    extra = [item for item, n in right.items() for _ in range(n)]
    return missing, extra


def quote(text: str, limit: int = 60) -> str:
    """A short, unambiguous rendering of a text for a one-line message."""
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return repr(text)
