"""Where validate's time goes: the parent's set-up, each language in its worker, the report.

    python benchmarks/corpus.py /tmp/corpus -n 1000 -m 8
    python benchmarks/profile_validate.py /tmp/corpus            # phases, as validate runs them
    python benchmarks/profile_validate.py /tmp/corpus --cprofile fr   # one language, cProfile
    python benchmarks/profile_validate.py /tmp/corpus --cprofile all  # all, one process
    python benchmarks/profile_validate.py /tmp/corpus --floor         # what the checks cost
    python benchmarks/profile_validate.py /tmp/corpus --caches        # the checks' caches

The phases are wall times of one run on a shared machine: read them as proportions. The
cProfile clock is the process's CPU time (``time.process_time``), not wall time.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from mirage_i18n.checks import run
from mirage_i18n.checks.report import format_text
from mirage_i18n.config import load_settings


def phases(project: Path) -> None:
    start = time.perf_counter()
    settings = load_settings(project)
    original = run.map_languages
    marks: dict[str, float] = {}

    def timed(
        func: Callable[[str], run._LangResult], languages: Sequence[str], renew: bool = False
    ) -> list[run._LangResult]:
        def one(lang: str) -> run._LangResult:
            began = time.perf_counter()
            result = func(lang)
            print(
                f"  worker {os.getpid()}  {lang:<6} {time.perf_counter() - began:6.2f} s",
                flush=True,
            )
            return result

        marks["workers start"] = time.perf_counter()
        out = original(one, languages, renew)
        marks["workers done"] = time.perf_counter()
        return out

    run.map_languages = timed  # type: ignore[assignment]
    try:
        report = run.validate(settings)
    finally:
        run.map_languages = original  # type: ignore[assignment]
    done = time.perf_counter()
    text = format_text(report)
    end = time.perf_counter()
    print(
        f"parent before the workers {marks['workers start'] - start:6.2f} s (settings, checks, templates)"
    )
    print(f"workers (all languages)   {marks['workers done'] - marks['workers start']:6.2f} s")
    print(f"parent after the workers  {done - marks['workers done']:6.2f} s (collect, sort)")
    print(f"text report               {end - done:6.2f} s ({text.count(chr(10))} lines)")
    print(f"total                     {end - start:6.2f} s, {len(report.findings)} findings")


def profile_language(
    project: Path, lang: str, top: int, sort: str = "tottime", dump: Path | None = None
) -> None:
    """One language after another warmed the caches (as a worker's 2nd language), or with
    ``all`` the whole validate of every language in this one process (``MIRAGE_WORKERS=1``,
    the benchmark's target row)."""
    settings = load_settings(project)
    os.environ["MIRAGE_WORKERS"] = "1"
    languages = None if lang == "all" else [lang]
    others = [code for code in settings.languages if code != lang][:1]
    if languages and others:
        run.validate(settings, others)
    profiler = cProfile.Profile(time.process_time)  # CPU time: the machine is shared
    profiler.enable()
    run.validate(settings, languages)
    profiler.disable()
    if dump:
        profiler.dump_stats(dump)
    pstats.Stats(profiler).sort_stats(sort).print_stats(top)


def _emptied(scopes: frozenset[str]) -> Callable[[], None]:
    """Every check of ``scopes`` replaced by one that finds nothing (the engine still plans,
    gates and calls it); returns the undo."""
    import dataclasses

    from mirage_i18n.checks import registry

    registry.all_checks()
    saved = dict(registry.REGISTRY)

    def nothing(*_args: object) -> Sequence[object]:
        return ()

    for cid, info in saved.items():
        if info.scope in scopes:
            registry.REGISTRY[cid] = dataclasses.replace(info, func=nothing)
    return lambda: registry.REGISTRY.update(saved)


def floor(project: Path, rounds: int = 2) -> None:
    """CPU time of a one-process validate as it is, with its entry and state checks finding
    nothing at once, and with every check so: what reading, planning and the engine's loop
    cost before any check works (the floor any check-level speed-up leaves). Each variant in
    a fresh process, interleaved, ``rounds`` times."""
    import subprocess

    variants = {
        "all checks": "",
        "no entry/state checks": "entry,state",
        "no checks at all": "entry,state,catalog,project",
    }
    times: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(rounds):
        for name, scopes in variants.items():
            code = (
                "import os, sys, time; sys.path.insert(0, sys.argv[1]);"
                "import profile_validate as p; from pathlib import Path;"
                "from mirage_i18n.checks import run; from mirage_i18n.config import load_settings;"
                "os.environ['MIRAGE_WORKERS'] = '1';"
                "scopes = frozenset(s for s in sys.argv[3].split(',') if s);"
                "scopes and p._emptied(scopes); t = time.process_time();"
                "r = run.validate(load_settings(Path(sys.argv[2])));"
                "print(time.process_time() - t, len(r.findings))"
            )
            out = subprocess.run(
                [sys.executable, "-c", code, str(Path(__file__).parent), str(project), scopes],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.split()
            times[name].append(float(out[0]))
            print(f"  {name:<24} {float(out[0]):7.2f} s CPU  {out[1]} findings", flush=True)
    for name, values in times.items():
        print(f"{name:<24} median {sorted(values)[len(values) // 2]:7.2f} s CPU")


def caches(project: Path) -> None:
    """Every cache of the checks after a one-process validate: a full cache with far more
    misses than entries is being scanned in a loop larger than itself (LRU's worst case: no
    hit), which is what sized the English-keyed ones (``checks.util.SOURCE_CACHE``)."""
    import importlib
    import pkgutil

    import mirage_i18n.checks as package

    os.environ["MIRAGE_WORKERS"] = "1"
    began = time.process_time()
    run.validate(load_settings(project))
    print(f"validate, one process: {time.process_time() - began:.1f} s CPU")
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        for name, value in sorted(vars(module).items()):
            stats = getattr(value, "cache_info", None)
            if stats is None or getattr(value, "__module__", None) != module.__name__:
                continue
            c = stats()
            full = c.maxsize is not None and c.currsize >= c.maxsize
            flag = (
                "  full: a loop larger than the cache, or texts seen once"
                if full and c.misses > 2 * c.currsize
                else ""
            )
            print(
                f"  {info.name}.{name:<28} hits {c.hits:>9}  misses {c.misses:>8}  "
                f"entries {c.currsize:>7} / {c.maxsize}{flag}"
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("project", type=Path)
    parser.add_argument(
        "--cprofile", metavar="LANG", help="profile one language (or 'all') in this process"
    )
    parser.add_argument(
        "--floor", action="store_true", help="CPU with the checks emptied (see floor())"
    )
    parser.add_argument(
        "--caches", action="store_true", help="hits and misses of the checks' caches"
    )
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--sort", choices=("tottime", "cumulative"), default="tottime")
    parser.add_argument("--dump", type=Path, help="also save the profile (pstats) to this file")
    args = parser.parse_args(argv)
    if args.caches:
        caches(args.project)
    elif args.floor:
        floor(args.project)
    elif args.cprofile:
        profile_language(args.project, args.cprofile, args.top, args.sort, args.dump)
    else:
        phases(args.project)
    return 0


if __name__ == "__main__":
    sys.exit(main())
