"""Where validate's time goes: the parent's set-up, each language in its worker, the report.

    python benchmarks/corpus.py /tmp/corpus -n 1000 -m 8
    python benchmarks/profile_validate.py /tmp/corpus            # phases, as validate runs them
    python benchmarks/profile_validate.py /tmp/corpus --cprofile fr   # one language, cProfile
    python benchmarks/profile_validate.py /tmp/corpus --cprofile all  # all, one process

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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("project", type=Path)
    parser.add_argument(
        "--cprofile", metavar="LANG", help="profile one language (or 'all') in this process"
    )
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--sort", choices=("tottime", "cumulative"), default="tottime")
    parser.add_argument("--dump", type=Path, help="also save the profile (pstats) to this file")
    args = parser.parse_args(argv)
    if args.cprofile:
        profile_language(args.project, args.cprofile, args.top, args.sort, args.dump)
    else:
        phases(args.project)
    return 0


if __name__ == "__main__":
    sys.exit(main())
