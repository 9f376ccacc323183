"""Where validate's time goes: the parent's set-up, each language in its worker, the report.

    python benchmarks/corpus.py /tmp/corpus -n 1000 -m 8
    python benchmarks/profile_validate.py /tmp/corpus            # phases, as validate runs them
    python benchmarks/profile_validate.py /tmp/corpus --cprofile fr   # one language, cProfile
    python benchmarks/profile_validate.py /tmp/corpus --cprofile all  # all, one process
    python benchmarks/profile_validate.py /tmp/corpus --floor         # what the checks cost
    python benchmarks/profile_validate.py /tmp/corpus --caches        # the checks' caches
    python benchmarks/profile_validate.py /tmp/corpus --by-check      # what each check costs

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


def _emptied(scopes: frozenset[str], ids: frozenset[str] = frozenset()) -> Callable[[], None]:
    """Every check of ``scopes``, and every check named in ``ids``, replaced by one that finds
    nothing (the engine still plans, gates and calls it); returns the undo."""
    import dataclasses

    from mirage_i18n.checks import registry

    registry.all_checks()
    saved = dict(registry.REGISTRY)

    def nothing(*_args: object) -> Sequence[object]:
        return ()

    for cid, info in saved.items():
        if info.scope in scopes or cid in ids:
            registry.REGISTRY[cid] = dataclasses.replace(info, func=nothing)
    return lambda: registry.REGISTRY.update(saved)


_CHILD = (
    "import os, sys, time; sys.path.insert(0, sys.argv[1]);"
    "import profile_validate as p; from pathlib import Path;"
    "from mirage_i18n.checks import run; from mirage_i18n.config import load_settings;"
    "os.environ['MIRAGE_WORKERS'] = '1';"
    "scopes = frozenset(s for s in sys.argv[3].split(',') if s);"
    "ids = frozenset(s for s in sys.argv[4].split(',') if s);"
    "(scopes or ids) and p._emptied(scopes, ids); t = time.process_time();"
    "r = run.validate(load_settings(Path(sys.argv[2])));"
    "print(time.process_time() - t, len(r.findings))"
)
EVERY_SCOPE = "entry,state,catalog,project"


def _one_run(project: Path, scopes: str, ids: str, clock: str) -> tuple[float, int]:
    """(cost, findings) of one one-process validate with those checks emptied, in a fresh
    process: CPU seconds of the validation, or instructions of the whole process (callgrind:
    the same count run after run, whatever else the machine does)."""
    import re
    import subprocess

    command = [sys.executable, "-c", _CHILD, str(Path(__file__).parent), str(project), scopes, ids]
    if clock == "instructions":
        command = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command]
    # one hash seed: sets and dicts iterate alike in every run, so the counts repeat
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    done = subprocess.run(command, capture_output=True, text=True, check=True, env=env)
    seconds, findings = done.stdout.split()
    if clock == "cpu":
        return float(seconds), int(findings)
    counted = re.search(r"Collected : (\d+)", done.stderr)
    if counted is None:
        raise SystemExit(f"callgrind printed no count:\n{done.stderr[-2000:]}")
    return float(counted.group(1)), int(findings)


def floor(project: Path, rounds: int = 2) -> None:
    """CPU time of a one-process validate as it is, with its entry and state checks finding
    nothing at once, and with every check so: what reading, planning and the engine's loop
    cost before any check works (the floor any check-level speed-up leaves). Each variant in
    a fresh process, interleaved, ``rounds`` times."""
    variants = {
        "all checks": "",
        "no entry/state checks": "entry,state",
        "no checks at all": EVERY_SCOPE,
    }
    times: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(rounds):
        for name, scopes in variants.items():
            seconds, findings = _one_run(project, scopes, "", "cpu")
            times[name].append(seconds)
            print(f"  {name:<24} {seconds:7.2f} s CPU  {findings} findings", flush=True)
    for name, values in times.items():
        print(f"{name:<24} median {sorted(values)[len(values) // 2]:7.2f} s CPU")


def by_check(project: Path, ids: Sequence[str], clock: str, jobs: int) -> list[tuple[str, float]]:
    """What each check costs a one-process validate: the run with every check against the
    run with that one emptied (what dropping it, or making it free, would save). Work that
    checks share (a translation's prose, its Markdown facts, cached once) is counted for none
    of them, so the column does not add up to the total; the floor row is reading, planning,
    the engine's loop and the report with every check emptied."""
    import shutil
    from concurrent.futures import ThreadPoolExecutor

    from mirage_i18n.checks import registry

    if clock == "instructions" and shutil.which("valgrind") is None:
        raise SystemExit(
            "--clock instructions needs valgrind (apt install valgrind); or --clock cpu"
        )

    known = registry.all_checks()
    chosen = list(ids) or sorted(known)
    unknown = [cid for cid in chosen if cid not in known]
    if unknown:
        raise SystemExit(f"unknown check(s): {', '.join(unknown)}; see 'validate --list-checks'")
    variants = {"(all checks)": ("", ""), "(floor: every check emptied)": (EVERY_SCOPE, "")}
    variants.update({cid: ("", cid) for cid in chosen})
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = {
            name: pool.submit(_one_run, project, scopes, cids, clock)
            for name, (scopes, cids) in variants.items()
        }
        results = {name: future.result() for name, future in futures.items()}
    total = results["(all checks)"][0]
    unit = "instructions" if clock == "instructions" else "s CPU"
    rows = [("(floor: every check emptied)", results["(floor: every check emptied)"][0])]
    rows += sorted(
        ((cid, total - results[cid][0]) for cid in chosen), key=lambda row: row[1], reverse=True
    )
    width = max(len(name) for name, _ in rows)
    print(f"{'(all checks)':<{width}}  {_amount(total, clock):>14} {unit}  100.0 %")
    for name, cost in rows:
        print(f"{name:<{width}}  {_amount(cost, clock):>14} {unit}  {100 * cost / total:5.1f} %")
    return [("(all checks)", total), *rows]


def _amount(value: float, clock: str) -> str:
    return f"{value:,.0f}" if clock == "instructions" else f"{value:.3f}"


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
    parser.add_argument(
        "--by-check",
        nargs="*",
        metavar="ID",
        help="what each check (default: every one) costs: all against that one emptied",
    )
    parser.add_argument(
        "--clock",
        choices=("instructions", "cpu"),
        default="instructions",
        help="--by-check: callgrind's instruction count (repeatable; needs valgrind) or CPU time",
    )
    parser.add_argument("--jobs", type=int, default=2, help="--by-check: runs at once")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--sort", choices=("tottime", "cumulative"), default="tottime")
    parser.add_argument("--dump", type=Path, help="also save the profile (pstats) to this file")
    args = parser.parse_args(argv)
    if args.by_check is not None:
        by_check(args.project, args.by_check, args.clock, args.jobs)
    elif args.caches:
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
