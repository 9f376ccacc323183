#!/usr/bin/env python3
"""Prefill benchmark: machine-translation requests and throughput, faults, the memory.

1. Throughput. ``--texts`` distinct untranslated texts (default 2,000, ≈ 100 characters
   each, in catalogues of 50 entries) prefilled against fake services on 127.0.0.1 that
   answer after ``--latency`` ms (default: 0 and 50) and accept only their real API's
   request shape and limits (tests/fakes). Reported per engine: requests sent against the
   minimum the service's batch limits allow (the engine's own plan of full requests), wall
   time and texts per second (imports excluded: loaded once before any timing). The
   reference, in the same run: one text per request
   (``batch_size = 1``), as prefill sent them before requests were batched.
2. Faults, through the CLI in a subprocess with the default settings: the service down
   (nothing listens on the port): exit code and seconds until the run ends; SIGKILL in
   mid-run against the 50 ms service, then a rerun: texts sent again by the rerun against
   the texts that were in flight at the kill (sent, their answer not in the cache).
3. Cache: a second run over the same untranslated catalogues sends nothing.
4. Translation memory. Time to build an index of ``--reviewed`` reviewed segments and to
   match ``--new`` new ones (a third are lightly edited reviewed sentences), and the recall of
   the indexed lookup against an exhaustive rapidfuzz scan on a sample.

Usage: PYTHONPATH=src python benchmarks/prefill_bench.py [--json] [--texts 2000] [--latency 0 50]
Exit status 1 when a target is missed (see benchmarks/README.md, Prefill).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # tests.fakes: the fake services
os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")

from mirage_i18n.model import Message  # noqa: E402 (after the sys.path line)
from mirage_i18n.prefill import factory  # noqa: E402, F401 (imported once, before any timing)
from mirage_i18n.prefill.cache import CACHE_FILE  # noqa: E402 (after the sys.path line)
from mirage_i18n.prefill.memory import MemoryEntry, TranslationMemory  # noqa: E402 (after the sys.path line)
from mirage_i18n.prefill.run import prefill  # noqa: E402 (after the sys.path line)
from tests.fakes.mt_servers import (  # noqa: E402 (after the sys.path line)
    FakeDeepL,
    FakeLibreTranslate,
    FakeMicrosoft,
    FakeMTServer,
)
from tests.fakes.project import make_project, po_path  # noqa: E402 (after the sys.path line)

SERVERS: dict[str, type[FakeMTServer]] = {
    "libre": FakeLibreTranslate,
    "deepl": FakeDeepL,
    "microsoft": FakeMicrosoft,
}
KEYS = {"DEEPL_API_KEY": "bench-key:fx", "MICROSOFT_API_KEY": "bench-key"}
CLI = [sys.executable, "-c", "from mirage_i18n.cli import main; main()"]
PER_CATALOG = 50


def _words(rng: random.Random, n: int) -> list[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return ["".join(rng.choice(letters) for _ in range(rng.randint(2, 10))) for _ in range(n)]


def _sentence(rng: random.Random, words: list[str], lo: int = 5, hi: int = 30) -> str:
    return " ".join(rng.choice(words) for _ in range(rng.randint(lo, hi))).capitalize() + "."


def distinct_texts(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    words = _words(rng, 3000)
    texts: dict[str, None] = {}
    while len(texts) < n:
        texts[_sentence(rng, words, 8, 24)] = None
    return list(texts)


def _project(root: Path, texts: list[str], engine: str, url: str, extra: str = "") -> Any:
    docs = {
        f"news/doc{c:04d}": [Message(t) for t in texts[c * PER_CATALOG : (c + 1) * PER_CATALOG]]
        for c in range(-(-len(texts) // PER_CATALOG))
    }
    config = f'[prefill]\nengine = "{engine}"\n{extra}[engines.{engine}]\nurl = "{url}"\n'
    return make_project(root, docs, config=config), list(docs)


def bench_throughput(
    engine: str, texts: list[str], latency_ms: float, batch_size: int | None = None
) -> dict[str, Any]:
    extra = f"batch_size = {batch_size}\n" if batch_size else ""
    with tempfile.TemporaryDirectory() as tmp, SERVERS[engine](delay=latency_ms / 1000) as server:
        settings, _ = _project(Path(tmp) / "p", texts, engine, server.url, extra)
        start = time.perf_counter()
        report = prefill(settings, "sv", environ=KEYS)
        wall = time.perf_counter() - start
    return {
        "engine": engine,
        "latency_ms": latency_ms,
        "batch_size": batch_size or "engine maximum",
        "texts": len(texts),
        "filled": report.machine,
        "requests": report.requests,
        "minimum_requests": report.planned_requests,
        "ratio_to_minimum": round(report.requests / max(1, report.planned_requests), 3),
        "seconds": round(wall, 2),
        "texts_per_second": round(len(texts) / wall, 1),
    }


def _cli(root: Path, *args: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "NO_PROXY": "127.0.0.1,localhost"}
    for key in ("LIBRETRANSLATE_API_KEY", "DEEPL_API_KEY", "MICROSOFT_API_KEY"):
        env.pop(key, None)
    return subprocess.Popen(
        [*CLI, "--project", str(root), "prefill", "-l", "sv", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )


def bench_server_down(texts: list[str]) -> dict[str, Any]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{sock.getsockname()[1]}/"
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "p"
        _project(root, texts, "libre", url)
        start = time.perf_counter()
        proc = _cli(root)
        out, err = proc.communicate(timeout=300)
        wall = time.perf_counter() - start
    errors = [line for line in err.decode().splitlines() if line.startswith("error:")]
    return {"exit_code": proc.returncode, "seconds": round(wall, 2), "error_lines": errors}


def bench_sigkill(texts: list[str], latency_ms: float, kill_after: int) -> dict[str, Any]:
    with (
        tempfile.TemporaryDirectory() as tmp,
        FakeLibreTranslate(delay=latency_ms / 1000) as server,
    ):
        root = Path(tmp) / "p"
        _project(root, texts, "libre", server.url)
        proc = _cli(root)
        deadline = time.monotonic() + 120
        while len(server.requests) < kill_after and time.monotonic() < deadline:
            time.sleep(0.005)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        first = server.translate_requests
        sent_first = [t for r in first for t in r.texts]
        # In flight: sent, and no answer in the cache (the answer may have been on its way).
        with sqlite3.connect(root / ".mirage-cache" / CACHE_FILE) as db:
            cached = {row[0] for row in db.execute("SELECT text FROM translations")}
        in_flight = set(sent_first) - cached
        requests_in_flight = sum(1 for r in first if set(r.texts) & in_flight)
        server.delay = 0
        proc = _cli(root)
        out, err = proc.communicate(timeout=300)
        second = server.texts[len(sent_first) :]
    resent = set(sent_first) & set(second)
    return {
        "texts": len(texts),
        "requests_before_kill": len(first),
        "texts_sent_before_kill": len(sent_first),
        "texts_in_flight_at_kill": len(in_flight),
        "requests_in_flight_at_kill": requests_in_flight,
        "texts_sent_again": len(resent),
        "sent_again_only_in_flight": resent == in_flight,
        "rerun_exit_code": proc.returncode,
        "rerun_texts": len(second),
    }


def bench_cache(texts: list[str]) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp, FakeLibreTranslate() as server:
        root = Path(tmp) / "p"
        settings, domains = _project(root, texts, "libre", server.url)
        untranslated = {d: po_path(root, d).read_bytes() for d in domains}
        first = prefill(settings, "sv", environ={})
        for d, data in untranslated.items():
            po_path(root, d).write_bytes(data)
        start = time.perf_counter()
        second = prefill(settings, "sv", environ={})
        second_s = time.perf_counter() - start
    return {
        "first_run_requests": first.requests,
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


def targets(result: dict[str, Any]) -> dict[str, bool]:
    """The issue's targets, each met or not."""
    batched = [r for r in result["throughput"] if r["batch_size"] == "engine maximum"]
    slow = [r for r in batched if r["latency_ms"] >= 50]
    kill = result["sigkill"]
    return {
        "requests <= 1.1 x minimum": all(r["ratio_to_minimum"] <= 1.1 for r in batched),
        "wall <= 10 s at 50 ms latency": all(r["seconds"] <= 10 for r in slow),
        "server down: exit 2 within 10 s": result["server_down"]["exit_code"] == 2
        and result["server_down"]["seconds"] <= 10,
        "SIGKILL: rerun sends again only what was in flight": kill["sent_again_only_in_flight"]
        and kill["rerun_exit_code"] == 0,
        "second run sends nothing": result["cache"]["second_run_requests"] == 0,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--texts", type=int, default=2000, help="distinct texts to translate")
    ap.add_argument("--latency", type=float, nargs="+", default=[0, 50], help="ms per answer")
    ap.add_argument("--engines", nargs="+", default=["libre", "deepl", "microsoft"])
    ap.add_argument(
        "--reference-texts", type=int, default=400, help="texts for the batch_size = 1 reference"
    )
    ap.add_argument("--reviewed", type=int, default=50_000)
    ap.add_argument("--new", type=int, default=1_000)
    ap.add_argument("--sample", type=int, default=150, help="queries checked against a full scan")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    texts = distinct_texts(args.texts, args.seed)
    reference = texts[: args.reference_texts]
    throughput = []
    for latency in args.latency:
        for engine in args.engines:
            throughput.append(bench_throughput(engine, texts, latency))
        throughput.append(bench_throughput("libre", reference, latency, batch_size=1))
    result: dict[str, Any] = {
        "throughput": throughput,
        "server_down": bench_server_down(texts),
        "sigkill": bench_sigkill(texts, 50, kill_after=max(2, args.texts // 40)),
        "cache": bench_cache(texts[: max(10, args.texts // 10)]),
        "memory": bench_memory(args.reviewed, args.new, args.sample, args.seed),
    }
    result["targets"] = targets(result)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0 if all(result["targets"].values()) else 1
    print(f"MT: {args.texts} distinct texts, ≈ 100 characters each")
    print(
        f"  {'engine':<10}{'latency':>8}{'batch':>16}{'requests':>10}{'minimum':>9}"
        f"{'ratio':>7}{'wall s':>8}{'texts/s':>9}"
    )
    for r in throughput:
        print(
            f"  {r['engine']:<10}{r['latency_ms']:>6g}ms{str(r['batch_size']):>16}"
            f"{r['requests']:>10}{r['minimum_requests']:>9}{r['ratio_to_minimum']:>7}"
            f"{r['seconds']:>8}{r['texts_per_second']:>9}"
        )
    down, kill, cache, tm = (
        result["server_down"],
        result["sigkill"],
        result["cache"],
        result["memory"],
    )
    print(
        f"  server down: exit {down['exit_code']} after {down['seconds']} s: {down['error_lines']}"
    )
    print(
        f"  SIGKILL after {kill['requests_before_kill']} requests ({kill['texts_sent_before_kill']}"
        f" texts; {kill['texts_in_flight_at_kill']} in flight in "
        f"{kill['requests_in_flight_at_kill']} requests): the rerun sent "
        f"{kill['rerun_texts']} texts, {kill['texts_sent_again']} of them sent before "
        f"(exactly the in-flight ones: {kill['sent_again_only_in_flight']})"
    )
    print(
        f"  cache: a second run sent {cache['second_run_requests']} requests, "
        f"{cache['second_run_from_cache']} entries from the cache ({cache['second_run_seconds']} s)"
    )
    print(
        f"Memory: {tm['new']} new against {tm['reviewed']} reviewed: "
        f"index {tm['build_seconds']} s, matching {tm['match_seconds']} s, {tm['matches']} matches"
    )
    print(
        f"  recall vs exhaustive scan on {tm['recall_sample']} queries: {tm['recall']:.2%} "
        f"(an exhaustive scan costs {tm['exhaustive_seconds_per_1000']} s per 1,000)"
    )
    for name, met in result["targets"].items():
        print(f"target {name}: {'met' if met else 'MISSED'}")
    return 0 if all(result["targets"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
