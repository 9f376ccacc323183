"""Translation memory: reuse reviewed translations of the same language.

Exact matches first (a dict lookup), then fuzzy matches scored with rapidfuzz's normalised
Indel similarity (``fuzz.ratio``, 0–100, the score shown to reviewers).

A project holds tens of thousands of reviewed segments, too many to score each one per
lookup as Babel's difflib approach does (figures: ``benchmarks/README.md``, Prefill). Two
filters keep lookups cheap:

* length: ratio ≤ 200·min(a,b)/(a+b), so only candidates in a length window can reach the
  cutoff (candidates are kept sorted by length);
* when that window still holds more than ``scan_limit`` candidates, an inverted word index
  picks the ``top_k`` candidates sharing the most of the query's *rare* words, and only
  those are scored. A match at ≥ 80 % character similarity shares most of its words, so
  this finds it in practice; it can miss a candidate whose every rare word was changed
  (the benchmark measures recall against an exhaustive scan). Exact matches are never
  missed.

The final scoring is rapidfuzz's C++ ``extractOne`` with ``score_cutoff``.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from ..config import DEFAULT_MIN_SIMILARITY
from ..config import MEMORY_ENGINE as ENGINE_NAME
from .engine import Failure, FailureKind, Outcome, Translation

_WORD_RE = re.compile(r"\w+")


def _words(text: str) -> set[str]:
    return set(_WORD_RE.findall(text.lower()))


@dataclass(frozen=True)
class MemoryEntry:
    source: str
    translation: str
    origin: str  # e.g. the catalogue domain "news/partner-meeting"


class TranslationMemory:
    """An index over reviewed (source, translation) pairs of one target language."""

    name = ENGINE_NAME
    char_limit: int | None = None
    remote = False

    def __init__(
        self,
        entries: Iterable[MemoryEntry],
        min_similarity: float = DEFAULT_MIN_SIMILARITY,
        scan_limit: int = 2000,
        top_k: int = 64,
        rare_words: int = 6,
    ) -> None:
        if not 0 < min_similarity <= 100:
            raise ValueError("min_similarity must be in (0, 100]")
        self.min_similarity = float(min_similarity)
        self.scan_limit = scan_limit
        self.top_k = top_k
        self.rare_words = rare_words
        by_source: dict[str, list[MemoryEntry]] = {}
        for entry in entries:
            if entry.source and entry.translation:
                by_source.setdefault(entry.source, []).append(entry)
        # One entry per source text: the most frequent translation, ties broken by origin,
        # so the choice does not depend on the order catalogues were read in.
        self._exact: dict[str, MemoryEntry] = {}
        for source, group in by_source.items():
            counts = Counter(e.translation for e in group)
            best = min(group, key=lambda e: (-counts[e.translation], e.origin, e.translation))
            self._exact[source] = best
        self._sources = sorted(self._exact, key=lambda s: (len(s), s))
        self._lengths = [len(s) for s in self._sources]
        self._postings: dict[str, list[int]] = {}
        for doc, source in enumerate(self._sources):
            for word in _words(source):
                self._postings.setdefault(word, []).append(doc)

    def __len__(self) -> int:
        return len(self._exact)

    def lookup(self, text: str) -> Translation | None:
        exact = self._exact.get(text)
        if exact is not None:
            return Translation(exact.translation, ENGINE_NAME, 100.0, exact.origin)
        if not text or not self._sources:
            return None
        cutoff = self.min_similarity
        n = len(text)
        # ratio(a, b) ≤ 200·min(a, b)/(a + b): outside this window the cutoff is unreachable.
        low = n * cutoff / (200 - cutoff)
        high = n * (200 - cutoff) / cutoff if cutoff else float("inf")
        lo = bisect.bisect_left(self._lengths, low)
        hi = bisect.bisect_right(self._lengths, high)
        if lo >= hi:
            return None
        if hi - lo <= self.scan_limit:
            candidates: Sequence[str] = self._sources[lo:hi]
        else:
            candidates = self._candidates(text, lo, hi)
            if not candidates:
                return None
        found = process.extractOne(text, candidates, scorer=fuzz.ratio, score_cutoff=cutoff)
        if found is None:
            return None
        source, score, _ = found
        entry = self._exact[source]
        return Translation(entry.translation, ENGINE_NAME, float(score), entry.origin)

    def _candidates(self, text: str, lo: int, hi: int) -> list[str]:
        """The length-window candidates sharing the most of the query's rarest words."""
        postings = [self._postings[w] for w in _words(text) if w in self._postings]
        postings.sort(key=len)
        hits: Counter[int] = Counter()
        for docs in postings[: self.rare_words]:
            start = bisect.bisect_left(docs, lo)
            end = bisect.bisect_left(docs, hi)
            hits.update(docs[start:end])
        return [self._sources[doc] for doc, _ in hits.most_common(self.top_k)]

    def translate_batch(
        self,
        texts: Sequence[str],
        source: str = "",
        target: str = "",
        on_result: Callable[[int, Outcome], None] | None = None,
    ) -> list[Outcome]:
        out: list[Outcome] = []
        for i, text in enumerate(texts):
            result: Outcome = self.lookup(text) or Failure(
                FailureKind.NOT_FOUND, "no match in memory"
            )
            out.append(result)
            if on_result:
                on_result(i, result)
        return out
