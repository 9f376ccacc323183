#!/usr/bin/env python3
"""Prefill benchmark: what machine translation sends, and how fast the memory matches.

1. MT traffic. A generated project whose catalogues repeat segments (shared UI strings,
   recurring sentences) is prefilled with the ``libre`` engine against a LibreTranslate-
   compatible server on 127.0.0.1 (tests/fakes). Reported: requests and characters sent
   against the minimum (one request per distinct untranslated text, its characters), and
   the requests of a second run over the same untranslated catalogues (must be 0: cache).
2. Translation memory. Time to build an index of ``--reviewed`` reviewed segments and to
   match ``--new`` new ones (a third are lightly edited reviewed sentences), and the recall of
   the indexed lookup against an exhaustive rapidfuzz scan on a sample.

Usage: PYTHONPATH=src python benchmarks/prefill_bench.py [--json] [--catalogs 40 ...]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # tests.fakes: the fake LibreTranslate server
os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")

from mirage_i18n.model import Message  # noqa: E402 (after the sys.path line)
from mirage_i18n.prefill.memory import MemoryEntry, TranslationMemory  # noqa: E402 (after the sys.path line)
from mirage_i18n.prefill.run import prefill  # noqa: E402 (after the sys.path line)
from tests.fakes.mt_servers import FakeLibreTranslate  # noqa: E402 (after the sys.path line)
from tests.fakes.project import make_project, po_path  # noqa: E402 (after the sys.path line)


def _words(rng: random.Random, n: int) -> list[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return ["".join(rng.choice(letters) for _ in range(rng.randint(2, 10))) for _ in range(n)]


def _sentence(rng: random.Random, words: list[str], lo: int = 5, hi: int = 30) -> str:
    return " ".join(rng.choice(words) for _ in range(rng.randint(lo, hi))).capitalize() + "."


def bench_mt(catalogs: int, entries: int, unique: int, seed: int) -> dict[str, object]:
    rng = random.Random(seed)
    words = _words(rng, 3000)
    pool = [_sentence(rng, words) for _ in range(unique)]
    pool[: unique // 10] = [
        f"{s[:-1]} at https://example.org/{i}." for i, s in enumerate(pool[: unique // 10])
    ]  # URLs are masked, not sent
    docs: dict[str, list[Message]] = {}
    for c in range(catalogs):
        picked = list(dict.fromkeys(rng.choice(pool) for _ in range(entries)))
        docs[f"news/doc{c:04d}"] = [Message(text) for text in picked]
    with tempfile.TemporaryDirectory() as tmp, FakeLibreTranslate() as server:
        root = Path(tmp) / "project"
        config = (
            f'[prefill]\nengine = "libre"\nbatch_size = 50\n'
            f'[engines.libre]\nurl = "{server.url}"\nworkers = 4\n'
        )
        settings = make_project(root, docs, config=config)
        untranslated = {d: po_path(root, d).read_bytes() for d in docs}
        all_msgids = [m.msgid for ms in docs.values() for m in ms]
        distinct = set(all_msgids)
        start = time.perf_counter()
        first = prefill(settings, "sv", environ={})
        first_s = time.perf_counter() - start
        for d, data in untranslated.items():
            po_path(root, d).write_bytes(data)
        start = time.perf_counter()
        second = prefill(settings, "sv", environ={})
        second_s = time.perf_counter() - start
    return {
        "entries": len(all_msgids),
        "distinct_texts": len(distinct),
        "minimum_requests": len(distinct),
        "minimum_chars": sum(len(t) for t in distinct),
        "requests": first.requests,
        "chars_sent": first.chars_sent,
        "filled": first.machine,
        "seconds": round(first_s, 3),
        "second_run_requests": second.requests,
        "second_run_from_cache": second.from_cache,
        "second_run_seconds": round(second_s, 3),
    }


def bench_memory(reviewed: int, new: int, sample: int, seed: int) -> dict[str, object]:
    rng = random.Random(seed)
    words = _words(rng, 5000)
    sources = list(dict.fromkeys(_sentence(rng, words, 5, 40) for _ in range(reviewed)))
    queries = []
    for i in range(new):
        if i % 3 == 0:  # a reviewed sentence with one word changed
            s = rng.choice(sources).split()
            s[rng.randrange(len(s))] = rng.choice(words)
            queries.append(" ".join(s))
        else:
            queries.append(_sentence(rng, words, 5, 40))
    start = time.perf_counter()
    tm = TranslationMemory(MemoryEntry(s, s.upper(), "news/x") for s in sources)
    build_s = time.perf_counter() - start
    start = time.perf_counter()
    results = [tm.lookup(q) for q in queries]
    match_s = time.perf_counter() - start
    exhaustive = TranslationMemory(
        (MemoryEntry(s, s.upper(), "news/x") for s in sources), scan_limit=10**9
    )
    probe = queries[:sample]
    start = time.perf_counter()
    truth = [exhaustive.lookup(q) for q in probe]
    exhaustive_s = time.perf_counter() - start
    expected = sum(t is not None for t in truth)
    agreed = sum(
        t is not None and r is not None and r.similarity == t.similarity
        for r, t in zip(results, truth)
    )
    return {
        "reviewed": len(sources),
        "new": len(queries),
        "build_seconds": round(build_s, 3),
        "match_seconds": round(match_s, 3),
        "matches": sum(r is not None for r in results),
        "recall_sample": sample,
        "recall": round(agreed / expected, 4) if expected else 1.0,
        "exhaustive_seconds_per_1000": round(exhaustive_s / max(1, len(probe)) * 1000, 2),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--catalogs", type=int, default=40)
    ap.add_argument("--entries", type=int, default=60, help="entries per catalogue")
    ap.add_argument("--unique", type=int, default=800, help="distinct sentences in the corpus")
    ap.add_argument("--reviewed", type=int, default=50_000)
    ap.add_argument("--new", type=int, default=1_000)
    ap.add_argument("--sample", type=int, default=150, help="queries checked against a full scan")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    result = {
        "mt": bench_mt(args.catalogs, args.entries, args.unique, args.seed),
        "memory": bench_memory(args.reviewed, args.new, args.sample, args.seed),
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    mt, tm = result["mt"], result["memory"]
    print(f"MT: {mt['entries']} untranslated entries, {mt['distinct_texts']} distinct texts")
    print(f"  requests sent   {mt['requests']:>8}   minimum {mt['minimum_requests']}")
    print(
        f"  characters sent {mt['chars_sent']:>8}   minimum {mt['minimum_chars']} "
        "(URLs and names are masked, so sent can be below the minimum)"
    )
    print(
        f"  second run: {mt['second_run_requests']} requests, "
        f"{mt['second_run_from_cache']} entries from cache ({mt['second_run_seconds']} s)"
    )
    print(
        f"Memory: {tm['new']} new against {tm['reviewed']} reviewed: "
        f"index {tm['build_seconds']} s, matching {tm['match_seconds']} s, {tm['matches']} matches"
    )
    print(
        f"  recall vs exhaustive scan on {tm['recall_sample']} queries: {tm['recall']:.2%} "
        f"(an exhaustive scan costs {tm['exhaustive_seconds_per_1000']} s per 1,000)"
    )
    return 0 if mt["second_run_requests"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
