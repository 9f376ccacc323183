"""The MT cache (durable, keyed by protected text) and the translation memory."""

from __future__ import annotations

import random
import sqlite3

from rapidfuzz import fuzz

from mirage_i18n.prefill.cache import TranslationCache
from mirage_i18n.prefill.memory import MemoryEntry, TranslationMemory


def test_cache_keys_by_engine_languages_and_text(tmp_path):
    cache = TranslationCache.in_dir(tmp_path / ".mirage-cache")
    cache.put_many("libre", "en", "sv", {"Hello [X0X].": "Hej [X0X].", "Bye.": "Hejdå."})
    assert cache.get_many("libre", "en", "sv", ["Hello [X0X].", "Bye.", "New."]) == {
        "Hello [X0X].": "Hej [X0X].",
        "Bye.": "Hejdå.",
    }
    assert cache.get("deepl", "en", "sv", "Bye.") is None
    assert cache.get("libre", "en", "it", "Bye.") is None
    cache.close()
    # Another process (a later run) sees what was committed.
    again = TranslationCache.in_dir(tmp_path / ".mirage-cache")
    assert again.get("libre", "en", "sv", "Bye.") == "Hejdå." and len(again) == 2
    row = sqlite3.connect(again.path).execute("PRAGMA journal_mode").fetchone()
    assert row[0] == "wal"


def test_cache_many_lookups(tmp_path):
    cache = TranslationCache(tmp_path / "c.sqlite3")
    pairs = {f"text {i}": f"text {i} sv" for i in range(1200)}
    cache.put_many("google", "en", "sv", pairs)
    assert cache.get_many("google", "en", "sv", list(pairs) + ["missing"]) == pairs


def test_memory_exact_prefers_most_frequent_translation():
    tm = TranslationMemory(
        [
            MemoryEntry("Read more", "Läs mer", "news/b"),
            MemoryEntry("Read more", "Läs vidare", "news/a"),
            MemoryEntry("Read more", "Läs mer", "news/c"),
        ]
    )
    match = tm.lookup("Read more")
    assert (match.text, match.similarity, match.origin) == ("Läs mer", 100.0, "news/b")


def test_memory_fuzzy_respects_cutoff():
    tm = TranslationMemory(
        [MemoryEntry("The partners met in Rome in October.", "x", "news/a")], min_similarity=90
    )
    assert tm.lookup("The partners met in Rome in November.") is not None
    assert tm.lookup("The partners met in Paris last spring.") is None


def test_indexed_lookup_finds_what_an_exhaustive_scan_finds():
    rng = random.Random(7)
    letters = "abcdefghijklmnopqrstuvwxyz"
    words = ["".join(rng.choice(letters) for _ in range(rng.randint(2, 9))) for _ in range(2000)]

    def sentence() -> str:
        return " ".join(rng.choice(words) for _ in range(rng.randint(4, 25))) + "."

    reviewed = [sentence() for _ in range(3000)]
    edited, fresh = [], [sentence() for _ in range(100)]
    for _ in range(100):  # the translation-memory case: a reviewed sentence, lightly edited
        s = rng.choice(reviewed).split()
        s[rng.randrange(len(s))] = rng.choice(words)
        edited.append(" ".join(s))
    entries = [MemoryEntry(s, s.upper(), "d") for s in reviewed]
    indexed = TranslationMemory(entries, 80, scan_limit=100)  # force the word index
    exhaustive = TranslationMemory(entries, 80, scan_limit=10**9)
    for q in edited + fresh:
        a, b = indexed.lookup(q), exhaustive.lookup(q)
        if a is not None:  # never a worse or invented match
            assert b is not None and a.similarity == b.similarity
            assert fuzz.ratio(q, a.text.lower()) == a.similarity
        elif q in edited:
            assert b is None, q  # edited sentences are always found
    assert sum(indexed.lookup(q) is not None for q in edited) >= 60
